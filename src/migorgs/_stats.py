"""The coverage report behind ``migorgs stats``: counts, fields filled, share sourced, conflicts."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ._check import CITEABLE
from ._models import Organisation, Process

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["stats", "stats_text"]


def stats(ds: Dataset) -> dict[str, Any]:
    """Coverage figures for a dataset, as plain data."""
    counts: dict[str, Any] = {
        "organisations": len(ds.orgs()),
        "processes": len(ds.processes()),
        "involvements": len(ds.involvements()),
        "sources": len(ds.sources()),
        "events": len(ds.events()),
        "publications": len(ds.publications()),
        "themes": len(ds.themes()),
        "conflicts": len(ds.conflicts()),
        "organisations_by_kind": dict(sorted(Counter(str(o.kind or "unknown") for o in ds.orgs()).items())),
        "processes_by_kind": dict(sorted(Counter(str(p.kind or "unknown") for p in ds.processes()).items())),
        "involvements_by_role": dict(sorted(Counter(str(i.role) for i in ds.involvements()).items())),
        "sources_by_kind": dict(sorted(Counter(str(s.kind) for s in ds.sources()).items())),
        "processes_with_members": len({s.body for s in ds.snapshots()} & {p.id for p in ds.processes()}),
        "bodies_with_membership_evidence": len(
            {s.body for s in ds.snapshots()} | {e.body for e in ds.membership_events()}
        ),
        "snapshots": len(ds.snapshots()),
        "membership_events": len(ds.membership_events()),
        "state_roles": len(ds.state_roles()),
    }
    filled: dict[str, dict[str, float]] = {}
    values = sourced = 0
    for cls, ents in ((Organisation, ds.orgs()), (Process, ds.processes())):
        table = "organisations" if cls is Organisation else "processes"
        filled[table] = {}
        for field in CITEABLE[cls]:
            have = [e for e in ents if getattr(e, field) not in (None, ())]
            filled[table][field] = round(len(have) / len(ents), 3) if ents else 0.0
            values += len(have)
            sourced += sum(1 for e in have if e.sources_for(field))
        for e in ents:
            for part in (e.names, e.facts):
                values += len(part)
                sourced += sum(1 for x in part if x.sources)
            values += 1  # the record itself (its summary)
            sourced += bool(e.sources)
    for table in (
        "involvements",
        "events",
        "publications",
        "themes",
        "snapshots",
        "membership_events",
        "state_roles",
    ):
        recs = ds._table(table)
        values += len(recs)
        sourced += sum(1 for r in recs if r.sources)
    return {
        "data_version": ds.data_version,
        "counts": counts,
        "sources_as_of": _as_of_range(ds),
        "filled": filled,
        "values": values,
        "sourced": sourced,
        "share_sourced": round(sourced / values, 4) if values else 1.0,
        "conflicts": [
            {
                "id": c.id,
                "entity": c.entity,
                "field": c.field,
                "presented": c.presented,
                "claims": [cl.value for cl in c.claims],
            }
            for c in ds.conflicts()
        ],
    }


def _as_of_range(ds: Dataset) -> dict[str, Any]:
    """The oldest and newest as-of dates of the sources, each with the sources that have it."""
    srcs = ds.sources()
    if not srcs:
        return {"oldest": None, "newest": None, "oldest_sources": [], "newest_sources": []}
    oldest = min(s.as_of for s in srcs)
    newest = max(s.as_of for s in srcs)
    return {
        "oldest": str(oldest),
        "newest": str(newest),
        "oldest_sources": [s.id for s in srcs if s.as_of == oldest],
        "newest_sources": [s.id for s in srcs if s.as_of == newest],
    }


def _ids(ids: list[str], shown: int = 3) -> str:
    more = f", ... {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def stats_text(s: dict[str, Any]) -> str:
    c = s["counts"]
    lines = [f"migorgs data {s['data_version']}", ""]
    for k in (
        "organisations",
        "processes",
        "involvements",
        "sources",
        "events",
        "publications",
        "themes",
        "conflicts",
    ):
        lines.append(f"{k:<14} {c[k]:>5}")
    span = s["sources_as_of"]
    if span["oldest"] is not None:
        lines.append("")
        lines.append(f"sources as of: oldest {span['oldest']} ({_ids(span['oldest_sources'])})")
        lines.append(f"               newest {span['newest']} ({_ids(span['newest_sources'])})")
    for k in ("organisations_by_kind", "processes_by_kind", "involvements_by_role", "sources_by_kind"):
        lines.append("")
        lines.append(k.replace("_", " ") + ":")
        lines += [f"  {kind:<34} {n:>4}" for kind, n in c[k].items()]
    lines.append(f"\nprocesses with member lists: {c['processes_with_members']}")
    for table, fields in s["filled"].items():
        lines.append(f"\nfields filled, {table}:")
        lines += [f"  {f:<22} {share:>6.0%}" for f, share in fields.items()]
    lines.append(f"\nvalues sourced: {s['sourced']}/{s['values']} ({s['share_sourced']:.1%})")
    lines.append(f"\nrecorded conflicts ({len(s['conflicts'])}):")
    lines += [
        f"  {x['entity']}.{x['field']}: presented {x['presented']!r} of {x['claims']}" for x in s["conflicts"]
    ]
    return "\n".join(lines) + "\n"
