"""Membership: the derivation rules of spells and of the panel, on small hand-made data, and the packaged data."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

import pytest

import migorgs
from migorgs import Basis, Evidence, MemberStatus, NotFoundError

SRC = "s"


def _data(tmp_path: pathlib.Path, *, snapshots: list[dict[str, Any]] = (), events: list[dict[str, Any]] = (),  # type: ignore[assignment]
          established: str = "2000", ended: str | None = None, states: list[dict[str, Any]] | None = None,
          name: str = "d") -> migorgs.Dataset:  # fmt: skip
    """A dataset with one process 'p' (established 2000) and the evidence given."""
    proc: dict[str, Any] = {
        "id": "p",
        "names": [{"text": "P Process", "kind": "official", "sources": [SRC]}],
        "summary": "A process.",
        "sources": [SRC],
        "established": established,
        "cite": {"established": [SRC]},
    }
    if ended:
        proc["ended"] = ended
        proc["cite"]["ended"] = [SRC]
    codes = ["AAA", "BBB", "CCC", "DDD"]
    files = {
        "meta.json": {"data_version": "1.0"},
        "sources.json": [{"id": SRC, "kind": "web", "title": "t", "publisher": "p", "as_of": "2020"}],
        "processes.json": [proc],
        "states.json": states
        if states is not None
        else [{"code": c, "name": f"State {c}", "sources": [SRC]} for c in codes],
        "snapshots.json": [
            {
                "id": f"p:{i}",
                "body": "p",
                "sources": [SRC],
                "complete": True,
                "scope": ["member", "observer"],
                **s,
            }
            for i, s in enumerate(snapshots)
        ],
        "membership_events.json": [
            {"id": f"e:{i}", "body": "p", "sources": [SRC], **e} for i, e in enumerate(events)
        ],
    }
    root = tmp_path / name
    root.mkdir()
    for fname, content in files.items():
        (root / fname).write_text(json.dumps(content), encoding="utf-8")
    return migorgs.load(root)


def cells(ds: migorgs.Dataset, state: str, start: int = 2000, end: int = 2010) -> list[tuple[int, int, str]]:
    return [
        (r.year, r.code, r.evidence.value) for r in ds.membership_panel(states=[state], start=start, end=end)
    ]


def test_continuous_between_two_listings_and_unknown_before_the_first(tmp_path: pathlib.Path) -> None:
    """Listed in 2003 and 2006: a member 2003-2006 (interpolated between), unknown before, carried on after."""
    ds = _data(
        tmp_path, snapshots=[{"as_of": "2003", "members": ["AAA"]}, {"as_of": "2006", "members": ["AAA"]}]
    )
    (sp,) = ds.spells("p", state="AAA")
    assert (str(sp.start), sp.start_basis, sp.start_after) == ("2003", Basis.FIRST_LISTED, None)
    assert sp.end is None and str(sp.last_seen) == "2006" and sp.sources == (SRC,)
    got = cells(ds, "AAA", 2001, 2008)
    assert got == [
        (2001, -9, "unknown"), (2002, -9, "unknown"), (2003, 1, "listed"), (2004, 1, "interpolated"),
        (2005, 1, "interpolated"), (2006, 1, "listed"), (2007, 1, "extrapolated"), (2008, 1, "extrapolated"),
    ]  # fmt: skip


def test_a_gap_in_the_lists_is_unknown_and_ends_the_spell_at_the_last_listing(tmp_path: pathlib.Path) -> None:
    """Listed 2002, omitted by a complete list in 2005, listed again 2008: two spells, the years between unknown."""
    ds = _data(
        tmp_path,
        snapshots=[
            {"as_of": "2002", "members": ["AAA", "BBB"]},
            {"as_of": "2005", "members": ["BBB"]},
            {"as_of": "2008", "members": ["AAA", "BBB"]},
        ],
    )
    first, second = ds.spells("p", state="AAA")
    assert (str(first.end), first.end_basis, str(first.end_before)) == ("2002", Basis.LAST_LISTED, "2005")
    assert (str(second.start), str(second.start_after)) == ("2008", "2005")
    assert cells(ds, "AAA", 2002, 2008) == [
        (2002, 1, "listed"), (2003, -9, "unknown"), (2004, -9, "unknown"), (2005, 0, "listed"),
        (2006, -9, "unknown"), (2007, -9, "unknown"), (2008, 1, "listed"),
    ]  # fmt: skip
    assert [s.state for s in ds.members("p", at=2005)] == ["BBB"]
    assert [s.state for s in ds.members("p", at=2003)] == ["BBB"]  # AAA's status in 2003 is unknown


def test_a_state_that_left_and_came_back(tmp_path: pathlib.Path) -> None:
    """Events give sourced bounds: joined 2001, left 2004-06, readmitted 2007; the years between are 0."""
    ds = _data(
        tmp_path,
        events=[
            {"kind": "joined", "date": "2001", "states": ["CCC"], "status": "member"},
            {"kind": "left", "date": "2004-06", "states": ["CCC"]},
            {"kind": "readmitted", "date": "2007-03-01", "states": ["CCC"], "status": "member"},
        ],
    )
    assert [s.state for s in ds.members("p", at="2005")] == []
    a, b = ds.spells("p", state="CCC")
    assert (a.start_basis, str(a.end), a.end_basis) == (Basis.EVENT, "2004-06", Basis.EVENT)
    assert (str(b.start), b.start_basis, b.end) == ("2007-03-01", Basis.EVENT, None)
    assert cells(ds, "CCC", 2000, 2008) == [
        (2000, -9, "unknown"), (2001, 1, "event"), (2002, 1, "interpolated"), (2003, 1, "interpolated"),
        (2004, 1, "event"), (2005, 0, "interpolated"), (2006, 0, "interpolated"), (2007, 1, "event"),
        (2008, 1, "extrapolated"),
    ]  # fmt: skip


def test_a_founding_list_says_who_was_not_a_member(tmp_path: pathlib.Path) -> None:
    """A founding list makes every other State a non-member at the founding; a later join ends that."""
    ds = _data(
        tmp_path,
        events=[
            {"kind": "founding", "date": "2000", "states": ["AAA"], "status": "member"},
            {"kind": "joined", "date": "2003", "states": ["DDD"], "status": "member"},
        ],
    )
    assert cells(ds, "DDD", 2000, 2004) == [
        (2000, 0, "event"), (2001, 0, "interpolated"), (2002, 0, "interpolated"), (2003, 1, "event"),
        (2004, 1, "extrapolated"),
    ]  # fmt: skip
    assert ds.spells("p", state="AAA")[0].start_basis is Basis.FOUNDING


def test_conflicting_snapshots_of_one_date_are_both_kept(tmp_path: pathlib.Path) -> None:
    """Two complete lists of the same date disagree: the State counts as listed, and both lists stay as evidence."""
    ds = _data(
        tmp_path,
        snapshots=[{"as_of": "2005", "members": ["AAA", "BBB"]}, {"as_of": "2005", "members": ["AAA"]}],
    )
    assert len(ds.snapshots("p")) == 2
    assert cells(ds, "BBB", 2005, 2005) == [(2005, 1, "listed")]


def test_status_changes_and_scope(tmp_path: pathlib.Path) -> None:
    """An observer that becomes a member; a members-only list says nothing of observers."""
    ds = _data(
        tmp_path,
        snapshots=[
            {"as_of": "2002", "observers": ["BBB"], "members": ["AAA"]},
            {"as_of": "2004", "members": ["AAA"], "scope": ["member"]},
            {"as_of": "2006", "members": ["AAA", "BBB"]},
        ],
    )
    statuses = [(s.status, str(s.start), s.end_basis) for s in ds.spells("p", state="BBB")]
    assert statuses == [
        (MemberStatus.OBSERVER, "2002", Basis.LAST_LISTED),
        (MemberStatus.MEMBER, "2006", None),
    ]
    assert cells(ds, "BBB", 2002, 2006) == [
        (2002, 3, "listed"), (2003, -9, "unknown"), (2004, -9, "unknown"), (2005, -9, "unknown"),
        (2006, 1, "listed"),
    ]  # fmt: skip
    assert [s.state for s in ds.members("p", at=2002, status="observer")] == ["BBB"]


def test_partial_lists_say_nothing_of_the_states_they_omit(tmp_path: pathlib.Path) -> None:
    """A partial list does not end a spell."""
    ds = _data(
        tmp_path,
        snapshots=[
            {"as_of": "2002", "members": ["AAA"]},
            {"as_of": "2004", "members": ["BBB"], "complete": False},
        ],
    )
    (sp,) = ds.spells("p", state="AAA")
    assert sp.open and [s.state for s in ds.members("p", at=2004)] == ["AAA", "BBB"]


def test_a_dissolved_state_and_an_ended_body(tmp_path: pathlib.Path) -> None:
    """A State that ceased to exist is -1 after its end and its spell ends then; a body's end closes every spell."""
    states = [
        {"code": "AAA", "name": "Old State", "until": "2004-06-30", "sources": [SRC]},
        {"code": "BBB", "name": "New State", "since": "2004-07-01", "sources": [SRC]},
    ]
    ds = _data(
        tmp_path,
        snapshots=[{"as_of": "2002", "members": ["AAA"]}, {"as_of": "2006", "members": ["BBB"]}],
        states=states,
        ended="2008",
    )
    (a,) = ds.spells("p", state="AAA")
    assert (str(a.end), a.end_basis) == ("2002", Basis.LAST_LISTED)
    (b,) = ds.spells("p", state="BBB")
    assert (str(b.end), b.end_basis) == ("2008", Basis.BODY_ENDED)
    assert cells(ds, "AAA", 2003, 2006)[-1] == (2006, -1, "no-state")
    assert cells(ds, "BBB", 2002, 2003) == [(2002, -1, "no-state"), (2003, -1, "no-state")]
    assert max(r.year for r in ds.membership_panel()) == 2008  # the body's life bounds the rows


def test_at_boundaries_at_every_precision(tmp_path: pathlib.Path) -> None:
    """Bounds are inclusive at their precision: a spell from 2003-10 is in force in 2003 and 2003-10, not 2003-09."""
    ds = _data(
        tmp_path,
        events=[
            {"kind": "joined", "date": "2003-10", "states": ["AAA"], "status": "member"},
            {"kind": "left", "date": "2005-02-15", "states": ["AAA"]},
        ],
    )

    def member(at: Any) -> bool:
        return [s.state for s in ds.members("p", at=at)] == ["AAA"]

    assert member(2003) and member("2003-10") and member("2003-10-01") and member(dt.date(2003, 10, 31))
    assert not member("2003-09") and not member("2003-09-30") and not member(2002)
    assert member(2005) and member("2005-02") and member("2005-02-15")
    assert not member("2005-02-16") and not member("2005-03") and not member(2006)


def test_state_arguments_and_errors(tmp_path: pathlib.Path) -> None:
    """A State is found by alpha-3, alpha-2 and English names; an unknown one raises with suggestions."""
    assert migorgs.get_state("MEX").name == "Mexico"
    assert migorgs.get_state("mx").code == "MEX" and migorgs.get_state(" Mexico ").code == "MEX"
    assert migorgs.get_state("Turkey").code == "TUR" or migorgs.get_state("Türkiye").code == "TUR"
    with pytest.raises(NotFoundError) as info:
        migorgs.memberships("ZZZ")
    assert "ZZZ" in str(info.value)
    with pytest.raises(NotFoundError) as info:
        migorgs.memberships("Mexcio")
    assert "Mexico (MEX)" in str(info.value)
    with pytest.raises(TypeError):
        migorgs.memberships(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        migorgs.members("IOM", status="president")
    with pytest.raises(ValueError):
        migorgs.membership_panel(form="wide")


def test_panel_forms(tmp_path: pathlib.Path) -> None:
    """body-year counts and dyad-year pairs agree with the state-year rows."""
    ds = _data(
        tmp_path,
        snapshots=[{"as_of": "2002", "members": ["AAA", "BBB"], "observers": ["CCC"]}],
    )
    (by,) = ds.membership_panel(form="body-year", start=2002, end=2002)
    assert (by.members, by.observers, by.listed) == (2, 1, 3)
    pairs = {
        (d.state_a, d.state_b, d.code) for d in ds.membership_panel(form="dyad-year", start=2002, end=2002)
    }
    assert pairs == {("AAA", "BBB", 1), ("AAA", "CCC", 3), ("BBB", "CCC", 3)}
    frame = ds.membership_panel(start=2002, end=2003).to_pandas()
    assert list(frame.columns)[:4] == ["state", "body", "year", "code"]


# ---------------------------------------------------------------------- the packaged data


def test_every_spell_and_panel_cell_is_sourced_and_coded() -> None:
    """Every spell cites sources; every panel code is one of the documented codes, with its evidence."""
    codes = {1, 2, 3, 4, 0, -9, -1}
    for sp in migorgs.spells():
        assert sp.sources, sp
        assert sp.end is None or sp.end >= sp.start or sp.end_basis is not Basis.LAST_LISTED, sp
    evidence_of = {1: None, 2: None, 3: None, 4: None, 0: None, -9: Evidence.UNKNOWN, -1: Evidence.NO_STATE}
    rows = migorgs.membership_panel(bodies=["colombo-process", "iom", "budapest-process"])
    assert rows
    for r in rows:
        assert r.code in codes
        if evidence_of[r.code] is not None:
            assert r.evidence is evidence_of[r.code]
        assert (r.status is None) == (r.code <= 0)


def test_what_researchers_ask_first() -> None:
    """The questions of the membership issue have sourced answers."""
    colombo_2014 = {s.state for s in migorgs.members("Colombo Process", at=2014)}
    assert {"AFG", "BGD", "CHN", "IND", "LKA", "NPL", "PAK", "PHL", "THA", "VNM"} <= colombo_2014
    assert "KHM" not in colombo_2014 and "KHM" in {s.state for s in migorgs.members("Colombo Process")}
    mexico_rcm = migorgs.spells("puebla-process", state="Mexico")
    assert str(mexico_rcm[0].start) == "1996-03" and mexico_rcm[0].start_basis is Basis.FOUNDING
    bali_2010 = migorgs.members("bali-process", at=2010)
    assert {"AUS", "IDN"} <= {s.state for s in bali_2010}
    ethiopia = {s.body for s in migorgs.memberships("Ethiopia")}
    assert "khartoum-process" in ethiopia and "igad" in ethiopia
    oecd = migorgs.members("OECD")
    assert len([s for s in oecd if s.status is MemberStatus.MEMBER]) == 38
    assert str(migorgs.spells("OECD", state="CRI")[0].start).startswith("2021")
    ecowas = {s.state for s in migorgs.members("ECOWAS") if s.status is MemberStatus.MEMBER}
    assert len(ecowas) == 12 and not {"BFA", "MLI", "NER"} & ecowas  # they left on 2025-01-29
    assert {"BFA", "MLI", "NER"} <= {s.state for s in migorgs.members("ECOWAS", at="2025-01-29")}


def test_file_order_never_changes_an_answer(tmp_path: pathlib.Path) -> None:
    """The same evidence in another order in the files gives the same spells and panel."""
    snaps = [
        {"as_of": "2002", "members": ["AAA", "BBB"]},
        {"as_of": "2005", "members": ["BBB"]},
        {"as_of": "2008", "members": ["AAA", "BBB"], "observers": ["CCC"]},
    ]
    events = [
        {"kind": "joined", "date": "2001", "states": ["DDD"], "status": "member"},
        {"kind": "left", "date": "2006-03", "states": ["DDD"]},
    ]
    a = _data(tmp_path, snapshots=snaps, events=events, name="a")
    b = _data(tmp_path, snapshots=snaps[::-1], events=events[::-1], name="b")
    key = [(s.state, s.status, str(s.start), str(s.end)) for s in a.spells()]
    assert key == [(s.state, s.status, str(s.start), str(s.end)) for s in b.spells()]
    assert [(r.state, r.year, r.code) for r in a.membership_panel()] == [
        (r.state, r.year, r.code) for r in b.membership_panel()
    ]
    assert [s.state for s in a.members("p")] == [s.state for s in b.members("p")] == ["AAA", "BBB", "CCC"]
