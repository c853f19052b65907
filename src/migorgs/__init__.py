"""migorgs: sourced data on the organisations and inter-State consultation
processes of international migration governance.

Examples:
    >>> import migorgs
    >>> migorgs.get_org("ICEM").acronym
    'IOM'

Importing migorgs reads no data; the first query loads the packaged data
once (safely under threads, and in a child forked during that load) and
every later query reuses it.
"""

from __future__ import annotations

import _thread
import os as _os  # loaded by the interpreter at start-up anyway

from .exceptions import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DataError,
    DataProblem,
    ExportError,
    InvalidQueryError,
    MigorgsError,
    NotFoundError,
)

# typing is not imported at run time: `import migorgs` stays as light as possible
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from collections.abc import Iterable
    from typing import Any, Optional, Union

    from ._dataset import Dataset, Entity
    from ._dates import DateLike, PartialDate, Precision
    from ._models import (
        AnnualTheme,
        Basis,
        BodyYear,
        Citation,
        Claim,
        Classification,
        Conflict,
        DyadYear,
        Event,
        EventKind,
        Evidence,
        Fact,
        FactQualifier,
        Head,
        Identifier,
        IdScheme,
        Involvement,
        MembershipEvent,
        MembershipEventKind,
        MemberStatus,
        Name,
        NameKind,
        Organisation,
        OrgKind,
        PanelRow,
        Partner,
        PartnerRelation,
        Process,
        ProcessKind,
        ProcessStatus,
        Publication,
        Region,
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
    from ._panel import Panel
    from ._results import Records
    from ._search import Match

#: names imported on first use (module __getattr__), so that `import migorgs` parses no data
#: and builds no record class until something asks for one
_LAZY = {
    **dict.fromkeys(("Dataset", "Entity"), "_dataset"),
    **dict.fromkeys(("DateLike", "PartialDate", "Precision"), "_dates"),
    **dict.fromkeys(
        (
            "AnnualTheme Basis BodyYear Citation Claim Classification Conflict DyadYear Event EventKind Evidence "
            "Fact FactQualifier Head "
            "IdScheme Identifier "
            "Involvement MemberStatus MembershipEvent MembershipEventKind Name NameKind Organisation OrgKind "
            "PanelRow Partner PartnerRelation Process ProcessKind ProcessStatus Publication Region Role "
            "Snapshot Source SourceKind Spell State StateRole StateRoleKind StatedCount"
        ).split(),
        "_models",
    ),
    "Records": "_results",
    "Panel": "_panel",
    "Match": "_search",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'migorgs' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__version__ = "0.3.1"

#: The version of the packaged data release, separate from the code's ``__version__``.
DATA_VERSION = "2026.12.1"

__all__ = [
    "DATA_VERSION",
    "AmbiguousKeyError",
    "AnnualTheme",
    "ArgumentTypeError",
    "Basis",
    "BodyYear",
    "Citation",
    "Claim",
    "Classification",
    "Conflict",
    "DataError",
    "DataProblem",
    "Dataset",
    "DateLike",
    "DyadYear",
    "Entity",
    "Event",
    "EventKind",
    "Evidence",
    "ExportError",
    "Fact",
    "FactQualifier",
    "Head",
    "IdScheme",
    "Identifier",
    "InvalidQueryError",
    "Involvement",
    "Match",
    "MemberStatus",
    "MembershipEvent",
    "MembershipEventKind",
    "MigorgsError",
    "Name",
    "NameKind",
    "NotFoundError",
    "OrgKind",
    "Organisation",
    "Panel",
    "PanelRow",
    "Partner",
    "PartnerRelation",
    "PartialDate",
    "Precision",
    "Process",
    "ProcessKind",
    "ProcessStatus",
    "Publication",
    "Records",
    "Region",
    "Role",
    "Snapshot",
    "Source",
    "SourceKind",
    "Spell",
    "State",
    "StateRole",
    "StateRoleKind",
    "StatedCount",
    "__version__",
    "conflicts",
    "country_processes",
    "default_dataset",
    "events",
    "get_org",
    "get_process",
    "get_source",
    "get_state",
    "heads",
    "involvements",
    "load",
    "lookup",
    "members",
    "membership_events",
    "membership_panel",
    "memberships",
    "name_at",
    "name_history",
    "orgs",
    "processes",
    "processes_where",
    "publications",
    "search",
    "snapshots",
    "sources",
    "spells",
    "state_roles",
    "states",
    "themes",
    "timeline",
]

_default: Optional[Dataset] = None
_default_lock = _thread.allocate_lock()


def _after_fork_in_child() -> None:
    # a fork while another thread held the lock (doing the first load) would copy it locked,
    # and the child, which has no such thread, would wait on it forever: give the child a new one
    global _default_lock
    _default_lock = _thread.allocate_lock()


if hasattr(_os, "register_at_fork"):  # not on Windows, which has no fork
    _os.register_at_fork(after_in_child=_after_fork_in_child)


def default_dataset() -> Dataset:
    """The packaged dataset, loaded on first use (once, even under threads)."""
    global _default
    ds = _default
    if ds is None:
        with _default_lock:
            ds = _default
            if ds is None:
                from ._dataset import Dataset
                from ._load import load_trusted, packaged_packed, packaged_root, paused_gc

                with paused_gc():
                    raw = load_trusted(packaged_root(), packaged_packed())
                    ds = _default = Dataset(raw.tables, raw.meta, _keys=raw.keys)
    return ds


def load(path: Union[str, os.PathLike[str]]) -> Dataset:
    """Load a data directory of your own; the packaged default is not touched.

    Raises `DataError` listing every problem (file, record, field) if
    the directory is broken.
    """
    from ._dataset import Dataset

    return Dataset.load(path)


def get_org(key: str) -> Organisation:
    """The organisation ``key`` names: id, acronym, or any current, former,
    translated or variant name (case, accents, spacing and punctuation ignored).

    Raises `NotFoundError` (a ``LookupError``) with suggestions when
    nothing matches, `AmbiguousKeyError` when two entities match, and
    `ArgumentTypeError` (a ``TypeError``) for a non-string key.
    """
    return default_dataset().get_org(key)


def get_process(key: str) -> Process:
    """The inter-State consultation process ``key`` names; see `get_org`."""
    return default_dataset().get_process(key)


def lookup(key: str) -> Entity:
    """The organisation or process ``key`` names; see `get_org`."""
    return default_dataset().lookup(key)


def get_source(source_id: str) -> Source:
    """The source with id ``source_id``."""
    return default_dataset().get_source(source_id)


def orgs() -> Records[Organisation]:
    """Every organisation, ordered by id."""
    return default_dataset().orgs()


def processes() -> Records[Process]:
    """Every process, ordered by id."""
    return default_dataset().processes()


def sources() -> Records[Source]:
    """Every source, ordered by id."""
    return default_dataset().sources()


def conflicts(key: Optional[str] = None) -> Records[Conflict]:
    """Recorded disagreements between sources, for one entity or for all."""
    return default_dataset().conflicts(key)


def processes_where(
    *,
    role: Union[Role, str, None] = None,
    org: Optional[str] = None,
    kind: Union[ProcessKind, str, None] = None,
    region: Union[Region, str, None] = None,
    active_in: Optional[DateLike] = None,
    member: Optional[str] = None,
    include_past: bool = False,
    source: Optional[str] = None,
) -> Records[Process]:
    """Processes matching every filter given; see `Dataset.processes_where`.

    Examples:
        >>> [p.id for p in processes_where(role="secretariat", org="UNHCR", source="iom-web-2021", include_past=True)]
        ['almaty-process', 'bali-process']
    """
    return default_dataset().processes_where(
        role=role,
        org=org,
        kind=kind,
        region=region,
        active_in=active_in,
        member=member,
        include_past=include_past,
        source=source,
    )


def involvements(
    *,
    org: Optional[str] = None,
    process: Optional[str] = None,
    role: Union[Role, str, None] = None,
    active_in: Optional[DateLike] = None,
    in_force: bool = False,
) -> Records[Involvement]:
    """Role records, past and present (organisation, process, role, partners, period, sources);
    with ``in_force=True`` only those in force now; see `Dataset.involvements`."""
    return default_dataset().involvements(
        org=org, process=process, role=role, active_in=active_in, in_force=in_force
    )


def name_history(key: str, *, lang: Optional[str] = "en") -> Records[Name]:
    """The official names an entity has borne, oldest first.

    Examples:
        >>> [n.acronym for n in name_history("IOM")]
        ['PICMME', 'ICEM', 'ICM', 'IOM']
    """
    return default_dataset().name_history(key, lang=lang)


def name_at(key: str, when: DateLike, *, lang: str = "en") -> Name:
    """The official name in use at ``when``.

    Examples:
        >>> name_at("IOM", 1985).acronym
        'ICM'
    """
    return default_dataset().name_at(key, when, lang=lang)


def timeline(key: str) -> Records[Event]:
    """An entity's events in date order: recorded events plus its founding,
    renamings and end as its own dated fields state them."""
    return default_dataset().timeline(key)


def events(*, year: Optional[int] = None, kind: Union[EventKind, str, None] = None) -> Records[Event]:
    """Every recorded event, in date order, optionally of one year or kind."""
    return default_dataset().events(year=year, kind=kind)


def publications(
    *, series: Optional[str] = None, year: Optional[int] = None, org: Optional[str] = None
) -> Records[Publication]:
    """Publications by series (e.g. ``"world-migration-report"``), year and organisation."""
    return default_dataset().publications(series=series, year=year, org=org)


def themes(*, process: Optional[str] = None, year: Optional[int] = None) -> Records[AnnualTheme]:
    """Annual themes and their workshops, e.g. ``themes(process="IDM", year=2012)``."""
    return default_dataset().themes(process=process, year=year)


def country_processes(
    state: str, *, observers: bool = False, at: Optional[DateLike] = None
) -> Records[Process]:
    """The processes a State (code or name) is a member of (or observes) at ``at``."""
    return default_dataset().country_processes(state, observers=observers, at=at)


def members(
    key: str, *, at: Optional[DateLike] = None, status: Union[MemberStatus, str, None] = None
) -> Records[Spell]:
    """The membership spells of a body in force at ``at`` (default: now, the open spells), one per State.

    Examples:
        >>> [s.state for s in members("Colombo Process", at=2014)][:3]
        ['AFG', 'BGD', 'CHN']
    """
    return default_dataset().members(key, at=at, status=status)


def memberships(
    state: str, *, at: Optional[DateLike] = None, kind: Union[ProcessKind, OrgKind, str, None] = None
) -> Records[Spell]:
    """The bodies a State (``"MEX"``, ``"MX"`` or ``"Mexico"``) belonged to at ``at``, as spells."""
    return default_dataset().memberships(state, at=at, kind=kind)


def spells(key: Optional[str] = None, *, state: Optional[str] = None) -> Records[Spell]:
    """Every derived membership spell, past and present, of a body and/or a State."""
    return default_dataset().spells(key, state=state)


def membership_panel(
    *,
    form: str = "state-year",
    start: Optional[int] = None,
    end: Optional[int] = None,
    bodies: Optional[Iterable[str]] = None,
    states: Optional[Iterable[str]] = None,
) -> Union[Panel, Records[Any]]:
    """The membership panel with COW-style codes: a `Panel` of state-year rows, or `Records` of
    body-year counts (``form="body-year"``) or of dyad-years (``form="dyad-year"``)."""
    return default_dataset().membership_panel(form=form, start=start, end=end, bodies=bodies, states=states)


def snapshots(key: Optional[str] = None) -> Records[Snapshot]:
    """The member lists (evidence) of a body, or of every body."""
    return default_dataset().snapshots(key)


def membership_events(key: Optional[str] = None, *, state: Optional[str] = None) -> Records[MembershipEvent]:
    """The dated membership events (evidence) of a body and/or a State."""
    return default_dataset().membership_events(key, state=state)


def state_roles(
    key: Optional[str] = None,
    *,
    state: Optional[str] = None,
    role: Union[StateRoleKind, str, None] = None,
    at: Optional[DateLike] = None,
) -> Records[StateRole]:
    """States' roles in bodies: chairs, co-chairs, hosts, by body, State, role and date."""
    return default_dataset().state_roles(key, state=state, role=role, at=at)


def heads(key: Optional[str] = None, *, at: Optional[DateLike] = None) -> Records[Head]:
    """The executive heads of a body over time: ``heads("IOM")``, ``heads("UNHCR", at=2010)``."""
    return default_dataset().heads(key, at=at)


def states() -> Records[State]:
    """The States that membership records name."""
    return default_dataset().states()


def get_state(key: str) -> State:
    """The State a code (``"MEX"``, ``"MX"``) or English name (``"Mexico"``) names."""
    return default_dataset().get_state(key)


def search(text: str, *, limit: int = 10) -> Records[Match[Entity]]:
    """Ranked fuzzy search over every name of every entity."""
    return default_dataset().search(text, limit=limit)


def __dir__() -> list[str]:
    return sorted(__all__)
