"""Charts for the performance report: PNG files made with matplotlib.

Each public ``*_figure`` function builds a ``matplotlib.figure.Figure`` from plain
records (never pyplot, so no global figure state), and ``save`` writes it as a PNG
at 200 dpi, the same bytes for the same input. ``render_charts`` renders a list of
``ChartJob`` to files, in parallel processes when there are many. ``alt_text``
gives the alternative text the Word writer puts on each picture.

One style for all charts (``STYLE``): DejaVu Sans (shipped with matplotlib, so every
machine draws the same), 8-10 pt, sizes that fit an A4 page at 16 cm wide and are
inserted at their natural size. Colours are Okabe-Ito (colour-blind safe) and never
the only signal: statuses are also hatched and lettered, lines differ in style,
special-cause points in marker shape.

Artists that carry data have a ``gid`` so tests (and anyone) can read them back:
``this_year``, ``last_year``, ``target``, ``latest``, ``polarity``, ``mean``, ``upper``,
``lower``, ``points``, ``common``, ``improvement``, ``concern``, ``neither``,
``reading``, ``count``, ``total``, ``share``, ``share_label``; bar containers are
labelled with their legend text.
"""

from __future__ import annotations

import math
import os
import struct
import textwrap
import threading
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display; the Agg canvas is what writes PNG

import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.textpath import text_to_path  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.ticker import MaxNLocator, NullLocator  # noqa: E402
from matplotlib.transforms import offset_copy  # noqa: E402

from reporter import spc  # noqa: E402
from reporter.periods import MONTH_NAMES, FinancialYear  # noqa: E402
from reporter.plan import Indicator  # noqa: E402
from reporter.snapshot import IndicatorMonth  # noqa: E402
from reporter.status import Status  # noqa: E402

DPI = 200
CM = 1 / 2.54  # inches
WIDTH = 6.3  # inches: 16 cm, the text width of an A4 page with 2.5 cm margins; 1,260 px
PARALLEL_ABOVE = 20  # more jobs than this render in a process pool
PNG_COMPRESSION = 1  # zlib level: charts are mostly flat colour; 1 is fast and near the smallest

# Okabe-Ito, the colour-blind-safe palette (Okabe & Ito 2008).
BLUE = "#0072B2"
BLUISH_GREEN = "#009E73"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
SKY_BLUE = "#56B4E9"
GREY = "#7F7F7F"
LIGHT_GREY = "#BBBBBB"
INK = "#222222"
TICK_COLOUR = "#444444"
GRID_COLOUR = "#E3E3E3"

THIS_YEAR_COLOUR = BLUE
LAST_YEAR_COLOUR = GREY
TARGET_COLOUR = VERMILLION
TARGET_STYLE = "-."


@dataclass(frozen=True)
class StatusStyle:
    """How a status is drawn: colour, hatch and letter, so grey print still tells."""

    name: str
    letter: str
    colour: str
    hatch: str


# Complete at the bottom of each stack, then Green, Amber, Red; "not reported" on top.
STATUS_STYLES: dict[Status | None, StatusStyle] = {
    Status.COMPLETE: StatusStyle("Complete", "C", BLUE, ".."),
    Status.GREEN: StatusStyle("Green", "G", BLUISH_GREEN, "//"),
    Status.AMBER: StatusStyle("Amber", "A", ORANGE, "\\\\"),
    Status.RED: StatusStyle("Red", "R", VERMILLION, "xx"),
    None: StatusStyle("Not reported", "N", LIGHT_GREY, "--"),
}

# Special-cause points: colour AND marker shape (Making Data Count's blue, orange, purple).
SPC_MARKERS: dict[str, tuple[str, str, str]] = {  # effect -> (colour, marker, legend)
    "common": (GREY, "o", "Common cause"),
    spc.IMPROVEMENT: (BLUE, "s", "Special cause \u2013 improvement"),
    spc.CONCERN: (ORANGE, "D", "Special cause \u2013 concern"),
    spc.NEITHER: (REDDISH_PURPLE, "p", "Special cause \u2013 neither"),
}

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 8.5,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": False,  # grid lines and tick labels are drawn directly: see _y_axis
    "text.color": INK,
    "text.hinting": "none",  # at 200 dpi hinting adds nothing visible, and costs ~15% of drawing
    "hatch.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": DPI,
    "svg.hashsalt": "reporter-charts",
    "path.simplify": False,
}

_STYLE_LOCK = threading.RLock()  # rc_context swaps global rcParams: one thread at a time
_MONTHS = tuple(name[:3] for name in MONTH_NAMES)
_FY_MONTHS = _MONTHS[3:] + _MONTHS[:3]  # Apr .. Mar
_UNIT_WORDS = {"%": "Per cent", "days": "Days", "\u00a3": "Pounds (\u00a3)",
               "number": "Number", "score": "Score"}
_ARROWS = {"higher": "\u2191 Higher is better", "lower": "\u2193 Lower is better"}


@contextmanager
def _style() -> Iterator[None]:
    with _STYLE_LOCK, matplotlib.rc_context(STYLE):
        yield


# --------------------------------------------------------------------------- helpers

def _unit(indicator: Indicator) -> str:
    return indicator.unit if indicator.unit in ("%", "days", "\u00a3") else ""


def _value(value: float, indicator: Indicator) -> str:
    return spc.format_value(value, _unit(indicator))


def _title(indicator: Indicator) -> str:
    return f"{indicator.ref} \u2013 {indicator.description}".strip(" \u2013")


def _wrap(text: str, width_in: float, size: float, bold: bool = False,
          max_lines: int | None = None) -> list[str]:
    """Lines of ``text`` that fit ``width_in`` inches at ``size`` points (DejaVu Sans)."""
    per_char = size * (0.62 if bold else 0.55) / 72  # DejaVu Sans' average advance, inches
    lines = textwrap.wrap(" ".join(str(text).split()), max(8, int(width_in / per_char))) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "\u2026"
    return lines


def _axes(fig: Figure, left: float, right: float, top: float, bottom: float) -> Axes:
    """Axes placed by margins in inches (no layout engine: fast and the same every time)."""
    width, height = fig.get_size_inches()
    return fig.add_axes((left / width, bottom / height,
                         1 - (left + right) / width, 1 - (top + bottom) / height))


def _fy_position(month: int) -> int:
    """April is 0, March is 11."""
    return (month - 4) % 12


def _year_values(series: Iterable[IndicatorMonth], year: FinancialYear) -> list[float]:
    """The 12 values of a financial year, April first, NaN for a month not given.
    Months of other years are left out; a month given twice keeps the later one."""
    values = [math.nan] * 12
    for point in series:
        if _financial_year(point.year, point.month) == year:
            value = point.value
            ok = value is not None and math.isfinite(value)
            values[_fy_position(point.month)] = float(value) if ok else math.nan
    return values


def _financial_year(year: int, month: int) -> FinancialYear:
    return FinancialYear(year if month >= 4 else year - 1)


def _infer_year(this_year: Sequence[IndicatorMonth]) -> FinancialYear | None:
    if not this_year:
        return None
    latest = max((p.year, p.month) for p in this_year)
    return _financial_year(*latest)


def _finite(values: Iterable[float | None]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def _latest(values: Sequence[float]) -> int | None:
    """The position of the last value that is not NaN."""
    return next((i for i in range(len(values) - 1, -1, -1) if not math.isnan(values[i])), None)


def _y_range(values: Sequence[float], unit: str) -> tuple[float, float]:
    """Limits that show every value with room, never below 0 or above 100% needlessly."""
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    span = high - low
    pad = span * 0.18 if span > 0 else max(abs(high) * 0.1, 1.0)
    bottom, top = low - pad, high + pad
    if low >= 0 > bottom:
        bottom = 0.0
    if unit == "%" and high <= 100 < top:
        top = 100.0
    return bottom, top


def _tick_labels(ticks: Sequence[float]) -> list[str]:
    """Tick labels with as few decimals as show every tick exactly (no 87.55 as 87.6)."""
    scale = max((abs(t) for t in ticks), default=1.0) or 1.0
    places = next((d for d in range(7)
                   if all(abs(round(t, d) - t) <= 1e-9 * scale for t in ticks)), 6)
    labels = []
    for tick in ticks:
        text = f"{tick:,.{places}f}"
        labels.append("0" if text.lstrip("-").strip("0.,") == "" else text)
    return labels


def _y_ticks(bottom: float, top: float, nbins: int = 5) -> list[float]:
    slack = 1e-9 * abs(top - bottom)
    return [float(t) for t in MaxNLocator(nbins=nbins, steps=[1, 2, 5, 10]).tick_values(bottom, top)
            if bottom - slack <= t <= top + slack]


# Tick labels and grid lines are drawn as plain texts and one line collection, not
# with matplotlib's Tick objects, which cost a few milliseconds each to make and draw:
# with 400 charts a run, that is most of the time.

def _y_axis(ax: Axes, bottom: float, top: float, nbins: int = 5, size: float = 8,
            ticks: Sequence[float] | None = None, labels: Sequence[str] | None = None) -> None:
    """Y limits, horizontal grid lines and plain-number labels (no offset, no 1e3)."""
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_locator(NullLocator())
    ax.yaxis.set_minor_locator(NullLocator())
    ticks = list(ticks) if ticks is not None else _y_ticks(bottom, top, nbins)
    labels = list(labels) if labels is not None else _tick_labels(ticks)
    along = ax.get_yaxis_transform()  # x in axes fractions, y in data
    ax.add_collection(LineCollection([[(0, t), (1, t)] for t in ticks], colors=GRID_COLOUR,
                                     linewidths=0.6, transform=along, zorder=0.5, gid="grid"),
                      autolim=False)
    beside = offset_copy(along, fig=ax.figure, x=-4, y=0, units="points")
    for tick, label in zip(ticks, labels):
        ax.text(0, tick, label, transform=beside, ha="right", va="center", fontsize=size,
                color=TICK_COLOUR, gid="ytick")


def _x_axis(ax: Axes, positions: Sequence[float], labels: Sequence[str], size: float = 8) -> None:
    """Labels under the x axis at the given data positions."""
    ax.xaxis.set_major_locator(NullLocator())
    ax.xaxis.set_minor_locator(NullLocator())
    under = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, x=0, y=-4, units="points")
    for position, label in zip(positions, labels):
        ax.text(position, 0, label, transform=under, ha="center", va="top", fontsize=size,
                color=TICK_COLOUR, gid="xtick")


def _y_title(fig: Figure, ax: Axes, text: str, left: float = 0.1) -> None:
    """The y axis title, rotated, ``left`` inches from the figure's edge."""
    box = ax.get_position()
    fig.text(left / fig.get_size_inches()[0], (box.y0 + box.y1) / 2, text, rotation=90,
             ha="left", va="center", fontsize=8.5, gid="ytitle")


@lru_cache(maxsize=512)
def _text_width(text: str, size: float) -> float:
    """The width of a line of DejaVu Sans in inches, measured from the font."""
    font = FontProperties(family=STYLE["font.family"], size=size)
    return text_to_path.get_text_width_height_descent(text, font, ismath=False)[0] / 72


@dataclass(frozen=True)
class _Key:
    """One legend entry: a line sample (Line2D properties, marker drawn mid-line) or a
    swatch (Rectangle properties), and its words."""

    label: str
    line: Mapping[str, Any] | None = None
    patch: Mapping[str, Any] | None = None


def _keys(fig: Figure, keys: Sequence[_Key], y: float, size: float = 8,
          left: float | None = None) -> None:
    """A one-row legend drawn directly (centred, or from ``left``), ``y`` inches above
    the figure's bottom. Matplotlib's Legend lays itself out with offset boxes, which
    cost more than the rest of a chart's furniture."""
    sample, gap, spacing = 0.3, 0.07, 0.24  # inches
    widths = [sample + gap + _text_width(k.label, size) for k in keys]
    x = left if left is not None else (fig.get_size_inches()[0] - sum(widths)
                                       - spacing * (len(keys) - 1)) / 2
    inches = fig.dpi_scale_trans
    for key, width in zip(keys, widths):
        if key.patch is not None:
            fig.add_artist(Rectangle((x, y - 0.06), sample, 0.12, transform=inches,
                                     gid="legend_key", **key.patch))
        if key.line is not None:
            fig.add_artist(Line2D([x, x + sample / 2, x + sample], [y, y, y], markevery=[1],
                                  transform=inches, gid="legend_key", **key.line))
        fig.text(x + sample + gap, y, key.label, transform=inches, ha="left", va="center",
                 fontsize=size, gid="legend")
        x += width + spacing


def _spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions at least ``gap`` apart, in the order given where positions tie,
    kept within ``low`` to ``high`` where they fit (for labels beside the axes)."""
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    placed = [0.0] * len(positions)
    previous = -math.inf
    for i in order:
        placed[i] = max(positions[i], previous + gap)
        previous = placed[i]
    shift = max(0.0, max(placed, default=0.0) - high)  # pushed off the top: move all down
    placed = [p - shift for p in placed]
    lift = max(0.0, low - min(placed, default=0.0))  # but never off the bottom
    return [p + lift for p in placed]


def _round_percent(share: float) -> int:
    """A share as a whole percentage, halves rounded up, like the analysis' 11/17 = 65%."""
    exact = Fraction(share).limit_denominator(10_000) * 100
    return int(exact + Fraction(1, 2))


# --------------------------------------------------------------------------- one indicator

def _year_styles(compact: bool) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Line styles of this year, last year and the target: they differ in more than colour."""
    this_year = {"linestyle": "-", "color": THIS_YEAR_COLOUR, "linewidth": 1.4 if compact else 2.0,
                 "marker": "o", "markersize": 3.2 if compact else 5}
    last_year = {"linestyle": "--", "color": LAST_YEAR_COLOUR, "linewidth": 1.1 if compact else 1.4,
                 "marker": "o", "markersize": 2.5 if compact else 3.5, "markerfacecolor": "white"}
    target = {"linestyle": TARGET_STYLE, "color": TARGET_COLOUR, "linewidth": 1.2 if compact else 1.5}
    return this_year, last_year, target


def _draw_year(ax: Axes, indicator: Indicator, this_values: Sequence[float],
               last_values: Sequence[float], target: float | None, labels: tuple[str, str],
               compact: bool) -> None:
    """This year's months against last year's, the target and the latest value."""
    x = list(range(12))
    unit = indicator.unit
    this_style, last_style, target_style = _year_styles(compact)
    ax.plot(x, last_values, label=labels[1], gid="last_year", clip_on=False, zorder=2, **last_style)
    ax.plot(x, this_values, label=labels[0], gid="this_year", clip_on=False, zorder=4, **this_style)
    if target is not None:
        ax.axhline(target, label=f"Target {_value(target, indicator)}", gid="target", zorder=3,
                   **target_style)
    shown = _finite(list(this_values) + list(last_values) + ([target] if target is not None else []))
    bottom, top = _y_range(shown, unit)
    _y_axis(ax, bottom, top, nbins=3 if compact else 5, size=6.5 if compact else 8)
    ax.set_xlim(-0.5, 11.5)
    _x_axis(ax, x, [m[0] for m in _FY_MONTHS] if compact else _FY_MONTHS, size=6.5 if compact else 8)

    latest = _latest(this_values)
    if latest is None:
        ax.text(0.5, 0.5, f"No figures yet for {labels[0]}", transform=ax.transAxes,
                ha="center", va="center", fontsize=7 if compact else 9, color=GREY, gid="no_data")
        return
    if compact:  # a small panel has no room beside the line: the latest goes above it
        ax.text(0.0, 1.03, f"{_FY_MONTHS[latest]}: {_value(this_values[latest], indicator)}",
                transform=ax.transAxes, ha="left", va="bottom", fontsize=7, fontweight="bold",
                color=THIS_YEAR_COLOUR, gid="latest")
        return
    y = this_values[latest]
    high = (y - bottom) > 0.62 * (top - bottom)
    ha = "right" if latest >= 10 else "left" if latest <= 0 else "center"
    dx = {"right": -4, "left": 4, "center": 0}[ha]
    ax.annotate(_value(y, indicator), xy=(latest, y), xytext=(dx, -9 if high else 8),
                textcoords="offset points", ha=ha, va="top" if high else "bottom",
                fontsize=8.5, fontweight="bold", color=THIS_YEAR_COLOUR, gid="latest",
                zorder=6, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                                "edgecolor": "none", "alpha": 0.85})


def indicator_figure(indicator: Indicator, this_year: Sequence[IndicatorMonth],
                     last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                     target: float | None) -> Figure:
    """One indicator's year, April to March: this year's months (solid, blue) against
    last year's (dashed, grey), the target (dash-dot), the direction of good and the
    latest value labelled. 16 x 8.5 cm."""
    previous = FinancialYear(financial_year.start_year - 1)
    this_values = _year_values(this_year, financial_year)
    last_values = _year_values(last_year, previous)
    with _style():
        fig = Figure(figsize=(WIDTH, 8.5 * CM), dpi=DPI)
        width, height = fig.get_size_inches()
        title = _wrap(_title(indicator), width - 0.3, 10, bold=True, max_lines=3)
        y = 1 - 0.1 / height
        fig.text(0.12 / width, y, "\n".join(title), ha="left", va="top", fontsize=10,
                 fontweight="bold", linespacing=1.15, gid="title")
        y -= (len(title) * 0.185 + 0.05) / height
        fig.text(0.12 / width, y, _ARROWS.get(indicator.polarity, "Direction of good not set"),
                 ha="left", va="top", fontsize=8.5, color=INK, gid="polarity")
        note = (f"Target {financial_year.label}: {_value(target, indicator)}" if target is not None
                else f"No target set for {financial_year.label}")
        fig.text(1 - 0.15 / width, y, note, ha="right", va="top", fontsize=8.5,
                 color=TARGET_COLOUR if target is not None else GREY, gid="target_note")
        top = 0.1 + len(title) * 0.185 + 0.05 + 0.3
        ax = _axes(fig, left=0.7, right=0.2, top=top, bottom=0.62)
        _draw_year(ax, indicator, this_values, last_values, target,
                   (financial_year.label, previous.label), compact=False)
        _y_title(fig, ax, _UNIT_WORDS.get(indicator.unit, indicator.unit))
        this_style, last_style, target_style = _year_styles(compact=False)
        keys = [_Key(financial_year.label, this_style), _Key(previous.label, last_style)]
        if target is not None:
            keys.append(_Key(f"Target {_value(target, indicator)}", target_style))
        _keys(fig, keys, y=0.17)
    return fig


def indicator_alt_text(indicator: Indicator, this_year: Sequence[IndicatorMonth],
                       last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                       target: float | None) -> str:
    """Alternative text for ``indicator_figure``: what it shows and the latest value."""
    previous = FinancialYear(financial_year.start_year - 1)
    this_values = _year_values(this_year, financial_year)
    last_values = _year_values(last_year, previous)
    parts = [f"Line chart of {_title(indicator)}, April to March {financial_year.label} "
             f"against {previous.label}."]
    latest = _latest(this_values)
    if latest is None:
        parts.append(f"No figures yet for {financial_year.label}.")
    else:
        month = MONTH_NAMES[(latest + 3) % 12]
        text = f"Latest: {_value(this_values[latest], indicator)} in {month}"
        if not math.isnan(last_values[latest]):
            text += f" ({_value(last_values[latest], indicator)} a year before)"
        parts.append(text + ".")
    parts.append(f"Target {_value(target, indicator)}." if target is not None else "No target set.")
    parts.append({"higher": "Higher is better.", "lower": "Lower is better."}.get(indicator.polarity, ""))
    return " ".join(p for p in parts if p)


# --------------------------------------------------------------------------- SPC

def _month_label(year: int, month: int) -> str:
    return f"{_MONTHS[month - 1]} {year % 100:02d}"


def spc_figure(indicator: Indicator, series: Sequence[IndicatorMonth],
               target: float | None, words: bool = True) -> Figure | None:
    """An XmR (statistical process control) chart of an indicator's monthly history:
    mean, process limits, target, special-cause points marked by colour and shape, the
    variation and assurance verdict and, with ``words``, the one-sentence reading under
    it (leave it out where the document prints ``spc.indicator_reading`` beside the
    picture: text is most of the drawing time). None below ``spc.MIN_POINTS`` months."""
    months, values = spc.monthly_series(series)
    result = spc.xmr(values, indicator.polarity, target, unit=_unit(indicator))
    if result is None:
        return None
    n = len(values)
    x = list(range(n))
    ys = [math.nan if v is None else v for v in result.values]
    verdict = f"Variation: {result.variation}"
    if result.assurance is not None:
        verdict += f"   \u00b7   Assurance: {result.assurance}"
    with _style():
        width = WIDTH
        reading = _wrap(result.reading, width - 0.3, 8.5) if words else []
        title = _wrap(f"{_title(indicator)}: statistical process control chart", width - 0.3, 10,
                      bold=True, max_lines=3)
        top = 0.1 + len(title) * 0.185 + 0.05 + 0.3
        bottom = 0.36 + 0.3 + 0.24 + len(reading) * 0.165 + 0.1
        fig = Figure(figsize=(width, top + bottom + 2.2), dpi=DPI)
        height = fig.get_size_inches()[1]
        y = 1 - 0.1 / height
        fig.text(0.12 / width, y, "\n".join(title), ha="left", va="top", fontsize=10,
                 fontweight="bold", linespacing=1.15, gid="title")
        y -= (len(title) * 0.185 + 0.05) / height
        fig.text(0.12 / width, y, _ARROWS.get(indicator.polarity, "Direction of good not set"),
                 ha="left", va="top", fontsize=8.5, gid="polarity")
        ax = _axes(fig, left=0.7, right=1.5, top=top, bottom=bottom)
        legend_top = bottom - 0.36
        fig.text(0.12 / width, (legend_top - 0.3) / height, verdict, ha="left", va="top", fontsize=8.5,
                 fontweight="bold", gid="verdict")
        if reading:
            fig.text(0.12 / width, (legend_top - 0.3 - 0.24) / height, "\n".join(reading), ha="left",
                     va="top", fontsize=8.5, linespacing=1.2, gid="reading")

        ax.plot(x, ys, color=LIGHT_GREY, linewidth=1.2, zorder=2, gid="points", label="Month")
        # bottom to top where they coincide; no limits to draw when every point is the same
        lines = [("lower", result.lower, "Lower limit", "--", GREY),
                 ("mean", result.mean, "Mean", "-", "#555555"),
                 ("upper", result.upper, "Upper limit", "--", GREY)]
        if result.upper <= result.lower:
            lines = [lines[1]]
        if result.target is not None:
            lines.append(("target", result.target, "Target", TARGET_STYLE, TARGET_COLOUR))
        for gid, level, name, style, colour in lines:
            ax.axhline(level, linestyle=style, color=colour, linewidth=1.5 if gid == "target" else 1.1,
                       gid=gid, label=name, zorder=1)
        effects = {f.index: f.effect for f in result.flags}
        for effect, (colour, marker, name) in SPC_MARKERS.items():
            chosen = [i for i in x if ys[i] == ys[i] and effects.get(i, "common") == effect]
            if not chosen and effect != "common":
                continue
            ax.plot(chosen, [ys[i] for i in chosen], linestyle="none", marker=marker,
                    markersize=4 if effect == "common" else 6.5, color=colour,
                    markeredgecolor="white" if effect == "common" else INK, markeredgewidth=0.6,
                    label=name, gid=effect, zorder=4, clip_on=False)

        shown = _finite(list(ys) + [level for _, level, *_ in lines])
        low, high = _y_range(shown, indicator.unit)
        _y_axis(ax, low, high)
        ax.set_xlim(-0.6, n - 0.4)
        step = 1 if n <= 9 else 2 if n <= 16 else 3 if n <= 36 else 6 if n <= 72 else 12
        ticks = list(range(0, n, step))
        _x_axis(ax, ticks, [_month_label(*months[i]) for i in ticks], size=7.5)
        _y_title(fig, ax, _UNIT_WORDS.get(indicator.unit, indicator.unit))

        # direct labels for the limits, mean and target, spread so they never overlap
        ax_height_pt = (height - top - bottom) * 72
        gap = 9.5 * (high - low) / ax_height_pt
        placed = _spread([level for _, level, *_ in lines], gap, low + gap / 2, high - gap / 2)
        for (gid, level, name, _, colour), at in zip(lines, placed):
            ax.annotate(f"{name} {_value(level, indicator)}", xy=(1, level), xycoords=("axes fraction", "data"),
                        xytext=(1.01, at), textcoords=("axes fraction", "data"), ha="left", va="center",
                        fontsize=7.5, color=colour if gid == "target" else "#444444",
                        annotation_clip=False, gid=f"{gid}_label")

        _keys(fig, [_Key(SPC_MARKERS[e][2], {
            "linestyle": "none", "marker": SPC_MARKERS[e][1], "color": SPC_MARKERS[e][0],
            "markeredgecolor": INK if e != "common" else "white", "markersize": 6})
            for e in SPC_MARKERS if e == "common" or any(f.effect == e for f in result.flags)],
            y=legend_top - 0.12, left=0.45)
    return fig


def spc_alt_text(indicator: Indicator, series: Sequence[IndicatorMonth],
                 target: float | None, words: bool = True) -> str:
    """Alternative text for ``spc_figure`` (or why there is no chart)."""
    months, values = spc.monthly_series(series)
    result = spc.xmr(values, indicator.polarity, target, unit=_unit(indicator))
    if result is None:
        return f"No statistical process control chart of {_title(indicator)}: " \
               f"{spc.point_count(values)} months of the {spc.MIN_POINTS} needed."
    first, last = months[0], months[result.latest_index]
    return (f"Statistical process control chart of {_title(indicator)}, "
            f"{MONTH_NAMES[first[1] - 1]} {first[0]} to {MONTH_NAMES[last[1] - 1]} {last[0]} "
            f"({result.n} months): mean {_value(result.mean, indicator)}, process limits "
            f"{_value(result.lower, indicator)} to {_value(result.upper, indicator)}; latest "
            f"{_value(result.values[result.latest_index], indicator)}. {result.reading}")


# --------------------------------------------------------------------------- small multiples

Panel = tuple[Indicator, Sequence[IndicatorMonth], Sequence[IndicatorMonth], "float | None"]
ROWS_PER_PAGE = 6


def small_multiples_figure(title: str, panels: Sequence[Panel], columns: int = 3,
                           financial_year: FinancialYear | None = None) -> Figure:
    """One sheet of small charts, one per indicator (this year, last year, target), in a
    grid ``columns`` wide, A4 portrait width. Keep to ``columns * ROWS_PER_PAGE`` panels
    a sheet; ``small_multiples_figures`` splits more into pages. The financial year is
    taken from the latest month given unless named."""
    if columns < 1:
        raise ValueError(f"columns must be 1 or more, got {columns}")
    year = financial_year or max((y for p in panels if (y := _infer_year(p[1])) is not None),
                                 default=None)
    rows = max(1, math.ceil(len(panels) / columns))
    header, footer, row_height = 0.5, 0.35, 3.6 * CM
    with _style():
        fig = Figure(figsize=(WIDTH, header + footer + rows * row_height), dpi=DPI)
        width, height = fig.get_size_inches()
        fig.text(0.12 / width, 1 - 0.1 / height, _wrap(title, width - 0.3, 10, True, 1)[0],
                 ha="left", va="top", fontsize=10, fontweight="bold", gid="title")
        cell_width = (width - 0.2) / columns
        for n, (indicator, this_year, last_year, target) in enumerate(panels):
            row, column = divmod(n, columns)
            left = 0.1 + column * cell_width
            top = header + row * row_height
            name = _wrap(_title(indicator), cell_width - 0.75, 7, True, 2)
            fig.text((left + 0.05) / width, 1 - (top + 0.02) / height, "\n".join(name), ha="left",
                     va="top", fontsize=7, fontweight="bold", linespacing=1.1, gid="panel_title")
            fig.text((left + cell_width - 0.13) / width, 1 - (top + 0.02) / height,
                     {"higher": "\u2191 better", "lower": "\u2193 better"}.get(indicator.polarity, ""),
                     ha="right", va="top", fontsize=6.5, color="#444444", gid="polarity")
            ax = fig.add_axes(((left + 0.42) / width, 1 - (top + row_height - 0.2) / height,
                               (cell_width - 0.55) / width, (row_height - 0.62) / height))
            fy = year or FinancialYear(2000)
            previous = FinancialYear(fy.start_year - 1)
            _draw_year(ax, indicator, _year_values(this_year, fy), _year_values(last_year, previous),
                       target, (fy.label, previous.label), compact=True)
            if target is None:
                ax.text(1.0, 1.03, "no target", transform=ax.transAxes, ha="right", va="bottom",
                        fontsize=6.5, color=GREY, gid="target_note")
        this_label = year.label if year else "This year"
        last_label = FinancialYear(year.start_year - 1).label if year else "Last year"
        this_style, last_style, target_style = _year_styles(compact=False)
        _keys(fig, [_Key(this_label, this_style), _Key(last_label, last_style),
                    _Key("Target", target_style)], y=0.15)
    return fig


def small_multiples_figures(title: str, panels: Sequence[Panel], columns: int = 3,
                            financial_year: FinancialYear | None = None,
                            per_page: int | None = None) -> list[Figure]:
    """Small multiples on as many sheets as needed (``columns * ROWS_PER_PAGE`` panels a
    sheet unless ``per_page``), titled "... (page 1 of 2)" when more than one."""
    per_page = per_page or columns * ROWS_PER_PAGE
    chunks = [panels[i:i + per_page] for i in range(0, len(panels), per_page)] or [panels]
    year = financial_year or max((y for p in panels if (y := _infer_year(p[1])) is not None),
                                 default=None)
    return [small_multiples_figure(title if len(chunks) == 1 else f"{title} (page {n} of {len(chunks)})",
                                   chunk, columns, year)
            for n, chunk in enumerate(chunks, 1)]


def small_multiples_alt_text(title: str, panels: Sequence[Panel], columns: int = 3,
                             financial_year: FinancialYear | None = None,
                             per_page: int | None = None) -> str:
    """Alternative text for the small multiples sheets."""
    refs = ", ".join(p[0].ref for p in panels)
    return (f"{title}: {len(panels)} small line charts, one per indicator ({refs}), each showing "
            f"this year's months against last year's and the target.")


# --------------------------------------------------------------------------- status counts

def _statuses(counts: Sequence[tuple[str, Mapping[Status | None, int]]]) -> list[Status | None]:
    shown: list[Status | None] = [Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED]
    if any(c.get(None, 0) for _, c in counts):
        shown.append(None)
    return shown


def status_counts_figure(counts: Sequence[tuple[str, Mapping[Status | None, int]]],
                         title: str = "Key actions by status") -> Figure:
    """Stacked bars of actions by status, one bar per quarter label: Complete at the
    bottom, then Green, Amber, Red (and "not reported" if any), each coloured, hatched
    and lettered in the legend, counts labelled in the segments and totals on top."""
    statuses = _statuses(counts)
    x = list(range(len(counts)))
    totals = [sum(c.get(s, 0) for s in statuses) for _, c in counts]
    with _style():
        fig = Figure(figsize=(WIDTH, 9 * CM), dpi=DPI)
        width, height = fig.get_size_inches()
        fig.text(0.12 / width, 1 - 0.1 / height, _wrap(title, width - 0.3, 10, True, 1)[0],
                 ha="left", va="top", fontsize=10, fontweight="bold", gid="title")
        top_margin, bottom_margin = 0.5, 0.72
        ax = _axes(fig, left=0.7, right=0.2, top=top_margin, bottom=bottom_margin)
        peak = max(totals, default=0) or 1
        _y_axis(ax, 0, peak * 1.1)
        ax.set_xlim(-0.6, max(len(counts), 1) - 0.4)
        points_per_unit = (height - top_margin - bottom_margin) * 72 / (peak * 1.1)
        bar_width = 0.56 if len(counts) > 1 else 0.4
        base = [0.0] * len(counts)
        outside_at = [-math.inf] * len(counts)  # where the last label beside each bar went
        for status in statuses:
            style = STATUS_STYLES[status]
            heights = [float(c.get(status, 0)) for _, c in counts]
            ax.bar(x, heights, bar_width, bottom=base, color=style.colour, hatch=style.hatch,
                   edgecolor="white", linewidth=0.8, label=f"{style.letter}  {style.name}", zorder=2)
            for i, count in enumerate(heights):
                if count <= 0:
                    continue
                middle = base[i] + count / 2
                if count * points_per_unit >= 11:
                    ax.text(i, middle, f"{int(count)}", ha="center", va="center", fontsize=8, zorder=5,
                            gid="count", bbox={"boxstyle": "round,pad=0.12", "facecolor": "white",
                                               "edgecolor": "none", "alpha": 0.85})
                else:  # too thin a segment: label beside the bar, clear of the one below
                    at = max(middle, outside_at[i] + 9.5 / points_per_unit)
                    outside_at[i] = at
                    ax.annotate(f"{style.letter} {int(count)}", xy=(i + bar_width / 2, middle),
                                xytext=(i + bar_width / 2 + 0.06, at), ha="left", va="center",
                                fontsize=7, zorder=5, gid="count",
                                arrowprops={"arrowstyle": "-", "color": "#777777", "linewidth": 0.5})
            base = [b + h for b, h in zip(base, heights)]
        for i, total in enumerate(totals):
            ax.annotate(f"{total}", xy=(i, total), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8, fontweight="bold", gid="total")
        _x_axis(ax, x, [label for label, _ in counts])
        _y_title(fig, ax, "Key actions")
        _keys(fig, [_Key(f"{STATUS_STYLES[s].letter}  {STATUS_STYLES[s].name}",
                         patch={"facecolor": STATUS_STYLES[s].colour, "hatch": STATUS_STYLES[s].hatch,
                                "edgecolor": "white", "linewidth": 0.8})
                    for s in statuses], y=0.17)
    return fig


def status_counts_alt_text(counts: Sequence[tuple[str, Mapping[Status | None, int]]],
                           title: str = "Key actions by status") -> str:
    """Alternative text for ``status_counts_figure``."""
    if not counts:
        return f"{title}: no quarters to show."
    label, latest = counts[-1]
    parts = ", ".join(f"{latest.get(s, 0)} {STATUS_STYLES[s].name}" for s in _statuses(counts))
    span = counts[0][0] if len(counts) == 1 else f"{counts[0][0]} to {label}"
    return f"{title}: stacked bar chart of key actions by status, {span}. Latest, {label}: {parts}."


# --------------------------------------------------------------------------- share improved

def improvement_share_figure(points: Sequence[tuple[str, float | None]], target: float = 0.70,
                             title: str = "Share of comparable indicators improved on last year"
                             ) -> Figure:
    """Bars of the share of comparable indicators improved, quarter by quarter (0 to 1),
    each labelled "65%", against the plan's target as a dashed line. Quarters short of
    the target are hatched as well as paler; a quarter with no comparable indicator
    shows "n/a" and no bar."""
    x = list(range(len(points)))
    target_text = f"{_round_percent(target)}%"
    with _style():
        fig = Figure(figsize=(WIDTH, 8 * CM), dpi=DPI)
        width, height = fig.get_size_inches()
        fig.text(0.12 / width, 1 - 0.1 / height, _wrap(title, width - 0.3, 10, True, 1)[0],
                 ha="left", va="top", fontsize=10, fontweight="bold", gid="title")
        ax = _axes(fig, left=0.7, right=1.1, top=0.5, bottom=0.72)
        _y_axis(ax, 0, 1.1, ticks=[0, 0.2, 0.4, 0.6, 0.8, 1.0],
                labels=["0%", "20%", "40%", "60%", "80%", "100%"])
        ax.set_xlim(-0.6, max(len(points), 1) - 0.4)
        met = [(i, s) for i, (_, s) in enumerate(points) if s is not None and s >= target - 1e-12]
        short = [(i, s) for i, (_, s) in enumerate(points) if s is not None and s < target - 1e-12]
        bar_width = 0.56 if len(points) > 1 else 0.4
        bar_groups = ((met, BLUE, "", f"Met the {target_text} target"),
                      (short, SKY_BLUE, "//", f"Short of the {target_text} target"))
        for group, colour, hatch, name in bar_groups:
            if not group:
                continue
            ax.bar([i for i, _ in group], [s for _, s in group], bar_width, color=colour, hatch=hatch,
                   edgecolor="white", linewidth=0.8, label=name, gid="share", zorder=2)
        for i, (_, share) in enumerate(points):
            text = "n/a" if share is None else f"{_round_percent(share)}%"
            # a label just under the target line goes inside the bar, clear of the line
            inside = share is not None and target - 0.09 < share < target and share > 0.12
            ax.annotate(text, xy=(i, share or 0), xytext=(0, -3 if inside else 2),
                        textcoords="offset points", ha="center", va="top" if inside else "bottom",
                        fontsize=8.5, fontweight="bold", color=GREY if share is None else INK,
                        gid="share_label", zorder=5,
                        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none",
                              "alpha": 0.85})
        ax.axhline(target, color=INK, linestyle="--", linewidth=1.3, gid="target",
                   label=f"Plan target {target_text}", zorder=3)
        ax.annotate(f"Plan target\n{target_text}", xy=(1, target), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontsize=8,
                    annotation_clip=False, gid="target_label")
        _x_axis(ax, x, [label for label, _ in points])
        _y_title(fig, ax, "Indicators improved")
        keys = [_Key(f"Plan target {target_text}", {"color": INK, "linestyle": "--", "linewidth": 1.3})]
        keys += [_Key(name, patch={"facecolor": colour, "hatch": hatch, "edgecolor": "white",
                                   "linewidth": 0.8})
                 for group, colour, hatch, name in bar_groups if group]
        _keys(fig, keys, y=0.17)
    return fig


def improvement_share_alt_text(points: Sequence[tuple[str, float | None]], target: float = 0.70,
                               title: str = "Share of comparable indicators improved on last year"
                               ) -> str:
    """Alternative text for ``improvement_share_figure``."""
    if not points:
        return f"{title}: no quarters to show."
    label, share = points[-1]
    latest = "no comparable indicator" if share is None else f"{_round_percent(share)}%"
    span = points[0][0] if len(points) == 1 else f"{points[0][0]} to {label}"
    return (f"{title}: bar chart, {span}, against the plan's target of {_round_percent(target)}%. "
            f"Latest, {label}: {latest}.")


# --------------------------------------------------------------------------- files

def png_bytes(fig: Figure, alt: str | None = None) -> bytes:
    """``fig`` as PNG bytes at 200 dpi: RGB, the resolution recorded, ``alt`` as the
    image's Description, no software name or time stamp, so the same figure gives the
    same bytes. Encoded here (unfiltered rows, fast zlib) rather than by Pillow, whose
    adaptive filtering took longer than drawing the chart."""
    with _style():
        fig.set_dpi(DPI)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter 0, then RGB
    rows[:, 1:] = rgba[..., :3].reshape(height, 3 * width)
    per_metre = round(DPI / 0.0254)
    chunks = [
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
    ]
    if alt:  # iTXt: keyword, no compression, no language, UTF-8 text
        chunks.append(_chunk(b"iTXt", b"Description\0\0\0\0\0" + alt.encode("utf-8")))
    chunks.append(_chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESSION)))
    chunks.append(_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def save(fig: Figure, path: Path | str, alt: str | None = None) -> Path:
    """Write ``fig`` as a PNG at 200 dpi (see ``png_bytes``), to a temporary name first
    so a failure leaves no half-written chart."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(png_bytes(fig, alt))
    os.replace(temporary, path)
    return path


def safe_file_name(name: str, suffix: str = ".png") -> str:
    """A file name from an indicator ref or a title: ``BV 66a`` -> ``BV_66a.png``."""
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "_" for c in name)
    stem = "_".join(part for part in stem.split("_") if part).strip(".-_") or "chart"
    return f"{stem[:80]}{suffix}"


@dataclass(frozen=True)
class ChartJob:
    """One chart to render: its kind, the arguments of its ``*_figure`` function and
    the file name. Made with the class methods; picklable, so it can go to a process."""

    kind: str  # "indicator", "spc", "small_multiples", "status_counts", "improvement_share"
    file_name: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def indicator(cls, indicator: Indicator, this_year: Sequence[IndicatorMonth],
                  last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                  target: float | None, file_name: str | None = None) -> ChartJob:
        return cls("indicator", file_name or safe_file_name(indicator.ref),
                   (indicator, tuple(this_year), tuple(last_year), financial_year, target))

    @classmethod
    def spc(cls, indicator: Indicator, series: Sequence[IndicatorMonth], target: float | None,
            file_name: str | None = None, words: bool = True) -> ChartJob:
        return cls("spc", file_name or safe_file_name(f"{indicator.ref} spc"),
                   (indicator, tuple(series), target, words))

    @classmethod
    def small_multiples(cls, title: str, panels: Sequence[Panel], columns: int = 3,
                        financial_year: FinancialYear | None = None,
                        file_name: str | None = None, per_page: int | None = None) -> ChartJob:
        return cls("small_multiples", file_name or safe_file_name(title),
                   (title, tuple((i, tuple(t), tuple(la), g) for i, t, la, g in panels), columns,
                    financial_year, per_page))

    @classmethod
    def status_counts(cls, counts: Sequence[tuple[str, Mapping[Status | None, int]]],
                      title: str = "Key actions by status", file_name: str = "status_counts.png"
                      ) -> ChartJob:
        return cls("status_counts", file_name, (tuple((q, dict(c)) for q, c in counts), title))

    @classmethod
    def improvement_share(cls, points: Sequence[tuple[str, float | None]], target: float = 0.70,
                          file_name: str = "improvement_share.png") -> ChartJob:
        return cls("improvement_share", file_name, (tuple(points), target))


_FIGURES = {
    "indicator": indicator_figure,
    "spc": spc_figure,
    "small_multiples": small_multiples_figures,
    "status_counts": status_counts_figure,
    "improvement_share": improvement_share_figure,
}
_ALT_TEXTS = {
    "indicator": indicator_alt_text,
    "spc": spc_alt_text,
    "small_multiples": small_multiples_alt_text,
    "status_counts": status_counts_alt_text,
    "improvement_share": improvement_share_alt_text,
}


def _check_kind(job: ChartJob) -> None:
    if job.kind not in _FIGURES:
        raise ValueError(f"unknown chart kind {job.kind!r}: use one of {', '.join(_FIGURES)}")


def figures(job: ChartJob) -> list[Figure]:
    """The figures of a job: none for an SPC chart without enough points, one page
    or more for small multiples, else one."""
    _check_kind(job)
    made = _FIGURES[job.kind](*job.args, **job.kwargs)
    if made is None:
        return []
    return list(made) if isinstance(made, list) else [made]


def alt_text(job: ChartJob) -> str:
    """The alternative text for a job's picture(s), for the Word writer."""
    _check_kind(job)
    return _ALT_TEXTS[job.kind](*job.args, **job.kwargs)


def job_paths(job: ChartJob, out_dir: Path | str, pages: int = 1) -> list[Path]:
    """Where a job's pages go: ``name.png``, or ``name_1.png``, ``name_2.png``, ..."""
    out_dir = Path(out_dir)
    if pages == 1:
        return [out_dir / job.file_name]
    stem, suffix = os.path.splitext(job.file_name)
    return [out_dir / f"{stem}_{n}{suffix}" for n in range(1, pages + 1)]


def render_chart(job: ChartJob, out_dir: Path | str) -> list[Path]:
    """Render one job into ``out_dir``; the paths written (none for an SPC chart
    without enough points)."""
    made = figures(job)
    text = alt_text(job)
    return [save(fig, path, text) for fig, path in zip(made, job_paths(job, out_dir, len(made)))]


def _render_names(job: ChartJob, out_dir: str) -> list[str]:
    return [str(p) for p in render_chart(job, out_dir)]


def default_workers() -> int:
    """The processors this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def render_charts(jobs: Sequence[ChartJob], out_dir: Path | str,
                  workers: int | None = None) -> list[Path]:
    """Render every job into ``out_dir`` (made if missing) and return the files written,
    in job order. More than ``PARALLEL_ABOVE`` jobs render in a pool of ``workers``
    processes (default: the processors available); fewer, or ``workers=1``, in this one."""
    out_dir = Path(out_dir)
    names = [j.file_name for j in jobs]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise ValueError(f"two charts would be written to the same file: {', '.join(clashes)}. "
                         f"Give the jobs distinct file names.")
    for job in jobs:
        _check_kind(job)
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = default_workers() if workers is None else max(1, workers)
    if workers == 1 or len(jobs) <= PARALLEL_ABOVE:
        return [path for job in jobs for path in render_chart(job, out_dir)]
    chunk = max(1, min(8, len(jobs) // (workers * 8)))  # small chunks: jobs differ in cost
    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(_render_names, jobs, repeat(str(out_dir)), chunksize=chunk)
        return [Path(name) for names_ in done for name in names_]
