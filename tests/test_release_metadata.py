"""Release metadata agrees with itself: the changelog, CITATION.cff, .zenodo.json, pyproject.toml,
the CI script and the package's versions.

The files are read from the source tree (skipped without one); the installed
package's own metadata is checked wherever it runs.
"""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import os
import pathlib
import re

import pytest

import migorgs

ROOT = pathlib.Path(__file__).resolve().parent.parent
source_tree = pytest.mark.skipif(not (ROOT / "CITATION.cff").is_file(), reason="no source tree")

HEADING = re.compile(r"## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2}|unreleased)")
DATA_LINE = re.compile(r"Data release: (?P<data>\d{4}\.\d{2}\.\d+) \(`migorgs\.DATA_VERSION`\)\.")
LINK = re.compile(r"\[(?P<version>\d+\.\d+\.\d+)\]: https://github\.com/migorgs/migorgs/\S+")


def _semver(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def changelog() -> list[dict[str, str]]:
    """The releases of CHANGELOG.md, newest first: version, date (or 'unreleased'), data, body."""
    lines = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Changelog"
    releases: list[dict[str, str]] = []
    for line in lines:
        if line.startswith("## "):
            m = HEADING.fullmatch(line)
            assert m, f"not a Keep a Changelog release heading: {line!r}"
            releases.append({"version": m["version"], "date": m["date"], "body": ""})
        elif releases:
            releases[-1]["body"] += line + "\n"
    for r in releases:
        found = DATA_LINE.findall(r["body"])
        assert len(found) <= 1, r["version"]
        r["data"] = found[0] if found else ""
    return releases


@source_tree
def test_changelog_parses() -> None:
    """Headings are `## [X.Y.Z] - YYYY-MM-DD` (or `- unreleased` on top), newest first, each with
    a link; every released section states its data release; this version has a section."""
    releases = changelog()
    assert releases
    versions = [_semver(r["version"]) for r in releases]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    unreleased = [i for i, r in enumerate(releases) if r["date"] == "unreleased"]
    assert unreleased in ([], [0]), "only the newest section may be unreleased"
    dates = [datetime.date.fromisoformat(r["date"]) for r in releases if r["date"] != "unreleased"]
    assert dates == sorted(dates, reverse=True)
    for r in releases:
        if r["date"] != "unreleased":
            assert r["data"], f"{r['version']}: no 'Data release: YYYY.MM.N (`migorgs.DATA_VERSION`).' line"
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    links = {m["version"] for m in LINK.finditer(text)}
    assert links == {r["version"] for r in releases}
    assert migorgs.__version__ in {r["version"] for r in releases}


@source_tree
def test_changelog_states_this_data_release() -> None:
    """DATA_VERSION is the data release of this version's section, or of the unreleased one above it."""
    releases = changelog()
    upto = [r for r in releases if _semver(r["version"]) >= _semver(migorgs.__version__)]
    stated = [r["data"] for r in upto if r["data"]]
    assert stated and stated[0] == migorgs.DATA_VERSION


@source_tree
def test_citation_and_zenodo_agree_with_the_package() -> None:
    """CITATION.cff and .zenodo.json cite this data release, with the package version and its date."""
    yaml = pytest.importorskip("yaml")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["version"] == migorgs.DATA_VERSION and cff["license"] == "CC-BY-4.0"
    (software,) = [r for r in cff["references"] if r["type"] == "software"]
    assert software["version"] == migorgs.__version__ and software["license"] == "MIT"
    release = next(r for r in changelog() if r["version"] == migorgs.__version__)
    if release["date"] != "unreleased":
        assert str(cff["date-released"]) == release["date"] == str(software["date-released"])
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["version"] == migorgs.DATA_VERSION and zenodo["license"] == "CC-BY-4.0"
    assert zenodo["upload_type"] == "dataset" and zenodo["title"] == cff["title"]
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert f"package {migorgs.__version__}" in zenodo["notes"]


def _ci_versions() -> list[str]:
    m = re.search(r"^VERSIONS=\(([^)]*)\)", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)
    assert m, "VERSIONS=(...) in .ci/run"
    return m[1].split()


@source_tree
def test_pyproject_declares_what_ci_tests() -> None:
    """Licence, URLs, and the Python versions: the classifiers, requires-python and CI's list agree."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    meta = project["project"]
    assert meta["license"] == "MIT AND CC-BY-4.0"
    assert set(meta["license-files"]) == {"LICENSE", "DATA-LICENSE"}
    assert set(meta["urls"]) >= {"Documentation", "Source", "Changelog", "Issues"}
    assert all(u.startswith("https://") for u in meta["urls"].values())
    assert meta["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/migorgs/__init__.py"
    declared = sorted(
        c.rsplit(" :: ", 1)[1]
        for c in meta["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    )
    assert declared == _ci_versions()
    assert meta["requires-python"] == f">={declared[0]}"
    assert not any(c.startswith("License ::") for c in meta["classifiers"]), "the licence expression says it"


def test_installed_metadata() -> None:
    """The installed distribution has this version; the built wheel says both licences and its URLs."""
    assert importlib.metadata.version("migorgs") == migorgs.__version__
    if os.environ.get("MIGORGS_EXPECT_INSTALLED") == "1":
        meta = importlib.metadata.metadata("migorgs")
        assert meta["License-Expression"] == "MIT AND CC-BY-4.0"
        assert meta["Requires-Python"] == ">=3.11"
        urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or ())
        assert urls["Documentation"] == "https://migorgs.github.io/migorgs/"
        assert urls["Source"] == "https://github.com/migorgs/migorgs"


@source_tree
def test_how_to_cite_page_names_this_release() -> None:
    """The docs' citation and BibTeX entry name this data release and package version."""
    page = (ROOT / "docs" / "cite.md").read_text(encoding="utf-8")
    assert f"(data release {migorgs.DATA_VERSION}, migorgs {migorgs.__version__})" in page
    assert f"version      = {{{migorgs.DATA_VERSION}}}" in page
