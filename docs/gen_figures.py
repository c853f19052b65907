"""Draw the documentation's figures from the packaged data.

Run from anywhere before building the site:

    python docs/gen_figures.py

It writes PNG files into docs/figures/ (next to this script). The figures
use only migorgs' public API and the packaged data release, so they change
only when the data does.
"""

from __future__ import annotations

import pathlib
import sys
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib import ticker
from matplotlib.lines import Line2D

import migorgs

OUT = pathlib.Path(__file__).resolve().parent / "figures"
ORG = "IOM"
DPI = 150

# colours (colour-blind safe: Okabe-Ito)
IN_FORCE = "#0072B2"
PAST = "#999999"
ACCENT = "#D55E00"


def _as_year(d: migorgs.PartialDate | None, default: float) -> float:
    """A partial date as a fractional year (its earliest day)."""
    if d is None:
        return default
    first = d.first_day
    return first.year + (first.timetuple().tm_yday - 1) / 365.25


def _data_year() -> int:
    """The year of the data release (DATA_VERSION is YYYY.MM.N): the figures' 'now'."""
    return int(migorgs.DATA_VERSION.split(".")[0])


def _short_name(p: migorgs.Process) -> str:
    """A process's shortest English name, with its acronym when that adds something."""
    english = [
        n.text
        for n in p.names
        if n.lang == "en" and n.kind in (migorgs.NameKind.OFFICIAL, migorgs.NameKind.VARIANT)
    ]
    label = min(english, key=len) if english else p.name
    if p.acronym and p.acronym not in label:
        label += f" ({p.acronym})"
    return label if len(label) <= 44 else label[:43] + "…"


def _short_org(org_id: str) -> str:
    o = migorgs.get_org(org_id)
    return o.acronym or o.name


def roles_matrix(path: pathlib.Path) -> None:
    """Matrix of the roles an organisation holds in each process (rows: processes, columns: roles)."""
    org = migorgs.get_org(ORG)
    invs = migorgs.involvements(org=org.id)
    procs = {i.process: migorgs.get_process(i.process) for i in invs}
    # rows: processes by year established, then name; columns: roles in the enum's order, those present
    rows = sorted(
        procs, key=lambda pid: (procs[pid].established or migorgs.PartialDate(9999), _short_name(procs[pid]))
    )
    cols = [r for r in migorgs.Role if any(i.role is r for i in invs)]

    fig_h = 1.6 + 0.27 * len(rows)
    fig, ax = plt.subplots(figsize=(11, fig_h))
    shared_with: dict[str, set[str]] = {pid: set() for pid in rows}
    for inv in invs:
        y = rows.index(inv.process)
        x = cols.index(inv.role)
        past = inv.until is not None or procs[inv.process].ended is not None
        holders = set(inv.holders) - {org.id}
        shared = bool(holders)
        shared_with[inv.process] |= holders
        colour = PAST if past else IN_FORCE
        ax.scatter(
            x,
            y,
            s=120,
            marker="D" if shared else "o",
            facecolor="white" if past else colour,
            edgecolor=colour,
            linewidth=1.8,
            zorder=3,
        )
    # the partners that share a role, in a text column to the right
    for pid, partners in shared_with.items():
        if partners:
            text = "with " + ", ".join(sorted(_short_org(p) for p in partners))
            ax.text(
                len(cols) - 0.35,
                rows.index(pid),
                textwrap.fill(text, 26),
                va="center",
                ha="left",
                fontsize=8,
                color="#333333",
                linespacing=0.95,
            )

    ax.set_xticks(range(len(cols)))
    ax.set_xticklabels([r.value.replace("-", "-\n") for r in cols], fontsize=9)
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(
        [
            f"{_short_name(procs[pid])}  {procs[pid].established.year if procs[pid].established else '?'}"
            for pid in rows
        ],
        fontsize=8.5,
    )
    ax.set_xlim(-0.6, len(cols) + 2.2)
    ax.set_ylim(len(rows) - 0.5, -0.7)
    ax.set_xticks([x + 0.5 for x in range(len(cols) - 1)], minor=True)
    ax.set_yticks([y + 0.5 for y in range(len(rows) - 1)], minor=True)
    ax.grid(which="minor", color="#e6e6e6", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for side in ("right", "bottom", "left", "top"):
        ax.spines[side].set_visible(False)

    legend = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=IN_FORCE,
            markeredgecolor=IN_FORCE,
            label=f"{org.acronym} holds the role (in force)",
        ),
        Line2D(
            [],
            [],
            marker="D",
            linestyle="",
            markersize=7,
            markerfacecolor=IN_FORCE,
            markeredgecolor=IN_FORCE,
            label="shares it with another organisation",
        ),
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=PAST,
            markeredgewidth=1.8,
            label="past: role or process ended",
        ),
    ]
    ax.legend(
        handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, frameon=False, fontsize=9
    )
    ax.set_title(
        f"{org.acronym}'s roles in inter-State consultation processes on migration\n"
        f"processes by year established · migorgs data {migorgs.DATA_VERSION}",
        fontsize=11,
        loc="left",
        pad=12,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)


def name_timeline(path: pathlib.Path) -> None:
    """An organisation's official names over time, with the treaty and membership events of its timeline."""
    org = migorgs.get_org(ORG)
    names = [n for n in migorgs.name_history(org.id) if n.since is not None]
    now = _data_year() + 1
    start = _as_year(names[0].since, 1950)

    fig, ax = plt.subplots(figsize=(10.5, 3.2 + 0.25 * len(names)))
    for y, n in enumerate(names):
        x0 = _as_year(n.since, start)
        x1 = _as_year(n.until, now)
        current = n.until is None
        ax.barh(y, x1 - x0, left=x0, height=0.55, color=IN_FORCE if current else "#56B4E9", zorder=2)
        period = f"{n.since}–{n.until or ''}"
        label = f"{n.text}  ({period})"
        # the label goes right of the bar, or inside it when the bar reaches the right edge
        if x1 + 1 + len(label) * 0.42 < now:
            ax.text(x1 + 0.6, y, label, va="center", ha="left", fontsize=8.5)
        else:
            ax.text(x0 + 0.6, y, label, va="center", ha="left", fontsize=8.5, color="white")
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels([n.acronym or "" for n in names], fontsize=10, fontweight="bold")
    ax.invert_yaxis()

    # events that are not renamings: treaties and memberships, marked along the bottom
    events = [
        e
        for e in migorgs.timeline(org.id)
        if e.kind in (migorgs.EventKind.TREATY, migorgs.EventKind.MEMBERSHIP)
    ]
    base = len(names) - 0.2
    step = 0.42
    for k, e in enumerate(events):
        x = _as_year(e.date, start)
        y = base + step * (k + 1)
        ax.plot([x, x], [-0.6, y], color=ACCENT, linewidth=0.9, linestyle=":", zorder=1)
        ax.plot([x], [y], marker="o", color=ACCENT, markersize=4, zorder=3)
        title = e.title if len(e.title) <= 80 else e.title[:79] + "…"
        left = x < (start + now) / 2
        ax.text(
            x + (0.5 if left else -0.5),
            y,
            f"{e.date}: {title}",
            fontsize=8,
            color=ACCENT,
            va="center",
            ha="left" if left else "right",
        )
    ax.set_ylim(base + step * (len(events) + 0.8), -0.6)
    ax.set_xlim(start - 1, now)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(10))
    ax.xaxis.set_minor_locator(ticker.MultipleLocator(1))
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8, zorder=0)
    for side in ("right", "top", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(
        f"{org.name}: official names over time\n"
        f"migorgs.name_history({ORG!r}) and treaty/membership events of migorgs.timeline({ORG!r}) · "
        f"data {migorgs.DATA_VERSION}",
        fontsize=11,
        loc="left",
    )
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)


def members_per_process(path: pathlib.Path) -> None:
    """Member States of each process by year: the body-year form of the membership panel."""
    rows = migorgs.membership_panel(form="body-year", start=1985)
    procs = {p.id: p for p in migorgs.processes()}
    counts: dict[str, dict[int, int]] = {}
    for r in rows:
        if r.body in procs:
            # a year whose members the evidence does not tell is drawn blank, not as zero
            counts.setdefault(r.body, {})[r.year] = r.members if r.members else (-2 if r.unknown else 0)
    order = sorted(counts, key=lambda b: (_as_year(procs[b].established, 2100), _short_name(procs[b])))
    years = list(range(1985, _data_year() + 1))
    grid = [[counts[b].get(y, -1) for y in years] for b in order]
    import numpy as np

    arr = np.array(grid, dtype=float)
    data = np.ma.masked_less(arr, 0)
    unknown = np.ma.masked_not_equal(arr, -2)
    fig, ax = plt.subplots(figsize=(10, 0.28 * len(order) + 1.6))
    cmap = plt.get_cmap("viridis").copy()
    cmap.set_bad("#eeeeee")
    extent = (years[0] - 0.5, years[-1] + 0.5, len(order) - 0.5, -0.5)
    im = ax.imshow(data, aspect="auto", cmap=cmap, interpolation="nearest", extent=extent)
    blank = matplotlib.colors.ListedColormap(["#ffffff"])
    ax.imshow(unknown, aspect="auto", cmap=blank, interpolation="nearest", extent=extent)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([_short_name(procs[b]) for b in order], fontsize=8)
    ax.xaxis.set_major_locator(ticker.MultipleLocator(5))
    ax.tick_params(axis="both", length=0)
    cbar = fig.colorbar(im, ax=ax, fraction=0.03, pad=0.01)
    cbar.set_label("member States", fontsize=9)
    ax.set_title(
        "Member States of each consultation process by year (grey: no process; white: members unknown)\n"
        f"migorgs.membership_panel(form='body-year') · data {migorgs.DATA_VERSION}",
        fontsize=10,
        loc="left",
    )
    fig.tight_layout()
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in (
        ("iom-roles.png", roles_matrix),
        ("iom-names.png", name_timeline),
        ("members-per-process.png", members_per_process),
    ):
        path = OUT / name
        draw(path)
        written.append(path)
    for p in written:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
