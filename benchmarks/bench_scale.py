#!/usr/bin/env python
"""Scale: load time linear in records, lookups flat at 10x and 100x, in both data models.

Run alone: ``python benchmarks/bench_scale.py [--quick] [--max-scale 10]``. Synthetic data
directories (synthetic.py: ``copies`` that match and ``unrelated`` entities that do not),
loaded in this process with ``migorgs.load(path)`` (the strict path of user data).
"""

from __future__ import annotations

import sys
import time

import synthetic
from harness import Context, log, main_for, median, time_group

NAME = "scale"
CASED = "international ORGANIZATION for MIGRATION"
QUERIES = {
    "get_org('IOM')": "ds.get_org('IOM')",
    "get_org, uncached path": f"ds._resolve_uncached('org', {CASED!r})",
    "processes_where, uncached path": "ds._where_uncached(R, 'iom', None, None, None, None, False, None)",
}


def run(ctx: Context) -> None:
    import migorgs

    t = ctx.table
    R = migorgs.Role.SECRETARIAT
    factors = [f for f in (1, 10, 100) if f <= ctx.max_scale]
    loads: dict[int, float] = {}
    recs: dict[int, int] = {}
    for f in factors:
        path, counts = synthetic.directory("copies", f)
        reps = {1: 5, 10: 3, 100: 2}[f] if not ctx.quick else {1: 3, 10: 2, 100: 1}[f]
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            migorgs.load(path)
            times.append(time.perf_counter() - t0)
        loads[f], recs[f] = median(times), counts["records"]
        log(f"  copies {f}x: {counts['records']} records, load {loads[f]:.3f} s")
    for f in factors[1:]:
        prev = factors[factors.index(f) - 1]
        t.add(NAME, f"load per record, {f}x ({recs[f]} records)", loads[f] / recs[f], "s/record",
              f"{prev}x per record", loads[prev] / recs[prev], 1.5 if prev != 1 else None,
              note="1x carries fixed costs" if prev == 1 else "linear growth")  # fmt: skip
    ds1, _ = synthetic.dataset("copies", 1)
    for model in ("copies", "unrelated"):
        dsf, _ = synthetic.dataset(model, factors[-1])
        f = factors[-1]
        for name, stmt in QUERIES.items():
            r = time_group({"1": (stmt, {"ds": ds1, "R": R}), "f": (stmt, {"ds": dsf, "R": R})},
                           ctx.repeat, ctx.target / 2)  # fmt: skip
            t.add(NAME, f"{f}x {model}: {name}", r["f"], "s", f"1x {name}", r["1"], 1.5)


if __name__ == "__main__":
    sys.exit(main_for(NAME, run, __doc__ or ""))
