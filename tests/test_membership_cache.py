"""members() and memberships() remember their answers by the arguments as given; the cache never
changes an answer or an error."""

from __future__ import annotations

from typing import Any

import pytest

import migorgs
from migorgs import ArgumentTypeError, NotFoundError


def test_a_repeated_question_is_answered_from_the_cache() -> None:
    first = migorgs.members("IOM", at=2010)
    assert migorgs.members("IOM", at=2010) is first
    assert migorgs.memberships("MEX", at=2010) is migorgs.memberships("MEX", at=2010)


def test_equal_keys_of_other_types_are_not_one_question() -> None:
    # True == 1 and hash(True) == hash(1): a cache that did not keep types apart would answer one
    # with the other's result
    assert len(migorgs.members("IOM", at=2010)) > 0
    with pytest.raises(ArgumentTypeError):
        migorgs.members("IOM", at=True)
    assert migorgs.members("colombo-process", at="2014") == migorgs.members("colombo-process", at=2014)


@pytest.mark.parametrize("at", [[2010], {"year": 2010}, 2010.0])
def test_arguments_that_cannot_be_cache_keys_get_the_documented_error(at: Any) -> None:
    with pytest.raises(ArgumentTypeError, match="at: a date must be"):
        migorgs.members("IOM", at=at)
    with pytest.raises(ArgumentTypeError, match="at: a date must be"):
        migorgs.memberships("MEX", at=at)
    with pytest.raises(ArgumentTypeError, match="state must be"):
        migorgs.memberships(["MEX"])  # type: ignore[arg-type]


def test_errors_are_not_cached_as_answers() -> None:
    for _ in range(2):
        with pytest.raises(NotFoundError):
            migorgs.members("no such body")
        with pytest.raises(NotFoundError):
            migorgs.memberships("ZZZ")
