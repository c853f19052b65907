"""The records: frozen, slotted attrs classes whose collections are tuples.

Nothing here reads files; `_load` builds these from data. Every record class is
imported from here. The organisations and processes (and the records inside
them) are defined here; the records a first lookup does not build (sources,
roles, the timeline, publications, themes, conflicts, membership) are defined
in `_records`, with the same `_f`, and imported from it when first asked for
(module ``__getattr__``), so that a first query does not pay for creating
their classes. `TABLES` names the table of each record class (the schema views
and the loader read it from here).
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

import attrs

from ._dates import PartialDate

if TYPE_CHECKING:
    from ._records import (
        AnnualTheme,
        Basis,
        BodyYear,
        Claim,
        Conflict,
        DyadYear,
        Event,
        EventKind,
        Evidence,
        Head,
        Involvement,
        MembershipEvent,
        MembershipEventKind,
        MemberStatus,
        PanelRow,
        Partner,
        PartnerRelation,
        Publication,
        Role,
        Snapshot,
        Source,
        SourceKind,
        Spell,
        State,
        StatedCount,
        StateRole,
        StateRoleKind,
    )

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


def __getattr__(name: str) -> Any:
    if name in _DEFERRED:
        from . import _records

        value = getattr(_records, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Tables(Mapping[str, type]):
    """Table name -> record class, in the order tables are read. The classes are looked up
    when asked for, so that naming the tables (or reading organisations) does not import
    the records a first lookup does not build (see `_records`)."""

    __slots__ = ("_classes",)

    def __init__(self, classes: dict[str, str]) -> None:
        self._classes = classes

    def __getitem__(self, table: str) -> type:
        from . import _models  # this module: a deferred class is found through its __getattr__

        cls: type = getattr(_models, self._classes[table])
        return cls

    def __contains__(self, table: object) -> bool:
        return table in self._classes  # without importing the class, as Mapping's would

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)

    def __repr__(self) -> str:
        return repr(dict(self))


#: table name -> record type, in the order tables are read
TABLES: Mapping[str, type] = _Tables(
    {
        "sources": "Source",
        "states": "State",
        "organisations": "Organisation",
        "processes": "Process",
        "involvements": "Involvement",
        "events": "Event",
        "publications": "Publication",
        "themes": "AnnualTheme",
        "conflicts": "Conflict",
        "snapshots": "Snapshot",
        "membership_events": "MembershipEvent",
        "state_roles": "StateRole",
        "heads": "Head",
    }
)


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


class NameKind(_StrEnum):
    """What kind of name: the official one, a former one, an official translation, or a variant."""

    OFFICIAL = "official"
    FORMER = "former"
    TRANSLATION = "translation"
    VARIANT = "variant"


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


class IdScheme(_StrEnum):
    """Identifier schemes of other datasets that name an entity."""

    #: a Wikidata item (Q-number)
    WIKIDATA = "wikidata"
    #: the abbreviation of the Correlates of War IGO data
    COW_IGO = "cow-igo"
    #: the entity's profile page on IOM's website (a url)
    IOM_PROFILE = "iom-profile"


_Sources = tuple[str, ...]
FactValue = Union[int, float, str]


def _f(doc: str, **kwargs: Any) -> Any:
    """An attrs field with its one description; every other view of the schema reads it.

    Metadata keys: ``doc`` (what the field holds), ``table`` (a list of records or
    strings that the flat tables give a table of its own, and the name of its value
    column for strings), ``mapping`` (a list of pairs stored in JSON as an object:
    the names of the key and value fields), ``category`` (a code repeated over many
    rows, such as a panel's State: a DataFrame holds it as ``category``, not ``string``).
    """
    meta = {"doc": doc}
    for key in ("table", "mapping", "category"):
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


#: the names of `__all__` defined in `_records` (every one not defined above), imported on first use
_DEFERRED = frozenset(__all__).difference(globals())
