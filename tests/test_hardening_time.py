"""Time: one rule for names and roles, inclusive at the source's precision, within the entity's life."""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import pytest

import migorgs
from migorgs import NotFoundError

MakeData = Callable[..., Any]
SRC = "test-source"


# ---------------------------------------------------------------------- 8. name_at


@pytest.mark.parametrize(
    ("key", "when"), [("GCIM", 2030), ("GCIM", 2002), ("Bali Process", 1990), ("IOM", 1950)]
)
def test_name_at_outside_the_entity_life_is_not_found(key: str, when: int) -> None:
    """GCIM ended in 2005 and the Bali Process began in 2002: no name in 2030 or 1990."""
    with pytest.raises(NotFoundError) as info:
        migorgs.name_at(key, when)
    assert str(when) in str(info.value)


def test_name_at_within_the_life() -> None:
    """Inside the life an undated official name answers."""
    assert migorgs.name_at("GCIM", 2004).acronym == "GCIM"
    assert migorgs.name_at("GCIM", "2005-12-31").acronym == "GCIM"
    with pytest.raises(NotFoundError):
        migorgs.name_at("GCIM", "2003-12-08")


def test_an_undated_translation_shares_the_current_name_period() -> None:
    """IOM's French name of 1989 is not its name of 1955 (when it was ICEM)."""
    assert migorgs.name_at("IOM", 1989, lang="fr").acronym == "OIM"
    assert migorgs.name_at("IOM", 2020, lang="es").acronym == "OIM"
    for year in (1955, 1988):
        with pytest.raises(NotFoundError):
            migorgs.name_at("IOM", year, lang="fr")


@pytest.mark.parametrize(
    ("old_until", "new_since", "when", "expected"),
    [
        # year precision: until=1990 covers all of 1990; at the shared boundary the newer name answers
        ("1990", "1990", 1990, "AO"),
        ("1990", "1990", "1990-12-31", "AO"),
        ("1990", "1991", "1990-12-31", "OAC"),
        ("1990", "1991", 1990, "OAC"),
        ("1990", "1991", 1991, "AO"),
        # month precision
        ("1990-05", "1990-06", "1990-05-31", "OAC"),
        ("1990-05", "1990-06", "1990-06-01", "AO"),
        ("1990-05", "1990-05", "1990-05-15", "AO"),
        # day precision
        ("1990-05-14", "1990-05-15", "1990-05-14", "OAC"),
        ("1990-05-14", "1990-05-15", dt.date(1990, 5, 15), "AO"),
        ("1990-05-14", "1990-05-14", "1990-05-14", "AO"),
    ],
)
def test_name_boundaries_are_inclusive(
    make_data: MakeData, old_until: str, new_since: str, when: Any, expected: str
) -> None:
    """since and until are both inclusive, at year, month and day precision."""

    def edit(files: dict[str, Any]) -> None:
        alpha = files["organisations.json"][0]
        alpha["names"][0]["since"] = new_since
        alpha["names"][1]["until"] = old_until

    ds = migorgs.load(make_data(edit))
    assert ds.name_at("alpha", when).acronym == expected


def test_a_gap_between_names_has_no_name(make_data: MakeData) -> None:
    """Between a name's until and the next since, nothing answers."""

    def edit(files: dict[str, Any]) -> None:
        alpha = files["organisations.json"][0]
        alpha["names"][0]["since"] = "1992"
        alpha["names"][1]["until"] = "1990"

    ds = migorgs.load(make_data(edit))
    assert ds.name_at("alpha", 1990).acronym == "OAC"
    with pytest.raises(NotFoundError):
        ds.name_at("alpha", 1991)


# ---------------------------------------------------------------------- 9. roles


def test_no_role_is_active_outside_its_process_life() -> None:
    """UNHCR was no secretariat of the Söderköping Process in 2030 or in year 1; nor anything in year 1."""
    assert migorgs.involvements(active_in=1) == ()
    for inv in migorgs.involvements(active_in=2030):
        proc = migorgs.get_process(inv.process)
        assert proc.ended is None or proc.ended.year >= 2030, inv
    soderkoping = migorgs.get_process("soderkoping-process")
    assert soderkoping.ended is not None
    later = soderkoping.ended.year + 1
    assert migorgs.involvements(process="soderkoping-process", active_in=later) == ()


@pytest.mark.parametrize(
    "when", [1, 1951, 1990, 2001, 2005, "2012-04", "2012-05", 2016, 2030, dt.date(2019, 6, 1)]
)
def test_involvements_and_processes_where_follow_one_rule(when: Any) -> None:
    """processes_where(role=, org=, active_in=) lists exactly the processes of involvements(active_in=)."""
    for inv_role in ("secretariat", "member", "observer", "host"):
        invs = migorgs.involvements(role=inv_role, active_in=when)
        by_process = {i.process for i in invs}
        assert {p.id for p in migorgs.processes_where(role=inv_role, active_in=when)} == by_process, (
            inv_role,
            when,
        )
        for org in {i.org for i in invs}:
            held = {i.process for i in invs if org in i.holders}
            got = {p.id for p in migorgs.processes_where(role=inv_role, org=org, active_in=when)}
            assert got == held, (inv_role, org, when)


@pytest.mark.parametrize(
    ("until", "when", "held"),
    [
        ("2010", 2010, True),
        ("2010", "2010-12-31", True),
        ("2010", 2011, False),
        ("2010-03", "2010-03-31", True),
        ("2010-03", "2010-04-01", False),
        ("2010-03-14", "2010-03-14", True),
        ("2010-03-14", "2010-03-15", False),
    ],
)
def test_role_until_is_inclusive(make_data: MakeData, until: str, when: Any, held: bool) -> None:
    """A role's until is inclusive at its own precision, for both queries."""

    def edit(files: dict[str, Any]) -> None:
        files["involvements.json"][0]["until"] = until

    ds = migorgs.load(make_data(edit))
    assert bool(ds.involvements(active_in=when)) is held
    assert bool(ds.processes_where(role="secretariat", active_in=when)) is held


def test_a_role_is_not_held_outside_its_org_or_process_life(make_data: MakeData) -> None:
    """Before the process starts, after it ends, after the organisation is dissolved: no role."""

    def edit(files: dict[str, Any]) -> None:
        files["processes.json"][0]["ended"] = "2010"
        files["processes.json"][0]["cite"]["ended"] = [SRC]
        files["organisations.json"][0]["dissolved"] = "2008-06"
        files["organisations.json"][0]["cite"]["dissolved"] = [SRC]

    ds = migorgs.load(make_data(edit))
    assert ds.involvements(active_in=2000) == ()  # gamma-process began in 2001
    assert len(ds.involvements(active_in="2008-06")) == 1
    assert ds.involvements(active_in="2008-07") == ()  # alpha was dissolved in 2008-06
    assert ds.processes_where(role="secretariat", org="alpha", active_in=2009) == ()
    # in force now: neither an ended process nor a dissolved organisation holds a role
    assert ds.processes_where(role="secretariat") == ()
    assert len(ds.processes_where(role="secretariat", include_past=True)) == 1
