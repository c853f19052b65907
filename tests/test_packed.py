"""The packed tables (`migorgs._packed`): current, equal to the JSON, and trusted only while they match it."""

from __future__ import annotations

import io
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
    meta, files = _load.scan(root, _load._Problems())
    return _packed.read(packed, meta, files, _load.EAGER_TABLES)


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
    """Records, their order and the types inside them, meta and the key index: as the strict loader
    and a Dataset over its records give them."""
    found = _read(_load.packaged_root(), _load.packaged_packed())
    assert found is not None, REGENERATE
    meta, tables, keys = found
    strict = _load.load_records(_load.packaged_root())
    assert meta == strict.meta
    assert sorted(tables) == sorted(_load.EAGER_TABLES)
    for table in _load.EAGER_TABLES:
        assert tables[table] == strict.tables[table], table
        _same_types(tables[table], strict.tables[table], table)
    expected = Dataset(strict.tables, strict.meta)._keys
    assert list(keys) == list(expected)
    assert {k: [e.id for e in v] for k, v in keys.items()} == {
        k: [e.id for e in v] for k, v in expected.items()
    }
    by_id = {e.id: e for t in tables.values() for e in t}
    assert all(e is by_id[e.id] for v in keys.values() for e in v)  # the index holds the tables' records


def test_the_default_dataset_reads_the_packed_tables() -> None:
    """In a fresh process the first query reads the packed file: no JSON is parsed, no record is built."""
    code = (
        "import sys, migorgs; e = migorgs.get_org('ICEM'); "
        "print(e.acronym, sorted(m for m in ('json', 'migorgs._schema', 'cattrs') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split(maxsplit=1) == ["IOM", "[]\n"]


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


def _header_and_body(packed: pathlib.Path) -> tuple[dict[str, Any], bytes]:
    stream = io.BytesIO(packed.read_bytes())
    header = pickle.Unpickler(stream).load()
    return header, stream.read()


def test_a_record_class_changed_since_the_packing_is_read_from_json(tmp_path: pathlib.Path) -> None:
    """The header names each class's fields; a class whose fields differ now makes the file stale."""
    data, packed = _copy_package_data(tmp_path)
    header, body = _header_and_body(packed)
    assert "migorgs._models:Organisation" in header["classes"]
    header["classes"]["migorgs._models:Organisation"] = ("id", "names", "a_field_since_removed")
    packed.write_bytes(pickle.dumps(header, protocol=5) + body)
    assert _read(_load._Folder(str(data)), packed) is None
    header["classes"]["migorgs._models:Organisation"] = ("id",)
    header["classes"]["migorgs._models:NoSuchClass"] = ("id",)
    packed.write_bytes(pickle.dumps(header, protocol=5) + body)
    assert _read(_load._Folder(str(data)), packed) is None


@pytest.mark.parametrize("damage", ["missing", "empty", "truncated", "other format", "not a pickle"])
def test_a_damaged_packed_file_is_read_from_json(tmp_path: pathlib.Path, damage: str) -> None:
    data, packed = _copy_package_data(tmp_path)
    blob = packed.read_bytes()
    if damage == "missing":
        packed.unlink()
    elif damage == "empty":
        packed.write_bytes(b"")
    elif damage == "truncated":
        packed.write_bytes(blob[: len(blob) // 2])
    elif damage == "other format":
        header, body = _header_and_body(packed)
        packed.write_bytes(pickle.dumps({**header, "format": _packed.FORMAT + 1}, protocol=5) + body)
    else:
        packed.write_bytes(b'[{"id": "not a pickle"}]')
    assert _read(_load._Folder(str(data)), packed) is None
    assert _load.load_trusted(_load._Folder(str(data)), packed).tables["organisations"]


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
    """A file naming any global but `_restore` and the record and enum classes is refused before
    anything is called: the data is read from JSON and nothing runs."""
    data, packed = _copy_package_data(tmp_path)
    header, _ = _header_and_body(packed)
    marker = tmp_path / "ran"
    body = pickle.dumps({"meta": {}, "tables": {}, "keys": call(marker)}, protocol=5)
    packed.write_bytes(pickle.dumps(header, protocol=5) + body)
    assert _read(_load._Folder(str(data)), packed) is None
    assert not marker.exists()


def test_check_reports_a_stale_packed_file(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`migorgs check` on the packaged data names a packed file not written from it, and how to mend it."""
    from migorgs._check import check

    assert not [p for p in check() if p.file == _packed.FILE]
    _, packed = _copy_package_data(tmp_path)
    header, body = _header_and_body(packed)
    header["files"][0] = ("meta.json", 0, 0)
    packed.write_bytes(pickle.dumps(header, protocol=5) + body)
    monkeypatch.setattr(_load, "packaged_packed", lambda **_: packed)
    found = [p for p in check() if p.file == _packed.FILE]
    assert len(found) == 1 and "python -m migorgs._packed" in found[0].message
