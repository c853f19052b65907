"""Records.to_pandas builds its DataFrame column by column; the frame is the one the row-wise
construction (one dict per record, as to_records gives) builds, for every kind of record."""

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
def test_column_wise_frame_equals_row_wise(records: Any) -> None:
    recs = records()
    assert len(recs) > 0
    pandas.testing.assert_frame_equal(recs.to_pandas(), _row_wise(recs))


def test_empty_records_give_an_empty_frame() -> None:
    empty = migorgs.search("xqzjvw")
    assert len(empty) == 0
    pandas.testing.assert_frame_equal(empty.to_pandas(), _row_wise(empty))
