"""When CI runs the suite against the built wheel, the package must come from that install."""

from __future__ import annotations

import os
import pathlib

import pytest

import migorgs


@pytest.mark.skipif(os.environ.get("MIGORGS_EXPECT_INSTALLED") != "1", reason="only in the wheel test run")
def test_package_is_the_installed_wheel() -> None:
    """migorgs is imported from site-packages, not from a source tree, and its data is there."""
    path = pathlib.Path(migorgs.__file__).resolve()
    assert "site-packages" in path.parts, path
    assert (path.parent / "data" / "meta.json").is_file()
    assert not (path.parent.parent / "pyproject.toml").exists()
