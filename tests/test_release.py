"""`release`: a zip of the data in open formats, with its checksum, that stands without Python."""

from __future__ import annotations

import hashlib
import json
import pathlib
import zipfile

import pytest

import migorgs


def test_release_holds_every_part_and_its_checksum(tmp_path: pathlib.Path) -> None:
    """The zip holds the Data Package, the CSV tables, the data directory, its JSON Schema, the
    changes and a README under one folder; SHA256SUMS gives the zip's hash."""
    ds = migorgs.default_dataset()
    target, sums = ds.release(tmp_path)
    name = f"migorgs-data-{ds.data_version}"
    assert target.name == f"{name}.zip"
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert sums.read_text(encoding="utf-8") == f"{digest}  {target.name}\n"
    with zipfile.ZipFile(target) as zf:
        names = set(zf.namelist())
        assert {f"{name}/datapackage.json", f"{name}/README.md", f"{name}/CHANGES.md"} <= names
        assert f"{name}/data/meta.json" in names and f"{name}/schema/snapshots.schema.json" in names
        assert f"{name}/snapshots.csv" in names and f"{name}/organisations.csv" in names
        package = json.loads(zf.read(f"{name}/datapackage.json"))
        assert package["version"] == ds.data_version and package["keywords"]
        schema = {r["name"]: r["schema"] for r in package["resources"]}
        kind = next(f for f in schema["processes"]["fields"] if f["name"] == "kind")
        assert kind["constraints"]["enum"] == list(migorgs.ProcessKind.values()) and kind["description"]
        assert all(f.get("description") for r in schema.values() for f in r["fields"]), (
            "every field described"
        )
        assert schema["snapshots"]["primaryKey"] == ["id"]
        zf.extractall(tmp_path / "x")
    # the JSON data directory inside reads back into an equal dataset
    assert migorgs.load(tmp_path / "x" / name / "data") == ds
    with pytest.raises(migorgs.MigorgsError):
        ds.release(tmp_path)  # existing files are refused ...
    assert ds.release(tmp_path, force=True)[0] == target  # ... unless forced


def test_release_validates_with_frictionless(tmp_path: pathlib.Path) -> None:
    """The Data Package of the release is valid for frictionless (types, keys, enum constraints)."""
    frictionless = pytest.importorskip("frictionless")
    target, _ = migorgs.default_dataset().release(tmp_path)
    with zipfile.ZipFile(target) as zf:
        zf.extractall(tmp_path)
    descriptor = next(tmp_path.glob("migorgs-data-*/datapackage.json"))
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_json_schema_describes_what_load_reads() -> None:
    """The JSON Schema is derived from the records: every init field, required ones marked, no extras."""
    from migorgs._schema import TABLES, fields, json_schema

    schemas = json_schema()
    assert set(schemas) == set(TABLES)
    for table, cls in TABLES.items():
        items = schemas[table]["items"]
        init = [f for f in fields(cls) if f.init]
        assert set(items["properties"]) == {f.name for f in init}, table
        assert set(items["required"]) == {f.name for f in init if f.required}, table
        assert items["additionalProperties"] is False


def test_packaged_files_match_the_json_schema() -> None:
    """Every packaged data file is valid against the schema of its table."""
    jsonschema = pytest.importorskip("jsonschema")
    from migorgs._load import packaged_root
    from migorgs._schema import TABLES, json_schema

    schemas = json_schema()
    root = pathlib.Path(str(packaged_root()))
    checked = 0
    for table in TABLES:
        for path in sorted((root / table).glob("*.json")) if (root / table).is_dir() else []:
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schemas[table])
            checked += 1
    assert checked > 10


def test_check_reads_the_json_schema_too(make_data) -> None:  # type: ignore[no-untyped-def]
    """`check` validates the files against the published JSON Schema as well (with jsonschema)."""
    pytest.importorskip("jsonschema")
    from migorgs._check import _schema_problems

    assert _schema_problems(None) == []
    assert _schema_problems(make_data()) == []
    bad = make_data(lambda f: f["organisations.json"][0].__setitem__("founded", "1950s"), name="bad")
    problems = _schema_problems(bad)
    assert problems and all("JSON Schema" in p.message for p in problems)
    assert any(p.field and p.field.endswith("founded") for p in problems)


def test_the_release_notes_come_from_the_section_that_shipped_the_data() -> None:
    """A later code-only release states the data release it keeps; the notes are still the Data part
    of the section that first shipped it."""
    from migorgs._release import changelog_data_section

    text = (
        "# Changelog\n\n## [0.2.1] - 2026-12-02\n\nData release: 2026.12.0 (`migorgs.DATA_VERSION`).\n\n"
        "### Changed\n- faster\n\n## [0.2.0] - 2026-12-01\n\nData release: 2026.12.0 (`migorgs.DATA_VERSION`).\n\n"
        "### Data\n- Added: the Rabat Process's 2024 list.\n\n### Fixed\n- a bug\n\n"
        "## [0.1.0] - 2026-11-01\n\nData release: 2026.11.0 (`migorgs.DATA_VERSION`).\n"
    )
    notes = changelog_data_section("2026.12.0", text)
    assert notes is not None and "[0.2.0] - 2026-12-01" in notes
    assert "Rabat Process's 2024 list" in notes and "faster" not in notes and "a bug" not in notes
    assert changelog_data_section("2026.11.0", text) == (
        "# Data changes in 2026.11.0\n\nFrom the changelog, section [0.1.0] - 2026-11-01.\n\n(no data changes listed)\n"
    )
    assert changelog_data_section("2025.01.0", text) is None
    packaged = changelog_data_section("2026.12.1")
    assert packaged is not None and "[0.3.0]" in packaged  # the packaged release: 0.3.1 kept 0.3.0's data
