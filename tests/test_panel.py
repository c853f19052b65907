"""The state-year panel is held column-wise (`Panel`); every view of it gives the rows that the
per-row records give: indexing, slicing, iteration, columns, dicts, the DataFrame, the CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

import migorgs
from migorgs import Panel, PanelRow, Records
from migorgs._display import plain
from migorgs._frames import records_frame
from migorgs._schema import fields


@pytest.fixture(scope="module")
def panel() -> Panel:
    return migorgs.membership_panel(
        bodies=["colombo-process", "iom", "budapest-process"], start=1995, end=2010
    )


def test_a_panel_is_a_sequence_of_rows_in_state_year_body_order(panel: Panel) -> None:
    rows = list(panel)
    assert len(rows) == len(panel) > 0
    assert all(isinstance(r, PanelRow) for r in rows)
    assert [(r.state, r.year, r.body) for r in rows] == sorted((r.state, r.year, r.body) for r in rows)
    # balanced: every State has a row for each body in each year of the body's life
    states = {r.state for r in rows}
    per_state = {s: sum(1 for r in rows if r.state == s) for s in states}
    assert len(set(per_state.values())) == 1


def test_indexing_and_slicing_agree_with_iteration(panel: Panel) -> None:
    rows = list(panel)
    for i in (0, 1, len(rows) // 3, len(rows) - 1, -1, -len(rows)):
        assert panel[i] == rows[i]
    part = panel[10:40:3]
    assert isinstance(part, Records)
    assert list(part) == rows[10:40:3]
    assert list(panel[-5:]) == rows[-5:]
    with pytest.raises(IndexError):
        panel[len(rows)]
    with pytest.raises(IndexError):
        panel[-len(rows) - 1]
    with pytest.raises(TypeError):
        panel["0"]  # type: ignore[call-overload]


def test_status_follows_the_code(panel: Panel) -> None:
    for r in panel:
        if r.code in (1, 2, 3, 4):
            assert r.status is not None and migorgs._membership.CODES[r.status] == r.code
        else:
            assert r.status is None and r.code in (0, -9, -1)


def test_columns_and_records_hold_the_rows_plain_values(panel: Panel) -> None:
    rows = list(panel)
    cols = panel.columns()
    assert list(cols) == [f.name for f in fields(PanelRow)]
    assert all(len(v) == len(rows) for v in cols.values())
    assert panel.to_records() == [plain(r) for r in rows]


def test_the_frame_is_the_one_the_records_give() -> None:
    pandas = pytest.importorskip("pandas")
    for p in (
        migorgs.membership_panel(bodies=["colombo-process", "iom"], start=2000, end=2004),
        migorgs.membership_panel(states=["YUG", "SRB", "MEX"], start=1985),
    ):
        pandas.testing.assert_frame_equal(p.to_pandas(), records_frame(list(p)))


def test_an_empty_panel() -> None:
    p = migorgs.membership_panel(bodies=["colombo-process"], start=1950, end=1960)
    assert len(p) == 0 and list(p) == [] and not p
    assert repr(p) == "<Panel: empty>"
    assert p.to_records() == []
    pytest.importorskip("pandas")
    assert len(p.to_pandas()) == 0


def test_equal_panels_and_a_short_repr(panel: Panel) -> None:
    again = migorgs.membership_panel(
        bodies=["iom", "budapest-process", "colombo-process"], start=1995, end=2010
    )
    assert again == panel and hash(again) == hash(panel)
    assert panel != migorgs.membership_panel(bodies=["iom"], start=1995, end=2010)
    text = repr(panel)
    assert text.startswith(f"<Panel: {len(panel)} state-year rows, ") and "3 bodies, 1995-2010>" in text
    html = panel._repr_html_()
    assert "PanelRow" in html and f"{len(panel)}" in html


def test_the_cli_csv_is_the_panel(capsys: Any) -> None:
    from migorgs._cli import main

    assert main(["panel", "--body", "colombo-process", "--start", "2003", "--end", "2006"]) == 0
    out = capsys.readouterr().out
    got = list(csv.DictReader(io.StringIO(out)))
    want = migorgs.membership_panel(bodies=["colombo-process"], start=2003, end=2006).to_records()
    assert [(r["state"], r["year"], r["code"], r["evidence"]) for r in got] == [
        (w["state"], str(w["year"]), str(w["code"]), w["evidence"]) for w in want
    ]


def test_a_panel_is_read_only_and_pickles(panel: Panel) -> None:
    import copy
    import pickle

    with pytest.raises(AttributeError, match="read-only"):
        panel._states = ()  # type: ignore[misc]
    with pytest.raises(AttributeError, match="read-only"):
        del panel._blocks
    assert pickle.loads(pickle.dumps(panel)) == panel
    assert copy.deepcopy(panel) == panel and copy.copy(panel) == panel
    one = migorgs.membership_panel(bodies=["iom"], states=["MEX"], start=2000, end=2001)
    assert repr(one) == "<Panel: 2 state-year rows, 1 State x 1 body, 2000-2001>"
