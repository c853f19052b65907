"""Loading a data directory of one's own: nothing skipped silently, nothing non-standard let in."""

from __future__ import annotations

import json
import os
import pathlib
import zipfile
from typing import Any, Callable

import pytest

import migorgs
from migorgs import DataError
from migorgs._load import MAX_FILE_BYTES

MakeData = Callable[..., pathlib.Path]


def problems(path: Any) -> list[str]:
    with pytest.raises(DataError) as info:
        migorgs.load(path)
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------------- 1. files that are not read


@pytest.mark.parametrize(
    ("rename", "hint"),
    [
        ("organizations.json", "organisations.json"),
        ("event.json", "events.json"),
        ("Organisations.JSON", None),
        ("processes.json.bak", None),
        ("stuff", None),
    ],
)
def test_an_unknown_entry_at_the_top_is_a_data_error(
    make_data: MakeData, rename: str, hint: str | None
) -> None:
    """A misspelt table file is named in the error (with the likely spelling), not ignored."""
    root = make_data()
    (root / "organisations.json").rename(root / rename)
    found = problems(root)
    assert any(p.startswith(rename) and "not part of a data directory" in p for p in found), found
    if hint:
        assert any(f"did you mean {hint!r}" in p for p in found), found


def test_entries_in_a_table_folder_that_are_not_json_files_are_errors(make_data: MakeData) -> None:
    """*.JSON, a sub-folder and a non-.json file inside a table folder are each named."""

    def edit(files: dict[str, Any]) -> None:
        orgs = files.pop("organisations.json")
        files["organisations/a.json"] = orgs
        files["organisations/b.JSON"] = []
        files["organisations/nested/c.json"] = []
        files["organisations/notes.yaml"] = "x: 1"

    found = problems(make_data(edit))
    for name in ("organisations/b.JSON", "organisations/nested", "organisations/notes.yaml"):
        assert any(p.startswith(name + ":") for p in found), (name, found)


def test_a_folder_named_like_a_table_file_is_an_error(make_data: MakeData) -> None:
    """A directory called events.json is refused, and so is a file named like a table folder."""
    root = make_data()
    (root / "events.json").mkdir()
    (root / "themes").write_text("[]", encoding="utf-8")
    found = problems(root)
    assert any(p.startswith("events.json:") and "folder" in p for p in found), found
    assert any(p.startswith("themes:") and "folder" in p for p in found), found


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_dangling_and_looping_links_are_errors(make_data: MakeData) -> None:
    """A symbolic link that dangles or loops is named, not skipped."""
    root = make_data()
    os.symlink(root / "missing.json", root / "events.json")
    os.mkdir(root / "themes")
    os.symlink(root / "themes" / "loop.json", root / "themes" / "loop.json")
    found = problems(root)
    assert any(p.startswith("events.json:") and "link" in p for p in found), found
    assert any(p.startswith("themes/loop.json:") for p in found), found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_is_an_error_and_is_never_opened(make_data: MakeData) -> None:
    """A FIFO named like a table file is refused at once (opening it would block forever)."""
    root = make_data()
    os.mkfifo(root / "events.json")
    found = problems(root)
    assert any(p.startswith("events.json:") and "regular file" in p for p in found), found


def test_hidden_entries_and_notes_are_skipped_by_rule(make_data: MakeData) -> None:
    """Hidden names (.git) and notes (*.md, *.txt) are the documented exceptions."""
    root = make_data()
    (root / ".git").mkdir()
    (root / "README.md").write_text("# my data", encoding="utf-8")
    (root / "NOTES.txt").write_text("notes", encoding="utf-8")
    assert migorgs.load(root).data_version == "2000.1.0"


@pytest.mark.skipif(os.name == "nt" or os.getuid() == 0, reason="root reads anything")
def test_an_unreadable_file_is_an_error(make_data: MakeData) -> None:
    """A table file that cannot be read is named."""
    root = make_data()
    (root / "organisations.json").chmod(0)
    assert any(p.startswith("organisations.json:") for p in problems(root))


def test_a_file_the_system_refuses_is_an_error(make_data: MakeData, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table file that cannot be opened (here: permission denied, even for root) is named."""
    root = make_data()
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if str(path).endswith("organisations.json"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refusing_open)
    found = problems(root)
    assert any(p.startswith("organisations.json:") and "Permission denied" in p for p in found), found


# ---------------------------------------------------------------------- 2-4. what JSON may hold


def test_a_key_given_twice_is_refused_with_its_location(make_data: MakeData) -> None:
    """{"since": "1950", "since": "1990"} is an error naming the record, the object and the key."""
    text = json.dumps(migorgs_tiny_orgs())
    text = text.replace('"founded": "1950"', '"founded": "1950", "founded": "1951"', 1)
    found = problems(make_data(lambda f: f.__setitem__("organisations.json", text)))
    assert any(p.startswith("organisations.json [alpha]") and "'founded' twice" in p for p in found), found


def test_a_key_given_twice_in_meta_is_refused(make_data: MakeData) -> None:
    """meta.json too."""
    meta = '{"data_version": "2000.1.0", "licence": "CC-BY-4.0", "licence": "MIT"}'
    found = problems(make_data(lambda f: f.__setitem__("meta.json", meta)))
    assert any(p.startswith("meta.json") and "'licence' twice" in p for p in found), found


@pytest.mark.parametrize("number", ["1e400", "-1e999", "NaN", "Infinity", "-Infinity"])
def test_numbers_outside_the_finite_range_are_refused(make_data: MakeData, number: str) -> None:
    """A fact value of 1e400 would load as inf and later be written as Infinity: refused."""
    orgs = migorgs_tiny_orgs()
    orgs[0]["facts"] = [{"key": "staff", "value": 0, "as_of": "2000", "sources": ["test-source"]}]
    text = json.dumps(orgs).replace('"value": 0', f'"value": {number}')
    found = problems(make_data(lambda f: f.__setitem__("organisations.json", text)))
    assert any(p.startswith("organisations.json:") for p in found), found


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("a fact value", '"value": "\\ud800"'),
        ("a field name", '"\\udc00": 1'),
        ("a summary", '"summary": "x\\udfff"'),
    ],
)
def test_lone_surrogates_are_refused(make_data: MakeData, where: str, text: str) -> None:
    """A \\ud800 escape cannot be written as UTF-8 later (export, check, --json): refused at load."""
    orgs = migorgs_tiny_orgs()
    orgs[0]["facts"] = [{"key": "staff", "value": 0, "as_of": "2000", "sources": ["test-source"]}]
    raw = json.dumps(orgs)
    if where == "a fact value":
        raw = raw.replace('"value": 0', text)
    elif where == "a field name":
        raw = raw.replace('"key": "staff"', f'"key": "staff", {text}')
    else:
        raw = raw.replace('"summary": "A test organisation."', text)
    found = problems(make_data(lambda f: f.__setitem__("organisations.json", raw)))
    assert any("lone surrogate" in p for p in found), found


@pytest.mark.parametrize("depth", [200, 900, 2000])
def test_deep_nesting_with_an_escape_is_a_data_error(make_data: MakeData, depth: int) -> None:
    """Deeply nested data holding a surrogate escape is reported, never a RecursionError."""
    text = "[" * depth + '"\\ud800"' + "]" * depth
    found = problems(make_data(lambda f: f.__setitem__("events.json", text)))
    assert any(p.startswith("events.json") for p in found), found


def test_a_lone_surrogate_in_meta_is_refused(make_data: MakeData) -> None:
    """meta.json values too."""
    meta = '{"data_version": "2000.1.0", "title": "x\\ud800"}'
    found = problems(make_data(lambda f: f.__setitem__("meta.json", meta)))
    assert any(p.startswith("meta.json") and "lone surrogate" in p for p in found), found


def test_encoded_surrogates_and_utf16_are_not_utf8(make_data: MakeData) -> None:
    """Bytes that encode a surrogate (ED A0 80) are not UTF-8; nor is UTF-16."""
    orgs = json.dumps(migorgs_tiny_orgs()).replace("A test organisation.", "x\x00PLACE")
    raw = orgs.encode("utf-8").replace(b"\x00PLACE", b"\xed\xa0\x80")
    found = problems(make_data(lambda f: f.__setitem__("organisations.json", raw)))
    assert any(p.startswith("organisations.json:") and "UTF-8" in p for p in found), found
    utf16 = json.dumps(migorgs_tiny_orgs()).encode("utf-16")
    found = problems(make_data(lambda f: f.__setitem__("organisations.json", utf16), name="u16"))
    assert any(p.startswith("organisations.json:") and "UTF-8" in p for p in found), found


@pytest.mark.skipif(os.name == "nt", reason="file names are text there")
def test_a_file_name_that_is_not_utf8_is_refused(make_data: MakeData) -> None:
    """A file name in bytes that are not UTF-8 is named (escaped), not passed on."""
    root = make_data()
    os.mkdir(os.path.join(os.fsencode(root), b"events"))
    with open(os.path.join(os.fsencode(root), b"events", b"\xff.json"), "wb") as f:
        f.write(b"[]")
    found = problems(root)
    assert any("not valid UTF-8" in p for p in found), found
    for p in found:
        p.encode("utf-8")  # the message itself can be printed


# ---------------------------------------------------------------------- 5. sizes


def test_an_oversized_file_is_refused_before_it_is_read(make_data: MakeData) -> None:
    """The size is checked first: a sparse file of 200 MB is refused without reading it into memory."""
    import tracemalloc

    root = make_data()
    with open(root / "events.json", "wb") as f:
        f.truncate(200 * 1024**2)  # sparse: costs no disk
    tracemalloc.start()
    try:
        found = problems(root)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert any(p.startswith("events.json:") and str(MAX_FILE_BYTES) in p for p in found), found
    assert peak < 20 * 1024**2, peak


@pytest.mark.parametrize("call", ["get_source", "processes_where"])
def test_huge_ids_are_refused_quickly(call: str) -> None:
    """get_source and processes_where(source=) with a 50 MB id answer NotFoundError at once."""
    import time

    key = "x" * 50_000_000
    start = time.perf_counter()
    with pytest.raises(migorgs.NotFoundError):
        if call == "get_source":
            migorgs.get_source(key)
        else:
            migorgs.processes_where(source=key)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------------- 6. ids


def test_a_duplicate_id_in_a_second_file_names_both_files(make_data: MakeData) -> None:
    """The problem is reported at the second file and names the first."""

    def edit(files: dict[str, Any]) -> None:
        orgs = files.pop("organisations.json")
        files["organisations/a.json"] = orgs
        files["organisations/b.json"] = [dict(orgs[1])]

    found = problems(make_data(edit))
    assert any(
        p.startswith("organisations/b.json [beta] id") and "organisations/a.json" in p for p in found
    ), found


# ---------------------------------------------------------------------- 7. meta.json


@pytest.mark.parametrize(
    ("meta", "field"),
    [
        ({"data_version": "2000.1.0", "licence": ""}, "licence"),
        ({"data_version": "2000.1.0", "licence": 5}, "licence"),
        ({"data_version": "2000.1.0", "title": None}, "title"),
        ({"data_version": "2000.1.0", "title": ["a"]}, "title"),
        ({"data_version": ""}, "data_version"),
        ({"licence": "MIT"}, "data_version"),
        ({"data_version": "2000.1.0", "ambiguous_keys": ["IGC", ""]}, "ambiguous_keys"),
    ],
)
def test_empty_or_non_string_meta_values_are_refused(
    make_data: MakeData, meta: dict[str, Any], field: str
) -> None:
    """A meta value that is empty or not a string is an error, not dropped."""
    found = problems(make_data(lambda f: f.__setitem__("meta.json", meta)))
    assert any(p.startswith(f"meta.json {field}:") for p in found), found


def test_meta_is_kept_whole(make_data: MakeData) -> None:
    """Every meta value given is kept (and nothing is invented)."""
    meta = {"data_version": "2000.1.0", "title": "Mine", "homepage": "https://example.org"}
    ds = migorgs.load(make_data(lambda f: f.__setitem__("meta.json", meta)))
    assert dict(ds.meta) == meta


# ---------------------------------------------------------------------- 20. labels


def test_errors_in_zipped_data_name_the_archive(make_data: MakeData, tmp_path: pathlib.Path) -> None:
    """A user's zipped data directory is named by its path, not called 'packaged data'."""
    root = make_data(lambda f: f["organisations.json"][0].__setitem__("founded", "1950-13"))
    archive = tmp_path / "mine.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in root.rglob("*"):
            zf.write(path, f"data/{path.relative_to(root)}")
    with pytest.raises(DataError) as info:
        migorgs.load(zipfile.Path(archive, "data/"))  # type: ignore[arg-type]
    assert "packaged" not in str(info.value) and "mine.zip" in str(info.value), str(info.value)
    assert "organisations.json [alpha] founded" in str(info.value)


def migorgs_tiny_orgs() -> list[dict[str, Any]]:
    from conftest import TINY

    return json.loads(json.dumps(TINY["organisations.json"]))  # type: ignore[no-any-return]
