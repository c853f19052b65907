#!/usr/bin/env python
"""Memory: peak RSS of fresh processes (full load + search index) against ``import attrs, cattrs``.

Run alone: ``python benchmarks/bench_memory.py [--quick]``. Also: the search index's
size with one very long word in a name (it must stay bounded), and tracemalloc by file.
"""

from __future__ import annotations

import json
import sys

from harness import Context, fresh_runs, log, main_for, medians, run_child

NAME = "memory"

SNIPPETS = {
    "bare": "pass",
    "attrs_cattrs": "import attrs, cattrs",
    "pycountry_first": "import pycountry; pycountry.countries.get(alpha_2='DE')",
    "migorgs_first": "import migorgs; migorgs.get_org('IOM')",
    "migorgs_full": "import migorgs; migorgs.get_org('IOM'); migorgs.search('x')",
}

LONG_WORD_CHILD = r"""
import json, tracemalloc
from migorgs._search import SearchIndex
names = [("e%d" % i, "Regional Forum %d on Migration" % i) for i in range(200)]
tracemalloc.start()
SearchIndex(names)
base = tracemalloc.get_traced_memory()[1]
tracemalloc.reset_peak()
SearchIndex(names + [("long", "Forum " + "a" * {n})])
print(json.dumps([base, tracemalloc.get_traced_memory()[1]]))
"""

TRACEMALLOC_CHILD = r"""
import json, tracemalloc
tracemalloc.start()
import migorgs
migorgs.get_org("IOM"); migorgs.search("x")
snap = tracemalloc.take_snapshot()
top = [[s.traceback[0].filename.rsplit("/", 2)[-1], s.size] for s in snap.statistics("filename")[:8]]
print(json.dumps({"total": tracemalloc.get_traced_memory()[0], "top": top}))
"""


def run(ctx: Context) -> None:
    t = ctx.table
    runs = max(5, ctx.runs // 2)
    log(f"  fresh processes: {len(SNIPPETS)} snippets x {runs} runs, interleaved (peak RSS)")
    fp = fresh_runs(SNIPPETS, runs, seed=2)
    m = medians(fp, "peak_rss_kib")
    ctx.details["peak_rss_kib"] = {n: fp[n]["peak_rss_kib"] for n in SNIPPETS}
    F = NAME
    t.add(F, "peak RSS: bare interpreter", m["bare"], "KiB", note="baseline")
    t.add(F, "peak RSS: import + get_org (loaded)", m["migorgs_first"], "KiB", "import attrs, cattrs",
          m["attrs_cattrs"], 1.2)  # fmt: skip
    t.add(F, "peak RSS: full load + search index", m["migorgs_full"], "KiB", "import attrs, cattrs",
          m["attrs_cattrs"], 1.2)  # fmt: skip
    t.add(F, "peak RSS: full load + search index", m["migorgs_full"], "KiB", "pycountry loaded",
          m["pycountry_first"])  # fmt: skip
    log("  search index with one long word (tracemalloc peak)")
    small, big = json.loads(run_child(LONG_WORD_CHILD.replace("{n}", "1000")).stdout)
    _, huge = json.loads(run_child(LONG_WORD_CHILD.replace("{n}", "20000")).stdout)
    t.add(F, "index build peak, a 20,000-letter word", huge / 1024, "KiB", "same, a 1,000-letter word",
          big / 1024, 2.0, note=f"without the word: {small / 1048576:.1f} MiB")  # fmt: skip
    ctx.details["tracemalloc_full_load"] = json.loads(run_child(TRACEMALLOC_CHILD).stdout)


if __name__ == "__main__":
    sys.exit(main_for(NAME, run, __doc__ or ""))
