#!/usr/bin/env python
"""Membership: members(body, at=year) against pycountry's lookup; the panel against read_csv.

Run alone: ``python benchmarks/bench_membership.py [--quick] [--max-scale 10]``.

* steady ``members(body, at=year)`` in one process, interleaved with
  ``pycountry.countries.lookup`` (budget <= 2x);
* a fresh process that builds the full state-year panel and its DataFrame against
  a fresh process that reads the same panel from CSV with ``pandas.read_csv`` (<= 1x);
* members and memberships flat over 100x bodies (``copies``), memberships per spell.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import synthetic
from harness import Context, fresh_runs, log, main_for, medians, time_group

NAME = "membership"


def run(ctx: Context) -> None:
    import pycountry

    import migorgs

    t = ctx.table
    migorgs.members("IOM")
    g = {"migorgs": migorgs, "pycountry": pycountry}
    st = time_group({
        "lookup": ("pycountry.countries.lookup('germany')", g),
        "iom": ("migorgs.members('IOM', at=2010)", g),
        "bali": ("migorgs.members('bali-process', at=2010)", g),
        "memberships": ("migorgs.memberships('MEX', at=2010)", g),
    }, ctx.repeat, ctx.target)  # fmt: skip
    ref = "pycountry lookup('germany')"
    n_iom = len(migorgs.members("IOM", at=2010))
    t.add(NAME, f"members('IOM', at=2010) ({n_iom} spells)", st["iom"], "s", ref, st["lookup"], 2.0)
    t.add(NAME, "members('bali-process', at=2010)", st["bali"], "s", ref, st["lookup"], 2.0)
    t.add(NAME, "memberships('MEX', at=2010)", st["memberships"], "s", ref, st["lookup"])

    log("  fresh processes: panel + DataFrame against read_csv of the same panel")
    csv = Path(tempfile.mkdtemp(prefix="migorgs-bench-")) / "panel.csv"
    migorgs.membership_panel().to_pandas().to_csv(csv, index=False)
    snippets = {
        "panel": "import migorgs; migorgs.membership_panel().to_pandas()",
        "read_csv": f"import pandas; pandas.read_csv({str(csv)!r})",
    }
    fp = fresh_runs(snippets, max(5, ctx.runs), seed=3)  # ~0.5 s each; fewer runs move the median by ~5 %
    w = medians(fp, "wall")
    rows = len(migorgs.membership_panel())
    t.add(NAME, f"fresh: import, state-year panel ({rows} rows), DataFrame", w["panel"], "s",
          "fresh: pandas.read_csv of the panel", w["read_csv"], 1.0)  # fmt: skip
    csv.unlink()
    csv.parent.rmdir()

    f = ctx.max_scale
    log(f"  {f}x bodies (copies)")
    ds1, _ = synthetic.dataset("copies", 1)
    dsf, _ = synthetic.dataset("copies", f)
    for ds in (ds1, dsf):
        ds.members("IOM")
    r = time_group({"1": ("ds.members('IOM', at=2010)", {"ds": ds1}),
                    "f": ("ds.members('IOM', at=2010)", {"ds": dsf})}, ctx.repeat, ctx.target / 2)  # fmt: skip
    t.add(NAME, f"{f}x bodies: members('IOM', at=2010)", r["f"], "s", "1x", r["1"], 1.5)
    n1, nf = len(ds1.memberships("MEX", at=2010)), len(dsf.memberships("MEX", at=2010))
    r = time_group({"1": ("ds.memberships('MEX', at=2010)", {"ds": ds1}),
                    "f": ("ds.memberships('MEX', at=2010)", {"ds": dsf})}, ctx.repeat, ctx.target / 2)  # fmt: skip
    t.add(NAME, f"{f}x bodies: memberships('MEX', at=2010), per spell ({nf} spells)", r["f"] / nf, "s",
          f"1x, per spell ({n1} spells)", r["1"] / n1, 1.5)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main_for(NAME, run, __doc__ or ""))
