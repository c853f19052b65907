"""The benchmark harness: fresh-process runs, interleaving, medians, ratios, JSON output.

Every family module (``bench_*.py``) defines ``NAME`` and ``run(ctx)``, which
adds rows to ``ctx.table`` (each a figure, the reference measured in the same
run, their ratio and the budget) and raw evidence to ``ctx.details``. A family
runs alone with ``python benchmarks/bench_<family>.py [--quick]``; ``run.py``
runs them all.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


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


def fmt_mem(kib: Optional[float]) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f} MiB"


# --------------------------------------------------------------------------- fresh processes


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    for k in ("PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC", "PYTHONDEVMODE", "PYTHONWARNINGS",
              "PYTHONDONTWRITEBYTECODE"):  # fmt: skip
        env.pop(k, None)
    return env


def ensure_bytecode() -> None:
    """Compile migorgs' modules to byte-code first, as an installed wheel has them.

    Without it (``PYTHONDONTWRITEBYTECODE``, or a module edited since the last run) every
    fresh process would compile the edited modules again and measure that instead.
    """
    import compileall

    import migorgs

    compileall.compile_dir(os.path.dirname(migorgs.__file__), quiet=1)


def run_argv(argv: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` (cwd: a temp dir, so no source tree shadows the install); raise if it fails."""
    proc = subprocess.run(
        argv, capture_output=True, text=True, cwd=tempfile.gettempdir(), env=child_env(), timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {argv}\n--- stderr ---\n{proc.stderr}")
    return proc


def run_child(code: str, *flags: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (the same ``sys.executable``)."""
    return run_argv([sys.executable, *flags, "-c", code], timeout)


# Peak RSS: VmHWM of /proc/self/status. ru_maxrss is not used on Linux: it survives exec,
# so a child reports at least its parent's RSS at fork.
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

# every snippet runs in the same wrapper (time is a builtin module)
_WRAP = PEAK_RSS + "import time as _t\n_t0 = _t.perf_counter()\n{snippet}\n_t1 = _t.perf_counter()\n"
_WRAP += "print(_t1 - _t0, _peak_rss_kib())\n"


def wrap(snippet: str) -> str:
    return _WRAP.replace("{snippet}", snippet)


#: a snippet is Python code (run with ``-c`` in the wrapper) or a command (an argv list, wall time only)
Snippet = "str | list[str]"


def fresh_runs(snippets: dict[str, Any], runs: int, seed: int = 1) -> dict[str, dict[str, list[float]]]:
    """Each snippet ``runs`` times, each in a new process, interleaved in shuffled order.

    For code: wall time (spawn to exit, as the parent sees it), the snippet's own time and
    peak RSS. For a command: wall time only.
    """
    ensure_bytecode()
    rng = random.Random(seed)
    names = list(snippets)
    out: dict[str, dict[str, list[float]]] = {n: {"wall": [], "inner": [], "peak_rss_kib": []} for n in names}

    def one(name: str) -> None:
        s = snippets[name]
        t0 = time.perf_counter()
        proc = run_argv(s) if isinstance(s, list) else run_child(wrap(s))
        wall = time.perf_counter() - t0
        out[name]["wall"].append(wall)
        if not isinstance(s, list):
            inner, rss = proc.stdout.split()[-2:]
            out[name]["inner"].append(float(inner))
            out[name]["peak_rss_kib"].append(float(rss))

    for name in names:  # warm the OS file cache and byte-code once, untimed
        one(name)
        for v in out[name].values():
            v.clear()
    for _ in range(runs):
        rng.shuffle(names)
        for name in names:
            one(name)
    return out


def medians(fp: dict[str, dict[str, list[float]]], what: str) -> dict[str, float]:
    return {n: median(d[what]) for n, d in fp.items() if d[what]}


# --------------------------------------------------------------------------- in-process timing


def _autorange(timer: timeit.Timer, target: float) -> int:
    number = 1
    while True:
        t = timer.timeit(number)
        if t >= target:
            return number
        number = max(number * 2, int(number * target / max(t, 1e-9) * 1.1))


def time_call(stmt: str, glb: dict[str, Any], repeat: int, target: float = 0.2) -> dict[str, float]:
    """Per-call seconds: the loop count autoranged to ``target`` s, then ``repeat`` timed loops."""
    timer = timeit.Timer(stmt, globals=glb)
    number = _autorange(timer, target)
    per = [t / number for t in timer.repeat(repeat=repeat, number=number)]
    return {"median": median(per), "min": min(per), "max": max(per), "number": number, "repeat": repeat}


def time_group(
    stmts: dict[str, tuple[str, dict[str, Any]]],
    repeat: int,
    target: float,
    stat: Callable[[list[float]], float] = median,
) -> dict[str, float]:
    """Several statements timed with their repeats interleaved, so drift hits all alike: medians
    (or ``stat``: ``min`` where a short spike of another job must not decide a comparison)."""
    timers = {n: timeit.Timer(s, globals=g) for n, (s, g) in stmts.items()}
    for t in timers.values():  # steady state: a first call that builds an index is not timed, nor
        t.timeit(1)  # may it make the loop count 1
    numbers = {n: _autorange(t, target) for n, t in timers.items()}
    per: dict[str, list[float]] = {n: [] for n in timers}
    for _ in range(repeat):
        for n, t in timers.items():
            per[n].append(t.timeit(numbers[n]) / numbers[n])
    return {n: stat(v) for n, v in per.items()}


def short_path(file: str) -> str:
    file = file.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def cprofile_rows(stmt: str, glb: dict[str, Any], number: int, top: int = 10) -> list[dict[str, Any]]:
    """cProfile of ``stmt`` run ``number`` times: the top functions by own time, per call."""
    import cProfile
    import pstats

    code = compile(f"for _ in range({number}):\n    {stmt}", "<bench>", "exec")
    pr = cProfile.Profile()
    pr.enable()
    exec(code, glb)
    pr.disable()
    rows = [
        {
            "func": f"{short_path(f)}:{ln}({fn})",
            "ncalls": nc / number,
            "tottime": tt / number,
            "cumtime": ct / number,
        }
        for (f, ln, fn), (_cc, nc, tt, ct, _callers) in pstats.Stats(pr).stats.items()  # type: ignore[attr-defined]
    ]
    return sorted(rows, key=lambda r: -r["tottime"])[:top]


# --------------------------------------------------------------------------- the table


class Table:
    """The results: a row per figure, with its reference from the same run and the ratio."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        family: str,
        name: str,
        value: Optional[float],
        unit: str,
        ref_name: str = "",
        ref_value: Optional[float] = None,
        budget: Optional[float] = None,
        *,
        passed: Optional[bool] = None,
        note: str = "",
    ) -> None:
        """A figure; with ``budget``, it passes when ``value / ref_value <= budget``."""
        ratio = value / ref_value if (value is not None and ref_value) else None
        if passed is None and budget is not None and ratio is not None:
            passed = ratio <= budget
        self.rows.append({"family": family, "measure": name, "value": value, "unit": unit, "reference": ref_name,
                          "reference_value": ref_value, "ratio": ratio, "budget": budget, "pass": passed,
                          "note": note})  # fmt: skip

    @staticmethod
    def fmt(v: Optional[float], unit: str) -> str:
        if v is None:
            return "-"
        if unit == "s":
            return fmt_time(v)
        if unit == "KiB":
            return fmt_mem(v)
        if unit == "s/record":
            return fmt_time(v) + "/rec"
        return f"{v:g}" + ("" if unit == "count" else f" {unit}")

    def render(self, rows: Optional[list[dict[str, Any]]] = None) -> str:
        head = ("family", "measure", "migorgs", "reference", "ref figure", "ratio", "budget", "result")
        lines = []
        for r in self.rows if rows is None else rows:
            budget = "-" if r["budget"] is None else f"≤ {r['budget']:g}×"
            if r["budget"] is None and r["pass"] is not None:
                budget = "must hold"
            res = "info" if r["pass"] is None else ("PASS" if r["pass"] else "FAIL")
            ratio = "-" if r["ratio"] is None else f"{r['ratio']:.3g}×"
            lines.append((r["family"], r["measure"], self.fmt(r["value"], r["unit"]), r["reference"] or "-",
                          self.fmt(r["reference_value"], r["unit"]), ratio, budget, res))  # fmt: skip
        widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
        out = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |",
               "|" + "|".join("-" * (w + 2) for w in widths) + "|"]  # fmt: skip
        out += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(ln, widths)) + " |" for ln in lines]
        return "\n".join(out)


class Context:
    """What a family gets: the settings, the table to add to and a place for raw evidence."""

    def __init__(self, quick: bool, runs: Optional[int], repeat: Optional[int], max_scale: int) -> None:
        self.quick = quick
        self.runs = runs or (10 if quick else 25)
        self.repeat = repeat or (3 if quick else 7)
        self.target = 0.05 if quick else 0.2
        self.profile_runs = 3 if quick else 7
        self.max_scale = max_scale
        self.table = Table()
        self.details: dict[str, Any] = {}


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def meta(ctx: Context, elapsed: float) -> dict[str, Any]:
    import migorgs

    changed = [x.strip() for x in git("status", "--porcelain", "--", "src").splitlines() if x.strip()]
    return {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "migorgs": migorgs.__version__,
        "data_version": migorgs.DATA_VERSION,
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "src_modified": changed,
        "mode": "quick" if ctx.quick else "default",
        "fresh_process_runs": ctx.runs,
        "timeit_repeat": ctx.repeat,
        "elapsed_s": elapsed,
    }


def parser(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="fewer runs and repeats (noisier)")
    ap.add_argument(
        "--json", type=Path, help="where to write results (default benchmarks/results/<name>.json)"
    )
    ap.add_argument("--runs", type=int, help="fresh-process runs per snippet (default 25; --quick 10)")
    ap.add_argument("--repeat", type=int, help="timeit repeats (default 7; --quick 3)")
    ap.add_argument("--max-scale", type=int, default=100, choices=(10, 100), help="largest synthetic size")
    return ap


def finish(ctx: Context, started: float, json_path: Path) -> int:
    """Print the table and write the JSON; exit status 1 if a budget failed."""
    m = meta(ctx, time.perf_counter() - started)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"meta": m, "rows": ctx.table.rows, "details": ctx.details}, indent=1,
                                    default=str), encoding="utf-8")  # fmt: skip
    dirty = f" + {len(m['src_modified'])} changed file(s) in src" if m["src_modified"] else ""
    print(f"migorgs {m['migorgs']} (data {m['data_version']}, commit {m['commit'] or '?'}{dirty}) | "
          f"Python {m['python']} | {m['cpus']} CPUs | load {m['load_average']} | {m['mode']} mode: "
          f"{ctx.runs} fresh-process runs, {ctx.repeat} repeats | medians")  # fmt: skip
    print()
    print(ctx.table.render())
    fails = [r for r in ctx.table.rows if r["pass"] is False]
    passes = sum(r["pass"] is True for r in ctx.table.rows)
    print(f"\n{passes} PASS, {len(fails)} FAIL; {m['elapsed_s']:.0f} s; results in {json_path}")
    return 1 if fails else 0


def main_for(
    name: str, run: Callable[[Context], None], description: str, argv: Optional[list[str]] = None
) -> int:
    """Run one family alone (``python benchmarks/bench_<name>.py``)."""
    args = parser(description).parse_args(argv)
    ctx = Context(args.quick, args.runs, args.repeat, args.max_scale)
    started = time.perf_counter()
    log(f"[{name}] ...")
    run(ctx)
    return finish(ctx, started, args.json or RESULTS / f"{name}.json")
