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
from ._schema import SEP, TABLES, Field, fields

if TYPE_CHECKING:
    import pandas

    from ._panel import Panel

__all__ = ["columns_of", "panel_frame", "plain_cell", "records_frame", "table_frames"]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'migorgs[pandas]'") from exc
    return pandas


def columns_of(cls: type) -> list[tuple[str, Field]]:
    from ._tables import specs

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


def _column(pd: Any, f: Field, values: Any, codes: Any = None) -> Any:
    """One typed column: whole numbers ``Int64`` (from their values, or from ``codes``, a numpy
    int64 array), flags ``boolean``, vocabularies and repeated codes (a field marked
    ``category``) ``category`` (from their values, or from ``codes``, positions in the
    vocabulary or in ``values``), text ``string``."""
    if f.kind == "int":
        if codes is not None:  # whole numbers as a numpy int64 array, none missing
            import numpy as np

            return pd.arrays.IntegerArray(codes, np.zeros(len(codes), dtype=bool))
        return pd.array(values, dtype="Int64")
    if f.kind == "bool":
        return pd.array(values, dtype="boolean")
    if f.kind == "enum":
        categories = list(f.inner.values())
        if codes is not None:
            return pd.Categorical.from_codes(codes, categories=categories)
        return pd.Categorical(values, categories=categories)
    if f.kind == "value":
        return pd.array(values, dtype=object)
    if f.category:  # a repeated code: its sorted distinct values are the categories
        if codes is not None:
            return pd.Categorical.from_codes(codes, categories=values)
        return pd.Categorical(values, categories=sorted({v for v in values if v is not None}))
    return pd.array(values, dtype="string")


def _typed(pd: Any, data: dict[str, list[Any]], columns: Sequence[tuple[str, Field]]) -> pandas.DataFrame:
    out: dict[str, Any] = {}
    for name, f in columns:
        values = data[name]
        out[name] = _column(pd, f, values)
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
    from ._tables import specs

    pd = _pandas()
    out = {}
    for name, rows in tables.items():
        columns = specs()[name].columns
        data = {c: [r.get(c) for r in rows] for c, _ in columns}
        out[name] = _typed(pd, data, columns)
    return out


def panel_frame(panel: Panel) -> pandas.DataFrame:
    """The state-year panel's frame, built from its blocks with numpy: the columns and types
    `records_frame` gives the same rows, without making a record per row."""
    pd = _pandas()
    import numpy as np

    from ._models import MemberStatus, PanelRow
    from ._panel import STATUS_OF_CODE

    blocks, key_year, key_block, _ = panel._layout()
    n_states, n_keys = len(panel.states), len(key_year)
    which = np.frombuffer(key_block, dtype=f"i{key_block.itemsize}") if n_keys else np.zeros(0, np.int32)
    grid = np.empty((n_states, n_keys), dtype=np.int8)
    evidence_grid = np.empty((n_states, n_keys), dtype=np.int8)
    for i, b in enumerate(blocks):
        cols = np.flatnonzero(which == i)  # this body's years, in order (offsets 0 .. n-1)
        grid[:, cols] = np.frombuffer(b.codes, dtype=np.int8).reshape(n_states, b.n)
        evidence_grid[:, cols] = np.frombuffer(b.evidence, dtype=np.int8).reshape(n_states, b.n)
    codes, evidence = grid.ravel(), evidence_grid.ravel()
    # State and body as positions in their sorted lists (the blocks are sorted by body)
    categories: dict[str, Any] = {"state": list(panel.states), "body": [b.body for b in blocks]}
    positions: dict[str, Any] = {
        "state": np.repeat(np.arange(n_states, dtype=np.int32), n_keys),
        "body": np.tile(which.astype(np.int32), n_states),
    }
    numbers = {
        "year": np.tile(np.frombuffer(key_year, dtype=f"i{key_year.itemsize}").astype(np.int64), n_states),
        "code": codes.astype(np.int64),
    }
    # vocabularies as positions in their categories (-1: none); a block's evidence code is
    # already the position of its value in the Evidence vocabulary
    status_pos = {s: i for i, s in enumerate(MemberStatus)}
    status_lut = np.full(256, -1, dtype=np.int16)
    for code, st in STATUS_OF_CODE.items():
        status_lut[code] = status_pos[st]
    enum_codes = {"evidence": evidence, "status": status_lut[codes.astype(np.uint8)]}
    out = {}
    for f in fields(PanelRow):  # a derived record: its columns are its fields (see columns_of)
        name = f.name
        if f.kind == "enum":
            out[name] = _column(pd, f, None, enum_codes[name])
        elif f.kind == "int":
            out[name] = _column(pd, f, None, numbers[name])
        else:
            out[name] = _column(pd, f, categories[name], positions[name])
    return pd.DataFrame(out, copy=False)  # the columns are new: no copy of them
