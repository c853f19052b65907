"""Notebook display: a card for one record, a table for a list of records, short labels for reprs.

Imported only when a notebook asks for HTML (or a command prints JSON), never by
``import migorgs``. Every piece of text is escaped; links are made only from
``http(s)`` urls. The markup carries no colours or backgrounds of its own: text,
borders and rules use the notebook's colours (``currentColor``), so a card reads
the same in light and dark themes, and every cell is left-aligned.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Optional

import attrs

from ._dates import PartialDate
from ._models import (
    AnnualTheme,
    BodyYear,
    Citation,
    Claim,
    Conflict,
    DyadYear,
    Event,
    Fact,
    Involvement,
    Name,
    Organisation,
    PanelRow,
    Partner,
    Process,
    Publication,
    Spell,
    State,
)
from ._search import Match

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["label", "plain", "record_html", "records_html", "records_repr"]

#: rows a results table shows before it summarises the rest
TABLE_LIMIT = 25
#: rows a section of a card shows before it summarises the rest
CARD_LIMIT = 30

_BOX = "text-align:left;line-height:1.45;max-width:72em"
_TABLE = "border-collapse:collapse;table-layout:auto;margin:0.2em 0 0.6em 0;text-align:left"
_CELL = "text-align:left;vertical-align:top;padding:1px 12px 1px 0"
_HEAD = _CELL + ";font-weight:600;border-bottom:1px solid currentColor"
_SECTION = "font-weight:600;margin:0.7em 0 0.1em 0"
_MUTED = "opacity:0.72"
_COUNT = "opacity:0.72;margin:0.1em 0 0.6em 0"


def plain(value: Any) -> Any:
    """A value as JSON-ready data: enums to their values, dates to ISO strings, records to dicts."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------- small pieces


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _text(value: Any) -> str:
    """A value as short readable text (not a Python repr)."""
    if value is None or value == ():
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (tuple, list)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, Partner):
        return f"{value.relation.value.replace('-', ' ')} {value.org}"
    if isinstance(value, Claim):
        return f"{value.value} ({', '.join(value.sources)})"
    if attrs.has(type(value)) and not isinstance(value, PartialDate):
        return label(value)
    return str(value)


def _link(url: Optional[str], text: str, title: str = "") -> str:
    """``text`` (escaped) as a link to ``url`` when that is an http(s) url, else plain."""
    tip = f' title="{_e(title)}"' if title else ""
    if url and url.lower().startswith(("https://", "http://")):
        return f'<a href="{_e(url)}" target="_blank" rel="noopener"{tip}>{_e(text)}</a>'
    return f"<span{tip}>{_e(text)}</span>" if tip else _e(text)


def _table(
    head: Optional[Sequence[str]], rows: Sequence[Sequence[str]], limit: int = 10**6, rest: str = ""
) -> str:
    """A table of already-escaped cells (no header row when ``head`` is None); rows past
    ``limit`` summarised in a last line."""
    thead = ""
    if head is not None:
        th = "".join(f'<th style="{_HEAD}">{_e(h)}</th>' for h in head)
        thead = f"<thead><tr>{th}</tr></thead>"
    body = "".join(
        "<tr>" + "".join(f'<td style="{_CELL}">{c}</td>' for c in row) + "</tr>" for row in rows[:limit]
    )
    out = f'<table style="{_TABLE}">{thead}<tbody>{body}</tbody></table>'
    if len(rows) > limit:
        out += f'<div style="{_COUNT}">… {len(rows) - limit} more{rest}</div>'
    return out


def _section(title: str, content: str) -> str:
    return f'<div style="{_SECTION}">{_e(title)}</div>{content}'


def _period(since: Any, until: Any, as_of: Any = None) -> str:
    if since is None and until is None:
        return f"as of {as_of}" if as_of is not None else ""
    return f"{since or '?'}–{until or ''}"


# ---------------------------------------------------------------------------- labels and reprs


def label(record: Any) -> str:
    """A few words that identify a record (its id where it has one), for reprs and summaries."""
    if isinstance(record, Match):
        return f"{label(record.entity)} ({record.score:.2f})"
    if isinstance(record, Name):
        return record.text
    if isinstance(record, Fact):
        return f"{record.key}={record.value} ({record.as_of})"
    if isinstance(record, AnnualTheme):
        return f"{record.process} {record.year}"
    if isinstance(record, Spell):
        return f"{record.state} in {record.body}"
    if isinstance(record, PanelRow):
        return f"{record.state} {record.body} {record.year}"
    if isinstance(record, BodyYear):
        return f"{record.body} {record.year}"
    if isinstance(record, DyadYear):
        return f"{record.state_a}-{record.state_b} {record.body} {record.year}"
    if isinstance(record, State):
        return record.code
    if isinstance(record, Partner):
        return record.org
    if isinstance(record, Citation):
        return record.field
    if isinstance(record, Claim):
        return record.value
    rid = getattr(record, "id", None)
    if isinstance(rid, str):
        return rid
    return repr(record)


def _kinds(records: Sequence[Any]) -> str:
    names = sorted({type(r).__name__ for r in records})
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


def records_repr(records: Sequence[Any], shown: int = 3, width: int = 50) -> str:
    """``<Records: 42 Process: 'a', 'b', 'c', ... 39 more>``: a count, the type and a few labels."""
    if not records:
        return "<Records: empty>"
    labels = []
    for r in records[:shown]:
        text = label(r)
        labels.append(repr(text if len(text) <= width else text[: width - 1] + "…"))
    more = f", ... {len(records) - shown} more" if len(records) > shown else ""
    return f"<Records: {len(records)} {_kinds(records)}: {', '.join(labels)}{more}>"


# ---------------------------------------------------------------------------- the dataset of a record


def _dataset_of(record: Any) -> Optional[Dataset]:
    """The loaded dataset that holds this very record (roles and sources come from it), if any.

    Only the packaged dataset, and only once it is loaded: showing a record never loads data.
    """
    import migorgs

    ds = migorgs._default
    if ds is None:
        return None
    rid = getattr(record, "id", None)
    if isinstance(rid, str) and (ds._entity_by_id.get(rid) is record or ds._source_by_id.get(rid) is record):
        return ds
    return ds if any(record is x for x in _tables_holding(ds, record)) else None


def _tables_holding(ds: Dataset, record: Any) -> Iterable[Any]:
    tables: dict[type, str] = {
        Involvement: "involvements",
        Event: "events",
        Publication: "publications",
        AnnualTheme: "themes",
        Conflict: "conflicts",
    }
    table = tables.get(type(record))
    return ds._table(table) if table else ()


class _Refs:
    """Source ids as links, and the list of the sources a card has cited."""

    def __init__(self, ds: Optional[Dataset]) -> None:
        self.ds = ds
        self.cited: dict[str, None] = {}

    def __call__(self, ids: Iterable[str]) -> str:
        out = []
        for sid in ids:
            self.cited[sid] = None
            src = self.ds._source_by_id.get(sid) if self.ds is not None else None
            if src is None:
                out.append(_e(sid))
            else:
                out.append(_link(src.url, sid, f"{src.title} ({src.publisher}), as of {src.as_of}"))
        return ", ".join(out)

    def section(self) -> str:
        if not self.cited:
            return ""
        rows = []
        for sid in self.cited:
            src = self.ds._source_by_id.get(sid) if self.ds is not None else None
            if src is None:
                rows.append([_e(sid), "", "", ""])
            else:
                rows.append([_e(sid), _link(src.url, src.title), _e(src.publisher), _e(src.as_of)])
        return _section("Sources", _table(("id", "title", "publisher", "as of"), rows))


def _entity_name(ds: Optional[Dataset], eid: str) -> str:
    """An entity id as 'Name (ACRONYM)' when the dataset knows it."""
    ent = ds._entity_by_id.get(eid) if ds is not None else None
    if ent is None:
        return _e(eid)
    short = f" ({ent.acronym})" if ent.acronym and ent.acronym != ent.name else ""
    return f'<span title="{_e(eid)}">{_e(ent.name + short)}</span>'


# ---------------------------------------------------------------------------- record cards


def _heading(title: str, subtitle: str) -> str:
    return (
        f'<div style="font-size:1.15em;font-weight:600;margin-bottom:0.1em">{title}</div>'
        f'<div style="{_MUTED};margin-bottom:0.4em">{subtitle}</div>'
    )


def _key_facts(rows: list[tuple[str, str, str]]) -> str:
    """The record's main fields as a label / value / sources table (empty fields left out)."""
    kept = [[_e(k), v, s] for k, v, s in rows if v]
    return _table(None, kept) if kept else ""


_NAME_ORDER = ("official", "former", "translation", "variant")
#: the order roles are listed in on a card: who runs a process first
_ROLE_ORDER = ("secretariat", "host", "lead", "coordinator", "secretariat-support", "member", "observer")


def _number(value: object) -> str:
    return (
        f"{value:,}"
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000
        else str(value)
    )


def _names_table(record: Any, refs: _Refs) -> str:
    # the dated names first, as a timeline; then undated translations and variants
    names = sorted(
        record.names,
        key=lambda n: (n.since is None, n.since or PartialDate(1), _NAME_ORDER.index(n.kind.value), n.lang),
    )
    rows = [
        [
            _e(_period(n.since, n.until)),
            _e(n.text),
            _e(n.acronym or ""),
            _e(n.kind.value),
            _e(n.lang),
            refs(n.sources),
        ]
        for n in names
    ]
    head = ("period", "name", "acronym", "kind", "lang", "sources")
    return _section("Names over time", _table(head, rows, CARD_LIMIT))


def _facts_table(record: Any, refs: _Refs) -> str:
    if not record.facts:
        return ""
    facts = sorted(record.facts, key=lambda f: (f.key, f.as_of))
    rows = [
        [
            _e(f.key.replace("_", " ")),
            _e(
                " ".join(
                    _number(x) for x in (f.qualifier and f.qualifier.phrase, f.value, f.unit) if x is not None
                )
            ),
            _e(f.as_of),
            refs(f.sources),
        ]
        for f in facts
    ]
    return _section("Facts", _table(("fact", "value", "as of", "sources"), rows, CARD_LIMIT))


def _roles_table(ds: Optional[Dataset], record: Any, refs: _Refs, of_org: bool) -> str:
    if ds is None:
        return ""
    if of_org:
        invs = [i for i in ds._involvements if record.id in i.holders]
    else:
        invs = [i for i in ds._involvements if i.process == record.id]
    if not invs:
        return ""

    def ended(i: Any) -> bool:
        return i.until is not None or ds._entity_by_id[i.process].end is not None

    def order(i: Any) -> tuple[Any, ...]:
        other = ds._entity_by_id.get(i.process if of_org else i.org)
        role = i.role.value
        return (ended(i), _ROLE_ORDER.index(role) if role in _ROLE_ORDER else 99, other.name if other else "")

    rows = []
    for i in sorted(invs, key=order):
        pairs = [(p.relation.value.replace("-", " "), p.org) for p in i.partners]
        if of_org and i.org != record.id:  # held by another organisation, together with this one
            pairs = [("with", i.org)] + [x for x in pairs if x[1] != record.id]
        partners = ", ".join(
            f"<span style='{_MUTED}'>{_e(rel)}</span> {_entity_name(ds, o)}" for rel, o in pairs
        )
        who = _entity_name(ds, i.process if of_org else i.org)
        role = _e(i.role.value) + (f" <span style='{_MUTED}'>(past)</span>" if ended(i) else "")
        rows.append([who, role, partners, _e(_period(i.since, i.until, i.as_of)), refs(i.sources)])
    head = ("process" if of_org else "organisation", "role", "partners", "period", "sources")
    title = "Roles in processes" if of_org else "Secretariat and other roles"
    call = f"involvements({'org' if of_org else 'process'}={record.id!r})"
    return _section(title, _table(head, rows, CARD_LIMIT, rest=f": {_e(call)}"))


def _heads_table(ds: Optional[Dataset], record: Any, refs: _Refs) -> str:
    """The body's executive heads over time, newest first."""
    if ds is None:
        return ""
    heads = ds.heads(record.id)
    if not heads:
        return ""
    rows = [
        [_e(h.person), _e(h.title), _e(_period(h.since, h.until, h.as_of)), refs(h.sources)]
        for h in reversed(heads)
    ]
    return _section("Heads", _table(("head", "title", "period", "sources"), rows, CARD_LIMIT))


def _members(record: Any, refs: _Refs, ds: Optional[Dataset]) -> str:
    """The States in the body on its newest evidence (derived spells), with what backs them."""
    if ds is None or not (ds.snapshots(record.id) or ds.membership_events(record.id)):
        return ""
    spells = ds.members(record.id)
    if not spells:
        return ""
    rows = []
    for status in ("member", "associate", "observer", "suspended"):
        codes = [s.state for s in spells if s.status.value == status]
        if codes:
            rows.append([_e(status + "s"), f"{len(codes)}: {_e(', '.join(codes))}"])
    sources = sorted({src for s in spells for src in s.sources})
    rows.append(["sources", refs(tuple(sources))])
    call = f"members({record.id!r}, at=...), spells({record.id!r})"
    rows.append(["history", f"<code>{_e(call)}</code>"])
    return _section("Member States (ISO 3166 alpha-3), newest evidence", _table(None, rows))


def _entity_card(record: Any, ds: Optional[Dataset]) -> str:
    refs = _Refs(ds)
    is_org = isinstance(record, Organisation)
    acronym = f" ({_e(record.acronym)})" if record.acronym and record.acronym != record.name else ""
    kind = record.kind.value if record.kind is not None else "kind not stated"
    title = f"{_e(record.name)}{acronym}"
    subtitle = f"{'Organisation' if is_org else 'Process'} · {_e(kind)} · id <code>{_e(record.id)}</code>"

    def cited(field: str) -> str:
        return refs(record.sources_for(field))

    website = _link(record.website, record.website) if record.website else ""
    if is_org:
        country = f"({record.headquarters_country})" if record.headquarters_country else ""
        hq = " ".join(x for x in (record.headquarters, country) if x)
        rows = [
            ("founded", _e(record.founded or ""), cited("founded")),
            ("dissolved", _e(record.dissolved or ""), cited("dissolved")),
            (
                "headquarters",
                _e(hq) if record.headquarters or record.headquarters_country else "",
                cited("headquarters"),
            ),
            ("website", website, cited("website")),
        ]
    else:
        rows = [
            ("regions", _e(", ".join(r.value for r in record.regions)), cited("regions")),
            ("established", _e(record.established or ""), cited("established")),
            ("ended", _e(record.ended or ""), cited("ended")),
            ("status", _e(record.status.value if record.status else ""), cited("status")),
            (
                "institution",
                _entity_name(ds, record.institution) if record.institution else "",
                cited("institution"),
            ),
            ("website", website, cited("website")),
        ]
    parts = [
        _heading(title, subtitle),
        f"<div>{_e(record.summary)} <span style='{_MUTED}'>[{refs(record.sources)}]</span></div>",
        _key_facts(rows),
        _names_table(record, refs),
        _facts_table(record, refs),
    ]
    parts.append(_heads_table(ds, record, refs))
    parts.append(_members(record, refs, ds))
    parts.append(_roles_table(ds, record, refs, of_org=is_org))
    if ds is None:
        parts.append(
            f"<div style='{_MUTED}'>Roles and source details are shown for records of the packaged dataset; "
            f"for a dataset you loaded, use its <code>involvements()</code> and <code>get_source()</code>.</div>"
        )
    parts.append(refs.section())
    return f'<div style="{_BOX}">{"".join(parts)}</div>'


def _generic_card(record: Any, ds: Optional[Dataset]) -> str:
    """Any other record: a heading and its non-empty fields, sources linked."""
    refs = _Refs(ds)
    rows = []
    for f in attrs.fields(type(record)):
        value = getattr(record, f.name)
        if value is None or value == ():
            continue
        if f.name == "sources":
            cell = refs(value)
        elif f.name == "url":
            cell = _link(value, value)
        elif f.name in ("org", "process", "institution") or (f.name == "entity" and isinstance(value, str)):
            cell = _entity_name(ds, value)
        elif f.name in ("entities", "publishers", "about"):
            cell = ", ".join(_entity_name(ds, v) for v in value)
        elif f.name == "claims":
            cell = "<br>".join(
                f"{_e(c.value)} <span style='{_MUTED}'>[{refs(c.sources)}]</span>" for c in value
            )
        else:
            cell = _e(_text(value))
        rows.append([_e(f.name.replace("_", " ")), cell])
    heading = _heading(_e(label(record)), _e(type(record).__name__))
    return f'<div style="{_BOX}">{heading}{_table(None, rows)}{refs.section()}</div>'


def record_html(record: Any, dataset: Optional[Dataset] = None) -> str:
    """One record as a card: a heading, its main fields, and (for organisations and processes)
    names over time, dated facts, roles and the sources cited, linked to their pages.

    ``dataset`` gives the roles and the sources' details; by default the packaged dataset
    when the record is one of its own (and it is already loaded).
    """
    ds = dataset if dataset is not None else _dataset_of(record)
    if isinstance(record, (Organisation, Process)):
        return _entity_card(record, ds)
    return _generic_card(record, ds)


# ---------------------------------------------------------------------------- results tables

#: the columns a results table shows, by record type (other types: their repr fields)
_COLUMNS: dict[str, tuple[str, ...]] = {
    "Organisation": ("id", "name", "acronym", "kind", "founded", "dissolved", "headquarters"),
    "Process": ("id", "name", "acronym", "kind", "regions", "established", "ended", "status"),
    "Source": ("id", "title", "publisher", "as_of", "kind", "url"),
    "Involvement": ("org", "role", "process", "partners", "since", "until", "as_of", "sources"),
    "Name": ("text", "acronym", "kind", "lang", "since", "until", "sources"),
    "Fact": ("key", "value", "unit", "qualifier", "as_of", "sources"),
    "Event": ("date", "kind", "title", "entities", "place"),
    "Publication": ("series", "number", "year", "title", "publishers"),
    "AnnualTheme": ("process", "year", "theme", "workshops"),
    "Conflict": ("entity", "field", "presented", "claims"),
}

_SHORT = 120  # characters a results cell shows before it is cut


def _cell(record: Any, column: str) -> str:
    value = getattr(record, column)
    if column == "url" and value:
        return _link(value, value)
    text = _text(value)
    if len(text) > _SHORT:
        return f'<span title="{_e(text)}">{_e(text[: _SHORT - 1])}…</span>'
    return _e(text)


def records_html(records: Sequence[Any], limit: int = TABLE_LIMIT, kinds: Optional[str] = None) -> str:
    """Results as a table with a row count; past ``limit`` rows, the rest summarised by their ids.
    ``kinds`` names the record type when it is known (a large panel is then not scanned)."""
    n = len(records)
    if not n:
        return f'<div style="{_BOX}"><em>no records</em></div>'
    count = f"{n} {kinds or _kinds(records)} record{'' if n == 1 else 's'}" + (
        f", first {limit} shown" if n > limit else ""
    )
    first = records[:limit]  # only the rows shown are rendered
    head: Sequence[str]
    if all(isinstance(r, Match) for r in first):
        head = ("entity", "id", "type", "matched name", "score")
        rows = [
            [
                _e(m.entity.name),
                _e(m.entity.id),
                _e(type(m.entity).__name__),
                _e(m.matched),
                _e(f"{m.score:.2f}"),
            ]
            for m in first
        ]
    else:
        types = {type(r) for r in first}
        cls = types.pop() if len(types) == 1 else None
        columns = (_COLUMNS.get(cls.__name__) or getattr(cls, "_repr_fields", ())) if cls is not None else ()
        if columns:
            shown = [c for c in columns if any(getattr(r, c) not in (None, ()) for r in first)]
            head = [c.replace("_", " ") for c in shown]
            rows = [[_cell(r, c) for c in shown] for r in first]
        else:
            head = ("type", "record")
            rows = [[_e(type(r).__name__), _e(label(r))] for r in first]
    table = _table(head, rows)
    if n > limit:
        later = ", ".join(label(r) for r in records[limit : limit + 5]) + (", …" if n > limit + 5 else "")
        table += f'<div style="{_COUNT}">… {n - limit} more: {_e(later)}</div>'
    return f'<div style="{_BOX}"><div style="{_COUNT}">{_e(count)}</div>{table}</div>'
