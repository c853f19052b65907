"""Flat tables: the dataset as rows of plain values, for CSV, SQL, R, spreadsheets and pandas.

Derived from the one description of the records (`_schema`): each table's
columns are its record's scalar fields (id, name, acronym and kind first, then
dates, then the rest, notes and sources last); a list of strings or enum values
is one cell, its items joined by "|"; a list of records, or one marked as a table
of its own, becomes a child table (names, facts, citations, partners, claims,
workshops, stated counts) keyed by its owner and a position.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._display import plain
from ._schema import SEP, TABLES, Field, fields, table_key

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = [
    "COLUMNS", "DERIVED", "FOREIGN_KEYS", "PRIMARY_KEYS", "SEP", "TableSpec", "children", "derived_columns",
    "derived_tables", "flat_tables", "specs",
]  # fmt: skip

Row = dict[str, Any]

_FIRST = ("id", "code", "name", "acronym", "kind", "body", "state", "org", "process", "entity")
_LAST = ("summary", "note", "sources")
#: the column naming the owner of a child table's rows, by owning table
_OWNER = {"organisations": "entity", "processes": "entity", "involvements": "involvement",
          "conflicts": "conflict", "themes": "process", "snapshots": "snapshot"}  # fmt: skip


def _order(fs: list[Field]) -> list[Field]:
    def rank(f: Field) -> tuple[int, int]:
        if f.name in _FIRST:
            return (0, _FIRST.index(f.name))
        if f.name in _LAST:
            return (3, _LAST.index(f.name))
        if f.kind == "date" or f.name in ("year", "since", "until"):
            return (1, 0)
        return (2, 0)

    return sorted(fs, key=rank)  # stable: declaration order within a rank


class TableSpec:
    """One flat table: its columns (with their fields), primary key and where its rows come from."""

    def __init__(self, name: str, cls: type, columns: list[tuple[str, Field]], key: tuple[str, ...],
                 owner: Optional[tuple[str, str, Field]] = None) -> None:  # fmt: skip
        self.name = name
        self.cls = cls
        self.columns = columns
        self.key = key
        #: (owning table, owner column, the owner's list field) for a child table
        self.owner = owner


_SPECS: dict[str, TableSpec] = {}


def specs() -> dict[str, TableSpec]:
    """Every flat table, in export order, derived from the record classes."""
    if _SPECS:
        return _SPECS
    out: dict[str, TableSpec] = {}
    children: list[TableSpec] = []
    for table, cls in TABLES.items():
        fs = fields(cls)
        cols = [
            (f.name, f)
            for f in _order([f for f in fs if f.scalar or (f.kind in ("strs", "enums") and not f.table)])
        ]
        key = table_key(cls)
        if cls.__name__ == "Involvement":
            cols.insert(
                0, ("id", Field("id", "str", "the role's id: org:process:role", True, False, False, None))
            )
            key = ("id",)
        out[table] = TableSpec(table, cls, cols, key)
        owner_col = _OWNER.get(table, table.rstrip("s"))
        for f in fs:
            if not f.table or f.table in {c.name for c in children}:
                continue
            owner_field = Field(owner_col, "str", f"id of the owning {table[:-1]}", True, False, True, None)
            if f.kind in ("strs", "enums"):
                value = Field(f.value_column or "value", "str", f.doc, True, False, True, None)
                ccols = [(owner_col, owner_field), *(("year", g) for g in fs if g.name == "year"),
                         ("position", _POSITION), (value.name, value)]  # fmt: skip
                ckey = tuple(c for c, _ in ccols[:-1])
            else:
                inner = fields(f.inner)
                mapping = f.mapping is not None
                ccols = [(owner_col, owner_field)]
                if not mapping and f.table != "partners":
                    ccols.append(("position", _POSITION))
                ccols += [
                    (g.name, g) for g in _order([g for g in inner if g.scalar or g.kind in ("strs", "enums")])
                ]
                if f.mapping is not None:
                    ckey = (owner_col, f.mapping[0])
                else:
                    ckey = (owner_col, "org") if f.table == "partners" else (owner_col, "position")
            children.append(TableSpec(f.table, f.inner, ccols, ckey, (table, owner_col, f)))
    # child tables follow their owners
    for c in children:
        out[c.name] = c
    _SPECS.update(out)
    return _SPECS


_POSITION = Field("position", "int", "its place in the owner's list, from 0", True, False, True, None)


#: tables derived from the evidence by the library's rules: in the Data Package export, never read back
DERIVED: dict[str, tuple[str, tuple[str, ...]]] = {
    "spells": ("Spell", ("body", "state", "status", "start")),
    "panel": ("PanelRow", ("state", "body", "year")),
}


def derived_columns(name: str) -> list[tuple[str, Field]]:
    """The columns of a derived table: its record's fields, in declaration order."""
    from . import _models

    cls = getattr(_models, DERIVED[name][0])
    return [(f.name, f) for f in fields(cls) if f.scalar or f.kind in ("strs", "enums")]


def derived_tables(ds: Dataset) -> dict[str, list[Row]]:
    """The spells and the state-year panel as flat rows (lists "|"-joined)."""
    cols = derived_columns("spells")
    out: dict[str, list[Row]] = {
        "spells": [{c: _cell(f, getattr(r, c)) for c, f in cols} for r in ds.spells()]
    }
    out["panel"] = ds.membership_panel().to_records()  # its rows hold no lists: plain values are the cells
    return out


def children(name: str) -> list[tuple[TableSpec, Field, str]]:
    """The child tables of table ``name``: (child spec, the owning list field, the owner column)."""
    sp = specs()
    out = []
    for f in fields(sp[name].cls):
        if f.table and f.table in sp and sp[f.table].owner is not None:
            out.append((sp[f.table], f, sp[f.table].owner[1]))  # type: ignore[index]
    return out


def _cell(f: Field, value: Any) -> Any:
    if f.kind in ("strs", "enums"):
        return SEP.join(str(v) for v in plain(value)) if value else None
    return plain(value)


def _owner_id(table: str, rec: Any) -> Any:
    if table == "themes":
        return rec.process
    return rec.code if table == "states" else rec.id


def flat_tables(ds: Dataset) -> dict[str, list[Row]]:
    """Every table as a list of rows (dicts keyed by ``COLUMNS``); list cells are "|"-joined."""
    sp = specs()
    out: dict[str, list[Row]] = {name: [] for name in sp}
    for name, spec in sp.items():
        if spec.owner is not None:
            continue
        kids = children(name)
        for rec in ds._table(name):
            out[name].append({c: _cell(f, getattr(rec, c)) for c, f in spec.columns})
            for kid, lf, owner_col in kids:
                owner = _owner_id(name, rec)
                for i, item in enumerate(getattr(rec, lf.name)):
                    row: Row = {owner_col: owner}
                    if "year" in (c for c, _ in kid.columns) and name == "themes":
                        row["year"] = rec.year
                    if lf.kind in ("strs", "enums"):
                        row["position"] = i
                        row[kid.columns[-1][0]] = plain(item)
                    else:
                        for c, f in kid.columns:
                            if c == "position":
                                row[c] = i
                            elif c != owner_col:
                                row[c] = _cell(f, getattr(item, c))
                    out[kid.name].append(row)
    return {name: [{c: r.get(c) for c, _ in sp[name].columns} for r in rows] for name, rows in out.items()}


def _columns() -> dict[str, tuple[str, ...]]:
    return {name: tuple(c for c, _ in s.columns) for name, s in specs().items()}


def _foreign_keys() -> dict[tuple[str, str], tuple[str, str]]:
    fk: dict[tuple[str, str], tuple[str, str]] = {}
    owners: dict[str, list[str]] = {}
    for name, s in specs().items():
        if s.owner is None:
            for kid, _, _ in children(name):
                owners.setdefault(kid.name, []).append(name)
    for name, s in specs().items():
        if s.owner is not None:
            owner_table, owner_col, _ = s.owner
            # names and facts belong to organisations or processes: no single table to refer to
            if owner_table != "themes" and len(owners.get(name, ())) == 1:
                fk[(name, owner_col)] = (owner_table, "code" if owner_table == "states" else "id")
        cols = {c for c, _ in s.columns}
        for col, target in (
            ("process", "processes"),
            ("org", "organisations"),
            ("institution", "organisations"),
        ):
            if col in cols and (name, col) not in fk and name != target:
                fk[(name, col)] = (target, "id")
    return fk


#: table -> its column names (derived from the record classes)
COLUMNS: dict[str, tuple[str, ...]] = _columns()
#: table -> the columns that identify a row
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {n: s.key for n, s in specs().items()}
#: (table, column) -> (table, column) it refers to
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = _foreign_keys()
