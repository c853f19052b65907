"""The research notebook, docs/example.ipynb, is stored with current, clean outputs.

The site renders the notebook with the outputs stored in it (mkdocs-jupyter does not execute it at
build time) and CI executes it separately, so these tests check that what the page shows was produced
by this data release, without errors, and names no machine's paths. Skipped outside a source tree.
To refresh the stored outputs:

    jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False docs/example.ipynb
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest

import migorgs

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
NOTEBOOK = DOCS / "example.ipynb"
REFRESH = "refresh the outputs: see tests/test_notebook.py"

pytestmark = pytest.mark.skipif(not NOTEBOOK.is_file(), reason="no source tree")


def _cells(kind: str) -> list[dict[str, Any]]:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == kind]


def _text(output: dict[str, Any]) -> str:
    """The text of a stored output: a stream, or the plain and HTML forms of a result."""
    if output["output_type"] == "stream":
        return "".join(output["text"])
    data = output.get("data", {})
    return "".join("".join(data.get(mime, "")) for mime in ("text/plain", "text/html"))


def test_every_code_cell_ran_in_order_without_errors() -> None:
    cells = _cells("code")
    assert cells
    counts = [c["execution_count"] for c in cells]
    assert counts == list(range(1, len(cells) + 1)), f"not executed top to bottom: {counts}; {REFRESH}"
    for c in cells:
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"{''.join(c['source'])[:200]!r} failed; {REFRESH}"
            assert out.get("name") != "stderr", f"{_text(out)[:300]!r}; {REFRESH}"


def test_outputs_come_from_this_data_release() -> None:
    texts = [_text(o) for c in _cells("code") for o in c["outputs"]]
    assert any(f"data release {migorgs.DATA_VERSION}" in t for t in texts), REFRESH
    assert any("image/png" in o.get("data", {}) for c in _cells("code") for o in c["outputs"]), "no figure"


def test_no_machine_paths() -> None:
    text = NOTEBOOK.read_text(encoding="utf-8")
    found = re.findall(r"(?:/home/|/root/|/tmp/|/work/|/Users/|[A-Z]:\\\\Users|site-packages)[^\"\s]*", text)
    assert not found, found[:5]


def test_links_to_site_pages_are_addresses() -> None:
    """mkdocs-jupyter does not rewrite links, so a page link must work from the site and from Jupyter."""
    for c in _cells("markdown"):
        source = "".join(c["source"])
        relative = re.findall(r"\]\((?!https?://|#)([^)]+)\)", source)
        assert not relative, relative


def test_site_renders_the_notebook() -> None:
    config = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+- mkdocs-jupyter:", config, re.M)
    assert re.search(r"^\s+- .*: example\.ipynb$", config, re.M), "the notebook is in the nav"
    requirements = (DOCS / "requirements.txt").read_text(encoding="utf-8")
    for package in ("mkdocs-jupyter", "country-converter", "matplotlib", "pandas", "nbclient"):
        assert re.search(rf"^{package}\b", requirements, re.M), package
