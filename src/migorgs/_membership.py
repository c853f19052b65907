"""Membership: from evidence (snapshots and dated events) to spells, and from spells to panels.

The rules (documented in docs/membership.md):

1. Evidence is a set of observations of one State in one body, each at a date:
   a snapshot lists it with a status, or (complete) omits it; an event says it
   joined, left, was suspended, readmitted or changed status; a founding list
   names the founders (and so says every other State was not one).
2. A spell of a status starts at the first observation of that status and runs
   through every later observation of it, until an observation says otherwise:
   an event (the spell ends on the event's date), or a complete snapshot that
   omits the State or lists it with another status (the spell ends on the last
   listing, ``last-listed``, and the end is known only to lie before that snapshot).
   An omission ends a spell only if the snapshot's scope covers the status.
3. Between two observations of the same status, the status is taken to hold
   (``interpolated``); after the newest observation it is taken to go on
   (``extrapolated``) until the body or the State ends. Before the first
   observation nothing is known, unless a founding list or a dated join says
   the State was not a member then.
4. Bounds are inclusive, at the precision of their dates: a spell that ends
   "2025-01" holds through January 2025; a query ``at=2013`` finds a spell that
   starts "2013-10".
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Optional

from ._dates import PartialDate
from ._models import (
    Basis,
    BodyYear,
    DyadYear,
    Evidence,
    MembershipEvent,
    MembershipEventKind,
    MemberStatus,
    Snapshot,
    Spell,
    State,
)
from ._panel import CODES, EVIDENCE, EVIDENCE_CODE, Block, Panel
from ._text import normalise

if TYPE_CHECKING:
    from ._dataset import Entity

__all__ = ["CODES", "MembershipIndex", "StateIndex"]

Key = tuple[int, int, int]

UNKNOWN, NO_STATE = -9, -1
_CACHE_SIZE = 1024

_ALL = frozenset(MemberStatus)
_EVIDENCE_RANK = {Evidence.EVENT: 3, Evidence.LISTED: 3, Evidence.INTERPOLATED: 2, Evidence.EXTRAPOLATED: 1}


def overlap(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates can mean the same day (``2021`` and ``2021-05-25`` can)."""
    return lo(a) <= hi(b) and lo(b) <= hi(a)


def lo(d: PartialDate) -> Key:
    """The first day a date can mean, as a sortable key."""
    return (d.year, d.month or 1, d.day or 1)


def hi(d: PartialDate) -> Key:
    """The last day a date can mean, as a sortable key (days past a month's end sort the same)."""
    return (d.year, d.month or 12, d.day or 31)


class _Obs:
    """One observation: at ``when``, the State held ``status`` (None: none of ``covers``)."""

    __slots__ = ("basis", "before", "covers", "direct", "key", "sources", "status", "when")

    def __init__(
        self,
        when: PartialDate,
        status: Optional[MemberStatus],
        basis: Basis,
        sources: tuple[str, ...],
        covers: frozenset[MemberStatus] = _ALL,
        before: bool = False,
    ) -> None:
        self.when = when
        self.status = status
        self.basis = basis
        self.sources = sources
        self.covers = covers
        #: an observation of the moment just before ``when`` (a join implies none before it)
        self.before = before
        #: the order of observations: by date, the moment before a date first
        self.key = (lo(when), 0 if before else 1)
        #: the evidence of the panel cell of its own year
        self.direct = Evidence.EVENT if basis in (Basis.EVENT, Basis.FOUNDING) else Evidence.LISTED

    def says_not(self, status: MemberStatus) -> bool:
        if self.status is None:
            return status in self.covers
        return self.status is not status


#: everyday English names that the ISO short names do not cover, so that users find the State;
#: lookup keys only (the data's names and codes come from the States table and its sources)
EVERYDAY_NAMES = {
    "Turkey": "TUR", "Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "Vietnam": "VNM", "Laos": "LAO",
    "South Korea": "KOR", "Korea": "KOR", "Republic of Korea": "KOR", "North Korea": "PRK", "Bolivia": "BOL",
    "Venezuela": "VEN", "Tanzania": "TZA", "Moldova": "MDA", "Czech Republic": "CZE", "Czechia": "CZE",
    "Ivory Coast": "CIV", "Cape Verde": "CPV", "Swaziland": "SWZ", "Macedonia": "MKD", "Burma": "MMR",
    "East Timor": "TLS", "Palestine": "PSE", "Vatican": "VAT", "Holy See": "VAT", "United States": "USA",
    "United States of America": "USA", "USA": "USA", "US": "USA", "UK": "GBR", "Britain": "GBR",
    "Great Britain": "GBR", "United Kingdom": "GBR", "DR Congo": "COD", "DRC": "COD",
    "Democratic Republic of the Congo": "COD", "Republic of the Congo": "COG", "Congo-Brazzaville": "COG",
    "Brunei": "BRN", "Micronesia": "FSM", "Taiwan": "TWN", "Kosovo": "XKX", "The Gambia": "GMB",
    "The Bahamas": "BHS", "The Netherlands": "NLD", "Netherlands": "NLD", "USSR": "SUN", "Soviet Union": "SUN",
    "Yugoslavia": "YUG", "Czechoslovakia": "CSK", "East Germany": "DDR", "South Yemen": "YMD",
    "Sao Tome and Principe": "STP", "Saint Kitts and Nevis": "KNA", "Saint Lucia": "LCA",
    "Saint Vincent and the Grenadines": "VCT", "Eswatini": "SWZ", "North Macedonia": "MKD",
    "Cabo Verde": "CPV", "Timor-Leste": "TLS", "Côte d'Ivoire": "CIV",
}  # fmt: skip


class StateIndex:
    """The States table, looked up by alpha-3, alpha-2, English name, alias or everyday name."""

    def __init__(self, states: Iterable[State]) -> None:
        self.by_code: dict[str, State] = {}
        self._keys: Optional[dict[str, str]] = None
        for st in sorted(states, key=lambda s: s.code):
            self.by_code[st.code] = st
        #: the States that did not always exist (a start or an end recorded)
        self.limited: dict[str, State] = {
            c: st for c, st in self.by_code.items() if st.since is not None or st.until is not None
        }

    @property
    def keys(self) -> dict[str, str]:
        """Lookup key (lower-cased code, normalised name) -> code; built on first use (the panel
        and the membership queries by code need none)."""
        keys = self._keys
        if keys is None:
            keys = {}
            for st in self.by_code.values():  # codes first, so that a name never shadows a code
                keys.setdefault(st.code.lower(), st.code)
                if st.alpha2:
                    keys.setdefault(st.alpha2.lower(), st.code)
            for st in self.by_code.values():
                for text in (st.name, *st.aliases):
                    k = normalise(text)
                    if k:
                        keys.setdefault(k, st.code)
            for text, code in EVERYDAY_NAMES.items():
                if code in self.by_code:
                    keys.setdefault(normalise(text), code)
            self._keys = keys
        return keys

    def resolve(self, value: str) -> Optional[str]:
        v = value.strip()
        if v.upper() in self.by_code:
            return v.upper()
        return self.keys.get(v.lower()) or self.keys.get(normalise(v))

    def suggest(self, value: str, limit: int = 3) -> tuple[str, ...]:
        import difflib

        k = normalise(value)
        names = {normalise(s.name): s for s in self.by_code.values()}
        close = difflib.get_close_matches(k, list(names), n=limit, cutoff=0.6)
        codes = difflib.get_close_matches(value.strip().upper(), list(self.by_code), n=limit, cutoff=0.6)
        out = [f"{names[c].name} ({names[c].code})" for c in close]
        out += [f"{self.by_code[c].name} ({c})" for c in codes if all(f"({c})" not in o for o in out)]
        return tuple(out[:limit])

    def exists(self, code: str, year: int) -> bool:
        st = self.by_code.get(code)
        if st is None:
            return True
        if st.since is not None and st.since.year > year:
            return False
        return not (st.until is not None and st.until.year < year)


class _Body:
    """The evidence of one body, and its spells, built on first use."""

    def __init__(
        self, entity: Entity, snapshots: list[Snapshot], events: list[MembershipEvent], states: StateIndex
    ) -> None:
        self.entity = entity
        self.snapshots = sorted(snapshots, key=lambda s: (lo(s.as_of), s.id))
        self.events = sorted(events, key=lambda e: (lo(e.date), e.id))
        self.states = states
        mentioned: set[str] = set()
        statuses: set[MemberStatus] = {MemberStatus.MEMBER}
        #: each snapshot's listed States, computed once (every State's observations read them)
        self._listed = [sn.listed() for sn in self.snapshots]
        # observations shared by every State they hold for: a snapshot listing a status, a
        # complete snapshot omitting the State, a founding list without it
        self._listing = [
            {st: _Obs(sn.as_of, st, Basis.FIRST_LISTED, sn.sources) for st in set(listed.values())}
            for sn, listed in zip(self.snapshots, self._listed)
        ]
        self._omission = [
            _Obs(sn.as_of, None, Basis.LAST_LISTED, sn.sources, frozenset(sn.scope)) if sn.complete else None
            for sn in self.snapshots
        ]
        # each event's observations of a State it names, and of one it does not (only a founding
        # list tells anything of those); the events that name each State
        self._named: list[tuple[_Obs, ...]] = []
        self._unnamed: dict[int, tuple[_Obs, ...]] = {}
        self._naming: dict[str, list[int]] = {}
        for i, ev in enumerate(self.events):
            if ev.kind is MembershipEventKind.FOUNDING:
                self._named.append((_Obs(ev.date, ev.status, Basis.FOUNDING, ev.sources),))
                self._unnamed[i] = (_Obs(ev.date, None, Basis.FOUNDING, ev.sources),)
            elif ev.kind is MembershipEventKind.LEFT:
                self._named.append((_Obs(ev.date, None, Basis.EVENT, ev.sources),))
            elif ev.kind in (MembershipEventKind.JOINED, MembershipEventKind.READMITTED):
                self._named.append((
                    _Obs(ev.date, None, Basis.EVENT, ev.sources, before=True),
                    _Obs(ev.date, ev.status, Basis.EVENT, ev.sources),
                ))  # fmt: skip
            else:
                self._named.append((_Obs(ev.date, ev.status, Basis.EVENT, ev.sources),))
            for code in ev.states:
                self._naming.setdefault(code, []).append(i)
        for listed in self._listed:
            mentioned.update(listed)
            statuses.update(listed.values())
        for ev in self.events:
            mentioned.update(ev.states)
            if ev.status is not None:
                statuses.add(ev.status)
        self.mentioned = frozenset(mentioned)
        #: the statuses any evidence of this body uses: an omission tells "none" only if it covers them
        self.statuses = frozenset(statuses)
        dates = [s.as_of for s in self.snapshots] + [e.date for e in self.events]
        self.newest: Optional[PartialDate] = max(dates, key=hi) if dates else None
        self.oldest: Optional[PartialDate] = min(dates, key=lo) if dates else None
        self._spells: dict[str, tuple[Spell, ...]] = {}
        self._obs: dict[str, list[_Obs]] = {}

    def current(self, sp: Spell, at: Optional[PartialDate]) -> bool:
        """Whether a spell is in force at ``at``; without a date, whether it is open (no evidence that
        it ended), or for a body that ended, whether it lasted to the body's end."""
        if at is not None:
            return in_force(sp, at)
        if self.entity.end is not None:
            return sp.end_basis is Basis.BODY_ENDED
        return sp.end is None

    def observations(self, code: str) -> list[_Obs]:
        done = self._obs.get(code)
        if done is not None:
            return done
        obs: list[_Obs] = []
        for listed, listing, omission in zip(self._listed, self._listing, self._omission):
            status = listed.get(code)
            if status is not None:
                obs.append(listing[status])
            elif omission is not None:
                obs.append(omission)
        naming = self._naming.get(code, ())
        for i in sorted({*naming, *self._unnamed}):
            obs.extend(self._named[i] if i in naming else self._unnamed[i])
        obs.sort(key=_KEY)
        self._obs[code] = obs
        return obs

    def spells(self, code: str) -> tuple[Spell, ...]:
        done = self._spells.get(code)
        if done is not None:
            return done
        obs = self.observations(code)
        out: list[Spell] = []
        for status in sorted({o.status for o in obs if o.status is not None and not o.before}, key=_rank):
            out.extend(self._spells_of(code, status, obs))
        out.sort(key=lambda s: (lo(s.start), _rank(s.status)))
        result = tuple(out)
        self._spells[code] = result
        return result

    def _spells_of(self, code: str, status: MemberStatus, obs: list[_Obs]) -> list[Spell]:
        out: list[Spell] = []
        first: Optional[_Obs] = None
        last: Optional[_Obs] = None
        sources: set[str] = set()
        last_not: Optional[PartialDate] = None

        def close(end: Optional[PartialDate], basis: Optional[Basis], before: Optional[PartialDate]) -> None:
            assert first is not None and last is not None
            out.append(
                Spell(
                    self.entity.id,
                    code,
                    status,
                    first.when,
                    first.basis if first.basis is not Basis.LAST_LISTED else Basis.FIRST_LISTED,
                    tuple(sorted(sources)),
                    last.when,
                    last_not,
                    end,
                    basis,
                    before,
                )
            )

        for o in obs:
            if o.status is status and not o.before:
                if first is None:
                    first, sources = o, set()
                elif (
                    first.basis is Basis.FIRST_LISTED
                    and o.basis is not Basis.FIRST_LISTED
                    and overlap(first.when, o.when)
                ):
                    first = o  # a dated event within the first listing's period is the sourced start
                last = o
                sources.update(o.sources)
            elif o.says_not(status):
                if o.before and last is not None and overlap(last.when, o.when):
                    continue  # "joined on 2021-05-25" agrees with a list "as of 2021"
                if first is not None and last is not None:
                    if o.basis in (Basis.EVENT, Basis.FOUNDING) and not o.before:
                        sources.update(o.sources)
                        close(o.when, Basis.EVENT, None)
                    else:
                        close(last.when, Basis.LAST_LISTED, o.when)
                    first = last = None
                last_not = o.when
        if first is not None and last is not None:
            ended = self.entity.end
            st = self.states.by_code.get(code)
            if ended is not None:
                close(ended, Basis.BODY_ENDED, None)
            elif st is not None and st.until is not None:
                close(st.until, Basis.STATE_ENDED, None)
            else:
                close(None, None, None)
        return out

    # -------------------------------------------------------------- the panel

    def years(self, start: Optional[int], end: Optional[int], default_end: int) -> range:
        """The years of the body's life within [start, end]."""
        ent = self.entity
        first = (
            ent.start.year if ent.start is not None else (self.oldest.year if self.oldest else default_end)
        )
        last = ent.end.year if ent.end is not None else default_end
        return range(max(first, start or first), min(last, end if end is not None else last) + 1)

    def claims(self, code: str) -> list[tuple[int, float, Evidence, Optional[MemberStatus]]]:
        """What the evidence says of ``code`` by year: (first year, last year, evidence, status)."""
        obs = self.observations(code)
        inf = _INF
        out: list[tuple[int, float, Evidence, Optional[MemberStatus]]] = []
        for sp in self.spells(code):
            status, start = sp.status, lo(sp.start)
            end = None if sp.end is None else hi(sp.end)
            for o in obs:
                if (
                    o.status is status
                    and not o.before
                    and start <= o.key[0]
                    and (end is None or o.key[0] <= end)
                ):
                    out.append((o.when.year, o.when.year, o.direct, status))
            backed = (
                sp.end if sp.end_basis in (Basis.EVENT, Basis.BODY_ENDED, Basis.STATE_ENDED) else sp.last_seen
            )
            assert backed is not None
            if sp.end is not None and sp.end_basis is Basis.EVENT:  # it held the status until the event
                out.append((sp.end.year, sp.end.year, Evidence.EVENT, sp.status))
            out.append((sp.start.year, backed.year, Evidence.INTERPOLATED, sp.status))
            if sp.end is None:
                out.append((backed.year, inf, Evidence.EXTRAPOLATED, sp.status))
        # "held none": a complete snapshot that omits it (covering every status the body uses),
        # a founding list without it, a departure, or the moment before a join
        telling = [o for o in obs if o.status is not None or self.statuses <= o.covers]
        for i, o in enumerate(telling):
            if o.status is not None:
                continue
            if not o.before:
                out.append((o.when.year, o.when.year, o.direct, None))
            nxt = telling[i + 1] if i + 1 < len(telling) else None
            if nxt is None:
                if not o.before:
                    out.append((o.when.year, inf, Evidence.EXTRAPOLATED, None))
            elif nxt.status is None or nxt.before:
                out.append((o.when.year, nxt.when.year, Evidence.INTERPOLATED, None))
        return out

    def _signatures(self) -> dict[str, tuple[Any, ...]]:
        """What the evidence says of each State it names, as a hashable value: the snapshots
        that list it (with its status) and the events that name it. That fixes the State's
        observations: the omissions of the complete snapshots and the founding lists follow."""
        listings: dict[str, list[tuple[int, str]]] = {}
        for i, listed in enumerate(self._listed):
            for c, status in listed.items():  # the status's text: it hashes in C
                listings.setdefault(c, []).append((i, status.value))
        return {c: (tuple(listings.get(c, ())), tuple(self._naming.get(c, ()))) for c in self.mentioned}

    def _laid(
        self, code: str, years: range, shared: dict[Any, tuple[array[int], array[int]]], signature: Any = None
    ) -> tuple[array[int], array[int]]:
        """The status codes and evidence codes of ``years`` from the evidence alone (whether the
        State existed aside): for each year, the strongest claim, a status before none.

        The claims are laid over the years weakest first, each over the years it covers, so
        each year ends with its strongest claim (as if every claim were compared in every year).
        States of one ``signature`` (see `_signatures`) that end alike have the same cells:
        ``shared`` holds them while one block is built (the callers copy them).
        """
        n = len(years)
        if not n:
            return array("b"), array("b")
        st = self.states.by_code.get(code)
        key = (None if st is None or st.until is None else lo(st.until), signature)
        done = shared.get(key)
        if done is not None:
            return done
        y0 = years.start
        codes, evidence = array("b", [UNKNOWN]) * n, array("b", [_EV_UNKNOWN]) * n
        # ties go to the earlier claim, which is laid last
        ranked = sorted(
            (_CLAIM_RANK[ev, status], -i, first, last, ev, status)
            for i, (first, last, ev, status) in enumerate(self.claims(code))
        )
        stop = years.stop - 1
        for _cand, _i, first, last, ev, status in ranked:
            a = max(first, y0) - y0
            b = n if last == _INF else int(min(last, stop)) - y0 + 1
            if a + 1 == b:
                codes[a], evidence[a] = CODES[status], EVIDENCE_CODE[ev]
            elif a < b:
                codes[a:b] = array("b", [CODES[status]]) * (b - a)
                evidence[a:b] = array("b", [EVIDENCE_CODE[ev]]) * (b - a)
        shared[key] = codes, evidence
        return codes, evidence

    def block(
        self, codes: Sequence[str], years: range, position: Optional[Mapping[str, int]] = None
    ) -> Block:
        """The panel's cells of this body for each State of ``codes`` (in order) and year.

        Every State the evidence does not name has the same cells (complete lists that omit
        it, founding lists without it), so they are derived once and copied.
        """
        n = len(years)
        shared: dict[Any, tuple[array[int], array[int]]] = {}
        others_codes, others_ev = self._laid(_UNNAMED, years, shared)
        out_codes, out_ev = others_codes * len(codes), others_ev * len(codes)
        if position is None:
            position = {code: s for s, code in enumerate(codes)}
        signatures = self._signatures()
        for code in self.mentioned:
            s = position.get(code)
            if s is not None:
                row = s * n
                out_codes[row : row + n], out_ev[row : row + n] = self._laid(
                    code, years, shared, signatures[code]
                )
        # the years a State did not exist
        gone_code, gone_ev = array("b", [NO_STATE]) * n, array("b", [EVIDENCE_CODE[Evidence.NO_STATE]]) * n
        for code, st in self.states.limited.items():
            s = position.get(code)
            if s is not None:
                row = s * n
                k, m = _alive_slice(st, years)
                out_codes[row : row + k], out_ev[row : row + k] = gone_code[:k], gone_ev[:k]
                out_codes[row + m : row + n], out_ev[row + m : row + n] = gone_code[m:], gone_ev[m:]
        return Block(self.entity.id, years.start, n, out_codes, out_ev)


def _rank(status: Optional[MemberStatus]) -> int:
    return CODES[status] if status is not None else 9


_KEY = attrgetter("key")
#: the order claims are laid in (weakest first): by evidence, none before a status, then by code
_CLAIM_RANK = {
    (ev, status): (_EVIDENCE_RANK[ev], 0 if status is None else 1, -_rank(status))
    for ev in _EVIDENCE_RANK
    for status in (None, *MemberStatus)
}
_INF = float("inf")
_EV_UNKNOWN = EVIDENCE_CODE[Evidence.UNKNOWN]

#: a code no evidence names: the cells of every State a body's evidence does not mention
_UNNAMED = "\x00"


def _alive_slice(st: State, years: range) -> tuple[int, int]:
    """The positions [k, m) of ``years`` in which the State existed."""
    y0, n = years.start, len(years)
    k = 0 if st.since is None else min(max(st.since.year - y0, 0), n)
    m = n if st.until is None else max(min(st.until.year + 1 - y0, n), k)
    return k, m


class MembershipIndex:
    """Every body's evidence and the queries over it; built once per Dataset, on first use."""

    def __init__(
        self,
        entities: Mapping[str, Entity],
        snapshots: Iterable[Snapshot],
        events: Iterable[MembershipEvent],
        states: Iterable[State],
    ) -> None:
        self.states = StateIndex(states)
        snaps: dict[str, list[Snapshot]] = {}
        evs: dict[str, list[MembershipEvent]] = {}
        for sn in snapshots:
            snaps.setdefault(sn.body, []).append(sn)
        for ev in events:
            evs.setdefault(ev.body, []).append(ev)
        self.bodies: dict[str, _Body] = {
            b: _Body(entities[b], snaps.get(b, []), evs.get(b, []), self.states)
            for b in sorted({*snaps, *evs})
        }
        #: State -> the bodies whose evidence names it
        by_state: dict[str, list[str]] = {}
        for b, body in self.bodies.items():
            for code in body.mentioned:
                by_state.setdefault(code, []).append(b)
        self.by_state = {k: tuple(sorted(v)) for k, v in by_state.items()}
        if not self.states.by_code:  # data without a States table: every code its evidence names
            for code in by_state:
                self.states.by_code[code] = State(code, code, ())
        newest = [b.newest for b in self.bodies.values() if b.newest is not None]
        self.newest_year = max(d.year for d in newest) if newest else 1
        # the answers are tuples of frozen spells: each question is derived once, keyed by plain
        # tuples (hashing a PartialDate runs Python code; its fields hash in C). A race between
        # threads computes the same tuple twice; a full cache starts again.
        self._members_cache: dict[tuple[Any, ...], tuple[Spell, ...]] = {}
        self._memberships_cache: dict[tuple[Any, ...], tuple[Spell, ...]] = {}
        self._panel_cache: dict[tuple[Any, ...], Panel] = {}

    def members(
        self, body: str, at: Optional[PartialDate], status: Optional[MemberStatus]
    ) -> tuple[Spell, ...]:
        """The spells of a body in force at a date (default: its newest evidence), by State."""
        key = (body, status) if at is None else (body, status, at.year, at.month, at.day)
        done = self._members_cache.get(key)
        if done is None:
            if len(self._members_cache) >= _CACHE_SIZE:
                self._members_cache.clear()
            done = self._members_cache[key] = self._members(body, at, status)
        return done

    def memberships(self, code: str, at: Optional[PartialDate]) -> tuple[Spell, ...]:
        """The spells of a State in force at a date (default: each body's newest evidence)."""
        key = (code,) if at is None else (code, at.year, at.month, at.day)
        done = self._memberships_cache.get(key)
        if done is None:
            if len(self._memberships_cache) >= _CACHE_SIZE:
                self._memberships_cache.clear()
            done = self._memberships_cache[key] = self._memberships(code, at)
        return done

    def _members(
        self, body: str, at: Optional[PartialDate], status: Optional[MemberStatus]
    ) -> tuple[Spell, ...]:
        b = self.bodies.get(body)
        if b is None:
            return ()
        return tuple(
            sp
            for code in sorted(b.mentioned)
            for sp in b.spells(code)
            if b.current(sp, at) and (status is None or sp.status is status)
        )

    def _memberships(self, code: str, at: Optional[PartialDate]) -> tuple[Spell, ...]:
        out: list[Spell] = []
        for b in self.by_state.get(code, ()):
            body = self.bodies[b]
            out.extend(sp for sp in body.spells(code) if body.current(sp, at))
        return tuple(out)

    def history(self, body: Optional[str], code: Optional[str]) -> list[Spell]:
        bodies = [body] if body is not None else list(self.bodies)
        out: list[Spell] = []
        for b in bodies:
            bd = self.bodies.get(b)
            if bd is None:
                continue
            codes = [code] if code is not None else sorted(bd.mentioned)
            for c in codes:
                out.extend(bd.spells(c))
        return out

    def panel(
        self,
        start: Optional[int],
        end: Optional[int],
        bodies: Optional[list[str]],
        states: Optional[list[str]],
    ) -> Panel:
        """The state-year panel: every State any evidence names (or ``states``), so that it is
        balanced across bodies, by each body's years within [start, end]."""
        key = (
            start,
            end,
            None if bodies is None else tuple(bodies),
            None if states is None else tuple(states),
        )
        done = self._panel_cache.get(key)
        if done is None:
            if len(self._panel_cache) >= 4:
                self._panel_cache.clear()
            last = end if end is not None else self.newest_year
            codes = sorted(set(states)) if states is not None else sorted(self.by_state)
            position = {code: s for s, code in enumerate(codes)}  # each State's row in every block
            blocks = []
            for b in bodies if bodies is not None else list(self.bodies):
                body = self.bodies.get(b)
                if body is not None:
                    blocks.append(body.block(codes, body.years(start, end, last), position))
            done = self._panel_cache[key] = Panel(codes, blocks)
        return done

    def body_years(
        self, start: Optional[int], end: Optional[int], bodies: Optional[list[str]]
    ) -> list[BodyYear]:
        """Per body and year, how many of the States its evidence names held each status."""
        last = end if end is not None else self.newest_year
        listed = {EVIDENCE_CODE[Evidence.EVENT], EVIDENCE_CODE[Evidence.LISTED]}
        out = []
        for b in sorted(bodies if bodies is not None else self.bodies):
            body = self.bodies.get(b)
            if body is None or not body.mentioned:
                continue
            years = body.years(start, end, last)
            blk = body.block(sorted(body.mentioned), years)
            n = blk.n
            for j, y in enumerate(years):
                codes, evs = blk.codes[j::n], blk.evidence[j::n]
                held = sum(1 for c, e in zip(codes, evs) if 1 <= c <= 4 and e in listed)
                out.append(
                    BodyYear(b, y, codes.count(1), codes.count(2), codes.count(3), codes.count(4),
                             codes.count(UNKNOWN), held)
                )  # fmt: skip
        return out

    def dyad_years(
        self,
        start: Optional[int],
        end: Optional[int],
        bodies: Optional[list[str]],
        states: Optional[list[str]],
    ) -> list[DyadYear]:
        """Pairs of States that both held a status (member, associate, observer) in a body in a year:
        code 1 if both were members, else 3; evidence the weaker of the two."""
        panel = self.panel(start, end, bodies, states)
        blocks, *_ = panel._layout()
        codes_of = panel.states
        weaker = {Evidence.EVENT: 3, Evidence.LISTED: 3, Evidence.INTERPOLATED: 2, Evidence.EXTRAPOLATED: 1}
        rank = [weaker.get(e, 0) for e in EVIDENCE]
        out = []
        for blk in blocks:
            n = blk.n
            for j in range(n):
                group = [
                    (codes_of[s], c, e)
                    for s, (c, e) in enumerate(zip(blk.codes[j::n], blk.evidence[j::n]))
                    if 1 <= c <= 3
                ]
                group.sort()
                for i, (a, ca, ea) in enumerate(group):
                    for c, cc, ec in group[i + 1 :]:
                        code = 1 if ca == 1 and cc == 1 else 3
                        ev = ea if rank[ea] <= rank[ec] else ec
                        out.append(DyadYear(a, c, blk.body, blk.y0 + j, code, EVIDENCE[ev]))
        out.sort(key=lambda d: (d.state_a, d.state_b, d.year, d.body))
        return out


def in_force(sp: Spell, when: PartialDate) -> bool:
    """Whether a spell holds at any time within ``when`` (bounds inclusive at their precision)."""
    if lo(sp.start) > hi(when):
        return False
    return sp.end is None or hi(sp.end) >= lo(when)


#: fact keys that count a status, compared with complete member lists of the same date
COUNT_FACTS = {
    "member_states": MemberStatus.MEMBER,
    "participating_states": MemberStatus.MEMBER,
    "observer_states": MemberStatus.OBSERVER,
    "associate_members": MemberStatus.ASSOCIATE,
}
_FIELD = {
    MemberStatus.MEMBER: "members",
    MemberStatus.OBSERVER: "observers",
    MemberStatus.ASSOCIATE: "associates",
    MemberStatus.SUSPENDED: "suspended",
}


def problems(
    entities: Iterable[Entity],
    snapshots: Iterable[Snapshot],
    events: Iterable[MembershipEvent],
    conflicts: Iterable[Any],
    states: Iterable[State] = (),
) -> list[tuple[str, str, Optional[str], str]]:
    """What the checker reports of membership evidence: (table, id, field, message).

    A stated count that a complete list of the same snapshot does not match; a count fact
    of an entity that a complete list of the same date contradicts (unless a conflict is
    recorded for that field); a snapshot that contradicts a dated event.
    """
    out: list[tuple[str, str, Optional[str], str]] = []
    snaps = sorted(snapshots, key=lambda s: (s.body, lo(s.as_of), s.id))
    evs = sorted(events, key=lambda e: (e.body, lo(e.date), e.id))
    # a conflict recorded on field "members.XXX" of a body settles what sources say of State XXX there
    recorded = {(c.entity, c.field) for c in conflicts}
    ended = {s.code: s.until for s in states if s.until is not None}
    facts = {e.id: e.facts for e in entities}
    for sn in snaps:
        if not sn.complete:
            continue
        for sc in sn.stated_count:
            n = len(getattr(sn, _FIELD[sc.status]))
            if n != sc.count:
                out.append(("snapshots", sn.id, "stated_count",
                            f"states {sc.count} {sc.status.value}s but the complete list names {n}; "
                            "mark the list partial or say in a note why they differ"))  # fmt: skip
        for f in facts.get(sn.body, ()):
            status = COUNT_FACTS.get(f.key)
            if status is None or status not in sn.scope or str(f.as_of) != str(sn.as_of):
                continue
            n = len(getattr(sn, _FIELD[status]))
            # "participating" counts often take in the observers too
            with_observers = n + len(sn.observers) if status is MemberStatus.MEMBER else n
            if (
                isinstance(f.value, int)
                and f.value not in (n, with_observers)
                and (sn.body, f.key) not in recorded
            ):
                out.append(("snapshots", sn.id, _FIELD[status],
                            f"names {n} but the {f.key} fact of the same date says {f.value}; "
                            "fix one or record a conflict"))  # fmt: skip
    by_body: dict[str, list[MembershipEvent]] = {}
    for ev in evs:
        by_body.setdefault(ev.body, []).append(ev)
    for sn in snaps:
        listed = sn.listed()
        last: dict[str, MembershipEvent] = {}
        for ev in by_body.get(sn.body, ()):
            # an event that can fall before or within the list's date (a list "as of 1980" and a
            # readmission of February 1980 agree)
            if lo(ev.date) <= hi(sn.as_of):
                for code in ev.states:
                    last[code] = ev
        for code, ev in sorted(last.items()):
            if ev.kind is MembershipEventKind.FOUNDING or (sn.body, f"members.{code}") in recorded:
                continue
            gone = ended.get(code)
            if gone is not None and hi(gone) < lo(sn.as_of):
                continue
            if (
                ev.kind is MembershipEventKind.LEFT
                and hi(ev.date) < lo(sn.as_of)  # a list of 1940 may predate a departure in 1940
                and listed.get(code) in (MemberStatus.MEMBER, MemberStatus.ASSOCIATE)
            ):
                out.append(("snapshots", sn.id, None,
                            f"lists {code}, which left on {ev.date} ({ev.id}) with no later event; "
                            "record its return or check the list"))  # fmt: skip
            elif (
                ev.status is MemberStatus.MEMBER and code not in listed and sn.complete
                and MemberStatus.MEMBER in sn.scope
            ):  # fmt: skip
                out.append(("snapshots", sn.id, None,
                            f"omits {code}, which became a member on {ev.date} ({ev.id}) with no later "
                            "departure; record the departure or mark the list partial"))  # fmt: skip
        firsts: dict[str, MembershipEvent] = {}
        for ev in by_body.get(sn.body, ()):
            if ev.kind is MembershipEventKind.JOINED:
                for code in ev.states:
                    firsts.setdefault(code, ev)
        for code, ev in sorted(firsts.items()):
            if (sn.body, f"members.{code}") in recorded:
                continue
            if (
                listed.get(code) is ev.status
                and hi(sn.as_of) < lo(ev.date)
                and not any(
                    e.kind is MembershipEventKind.LEFT and code in e.states and hi(e.date) < lo(ev.date)
                    for e in by_body.get(sn.body, ())
                )
            ):
                out.append(("snapshots", sn.id, None,
                            f"lists {code} before it joined on {ev.date} ({ev.id})"))  # fmt: skip
    return out
