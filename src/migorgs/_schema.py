"""The schema, read from one place: the attrs fields of the records and their metadata.

Every view of the data's shape is derived here from the record classes of
`_models` (each field's type, default and ``doc``): the fast constructors of
the packaged data, the flat tables (CSV, pandas, the Data Package), the
Frictionless table schemas, the JSON Schema of the data-directory format and
the field reference in the docs. Adding a field is one edit in `_models` (or `_records`,
which defines the records a first lookup does not build).
"""

from __future__ import annotations

import builtins
import enum
import sys
import typing
from typing import Any, Callable, Optional, Union

import attrs

from ._dates import PartialDate
from ._models import TABLES, FactValue, _StrEnum, _Value

__all__ = ["SEP", "TABLES", "Field", "builder", "fields", "table_key"]


#: the kinds of value a field holds
SCALAR_KINDS = ("str", "int", "bool", "value", "date", "enum")
#: a list of strings in one cell of a flat table (CSV, frames) is its items joined by this
SEP = "|"


@attrs.frozen(eq=False)  # equality and hash by value, from _Value (as the records have them)
class Field(_Value):
    """One field of a record, as every view of the schema sees it."""

    name: str
    #: "str", "int", "bool", "value" (a number or a text), "date", "enum", "strs" (a list of
    #: strings), "enums", "records" (a list of records) or "mapping" (a list of pairs)
    kind: str
    doc: str
    required: bool
    optional: bool  # None allowed
    init: bool
    default: Any
    #: the enum class (enum, enums) or record class (records, mapping)
    inner: Any = None
    #: a list that the flat tables give a table of its own
    table: Optional[str] = None
    #: for a table of strings, the name of its value column
    value_column: Optional[str] = None
    #: for a mapping, the names of its key and value fields
    mapping: Optional[tuple[str, str]] = None
    #: a code repeated over many rows: a DataFrame column of dtype ``category``
    category: bool = False

    @property
    def scalar(self) -> bool:
        return self.kind in SCALAR_KINDS


def _classify(tp: Any) -> tuple[str, bool, Any]:
    optional = False
    if typing.get_origin(tp) is Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if tp == FactValue:
            return "value", False, None
        optional = True
        (tp,) = args
    if tp is str:
        return "str", optional, None
    if tp is bool:
        return "bool", optional, None
    if tp is int:
        return "int", optional, None
    if tp is PartialDate:
        return "date", optional, None
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "enum", optional, tp
    if typing.get_origin(tp) is tuple:
        elem = typing.get_args(tp)[0]
        if elem is str:
            return "strs", optional, None
        if isinstance(elem, type) and issubclass(elem, enum.Enum):
            return "enums", optional, elem
        if attrs.has(elem):
            return "records", optional, elem
    raise TypeError(f"no schema kind for {tp!r}")  # pragma: no cover - a new kind of field


_FIELDS: dict[type, tuple[Field, ...]] = {}


def annotation(cls: type, a: Any) -> Any:
    """The type of field ``a`` of ``cls``, its annotation string resolved in the class's module.

    The annotations of `_models` are strings (``from __future__ import annotations``) of a few
    forms: a name, ``Optional[name]`` and ``tuple[name, ...]``; those are looked up directly,
    which costs microseconds where ``typing.get_type_hints`` costs milliseconds at the first
    query. Anything else goes to ``typing.get_type_hints``; a test checks both agree.
    """
    tp = a.type
    if not isinstance(tp, str):
        return tp
    try:
        return _resolve(tp, vars(sys.modules[cls.__module__]))
    except LookupError:
        return typing.get_type_hints(cls)[a.name]


def _resolve(text: str, namespace: dict[str, Any]) -> Any:
    if text.endswith("]"):
        if text.startswith("Optional["):
            return Optional[_resolve(text[9:-1], namespace)]
        if text.startswith("tuple[") and text.endswith(", ...]"):
            return tuple[_resolve(text[6:-6], namespace), ...]  # type: ignore[misc]
        raise LookupError(text)
    if text.isidentifier():
        if text in namespace:
            return namespace[text]
        builtin = getattr(builtins, text, None)
        if isinstance(builtin, type):
            return builtin
    raise LookupError(text)


def fields(cls: type) -> tuple[Field, ...]:
    """The fields of a record class, in declaration order (derived ones last, ``init=False``)."""
    done = _FIELDS.get(cls)
    if done is not None:
        return done
    out = []
    for a in attrs.fields(cls):
        kind, optional, inner = _classify(annotation(cls, a))
        table = a.metadata.get("table")
        value_column = None
        if isinstance(table, tuple):
            table, value_column = table
        mapping = a.metadata.get("mapping")
        if mapping is not None:
            kind = "mapping"
        required = a.init and a.default is attrs.NOTHING
        default = None if isinstance(a.default, attrs.Factory) or a.default is attrs.NOTHING else a.default  # type: ignore[arg-type]
        out.append(
            Field(
                a.name,
                kind,
                a.metadata.get("doc", ""),
                required,
                optional,
                a.init,
                default,
                inner,
                table,
                value_column,
                mapping,
                bool(a.metadata.get("category", False)),
            )
        )
    result = tuple(out)
    _FIELDS[cls] = result
    return result


def table_key(cls: type) -> tuple[str, ...]:
    """The fields that identify a record of ``cls`` (``id`` unless the class says otherwise)."""
    return tuple(getattr(cls, "_key_fields", ("id",)))


# ---------------------------------------------------------------------- fast constructors

_parse = PartialDate.parse


def _strs(v: Any) -> tuple[str, ...]:
    # the same codes and source ids recur thousands of times (every member list names "DEU"):
    # one string each, not one per mention (about 0.5 MiB of the packaged data)
    if not isinstance(v, list):
        raise TypeError("expected a list")
    return tuple(map(sys.intern, v))


def _member(cls: type[enum.Enum]) -> Callable[[Any], Any]:
    """The member of ``cls`` a value names, as ``cls(value)`` gives it for the text of the files,
    by a plain lookup; a value that is not one raises (and the loader falls back to the strict path)."""
    return {m.value: m for m in cls}.__getitem__


def _converter(f: Field) -> Callable[[Any], Any]:
    if f.kind in ("str", "int", "bool", "value"):
        return lambda v: v
    if f.kind == "date":
        return _parse
    if f.kind == "enum":
        return _member(f.inner)
    if f.kind == "strs":
        return _strs
    if f.kind == "enums":
        member = _member(f.inner)
        return lambda v: tuple(map(member, v))
    if f.kind == "records":
        build = builder(f.inner)
        return lambda v: tuple(map(build, v))
    key, value = f.mapping  # type: ignore[misc]
    inner = f.inner
    kconv, vconv = (_converter(g) for g in fields(inner) if g.name in (key, value))
    # a mapping is stored as a JSON object; its pairs are sorted by key
    return lambda v: tuple(inner(kconv(k), vconv(x)) for k, x in sorted(v.items()))


_BUILDERS: dict[type, Callable[[dict[str, Any]], Any]] = {}
#: kinds whose JSON value is the field's value
_AS_IS = frozenset(("str", "int", "bool", "value"))


def builder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """A plain constructor from a JSON object to a record of ``cls``, with no validation.

    The trusted fast path of the packaged data (see `_load.load_trusted`): a
    surprise (a missing key, an unknown one, a wrong type) raises, and the loader
    then falls back to the strict cattrs path, which reports it properly.
    """
    done = _BUILDERS.get(cls)
    if done is not None:
        return done
    # per key of the JSON object, how to convert its value (None: as it is); only the keys an
    # object has are visited, and a key the class does not know raises KeyError
    convs: dict[str, Optional[Callable[[Any], Any]]] = {
        f.name: None if f.kind in _AS_IS else _converter(f) for f in fields(cls) if f.init
    }
    required = frozenset(f.name for f in fields(cls) if f.init and f.required)

    def build(d: dict[str, Any]) -> Any:
        kwargs = {}
        for name, v in d.items():
            conv = convs[name]
            kwargs[name] = v if conv is None or v is None else conv(v)
        if not required <= kwargs.keys():
            raise KeyError(sorted(required - kwargs.keys()))
        return cls(**kwargs)

    _BUILDERS[cls] = build
    return build


_MISSING: Any = object()


# ---------------------------------------------------------------------- JSON Schema

#: a partial date, EDTF level 1 qualifiers included (2017~, 2018?, 2018%, 201X, 19XX)
_DATE_PATTERN = r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{3}X|\d{2}XX)[~?%]?$"


def _json_type(f: Field) -> dict[str, Any]:
    if f.kind == "str":
        t: dict[str, Any] = {"type": "string"}
    elif f.kind == "int":
        t = {"type": "integer"}
    elif f.kind == "bool":
        t = {"type": "boolean"}
    elif f.kind == "value":
        t = {"type": ["number", "string"]}
    elif f.kind == "date":
        t = {"type": "string", "pattern": _DATE_PATTERN}
    elif f.kind == "enum":
        t = {"type": "string", "enum": list(f.inner.values())}
    elif f.kind == "strs":
        t = {"type": "array", "items": {"type": "string"}}
    elif f.kind == "enums":
        t = {"type": "array", "items": {"type": "string", "enum": list(f.inner.values())}}
    elif f.kind == "records":
        t = {"type": "array", "items": record_schema(f.inner)}
    else:
        key, value = f.mapping  # type: ignore[misc]
        kf, vf = (next(g for g in fields(f.inner) if g.name == n) for n in (key, value))
        t = {"type": "object", "additionalProperties": _json_type(vf)}
        if kf.kind == "enum":
            t["propertyNames"] = {"enum": list(kf.inner.values())}
    if f.optional:
        t = {"anyOf": [t, {"type": "null"}]}
    return {**t, "description": f.doc} if f.doc else t


def record_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema of one record of ``cls`` as the data files hold it."""
    fs = [f for f in fields(cls) if f.init]
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": {f.name: _json_type(f) for f in fs},
        "required": [f.name for f in fs if f.required],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for each table file of a data directory, keyed by table."""
    return {
        table: {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"migorgs {table} file: a JSON list of records",
            "type": "array",
            "items": record_schema(cls),
        }
        for table, cls in TABLES.items()
    }


def is_enum_class(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, _StrEnum)


# ---------------------------------------------------------------------- the docs' field reference


def _type_text(f: Field) -> str:
    base = {
        "str": "text",
        "int": "whole number",
        "bool": "true / false",
        "value": "number or text",
        "date": "date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "strs": "list of text",
    }.get(f.kind)
    if base is None and f.kind in ("enum", "enums"):
        values = " \\| ".join(f"`{v}`" for v in f.inner.values())
        base = values if f.kind == "enum" else f"list of: {values}"
    if base is None and f.kind == "records":
        base = f"list of {f.inner.__name__}"
    if base is None:
        key, value = f.mapping  # type: ignore[misc]
        base = f"object: {key} → {value} ({f.inner.__name__})"
    return base + ("" if f.required or not f.init else ", optional")


def reference_markdown() -> str:
    """The field reference of the docs (docs/fields.md): every table and record, every field, its description."""
    seen: list[type] = []
    todo = list(TABLES.values())
    while todo:
        cls = todo.pop(0)
        if cls in seen:
            continue
        seen.append(cls)
        todo += [f.inner for f in fields(cls) if f.kind in ("records", "mapping")]
    tables = {cls: t for t, cls in TABLES.items()}
    lines = [
        "# Field reference",
        "",
        "Every field of every record, as the code describes it once (the attrs field metadata of",
        "`migorgs._models`); the data files, the CSV tables, the Data Package and the JSON Schema follow",
        "from the same description. Generated by `migorgs._schema.reference_markdown()`; a test keeps",
        "this page equal to it.",
        "",
    ]
    for cls in seen:
        title = (
            f"`{tables[cls]}` — {cls.__name__}" if cls in tables else f"{cls.__name__} (inside other records)"
        )
        lines += [f"## {title}", "", (cls.__doc__ or "").strip().splitlines()[0], ""]
        lines += ["| field | type | description |", "|---|---|---|"]
        for f in fields(cls):
            doc = (f.doc + ("" if f.init else " — derived, not in the files")).replace("|", "\\|")
            lines.append(f"| `{f.name}` | {_type_text(f)} | {doc} |")
        lines.append("")
    return "\n".join(lines)
