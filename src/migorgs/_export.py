"""Exports (a data directory, one JSON file, CSV tables, a Frictionless Data Package) and diffs.

The data-directory and JSON exports load back with `load`
into an equal dataset; CSV and the Data Package are the flat tables of
`_tables`, for R, spreadsheets and SQL engines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
from typing import TYPE_CHECKING, Any, Union

from ._schema import TABLES
from ._tables import COLUMNS, FOREIGN_KEYS, PRIMARY_KEYS, SEP, flat_tables

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["FORMATS", "diff", "export", "unstructured"]

FORMATS = ("data-dir", "json", "csv", "datapackage")

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
}


def unstructured(ds: Dataset) -> dict[str, Any]:
    """The dataset as plain JSON data in the data-directory format: meta plus one list per table."""
    from ._convert import make_converter

    conv = make_converter()
    meta: dict[str, Any] = dict(ds.meta)
    if "ambiguous_keys" in meta:  # held as "a|b" in memory; a JSON list in the files
        meta["ambiguous_keys"] = meta["ambiguous_keys"].split("|")
    out: dict[str, Any] = {"meta": meta}
    for table, cls in TABLES.items():
        out[table] = [conv.unstructure(r, cls) for r in ds._table(table)]
    return out


def _dump(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def _write(path: pathlib.Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:  # Path.write_text has no newline= on 3.9
        f.write(text)


def export(ds: Dataset, path: Union[str, os.PathLike[str]], format: str = "data-dir") -> list[pathlib.Path]:
    """Write the dataset to the folder ``path`` in ``format``; return the files written."""
    from .exceptions import InvalidQueryError

    if format not in FORMATS:
        raise InvalidQueryError("format", format, FORMATS)
    out = pathlib.Path(path)
    out.mkdir(parents=True, exist_ok=True)
    written: list[pathlib.Path] = []
    if format in ("data-dir", "json"):
        data = unstructured(ds)
        if format == "json":
            target = out / "migorgs.json"
            _write(target, _dump(data))
            return [target]
        target = out / "meta.json"
        _write(target, _dump(data.pop("meta")))
        written.append(target)
        for table, rows in data.items():
            target = out / f"{table}.json"
            _write(target, _dump(rows))
            written.append(target)
        return written
    tables = flat_tables(ds)
    for name, rows in tables.items():
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=COLUMNS[name], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        target = out / f"{name}.csv"
        _write(target, buf.getvalue())
        written.append(target)
    if format == "datapackage":
        target = out / "datapackage.json"
        _write(target, _dump(datapackage(ds)))
        written.append(target)
    return written


def _field(table: str, column: str) -> dict[str, Any]:
    """A Frictionless field descriptor, from the field's one description in the schema."""
    from ._tables import specs

    spec = specs()[table]
    f = dict(spec.columns)[column]
    out: dict[str, Any] = {"name": column, "type": {"int": "integer", "bool": "boolean"}.get(f.kind, "string")}
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
    if column in spec.key or f.required:
        constraints["required"] = True
    if doc:
        out["description"] = doc
    if constraints:
        out["constraints"] = constraints
    return out


def datapackage(ds: Dataset) -> dict[str, Any]:
    """A Frictionless Tabular Data Package descriptor for the CSV export."""
    licence = ds.meta.get("licence", "CC-BY-4.0")
    title, url = _LICENCES.get(licence, (licence, None))
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
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    lic: dict[str, Any] = {"name": licence, "title": title}
    if url:
        lic["path"] = url
    return {
        "profile": "tabular-data-package",
        "name": "migorgs",
        "title": ds.meta.get("title", "migorgs"),
        "version": ds.data_version,
        "licenses": [lic],
        "sources": [{"title": s.title, **({"path": s.url} if s.url else {})} for s in ds.sources()],
        "resources": resources,
    }


# ---------------------------------------------------------------------- diff


def _key(table: str, rec: dict[str, Any]) -> str:
    from ._schema import table_key

    return ":".join(str(rec[k]) for k in table_key(TABLES[table]))


def diff(old: Dataset, new: Dataset) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: per table, records added, removed and changed
    field by field (``{"table": {"added": [...], "removed": [...], "changed": {id: {field: [old, new]}}}}``)."""
    a, b = unstructured(old), unstructured(new)
    result: dict[str, Any] = {"data_version": [old.data_version, new.data_version], "tables": {}}
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
