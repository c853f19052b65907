"""EDTF level 1 partial dates: qualifiers and unspecified digits."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import migorgs
from migorgs import PartialDate, Precision
from migorgs._dates import on_or_after, on_or_before
from migorgs._schema import _DATE_PATTERN, json_schema


@pytest.mark.parametrize(
    "text", ["2017~", "2018?", "2018%", "201X", "19XX", "2005-04~", "2016-09-19?", "201X~"]
)
def test_round_trip(text: str) -> None:
    """Every EDTF level 1 form parses and prints back unchanged, and the schema pattern accepts it."""
    d = PartialDate.parse(text)
    assert str(d) == text and PartialDate.parse(str(d)) == d
    assert re.match(_DATE_PATTERN, text)


@pytest.mark.parametrize("text", ["201X-05", "2017~~", "20XXX", "2X17", "~2017", "201x", "1XXX"])
def test_malformed_is_refused(text: str) -> None:
    """Misplaced marks or digits are a ValueError, and the schema pattern refuses what parse refuses."""
    with pytest.raises(ValueError):
        PartialDate.parse(text)
    assert not re.match(_DATE_PATTERN, text)


def test_qualifiers_are_kept_and_do_not_move_a_date() -> None:
    """2017~ means all of 2017, marked approximate; 201X means the 2010s."""
    approx = PartialDate.parse("2017~")
    assert approx.approximate and not approx.uncertain and approx.qualified
    assert approx != PartialDate(2017) and approx.first_day == PartialDate(2017).first_day
    both = PartialDate.parse("2018%")
    assert both.approximate and both.uncertain
    decade = PartialDate.parse("201X")
    assert decade.precision is Precision.DECADE and decade.unspecified == 1
    assert (str(decade.first_day), str(decade.last_day)) == ("2010-01-01", "2019-12-31")
    assert PartialDate.parse("19XX").precision is Precision.CENTURY
    assert on_or_after(PartialDate(2015), decade) and on_or_before(PartialDate(2015), decade)
    assert not on_or_before(PartialDate(2020), decade) and not on_or_after(PartialDate(2009), decade)


@given(st.integers(1000, 9899), st.sampled_from(["", "~", "?", "%"]), st.integers(0, 2))
def test_order_by_earliest_day(year: int, mark: str, unspecified: int) -> None:
    """Dates sort by their earliest day; at the same day the less precise comes first."""
    base = year - year % 10**unspecified
    text = f"{base:04d}"[: 4 - unspecified] + "X" * unspecified + mark
    d = PartialDate.parse(text)
    assert str(d) == text
    plain = PartialDate(base)
    assert d.first_day == plain.first_day
    assert (d < plain) is (unspecified > 0) and not d > plain
    assert d < PartialDate(base + 10**unspecified)


def test_constructor_checks_unspecified_digits() -> None:
    """unspecified needs a year ending in zeros and no month."""
    with pytest.raises(ValueError):
        PartialDate(2015, unspecified=1)
    with pytest.raises(ValueError):
        PartialDate(2010, 5, unspecified=1)
    with pytest.raises(ValueError):
        PartialDate(2000, unspecified=3)
    assert str(PartialDate(2000, unspecified=2, approximate=True)) == "20XX~"


def test_json_schema_and_data_package_take_qualified_dates(tmp_path: object) -> None:
    """The JSON Schema and the Data Package describe dates with the same EDTF-aware pattern."""
    text = json.dumps(json_schema())
    assert json.dumps(_DATE_PATTERN)[1:-1] in text
    from migorgs import _export

    assert _export._DATE_PATTERN == _DATE_PATTERN


def test_packaged_data_uses_structured_dates_not_prose(ds: migorgs.Dataset) -> None:
    """Sources whose date the note judges approximate ("c. 2016") carry it as 2016~."""
    for s in ds.sources():
        note = (s.note or "").lower()
        if re.search(r"\bso c\. \d{4}\.?$|\(approximate\)", note):
            assert s.as_of.approximate, s.id


# ---------------------------------------------------------------------- fact qualifiers


def test_fact_qualifiers_are_one_vocabulary(ds: migorgs.Dataset) -> None:
    """Every qualified fact uses FactQualifier, and the card shows its words."""
    found = [f for e in (*ds.orgs(), *ds.processes()) for f in e.facts if f.qualifier is not None]
    assert found
    assert all(isinstance(f.qualifier, migorgs.FactQualifier) for f in found)
    assert migorgs.FactQualifier("more-than").phrase == "more than"


def test_unknown_fact_qualifier_is_refused(make_data) -> None:  # type: ignore[no-untyped-def]
    """A hedge outside the vocabulary is a data error naming the field."""

    def edit(f):  # type: ignore[no-untyped-def]
        f["organisations.json"][0]["facts"] = [
            {"key": "staff", "value": 10, "as_of": "2020", "qualifier": "roughly", "sources": ["test-source"]}
        ]

    with pytest.raises(migorgs.DataError, match="qualifier"):
        migorgs.load(make_data(edit))


def test_membership_queries_refuse_a_decade(ds: migorgs.Dataset) -> None:
    """Membership is derived year by year: a decade or century is refused (a ValueError), while
    an approximate year is accepted as that year."""
    for call in (
        lambda: ds.members("iom", at="201X"),
        lambda: ds.memberships("MEX", at="19XX"),
        lambda: ds.processes_where(member="MEX", active_in="201X"),
    ):
        with pytest.raises(migorgs.InvalidQueryError):
            call()
    assert ds.members("iom", at="2015~") == ds.members("iom", at=2015)
    assert len(ds.processes_where(active_in="201X")) >= len(ds.processes_where(active_in=2010))
