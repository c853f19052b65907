#!/usr/bin/env python
"""Concurrency: 32 threads make the first get_org at once: exactly one load, the same object.

Run alone: ``python benchmarks/bench_concurrency.py [--quick]``. Fresh processes; every
``migorgs._load.load*`` function is wrapped to count top-level calls.
"""

from __future__ import annotations

import json
import sys

from harness import Context, main_for, median, run_child

NAME = "concurrency"

CHILD = r"""
import json, threading, time
import migorgs, migorgs._load as L, migorgs._dataset as D
N = {n}
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
results, errors = [None] * N, []
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
print(json.dumps({"wall": wall, "loads": loads[0], "datasets": datasets[0], "same": same, "errors": errors}))
"""


def run(ctx: Context) -> None:
    runs = 3 if ctx.quick else 7
    c32 = [json.loads(run_child(CHILD.replace("{n}", "32")).stdout) for _ in range(runs)]
    c1 = [json.loads(run_child(CHILD.replace("{n}", "1")).stdout) for _ in range(runs)]
    ok = all(r["loads"] == 1 and r["datasets"] == 1 and r["same"] and not r["errors"] for r in c32)
    ctx.details["concurrency"] = {"threads_32": c32, "threads_1": c1}
    ctx.table.add(NAME, f"32 threads' first get_org: one load, same object ({runs} processes)",
                  max(r["loads"] for r in c32), "count", passed=ok)  # fmt: skip
    ctx.table.add(NAME, "32 threads' first get_org, wall", median([r["wall"] for r in c32]), "s",
                  "1 thread's", median([r["wall"] for r in c1]))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main_for(NAME, run, __doc__ or ""))
