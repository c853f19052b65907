"""Partial dates and the normalisation of lookup keys."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migorgs import PartialDate, Precision
from migorgs._text import normalise, words


@pytest.mark.parametrize(
    ("text", "precision"),
    [("1951", Precision.YEAR), ("2014-06", Precision.MONTH), ("2016-09-19", Precision.DAY)],
)
def test_parse_keeps_precision(text: str, precision: Precision) -> None:
    """A date keeps exactly the precision it was given and prints back the same."""
    d = PartialDate.parse(text)
    assert d.precision is precision and str(d) == text


@pytest.mark.parametrize(
    "text", ["", "51", "1951-6", "1951-13", "1951-02-30", "1951/06", "June 1951", "1951-06-01T00"]
)
def test_parse_rejects_bad_dates(text: str) -> None:
    """Anything but YYYY, YYYY-MM or YYYY-MM-DD (a real day) is a ValueError."""
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_ordering_and_bounds() -> None:
    """Dates order chronologically; a year spans its first to last day."""
    assert PartialDate(1951) < PartialDate(1951, 6) < PartialDate(1951, 6, 2) < PartialDate(1952)
    assert PartialDate(2014, 2).last_day == dt.date(2014, 2, 28)
    assert PartialDate(2016).first_day == dt.date(2016, 1, 1)
    assert PartialDate(2016).last_day == dt.date(2016, 12, 31)
    assert PartialDate(2016, 12).last_day == dt.date(2016, 12, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2005, "2005"),
        (dt.date(2016, 9, 19), "2016-09-19"),
        (dt.datetime(2016, 9, 19, 10), "2016-09-19"),
        (" 2014-06 ", "2014-06"),
    ],
)
def test_coerce(value: object, expected: str) -> None:
    """Years, dates, datetimes and strings all become PartialDates."""
    assert str(PartialDate.coerce(value)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [True, 1.5, None, b"2005"])
def test_coerce_rejects_other_types(value: object) -> None:
    """Bools, floats, None and bytes are TypeErrors."""
    with pytest.raises(TypeError):
        PartialDate.coerce(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0, -5, 10_000, 10**100])
def test_coerce_rejects_impossible_years(value: int) -> None:
    """Years outside 1-9999 are ValueErrors, however large."""
    with pytest.raises(ValueError):
        PartialDate.coerce(value)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Inter-Governmental", "Intergovernmental"),
        ("Organisation", "organization"),
        ("Organización", "organizacion"),
        ("  a   b  ", "ab"),
        ("Asia - EU", "asia eu"),
        ("Ｉｏｍ", "IOM"),
        ("Straße", "strasse"),
        ("Organisations", "Organizations"),
    ],
)
def test_normalise_equates_variants(a: str, b: str) -> None:
    """Case, accents, width, spacing, punctuation and -isation/-ization do not matter."""
    assert normalise(a) == normalise(b)


def test_normalise_keeps_different_names_apart() -> None:
    """Different words stay different keys."""
    assert normalise("Bali Process") != normalise("Bari Process")
    assert normalise("5+5 Dialogue") == "55dialogue"


@given(st.text(st.characters(max_codepoint=127)) | st.text())
@settings(max_examples=500, deadline=None)
def test_normalise_is_the_words_run_together(text: str) -> None:
    """The key of ASCII text, taken without splitting it, is that of its words run together."""
    assert normalise(text) == "".join(words(text)).replace("isation", "ization")


@pytest.mark.parametrize(
    "text", ["Organisations", "Inter-Governmental Organisation", "A&B_c", "IOM", "x_isation", "Ünïon"]
)
def test_normalise_of_names(text: str) -> None:
    """Case, '&', underscores, the British spelling and accents give the same key either way."""
    assert normalise(text) == "".join(words(text)).replace("isation", "ization")


@given(
    st.text("0123456789-X~?% a", max_size=12)
    | st.from_regex(r"\d{4}(-\d{2}(-\d{2})?)?[~?%]?", fullmatch=True)
)
@settings(max_examples=500, deadline=None)
def test_the_plain_date_forms_read_as_the_pattern_reads_them(text: str) -> None:
    """The common forms read without the date pattern give the pattern's groups (None: the pattern decides)."""
    import re

    from migorgs._dates import _DATE_RE, _plain_groups

    if not text.isascii():
        return
    groups = _plain_groups(text)
    match = re.fullmatch(_DATE_RE, text)
    assert groups is None or (match is not None and match.groups() == groups)
