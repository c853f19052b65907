"""The checker on source records: one document read twice is one source."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from conftest import SRC
from migorgs._check import check


def _second_reading(url: str, as_of: str) -> Callable[[dict[str, Any]], None]:
    """TINY with a second source record of a page, cited by the organisation beta."""

    def edit(files: dict[str, Any]) -> None:
        files["sources.json"].append(
            {
                "id": "second-reading",
                "kind": "web",
                "title": "A test page (read again)",
                "publisher": "Tests",
                "url": url,
                "as_of": as_of,
            }
        )
        files["organisations.json"][1]["sources"] = [SRC, "second-reading"]

    return edit


@pytest.mark.parametrize(
    "url",
    ["https://example.org/p", "https://example.org/p/", "http://www.example.org/p", "https://EXAMPLE.org/p"],
    ids=["same", "trailing-slash", "http-www", "host-case"],
)
def test_two_records_of_one_page_as_of_one_date_are_reported(make_data: Callable[..., Any], url: str) -> None:
    """The same url (up to scheme, www., trailing slash) and the same as_of: merge the two."""
    problems = check(make_data(_second_reading(url, "2020")))
    assert [(p.file, p.record, p.field, p.message) for p in problems] == [
        (
            "sources.json",
            "second-reading",
            "url",
            f"sources {SRC} and second-reading are one document: same url and as_of; merge them",
        )
    ]


@pytest.mark.parametrize(
    ("url", "as_of"),
    [("https://example.org/p", "2021"), ("https://example.org/q", "2020")],
    ids=["later-revision", "other-page"],
)
def test_other_revisions_and_other_pages_are_distinct_sources(
    make_data: Callable[..., Any], url: str, as_of: str
) -> None:
    """A page read as of another date (another revision), or another page, is another source."""
    assert check(make_data(_second_reading(url, as_of))) == []


def test_packaged_sources_are_each_one_document() -> None:
    """No two packaged source records share a url and an as_of."""
    assert [p for p in check() if "are one document" in p.message] == []
