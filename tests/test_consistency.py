"""Data that agrees with itself: roles in force, precision, successors, classifications over time."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import migorgs
from conftest import SRC
from migorgs._check import check


def _problems(path: Any) -> list[str]:
    return [f"{p.record} {p.field} {p.message}" for p in check(path)]


# ---------------------------------------------------------------------- roles in force


@pytest.mark.parametrize(
    "edit",
    [
        lambda f: f["processes.json"][0].update(
            status="dormant", cite={**f["processes.json"][0]["cite"], "status": [SRC]}
        ),
        lambda f: f["processes.json"][0].update(
            ended="2019", cite={**f["processes.json"][0]["cite"], "ended": [SRC]}
        ),
        lambda f: (
            f["organisations.json"][1].update(dissolved="2019", cite={"dissolved": [SRC]}),
            f["involvements.json"][0].update(partners=[{"org": "beta", "relation": "through"}]),
        ),
        lambda f: (
            f["involvements.json"].append(
                {"org": "beta", "process": "gamma-process", "role": "host", "as_of": "2020", "sources": [SRC]}
            )
            or f["involvements.json"][0].update(superseded_by="beta:gamma-process:host")
        ),
    ],
    ids=["dormant", "ended", "through-dissolved", "superseded"],
)
def test_a_role_not_in_force_is_left_out_of_the_default_queries(
    make_data: Callable[..., Any], edit: Callable[[dict[str, Any]], Any]
) -> None:
    """A dormant or ended process, a dissolved vehicle or a later record takes a role out of force."""
    before = migorgs.load(make_data())
    (inv,) = before.involvements(role="secretariat")
    assert before.in_force(inv)
    assert [p.id for p in before.processes_where(role="secretariat", org="alpha")] == ["gamma-process"]
    ds = migorgs.load(make_data(edit, name="edited"))
    (inv,) = ds.involvements(role="secretariat")
    assert not ds.in_force(inv)
    assert ds.processes_where(role="secretariat", org="alpha") == ()
    assert ds.processes_where(role="secretariat") == ()
    assert ds.involvements(role="secretariat", in_force=True) == ()
    # the record is still there, as history
    assert [p.id for p in ds.processes_where(role="secretariat", org="alpha", include_past=True)] == [
        "gamma-process"
    ]


def test_packaged_roles_in_force_are_in_live_processes(ds: migorgs.Dataset) -> None:
    """No default query returns a role of a dormant or ended process or through a dissolved body."""
    for inv in ds.involvements(in_force=True):
        proc = ds.get_process(inv.process)
        assert proc.end is None and (proc.status is None or proc.status.value == "active"), inv
        assert inv.until is None and inv.superseded_by is None
        for p in inv.partners:
            if p.relation is migorgs.PartnerRelation.THROUGH:
                assert ds.get_org(p.org).end is None
    for role in migorgs.Role:
        for proc in ds.processes_where(role=role):
            assert any(ds.in_force(i) for i in ds.involvements(process=proc.id, role=role))


def test_checker_flags_an_open_role_in_a_dormant_process(make_data: Callable[..., Any]) -> None:
    """Without until or as_of, a role in a dormant process is flagged; as_of makes it 'last stated'."""

    def dormant(f: dict[str, Any]) -> None:
        f["processes.json"][0].update(
            status="dormant", cite={**f["processes.json"][0]["cite"], "status": [SRC]}
        )
        f["involvements.json"][0].pop("as_of")

    assert any("dormant" in p for p in _problems(make_data(dormant)))

    def last_stated(f: dict[str, Any]) -> None:
        dormant(f)
        f["involvements.json"][0]["as_of"] = "2020"

    assert _problems(make_data(last_stated, name="ok")) == []


def test_superseded_by_must_name_a_role_of_the_same_process(make_data: Callable[..., Any]) -> None:
    """A dangling superseded_by is a data error with its location."""
    with pytest.raises(migorgs.DataError, match="superseded_by"):
        migorgs.load(make_data(lambda f: f["involvements.json"][0].update(superseded_by="x:y:host")))


def test_one_current_secretariat_picture(ds: migorgs.Dataset) -> None:
    """Where two records describe one function (Almaty, Puebla), only one is in force."""
    for pid in ("almaty-process", "puebla-process"):
        live = [
            i for i in ds.involvements(process=pid, org="iom", in_force=True) if i.role.value != "observer"
        ]
        assert len(live) == 1, live


# ---------------------------------------------------------------------- precision is not a conflict


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [("1995", "1995-01-01", True), ("1995-01", "1995-01-31", True), ("1995", "1995", False),
     ("1994", "1995-01-01", False), ("1995-02", "1995-01-01", False)],
)  # fmt: skip
def test_agree_up_to_precision(a: str, b: str, agree: bool) -> None:
    """A coarser date that contains a finer one agrees with it; equal or disjoint dates do not."""
    from migorgs._dates import agree_up_to_precision

    pa, pb = migorgs.PartialDate.parse(a), migorgs.PartialDate.parse(b)
    assert agree_up_to_precision(pa, pb) is agree is agree_up_to_precision(pb, pa)


def test_checker_reports_claims_that_differ_only_in_precision(make_data: Callable[..., Any]) -> None:
    """A conflict between 2001 and 2001-05-01 is no conflict: the checker says so."""

    def edit(f: dict[str, Any]) -> None:
        f["conflicts.json"] = [
            {
                "id": "gamma-established",
                "entity": "gamma-process",
                "field": "established",
                "presented": "2001-05-01",
                "claims": [{"value": "2001-05-01", "sources": [SRC]}, {"value": "2001", "sources": [SRC]}],
                "note": "why",
            }
        ]

    found = [p for p in check(make_data(edit)) if p.record == "gamma-established"]
    assert len(found) == 1 and found[0].field == "claims[1]" and "precision" in found[0].message


def test_packaged_conflicts_disagree_at_every_precision(ds: migorgs.Dataset) -> None:
    """No packaged conflict keeps two date claims that agree up to precision."""
    from migorgs._dates import agree_up_to_precision

    for co in ds.conflicts():
        dates = []
        for cl in co.claims:
            try:
                dates.append(migorgs.PartialDate.parse(cl.value))
            except ValueError:
                continue
        for i, a in enumerate(dates):
            for b in dates[i + 1 :]:
                assert a != b and not agree_up_to_precision(a, b), co.id


# ---------------------------------------------------------------------- successors


def _two_processes(f: dict[str, Any]) -> None:
    old = f["processes.json"][0]
    new = {
        **old,
        "id": "delta-process",
        "names": [{"text": "Delta Process", "kind": "official", "sources": [SRC]}],
    }
    new["established"] = "2010"
    f["processes.json"].append(new)
    old.update(successor="delta-process", succeeded="2010", cite={**old["cite"], "successor": [SRC]})


def test_successor_shows_in_both_timelines(make_data: Callable[..., Any]) -> None:
    """A dated successor relation is one derived event in the timelines of both processes."""
    ds = migorgs.load(make_data(_two_processes))
    for pid in ("gamma-process", "delta-process"):
        (ev,) = [e for e in ds.timeline(pid) if e.kind is migorgs.EventKind.SUCCESSION]
        assert str(ev.date) == "2010" and ev.entities == ("gamma-process", "delta-process")
        assert ev.id.endswith("~") and ev.sources == (SRC,)
    assert ds.get_process("gamma-process").successor == "delta-process"
    assert check(make_data(_two_processes, name="again")) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [({"successor": "nowhere"}, "successor"), ({"successor": "gamma-process"}, "successor"),
     ({"succeeded": None}, "succeeded")],
)  # fmt: skip
def test_successor_integrity(make_data: Callable[..., Any], change: dict[str, Any], field: str) -> None:
    """A successor must be another process, and comes with the date it took over."""

    def edit(f: dict[str, Any]) -> None:
        _two_processes(f)
        f["processes.json"][0].update(change)
        if f["processes.json"][0]["succeeded"] is None:
            del f["processes.json"][0]["succeeded"]

    with pytest.raises(migorgs.DataError) as info:
        migorgs.load(make_data(edit))
    assert any(p.field == field for p in info.value.problems)


def test_packaged_successors_are_dated_and_sourced(ds: migorgs.Dataset) -> None:
    """Every successor relation in the data has its date, its citation and a later or equal start."""
    linked = [p for p in ds.processes() if p.successor is not None]
    assert {p.id for p in linked} >= {"soderkoping-process", "un-hld"}
    for p in linked:
        succ = ds.get_process(p.successor)  # type: ignore[arg-type]
        assert p.succeeded is not None and p.sources_for("successor")
        assert succ.start is None or succ.start.year <= p.succeeded.year


# ---------------------------------------------------------------------- classification over time


def _reclassified(f: dict[str, Any]) -> None:
    f["processes.json"][0]["classifications"] = [
        {"kind": "inter-regional-forum", "as_of": "2019", "sources": [SRC]},
        {"kind": "regional-consultative-process", "as_of": "2013", "sources": [SRC]},
    ]


def test_kind_is_the_newest_classification(make_data: Callable[..., Any]) -> None:
    """kind is derived: the newest classification wins; kind_at answers for a date; both are kept."""
    ds = migorgs.load(make_data(_reclassified))
    p = ds.get_process("gamma-process")
    assert p.kind is migorgs.ProcessKind.IRF
    assert p.kind_at(migorgs.PartialDate(2015)) is migorgs.ProcessKind.RCP
    assert p.kind_at(migorgs.PartialDate(2020)) is migorgs.ProcessKind.IRF
    assert p.kind_at(migorgs.PartialDate(2000)) is None
    assert [p.id for p in ds.processes_where(kind="inter-regional-forum")] == ["gamma-process"]
    assert len(ds.tables()["classifications"]) == 2


def test_a_closed_classification_gives_way(make_data: Callable[..., Any]) -> None:
    """A classification with until is not current while an open one exists, whatever its date."""

    def edit(f: dict[str, Any]) -> None:
        _reclassified(f)
        f["processes.json"][0]["classifications"][0]["until"] = "2019"

    assert migorgs.load(make_data(edit)).get_process("gamma-process").kind is migorgs.ProcessKind.RCP


def test_checker_wants_each_classification_dated(make_data: Callable[..., Any]) -> None:
    """A classification needs since or as_of, and two open ones of one date must agree."""

    def undated(f: dict[str, Any]) -> None:
        del f["processes.json"][0]["classifications"][0]["as_of"]

    assert any("since or as_of" in p for p in _problems(make_data(undated)))

    def clash(f: dict[str, Any]) -> None:
        _reclassified(f)
        f["processes.json"][0]["classifications"][1]["as_of"] = "2019"

    assert any("disagree" in p for p in _problems(make_data(clash, name="clash")))
    assert _problems(make_data(_reclassified, name="ok")) == []


def test_kind_is_not_written_to_the_data(make_data: Callable[..., Any]) -> None:
    """kind is derived: a data file that still sets it is refused, with its location."""

    def edit(f: dict[str, Any]) -> None:
        f["processes.json"][0]["kind"] = "global-process"

    with pytest.raises(migorgs.DataError, match="kind"):
        migorgs.load(make_data(edit))


def test_packaged_classifications(ds: migorgs.Dataset) -> None:
    """Every classified process has dated, sourced classifications; the Budapest Process keeps both."""
    for p in ds.processes():
        assert (p.kind is None) == (not p.classifications)
        for c in p.classifications:
            assert c.sources and (c.as_of or c.since)
    budapest = ds.get_process("budapest-process")
    assert {c.kind for c in budapest.classifications} == {migorgs.ProcessKind.RCP, migorgs.ProcessKind.IRF}
    assert budapest.kind is migorgs.ProcessKind.IRF
    assert budapest.kind_at(migorgs.PartialDate(2016)) is migorgs.ProcessKind.RCP


# ---------------------------------------------------------------------- kinds applied alike


def test_regional_economic_communities_cite_their_own_pages(ds: migorgs.Dataset) -> None:
    """No regional economic community's kind rests on another community's page (ECCAS once cited COMESA's)."""
    for o in ds.orgs():
        if o.kind is migorgs.OrgKind.REGIONAL_ECONOMIC_COMMUNITY:
            for sid in o.sources_for("kind"):
                title = ds.get_source(sid).title
                others = [x for x in ds.orgs() if x.id != o.id and x.acronym and f"({x.acronym})" in title]
                assert not others, (o.id, sid, [x.id for x in others])


def test_card_tells_the_classification_and_successor(make_data: Callable[..., Any]) -> None:
    """A process card names an earlier classification and the successor."""
    from migorgs._card import _facts_line

    ds = migorgs.load(make_data(lambda f: (_reclassified(f), _two_processes(f))))
    line = _facts_line(ds.get_process("gamma-process"))
    assert line.startswith("Inter-regional forum")
    assert "regional consultative process as of 2013" in line
    assert "succeeded by delta-process (2010)" in line
