"""Dataset: the queries over one loaded set of records, and its read-only indexes."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

from . import _models  # the records a first lookup does not build are read as _models.Role, ... (see _models)
from ._dates import DateLike, PartialDate, on_or_after, on_or_before
from ._models import (
    Name,
    NameKind,
    Organisation,
    OrgKind,
    Process,
    ProcessKind,
    ProcessStatus,
    Region,
    _StrEnum,
)
from ._results import Records
from ._text import MAX_KEY_CHARS, normalise
from .exceptions import AmbiguousKeyError, ArgumentTypeError, InvalidQueryError, NotFoundError

if TYPE_CHECKING:
    import pathlib

    import pandas

    from ._membership import MembershipIndex

    # the records a first lookup does not build, for annotations; the code reads them as _models.X
    from ._models import (
        AnnualTheme,
        Conflict,
        Event,
        EventKind,
        Head,
        Involvement,
        MembershipEvent,
        MemberStatus,
        Publication,
        Role,
        Snapshot,
        Source,
        Spell,
        State,
        StateRole,
        StateRoleKind,
    )
    from ._panel import Panel
    from ._search import Match, SearchIndex

__all__ = ["Dataset", "Entity"]

Entity = Union[Organisation, Process]
E = TypeVar("E", bound=_StrEnum)

_CACHE_SIZE = 2048


def _enum_arg(cls: type[E], value: object, argument: str) -> E:
    if isinstance(value, cls):
        return value
    if isinstance(value, str) and not isinstance(value, _StrEnum):
        try:
            return cls(value.strip().lower().replace("_", "-").replace(" ", "-"))
        except ValueError:
            pass
        by_name = cls.__members__.get(value.strip().upper().replace("-", "_").replace(" ", "_"))
        if by_name is not None:
            return by_name
        raise InvalidQueryError(argument, value, cls.values())
    raise ArgumentTypeError(
        f"{argument} must be a {cls.__name__} or one of its string values, not {type(value).__name__}"
    )


def _lang_arg(value: object, argument: str, optional: bool) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ArgumentTypeError(
            f"{argument} must be a language code such as 'en'{' or None' if optional else ''}, "
            f"not {type(value).__name__}"
        )
    return value.strip().lower()


def _bool_arg(value: object, argument: str) -> bool:
    if not isinstance(value, bool):
        raise ArgumentTypeError(f"{argument} must be True or False, not {type(value).__name__}")
    return value


def _year_arg(value: object, argument: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArgumentTypeError(f"{argument} must be a year as an int, not {type(value).__name__}")
    if not 1 <= value <= 9999:
        raise InvalidQueryError(argument, value, ("a year from 1 to 9999",))
    return value


def _date_arg(value: object, argument: str) -> PartialDate:
    try:
        return PartialDate.coerce(value)  # type: ignore[arg-type]
    except TypeError as exc:
        raise ArgumentTypeError(f"{argument}: {exc}") from None
    except ValueError as exc:
        raise InvalidQueryError(
            argument, value, ("a year such as 2005", "'YYYY-MM'", "'YYYY-MM-DD'", "a datetime.date")
        ) from exc


def _year_or_finer(value: object, argument: str) -> PartialDate:
    """A date for the membership queries, which reason year by year: not a decade or century."""
    d = _date_arg(value, argument)
    if d.unspecified:
        raise InvalidQueryError(
            argument, value, ("a year such as 2015", "'YYYY-MM'", "'YYYY-MM-DD'", "a datetime.date"),
            message=f"{argument}={str(d)!r} names a {d.precision.name.lower()}: membership is asked year by year",
        )  # fmt: skip
    return d


def _by_id(records: Any) -> Records[Any]:
    return Records(sorted(records, key=lambda r: r.id))


class _Lazy:
    """A table of a Dataset, sorted into Records when first read (the packaged tables are built
    then too: a first lookup reads no sources or membership evidence). Records are immutable, so
    two threads that race here build equal values and either may win."""

    def __init__(self, table: str, key: Any) -> None:
        self.table = table
        self.key = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_lazy{name}"

    def __get__(self, obj: Any, owner: type) -> Any:
        if obj is None:
            return self
        value = obj.__dict__.get(self.slot)
        if value is None:
            value = Records(sorted(obj._raw.get(self.table, ()), key=self.key))
            obj.__dict__[self.slot] = value  # the read-only guard is __setattr__; this is a cache
        return value


def _when_or_as_of(r: Any) -> Any:
    return r.since or r.as_of


def _held_at(r: Any, when: PartialDate) -> bool:
    """A State role or a head held at ``when``: within since..until (inclusive), or, with no period
    known, on the date a source says it held (``as_of``)."""
    since = r.since or r.as_of
    until = r.until if r.since is not None else r.as_of
    return since is not None and on_or_after(when, since) and on_or_before(when, until)


class Dataset:
    """One loaded set of records and every query over it.

    Build one with `load` (a data directory of your own) or use
    the packaged default through the module-level functions. A Dataset never
    changes after it is built: its attributes cannot be set or deleted and its
    indexes are read-only mappings of tuples, so it is safe to share between threads.
    """

    _sources: Records[Source] = _Lazy("sources", lambda s: s.id)  # type: ignore[assignment]
    _events: Records[Event] = _Lazy("events", lambda e: (e.date, e.id))  # type: ignore[assignment]
    _publications: Records[Publication] = _Lazy("publications", lambda p: (p.series, p.year, p.id))  # type: ignore[assignment]
    _themes: Records[AnnualTheme] = _Lazy("themes", lambda t: (t.process, t.year))  # type: ignore[assignment]
    _conflicts: Records[Conflict] = _Lazy("conflicts", lambda c: c.id)  # type: ignore[assignment]
    _states: Records[State] = _Lazy("states", lambda s: s.code)  # type: ignore[assignment]
    _snapshots: Records[Snapshot] = _Lazy("snapshots", lambda s: (s.body, s.as_of, s.id))  # type: ignore[assignment]
    _membership_events: Records[MembershipEvent] = _Lazy(  # type: ignore[assignment]
        "membership_events", lambda e: (e.body, e.date, e.id)
    )
    _state_roles: Records[StateRole] = _Lazy(  # type: ignore[assignment]
        "state_roles", lambda r: (r.body, _when_or_as_of(r), r.state, r.id)
    )
    _heads: Records[Head] = _Lazy("heads", lambda h: (h.body, _when_or_as_of(h), h.id))  # type: ignore[assignment]
    _involvements: Records[Involvement] = _Lazy(  # type: ignore[assignment]
        "involvements", lambda i: (i.process, i.org, i.role.value)
    )

    @property
    def _source_by_id(self) -> Mapping[str, Source]:
        found = self.__dict__.get("_lazy_source_by_id")
        if found is None:
            found = MappingProxyType({s.id: s for s in self._sources})
            self.__dict__["_lazy_source_by_id"] = found
        return found

    @property
    def _keys(self) -> Mapping[str, tuple[Entity, ...]]:
        """Normalised key (id, name, acronym) -> the entities it names; built on first use."""
        found = self.__dict__.get("_lazy_keys")
        if found is None:
            keys: dict[str, dict[str, Entity]] = {}
            entities: tuple[Entity, ...] = (*self._orgs, *self._procs)
            for ent in entities:
                for text in (
                    ent.id,
                    *(n.text for n in ent.names),
                    *(n.acronym for n in ent.names if n.acronym),
                ):
                    k = normalise(text)
                    if k:
                        keys.setdefault(k, {})[ent.id] = ent
            found = MappingProxyType({k: tuple(v.values()) for k, v in keys.items()})
            self.__dict__["_lazy_keys"] = found
        return found

    @property
    def _role_index(self) -> Mapping[bool, Mapping[Any, tuple[Process, ...]]]:
        """Role indexes over the roles in force (see _in_force), and over all (key True):
        (role, holder org id), role, or holder org id -> the processes; built on first use."""
        found = self.__dict__.get("_lazy_role_index")
        if found is None:
            found = MappingProxyType(
                {
                    True: MappingProxyType(self._role_maps(self._involvements)),
                    False: MappingProxyType(
                        self._role_maps(tuple(i for i in self._involvements if self._in_force(i)))
                    ),
                }
            )
            self.__dict__["_lazy_role_index"] = found
        return found

    def __setattr__(self, name: str, value: object) -> None:
        if self.__dict__.get("_built"):
            raise AttributeError(f"a Dataset is read-only: {name!r} cannot be set")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Dataset is read-only: {name!r} cannot be deleted")

    def __init__(
        self,
        tables: Mapping[str, tuple[Any, ...]],
        meta: Mapping[str, str],
        *,
        _keys: Optional[Mapping[str, tuple[Entity, ...]]] = None,
    ) -> None:
        self.data_version: str = meta.get("data_version", "unknown")
        self.meta: Mapping[str, str] = MappingProxyType(dict(meta))
        self._orgs: Records[Organisation] = _by_id(tables.get("organisations", ()))
        self._procs: Records[Process] = _by_id(tables.get("processes", ()))
        self._raw = tables  # the tables below that are read on first use (see _Lazy)
        self._membership_index: Optional[MembershipIndex] = None
        if _keys is not None:  # the key index of these very records, carried by the packed tables
            self.__dict__["_lazy_keys"] = MappingProxyType(dict(_keys))

        self._entity_by_id: Mapping[str, Entity] = MappingProxyType(
            {**{o.id: o for o in self._orgs}, **{p.id: p for p in self._procs}}
        )

        self._search_index: Optional[SearchIndex[Entity]] = None
        self._resolve = functools.lru_cache(maxsize=_CACHE_SIZE)(self._resolve_uncached)
        self._where = functools.lru_cache(maxsize=_CACHE_SIZE)(self._where_uncached)
        # membership answers by the arguments as given (typed: 2010 and True are not one key)
        self._members_q = functools.lru_cache(maxsize=_CACHE_SIZE, typed=True)(self._members_uncached)
        self._memberships_q = functools.lru_cache(maxsize=_CACHE_SIZE, typed=True)(self._memberships_uncached)
        self._built = True  # from here on, __setattr__ refuses

    # ------------------------------------------------------------------ time: one rule for every query
    #
    # A period's ``since`` and ``until`` are both inclusive at the precision the source gives
    # (until=1952 covers all of 1952). A role or a name is in force at a date only within its
    # own period and within its entity's life (a role also within its process's life); an
    # entity lives from its start to its end, inclusive, and a start or end not recorded bounds
    # nothing -- except that a process counts as active at a date only if its start is recorded.

    @staticmethod
    def _alive(ent: Entity, when: PartialDate) -> bool:
        return on_or_after(when, ent.start) and on_or_before(when, ent.end)

    def _process_active(self, proc: Process, when: PartialDate) -> bool:
        return proc.start is not None and self._alive(proc, when)

    def _role_at(self, inv: Involvement, when: PartialDate) -> bool:
        """The role was held at ``when``: within its period, its organisation's life and its process's."""
        return (
            on_or_after(when, inv.since)
            and on_or_before(when, inv.until)
            and self._process_active(self._entity_by_id[inv.process], when)  # type: ignore[arg-type]
            and self._alive(self._entity_by_id[inv.org], when)
        )

    def _in_force(self, inv: Involvement) -> bool:
        """The role is held now: not ended and not superseded by another record, in a process
        neither ended nor dormant, by an organisation not dissolved, and not carried out through
        a body that was dissolved."""
        proc: Process = self._entity_by_id[inv.process]  # type: ignore[assignment]
        by_id = self._entity_by_id
        return (
            inv.until is None
            and inv.superseded_by is None
            and proc.end is None
            and proc.status not in (ProcessStatus.DORMANT, ProcessStatus.ENDED)
            and by_id[inv.org].end is None
            and not any(
                p.relation is _models.PartnerRelation.THROUGH and by_id[p.org].end is not None
                for p in inv.partners
            )
        )

    def in_force(self, inv: Involvement) -> bool:
        """Whether the role record ``inv`` is in force now (the rule of the default role queries):
        no ``until``, not superseded, its process neither ended nor dormant, its organisation
        not dissolved, and no partner it runs ``through`` dissolved. A record with only an
        ``as_of`` that passes is "last stated" at that date."""
        if not isinstance(inv, _models.Involvement):
            raise ArgumentTypeError(f"inv must be an Involvement, not {type(inv).__name__}")
        return self._in_force(inv)

    def _role_maps(self, invs: tuple[Involvement, ...]) -> dict[Any, tuple[Process, ...]]:
        """role, holder and (role, holder) -> the processes, ordered by id."""
        maps: dict[Any, set[str]] = {}
        for inv in invs:
            maps.setdefault(inv.role, set()).add(inv.process)
            for holder in inv.holders:
                maps.setdefault(holder, set()).add(inv.process)
                maps.setdefault((inv.role, holder), set()).add(inv.process)
        by_id = self._entity_by_id
        return {k: tuple(sorted((by_id[i] for i in v), key=lambda p: p.id)) for k, v in maps.items()}  # type: ignore[misc]

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Dataset:
        """Load a data directory; raise `DataError` listing every problem in it."""
        from ._load import load_records, paused_gc

        with paused_gc():
            raw = load_records(path)
            return cls(raw.tables, raw.meta)

    def _table(self, name: str) -> Records[Any]:
        attr = {"organisations": "_orgs", "processes": "_procs"}.get(name, f"_{name}")
        return getattr(self, attr)  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        from ._schema import TABLES

        return dict(self.meta) == dict(other.meta) and all(self._table(t) == other._table(t) for t in TABLES)

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ exports

    def export(
        self, path: Union[str, os.PathLike[str]], format: str = "data-dir", *, force: bool = False
    ) -> list[pathlib.Path]:
        """Write the dataset to the folder ``path``, all at once or not at all.

        Formats: ``"data-dir"`` (the loader's own format: ``load(path)`` reads it back),
        ``"json"`` (one file, ``migorgs.json``), ``"csv"`` (flat tables) and ``"datapackage"``
        (CSV plus a Frictionless ``datapackage.json`` with a schema per table).

        The files are written to a new sibling folder that then replaces ``path``, so a
        failed export leaves ``path`` as it was. A folder that is not empty is refused
        unless ``force=True`` (and even then only one that holds nothing but files an
        export writes); ``path`` must not be a symbolic link. Raises `ExportError`
        (an ``OSError``) when ``path`` cannot be written, `InvalidQueryError` for ``""``
        or a path holding NUL, `ArgumentTypeError` for a path that is not a str or
        ``os.PathLike``.
        """
        from ._export import export

        return export(self, path, format, force=force)

    def release(
        self, outdir: Union[str, os.PathLike[str]], *, force: bool = False
    ) -> tuple[pathlib.Path, pathlib.Path]:
        """Write the data release ``migorgs-data-<data_version>.zip`` (Data Package with CSV
        tables, the JSON data directory, its JSON Schema, the changelog's Data section and a
        README) and its ``SHA256SUMS`` into ``outdir``; return both paths. Existing files are
        refused unless ``force=True``."""
        from ._release import release

        return release(self, outdir, force=_bool_arg(force, "force"))

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Every table as flat rows of plain values (what the CSV export writes, without the
        apostrophe it puts before text that a spreadsheet would run as a formula)."""
        from ._tables import flat_tables

        return flat_tables(self)

    def to_pandas(self) -> dict[str, pandas.DataFrame]:
        """Every flat table as a tidy, typed pandas DataFrame, keyed by table (organisations,
        processes, names, facts, snapshots, ...), the same tables and columns as the CSV
        export. Needs ``migorgs[pandas]``."""
        from ._frames import table_frames

        return table_frames(self.tables())

    def __repr__(self) -> str:
        return (
            f"<migorgs.Dataset {self.data_version}: {len(self._orgs)} organisations, "
            f"{len(self._procs)} processes, {len(self._involvements)} involvements>"
        )

    # ------------------------------------------------------------------ lookup

    def _resolve_uncached(self, namespace: str, key: str) -> Entity:
        what = {"org": "organisation", "process": "process", "any": "organisation or process"}[namespace]
        # an id always finds its record, even where a name or acronym of another entity equals it
        by_id = self._entity_by_id.get(key.strip()) if len(key) <= MAX_KEY_CHARS else None
        if by_id is not None and (
            namespace == "any" or isinstance(by_id, Organisation if namespace == "org" else Process)
        ):
            return by_id
        k = normalise(key) if len(key) <= MAX_KEY_CHARS else ""
        found = self._keys.get(k, ()) if k else ()
        if namespace == "org":
            found = tuple(e for e in found if isinstance(e, Organisation))
        elif namespace == "process":
            found = tuple(e for e in found if isinstance(e, Process))
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousKeyError(key, [(e.id, e.name) for e in found])
        raise NotFoundError(key, what, self._suggest(key, namespace))

    def _suggest(self, key: str, namespace: str, limit: int = 3) -> tuple[str, ...]:
        if not key.strip() or len(key) > MAX_KEY_CHARS:
            return ()
        kinds = {"org": Organisation, "process": Process, "any": (Organisation, Process)}[namespace]
        hits = [m for m in self.search(key, limit=10) if isinstance(m.entity, kinds)]  # type: ignore[arg-type]
        return tuple(f"{m.entity.name} ({m.entity.id})" for m in hits[:limit])

    def _key_arg(self, key: object, argument: str = "key") -> str:
        if not isinstance(key, str):
            raise ArgumentTypeError(
                f"{argument} must be a string (an id, acronym or name), not {type(key).__name__}"
            )
        return key

    def get_org(self, key: str) -> Organisation:
        """The organisation ``key`` names: an id, an acronym, or any name, former name,
        translation or variant, ignoring case, accents, spacing and punctuation."""
        return self._resolve("org", self._key_arg(key))  # type: ignore[return-value]

    def get_process(self, key: str) -> Process:
        """The consultation process ``key`` names (as `get_org` does for organisations)."""
        return self._resolve("process", self._key_arg(key))  # type: ignore[return-value]

    def lookup(self, key: str) -> Entity:
        """The organisation or process ``key`` names; a key naming one of each is ambiguous."""
        return self._resolve("any", self._key_arg(key))

    def get_source(self, source_id: str) -> Source:
        """The source with id ``source_id``."""
        self._key_arg(source_id, "source_id")
        found = self._source_by_id.get(source_id) if len(source_id) <= MAX_KEY_CHARS else None
        if found is not None:
            return found
        close: list[str] = []
        if len(source_id) <= MAX_KEY_CHARS:  # no id is that long; comparing with one costs seconds
            import difflib

            close = difflib.get_close_matches(source_id, list(self._source_by_id), n=3)
        raise NotFoundError(source_id, "source", close)

    # ------------------------------------------------------------------ listings

    def orgs(self) -> Records[Organisation]:
        """Every organisation, ordered by id."""
        return self._orgs

    def processes(self) -> Records[Process]:
        """Every process, ordered by id."""
        return self._procs

    def sources(self) -> Records[Source]:
        """Every source, ordered by id."""
        return self._sources

    def conflicts(self, key: Optional[str] = None) -> Records[Conflict]:
        """Recorded disagreements between sources, for one entity or all."""
        if key is None:
            return self._conflicts
        eid = self.lookup(key).id
        return Records(c for c in self._conflicts if c.entity == eid)

    # ------------------------------------------------------------------ roles

    def processes_where(
        self,
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
        """Processes matching every filter given (AND), ordered by id.

        ``role`` and ``org`` match organisations that hold the role, including
        partners that share it ("together with UNHCR"). Roles are those in
        force: not ended, in a process not ended, held by an organisation not
        dissolved; with ``active_in`` those held at that time (the rule of
        `involvements`); with ``include_past=True`` any role ever recorded.
        ``active_in`` keeps processes known to have started by then and not
        ended before (``since`` and ``until`` are inclusive); ``member`` takes a State (a code or a name) and keeps the
        processes it was a member of at ``active_in`` (by default, now: its spell is open);
        ``source`` keeps roles that a given
        source states (``source="iom-web-2021"``: what seed 001 says).
        """
        r = None if role is None else _enum_arg(_models.Role, role, "role")
        o = None if org is None else self.get_org(self._key_arg(org, "org")).id
        k = None if kind is None else _enum_arg(ProcessKind, kind, "kind")
        g = None if region is None else _enum_arg(Region, region, "region")
        w = None if active_in is None else _date_arg(active_in, "active_in")
        m = None if member is None else self._state_arg(member, "member")
        if m is not None and w is not None and w.unspecified:
            w = _year_or_finer(active_in, "active_in")  # membership is asked year by year: this raises
        _bool_arg(include_past, "include_past")
        src = None if source is None else self.get_source(source).id
        return self._where(r, o, k, g, w, m, include_past, src)

    def _where_uncached(
        self,
        role: Optional[Role],
        org: Optional[str],
        kind: Optional[ProcessKind],
        region: Optional[Region],
        when: Optional[PartialDate],
        member: Optional[str],
        include_past: bool = False,
        source: Optional[str] = None,
    ) -> Records[Process]:
        candidates: tuple[Process, ...] = self._procs
        if role is not None or org is not None or source is not None:
            key: Any = (role, org) if role is not None and org is not None else (role if org is None else org)
            if (when is not None and not include_past) or source is not None:
                ids = {
                    i.process
                    for i in self._involvements
                    if (role is None or i.role is role)
                    and (org is None or org in i.holders)
                    and (source is None or source in i.sources)
                    and (when is None or include_past or self._role_at(i, when))
                    and (include_past or when is not None or self._in_force(i))
                }
                candidates = tuple(p for p in self._procs if p.id in ids)
            else:
                # the role index holds the processes themselves, so this stays flat as data grows
                candidates = self._role_index[include_past].get(key, ())
                if kind is None and region is None and when is None and member is None:
                    return Records(candidates)
        out = []
        for p in candidates:
            if kind is not None and p.kind is not kind:
                continue
            if region is not None and region not in p.regions:
                continue
            if when is not None and not self._process_active(p, when):
                continue
            if member is not None and not self._is_member(p.id, member, when):
                continue
            out.append(p)
        return Records(out)

    def involvements(
        self,
        *,
        org: Optional[str] = None,
        process: Optional[str] = None,
        role: Union[Role, str, None] = None,
        active_in: Optional[DateLike] = None,
        in_force: bool = False,
    ) -> Records[Involvement]:
        """The role records, past and present, with their partners, ordered by process,
        organisation and role.

        ``org`` matches the organisation holding the role and partners that share it;
        ``active_in`` keeps the roles held at that time: within the role's own period
        (``since`` and ``until`` inclusive), the organisation's life and the process's
        life (a process whose start is not recorded is not known to be active) -- the
        same rule as `processes_where`. ``in_force=True`` keeps the roles in force now (see
        `in_force`): the default of `processes_where`.
        """
        o = None if org is None else self.get_org(self._key_arg(org, "org")).id
        p = None if process is None else self.get_process(self._key_arg(process, "process")).id
        r = None if role is None else _enum_arg(_models.Role, role, "role")
        w = None if active_in is None else _date_arg(active_in, "active_in")
        now = _bool_arg(in_force, "in_force")
        return Records(
            inv
            for inv in self._involvements
            if (o is None or o in inv.holders)
            and (p is None or inv.process == p)
            and (r is None or inv.role is r)
            and (w is None or self._role_at(inv, w))
            and (not now or self._in_force(inv))
        )

    # ------------------------------------------------------------------ names and time

    def name_history(self, key: str, *, lang: Optional[str] = "en") -> Records[Name]:
        """The official names (and official translations) an entity has borne, oldest first, with their periods.

        ``lang=None`` includes official names in every language.
        """
        ent = self.lookup(key)
        lang = _lang_arg(lang, "lang", optional=True)
        names = [
            n
            for n in ent.names
            if n.kind in (NameKind.OFFICIAL, NameKind.FORMER, NameKind.TRANSLATION)
            and (lang is None or n.lang == lang)
        ]
        return Records(sorted(names, key=lambda n: (n.since or PartialDate(1), n.until or PartialDate(9999))))

    def name_at(self, key: str, when: DateLike, *, lang: str = "en") -> Name:
        """The official name in use at ``when`` (a year, ``datetime.date`` or 'YYYY[-MM[-DD]]').

        A name answers only within its own period (``since`` and ``until`` both
        inclusive) and within the entity's life; in the year of a renaming, where
        the old name's ``until`` meets the new name's ``since``, the new name is
        given. A translation without dates translates the current official English
        name and shares its period. Otherwise `NotFoundError`.
        """
        ent = self.lookup(key)
        w = _date_arg(when, "when")
        lang = _lang_arg(lang, "lang", optional=False)  # type: ignore[assignment]
        if not self._alive(ent, w):
            life = (
                f"began in {ent.start}"
                if ent.start is not None and not on_or_after(w, ent.start)
                else f"ended in {ent.end}"
            )
            raise NotFoundError(key, "name", message=f"{ent.name} ({ent.id}) had no name in {w}: it {life}")
        history = self.name_history(ent.id, lang=lang)
        current = next(
            (n for n in ent.names if n.kind is NameKind.OFFICIAL and n.lang == "en" and n.until is None), None
        )
        for n in reversed(history):  # newest first: at a shared boundary the newer name answers
            since = n.since
            if n.kind is NameKind.TRANSLATION and since is None and n.until is None and current is not None:
                since = current.since
            if on_or_after(w, since) and on_or_before(w, n.until):
                return n
        first = history[0].since if history and history[0].since else None
        hint = f"; its recorded {lang} names start in {first}" if first else f"; it has no dated {lang} name"
        raise NotFoundError(
            key, "name", message=f"{ent.name} ({ent.id}) had no recorded {lang} name in {w}{hint}"
        )

    # ------------------------------------------------------------------ timeline and publications

    def timeline(self, key: str) -> Records[Event]:
        """An entity's events in date order: its recorded events, plus its founding,
        renamings and end as its own fields state them (derived events carry the
        sources of the field or name they come from, and ids ending in ``~``)."""
        ent = self.lookup(key)
        recorded = [e for e in self._events if ent.id in e.entities]
        derived = self._derived_events(ent)
        # a recorded event of the same kind and year supersedes a derived one
        taken = {(e.kind, e.date.year) for e in recorded}
        events = recorded + [d for d in derived if (d.kind, d.date.year) not in taken]
        return Records(sorted(events, key=lambda e: (e.date, e.id)))

    def _derived_events(self, ent: Entity) -> list[Event]:
        out: list[Event] = []
        start_field = "founded" if isinstance(ent, Organisation) else "established"
        end_field = "dissolved" if isinstance(ent, Organisation) else "ended"
        start_sources = ent.sources_for(start_field) or ent.sources
        end_sources = ent.sources_for(end_field) or ent.sources
        history = [n for n in self.name_history(ent.id) if n.since is not None]
        first = history[0] if history else None
        if ent.start is not None:
            called = (
                f" as {first.text}" if first and first.since == ent.start and first.text != ent.name else ""
            )
            out.append(
                _models.Event(
                    f"{ent.id}-{start_field}~",
                    ent.start,
                    _models.EventKind.FOUNDING,
                    f"{ent.name} {start_field}{called}",
                    (ent.id,),
                    start_sources,
                )
            )
        for prev, nxt in zip(history, history[1:]):
            if nxt.since is None:
                continue
            out.append(
                _models.Event(
                    f"{ent.id}-renamed-{nxt.since}~",
                    nxt.since,
                    _models.EventKind.RENAMING,
                    f"{prev.acronym or prev.text} renamed {nxt.text}"
                    + (f" ({nxt.acronym})" if nxt.acronym else ""),
                    (ent.id,),
                    nxt.sources,
                )
            )
        if isinstance(ent, Process):
            links = [(ent, self._entity_by_id[ent.successor])] if ent.successor is not None else []
            links += [(p, ent) for p in self._procs if p.successor == ent.id]
            for pred, succ in links:
                when: PartialDate = pred.succeeded  # type: ignore[assignment]
                try:
                    called = self.name_at(succ.id, when).text
                except NotFoundError:
                    called = succ.name
                out.append(
                    _models.Event(
                        f"{pred.id}-succeeded-by-{succ.id}~",
                        when,
                        _models.EventKind.SUCCESSION,
                        f"{called} succeeded {pred.name}",
                        (pred.id, succ.id),
                        pred.sources_for("successor") or pred.sources,
                    )
                )
        if ent.end is not None:
            out.append(
                _models.Event(
                    f"{ent.id}-{end_field}~",
                    ent.end,
                    _models.EventKind.ENDING,
                    f"{ent.name} {end_field}",
                    (ent.id,),
                    end_sources,
                )
            )
        return out

    def events(
        self, *, year: Optional[int] = None, kind: Union[EventKind, str, None] = None
    ) -> Records[Event]:
        """The recorded events, in date order, optionally of one year or kind."""
        y = None if year is None else _year_arg(year, "year")
        k = None if kind is None else _enum_arg(_models.EventKind, kind, "kind")
        return Records(
            e for e in self._events if (y is None or e.date.year == y) and (k is None or e.kind is k)
        )

    def publications(
        self, *, series: Optional[str] = None, year: Optional[int] = None, org: Optional[str] = None
    ) -> Records[Publication]:
        """Publications, ordered by series, year and id; ``org`` matches publishers and subjects."""
        if series is not None:
            self._key_arg(series, "series")
            known = sorted({p.series for p in self._publications})
            if series not in known:
                raise InvalidQueryError("series", series, known)
        y = None if year is None else _year_arg(year, "year")
        o = None if org is None else self.lookup(self._key_arg(org, "org")).id
        return Records(
            p
            for p in self._publications
            if (series is None or p.series == series)
            and (y is None or p.year == y)
            and (o is None or o in p.publishers or o in p.about)
        )

    def themes(self, *, process: Optional[str] = None, year: Optional[int] = None) -> Records[AnnualTheme]:
        """Annual themes (the IDM's, for instance), ordered by process and year."""
        p = None if process is None else self.get_process(self._key_arg(process, "process")).id
        y = None if year is None else _year_arg(year, "year")
        return Records(
            t for t in self._themes if (p is None or t.process == p) and (y is None or t.year == y)
        )

    def country_processes(
        self, state: str, *, observers: bool = False, at: Optional[DateLike] = None
    ) -> Records[Process]:
        """The processes a State (a code or a name) is a member of at ``at`` (by default now: its
        spell is open); with ``observers=True`` also those it observes."""
        _bool_arg(observers, "observers")
        allowed = {_models.MemberStatus.MEMBER, _models.MemberStatus.ASSOCIATE} | (
            {_models.MemberStatus.OBSERVER} if observers else set()
        )
        ids = {sp.body for sp in self.memberships(state, at=at) if sp.status in allowed}
        return Records(p for p in self._procs if p.id in ids)

    # ------------------------------------------------------------------ membership

    def _members_index(self) -> MembershipIndex:
        index = self._membership_index
        if index is None:
            from ._membership import MembershipIndex

            index = MembershipIndex(
                self._entity_by_id, self._snapshots, self._membership_events, self._states
            )
            object.__setattr__(self, "_membership_index", index)
        return index

    def _state_arg(self, value: object, argument: str = "state") -> str:
        if not isinstance(value, str):
            raise ArgumentTypeError(
                f"{argument} must be a State as a string (ISO alpha-3 'MEX', alpha-2 'MX' or a name "
                f"'Mexico'), not {type(value).__name__}"
            )
        index = self._members_index().states
        code = index.resolve(value) if len(value) <= MAX_KEY_CHARS else None
        if code is None:
            raise NotFoundError(value, "State", index.suggest(value) if len(value) <= MAX_KEY_CHARS else ())
        return code

    def _body_arg(self, key: object, argument: str = "key") -> Entity:
        return self.lookup(self._key_arg(key, argument))

    def _is_member(self, body: str, code: str, when: Optional[PartialDate]) -> bool:
        idx = self._members_index()
        return (
            any(
                sp.state == code
                and sp.status in (_models.MemberStatus.MEMBER, _models.MemberStatus.ASSOCIATE)
                for sp in idx.members(body, when, None)
            )
            if body in idx.bodies
            else False
        )

    def states(self) -> Records[State]:
        """The States that membership records may name, by code."""
        return self._states

    def get_state(self, key: str) -> State:
        """The State ``key`` names: ISO alpha-3 (``"MEX"``), alpha-2 (``"MX"``) or an English name."""
        return self._members_index().states.by_code[self._state_arg(key, "key")]

    def snapshots(self, key: Optional[str] = None) -> Records[Snapshot]:
        """The member lists (evidence) of a body, or of every body, oldest first."""
        b = None if key is None else self._body_arg(key).id
        return Records(s for s in self._snapshots if b is None or s.body == b)

    def membership_events(
        self, key: Optional[str] = None, *, state: Optional[str] = None
    ) -> Records[MembershipEvent]:
        """The dated membership events (evidence) of a body and/or a State, oldest first."""
        b = None if key is None else self._body_arg(key).id
        c = None if state is None else self._state_arg(state)
        return Records(
            e for e in self._membership_events if (b is None or e.body == b) and (c is None or c in e.states)
        )

    def members(
        self, key: str, *, at: Optional[DateLike] = None, status: Union[MemberStatus, str, None] = None
    ) -> Records[Spell]:
        """The membership spells of a body in force at ``at`` (a year, ``"YYYY-MM"``, a date; by
        default now: the spells no evidence has ended, or for a body that ended, those that
        lasted to its end), one per State, ordered by State code.

        Each spell says its status, its bounds and what backs each bound (an event, or only
        the first or last listing), and its sources.
        """
        try:
            return self._members_q(key, at, status)
        except TypeError:  # an argument that cannot be a cache key: the checks say what is wrong
            return self._members_uncached(key, at, status)

    def _members_uncached(self, key: str, at: Optional[DateLike], status: Any) -> Records[Spell]:
        b = self._body_arg(key).id
        w = None if at is None else _year_or_finer(at, "at")
        st = None if status is None else _enum_arg(_models.MemberStatus, status, "status")
        return Records(self._members_index().members(b, w, st))

    def memberships(
        self,
        state: str,
        *,
        at: Optional[DateLike] = None,
        kind: Union[ProcessKind, OrgKind, str, None] = None,
    ) -> Records[Spell]:
        """The bodies a State belongs to at ``at`` (by default now: its open spells),
        as spells ordered by body; ``kind`` keeps one kind of process or organisation
        (``"regional-consultative-process"``, ``"regional-economic-community"``, ...)."""
        try:
            return self._memberships_q(state, at, kind)
        except TypeError:  # an argument that cannot be a cache key: the checks say what is wrong
            return self._memberships_uncached(state, at, kind)

    def _memberships_uncached(self, state: str, at: Optional[DateLike], kind: Any) -> Records[Spell]:
        code = self._state_arg(state)
        w = None if at is None else _year_or_finer(at, "at")
        k: Any = None
        if kind is not None:
            try:
                k = _enum_arg(ProcessKind, kind, "kind")
            except InvalidQueryError:
                try:
                    k = _enum_arg(OrgKind, kind, "kind")
                except InvalidQueryError:
                    raise InvalidQueryError(
                        "kind", kind, (*ProcessKind.values(), *OrgKind.values())
                    ) from None
        spells = self._members_index().memberships(code, w)
        return Records(
            sp
            for sp in sorted(spells, key=lambda s: (s.body, s.start))
            if k is None or self._entity_by_id[sp.body].kind is k
        )

    def spells(self, key: Optional[str] = None, *, state: Optional[str] = None) -> Records[Spell]:
        """Every derived spell, past and present, of a body and/or a State."""
        b = None if key is None else self._body_arg(key).id
        c = None if state is None else self._state_arg(state)
        return Records(self._members_index().history(b, c))

    def state_roles(
        self,
        key: Optional[str] = None,
        *,
        state: Optional[str] = None,
        role: Union[StateRoleKind, str, None] = None,
        at: Optional[DateLike] = None,
    ) -> Records[StateRole]:
        """States' roles in bodies (chair, co-chair, host, ...), filtered by body, State, role and date."""
        b = None if key is None else self._body_arg(key).id
        c = None if state is None else self._state_arg(state)
        r = None if role is None else _enum_arg(_models.StateRoleKind, role, "role")
        w = None if at is None else _date_arg(at, "at")
        out = []
        for sr in self._state_roles:
            if (
                (b is not None and sr.body != b)
                or (c is not None and sr.state != c)
                or (r is not None and sr.role is not r)
            ):
                continue
            if w is None or _held_at(sr, w):
                out.append(sr)
        return Records(out)

    def heads(self, key: Optional[str] = None, *, at: Optional[DateLike] = None) -> Records[Head]:
        """The executive heads of a body (or of every body) over time, oldest first; with ``at``
        those in office then (periods inclusive at their precision)."""
        b = None if key is None else self._body_arg(key).id
        w = None if at is None else _date_arg(at, "at")
        out = []
        for h in self._heads:
            if b is not None and h.body != b:
                continue
            if w is None or _held_at(h, w):
                out.append(h)
        return Records(out)

    def membership_panel(
        self,
        *,
        form: str = "state-year",
        start: Optional[int] = None,
        end: Optional[int] = None,
        bodies: Optional[Iterable[str]] = None,
        states: Optional[Iterable[str]] = None,
    ) -> Union[Panel, Records[Any]]:
        """The membership panel: ``"state-year"``, a `Panel` (one row per State, body and year,
        with a status code and its evidence, held column-wise), or `Records` of
        ``"body-year"`` counts (per body and year) or of ``"dyad-year"`` rows (pairs of States
        sharing a body in a year).

        Codes follow the Correlates of War IGO data: 1 member, 2 associate, 3 observer,
        0 none, -9 unknown, -1 State not in existence (and 4 suspended). Rows run over
        each body's life; ``start`` and ``end`` (years) bound them.
        """
        forms = ("state-year", "body-year", "dyad-year")
        if not isinstance(form, str):
            raise ArgumentTypeError(
                f"form must be one of {', '.join(forms)} as a string, not {type(form).__name__}"
            )
        form = str.__str__(form)  # a str subclass with its own == is compared as the text it holds
        if form not in forms:
            raise InvalidQueryError("form", form, forms)
        y0 = None if start is None else _year_arg(start, "start")
        y1 = None if end is None else _year_arg(end, "end")
        if isinstance(bodies, str) or isinstance(states, str):
            raise ArgumentTypeError("bodies and states take a list of keys, not one string")
        bs = None if bodies is None else sorted({self._body_arg(b, "bodies").id for b in bodies})
        cs = None if states is None else sorted({self._state_arg(c, "states") for c in states})
        idx = self._members_index()
        if form == "body-year":
            if cs is not None:
                raise InvalidQueryError("states", states, ("None: the body-year form counts every State",))
            return Records(idx.body_years(y0, y1, bs))
        if form == "dyad-year":
            return Records(idx.dyad_years(y0, y1, bs, cs))
        return idx.panel(y0, y1, bs, cs)

    # ------------------------------------------------------------------ search

    def search(self, text: str, *, limit: int = 10) -> Records[Match[Entity]]:
        """Organisations and processes whose names resemble ``text``, best first.

        Tolerates typos, word order, partial words, accents and case. Each
        match carries a score (1.0 is an exact name) and the name that matched.
        """
        self._key_arg(text, "text")
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise ArgumentTypeError(f"limit must be an int, not {type(limit).__name__}")
        if limit < 1:
            raise InvalidQueryError("limit", limit, ("a whole number of 1 or more",))
        if len(text) > MAX_KEY_CHARS:
            return Records()
        index = self._search_index
        if index is None:
            from ._search import SearchIndex

            entries: list[tuple[Entity, str]] = []
            everything: tuple[Entity, ...] = (*self._orgs, *self._procs)
            for ent in everything:
                entries.append((ent, ent.id))
                for n in ent.names:
                    entries.append((ent, n.text))
                    if n.acronym:
                        entries.append((ent, n.acronym))
            index = SearchIndex(entries)
            object.__setattr__(self, "_search_index", index)  # built once, on first use
        return Records(index.search(text, limit))
