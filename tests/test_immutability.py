"""Records, their collections, results and indexes cannot be changed by a caller."""

from __future__ import annotations

import attrs
import pytest

import migorgs


def test_records_refuse_assignment() -> None:
    """Frozen records: assigning or deleting a field raises and changes nothing."""
    iom = migorgs.get_org("IOM")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        iom.name = "Something else"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del iom.founded  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        iom.names[0].text = "x"  # type: ignore[misc]
    assert migorgs.get_org("IOM").name == "International Organization for Migration"


def test_records_are_slotted() -> None:
    """No __dict__: a caller cannot attach attributes either."""
    iom = migorgs.get_org("IOM")
    with pytest.raises((AttributeError, attrs.exceptions.FrozenInstanceError)):
        iom.extra = 1  # type: ignore[attr-defined]
    assert not hasattr(iom, "__dict__")


def test_collections_are_tuples() -> None:
    """Every collection in a record is a tuple: no in-place mutation."""
    iom = migorgs.get_org("IOM")
    for value in (iom.names, iom.facts, iom.sources, iom.cite, iom.names[0].sources):
        assert isinstance(value, tuple)
    with pytest.raises(AttributeError):
        iom.names.append(iom.names[0])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        iom.facts[0] = iom.facts[1]  # type: ignore[index]
    proc = migorgs.get_process("Almaty Process")
    assert isinstance(proc.regions, tuple) and isinstance(proc.facts, tuple)


def test_results_are_immutable_and_requerying_is_unaffected() -> None:
    """Mutating what a query returned (or trying to) never changes the next answer."""
    first = migorgs.processes_where(role="secretariat", org="IOM")
    assert isinstance(first, tuple)
    with pytest.raises(TypeError):
        first[0] = first[1]  # type: ignore[index]
    n = len(first)
    as_list = list(first)
    as_list.clear()
    again = migorgs.processes_where(role="secretariat", org="IOM")
    assert len(again) == n and again == first
    recs = again.to_records()
    recs[0]["name"] = "changed"
    recs.clear()
    assert migorgs.processes_where(role="secretariat", org="IOM")[0].name != "changed"


def test_indexes_are_read_only(ds) -> None:  # type: ignore[no-untyped-def]
    """The dataset's key and id indexes are read-only mappings."""
    with pytest.raises(TypeError):
        ds._keys["iom"] = ()
    with pytest.raises(TypeError):
        ds._entity_by_id["new"] = None
    with pytest.raises(TypeError):
        ds.meta["data_version"] = "x"
    assert migorgs.get_org("iom").id == "iom"


def test_records_are_hashable_and_comparable() -> None:
    """Frozen records hash and compare by value, so they can sit in sets and dict keys."""
    a = migorgs.get_org("IOM")
    assert a == migorgs.get_org("OIM")
    assert len({a, migorgs.get_org("ICEM"), migorgs.get_org("UNHCR")}) == 2
