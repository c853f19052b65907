"""The records a first lookup does not build: sources, roles, the timeline, publications,
themes, conflicts and membership.

Imported through `_models` (``from ._models import State``), which every other module
reads them from, when first asked for; their fields are described as every field is,
once, with `_models._f`.
"""

from __future__ import annotations

from typing import Optional

import attrs

from ._dates import PartialDate
from ._models import _SOURCES_DOC, _f, _Record, _Sources, _StrEnum, _Value

__all__ = [
    "AnnualTheme",
    "Basis",
    "BodyYear",
    "Claim",
    "Conflict",
    "DyadYear",
    "Event",
    "EventKind",
    "Evidence",
    "Head",
    "Involvement",
    "MemberStatus",
    "MembershipEvent",
    "MembershipEventKind",
    "PanelRow",
    "Partner",
    "PartnerRelation",
    "Publication",
    "Role",
    "Snapshot",
    "Source",
    "SourceKind",
    "Spell",
    "State",
    "StateRole",
    "StateRoleKind",
    "StatedCount",
]


class Role(_StrEnum):
    """An organisation's role in a process: member or participant, observer, secretariat, secretariat
    support to a process with its own secretariat, administrative host of a secretariat or support
    unit, lead, coordinator."""

    MEMBER = "member"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"
    SECRETARIAT_SUPPORT = "secretariat-support"
    HOST = "host"
    LEAD = "lead"
    COORDINATOR = "coordinator"


class PartnerRelation(_StrEnum):
    """How a partner stands to a role."""

    #: shares the role ("together with UNHCR")
    WITH = "with"
    #: is consulted by the role-holder ("in consultation with ECOWAS")
    IN_CONSULTATION_WITH = "in-consultation-with"
    #: the vehicle through which the role is carried out ("through the ACP-EU Migration Action")
    THROUGH = "through"


class SourceKind(_StrEnum):
    """A seed document of the project, or a public web page that was read."""

    SEED = "seed"
    WEB = "web"


class MemberStatus(_StrEnum):
    """A State's standing in a body (the Correlates of War codes are 1, 2, 3 and, here, 4)."""

    MEMBER = "member"
    ASSOCIATE = "associate"
    OBSERVER = "observer"
    SUSPENDED = "suspended"


class MembershipEventKind(_StrEnum):
    """What happened to a State's membership on a date."""

    #: the States that founded or launched the body (a whole list)
    FOUNDING = "founding"
    JOINED = "joined"
    LEFT = "left"
    SUSPENDED = "suspended"
    READMITTED = "readmitted"
    STATUS_CHANGED = "status-changed"


class StateRoleKind(_StrEnum):
    """A State's role in a body: chairing it, hosting a meeting or its secretariat."""

    CHAIR = "chair"
    CO_CHAIR = "co-chair"
    VICE_CHAIR = "vice-chair"
    HOST = "host"
    SECRETARIAT_HOST = "secretariat-host"
    TROIKA = "troika"


class EventKind(_StrEnum):
    """What happened at an event of the timeline."""

    FOUNDING = "founding"
    RENAMING = "renaming"
    TREATY = "treaty"
    MEMBERSHIP = "membership"
    CREATION = "creation"
    LAUNCH = "launch"
    MEETING = "meeting"
    ENDING = "ending"
    #: one process succeeded another (see ``Process.successor``)
    SUCCESSION = "succession"
    OTHER = "other"


def _year_range(inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 9999:
        raise ValueError("a year must be from 1 to 9999")


@attrs.frozen(repr=False, eq=False)
class Source(_Record):
    """A document facts are taken from, and the date its facts are current as of."""

    _repr_fields = ("id", "title", "as_of")

    id: str = _f("the source's id, cited by records")
    title: str = _f("the document's title")
    publisher: str = _f("who published it (and where a copy was read, if not the original)")
    as_of: PartialDate = _f("the date its facts are current as of, read from the document")
    kind: SourceKind = _f("a seed document of the project, or a public web page")
    url: Optional[str] = _f("where it can be read", default=None)
    accessed: Optional[PartialDate] = _f("when it was read", default=None)
    note: Optional[str] = _f("how its as-of date was judged, where its text was read", default=None)


@attrs.frozen(eq=False)
class StatedCount(_Value):
    """A count a source states next to its list ("45 member countries")."""

    status: MemberStatus = _f("the status counted")
    count: int = _f("the number the source states")


@attrs.frozen(repr=False, eq=False)
class Partner(_Record):
    """An organisation named alongside a role, and how it stands to it."""

    _repr_fields = ("org", "relation")

    org: str = _f("id of the partner organisation")
    relation: PartnerRelation = _f("with (shares the role), in-consultation-with, or through")


@attrs.frozen(repr=False, eq=False)
class Involvement(_Record):
    """An organisation's role in a process, with the partners that share or shape it."""

    _repr_fields = ("org", "role", "process", "partners", "since", "until", "as_of")
    _key_fields = ("org", "process", "role")

    org: str = _f("id of the organisation holding the role")
    process: str = _f("id of the process")
    role: Role = _f("member, observer, secretariat, secretariat-support, host, lead or coordinator")
    sources: _Sources = _f(_SOURCES_DOC)
    as_of: Optional[PartialDate] = _f(
        "the date a source says the role held (when no period is known)", default=None
    )
    partners: tuple[Partner, ...] = _f(
        "organisations that share or shape the role", default=(), table="partners"
    )
    since: Optional[PartialDate] = _f("first date the role held (inclusive)", default=None)
    until: Optional[PartialDate] = _f("last date the role held (inclusive)", default=None)
    #: id (org:process:role) of the record that states the same function later or more precisely
    superseded_by: Optional[str] = _f(
        "id (org:process:role) of the role record of the same process that states this function "
        "later or more precisely; a superseded record is not in force",
        default=None,
    )
    note: Optional[str] = _f("a curator's note", default=None)

    @property
    def id(self) -> str:
        """A stable id: ``org:process:role``."""
        return f"{self.org}:{self.process}:{self.role.value}"

    @property
    def holders(self) -> tuple[str, ...]:
        """The organisation and the partners that share the role with it."""
        return (self.org, *(p.org for p in self.partners if p.relation is PartnerRelation.WITH))


@attrs.frozen(repr=False, eq=False)
class Event(_Record):
    """A dated event in the life of one or more entities."""

    _repr_fields = ("date", "title", "entities")

    id: str = _f("the event's id")
    date: PartialDate = _f("when it happened")
    kind: EventKind = _f("founding, renaming, treaty, membership, meeting, ending, ...")
    title: str = _f("what happened, in a line")
    entities: tuple[str, ...] = _f("ids of the entities it concerns")
    sources: _Sources = _f(_SOURCES_DOC)
    place: Optional[str] = _f("where it happened", default=None)
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(repr=False, eq=False)
class Publication(_Record):
    """A publication in a series (World Migration Report, Migration Research Series, ...)."""

    _repr_fields = ("series", "number", "year", "title")

    id: str = _f("the publication's id")
    series: str = _f("the series it belongs to")
    title: str = _f("its title, exactly as published")
    year: int = _f("the year it appeared", validator=_year_range)
    publishers: tuple[str, ...] = _f("ids of the entities that published it")
    sources: _Sources = _f(_SOURCES_DOC)
    number: Optional[str] = _f("its number in the series", default=None)
    about: tuple[str, ...] = _f("ids of the entities it is about", default=())
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(repr=False, eq=False)
class AnnualTheme(_Record):
    """A process's theme for one year, and the workshops or sessions held under it."""

    _repr_fields = ("process", "year", "theme")
    _key_fields = ("process", "year")

    process: str = _f("id of the process")
    year: int = _f("the year", validator=_year_range)
    sources: _Sources = _f(_SOURCES_DOC)
    theme: Optional[str] = _f("the year's theme, exactly as titled", default=None)
    workshops: tuple[str, ...] = _f(
        "titles of the workshops or sessions held", default=(), table=("workshops", "title")
    )
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(eq=False)
class Claim(_Value):
    """One source's value in a conflict."""

    value: str = _f("the value this source gives")
    sources: _Sources = _f(_SOURCES_DOC)
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(repr=False, eq=False)
class Conflict(_Record):
    """Sources disagree about one field of one entity; ``presented`` is the value migorgs shows."""

    _repr_fields = ("entity", "field", "presented")

    id: str = _f("the conflict's id")
    entity: str = _f("id of the entity")
    field: str = _f("the field the sources disagree on")
    presented: str = _f("the value migorgs presents")
    claims: tuple[Claim, ...] = _f("each source's value", table="claims")
    note: str = _f("why the values differ and why one is presented")


# ---------------------------------------------------------------------- membership


_CODES_DOC = "ISO 3166-1 alpha-3 codes (XKX for Kosovo, former codes for States that no longer exist)"


@attrs.frozen(repr=False, eq=False)
class State(_Record):
    """A State (or territory) that membership records name, by its ISO 3166 alpha-3 code."""

    _repr_fields = ("code", "name", "since", "until")
    _key_fields = ("code",)

    code: str = _f(
        "ISO 3166-1 alpha-3 code; XKX for Kosovo; the former alpha-3 code for a State that no longer exists"
    )
    name: str = _f("English short name")
    sources: _Sources = _f(_SOURCES_DOC)
    alpha2: Optional[str] = _f("ISO 3166-1 alpha-2 code", default=None)
    aliases: tuple[str, ...] = _f("other names it is known by, which also find it", default=())
    since: Optional[PartialDate] = _f(
        "when it came into existence, where that falls in the data's span", default=None
    )
    until: Optional[PartialDate] = _f("when it ceased to exist", default=None)
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(repr=False, eq=False)
class Snapshot(_Record):
    """One source's list of a body's member (observer, ...) States as of a date: evidence, not spells."""

    _repr_fields = ("body", "as_of", "complete", "members", "observers")

    id: str = _f("the snapshot's id: body:as_of:source")
    body: str = _f("id of the organisation or process")
    as_of: PartialDate = _f("the date the list is current as of")
    sources: _Sources = _f(_SOURCES_DOC)
    complete: bool = _f("whether the list is the whole list for its scope (a partial one never is)")
    scope: tuple[MemberStatus, ...] = _f("the statuses the list reports; a State it omits holds none of them")
    members: tuple[str, ...] = _f(f"member (participating) States: {_CODES_DOC}", default=())
    observers: tuple[str, ...] = _f("observer States", default=())
    associates: tuple[str, ...] = _f("associate members", default=())
    suspended: tuple[str, ...] = _f("suspended members", default=())
    stated_count: tuple[StatedCount, ...] = _f(
        "the counts the source itself states, by status",
        default=(),
        mapping=("status", "count"),
        table="stated_counts",
    )
    note: Optional[str] = _f(
        "a curator's note: the source's terms, names hard to map, what is missing", default=None
    )

    def listed(self) -> dict[str, MemberStatus]:
        """Each listed State and its status."""
        out: dict[str, MemberStatus] = {}
        for status, codes in (
            (MemberStatus.MEMBER, self.members),
            (MemberStatus.ASSOCIATE, self.associates),
            (MemberStatus.OBSERVER, self.observers),
            (MemberStatus.SUSPENDED, self.suspended),
        ):
            for c in codes:
                out[c] = status
        return out


@attrs.frozen(repr=False, eq=False)
class MembershipEvent(_Record):
    """A dated change in the membership of one or more States (a founding list is one too)."""

    _repr_fields = ("body", "date", "kind", "states", "status")

    id: str = _f("the event's id")
    body: str = _f("id of the organisation or process")
    kind: MembershipEventKind = _f("founding, joined, left, suspended, readmitted or status-changed")
    date: PartialDate = _f("when it took effect, at the source's precision")
    states: tuple[str, ...] = _f(_CODES_DOC)
    sources: _Sources = _f(_SOURCES_DOC)
    status: Optional[MemberStatus] = _f("the status the States hold after it (none for left)", default=None)
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(repr=False, eq=False)
class StateRole(_Record):
    """A State's role in a body over a period: chair, co-chair, host of a meeting or the secretariat."""

    _repr_fields = ("body", "state", "role", "since", "until", "as_of")

    id: str = _f("the role's id")
    body: str = _f("id of the organisation or process")
    state: str = _f("the State: ISO 3166-1 alpha-3 code")
    role: StateRoleKind = _f("chair, co-chair, vice-chair, host, secretariat-host or troika")
    sources: _Sources = _f(_SOURCES_DOC)
    since: Optional[PartialDate] = _f("first date the role held (inclusive)", default=None)
    until: Optional[PartialDate] = _f("last date the role held (inclusive)", default=None)
    as_of: Optional[PartialDate] = _f(
        "the date a source says it held (when no period is known)", default=None
    )
    note: Optional[str] = _f("a curator's note: the meeting hosted, ...", default=None)


class Basis(_StrEnum):
    """What backs a bound of a derived spell."""

    #: a dated event (joined, left, status changed, ...) gives the date
    EVENT = "event"
    #: the body's founding list
    FOUNDING = "founding"
    #: only the first snapshot that lists the State: it may have held the status earlier
    FIRST_LISTED = "first-listed"
    #: only the last snapshot that lists it: it may have held the status later
    LAST_LISTED = "last-listed"
    #: the body ended
    BODY_ENDED = "body-ended"
    #: the State ceased to exist
    STATE_ENDED = "state-ended"


class Evidence(_StrEnum):
    """How a cell of the membership panel is known."""

    #: a dated event in that year
    EVENT = "event"
    #: a snapshot dated in that year lists the State (or, complete, omits it)
    LISTED = "listed"
    #: between two pieces of evidence that agree
    INTERPOLATED = "interpolated"
    #: after the newest evidence, nothing contradicting it
    EXTRAPOLATED = "extrapolated"
    #: no evidence either way
    UNKNOWN = "unknown"
    #: the State did not exist that year
    NO_STATE = "no-state"


@attrs.frozen(repr=False, eq=False)
class Spell(_Record):
    """A State's status in a body from one date to another, derived from snapshots and events."""

    _repr_fields = ("body", "state", "status", "start", "end", "start_basis", "end_basis")

    body: str = _f("id of the organisation or process")
    state: str = _f("the State: ISO 3166 alpha-3 code")
    status: MemberStatus = _f("member, associate, observer or suspended")
    start: PartialDate = _f("the first date the evidence shows the status")
    start_basis: Basis = _f("what backs start: event, founding, or only first-listed")
    sources: _Sources = _f("ids of the sources of every piece of evidence in the spell")
    last_seen: PartialDate = _f("the newest date with evidence of the status")
    start_after: Optional[PartialDate] = _f(
        "the latest earlier evidence that it did not hold the status", default=None
    )
    end: Optional[PartialDate] = _f("the last date it held the status; empty while open", default=None)
    end_basis: Optional[Basis] = _f(
        "what backs end: event, last-listed, body-ended or state-ended", default=None
    )
    end_before: Optional[PartialDate] = _f("the first later evidence that it no longer held it", default=None)

    @property
    def open(self) -> bool:
        """Whether no evidence says the spell ended."""
        return self.end is None


@attrs.frozen(repr=False, eq=False)
class PanelRow(_Record):
    """One State, one body, one year of the membership panel (state-year form)."""

    _repr_fields = ("state", "body", "year", "code", "evidence")

    state: str = _f("the State: ISO 3166 alpha-3 code", category=True)
    body: str = _f("id of the organisation or process", category=True)
    year: int = _f("the year")
    code: int = _f(
        "status code: 1 member, 2 associate, 3 observer, 4 suspended, 0 none, -9 unknown, -1 no State"
    )
    evidence: Evidence = _f("event, listed, interpolated, extrapolated, unknown or no-state")
    status: Optional[MemberStatus] = _f("the status, when the code is 1 to 4", default=None)


@attrs.frozen(repr=False, eq=False)
class BodyYear(_Record):
    """How many States held each status in a body in a year (body-year form)."""

    _repr_fields = ("body", "year", "members", "observers", "unknown")

    body: str = _f("id of the organisation or process")
    year: int = _f("the year")
    members: int = _f("member States")
    associates: int = _f("associate members")
    observers: int = _f("observer States")
    suspended: int = _f("suspended members")
    unknown: int = _f("States mentioned in the body's evidence whose status that year is unknown")
    listed: int = _f("of the States counted, those backed by evidence dated that year")


@attrs.frozen(repr=False, eq=False)
class DyadYear(_Record):
    """Two States that both held a status in a body in a year (dyad-year form)."""

    _repr_fields = ("state_a", "state_b", "body", "year", "code")

    state_a: str = _f("the first State (codes ordered)")
    state_b: str = _f("the second State")
    body: str = _f("id of the organisation or process")
    year: int = _f("the year")
    code: int = _f("1 both full members; 3 both at least observers")
    evidence: Evidence = _f("the weaker of the two States' evidence")


@attrs.frozen(repr=False, eq=False)
class Head(_Record):
    """The executive head of a body for a period: a Director General, a High Commissioner, ..."""

    _repr_fields = ("body", "person", "title", "since", "until")

    id: str = _f("the record's id: body:person-slug:since")
    body: str = _f("id of the organisation or process")
    person: str = _f("the person's name as the source writes it")
    title: str = _f("the office: Director General, High Commissioner, Secretary General, ...")
    sources: _Sources = _f(_SOURCES_DOC)
    since: Optional[PartialDate] = _f("first date in office (inclusive)", default=None)
    until: Optional[PartialDate] = _f("last date in office (inclusive); empty while in office", default=None)
    as_of: Optional[PartialDate] = _f(
        "the date a source says the person held office (when no period is known)", default=None
    )
    note: Optional[str] = _f("a curator's note: acting, re-elected, ...", default=None)
