"""The packaged tables as pickles, so that queries need not parse and build them from JSON.

A first ``get_org`` needs the two tables every Dataset indexes (`_load.EAGER_TABLES`)
and the key index over them; parsing their JSON and building about 640 records and 365
keys was most of what the library itself cost on a cold start. Every other table is
read when a query first asks for it, and building it from JSON cost about four times
what reading it back from a pickle costs.

The file is derived, never edited: ``python -m migorgs._packed`` writes it from the
packaged JSON through the strict loader (`_load.load_records`), and a test checks that
writing it again gives the same bytes. Its layout:

- eight bytes (little-endian) giving the length of the header, then the header, a pickle
  of plain values: for each segment, the tables it holds, where it lies, the size and
  CRC-32 of every file it was written from (in the order they are read) and the field
  names of every record class in it;
- the segments, each one pickle: ``eager`` (``meta.json``, the eager tables and the key
  index over them), then one per other table.

A segment is trusted only while it matches what it was written from: `Packed.segment`
compares the files and classes there now with the header, and any difference, or any
surprise while reading, returns None, and the loader reads that table's JSON instead,
as it would without the file (`_load.LazyTables`).

Records are written as their class and field values (`_restore`), not through attrs'
own pickling, so the file does not depend on the version of attrs installed. Only the
package's own file is ever read, and its unpickler finds no global but `_restore` and
the record and enum classes: whatever it holds, it can only build records.
"""

from __future__ import annotations

import enum
import io
import os
import sys
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

import attrs

try:  # the C unpickler that `pickle` itself uses, without pickle.py's imports on a cold start
    from _pickle import Unpickler, UnpicklingError
except ImportError:  # an interpreter without it
    from pickle import Unpickler, UnpicklingError

if TYPE_CHECKING:
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

__all__ = ["EAGER", "FILE", "Packed", "open_packed", "write"]

#: the file's name, in the package beside ``data/``
FILE = "_packed.pickle"
#: the layout of the file; a file of another layout is ignored
FORMAT = 2
#: the segment of meta.json, the eager tables and their key index
EAGER = "eager"
_PROTOCOL = 5
_LENGTH = 8  # bytes giving the header's length

#: record class -> its attrs field names, in order (what `_restore` sets, and the header records)
_FIELDS: dict[type, tuple[str, ...]] = {}
#: the modules whose record and enum classes the file may name
_MODULES = ("migorgs._models", "migorgs._records", "migorgs._dates")

Files = Mapping[str, "list[tuple[str, Traversable]]"]


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(a.name for a in attrs.fields(cls))
    return names


def _restore(cls: type, values: tuple[Any, ...]) -> Any:
    """A record of ``cls`` with these field values, set as attrs' own constructor sets them."""
    obj: Any = object.__new__(cls)
    put = object.__setattr__
    for name, value in zip(_FIELDS[cls], values):
        put(obj, name, value)
    return obj


def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _module(name: str) -> Any:
    """One of `_MODULES`, imported if it is not yet (the record classes a first query does not use)."""
    if name not in _MODULES:
        return None
    found = sys.modules.get(name)
    if found is None:
        import importlib

        found = importlib.import_module(name)
    return found


class _Unpickler(Unpickler):
    """Finds `_restore` and the record and enum classes of `_MODULES`, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        sys.audit("pickle.find_class", module, name)  # the event pickle's own find_class raises
        if module == __name__ and name == "_restore":
            return _restore
        found = getattr(_module(module), name, None)
        if isinstance(found, type) and (attrs.has(found) or issubclass(found, enum.Enum)):
            return found
        raise UnpicklingError(f"{module}.{name} is not a record class of migorgs")


def _fingerprint(entries: list[tuple[str, Traversable]]) -> list[tuple[str, int, int]]:
    """(name, size, CRC-32) of each file, in order."""
    out = []
    for name, entry in entries:
        data = entry.read_bytes()
        out.append((name, len(data), zlib.crc32(data)))
    return out


def _entries(
    segment: str, meta: Optional[Traversable], files: Files, tables: tuple[str, ...]
) -> list[tuple[str, Traversable]]:
    """The files a segment is written from: meta.json for the eager one, then its tables' files."""
    found = [("meta.json", meta)] if segment == EAGER and meta is not None else []
    return [*found, *(item for t in tables for item in files.get(t, ()))]


def _classes_match(classes: Mapping[str, tuple[str, ...]]) -> bool:
    for qualified, names in classes.items():
        module, _, qualname = qualified.partition(":")
        obj: Any = _module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part, None)
        if not isinstance(obj, type) or not attrs.has(obj) or _fields(obj) != names:
            return False
    return True


def _read_range(file: Traversable, start: int, size: int) -> bytes:
    with file.open("rb") as f:
        f.seek(start)
        data: bytes = f.read(size)
    if len(data) != size:
        raise EOFError(f"{FILE} ends before its segment")
    return data


class Packed:
    """The file's header; its segments are read when asked for, each checked against its files."""

    def __init__(self, file: Traversable, header: dict[str, Any], body: int) -> None:
        self._file = file
        self._segments: dict[str, dict[str, Any]] = header["segments"]
        self._body = body  # where the first segment starts

    def tables(self, segment: str) -> tuple[str, ...]:
        found = self._segments.get(segment)
        return tuple(found["tables"]) if found else ()

    def segment(self, segment: str, files: Files, meta: Optional[Traversable] = None) -> Any:
        """The segment's content, or None when it is missing or stale, or cannot be read.

        ``files`` (and, for `EAGER`, ``meta``) are the data directory's as `_load.scan` found them.
        """
        try:
            found = self._segments.get(segment)
            if found is None:
                return None
            tables = tuple(found["tables"])
            if found["files"] != _fingerprint(_entries(segment, meta, files, tables)):
                return None
            if not _classes_match(found["classes"]):
                return None
            data = _read_range(self._file, self._body + found["at"], found["size"])
            return _Unpickler(io.BytesIO(data)).load()
        except Exception:  # truncated, or written by other code: the JSON is read instead
            return None

    def eager(
        self, files: Files, meta: Optional[Traversable]
    ) -> Optional[tuple[dict[str, str], dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]]:
        """(meta, eager tables, key index), or None (see `segment`)."""
        found = self.segment(EAGER, files, meta)
        if not isinstance(found, dict):
            return None
        return found["meta"], found["tables"], found["keys"]

    def table(self, table: str, files: Files) -> Optional[tuple[Any, ...]]:
        """The records of one table that is not eager, or None (see `segment`)."""
        found = self.segment(table, files)
        return found if isinstance(found, tuple) else None


def open_packed(file: Traversable) -> Optional[Packed]:
    """The file's header, or None when it is missing, of another layout or not readable."""
    try:
        with file.open("rb") as f:
            size = int.from_bytes(f.read(_LENGTH), "little")
            raw = f.read(size)
        if len(raw) != size:
            return None
        header = _Unpickler(io.BytesIO(raw)).load()
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return None
        if not isinstance(header.get("segments"), dict):
            return None
        return Packed(file, header, _LENGTH + size)
    except Exception:
        return None


def write(path: Optional[str] = None) -> str:
    """Write the file from the packaged JSON (strictly loaded); returns where it went.

    ``path`` defaults to the file beside the package's ``data/``. The file is written
    whole or not at all (a temporary file, then a rename).
    """
    import pickle

    from ._dataset import Dataset
    from ._load import EAGER_TABLES, TABLES, _Problems, load_records, packaged_root, scan

    # one object for each distinct text and tuple of texts (ids recur in many records):
    # pickle writes an object it has seen once as a reference, which is also read back faster
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        kind = type(value)
        if kind is tuple and value and all(type(v) is str for v in value):
            value = tuple(map(one, value))
        elif kind is not str:
            return value
        return shared.setdefault(value, value)

    def dump(content: Any) -> tuple[bytes, dict[str, tuple[str, ...]]]:
        classes: dict[str, tuple[str, ...]] = {}

        class Pickler(pickle.Pickler):
            """Writes each migorgs attrs record through `_restore`, noting its class."""

            def reducer_override(self, obj: Any) -> Any:
                cls = type(obj)
                if not (attrs.has(cls) and cls.__module__.startswith("migorgs.")):
                    return NotImplemented
                names = _fields(cls)
                classes[_class_name(cls)] = names
                return _restore, (cls, tuple(one(getattr(obj, n)) for n in names))

        stream = io.BytesIO()
        Pickler(stream, protocol=_PROTOCOL).dump(content)
        return stream.getvalue(), dict(sorted(classes.items()))

    root = packaged_root()
    raw = load_records(root, label="packaged data")
    meta_entry, files = scan(root, _Problems())
    assert meta_entry is not None
    keys = {one(k): v for k, v in Dataset(raw.tables, raw.meta)._keys.items()}
    contents: list[tuple[str, tuple[str, ...], Any]] = [
        (
            EAGER,
            EAGER_TABLES,
            {"meta": raw.meta, "tables": {t: raw.tables[t] for t in EAGER_TABLES}, "keys": keys},
        ),
        *((t, (t,), raw.tables[t]) for t in TABLES if t not in EAGER_TABLES),
    ]
    segments: dict[str, dict[str, Any]] = {}
    blobs: list[bytes] = []
    at = 0
    for name, tables, content in contents:
        blob, classes = dump(content)
        segments[name] = {
            "tables": list(tables),
            "files": _fingerprint(_entries(name, meta_entry, files, tables)),
            "classes": classes,
            "at": at,
            "size": len(blob),
        }
        blobs.append(blob)
        at += len(blob)
    header = pickle.dumps({"format": FORMAT, "segments": segments}, protocol=_PROTOCOL)
    target = path or os.path.join(os.path.dirname(os.path.abspath(__file__)), FILE)
    temporary = f"{target}.tmp{os.getpid()}"
    try:
        with open(temporary, "wb") as out:
            out.write(len(header).to_bytes(_LENGTH, "little"))
            out.write(header)
            for blob in blobs:
                out.write(blob)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return target


if __name__ == "__main__":  # run as a script, this is __main__: write through the module itself
    from migorgs import _packed

    print(f"wrote {_packed.write()}")
