"""A Dataset is read-only; an id always finds its record; == and diff see metadata."""

from __future__ import annotations

from typing import Any, Callable

import pytest

import migorgs
from migorgs import AmbiguousKeyError
from migorgs._export import diff

MakeData = Callable[..., Any]


# ---------------------------------------------------------------------- 19. read-only


@pytest.mark.parametrize(
    "name", ["data_version", "meta", "_orgs", "_keys", "_role_index", "_search_index", "new"]
)
def test_a_dataset_refuses_assignment_and_deletion(name: str) -> None:
    """default_dataset().data_version = "x" (or any attribute) is refused, and so is del."""
    ds = migorgs.default_dataset()
    with pytest.raises(AttributeError):
        setattr(ds, name, "x")
    with pytest.raises(AttributeError):
        delattr(ds, name)
    assert ds.data_version == migorgs.DATA_VERSION


def test_a_dataset_cannot_be_built_again_in_place(make_data: MakeData) -> None:
    """Calling __init__ on a built Dataset is refused: it would change it for every holder."""
    ds = migorgs.load(make_data())
    with pytest.raises(AttributeError):
        ds.__init__({}, {"data_version": "x"})  # type: ignore[misc]
    assert ds.data_version == "2000.1.0" and len(ds.orgs()) == 2


def test_the_private_indexes_are_read_only(ds: migorgs.Dataset) -> None:
    """The role index (a dict of dicts before) cannot be cleared in place."""
    for index in (ds._role_index, *ds._role_index.values()):
        with pytest.raises((AttributeError, TypeError)):
            index.clear()  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            index["x"] = ()  # type: ignore[index]
    assert migorgs.processes_where(role="secretariat", org="IOM")


# ---------------------------------------------------------------------- 6. ids


def _shared(files: dict[str, Any]) -> None:
    """A process whose acronym is the id of an organisation, acknowledged in ambiguous_keys."""
    files["processes.json"][0]["names"][0]["acronym"] = "Alpha"
    files["meta.json"]["ambiguous_keys"] = ["Alpha"]


def test_an_id_always_finds_its_record(make_data: MakeData) -> None:
    """lookup("alpha") is the organisation alpha, though the process's acronym is also 'Alpha'."""
    ds = migorgs.load(make_data(_shared))
    assert ds.lookup("alpha").id == "alpha"
    assert ds.get_org("alpha").id == "alpha"
    assert ds.get_process("alpha").id == "gamma-process"  # no process has that id: by name
    assert ds.lookup("gamma-process").id == "gamma-process"
    with pytest.raises(AmbiguousKeyError):
        ds.lookup("ALPHA")  # not an id: the name is ambiguous, as documented


def test_every_packaged_id_finds_its_record(ds: migorgs.Dataset) -> None:
    """Every id looks up its own record, through every lookup that takes its kind."""
    for org in ds.orgs():
        assert ds.lookup(org.id) is org and ds.get_org(org.id) is org
    for proc in ds.processes():
        assert ds.lookup(proc.id) is proc and ds.get_process(proc.id) is proc


# ---------------------------------------------------------------------- 7. metadata counts


def test_equality_and_diff_see_metadata(make_data: MakeData) -> None:
    """Two datasets whose meta.json differ are not equal, and diff says what differs."""
    a = migorgs.load(make_data(name="a"))
    b = migorgs.load(make_data(lambda f: f["meta.json"].update(licence="MIT", title="Mine"), name="b"))
    assert a != b
    d = diff(a, b)
    assert d["tables"]["meta"] == {
        "added": ["title"],
        "removed": [],
        "changed": {"licence": {"value": ["CC-BY-4.0", "MIT"]}},
    }
    assert diff(a, migorgs.load(make_data(name="c")))["tables"] == {}
