"""The README's quickstart is real: its examples run and print what the README shows."""

from __future__ import annotations

import doctest
import pathlib

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.skipif(not README.is_file(), reason="no source tree")
def test_readme_quickstart_examples() -> None:
    """Every >>> example in README.md gives the output written under it."""
    text = README.read_text(encoding="utf-8")
    start = text.index("```python", text.index("## Quickstart")) + len("```python")
    block = text[start : text.index("```", start)]
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block, {}, "README.md", str(README), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
    assert len(test.examples) >= 10
