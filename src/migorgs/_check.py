"""The data checker for curators: every rule of CURATION.md that a program can check.

``check(path)`` returns every problem at once (file, record id, field,
message); an empty list means the directory is sound. Loading already
refuses broken structure and dangling references; the checker adds the
curation rules on top: citations for every filled field, date sanity,
vocabulary, ISO codes, lookup keys shared by two entities, unused sources,
one document recorded as two sources.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Optional, Union

from ._dates import PartialDate, agree_up_to_precision, before, on_or_after, on_or_before
from ._iso3166 import ALPHA3
from ._load import RawData, load_records, packaged_root
from ._models import Name, NameKind, Organisation, Process
from ._text import normalise
from .exceptions import DataError, DataProblem

if TYPE_CHECKING:
    import sys

    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["CITEABLE", "check"]

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s]*)?$")
LANG_RE = re.compile(r"^[a-z]{2,3}$")
VERSION_RE = re.compile(r"^\d{4}\.\d{1,2}\.\d+$")

#: fields of organisations and processes that must be cited field by field when filled
CITEABLE = {
    Organisation: ("kind", "founded", "dissolved", "headquarters", "headquarters_country", "website"),
    # a process's kind is derived from its classifications, which carry their own sources
    Process: ("regions", "established", "ended", "status", "institution", "website", "successor"),
}
SUMMARY_MAX = 800


def _as_date(value: str) -> Optional[PartialDate]:
    try:
        return PartialDate.parse(value.strip())
    except ValueError:
        return None


def _url_key(url: str) -> str:
    """A url as the same-document rule compares it: no scheme, no leading www., no trailing slash,
    the host in lower case."""
    rest = re.sub(r"^https?://", "", url.strip()).rstrip("/")
    host, sep, path = rest.partition("/")
    host = host.lower()
    return (host[4:] if host.startswith("www.") else host) + sep + path


def check(
    path: Union[str, os.PathLike[str], Traversable, None] = None, *, today: Optional[_dt.date] = None
) -> list[DataProblem]:
    """Every problem in a data directory (the packaged one by default), all at once."""
    try:
        raw = load_records(packaged_root(), label="packaged data") if path is None else load_records(path)
    except DataError as exc:
        return list(exc.problems)
    packed = _packed_problems() if path is None else []
    return [*_schema_problems(path), *packed, *_Checker(raw, today or _dt.date.today()).run()]


def _packed_problems() -> list[DataProblem]:
    """The package's packed tables (`_packed`) must have been written from its data as it is now."""
    from . import _packed
    from ._load import TABLES, _Problems, packaged_packed, scan

    meta, files = scan(packaged_root(), _Problems())
    reader = _packed.open_packed(packaged_packed())
    if reader is None:
        stale = ["the file"]
    else:
        stale = [] if reader.eager(files, meta) is not None else [_packed.EAGER]
        stale += [
            t for t in TABLES if t not in reader.tables(_packed.EAGER) and reader.table(t, files) is None
        ]
    if not stale:
        return []
    return [
        DataProblem(
            _packed.FILE,
            None,
            None,
            f"was not written from the data as it is now ({', '.join(stale)}), or cannot be read: run "
            "`python -m migorgs._packed` to write it again; until then those tables are read from JSON",
        )
    ]


def _schema_problems(path: Union[str, os.PathLike[str], Traversable, None]) -> list[DataProblem]:
    """The files of a data directory checked against the JSON Schema of the format (`_schema`),
    when the optional ``jsonschema`` package is installed; the loader has checked the same
    description already, so this mostly confirms that the published schema says what it reads."""
    try:
        import jsonschema  # type: ignore[import-untyped]
    except ImportError:
        return []
    import json

    from ._load import _as_traversable, _Problems, scan
    from ._schema import json_schema

    if path is not None and not (isinstance(path, (str, os.PathLike)) and os.path.isdir(path)):
        return []  # an export file or archive: the loader's reading of it is the check
    root = packaged_root() if path is None else _as_traversable(path)
    _, files = scan(root, _Problems())
    schemas = json_schema()
    out = []
    for table, entries in files.items():
        validator = jsonschema.Draft202012Validator(schemas[table])
        for name, entry in entries:
            for err in validator.iter_errors(json.loads(entry.read_bytes())):
                where = "/".join(str(p) for p in err.absolute_path)
                out.append(DataProblem(name, None, where or None, f"JSON Schema: {err.message}"))
    return out


class _Checker:
    def __init__(self, raw: RawData, today: _dt.date) -> None:
        self.raw = raw
        self.t = raw.tables
        self.today = PartialDate(today.year, today.month, today.day)
        self.problems: list[DataProblem] = []
        self.used_sources: set[str] = set()

    def add(self, table: str, rid: Optional[str], field: Optional[str], message: str) -> None:
        file = self.raw.origin.get(f"{table}:{rid}", table) if rid else table
        self.problems.append(DataProblem(file, rid, field, message))

    def run(self) -> list[DataProblem]:
        self.meta()
        for s in self.t["sources"]:
            self.source(s)
        self.same_document(self.t["sources"])
        entities: list[Any] = [*self.t["organisations"], *self.t["processes"]]
        for e in entities:
            self.entity(e)
        self.keys(entities)
        self.involvements()
        self.timeline()
        self.conflicts()
        self.membership()
        for s in self.t["sources"]:
            if s.id not in self.used_sources:
                self.add("sources", s.id, None, "is defined but no record cites it")
        return self.problems

    # -- helpers ---------------------------------------------------------------

    def cites(self, srcs: Iterable[str]) -> None:
        self.used_sources.update(srcs)

    def not_future(self, table: str, rid: str, field: str, d: Optional[PartialDate]) -> None:
        if d is not None and d.first_day > self.today.first_day:
            self.add(table, rid, field, f"{d} is after today ({self.today})")

    def period(
        self, table: str, rid: str, field: str, start: Optional[PartialDate], end: Optional[PartialDate]
    ) -> None:
        self.not_future(table, rid, f"{field} start", start)
        self.not_future(table, rid, f"{field} end", end)
        if start is not None and end is not None and end < start:
            self.add(table, rid, field, f"ends ({end}) before it starts ({start})")

    def country(self, table: str, rid: str, field: str, code: Optional[str]) -> None:
        if code is not None and code not in ALPHA3:
            self.add(table, rid, field, f"{code!r} is not an ISO 3166-1 alpha-3 country code")

    # -- rules -----------------------------------------------------------------

    def meta(self) -> None:
        version = self.raw.meta.get("data_version", "")
        if not VERSION_RE.match(version):
            self.add("meta.json", None, "data_version", f"{version!r} is not of the form YYYY.MM.N")

    def source(self, s: Any) -> None:
        if not ID_RE.match(s.id):
            self.add("sources", s.id, "id", "ids are lowercase words joined by hyphens")
        if s.url is not None and not URL_RE.match(s.url):
            self.add("sources", s.id, "url", f"{s.url!r} is not a well-formed http(s) URL")
        if s.kind.value == "web" and s.url is None:
            self.add("sources", s.id, "url", "a web source needs the url that was read")
        self.not_future("sources", s.id, "as_of", s.as_of)
        self.not_future("sources", s.id, "accessed", s.accessed)

    def same_document(self, sources: Iterable[Any]) -> None:
        """Two records of one page read as of the same date are one source (CURATION.md 1):
        the url compared without its scheme, a leading ``www.`` or a trailing slash."""
        first: dict[tuple[str, PartialDate], str] = {}
        for s in sources:
            if s.url is None:
                continue
            key = (_url_key(s.url), s.as_of)
            if key in first:
                message = f"sources {first[key]} and {s.id} are one document: same url and as_of; merge them"
                self.add("sources", s.id, "url", message)
            else:
                first[key] = s.id

    def entity(self, e: Any) -> None:
        table = "organisations" if isinstance(e, Organisation) else "processes"
        if not ID_RE.match(e.id):
            self.add(table, e.id, "id", "ids are lowercase words joined by hyphens")
        if not e.summary.strip():
            self.add(table, e.id, "summary", "is empty")
        elif len(e.summary) > SUMMARY_MAX:
            self.add(table, e.id, "summary", f"is {len(e.summary)} characters; keep it to a few sentences")
        self.cites(e.sources)
        citeable = CITEABLE[type(e)]
        cited = {c.field for c in e.cite}
        for c in e.cite:
            self.cites(c.sources)
            if c.field not in citeable:
                self.add(
                    table,
                    e.id,
                    f"cite.{c.field}",
                    f"is not a citeable field; use one of {', '.join(citeable)}",
                )
        for field in citeable:
            value = getattr(e, field)
            filled = value is not None and value != ()
            if filled and field not in cited:
                self.add(table, e.id, field, "is filled but cites no source (add it to cite)")
            if not filled and field in cited:
                self.add(table, e.id, f"cite.{field}", "cites a source for an empty field")
        self.period(table, e.id, "lifetime", e.start, e.end)
        if isinstance(e, Process) and e.succeeded is not None:
            self.not_future(table, e.id, "succeeded", e.succeeded)
            if e.start is not None and e.succeeded < e.start:
                self.add(table, e.id, "succeeded", f"{e.succeeded} is before the process began ({e.start})")
        if isinstance(e, Organisation):
            self.country(table, e.id, "headquarters_country", e.headquarters_country)
        if (
            isinstance(e, Process)
            and e.ended is not None
            and e.status is not None
            and e.status.value != "ended"
        ):
            self.add(table, e.id, "status", f"is {e.status.value!r} but the process has ended ({e.ended})")
        for ident in e.identifiers:
            self.cites(ident.sources)
        if isinstance(e, Process):
            self.classifications(e)
        for i, f in enumerate(e.facts):
            self.cites(f.sources)
            self.not_future(table, e.id, f"facts[{i}].as_of", f.as_of)
            if e.start is not None and not on_or_after(f.as_of, e.start):
                self.add(
                    table, e.id, f"facts[{i}].as_of", f"{f.as_of} is before the entity began ({e.start})"
                )
        self.names(table, e)

    def classifications(self, e: Process) -> None:
        open_dates: dict[str, str] = {}
        for i, c in enumerate(e.classifications):
            field = f"classifications[{i}]"
            self.cites(c.sources)
            self.period("processes", e.id, field, c.since, c.until)
            self.not_future("processes", e.id, f"{field}.as_of", c.as_of)
            if c.since is None and c.as_of is None:
                self.add("processes", e.id, field, "needs since or as_of (the as-of of its source)")
            if c.as_of is not None and e.start is not None and not on_or_after(c.as_of, e.start):
                self.add(
                    "processes", e.id, f"{field}.as_of", f"{c.as_of} is before the process began ({e.start})"
                )
            if c.until is None:
                key = str(c.date)
                if open_dates.get(key, c.kind.value) != c.kind.value:
                    self.add("processes", e.id, field,
                             f"two open classifications of the same date ({key}) disagree: record a conflict "
                             "and keep the one presented")  # fmt: skip
                open_dates[key] = c.kind.value

    def membership(self) -> None:
        from ._membership import problems

        for sn in self.t["snapshots"]:
            self.cites(sn.sources)
            self.not_future("snapshots", sn.id, "as_of", sn.as_of)
        for ev in self.t["membership_events"]:
            self.cites(ev.sources)
            self.not_future("membership_events", ev.id, "date", ev.date)
        for sr in self.t["state_roles"]:
            self.cites(sr.sources)
            self.period("state_roles", sr.id, "period", sr.since, sr.until)
        for st in self.t["states"]:
            self.cites(st.sources)
        for hd in self.t["heads"]:
            self.cites(hd.sources)
            self.period("heads", hd.id, "period", hd.since, hd.until)
        entities = [*self.t["organisations"], *self.t["processes"]]
        for table, rid, field, message in problems(
            entities, self.t["snapshots"], self.t["membership_events"], self.t["conflicts"], self.t["states"]
        ):
            self.add(table, rid, field, message)

    def names(self, table: str, e: Any) -> None:
        by_lang: dict[str, list[Name]] = {}
        for i, n in enumerate(e.names):
            self.cites(n.sources)
            field = f"names[{i}]"
            if not n.text.strip() or n.text != n.text.strip() or "  " in n.text:
                self.add(table, e.id, f"{field}.text", f"{n.text!r} has stray white space")
            if not LANG_RE.match(n.lang):
                self.add(table, e.id, f"{field}.lang", f"{n.lang!r} is not an ISO 639 language code")
            self.period(table, e.id, field, n.since, n.until)
            if n.kind is NameKind.FORMER and n.until is None:
                self.add(table, e.id, f"{field}.until", "a former name needs the year it ended")
            if n.kind in (NameKind.OFFICIAL, NameKind.FORMER, NameKind.TRANSLATION) and (n.since or n.until):
                by_lang.setdefault(n.lang, []).append(n)
        for lang, names in by_lang.items():
            ordered = sorted(names, key=lambda n: n.since or PartialDate(1))
            for a, b in zip(ordered, ordered[1:]):
                if b.since is None or a.until is None or before(b.since, a.until):
                    self.add(table, e.id, "names", f"{lang} names {a.text!r} and {b.text!r} overlap in time")
        current = [n for n in e.names if n.kind is NameKind.OFFICIAL and n.lang == "en" and n.until is None]
        if len(current) > 1:
            self.add(table, e.id, "names", "has more than one current official English name")

    def keys(self, entities: list[Any]) -> None:
        allowed = {normalise(k) for k in self.raw.meta.get("ambiguous_keys", "").split("|") if k.strip()}
        owners: dict[str, set[str]] = {}
        for e in entities:
            for text in (e.id, *(n.text for n in e.names), *(n.acronym for n in e.names if n.acronym)):
                k = normalise(text)
                if not k:
                    self.add(
                        "organisations" if isinstance(e, Organisation) else "processes",
                        e.id,
                        "names",
                        f"{text!r} has no letters or digits to look it up by",
                    )
                    continue
                owners.setdefault(k, set()).add(e.id)
        for k, ids in sorted(owners.items()):
            if len(ids) > 1 and k not in allowed:
                first = sorted(ids)[0]
                table = (
                    "organisations" if any(o.id == first for o in self.t["organisations"]) else "processes"
                )
                self.add(
                    table,
                    first,
                    "names",
                    f"lookup key {k!r} is shared by {', '.join(sorted(ids))}; make the names distinct "
                    "or list the name in meta.json's ambiguous_keys",
                )

    def involvements(self) -> None:
        ents = {e.id: e for e in (*self.t["organisations"], *self.t["processes"])}
        for inv in self.t["involvements"]:
            self.cites(inv.sources)
            self.period("involvements", inv.id, "period", inv.since, inv.until)
            self.not_future("involvements", inv.id, "as_of", inv.as_of)
            if inv.org in (p.org for p in inv.partners):
                self.add("involvements", inv.id, "partners", "names the role-holder as its own partner")
            proc = ents.get(inv.process)
            if proc is not None and inv.until is None and inv.as_of is None and inv.superseded_by is None:
                status = proc.status.value if proc.status is not None else None
                if proc.end is not None or status in ("dormant", "ended"):
                    self.add(
                        "involvements",
                        inv.id,
                        "until",
                        f"the process is {status or 'ended'}: close the role with the date a source "
                        "gives (until), or give the date it was last stated (as_of)",
                    )
                through = [p.org for p in inv.partners if p.relation.value == "through"]
                gone = [o for o in through if o in ents and ents[o].end is not None]
                if gone:
                    self.add(
                        "involvements",
                        inv.id,
                        "until",
                        f"runs through {', '.join(gone)}, which was dissolved: close the role (until) "
                        "or give the date it was last stated (as_of)",
                    )
            if (
                proc is not None
                and inv.since is not None
                and proc.start is not None
                and not on_or_after(inv.since, proc.start)
            ):
                self.add(
                    "involvements",
                    inv.id,
                    "since",
                    f"{inv.since} is before the process began ({proc.start})",
                )

    def timeline(self) -> None:
        ents = {e.id: e for e in (*self.t["organisations"], *self.t["processes"])}
        for ev in self.t["events"]:
            self.cites(ev.sources)
            if not ID_RE.match(ev.id):
                self.add("events", ev.id, "id", "ids are lowercase words joined by hyphens")
            self.not_future("events", ev.id, "date", ev.date)
            for eid in ev.entities:
                e = ents.get(eid)
                if e is None:
                    continue
                if (
                    e.start is not None
                    and not on_or_after(ev.date, e.start)
                    and ev.kind.value not in ("treaty", "founding")
                ):
                    self.add("events", ev.id, "date", f"{ev.date} is before {eid} began ({e.start})")
                if e.end is not None and not on_or_before(ev.date, e.end):
                    self.add("events", ev.id, "date", f"{ev.date} is after {eid} ended ({e.end})")
        for pub in self.t["publications"]:
            self.cites(pub.sources)
            if not 1 <= pub.year <= self.today.year:
                self.add("publications", pub.id, "year", f"{pub.year} is not a plausible year")
        for th in self.t["themes"]:
            self.cites(th.sources)
            p = ents.get(th.process)
            rid = f"{th.process}:{th.year}"
            if p is not None and p.start is not None and th.year < p.start.year:
                self.add("themes", rid, "year", f"{th.year} is before {th.process} began ({p.start})")
            if not th.theme and not th.workshops:
                self.add("themes", rid, None, "has neither a theme nor workshops")

    def conflicts(self) -> None:
        for co in self.t["conflicts"]:
            for cl in co.claims:
                self.cites(cl.sources)
            if len(co.claims) < 2:
                self.add("conflicts", co.id, "claims", "a conflict needs at least two claims")
            if not co.note.strip():
                self.add("conflicts", co.id, "note", "say why the presented value was chosen")
            dates = [(i, _as_date(cl.value)) for i, cl in enumerate(co.claims)]
            known = [(i, d) for i, d in dates if d is not None]
            for n, (i, a) in enumerate(known):
                for j, b in known[n + 1 :]:
                    if a == b:
                        self.add(
                            "conflicts", co.id, f"claims[{j}]", f"claims {i} and {j} give the same value {a}"
                        )
                    elif agree_up_to_precision(a, b):
                        self.add(
                            "conflicts",
                            co.id,
                            f"claims[{j}]" if b.precision <= a.precision else f"claims[{i}]",
                            f"claims {a} and {b} agree up to precision: merge the less precise claim's "
                            "sources into the other (or drop the conflict if no disagreement is left)",
                        )
