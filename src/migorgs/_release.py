"""Data releases that stand without Python: one zip of the data in open formats, and its checksum.

``migorgs-data-<DATA_VERSION>.zip`` holds, under one folder of that name:

- ``datapackage.json`` and the CSV tables: a Frictionless Tabular Data Package
  (every field described, vocabularies as enum constraints, primary and
  foreign keys, licence, sources, version, keywords);
- ``data/``: the JSON data directory, the format that ``migorgs.load`` reads;
- ``schema/``: a JSON Schema (draft 2020-12) of each file of that directory,
  derived from the same field description as the records;
- ``CHANGES.md``: the Data section of the changelog for this release;
- ``README.md``: what the release holds, its licence and how to cite it.

``SHA256SUMS`` beside the zip gives its SHA-256, in the format ``sha256sum -c``
reads. The zip is written to a temporary file and moved into place, so an
interrupted release leaves no half-written file.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re
import tempfile
import zipfile
from typing import TYPE_CHECKING, Optional, Union

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["changelog_data_section", "release"]

#: a fixed timestamp for the zip's entries, so that the same data gives the same bytes
_EPOCH = (2020, 1, 1, 0, 0, 0)


def _changelog_text() -> Optional[str]:
    """The changelog shipped in the wheel, or the source tree's."""
    from importlib.resources import files

    try:
        return files("migorgs").joinpath("CHANGELOG.md").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        pass
    tree = pathlib.Path(__file__).resolve().parents[2] / "CHANGELOG.md"
    return tree.read_text(encoding="utf-8") if tree.is_file() else None


def changelog_data_section(data_version: str, text: Optional[str] = None) -> Optional[str]:
    """The ``### Data`` part of the changelog section that first shipped ``data_version``.

    Sections are newest first, and a later code-only release states the data release it
    keeps, so the section read is the oldest that states ``Data release: <data_version>``.
    """
    text = _changelog_text() if text is None else text
    if text is None:
        return None
    sections = re.split(r"(?m)^## ", text)
    stating = [
        sec for sec in sections[1:] if re.search(rf"(?m)^Data release: {re.escape(data_version)}\b", sec)
    ]
    if not stating:
        return None
    sec = stating[-1]
    m = re.search(r"(?ms)^### Data\s*$(.*?)(?=^### |\Z)", sec)
    heading = sec.splitlines()[0].strip()
    body = m.group(1).strip() if m else "(no data changes listed)"
    return f"# Data changes in {data_version}\n\nFrom the changelog, section {heading}.\n\n{body}\n"


def _readme(ds: Dataset) -> str:
    counts = ", ".join(
        f"{len(ds._table(t))} {t.replace('_', ' ')}"
        for t in ("organisations", "processes", "snapshots", "membership_events", "sources")
    )
    return f"""# migorgs data release {ds.data_version}

Sourced, dated data on the organisations and inter-State consultation
mechanisms of international migration governance, and the States that took
part in them over time: {counts}.

Contents:

- `datapackage.json` and `*.csv`: a Frictionless Tabular Data Package (open it
  with `frictionless`, R's `frictionless` package, pandas, a spreadsheet or an
  SQL engine). Lists inside a cell are joined by `|`; text cells that begin with
  `=`, `+`, `-` or `@` are written with a leading `'` so that spreadsheets do not
  run them.
- `data/`: the JSON data directory that `migorgs.load("data")` reads.
- `schema/`: a JSON Schema for each file of `data/`.
- `CHANGES.md`: what changed in this data release.

Every record names its sources (table `sources`: title, publisher, url and the
date its facts are current as of). Membership is kept as evidence (tables
`snapshots` and `membership_events`); the `migorgs` Python package derives
spells and country-year panels from it by documented rules.

Licence: {ds.meta.get("licence", "see the package")} (data); cite as
"migorgs data release {ds.data_version}" with the sources the values come from.
"""


def release(
    ds: Dataset, outdir: Union[str, os.PathLike[str]], *, force: bool = False
) -> tuple[pathlib.Path, pathlib.Path]:
    """Write ``migorgs-data-<version>.zip`` and ``SHA256SUMS`` into ``outdir``; return both paths."""
    from ._export import export
    from ._schema import json_schema
    from .exceptions import ArgumentTypeError, ExportError

    if not isinstance(outdir, (str, os.PathLike)) or not str(outdir):
        raise ArgumentTypeError("outdir must be a non-empty path (str or os.PathLike)")
    out = pathlib.Path(outdir)
    name = f"migorgs-data-{ds.data_version}"
    target, sums = out / f"{name}.zip", out / "SHA256SUMS"
    if not force and (target.exists() or sums.exists()):
        raise ExportError(
            str(out),
            f"{target.name} or {sums.name} is already there; pass force=True (--force) to replace them",
        )
    if out.exists() and not out.is_dir():
        raise ExportError(str(out), "is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(str(out), f"cannot create the folder: {exc.strerror or exc}") from None
    with tempfile.TemporaryDirectory(prefix=".migorgs-release-", dir=out) as tmp:
        root = pathlib.Path(tmp) / name
        export(ds, root, "datapackage")
        export(ds, root / "data", "data-dir")
        (root / "schema").mkdir()
        for table, schema in json_schema().items():
            (root / "schema" / f"{table}.schema.json").write_text(
                json.dumps(schema, indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8"
            )
        changes = (
            changelog_data_section(ds.data_version)
            or f"# Data changes in {ds.data_version}\n\n(not listed)\n"
        )
        (root / "CHANGES.md").write_text(changes, encoding="utf-8")
        (root / "README.md").write_text(_readme(ds), encoding="utf-8")
        partial = pathlib.Path(tmp) / f"{name}.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(str(path.relative_to(root.parent)).replace(os.sep, "/"), _EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
        digest = hashlib.sha256(partial.read_bytes()).hexdigest()
        partial_sums = pathlib.Path(tmp) / "SHA256SUMS"
        partial_sums.write_text(f"{digest}  {target.name}\n", encoding="utf-8")
        os.replace(partial, target)
        os.replace(partial_sums, sums)
    return target, sums
