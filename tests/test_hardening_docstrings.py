"""The examples in the package's docstrings (which the API reference shows) run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import migorgs

MODULES = [
    "migorgs",
    *(f"migorgs.{m.name}" for m in pkgutil.iter_modules(migorgs.__path__) if m.name != "__main__"),
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every >>> example in the module's docstrings gives the output written under it."""
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in finder.find(module, name, globs=vars(module).copy()):
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)[:4000]


def test_the_public_module_has_examples() -> None:
    """The module functions' examples are found (so the test above is not vacuous)."""
    tests = doctest.DocTestFinder(exclude_empty=True).find(migorgs, "migorgs")
    assert sum(len(t.examples) for t in tests) >= 5
