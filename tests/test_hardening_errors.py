"""Every public error crosses a process boundary unchanged (pickle, ProcessPoolExecutor)."""

from __future__ import annotations

import concurrent.futures
import copy
import multiprocessing
import pickle

import pytest

import migorgs
from migorgs.exceptions import (
    AmbiguousKeyError,
    ArgumentTypeError,
    DataError,
    DataProblem,
    ExportError,
    InvalidQueryError,
    MigorgsError,
    NotFoundError,
)

PROBLEMS = [DataProblem("a.json", "x", "since", "bad date"), DataProblem("b.json", None, None, "missing")]

ERRORS: list[MigorgsError] = [
    MigorgsError("plain"),
    NotFoundError("Nowhere", "organisation", ["IOM (iom)"]),
    NotFoundError("x", "name", message="custom message"),
    AmbiguousKeyError("IGC", [("igc", "Intergovernmental Consultations"), ("igc-x", "Other")]),
    InvalidQueryError("role", "boss", ["member", "host"]),
    InvalidQueryError("when", lambda: 1, ["a year"]),  # a value pickle cannot carry
    ArgumentTypeError("key must be a string, not int"),
    DataError(PROBLEMS, source="my-data"),
    ExportError("out", "is a file, not a folder"),
]


def same(a: BaseException, b: BaseException) -> bool:
    state = {k: v for k, v in vars(a).items() if k != "value"}
    return (
        type(a) is type(b)
        and str(a) == str(b)
        and {k: v for k, v in vars(b).items() if k != "value"} == state
    )


@pytest.mark.parametrize("err", ERRORS, ids=lambda e: type(e).__name__)
def test_every_error_round_trips_through_pickle(err: MigorgsError) -> None:
    """pickle (every protocol) and copy give back the same type, message and attributes."""
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(err, protocol))
        assert same(err, back), (protocol, err, back)
    assert same(err, copy.deepcopy(err))


def test_data_error_keeps_its_problems() -> None:
    """A pickled DataError keeps its problems as problems, not its message split into characters."""
    back = pickle.loads(pickle.dumps(DataError(PROBLEMS, source="my-data")))
    assert back.problems == tuple(PROBLEMS) and back.source == "my-data"


def test_a_worker_lookup_error_reaches_the_parent() -> None:
    """A NotFoundError raised in a worker process arrives as a NotFoundError, not BrokenProcessPool."""
    spawn = multiprocessing.get_context("spawn")  # fork in a threaded test run is unsafe (and warns)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as pool:
        future = pool.submit(migorgs.get_org, "No Such Body At All")
        with pytest.raises(NotFoundError) as info:
            future.result(timeout=120)
    assert info.value.key == "No Such Body At All" and info.value.what == "organisation"
