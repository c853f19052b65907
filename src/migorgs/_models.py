"""The records: frozen, slotted attrs classes whose collections are tuples.

Nothing here reads files; `_load` builds these from data.
"""

from __future__ import annotations

import enum
import operator
from typing import Any, Callable, Optional, Union

import attrs

from ._dates import PartialDate

__all__ = [
    "AnnualTheme",
    "Basis",
    "BodyYear",
    "Citation",
    "Claim",
    "Classification",
    "Conflict",
    "DyadYear",
    "Event",
    "EventKind",
    "Evidence",
    "Fact",
    "FactQualifier",
    "Head",
    "IdScheme",
    "Identifier",
    "Involvement",
    "MemberStatus",
    "MembershipEvent",
    "MembershipEventKind",
    "Name",
    "NameKind",
    "OrgKind",
    "Organisation",
    "Partner",
    "PanelRow",
    "PartnerRelation",
    "Process",
    "ProcessKind",
    "ProcessStatus",
    "Publication",
    "Region",
    "Role",
    "Source",
    "SourceKind",
    "Spell",
    "Snapshot",
    "StatedCount",
    "State",
    "StateRole",
    "StateRoleKind",
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


class FactQualifier(_StrEnum):
    """How a source bounds a figure: one small vocabulary for its hedges."""

    #: "more than", "over"
    MORE_THAN = "more-than"
    #: "at least"
    AT_LEAST = "at-least"
    #: "about", "around", "approximately", "some", "nearly"
    ABOUT = "about"
    #: "estimated"
    ESTIMATED = "estimated"
    #: "less than", "under"
    LESS_THAN = "less-than"
    #: "up to", "at most"
    AT_MOST = "at-most"

    @property
    def phrase(self) -> str:
        """The words to put before the figure ("more than")."""
        return self.value.replace("-", " ")


class StateRoleKind(_StrEnum):
    """A State's role in a body: chairing it, hosting a meeting or its secretariat."""

    CHAIR = "chair"
    CO_CHAIR = "co-chair"
    VICE_CHAIR = "vice-chair"
    HOST = "host"
    SECRETARIAT_HOST = "secretariat-host"
    TROIKA = "troika"


class IdScheme(_StrEnum):
    """Identifier schemes of other datasets that name an entity."""

    #: a Wikidata item (Q-number)
    WIKIDATA = "wikidata"
    #: the abbreviation of the Correlates of War IGO data
    COW_IGO = "cow-igo"
    #: the entity's profile page on IOM's website (a url)
    IOM_PROFILE = "iom-profile"


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


_Sources = tuple[str, ...]
FactValue = Union[int, float, str]


def _f(doc: str, **kwargs: Any) -> Any:
    """An attrs field with its one description; every other view of the schema reads it.

    Metadata keys: ``doc`` (what the field holds), ``table`` (a list of records or
    strings that the flat tables give a table of its own, and the name of its value
    column for strings), ``mapping`` (a list of pairs stored in JSON as an object:
    the names of the key and value fields).
    """
    meta = {"doc": doc}
    for key in ("table", "mapping"):
        if key in kwargs:
            meta[key] = kwargs.pop(key)
    return attrs.field(metadata=meta, **kwargs)


_SOURCES_DOC = "ids of the sources that state it"


#: record class -> a getter of the tuple of its field values (see `_Value`)
_VALUES: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _values_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = tuple(a.name for a in attrs.fields(cls) if a.eq)
    getter = operator.attrgetter(*names)
    get: Callable[[Any], tuple[Any, ...]] = getter if len(names) > 1 else lambda r: (getter(r),)
    _VALUES[cls] = get
    return get


class _Value:
    """Equality and hash by value for every record class: one generic pair, not one generated per class.

    The semantics of attrs' own (``eq=True``, frozen): equal when of the same class with equal
    fields, in order (``NotImplemented`` for any other class); the hash of the class and the
    fields. The record classes say ``eq=False`` so that attrs does not generate (and compile)
    an ``__eq__``, ``__ne__`` and ``__hash__`` for each of them at import.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        cls = self.__class__
        if other.__class__ is not cls:
            return NotImplemented
        get = _VALUES.get(cls) or _values_of(cls)
        return get(self) == get(other)

    def __hash__(self) -> int:
        cls = self.__class__
        get = _VALUES.get(cls) or _values_of(cls)
        return hash((cls, *get(self)))


class _Record(_Value):
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


@attrs.frozen(repr=False, eq=False)
class Name(_Record):
    """A name an entity bears or bore, in one language, for a period."""

    _repr_fields = ("text", "acronym", "kind", "lang", "since", "until")

    text: str = _f("the name as the source writes it")
    kind: NameKind = _f("official, former, translation or variant")
    sources: _Sources = _f(_SOURCES_DOC)
    lang: str = _f("language code (ISO 639-1)", default="en")
    acronym: Optional[str] = _f("the acronym that goes with this name", default=None)
    since: Optional[PartialDate] = _f("first date the name was borne (inclusive)", default=None)
    until: Optional[PartialDate] = _f("last date the name was borne (inclusive)", default=None)
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(repr=False, eq=False)
class Fact(_Record):
    """A dated value: ``IOM member_states = 156 as of 2014-06``."""

    _repr_fields = ("key", "value", "unit", "qualifier", "as_of")

    key: str = _f("what is measured: member_states, budget, staff, offices, ...")
    value: FactValue = _f("the value, a number or a text")
    as_of: PartialDate = _f("the date the value is true as of")
    sources: _Sources = _f(_SOURCES_DOC)
    unit: Optional[str] = _f("the unit of a number (USD, CHF, ...)", default=None)
    qualifier: Optional[FactQualifier] = _f(
        "how the source bounds the figure: more-than, at-least, about, estimated, less-than or at-most",
        default=None,
    )
    note: Optional[str] = _f("a curator's note", default=None)


@attrs.frozen(eq=False)
class Citation(_Value):
    """The sources of one field of a record."""

    field: str = _f("the field of the record")
    sources: _Sources = _f(_SOURCES_DOC)


@attrs.frozen(repr=False, eq=False)
class Identifier(_Record):
    """The entity's identifier in another dataset, as a page that shows it gives it."""

    _repr_fields = ("scheme", "value")

    scheme: IdScheme = _f("wikidata, cow-igo or iom-profile")
    value: str = _f("the identifier (Q42, IOM, a url)")
    sources: _Sources = _f(_SOURCES_DOC)


@attrs.frozen(eq=False)
class StatedCount(_Value):
    """A count a source states next to its list ("45 member countries")."""

    status: MemberStatus = _f("the status counted")
    count: int = _f("the number the source states")


@attrs.frozen(repr=False, eq=False)
class Classification(_Record):
    """A source's classification of a process (RCP, inter-regional forum or global process), dated."""

    _repr_fields = ("kind", "since", "until", "as_of")

    kind: ProcessKind = _f("regional-consultative-process, inter-regional-forum or global-process")
    sources: _Sources = _f(_SOURCES_DOC)
    as_of: Optional[PartialDate] = _f(
        "the date the source classifies it as of (the as-of of its newest source); a classification "
        "without until is last stated then",
        default=None,
    )
    since: Optional[PartialDate] = _f(
        "first date the classification held (inclusive), if a source says", default=None
    )
    until: Optional[PartialDate] = _f("last date it held (inclusive), if a source says", default=None)
    note: Optional[str] = _f("a curator's note: the source's own term, ...", default=None)

    @property
    def date(self) -> PartialDate:
        """The date that places it in the series: the latest of since and as_of."""
        dates = [d for d in (self.since, self.as_of) if d is not None]
        return max(dates) if dates else PartialDate(1)


def _derive_kind(self: Process) -> Optional[ProcessKind]:
    """The current classification: the newest one not closed by ``until``, else the newest."""
    pool = [c for c in self.classifications if c.until is None] or list(self.classifications)
    if not pool:
        return None
    return max(reversed(pool), key=lambda c: c.date).kind  # ties: the first listed


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


_NAMES_DOC = "every name it bears or bore, with periods and sources"
_FACTS_DOC = "dated values (member counts, budget, staff, ...)"
_CITE_DOC = "the sources of each single-valued field, by field name"
_NAME_DOC = "the current official name (derived from names)"
_IDS_DOC = "its identifiers in other datasets (Wikidata, Correlates of War), each sourced"
_ACRONYM_DOC = "the acronym of the current official name (derived from names)"


@attrs.frozen(repr=False, eq=False)
class Organisation(_Entity, _Record):
    """An organisation: an IGO, a UN entity, an NGO, a commission, a project, ..."""

    _repr_fields = ("id", "name", "acronym", "kind", "founded", "dissolved")

    id: str = _f("stable lower-case id; a rename never changes it")
    names: tuple[Name, ...] = _f(_NAMES_DOC, table="names")
    summary: str = _f("what it is, in a sentence or three")
    sources: _Sources = _f(_SOURCES_DOC)
    kind: Optional[OrgKind] = _f("what kind of body it is (empty until a source says)", default=None)
    founded: Optional[PartialDate] = _f("when it was founded", default=None)
    dissolved: Optional[PartialDate] = _f("when it was dissolved", default=None)
    headquarters: Optional[str] = _f("the city of its headquarters", default=None)
    headquarters_country: Optional[str] = _f(
        "ISO 3166-1 alpha-3 code of the headquarters' country", default=None
    )
    website: Optional[str] = _f("its website", default=None)
    facts: tuple[Fact, ...] = _f(_FACTS_DOC, default=(), table="facts")
    cite: tuple[Citation, ...] = _f(_CITE_DOC, default=(), mapping=("field", "sources"), table="citations")
    identifiers: tuple[Identifier, ...] = _f(_IDS_DOC, default=(), table="identifiers")
    name: str = _f(_NAME_DOC, init=False, default=attrs.Factory(_derive_name, takes_self=True))
    acronym: Optional[str] = _f(
        _ACRONYM_DOC, init=False, default=attrs.Factory(_derive_acronym, takes_self=True)
    )

    @property
    def start(self) -> Optional[PartialDate]:
        """When it began (``founded``)."""
        return self.founded

    @property
    def end(self) -> Optional[PartialDate]:
        """When it ended (``dissolved``)."""
        return self.dissolved


@attrs.frozen(repr=False, eq=False)
class Process(_Entity, _Record):
    """An inter-State consultation mechanism on migration (ISCM)."""

    _repr_fields = ("id", "name", "acronym", "kind", "established", "ended")

    id: str = _f("stable lower-case id; a rename never changes it")
    names: tuple[Name, ...] = _f(_NAMES_DOC, table="names")
    summary: str = _f("what it is, in a sentence or three")
    sources: _Sources = _f(_SOURCES_DOC)
    classifications: tuple[Classification, ...] = _f(
        "its classifications over time (RCP, inter-regional forum or global process), each dated and sourced",
        default=(),
        table="classifications",
    )
    regions: tuple[Region, ...] = _f("the world regions IOM lists it under", default=())
    established: Optional[PartialDate] = _f("when it was established", default=None)
    ended: Optional[PartialDate] = _f("when it ended", default=None)
    status: Optional[ProcessStatus] = _f("active, dormant or ended, as a source states it", default=None)
    institution: Optional[str] = _f("id of the formal institution it is tied to (a REC, ...)", default=None)
    website: Optional[str] = _f("its website", default=None)
    #: a distinct process that took over its role (a renamed process keeps its id and its names instead)
    successor: Optional[str] = _f(
        "id of the process that succeeded it: a distinct entity that took over its role (a process "
        "that was only renamed keeps one record with names over time)",
        default=None,
    )
    succeeded: Optional[PartialDate] = _f("when its successor took over (with successor)", default=None)
    facts: tuple[Fact, ...] = _f(_FACTS_DOC, default=(), table="facts")
    cite: tuple[Citation, ...] = _f(_CITE_DOC, default=(), mapping=("field", "sources"), table="citations")
    identifiers: tuple[Identifier, ...] = _f(_IDS_DOC, default=(), table="identifiers")
    name: str = _f(_NAME_DOC, init=False, default=attrs.Factory(_derive_name, takes_self=True))
    acronym: Optional[str] = _f(
        _ACRONYM_DOC, init=False, default=attrs.Factory(_derive_acronym, takes_self=True)
    )
    #: the current classification, derived from ``classifications``
    kind: Optional[ProcessKind] = _f(
        "the current classification: RCP, inter-regional forum or global process (derived from classifications)",
        init=False,
        default=attrs.Factory(_derive_kind, takes_self=True),
    )

    def kind_at(self, when: PartialDate) -> Optional[ProcessKind]:
        """The classification a source gave at ``when``: within a classification's since and until,
        or, for one with only an as-of date, the newest stated on or before ``when``."""
        from ._dates import on_or_after, on_or_before

        held = [c for c in self.classifications if c.since is not None and on_or_after(when, c.since)
                and on_or_before(when, c.until)]  # fmt: skip
        stated = [c for c in self.classifications if c.since is None and c.as_of is not None
                  and on_or_before(c.as_of, when) and on_or_before(when, c.until)]  # fmt: skip
        pool = held or stated
        return max(reversed(pool), key=lambda c: c.date).kind if pool else None

    @property
    def start(self) -> Optional[PartialDate]:
        """When it began (``established``)."""
        return self.established

    @property
    def end(self) -> Optional[PartialDate]:
        """When it ended (``ended``)."""
        return self.ended


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

    state: str = _f("the State: ISO 3166 alpha-3 code")
    body: str = _f("id of the organisation or process")
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
