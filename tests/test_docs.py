"""The examples on the documentation pages run, and print what the pages show.

Each page's ``>>>`` examples are run as one doctest, in a scratch folder that
also holds ``broken-data/``: a copy of the packaged data with two mistakes,
which the page on loading your own data uses. Skipped outside a source tree.
"""

from __future__ import annotations

import doctest
import os
import pathlib

import pytest

from conftest import write_broken_copy

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
PAGES = ["index.md", "getting-started.md", "releases.md", "cite.md", "membership.md", "guarantees.md"]


@pytest.fixture
def scratch(tmp_path: pathlib.Path) -> pathlib.Path:
    write_broken_copy(tmp_path / "broken-data")
    return tmp_path


@pytest.mark.skipif(not DOCS.is_dir(), reason="no source tree")
@pytest.mark.parametrize("page", PAGES)
def test_page_examples(page: str, scratch: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every >>> example of the page gives the output written under it."""
    monkeypatch.chdir(scratch)
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    text = "\n".join("" if line.strip().startswith("```") else line for line in lines)
    test = doctest.DocTestParser().get_doctest(text, {}, page, str(DOCS / page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)[:4000]
    assert result.attempted >= 3
    assert os.getcwd() == str(scratch)


@pytest.mark.skipif(not DOCS.is_dir(), reason="no source tree")
def test_field_reference_is_generated_from_the_records() -> None:
    """docs/fields.md is what the one field description generates (regenerate it with
    ``python -c "from migorgs._schema import reference_markdown as r; open('docs/fields.md', 'w').write(r())"``)."""
    from migorgs._schema import TABLES, fields, reference_markdown

    page = (DOCS / "fields.md").read_text(encoding="utf-8")
    assert page == reference_markdown()
    for table, cls in TABLES.items():
        assert f"## `{table}`" in page
        for f in fields(cls):
            assert f"| `{f.name}` |" in page and f.doc, (table, f.name)
