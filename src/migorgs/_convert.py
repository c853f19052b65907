"""make_converter(): the one cattrs converter, configured in one place.

It is strict: a field of the wrong type, an unknown key, a string where a
list belongs, a bool where a number belongs all fail, with a path to the
field, instead of being coerced or dropped.
"""

from __future__ import annotations

import typing
from typing import Any, Callable

import attrs
import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote

from ._dates import PartialDate
from ._models import Citation, FactValue, StatedCount, _StrEnum
from .exceptions import show

__all__ = ["make_converter"]


def _structure_str(value: Any, _: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__} {show(value, 60)}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{show(value, 60)} holds a lone surrogate, which is not text") from None
    return value


def _structure_int(value: Any, _: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {type(value).__name__} {show(value, 60)}")
    return value


def _structure_bool(value: Any, _: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__} {show(value, 60)}")
    return value


def _structure_fact_value(value: Any, _: object) -> FactValue:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"expected a number or a string, got {type(value).__name__} {show(value, 60)}")
    return value


def _structure_date(value: Any, _: object) -> PartialDate:
    if not isinstance(value, str):
        raise TypeError(f"expected a date string 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', got {show(value, 60)}")
    return PartialDate.parse(value)


def _structure_enum(cls: type[_StrEnum]) -> Callable[[Any, object], _StrEnum]:
    lookup = {m.value: m for m in cls}

    def structure(value: Any, _: object) -> _StrEnum:
        if isinstance(value, str) and value in lookup:
            return lookup[value]
        raise ValueError(f"{show(value, 60)} is not a valid {cls.__name__}; use one of: {', '.join(lookup)}")

    return structure


def _mapping_hooks(
    cls: type, key: str, value: str
) -> tuple[Callable[[Any, object], Any], Callable[[Any], Any]]:
    """Hooks for a list of pairs that the files hold as a JSON object (``cite``, ``stated_count``)."""
    from ._schema import fields

    kf, vf = (next(f for f in fields(cls) if f.name == n) for n in (key, value))

    def structure(obj: Any, _: object) -> tuple[Any, ...]:
        if not isinstance(obj, dict):
            raise TypeError(f"expected an object mapping {key} to {value}, got {type(obj).__name__}")
        out = []
        for k, v in sorted(obj.items()):
            if kf.kind == "enum" and k not in kf.inner.values():
                raise ValueError(
                    f"{show(k, 60)} is not a valid {kf.inner.__name__}; use one of: {', '.join(kf.inner.values())}"
                )
            if vf.kind == "strs" and not (isinstance(v, list) and all(isinstance(s, str) for s in v)):
                raise TypeError(f"{k}: must be a list of strings")
            if vf.kind == "int" and (isinstance(v, bool) or not isinstance(v, int)):
                raise TypeError(f"{k}: must be a whole number")
            out.append(cls(kf.inner(k) if kf.kind == "enum" else k, tuple(v) if vf.kind == "strs" else v))
        return tuple(out)

    def unstructure(pairs: tuple[Any, ...]) -> dict[str, Any]:
        return {
            str(getattr(p, key)): list(getattr(p, value)) if vf.kind == "strs" else getattr(p, value)
            for p in pairs
        }

    return structure, unstructure


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook_factory(t: Any, conv: cattrs.Converter) -> Callable[[Any, object], tuple[Any, ...]]:
    elem = typing.get_args(t)[0]
    hook = conv.get_structure_hook(elem)

    def structure(value: Any, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise TypeError(f"expected a list, got {type(value).__name__} {show(value, 60)}")
        out = []
        errors: list[Exception] = []
        for i, item in enumerate(value):
            try:
                out.append(hook(item, elem))
            except Exception as exc:
                exc.__notes__ = [  # type: ignore[attr-defined]
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring {t} @ index {i}", i, elem),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {t!r}", errors, t)
        return tuple(out)

    return structure


def _all_enums() -> list[type[_StrEnum]]:
    found, todo = [], list(_StrEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _structure_year(value: Any, _: object) -> int:
    year = _structure_int(value, _)
    if not 1 <= year <= 9999:
        raise ValueError(f"a year must be from 1 to 9999, not {show(value, 20)}")
    return year


def _attrs_hook_factory(cls: Any, conv: cattrs.Converter) -> Callable[[Any, object], Any]:
    """cattrs' generated structuring function, behind a check that the value is a JSON object."""
    from cattrs.gen import make_dict_structure_fn, override

    fields = {a.name for a in attrs.fields(cls)}
    overrides = {"year": override(struct_hook=_structure_year)} if "year" in fields else {}
    generated = make_dict_structure_fn(cls, conv, **overrides)  # type: ignore[arg-type]

    def structure(value: Any, _: object) -> Any:
        if not isinstance(value, dict):
            raise TypeError(
                f"expected an object ({cls.__name__}), got {type(value).__name__} {show(value, 60)}"
            )
        return generated(value, cls)

    return structure


def make_converter() -> cattrs.Converter:
    """A strict converter between the JSON data files and the records."""
    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
    # cattrs dispatches classes before predicates, and a hook for str would also take the
    # str-based enums; so each enum class gets its own (more specific) hook.
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    for enum_cls in _all_enums():
        conv.register_structure_hook(enum_cls, _structure_enum(enum_cls))
    conv.register_structure_hook(PartialDate, _structure_date)
    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook_func(lambda t: t == FactValue, _structure_fact_value)
    conv.register_unstructure_hook_func(lambda t: isinstance(t, type) and issubclass(t, _StrEnum), str)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook_factory)
    conv.register_structure_hook_factory(attrs.has, _attrs_hook_factory)
    for cls, key, value in ((Citation, "field", "sources"), (StatedCount, "status", "count")):
        structure, unstructure = _mapping_hooks(cls, key, value)
        target: Any = tuple[cls, ...]  # type: ignore[valid-type]

        def is_target(t: Any, target: Any = target) -> bool:
            return bool(t == target)

        conv.register_structure_hook_func(is_target, structure)
        conv.register_unstructure_hook_func(is_target, unstructure)
    return conv
