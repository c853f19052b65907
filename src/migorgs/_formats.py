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

from ._schema import SEP
from .exceptions import DataError, DataProblem, show

__all__ = ["export_root"]

#: an export file larger than this is refused before it is read
MAX_EXPORT_BYTES = 128 * 1024 * 1024

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

    def open(self, mode: str = "rb") -> Any:
        import io

        return io.BytesIO(self.read_bytes())

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
        if isinstance(r, dict) and isinstance(r.get("name"), str) and isinstance(r.get("path"), str):
            rel = r["path"].replace("\\", "/")
            if rel.startswith("/") or ".." in rel.split("/") or "\x00" in rel or ":" in rel:
                raise _fail(
                    where, f"resource {show(r['name'])} has the path {show(rel)}, outside the package"
                )
            out[r["name"]] = rel
    return out


def _unquote(cell: str) -> str:
    """Undo the CSV export's guard against spreadsheet formulas (a leading ``'``)."""
    from ._export import FORMULA_STARTS

    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _cell(f: Any, text: Optional[str]) -> Any:
    """A CSV cell as the JSON value of field ``f`` (the inverse of `_tables`); None for an empty cell."""
    if text is None or text == "":
        return [] if f.kind in ("strs", "enums") and f.required else None
    text = _unquote(text)
    if f.kind in ("strs", "enums"):
        return text.split(SEP)
    if f.kind == "int":
        return int(text) if _INT.fullmatch(text) and len(text) < 30 else text
    if f.kind == "bool":
        return {"true": True, "false": False}.get(text.lower(), text)
    if f.kind == "value":
        return _number(text)
    return text


def _number(text: str) -> Any:
    if _INT.fullmatch(text) and len(text) < 30:
        return int(text)
    if _FLOAT.fullmatch(text) and len(text) < 30:
        value = float(text)
        if math.isfinite(value):
            return value
    return text


def _position(row: Mapping[str, Any]) -> int:
    p = row.get("position") or ""
    return int(p) if p.isdigit() and len(p) < 9 else 0


def _record(columns: Any, row: Mapping[str, Optional[str]], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col, f in columns:
        if col in skip or not f.init:
            continue
        value = _cell(f, row.get(col))
        if value is not None:
            out[col] = value
    return out


def _from_tables(path: str, files: Mapping[str, bytes], descriptor: Optional[str]) -> _Entry:
    """CSV tables (with or without their Data Package descriptor) back into the data-directory format,
    by the same table description that wrote them (`_tables.specs`)."""
    from ._tables import children, specs

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
        if isinstance(dp.get("migorgs_meta"), dict):
            meta = dp["migorgs_meta"]
    sp = specs()
    t = {name: _rows(where, files, paths.get(name, f"{name}.csv"), name in paths) for name in sp}
    out: dict[str, Any] = {"meta.json": meta}
    for name, spec in sp.items():
        if spec.owner is not None:
            continue
        kids = children(name)
        grouped: dict[str, dict[Any, list[dict[str, str]]]] = {}
        for kid, _, owner_col in kids:
            by: dict[Any, list[dict[str, str]]] = {}
            for r in t[kid.name]:
                key = (r.get(owner_col), r.get("year")) if name == "themes" else r.get(owner_col)
                by.setdefault(key, []).append(r)
            for rows in by.values():
                rows.sort(key=_position)
            grouped[kid.name] = by
        records = []
        for row in t[name]:
            rec = _record(spec.columns, row)
            owner = (
                row.get("code")
                if name == "states"
                else row.get("process")
                if name == "themes"
                else row.get("id")
            )
            for kid, lf, owner_col in kids:
                key = (owner, row.get("year")) if name == "themes" else owner
                krows = grouped[kid.name].get(key, [])
                if lf.kind in ("strs", "enums"):
                    value: Any = [_unquote(r.get(kid.columns[-1][0]) or "") for r in krows]
                elif lf.mapping is not None:
                    k, v = lf.mapping
                    inner = dict(kid.columns)
                    value = {r.get(k) or "": _cell(inner[v], r.get(v)) for r in krows}
                else:
                    value = [_record(kid.columns, r, skip=(owner_col, "position")) for r in krows]
                if value or lf.required:
                    rec[lf.name] = value
            records.append(rec)
        out[f"{name}.json"] = records
    return _folder(where, out)
