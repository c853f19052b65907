"""The schema's fast paths agree with the strict ones: field types resolved from their
annotation strings equal typing.get_type_hints, and the plain constructors of the packaged
data build the records the strict cattrs path builds."""

from __future__ import annotations

import typing

import attrs
import pytest

from migorgs import _load, _schema


def _record_classes() -> list[type]:
    seen: list[type] = []
    todo = list(_schema.TABLES.values())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.append(cls)
        todo.extend(f.inner for f in _schema.fields(cls) if f.kind in ("records", "mapping"))
    return seen


@pytest.mark.parametrize("cls", _record_classes(), ids=lambda c: c.__name__)
def test_annotations_resolve_as_typing_does(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    for a in attrs.fields(cls):
        assert _schema.annotation(cls, a) == hints[a.name], (cls.__name__, a.name)


def test_an_unusual_annotation_falls_back_to_typing() -> None:
    @attrs.frozen
    class Odd:
        x: typing.Union[int, str]
        y: dict[str, int]

    for a in attrs.fields(Odd):
        assert _schema.annotation(Odd, a) == typing.get_type_hints(Odd)[a.name]


def test_the_fast_path_builds_what_the_strict_path_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    root = _load.packaged_root()
    strict = _load.load_records(root)

    def no_fallback(path: object) -> None:
        raise AssertionError("the fast path fell back to the strict one")

    monkeypatch.setattr(_load, "load_records", no_fallback)
    fast = _load.load_trusted(root)
    assert fast.meta == strict.meta
    for table in _schema.TABLES:
        assert fast.tables[table] == strict.tables[table], table
