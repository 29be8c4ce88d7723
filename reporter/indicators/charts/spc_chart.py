"""An indicator's history as a statistical process control (XmR) chart, a point a month
or a quarter as the indicator is reported, as NHS England's Making Data Count reads it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reporter.cells import MONTH_NAMES
from reporter.config.plan import Indicator
from reporter.indicators import spc
from reporter.indicators.charts.layout import (
    Key,
    Sheet,
    heading_depth,
    keys,
    spread,
    x_axis,
    y_axis,
    y_range,
    y_title,
)
from reporter.indicators.charts.style import (
    GREY,
    INK,
    LIGHT_GREY,
    MONTHS,
    POLARITY_WORDS,
    SOFT_INK,
    SPC_MARKERS,
    TARGET_COLOUR,
    TARGET_STYLE,
    UNIT_WORDS,
    WIDTH,
    chart_style,
    indicator_title,
    value_text,
    wrap,
)
from reporter.indicators.charts.year import finite
from reporter.indicators.table_periods import Period
from reporter.periods import DEFAULT_FIRST_MONTH
from reporter.snapshot import IndicatorMonth

PLOT_HEIGHT = 2.2  # inches


class Level(NamedTuple):
    """A horizontal line of the chart: the mean, a process limit or the target."""

    gid: str
    value: float
    name: str
    linestyle: str
    colour: str


def point_label(period: Period) -> str:
    """A point under the SPC chart: "Apr 08" or "Q1 14/15" (two years of months must fit)."""
    if period.kind == "quarter":
        return f"Q{period.number} {period.year % 100:02d}/{(period.year + 1) % 100:02d}"
    return f"{MONTHS[period.number - 1]} {period.year % 100:02d}"


def _levels(result: spc.SpcResult) -> list[Level]:
    """Bottom to top where they coincide; no limits when every point is the same."""
    levels = [Level("lower", result.lower, "Lower limit", "--", GREY),
              Level("mean", result.mean, "Mean", "-", "#555555"),
              Level("upper", result.upper, "Upper limit", "--", GREY)]
    if result.upper <= result.lower:
        levels = [levels[1]]
    if result.target is not None:
        levels.append(Level("target", result.target, "Target", TARGET_STYLE, TARGET_COLOUR))
    return levels


def _draw_points(ax: Axes, ys: Sequence[float], effects: dict[int, str]) -> None:
    """The run of points in grey, each point marked by its effect: colour AND shape."""
    x = list(range(len(ys)))
    ax.plot(x, ys, color=LIGHT_GREY, linewidth=1.2, zorder=2, gid="points")
    for effect, (colour, marker, name) in SPC_MARKERS.items():
        chosen = [i for i in x if not math.isnan(ys[i]) and effects.get(i, "common") == effect]
        if chosen or effect == "common":
            ax.plot(chosen, [ys[i] for i in chosen], linestyle="none", marker=marker,
                    markersize=4 if effect == "common" else 6.5, color=colour,
                    markeredgecolor="white" if effect == "common" else INK,
                    markeredgewidth=0.6, label=name, gid=effect, zorder=4, clip_on=False)


def _label_levels(ax: Axes, levels: Sequence[Level], indicator: Indicator,
                  limits: tuple[float, float]) -> None:
    """The limits, mean and target named beside the plot, spread not to overlap."""
    low, high = limits
    gap = 9.5 * (high - low) / (PLOT_HEIGHT * 72)
    placed = spread([level.value for level in levels], gap, low + gap / 2, high - gap / 2)
    for level, at in zip(levels, placed):
        ax.annotate(f"{level.name} {value_text(level.value, indicator)}", xy=(1, level.value),
                    xytext=(1.01, at), xycoords=("axes fraction", "data"),
                    textcoords=("axes fraction", "data"), ha="left", va="center", fontsize=7.5,
                    annotation_clip=False,
                    color=level.colour if level.gid == "target" else SOFT_INK,
                    gid=f"{level.gid}_label")


def spc_figure(indicator: Indicator, series: Sequence[IndicatorMonth],
               target: float | None, words: bool = True,
               first_month: int = DEFAULT_FIRST_MONTH) -> Figure | None:
    """An XmR chart of an indicator's history (``spc.indicator_spc``): the mean, the
    process limits and the target labelled beside the plot, special-cause points marked
    by colour and shape, the variation and assurance verdict, and (with ``words``) the
    one-sentence reading under it. Leave the words out where the document prints
    ``spc.indicator_reading`` beside the picture. None where ``spc.no_reading_reason``
    gives a reason. A quarterly indicator's quarters are of the year starting in
    ``first_month``."""
    result = spc.indicator_spc(indicator, series, target, first_month)
    if result is None:
        return None
    periods, _ = spc.indicator_points(indicator, series, first_month)
    n = len(periods)
    ys = [math.nan if v is None else v for v in result.values]
    verdict = f"Variation: {result.variation}"
    if result.assurance is not None:
        verdict += f"   \u00b7   Assurance: {result.assurance}"
    reading = wrap(result.reading, WIDTH - 0.3, 8.5) if words else []
    title = f"{indicator_title(indicator)}: statistical process control chart"
    top = heading_depth(title)
    bottom = 0.36 + 0.3 + 0.24 + len(reading) * 0.165 + 0.1  # labels, key, verdict, reading
    levels = _levels(result)
    effects = {f.index: f.effect for f in result.flags}
    with chart_style():
        sheet = Sheet(top + PLOT_HEIGHT + bottom)
        sheet.heading(title, POLARITY_WORDS.get(indicator.polarity, "Direction of good not set"))
        ax = sheet.axes(0.7, top, sheet.width - 2.2, PLOT_HEIGHT)
        key_down = top + PLOT_HEIGHT + 0.36
        sheet.text(0.12, key_down + 0.3, verdict, ha="left", va="top", fontsize=8.5,
                   fontweight="bold", gid="verdict")
        if reading:
            sheet.text(0.12, key_down + 0.54, "\n".join(reading), ha="left", va="top",
                       fontsize=8.5, linespacing=1.2, gid="reading")
        for level in levels:
            ax.axhline(level.value, linestyle=level.linestyle, color=level.colour, zorder=1,
                       gid=level.gid, linewidth=1.5 if level.gid == "target" else 1.1)
        _draw_points(ax, ys, effects)
        limits = y_range(finite([*ys, *(level.value for level in levels)]), indicator.unit)
        y_axis(ax, *limits)
        ax.set_xlim(-0.6, n - 0.4)
        step = 1 if n <= 9 else 2 if n <= 16 else 3 if n <= 36 else 6 if n <= 72 else 12
        shown = range(0, n, step)
        x_axis(ax, shown, [point_label(periods[i]) for i in shown], size=7.5)
        y_title(sheet, ax, UNIT_WORDS.get(indicator.unit, indicator.unit))
        _label_levels(ax, levels, indicator, limits)
        drawn = [e for e in SPC_MARKERS if e == "common" or e in effects.values()]
        keys(sheet, [Key(SPC_MARKERS[e][2], {
            "linestyle": "none", "marker": SPC_MARKERS[e][1], "color": SPC_MARKERS[e][0],
            "markeredgecolor": "white" if e == "common" else INK, "markersize": 6})
            for e in drawn], up=sheet.height - key_down - 0.12, left=0.45)
    return sheet.fig


def spc_alt_text(indicator: Indicator, series: Sequence[IndicatorMonth],
                 target: float | None, words: bool = True,
                 first_month: int = DEFAULT_FIRST_MONTH) -> str:
    """Alternative text for ``spc_figure``, with the reading (or why there is no chart)."""
    result = spc.indicator_spc(indicator, series, target, first_month)
    if result is None:
        reason = spc.no_reading_reason(indicator, series, first_month) or ""
        return (f"No statistical process control chart of {indicator_title(indicator)}: "
                f"{reason[:1].lower()}{reason[1:]}.")
    periods, _ = spc.indicator_points(indicator, series, first_month)
    latest = result.values[result.latest_index]
    assert latest is not None  # the latest point is the last period with a figure
    return (f"Statistical process control chart of {indicator_title(indicator)}, "
            f"{_long(periods[0])} to {_long(periods[result.latest_index])} ({result.n} "
            f"{spc.period_word(indicator)}s): "
            f"mean {value_text(result.mean, indicator)}, process limits "
            f"{value_text(result.lower, indicator)} to {value_text(result.upper, indicator)}; "
            f"latest {value_text(latest, indicator)}. "
            f"{result.reading}")


def _long(period: Period) -> str:
    """ "April 2008" or "Q1 2014/15"."""
    if period.kind == "month":
        return f"{MONTH_NAMES[period.number - 1]} {period.year}"
    return period.label
