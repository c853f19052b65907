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
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping
from typing import Any, Union

from ._models import TABLES
from .exceptions import ArgumentTypeError, DataError, DataProblem, show

# importlib.resources (and its tempfile and zipfile) is imported only for a zipped package
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._packed import Packed

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

#: a data file larger than this is refused rather than parsed
MAX_FILE_BYTES = 16 * 1024 * 1024

PathLike = Union[str, "os.PathLike[str]", "Traversable"]


#: the collector's state before the first pause still running, and how many pauses run (for fork)
_pauses: list[bool] = []


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while records are built.

    Loading allocates many small objects and no reference cycles (records are
    frozen trees of tuples and strings); without the pause the collector
    rescans the growing heap again and again, and load time stops growing
    linearly with the size of the data. A child forked during a pause gets
    the collector back (see `_after_fork_in_child`).
    """
    was_enabled = gc.isenabled()
    _pauses.append(was_enabled)
    gc.disable()
    try:
        yield
    finally:
        _pauses.pop()
        if was_enabled:
            gc.enable()


def _after_fork_in_child() -> None:
    # the threads that paused the collector do not exist in the child: undo their pauses
    if _pauses:
        enabled = _pauses[0]
        _pauses.clear()
        if enabled:
            gc.enable()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


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


#: entries of a data directory that are not data and are skipped: hidden names (".git",
#: ".DS_Store") and notes (``*.md``, ``*.txt``); anything else that is not a table is an error
NOTE_SUFFIXES = (".md", ".txt")


def _skipped(name: str) -> bool:
    return name.startswith(".") or name.lower().endswith(NOTE_SUFFIXES)


def _os_path(entry: Any) -> str | None:
    """The file-system path of an entry, or None for one inside a zip or another loader."""
    if isinstance(entry, _Folder):
        return entry._path
    if isinstance(entry, os.PathLike):
        return os.fspath(entry)  # type: ignore[no-any-return]
    return None


def _kind(entry: Any) -> str:
    """'file', 'dir', or why the entry is neither (a dangling or looping link, a FIFO, a device)."""
    if isinstance(entry, _Folder) and entry.kind is not None:
        return entry.kind
    path = _os_path(entry)
    if path is None:
        if entry.is_dir():
            return "dir"
        return "file" if entry.is_file() else "is neither a file nor a folder"
    try:
        mode = os.stat(path).st_mode  # follows a symbolic link to what it names
    except OSError as exc:
        if os.path.islink(path):
            return f"is a symbolic link that cannot be followed ({exc.strerror or exc})"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "is not a regular file (a FIFO, socket or device)"


def _bad_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # a file name in bytes that are not UTF-8 (surrogate-escaped by os)
        return True
    return False


def _close(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def scan(
    root: Traversable, problems: _Problems
) -> tuple[Traversable | None, dict[str, list[tuple[str, Traversable]]]]:
    """``meta.json`` and each table's files, in the order they are read.

    Every entry that is not part of the format (a misspelt table, ``*.JSON``, a folder in a
    table folder, a dangling link, a FIFO) is a problem naming it, unless it is skipped by
    rule: hidden names and notes (`NOTE_SUFFIXES`).
    """
    tables: dict[str, list[tuple[str, Traversable]]] = {t: [] for t in TABLES}
    meta: Traversable | None = None
    known = ["meta.json", *(f"{t}.json" for t in TABLES), *TABLES]
    try:
        entries = sorted(root.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        problems.add(show(str(root)), None, None, f"cannot be listed: {exc.strerror or exc}")
        return None, tables
    for entry in entries:
        name = entry.name
        if _bad_name(name):
            problems.add(show(name), None, None, "has a name that is not valid UTF-8 text")
            continue
        if _skipped(name):
            continue
        kind = _kind(entry)
        stem = name[: -len(".json")] if name.endswith(".json") else None
        if name == "meta.json" or stem in TABLES:
            if kind != "file":
                problems.add(name, None, None, "is a folder, not a JSON file" if kind == "dir" else kind)
            elif stem in tables:
                tables[stem].insert(0, (name, entry))  # <table>.json before the files of <table>/
            else:
                meta = entry
        elif name in TABLES:
            if kind != "dir":
                problems.add(
                    name,
                    None,
                    None,
                    "must be a folder of *.json files, not a file" if kind == "file" else kind,
                )
                continue
            tables[name].extend(_folder(name, entry, problems))
        else:
            problems.add(
                name,
                None,
                None,
                "is not part of a data directory, which holds meta.json and, per table, "
                f"<table>.json or a <table>/ folder (tables: {', '.join(TABLES)}){_close(name, known)}",
            )
    return meta, tables


def _folder(table: str, folder: Traversable, problems: _Problems) -> Iterator[tuple[str, Traversable]]:
    try:
        entries = sorted(folder.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        problems.add(f"{table}/", None, None, f"cannot be listed: {exc.strerror or exc}")
        return
    for entry in entries:
        name = f"{table}/{entry.name}"
        if _bad_name(entry.name):
            problems.add(show(name), None, None, "has a name that is not valid UTF-8 text")
            continue
        if _skipped(entry.name):
            continue
        kind = _kind(entry)
        if not entry.name.endswith(".json"):
            problems.add(name, None, None, "is not read: a table folder holds only files named *.json")
        elif kind == "dir":
            problems.add(name, None, None, "is a folder; a table folder holds only *.json files")
        elif kind != "file":
            problems.add(name, None, None, kind)
        else:
            yield name, entry


def _files(root: Traversable, table: str) -> Iterator[tuple[str, Traversable]]:
    """The files of one table (problems with the directory are ignored here: see `scan`)."""
    return iter(scan(root, _Problems())[1][table])


#: what _read_json returns for a file it could not read (the problem is already recorded)
UNREADABLE: Any = object()


class _Unreadable(Exception):
    pass


def _read_bytes(entry: Traversable) -> bytes:
    """The bytes of a file, checking its size before reading it (and never opening a FIFO)."""
    path = _os_path(entry)
    if path is None:
        with entry.open("rb") as f:
            raw: bytes = f.read(MAX_FILE_BYTES + 1)
    else:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise _Unreadable("is not a regular file (a FIFO, socket or device)")
            if st.st_size > MAX_FILE_BYTES:
                raise _Unreadable(f"is {st.st_size} bytes; the limit is {MAX_FILE_BYTES}")
            chunks = []
            size = 0
            while size <= MAX_FILE_BYTES:
                chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
    if len(raw) > MAX_FILE_BYTES:  # a file that grew while it was read, or one in a zip
        raise _Unreadable(f"is more than {MAX_FILE_BYTES} bytes, the limit")
    return raw


class _Keys(dict):  # type: ignore[type-arg]
    """A JSON object that named a key twice (``dupes``); only built when that happens."""

    dupes: list[str]


def _pairs_hook(found: list[bool]) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(items)
        if len(d) == len(items):
            return d
        seen: set[str] = set()
        twice: set[str] = set()
        for k, _ in items:
            (twice if k in seen else seen).add(k)
        out = _Keys(d)
        out.dupes = sorted(twice)
        found.append(True)
        return out

    return pairs


_INF = float("inf")  # math.inf, without importing math for it


def _finite(text: str) -> float:
    value = float(text)
    if value in (_INF, -_INF):
        raise ValueError(f"the number {show(text, 30)} is too large to be a finite number")
    return value


#: more digits than Python turns into an int by default (and parsing them is quadratic before 3.11)
_MAX_DIGITS = 4300


def _whole(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        raise ValueError(f"a number of {len(text)} digits is too long to be data")
    return int(text)


#: a lone surrogate; a pattern, not a compiled one: compiling it costs more than reading the
#: organisations, and it is needed only for a file that escapes one (re caches it then)
_SURROGATE = "[\ud800-\udfff]"


def _defects(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(JSON path, problem) for each object with a key twice and each text with a lone surrogate."""
    if isinstance(value, dict):
        if isinstance(value, _Keys):
            for k in value.dupes:
                yield path, f"names the key {show(k, 40)} twice; each key may appear once"
        for k, v in value.items():
            if re.search(_SURROGATE, k):
                yield path, f"has a key {show(k, 40)} with a lone surrogate, which is not text"
            else:
                yield from _defects(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _defects(v, f"{path}[{i}]")
    elif isinstance(value, str) and re.search(_SURROGATE, value):
        yield path, f"{show(value, 40)} holds a lone surrogate, which is not text"


def _read_json(
    name: str, entry: Traversable, problems: _Problems, table: str | None = None, *, trusted: bool = False
) -> Any:
    """A file's JSON, or UNREADABLE with the problem recorded.

    Refused: a file over the size limit (checked before reading), text that is not UTF-8,
    NaN and infinities (``1e400`` too), numbers of thousands of digits, a key given twice
    in one object, lone surrogates in keys or text. ``trusted`` (the packaged data, which
    CI loads strictly) skips the duplicate-key hook, the one check that costs time.
    """
    try:
        raw = _read_bytes(entry)
    except _Unreadable as exc:
        problems.add(name, None, None, str(exc))
        return UNREADABLE
    except OSError as exc:
        problems.add(name, None, None, f"cannot be read: {exc.strerror or exc}")
        return UNREADABLE
    try:
        text = raw.decode("utf-8")  # strict: no UTF-16, no encoded surrogates
    except UnicodeDecodeError as exc:
        problems.add(name, None, None, f"is not UTF-8 text: {exc.reason} at byte {exc.start}")
        return UNREADABLE
    if text.startswith("\ufeff"):  # a byte-order mark, which some editors write
        text = text[1:]
    import json  # here, not at the top: a first query reads the packed tables (`_packed`), not JSON

    twice: list[bool] = []
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite,
            parse_int=_whole,
            object_pairs_hook=None if trusted else _pairs_hook(twice),
        )
    except json.JSONDecodeError as exc:
        problems.add(
            name, None, None, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )
        return UNREADABLE
    except RecursionError:
        problems.add(name, None, None, "is nested too deeply to be data")
        return UNREADABLE
    except ValueError as exc:  # NaN, Infinity, 1e400, or a number with thousands of digits
        problems.add(name, None, None, f"is not valid JSON data: {exc}")
        return UNREADABLE
    # a lone surrogate can only come from a \\uD800-\\uDFFF escape; a key twice leaves a _Keys behind
    if twice or ("\\u" in text and re.search(r"\\u[dD][89a-fA-F]", text)):
        found = False
        items = enumerate(data) if isinstance(data, list) else [(None, data)]
        for i, item in items:
            rid = None
            if i is not None:
                rid = _record_id(table or "", i, item) if isinstance(item, dict) else f"#{i}"
                if not isinstance(rid, str) or re.search(_SURROGATE, rid):
                    rid = f"#{i}"
            try:
                for where, message in _defects(item, ""):
                    where = where if len(where) <= 120 else where[:117] + "..."
                    problems.add(name, rid, where or None, message)
                    found = True
            except RecursionError:
                problems.add(name, rid, None, "is nested too deeply to be data")
                found = True
        if found:
            return UNREADABLE
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_meta(root: Traversable, problems: _Problems, entry: Traversable | None = None) -> dict[str, str]:
    """meta.json as strings (``ambiguous_keys`` joined by ``|``); every value must be a non-empty string."""
    if entry is None:
        entry = scan(root, _Problems())[0]
    if entry is None:
        problems.add("meta.json", None, None, "is missing; it must give data_version")
        return {}
    meta = _read_json("meta.json", entry, problems)
    if meta is UNREADABLE:
        return {}
    if not isinstance(meta, dict):
        problems.add("meta.json", None, None, f"must hold a JSON object, not {type(meta).__name__}")
        return {}
    if "data_version" not in meta:
        problems.add("meta.json", None, "data_version", "is missing; meta.json must give data_version")
    out: dict[str, str] = {}
    for key, value in meta.items():
        if key == "ambiguous_keys":
            if not isinstance(value, list) or not all(
                isinstance(k, str) and k.strip() and "|" not in k for k in value
            ):
                problems.add("meta.json", None, key, 'must be a list of names, e.g. ["IGC"]')
            elif value:
                out[key] = "|".join(value)  # meta values are strings; the checker splits them
        elif not isinstance(value, str):
            problems.add("meta.json", None, key, f"must be a string, not {type(value).__name__}")
        elif not value.strip():
            problems.add("meta.json", None, key, "is empty; give a value or leave the key out")
        else:
            out[key] = value
    return out


_PATH_RE = r"^\$\.?"  # compiled (and cached by re) only when a file has a problem


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
        field = re.sub(_PATH_RE, "", where) or None
        problems.add(name, rid, field, msg or line)


class RawData:
    """The records of one data directory, before indexing."""

    def __init__(
        self,
        meta: dict[str, str],
        tables: dict[str, tuple[Any, ...]],
        origin: dict[str, str],
        files: dict[str, tuple[str, ...]] | None = None,
        *,
        keys: dict[str, tuple[Any, ...]] | None = None,
    ) -> None:
        self.meta = meta
        self.tables = tables
        #: record id -> file it came from (the first, for an id given twice; for error messages)
        self.origin = origin
        #: table -> the file of each of its records, in order (for error messages)
        self.files: dict[str, tuple[str, ...]] = files or {}
        #: normalised key -> the entities it names, when known already (the packed tables carry it)
        self.keys = keys


def _record_id(table: str, index: int, item: dict[str, Any]) -> str:
    rid = item.get("id")
    if isinstance(rid, str):
        return rid
    if table == "involvements":
        return f"{item.get('org')}:{item.get('process')}:{item.get('role')}"
    if table == "themes":
        return f"{item.get('process')}:{item.get('year')}"
    if table == "states" and isinstance(item.get("code"), str):
        return str(item["code"])
    return f"#{index}"


def _label(path: Any) -> str:
    return str(os.fspath(path)) if isinstance(path, (str, os.PathLike)) else str(path)


def load_records(path: PathLike, *, label: str | None = None) -> RawData:
    """Read and structure every table of a data directory; raise DataError listing every problem.

    ``label`` names the directory in the error (by default its path).
    """
    from ._convert import make_converter

    root = _as_traversable(path)
    label = label or _label(path)
    problems = _Problems()
    meta_entry, table_files = scan(root, problems)
    meta = read_meta(root, problems, meta_entry)
    conv = make_converter()
    tables: dict[str, tuple[Any, ...]] = {}
    origin: dict[str, str] = {}
    files_of: dict[str, tuple[str, ...]] = {}
    for table, cls in TABLES.items():
        records: list[Any] = []
        record_files: list[str] = []
        for name, entry in table_files[table]:
            data = _read_json(name, entry, problems, table)
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
                record_files.append(name)
                origin.setdefault(f"{table}:{rid}", name)
        tables[table] = tuple(records)
        files_of[table] = tuple(record_files)
    if problems:
        raise DataError(problems, source=label)
    raw = RawData(meta, tables, origin, files_of)
    integrity = check_integrity(raw)
    if integrity:
        raise DataError(integrity, source=label)
    return raw


def load_trusted(root: Traversable, packed: Traversable | None = None) -> RawData:
    """Load the packaged data through the plain constructors of `_schema.builder`.

    Used only for the data shipped inside the package, which CI validates
    strictly; on any surprise it falls back to `load_records`, which
    either loads the data strictly or raises a DataError saying what is wrong.
    ``packed`` is the package's packed copy of its tables (`_packed`): each table is read
    from it instead of its JSON while it was written from the files there now.
    """
    problems = _Problems()
    try:
        meta_entry, table_files = scan(root, problems)
        if problems or meta_entry is None:
            raise ValueError(problems)
        reader = None
        if packed is not None:
            from ._packed import open_packed

            reader = open_packed(packed)
        found = reader.eager(table_files, meta_entry) if reader is not None else None
        if found is not None:
            meta, eager, keys = found
            return RawData(meta, LazyTables(root, table_files, eager, reader), {}, keys=keys)  # type: ignore[arg-type]
        meta = read_meta(root, problems, meta_entry)
        if problems:
            raise ValueError(problems)
        tables = LazyTables(root, table_files, packed=reader)
        for table in EAGER_TABLES:  # what the first query needs; the rest is read when first asked for
            tables[table]
    except Exception:
        return load_records(root, label="packaged data")
    return RawData(meta, tables, {})  # type: ignore[arg-type]


#: the tables a Dataset indexes when it is built (ids); the others load on first use
EAGER_TABLES = ("organisations", "processes")


class LazyTables(Mapping):  # type: ignore[type-arg]
    """The packaged tables, each read when first asked for: from the packed file (`_packed`)
    while its segment for the table is current, else built from JSON (plain constructors).

    The first query needs only organisations and processes; sources, States and membership
    evidence are read when a query asks for them. A surprise while building a table (the
    packaged data is validated in CI, so there should be none) falls back to the strict
    loader, which either builds the same table or raises a DataError saying what is wrong.
    """

    def __init__(
        self,
        root: Traversable,
        files: dict[str, list[tuple[str, Traversable]]],
        done: Mapping[str, tuple[Any, ...]] | None = None,
        packed: Packed | None = None,
    ) -> None:
        self._root = root
        self._files = files
        self._done: dict[str, tuple[Any, ...]] = dict(done or {})
        self._packed = packed

    def __getitem__(self, table: str) -> tuple[Any, ...]:
        done = self._done.get(table)
        if done is not None:
            return done
        if table not in TABLES:
            raise KeyError(table)
        if self._packed is not None:
            with paused_gc():
                packed = self._packed.table(table, self._files)
            if packed is not None:
                self._done[table] = packed
                return packed
        from ._schema import builder

        build = builder(TABLES[table])
        problems = _Problems()
        records: list[Any] = []
        try:
            with paused_gc():
                for name, entry in self._files[table]:
                    data = _read_json(name, entry, problems, table, trusted=True)
                    if not isinstance(data, list) or problems:
                        raise ValueError(name)
                    records.extend(map(build, data))
            result = tuple(records)
        except Exception:
            result = load_records(self._root, label="packaged data").tables[table]
        self._done[table] = result  # a race builds equal tuples; either may win
        return result

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)


def check_integrity(raw: RawData) -> list[DataProblem]:
    """What a dataset needs to answer queries: unique ids, and every reference resolving."""
    problems = _Problems()
    t = raw.tables

    def where(table: str, rid: str) -> str:
        return raw.origin.get(f"{table}:{rid}", table)

    def file_of(table: str, index: int) -> str:
        files = raw.files.get(table, ())
        return files[index] if index < len(files) else table

    # a record given twice is reported at its second place, naming the first
    seen: dict[str, str] = {}
    for table in ("sources", "organisations", "processes", "events", "publications", "conflicts",
                  "snapshots", "membership_events", "state_roles", "states", "heads"):  # fmt: skip
        for i, rec in enumerate(t[table]):
            rid = rec.code if table == "states" else rec.id
            key = rid if table == "sources" else f"entity:{rid}"
            if table not in ("sources", "organisations", "processes"):
                key = f"{table}:{rid}"
            here = file_of(table, i)
            if key in seen:
                first = seen[key]
                also = "earlier in the same file" if first == here else f"also in {first}"
                problems.add(here, rid, "id", f"duplicate id ({also})")
            else:
                seen[key] = here
    for table in ("involvements", "themes"):
        firsts: dict[str, str] = {}
        for i, rec in enumerate(t[table]):
            rid = rec.id if table == "involvements" else f"{rec.process}:{rec.year}"
            here = file_of(table, i)
            if rid in firsts:
                first = firsts[rid]
                also = "earlier in the same file" if first == here else f"also in {first}"
                problems.add(here, rid, None, f"duplicate record ({also})")
            else:
                firsts[rid] = here

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
            for i, ident in enumerate(e.identifiers):
                need_sources(ident.sources, table, e.id, f"identifiers[{i}].sources")
            if table == "processes":
                need(e.institution, orgs, "organisation", table, e.id, "institution")
                need(e.successor, procs, "process", table, e.id, "successor")
                if e.successor == e.id:
                    problems.add(where(table, e.id), e.id, "successor", "names the process itself")
                if (e.successor is None) != (e.succeeded is None):
                    problems.add(where(table, e.id), e.id, "succeeded",
                                 "successor and succeeded go together: the process that took over, and when")  # fmt: skip
    role_ids = {inv.id: inv for inv in t["involvements"]}
    for inv in t["involvements"]:
        need(inv.org, orgs, "organisation", "involvements", inv.id, "org")
        need(inv.process, procs, "process", "involvements", inv.id, "process")
        for i, p in enumerate(inv.partners):
            need(p.org, orgs, "organisation", "involvements", inv.id, f"partners[{i}].org")
        need_sources(inv.sources, "involvements", inv.id, "sources")
        if inv.superseded_by is not None:
            other = role_ids.get(inv.superseded_by)
            if other is None or other.process != inv.process or other is inv:
                problems.add(where("involvements", inv.id), inv.id, "superseded_by",
                             f"names {inv.superseded_by!r}, which is not another role record of {inv.process!r}")  # fmt: skip
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
    # a data directory without a States table may name any code
    states = {s.code for s in t["states"]} or _AnyCode()
    for st in t["states"]:
        need_sources(st.sources, "states", st.code, "sources")
    for sn in t["snapshots"]:
        need(sn.body, entities, "entity", "snapshots", sn.id, "body")
        need_sources(sn.sources, "snapshots", sn.id, "sources")
        for field in ("members", "observers", "associates", "suspended"):
            for i, code in enumerate(getattr(sn, field)):
                need(code, states, "State", "snapshots", sn.id, f"{field}[{i}]")
        listed = [c for f in ("members", "observers", "associates", "suspended") for c in getattr(sn, f)]
        twice = sorted({c for c in listed if listed.count(c) > 1})
        if twice:
            problems.add(where("snapshots", sn.id), sn.id, None, f"lists {', '.join(twice)} more than once")
        if not sn.scope:
            problems.add(where("snapshots", sn.id), sn.id, "scope", "names no status")
        for f, status in (("members", "member"), ("observers", "observer"), ("associates", "associate"),
                          ("suspended", "suspended")):  # fmt: skip
            if getattr(sn, f) and status not in sn.scope:
                problems.add(
                    where("snapshots", sn.id), sn.id, f, f"lists {f} but its scope has no {status!r}"
                )
    for me in t["membership_events"]:
        need(me.body, entities, "entity", "membership_events", me.id, "body")
        need_sources(me.sources, "membership_events", me.id, "sources")
        if not me.states:
            problems.add(where("membership_events", me.id), me.id, "states", "names no State")
        for i, code in enumerate(me.states):
            need(code, states, "State", "membership_events", me.id, f"states[{i}]")
        if (me.status is None) != (me.kind.value == "left"):
            problems.add(where("membership_events", me.id), me.id, "status",
                         "a 'left' event takes no status; every other kind needs one")  # fmt: skip
    for hd in t["heads"]:
        need(hd.body, entities, "entity", "heads", hd.id, "body")
        need_sources(hd.sources, "heads", hd.id, "sources")
        if hd.since is None and hd.as_of is None:
            problems.add(where("heads", hd.id), hd.id, "since", "needs since or as_of")
    for sr in t["state_roles"]:
        need(sr.body, entities, "entity", "state_roles", sr.id, "body")
        need(sr.state, states, "State", "state_roles", sr.id, "state")
        need_sources(sr.sources, "state_roles", sr.id, "sources")
        if sr.since is None and sr.as_of is None:
            problems.add(where("state_roles", sr.id), sr.id, "since", "needs since or as_of")
    return problems


class _AnyCode(set):  # type: ignore[type-arg]
    """Membership of every three-letter upper-case code (for data without a States table)."""

    def __contains__(self, code: object) -> bool:
        return (
            isinstance(code, str) and len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()
        )

    def __bool__(self) -> bool:
        return True


def _entry_kind(entry: os.DirEntry[str]) -> str | None:
    try:
        if entry.is_symlink():
            return None  # followed by `_kind`, which says what a broken one is
        return "dir" if entry.is_dir() else "file" if entry.is_file() else None
    except OSError:
        return None


class _Folder:
    """The few Traversable methods the loader uses, over a real directory, with os alone.

    ``importlib.resources`` imports tempfile and zipfile, which cost more than all
    of the data on a cold start; when the package sits on the file system this
    reads the same files without them.
    """

    __slots__ = ("_path", "kind", "name")

    def __init__(self, path: str, kind: str | None = None) -> None:
        self._path = path
        self.name = os.path.basename(path)
        #: "file" or "dir" when the listing that found it said so (no symbolic link); else None
        self.kind = kind

    def joinpath(self, child: str) -> _Folder:
        return _Folder(os.path.join(self._path, child))

    def is_file(self) -> bool:
        return os.path.isfile(self._path)

    def is_dir(self) -> bool:
        return os.path.isdir(self._path)

    def iterdir(self) -> Iterator[_Folder]:
        with os.scandir(self._path) as listing:  # the kind of each entry without a stat of it
            found = [(e.name, e.path, _entry_kind(e)) for e in listing]
        return (_Folder(path, kind) for _, path, kind in sorted(found))

    def read_bytes(self) -> bytes:
        with open(self._path, "rb") as f:
            return f.read()

    def open(self, mode: str = "r") -> Any:
        return open(self._path, mode)  # the built-in open: a method's own name is not in scope here

    def __str__(self) -> str:
        return self._path


def packaged_root(*, resources: bool = False) -> Traversable:
    """The data directory shipped inside the package.

    Read with plain ``os`` calls when the package is on the file system, and
    through ``importlib.resources`` otherwise (a zip, or another loader), or
    when ``resources=True``.
    """
    return _in_package("data", resources=resources, folder=True)


def packaged_packed(*, resources: bool = False) -> Traversable:
    """The package's packed copy of its tables (`_packed`), found like `packaged_root`."""
    from ._packed import FILE

    return _in_package(FILE, resources=resources, folder=False)


def _in_package(name: str, *, resources: bool, folder: bool) -> Traversable:
    spec = __spec__
    origin = spec.origin if spec is not None else None
    if not resources and origin and os.path.isfile(origin):
        path = os.path.join(os.path.dirname(origin), name)
        if os.path.isdir(path) if folder else os.path.isfile(path):
            return _Folder(path)  # type: ignore[return-value]
    from importlib.resources import files

    return files("migorgs").joinpath(name)
