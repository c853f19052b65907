"""The ``migorgs`` command line (also ``python -m migorgs``).

Exit status: 0 success; 1 nothing found, problems found (``check``) or
differences found (``diff``); 2 a usage error; 3 a data directory that
cannot be loaded. Errors go to stderr; ``--json`` output to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, Optional, TextIO

from . import __version__
from ._dataset import Dataset, Entity
from ._display import plain
from ._models import Organisation, Process
from .exceptions import DataError, MigorgsError, NotFoundError

__all__ = ["main"]

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_DATA = 0, 1, 2, 3


def _dataset(args: argparse.Namespace) -> Dataset:
    if args.data:
        return Dataset.load(args.data)
    from . import default_dataset

    return default_dataset()


def _emit_json(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(plain(obj), indent=2, ensure_ascii=False) + "\n")


def _period(since: Any, until: Any) -> str:
    if since is None and until is None:
        return ""
    return f"{since or '?'}–{until or ''}"


def _label(ds: Dataset, eid: str) -> str:
    ent = ds._entity_by_id.get(eid)
    if ent is None:
        return eid
    return f"{ent.name} ({ent.acronym})" if ent.acronym and ent.acronym != ent.name else ent.name


def card(ds: Dataset, ent: Entity) -> str:
    """A readable card of one organisation or process."""
    lines = [f"{ent.name}" + (f" ({ent.acronym})" if ent.acronym else "") + f"  [{ent.id}]"]
    facts = []
    if ent.kind is not None:
        facts.append(str(ent.kind))
    if isinstance(ent, Organisation):
        if ent.founded:
            facts.append(f"founded {ent.founded}")
        if ent.dissolved:
            facts.append(f"dissolved {ent.dissolved}")
        if ent.headquarters:
            facts.append(
                f"headquarters {ent.headquarters}"
                + (f" ({ent.headquarters_country})" if ent.headquarters_country else "")
            )
    else:
        if ent.regions:
            facts.append("region " + ", ".join(map(str, ent.regions)))
        if ent.established:
            facts.append(f"established {ent.established}")
        if ent.ended:
            facts.append(f"ended {ent.ended}")
        if ent.status:
            facts.append(f"status {ent.status}")
        if ent.institution:
            facts.append(f"institution {_label(ds, ent.institution)}")
    if facts:
        lines.append(" · ".join(facts))
    if ent.website:
        lines.append(f"website: {ent.website}")
    lines += ["", ent.summary, "", "Names:"]
    for n in ent.names:
        tag = n.kind.value + ("" if n.lang == "en" else f", {n.lang}")
        span = _period(n.since, n.until)
        lines.append(
            f"  {span:<11} {n.text}"
            + (f" ({n.acronym})" if n.acronym else "")
            + f"  [{tag}; {', '.join(n.sources)}]"
        )
    if ent.facts:
        lines.append("Facts:")
        for f in sorted(ent.facts, key=lambda f: (f.key, f.as_of)):
            value = f"{f.qualifier} {f.value}" if f.qualifier else str(f.value)
            lines.append(
                f"  {f.key:<24} {value}{' ' + f.unit if f.unit else ''}  as of {f.as_of}  [{', '.join(f.sources)}]"
            )
    spells = ds.members(ent.id) if ds.snapshots(ent.id) or ds.membership_events(ent.id) else ()
    for status in ("member", "observer", "associate", "suspended"):
        codes = [s.state for s in spells if s.status.value == status]
        if codes:
            lines.append(f"{status.capitalize()}s ({len(codes)}): {' '.join(codes)}")
    invs = ds.involvements(org=ent.id) if isinstance(ent, Organisation) else ds.involvements(process=ent.id)
    if invs:
        lines.append(
            "Roles in processes:" if isinstance(ent, Organisation) else "Organisations and their roles:"
        )
        for inv in invs:
            who = _label(ds, inv.process) if isinstance(ent, Organisation) else _label(ds, inv.org)
            partners = "; ".join(
                f"{p.relation.value.replace('-', ' ')} {_label(ds, p.org)}" for p in inv.partners
            )
            when = _period(inv.since, inv.until) or (f"as of {inv.as_of}" if inv.as_of else "")
            holder = (
                "" if inv.org == ent.id or isinstance(ent, Process) else f" (held by {_label(ds, inv.org)})"
            )
            lines.append(
                f"  {inv.role.value:<20} {who}{holder}"
                + (f", {partners}" if partners else "")
                + (f"  {when}" if when else "")
                + f"  [{', '.join(inv.sources)}]"
            )
    conflicts = ds.conflicts(ent.id)
    if conflicts:
        lines.append("Recorded conflicts:")
        for c in conflicts:
            lines.append(
                f"  {c.field}: presented {c.presented!r}; "
                + "; ".join(f"{cl.value!r} [{', '.join(cl.sources)}]" for cl in c.claims)
            )
    lines.append("Sources: " + ", ".join(ent.sources))
    return "\n".join(lines)


def _entity_rows(ents: Sequence[Entity]) -> str:
    if not ents:
        return ""
    width = max(len(e.id) for e in ents)
    return "\n".join(f"{e.id:<{width}}  {e.acronym or '':<10} {e.name}" for e in ents)


def _cmd_show(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    ent = ds.lookup(a.key)
    if a.json:
        _emit_json(
            {
                "record": ent,
                "involvements": ds.involvements(org=ent.id)
                if isinstance(ent, Organisation)
                else ds.involvements(process=ent.id),
            },
            out,
        )
    else:
        out.write(card(ds, ent) + "\n")
    return EXIT_OK


def _cmd_search(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    hits = ds.search(a.text, limit=a.limit)
    if a.json:
        _emit_json(
            [
                {
                    "id": m.entity.id,
                    "name": m.entity.name,
                    "type": type(m.entity).__name__.lower(),
                    "score": m.score,
                    "matched": m.matched,
                }
                for m in hits
            ],
            out,
        )
    else:
        for m in hits:
            out.write(
                f"{m.score:.2f}  {m.entity.id:<28} {m.entity.name}"
                + (f"  (matched {m.matched!r})" if m.matched != m.entity.name else "")
                + "\n"
            )
    return EXIT_OK if hits else EXIT_NOT_FOUND


def _cmd_orgs(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    ents = ds.orgs()
    if a.kind:
        from ._dataset import _enum_arg
        from ._models import OrgKind

        k = _enum_arg(OrgKind, a.kind, "kind")
        ents = tuple(o for o in ents if o.kind is k)  # type: ignore[assignment]
    if a.role or a.process:
        holders = {h for inv in ds.involvements(process=a.process, role=a.role) for h in inv.holders}
        ents = tuple(o for o in ents if o.id in holders)  # type: ignore[assignment]
    _listing(ents, a, out)
    return EXIT_OK


def _listing(ents: Sequence[Entity], a: argparse.Namespace, out: TextIO) -> None:
    if a.json:
        _emit_json(list(ents), out)
    elif ents:
        out.write(_entity_rows(ents) + "\n")


def _cmd_processes(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    ents = ds.processes_where(
        role=a.role, org=a.org, kind=a.kind, region=a.region, active_in=a.active_in, member=a.member
    )
    _listing(ents, a, out)
    return EXIT_OK


def _cmd_history(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    names = ds.name_history(a.key, lang=None if a.lang == "all" else a.lang)
    if a.json:
        _emit_json(list(names), out)
    else:
        for n in names:
            out.write(
                f"{_period(n.since, n.until):<11} {n.text}"
                + (f" ({n.acronym})" if n.acronym else "")
                + ("" if n.lang == "en" else f" [{n.lang}]")
                + "\n"
            )
    return EXIT_OK


def _cmd_timeline(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    events = ds.timeline(a.key)
    if a.json:
        _emit_json(list(events), out)
    else:
        for e in events:
            out.write(
                f"{e.date!s:<11} {e.title}"
                + (f" ({e.place})" if e.place else "")
                + f"  [{', '.join(e.sources)}]\n"
            )
    return EXIT_OK


def _cmd_check(a: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ._check import check

    problems = check(a.dir)
    if a.json:
        _emit_json(
            [{"file": p.file, "record": p.record, "field": p.field, "message": p.message} for p in problems],
            out,
        )
    else:
        for p in problems:
            out.write(f"{p}\n")
        err.write(f"{len(problems)} problem(s) in {a.dir or 'the packaged data'}\n")
    return EXIT_NOT_FOUND if problems else EXIT_OK


def _cmd_stats(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    from ._stats import stats, stats_text

    s = stats(ds)
    if a.json:
        _emit_json(s, out)
    else:
        out.write(stats_text(s))
    return EXIT_OK


def _cmd_export(ds: Dataset, a: argparse.Namespace, out: TextIO) -> int:
    files = ds.export(a.dir, a.format)
    if a.json:
        _emit_json([str(f) for f in files], out)
    else:
        out.write(f"wrote {len(files)} file(s) to {a.dir}\n")
    return EXIT_OK


def _cmd_diff(a: argparse.Namespace, out: TextIO) -> int:
    from . import default_dataset
    from ._export import diff

    old = default_dataset() if a.old == "packaged" else Dataset.load(a.old)
    new = default_dataset() if a.new == "packaged" else Dataset.load(a.new)
    d = diff(old, new)
    if a.json:
        _emit_json(d, out)
    else:
        out.write(f"data_version {d['data_version'][0]} -> {d['data_version'][1]}\n")
        for table, entry in d["tables"].items():
            for k in entry["added"]:
                out.write(f"+ {table} {k}\n")
            for k in entry["removed"]:
                out.write(f"- {table} {k}\n")
            for k, fields in entry["changed"].items():
                for f, (before, after) in fields.items():
                    out.write(
                        f"~ {table} {k} {f}: {json.dumps(before, ensure_ascii=False)} -> {json.dumps(after, ensure_ascii=False)}\n"
                    )
        if not d["tables"]:
            out.write("no differences\n")
    return EXIT_NOT_FOUND if d["tables"] else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="migorgs",
        description="Sourced data on the organisations and "
        "inter-State consultation processes of international migration governance.",
    )
    p.add_argument("--version", action="version", version=f"migorgs {__version__}")
    p.add_argument(
        "--data", metavar="DIR", help="use a data directory of your own instead of the packaged data"
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def cmd(name: str, help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        sp.add_argument("--json", action="store_true", help="print JSON for scripts")
        return sp

    s = cmd("show", "a readable card of an organisation or process: names over time, facts, roles, sources")
    s.add_argument("key", help="an id, acronym or any name, e.g. IOM, ICEM, 'Puebla Process'")
    s = cmd("search", "ranked fuzzy search over every name")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=10)
    s = cmd("orgs", "list organisations")
    s.add_argument("--kind")
    s.add_argument("--role", help="only organisations holding this role in some process")
    s.add_argument("--process", help="only organisations involved in this process")
    s = cmd("processes", "list processes; filters combine with AND")
    s.add_argument("--role")
    s.add_argument("--org")
    s.add_argument("--kind")
    s.add_argument("--region")
    s.add_argument("--active-in", type=int, metavar="YEAR")
    s.add_argument("--member", metavar="ISO3")
    s = cmd("history", "an entity's official names over time")
    s.add_argument("key")
    s.add_argument("--lang", default="en", help="a language code, or 'all'")
    s = cmd("timeline", "an entity's events in order")
    s.add_argument("key")
    s = cmd("check", "validate a data directory (the packaged one by default); exit 1 if problems")
    s.add_argument("dir", nargs="?")
    cmd("stats", "coverage report: counts, fields filled, share sourced, open conflicts")
    s = cmd("export", "write the data as a data directory, JSON, CSV or a Frictionless Data Package")
    s.add_argument("dir")
    s.add_argument("--format", default="datapackage", choices=["data-dir", "json", "csv", "datapackage"])
    s = cmd(
        "diff",
        "records added, removed and changed between two data directories ('packaged' for the shipped data); exit 1 if any",
    )
    s.add_argument("old")
    s.add_argument("new")
    return p


def main(
    argv: Optional[Sequence[str]] = None, out: Optional[TextIO] = None, err: Optional[TextIO] = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        a = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if a.command == "check":
            return _cmd_check(a, out, err)
        if a.command == "diff":
            return _cmd_diff(a, out)
        ds = _dataset(a)
        handler = {
            "show": _cmd_show,
            "search": _cmd_search,
            "orgs": _cmd_orgs,
            "processes": _cmd_processes,
            "history": _cmd_history,
            "timeline": _cmd_timeline,
            "stats": _cmd_stats,
            "export": _cmd_export,
        }[a.command]
        return handler(ds, a, out)
    except DataError as exc:
        err.write(f"migorgs: {exc}\n")
        return EXIT_DATA
    except NotFoundError as exc:
        err.write(f"migorgs: {exc}\n")
        return EXIT_NOT_FOUND
    except MigorgsError as exc:
        err.write(f"migorgs: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
