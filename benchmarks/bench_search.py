#!/usr/bin/env python
"""Search: steady latency against pycountry's search_fuzzy, and growth with data.

Run alone: ``python benchmarks/bench_search.py [--quick] [--max-scale 10]``.

* every query of the search corpus (tests/test_search.py) over 100x unrelated
  entities (synthetic.py, ``unrelated``: names that share no term with them)
  against the packaged data, each pair timed in interleaved repeats, the best of
  each (a spike of another job on a shared machine can only raise a time): the
  worst ratio carries the budget (<= 1.5x); the results must be the same;
* one query with k true matches (``copies`` at 10x and 100x): the cost per true
  match must not grow (linear in k, top ``limit`` by a heap);
* the index build at 100x, per name, against 1x.
"""

from __future__ import annotations

import sys
import time

import synthetic
from harness import Context, log, main_for, median, time_group

NAME = "search"


def run(ctx: Context) -> None:
    import pycountry

    import migorgs

    t = ctx.table
    ds1 = migorgs.default_dataset()
    ds1.search("x")
    g = {"migorgs": migorgs, "pycountry": pycountry}
    st = time_group({
        "fuzzy": ("pycountry.countries.search_fuzzy('germany')", g),
        "bali": ("migorgs.search('bali process')", g),
        "migration": ("migorgs.search('migration')", g),
    }, ctx.repeat, ctx.target)  # fmt: skip
    ref = "pycountry search_fuzzy('germany')"
    t.add(NAME, "search('bali process')", st["bali"], "s", ref, st["fuzzy"], 0.01)
    t.add(NAME, "search('migration')", st["migration"], "s", ref, st["fuzzy"], 0.01)

    queries = synthetic.corpus()
    f = ctx.max_scale
    log(f"  {f}x unrelated entities: writing and loading ...")
    dsu, counts = synthetic.dataset("unrelated", f)
    t0 = time.perf_counter()
    dsu.search("x")
    build_u = time.perf_counter() - t0
    same = sum(
        [(m.entity.id, m.score) for m in dsu.search(q)] == [(m.entity.id, m.score) for m in ds1.search(q)]
        for q in queries
    )
    log(f"  {len(queries)} corpus queries, 1x and {f}x interleaved")
    ratios, times = {}, {}

    def pair(q: str, repeat: int) -> None:
        r = time_group({"1": ("ds.search(q)", {"ds": ds1, "q": q}), "f": ("ds.search(q)", {"ds": dsu, "q": q})},
                       repeat, ctx.target / 5, stat=min)  # fmt: skip
        ratios[q], times[q] = r["f"] / r["1"], (r["1"], r["f"])

    for q in queries:
        pair(q, ctx.repeat)
    # the five worst are timed again with three times the repeats: one pass over 126 queries
    # on a shared machine always has a few outliers, and the budget is on the worst
    for q in sorted(ratios, key=lambda q: -ratios[q])[:5]:
        pair(q, 3 * ctx.repeat)
    worst = max(ratios, key=lambda q: ratios[q])
    ctx.details["corpus_unrelated"] = {q: {"1x_s": times[q][0], f"{f}x_s": times[q][1], "ratio": ratios[q]}
                                       for q in queries}  # fmt: skip
    t.add(NAME, f"corpus over {f}x unrelated: same results", same, "count", "corpus queries", len(queries),
          passed=same == len(queries))  # fmt: skip
    t.add(NAME, f"corpus over {f}x unrelated: worst query ({worst!r})", times[worst][1], "s",
          "same query at 1x", times[worst][0], 1.5)  # fmt: skip
    rs = sorted(ratios.values())
    t.add(
        NAME, f"corpus over {f}x unrelated: median ratio", median(rs), "count", note="per-query ratio to 1x"
    )
    t.add(NAME, f"corpus over {f}x unrelated: 95th percentile ratio", rs[int(0.95 * (len(rs) - 1))], "count")
    names1 = sum(len(e.names) for e in (*ds1.orgs(), *ds1.processes()))
    t0 = time.perf_counter()
    object.__setattr__(ds1, "_search_index", None)  # the benchmark rebuilds the index; users cannot
    ds1.search("x")
    build_1 = time.perf_counter() - t0
    t.add(NAME, f"index build per name, {f}x unrelated", build_u / counts["names"], "s", "same at 1x",
          build_1 / names1, note="linear growth")  # fmt: skip

    log("  k true matches: copies at 10x and 100x")
    per = {}
    for k in (10, f) if f > 10 else (10,):
        dsc, _ = synthetic.dataset("copies", k)
        dsc.search("x")
        per[k] = time_group({"q": ("ds.search('bali process')", {"ds": dsc})}, ctx.repeat, ctx.target)["q"]
    if f > 10:
        t.add(NAME, f"search('bali process'), {f} true matches, per match", per[f] / f, "s",
              "10 true matches, per match", per[10] / 10, 1.5)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main_for(NAME, run, __doc__ or ""))
