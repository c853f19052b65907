"""The only module that reads files: data directory -> JSON -> records -> integrity checks.

A data directory holds ``meta.json`` and, for each table, either one file
``<table>.json`` or a folder ``<table>/`` of ``*.json`` files read in name
order; each file is a JSON list of records. Every problem is collected
(with its file, record and field) and raised at once as a DataError;
nothing is half-loaded.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import sys
from collections.abc import Iterator
from typing import Any, Union

from ._models import (
    AnnualTheme,
    Conflict,
    Event,
    Involvement,
    Organisation,
    Process,
    Publication,
    Source,
)
from .exceptions import ArgumentTypeError, DataError, DataProblem, show

# importlib.resources (and its tempfile and zipfile) is imported only for a zipped package
TYPE_CHECKING = False
if TYPE_CHECKING:
    if sys.version_info >= (3, 11):  # importlib.abc.Traversable is deprecated there
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = [
    "MAX_FILE_BYTES",
    "TABLES",
    "RawData",
    "check_integrity",
    "load_records",
    "packaged_root",
    "paused_gc",
    "read_meta",
]

#: table name -> record type, in the order tables are read
TABLES: dict[str, type] = {
    "sources": Source,
    "organisations": Organisation,
    "processes": Process,
    "involvements": Involvement,
    "events": Event,
    "publications": Publication,
    "themes": AnnualTheme,
    "conflicts": Conflict,
}

#: a data file larger than this is refused rather than parsed
MAX_FILE_BYTES = 16 * 1024 * 1024

PathLike = Union[str, "os.PathLike[str]", "Traversable"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built.

    Loading allocates many small objects and no reference cycles (records are
    frozen trees of tuples and strings); without the pause the collector
    rescans the growing heap again and again, and load time stops growing
    linearly with the size of the data.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Problems(list):  # type: ignore[type-arg]
    def add(self, file: str, record: str | None, field: str | None, message: str) -> None:
        self.append(DataProblem(file, record, field, message))


def _as_traversable(path: PathLike) -> Traversable:
    if isinstance(path, (str, os.PathLike)):
        import pathlib

        try:
            p = pathlib.Path(path)
            is_dir = p.is_dir()
        except TypeError:
            raise ArgumentTypeError(f"path must be a str or os.PathLike of str, not {show(path)}") from None
        except (OSError, ValueError) as exc:  # embedded NUL, a name too long, no permission
            raise DataError([DataProblem(show(str(path)), None, None, f"cannot be opened: {exc}")]) from None
        from ._formats import export_root  # a JSON export, a Data Package, CSV tables, a zip

        exported = export_root(str(p))
        if exported is not None:
            return exported  # type: ignore[return-value]
        if not is_dir:
            raise DataError(
                [DataProblem(show(str(path)), None, None, "is not a directory")], source=show(str(path))
            )
        return p
    if not (hasattr(path, "joinpath") and hasattr(path, "is_dir")):
        raise ArgumentTypeError(
            f"path must be a directory path (str or os.PathLike), not {type(path).__name__}"
        )
    return path


def _files(root: Traversable, table: str) -> Iterator[tuple[str, Traversable]]:
    # existence is read from the directory listing: on Python 3.9, zipfile.Path.is_file()
    # is true of names the archive does not hold
    present = {entry.name: entry for entry in root.iterdir()}
    single = present.get(f"{table}.json")
    if single is not None and single.is_file():
        yield f"{table}.json", single
    folder = present.get(table)
    if folder is not None and folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".json") and entry.is_file():
                yield f"{table}/{entry.name}", entry


#: what _read_json returns for a file it could not read (the problem is already recorded)
UNREADABLE: Any = object()


def _read_json(name: str, entry: Traversable, problems: _Problems) -> Any:
    try:
        raw = entry.read_bytes()
    except OSError as exc:
        problems.add(name, None, None, f"cannot be read: {exc.strerror or exc}")
        return UNREADABLE
    if len(raw) > MAX_FILE_BYTES:
        problems.add(name, None, None, f"is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
        return UNREADABLE
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        problems.add(
            name, None, None, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
    except UnicodeDecodeError as exc:
        problems.add(name, None, None, f"is not UTF-8 text: {exc.reason} at byte {exc.start}")
    except RecursionError:
        problems.add(name, None, None, "is nested too deeply to be data")
    except ValueError as exc:  # NaN or Infinity, or a number with thousands of digits
        problems.add(name, None, None, f"is not valid JSON data: {exc}")
    return UNREADABLE


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_meta(root: Traversable, problems: _Problems) -> dict[str, str]:
    entry = next((e for e in root.iterdir() if e.name == "meta.json"), None)
    if entry is None or not entry.is_file():
        problems.add("meta.json", None, None, "is missing; it must give data_version")
        return {}
    meta = _read_json("meta.json", entry, problems)
    if meta is UNREADABLE:
        return {}
    if not isinstance(meta, dict) or not isinstance(meta.get("data_version"), str):
        problems.add("meta.json", None, "data_version", "must be an object with a string data_version")
        return {}
    keys = meta.get("ambiguous_keys", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        problems.add("meta.json", None, "ambiguous_keys", 'must be a list of names, e.g. ["IGC"]')
        keys = []
    out = {k: v for k, v in meta.items() if isinstance(v, str)}
    if keys:
        out["ambiguous_keys"] = "|".join(keys)  # meta values are strings; the checker splits them
    return out


_PATH_RE = re.compile(r"^\$\.?")


def _format_exception(exc: BaseException, type_: Any) -> str:
    from cattrs.errors import ForbiddenExtraKeysError
    from cattrs.v import format_exception

    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}; check the spelling against the data model"
    if isinstance(exc, (TypeError, ValueError)) and str(exc):
        return str(exc)
    return format_exception(exc, type_)


def _cattrs_problems(exc: BaseException, name: str, rid: str, problems: _Problems) -> None:
    from cattrs import transform_error

    for line in transform_error(exc, path="$", format_exception=_format_exception):
        msg, _, where = line.rpartition(" @ ")
        field = _PATH_RE.sub("", where) or None
        problems.add(name, rid, field, msg or line)


class RawData:
    """The records of one data directory, before indexing."""

    def __init__(
        self, meta: dict[str, str], tables: dict[str, tuple[Any, ...]], origin: dict[str, str]
    ) -> None:
        self.meta = meta
        self.tables = tables
        #: record id -> file it came from (for error messages)
        self.origin = origin


def _record_id(table: str, index: int, item: dict[str, Any]) -> str:
    rid = item.get("id")
    if isinstance(rid, str):
        return rid
    if table == "involvements":
        return f"{item.get('org')}:{item.get('process')}:{item.get('role')}"
    if table == "themes":
        return f"{item.get('process')}:{item.get('year')}"
    return f"#{index}"


def load_records(path: PathLike) -> RawData:
    """Read and structure every table of a data directory; raise DataError listing every problem."""
    from ._convert import make_converter

    root = _as_traversable(path)
    label = str(path) if isinstance(path, (str, os.PathLike)) else "packaged data"
    problems = _Problems()
    meta = read_meta(root, problems)
    conv = make_converter()
    tables: dict[str, tuple[Any, ...]] = {}
    origin: dict[str, str] = {}
    for table, cls in TABLES.items():
        records: list[Any] = []
        try:
            files = list(_files(root, table))
        except OSError as exc:
            problems.add(table, None, None, f"cannot be listed: {exc}")
            files = []
        for name, entry in files:
            data = _read_json(name, entry, problems)
            if data is UNREADABLE:
                continue
            if not isinstance(data, list):
                problems.add(name, None, None, f"must hold a JSON list of records, not {type(data).__name__}")
                continue
            for i, item in enumerate(data):
                if not isinstance(item, dict):
                    problems.add(
                        name, f"#{i}", None, f"a record must be a JSON object, not {type(item).__name__}"
                    )
                    continue
                rid = _record_id(table, i, item)
                try:
                    records.append(conv.structure(item, cls))
                except Exception as exc:  # cattrs groups every field's error
                    _cattrs_problems(exc, name, rid, problems)
                    continue
                origin.setdefault(f"{table}:{rid}", name)
        tables[table] = tuple(records)
    if problems:
        raise DataError(problems, source=label)
    raw = RawData(meta, tables, origin)
    integrity = check_integrity(raw)
    if integrity:
        raise DataError(integrity, source=label)
    return raw


def load_trusted(root: Traversable) -> RawData:
    """Load the packaged data through the plain constructors of `_fast`.

    Used only for the data shipped inside the package, which CI validates
    strictly; on any surprise it falls back to `load_records`, which
    either loads the data strictly or raises a DataError saying what is wrong.
    """
    from ._fast import STRUCTURERS

    problems = _Problems()
    try:
        meta = read_meta(root, problems)
        tables: dict[str, tuple[Any, ...]] = {}
        for table, build in STRUCTURERS.items():
            records: list[Any] = []
            for name, entry in _files(root, table):
                data = _read_json(name, entry, problems)
                if not isinstance(data, list):
                    raise ValueError(name)
                records.extend(build(item) for item in data)
            tables[table] = tuple(records)
        if problems:
            raise ValueError(problems)
    except Exception:
        return load_records(root)
    return RawData(meta, tables, {})


def check_integrity(raw: RawData) -> list[DataProblem]:
    """What a dataset needs to answer queries: unique ids, and every reference resolving."""
    problems = _Problems()
    t = raw.tables

    def where(table: str, rid: str) -> str:
        return raw.origin.get(f"{table}:{rid}", table)

    seen: dict[str, str] = {}
    for table in ("sources", "organisations", "processes", "events", "publications", "conflicts"):
        for rec in t[table]:
            key = rec.id if table == "sources" else f"entity:{rec.id}"
            if table in ("events", "publications", "conflicts"):
                key = f"{table}:{rec.id}"
            if key in seen:
                problems.add(where(table, rec.id), rec.id, "id", f"duplicate id (also in {seen[key]})")
            seen[key] = where(table, rec.id)
    for table in ("involvements", "themes"):
        ids: set[str] = set()
        for rec in t[table]:
            rid = rec.id if table == "involvements" else f"{rec.process}:{rec.year}"
            if rid in ids:
                problems.add(where(table, rid), rid, None, "duplicate record")
            ids.add(rid)

    sources = {s.id for s in t["sources"]}
    orgs = {o.id for o in t["organisations"]}
    procs = {p.id for p in t["processes"]}
    entities = orgs | procs

    def need(ref: str | None, pool: set[str], what: str, table: str, rid: str, field: str) -> None:
        if ref is not None and ref not in pool:
            problems.add(where(table, rid), rid, field, f"names {what} {ref!r}, which does not exist")

    def need_sources(srcs: tuple[str, ...], table: str, rid: str, field: str) -> None:
        if not srcs:
            problems.add(where(table, rid), rid, field, "cites no source")
        for s in srcs:
            need(s, sources, "source", table, rid, field)

    for table in ("organisations", "processes"):
        for e in t[table]:
            need_sources(e.sources, table, e.id, "sources")
            if not e.names:
                problems.add(where(table, e.id), e.id, "names", "has no name")
            for i, n in enumerate(e.names):
                need_sources(n.sources, table, e.id, f"names[{i}].sources")
            for i, f in enumerate(e.facts):
                need_sources(f.sources, table, e.id, f"facts[{i}].sources")
            for c in e.cite:
                need_sources(c.sources, table, e.id, f"cite.{c.field}")
            if table == "processes":
                need(e.institution, orgs, "organisation", table, e.id, "institution")
                for i, m in enumerate(e.membership):
                    need_sources(m.sources, table, e.id, f"membership[{i}].sources")
    for inv in t["involvements"]:
        need(inv.org, orgs, "organisation", "involvements", inv.id, "org")
        need(inv.process, procs, "process", "involvements", inv.id, "process")
        for i, p in enumerate(inv.partners):
            need(p.org, orgs, "organisation", "involvements", inv.id, f"partners[{i}].org")
        need_sources(inv.sources, "involvements", inv.id, "sources")
    for ev in t["events"]:
        for i, ent in enumerate(ev.entities):
            need(ent, entities, "entity", "events", ev.id, f"entities[{i}]")
        need_sources(ev.sources, "events", ev.id, "sources")
    for pub in t["publications"]:
        for i, ent in enumerate(pub.publishers):
            need(ent, entities, "entity", "publications", pub.id, f"publishers[{i}]")
        for i, ent in enumerate(pub.about):
            need(ent, entities, "entity", "publications", pub.id, f"about[{i}]")
        need_sources(pub.sources, "publications", pub.id, "sources")
    for th in t["themes"]:
        rid = f"{th.process}:{th.year}"
        need(th.process, procs, "process", "themes", rid, "process")
        need_sources(th.sources, "themes", rid, "sources")
    for co in t["conflicts"]:
        need(co.entity, entities, "entity", "conflicts", co.id, "entity")
        for i, cl in enumerate(co.claims):
            need_sources(cl.sources, "conflicts", co.id, f"claims[{i}].sources")
    return problems


class _Folder:
    """The few Traversable methods the loader uses, over a real directory, with os alone.

    ``importlib.resources`` imports tempfile and zipfile, which cost more than all
    of the data on a cold start; when the package sits on the file system this
    reads the same files without them.
    """

    __slots__ = ("_path", "name")

    def __init__(self, path: str) -> None:
        self._path = path
        self.name = os.path.basename(path)

    def joinpath(self, child: str) -> _Folder:
        return _Folder(os.path.join(self._path, child))

    def is_file(self) -> bool:
        return os.path.isfile(self._path)

    def is_dir(self) -> bool:
        return os.path.isdir(self._path)

    def iterdir(self) -> Iterator[_Folder]:
        return (_Folder(os.path.join(self._path, n)) for n in sorted(os.listdir(self._path)))

    def read_bytes(self) -> bytes:
        with open(self._path, "rb") as f:
            return f.read()

    def __str__(self) -> str:
        return self._path


def packaged_root(*, resources: bool = False) -> Traversable:
    """The data directory shipped inside the package.

    Read with plain ``os`` calls when the package is on the file system, and
    through ``importlib.resources`` otherwise (a zip, or another loader), or
    when ``resources=True``.
    """
    spec = __spec__
    origin = spec.origin if spec is not None else None
    if not resources and origin and os.path.isfile(origin):
        folder = os.path.join(os.path.dirname(origin), "data")
        if os.path.isdir(folder):
            return _Folder(folder)  # type: ignore[return-value]
    from importlib.resources import files

    return files("migorgs").joinpath("data")
