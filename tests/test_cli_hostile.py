"""The installed command line under hostile arguments and environments: no traceback, a documented status.

Non-UTF-8 terminals, closed and full stdout, odd keys and numbers, missing
and unreadable paths, exports over existing files, and diffs between any two
export formats.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

import migorgs

EXE = shutil.which("migorgs", path=os.path.dirname(sys.executable))
CMD = [EXE] if EXE else [sys.executable, "-m", "migorgs"]


def run(
    *args: str, code: Optional[int] = 0, env: Optional[dict[str, str]] = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    """Run the installed command; check the exit status and that no traceback reaches the user."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "MIGORGS_DEBUG")}
    full_env = {**base, "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run(
        [*CMD, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
        env=full_env,
        **kw,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    if code is not None:
        assert proc.returncode == code, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


# ---------------------------------------------------------------------- odd arguments


@pytest.mark.parametrize(
    "args",
    [
        ("show", ""),
        ("show", "   "),
        ("show", "x" * 20000),
        ("show", "é" * 3000),
        ("show", "🙂"),
        ("show", "'; DROP TABLE organisations; --"),
        ("show", "IOM", "extra"),
        ("history", "IOM", "--lang", ""),
        ("timeline", "nobody"),
        ("search", ""),
        ("search", "a" * 50000),
        ("conflicts", "nobody"),
        ("sources", "x" * 5000),
        ("publications", "--org", "nobody"),
        ("themes", "--process", "IOM"),
    ],
)
def test_odd_keys_exit_1_or_2(args: tuple[str, ...]) -> None:
    """Keys that find nothing, empty or huge: exit 1 (or 2 for a usage error), a short message, no output."""
    proc = run(*args, code=None)
    assert proc.returncode in (1, 2), (proc.returncode, proc.stderr)
    assert proc.stdout == "" and proc.stderr.startswith(("migorgs", "usage"))
    assert len(proc.stderr) < 5000


@pytest.mark.parametrize(
    "args",
    [
        ("search", "iom", "--limit", "0"),
        ("search", "iom", "--limit", "-1"),
        ("search", "iom", "--limit", "abc"),
        ("search", "iom", "--limit", "9" * 400),
        ("events", "--year", "0"),
        ("events", "--year", "10000"),
        ("events", "--year", "1e3"),
        ("events", "--kind", "party"),
        ("processes", "--active-in", "soon"),
        ("processes", "--kind", "club"),
        ("processes", "--member", "Atlantis"),
        ("processes", "--member", ""),
        ("processes", "--source", "no-such-source"),
        ("orgs", "--kind", "club"),
        ("orgs", "--role", "boss"),
        ("publications", "--series", "no-such-series"),
        ("export", "out", "--format", "xlsx"),
        ("show",),
        ("diff", "packaged"),
        ("--no-such-option",),
        ("show", "IOM", "--no-such-option"),
    ],
)
def test_bad_values_are_usage_errors(args: tuple[str, ...], tmp_path: Path) -> None:
    """An invalid value or a missing argument: exit 2, never a traceback."""
    proc = run(*args, code=None, cwd=tmp_path)
    assert proc.returncode in (1, 2), (proc.returncode, proc.stderr)  # an unknown source id is "not found"
    assert proc.stdout == "" and proc.stderr


def test_internal_errors_are_one_line(tmp_path: Path) -> None:
    """Whatever goes wrong inside, the user sees a line, not a traceback (MIGORGS_DEBUG shows it)."""
    (tmp_path / "sitecustomize.py").write_text(
        "import migorgs._card\n"
        "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
        "migorgs._card.card = boom\n"
    )
    env = {"PYTHONPATH": str(tmp_path)}
    proc = run("show", "IOM", code=1, env=env)
    assert "internal error: RuntimeError: 'boom'" in proc.stderr


# ---------------------------------------------------------------------- terminals and pipes


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
    ],
)
@pytest.mark.parametrize(
    "args", [("show", "soderkoping-process"), ("show", "IOM"), ("timeline", "IOM"), ("show", "nobody-at-all")]
)
def test_non_utf8_terminal_degrades(env: dict[str, str], args: tuple[str, ...]) -> None:
    """On a terminal that is not UTF-8 the text degrades (an en dash to -, ö to o) instead of crashing."""
    proc = subprocess.run([*CMD, *args], capture_output=True, timeout=120, env={**os.environ, **env})
    assert b"Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    if proc.returncode == 0:
        text = proc.stdout.decode("latin-1")
        assert "Process" in text or "Organization" in text
        if env.get("PYTHONIOENCODING") == "ascii" and "soderkoping" in args[1]:
            assert proc.stdout.isascii() and b"Soderkoping Process" in proc.stdout


def test_json_is_ascii_unless_asked() -> None:
    """--json escapes non-ASCII characters by default; --no-ensure-ascii writes UTF-8."""
    proc = subprocess.run([*CMD, "show", "soderkoping-process", "--json"], capture_output=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.isascii()
    assert json.loads(proc.stdout)["record"]["name"] == "Söderköping Process"
    proc = subprocess.run(
        [*CMD, "show", "soderkoping-process", "--json", "--no-ensure-ascii"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert "Söderköping Process".encode() in proc.stdout
    proc = subprocess.run(
        [*CMD, "show", "soderkoping-process", "--json"],
        capture_output=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["record"]["id"] == "soderkoping-process"


@pytest.mark.parametrize("args", [("show", "IOM"), ("sources",), ("export", "-", "--format", "json")])
def test_closed_stdout_ends_quietly(args: tuple[str, ...]) -> None:
    """A reader that goes away (`| head -1`): non-zero status, nothing on stderr."""
    proc = subprocess.Popen([*CMD, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=120) != 0
    assert err == b"", err


@pytest.mark.skipif(os.name != "posix", reason="closes a file descriptor")
def test_stdout_closed_before_the_start() -> None:
    """`migorgs show IOM >&-`: exit 1 with a message, not an internal error."""
    proc = subprocess.run(
        [*CMD, "show", "IOM"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),  # closes the child's stdout only
    )
    assert proc.returncode == 1 and proc.stderr == "migorgs: cannot write the output: stdout is closed\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("show", "IOM"), ("stats", "--json"), ("export", "-", "--format", "json")])
def test_full_stdout_ends_with_a_message(args: tuple[str, ...]) -> None:
    """A full disk (`> /dev/full`): exit 1 and one line saying so, no traceback."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run([*CMD, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == "migorgs: cannot write the output: No space left on device"


@pytest.mark.parametrize("columns", ["0", "-5", "abc", "9" * 30, "10", "", "100000"])
def test_odd_columns(columns: str) -> None:
    """A COLUMNS that is no width is ignored or bounded; the card still prints."""
    proc = run("show", "IOM", env={"COLUMNS": columns})
    assert proc.stdout.startswith("International Organization for")
    assert max(len(line) for line in proc.stdout.splitlines()) <= 400


@pytest.mark.parametrize("term", ["dumb", ""])
def test_no_colour_for_a_dumb_terminal(term: str) -> None:
    """TERM=dumb (and output that is not a terminal) get no escape codes."""
    assert "\x1b[" not in run("show", "IOM", env={"TERM": term}).stdout


# ---------------------------------------------------------------------- paths


def test_missing_and_unreadable_data(tmp_path: Path) -> None:
    """--data, check and diff: a missing, empty or unreadable path is data that cannot be loaded (3)."""
    run("--data", str(tmp_path / "nope"), "show", "IOM", code=3)
    run("check", str(tmp_path / "nope"), code=3)
    run("diff", "packaged", str(tmp_path / "nope"), code=3)
    run("--data", str(tmp_path), "orgs", code=3)  # an empty folder
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 not really a zip")
    run("--data", str(tmp_path / "junk.zip"), "orgs", code=3)
    (tmp_path / "bad.json").write_text("[1, 2")
    assert "bad.json" in run("--data", str(tmp_path / "bad.json"), "orgs", code=3).stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:  # pragma: no cover - not run as root
    """A folder that cannot be read: exit 3 with a message."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        run("--data", str(locked), "orgs", code=3)
    finally:
        locked.chmod(0o700)


# ---------------------------------------------------------------------- export


def test_export_refuses_a_non_empty_target_unless_forced(tmp_path: Path) -> None:
    """An existing non-empty folder is refused (exit 2) unless --force; a file is never a target."""
    target = tmp_path / "out"
    run("export", str(target), "--format", "data-dir")
    proc = run("export", str(target), "--format", "data-dir", code=2)
    assert "--force" in proc.stderr
    run("export", str(target), "--format", "data-dir", "--force")
    assert migorgs.load(target) == migorgs.default_dataset()
    assert "no folder name" in run("export", "", code=2, cwd=target).stderr
    assert "no folder name" in run("export", "  ", code=2, cwd=target).stderr
    (tmp_path / "file").write_text("x")
    assert "not a folder" in run("export", str(tmp_path / "file"), code=2).stderr
    assert (tmp_path / "file").read_text() == "x"


def test_export_to_stdout(tmp_path: Path) -> None:
    """`export - --format json` writes the JSON export to stdout; folder formats refuse `-`."""
    proc = subprocess.run([*CMD, "export", "-", "--format", "json"], capture_output=True, timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    run("export", str(tmp_path / "j"), "--format", "json")
    assert proc.stdout == (tmp_path / "j" / "migorgs.json").read_bytes()
    assert set(json.loads(proc.stdout)) >= {"meta", "organisations", "processes"}
    assert not (tmp_path / "-").exists()
    for fmt in ("csv", "datapackage", "data-dir"):
        proc2 = run("export", "-", "--format", fmt, code=2, cwd=tmp_path)
        assert "folder" in proc2.stderr and not (tmp_path / "-").exists()


@pytest.mark.skipif(os.name != "posix", reason="posix paths")
def test_export_to_an_unwritable_place(tmp_path: Path) -> None:
    """A target that cannot be created: exit 1 with the path and the reason."""
    proc = run("export", "/proc/migorgs-cannot-be-here", "--format", "json", code=None)
    assert proc.returncode in (1, 2) and "/proc/migorgs-cannot-be-here" in proc.stderr


@pytest.mark.parametrize("fmt", ["data-dir", "json", "csv", "datapackage"])
def test_export_formats(tmp_path: Path, fmt: str) -> None:
    """Each format writes its files; `--json` lists them."""
    files = json.loads(run("export", str(tmp_path / fmt), "--format", fmt, "--json").stdout)
    assert files and all(os.path.exists(f) for f in files)


def test_export_help_shows_the_default() -> None:
    """The default format is in --help."""
    assert "default: datapackage" in run("export", "--help").stdout


# ---------------------------------------------------------------------- diff


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The packaged data in every export format, and as zips."""
    root = tmp_path_factory.mktemp("exports")
    ds = migorgs.default_dataset()
    out = {}
    for fmt in ("data-dir", "json", "csv", "datapackage"):
        ds.export(root / fmt, fmt)
        out[fmt] = root / fmt
    out["json-file"] = root / "json" / "migorgs.json"
    out["descriptor"] = root / "datapackage" / "datapackage.json"
    out["datapackage-zip"] = Path(shutil.make_archive(str(root / "dp"), "zip", root / "datapackage"))
    out["data-dir-zip"] = Path(shutil.make_archive(str(root / "dd"), "zip", root, "data-dir"))
    return out


@pytest.mark.parametrize(
    "form", ["data-dir", "json", "json-file", "datapackage", "descriptor", "datapackage-zip", "data-dir-zip"]
)
def test_diff_any_two_forms(exports: dict[str, Path], form: str) -> None:
    """`diff` compares the packaged data with any export form of it: every form, the flat Data Package
    too (its tables are derived from the same description as the records), shows no differences."""
    proc = run("diff", "packaged", str(exports[form]), "--json", code=0)
    d = json.loads(proc.stdout)
    assert d["tables"] == {} and "no differences" in run("diff", "packaged", str(exports[form])).stdout
    assert d["data_version"] == [migorgs.DATA_VERSION, migorgs.DATA_VERSION]
    run("--data", str(exports[form]), "show", "IOM")


def test_diff_csv_without_descriptor(exports: dict[str, Path]) -> None:
    """CSV tables read back too; without a descriptor only meta.json (the data version) is lost."""
    proc = run("diff", str(exports["data-dir"]), str(exports["csv"]), "--json", code=1)
    d = json.loads(proc.stdout)
    assert set(d["tables"]) == {"meta"}


def test_diff_summarises_then_lists_changes(exports: dict[str, Path], tmp_path: Path) -> None:
    """A changed field, an added and a removed record: a summary per table, then each change; exit 1."""
    data = json.loads(exports["json-file"].read_text(encoding="utf-8"))
    for o in data["organisations"]:
        if o["id"] == "iom":
            o["headquarters"] = "Grand-Saconnex"
    data["events"] = data["events"][1:]
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data), encoding="utf-8")
    proc = run("diff", str(exports["json-file"]), str(new), code=1)
    summary, changes = proc.stdout.split("\nChanges\n")
    assert "organisations  +0  -0  ~1" in summary and "events         +0  -1  ~0" in summary
    assert '~ organisations iom headquarters: "Geneva" -> "Grand-Saconnex"' in changes
    d = json.loads(run("diff", "packaged", str(new), "--json", code=1).stdout)
    assert d["summary"]["organisations"] == {"added": 0, "removed": 0, "changed": 1}
    assert d["tables"]["organisations"]["changed"]["iom"]["headquarters"] == ["Geneva", "Grand-Saconnex"]
