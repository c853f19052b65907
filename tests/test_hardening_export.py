"""Exports are all or nothing, never follow links, refuse bad targets, and write safe CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
from typing import Any, Callable

import pytest

import migorgs
from migorgs import ArgumentTypeError, DataError, ExportError, InvalidQueryError
from migorgs._export import FORMATS, csv_cell

MakeData = Callable[..., pathlib.Path]


@pytest.fixture
def tiny(make_data: MakeData) -> migorgs.Dataset:
    return migorgs.load(make_data())


def snapshot(folder: pathlib.Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------- 11. atomic, no overwrite, no links


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_non_empty_folder_is_refused_unless_forced(
    tiny: migorgs.Dataset, tmp_path: pathlib.Path, fmt: str
) -> None:
    """Exporting over an earlier export needs force=True; then the folder holds exactly the new export."""
    out = tmp_path / "out"
    first = tiny.export(out, fmt)
    before = snapshot(out)
    with pytest.raises(ExportError) as info:
        tiny.export(out, fmt)
    assert isinstance(info.value, OSError) and "force=True" in str(info.value)
    assert snapshot(out) == before
    other = "csv" if fmt in ("data-dir", "json") else "data-dir"
    files = tiny.export(out, other, force=True)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in files)
    assert not set(p.name for p in first) - set(p.name for p in files) & {p.name for p in out.iterdir()}
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == [
        "out"
    ]  # no temporary sibling left behind


def test_an_empty_existing_folder_is_used(tiny: migorgs.Dataset, tmp_path: pathlib.Path) -> None:
    """An empty folder is not 'non-empty': no force needed."""
    (tmp_path / "out").mkdir()
    assert tiny.export(tmp_path / "out", "json") == [tmp_path / "out" / "migorgs.json"]


def test_force_never_removes_what_an_export_did_not_write(
    tiny: migorgs.Dataset, tmp_path: pathlib.Path
) -> None:
    """force=True replaces a folder of export files only: other files are refused, not deleted."""
    out = tmp_path / "out"
    tiny.export(out, "csv")
    (out / "my-notes.docx").write_bytes(b"precious")
    with pytest.raises(ExportError) as info:
        tiny.export(out, "csv", force=True)
    assert "my-notes.docx" in str(info.value)
    assert (out / "my-notes.docx").read_bytes() == b"precious"


def test_a_failed_export_leaves_the_earlier_export_whole(
    tiny: migorgs.Dataset, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half-way (here: the fourth file cannot be written) changes nothing in the target."""
    out = tmp_path / "out"
    tiny.export(out, "data-dir")
    before = snapshot(out)
    real_open = open
    calls = {"n": 0}

    def failing_open(file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if "x" in mode or "w" in mode:
            calls["n"] += 1
            if calls["n"] == 4:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *args, **kw)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(ExportError) as info:
        tiny.export(out, "data-dir", force=True)
    monkeypatch.undo()
    assert "No space left" in str(info.value)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == ["out"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_symbolic_links_are_never_followed(tiny: migorgs.Dataset, tmp_path: pathlib.Path) -> None:
    """A target that is a link is refused; a link inside an old export is not written through."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "meta.json").write_text("mine", encoding="utf-8")
    link = tmp_path / "link"
    os.symlink(elsewhere, link)
    with pytest.raises(ExportError):
        tiny.export(link, "data-dir", force=True)
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(elsewhere / "meta.json", out / "meta.json")
    with pytest.raises(ExportError):
        tiny.export(out, "data-dir", force=True)
    assert (elsewhere / "meta.json").read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------------- 12. bad targets


def test_bad_targets_raise_migorgs_errors(
    tiny: migorgs.Dataset, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "", NUL, None, bytes, an existing file and a parent that is a file: documented errors."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InvalidQueryError):
        tiny.export("")
    with pytest.raises(InvalidQueryError):
        tiny.export("out\0put")
    for bad in (None, b"out", 5, ["out"]):
        with pytest.raises(ArgumentTypeError):
            tiny.export(bad)  # type: ignore[arg-type]
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        tiny.export(tmp_path / "a-file")
    assert "is a file" in str(info.value)
    with pytest.raises(ExportError):
        tiny.export(tmp_path / "a-file" / "below")
    with pytest.raises(ArgumentTypeError):
        tiny.export(tmp_path / "x", 5)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        tiny.export(tmp_path / "x", force="yes")  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "data"]  # nothing written into the cwd


def test_the_current_folder_is_never_replaced(
    tiny: migorgs.Dataset, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export(".") in an empty folder would swap the process's own working folder away: refused."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(ExportError):
        tiny.export(".")
    with pytest.raises(ExportError):
        tiny.export("..", force=True)
    assert os.getcwd() == str(here) and list(here.iterdir()) == []


def test_missing_parents_are_made(tiny: migorgs.Dataset, tmp_path: pathlib.Path) -> None:
    """As before, a folder whose parents do not exist yet is made with them."""
    files = tiny.export(tmp_path / "a" / "b" / "c", "json")
    assert files[0].is_file()


# ---------------------------------------------------------------------- 13. CSV that spreadsheets open safely


@pytest.mark.parametrize("text", ["=1+1", "+1", "-cmd", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_formula_like_text_is_neutralised_in_every_csv(
    make_data: MakeData, tmp_path: pathlib.Path, text: str
) -> None:
    """A name or summary that starts like a formula is written with a leading apostrophe, in csv and datapackage."""

    def edit(files: dict[str, Any]) -> None:
        files["organisations.json"][1]["summary"] = text
        files["organisations.json"][1]["names"][0]["text"] = text + " Body"

    ds = migorgs.load(make_data(edit))
    for fmt in ("csv", "datapackage"):
        out = tmp_path / fmt
        ds.export(out, fmt)
        cells = [
            cell
            for path in out.glob("*.csv")
            for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
            for cell in row
        ]
        assert "'" + text in cells and "'" + text + " Body" in cells
        assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)


def test_numbers_stay_numbers() -> None:
    """A number (a code of -9, a year) is data, not a formula: written as it is."""
    assert csv_cell(-9) == -9 and csv_cell(-1.5) == -1.5 and csv_cell(2001) == 2001
    assert csv_cell("-9") == "'-9" and csv_cell("IOM") == "IOM" and csv_cell(None) is None


# ---------------------------------------------------------------------- 3 and 7. JSON and metadata


def test_exports_never_write_non_standard_json(tiny: migorgs.Dataset, tmp_path: pathlib.Path) -> None:
    """A record built by hand with an infinite value is refused, not written as Infinity."""
    import attrs

    org = tiny.get_org("alpha")
    fact = migorgs.Fact("staff", float("inf"), migorgs.PartialDate(2000), ("test-source",))  # type: ignore[call-arg]
    bad = migorgs.Dataset(
        {
            **{t: tiny._table(t) for t in ("sources", "processes", "involvements")},
            "organisations": (attrs.evolve(org, facts=(fact,)),),
        },
        tiny.meta,
    )
    with pytest.raises(DataError):
        bad.export(tmp_path / "out", "json")
    assert not (tmp_path / "out").exists()


def test_a_dataset_without_a_licence_is_not_given_one(make_data: MakeData, tmp_path: pathlib.Path) -> None:
    """The Data Package states a licence only when meta.json does."""
    ds = migorgs.load(make_data(lambda f: f["meta.json"].pop("licence")))
    ds.export(tmp_path / "dp", "datapackage")
    package = json.loads((tmp_path / "dp" / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package
    ds.export(tmp_path / "dd", "data-dir")
    assert "licence" not in json.loads((tmp_path / "dd" / "meta.json").read_text(encoding="utf-8"))
