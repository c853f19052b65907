"""Records.to_pandas builds its typed DataFrame column by column; its cells hold the values that
to_records gives (lists "|"-joined, as in the CSV export), one row per record, for every kind of record."""

from __future__ import annotations

from typing import Any

import pytest

import migorgs

pandas = pytest.importorskip("pandas")


def _row_wise(records: Any) -> Any:
    return pandas.DataFrame.from_records(records.to_records())


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(lambda: migorgs.membership_panel(), id="state-year panel"),
        pytest.param(lambda: migorgs.membership_panel(form="body-year"), id="body-year panel"),
        pytest.param(
            lambda: migorgs.membership_panel(form="dyad-year", bodies=["bali-process"]), id="dyad-year"
        ),
        pytest.param(lambda: migorgs.members("IOM", at=2010), id="spells"),
        pytest.param(lambda: migorgs.orgs(), id="organisations (nested records)"),
        pytest.param(lambda: migorgs.processes(), id="processes"),
        pytest.param(lambda: migorgs.search("migration"), id="search hits (records inside)"),
        pytest.param(lambda: migorgs.default_dataset().snapshots(), id="snapshots"),
    ],
)
def test_column_wise_frame_holds_the_records_values(records: Any) -> None:
    recs = records()
    assert len(recs) > 0
    frame = recs.to_pandas()
    assert len(frame) == len(recs)
    rows = recs.to_records()
    for i in sorted({0, len(recs) // 2, len(recs) - 1}):
        for col in frame.columns:
            if col.endswith("_year") and col not in rows[i]:
                continue  # the numeric year beside a date
            want = rows[i].get(col)
            if isinstance(want, list):
                want = "|".join(str(x) for x in want) if want else None
            cell = frame[col].iloc[i]
            if want is None:
                assert pandas.isna(cell), (col, cell)
            else:
                assert str(cell) == str(want), (col, cell, want)


def test_empty_records_give_an_empty_frame() -> None:
    empty = migorgs.search("xqzjvw")
    assert len(empty) == 0
    assert len(empty.to_pandas()) == 0
