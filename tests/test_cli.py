"""The installed command line: output, --json, exit codes, errors on stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest


def run(*args: str, check_code: int | None = 0) -> subprocess.CompletedProcess[str]:
    """Run the installed ``migorgs`` script (or ``python -m migorgs`` where the script is not on PATH)."""
    exe = shutil.which("migorgs", path=os.path.dirname(sys.executable)) or shutil.which("migorgs")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "migorgs", *args]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONIOENCODING": "utf-8"}
    )
    if check_code is not None:
        assert proc.returncode == check_code, (proc.returncode, proc.stdout, proc.stderr)
    return proc


def test_python_dash_m_works() -> None:
    """`python -m migorgs show IOM` prints the card."""
    proc = subprocess.run(
        [sys.executable, "-m", "migorgs", "show", "IOM"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("International Organization for Migration (IOM)  [iom]")


def test_show_card() -> None:
    """The card shows names over time, facts with sources and roles in processes."""
    out = run("show", "ICEM").stdout
    assert (
        "1951–1952   Provisional Intergovernmental Committee for the Movement of Migrants from Europe (PICMME)"
        in out
    )
    assert "member_states            156  as of 2014-06  [wikipedia-iom-2014]" in out
    assert "secretariat" in out and "Almaty Process" in out and "(UNHCR)" in out


def test_show_json() -> None:
    """--json prints the record and its roles as JSON."""
    data = json.loads(run("show", "Almaty Process", "--json").stdout)
    assert data["record"]["id"] == "almaty-process"
    roles = {(i["org"], i["role"]) for i in data["involvements"]}
    assert ("iom", "secretariat") in roles


def test_not_found_exit_code_and_suggestion_on_stderr() -> None:
    """An unknown key: exit 1, nothing on stdout, the suggestion on stderr."""
    proc = run("show", "Colombo Proces", check_code=1)
    assert proc.stdout == ""
    assert "no organisation or process matches 'Colombo Proces'" in proc.stderr
    assert "(colombo-process)" in proc.stderr


def test_bad_filter_is_a_usage_error() -> None:
    """An unknown role: exit 2 and the valid values on stderr."""
    proc = run("processes", "--role", "boss", check_code=2)
    assert "'secretariat'" in proc.stderr and proc.stdout == ""


def test_unknown_command_is_a_usage_error() -> None:
    """argparse usage errors exit 2."""
    run("fly", check_code=2)


def test_processes_listing_json() -> None:
    """`processes --role secretariat --org IOM --json` gives the ten processes."""
    import migorgs

    data = json.loads(run("processes", "--role", "secretariat", "--org", "IOM", "--json").stdout)
    assert [p["id"] for p in data] == [p.id for p in migorgs.processes_where(role="secretariat", org="IOM")]


def test_history_timeline_search() -> None:
    """history, timeline and search print one line per item."""
    hist = run("history", "IOM").stdout.splitlines()
    assert [line.split("(")[-1].rstrip(")") for line in hist] == ["PICMME", "ICEM", "ICM", "IOM"]
    assert "1953-10-19" in run("timeline", "IOM").stdout
    top = run("search", "Organizacion Internacional Migraciones", "--json").stdout
    assert json.loads(top)[0]["id"] == "iom"


def test_search_with_no_hit_exits_1() -> None:
    """A search that finds nothing exits 1."""
    run("search", "qqqqzzzz", check_code=1)


def test_check_packaged_is_clean_and_broken_dir_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`check` exits 0 on the packaged data and 1 (listing problems) on a broken directory."""
    run("check")
    (tmp_path / "meta.json").write_text('{"data_version": "2000.1.0"}')
    (tmp_path / "processes.json").write_text('[{"id": "x"}]')
    proc = run("check", str(tmp_path), "--json", check_code=1)
    problems = json.loads(proc.stdout)
    assert problems and problems[0]["file"] == "processes.json" and problems[0]["record"] == "x"


def test_broken_data_dir_option_exits_3(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--data pointing at a broken directory: exit 3 with the data error on stderr."""
    (tmp_path / "meta.json").write_text("{")
    proc = run("--data", str(tmp_path), "orgs", check_code=3)
    assert "meta.json" in proc.stderr


def test_stats(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`stats --json` reports counts and 100% sourced."""
    s = json.loads(run("stats", "--json").stdout)
    assert s["share_sourced"] == 1.0
    assert s["counts"]["organisations"] >= 20 and s["counts"]["processes"] >= 20


def test_export_and_diff(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """export a data directory, change one record, and diff reports exactly that change (exit 1)."""
    run("export", str(tmp_path / "a"), "--format", "data-dir")
    run("diff", "packaged", str(tmp_path / "a"))  # identical: exit 0
    orgs_file = tmp_path / "a" / "organisations.json"
    orgs = json.loads(orgs_file.read_text(encoding="utf-8"))
    for o in orgs:
        if o["id"] == "iom":
            o["headquarters"] = "Grand-Saconnex"
    orgs_file.write_text(json.dumps(orgs), encoding="utf-8")
    proc = run("diff", "packaged", str(tmp_path / "a"), check_code=1)
    assert '~ organisations iom headquarters: "Geneva" -> "Grand-Saconnex"' in proc.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "datapackage"])
def test_export_formats(tmp_path, fmt) -> None:  # type: ignore[no-untyped-def]
    """Each export format writes its files."""
    files = json.loads(run("export", str(tmp_path), "--format", fmt, "--json").stdout)
    assert files and all(os.path.exists(f) for f in files)
