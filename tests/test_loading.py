"""Loading user data directories: sound ones load, broken ones fail whole with precise locations."""

from __future__ import annotations

import json
import pathlib

import pytest

import migorgs
from migorgs import DataError
from migorgs._check import check
from migorgs._load import MAX_FILE_BYTES


def problems_of(path: pathlib.Path) -> list[str]:
    with pytest.raises(DataError) as info:
        migorgs.load(path)
    assert isinstance(info.value, ValueError)
    return [str(p) for p in info.value.problems]


def test_tiny_directory_loads(make_data) -> None:  # type: ignore[no-untyped-def]
    """A sound directory loads into a Dataset with the same query methods."""
    ds = migorgs.load(make_data())
    assert ds.data_version == "2000.1.0"
    assert ds.get_org("OAC").id == "alpha"
    assert [n.acronym for n in ds.name_history("alpha")] == ["OAC", "AO"]
    assert [p.id for p in ds.processes_where(role="secretariat", org="beta")] == ["gamma-process"]
    assert check(make_data(name="again")) == []


def test_table_folders_are_read_in_name_order(make_data) -> None:  # type: ignore[no-untyped-def]
    """A table may be a folder of files; records from every file are loaded."""

    def edit(files):  # type: ignore[no-untyped-def]
        orgs = files.pop("organisations.json")
        files["organisations/a.json"] = orgs[:1]
        files["organisations/b.json"] = orgs[1:]

    ds = migorgs.load(make_data(edit))
    assert [o.id for o in ds.orgs()] == ["alpha", "beta"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda f: f.__setitem__("processes.json", '[{"id": "gamma-process", "names": ['),
            "processes.json: is not valid JSON",
        ),
        (lambda f: f.__setitem__("processes.json", b"\xff\xfe[]"), "processes.json: is not"),
        (lambda f: f.__setitem__("processes.json", {"id": "x"}), "must hold a JSON list of records"),
        (
            lambda f: f.__setitem__("processes.json", [42]),
            "processes.json [#0]: a record must be a JSON object",
        ),
        (
            lambda f: f["organisations.json"][0].__setitem__("founded", 1950),
            "[alpha] founded: expected a date string",
        ),
        (lambda f: f["organisations.json"][0].__setitem__("founded", "1950-13"), "[alpha] founded"),
        (
            lambda f: f["organisations.json"][0].__setitem__("kind", "club"),
            "[alpha] kind: 'club' is not a valid OrgKind",
        ),
        (lambda f: f["organisations.json"][0].__setitem__("colour", "red"), "[alpha]"),
        (
            lambda f: f["organisations.json"][0]["names"][0].__setitem__("text", 7),
            "[alpha] names[0].text: expected a string",
        ),
        (
            lambda f: f["organisations.json"][0].__setitem__("sources", "test-source"),
            "[alpha] sources: expected a list",
        ),
        (lambda f: f["organisations.json"][1].pop("summary"), "[beta] summary: required field missing"),
        (
            lambda f: f["snapshots.json"][0].__setitem__("members", "FRA"),
            "[gamma-process:2020:test] members: expected a list",
        ),
        (lambda f: f.pop("meta.json"), "meta.json: is missing"),
        (lambda f: f["involvements.json"][0].__setitem__("role", "boss"), "role: 'boss' is not a valid Role"),
    ],
)
def test_broken_directories_raise_data_error_with_location(make_data, edit, expected) -> None:  # type: ignore[no-untyped-def]
    """Truncated JSON, wrong types, bad dates, unknown fields, missing files: a DataError saying where."""
    problems = problems_of(make_data(edit))
    assert any(expected in p for p in problems), problems


def test_unknown_fields_are_refused_not_dropped(make_data) -> None:  # type: ignore[no-untyped-def]
    """An extra key (a typo) fails loudly and names the key."""
    problems = problems_of(make_data(lambda f: f["organisations.json"][0].__setitem__("foundd", "1950")))
    assert any("foundd" in p for p in problems), problems


def test_all_problems_are_reported_at_once(make_data) -> None:  # type: ignore[no-untyped-def]
    """Several broken records in several files: every one is listed."""

    def edit(files):  # type: ignore[no-untyped-def]
        files["organisations.json"][0]["founded"] = "nineteen-fifty"
        files["organisations.json"][1]["kind"] = "club"
        files["processes.json"][0]["regions"] = ["atlantis"]

    problems = problems_of(make_data(edit))
    assert len(problems) >= 3
    assert any("[alpha] founded" in p for p in problems)
    assert any("[beta] kind" in p for p in problems)
    assert any("[gamma-process] regions" in p for p in problems)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda f: f["organisations.json"].append(dict(f["organisations.json"][0])),
            "[alpha] id: duplicate id",
        ),
        (
            lambda f: f["involvements.json"][0].__setitem__("org", "nobody"),
            "org: names organisation 'nobody'",
        ),
        (lambda f: f["involvements.json"][0]["partners"][0].__setitem__("org", "nobody"), "partners[0].org"),
        (
            lambda f: f["processes.json"][0].__setitem__("institution", "nobody"),
            "institution: names organisation",
        ),
        (lambda f: f["organisations.json"][0].__setitem__("sources", ["nowhere"]), "names source 'nowhere'"),
        (lambda f: f["organisations.json"][0].__setitem__("sources", []), "[alpha] sources: cites no source"),
        (lambda f: f["processes.json"][0].__setitem__("id", "alpha"), "duplicate id"),
    ],
)
def test_integrity_problems(make_data, edit, expected) -> None:  # type: ignore[no-untyped-def]
    """Duplicate ids and dangling references (roles, partners, institutions, sources) are data errors."""
    problems = problems_of(make_data(edit))
    assert any(expected in p for p in problems), problems


def test_deeply_nested_input_is_refused(make_data) -> None:  # type: ignore[no-untyped-def]
    """A file nested far too deeply is a DataError, not a RecursionError."""
    problems = problems_of(make_data(lambda f: f.__setitem__("events.json", "[" * 200_000 + "]" * 200_000)))
    assert any("events.json" in p for p in problems), problems


def test_oversized_file_is_refused(make_data) -> None:  # type: ignore[no-untyped-def]
    """A data file over the size limit is refused before parsing."""
    big = "[" + " " * (MAX_FILE_BYTES + 1) + "]"
    problems = problems_of(make_data(lambda f: f.__setitem__("events.json", big)))
    assert any("limit" in p for p in problems), problems


def test_not_a_directory(tmp_path: pathlib.Path) -> None:
    """A path that is not a directory is a DataError naming it."""
    with pytest.raises(DataError, match="is not a directory"):
        migorgs.load(tmp_path / "missing")


def test_a_broken_load_leaves_the_default_untouched(make_data) -> None:  # type: ignore[no-untyped-def]
    """After a failed load, the packaged default answers as before."""
    before = migorgs.get_org("IOM")
    roles = migorgs.processes_where(role="secretariat", org="IOM")
    with pytest.raises(DataError):
        migorgs.load(make_data(lambda f: f.__setitem__("processes.json", "[")))
    assert migorgs.get_org("IOM") is before
    assert migorgs.processes_where(role="secretariat", org="IOM") == roles


def test_loading_never_evaluates_data(make_data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Strings that look like code stay strings."""
    marker = tmp_path / "pwned"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    ds = migorgs.load(make_data(lambda f: f["organisations.json"][1].__setitem__("summary", payload)))
    assert ds.get_org("beta").summary == payload
    assert not marker.exists()


def test_checker_reports_curation_problems(make_data) -> None:  # type: ignore[no-untyped-def]
    """The checker adds curation rules: citations, dates, ISO codes, overlaps, shared keys, unused sources."""

    def edit(files):  # type: ignore[no-untyped-def]
        alpha = files["organisations.json"][0]
        alpha["headquarters"] = "Nowhere"  # filled, not cited
        alpha["headquarters_country"] = "XXX"  # not ISO, not cited
        alpha["names"][1]["until"] = "1995"  # overlaps the next name
        files["processes.json"][0]["ended"] = "3000"  # in the future, not cited
        files["organisations.json"][1]["names"].append(
            {"text": "Gamma Process", "kind": "variant", "sources": ["test-source"]}
        )
        files["sources.json"].append(
            {
                "id": "unused",
                "kind": "web",
                "title": "t",
                "publisher": "p",
                "url": "not a url",
                "as_of": "2020",
            }
        )

    problems = [str(p) for p in check(make_data(edit))]
    text = "\n".join(problems)
    for expected in [
        "[alpha] headquarters: is filled but cites no source",
        "[alpha] headquarters_country: 'XXX' is not an ISO 3166-1 alpha-3",
        "overlap in time",
        "is after today",
        "lookup key 'gammaprocess' is shared by beta, gamma-process",
        "[unused]: is defined but no record cites it",
        "[unused] url: 'not a url' is not a well-formed",
    ]:
        assert expected in text, f"{expected!r} not in:\n{text}"
    # each problem names its file
    assert all(p.split(" ")[0].endswith(".json") or p.startswith("meta") for p in problems), problems


def test_checker_returns_load_problems_too(make_data) -> None:  # type: ignore[no-untyped-def]
    """When a directory does not even load, check() returns the load problems instead of raising."""
    problems = check(make_data(lambda f: f.__setitem__("processes.json", "[")))
    assert problems and "processes.json" in str(problems[0])


def test_json_files_are_plain_data(make_data) -> None:  # type: ignore[no-untyped-def]
    """The packaged data is plain JSON lists (no pickle, nothing executable)."""
    from importlib.resources import files

    root = files("migorgs").joinpath("data")
    n = 0
    for table in root.iterdir():
        if table.is_dir():
            for f in table.iterdir():
                assert f.name.endswith(".json")
                assert isinstance(json.loads(f.read_text(encoding="utf-8")), list)
                n += 1
    assert n >= 8


def test_fast_path_equals_strict_path() -> None:
    """The packaged data loaded by the plain constructors equals the strict cattrs load, record for record."""
    from migorgs._dataset import Dataset
    from migorgs._load import load_records, load_trusted, packaged_root

    fast, strict = load_trusted(packaged_root()), load_records(packaged_root())
    assert fast.meta == strict.meta
    for table, records in strict.tables.items():
        assert fast.tables[table] == records, table
    assert Dataset(fast.tables, fast.meta) == Dataset(strict.tables, strict.meta)


def test_fast_path_falls_back_to_strict_errors(make_data) -> None:  # type: ignore[no-untyped-def]
    """On data it cannot build, the fast path defers to the strict loader's DataError."""
    import pathlib

    from migorgs._load import load_trusted

    root = make_data(lambda f: f["organisations.json"][0].__setitem__("kind", "club"))
    with pytest.raises(DataError, match=r"\[alpha\] kind"):
        load_trusted(pathlib.Path(root))
    assert load_trusted(pathlib.Path(make_data(name="ok"))).tables["organisations"]


def test_packaged_data_reads_the_same_through_importlib_resources() -> None:
    """The os-based reader and importlib.resources see the same packaged data."""
    from migorgs._load import load_records, packaged_root

    a = load_records(packaged_root())
    b = load_records(packaged_root(resources=True))
    assert a.tables == b.tables and a.meta == b.meta


def test_package_works_from_a_zip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Imported from a zip archive, the package still finds and loads its data (importlib.resources),
    the packed tables too (no JSON is parsed)."""
    import os
    import subprocess
    import sys
    import zipfile

    import migorgs

    pkg = os.path.dirname(migorgs.__file__)
    archive = tmp_path / "migorgs.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for folder, _, names in os.walk(pkg):
            for n in names:
                if not n.endswith(".pyc"):
                    full = os.path.join(folder, n)
                    zf.write(full, os.path.join("migorgs", os.path.relpath(full, pkg)))
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import migorgs; "
        "assert '.zip' in migorgs.__file__, migorgs.__file__; "
        "print(migorgs.get_org('ICEM').id, len(migorgs.processes()) > 20, len(migorgs.states()) > 100, "
        "'json' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(archive)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["iom", "True", "True", "False"]  # the packed tables, read from the zip


def test_packaged_data_is_read_without_importlib_resources() -> None:
    """On the file system the first query imports neither importlib.resources nor pathlib, nor
    the record classes it does not build (`migorgs._records`); it reads the packed tables, so
    neither json nor the schema module either."""
    import subprocess
    import sys

    code = (
        "import sys, migorgs; migorgs.get_org('IOM'); "
        "print(sorted(m for m in ('importlib.resources', 'pathlib', 'tempfile', 'zipfile', 'cattrs', "
        "'migorgs._records', 'json', 'migorgs._schema') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_every_record_class_is_imported_from_models() -> None:
    """The records defined in `_records` are the names of `_models.__all__` it does not define, and
    `_models` gives each as the same class; the tables name the classes of both."""
    import migorgs._models as models
    import migorgs._records as records
    from migorgs._schema import TABLES

    assert sorted(models._DEFERRED) == sorted(records.__all__)
    assert all(getattr(models, n) is getattr(records, n) for n in records.__all__)
    assert all(getattr(models, cls.__name__) is cls for cls in TABLES.values())
    assert "states" in TABLES and "nope" not in TABLES and len(TABLES) == len(list(TABLES)) == 13
    with pytest.raises(AttributeError):
        models.Nope  # noqa: B018


def test_import_reads_no_data_and_no_metadata() -> None:
    """`import migorgs` parses no data, builds no record class and never calls importlib.metadata."""
    import subprocess
    import sys

    code = (
        "import sys, migorgs; "
        "print(sorted(m for m in ('importlib.metadata', 'json', 'attrs', 'cattrs', 'migorgs._models', "
        "'migorgs._load', 'migorgs._dataset') if m in sys.modules)); "
        "print(migorgs._default is None)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["[]", "True"]


def test_ambiguous_keys_in_meta_acknowledge_a_shared_name(make_data) -> None:  # type: ignore[no-untyped-def]
    """A shared name is a checker problem unless meta.json lists it; a malformed list is a data error."""

    def shared(files):  # type: ignore[no-untyped-def]
        files["organisations.json"][1]["names"].append(
            {"text": "Gamma Process", "kind": "variant", "sources": ["test-source"]}
        )

    assert any("shared by beta, gamma-process" in str(p) for p in check(make_data(shared, name="a")))

    def acknowledged(files):  # type: ignore[no-untyped-def]
        shared(files)
        files["meta.json"]["ambiguous_keys"] = ["Gamma Process"]

    root = make_data(acknowledged, name="b")
    assert check(root) == []
    ds = migorgs.load(root)
    with pytest.raises(migorgs.AmbiguousKeyError):
        ds.lookup("gamma process")
    ds.export(root.parent / "exported", "data-dir")  # the list survives a round trip
    assert migorgs.load(root.parent / "exported") == ds
    assert check(root.parent / "exported") == []

    problems = problems_of(make_data(lambda f: f["meta.json"].__setitem__("ambiguous_keys", "IGC"), name="c"))
    assert any("ambiguous_keys" in p for p in problems), problems


def test_snapshot_codes_and_repeats_are_load_errors(make_data) -> None:  # type: ignore[no-untyped-def]
    """A snapshot naming an unknown State, or one State twice, does not load: a DataError names both."""

    def edit(files):  # type: ignore[no-untyped-def]
        files["snapshots.json"][0]["members"] = ["FRA", "FRA", "ZZZ"]

    with pytest.raises(migorgs.DataError) as info:
        migorgs.load(make_data(edit))
    text = str(info.value)
    assert "lists FRA more than once" in text
    assert "names State 'ZZZ', which does not exist" in text
