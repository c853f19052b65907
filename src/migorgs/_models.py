"""The records: frozen, slotted attrs classes whose collections are tuples.

Nothing here reads files; `_load` builds these from data.
"""

from __future__ import annotations

import enum
from typing import Any, Optional, Union

import attrs

from ._dates import PartialDate

__all__ = [
    "AnnualTheme",
    "Citation",
    "Claim",
    "Conflict",
    "Event",
    "EventKind",
    "Fact",
    "Involvement",
    "MemberList",
    "Name",
    "NameKind",
    "OrgKind",
    "Organisation",
    "Partner",
    "PartnerRelation",
    "Process",
    "ProcessKind",
    "ProcessStatus",
    "Publication",
    "Region",
    "Role",
    "Source",
    "SourceKind",
]


class _StrEnum(str, enum.Enum):
    """An enum whose members are also their string values."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class OrgKind(_StrEnum):
    """What kind of body an organisation is."""

    INTERGOVERNMENTAL = "intergovernmental-organisation"
    UN_SYSTEM = "un-system"
    REGIONAL_ORGANISATION = "regional-organisation"
    REGIONAL_ECONOMIC_COMMUNITY = "regional-economic-community"
    NGO = "ngo"
    COMMISSION = "commission"
    PROJECT = "project"
    PROGRAMME = "programme"
    SECRETARIAT = "secretariat"
    PUBLIC_INSTITUTION = "public-institution"
    FOUNDATION = "foundation"


class ProcessKind(_StrEnum):
    """IOM's three kinds of inter-State consultation mechanism (ISCM)."""

    RCP = "regional-consultative-process"
    IRF = "inter-regional-forum"
    GLOBAL = "global-process"


class ProcessStatus(_StrEnum):
    """Whether a process still meets, as a source states it."""

    ACTIVE = "active"
    DORMANT = "dormant"
    ENDED = "ended"


class Region(_StrEnum):
    """The world regions IOM groups consultation processes by."""

    AFRICA = "africa"
    AMERICAS = "americas"
    ASIA_PACIFIC = "asia-pacific"
    EUROPE = "europe"
    MIDDLE_EAST = "middle-east"
    GLOBAL = "global"


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


class NameKind(_StrEnum):
    """What kind of name: the official one, a former one, an official translation, or a variant."""

    OFFICIAL = "official"
    FORMER = "former"
    TRANSLATION = "translation"
    VARIANT = "variant"


class SourceKind(_StrEnum):
    """A seed document of the project, or a public web page that was read."""

    SEED = "seed"
    WEB = "web"


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
    OTHER = "other"


def _year_range(inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 9999:
        raise ValueError("a year must be from 1 to 9999")


_Sources = tuple[str, ...]
FactValue = Union[int, float, str]


class _Record:
    """Readable reprs (the fields that identify a record, not every field) and notebook display."""

    __slots__ = ()
    _repr_fields: tuple[str, ...] = ()

    def __repr__(self) -> str:
        parts = []
        for f in self._repr_fields:
            v = getattr(self, f)
            if v is None or v == ():
                continue
            if isinstance(v, enum.Enum):
                v = v.value
            elif isinstance(v, PartialDate):
                v = str(v)
            parts.append(f"{f}={v!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _repr_html_(self) -> str:
        from ._display import record_html

        return record_html(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))


@attrs.frozen(repr=False)
class Source(_Record):
    """A document facts are taken from, and the date its facts are current as of."""

    _repr_fields = ("id", "title", "as_of")

    id: str
    title: str
    publisher: str
    as_of: PartialDate
    kind: SourceKind
    url: Optional[str] = None
    accessed: Optional[PartialDate] = None
    note: Optional[str] = None


@attrs.frozen(repr=False)
class Name(_Record):
    """A name an entity bears or bore, in one language, for a period."""

    _repr_fields = ("text", "acronym", "kind", "lang", "since", "until")

    text: str
    kind: NameKind
    sources: _Sources
    lang: str = "en"
    acronym: Optional[str] = None
    since: Optional[PartialDate] = None
    until: Optional[PartialDate] = None
    note: Optional[str] = None


@attrs.frozen(repr=False)
class Fact(_Record):
    """A dated value: ``IOM member_states = 156 as of 2014-06``."""

    _repr_fields = ("key", "value", "unit", "qualifier", "as_of")

    key: str
    value: FactValue
    as_of: PartialDate
    sources: _Sources
    unit: Optional[str] = None
    #: how the source bounds the figure: "more than", "over", "about", ...
    qualifier: Optional[str] = None
    note: Optional[str] = None


@attrs.frozen
class Citation:
    """The sources of one field of a record."""

    field: str
    sources: _Sources


@attrs.frozen(repr=False)
class MemberList(_Record):
    """The member and observer States of a process (ISO 3166-1 alpha-3) as a source lists them."""

    _repr_fields = ("as_of", "members", "observers")

    as_of: PartialDate
    sources: _Sources
    members: tuple[str, ...] = ()
    observers: tuple[str, ...] = ()
    note: Optional[str] = None


def _current_name(self: Organisation | Process) -> Name:
    """The name an entity goes by: its open-ended official English name, else the latest official one."""
    official = [n for n in self.names if n.kind is NameKind.OFFICIAL]
    pool = official or [n for n in self.names if n.kind is not NameKind.VARIANT] or list(self.names)
    if not pool:
        raise ValueError(f"{self.id!r} has no name")
    current = [n for n in pool if n.until is None]
    pool = current or pool
    english = [n for n in pool if n.lang == "en"]
    pool = english or pool
    return max(pool, key=lambda n: n.since or PartialDate(1))


def _derive_name(self: Organisation | Process) -> str:
    return _current_name(self).text


def _derive_acronym(self: Organisation | Process) -> Optional[str]:
    return _current_name(self).acronym


class _Entity:
    """Behaviour shared by organisations and processes."""

    __slots__ = ()

    id: str
    names: tuple[Name, ...]
    cite: tuple[Citation, ...]
    facts: tuple[Fact, ...]
    name: str
    acronym: Optional[str]

    @property
    def common_name(self) -> str:
        """The name people use: an English variant "... Process" that carries the
        official name's acronym, when the official name is not itself one ("Puebla
        Process" for the Regional Conference on Migration, "Colombo Process");
        otherwise ``name``. Processes are widely called after the city of their
        first meeting."""
        if not self.name.endswith(" Process"):
            for n in self.names:
                variant = n.kind is NameKind.VARIANT and n.lang == "en"
                if variant and n.text.endswith(" Process") and n.acronym == self.acronym:
                    return n.text
        return self.name

    def sources_for(self, field: str) -> tuple[str, ...]:
        """The source ids cited for ``field`` (empty when none)."""
        for c in self.cite:
            if c.field == field:
                return c.sources
        return ()

    def facts_for(self, key: str) -> tuple[Fact, ...]:
        """Every fact with ``key``, oldest first."""
        return tuple(sorted((f for f in self.facts if f.key == key), key=lambda f: f.as_of))

    def latest(self, key: str) -> Optional[Fact]:
        """The most recent fact with ``key``, or ``None``."""
        found = self.facts_for(key)
        return found[-1] if found else None


@attrs.frozen(repr=False)
class Organisation(_Entity, _Record):
    """An organisation: an IGO, a UN entity, an NGO, a commission, a project, ..."""

    _repr_fields = ("id", "name", "acronym", "kind", "founded", "dissolved")

    id: str
    names: tuple[Name, ...]
    summary: str
    sources: _Sources
    #: None until a source says what kind of body it is
    kind: Optional[OrgKind] = None
    founded: Optional[PartialDate] = None
    dissolved: Optional[PartialDate] = None
    headquarters: Optional[str] = None
    #: ISO 3166-1 alpha-3 code of the headquarters' country
    headquarters_country: Optional[str] = None
    website: Optional[str] = None
    facts: tuple[Fact, ...] = ()
    cite: tuple[Citation, ...] = ()
    #: the current official name, derived from ``names``
    name: str = attrs.field(init=False, default=attrs.Factory(_derive_name, takes_self=True))
    #: the acronym of the current official name, derived from ``names``
    acronym: Optional[str] = attrs.field(init=False, default=attrs.Factory(_derive_acronym, takes_self=True))

    @property
    def start(self) -> Optional[PartialDate]:
        """When it began (``founded``)."""
        return self.founded

    @property
    def end(self) -> Optional[PartialDate]:
        """When it ended (``dissolved``)."""
        return self.dissolved


@attrs.frozen(repr=False)
class Process(_Entity, _Record):
    """An inter-State consultation mechanism on migration (ISCM)."""

    _repr_fields = ("id", "name", "acronym", "kind", "established", "ended")

    id: str
    names: tuple[Name, ...]
    summary: str
    sources: _Sources
    kind: Optional[ProcessKind] = None
    regions: tuple[Region, ...] = ()
    established: Optional[PartialDate] = None
    ended: Optional[PartialDate] = None
    status: Optional[ProcessStatus] = None
    #: id of the formal institution the process is associated with
    institution: Optional[str] = None
    website: Optional[str] = None
    facts: tuple[Fact, ...] = ()
    cite: tuple[Citation, ...] = ()
    membership: tuple[MemberList, ...] = ()
    #: the current official name, derived from ``names``
    name: str = attrs.field(init=False, default=attrs.Factory(_derive_name, takes_self=True))
    #: the acronym of the current official name, derived from ``names``
    acronym: Optional[str] = attrs.field(init=False, default=attrs.Factory(_derive_acronym, takes_self=True))

    @property
    def start(self) -> Optional[PartialDate]:
        """When it began (``established``)."""
        return self.established

    @property
    def end(self) -> Optional[PartialDate]:
        """When it ended (``ended``)."""
        return self.ended

    @property
    def members(self) -> tuple[str, ...]:
        """The member States of the newest member list (empty when none is recorded)."""
        return self.membership[-1].members if self.membership else ()

    @property
    def observers(self) -> tuple[str, ...]:
        """The observer States of the newest member list."""
        return self.membership[-1].observers if self.membership else ()


@attrs.frozen(repr=False)
class Partner(_Record):
    """An organisation named alongside a role, and how it stands to it."""

    _repr_fields = ("org", "relation")

    org: str
    relation: PartnerRelation


@attrs.frozen(repr=False)
class Involvement(_Record):
    """An organisation's role in a process, with the partners that share or shape it."""

    _repr_fields = ("org", "role", "process", "partners", "since", "until", "as_of")

    org: str
    process: str
    role: Role
    sources: _Sources
    #: the date the source says this held (when no period is known)
    as_of: Optional[PartialDate] = None
    partners: tuple[Partner, ...] = ()
    since: Optional[PartialDate] = None
    until: Optional[PartialDate] = None
    note: Optional[str] = None

    @property
    def id(self) -> str:
        """A stable id: ``org:process:role``."""
        return f"{self.org}:{self.process}:{self.role.value}"

    @property
    def holders(self) -> tuple[str, ...]:
        """The organisation and the partners that share the role with it."""
        return (self.org, *(p.org for p in self.partners if p.relation is PartnerRelation.WITH))


@attrs.frozen(repr=False)
class Event(_Record):
    """A dated event in the life of one or more entities."""

    _repr_fields = ("date", "title", "entities")

    id: str
    date: PartialDate
    kind: EventKind
    title: str
    entities: tuple[str, ...]
    sources: _Sources
    place: Optional[str] = None
    note: Optional[str] = None


@attrs.frozen(repr=False)
class Publication(_Record):
    """A publication in a series (World Migration Report, Migration Research Series, ...)."""

    _repr_fields = ("series", "number", "year", "title")

    id: str
    series: str
    title: str
    year: int = attrs.field(validator=_year_range)
    publishers: tuple[str, ...] = attrs.field()
    sources: _Sources
    number: Optional[str] = None
    #: ids of the entities it is about
    about: tuple[str, ...] = ()
    note: Optional[str] = None


@attrs.frozen(repr=False)
class AnnualTheme(_Record):
    """A process's theme for one year, and the workshops or sessions held under it."""

    _repr_fields = ("process", "year", "theme")

    process: str
    year: int = attrs.field(validator=_year_range)
    sources: _Sources = attrs.field()
    theme: Optional[str] = None
    workshops: tuple[str, ...] = ()
    note: Optional[str] = None


@attrs.frozen
class Claim:
    """One source's value in a conflict."""

    value: str
    sources: _Sources
    note: Optional[str] = None


@attrs.frozen(repr=False)
class Conflict(_Record):
    """Sources disagree about one field of one entity; ``presented`` is the value migorgs shows."""

    _repr_fields = ("entity", "field", "presented")

    id: str
    entity: str
    field: str
    presented: str
    claims: tuple[Claim, ...]
    note: str
