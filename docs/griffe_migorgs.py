"""A griffe extension for the API reference: records as users see them, not as attrs builds them.

* An attribute's value shows its default (``= None``, ``= ()``), never the
  ``attrs.field(...)`` or ``attrs.Factory(...)`` call behind it; a field
  derived from others (``init=False``) shows none and says it is derived.
* Private aliases in annotations are spelled out (``_Sources`` is
  ``tuple[str, ...]``).
* Every public attribute gets a description: its ``#:`` comment or docstring
  in the code, else the ``"doc"`` in the field's attrs metadata, else the
  table below. A public attribute with none of these is reported as a warning
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

#: descriptions for fields whose code has no comment yet (meant to move into the fields' metadata)
FIELDS: dict[str, str] = {
    # shared by most records
    "sources": "ids of the sources that state it (see `Source`, `get_source`)",
    "note": "a curator's note on how the source's words were read, if any",
    "id": "the record's stable id (lower-case, hyphenated)",
    "names": "every name it bears or bore, with language, kind and period (see `Name`)",
    "summary": "a short description in the migorgs developers' own words",
    "facts": "dated values such as member counts, staff or budget (see `Fact`)",
    "cite": "the sources of each field, by field name (see `Citation`, `sources_for`)",
    "website": "the address of its own website",
    # Organisation
    "Organisation.founded": "when it was founded, at the precision the source gives",
    "Organisation.dissolved": "when it was dissolved (None while it exists)",
    "Organisation.headquarters": "the city of its headquarters",
    # Process
    "Process.kind": "IOM's classification: regional consultative process, inter-regional forum or global process",
    "Process.regions": "the IOM regions its members lie in",
    "Process.established": "when it was established, at the precision the source gives",
    "Process.ended": "when it ended (None while it meets or is dormant)",
    "Process.status": "active, dormant or ended, as a source states it",
    "Process.membership": "its member and observer lists, oldest first, each as of a date (see `MemberList`)",
    # Name
    "Name.text": "the name as written",
    "Name.kind": "official, former, official translation or variant",
    "Name.lang": "the language, an ISO 639-1 code",
    "Name.acronym": "the acronym that goes with this name, if any",
    "Name.since": "first year (or month, day) in use, if sourced",
    "Name.until": "the year (or month, day) it stopped being used; None while in use",
    # Fact
    "Fact.key": "what is measured, e.g. `member_states`, `staff`, `budget`",
    "Fact.value": "the figure or text the source gives",
    "Fact.as_of": "the date the value is current as of",
    "Fact.unit": "the unit of the value (`USD`, `EUR`, ...), if any",
    # Citation
    "Citation.field": "the name of the field the sources are for",
    # MemberList
    "MemberList.as_of": "the date the list is current as of",
    "MemberList.members": "member States, ISO 3166-1 alpha-3 codes",
    "MemberList.observers": "observer States, ISO 3166-1 alpha-3 codes",
    # Source
    "Source.title": "the document's or page's title",
    "Source.publisher": "who published it",
    "Source.as_of": "the date its facts are current as of (see `note` for how it was judged)",
    "Source.kind": "a seed document of the project, or a public web page",
    "Source.url": "its address, if it has one",
    "Source.accessed": "when the page was read",
    "Source.note": "how the as-of date was judged, and anything else a reader of the source should know",
    # Partner
    "Partner.org": "id of the partner organisation",
    "Partner.relation": "how it stands to the role (with, in consultation with, through)",
    # Involvement
    "Involvement.org": "id of the organisation holding the role",
    "Involvement.process": "id of the process",
    "Involvement.role": "the role (see `Role`)",
    "Involvement.partners": "organisations that share or shape the role (see `Partner`)",
    "Involvement.since": "when the role began, if sourced",
    "Involvement.until": "when it ended; None while in force",
    # Event
    "Event.date": "when it happened, at the precision the source gives",
    "Event.kind": "what kind of event (see `EventKind`)",
    "Event.title": "what happened, in a line",
    "Event.entities": "ids of the organisations and processes concerned",
    "Event.place": "where it happened, if known",
    # Publication
    "Publication.series": 'the series id, e.g. `"world-migration-report"`',
    "Publication.title": "the title",
    "Publication.year": "the year of publication",
    "Publication.publishers": "ids of the publishing organisations",
    "Publication.number": "its number in the series, if numbered",
    # AnnualTheme
    "AnnualTheme.process": "id of the process",
    "AnnualTheme.year": "the year",
    "AnnualTheme.theme": "the year's theme, if it had one",
    "AnnualTheme.workshops": "titles of the workshops or sessions held under it",
    # Claim
    "Claim.value": "the value these sources give",
    # Conflict
    "Conflict.entity": "id of the organisation or process",
    "Conflict.field": "the field the sources disagree about",
    "Conflict.presented": "the value migorgs presents",
    "Conflict.claims": "each source's value (see `Claim`)",
    "Conflict.note": "why the presented value was chosen",
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
DOCUMENTED_MODULES = ("migorgs._models", "migorgs._dates", "migorgs._search", "migorgs._dataset")


def _attrs_call(value: Any) -> ast.Call | None:
    """The ``attrs.field(...)`` call an attribute's value is, parsed, if it is one."""
    if value is None:
        return None
    try:
        node = ast.parse(str(value), mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Call) and ast.unparse(node.func) in ("attrs.field", "attr.ib", "field"):
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
