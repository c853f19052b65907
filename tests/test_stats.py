"""The coverage report behind `migorgs stats`: the span of the sources' as-of dates."""

from __future__ import annotations

import json
import subprocess
import sys

import migorgs
from migorgs._dataset import Dataset
from migorgs._stats import stats, stats_text


def test_sources_as_of_span(ds) -> None:  # type: ignore[no-untyped-def]
    """The report names the oldest and newest as-of dates of the sources, and which sources they are."""
    span = stats(ds)["sources_as_of"]
    dates = [s.as_of for s in ds.sources()]
    assert span["oldest"] == str(min(dates)) and span["newest"] == str(max(dates))
    assert span["oldest_sources"] == [s.id for s in ds.sources() if s.as_of == min(dates)]
    assert span["newest_sources"] == [s.id for s in ds.sources() if s.as_of == max(dates)]
    text = stats_text(stats(ds))
    assert f"sources as of: oldest {span['oldest']} ({span['oldest_sources'][0]}" in text
    assert f"newest {span['newest']} ({span['newest_sources'][0]}" in text


def test_sources_as_of_span_of_an_empty_dataset() -> None:
    """A dataset without sources has no span, and the text report leaves the line out."""
    empty = Dataset({}, {"data_version": "0"})
    assert stats(empty)["sources_as_of"]["oldest"] is None
    assert "sources as of" not in stats_text(stats(empty))


def test_stats_command_shows_the_span() -> None:
    """`migorgs stats` prints the span, and `--json` carries it."""
    cmd = [sys.executable, "-m", "migorgs", "stats"]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    data = json.loads(subprocess.run([*cmd, "--json"], capture_output=True, text=True, check=True).stdout)
    span = stats(migorgs.default_dataset())["sources_as_of"]
    assert data["sources_as_of"] == span
    assert f"sources as of: oldest {span['oldest']}" in text
