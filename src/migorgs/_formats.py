"""Reading back the export formats: a JSON export, a Data Package (folder or zip), CSV tables.

Each is turned into an in-memory data directory (``meta.json`` plus one
``<table>.json`` per table) that the loader reads exactly as it reads files,
with the same checks and error messages. A zip, or a folder without
``meta.json`` (an unpacked release), is read through the data directory it
holds when it holds one, else through its Data Package, JSON export or CSV
tables; a Data Package's CSV files are read where its descriptor says, never
outside it. What each format can carry:

* the JSON export and a data directory (also inside a zip) are lossless;
* the CSV tables and the Data Package lose what a flat table cannot hold: the
  type of a fact's value (a cell that reads as a whole number or a decimal
  becomes one), a member list with no members and its note, and for CSV
  without ``datapackage.json`` every ``meta.json`` value (the data version
  reads as ``"unknown"``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any, Optional, Protocol

from .exceptions import DataError, DataProblem, show

__all__ = ["export_root"]

#: an export file larger than this is refused before it is read
MAX_EXPORT_BYTES = 128 * 1024 * 1024

_SEP = "|"
_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+([eE][-+]?[0-9]+)?")


class Root(Protocol):
    """What the loader reads a data directory through (a subset of ``Traversable``)."""

    @property
    def name(self) -> str: ...
    def is_dir(self) -> bool: ...
    def iterdir(self) -> Iterator[Any]: ...


class _Entry:
    """A file or folder of an in-memory data directory (the few Traversable methods the loader uses)."""

    __slots__ = ("_children", "_data", "name")

    def __init__(self, name: str, data: Optional[bytes] = None, children: Optional[dict[str, _Entry]] = None):
        self.name = name
        self._data = data
        self._children = children

    def is_file(self) -> bool:
        return self._data is not None

    def is_dir(self) -> bool:
        return self._children is not None

    def iterdir(self) -> Iterator[_Entry]:
        return iter(sorted((self._children or {}).values(), key=lambda e: e.name))

    def joinpath(self, child: str) -> _Entry:
        found = (self._children or {}).get(child)
        return found if found is not None else _Entry(child)

    def read_bytes(self) -> bytes:
        if self._data is None:
            raise IsADirectoryError(self.name)
        return self._data

    def __str__(self) -> str:
        return self.name


def _folder(name: str, files: Mapping[str, Any]) -> _Entry:
    """A data directory holding ``files`` (name -> JSON data)."""
    return _Entry(
        name,
        children={
            # ASCII escapes: the loader then meets a lone surrogate as it would in a file of its own
            f: _Entry(f, json.dumps(v, ensure_ascii=True, allow_nan=False).encode("ascii"))
            for f, v in files.items()
        },
    )


def _fail(where: str, message: str) -> DataError:
    return DataError([DataProblem(where, None, None, message)], source=where)


def _read(path: str, limit: int = MAX_EXPORT_BYTES) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise _fail(show(path), f"is {size} bytes; the limit is {limit}")
        with open(path, "rb") as f:
            return f.read(limit + 1)
    except OSError as exc:
        raise _fail(show(path), f"cannot be read: {exc.strerror or exc}") from None


def _json(where: str, raw: bytes) -> Any:
    from ._load import _refuse_constant

    try:
        return json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise _fail(where, f"is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except UnicodeDecodeError as exc:
        raise _fail(where, f"is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    except (ValueError, RecursionError) as exc:
        raise _fail(where, f"is not valid JSON data: {exc}") from None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is beyond the range of a number")
    return value


# ---------------------------------------------------------------------- detection


def export_root(path: str) -> Optional[Root]:
    """An in-memory data directory for an export at ``path``; ``None`` when ``path``
    is a data directory (or nothing migorgs recognises, for the loader to report)."""
    if os.path.isdir(path):
        try:
            names = set(os.listdir(path))
        except OSError:
            return None  # the loader says why it cannot be listed
        if "meta.json" in names:
            return None
        inner = _data_dir_inside(path, names)
        if inner is not None:  # an unpacked release: the lossless data directory in a folder of it
            return inner
        if "datapackage.json" in names:
            return _from_tables(path, _files_of_dir(path), "datapackage.json")
        if "organisations.csv" in names:
            return _from_tables(path, _files_of_dir(path), None)
        if names == {"migorgs.json"} or (names and "migorgs.json" in names and not names & _TABLE_NAMES):
            return _from_json(os.path.join(path, "migorgs.json"), _read(os.path.join(path, "migorgs.json")))
        return None
    if not os.path.isfile(path):
        return None
    import zipfile

    if zipfile.is_zipfile(path):
        return _from_zip(path)
    raw = _read(path)
    data = _json(show(path), raw)
    if isinstance(data, dict) and "resources" in data:  # a datapackage.json named directly
        folder = os.path.dirname(os.path.abspath(path))
        return _from_tables(path, _files_of_dir(folder), os.path.basename(path))
    return _from_json(path, raw, data)


def _data_dir_inside(path: str, names: set[str]) -> Optional[Root]:
    """The one folder directly inside ``path`` that is a data directory, if there is exactly one."""
    import pathlib

    found = [n for n in sorted(names) if os.path.isfile(os.path.join(path, n, "meta.json"))]
    return pathlib.Path(path, found[0]) if len(found) == 1 else None


_TABLE_NAMES = {
    "sources",
    "organisations",
    "processes",
    "involvements",
    "events",
    "publications",
    "themes",
    "conflicts",
} | {f"{t}.json" for t in ("sources", "organisations", "processes", "involvements")}


def _files_of_dir(folder: str) -> Mapping[str, bytes]:
    class Lazy(dict):  # type: ignore[type-arg]
        def __missing__(self, name: str) -> bytes:
            full = os.path.join(folder, name)
            if not os.path.isfile(full):
                raise KeyError(name)
            value = self[name] = _read(full)
            return value

    return Lazy()


# ---------------------------------------------------------------------- JSON export


def _from_json(path: str, raw: bytes, data: Any = None) -> _Entry:
    from ._load import TABLES

    where = show(path)
    if data is None:
        data = _json(where, raw)
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict):
        raise _fail(
            where, "is not a migorgs JSON export: it must be an object with 'meta' and one list per table"
        )
    unknown = sorted(set(data) - {"meta", *TABLES})
    if unknown:
        raise _fail(where, f"holds unknown table(s) {', '.join(map(show, unknown))}")
    files = {"meta.json": data["meta"]}
    for table in TABLES:
        if table in data:
            files[f"{table}.json"] = data[table]
    return _folder(where, files)


# ---------------------------------------------------------------------- zip


def _from_zip(path: str) -> _Entry:
    import zipfile

    where = show(path)
    try:
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if not i.is_dir()]
            total = sum(i.file_size for i in infos)
            if total > MAX_EXPORT_BYTES:
                raise _fail(where, f"unpacks to {total} bytes; the limit is {MAX_EXPORT_BYTES}")
            names = {i.filename for i in infos}
            # a data directory (lossless) is preferred to the flat tables
            for marker in ("meta.json", "datapackage.json", "migorgs.json", "organisations.csv"):
                found = sorted(
                    (n for n in names if n.rsplit("/", 1)[-1] == marker), key=lambda n: n.count("/")
                )
                if found:
                    prefix = found[0][: -len(marker)]
                    break
            else:
                raise _fail(where, "holds no data directory, Data Package, JSON export or CSV tables")
            inside = {n[len(prefix) :]: n for n in names if n.startswith(prefix)}
            if marker == "meta.json":
                return _zip_folder(z, where, inside)
            if marker == "migorgs.json":
                return _from_json(path, z.read(inside[marker]))
            files = {k: z.read(v) for k, v in inside.items() if k.endswith((".csv", ".json"))}
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise _fail(where, f"cannot be read as a zip file: {exc}") from None
    return _from_tables(path, files, marker if marker == "datapackage.json" else None)


def _zip_folder(z: Any, where: str, inside: Mapping[str, str]) -> _Entry:
    root = _Entry(where, children={})
    for rel, full in inside.items():
        parts = rel.split("/")
        node = root
        for part in parts[:-1]:
            assert node._children is not None
            node = node._children.setdefault(part, _Entry(part, children={}))
        if node._children is not None and parts[-1]:
            node._children[parts[-1]] = _Entry(parts[-1], z.read(full))
    return root


# ---------------------------------------------------------------------- CSV tables


def _rows(where: str, files: Mapping[str, bytes], name: str, required: bool) -> list[dict[str, str]]:
    try:
        raw = files[name]
    except KeyError:
        if required:
            raise _fail(f"{where}/{name}", "is missing; datapackage.json lists it") from None
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(f"{where}/{name}", f"is not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    try:
        return list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _fail(f"{where}/{name}", f"is not valid CSV: {exc}") from None


def _resource_paths(where: str, dp: Mapping[str, Any]) -> dict[str, str]:
    """Table name -> the relative path the descriptor gives its CSV file; a path out of the package is refused."""
    out = {}
    resources = dp.get("resources")
    for r in resources if isinstance(resources, list) else ():
        if isinstance(r, dict) and r.get("name") in _CSV_TABLES and isinstance(r.get("path"), str):
            rel = r["path"].replace("\\", "/")
            if rel.startswith("/") or ".." in rel.split("/") or "\x00" in rel or ":" in rel:
                raise _fail(
                    where, f"resource {show(r['name'])} has the path {show(rel)}, outside the package"
                )
            out[r["name"]] = rel
    return out


def _clean(row: Mapping[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A CSV row as record fields: empty cells left out, list cells split."""
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k is None or k in skip or v is None or v == "":
            continue
        out[k] = v.split(_SEP) if k in ("sources", "regions", "entities", "publishers", "about") else v
    return out


def _number(text: str) -> Any:
    if _INT.fullmatch(text) and len(text) < 30:
        return int(text)
    if _FLOAT.fullmatch(text) and len(text) < 30:
        value = float(text)
        if math.isfinite(value):
            return value
    return text


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, str) and _INT.fullmatch(value) and len(value) < 6 else value


def _position(row: Mapping[str, Any]) -> int:
    p = row.get("position") or ""
    return int(p) if p.isdigit() and len(p) < 9 else 0


def _from_tables(path: str, files: Mapping[str, bytes], descriptor: Optional[str]) -> _Entry:
    where = show(path)
    meta: dict[str, Any] = {"data_version": "unknown"}
    paths: dict[str, str] = {}
    if descriptor is not None:
        dp = _json(f"{where}/{descriptor}" if not path.endswith(descriptor) else where, files[descriptor])
        if not isinstance(dp, dict):
            raise _fail(where, "datapackage.json must be a JSON object")
        if isinstance(dp.get("version"), str):
            meta["data_version"] = dp["version"]
        if isinstance(dp.get("title"), str):
            meta["title"] = dp["title"]
        licences = dp.get("licenses")
        if isinstance(licences, list) and licences and isinstance(licences[0], dict):
            name = licences[0].get("name")
            if isinstance(name, str):
                meta["licence"] = name
        paths = _resource_paths(where, dp)
    t = {name: _rows(where, files, paths.get(name, f"{name}.csv"), name in paths) for name in _CSV_TABLES}

    def owned(table: str, key: str) -> dict[str, list[dict[str, str]]]:
        groups: dict[str, list[dict[str, str]]] = {}
        for r in t[table]:
            groups.setdefault(r.get(key) or "", []).append(r)
        for rows in groups.values():
            rows.sort(key=_position)
        return groups

    names, facts, cites = owned("names", "entity"), owned("facts", "entity"), owned("citations", "entity")

    def entity(row: Mapping[str, str], table: str) -> dict[str, Any]:
        rec = _clean(row, skip=("name", "acronym"))
        eid = row.get("id") or ""
        rec["names"] = [_clean(n, skip=("entity", "position")) for n in names.get(eid, [])]
        fs = []
        for f in facts.get(eid, []):
            fact = _clean(f, skip=("entity", "position"))
            if "value" in fact:
                fact["value"] = _number(fact["value"])
            fs.append(fact)
        if fs:
            rec["facts"] = fs
        cs = {c.get("field") or "": (c.get("sources") or "").split(_SEP) for c in cites.get(eid, [])}
        if cs:
            rec["cite"] = cs
        return rec

    processes = []
    members: dict[str, dict[str, dict[str, Any]]] = {}
    for m in t["members"]:
        lists = members.setdefault(m.get("process") or "", {})
        entry = lists.setdefault(m.get("as_of") or "", {"as_of": m.get("as_of") or ""})
        if m.get("sources"):
            entry["sources"] = (m.get("sources") or "").split(_SEP)
        status = "observers" if m.get("status") == "observer" else "members"
        entry.setdefault(status, []).append(m.get("country") or "")
    for row in t["processes"]:
        rec = entity(row, "processes")
        lists = members.get(row.get("id") or "", {})
        if lists:
            rec["membership"] = list(lists.values())
        processes.append(rec)

    partners = owned("partners", "involvement")
    involvements = []
    for row in t["involvements"]:
        rec = _clean(row, skip=("id",))
        ps = [_clean(p, skip=("involvement",)) for p in partners.get(row.get("id") or "", [])]
        if ps:
            rec["partners"] = ps
        involvements.append(rec)

    workshops: dict[tuple[str, str], list[dict[str, str]]] = {}
    for w in t["workshops"]:
        workshops.setdefault((w.get("process") or "", w.get("year") or ""), []).append(w)
    themes = []
    for row in t["themes"]:
        rec = _clean(row)
        rec["year"] = _int(rec.get("year"))
        ws = sorted(workshops.get((row.get("process") or "", row.get("year") or ""), []), key=_position)
        if ws:
            rec["workshops"] = [w.get("title") or "" for w in ws]
        themes.append(rec)

    claims = owned("claims", "conflict")
    conflicts = []
    for row in t["conflicts"]:
        rec = _clean(row)
        rec["claims"] = [
            _clean(c, skip=("conflict", "position")) for c in claims.get(row.get("id") or "", [])
        ]
        conflicts.append(rec)

    publications = []
    for row in t["publications"]:
        rec = _clean(row)
        rec["year"] = _int(rec.get("year"))
        rec.setdefault("publishers", [])
        publications.append(rec)

    return _folder(
        where,
        {
            "meta.json": meta,
            "sources.json": [_clean(r) for r in t["sources"]],
            "organisations.json": [entity(r, "organisations") for r in t["organisations"]],
            "processes.json": processes,
            "involvements.json": involvements,
            "events.json": [_clean(r) for r in t["events"]],
            "publications.json": publications,
            "themes.json": themes,
            "conflicts.json": conflicts,
        },
    )


_CSV_TABLES = (
    "sources",
    "organisations",
    "processes",
    "names",
    "facts",
    "citations",
    "members",
    "involvements",
    "partners",
    "events",
    "publications",
    "themes",
    "workshops",
    "conflicts",
    "claims",
)
