"""The membership derivation's speed-ups change no answer: on the packaged data, every query of
the fast MembershipIndex equals that of the reference (the derivation before the speed-ups,
tests/membership_reference.py), and repeated questions give the same (cached) answer."""

from __future__ import annotations

from typing import Any

import pytest

import membership_reference as ref
import migorgs
from migorgs._dates import PartialDate
from migorgs._display import plain
from migorgs._membership import MembershipIndex


def _indexes() -> tuple[Any, Any, Any]:
    ds = migorgs.default_dataset()
    args = (ds._entity_by_id, ds.snapshots(), ds.membership_events(), ds.states())
    return ds, MembershipIndex(*args), ref.MembershipIndex(*args)


DS, FAST, SLOW = _indexes()
BODIES = sorted(SLOW.bodies)
DATES = [
    None,
    PartialDate(1960),
    PartialDate(1995),
    PartialDate(2010),
    PartialDate(2014, 6),
    PartialDate(2024),
]


def test_the_packaged_data_has_membership_evidence() -> None:
    assert len(BODIES) >= 30


@pytest.mark.parametrize("at", DATES, ids=str)
def test_members_of_every_body_are_the_same(at: Any) -> None:
    for b in BODIES:
        assert tuple(FAST.members(b, at, None)) == tuple(SLOW.members(b, at, None)), b
        for status in migorgs.MemberStatus:
            assert tuple(FAST.members(b, at, status)) == tuple(SLOW.members(b, at, status)), (b, status)


@pytest.mark.parametrize("at", DATES, ids=str)
def test_memberships_of_every_state_are_the_same(at: Any) -> None:
    for code in sorted(SLOW.states.by_code):
        assert tuple(FAST.memberships(code, at)) == tuple(SLOW.memberships(code, at)), code


def test_every_spell_is_the_same() -> None:
    assert FAST.history(None, None) == SLOW.history(None, None)


@pytest.mark.parametrize(
    ("start", "end", "states"),
    [
        (None, None, None),
        (1990, 2000, None),
        (2010, 2010, None),
        (None, 1950, None),
        (1980, None, ["MEX", "DEU", "YUG"]),
    ],
)
def test_the_state_year_panel_is_the_same(start: Any, end: Any, states: Any) -> None:
    fast, slow = FAST.panel(start, end, None, states), SLOW.panel(start, end, None, states)
    assert len(fast) == len(slow)
    assert list(fast) == slow
    # the column-wise views hold the same rows as the records
    assert fast.to_records() == [plain(r) for r in slow]
    if slow:
        assert [fast[i] for i in (0, len(slow) // 2, -1)] == [slow[0], slow[len(slow) // 2], slow[-1]]
        assert list(fast[3:9]) == slow[3:9]


def test_the_body_year_and_dyad_year_panels_are_the_same() -> None:
    assert FAST.body_years(None, None, None) == SLOW.body_years(None, None, None)
    some = ["bali-process", "colombo-process", "puebla-process", "rabat-process"]
    assert FAST.dyad_years(1995, None, some, None) == SLOW.dyad_years(1995, None, some, None)


def test_a_repeated_question_gets_the_same_answer() -> None:
    first = FAST.members("iom", PartialDate(2010), None)
    assert FAST.members("iom", PartialDate(2010), None) is first
    assert list(migorgs.members("IOM", at=2010)) == list(first)
