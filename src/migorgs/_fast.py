"""Plain constructors for the packaged data: the trusted fast path of the first query.

The packaged data is validated strictly (cattrs, integrity, the checker) by
the test suite of the very commit that ships it, so loading it again through
the strict converter at every start-up only costs time: importing cattrs and
generating its structuring code is most of a cold first query. These
functions build the same records directly. Any surprise (a missing key, a
wrong type) raises, and the loader then falls back to the strict path, which
reports the problem properly. A test asserts that both paths give equal
datasets.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from ._dates import PartialDate
from ._models import (
    AnnualTheme,
    Citation,
    Claim,
    Conflict,
    Event,
    EventKind,
    Fact,
    Involvement,
    MemberList,
    Name,
    NameKind,
    Organisation,
    OrgKind,
    Partner,
    PartnerRelation,
    Process,
    ProcessKind,
    ProcessStatus,
    Publication,
    Region,
    Role,
    Source,
    SourceKind,
)

__all__ = ["STRUCTURERS"]

D = dict[str, Any]
_parse = PartialDate.parse


def _date(v: Optional[str]) -> Optional[PartialDate]:
    return None if v is None else _parse(v)


def _t(v: Optional[list[str]]) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise TypeError("expected a list")
    return tuple(v)


def _name(d: D) -> Name:
    return Name(
        d["text"], NameKind(d["kind"]), _t(d["sources"]), d.get("lang", "en"), d.get("acronym"),
        _date(d.get("since")), _date(d.get("until")), d.get("note"),
    )  # fmt: skip


def _fact(d: D) -> Fact:
    return Fact(
        d["key"],
        d["value"],
        _parse(d["as_of"]),
        _t(d["sources"]),
        d.get("unit"),
        d.get("qualifier"),
        d.get("note"),
    )


def _cite(d: Optional[D]) -> tuple[Citation, ...]:
    return tuple(Citation(k, tuple(v)) for k, v in sorted((d or {}).items()))


def _member_list(d: D) -> MemberList:
    return MemberList(
        _parse(d["as_of"]), _t(d["sources"]), _t(d.get("members")), _t(d.get("observers")), d.get("note")
    )


def _source(d: D) -> Source:
    return Source(
        d["id"], d["title"], d["publisher"], _parse(d["as_of"]), SourceKind(d["kind"]), d.get("url"),
        _date(d.get("accessed")), d.get("note"),
    )  # fmt: skip


def _org(d: D) -> Organisation:
    kind = d.get("kind")
    return Organisation(
        d["id"], tuple(_name(n) for n in d["names"]), d["summary"], _t(d["sources"]),
        None if kind is None else OrgKind(kind), _date(d.get("founded")), _date(d.get("dissolved")),
        d.get("headquarters"), d.get("headquarters_country"), d.get("website"),
        tuple(_fact(f) for f in d.get("facts", ())), _cite(d.get("cite")),
    )  # fmt: skip


def _process(d: D) -> Process:
    kind, status = d.get("kind"), d.get("status")
    return Process(
        d["id"], tuple(_name(n) for n in d["names"]), d["summary"], _t(d["sources"]),
        None if kind is None else ProcessKind(kind), tuple(Region(r) for r in d.get("regions", ())),
        _date(d.get("established")), _date(d.get("ended")),
        None if status is None else ProcessStatus(status), d.get("institution"), d.get("website"),
        tuple(_fact(f) for f in d.get("facts", ())), _cite(d.get("cite")),
        tuple(_member_list(m) for m in d.get("membership", ())),
    )  # fmt: skip


def _involvement(d: D) -> Involvement:
    return Involvement(
        d["org"], d["process"], Role(d["role"]), _t(d["sources"]), _date(d.get("as_of")),
        tuple(Partner(p["org"], PartnerRelation(p["relation"])) for p in d.get("partners", ())),
        _date(d.get("since")), _date(d.get("until")), d.get("note"),
    )  # fmt: skip


def _event(d: D) -> Event:
    return Event(
        d["id"], _parse(d["date"]), EventKind(d["kind"]), d["title"], _t(d["entities"]), _t(d["sources"]),
        d.get("place"), d.get("note"),
    )  # fmt: skip


def _publication(d: D) -> Publication:
    return Publication(
        d["id"], d["series"], d["title"], d["year"], _t(d["publishers"]), _t(d["sources"]), d.get("number"),
        _t(d.get("about")), d.get("note"),
    )  # fmt: skip


def _theme(d: D) -> AnnualTheme:
    return AnnualTheme(
        d["process"], d["year"], _t(d["sources"]), d.get("theme"), _t(d.get("workshops")), d.get("note")
    )


def _conflict(d: D) -> Conflict:
    claims = tuple(Claim(c["value"], _t(c["sources"]), c.get("note")) for c in d["claims"])
    return Conflict(d["id"], d["entity"], d["field"], d["presented"], claims, d["note"])


#: table -> function building one record from its JSON object
STRUCTURERS: dict[str, Callable[[D], Any]] = {
    "sources": _source,
    "organisations": _org,
    "processes": _process,
    "involvements": _involvement,
    "events": _event,
    "publications": _publication,
    "themes": _theme,
    "conflicts": _conflict,
}
