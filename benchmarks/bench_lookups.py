#!/usr/bin/env python
"""Steady lookups: get_org, processes_where, name_history against pycountry's countries.lookup.

Run alone: ``python benchmarks/bench_lookups.py [--quick]``. One process, data loaded;
the statements' repeats are interleaved (medians per call).
"""

from __future__ import annotations

import sys

from harness import Context, log, main_for, time_group

NAME = "lookups"
CASED = "international ORGANIZATION for MIGRATION"


def run(ctx: Context) -> None:
    import pycountry

    import migorgs

    ds = migorgs.default_dataset()
    pycountry.countries.get(alpha_2="DE")
    g = {
        "migorgs": migorgs,
        "ds": ds,
        "pycountry": pycountry,
        "d": {c.alpha_2: c for c in pycountry.countries},
    }
    cases = {
        "dict lookup d['DE'] (floor)": "d['DE']",
        "pycountry lookup('germany')": "pycountry.countries.lookup('germany')",
        "get_org('IOM')": "migorgs.get_org('IOM')",
        "get_org(former name)": "migorgs.get_org('Intergovernmental Committee for European Migration')",
        "get_org(other-cased long name)": f"migorgs.get_org({CASED!r})",
        "get_org, uncached path (long name)": f"ds._resolve_uncached('org', {CASED!r})",
        "processes_where(role, org)": "migorgs.processes_where(role='secretariat', org='IOM')",
        "name_history('IOM')": "migorgs.name_history('IOM')",
    }
    log(f"  {len(cases)} statements, {ctx.repeat} interleaved repeats")
    st = time_group({n: (s, g) for n, s in cases.items()}, ctx.repeat, ctx.target)
    ctx.details["steady"] = {n: {"stmt": cases[n], "median_s": v} for n, v in st.items()}
    ref, lk = "pycountry lookup('germany')", st["pycountry lookup('germany')"]
    t = ctx.table
    t.add(NAME, "dict lookup (floor)", st["dict lookup d['DE'] (floor)"], "s")
    for n in ("get_org('IOM')", "get_org(former name)", "get_org(other-cased long name)"):
        t.add(NAME, n, st[n], "s", ref, lk, 0.5)
    for n in ("get_org, uncached path (long name)", "processes_where(role, org)", "name_history('IOM')"):
        t.add(NAME, n, st[n], "s", ref, lk)


if __name__ == "__main__":
    sys.exit(main_for(NAME, run, __doc__ or ""))
