"""The pack's two summary charts: key actions by status, quarter by quarter, and the
share of comparable indicators improved on last year against the plan's target."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reporter.indicators.charts.layout import Key, Sheet, YTicks, keys, x_axis, y_axis, y_title
from reporter.indicators.charts.style import (
    BLUE,
    GREY,
    INK,
    SKY_BLUE,
    WHITE_BOX,
    chart_style,
    round_percent,
    status_style,
)
from reporter.status import Status

Counts = Sequence[tuple[str, Mapping[Status | None, int]]]  # (quarter label, counts)
SHARE_TITLE = "Share of comparable indicators improved on last year"


# --------------------------------------------------------------------------- status counts

def _statuses(counts: Counts) -> list[Status | None]:
    """The categories to stack, in the counts' order (the Board's: Complete at the
    bottom), and "not reported" when a quarter has any."""
    shown: list[Status | None] = list(dict.fromkeys(
        s for _, c in counts for s in c if s is not None))
    return shown + [None] if any(c.get(None, 0) for _, c in counts) else shown


def _stack(ax: Axes, counts: Counts, bar: float, points_per_action: float) -> None:
    """The bars, a segment per status from the bottom, each counted: inside a segment,
    or beside one too thin to hold its number (with its letter); zeros unlabelled."""
    base = [0.0] * len(counts)
    beside = [-math.inf] * len(counts)  # where the last label beside each bar went
    for status in _statuses(counts):
        style = status_style(status)
        heights = [float(c.get(status, 0)) for _, c in counts]
        ax.bar(range(len(counts)), heights, bar, bottom=base, color=style.colour,
               hatch=style.hatch, edgecolor="white", linewidth=0.8, zorder=2,
               label=f"{style.letter}  {style.name}")
        for i, count in enumerate(heights):
            middle = base[i] + count / 2
            if count and count * points_per_action >= 11:
                ax.text(i, middle, f"{count:.0f}", ha="center", va="center", fontsize=8,
                        zorder=5, gid="count", bbox=WHITE_BOX)
            elif count:
                beside[i] = max(middle, beside[i] + 9.5 / points_per_action)
                ax.annotate(f"{style.letter} {count:.0f}", xy=(i + bar / 2, middle),
                            xytext=(i + bar / 2 + 0.06, beside[i]), ha="left", va="center",
                            fontsize=7, zorder=5, gid="count",
                            arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.5})
        base = [b + h for b, h in zip(base, heights)]


def status_counts_figure(counts: Counts, title: str = "Key actions by status") -> Figure:
    """Stacked bars of actions by status, one bar per quarter label: Complete at the
    bottom, then Green, Amber and Red (and "not reported" if any), each coloured AND
    hatched, lettered in the legend; counts in the segments (beside a segment too thin
    to hold one, with its letter; none for zero) and the total on top."""
    statuses = _statuses(counts)
    totals = [sum(c.get(s, 0) for s in statuses) for _, c in counts]
    peak = (max(totals, default=0) or 1) * 1.1
    with chart_style():
        sheet = Sheet(9 / 2.54)
        sheet.title(title)
        plot = sheet.height - 0.5 - 0.72
        ax = sheet.axes(0.7, 0.5, sheet.width - 0.9, plot)
        y_axis(ax, 0, peak)
        ax.set_xlim(-0.6, max(len(counts), 1) - 0.4)
        _stack(ax, counts, 0.56 if len(counts) > 1 else 0.4, plot * 72 / peak)
        for i, total in enumerate(totals):
            ax.annotate(f"{total}", xy=(i, total), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8, fontweight="bold", gid="total")
        x_axis(ax, range(len(counts)), [label for label, _ in counts])
        y_title(sheet, ax, "Key actions")
        entries = [Key(f"{style.letter}  {style.name}",
                       patch={"facecolor": style.colour, "linewidth": 0.8,
                              "hatch": style.hatch, "edgecolor": "white"})
                   for style in map(status_style, statuses)]
        if len(entries) <= 5:
            keys(sheet, entries, up=0.17)
        else:  # a scheme of more categories: two rows, so none falls off the page
            half = (len(entries) + 1) // 2
            keys(sheet, entries[:half], up=0.24)
            keys(sheet, entries[half:], up=0.08)
    return sheet.fig


def status_counts_alt_text(counts: Counts, title: str = "Key actions by status") -> str:
    """Alternative text for ``status_counts_figure``."""
    if not counts:
        return f"{title}: no quarters to show."
    label, latest = counts[-1]
    parts = ", ".join(f"{latest.get(s, 0)} {status_style(s).name}" for s in _statuses(counts))
    span = label if len(counts) == 1 else f"{counts[0][0]} to {label}"
    return f"{title}: stacked bar chart of key actions by status, {span}. Latest, {label}: {parts}."


# --------------------------------------------------------------------------- share improved

def _share_labels(ax: Axes, points: Sequence[tuple[str, float | None]], target: float) -> None:
    """Each bar's "65%" on top ("n/a" without a bar); just under the target line, inside."""
    for i, (_, share) in enumerate(points):
        inside = share is not None and 0.12 < share < target and share > target - 0.09
        ax.annotate("n/a" if share is None else f"{round_percent(share)}%",
                    xy=(i, share or 0), xytext=(0, -3 if inside else 2),
                    textcoords="offset points", ha="center", va="top" if inside else "bottom",
                    fontsize=8.5, fontweight="bold", color=GREY if share is None else INK,
                    gid="share_label", zorder=5, bbox=WHITE_BOX)


def improvement_share_figure(points: Sequence[tuple[str, float | None]], target: float = 0.70,
                             title: str = SHARE_TITLE) -> Figure:
    """Bars of the share (0 to 1) of comparable indicators better than last year, one per
    quarter label, each labelled "65%", against the plan's target as a dashed line.
    Quarters short of the target are paler AND hatched; a quarter with no comparable
    indicator has no bar and says "n/a"."""
    target_text = f"{round_percent(target)}%"
    met = [(i, s) for i, (_, s) in enumerate(points) if s is not None and s >= target - 1e-12]
    short = [(i, s) for i, (_, s) in enumerate(points) if s is not None and s < target - 1e-12]
    groups = ((met, BLUE, "", f"Met the {target_text} target"),
              (short, SKY_BLUE, "//", f"Short of the {target_text} target"))
    bar = 0.56 if len(points) > 1 else 0.4
    with chart_style():
        sheet = Sheet(8 / 2.54)
        sheet.title(title)
        ax = sheet.axes(0.7, 0.5, sheet.width - 1.8, sheet.height - 0.5 - 0.72)
        y_axis(ax, 0, 1.1, YTicks(ticks=[0, 0.2, 0.4, 0.6, 0.8, 1.0],
                                  labels=["0%", "20%", "40%", "60%", "80%", "100%"]))
        ax.set_xlim(-0.6, max(len(points), 1) - 0.4)
        for group, colour, hatch, name in groups:
            if group:
                ax.bar([i for i, _ in group], [s for _, s in group], bar, color=colour,
                       hatch=hatch, edgecolor="white", linewidth=0.8, label=name, zorder=2)
        _share_labels(ax, points, target)
        ax.axhline(target, color=INK, linestyle="--", linewidth=1.3, gid="target", zorder=3,
                   label=f"Plan target {target_text}")
        ax.annotate(f"Plan target\n{target_text}", xy=(1, target), xytext=(4, 0),
                    xycoords=("axes fraction", "data"), textcoords="offset points", ha="left",
                    va="center", fontsize=8, annotation_clip=False, gid="target_label")
        x_axis(ax, range(len(points)), [label for label, _ in points])
        y_title(sheet, ax, "Indicators improved")
        entries = [Key(f"Plan target {target_text}",
                       {"color": INK, "linestyle": "--", "linewidth": 1.3})]
        entries += [Key(name, patch={"facecolor": colour, "hatch": hatch, "edgecolor": "white",
                                     "linewidth": 0.8})
                    for group, colour, hatch, name in groups if group]
        keys(sheet, entries, up=0.17)
    return sheet.fig


def improvement_share_alt_text(points: Sequence[tuple[str, float | None]], target: float = 0.70,
                               title: str = SHARE_TITLE) -> str:
    """Alternative text for ``improvement_share_figure``."""
    if not points:
        return f"{title}: no quarters to show."
    label, share = points[-1]
    latest = "no comparable indicator" if share is None else f"{round_percent(share)}%"
    span = label if len(points) == 1 else f"{points[0][0]} to {label}"
    return (f"{title}: bar chart, {span}, against the plan's target of "
            f"{round_percent(target)}%. Latest, {label}: {latest}.")
