"""The card ``migorgs show`` prints: one entity, in sections that fit the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._models import Involvement, NameKind, Organisation, Process, ProcessStatus
from ._term import Term, human, number

if TYPE_CHECKING:
    from ._dataset import Dataset, Entity

__all__ = ["card", "label", "period", "short_label"]


def period(since: Any, until: Any) -> str:
    if since is None and until is None:
        return ""
    return f"{since or '?'}–{until or ''}"


def label(ent: Entity) -> str:
    """The common name, with the acronym when it is not already in it."""
    name = ent.common_name
    return f"{name} ({ent.acronym})" if ent.acronym and ent.acronym not in name else name


def short_label(ds: Dataset, eid: str) -> str:
    """An entity as briefly as it is known: its acronym, else its common name."""
    ent = ds._entity_by_id.get(eid)
    if ent is None:
        return eid
    return ent.acronym or ent.common_name


class _Refs:
    """Source ids numbered in the order the card first cites them."""

    def __init__(self) -> None:
        self.order: dict[str, int] = {}

    def __call__(self, ids: tuple[str, ...]) -> str:
        nums = [self.order.setdefault(s, len(self.order) + 1) for s in ids]
        return "[" + ", ".join(map(str, nums)) + "]" if nums else ""


def _facts_line(ent: Entity) -> str:
    facts = []
    if ent.kind is not None:
        facts.append(human(str(ent.kind)))
    if isinstance(ent, Organisation):
        if ent.founded:
            facts.append(f"founded {ent.founded}")
        if ent.dissolved:
            facts.append(f"dissolved {ent.dissolved}")
        if ent.headquarters:
            where = ent.headquarters + (f" ({ent.headquarters_country})" if ent.headquarters_country else "")
            facts.append(f"headquarters {where}")
    else:
        if ent.regions:
            facts.append(", ".join(human(str(r)).title() for r in ent.regions))
        if ent.established:
            facts.append(f"established {ent.established}")
        if ent.ended:
            facts.append(f"ended {ent.ended}")
        if ent.status and not (ent.ended and ent.status is ProcessStatus.ENDED):
            facts.append(str(ent.status))
        earlier = [c for c in ent.classifications if c.kind is not ent.kind]
        if earlier:
            last = max(earlier, key=lambda c: c.date)
            facts.append(f"listed as a {human(str(last.kind))} as of {last.date}")
        if ent.successor:
            facts.append(f"succeeded by {ent.successor} ({ent.succeeded})")
    line = " · ".join(facts)
    return line[:1].upper() + line[1:]


def _role_text(ds: Dataset, inv: Involvement, shown: str) -> str:
    """The role and who else stands in it, leaving out the entity the card is about."""
    parts = [human(inv.role.value)]
    if inv.org != shown and inv.process != shown:
        parts.append(f"held by {short_label(ds, inv.org)}")
    for p in inv.partners:
        if p.org != shown:
            parts.append(f"{human(p.relation.value)} {short_label(ds, p.org)}")
    return parts[0] + (f" ({'; '.join(parts[1:])})" if len(parts) > 1 else "")


def _when(inv: Involvement) -> str:
    return period(inv.since, inv.until) or (f"as of {inv.as_of}" if inv.as_of else "")


def card(ds: Dataset, ent: Entity, term: Term) -> list[str]:
    """The lines of the card of ``ent``."""
    t = term
    refs = _Refs()
    out: list[str] = []
    title = label(ent)
    if len(title) + 2 + len(ent.id) < t.width:
        out.append(t.bold(title) + " " * (t.width - 1 - len(title) - len(ent.id)) + t.dim(ent.id))
    else:
        out += [t.bold(line) for line in t.wrap(title)] + [t.dim(ent.id)]
    if ent.common_name != ent.name:
        out += t.wrap(f"official name: {ent.name}", hang=2)
    line = _facts_line(ent)
    if line:
        out += t.wrap(line, hang=2)
    if isinstance(ent, Process) and ent.institution:
        out += t.wrap(f"institution: {label(ds._entity_by_id[ent.institution])}", hang=2)
    if ent.website:
        out.append(f"website: {ent.website}")
    if ent.summary:
        out += ["", *t.wrap(ent.summary)]

    def section(title: str, lines: list[str]) -> None:
        if lines:
            out.extend(["", t.section(title), *lines])

    names = sorted(
        ent.names,
        key=lambda n: (
            n.kind in (NameKind.TRANSLATION, NameKind.VARIANT),
            n.kind is NameKind.VARIANT,
            str(n.since or ""),
            n.lang != "en",
        ),
    )
    rows = []
    for n in names:
        tag = n.kind.value + ("" if n.lang == "en" else f", {n.lang}")
        text = n.text + (f" ({n.acronym})" if n.acronym and n.acronym not in n.text else "")
        rows.append([period(n.since, n.until), text, f"{tag} {refs(n.sources)}"])
    section("Names", t.table(rows, caps=[11, None, 26], flex=1, indent=2, styles=[None, None, t.dim]))

    rows = []
    last_key = None
    for f in sorted(ent.facts, key=lambda f: (f.key, f.as_of)):
        value = number(f.value)
        value = (f"{f.qualifier.phrase} {value}" if f.qualifier else value) + (f" {f.unit}" if f.unit else "")
        rows.append(["" if f.key == last_key else human(f.key), value, f"as of {f.as_of}", refs(f.sources)])
        last_key = f.key
    section(
        "Facts", t.table(rows, caps=[24, None, 16, 12], flex=1, indent=2, styles=[None, None, None, t.dim])
    )

    heads = ds.heads(ent.id)
    if heads:
        rows = [
            [period(h.since or h.as_of, h.until), f"{h.person}, {h.title}", refs(h.sources)] for h in heads
        ]
        section("Heads", t.table(rows, caps=[23, None, 12], flex=1, indent=2, styles=[None, None, t.dim]))

    spells = ds.members(ent.id) if ds.snapshots(ent.id) or ds.membership_events(ent.id) else ()
    if spells:
        newest = max((s.last_seen for s in spells), key=lambda d: (d.year, d.month or 12, d.day or 31))
        for status in ("member", "associate", "observer", "suspended"):
            codes = [s.state for s in spells if s.status.value == status]
            if codes:
                section(f"{status.capitalize()} States ({len(codes)}, newest evidence {newest})",
                        t.wrap(" ".join(codes), indent=2))  # fmt: skip
        out.extend(t.wrap(f"spells and their sources: migorgs members {ent.id}", indent=2))

    roles = ds.state_roles(ent.id)
    if roles:
        shown = sorted(roles, key=lambda r: str(r.since or r.as_of or ""), reverse=True)[:8]
        rows = [
            [
                period(r.since, r.until) if r.since else f"as of {r.as_of}",
                r.role.value,
                r.state,
                refs(r.sources),
            ]
            for r in shown
        ]
        more = f" (newest {len(shown)} of {len(roles)})" if len(roles) > 8 else ""
        section(
            f"Chairs and hosts{more}",
            t.table(rows, caps=[23, 16, None, 12], flex=1, indent=2, styles=[None, None, None, t.dim]),
        )

    if isinstance(ent, Organisation):
        invs = ds.involvements(org=ent.id)
        other = "process"
    else:
        invs = ds.involvements(process=ent.id)
        other = "org"

    def sort_key(inv: Involvement) -> tuple[str, str, str]:
        who = ds._entity_by_id.get(getattr(inv, other))
        name = who.common_name.casefold() if who is not None else getattr(inv, other)
        return (name, str(inv.since or inv.as_of or ""), inv.role.value)

    groups: dict[str, list[Involvement]] = {}
    for inv in sorted(invs, key=sort_key):
        groups.setdefault(getattr(inv, other), []).append(inv)
    rows = [
        [_role_text(ds, inv, ent.id), _when(inv), refs(inv.sources)] for g in groups.values() for inv in g
    ]
    laid = iter(t.table_rows(rows, caps=[None, 16, 12], flex=0, indent=4, styles=[None, None, t.dim]))
    lines = []
    for eid, group in groups.items():
        who = ds._entity_by_id.get(eid)
        lines += t.wrap(label(who) if who is not None else eid, indent=2, hang=4)
        for _ in group:
            lines += next(laid)
    heading = "Roles in processes" if isinstance(ent, Organisation) else "Organisations and their roles"
    section(f"{heading} ({len(invs)})", lines)

    lines = []
    for c in ds.conflicts(ent.id):
        claims = "; ".join(f"{cl.value} {refs(cl.sources)}" for cl in c.claims)
        lines += t.wrap(f"{human(c.field)}: shown as {c.presented!r}; sources say {claims}", indent=2, hang=4)
    section("Recorded conflicts", lines)

    for s in ent.sources:
        refs((s,))
    lines = []
    for sid, num in refs.order.items():
        src = ds._source_by_id.get(sid)
        if src is None:
            lines.append(f"  [{num}] {sid}")
            continue
        lead = f"[{num}] "
        text = f"{src.title}. {src.publisher}, as of {src.as_of}. ({sid})"
        lines += t.wrap(lead + text, indent=2, hang=2 + len(lead))
        if src.url:
            lines.append(" " * (2 + len(lead)) + t.accent(src.url))
    section("Sources", lines)
    return out
