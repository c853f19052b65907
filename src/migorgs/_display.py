"""Notebook display: HTML tables for one record and for a list of records.

Imported only when a notebook asks for HTML, never by ``import migorgs``.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Sequence
from typing import Any

import attrs

from ._dates import PartialDate

__all__ = ["plain", "record_html", "records_html"]

_STYLE = "border-collapse:collapse;text-align:left"


def plain(value: Any) -> Any:
    """A value as JSON-ready data: enums to their values, dates to ISO strings, records to dicts."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value))}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None or value == ():
        return ""
    if isinstance(value, tuple):
        if value and attrs.has(type(value[0])):
            return "<br>".join(_cell(v) for v in value)
        return html.escape(", ".join(str(plain(v)) for v in value))
    if isinstance(value, PartialDate):
        return str(value)
    if attrs.has(type(value)):
        return html.escape(repr(value))
    return html.escape(str(plain(value)))


def record_html(record: Any) -> str:
    """One record as a two-column table of its non-empty fields."""
    rows = []
    for f in attrs.fields(type(record)):
        value = getattr(record, f.name)
        if value is None or value == ():
            continue
        rows.append(f"<tr><th>{html.escape(f.name)}</th><td>{_cell(value)}</td></tr>")
    title = html.escape(f"{type(record).__name__} {getattr(record, 'id', '')}".strip())
    return f'<table style="{_STYLE}"><caption>{title}</caption>{"".join(rows)}</table>'


def records_html(records: Sequence[Any], limit: int = 200) -> str:
    """Several records as one table, a row each, with the fields that identify them."""
    if not records:
        return "<p><em>no records</em></p>"
    fields = type(records[0])._repr_fields if hasattr(type(records[0]), "_repr_fields") else ()
    if not fields:
        return "<br>".join(html.escape(repr(r)) for r in records[:limit])
    head = "".join(f"<th>{html.escape(f)}</th>" for f in fields)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(getattr(r, f))}</td>" for f in fields) + "</tr>"
        for r in records[:limit]
    )
    more = f"<p>... {len(records) - limit} more</p>" if len(records) > limit else ""
    return f'<table style="{_STYLE}"><tr>{head}</tr>{body}</table>{more}'
