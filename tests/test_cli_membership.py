"""The membership commands of the installed command line: members, memberships, panel, heads, release."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import zipfile

import migorgs
from test_cli import run, too_wide


def test_members_at_a_date_says_what_backs_each_bound() -> None:
    """`members KEY --at DATE` lists the States of that date with their bounds and what backs them."""
    out = run("members", "Colombo Process", "--at", "2014").stdout
    states = [line.split()[0] for line in out.splitlines() if line[:3].isupper() and line[3:4] == " "]
    assert len(states) == 11 and "KHM" not in states
    assert "2003 founding" in out and "2005-09 event" in out
    data = json.loads(run("members", "colombo-process", "--json").stdout)
    assert {d["state"] for d in data} >= {"KHM", "AFG"} and all(d["sources"] for d in data)
    assert run("members", "Colombo Process", "--at", "someday", code=2).stdout == ""
    assert "status" in run("members", "IOM", "--status", "president", code=2).stderr


def test_memberships_take_a_code_or_a_name() -> None:
    """`memberships` takes alpha-3, alpha-2 and names alike; an unknown State is a usage error with suggestions."""
    by_code = json.loads(run("memberships", "MEX", "--json").stdout)
    assert by_code == json.loads(run("memberships", "Mexico", "--json").stdout)
    assert by_code == json.loads(run("memberships", "mx", "--json").stdout)
    assert "puebla-process" in {d["body"] for d in by_code}
    err = run("memberships", "Mexcio", code=2).stderr
    assert "Mexico (MEX)" in err
    for width in (60, 80, 120):
        assert len(too_wide(run("memberships", "Ethiopia", columns=width).stdout, width)) <= 3


def test_panel_csv_to_stdout_and_to_a_file(tmp_path: pathlib.Path) -> None:
    """`panel` writes CSV (the API's rows); -o writes a file once, --force replaces it."""
    out = run(
        "panel", "--body", "colombo-process", "--state", "AFG", "--start", "2003", "--end", "2006"
    ).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["year"], r["code"], r["evidence"]) for r in rows] == [
        ("2003", "0", "event"), ("2004", "3", "event"), ("2005", "1", "event"), ("2006", "1", "interpolated"),
    ]  # fmt: skip
    api = migorgs.membership_panel(bodies=["colombo-process"], states=["AFG"], start=2003, end=2006)
    assert [int(r["code"]) for r in rows] == [r.code for r in api]
    target = tmp_path / "panel.csv"
    run("panel", "--form", "body-year", "--body", "Bali Process", "-o", str(target))
    first = target.read_text(encoding="utf-8")
    assert first.startswith("body,year,members,")
    assert "exists" in run("panel", "--body", "Bali Process", "-o", str(target), code=2).stderr
    assert target.read_text(encoding="utf-8") == first  # refused: untouched
    run("panel", "--body", "Bali Process", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("state,body,year,code,evidence,status")
    assert run("panel", "--form", "wide", code=2).stdout == ""


def test_heads_and_the_card() -> None:
    """`heads KEY --at YEAR` gives who held office; the card lists the heads too."""
    out = run("heads", "UNHCR", "--at", "2010", columns=120).stdout
    assert "Guterres" in out and len(out.strip().splitlines()) == 1
    assert "Grandi" in run("heads", "UNHCR").stdout
    assert "Heads" in run("show", "UNHCR").stdout


def test_release_command(tmp_path: pathlib.Path) -> None:
    """`release OUTDIR` writes the zip and SHA256SUMS; a second run needs --force."""
    out = run("release", str(tmp_path)).stdout
    assert "SHA256SUMS" in out
    (zip_path,) = tmp_path.glob("migorgs-data-*.zip")
    with zipfile.ZipFile(zip_path) as zf:
        assert any(n.endswith("/datapackage.json") for n in zf.namelist())
    assert "--force" in run("release", str(tmp_path), code=2).stderr
    run("release", str(tmp_path), "--force")


def test_bad_output_targets_are_usage_errors(tmp_path: pathlib.Path) -> None:
    """A file in a folder that does not exist, or a release into a file, is refused with a message."""
    err = run("panel", "--body", "IOM", "-o", str(tmp_path / "nowhere" / "x.csv"), code=2).stderr
    assert "does not exist" in err and ".migorgs-" not in err
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert "is not a folder" in run("release", str(afile), code=2).stderr


def test_card_lists_chairs_and_hosts() -> None:
    """A process's card lists its chairs and hosts, newest first (at most eight)."""
    out = run("show", "Colombo Process", columns=100).stdout
    section = out[out.index("Chairs and hosts") :].split("\n\n")[0].splitlines()[1:]
    assert 0 < len([line for line in section if line.startswith("  ") and not line.startswith("   ")]) <= 8
    assert "chair  IND" in out
