"""Shared fixtures: the packaged dataset, and small data directories built per test."""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any, Callable

import pytest

import migorgs

SRC = "test-source"

#: the smallest sound data directory: one source, two organisations, one process, one role
TINY: dict[str, Any] = {
    "meta.json": {"data_version": "2000.1.0", "licence": "CC-BY-4.0"},
    "sources.json": [
        {
            "id": SRC,
            "kind": "web",
            "title": "A test page",
            "publisher": "Tests",
            "url": "https://example.org/p",
            "as_of": "2020",
        }
    ],
    "organisations.json": [
        {
            "id": "alpha",
            "names": [
                {
                    "text": "Alpha Organisation",
                    "kind": "official",
                    "acronym": "AO",
                    "since": "1990",
                    "sources": [SRC],
                },
                {
                    "text": "Old Alpha Committee",
                    "kind": "former",
                    "acronym": "OAC",
                    "since": "1950",
                    "until": "1990",
                    "sources": [SRC],
                },
            ],
            "summary": "A test organisation.",
            "sources": [SRC],
            "founded": "1950",
            "kind": "ngo",
            "cite": {"founded": [SRC], "kind": [SRC]},
        },
        {
            "id": "beta",
            "names": [{"text": "Beta Body", "kind": "official", "sources": [SRC]}],
            "summary": "Another.",
            "sources": [SRC],
        },
    ],
    "processes.json": [
        {
            "id": "gamma-process",
            "names": [{"text": "Gamma Process", "kind": "official", "sources": [SRC]}],
            "summary": "A test process.",
            "sources": [SRC],
            "classifications": [{"kind": "regional-consultative-process", "as_of": "2020", "sources": [SRC]}],
            "established": "2001",
            "regions": ["europe"],
            "cite": {"established": [SRC], "regions": [SRC]},
        }
    ],
    "states.json": [
        {"code": "DEU", "name": "Germany", "alpha2": "DE", "sources": [SRC]},
        {"code": "FRA", "name": "France", "alpha2": "FR", "sources": [SRC]},
        {"code": "MEX", "name": "Mexico", "alpha2": "MX", "sources": [SRC]},
    ],
    "snapshots.json": [
        {
            "id": "gamma-process:2020:test",
            "body": "gamma-process",
            "as_of": "2020",
            "complete": True,
            "scope": ["member"],
            "members": ["DEU", "FRA"],
            "sources": [SRC],
        }
    ],
    "involvements.json": [
        {
            "org": "alpha",
            "process": "gamma-process",
            "role": "secretariat",
            "partners": [{"org": "beta", "relation": "with"}],
            "as_of": "2020",
            "sources": [SRC],
        }
    ],
}


@pytest.fixture(scope="session")
def ds() -> migorgs.Dataset:
    """The packaged dataset."""
    return migorgs.default_dataset()


@pytest.fixture
def make_data(tmp_path: pathlib.Path) -> Callable[..., pathlib.Path]:
    """Write a data directory: TINY, changed by ``edit(files)``; raw strings are written as they are."""

    def make(edit: Callable[[dict[str, Any]], None] | None = None, name: str = "data") -> pathlib.Path:
        files = copy.deepcopy(TINY)
        if edit is not None:
            edit(files)
        root = tmp_path / name
        root.mkdir()
        for fname, content in files.items():
            path = root / fname
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, (str, bytes)):
                path.write_bytes(content.encode() if isinstance(content, str) else content)
            else:
                path.write_text(json.dumps(content), encoding="utf-8")
        return root

    return make


def write_broken_copy(folder: pathlib.Path) -> pathlib.Path:
    """The packaged data exported to ``folder`` with two mistakes, as the docs' pages use it:
    MIDWA established in month 13, and the Puebla Process in the region "atlantis"."""
    migorgs.default_dataset().export(folder, "data-dir")
    path = folder / "processes.json"
    processes = json.loads(path.read_text(encoding="utf-8"))
    for p in processes:
        if p["id"] == "midwa":
            p["established"] = "2000-13"
        if p["id"] == "puebla-process":
            p["regions"] = ["americas", "atlantis"]
    path.write_text(json.dumps(processes, ensure_ascii=False), encoding="utf-8")
    return folder
