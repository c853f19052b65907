"""Exports (a data directory, one JSON file, CSV tables, a Frictionless Data Package) and diffs.

The data-directory export loads back with `load` into an equal dataset. The
JSON export is one file, ``migorgs.json``, holding the same content (``meta``
plus one list per table) for programs that read JSON; `load` does not read
it. CSV and the Data Package are the flat tables of `_tables`, for R,
spreadsheets and SQL engines.

Every export is all or nothing: the files are written to a new hidden sibling
folder, which then replaces the target, so a failed export leaves the target
as it was. A folder that is not empty is refused unless ``force=True``, and
even then only one that holds nothing but files an export writes; a target
that is a symbolic link is refused, and no link is ever followed.

In CSV, a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading apostrophe (``'=1+1``), so that a
spreadsheet shows it as text rather than running it as a formula; numbers are
written as numbers (``-9`` stays ``-9``). The JSON files are standard JSON
(never ``NaN`` or ``Infinity``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import shutil
import stat
from typing import TYPE_CHECKING, Any, Optional, Union

from ._schema import _DATE_PATTERN, TABLES
from ._tables import (
    COLUMNS,
    DERIVED,
    FOREIGN_KEYS,
    PRIMARY_KEYS,
    SEP,
    derived_columns,
    derived_tables,
    flat_tables,
)
from .exceptions import ArgumentTypeError, DataError, DataProblem, ExportError, InvalidQueryError, show

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["EXPORT_NAMES", "FORMATS", "csv_cell", "diff", "export", "unstructured"]

FORMATS = ("data-dir", "json", "csv", "datapackage")

#: every file name an export writes; ``force=True`` replaces only a folder holding nothing else
EXPORT_NAMES = frozenset(
    {
        "meta.json",
        "migorgs.json",
        "datapackage.json",
        *(f"{t}.json" for t in TABLES),
        *(f"{t}.csv" for t in COLUMNS),
        *(f"{t}.csv" for t in DERIVED),
    }
)

_LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
}

#: first characters that make a spreadsheet treat a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unstructured_meta(ds: Dataset) -> dict[str, Any]:
    """The dataset's meta.json as plain JSON."""
    meta: dict[str, Any] = dict(ds.meta)
    if "ambiguous_keys" in meta:  # held as "a|b" in memory; a JSON list in the files
        meta["ambiguous_keys"] = meta["ambiguous_keys"].split("|")
    return meta


def unstructured(ds: Dataset) -> dict[str, Any]:
    """The dataset as plain JSON data in the data-directory format: meta plus one list per table."""
    from ._convert import make_converter

    conv = make_converter()
    out: dict[str, Any] = {"meta": unstructured_meta(ds)}
    for table, cls in TABLES.items():
        out[table] = [conv.unstructure(r, cls) for r in ds._table(table)]
    return out


def _dump(obj: Any, name: str = "export") -> str:
    try:
        return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:  # only records built by hand can hold NaN or an infinity: the loader refuses them
        raise DataError(
            [DataProblem(name, None, None, "holds NaN or an infinity, which standard JSON cannot hold")],
            source="the dataset",
        ) from None


def _csv(name: str, rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    names = COLUMNS[name] if name in COLUMNS else [c for c, _ in derived_columns(name)]
    writer = csv.DictWriter(
        buf, fieldnames=names, lineterminator="\r\n"
    )  # RFC 4180; a CR in a cell is quoted too
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def _render(ds: Dataset, format: str) -> dict[str, str]:
    """Every file of the export, by name, built in memory before anything touches the disk."""
    files: dict[str, str] = {}
    if format in ("data-dir", "json"):
        data = unstructured(ds)
        if format == "json":
            return {"migorgs.json": _dump(data, "migorgs.json")}
        files["meta.json"] = _dump(data.pop("meta"), "meta.json")
        for table, rows in data.items():
            files[f"{table}.json"] = _dump(rows, f"{table}.json")
        return files
    for name, rows in flat_tables(ds).items():
        files[f"{name}.csv"] = _csv(name, rows)
    if format == "datapackage":
        for name, rows in derived_tables(ds).items():
            files[f"{name}.csv"] = _csv(name, rows)
        files["datapackage.json"] = _dump(datapackage(ds), "datapackage.json")
    return files


def _target(path: object) -> pathlib.Path:
    if isinstance(path, (str, os.PathLike)):
        text = os.fspath(path)
        if isinstance(text, str):
            if not text:
                raise InvalidQueryError(
                    "path", path, ("a folder path",), message="path is empty; name the folder to write"
                )
            if "\0" in text:
                raise InvalidQueryError(
                    "path", path, ("a folder path",), message=f"path {show(text)} holds a NUL character"
                )
            return pathlib.Path(text)
    raise ArgumentTypeError(f"path must be a str or os.PathLike of str, not {type(path).__name__}")


def _sibling(parent: str, name: str, what: str) -> str:
    """An unused hidden name next to the target (``.name.<random>.new``)."""
    import secrets

    while True:
        candidate = os.path.join(parent, f".{name}.{secrets.token_hex(4)}.{what}")
        if not os.path.lexists(candidate):
            return candidate


def export(
    ds: Dataset, path: Union[str, os.PathLike[str]], format: str = "data-dir", *, force: bool = False
) -> list[pathlib.Path]:
    """Write the dataset to the folder ``path`` in ``format``, all at once; return the files written."""
    if not isinstance(format, str):
        raise ArgumentTypeError(
            f"format must be a str, one of {', '.join(FORMATS)}, not {type(format).__name__}"
        )
    if format not in FORMATS:
        raise InvalidQueryError("format", format, FORMATS)
    if not isinstance(force, bool):
        raise ArgumentTypeError(f"force must be True or False, not {type(force).__name__}")
    out = _target(path)
    full = os.path.abspath(out)  # normalises "." and ".." without following links
    name, parent = os.path.basename(full), os.path.dirname(full)
    if not name:
        raise ExportError(str(out), "is the root of the file system")
    files = _render(ds, format)
    try:
        st = os.lstat(full)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ExportError(str(out), exc.strerror or str(exc)) from None
    replace = False
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise ExportError(
                str(out), "is a symbolic link; an export never follows one, so name the folder itself"
            )
        if not stat.S_ISDIR(st.st_mode):
            raise ExportError(str(out), "is a file, not a folder")
        try:
            present = os.listdir(full)
        except OSError as exc:
            raise ExportError(str(out), exc.strerror or str(exc)) from None
        if present and not force:
            entries = f"{len(present)} {'entry' if len(present) == 1 else 'entries'}"
            raise ExportError(
                str(out), f"is a folder that is not empty ({entries}); pass force=True to replace it"
            )
        cwd = os.getcwd()
        if cwd == full or cwd.startswith(full.rstrip(os.sep) + os.sep):
            raise ExportError(
                str(out),
                "is the current folder (or holds it); an export replaces its folder whole, so name another",
            )
        foreign = sorted(
            e
            for e in present
            if e not in EXPORT_NAMES or not stat.S_ISREG(os.lstat(os.path.join(full, e)).st_mode)
        )
        if foreign:
            raise ExportError(
                str(out),
                f"holds {', '.join(show(e, 40) for e in foreign[:5])}{' ...' if len(foreign) > 5 else ''}, "
                "which an export does not write; force=True replaces only a folder of export files",
            )
        replace = bool(present)
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        raise ExportError(str(out), f"its parent folder cannot be made: {exc.strerror or exc}") from None
    new = _sibling(parent, name, "new")
    try:
        os.mkdir(new)
        if st is not None:
            os.chmod(new, stat.S_IMODE(st.st_mode))  # keep the replaced folder's permissions
        for fname, text in files.items():
            with open(os.path.join(new, fname), "x", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        _swap(new, full, replace)
    except BaseException as exc:
        shutil.rmtree(new, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, ExportError):
            raise ExportError(str(out), exc.strerror or str(exc)) from exc
        raise
    return [out / fname for fname in files]


def _swap(new: str, target: str, replace: bool) -> None:
    """Put the folder ``new`` at ``target``; the old target, if any, is removed only once ``new`` is in place."""
    if not replace:
        try:
            os.replace(new, target)  # atomic; on POSIX it also replaces an empty folder
        except OSError:
            if not os.path.isdir(target) or os.path.islink(target) or os.listdir(target):
                raise
            os.rmdir(target)  # an empty folder, where rename cannot replace one (Windows)
            os.rename(new, target)
        return
    old = _sibling(os.path.dirname(target), os.path.basename(target), "old")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _field(table: str, column: str) -> dict[str, Any]:
    """A Frictionless field descriptor, from the field's one description in the schema."""
    from ._tables import DERIVED, derived_columns, specs

    if table in DERIVED:
        key: tuple[str, ...] = DERIVED[table][1]
        f = dict(derived_columns(table))[column]
    else:
        spec = specs()[table]
        key = spec.key
        f = dict(spec.columns)[column]
    out: dict[str, Any] = {
        "name": column,
        "type": {"int": "integer", "bool": "boolean"}.get(f.kind, "string"),
    }
    if f.kind == "value":
        out["type"] = "any"
    doc = f.doc
    constraints: dict[str, Any] = {}
    if f.kind == "date":
        constraints["pattern"] = _DATE_PATTERN
        doc += " (a date at the precision its source gives: YYYY, YYYY-MM or YYYY-MM-DD)"
    elif f.kind == "enum":
        constraints["enum"] = list(f.inner.values())
    elif f.kind in ("strs", "enums"):
        doc += f" (a list, its items joined by '{SEP}')"
    if column in key or f.required:
        constraints["required"] = True
    if doc:
        out["description"] = doc
    if constraints:
        out["constraints"] = constraints
    return out


def _resource(table: str, schema: dict[str, Any], description: Optional[str] = None) -> dict[str, Any]:
    """A tabular data resource of the Data Package: one CSV table and its schema."""
    out: dict[str, Any] = {
        "name": table,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    if description:
        out["description"] = description
    out["schema"] = schema
    return out


def datapackage(ds: Dataset) -> dict[str, Any]:
    """A Frictionless Tabular Data Package descriptor for the CSV export."""
    licence = ds.meta.get("licence")  # a dataset that states no licence is not given one
    resources = []
    for table, columns in COLUMNS.items():
        schema: dict[str, Any] = {
            "fields": [_field(table, c) for c in columns],
            "primaryKey": list(PRIMARY_KEYS[table]),
        }
        fks = [
            {"fields": col, "reference": {"resource": ref, "fields": ref_col}}
            for (tab, col), (ref, ref_col) in FOREIGN_KEYS.items()
            if tab == table
        ]
        if fks:
            schema["foreignKeys"] = fks
        resources.append(_resource(table, schema))
    for table, (record, key) in DERIVED.items():
        fields = [_field(table, c) for c, _ in derived_columns(table)]
        description = (
            f"Derived by migorgs from the tables snapshots and membership_events by the rules of its "
            f"membership model ({record} records); not read back by migorgs.load."
        )
        resources.append(_resource(table, {"fields": fields, "primaryKey": list(key)}, description))
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "migorgs",
        "title": ds.meta.get("title", "migorgs"),
        "description": (
            "Sourced, dated data on the organisations and inter-State consultation mechanisms of "
            "international migration governance, and the States that took part in them over time. "
            "Every record names its sources (table sources)."
        ),
        "version": ds.data_version,
        "keywords": [
            "migration",
            "international organisations",
            "regional consultative processes",
            "inter-State consultation mechanisms",
            "membership",
            "IOM",
        ],
        # the data directory's meta.json, so that the package reads back whole (`load` takes it)
        "migorgs_meta": unstructured_meta(ds),
    }
    if licence is not None:
        title, url = _LICENCES.get(licence, (licence, None))
        lic: dict[str, Any] = {"name": licence, "title": title}
        if url:
            lic["path"] = url
        package["licenses"] = [lic]
    package["sources"] = [{"title": s.title, **({"path": s.url} if s.url else {})} for s in ds.sources()]
    package["resources"] = resources
    return package


# ---------------------------------------------------------------------- diff


def _key(table: str, rec: dict[str, Any]) -> str:
    from ._schema import table_key

    return ":".join(str(rec[k]) for k in table_key(TABLES[table]))


def diff(old: Dataset, new: Dataset) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: per table, records added, removed and changed
    field by field (``{"table": {"added": [...], "removed": [...], "changed": {id: {field: [old, new]}}}}``).

    ``meta.json`` is compared too, as the table ``"meta"``: keys added and removed, and
    changed values as ``{key: {"value": [old, new]}}``.
    """
    a, b = unstructured(old), unstructured(new)
    result: dict[str, Any] = {"data_version": [old.data_version, new.data_version], "tables": {}}
    ma, mb = a["meta"], b["meta"]
    meta = {
        "added": sorted(mb.keys() - ma.keys()),
        "removed": sorted(ma.keys() - mb.keys()),
        "changed": {k: {"value": [ma[k], mb[k]]} for k in sorted(ma.keys() & mb.keys()) if ma[k] != mb[k]},
    }
    if any(meta.values()):
        result["tables"]["meta"] = meta
    for table in TABLES:
        olds = {_key(table, r): r for r in a[table]}
        news = {_key(table, r): r for r in b[table]}
        changed: dict[str, dict[str, list[Any]]] = {}
        for k in sorted(olds.keys() & news.keys()):
            fields = sorted(olds[k].keys() | news[k].keys())
            delta = {f: [olds[k].get(f), news[k].get(f)] for f in fields if olds[k].get(f) != news[k].get(f)}
            if delta:
                changed[k] = delta
        entry = {
            "added": sorted(news.keys() - olds.keys()),
            "removed": sorted(olds.keys() - news.keys()),
            "changed": changed,
        }
        if any(entry.values()):
            result["tables"][table] = entry
    return result
