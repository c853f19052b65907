"""The ``migorgs`` command line (also ``python -m migorgs``).

Exit status, the same for every command and output format:

* 0 found, or no problems / no differences;
* 1 nothing found (an empty result too), an ambiguous key, problems found
  (``check``), differences found (``diff``), or output that could not be
  written (a closed pipe, a full disk);
* 2 a usage error: an unknown command or option, an invalid value;
* 3 data that cannot be loaded (``--data``, ``check``, ``diff``).

Results go to stdout, messages to stderr; ``--json`` output is valid JSON
even when empty, and ASCII unless ``--no-ensure-ascii``.

A command is one function registered with `command`: its name, one line of
help, an example, and a function adding its arguments. The global options,
the help listing, the exit statuses and the error messages come with it::

    def _members_args(p):
        p.add_argument("key", help="a process: an id, acronym or any name")

    @command("members", "a process's member States over time", "migorgs members puebla", _members_args)
    def _members(ctx, a):
        proc = ctx.entity(a.key, "process")  # the same key rules as `show`
        rows = ...
        if ctx.json:
            ctx.emit_json(rows)
        else:
            ctx.lines(ctx.term.table(rows))
        return EXIT_OK if rows else _empty(ctx, "member lists")

(and a line in the table of ``tests/test_cli.py``, which checks that every
command is tested).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Optional, TextIO, cast

if TYPE_CHECKING:
    import argparse

    from ._dataset import Dataset, Entity

__all__ = ["COMMANDS", "main"]

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_DATA = 0, 1, 2, 3

#: a search hit at least this good, and this far ahead of the next, stands for a key that names nothing
CHOOSE_SCORE, CHOOSE_LEAD = 0.85, 0.05


class UsageError(Exception):
    """A usage error found after parsing (exit 2)."""


class NothingFound(Exception):
    """A key that finds nothing or is ambiguous (exit 1); the message is complete."""


class Command(NamedTuple):
    name: str
    help: str
    example: str
    args: Optional[Callable[[argparse.ArgumentParser], None]]
    run: Callable[[Context, Any], int]


COMMANDS: dict[str, Command] = {}


def command(
    name: str,
    help: str,
    example: str,
    args: Optional[Callable[[argparse.ArgumentParser], None]] = None,
) -> Callable[[Callable[[Context, Any], int]], Callable[[Context, Any], int]]:
    """Register a subcommand: ``run(ctx, args)`` returns the exit status."""

    def register(run: Callable[[Context, Any], int]) -> Callable[[Context, Any], int]:
        COMMANDS[name] = Command(name, help, example, args, run)
        return run

    return register


# ---------------------------------------------------------------------- context


class Context:
    """What a command needs: the parsed options, the streams, the terminal, the dataset."""

    def __init__(self, args: Any, out: TextIO, err: TextIO) -> None:
        from ._term import Term

        self.args = args
        self.out = out
        self.err = err
        self.json: bool = bool(getattr(args, "json", False))
        self.ascii: bool = getattr(args, "ensure_ascii", True)
        self.term = Term(out, colour=not getattr(args, "no_color", False))
        self._ds: Optional[Dataset] = None

    @property
    def ds(self) -> Dataset:
        if self._ds is None:
            self._ds = load_dataset(getattr(self.args, "data", None))
        return self._ds

    def write(self, text: str) -> None:
        self.out.write(text)

    def lines(self, lines: Sequence[str]) -> None:
        if lines:
            self.out.write("\n".join(lines) + "\n")

    def note(self, message: str) -> None:
        self.err.write(f"migorgs: {message}\n")

    def emit_json(self, obj: Any) -> None:
        import json

        from ._display import plain

        self.out.write(json.dumps(plain(obj), indent=2, ensure_ascii=self.ascii, allow_nan=False) + "\n")

    # ------------------------------------------------------------------ keys

    def entity(self, key: str, namespace: str = "any") -> Entity:
        """The entity ``key`` names; when it names none but search has one clear best
        match (a common short name such as "puebla"), that one, said on stderr."""
        from .exceptions import AmbiguousKeyError, NotFoundError

        ds = self.ds
        find = {"any": ds.lookup, "org": ds.get_org, "process": ds.get_process}[namespace]
        try:
            return find(key)
        except AmbiguousKeyError as exc:
            listed = "\n".join(f"  {cid}  {name}" for cid, name in exc.candidates)
            raise NothingFound(f"{_shown(key)} names more than one entity; ask by id:\n{listed}") from None
        except NotFoundError as exc:
            what = exc.what
        from ._models import Organisation, Process

        kinds: Any = {"any": (Organisation, Process), "org": Organisation, "process": Process}[namespace]
        hits = [m for m in ds.search(key, limit=10) if isinstance(m.entity, kinds)][:5] if key.strip() else []
        if (
            hits
            and hits[0].score >= CHOOSE_SCORE
            and (len(hits) == 1 or hits[1].score <= hits[0].score - CHOOSE_LEAD)
        ):
            from ._card import label

            ent: Entity = hits[0].entity
            self.note(f"{_shown(key)} is not a name; showing the best match: {label(ent)} [{ent.id}]")
            return ent
        from ._card import label

        message = f"no {what} matches {_shown(key)}"
        if hits:
            width = max(len(m.entity.id) for m in hits)
            message += "; did you mean:\n" + "\n".join(
                f"  {m.entity.id:<{width}}  {label(m.entity)}" for m in hits
            )
        raise NothingFound(message)

    def entity_id(self, key: Optional[str], namespace: str = "any") -> Optional[str]:
        return None if key is None else self.entity(key, namespace).id


def _shown(value: str) -> str:
    from .exceptions import show

    return show(value)


def load_dataset(path: Optional[str]) -> Dataset:
    if path is not None:
        from ._dataset import Dataset

        _exists(path)
        return Dataset.load(path)
    from . import default_dataset

    return default_dataset()


def _listing_json(ents: Sequence[Entity]) -> list[dict[str, Any]]:
    from ._display import plain

    return [{**plain(e), "common_name": e.common_name} for e in ents]


def _entity_rows(ctx: Context, ents: Sequence[Entity]) -> list[str]:
    from ._card import label

    return ctx.term.table(
        [[e.id, label(e)] for e in ents],
        caps=[max(len(e.id) for e in ents), None],
        flex=1,
        styles=[ctx.term.dim],
    )


def _listing(ctx: Context, ents: Sequence[Entity]) -> int:
    if ctx.json:
        ctx.emit_json(_listing_json(ents))
    elif ents:
        ctx.lines(_entity_rows(ctx, ents))
    else:
        ctx.note("nothing matches")
    return EXIT_OK if ents else EXIT_NOT_FOUND


def _empty(ctx: Context, what: str) -> int:
    if not ctx.json:
        ctx.note(f"no {what}")
    return EXIT_NOT_FOUND


def _values(enum: str) -> str:
    from . import _models

    return ", ".join(getattr(_models, enum).values())


def _year(text: str) -> int:
    import argparse

    t = text.strip()
    if not (t.isdigit() and len(t) <= 4 and 1 <= int(t) <= 9999):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year from 1 to 9999")
    return int(t)


def _limit(text: str) -> int:
    import argparse

    t = text.strip()
    if not (t.isdigit() and len(t) <= 6 and int(t) >= 1):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(t)


# ---------------------------------------------------------------------- show, search, listings


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", help="an id, acronym or any name, e.g. IOM, ICEM, 'Puebla Process', puebla")


@command(
    "show",
    "a card of an organisation or process: names, facts, roles, sources",
    "migorgs show puebla",
    _show_args,
)
def _show(ctx: Context, a: Any) -> int:
    from ._models import Organisation

    ent = ctx.entity(a.key)
    ds = ctx.ds
    invs = ds.involvements(org=ent.id) if isinstance(ent, Organisation) else ds.involvements(process=ent.id)
    if ctx.json:
        from ._display import plain

        cited = dict.fromkeys(_cited_ids(ent, invs))
        ctx.emit_json(
            {
                "record": {**plain(ent), "common_name": ent.common_name},
                "involvements": invs,
                "sources": [ds._source_by_id[s] for s in cited if s in ds._source_by_id],
            }
        )
    else:
        from ._card import card

        ctx.lines(card(ds, ent, ctx.term))
    return EXIT_OK


def _cited_ids(ent: Any, invs: Sequence[Any]) -> list[str]:
    ids = list(ent.sources)
    for n in ent.names:
        ids += n.sources
    for f in ent.facts:
        ids += f.sources
    for c in ent.cite:
        ids += c.sources
    for x in ent.identifiers:
        ids += x.sources
    for i in invs:
        ids += i.sources
    return ids


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("text", help="any name, misspelt, partial or in another order")
    p.add_argument("--limit", type=_limit, default=10, metavar="N", help="at most N hits (default: 10)")


@command(
    "search", "ranked fuzzy search over every name", "migorgs search 'bali proces' --limit 3", _search_args
)
def _search(ctx: Context, a: Any) -> int:
    hits = ctx.ds.search(a.text, limit=a.limit)
    if ctx.json:
        ctx.emit_json(
            [
                {
                    "id": m.entity.id,
                    "name": m.entity.name,
                    "common_name": m.entity.common_name,
                    "type": type(m.entity).__name__.lower(),
                    "score": m.score,
                    "matched": m.matched,
                }
                for m in hits
            ]
        )
    elif hits:
        from ._card import label

        rows = []
        for m in hits:
            name = label(m.entity)
            rows.append(
                [
                    f"{m.score:.2f}",
                    m.entity.id,
                    name + (f" (matched {m.matched!r})" if m.matched not in name else ""),
                ]
            )
        ctx.lines(ctx.term.table(rows, flex=2, styles=[None, ctx.term.dim]))
    return EXIT_OK if hits else _empty(ctx, "match")


def _orgs_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", help=f"only this kind: {_values('OrgKind')}")
    p.add_argument("--role", help=f"only organisations holding this role in some process: {_values('Role')}")
    p.add_argument("--process", metavar="KEY", help="only organisations involved in this process")


@command("orgs", "list organisations", "migorgs orgs --kind un-system", _orgs_args)
def _orgs(ctx: Context, a: Any) -> int:
    ds = ctx.ds
    ents: Sequence[Entity] = ds.orgs()
    if a.kind:
        from ._dataset import _enum_arg
        from ._models import OrgKind

        k = _enum_arg(OrgKind, a.kind, "kind")
        ents = [o for o in ents if o.kind is k]
    if a.role or a.process:
        process = ctx.entity_id(a.process, "process")
        holders = {h for inv in ds.involvements(process=process, role=a.role) for h in inv.holders}
        ents = [o for o in ents if o.id in holders]
    return _listing(ctx, ents)


def _state_code(ctx: Context, text: str, option: str = "--member") -> str:
    """A State as its code, from the code, alpha-2 or an English name (the States table's rules)."""
    from .exceptions import NotFoundError

    try:
        return ctx.ds.get_state(text).code
    except NotFoundError as exc:
        raise UsageError(f"{option} {_shown(text)}: {exc}") from None


def _processes_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--role", help=f"an organisation's role (with --org, that organisation's): {_values('Role')}"
    )
    p.add_argument("--org", metavar="KEY", help="only processes where this organisation holds a role")
    p.add_argument("--kind", help=f"only this kind: {_values('ProcessKind')}")
    p.add_argument("--region", help=f"only this region: {_values('Region')}")
    p.add_argument(
        "--active-in", type=_year, metavar="YEAR", help="only processes active in YEAR (roles held then)"
    )
    p.add_argument(
        "--member",
        metavar="STATE",
        help="only processes this State is a member of: a code or name (MEX, Mexico)",
    )
    p.add_argument("--include-past", action="store_true", help="count roles that have ended too")
    p.add_argument(
        "--source", metavar="ID", help="only roles that this source states (see 'migorgs sources')"
    )


@command(
    "processes",
    "list processes; filters combine with AND",
    "migorgs processes --org IOM --role secretariat --member Mexico",
    _processes_args,
)
def _processes(ctx: Context, a: Any) -> int:
    ents = ctx.ds.processes_where(
        role=a.role,
        org=ctx.entity_id(a.org, "org"),
        kind=a.kind,
        region=a.region,
        active_in=a.active_in,
        member=None if a.member is None else _state_code(ctx, a.member),
        include_past=a.include_past,
        source=a.source,
    )
    return _listing(ctx, ents)


def _key_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", help="an id, acronym or any name")


def _history_args(p: argparse.ArgumentParser) -> None:
    _key_arg(p)
    p.add_argument("--lang", default="en", help="a language code such as en, fr, es, or 'all' (default: en)")


@command("history", "an entity's official names over time", "migorgs history ICEM --lang all", _history_args)
def _history(ctx: Context, a: Any) -> int:
    from ._card import period

    ent = ctx.entity(a.key)
    names = ctx.ds.name_history(ent.id, lang=None if a.lang == "all" else a.lang)
    if ctx.json:
        ctx.emit_json(list(names))
    else:
        rows = [
            [
                period(n.since, n.until),
                n.text
                + (f" ({n.acronym})" if n.acronym else "")
                + ("" if n.lang == "en" else f" [{n.lang}]"),
            ]
            for n in names
        ]
        ctx.lines(ctx.term.table(rows, caps=[11, None], flex=1))
    return EXIT_OK if names else _empty(ctx, f"official names in {a.lang!r}")


def _events_table(ctx: Context, events: Sequence[Any]) -> list[str]:
    rows = [
        [str(e.date), e.title + (f" ({e.place})" if e.place else "") + " [" + ", ".join(e.sources) + "]"]
        for e in events
    ]
    return ctx.term.table(rows, caps=[10, None], flex=1)


@command("timeline", "an entity's events in date order", "migorgs timeline 'Abu Dhabi Dialogue'", _key_arg)
def _timeline(ctx: Context, a: Any) -> int:
    events = ctx.ds.timeline(ctx.entity(a.key).id)
    if ctx.json:
        ctx.emit_json(list(events))
    else:
        ctx.lines(_events_table(ctx, events))
    return EXIT_OK if events else _empty(ctx, "events")


def _events_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=_year, help="only events of this year")
    p.add_argument("--kind", help=f"only this kind: {_values('EventKind')}")


@command("events", "every recorded event, in date order", "migorgs events --year 2016", _events_args)
def _events(ctx: Context, a: Any) -> int:
    events = ctx.ds.events(year=a.year, kind=a.kind)
    if ctx.json:
        ctx.emit_json(list(events))
    else:
        ctx.lines(_events_table(ctx, events))
    return EXIT_OK if events else _empty(ctx, "events")


def _publications_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--series", help="only this series, e.g. world-migration-report")
    p.add_argument("--year", type=_year, help="only publications of this year")
    p.add_argument(
        "--org", metavar="KEY", help="only those an organisation or process published or is the subject of"
    )


@command(
    "publications",
    "publications by series, year and organisation",
    "migorgs publications --series world-migration-report",
    _publications_args,
)
def _publications(ctx: Context, a: Any) -> int:
    pubs = ctx.ds.publications(series=a.series, year=a.year, org=ctx.entity_id(a.org))
    if ctx.json:
        ctx.emit_json(list(pubs))
    else:
        rows = [[str(p.year), p.title + (f" (no. {p.number})" if p.number else ""), p.series] for p in pubs]
        ctx.lines(ctx.term.table(rows, caps=[4, None, None], flex=1, styles=[None, None, ctx.term.dim]))
    return EXIT_OK if pubs else _empty(ctx, "publications")


def _themes_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--process", metavar="KEY", help="only this process's themes, e.g. IDM")
    p.add_argument("--year", type=_year, help="only this year's themes")


@command(
    "themes", "annual themes and their workshops", "migorgs themes --process IDM --year 2012", _themes_args
)
def _themes(ctx: Context, a: Any) -> int:
    themes = ctx.ds.themes(process=ctx.entity_id(a.process, "process"), year=a.year)
    if ctx.json:
        ctx.emit_json(list(themes))
    else:
        lines = []
        for th in themes:
            lines += ctx.term.wrap(f"{th.year}  {th.process}  {th.theme or '(no theme recorded)'}", hang=6)
            for w in th.workshops:
                lines += ctx.term.wrap(f"- {w}", indent=6, hang=8)
        ctx.lines(lines)
    return EXIT_OK if themes else _empty(ctx, "themes")


def _conflicts_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", nargs="?", help="only this entity's conflicts (default: all)")


@command(
    "conflicts", "where sources disagree, and what migorgs shows", "migorgs conflicts IOM", _conflicts_args
)
def _conflicts(ctx: Context, a: Any) -> int:
    conflicts = ctx.ds.conflicts(ctx.entity_id(a.key))
    if ctx.json:
        ctx.emit_json(list(conflicts))
    else:
        from ._term import human

        lines = []
        for c in conflicts:
            lines += ctx.term.wrap(f"{c.entity} {human(c.field)}: shown as {c.presented!r}", hang=4)
            for cl in c.claims:
                lines += ctx.term.wrap(f"{cl.value!r}  [{', '.join(cl.sources)}]", indent=4, hang=6)
            if c.note:
                lines += ctx.term.wrap(c.note, indent=4)
        ctx.lines(lines)
    return EXIT_OK if conflicts else _empty(ctx, "recorded conflicts")


def _sources_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", nargs="?", help="a source id: show it and what cites it (default: list them all)")


def _cited_by(ds: Dataset, sid: str) -> list[str]:
    """What cites source ``sid``: entity ids, then the ids of other records."""
    found: dict[str, None] = {}
    entities: tuple[Entity, ...] = (*ds.orgs(), *ds.processes())
    for e in entities:
        if sid in _cited_ids(e, ()):
            found[e.id] = None
    for inv in ds.involvements():
        if sid in inv.sources:
            found[f"involvement {inv.id}"] = None
    for ev in ds.events():
        if sid in ev.sources:
            found[f"event {ev.id}"] = None
    for pub in ds.publications():
        if sid in pub.sources:
            found[f"publication {pub.id}"] = None
    for th in ds.themes():
        if sid in th.sources:
            found[f"theme {th.process}:{th.year}"] = None
    for c in ds.conflicts():
        if any(sid in cl.sources for cl in c.claims):
            found[f"conflict {c.id}"] = None
    for what, recs in (("snapshot", ds.snapshots()), ("membership event", ds.membership_events()),
                       ("state role", ds.state_roles()), ("head", ds.heads())):  # fmt: skip
        for r in recs:
            if sid in r.sources:
                found[f"{what} {r.id}"] = None
    for st in ds.states():
        if sid in st.sources:
            found[f"state {st.code}"] = None
    return list(found)


@command(
    "sources",
    "list the sources, or show one with what cites it",
    "migorgs sources iom-web-2021",
    _sources_args,
)
def _sources(ctx: Context, a: Any) -> int:
    ds = ctx.ds
    if a.id is None:
        srcs = ds.sources()
        if ctx.json:
            ctx.emit_json(list(srcs))
        else:
            rows = [[s.id, f"{s.title} ({s.publisher}, as of {s.as_of})"] for s in srcs]
            ctx.lines(ctx.term.table(rows, caps=[30, None], flex=1, styles=[ctx.term.dim]))
        return EXIT_OK if srcs else _empty(ctx, "sources")
    src = ds.get_source(a.id)
    cited = _cited_by(ds, src.id)
    if ctx.json:
        from ._display import plain

        ctx.emit_json({**plain(src), "cited_by": cited})
        return EXIT_OK
    t = ctx.term
    lines = [t.bold(src.title), ""]
    rows = [["id", src.id], ["publisher", src.publisher], ["kind", str(src.kind)], ["as of", str(src.as_of)]]
    if src.accessed:
        rows.append(["accessed", str(src.accessed)])
    if src.url:
        rows.append(["url", src.url])
    if src.note:
        rows.append(["note", src.note])
    rows.append(["cited by", ", ".join(cited) or "nothing"])
    lines += t.table(rows, caps=[10, None], flex=1, styles=[t.dim])
    ctx.lines(lines)
    return EXIT_OK


# ---------------------------------------------------------------------- membership


def _at_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--at",
        metavar="DATE",
        help="a year, YYYY-MM or YYYY-MM-DD (default: now, the spells no evidence has ended)",
    )


def _cited(sources: Sequence[str]) -> str:
    """The first source and how many more (the full list is in --json and `migorgs sources`)."""
    return sources[0] + (f" +{len(sources) - 1}" if len(sources) > 1 else "") if sources else ""


def _spell_rows(ctx: Context, spells: Sequence[Any], by: str) -> list[str]:
    """One line a spell: who, status, its period with what backs each bound, and its sources."""

    def bound(date: Any, basis: Any) -> str:
        return f"{date} {basis.value}" if basis is not None else str(date)

    def period(sp: Any) -> str:
        end = f"open (seen {sp.last_seen})" if sp.end is None else bound(sp.end, sp.end_basis)
        return f"{bound(sp.start, sp.start_basis)} – {end}"

    rows = [[getattr(sp, by), sp.status.value, period(sp), _cited(sp.sources)] for sp in spells]
    t = ctx.term
    return t.table(rows, caps=[20, 9, None, 24], flex=2, styles=[None, None, None, t.dim])


def _members_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", help="a process or organisation: an id, acronym or any name")
    _at_arg(p)
    p.add_argument("--status", help=f"only this status: {_values('MemberStatus')}")


@command(
    "members",
    "the States in a body at a date, with what backs each bound",
    "migorgs members 'Colombo Process' --at 2014",
    _members_args,
)
def _members(ctx: Context, a: Any) -> int:
    spells = ctx.ds.members(ctx.entity(a.key).id, at=a.at, status=a.status)
    if ctx.json:
        ctx.emit_json(list(spells))
    elif spells:
        ctx.lines(_spell_rows(ctx, spells, "state"))
    return EXIT_OK if spells else _empty(ctx, "members with evidence at that date")


def _memberships_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("state", help="a State: ISO alpha-3 (MEX), alpha-2 (MX) or an English name (Mexico)")
    _at_arg(p)
    p.add_argument(
        "--kind", help=f"only bodies of this kind: {_values('ProcessKind')}, or an organisation kind"
    )


@command(
    "memberships",
    "the bodies a State belongs (or belonged) to",
    "migorgs memberships Ethiopia --kind inter-regional-forum",
    _memberships_args,
)
def _memberships(ctx: Context, a: Any) -> int:
    spells = ctx.ds.memberships(_state_code(ctx, a.state, "STATE"), at=a.at, kind=a.kind)
    if ctx.json:
        ctx.emit_json(list(spells))
    elif spells:
        ctx.lines(_spell_rows(ctx, spells, "body"))
    return EXIT_OK if spells else _empty(ctx, "memberships with evidence")


def _panel_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--form",
        default="state-year",
        choices=["state-year", "body-year", "dyad-year"],
        help="state-year (one row per State, body and year), body-year (counts) or dyad-year; default: state-year",
    )
    p.add_argument("--start", type=_year, metavar="YEAR", help="first year")
    p.add_argument("--end", type=_year, metavar="YEAR", help="last year")
    p.add_argument("--body", action="append", metavar="KEY", help="only this body (repeatable)")
    p.add_argument("--state", action="append", metavar="STATE", help="only this State (repeatable)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the CSV to FILE instead of stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")


@command(
    "panel",
    "the membership panel as CSV (COW-style codes and an evidence column)",
    "migorgs panel --start 2000 --body 'Bali Process' -o bali.csv",
    _panel_args,
)
def _panel(ctx: Context, a: Any) -> int:
    import csv
    import io

    from ._export import csv_cell
    from ._frames import columns_of

    bodies = None if a.body is None else [ctx.entity(b).id for b in a.body]
    states = None if a.state is None else [_state_code(ctx, s, "--state") for s in a.state]
    rows = ctx.ds.membership_panel(form=a.form, start=a.start, end=a.end, bodies=bodies, states=states)
    if ctx.json:
        ctx.emit_json(list(rows))
        return EXIT_OK if rows else _empty(ctx, "panel rows")
    if not rows:
        return _empty(ctx, "panel rows")
    columns = [c for c, _ in columns_of(type(rows[0]))]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for d in rows.to_records():  # panel rows hold no lists: their plain values are the cells
        writer.writerow([csv_cell(d[c]) for c in columns])
    if a.output is None:
        ctx.write(buf.getvalue())
        return EXIT_OK
    _write_file(a.output, buf.getvalue(), a.force)
    ctx.note(f"wrote {len(rows)} rows to {a.output}")
    return EXIT_OK


def _write_file(path: str, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` all at once (a temporary sibling, then a rename); a file that exists is
    replaced only with ``force``, and never through a link or over a folder."""
    import tempfile

    if not path.strip() or "\x00" in path:
        raise UsageError(f"FILE {_shown(path)} is no file name")
    if os.path.islink(path) or os.path.isdir(path):
        raise UsageError(f"{_shown(path)} is a link or a folder; give a file name")
    if os.path.exists(path) and not force:
        raise UsageError(f"{_shown(path)} exists; use --force to replace it")
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise UsageError(f"the folder of {_shown(path)} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".migorgs-", dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _heads_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("key", help="an organisation: an id, acronym or any name")
    _at_arg(p)


@command("heads", "a body's executive heads over time", "migorgs heads UNHCR --at 2010", _heads_args)
def _heads(ctx: Context, a: Any) -> int:
    from ._card import period

    heads = ctx.ds.heads(ctx.entity(a.key).id, at=a.at)
    if ctx.json:
        ctx.emit_json(list(heads))
    elif heads:
        rows = [[period(h.since or h.as_of, h.until), h.person, h.title, _cited(h.sources)] for h in heads]
        t = ctx.term
        ctx.lines(t.table(rows, caps=[23, None, None, None], flex=2, styles=[None, None, None, t.dim]))
    return EXIT_OK if heads else _empty(ctx, "heads recorded")


def _release_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("outdir", metavar="OUTDIR", help="the folder to write the zip and SHA256SUMS into")
    p.add_argument("--force", action="store_true", help="replace an existing release of this data version")


@command(
    "release",
    "write the data release zip (Data Package, CSV, JSON, JSON Schema, changes) and SHA256SUMS",
    "migorgs release dist/",
    _release_args,
)
def _release(ctx: Context, a: Any) -> int:
    zip_path, sums = ctx.ds.release(a.outdir, force=a.force)
    if ctx.json:
        ctx.emit_json({"zip": str(zip_path), "sha256sums": str(sums)})
    else:
        ctx.write(f"wrote {zip_path}\nwrote {sums}\n")
    return EXIT_OK


# ---------------------------------------------------------------------- data files


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "dir", nargs="?", metavar="PATH", help="a data directory or export (default: the packaged data)"
    )


def _exists(path: str) -> None:
    """Raise DataError when there is nothing at ``path``."""
    try:
        there = os.path.lexists(path)
    except (ValueError, TypeError):  # a NUL in the path
        there = False
    if not there:
        from .exceptions import DataError, DataProblem

        raise DataError([DataProblem(_shown(path), None, None, "does not exist")], source=_shown(path))


def _openable(path: str) -> None:
    """Raise DataError when ``path`` cannot be loaded at all (missing, unreadable, not data)."""
    from ._load import _as_traversable

    _exists(path)
    _as_traversable(path)


@command(
    "check",
    "validate a data directory or export; exit 1 if it has problems",
    "migorgs check my-data/",
    _check_args,
)
def _check(ctx: Context, a: Any) -> int:
    from ._check import check

    path = a.dir if a.dir is not None else getattr(a, "data", None)  # `migorgs --data X check` checks X
    if path is not None:
        _openable(path)
    problems = check(path)
    if ctx.json:
        ctx.emit_json(
            [{"file": p.file, "record": p.record, "field": p.field, "message": p.message} for p in problems]
        )
    else:
        ctx.lines([str(p) for p in problems])
        ctx.err.write(f"{len(problems)} problem(s) in {'the packaged data' if path is None else path}\n")
    return EXIT_NOT_FOUND if problems else EXIT_OK


@command(
    "stats", "coverage report: counts, fields filled, share sourced, open conflicts", "migorgs stats --json"
)
def _stats(ctx: Context, a: Any) -> int:
    from ._stats import stats, stats_text

    s = stats(ctx.ds)
    if ctx.json:
        ctx.emit_json(s)
    else:
        lines = []
        for line in stats_text(s).splitlines():
            lead = len(line) - len(line.lstrip())
            lines += ctx.term.wrap(line, indent=lead, hang=lead + 4) if line.strip() else [""]
        ctx.lines(lines)
    return EXIT_OK


_SINGLE_FILE = ("json",)


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "target", metavar="TARGET", help="a folder to write into, or - for stdout (single-file formats)"
    )
    p.add_argument(
        "--format",
        default="datapackage",
        choices=["data-dir", "json", "csv", "datapackage"],
        help="data-dir (what --data reads), json (one file), csv (flat tables), "
        "datapackage (CSV and a Frictionless datapackage.json); default: datapackage",
    )
    p.add_argument("--force", action="store_true", help="write into a folder that is not empty")


def _export_to(ds: Dataset, target: str, fmt: str, force: bool) -> list[Any]:
    if not target.strip() or "\x00" in target:
        raise UsageError(f"TARGET {_shown(target)} is no folder name; give a folder, or - for stdout")
    if os.path.lexists(target) and not os.path.isdir(target):
        raise UsageError(f"{_shown(target)} exists and is not a folder")
    if not force and os.path.isdir(target) and os.listdir(target):
        raise UsageError(f"{_shown(target)} is not empty; use --force to write into it")
    return ds.export(target, fmt, force=force)


@command(
    "export",
    "write the data as a data directory, JSON, CSV tables or a Frictionless Data Package",
    "migorgs export out/ --format csv\n  migorgs export - --format json | jq '.organisations | length'",
    _export_args,
)
def _export(ctx: Context, a: Any) -> int:
    if a.target == "-":
        if a.format not in _SINGLE_FILE:
            raise UsageError(
                f"--format {a.format} writes several files; give a folder, or use --format json for -"
            )
        import shutil
        import tempfile

        with tempfile.TemporaryDirectory(prefix="migorgs-") as tmp:
            files = ctx.ds.export(os.path.join(tmp, "out"), a.format)
            ctx.out.flush()
            buffer = getattr(ctx.out, "buffer", None)
            with open(files[0], "rb") as f:
                if buffer is not None:
                    shutil.copyfileobj(f, buffer)
                    buffer.flush()
                else:
                    ctx.out.write(f.read().decode("utf-8"))
        return EXIT_OK
    files = _export_to(ctx.ds, a.target, a.format, a.force)
    if ctx.json:
        ctx.emit_json([str(f) for f in files])
    else:
        ctx.write(f"wrote {len(files)} file(s) to {a.target}\n")
    return EXIT_OK


def _diff_args(p: argparse.ArgumentParser) -> None:
    for name in ("old", "new"):
        p.add_argument(
            name,
            metavar=name.upper(),
            help="'packaged', a data directory, a JSON export, a Data Package or CSV tables",
        )


@command(
    "diff",
    "what changed between two releases or data directories; exit 1 if anything did",
    "migorgs diff packaged my-data/",
    _diff_args,
)
def _diff(ctx: Context, a: Any) -> int:
    import json

    from ._export import diff

    old, new = (load_dataset(None if p == "packaged" else p) for p in (a.old, a.new))
    d = diff(old, new)
    summary = {t: {k: len(v) for k, v in entry.items()} for t, entry in d["tables"].items()}
    if ctx.json:
        ctx.emit_json({**d, "summary": summary})
        return EXIT_NOT_FOUND if d["tables"] else EXIT_OK
    t = ctx.term
    lines = [f"data_version {d['data_version'][0]} -> {d['data_version'][1]}"]
    if not d["tables"]:
        ctx.lines([*lines, "no differences"])
        return EXIT_OK
    rows = [[table, f"+{s['added']}", f"-{s['removed']}", f"~{s['changed']}"] for table, s in summary.items()]
    lines += ["", t.section("Summary"), *t.table(rows, indent=2), "", t.section("Changes")]

    def js(value: Any) -> str:
        return json.dumps(value, ensure_ascii=ctx.ascii)

    for table, entry in d["tables"].items():
        lines += [f"+ {table} {k}" for k in entry["added"]]
        lines += [f"- {table} {k}" for k in entry["removed"]]
        for k, fields in entry["changed"].items():
            for f, (before, after) in fields.items():
                lines.append(f"~ {table} {k} {f}: {js(before)} -> {js(after)}")
    ctx.lines(lines)
    return EXIT_NOT_FOUND


def _help_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "topic", nargs="?", metavar="COMMAND", help="the command to explain (default: all of them)"
    )


@command("help", "help for migorgs, or for one command", "migorgs help processes", _help_args)
def _help(ctx: Context, a: Any) -> int:
    if a.topic is None:
        _parser(None, ctx.out, ctx.err).print_help(ctx.out)
        return EXIT_OK
    if a.topic not in COMMANDS:
        raise UsageError(_unknown_command(a.topic))
    with contextlib.suppress(SystemExit):  # argparse exits after printing the help
        _parser(a.topic, ctx.out, ctx.err).parse_args([a.topic, "--help"])
    return EXIT_OK


# ---------------------------------------------------------------------- parsing


def _globals(p: argparse.ArgumentParser, top: bool) -> None:
    import argparse

    kw: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    p.add_argument(
        "--data",
        metavar="PATH",
        help="use your own data: a data directory, a JSON export, a Data Package (folder or zip) or CSV tables",
        **kw,
    )
    p.add_argument(
        "--json", action="store_true", help="print JSON for scripts (ASCII unless --no-ensure-ascii)", **kw
    )
    p.add_argument(
        "--no-color",
        "--no-colour",
        action="store_true",
        help="no colour or bold (also: the NO_COLOR variable)",
        **kw,
    )
    p.add_argument(
        "--no-ensure-ascii",
        dest="ensure_ascii",
        action="store_false",
        help="write non-ASCII characters in JSON as they are, not as \\u escapes",
        **kw,
    )


def _parser(selected: Optional[str], out: TextIO, err: TextIO) -> argparse.ArgumentParser:
    import argparse

    from . import DATA_VERSION, __version__

    class Parser(argparse.ArgumentParser):
        def _print_message(self, message: str, file: Any = None) -> None:
            if message:
                (err if file is sys.stderr else out).write(message)

    fmt = argparse.RawDescriptionHelpFormatter
    p = Parser(
        prog="migorgs",
        description="Sourced, dated data on the organisations and inter-State consultation processes\n"
        "of international migration governance.",
        epilog="examples:\n"
        "  migorgs show puebla\n"
        "  migorgs processes --org IOM --role secretariat --json\n"
        "  migorgs diff packaged my-data/\n\n"
        "exit status: 0 found; 1 nothing found, problems or differences; 2 usage error;\n"
        "3 data that cannot be loaded. More: migorgs help COMMAND",
        formatter_class=fmt,
    )
    p.add_argument("--version", action="version", version=f"migorgs {__version__} (data {DATA_VERSION})")
    _globals(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for cmd in COMMANDS.values():
        if selected is not None and cmd.name != selected:
            continue
        sp = sub.add_parser(
            cmd.name,
            help=cmd.help,
            description=cmd.help,
            epilog=f"example:\n  {cmd.example}",
            formatter_class=fmt,
        )
        if cmd.args is not None:
            cmd.args(sp)
        _globals(sp, top=False)
    return p


class _Spec:
    """Records a command's arguments, to parse the plainest command lines without argparse."""

    def __init__(self) -> None:
        self.positionals: list[tuple[str, Any]] = []
        self.defaults: dict[str, Any] = {}

    def add_argument(self, *names: str, **kw: Any) -> None:
        if names[0].startswith("-"):
            action = kw.get("action")
            flag = {"store_true": False, "store_false": True}.get(action) if isinstance(action, str) else None
            long = [n for n in names if n.startswith("--")] or list(names)
            dest = kw.get("dest") or long[0].lstrip("-").replace("-", "_")
            self.defaults[dest] = kw.get("default", flag)
        else:
            self.positionals.append((names[0], kw.get("nargs")))


def _fast_parse(word: str, rest: Sequence[str]) -> Optional[Any]:
    """The parsed arguments of ``migorgs COMMAND POSITIONAL...`` with no option at all, else None.

    Importing argparse and building a parser cost more than showing a card;
    anything but bare positional arguments goes to argparse.
    """
    cmd = COMMANDS[word]
    if any(t.startswith("-") for t in rest) or (cmd.args is None and rest):
        return None
    spec = _Spec()
    if cmd.args is not None:
        cmd.args(spec)  # type: ignore[arg-type]
    required = [n for n, nargs in spec.positionals if nargs is None]
    optional = [n for n, nargs in spec.positionals if nargs == "?"]
    if len(spec.positionals) != len(required) + len(optional) or not (
        len(required) <= len(rest) <= len(required) + len(optional)
    ):
        return None
    import types

    values: dict[str, Optional[str]] = dict(zip(required + optional, rest))
    values.update((n, None) for n in optional if n not in values)
    return types.SimpleNamespace(
        command=word, data=None, json=False, no_color=False, ensure_ascii=True, **spec.defaults, **values
    )


def _command_word(argv: Sequence[str]) -> Optional[str]:
    """The subcommand in ``argv``, skipping global options and their values."""
    skip = False
    for i, tok in enumerate(argv):
        if skip:
            skip = False
            continue
        if tok == "--":
            return argv[i + 1] if i + 1 < len(argv) else None
        if tok == "--data":
            skip = True
            continue
        if tok.startswith("-"):
            continue
        return tok
    return None


def _unknown_command(word: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(COMMANDS), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"unknown command {_shown(word)}{hint} (see migorgs --help)"


# ---------------------------------------------------------------------- main


def _run(argv: list[str], out: TextIO, err: TextIO) -> int:
    word = _command_word(argv)
    if word is not None and word not in COMMANDS:
        err.write(f"migorgs: {_unknown_command(word)}\n")
        return EXIT_USAGE
    a = _fast_parse(word, argv[1:]) if word is not None and argv and argv[0] == word else None
    if a is None:
        parser = _parser(word, out, err)
        if not argv:
            parser.print_help(out)
            return EXIT_OK
        try:
            a = parser.parse_args(argv)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
        if a.command is None:
            parser.print_usage(err)
            err.write("migorgs: a command is required (see migorgs --help)\n")
            return EXIT_USAGE
    ctx = Context(a, out, err)
    from .exceptions import (
        AmbiguousKeyError,
        ArgumentTypeError,
        DataError,
        InvalidQueryError,
        MigorgsError,
        NotFoundError,
    )

    try:
        return COMMANDS[word or ""].run(ctx, a)
    except NothingFound as exc:
        ctx.note(str(exc))
        return EXIT_NOT_FOUND
    except UsageError as exc:
        ctx.note(str(exc))
        return EXIT_USAGE
    except DataError as exc:
        only = exc.problems[0] if len(exc.problems) == 1 else None
        if only is not None and only.record is None and only.field is None and only.file == exc.source:
            ctx.note(f"{only.file}: {only.message}")  # the path itself: one line says it
        else:
            ctx.note(str(exc))
        return EXIT_DATA
    except (NotFoundError, AmbiguousKeyError) as exc:
        ctx.note(str(exc))
        return EXIT_NOT_FOUND
    except (InvalidQueryError, ArgumentTypeError) as exc:
        ctx.note(str(exc))
        return EXIT_USAGE
    except MigorgsError as exc:  # e.g. an export target refused
        ctx.note(str(exc))
        return EXIT_USAGE
    except OSError as exc:  # a file of the command's (writing to stdout is main's)
        if exc.filename is None:
            raise
        ctx.note(f"{exc.filename}: {exc.strerror or exc}")
        return EXIT_NOT_FOUND


def _quiet_stdout() -> None:
    """After a write to stdout failed, point it at /dev/null so that the exit flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


class _Discard:
    """A stream that takes text and keeps none (stands in for a closed stderr)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def main(
    argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None, err: Optional[TextIO] = None
) -> int:
    """Run the command line; return the exit status (never raise, never print a traceback)."""
    real = out is None
    if out is None or err is None:
        from ._term import degrade_stream

        degrade_stream(sys.stdout)
        degrade_stream(sys.stderr)
    # sys.stdout is None when the stream was closed before the start
    closed = out is None and sys.stdout is None
    out = out or sys.stdout or cast(TextIO, _Discard())
    err = err or sys.stderr or cast(TextIO, _Discard())
    args = list(sys.argv[1:] if argv is None else argv)
    if closed:
        err.write("migorgs: cannot write the output: stdout is closed\n")
        return EXIT_NOT_FOUND
    try:
        code = _run(args, out, err)
        out.flush()
        return code
    except KeyboardInterrupt:
        return 130
    except (BrokenPipeError, ConnectionResetError):  # e.g. piped into head
        if real:
            _quiet_stdout()
        return EXIT_NOT_FOUND
    except OSError as exc:
        if real:
            _quiet_stdout()
        with contextlib.suppress(OSError, ValueError):
            err.write(f"migorgs: cannot write the output: {exc.strerror or exc}\n")
        return EXIT_NOT_FOUND
    except Exception as exc:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("MIGORGS_DEBUG"):
            raise
        with contextlib.suppress(OSError, ValueError):
            err.write(
                f"migorgs: internal error: {type(exc).__name__}: {_shown(str(exc))}; "
                "please report it (MIGORGS_DEBUG=1 shows the traceback)\n"
            )
        return EXIT_NOT_FOUND
