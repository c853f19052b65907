"""The packaged organisations and processes in one pickle, so that a first query need not build them.

A first ``get_org`` needs the two tables every Dataset indexes (`_load.EAGER_TABLES`)
and the key index over them. Parsing their JSON and building about 640 records and
365 keys is most of what the library itself costs on a cold start; reading them back
from a pickle written from that same JSON costs a quarter of it.

The file is derived, never edited: ``python -m migorgs._packed`` writes it from the
packaged JSON through the strict loader (`_load.load_records`), and a test checks that
it is current. It is trusted only while it matches what it was written from:

- a header records the size and CRC-32 of ``meta.json`` and of every file of the two
  tables, in the order they are read, and the field names of every record class in it;
- `read` compares them with the files and classes there now, and any difference, or any
  surprise while reading, returns None: the loader then reads the JSON, as it would
  without the file (`_load.load_trusted`).

Records are written as their class and field values (`_restore`), not through attrs'
own pickling, so the file does not depend on the version of attrs installed. Only the
package's own file is ever read, and its unpickler finds no global outside migorgs.
"""

from __future__ import annotations

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

__all__ = ["FILE", "read", "write"]

#: the file's name, in the package beside ``data/``
FILE = "_packed.pickle"
#: the layout of the file; a file of another layout is ignored
FORMAT = 1
_PROTOCOL = 5

#: record class -> its attrs field names, in order (also what the header's check compares)
_FIELDS: dict[type, tuple[str, ...]] = {}


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


#: the modules whose record and enum classes the file may name
_MODULES = ("migorgs._models", "migorgs._dates")


class _Unpickler(Unpickler):
    """Finds `_restore` and the record and enum classes of `_MODULES`, nothing else.

    Such a file can only build records and enum members, whatever it holds: no other
    function of migorgs, and nothing outside it, can be called from it.
    """

    def find_class(self, module: str, name: str) -> Any:
        sys.audit("pickle.find_class", module, name)  # the event pickle's own find_class raises
        if module == __name__ and name == "_restore":
            return _restore
        if module in _MODULES:
            import enum

            found = getattr(sys.modules[module], name, None)
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
    meta: Traversable, files: Mapping[str, list[tuple[str, Traversable]]], tables: tuple[str, ...]
) -> list[tuple[str, Traversable]]:
    return [("meta.json", meta), *(item for t in tables for item in files[t])]


def _classes_match(classes: Mapping[str, tuple[str, ...]]) -> bool:
    for qualified, names in classes.items():
        module, _, qualname = qualified.partition(":")
        obj: Any = sys.modules.get(module)
        if obj is None:
            return False
        for part in qualname.split("."):
            obj = getattr(obj, part, None)
        if not isinstance(obj, type) or not attrs.has(obj) or _fields(obj) != names:
            return False
    return True


def read(
    file: Traversable,
    meta: Traversable,
    files: Mapping[str, list[tuple[str, Traversable]]],
    tables: tuple[str, ...],
) -> Optional[tuple[dict[str, str], dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]]:
    """(meta, tables, key index) from the file, or None when it is missing, stale or not readable.

    ``meta`` and ``files`` are the data directory's as `_load.scan` found them; ``tables``
    are the tables the file must hold.
    """
    from . import _models  # noqa: F401  (the record classes the header names)

    try:
        stream = io.BytesIO(file.read_bytes())
        header = _Unpickler(stream).load()
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or tuple(header.get("tables", ())) != tables
            or header.get("files") != _fingerprint(_entries(meta, files, tables))
            or not _classes_match(header.get("classes", {}))
        ):
            return None
        body = _Unpickler(stream).load()
        return body["meta"], body["tables"], body["keys"]
    except Exception:  # missing, truncated, written by other code: the JSON is read instead
        return None


def write(path: Optional[str] = None) -> str:
    """Write the file from the packaged JSON (strictly loaded); returns where it went.

    ``path`` defaults to the file beside the package's ``data/``. The file is written
    whole or not at all (a temporary file, then a rename).
    """
    import pickle

    from ._dataset import Dataset
    from ._load import EAGER_TABLES, _Problems, load_records, packaged_root, scan

    classes: dict[str, tuple[str, ...]] = {}
    # one object for each distinct text and tuple of texts (source ids recur in many records):
    # pickle writes an object it has seen once as a reference, which is also read back faster
    shared: dict[Any, Any] = {}

    def one(value: Any) -> Any:
        kind = type(value)
        if kind is tuple and value and all(type(v) is str for v in value):
            value = tuple(map(one, value))
        elif kind is not str:
            return value
        return shared.setdefault(value, value)

    class Pickler(pickle.Pickler):
        """Writes each migorgs attrs record through `_restore`, noting its class for the header."""

        def reducer_override(self, obj: Any) -> Any:
            cls = type(obj)
            if not (attrs.has(cls) and cls.__module__.startswith("migorgs.")):
                return NotImplemented
            names = _fields(cls)
            classes[_class_name(cls)] = names
            return _restore, (cls, tuple(one(getattr(obj, n)) for n in names))

    root = packaged_root()
    raw = load_records(root, label="packaged data")
    keys = {one(k): v for k, v in Dataset(raw.tables, raw.meta)._keys.items()}
    meta_entry, files = scan(root, _Problems())
    assert meta_entry is not None
    body = {"meta": raw.meta, "tables": {t: raw.tables[t] for t in EAGER_TABLES}, "keys": keys}
    body_stream = io.BytesIO()
    Pickler(body_stream, protocol=_PROTOCOL).dump(body)
    header = {
        "format": FORMAT,
        "tables": list(EAGER_TABLES),
        "files": _fingerprint(_entries(meta_entry, files, EAGER_TABLES)),
        "classes": dict(sorted(classes.items())),
    }
    target = path or os.path.join(os.path.dirname(os.path.abspath(__file__)), FILE)
    temporary = f"{target}.tmp{os.getpid()}"
    try:
        with open(temporary, "wb") as out:
            pickle.dump(header, out, protocol=_PROTOCOL)
            out.write(body_stream.getvalue())
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return target


if __name__ == "__main__":  # run as a script, this is __main__: write through the module itself
    from migorgs import _packed

    print(f"wrote {_packed.write()}")
