#!/usr/bin/env python
"""migorgs performance benchmarks: every figure as a ratio to a reference measured in the same run.

Run from the repository root with the project's environment (migorgs, attrs, cattrs,
pycountry and pandas importable)::

    python benchmarks/run.py                  # every family
    python benchmarks/run.py --quick          # fewer runs and repeats (noisier)
    python benchmarks/run.py --only search    # some families (comma-separated)
    python benchmarks/run.py --markdown docs/performance.md   # also write the table there

Each family is a module ``bench_<name>.py`` that also runs alone; the harness
(harness.py) runs fresh processes interleaved, takes medians and computes ratios;
synthetic.py writes the scale models. Results: benchmarks/results/latest.json.
See docs/performance.md.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import bench_concurrency
import bench_lookups
import bench_membership
import bench_memory
import bench_scale
import bench_search
import bench_startup
from harness import RESULTS, Context, finish, log, parser

FAMILIES = {m.NAME: m for m in (bench_startup, bench_lookups, bench_search, bench_memory, bench_scale,
                                bench_concurrency, bench_membership)}  # fmt: skip
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__ or "")
    ap.add_argument("--only", help=f"comma-separated families: {', '.join(FAMILIES)}")
    ap.add_argument("--markdown", type=Path, help="write the table between the result markers of this file")
    args = ap.parse_args(argv)
    names = args.only.split(",") if args.only else list(FAMILIES)
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        ap.error(f"unknown families: {', '.join(unknown)}")
    ctx = Context(args.quick, args.runs, args.repeat, args.max_scale)
    started = time.perf_counter()
    for i, n in enumerate(names, 1):
        log(f"[{i}/{len(names)}] {n} ...")
        FAMILIES[n].run(ctx)
    status = finish(ctx, started, args.json or RESULTS / "latest.json")
    if args.markdown:
        text = args.markdown.read_text(encoding="utf-8")
        body = f"{BEGIN}\n\n{ctx.table.render()}\n\n{END}"
        args.markdown.write_text(re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: body, text,
                                        flags=re.S), encoding="utf-8")  # fmt: skip
    return status


if __name__ == "__main__":
    sys.exit(main())
