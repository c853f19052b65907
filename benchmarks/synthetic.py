"""Synthetic data directories at k times the packaged records, in two models.

* ``copies``: copy *j* of every record gets ids, source ids, names and acronyms
  suffixed (``-x17``, `` x17``, ``X17``) with every reference remapped. Every
  copy's names start like the originals, so a query matches k names: the worst
  case for search (cost linear in true matches is the budget).
* ``unrelated``: the packaged data once, plus (k - 1) times as many organisations
  and processes whose names are made-up words and common institutional words
  ("Council", "Network", ...) that share no term with any query of the search
  corpus (no word alike, see ``unrelated_names``): the case of a user's own
  registry merged in. Search must stay flat.

Membership tables (snapshots, events, State roles, heads) are copied with their
bodies in both models; the States table is not (ISO codes are unique).
"""

from __future__ import annotations

import atexit
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ENTITY_REF_KEYS = {"org", "process", "entity", "institution", "body", "successor"}
ENTITY_LIST_KEYS = {"entities", "publishers", "about"}
BODY_TABLES = ("organisations", "processes")
#: tables never copied: keys that must stay unique whatever the copy
SINGLE = ("states",)


def table_names() -> tuple[str, ...]:
    from migorgs._schema import TABLES

    return tuple(TABLES)


def packaged_tables(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in table_names():
        recs: list[dict[str, Any]] = []
        single = data_dir / f"{table}.json"
        if single.is_file():
            recs.extend(json.loads(single.read_bytes()))
        folder = data_dir / table
        if folder.is_dir():
            for f in sorted(folder.glob("*.json")):
                recs.extend(json.loads(f.read_bytes()))
        tables[table] = recs
    return tables


def remap(table: str, rec: dict[str, Any], k: int, rename: bool, ids: dict[str, int]) -> dict[str, Any]:
    """Copy ``k`` of a record: fresh ids and source ids, references remapped (names too if ``rename``).

    With ``rename`` an entity's id keeps its words (``iom-x17``); without, it becomes an opaque
    slug (``zq17e42``) that no query finds.
    """
    if k == 0:
        return rec
    sfx = f"-x{k}"

    def ent(e: str) -> str:
        return e + sfx if rename else f"zq{k}e{ids[e]}"

    def walk(obj: Any) -> Any:
        if isinstance(obj, dict):
            out = {}
            for key, v in obj.items():
                if key == "sources":
                    out[key] = [s + sfx for s in v]
                elif key == "cite":
                    out[key] = {f: [s + sfx for s in ss] for f, ss in v.items()}
                elif key in ENTITY_REF_KEYS and isinstance(v, str):
                    out[key] = ent(v)
                elif key == "superseded_by" and isinstance(v, str):
                    org, process, role = v.split(":")  # a role's id: org:process:role
                    out[key] = f"{ent(org)}:{ent(process)}:{role}"
                elif key in ENTITY_LIST_KEYS:
                    out[key] = [ent(e) for e in v]
                else:
                    out[key] = walk(v)
            return out
        if isinstance(obj, list):
            return [walk(x) for x in obj]
        return obj

    r = walk(rec)
    if "id" in r:
        r["id"] = ent(r["id"]) if table in BODY_TABLES else r["id"] + sfx
    if rename and table in BODY_TABLES:
        for n in r["names"]:
            n["text"] += f" x{k}"
            if n.get("acronym"):
                n["acronym"] += f"X{k}"
    return r


_SYLLABLES = (
    "ka lo ver tin ash rum bel dor vik nel sa ten gor mi an el or is tra quen bor hal mek ost "
    "pra zun lev dar fen wol gri sek tam hul bri nok var sil"
).split()
_GENERIC = (
    "council network society foundation alliance institute association trust federation board "
    "bureau fellowship circle guild assembly collective cooperative consortium observatory studies "
    "research advocacy welfare solidarity heritage civic"
).split()


def _word_pool(rng: random.Random, forbidden: Any, size: int) -> list[str]:
    """Made-up words that no corpus query finds (``forbidden(word)`` says if one would)."""
    pool: set[str] = set()
    while len(pool) < size:
        w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if len(w) >= 4 and w not in pool and not forbidden(w):
            pool.add(w)
    return sorted(pool)


def unrelated_names(count: int, queries: list[str], seed: int = 7) -> list[tuple[str, str]]:
    """``count`` (name, acronym) pairs that share no term with any of ``queries``.

    Checked with migorgs' own search: no word of a name or acronym is a word of a query,
    one edit from one, starts with one or is like one by trigrams, and no query finds
    a whole name. Names still share stopwords and letter trigrams with the queries.
    """
    from migorgs._search import STOPWORDS, SearchIndex
    from migorgs._text import words

    qwords = sorted({w for q in queries for w in words(q) if w not in STOPWORDS})

    def touched(texts: list[str]) -> set[str]:
        index = SearchIndex([(t, t) for t in texts])
        out: set[str] = set()
        for q in queries:
            out.update(m.entity for m in index.search(q, 50))
        vocab_hits = {w for q in qwords for w in index._word_likeness(q)}
        out.update(t for t in texts if vocab_hits.intersection(words(t)))
        return out

    rng = random.Random(seed)
    bad = touched(list(_GENERIC))
    generic = [w for w in _GENERIC if w not in bad]
    candidates = _word_pool(rng, lambda w: False, 4000)
    bad = touched(candidates)
    pool = [w for w in candidates if w not in bad]
    names: list[tuple[str, str]] = []
    while len(names) < count:
        batch = []
        for _ in range(count - len(names)):
            ws = [rng.choice(pool).capitalize() for _ in range(rng.choice((1, 2, 2, 3)))]
            ws.insert(rng.randrange(len(ws) + 1), rng.choice(generic).capitalize())
            text = " ".join(ws)
            batch.append((text, "".join(w[0] for w in ws).upper() + rng.choice(_SYLLABLES).upper()))
        bad = touched([t for t, _ in batch] + [a for _, a in batch])
        names.extend((t, a) for t, a in batch if t not in bad and a not in bad)
    return names[:count]


def write(
    base: dict[str, list[dict[str, Any]]], meta: bytes, factor: int, dest: Path, model: str,
    queries: list[str] = (),  # type: ignore[assignment]
) -> dict[str, int]:  # fmt: skip
    """Write a data directory at ``factor`` times the packaged records (``model``: copies, unrelated)."""
    dest.mkdir(parents=True)
    (dest / "meta.json").write_bytes(meta)
    counts = {t: 0 for t in base}
    names = 0
    fresh: list[tuple[str, str]] = []
    if model == "unrelated" and factor > 1:
        need = sum(len(r["names"]) for t in BODY_TABLES for r in base[t]) * (factor - 1)
        fresh = unrelated_names(need, queries)
    it = iter(fresh)
    ids = {r["id"]: i for i, r in enumerate(r for t in BODY_TABLES for r in base[t])}
    for table, recs0 in base.items():
        (dest / table).mkdir()
        for k in range(1 if table in SINGLE else factor):  # one file per copy: far under the file limit
            recs = [remap(table, r, k, model == "copies", ids) for r in recs0]
            if model == "unrelated" and k > 0 and table in BODY_TABLES:
                for r in recs:
                    for n in r["names"]:
                        text, acronym = next(it)
                        n["text"] = text
                        if n.get("acronym"):
                            n["acronym"] = acronym
            if table in BODY_TABLES:
                names += sum(len(r["names"]) for r in recs)
            counts[table] += len(recs)
            (dest / table / f"c{k:03d}.json").write_text(
                json.dumps(recs, ensure_ascii=False), encoding="utf-8"
            )
    return {**counts, "names": names, "records": sum(counts.values())}


_CACHE: dict[tuple[str, int], tuple[Any, dict[str, int], Path]] = {}


def corpus() -> list[str]:
    """The queries of the search corpus (tests/test_search.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    try:
        from test_search import CORPUS
    finally:
        sys.path.pop(0)
    return [q for q, _ in CORPUS]


def directory(model: str, factor: int) -> tuple[Path, dict[str, int]]:
    """A data directory of ``model`` at ``factor`` times, written once per run (removed at exit)."""
    key = (model, factor)
    if key not in _CACHE:
        import migorgs

        data_dir = Path(migorgs.__file__).resolve().parent / "data"
        tmp = Path(tempfile.mkdtemp(prefix="migorgs-bench-"))
        atexit.register(shutil.rmtree, tmp, True)
        dest = tmp / f"{model}-{factor}"
        counts = write(packaged_tables(data_dir), (data_dir / "meta.json").read_bytes(), factor, dest, model,
                       corpus())  # fmt: skip
        _CACHE[key] = (None, counts, dest)
    _, counts, dest = _CACHE[key]
    return dest, counts


def dataset(model: str, factor: int) -> tuple[Any, dict[str, int]]:
    """The Dataset of ``directory(model, factor)``, loaded once per run."""
    import migorgs

    dest, counts = directory(model, factor)
    ds = _CACHE[(model, factor)][0]
    if ds is None:
        ds = migorgs.load(dest)
        _CACHE[(model, factor)] = (ds, counts, dest)
    return ds, counts
