"""The installed command line, as people use it: finding things, reading cards and listings, every command.

Every test runs the installed ``migorgs`` script (or ``python -m migorgs``) in
a fresh process, not ``main()`` in this one; ``run`` checks the exit status and
that no traceback reaches stderr.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from typing import Any, Optional

import pytest

import migorgs

EXE = shutil.which("migorgs", path=os.path.dirname(sys.executable))


def run(
    *args: str, code: Optional[int] = 0, env: Optional[dict[str, str]] = None, columns: int = 80, **kw: Any
) -> subprocess.CompletedProcess[str]:
    """Run the installed command; check the exit status and that no traceback reaches the user."""
    cmd = [EXE, *args] if EXE else [sys.executable, "-m", "migorgs", *args]
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "MIGORGS_DEBUG")}
    full_env = {**base, "PYTHONIOENCODING": "utf-8", "COLUMNS": str(columns), **(env or {})}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=full_env, **kw)
    assert "Traceback" not in proc.stderr, proc.stderr
    if code is not None:
        assert proc.returncode == code, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


def too_wide(text: str, width: int) -> list[str]:
    """Lines wider than ``width`` that could have been wrapped (a url or one long word may overflow)."""
    return [line for line in text.splitlines() if len(line) > width and " " in line.strip()]


# ---------------------------------------------------------------------- finding things


def test_python_dash_m_works() -> None:
    """`python -m migorgs show IOM` prints the card, its heading first."""
    proc = subprocess.run(
        [sys.executable, "-m", "migorgs", "show", "IOM"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.startswith("International Organization for Migration (IOM)") and first.endswith(" iom")


@pytest.mark.parametrize(
    ("key", "eid"),
    [
        ("puebla", "puebla-process"),
        ("colombo", "colombo-process"),
        ("rabat", "rabat-process"),
        ("Abu Dhabi", "abu-dhabi-dialogue"),
    ],
)
def test_common_short_names_find_their_process(key: str, eid: str) -> None:
    """A short name search finds clearly is shown, and stderr says which entity was chosen."""
    proc = run("show", key)
    assert f"[{eid}]" in proc.stderr and "best match" in proc.stderr
    assert proc.stdout.splitlines()[0].rstrip().endswith(eid)


def test_close_matches_are_listed_not_guessed() -> None:
    """When several entities match about equally, they are listed on stderr with exit 1."""
    proc = run("show", "migration dialogue", code=1)
    assert proc.stdout == ""
    assert "did you mean" in proc.stderr and "midwa" in proc.stderr and "idm" in proc.stderr


def test_transposed_acronym_is_suggested() -> None:
    """`show IMO` suggests IOM (and does not guess: IMO is another organisation's acronym)."""
    proc = run("show", "IMO", code=1)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert "no organisation or process matches 'IMO'" in lines[0]
    assert lines[1].split()[0] == "iom"


def test_api_lookup_stays_strict_and_suggests() -> None:
    """The Python API never guesses, but its error carries the candidates, IOM for 'IMO'."""
    with pytest.raises(migorgs.NotFoundError) as info:
        migorgs.get_org("IMO")
    assert info.value.suggestions[0].endswith("(iom)")
    with pytest.raises(migorgs.NotFoundError):
        migorgs.lookup("puebla")


def test_common_name() -> None:
    """common_name is the English '... Process' variant people use, else the name."""
    assert migorgs.get_process("puebla-process").common_name == "Puebla Process"
    assert migorgs.get_process("colombo-process").common_name == "Colombo Process"
    assert migorgs.get_org("IOM").common_name == "International Organization for Migration"
    assert migorgs.get_process("budapest-process").common_name == "Budapest Process"
    # the acronym must agree: SACM is not shown as the "Lima Process"
    assert migorgs.get_process("sacm").common_name == "South American Conference on Migration"


def test_ambiguous_key_exits_1_listing_candidates(make_data: Any) -> None:
    """A key naming two entities: exit 1 (not the usage status 2), the candidates on stderr."""

    def edit(files: dict[str, Any]) -> None:
        files["organisations.json"][1]["names"].append(
            {"text": "Alpha Organisation", "kind": "variant", "sources": ["test-source"]}
        )

    root = make_data(edit)
    proc = run("--data", str(root), "show", "Alpha Organisation", code=1)
    assert "alpha" in proc.stderr and "beta" in proc.stderr and proc.stdout == ""
    run("--data", str(root), "show", "alpha")  # an id always finds its record


def test_key_options_take_common_names() -> None:
    """--org and --process accept what `show` accepts."""
    a = json.loads(run("orgs", "--process", "bali", "--json").stdout)
    b = json.loads(run("orgs", "--process", "bali-process", "--json").stdout)
    assert a == b and a


# ---------------------------------------------------------------------- reading the output


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize(
    "key", ["IOM", "puebla-process", "UNHCR", "global-rcp-meetings", "soderkoping-process"]
)
def test_cards_fit_the_width(columns: int, key: str) -> None:
    """Cards wrap to the width: only lines without a space (a url) may run over."""
    out = run("show", key, columns=columns).stdout
    assert not too_wide(out, columns), too_wide(out, columns)
    # a url is printed whole, however long; every other line fits
    assert max(len(line) for line in out.splitlines() if " " in line.strip()) <= columns


@pytest.mark.parametrize("columns", [60, 80, 120])
@pytest.mark.parametrize(
    "args",
    [
        ("orgs",),
        ("processes",),
        ("search", "migration", "--limit", "20"),
        ("history", "IOM", "--lang", "all"),
        ("timeline", "IOM"),
        ("events",),
        ("publications",),
        ("themes",),
        ("conflicts",),
        ("sources",),
        ("sources", "iom-web-2021"),
        ("stats",),
        ("--help",),
        ("show", "--help"),
    ],
)
def test_listings_fit_the_width(columns: int, args: tuple[str, ...]) -> None:
    """Listings and help wrap to the width too."""
    out = run(*args, columns=columns).stdout
    assert out.strip()
    assert len(too_wide(out, columns)) <= 2, too_wide(out, columns)


def test_card_sections_and_readable_values() -> None:
    """The IOM card: headings, readable numbers and labels, numbered sources with their urls."""
    out = run("show", "IOM").stdout
    for heading in ("Names", "Facts", "Roles in processes (", "Recorded conflicts", "Sources"):
        assert f"\n{heading}" in out
    assert "1,675,000,000 USD" in out and "member states" in out and "more than 100" in out
    assert "  [1] International Organization for Migration (Wikipedia article)" in out
    assert "https://en.wikipedia.org/wiki/International_Organization_for_Migration" in out
    assert "secretariat support" in out and "secretariat-support" not in out


def test_card_shows_common_name_first_and_the_official_name() -> None:
    """The heading uses the familiar name; the official name follows."""
    lines = run("show", "puebla-process").stdout.splitlines()
    assert lines[0].startswith("Puebla Process (RCM)")
    assert lines[1] == "official name: Regional Conference on Migration"


def test_roles_sorted_by_process_name_and_no_self_partner() -> None:
    """Roles are grouped under process names in alphabetical order; IOM is never its own partner."""
    out = run("show", "IOM", columns=200).stdout
    section = out.split("\nRoles in processes")[1].split("\nRecorded conflicts")[0]
    heads = [
        line.strip()
        for line in section.splitlines()[1:]
        if line.startswith("  ") and not line.startswith("    ")
    ]
    assert heads == sorted(heads, key=str.casefold)
    assert "Almaty Process" in heads and "Puebla Process (RCM)" in heads
    assert "with IOM" not in section and "held by IOM" not in section
    assert "(held by UNHCR; with OSCE)" in section


def test_members_by_name_or_code() -> None:
    """--member takes a code or an English country name."""
    by_code = run("processes", "--member", "MEX", "--json").stdout
    assert json.loads(by_code) and run("processes", "--member", "Mexico", "--json").stdout == by_code
    assert (
        run("processes", "--member", "united states of america", "--json").stdout
        == run("processes", "--member", "usa", "--json").stdout
    )
    proc = run("processes", "--member", "Mexco", code=2)
    assert "Mexico (MEX)" in proc.stderr


def test_processes_include_past_and_source() -> None:
    """--include-past and --source reach processes_where."""
    got = json.loads(
        run(
            "processes",
            "--role",
            "secretariat",
            "--org",
            "UNHCR",
            "--source",
            "iom-web-2021",
            "--include-past",
            "--json",
        ).stdout
    )
    assert [p["id"] for p in got] == ["almaty-process", "bali-process"]
    now = json.loads(run("processes", "--org", "IOM", "--role", "secretariat", "--json").stdout)
    ever = json.loads(
        run("processes", "--org", "IOM", "--role", "secretariat", "--include-past", "--json").stdout
    )
    assert {p["id"] for p in now} < {p["id"] for p in ever}


def test_sources_command() -> None:
    """`sources` lists every source; `sources ID` shows one with its url and what cites it."""
    listing = run("sources", "--json").stdout
    assert len(json.loads(listing)) == len(migorgs.sources())
    out = run("sources", "iom-ch-add").stdout
    assert "http://www.iom.ch/abu-dhabi-dialogue" in out and "abu-dhabi-dialogue" in out
    data = json.loads(run("sources", "iom-ch-add", "--json").stdout)
    assert data["url"] == "http://www.iom.ch/abu-dhabi-dialogue" and "abu-dhabi-dialogue" in data["cited_by"]
    assert "no source matches" in run("sources", "no-such-source", code=1).stderr


def test_events_publications_themes_conflicts() -> None:
    """The API's other listings have commands, with their filters."""
    events = json.loads(run("events", "--year", "2016", "--json").stdout)
    assert events and all(e["date"].startswith("2016") for e in events)
    pubs = json.loads(run("publications", "--series", "world-migration-report", "--json").stdout)
    assert pubs and {p["series"] for p in pubs} == {"world-migration-report"}
    themes = json.loads(run("themes", "--process", "IDM", "--year", "2012", "--json").stdout)
    assert [t["year"] for t in themes] == [2012]
    conflicts = json.loads(run("conflicts", "IOM", "--json").stdout)
    assert conflicts and {c["entity"] for c in conflicts} == {"iom"}


def test_history_timeline_search() -> None:
    """history, timeline and search print one item a row."""
    hist = run("history", "IOM", columns=200).stdout.splitlines()
    assert [line.split("(")[-1].rstrip(")") for line in hist] == ["PICMME", "ICEM", "ICM", "IOM"]
    assert "1953-10-19" in run("timeline", "IOM").stdout
    top = run("search", "Organizacion Internacional Migraciones", "--json").stdout
    assert json.loads(top)[0]["id"] == "iom"


def test_version_prints_code_and_data_versions() -> None:
    """--version names both versions."""
    out = run("--version").stdout
    assert out.strip() == f"migorgs {migorgs.__version__} (data {migorgs.DATA_VERSION})"


# ---------------------------------------------------------------------- colour


def _on_a_tty(*args: str, env: Optional[dict[str, str]] = None) -> bytes:
    """Run with stdout on a pseudo-terminal; return what it printed."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    cmd = [EXE, *args] if EXE else [sys.executable, "-m", "migorgs", *args]
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    proc = subprocess.Popen(
        cmd, stdout=slave, stderr=subprocess.PIPE, env={**base, "TERM": "xterm", **(env or {})}
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.stderr is not None
    with proc.stderr:
        assert b"Traceback" not in proc.stderr.read()
    return b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_only_on_a_terminal() -> None:
    """Bold on a terminal; none with NO_COLOR, --no-color, in a pipe or with --json."""
    assert b"\x1b[" in _on_a_tty("show", "IOM")
    assert b"\x1b[" not in _on_a_tty("show", "IOM", env={"NO_COLOR": "1"})
    assert b"\x1b[" not in _on_a_tty("show", "IOM", "--no-color")
    assert b"\x1b[" not in _on_a_tty("show", "IOM", "--json")
    assert "\x1b[" not in run("show", "IOM").stdout


# ---------------------------------------------------------------------- scripts


#: every command with arguments that find something, and arguments that find nothing
COMMANDS = {
    "show": (["IOM"], None),
    "search": (["bali"], ["qqqqzzzz"]),
    "orgs": ([], ["--kind", "ngo", "--process", "bali-process"]),
    "processes": (["--region", "americas"], ["--member", "ISL"]),
    "history": (["IOM"], ["IOM", "--lang", "xx"]),
    "timeline": (["IOM"], None),
    "events": (["--kind", "founding"], ["--year", "1800"]),
    "publications": ([], ["--year", "1800"]),
    "themes": ([], ["--year", "1800"]),
    "conflicts": (["IOM"], ["picum"]),
    "members": (["Colombo Process", "--at", "2014"], ["Colombo Process", "--at", "1990"]),
    "memberships": (["Mexico"], ["Aruba", "--kind", "regional-economic-community"]),
    "panel": (["--body", "colombo-process", "--start", "2014", "--end", "2015"], ["--body", "c2cmmd"]),
    "heads": (["UNHCR"], ["bali-process"]),
    "sources": ([], None),
    "check": ([], None),
    "stats": ([], None),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_is_valid_and_empty_results_exit_1(name: str) -> None:
    """--json prints valid ASCII JSON; an empty result exits 1 in text and in JSON."""
    found, empty = COMMANDS[name]
    data = json.loads(run(name, *found, "--json").stdout)
    assert data or name == "check"
    if empty is not None:
        proc = run(name, *empty, "--json", code=1)
        assert json.loads(proc.stdout) == []
        assert run(name, *empty, code=1).stdout == ""


def test_every_command_is_tested() -> None:
    """The table above covers every registered command but export, diff, help and release (tested on their own)."""
    from migorgs._cli import COMMANDS as registered

    assert set(registered) - {"export", "diff", "help", "release"} == set(COMMANDS)


def test_help_command() -> None:
    """`migorgs help` and `migorgs help COMMAND` print what --help prints."""
    assert run("help").stdout == run("--help").stdout
    assert run("help", "show").stdout == run("show", "--help").stdout
    assert "did you mean 'show'" in run("help", "shwo", code=2).stderr


def test_global_options_before_or_after_the_command() -> None:
    """--json, --no-color and --data are accepted on either side of the command."""
    a = run("--json", "show", "IOM").stdout
    b = run("show", "IOM", "--json").stdout
    c = run("show", "--json", "--no-color", "IOM").stdout
    assert a == b == c and json.loads(a)["record"]["id"] == "iom"


def test_bare_command_prints_help_and_unknown_command_suggests() -> None:
    """`migorgs` alone prints help; `migorgs shwo` exits 2 with "did you mean 'show'"."""
    out = run().stdout
    assert out.startswith("usage: migorgs") and "show" in out and "exit status" in out
    proc = run("shwo", "IOM", code=2)
    assert "did you mean 'show'" in proc.stderr and proc.stdout == ""
    run("fly", code=2)


@pytest.mark.parametrize(
    "name", ["show", "search", "orgs", "processes", "export", "diff", "check", "sources"]
)
def test_command_help_has_an_example_and_valid_values(name: str) -> None:
    """Every command's help ends with an example; options list their valid values."""
    out = run(name, "--help", columns=200).stdout
    assert "example:\n  migorgs " in out
    if name == "processes":
        assert "secretariat-support" in out and "asia-pacific" in out and "inter-regional-forum" in out
    if name == "export":
        assert "default: datapackage" in out


def test_bad_filter_is_a_usage_error() -> None:
    """An unknown role: exit 2 and the valid values on stderr."""
    proc = run("processes", "--role", "boss", code=2)
    assert "'secretariat'" in proc.stderr and proc.stdout == ""


def test_check_statuses(tmp_path: Any) -> None:
    """check: 0 clean, 1 problems (listed), 3 data that cannot be loaded at all."""
    run("check")
    (tmp_path / "meta.json").write_text('{"data_version": "2000.1.0"}')
    (tmp_path / "processes.json").write_text('[{"id": "x"}]')
    problems = json.loads(run("check", str(tmp_path), "--json", code=1).stdout)
    assert problems and problems[0]["file"] == "processes.json" and problems[0]["record"] == "x"
    assert "does not exist" in run("check", "/nonexistent", code=3).stderr
    run("--data", str(tmp_path), "check", code=1)  # --data names what to check too
    (tmp_path / "plain.txt").write_text("hello")
    run("check", str(tmp_path / "plain.txt"), code=3)


def test_broken_data_option_exits_3(tmp_path: Any) -> None:
    """--data pointing at broken or missing data: exit 3 with the problem on stderr."""
    (tmp_path / "meta.json").write_text("{")
    assert "meta.json" in run("--data", str(tmp_path), "orgs", code=3).stderr
    run("--data", str(tmp_path / "missing"), "orgs", code=3)
    run("orgs", "--data", "", code=3)


def test_stats() -> None:
    """`stats --json` reports counts and 100% sourced."""
    s = json.loads(run("stats", "--json").stdout)
    assert s["share_sourced"] == 1.0
    assert s["counts"]["organisations"] >= 20 and s["counts"]["processes"] >= 20


def test_show_json() -> None:
    """`show --json`: the record (with its common name), its roles and the sources it cites."""
    data = json.loads(run("show", "puebla", "--json").stdout)
    assert data["record"]["id"] == "puebla-process" and data["record"]["common_name"] == "Puebla Process"
    assert ("iom", "secretariat") in {(i["org"], i["role"]) for i in data["involvements"]}
    assert all(s["url"].startswith("http") for s in data["sources"])


def test_processes_listing_json() -> None:
    """`processes --role secretariat --org IOM --json` matches the API."""
    data = json.loads(run("processes", "--role", "secretariat", "--org", "IOM", "--json").stdout)
    assert [p["id"] for p in data] == [p.id for p in migorgs.processes_where(role="secretariat", org="IOM")]


def test_show_is_as_fast_as_the_api_import() -> None:
    """`show KEY` does not import argparse (it costs more than the card)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "migorgs", "show", "IOM"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0
    imported = {
        line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time")
    }
    assert "argparse" not in imported and "migorgs._card" in imported
    assert not re.search(r"\bpandas\b", " ".join(imported))


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "IOM"],
        ["search", "bali"],
        ["orgs"],
        ["processes"],
        ["history", "IOM"],
        ["timeline", "IOM"],
        ["events"],
        ["publications"],
        ["themes"],
        ["conflicts"],
        ["conflicts", "IOM"],
        ["sources"],
        ["sources", "iom-web-2021"],
        ["check"],
        ["check", "somewhere"],
        ["stats"],
        ["export", "out"],
        ["diff", "a", "b"],
        ["help"],
        ["help", "show"],
    ],
)
def test_fast_parse_agrees_with_argparse(argv: list[str]) -> None:
    """The argparse-free path for bare positional arguments gives exactly what argparse gives."""
    import io

    from migorgs._cli import _fast_parse, _parser

    fast = _fast_parse(argv[0], argv[1:])
    assert fast is not None
    full = _parser(argv[0], io.StringIO(), io.StringIO()).parse_args(argv)
    assert vars(fast) == vars(full)
    assert _fast_parse(argv[0], [*argv[1:], "--json"]) is None
