"""A griffe extension for the API reference: records as users see them, not as attrs builds them.

* An attribute's value shows its default (``= None``, ``= ()``), never the
  ``attrs.field(...)`` or ``attrs.Factory(...)`` call behind it; a field
  derived from others (``init=False``) shows none and says it is derived.
* Private aliases in annotations are spelled out (``_Sources`` is
  ``tuple[str, ...]``).
* Every public attribute gets a description: its ``#:`` comment or docstring
  in the code, else the ``"doc"`` in the field's attrs metadata (every record
  field has one), else the table below (attributes of other classes). A public attribute with none of these is reported as a warning
  (which fails ``mkdocs build --strict``).
"""

from __future__ import annotations

import ast
import logging
from typing import Any

import griffe

logger = logging.getLogger("mkdocs.plugins.griffe_migorgs")

#: private or module-level aliases in annotations -> what they stand for
ALIASES = {"_Sources": "tuple[str, ...]", "FactValue": "int | float | str"}

#: descriptions of attributes that have no field metadata (the records of `_models` and `_records` describe every
#: field once, in its ``_f(doc, ...)``; these are the attributes of other classes)
FIELDS: dict[str, str] = {
    # PartialDate
    "PartialDate.year": "the year, 1 to 9999",
    "PartialDate.month": "the month, 1 to 12, when the source gives it",
    "PartialDate.day": "the day of the month, when the source gives it",
    "PartialDate.precision": "how much of the date is known: `Precision.YEAR`, `MONTH` or `DAY`",
    # Dataset
    "Dataset.data_version": 'the data release it holds: its `meta.json`\'s `data_version` (`"unknown"` if none)',
    "Dataset.meta": "its `meta.json`, read-only",
    # Match
    "Match.entity": "the organisation or process found",
    "Match.score": "how well it matches, 0 to 1 (1.0 is an exact name)",
    "Match.matched": "the name of the entity that matched",
}

#: the classes whose attributes are documented, by griffe path
DOCUMENTED_MODULES = (
    "migorgs._models",
    "migorgs._records",
    "migorgs._dates",
    "migorgs._search",
    "migorgs._dataset",
)


def _attrs_call(value: Any) -> ast.Call | None:
    """The ``attrs.field(...)`` call an attribute's value is, parsed, if it is one."""
    if value is None:
        return None
    try:
        node = ast.parse(str(value), mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("attrs.field", "attr.ib", "field", "_f"):
        return node
    return None


def _runtime_doc(cls_path: str, name: str) -> str | None:
    """The ``"doc"`` in the attrs metadata of the field, when the class declares one."""
    import importlib

    import attrs

    module, _, cls_name = cls_path.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module), cls_name)
    except (ImportError, AttributeError):
        return None
    if not attrs.has(cls):
        return None
    field = getattr(attrs.fields(cls), name, None)
    doc = field.metadata.get("doc") if field is not None else None
    return str(doc) if doc else None


class MigorgsRecords(griffe.Extension):
    """Clean values, spelled-out aliases and a description for every public attribute."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != "migorgs":
            return
        for module_path in DOCUMENTED_MODULES:
            module = pkg[module_path.split(".", 1)[1]]
            for cls in module.classes.values():
                if not cls.name.startswith("_"):
                    self._clean_class(cls)

    def _clean_class(self, cls: griffe.Class) -> None:
        is_enum = any(str(b).endswith(("Enum", "_StrEnum")) for b in cls.bases)
        for name, member in cls.members.items():
            if name.startswith("_") or member.is_alias or not member.is_attribute:
                continue
            attr: Any = member
            derived = False
            call = _attrs_call(attr.value)
            if call is not None:
                kw = {k.arg: k.value for k in call.keywords if k.arg}
                init = kw.get("init")
                if isinstance(init, ast.Constant) and init.value is False:
                    derived = True
                    attr.value = None
                elif "default" in kw and not ast.unparse(kw["default"]).startswith(
                    ("attrs.Factory", "Factory")
                ):
                    attr.value = ast.unparse(kw["default"])
                else:
                    attr.value = None
            annotation = str(attr.annotation) if attr.annotation is not None else ""
            for alias, spelled in ALIASES.items():
                if alias in annotation:
                    attr.annotation = annotation.replace(alias, spelled)
            if is_enum:
                continue  # a member's value is its description; the class docstring says the rest
            text = attr.docstring.value if attr.docstring else None
            text = (
                text or _runtime_doc(cls.path, name) or FIELDS.get(f"{cls.name}.{name}") or FIELDS.get(name)
            )
            if derived and text and "derived" not in text:
                text += " (derived; not a constructor argument)"
            if not text:
                logger.warning("API reference: %s.%s has no description", cls.path, name)
                continue
            attr.docstring = griffe.Docstring(text, parent=attr)
