"""The packed tables (`migorgs._packed`): current, equal to the JSON, and trusted only while they match it."""

from __future__ import annotations

import os
import pathlib
import pickle
import shutil
import subprocess
import sys
from typing import Any

import attrs
import pytest

from migorgs import _load, _packed
from migorgs._dataset import Dataset

REGENERATE = (
    "the packed tables are stale: run `python -m migorgs._packed` and commit src/migorgs/_packed.pickle"
)


def _read(root: Any, packed: Any) -> Any:
    """The eager segment of ``packed`` against the data directory ``root`` (None if stale)."""
    meta, files = _load.scan(root, _load._Problems())
    reader = _packed.open_packed(packed)
    return None if reader is None else reader.eager(files, meta)


def _read_table(root: Any, packed: Any, table: str) -> Any:
    _, files = _load.scan(root, _load._Problems())
    reader = _packed.open_packed(packed)
    return None if reader is None else reader.table(table, files)


def _copy_package_data(tmp_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """A copy of the packaged data directory and of the packed file, to change."""
    data = tmp_path / "data"
    shutil.copytree(str(_load.packaged_root()), data)
    packed = tmp_path / _packed.FILE
    packed.write_bytes(_load.packaged_packed().read_bytes())
    return data, packed


def _same_types(a: Any, b: Any, where: str = "") -> None:
    """Equal values can still differ in type (a list for a tuple, a str for an enum): compare those too."""
    assert type(a) is type(b), (where, type(a), type(b))
    if attrs.has(type(a)):
        for f in attrs.fields(type(a)):
            _same_types(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, tuple):
        for i, (x, y) in enumerate(zip(a, b)):
            _same_types(x, y, f"{where}[{i}]")


def test_the_packed_file_is_current(tmp_path: pathlib.Path) -> None:
    """Written again from the packaged JSON now, the file comes out byte for byte the same."""
    written = _packed.write(str(tmp_path / "again.pickle"))
    assert pathlib.Path(written).read_bytes() == _load.packaged_packed().read_bytes(), REGENERATE
    assert os.listdir(tmp_path) == ["again.pickle"]  # no temporary file left behind


def test_the_packed_tables_equal_the_json() -> None:
    """Every table's records, their order and the types inside them, meta and the key index: as the
    strict loader and a Dataset over its records give them."""
    root, packed = _load.packaged_root(), _load.packaged_packed()
    found = _read(root, packed)
    assert found is not None, REGENERATE
    meta, tables, keys = found
    strict = _load.load_records(root)
    assert meta == strict.meta
    assert sorted(tables) == sorted(_load.EAGER_TABLES)
    for table in _load.EAGER_TABLES:
        assert tables[table] == strict.tables[table], table
        _same_types(tables[table], strict.tables[table], table)
    for table in _load.TABLES:
        if table not in _load.EAGER_TABLES:
            records = _read_table(root, packed, table)
            assert records is not None, f"{table}: {REGENERATE}"
            assert records == strict.tables[table], table
            _same_types(records, strict.tables[table], table)
    expected = Dataset(strict.tables, strict.meta)._keys
    assert list(keys) == list(expected)
    assert {k: [e.id for e in v] for k, v in keys.items()} == {
        k: [e.id for e in v] for k, v in expected.items()
    }
    by_id = {e.id: e for t in tables.values() for e in t}
    assert all(e is by_id[e.id] for v in keys.values() for e in v)  # the index holds the tables' records


def test_the_default_dataset_reads_every_table_packed() -> None:
    """In a fresh process the tables read after the first query come from the packed file too: no JSON
    is parsed (the first query's imports: tests/test_loading.py)."""
    code = (
        "import sys, migorgs; ds = migorgs.default_dataset(); "
        "print(all(len(ds._raw[t]) for t in ds._raw), 'json' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "False"]


@pytest.mark.parametrize(
    "change",
    [
        "a record's text",
        "a new file",
        "a file renamed",
        "meta.json",
    ],
)
def test_a_file_changed_since_the_packing_is_read_from_json(tmp_path: pathlib.Path, change: str) -> None:
    """Any change to meta.json or a file of the two tables makes the packed file stale: the loader
    reads the JSON, and the answer is the JSON's."""
    data, packed = _copy_package_data(tmp_path)
    assert _read(_load._Folder(str(data)), packed) is not None
    orgs = sorted((data / "organisations").glob("*.json"))
    if change == "a record's text":
        text = orgs[0].read_text(encoding="utf-8")
        first = _load.load_records(data).tables["organisations"][0]
        assert first.summary and first.summary in text
        orgs[0].write_text(text.replace(first.summary, "A summary changed by hand.", 1), encoding="utf-8")
    elif change == "a new file":
        (data / "processes" / "zz-more.json").write_text("[]", encoding="utf-8")
    elif change == "a file renamed":  # the same records, read in another order
        orgs[-1].rename(orgs[-1].with_name("0-read-first.json"))
    else:
        meta = data / "meta.json"
        meta.write_text(meta.read_text(encoding="utf-8").replace("2026", "2027", 1), encoding="utf-8")
    assert _read(_load._Folder(str(data)), packed) is None
    raw = _load.load_trusted(_load._Folder(str(data)), packed)
    strict = _load.load_records(data)
    assert raw.meta == strict.meta and raw.keys is None
    assert raw.tables["organisations"] == strict.tables["organisations"]
    if change == "a record's text":
        assert raw.tables["organisations"][0].summary == "A summary changed by hand."


def test_a_changed_table_is_read_from_json_and_the_others_still_packed(tmp_path: pathlib.Path) -> None:
    """Each table not eager has its own segment: a change to a snapshots file makes that one stale only."""
    data, packed = _copy_package_data(tmp_path)
    root = _load._Folder(str(data))
    assert _read_table(root, packed, "snapshots") is not None
    first = sorted((data / "snapshots").glob("*.json"))[0]
    text = first.read_text(encoding="utf-8")
    note = _load.load_records(data).tables["snapshots"][0].note or ""
    changed = (
        text.replace('"as_of"', '"note": "changed by hand", "as_of"', 1)
        if not note
        else text.replace(note, "changed by hand", 1)
    )
    assert changed != text
    first.write_text(changed, encoding="utf-8")
    strict = _load.load_records(data)
    assert _read_table(root, packed, "snapshots") is None
    assert _read_table(root, packed, "states") is not None and _read(root, packed) is not None
    raw = _load.load_trusted(root, packed)
    assert raw.tables["snapshots"] == strict.tables["snapshots"]
    assert "changed by hand" in {s.note for s in raw.tables["snapshots"]}
    assert raw.tables["states"] == strict.tables["states"] and raw.keys is not None


def _split(packed: pathlib.Path) -> tuple[dict[str, Any], bytes]:
    """The file's header and the bytes of its segments."""
    blob = packed.read_bytes()
    size = int.from_bytes(blob[:8], "little")
    return pickle.loads(blob[8 : 8 + size]), blob[8 + size :]


def _join(packed: pathlib.Path, header: dict[str, Any], body: bytes) -> None:
    raw = pickle.dumps(header, protocol=5)
    packed.write_bytes(len(raw).to_bytes(8, "little") + raw + body)


def test_a_record_class_changed_since_the_packing_is_read_from_json(tmp_path: pathlib.Path) -> None:
    """The header names each class's fields; a class whose fields differ now makes its segments stale."""
    data, packed = _copy_package_data(tmp_path)
    root = _load._Folder(str(data))
    header, body = _split(packed)
    classes = header["segments"][_packed.EAGER]["classes"]
    assert "migorgs._models:Organisation" in classes
    classes["migorgs._models:Organisation"] = ("id", "names", "a_field_since_removed")
    _join(packed, header, body)
    assert _read(root, packed) is None
    assert _read_table(root, packed, "states") is not None  # a segment without that class is still read
    classes["migorgs._models:Organisation"] = ("id",)
    classes["migorgs._models:NoSuchClass"] = ("id",)
    _join(packed, header, body)
    assert _read(root, packed) is None


@pytest.mark.parametrize(
    "damage", ["missing", "empty", "truncated", "other format", "not a pickle", "a segment elsewhere"]
)
def test_a_damaged_packed_file_is_read_from_json(tmp_path: pathlib.Path, damage: str) -> None:
    data, packed = _copy_package_data(tmp_path)
    root = _load._Folder(str(data))
    blob = packed.read_bytes()
    header, body = _split(packed)
    if damage == "missing":
        packed.unlink()
    elif damage == "empty":
        packed.write_bytes(b"")
    elif damage == "truncated":  # in the middle of the first segment
        packed.write_bytes(blob[: len(blob) - len(body) + header["segments"][_packed.EAGER]["size"] // 2])
    elif damage == "other format":
        _join(packed, {**header, "format": _packed.FORMAT + 1}, body)
    elif damage == "not a pickle":
        packed.write_bytes(b'[{"id": "not a pickle"}]')
    else:  # the header points a segment at the bytes of another
        header["segments"][_packed.EAGER]["at"] = header["segments"]["sources"]["at"]
        _join(packed, header, body)
    assert _read(root, packed) is None
    raw = _load.load_trusted(root, packed)
    strict = _load.load_records(data)
    assert raw.tables["organisations"] == strict.tables["organisations"]
    assert raw.tables["sources"] == strict.tables["sources"]


class _Call:
    """Unpickles as a call of ``func(*args)``: what a hostile file would hold."""

    def __init__(self, func: Any, *args: Any) -> None:
        self.func, self.args = func, args

    def __reduce__(self) -> Any:
        return self.func, self.args


@pytest.mark.parametrize(
    "call",
    [
        lambda marker: _Call(os.system, f"touch {marker}"),
        lambda marker: _Call(shutil.copy, __file__, str(marker)),
        lambda marker: _Call(_packed.write, str(marker)),  # a migorgs function, but not a record class
    ],
)
def test_the_packed_file_can_only_build_records(tmp_path: pathlib.Path, call: Any) -> None:
    """A segment naming any global but `_restore` and the record and enum classes is refused before
    anything is called: the data is read from JSON and nothing runs."""
    data, packed = _copy_package_data(tmp_path)
    header, body = _split(packed)
    marker = tmp_path / "ran"
    hostile = pickle.dumps(call(marker), protocol=5)
    segment = header["segments"]["states"]
    segment["at"], segment["size"] = len(body), len(hostile)
    _join(packed, header, body + hostile)
    assert _read_table(_load._Folder(str(data)), packed, "states") is None
    assert not marker.exists()
    assert _load.load_trusted(_load._Folder(str(data)), packed).tables["states"]
    assert not marker.exists()


def test_check_reports_a_stale_packed_file(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`migorgs check` on the packaged data names a packed file not written from it, and how to mend it."""
    from migorgs._check import check

    assert not [p for p in check() if p.file == _packed.FILE]
    _, packed = _copy_package_data(tmp_path)
    header, body = _split(packed)
    header["segments"]["heads"]["files"][0] = ("heads/orgs.json", 0, 0)
    _join(packed, header, body)
    monkeypatch.setattr(_load, "packaged_packed", lambda **_: packed)
    found = [p for p in check() if p.file == _packed.FILE]
    assert (
        len(found) == 1 and "(heads)" in found[0].message and "python -m migorgs._packed" in found[0].message
    )
