"""Flat tables: the dataset as rows of plain values, for CSV, SQL, R, spreadsheets and pandas.

Each table has a fixed column list (``COLUMNS``) and a primary key; lists
inside a record become their own table (names, facts, members, partners,
citations, workshops, claims), joined back by the owner's id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ._display import plain
from ._models import Organisation, Process

if TYPE_CHECKING:
    from ._dataset import Dataset, Entity

__all__ = ["COLUMNS", "PRIMARY_KEYS", "FOREIGN_KEYS", "flat_tables"]

Row = dict[str, Any]

COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "kind", "title", "publisher", "url", "as_of", "accessed", "note"),
    "organisations": (
        "id",
        "name",
        "acronym",
        "kind",
        "founded",
        "dissolved",
        "headquarters",
        "headquarters_country",
        "website",
        "summary",
        "sources",
    ),
    "processes": (
        "id",
        "name",
        "acronym",
        "kind",
        "regions",
        "established",
        "ended",
        "status",
        "institution",
        "website",
        "summary",
        "sources",
    ),
    "names": ("entity", "position", "text", "acronym", "kind", "lang", "since", "until", "note", "sources"),
    "facts": ("entity", "position", "key", "value", "unit", "qualifier", "as_of", "note", "sources"),
    "citations": ("entity", "field", "sources"),
    "members": ("process", "as_of", "country", "status", "sources"),
    "involvements": ("id", "org", "process", "role", "since", "until", "as_of", "note", "sources"),
    "partners": ("involvement", "org", "relation"),
    "events": ("id", "date", "kind", "title", "place", "entities", "note", "sources"),
    "publications": ("id", "series", "number", "year", "title", "publishers", "about", "note", "sources"),
    "themes": ("process", "year", "theme", "note", "sources"),
    "workshops": ("process", "year", "position", "title"),
    "conflicts": ("id", "entity", "field", "presented", "note"),
    "claims": ("conflict", "position", "value", "note", "sources"),
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "sources": ("id",),
    "organisations": ("id",),
    "processes": ("id",),
    "names": ("entity", "position"),
    "facts": ("entity", "position"),
    "citations": ("entity", "field"),
    "members": ("process", "as_of", "country"),
    "involvements": ("id",),
    "partners": ("involvement", "org"),
    "events": ("id",),
    "publications": ("id",),
    "themes": ("process", "year"),
    "workshops": ("process", "year", "position"),
    "conflicts": ("id",),
    "claims": ("conflict", "position"),
}

#: (table, column) -> (table, column) it refers to; list columns hold ids joined by "|"
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("processes", "institution"): ("organisations", "id"),
    ("members", "process"): ("processes", "id"),
    ("involvements", "org"): ("organisations", "id"),
    ("involvements", "process"): ("processes", "id"),
    ("partners", "involvement"): ("involvements", "id"),
    ("partners", "org"): ("organisations", "id"),
    ("themes", "process"): ("processes", "id"),
    ("claims", "conflict"): ("conflicts", "id"),
}

SEP = "|"


def _join(values: Any) -> Optional[str]:
    values = plain(values)
    return SEP.join(str(v) for v in values) if values else None


def flat_tables(ds: Dataset) -> dict[str, list[Row]]:
    """Every table as a list of rows (dicts keyed by ``COLUMNS``); list cells are "|"-joined."""
    t: dict[str, list[Row]] = {name: [] for name in COLUMNS}
    for s in ds.sources():
        t["sources"].append({c: plain(getattr(s, c)) for c in COLUMNS["sources"]})
    entities: tuple[Entity, ...] = (*ds.orgs(), *ds.processes())
    for e in entities:
        table = "organisations" if isinstance(e, Organisation) else "processes"
        row = {c: plain(getattr(e, c)) for c in COLUMNS[table]}
        row["sources"] = _join(e.sources)
        if isinstance(e, Process):
            row["regions"] = _join(e.regions)
            for m in e.membership:
                for status, codes in (("member", m.members), ("observer", m.observers)):
                    for code in codes:
                        t["members"].append(
                            {
                                "process": e.id,
                                "as_of": str(m.as_of),
                                "country": code,
                                "status": status,
                                "sources": _join(m.sources),
                            }
                        )
        t[table].append(row)
        for i, n in enumerate(e.names):
            t["names"].append(
                {
                    "entity": e.id,
                    "position": i,
                    **{
                        c: plain(getattr(n, c))
                        for c in ("text", "acronym", "kind", "lang", "since", "until", "note")
                    },
                    "sources": _join(n.sources),
                }
            )
        for i, f in enumerate(e.facts):
            t["facts"].append(
                {
                    "entity": e.id,
                    "position": i,
                    **{
                        c: plain(getattr(f, c))
                        for c in ("key", "value", "unit", "qualifier", "as_of", "note")
                    },
                    "sources": _join(f.sources),
                }
            )
        for c in e.cite:
            t["citations"].append({"entity": e.id, "field": c.field, "sources": _join(c.sources)})
    for inv in ds.involvements():
        t["involvements"].append(
            {
                "id": inv.id,
                **{
                    c: plain(getattr(inv, c))
                    for c in ("org", "process", "role", "since", "until", "as_of", "note")
                },
                "sources": _join(inv.sources),
            }
        )
        for p in inv.partners:
            t["partners"].append({"involvement": inv.id, "org": p.org, "relation": p.relation.value})
    for ev in ds.events():
        t["events"].append(
            {
                **{c: plain(getattr(ev, c)) for c in ("id", "date", "kind", "title", "place", "note")},
                "entities": _join(ev.entities),
                "sources": _join(ev.sources),
            }
        )
    for pub in ds.publications():
        t["publications"].append(
            {
                **{c: plain(getattr(pub, c)) for c in ("id", "series", "number", "year", "title", "note")},
                "publishers": _join(pub.publishers),
                "about": _join(pub.about),
                "sources": _join(pub.sources),
            }
        )
    for th in ds.themes():
        t["themes"].append(
            {
                "process": th.process,
                "year": th.year,
                "theme": th.theme,
                "note": th.note,
                "sources": _join(th.sources),
            }
        )
        for i, w in enumerate(th.workshops):
            t["workshops"].append({"process": th.process, "year": th.year, "position": i, "title": w})
    for co in ds.conflicts():
        t["conflicts"].append({c: getattr(co, c) for c in COLUMNS["conflicts"]})
        for i, cl in enumerate(co.claims):
            t["claims"].append(
                {
                    "conflict": co.id,
                    "position": i,
                    "value": cl.value,
                    "note": cl.note,
                    "sources": _join(cl.sources),
                }
            )
    return {name: [{c: r.get(c) for c in COLUMNS[name]} for r in rows] for name, rows in t.items()}
