#!/usr/bin/env python
"""migorgs performance benchmarks: every figure as a ratio to a reference measured in the same run.

Run from the repository root with the project's environment (migorgs, attrs,
cattrs and pycountry importable)::

    python benchmarks/run.py                 # full run (about 2 minutes)
    python benchmarks/run.py --quick         # fewer repeats (about 40 seconds)
    python benchmarks/run.py --json out.json # default: benchmarks/results/latest.json

Not part of the test suite; needs no network. See docs/performance.md for what
each figure means and the budgets from the issue.

Sections
  fresh-process  every snippet in a new interpreter (same sys.executable), runs
                 interleaved in shuffled order; whole-process wall time (spawn to
                 exit), the snippet's own time inside the child, and peak RSS (VmHWM).
  import profile ``-X importtime`` self time by module; phases and cProfile of the
                 first query.
  steady state   timeit (autoranged loop count), per-call median of the repeats.
  scale          synthetic data directories at 1x, 10x and 100x the packaged
                 records, loaded in this process with migorgs.load(path).
  concurrency    fresh process, 32 threads released by a barrier make the first
                 get_org at once; loads are counted by wrapping
                 migorgs._load.load_records.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_JSON = HERE / "results" / "latest.json"

# --------------------------------------------------------------------------- helpers


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def fmt_time(s: Optional[float]) -> str:
    if s is None:
        return "-"
    if s < 0:
        return "-" + fmt_time(-s)
    if s >= 1.0:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    if s >= 1e-6:
        return f"{s * 1e6:.2f} µs"
    return f"{s * 1e9:.0f} ns"


def fmt_mem(kb: Optional[float]) -> str:
    return "-" if kb is None else f"{kb / 1024:.1f} MiB"


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    for k in ("PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC", "PYTHONDEVMODE", "PYTHONWARNINGS"):
        env.pop(k, None)
    return env


def run_child(code: str, *flags: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter; raise with its stderr if it fails."""
    proc = subprocess.run(
        [sys.executable, *flags, "-c", code],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        env=child_env(),
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{code}\n--- stderr ---\n{proc.stderr}")
    return proc


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Table:
    """The one results table: a row per measure."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        section: str,
        name: str,
        value: Optional[float],
        unit: str,
        ref_name: str = "",
        ref_value: Optional[float] = None,
        budget: Optional[float] = None,
        budget_kind: str = "ratio",  # "ratio": ratio <= budget; "abs": value <= budget; "check": bool
        passed: Optional[bool] = None,
        note: str = "",
    ) -> None:
        ratio = value / ref_value if (value is not None and ref_value) else None
        if passed is None and budget is not None:
            if budget_kind == "ratio" and ratio is not None:
                passed = ratio <= budget
            elif budget_kind == "abs" and value is not None:
                passed = value <= budget
        self.rows.append(
            {
                "section": section,
                "measure": name,
                "value": value,
                "unit": unit,
                "reference": ref_name,
                "reference_value": ref_value,
                "ratio": ratio,
                "budget": budget,
                "budget_kind": budget_kind,
                "pass": passed,
                "note": note,
            }
        )

    @staticmethod
    def _fmt(v: Optional[float], unit: str) -> str:
        if v is None:
            return "-"
        if unit == "s":
            return fmt_time(v)
        if unit == "KiB":
            return fmt_mem(v)
        if unit == "s/record":
            return fmt_time(v) + "/rec"
        if unit == "count":
            return f"{v:g}"
        return f"{v:g} {unit}"

    def render(self) -> str:
        head = ("measure", "migorgs", "reference", "ref figure", "ratio", "budget", "result")
        lines = []
        for r in self.rows:
            if r["budget"] is None:
                budget = "-"
            elif r["budget_kind"] == "ratio":
                budget = f"≤ {r['budget']:g}×"
            elif r["budget_kind"] == "abs":
                budget = "≤ " + self._fmt(r["budget"], r["unit"])
            else:
                budget = "must hold"
            res = "info" if r["pass"] is None else ("PASS" if r["pass"] else "FAIL")
            lines.append(
                (
                    r["measure"],
                    self._fmt(r["value"], r["unit"]),
                    r["reference"] or "-",
                    self._fmt(r["reference_value"], r["unit"]),
                    "-" if r["ratio"] is None else f"{r['ratio']:.3g}×",
                    budget,
                    res,
                )
            )
        widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
        out = [
            "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
            "|" + "|".join("-" * (w + 2) for w in widths) + "|",
        ]
        for ln in lines:
            out.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(ln, widths)) + " |")
        return "\n".join(out)


# --------------------------------------------------------------------------- fresh processes

SNIPPETS: dict[str, str] = {
    "bare": "pass",
    "attrs": "import attrs",
    "attrs_cattrs": "import attrs, cattrs",
    "pycountry": "import pycountry",
    "pycountry_first": "import pycountry; pycountry.countries.get(alpha_2='DE')",
    "migorgs": "import migorgs",
    "migorgs_first": "import migorgs; migorgs.get_org('IOM')",
    "migorgs_full": "import migorgs; migorgs.get_org('IOM'); migorgs.default_dataset().search('x')",
}

# Peak RSS: VmHWM of /proc/self/status (the high-water mark of this process image). ru_maxrss is
# not used on Linux: it survives exec, so a child reports at least its parent's RSS at fork.
PEAK_RSS = """\
def _peak_rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    import resource, sys
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform == "darwin" else float(r)
"""

# every candidate runs the same wrapper (time is a builtin module; the file is read after the timing)
CHILD_TEMPLATE = (
    PEAK_RSS.replace("{", "{{").replace("}", "}}")
    + """\
import time as _t
_t0 = _t.perf_counter()
{snippet}
_t1 = _t.perf_counter()
print(_t1 - _t0, _peak_rss_kib())
"""
)


def fresh_process_runs(runs: int, seed: int = 1) -> dict[str, dict[str, list[float]]]:
    rng = random.Random(seed)
    names = list(SNIPPETS)
    out: dict[str, dict[str, list[float]]] = {n: {"wall": [], "inner": [], "peak_rss_kib": []} for n in names}
    for name in names:  # warm the OS file cache once, untimed
        run_child(CHILD_TEMPLATE.format(snippet=SNIPPETS[name]))
    for _ in range(runs):
        rng.shuffle(names)
        for name in names:
            code = CHILD_TEMPLATE.format(snippet=SNIPPETS[name])
            t0 = time.perf_counter()
            proc = run_child(code)
            wall = time.perf_counter() - t0
            inner, rss = proc.stdout.split()
            out[name]["wall"].append(wall)
            out[name]["inner"].append(float(inner))
            out[name]["peak_rss_kib"].append(float(rss))
    return out


def parse_importtime(stderr: str) -> list[tuple[str, int, int]]:
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        head, cum_us, name = line.split("|", 2)
        self_us = head.split(":", 1)[1]
        rows.append((name.strip(), int(self_us), int(cum_us)))
    return rows


def importtime_profile(snippet: str, runs: int) -> dict[str, Any]:
    """Median self/cumulative microseconds per module over ``runs`` fresh processes."""
    selfs: dict[str, list[int]] = {}
    cums: dict[str, list[int]] = {}
    for _ in range(runs):
        proc = run_child(snippet, "-X", "importtime")
        for name, s, c in parse_importtime(proc.stderr):
            selfs.setdefault(name, []).append(s)
            cums.setdefault(name, []).append(c)
    med_self = {m: median(v) for m, v in selfs.items()}
    med_cum = {m: median(v) for m, v in cums.items()}
    return {"self_us": med_self, "cum_us": med_cum}


def group_of(module: str) -> str:
    top = module.split(".")[0]
    if top in ("migorgs", "attr", "attrs", "cattrs", "pycountry"):
        return top
    return "stdlib/other"


PHASES_CHILD = (
    PEAK_RSS
    + r"""
import json, time
rss = _peak_rss_kib
out = {}
def step(label, fn):
    t = time.perf_counter(); r = fn(); out[label] = time.perf_counter() - t; return r
t = time.perf_counter()
import migorgs
out["import migorgs"] = time.perf_counter() - t; out["peak RSS after import migorgs (KiB)"] = rss()
try:  # private modules: if one moved, report what we have
    import importlib
    step("import migorgs._models (attrs + record classes)", lambda: importlib.import_module("migorgs._models"))
    step("import migorgs._dataset (query modules)", lambda: importlib.import_module("migorgs._dataset"))
    L = step("import migorgs._load", lambda: importlib.import_module("migorgs._load"))
    root = L.packaged_root()
    def read_all():
        n = 0
        for table in L.TABLES:
            for name, entry in L._files(root, table):
                json.loads(entry.read_bytes()); n += 1
        return n
    n = step("read + parse JSON", read_all)
    out["  (JSON files)"] = n
    if hasattr(L, "load_trusted"):
        raw = step("load_trusted() (default path: plain constructors, incl. JSON)", lambda: L.load_trusted(root))
    else:
        raw = None
    out["peak RSS after records (KiB)"] = rss()
    C = step("import migorgs._convert (cattrs; strict path only)", lambda: importlib.import_module("migorgs._convert"))
    raw2 = step("load_records() strict, first call (cattrs hooks generated)", lambda: L.load_records(root))
    step("load_records() strict, second call", lambda: L.load_records(root))
    step("  check_integrity() (strict path)", lambda: L.check_integrity(raw2))
    raw = raw or raw2
    ds = step("Dataset.__init__ (indexes)", lambda: migorgs.Dataset(raw.tables, raw.meta))
    step("first Dataset.get_org('IOM')", lambda: ds.get_org("IOM"))
    step("first search (builds the search index)", lambda: ds.search("x"))
    out["peak RSS after everything (KiB)"] = rss()
except Exception as exc:
    out["error"] = repr(exc)
print(json.dumps(out))
"""
)

CPROFILE_CHILD = r"""
import cProfile, json, pstats
import migorgs
pr = cProfile.Profile()
pr.enable()
migorgs.get_org("IOM")
pr.disable()
st = pstats.Stats(pr)
rows = []
for (file, line, func), (cc, nc, tt, ct, callers) in st.stats.items():
    short = file.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in short:
            short = short.split(marker, 1)[1]
            break
    rows.append({"func": f"{short}:{line}({func})", "ncalls": nc, "tottime": tt, "cumtime": ct})
print(json.dumps({"total": st.total_tt, "rows": rows}))
"""

TRACEMALLOC_CHILD = r"""
import json, tracemalloc
tracemalloc.start(1)
import migorgs
s0 = tracemalloc.take_snapshot()
migorgs.get_org("IOM")
migorgs.default_dataset().search("x")
s1 = tracemalloc.take_snapshot()
cur, peak = tracemalloc.get_traced_memory()
def top(snap, n=10):
    stats = snap.statistics("filename")
    out = []
    for st in stats[:n]:
        f = st.traceback[0].filename.replace("\\", "/")
        for marker in ("/site-packages/", "/src/", "/lib/python"):
            if marker in f:
                f = f.split(marker, 1)[1]; break
        out.append([f, st.size])
    return out
print(json.dumps({"after_import_total": sum(s.size for s in s0.statistics("filename")),
                  "after_load_total": cur, "peak": peak,
                  "top_after_import": top(s0), "top_after_load": top(s1)}))
"""

CONCURRENCY_CHILD = r"""
import json, threading, time
import migorgs, migorgs._load as L, migorgs._dataset as D
N = {n}
# count top-level calls of every loader function (load_records, load_trusted, ...; a fallback
# from one to another counts once) and every Dataset built
loads, datasets, depth = [0], [0], threading.local()
def counting(fn):
    def wrapper(*a, **k):
        d = getattr(depth, "d", 0)
        if d == 0:
            loads[0] += 1
        depth.d = d + 1
        try:
            return fn(*a, **k)
        finally:
            depth.d = d
    return wrapper
for name in dir(L):
    if name.startswith("load") and callable(getattr(L, name)):
        setattr(L, name, counting(getattr(L, name)))
orig_init = D.Dataset.__init__
def init(self, *a, **k):
    datasets[0] += 1
    orig_init(self, *a, **k)
D.Dataset.__init__ = init
barrier = threading.Barrier(N + 1)
results = [None] * N
errors = []
def worker(i):
    barrier.wait()
    try:
        results[i] = migorgs.get_org("IOM")
    except BaseException as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
for t in threads: t.start()
barrier.wait()
t0 = time.perf_counter()
for t in threads: t.join()
wall = time.perf_counter() - t0
same = all(r is results[0] for r in results) and results[0] is not None
print(json.dumps({{"wall": wall, "loads": loads[0], "datasets": datasets[0], "same": same, "errors": errors,
                   "answer": getattr(results[0], "id", None)}}))
"""


# --------------------------------------------------------------------------- steady state


def time_call(stmt: str, glb: dict[str, Any], repeat: int, target: float = 0.2) -> dict[str, float]:
    """Per-call seconds: the loop count is autoranged to ``target`` s, then ``repeat`` timed loops."""
    timer = timeit.Timer(stmt, globals=glb)
    number = 1
    while True:  # like Timer.autorange, with a configurable target
        t = timer.timeit(number)
        if t >= target:
            break
        number = max(number * 2, int(number * target / max(t, 1e-9) * 1.1))
    per = [t / number for t in timer.repeat(repeat=repeat, number=number)]
    return {"median": median(per), "min": min(per), "max": max(per), "number": number, "repeat": repeat}


def cprofile_rows(stmt: str, glb: dict[str, Any], number: int, top: int = 10) -> list[dict[str, Any]]:
    """cProfile of ``stmt`` run ``number`` times: the top functions by own time, per call of ``stmt``."""
    import cProfile
    import pstats

    code = compile(f"for _ in range({number}):\n    {stmt}", "<bench>", "exec")
    pr = cProfile.Profile()
    pr.enable()
    exec(code, glb)
    pr.disable()
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in pstats.Stats(pr).stats.items():
        rows.append(
            {
                "func": f"{short_path(file)}:{line}({func})",
                "ncalls_per_call": nc / number,
                "tottime": tt / number,
                "cumtime": ct / number,
            }
        )
    return sorted(rows, key=lambda r: -r["tottime"])[:top]


def short_path(file: str) -> str:
    file = file.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def time_pair(
    stmt: str, g_a: dict[str, Any], g_b: dict[str, Any], repeat: int, target: float
) -> tuple[dict[str, float], dict[str, float]]:
    """``stmt`` against two namespaces, the repeats alternating between them; per-call seconds of each."""
    out = []
    timers = [timeit.Timer(stmt, globals=g_a), timeit.Timer(stmt, globals=g_b)]
    numbers = []
    for timer in timers:
        number = 1
        while True:
            t = timer.timeit(number)
            if t >= target:
                break
            number = max(number * 2, int(number * target / max(t, 1e-9) * 1.1))
        numbers.append(number)
    per: list[list[float]] = [[], []]
    for _ in range(repeat):
        for i, timer in enumerate(timers):
            per[i].append(timer.timeit(numbers[i]) / numbers[i])
    for i in range(2):
        out.append(
            {
                "median": median(per[i]),
                "min": min(per[i]),
                "max": max(per[i]),
                "number": numbers[i],
                "repeat": repeat,
            }
        )
    return out[0], out[1]


# --------------------------------------------------------------------------- synthetic data

ENTITY_REF_KEYS = {"org", "process", "entity", "institution"}
ENTITY_LIST_KEYS = {"entities", "publishers", "about"}
TABLE_NAMES = (
    "sources",
    "organisations",
    "processes",
    "involvements",
    "events",
    "publications",
    "themes",
    "conflicts",
)


def packaged_tables(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLE_NAMES:
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


def replicate(table: str, rec: dict[str, Any], k: int) -> dict[str, Any]:
    """Copy ``k`` of a record: fresh ids (``-x<k>``), names, acronyms and source ids, references remapped."""
    if k == 0:
        return rec
    sfx = f"-x{k}"

    def walk(obj: Any) -> Any:
        if isinstance(obj, dict):
            out = {}
            for key, v in obj.items():
                if key == "sources":
                    out[key] = [s + sfx for s in v]
                elif key == "cite":
                    out[key] = {f: [s + sfx for s in ss] for f, ss in v.items()}
                elif key in ENTITY_REF_KEYS and isinstance(v, str):
                    out[key] = v + sfx
                elif key in ENTITY_LIST_KEYS:
                    out[key] = [e + sfx for e in v]
                else:
                    out[key] = walk(v)
            return out
        if isinstance(obj, list):
            return [walk(x) for x in obj]
        return obj

    r = walk(rec)
    if "id" in r:
        r["id"] += sfx
    if table in ("organisations", "processes"):
        for n in r["names"]:
            n["text"] += f" x{k}"
            if n.get("acronym"):
                n["acronym"] += f"X{k}"
    return r


def write_synthetic(
    base: dict[str, list[dict[str, Any]]], meta: bytes, factor: int, dest: Path
) -> dict[str, int]:
    dest.mkdir(parents=True)
    (dest / "meta.json").write_bytes(meta)
    counts = {t: 0 for t in TABLE_NAMES}
    nested = {"names": 0, "facts": 0}
    for table in TABLE_NAMES:
        (dest / table).mkdir()
        for k in range(factor):  # one file per copy keeps every file far under MAX_FILE_BYTES
            recs = [replicate(table, r, k) for r in base[table]]
            counts[table] += len(recs)
            if table in ("organisations", "processes"):
                nested["names"] += sum(len(r["names"]) for r in recs)
                nested["facts"] += sum(len(r.get("facts", ())) for r in recs)
            (dest / table / f"c{k:03d}.json").write_text(
                json.dumps(recs, ensure_ascii=False), encoding="utf-8"
            )
    return {**counts, **nested, "records": sum(counts.values())}


# --------------------------------------------------------------------------- the run


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer runs and repeats (noisier)")
    ap.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"where to write results (default {DEFAULT_JSON})"
    )
    ap.add_argument("--runs", type=int, help="fresh-process runs per snippet (default 30; --quick 10)")
    ap.add_argument("--repeat", type=int, help="timeit repeats (default 7; --quick 3)")
    ap.add_argument("--max-scale", type=int, default=100, choices=(1, 10, 100), help="largest synthetic size")
    args = ap.parse_args(argv)

    runs = args.runs or (10 if args.quick else 30)
    repeat = args.repeat or (3 if args.quick else 7)
    target = 0.05 if args.quick else 0.2
    profile_runs = 3 if args.quick else 7
    started = time.perf_counter()

    try:
        import attrs  # noqa: F401
        import cattrs  # noqa: F401
        import pycountry

        import migorgs
    except ImportError as exc:
        print(f"benchmarks need migorgs, attrs, cattrs and pycountry importable: {exc}", file=sys.stderr)
        return 2

    table = Table()
    details: dict[str, Any] = {}

    # ---------------------------------------------------------------- fresh processes
    log(f"[1/6] fresh-process runs: {len(SNIPPETS)} snippets x {runs} runs, interleaved ...")
    fp = fresh_process_runs(runs)
    details["fresh_process"] = {
        n: {
            "snippet": SNIPPETS[n],
            **{k: {"median": median(v), "min": min(v), "max": max(v), "samples": v} for k, v in d.items()},
        }
        for n, d in fp.items()
    }
    W = {n: median(d["wall"]) for n, d in fp.items()}
    I = {n: median(d["inner"]) for n, d in fp.items()}  # noqa: E741
    M = {n: median(d["peak_rss_kib"]) for n, d in fp.items()}
    S = "fresh process"
    table.add(S, "bare interpreter `python -c pass` (wall)", W["bare"], "s", note="baseline")
    table.add(S, "import migorgs (wall)", W["migorgs"], "s", "import attrs", W["attrs"], 1.15)
    table.add(S, "import migorgs (wall)", W["migorgs"], "s", "import pycountry", W["pycountry"], 0.8)
    table.add(
        S,
        "import migorgs (in-process time)",
        I["migorgs"],
        "s",
        "import attrs",
        I["attrs"],
        note="excludes interpreter start-up",
    )
    table.add(S, "import migorgs (in-process time)", I["migorgs"], "s", "import pycountry", I["pycountry"])
    table.add(
        S,
        "import migorgs (wall − bare)",
        W["migorgs"] - W["bare"],
        "s",
        "import attrs − bare",
        W["attrs"] - W["bare"],
    )
    table.add(
        S,
        "import + first get_org('IOM') (wall)",
        W["migorgs_first"],
        "s",
        "import pycountry + countries.get(alpha_2='DE')",
        W["pycountry_first"],
        1.0,
    )
    table.add(
        S,
        "import + first get_org('IOM') (in-process)",
        I["migorgs_first"],
        "s",
        "pycountry import + first countries.get",
        I["pycountry_first"],
    )

    # ---------------------------------------------------------------- memory (same runs)
    S = "memory (peak RSS)"
    table.add(S, "bare interpreter", M["bare"], "KiB", note="baseline")
    table.add(S, "import migorgs", M["migorgs"], "KiB", "import attrs, cattrs", M["attrs_cattrs"])
    table.add(
        S,
        "import migorgs + get_org (loaded)",
        M["migorgs_first"],
        "KiB",
        "import attrs, cattrs",
        M["attrs_cattrs"],
        1.2,
    )
    table.add(
        S,
        "loaded + search index (full load)",
        M["migorgs_full"],
        "KiB",
        "import attrs, cattrs",
        M["attrs_cattrs"],
        1.2,
    )
    table.add(
        S,
        "loaded + search index (full load)",
        M["migorgs_full"],
        "KiB",
        "pycountry + countries loaded",
        M["pycountry_first"],
    )
    table.add(
        S,
        "full load − bare",
        M["migorgs_full"] - M["bare"],
        "KiB",
        "attrs, cattrs − bare",
        M["attrs_cattrs"] - M["bare"],
    )

    # ---------------------------------------------------------------- profiles
    log(
        f"[2/6] import profile (-X importtime x {profile_runs}), first-query phases, cProfile, tracemalloc ..."
    )
    imp = importtime_profile("import migorgs", profile_runs)
    imp_attrs = importtime_profile("import attrs", profile_runs)
    imp_first = importtime_profile("import migorgs; migorgs.get_org('IOM')", profile_runs)
    by_group: dict[str, float] = {}
    for m, s in imp["self_us"].items():
        by_group[group_of(m)] = by_group.get(group_of(m), 0) + s
    extra_over_attrs = {m: s for m, s in imp["self_us"].items() if m not in imp_attrs["self_us"]}
    lazy_in_first = {m: s for m, s in imp_first["self_us"].items() if m not in imp["self_us"]}
    details["importtime"] = {
        "import migorgs: top self-time modules (µs)": sorted(imp["self_us"].items(), key=lambda x: -x[1])[
            :15
        ],
        "import migorgs: self time by package (µs)": dict(sorted(by_group.items(), key=lambda x: -x[1])),
        "import migorgs: total self time (µs)": sum(imp["self_us"].values()),
        "import attrs: total self time (µs)": sum(imp_attrs["self_us"].values()),
        "modules migorgs imports that attrs does not (µs, top)": sorted(
            extra_over_attrs.items(), key=lambda x: -x[1]
        )[:15],
        "modules migorgs imports that attrs does not: count, total µs": [
            len(extra_over_attrs),
            sum(extra_over_attrs.values()),
        ],
        "modules first get_org imports lazily (µs, top)": sorted(lazy_in_first.items(), key=lambda x: -x[1])[
            :12
        ],
        "modules first get_org imports lazily: count, total µs": [
            len(lazy_in_first),
            sum(lazy_in_first.values()),
        ],
    }
    phase_runs = [json.loads(run_child(PHASES_CHILD).stdout) for _ in range(profile_runs)]
    details["first_query_phases"] = {
        k: median([p[k] for p in phase_runs if k in p])
        if not isinstance(phase_runs[0].get(k), str)
        else phase_runs[0][k]
        for k in phase_runs[0]
    }
    prof = json.loads(run_child(CPROFILE_CHILD).stdout)
    details["first_query_cprofile"] = {
        "total_s (with profiler overhead)": prof["total"],
        "top_tottime": sorted(prof["rows"], key=lambda r: -r["tottime"])[:15],
        "top_cumtime": sorted(prof["rows"], key=lambda r: -r["cumtime"])[:20],
    }
    try:
        details["tracemalloc"] = json.loads(run_child(TRACEMALLOC_CHILD).stdout)
    except RuntimeError as exc:
        details["tracemalloc"] = {"error": str(exc)}

    # ---------------------------------------------------------------- steady state
    log(f"[3/6] steady-state latency (timeit, {repeat} repeats) ...")
    ds = migorgs.default_dataset()
    ds.search("x")  # build the search index outside the timings
    pycountry.countries.get(alpha_2="DE")
    floor_dict = {c.alpha_2: c for c in pycountry.countries}
    g = {"migorgs": migorgs, "ds": ds, "pycountry": pycountry, "d": floor_dict}
    former = "Intergovernmental Committee for European Migration"
    cased = "international ORGANIZATION for MIGRATION"
    cases = {
        "floor: dict lookup d['DE']": "d['DE']",
        "pycountry.countries.lookup('germany')": "pycountry.countries.lookup('germany')",
        "pycountry.countries.search_fuzzy('germany')": "pycountry.countries.search_fuzzy('germany')",
        "get_org('IOM')": "migorgs.get_org('IOM')",
        "get_org(former name)": f"migorgs.get_org({former!r})",
        "get_org(other-cased long name)": f"migorgs.get_org({cased!r})",
        "Dataset.get_org('IOM')": "ds.get_org('IOM')",
        "get_org, uncached path (long name)": f"ds._resolve_uncached('org', {cased!r})",
        "processes_where(role='secretariat', org='IOM')": "migorgs.processes_where(role='secretariat', org='IOM')",
        "name_history('IOM')": "migorgs.name_history('IOM')",
        "search('bali process')": "migorgs.search('bali process')",
        "search('migration')": "migorgs.search('migration')",
    }
    steady: dict[str, dict[str, float]] = {}
    for name, stmt in cases.items():
        try:
            steady[name] = {"stmt": stmt, **time_call(stmt, g, repeat, target)}  # type: ignore[dict-item]
        except Exception as exc:  # a private path that moved: skip, say so
            steady[name] = {"stmt": stmt, "error": repr(exc)}  # type: ignore[dict-item]
    details["steady_state"] = steady
    details["steady_cprofile"] = {}
    for stmt in ("migorgs.search('bali process')", "migorgs.search('migration')"):
        details["steady_cprofile"][stmt] = cprofile_rows(stmt, g, 200)

    def st(name: str) -> Optional[float]:
        return steady[name].get("median")  # type: ignore[return-value]

    S = "steady state"
    lk, sf, fl = (
        "pycountry.countries.lookup('germany')",
        "pycountry.countries.search_fuzzy('germany')",
        "floor: dict lookup d['DE']",
    )
    table.add(S, "dict lookup (floor)", st(fl), "s")
    table.add(S, "pycountry lookup('germany')", st(lk), "s", "dict lookup", st(fl))
    table.add(S, "pycountry search_fuzzy('germany')", st(sf), "s", "dict lookup", st(fl))
    for n in (
        "get_org('IOM')",
        "get_org(former name)",
        "get_org(other-cased long name)",
        "Dataset.get_org('IOM')",
    ):
        table.add(S, n, st(n), "s", "pycountry lookup('germany')", st(lk), 0.5)
    table.add(
        S,
        "get_org, uncached path (long name)",
        st("get_org, uncached path (long name)"),
        "s",
        "pycountry lookup('germany')",
        st(lk),
        note="new keys beyond the LRU cache",
    )
    n = "processes_where(role='secretariat', org='IOM')"
    table.add(S, "processes_where(role, org)", st(n), "s", "dict lookup", st(fl), 2e-6, "abs")
    table.add(S, "name_history('IOM')", st("name_history('IOM')"), "s", "pycountry lookup('germany')", st(lk))
    for n in ("search('bali process')", "search('migration')"):
        table.add(S, n, st(n), "s", "pycountry search_fuzzy('germany')", st(sf), 0.01)

    # ---------------------------------------------------------------- scale
    factors = [f for f in (1, 10, 100) if f <= args.max_scale]
    log(f"[4/6] scale: synthetic data at {', '.join(f'{f}x' for f in factors)} (in-process load) ...")
    data_dir = Path(migorgs.__file__).resolve().parent / "data"
    base = packaged_tables(data_dir)
    meta = (data_dir / "meta.json").read_bytes()
    tmp = Path(tempfile.mkdtemp(prefix="migorgs-bench-"))
    scale: dict[int, dict[str, Any]] = {}
    ds1: Any = None
    scale_queries = {
        "get_org('IOM')": "ds.get_org('IOM')",
        "get_org(other-cased long name)": f"ds.get_org({cased!r})",
        "get_org, uncached path": f"ds._resolve_uncached('org', {cased!r})",
        "processes_where(role, org)": "ds.processes_where(role='secretariat', org='IOM')",
        "processes_where, uncached path": "ds._where_uncached(R, 'iom', None, None, None, None, False, None)",
        "search('bali process')": "ds.search('bali process')",
    }
    try:
        for f in factors:
            t = time.perf_counter()
            counts = write_synthetic(base, meta, f, tmp / f"x{f}")
            gen_s = time.perf_counter() - t
            load_reps = {1: 5, 10: 3, 100: 2}[f] if not args.quick else {1: 3, 10: 2, 100: 1}[f]
            loads = []
            sds = None
            for _ in range(load_reps):
                sds = None
                t = time.perf_counter()
                sds = migorgs.load(tmp / f"x{f}")
                loads.append(time.perf_counter() - t)
            assert sds is not None and len(sds.orgs()) == counts["organisations"], (
                "synthetic load lost records"
            )
            t = time.perf_counter()
            sds.search("x")
            index_s = time.perf_counter() - t
            gc.collect()
            gc.disable()
            try:
                t = time.perf_counter()
                migorgs.load(tmp / f"x{f}")
                load_nogc = time.perf_counter() - t
            finally:
                gc.enable()
            if f == 1:
                ds1 = sds
            # queries: this size and 1x timed in alternating repeats, so drift hits both alike
            q, q1 = {}, {}
            for name, stmt in scale_queries.items():
                try:
                    q[name], q1[name] = time_pair(
                        stmt,
                        {"ds": sds, "R": migorgs.Role.SECRETARIAT},
                        {"ds": ds1, "R": migorgs.Role.SECRETARIAT},
                        repeat,
                        target / 2,
                    )
                except Exception as exc:
                    q[name] = q1[name] = {"error": repr(exc)}
            scale[f] = {
                "counts": counts,
                "generate_s": gen_s,
                "load_s": loads,
                "load_median_s": median(loads),
                "load_per_record_s": median(loads) / counts["records"],
                "load_gc_disabled_s": load_nogc,
                "search_index_build_s": index_s,
                "queries": q,
                "queries_1x_same_block": q1,
            }
            del sds
            log(f"      {f}x: {counts['records']} records, load {fmt_time(median(loads))}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # least-squares fit load = a + b * records
    xs = [scale[f]["counts"]["records"] for f in factors]
    ys = [scale[f]["load_median_s"] for f in factors]
    fit: dict[str, float] = {}
    if len(xs) >= 2:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        a = my - b * mx
        ss_res = sum((y - (a + b * x)) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
        fit = {"intercept_s": a, "slope_s_per_record": b, "r2": 1 - ss_res / ss_tot}
    details["scale"] = {
        "mode": "in-process: migorgs.load(path), median of repeats; queries on that Dataset",
        "sizes": {f"{f}x": v for f, v in scale.items()},
        "linear_fit": fit,
    }

    S = "scale"
    for f in factors:
        c = scale[f]["counts"]
        table.add(
            S,
            f"{f}x load ({c['records']} records, {c['names']} names, {c['facts']} facts)",
            scale[f]["load_median_s"],
            "s",
            "1x load" if f != 1 else "",
            scale[1]["load_median_s"] if f != 1 else None,
        )
    for f in factors:
        if f == 1:
            table.add(S, "1x load per record", scale[1]["load_per_record_s"], "s/record")
            continue
        prev = factors[factors.index(f) - 1]
        table.add(
            S,
            f"{f}x load per record",
            scale[f]["load_per_record_s"],
            "s/record",
            f"{prev}x load per record",
            scale[prev]["load_per_record_s"],
            1.5 if prev != 1 else None,
            note="linear growth: per-record cost must not rise" if prev != 1 else "1x includes fixed costs",
        )
    for f in factors:
        table.add(
            S,
            f"{f}x load per record, gc disabled (diagnostic)",
            scale[f]["load_gc_disabled_s"] / scale[f]["counts"]["records"],
            "s/record",
            "same, gc enabled",
            scale[f]["load_per_record_s"],
        )
    if fit:
        table.add(
            S,
            f"load fit: slope per record (R²={fit['r2']:.4f})",
            fit["slope_s_per_record"],
            "s/record",
            note=f"intercept {fmt_time(fit['intercept_s'])}",
        )
    for f in factors:
        if f == 1:
            continue
        for name in scale_queries:
            cur = scale[f]["queries"][name].get("median")
            ref = scale[f]["queries_1x_same_block"][name].get("median")
            table.add(S, f"{f}x {name}", cur, "s", f"1x {name} (same block)", ref, 1.5)
        table.add(
            S,
            f"{f}x search index build (first search)",
            scale[f]["search_index_build_s"],
            "s",
            "1x search index build",
            scale[1]["search_index_build_s"],
        )

    # ---------------------------------------------------------------- concurrency
    conc_runs = 3 if args.quick else 7
    log(f"[5/6] concurrency: 32 threads x {conc_runs} fresh processes (and 1 thread for reference) ...")
    c32, c1 = [], []
    for _ in range(conc_runs):
        c32.append(json.loads(run_child(CONCURRENCY_CHILD.format(n=32)).stdout))
        c1.append(json.loads(run_child(CONCURRENCY_CHILD.format(n=1)).stdout))
    ok = all(
        r["loads"] == 1 and r["datasets"] == 1 and r["same"] and not r["errors"] and r["answer"] == "iom"
        for r in c32
    )
    details["concurrency"] = {"threads_32": c32, "threads_1": c1}
    S = "concurrency"
    table.add(
        S,
        f"32 threads' first get_org: exactly 1 load, same object ({conc_runs} processes)",
        max(r["loads"] for r in c32),
        "count",
        passed=ok,
        budget=1,
        budget_kind="check",
        note=f"loads per process: {[r['loads'] for r in c32]}, datasets built: {[r['datasets'] for r in c32]}, "
        f"errors: {sum(len(r['errors']) for r in c32)}",
    )
    table.add(
        S,
        "32 threads' first get_org, wall time",
        median([r["wall"] for r in c32]),
        "s",
        "1 thread's first get_org",
        median([r["wall"] for r in c1]),
    )

    # ---------------------------------------------------------------- output
    log("[6/6] writing results ...")
    elapsed = time.perf_counter() - started
    commit = ""
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        src_status = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.split("\n")
        src_status = [x.strip() for x in src_status if x.strip()]
    except Exception:
        src_status = []
    meta_out = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "python": sys.version.split()[0],
        "executable": sys.executable,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "migorgs": migorgs.__version__,
        "data_version": migorgs.DATA_VERSION,
        "commit": commit,
        "src_modified": src_status,
        "mode": "quick" if args.quick else "default",
        "fresh_process_runs": runs,
        "timeit_repeat": repeat,
        "elapsed_s": elapsed,
    }
    results = {"meta": meta_out, "rows": table.rows, "details": details}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")

    dirty = f" + {len(src_status)} changed file(s) in src" if src_status else ""
    print(
        f"migorgs {migorgs.__version__} (data {migorgs.DATA_VERSION}, commit {commit or '?'}{dirty}) | "
        f"Python {meta_out['python']} | {meta_out['platform']} | {meta_out['cpus']} CPUs | "
        f"{meta_out['mode']} mode: {runs} fresh-process runs, {repeat} timeit repeats | medians"
    )
    print()
    print(table.render())
    print()
    print_details(details)
    fails = [r for r in table.rows if r["pass"] is False]
    print()
    print(
        f"{sum(r['pass'] is True for r in table.rows)} PASS, {len(fails)} FAIL; "
        f"{elapsed:.0f} s; results written to {args.json}"
    )
    return 0


def print_details(d: dict[str, Any]) -> None:
    it = d["importtime"]
    print("Profile: `python -X importtime -c 'import migorgs'` (median self time, top modules)")
    for m, us in it["import migorgs: top self-time modules (µs)"][:12]:
        print(f"  {us / 1000:7.2f} ms  {m}")
    print(
        "  by package: "
        + ", ".join(
            f"{k} {v / 1000:.1f} ms" for k, v in it["import migorgs: self time by package (µs)"].items()
        )
    )
    n, tot = it["modules migorgs imports that attrs does not: count, total µs"]
    print(
        f"  beyond `import attrs`: {n} more modules, {tot / 1000:.1f} ms self time: "
        + ", ".join(
            f"{m} {us / 1000:.1f}"
            for m, us in it["modules migorgs imports that attrs does not (µs, top)"][:10]
        )
    )
    n, tot = it["modules first get_org imports lazily: count, total µs"]
    print(
        f"Profile: modules the first get_org imports lazily: {n}, {tot / 1000:.1f} ms; top: "
        + ", ".join(
            f"{m} {us / 1000:.1f}" for m, us in it["modules first get_org imports lazily (µs, top)"][:6]
        )
    )
    print("Profile: phases of the first query (fresh process, median)")
    for k, v in d["first_query_phases"].items():
        shown = fmt_mem(v) if "KiB" in k else (fmt_time(v) if isinstance(v, float) else v)
        print(f"  {shown:>12}  {k}")
    cp = d["first_query_cprofile"]
    print(
        f"Profile: cProfile of the first get_org (after import; {fmt_time(cp['total_s (with profiler overhead)'])} "
        "with profiler overhead), top by own time"
    )
    for r in cp["top_tottime"][:10]:
        print(
            f"  {fmt_time(r['tottime']):>10} own {fmt_time(r['cumtime']):>10} cum {r['ncalls']:>7}x  {r['func']}"
        )
    for stmt, rows in d.get("steady_cprofile", {}).items():
        print(f"Profile: cProfile of steady {stmt}, per call, top by own time")
        for r in rows[:6]:
            print(
                f"  {fmt_time(r['tottime']):>10} own {fmt_time(r['cumtime']):>10} cum "
                f"{r['ncalls_per_call']:>7.0f}x  {r['func']}"
            )
    tm = d.get("tracemalloc", {})
    if "peak" in tm:
        print(
            f"Profile: tracemalloc: Python allocations {fmt_mem(tm['after_import_total'] / 1024)} after import, "
            f"{fmt_mem(tm['after_load_total'] / 1024)} after load + search index; top files after load: "
            + ", ".join(f"{f} {s / 1048576:.1f}" for f, s in tm["top_after_load"][:6])
        )
    sc = d["scale"]
    if sc["linear_fit"]:
        f = sc["linear_fit"]
        print(
            f"Scale: load = {fmt_time(f['intercept_s'])} + {fmt_time(f['slope_s_per_record'])} × records "
            f"(R² {f['r2']:.4f}); {sc['mode']}"
        )


if __name__ == "__main__":
    sys.exit(main())
