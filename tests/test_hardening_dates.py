"""PartialDate refuses what is not a date with the documented migorgs errors."""

from __future__ import annotations

from typing import Any

import pytest

from migorgs import ArgumentTypeError, InvalidQueryError, PartialDate


@pytest.mark.parametrize(
    "args",
    [
        (1951.5,),
        (True,),
        ("1951",),
        (None,),
        (1951, 6.0),
        (1951, True),
        (1951, "6"),
        (1951, 6, 1.0),
        (1951, 6, False),
    ],
)
def test_constructor_refuses_what_is_not_an_int(args: tuple[Any, ...]) -> None:
    """A float, bool or str year, month or day is an ArgumentTypeError (a TypeError)."""
    with pytest.raises(ArgumentTypeError):
        PartialDate(*args)


@pytest.mark.parametrize("args", [(0,), (10000,), (1951, 13), (1951, 0), (1951, 2, 30), (1951, None, 3)])
def test_constructor_refuses_out_of_range_values(args: tuple[Any, ...]) -> None:
    """Out-of-range parts are an InvalidQueryError (a ValueError)."""
    with pytest.raises(InvalidQueryError):
        PartialDate(*args)


@pytest.mark.parametrize("text", ["1951-13", "19511", "", "last year", "1951-02-30", "0000"])
def test_parse_raises_invalid_query_error(text: str) -> None:
    """parse: bad text is an InvalidQueryError (still a ValueError)."""
    with pytest.raises(InvalidQueryError) as info:
        PartialDate.parse(text)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("value", [1951.5, True, None, b"1951", [1951]])
def test_parse_and_coerce_raise_argument_type_error(value: Any) -> None:
    """parse and coerce: a wrong type is an ArgumentTypeError (still a TypeError)."""
    with pytest.raises(ArgumentTypeError) as info:
        PartialDate.coerce(value)
    assert isinstance(info.value, TypeError)
    if not isinstance(value, (bool, float)):
        with pytest.raises(ArgumentTypeError):
            PartialDate.parse(value)


@pytest.mark.parametrize("value", [0, 10000, "1951-00"])
def test_coerce_out_of_range(value: Any) -> None:
    """coerce: a value out of range is an InvalidQueryError."""
    with pytest.raises(InvalidQueryError):
        PartialDate.coerce(value)


def test_valid_dates_still_work() -> None:
    """The three precisions still build and print."""
    assert str(PartialDate(1951)) == "1951"
    assert str(PartialDate(2014, 6)) == "2014-06"
    assert str(PartialDate.parse("2016-02-29")) == "2016-02-29"
