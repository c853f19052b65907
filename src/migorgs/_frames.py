"""pandas frames: tidy, typed, derived from the one description of the records.

One row per record; the scalar columns of the record's flat table (the same
columns, order and "|"-joined lists as the CSV export, see `_tables`); records
inside records (names, facts, ...) are their own frames in
``Dataset.to_pandas()``. Dates stay strings at their source's precision, with a
numeric ``<date>_year`` column beside each; whole numbers are ``Int64``, text
``string``, vocabularies ``category``, flags ``boolean``. pandas is imported
only here, and only when a frame is asked for.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._dates import PartialDate
from ._schema import TABLES, Field, fields
from ._tables import SEP, specs

if TYPE_CHECKING:
    import pandas

__all__ = ["columns_of", "plain_cell", "records_frame", "table_frames"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'migorgs[pandas]'") from exc
    return pandas


def columns_of(cls: type) -> list[tuple[str, Field]]:
    for table, c in TABLES.items():
        if c is cls:
            return specs()[table].columns
    for spec in specs().values():
        if spec.cls is cls and spec.owner is None:
            return spec.columns
    # derived records (spells, panel rows): their scalar and list fields, in declaration order
    return [(f.name, f) for f in fields(cls) if f.scalar or f.kind in ("strs", "enums")]


def plain_cell(f: Field, v: Any) -> Any:
    if v is None:
        return None
    if f.kind in ("strs", "enums"):
        return SEP.join(str(x.value if isinstance(x, enum.Enum) else x) for x in v) if v else None
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, PartialDate):
        return str(v)
    return v


def _typed(pd: Any, data: dict[str, list[Any]], columns: Sequence[tuple[str, Field]]) -> pandas.DataFrame:
    out: dict[str, Any] = {}
    for name, f in columns:
        values = data[name]
        if f.kind == "int":
            out[name] = pd.array(values, dtype="Int64")
        elif f.kind == "bool":
            out[name] = pd.array(values, dtype="boolean")
        elif f.kind == "enum":
            out[name] = pd.Categorical(values, categories=list(f.inner.values()))
        elif f.kind == "value":
            out[name] = pd.array(values, dtype=object)
        else:
            out[name] = pd.array(values, dtype="string")
        if f.kind == "date":
            out[f"{name}_year"] = pd.array(
                [None if v is None else PartialDate.parse(v).year for v in values], dtype="Int64"
            )
    return pd.DataFrame(out)


def records_frame(records: Sequence[Any]) -> pandas.DataFrame:
    """A typed frame of records of one kind, built column by column (fast for large panels)."""
    pd = _pandas()
    import attrs

    from ._display import plain

    kinds = {type(r) for r in records}
    if len(kinds) != 1 or not attrs.has(next(iter(kinds))):
        return pd.DataFrame.from_records([plain(r) for r in records])
    try:
        columns = columns_of(next(iter(kinds)))
    except TypeError:  # a record of another shape (a search Match holds an entity): plain rows
        return pd.DataFrame.from_records([plain(r) for r in records])
    data = {name: [plain_cell(f, getattr(r, name)) for r in records] for name, f in columns}
    return _typed(pd, data, columns)


def table_frames(tables: dict[str, list[dict[str, Any]]]) -> dict[str, pandas.DataFrame]:
    """Every flat table (`flat_tables`) as a typed frame."""
    pd = _pandas()
    out = {}
    for name, rows in tables.items():
        columns = specs()[name].columns
        data = {c: [r.get(c) for r in rows] for c, _ in columns}
        out[name] = _typed(pd, data, columns)
    return out
