"""Exports and round trips: data directory, JSON, CSV, Frictionless Data Package, pandas."""

from __future__ import annotations

import csv
import json

import pytest

import migorgs
from migorgs._tables import COLUMNS


def test_data_dir_round_trip_is_equal(ds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """export -> load gives an equal dataset, record for record."""
    ds.export(tmp_path, "data-dir")
    back = migorgs.load(tmp_path)
    assert back == ds
    assert back.get_org("ICEM") == ds.get_org("IOM")
    assert back is not ds


def test_every_name_finds_its_entity_after_round_trip(ds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every name of every entity finds that entity in the reloaded dataset."""
    ds.export(tmp_path, "data-dir")
    back = migorgs.load(tmp_path)
    for e in (*ds.orgs(), *ds.processes()):
        for n in e.names:
            assert back.lookup(n.text).id == e.id


def test_json_export_is_one_file_with_every_table(ds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The JSON export holds meta and every table."""
    (path,) = ds.export(tmp_path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["meta"]["data_version"] == migorgs.DATA_VERSION
    assert len(data["organisations"]) == len(ds.orgs())
    assert {
        "sources",
        "processes",
        "involvements",
        "events",
        "publications",
        "themes",
        "conflicts",
    } <= data.keys()


def test_csv_tables_have_their_columns_and_rows(ds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each CSV has the documented header; row counts match the dataset."""
    ds.export(tmp_path, "csv")
    for name, columns in COLUMNS.items():
        with open(tmp_path / f"{name}.csv", newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            assert tuple(next(reader)) == columns
    with open(tmp_path / "organisations.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(ds.orgs())
    iom = next(r for r in rows if r["id"] == "iom")
    assert iom["founded"] == "1951" and "wikipedia-iom-2014" in iom["sources"].split("|")


def test_unknown_export_format(ds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An unknown format is an InvalidQueryError naming the valid ones."""
    with pytest.raises(migorgs.InvalidQueryError, match="datapackage"):
        ds.export(tmp_path, "xlsx")


def test_datapackage_validates_with_frictionless(ds, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The Data Package passes frictionless validation: schemas, primary and foreign keys."""
    frictionless = pytest.importorskip("frictionless")
    ds.export(tmp_path, "datapackage")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    errors = report.flatten(["type", "note"]) if not report.valid else []
    assert report.valid, errors[:20]
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == migorgs.DATA_VERSION
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["name"] for r in descriptor["resources"]} == set(COLUMNS) | {"spells", "panel"}
    # the derived panel is the API's, row for row
    with open(tmp_path / "panel.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    api = migorgs.membership_panel()
    assert len(rows) == len(api)
    assert [(r["state"], r["body"], int(r["year"]), int(r["code"])) for r in rows[:50]] == [
        (p.state, p.body, p.year, p.code) for p in api[:50]
    ]


def test_records_to_records_and_pandas(ds) -> None:  # type: ignore[no-untyped-def]
    """Query results convert to plain dicts and DataFrames; the dataset to one DataFrame per table."""
    pd = pytest.importorskip("pandas")
    res = migorgs.processes_where(role="secretariat", org="IOM")
    recs = res.to_records()
    assert [r["id"] for r in recs] == [p.id for p in res]
    json.dumps(recs)  # plain data
    df = res.to_pandas()
    assert isinstance(df, pd.DataFrame) and list(df["id"]) == [p.id for p in res]
    frames = ds.to_pandas()
    assert set(frames) == set(COLUMNS)
    assert len(frames["organisations"]) == len(ds.orgs())
    assert set(frames["involvements"]["role"]) >= {"secretariat", "observer"}


def test_html_reprs() -> None:
    """Records and results render as HTML tables for notebooks; reprs are short and readable."""
    iom = migorgs.get_org("IOM")
    assert iom._repr_html_().startswith("<div") and "Geneva" in iom._repr_html_()
    res = migorgs.processes_where(role="secretariat", org="IOM")
    html = res._repr_html_()
    assert html.count("<tr>") == len(res) + 1
    assert len(repr(res)) < 200
    assert repr(iom).startswith("Organisation(id='iom', name='International Organization for Migration'")
    assert len(repr(iom)) < 200
