"""Every export format reads back with `load()` (and so with ``--data``, ``check`` and ``diff``).

The JSON export and a (zipped) data directory are lossless; the CSV tables
and the Data Package lose only what a flat table cannot hold. Broken exports
raise `DataError` naming the file, like broken data directories.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

import migorgs
from migorgs._export import diff, unstructured


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("formats")
    for fmt in ("data-dir", "json", "csv", "datapackage"):
        migorgs.default_dataset().export(root / fmt, fmt)
    return root


def _records(ds: migorgs.Dataset) -> dict[str, Any]:
    """Every table but meta.json (which CSV tables without their descriptor cannot hold)."""
    data = unstructured(ds)
    data["meta"] = {}
    return data


@pytest.mark.parametrize("path", ["data-dir", "json", "json/migorgs.json"])
def test_lossless_forms_load_equal(exported: Path, path: str) -> None:
    """A data directory, a JSON export folder and the JSON file itself load into an equal dataset."""
    ds = migorgs.load(exported / path)
    assert ds == migorgs.default_dataset()
    assert dict(ds.meta) == dict(migorgs.default_dataset().meta)


@pytest.mark.parametrize("path", ["csv", "datapackage", "datapackage/datapackage.json"])
def test_flat_forms_load_every_record(exported: Path, path: str) -> None:
    """CSV tables and the Data Package hold every record and field (they are derived from the same
    description as the records); the Data Package also holds meta.json."""
    ds = migorgs.load(exported / path)
    assert _records(ds) == _records(migorgs.default_dataset())
    expected = "unknown" if path == "csv" else migorgs.DATA_VERSION
    assert ds.data_version == expected
    if path != "csv":
        assert ds == migorgs.default_dataset()


def test_zips(exported: Path, tmp_path: Path) -> None:
    """A zipped Data Package, and a zip holding a data directory in a folder, load too."""
    dp = shutil.make_archive(str(tmp_path / "dp"), "zip", exported / "datapackage")
    assert _records(migorgs.load(dp)) == _records(migorgs.default_dataset())
    dd = shutil.make_archive(str(tmp_path / "release"), "zip", exported, "data-dir")
    assert migorgs.load(dd) == migorgs.default_dataset()


def test_fact_values_keep_their_types(exported: Path) -> None:
    """Numbers in a CSV cell come back as numbers, text as text."""
    iom = migorgs.load(exported / "csv").get_org("IOM")
    values = {type(f.value) for f in iom.facts}
    assert int in values and str in values
    assert diff(migorgs.default_dataset(), migorgs.load(exported / "json"))["tables"] == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2", "is not valid JSON"),
        ('{"organisations": []}', "is not a migorgs JSON export"),
        ('{"meta": {"data_version": "1"}, "planets": []}', "unknown table"),
        ('{"meta": {"data_version": "1"}, "organisations": [{"id": 1}]}', "organisations.json"),
        (b'{"meta": "\xff"}', "is not UTF-8"),
    ],
)
def test_broken_json_export(tmp_path: Path, content: Any, message: str) -> None:
    """A broken JSON export is a DataError naming what is wrong."""
    path = tmp_path / "export.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(migorgs.DataError) as info:
        migorgs.load(path)
    assert message in str(info.value)


def test_broken_zip_and_csv(tmp_path: Path, exported: Path) -> None:
    """A zip with no data in it, and a CSV table that is not UTF-8, are DataErrors."""
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "nothing here")
    with pytest.raises(migorgs.DataError, match="holds no data directory"):
        migorgs.load(empty)
    broken = tmp_path / "csv"
    shutil.copytree(exported / "csv", broken)
    (broken / "names.csv").write_bytes(b"entity,position\n\xff\n")
    with pytest.raises(migorgs.DataError, match=r"names\.csv"):
        migorgs.load(broken)
    shutil.copy(exported / "csv" / "names.csv", broken / "names.csv")
    rows = (broken / "involvements.csv").read_text(encoding="utf-8").splitlines()
    (broken / "involvements.csv").write_text(
        "\n".join([*rows, "x:y:boss,x,y,boss,,,,,"]) + "\n", encoding="utf-8"
    )
    with pytest.raises(migorgs.DataError) as info:
        migorgs.load(broken)
    assert "involvements.json" in str(info.value)


def test_check_reads_exports(exported: Path) -> None:
    """The checker runs on an export as on a data directory."""
    from migorgs._check import check

    assert check(exported / "json" / "migorgs.json") == []


def test_state_names_match_pycountry() -> None:
    """The States table that `--member Mexico` and `memberships Mexico` read has pycountry's codes and names."""
    pycountry = pytest.importorskip("pycountry")
    states = {s.code: s for s in migorgs.states()}
    for c in pycountry.countries:
        st = states[c.alpha_3]
        assert c.name in (st.name, *st.aliases)
        assert getattr(c, "official_name", c.name) in (st.name, *st.aliases)
        assert st.alpha2 == c.alpha_2


def test_json_export_is_plain_json(exported: Path) -> None:
    """The file `export - --format json` streams is the JSON export, readable by any tool."""
    data = json.loads((exported / "json" / "migorgs.json").read_text(encoding="utf-8"))
    assert data["meta"]["data_version"] == migorgs.DATA_VERSION


@pytest.mark.parametrize("text", ['"\\ud800"', "1e400", "-1.5e999", "1" * 5000])
def test_hostile_values_in_an_export(tmp_path: Path, exported: Path, text: str) -> None:
    """Odd values in a JSON export end as a DataError or a record, never another exception."""
    data = json.loads((exported / "json" / "migorgs.json").read_text(encoding="utf-8"))
    raw = json.dumps(data).replace('"summary": "', '"summary": ' + text + ', "x": "', 1)
    path = tmp_path / "export.json"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(migorgs.DataError):
        migorgs.load(path)


def test_out_of_range_number_in_a_csv_cell_stays_text(tmp_path: Path, exported: Path) -> None:
    """A CSV cell that reads as a number beyond range stays text, so no infinity gets in."""
    csv_dir = tmp_path / "csv"
    shutil.copytree(exported / "csv", csv_dir)
    facts = (csv_dir / "facts.csv").read_text(encoding="utf-8").splitlines()
    at = facts[0].split(",").index("value")
    cells = facts[1].split(",")
    facts[1] = ",".join([*cells[:at], "1.0e400", *cells[at + 1 :]])
    (csv_dir / "facts.csv").write_text("\n".join(facts) + "\n", encoding="utf-8")
    ds = migorgs.load(csv_dir)
    assert "1.0e400" in {f.value for e in (*ds.orgs(), *ds.processes()) for f in e.facts}


def test_unpacked_release_prefers_its_data_directory(tmp_path: Path, exported: Path) -> None:
    """A folder holding a Data Package and, in a folder of it, the data directory: the lossless one is read."""
    release = tmp_path / "migorgs-data"
    shutil.copytree(exported / "datapackage", release)
    shutil.copytree(exported / "data-dir", release / "data")
    assert migorgs.load(release) == migorgs.default_dataset()


def test_descriptor_resource_paths_are_honoured(tmp_path: Path, exported: Path) -> None:
    """CSV files where datapackage.json says they are (in a subfolder), never outside the package."""
    dp = tmp_path / "dp"
    (dp / "tables").mkdir(parents=True)
    descriptor = json.loads((exported / "datapackage" / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        shutil.copy(exported / "datapackage" / r["path"], dp / "tables" / r["path"])
        r["path"] = "tables/" + r["path"]
    (dp / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert len(migorgs.load(dp).orgs()) == len(migorgs.orgs())
    zipped = shutil.make_archive(str(tmp_path / "dpz"), "zip", dp)
    assert len(migorgs.load(zipped).orgs()) == len(migorgs.orgs())
    for r in descriptor["resources"]:
        r["path"] = "../" + r["path"]
    (dp / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(migorgs.DataError, match="outside the package"):
        migorgs.load(dp)
    for r in descriptor["resources"]:
        r["path"] = "elsewhere/" + r["path"][3:]
    (dp / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(migorgs.DataError, match=r"is missing; datapackage\.json lists it"):
        migorgs.load(dp)
