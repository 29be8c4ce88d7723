"""Charts for the performance report: PNG pictures drawn with matplotlib.

Each public ``*_figure`` function builds a ``matplotlib.figure.Figure`` from plain
records (never pyplot: no global figure state), so tests read the data back from the
figure's artists. ``save`` / ``png_bytes`` write a figure as a 200 dpi PNG, the same
bytes for the same input. ``render_charts`` renders a list of ``ChartJob`` into a
folder, in a pool of processes when there are many. ``alt_text`` and the
``*_alt_text`` functions give the alternative text the Word writer puts on pictures.

One style for all (``STYLE``): DejaVu Sans (shipped inside matplotlib, so every
machine draws the same glyphs), 6.5-10 pt, 16 cm wide to sit at natural size in the
text width of an A4 page. Colours are Okabe-Ito (colour-blind safe) and never the only
signal: statuses are hatched and lettered too, lines differ in style, special-cause
points in marker shape, and the direction of good is written out.

Artists that carry data have a ``gid`` to find them by: lines ``this_year``,
``last_year``, ``target``, ``points``, ``mean``, ``upper``, ``lower`` and the marker sets
``common``, ``improvement``, ``concern``, ``neither``; texts ``title``, ``polarity``,
``latest``, ``target_note``, ``verdict``, ``reading``, ``count``, ``total``,
``share_label``, ``xtick``, ``ytick``, ``ytitle``, ``legend``. Bar containers carry
their legend words as their label.

Speed: drawing text dominates (matplotlib 3.11 lays out and renders glyph by glyph),
so tick labels, grid lines and legends are drawn as plain texts and lines, without
matplotlib's Tick and Legend machinery (the axes make no tick at all: ``_Axes``);
each line of text is rendered into one bitmap, as before matplotlib 3.11, and kept
with its metrics for the next chart that has it (``_Renderer``); and the PNG is
encoded here. See ``benchmarks/bench_charts.py``.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import shutil
import struct
import textwrap
import threading
import time
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the Agg canvas draws the pixels

import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.axis import XAxis, YAxis  # noqa: E402
from matplotlib.backends.backend_agg import (  # noqa: E402
    FigureCanvasAgg,
    RendererAgg,
    get_hinting_flag,
)
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties, fontManager, get_font  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.textpath import text_to_path  # noqa: E402
from matplotlib.ticker import MaxNLocator, NullLocator  # noqa: E402
from matplotlib.transforms import offset_copy  # noqa: E402

from reporter.config.plan import Indicator  # noqa: E402
from reporter.indicators import spc  # noqa: E402
from reporter.periods import MONTH_NAMES, FinancialYear  # noqa: E402
from reporter.processes import available_processors  # noqa: E402
from reporter.snapshot import IndicatorMonth  # noqa: E402
from reporter.status import Status  # noqa: E402

DPI = 200
WIDTH = 6.3  # inches: 16 cm, the text width of A4 with 2.5 cm margins (1,260 pixels)
PARALLEL_ABOVE = 20  # more jobs than this render in a pool of processes
PNG_COMPRESSION = 1  # zlib level: charts are flat colour; 1 is fast and nearly as small as 9

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
SOFT_INK = "#444444"
GRID = "#E3E3E3"

THIS_YEAR_COLOUR = BLUE
LAST_YEAR_COLOUR = GREY
TARGET_COLOUR = VERMILLION
TARGET_STYLE = "-."


@dataclass(frozen=True)
class StatusStyle:
    """How a status is drawn: a colour, a hatch and a letter, so grey print still tells."""

    name: str
    letter: str
    colour: str
    hatch: str


# In stacking order: Complete at the bottom, then Green, Amber, Red; "not reported" on top.
STATUS_STYLES: dict[Status | None, StatusStyle] = {
    Status.COMPLETE: StatusStyle("Complete", "C", BLUE, ".."),
    Status.GREEN: StatusStyle("Green", "G", BLUISH_GREEN, "//"),
    Status.AMBER: StatusStyle("Amber", "A", ORANGE, "\\\\"),
    Status.RED: StatusStyle("Red", "R", VERMILLION, "xx"),
    None: StatusStyle("Not reported", "N", LIGHT_GREY, "--"),
}

# SPC points by effect: colour (Making Data Count's grey, blue, orange, purple) AND shape.
SPC_MARKERS: dict[str, tuple[str, str, str]] = {  # effect -> (colour, marker, legend words)
    "common": (GREY, "o", "Common cause"),
    spc.IMPROVEMENT: (BLUE, "s", "Special cause \u2013 improvement"),
    spc.CONCERN: (ORANGE, "D", "Special cause \u2013 concern"),
    spc.NEITHER: (REDDISH_PURPLE, "p", "Special cause \u2013 neither"),
}

STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": INK,
    "text.hinting": "none",  # no visible gain at 200 dpi, and 15% of the drawing time
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,  # grid lines are drawn by _y_axis
    "hatch.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": DPI,
    "path.simplify": False,
}

_STYLE_LOCK = threading.RLock()  # rc_context swaps global rcParams: one thread at a time
_MONTHS = tuple(name[:3] for name in MONTH_NAMES)
_FY_MONTHS = _MONTHS[3:] + _MONTHS[:3]  # Apr .. Mar
_UNIT_WORDS = {"%": "Per cent", "days": "Days", "\u00a3": "Pounds (\u00a3)",
               "number": "Number", "score": "Score"}
_POLARITY_WORDS = {"higher": "\u2191 Higher is better", "lower": "\u2193 Lower is better"}
_POLARITY_SHORT = {"higher": "\u2191 better", "lower": "\u2193 better"}
_WHITE_BOX = {"boxstyle": "round,pad=0.13", "facecolor": "white", "edgecolor": "none",
              "alpha": 0.85}

Counts = Sequence[tuple[str, Mapping[Status | None, int]]]  # (quarter label, counts)
Panel = tuple[Indicator, Sequence[IndicatorMonth], Sequence[IndicatorMonth], "float | None"]


_STYLE_IS_GLOBAL = False  # True in a drawing process of ours: STYLE is set once for all


@contextmanager
def _style() -> Iterator[None]:
    """The charts' style for what is drawn inside. In the caller's process it is set and
    undone each time (a program using matplotlib keeps its own settings); in a pool's
    drawing process, which draws nothing else, it is set once (``_render_in_worker``)."""
    with _STYLE_LOCK:
        if _STYLE_IS_GLOBAL:
            yield
            return
        with matplotlib.rc_context(STYLE):
            yield


# --------------------------------------------------------------------------- words

def _unit(indicator: Indicator) -> str:
    return indicator.unit if indicator.unit in ("%", "days", "\u00a3") else ""


def _value(value: float, indicator: Indicator) -> str:
    return spc.format_value(value, _unit(indicator))


def _title(indicator: Indicator) -> str:
    return f"{indicator.ref} \u2013 {indicator.description}".strip(" \u2013")


def _wrap(text: str, width: float, size: float, bold: bool = False,
          max_lines: int | None = None) -> list[str]:
    """Lines of ``text`` that fit ``width`` inches at ``size`` points, the last one
    ending in an ellipsis when ``max_lines`` cuts it short."""
    advance = size * (0.62 if bold else 0.55) / 72  # DejaVu Sans' average, in inches
    lines = textwrap.wrap(" ".join(str(text).split()), max(8, int(width / advance))) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "\u2026"
    return lines


@lru_cache(maxsize=1024)
def _text_width(text: str, size: float) -> float:
    """The width of one line of DejaVu Sans in inches, measured from the font."""
    font = FontProperties(family=STYLE["font.family"], size=size)
    return text_to_path.get_text_width_height_descent(text, font, ismath=False)[0] / 72


def _round_percent(share: float) -> int:
    """A share as a whole percentage, halves rounded up, as the analysis words 11/17 (65%)."""
    return int(Fraction(share).limit_denominator(10_000) * 100 + Fraction(1, 2))


# --------------------------------------------------------------------------- series

def _financial_year(year: int, month: int) -> FinancialYear:
    return FinancialYear(year if month >= 4 else year - 1)


def _year_values(series: Iterable[IndicatorMonth], year: FinancialYear) -> list[float]:
    """The 12 values of a financial year, April first, NaN for a month not given.
    Months of other years are left out; a month given twice keeps the later one."""
    values = [math.nan] * 12
    for point in series:
        if _financial_year(point.year, point.month) == year:
            good = point.value is not None and math.isfinite(point.value)
            values[(point.month - 4) % 12] = float(point.value) if good else math.nan
    return values


def _latest_year(panels: Iterable[Panel]) -> FinancialYear | None:
    """The financial year of the latest month in the panels' this-year series, or the
    year after their last-year series; None when there are no months at all."""
    panels = list(panels)
    months = [(p.year, p.month) for panel in panels for p in panel[1]]
    if months:
        return _financial_year(*max(months))
    months = [(p.year, p.month) for panel in panels for p in panel[2]]
    return FinancialYear(_financial_year(*max(months)).start_year + 1) if months else None


def _finite(values: Iterable[float | None]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def _latest(values: Sequence[float]) -> int | None:
    """The position of the last value that is not NaN."""
    return next((i for i in range(len(values) - 1, -1, -1) if not math.isnan(values[i])), None)


# --------------------------------------------------------------------------- layout

class _Ticks(list):
    """An axis' tick list that starts empty (matplotlib's makes a first tick as soon as
    the list is looked at: two lines, a grid line and two texts each, four ticks an
    axes). Ticks are made when asked for, as matplotlib makes any after the first."""

    def __init__(self, axis: XAxis | YAxis, major: bool):
        super().__init__()
        self._axis, self._major = axis, major

    def __getitem__(self, index: Any) -> Any:
        if not len(self) and not isinstance(index, slice):
            self.append(self._axis._get_tick(major=self._major))
        return super().__getitem__(index)


class _NoFirstTick:
    """The ``majorTicks`` / ``minorTicks`` descriptor of the axes below: ``_Ticks``."""

    def __init__(self, major: bool):
        self._major = major

    def __get__(self, instance: Any, owner: type) -> Any:
        if instance is None:
            return self
        ticks = _Ticks(instance, self._major)
        setattr(instance, "majorTicks" if self._major else "minorTicks", ticks)
        return ticks


class _XAxis(XAxis):
    majorTicks = _NoFirstTick(True)
    minorTicks = _NoFirstTick(False)


class _YAxis(YAxis):
    majorTicks = _NoFirstTick(True)
    minorTicks = _NoFirstTick(False)


class _Axes(Axes):
    """Axes whose axes make no tick until one is drawn or asked for. These charts draw
    their own tick labels and grid (``_y_axis``, ``_x_axis``), so matplotlib's ticks
    were made for every axes and never drawn: half the time of making an axes."""

    def _init_axis(self) -> None:  # as Axes._init_axis, with the axes above
        self.xaxis = _XAxis(self, clear=False)
        self.spines.bottom.register_axis(self.xaxis)
        self.spines.top.register_axis(self.xaxis)
        self.yaxis = _YAxis(self, clear=False)
        self.spines.left.register_axis(self.yaxis)
        self.spines.right.register_axis(self.yaxis)

    def clear(self) -> None:
        super().clear()
        for spine in self.spines.values():  # placed, as making the first ticks did
            spine.get_position()


class _Sheet:
    """A figure laid out in inches: ``x`` from the left edge, ``down`` from the top."""

    def __init__(self, height: float, width: float = WIDTH):
        self.width, self.height = width, height
        self.fig = Figure(figsize=(width, height), dpi=DPI)

    def text(self, x: float, down: float, text: str, **style: Any) -> Text:
        return self.fig.text(x / self.width, 1 - down / self.height, text, **style)

    def axes(self, left: float, top: float, width: float, height: float) -> Axes:
        """Axes by position in inches (no layout engine: fast, and the same every time)."""
        return self.fig.add_axes((left / self.width, 1 - (top + height) / self.height,
                                  width / self.width, height / self.height), axes_class=_Axes)

    def heading(self, title: str, left_note: str = "", right_note: str = "",
                right_colour: str = INK) -> float:
        """A bold title (up to three lines) and a line of notes; the depth used, inches."""
        lines = _wrap(title, self.width - 0.3, 10, bold=True, max_lines=3)
        self.text(0.12, 0.1, "\n".join(lines), ha="left", va="top", fontsize=10,
                  fontweight="bold", linespacing=1.15, gid="title")
        down = 0.1 + len(lines) * 0.185 + 0.05
        if left_note:
            self.text(0.12, down, left_note, ha="left", va="top", fontsize=8.5, gid="polarity")
        if right_note:
            self.text(self.width - 0.15, down, right_note, ha="right", va="top", fontsize=8.5,
                      color=right_colour, gid="target_note")
        return down + (0.3 if left_note or right_note else 0.1)


def _title_depth(title: str) -> float:
    return 0.1 + len(_wrap(title, WIDTH - 0.3, 10, bold=True, max_lines=3)) * 0.185 + 0.05 + 0.3


# Tick labels and grid lines are plain texts and one line collection, not matplotlib's
# Tick objects, which take milliseconds each to make and draw: with hundreds of charts a
# run, that was a third of the time.

def _y_range(values: Sequence[float], unit: str) -> tuple[float, float]:
    """Y limits showing every value with room; not below 0, nor above 100%, needlessly."""
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.18 if high > low else max(abs(high) * 0.1, 1.0)
    bottom, top = low - pad, high + pad
    if low >= 0 > bottom:
        bottom = 0.0
    if unit == "%" and high <= 100 < top:
        top = 100.0
    return bottom, top


def _tick_labels(ticks: Sequence[float]) -> list[str]:
    """Plain numbers with as few decimals as show every tick exactly (never 87.55 as 87.6)."""
    scale = max((abs(t) for t in ticks), default=1.0) or 1.0
    places = next((d for d in range(7)
                   if all(abs(round(t, d) - t) <= 1e-9 * scale for t in ticks)), 6)
    labels = [f"{tick:,.{places}f}" for tick in ticks]
    return ["0" if label.lstrip("-").strip("0.,") == "" else label for label in labels]


def _y_axis(ax: Axes, bottom: float, top: float, nbins: int = 5, size: float = 8,
            ticks: Sequence[float] | None = None, labels: Sequence[str] | None = None) -> None:
    """Y limits, grid lines and their labels (plain numbers: no offset, no 1e3)."""
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_locator(NullLocator())
    ax.yaxis.set_minor_locator(NullLocator())
    if ticks is None:
        slack = 1e-9 * abs(top - bottom)
        ticks = [float(t) for t in MaxNLocator(nbins=nbins, steps=[1, 2, 5, 10])
                 .tick_values(bottom, top) if bottom - slack <= t <= top + slack]
    labels = list(labels) if labels is not None else _tick_labels(ticks)
    along = ax.get_yaxis_transform()  # x in axes fractions, y in data
    ax.add_collection(LineCollection([[(0, t), (1, t)] for t in ticks], colors=GRID,
                                     linewidths=0.6, transform=along, zorder=0.5), autolim=False)
    beside = offset_copy(along, fig=ax.figure, x=-4, y=0, units="points")
    for tick, label in zip(ticks, labels):
        _label(ax, 0, tick, label, beside, ha="right", va="center", fontsize=size,
               color=SOFT_INK, gid="ytick")


def _x_axis(ax: Axes, positions: Sequence[float], labels: Sequence[str], size: float = 8) -> None:
    """Labels under the x axis at data positions."""
    ax.xaxis.set_major_locator(NullLocator())
    ax.xaxis.set_minor_locator(NullLocator())
    under = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, x=0, y=-4, units="points")
    for position, label in zip(positions, labels):
        _label(ax, position, 0, label, under, ha="center", va="top", fontsize=size,
               color=SOFT_INK, gid="xtick")


def _label(ax: Axes, x: float, y: float, text: str, transform: Any, **style: Any) -> Text:
    """A tick label beside ``ax``, placed by ``transform``. Made as a figure's text, not
    with ``ax.text``, which gives every text the axes' clip path (unused: texts are not
    clipped) at a cost that adds up over the hundreds of labels a sheet has."""
    label = Text(x, y, text, transform=transform, **style)
    ax.figure.add_artist(label)
    return label


def _y_title(sheet: _Sheet, ax: Axes, text: str) -> None:
    box = ax.get_position()
    sheet.fig.text(0.1 / sheet.width, (box.y0 + box.y1) / 2, text, rotation=90, ha="left",
                   va="center", fontsize=8.5, gid="ytitle")


@dataclass(frozen=True)
class _Key:
    """A legend entry: a line sample (Line2D style; a marker is drawn mid-line) or a
    swatch (Rectangle style), and its words."""

    label: str
    line: Mapping[str, Any] | None = None
    patch: Mapping[str, Any] | None = None


def _keys(sheet: _Sheet, keys: Sequence[_Key], up: float, left: float | None = None) -> None:
    """A one-row legend ``up`` inches above the bottom, centred unless ``left`` is given.
    Drawn directly: matplotlib's Legend lays itself out in offset boxes, which took
    longer than the rest of a chart's furniture."""
    sample, gap, spacing, size = 0.3, 0.07, 0.24, 8  # inches, points
    widths = [sample + gap + _text_width(k.label, size) for k in keys]
    x = left if left is not None else (sheet.width - sum(widths) - spacing * (len(keys) - 1)) / 2
    inches = sheet.fig.dpi_scale_trans
    for key, width in zip(keys, widths):
        if key.patch is not None:
            sheet.fig.add_artist(Rectangle((x, up - 0.06), sample, 0.12, transform=inches,
                                           gid="legend_key", **key.patch))
        if key.line is not None:
            sheet.fig.add_artist(Line2D([x, x + sample / 2, x + sample], [up, up, up],
                                        markevery=[1], transform=inches, gid="legend_key",
                                        **key.line))
        sheet.fig.text(x + sample + gap, up, key.label, transform=inches, ha="left",
                       va="center", fontsize=size, gid="legend")
        x += width + spacing


def _spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions at least ``gap`` apart in the same order (ties in the order given),
    moved down to stay under ``high`` but never below ``low``."""
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    placed = [0.0] * len(positions)
    previous = -math.inf
    for i in order:
        placed[i] = previous = max(positions[i], previous + gap)
    shift = max(0.0, max(placed, default=0.0) - high)
    lift = max(0.0, low - (min(placed, default=0.0) - shift))
    return [p - shift + lift for p in placed]


# --------------------------------------------------------------------------- one indicator

def _year_styles(compact: bool) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Styles of this year's line, last year's and the target's: not colour alone."""
    this_year = {"linestyle": "-", "color": THIS_YEAR_COLOUR, "marker": "o",
                 "linewidth": 1.4 if compact else 2.0, "markersize": 3.2 if compact else 5}
    last_year = {"linestyle": "--", "color": LAST_YEAR_COLOUR, "marker": "o",
                 "markerfacecolor": "white", "linewidth": 1.1 if compact else 1.4,
                 "markersize": 2.5 if compact else 3.5}
    target = {"linestyle": TARGET_STYLE, "color": TARGET_COLOUR,
              "linewidth": 1.2 if compact else 1.5}
    return this_year, last_year, target


def _draw_year(ax: Axes, indicator: Indicator, this_values: Sequence[float],
               last_values: Sequence[float], target: float | None, labels: tuple[str, str],
               compact: bool) -> None:
    """This year's months against last year's, the target and the latest value."""
    x = list(range(12))
    this_style, last_style, target_style = _year_styles(compact)
    ax.plot(x, last_values, label=labels[1], gid="last_year", clip_on=False, zorder=2,
            **last_style)
    ax.plot(x, this_values, label=labels[0], gid="this_year", clip_on=False, zorder=4,
            **this_style)
    if target is not None:
        ax.axhline(target, label=f"Target {_value(target, indicator)}", gid="target", zorder=3,
                   **target_style)
    bottom, top = _y_range(_finite([*this_values, *last_values, target]), indicator.unit)
    size = 6.5 if compact else 8
    _y_axis(ax, bottom, top, nbins=3 if compact else 5, size=size)
    ax.set_xlim(-0.5, 11.5)
    _x_axis(ax, x, [m[0] for m in _FY_MONTHS] if compact else _FY_MONTHS, size=size)

    latest = _latest(this_values)
    if latest is None:
        ax.text(0.5, 0.5, f"No figures yet for {labels[0]}", transform=ax.transAxes,
                ha="center", va="center", fontsize=7 if compact else 9, color=GREY,
                gid="no_data")
    elif compact:  # no room beside the line in a small panel: the latest goes above it
        ax.text(0.0, 1.03, f"{_FY_MONTHS[latest]}: {_value(this_values[latest], indicator)}",
                transform=ax.transAxes, ha="left", va="bottom", fontsize=7, fontweight="bold",
                color=THIS_YEAR_COLOUR, gid="latest")
    else:
        y = this_values[latest]
        high = y - bottom > 0.62 * (top - bottom)  # near the top: label it below the point
        ha = "right" if latest >= 10 else "left" if latest == 0 else "center"
        ax.annotate(_value(y, indicator), xy=(latest, y), textcoords="offset points",
                    xytext=({"right": -4, "left": 4, "center": 0}[ha], -9 if high else 8),
                    ha=ha, va="top" if high else "bottom", fontsize=8.5, fontweight="bold",
                    color=THIS_YEAR_COLOUR, gid="latest", zorder=6, bbox=_WHITE_BOX)


def indicator_figure(indicator: Indicator, this_year: Sequence[IndicatorMonth],
                     last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                     target: float | None) -> Figure:
    """One indicator's year, April to March, 16 x 8.5 cm: this year's months (solid,
    blue) against last year's (dashed, grey), the target (dash-dot), the direction of
    good in words and the latest value labelled. Gaps stay gaps; months outside the
    two financial years are left out."""
    previous = FinancialYear(financial_year.start_year - 1)
    note = (f"Target {financial_year.label}: {_value(target, indicator)}" if target is not None
            else f"No target set for {financial_year.label}")
    with _style():
        sheet = _Sheet(8.5 / 2.54)
        top = sheet.heading(_title(indicator),
                            _POLARITY_WORDS.get(indicator.polarity, "Direction of good not set"),
                            note, TARGET_COLOUR if target is not None else GREY)
        ax = sheet.axes(0.7, top, sheet.width - 0.9, sheet.height - top - 0.62)
        _draw_year(ax, indicator, _year_values(this_year, financial_year),
                   _year_values(last_year, previous), target,
                   (financial_year.label, previous.label), compact=False)
        _y_title(sheet, ax, _UNIT_WORDS.get(indicator.unit, indicator.unit))
        this_style, last_style, target_style = _year_styles(compact=False)
        keys = [_Key(financial_year.label, this_style), _Key(previous.label, last_style)]
        if target is not None:
            keys.append(_Key(f"Target {_value(target, indicator)}", target_style))
        _keys(sheet, keys, up=0.17)
    return sheet.fig


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
    parts.append(f"Target {_value(target, indicator)}." if target is not None
                 else "No target set.")
    parts.append({"higher": "Higher is better.", "lower": "Lower is better."}
                 .get(indicator.polarity, ""))
    return " ".join(p for p in parts if p)


# --------------------------------------------------------------------------- SPC

def _month_label(year: int, month: int) -> str:
    return f"{_MONTHS[month - 1]} {year % 100:02d}"


def spc_figure(indicator: Indicator, series: Sequence[IndicatorMonth],
               target: float | None, words: bool = True) -> Figure | None:
    """An XmR (statistical process control) chart of an indicator's monthly history, as
    Making Data Count reads it: the mean, the process limits and the target labelled
    beside the plot, special-cause points marked by colour and shape, the variation and
    assurance verdict, and (with ``words``) the one-sentence reading under it. Leave the
    words out where the document prints ``spc.indicator_reading`` beside the picture:
    text is most of the drawing time. None below ``spc.MIN_POINTS`` months."""
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
    reading = _wrap(result.reading, WIDTH - 0.3, 8.5) if words else []
    title = f"{_title(indicator)}: statistical process control chart"
    top, plot = _title_depth(title), 2.2
    bottom = 0.36 + 0.3 + 0.24 + len(reading) * 0.165 + 0.1  # labels, key, verdict, reading
    with _style():
        sheet = _Sheet(top + plot + bottom)
        sheet.heading(title, _POLARITY_WORDS.get(indicator.polarity, "Direction of good not set"))
        ax = sheet.axes(0.7, top, sheet.width - 2.2, plot)
        key_down = top + plot + 0.36
        sheet.text(0.12, key_down + 0.3, verdict, ha="left", va="top", fontsize=8.5,
                   fontweight="bold", gid="verdict")
        if reading:
            sheet.text(0.12, key_down + 0.54, "\n".join(reading), ha="left", va="top",
                       fontsize=8.5, linespacing=1.2, gid="reading")

        ax.plot(x, ys, color=LIGHT_GREY, linewidth=1.2, zorder=2, gid="points")
        # bottom to top where they coincide; no limits to draw when every point is the same
        levels = [("lower", result.lower, "Lower limit", "--", GREY),
                  ("mean", result.mean, "Mean", "-", "#555555"),
                  ("upper", result.upper, "Upper limit", "--", GREY)]
        if result.upper <= result.lower:
            levels = [levels[1]]
        if result.target is not None:
            levels.append(("target", result.target, "Target", TARGET_STYLE, TARGET_COLOUR))
        for gid, level, _, style, colour in levels:
            ax.axhline(level, linestyle=style, color=colour, zorder=1, gid=gid,
                       linewidth=1.5 if gid == "target" else 1.1)
        effects = {f.index: f.effect for f in result.flags}
        for effect, (colour, marker, name) in SPC_MARKERS.items():
            chosen = [i for i in x if not math.isnan(ys[i]) and effects.get(i, "common") == effect]
            if chosen or effect == "common":
                ax.plot(chosen, [ys[i] for i in chosen], linestyle="none", marker=marker,
                        markersize=4 if effect == "common" else 6.5, color=colour,
                        markeredgecolor="white" if effect == "common" else INK,
                        markeredgewidth=0.6, label=name, gid=effect, zorder=4, clip_on=False)

        low, high = _y_range(_finite([*ys, *(level for _, level, *_ in levels)]), indicator.unit)
        _y_axis(ax, low, high)
        ax.set_xlim(-0.6, n - 0.4)
        step = 1 if n <= 9 else 2 if n <= 16 else 3 if n <= 36 else 6 if n <= 72 else 12
        _x_axis(ax, x[::step], [_month_label(*months[i]) for i in x[::step]], size=7.5)
        _y_title(sheet, ax, _UNIT_WORDS.get(indicator.unit, indicator.unit))

        # labels for the limits, mean and target beside the plot, spread not to overlap
        gap = 9.5 * (high - low) / (plot * 72)
        placed = _spread([level for _, level, *_ in levels], gap, low + gap / 2, high - gap / 2)
        for (gid, level, name, _, colour), at in zip(levels, placed):
            ax.annotate(f"{name} {_value(level, indicator)}", xy=(1, level), xytext=(1.01, at),
                        xycoords=("axes fraction", "data"), textcoords=("axes fraction", "data"),
                        ha="left", va="center", fontsize=7.5, annotation_clip=False,
                        color=colour if gid == "target" else SOFT_INK, gid=f"{gid}_label")

        shown = [e for e in SPC_MARKERS if e == "common" or e in effects.values()]
        _keys(sheet, [_Key(SPC_MARKERS[e][2], {
            "linestyle": "none", "marker": SPC_MARKERS[e][1], "color": SPC_MARKERS[e][0],
            "markeredgecolor": "white" if e == "common" else INK, "markersize": 6})
            for e in shown], up=sheet.height - key_down - 0.12, left=0.45)
    return sheet.fig


def spc_alt_text(indicator: Indicator, series: Sequence[IndicatorMonth],
                 target: float | None, words: bool = True) -> str:
    """Alternative text for ``spc_figure``, with the reading (or why there is no chart)."""
    months, values = spc.monthly_series(series)
    result = spc.xmr(values, indicator.polarity, target, unit=_unit(indicator))
    if result is None:
        return (f"No statistical process control chart of {_title(indicator)}: "
                f"{spc.point_count(values)} months of the {spc.MIN_POINTS} needed.")
    (y1, m1), (y2, m2) = months[0], months[result.latest_index]
    return (f"Statistical process control chart of {_title(indicator)}, {MONTH_NAMES[m1 - 1]} "
            f"{y1} to {MONTH_NAMES[m2 - 1]} {y2} ({result.n} months): mean "
            f"{_value(result.mean, indicator)}, process limits {_value(result.lower, indicator)} "
            f"to {_value(result.upper, indicator)}; latest "
            f"{_value(result.values[result.latest_index], indicator)}. {result.reading}")


# --------------------------------------------------------------------------- small multiples

ROWS_PER_PAGE = 6
_ROW = 3.6 / 2.54  # inches


def small_multiples_figure(title: str, panels: Sequence[Panel], columns: int = 3,
                           financial_year: FinancialYear | None = None) -> Figure:
    """One sheet of small charts, one per indicator of a theme or directorate: this year
    against last year and the target, the latest value and the direction of good, in a
    grid ``columns`` wide at A4 text width. Keep to ``columns * ROWS_PER_PAGE`` panels a
    sheet (``small_multiples_figures`` splits more). The financial year is the one of
    the latest month given unless named. A panel is (indicator, this year's months,
    last year's months, target or None)."""
    if columns < 1:
        raise ValueError(f"columns must be 1 or more, got {columns}")
    known = financial_year or _latest_year(panels)
    year = known or FinancialYear(2000)  # no months at all: any year shows empty panels
    previous = FinancialYear(year.start_year - 1)
    labels = (year.label, previous.label) if known else ("This year", "Last year")
    rows = max(1, math.ceil(len(panels) / columns))
    header, footer = 0.5, 0.35
    with _style():
        sheet = _Sheet(header + rows * _ROW + footer)
        sheet.text(0.12, 0.1, _wrap(title, sheet.width - 0.3, 10, True, 1)[0], ha="left",
                   va="top", fontsize=10, fontweight="bold", gid="title")
        cell = (sheet.width - 0.2) / columns
        for n, (indicator, this_year, last_year, target) in enumerate(panels):
            row, column = divmod(n, columns)
            left, top = 0.1 + column * cell, header + row * _ROW
            sheet.text(left + 0.05, top + 0.02,
                       "\n".join(_wrap(_title(indicator), cell - 0.75, 7, True, 2)),
                       ha="left", va="top", fontsize=7, fontweight="bold", linespacing=1.1,
                       gid="panel_title")
            sheet.text(left + cell - 0.13, top + 0.02, _POLARITY_SHORT.get(indicator.polarity, ""),
                       ha="right", va="top", fontsize=6.5, color=SOFT_INK, gid="polarity")
            ax = sheet.axes(left + 0.42, top + 0.42, cell - 0.55, _ROW - 0.62)
            _draw_year(ax, indicator, _year_values(this_year, year),
                       _year_values(last_year, previous), target, labels, compact=True)
            if target is None:
                ax.text(1.0, 1.03, "no target", transform=ax.transAxes, ha="right",
                        va="bottom", fontsize=6.5, color=GREY, gid="target_note")
        this_style, last_style, target_style = _year_styles(compact=False)
        _keys(sheet, [_Key(labels[0], this_style), _Key(labels[1], last_style),
                      _Key("Target", target_style)], up=0.15)
    return sheet.fig


def small_multiples_figures(title: str, panels: Sequence[Panel], columns: int = 3,
                            financial_year: FinancialYear | None = None,
                            per_page: int | None = None) -> list[Figure]:
    """Small multiples on as many sheets as needed (``columns * ROWS_PER_PAGE`` panels
    a sheet unless ``per_page``), titled "... (page 1 of 2)" when there are several."""
    per_page = per_page or columns * ROWS_PER_PAGE
    chunks = [panels[i:i + per_page] for i in range(0, len(panels), per_page)] or [panels]
    year = financial_year or _latest_year(panels)
    return [small_multiples_figure(
        title if len(chunks) == 1 else f"{title} (page {n} of {len(chunks)})", chunk, columns,
        year) for n, chunk in enumerate(chunks, 1)]


def small_multiples_alt_text(title: str, panels: Sequence[Panel], columns: int = 3,
                             financial_year: FinancialYear | None = None,
                             per_page: int | None = None) -> str:
    """Alternative text for the small multiples sheets."""
    return (f"{title}: {len(panels)} small line charts, one per indicator "
            f"({', '.join(p[0].ref for p in panels)}), each showing this year's months against "
            f"last year's and the target.")


# --------------------------------------------------------------------------- status counts

def _statuses(counts: Counts) -> list[Status | None]:
    """The statuses to stack: all four, and "not reported" when a quarter has any."""
    shown: list[Status | None] = [Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED]
    return shown + [None] if any(c.get(None, 0) for _, c in counts) else shown


def status_counts_figure(counts: Counts, title: str = "Key actions by status") -> Figure:
    """Stacked bars of actions by status, one bar per quarter label: Complete at the
    bottom, then Green, Amber and Red (and "not reported" if any), each coloured AND
    hatched, lettered in the legend; counts in the segments (beside a segment too thin
    to hold one, with its letter; none for zero) and the total on top."""
    statuses = _statuses(counts)
    totals = [sum(c.get(s, 0) for s in statuses) for _, c in counts]
    peak = (max(totals, default=0) or 1) * 1.1
    bar = 0.56 if len(counts) > 1 else 0.4
    with _style():
        sheet = _Sheet(9 / 2.54)
        sheet.text(0.12, 0.1, _wrap(title, sheet.width - 0.3, 10, True, 1)[0], ha="left",
                   va="top", fontsize=10, fontweight="bold", gid="title")
        plot = sheet.height - 0.5 - 0.72
        ax = sheet.axes(0.7, 0.5, sheet.width - 0.9, plot)
        _y_axis(ax, 0, peak)
        ax.set_xlim(-0.6, max(len(counts), 1) - 0.4)
        points_per_action = plot * 72 / peak
        base = [0.0] * len(counts)
        beside = [-math.inf] * len(counts)  # where the last label beside each bar went
        for status in statuses:
            style = STATUS_STYLES[status]
            heights = [float(c.get(status, 0)) for _, c in counts]
            ax.bar(range(len(counts)), heights, bar, bottom=base, color=style.colour,
                   hatch=style.hatch, edgecolor="white", linewidth=0.8, zorder=2,
                   label=f"{style.letter}  {style.name}")
            for i, count in enumerate(heights):
                middle = base[i] + count / 2
                if count and count * points_per_action >= 11:
                    ax.text(i, middle, f"{count:.0f}", ha="center", va="center", fontsize=8,
                            zorder=5, gid="count", bbox=_WHITE_BOX)
                elif count:
                    beside[i] = max(middle, beside[i] + 9.5 / points_per_action)
                    ax.annotate(f"{style.letter} {count:.0f}", xy=(i + bar / 2, middle),
                                xytext=(i + bar / 2 + 0.06, beside[i]), ha="left", va="center",
                                fontsize=7, zorder=5, gid="count",
                                arrowprops={"arrowstyle": "-", "color": GREY, "linewidth": 0.5})
            base = [b + h for b, h in zip(base, heights)]
        for i, total in enumerate(totals):
            ax.annotate(f"{total}", xy=(i, total), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=8, fontweight="bold", gid="total")
        _x_axis(ax, range(len(counts)), [label for label, _ in counts])
        _y_title(sheet, ax, "Key actions")
        _keys(sheet, [_Key(f"{STATUS_STYLES[s].letter}  {STATUS_STYLES[s].name}",
                           patch={"facecolor": STATUS_STYLES[s].colour, "linewidth": 0.8,
                                  "hatch": STATUS_STYLES[s].hatch, "edgecolor": "white"})
                      for s in statuses], up=0.17)
    return sheet.fig


def status_counts_alt_text(counts: Counts, title: str = "Key actions by status") -> str:
    """Alternative text for ``status_counts_figure``."""
    if not counts:
        return f"{title}: no quarters to show."
    label, latest = counts[-1]
    parts = ", ".join(f"{latest.get(s, 0)} {STATUS_STYLES[s].name}" for s in _statuses(counts))
    span = label if len(counts) == 1 else f"{counts[0][0]} to {label}"
    return f"{title}: stacked bar chart of key actions by status, {span}. Latest, {label}: {parts}."


# --------------------------------------------------------------------------- share improved

SHARE_TITLE = "Share of comparable indicators improved on last year"


def improvement_share_figure(points: Sequence[tuple[str, float | None]], target: float = 0.70,
                             title: str = SHARE_TITLE) -> Figure:
    """Bars of the share (0 to 1) of comparable indicators better than last year, one per
    quarter label, each labelled "65%", against the plan's target as a dashed line.
    Quarters short of the target are paler AND hatched; a quarter with no comparable
    indicator has no bar and says "n/a"."""
    target_text = f"{_round_percent(target)}%"
    met = [(i, s) for i, (_, s) in enumerate(points) if s is not None and s >= target - 1e-12]
    short = [(i, s) for i, (_, s) in enumerate(points) if s is not None and s < target - 1e-12]
    groups = ((met, BLUE, "", f"Met the {target_text} target"),
              (short, SKY_BLUE, "//", f"Short of the {target_text} target"))
    bar = 0.56 if len(points) > 1 else 0.4
    with _style():
        sheet = _Sheet(8 / 2.54)
        sheet.text(0.12, 0.1, _wrap(title, sheet.width - 0.3, 10, True, 1)[0], ha="left",
                   va="top", fontsize=10, fontweight="bold", gid="title")
        ax = sheet.axes(0.7, 0.5, sheet.width - 1.8, sheet.height - 0.5 - 0.72)
        _y_axis(ax, 0, 1.1, ticks=[0, 0.2, 0.4, 0.6, 0.8, 1.0],
                labels=["0%", "20%", "40%", "60%", "80%", "100%"])
        ax.set_xlim(-0.6, max(len(points), 1) - 0.4)
        for group, colour, hatch, name in groups:
            if group:
                ax.bar([i for i, _ in group], [s for _, s in group], bar, color=colour,
                       hatch=hatch, edgecolor="white", linewidth=0.8, label=name, zorder=2)
        for i, (_, share) in enumerate(points):
            # a label just under the target line goes inside its bar, clear of the line
            inside = share is not None and 0.12 < share < target and share > target - 0.09
            ax.annotate("n/a" if share is None else f"{_round_percent(share)}%",
                        xy=(i, share or 0), xytext=(0, -3 if inside else 2),
                        textcoords="offset points", ha="center", va="top" if inside else "bottom",
                        fontsize=8.5, fontweight="bold", color=GREY if share is None else INK,
                        gid="share_label", zorder=5, bbox=_WHITE_BOX)
        ax.axhline(target, color=INK, linestyle="--", linewidth=1.3, gid="target", zorder=3,
                   label=f"Plan target {target_text}")
        ax.annotate(f"Plan target\n{target_text}", xy=(1, target), xytext=(4, 0),
                    xycoords=("axes fraction", "data"), textcoords="offset points", ha="left",
                    va="center", fontsize=8, annotation_clip=False, gid="target_label")
        _x_axis(ax, range(len(points)), [label for label, _ in points])
        _y_title(sheet, ax, "Indicators improved")
        keys = [_Key(f"Plan target {target_text}",
                     {"color": INK, "linestyle": "--", "linewidth": 1.3})]
        keys += [_Key(name, patch={"facecolor": colour, "hatch": hatch, "edgecolor": "white",
                                   "linewidth": 0.8}) for group, colour, hatch, name in groups
                 if group]
        _keys(sheet, keys, up=0.17)
    return sheet.fig


def improvement_share_alt_text(points: Sequence[tuple[str, float | None]], target: float = 0.70,
                               title: str = SHARE_TITLE) -> str:
    """Alternative text for ``improvement_share_figure``."""
    if not points:
        return f"{title}: no quarters to show."
    label, share = points[-1]
    latest = "no comparable indicator" if share is None else f"{_round_percent(share)}%"
    span = label if len(points) == 1 else f"{points[0][0]} to {label}"
    return (f"{title}: bar chart, {span}, against the plan's target of "
            f"{_round_percent(target)}%. Latest, {label}: {latest}.")


# --------------------------------------------------------------------------- files

# Text is most of a chart's drawing time. matplotlib 3.11 lays out and renders text
# glyph by glyph, every time; these charts repeat the same strings (month names, tick
# labels, legends, polarity words) chart after chart. So text is drawn as matplotlib
# did before 3.11, each line rendered by FreeType into one bitmap, and the bitmap and
# the line's metrics are kept for the next chart with the same string, font and size.
# A bitmap depends only on its key, so the cache never changes a picture's bytes.

_TEXT_CACHE: dict[tuple[Any, ...], tuple[float, float, float, dict[bool, Any]]] = {}
_TEXT_CACHE_LIMIT = 20_000  # entries (a short line's bitmap is a few kilobytes)
_TEXT_CACHE_LONGEST = 40  # characters: ticks, months, legends, values; not titles
_HEIGHTS: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_FAST_TEXT = hasattr(get_font(fontManager.findfont("DejaVu Sans")), "draw_glyphs_to_bitmap")


def _text_entry(renderer: RendererAgg, s: str, prop: FontProperties
                ) -> tuple[float, float, float, dict[bool, Any]]:
    """A line of text's width, height and descent in pixels and its bitmaps by
    antialiasing (each with its offsets), from the cache or FreeType."""
    flags = get_hinting_flag()
    key = (s, tuple(fontManager._find_fonts_by_props(prop)), prop.get_size_in_points(),
           renderer.dpi, flags)
    entry = _TEXT_CACHE.get(key)
    if entry is None:
        if len(_TEXT_CACHE) >= _TEXT_CACHE_LIMIT:
            _TEXT_CACHE.clear()
        font = renderer._prepare_font(prop)
        font.set_text(s, 0.0, flags=flags)
        width, height = font.get_width_height()
        entry = (width / 64, height / 64, font.get_descent() / 64, {True: _bitmap(font, True)})
        if len(s) <= _TEXT_CACHE_LONGEST:  # titles and sentences rarely come again
            _TEXT_CACHE[key] = entry
    return entry


def _bitmap(font: Any, antialiased: bool) -> tuple[Any, float, float]:
    """The bitmap of the text last set in ``font`` and its offsets, in pixels."""
    font.draw_glyphs_to_bitmap(antialiased=antialiased)
    xo, yo = font.get_bitmap_offset()
    return np.array(font.get_image(), dtype=np.uint8), xo / 64, yo / 64


class _Renderer(RendererAgg):
    """The Agg renderer drawing plain text from ``_TEXT_CACHE``."""

    def draw_text(self, gc: Any, x: float, y: float, s: str, prop: FontProperties,
                  angle: float, ismath: Any = False, mtext: Text | None = None) -> None:
        if ismath or not _FAST_TEXT or (mtext is not None and (
                getattr(mtext, "get_fontfeatures", lambda: None)() is not None
                or getattr(mtext, "get_language", lambda: None)() is not None)):
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        antialiased = bool(gc.get_antialiased())
        _, _, descent, bitmaps = _text_entry(self, s, prop)
        if antialiased not in bitmaps:
            font = self._prepare_font(prop)
            font.set_text(s, 0.0, flags=get_hinting_flag())
            bitmaps[antialiased] = _bitmap(font, antialiased)
        image, xo, yo = bitmaps[antialiased]
        if image.size:  # as matplotlib 3.10's RendererAgg.draw_text
            radians = math.radians(angle)
            x = round(x + xo + descent * math.sin(radians))
            y = round(y + yo + descent * math.cos(radians))
            self._renderer.draw_text_image(image, x, y + 1, angle, gc)
        return None

    def get_text_width_height_descent(self, s: str, prop: FontProperties,
                                      ismath: Any) -> tuple[float, float, float]:
        if ismath is not False or not _FAST_TEXT:
            return super().get_text_width_height_descent(s, prop, ismath)
        return _text_entry(self, s, prop)[:3]

    def _get_font_height_metrics(self, prop: FontProperties) -> tuple[Any, Any, Any]:
        """A font's ascent, descent and line gap in pixels, as matplotlib 3.11's
        ``Text._get_layout`` reads them from the font's tables (it asks the renderer
        first), here kept rather than read for every text."""
        files = tuple(fontManager._find_fonts_by_props(prop))
        key = (files, prop.get_size_in_points(), self.dpi)
        if key not in _HEIGHTS:
            font = get_font(list(files))
            found = (None, None, None)
            for table_name, gap, ascent, descent in (
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is not None:
                    units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
                    scale = 1 / units_per_em * prop.get_size_in_points() * self.dpi / 72
                    found = (table[ascent] * scale, -table[descent] * scale, table[gap] * scale)
                    break
            _HEIGHTS[key] = found
        return _HEIGHTS[key]


class _Canvas(FigureCanvasAgg):
    """An Agg canvas with ``_Renderer``."""

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _Renderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def png_bytes(fig: Figure, alt: str | None = None) -> bytes:
    """``fig`` as a PNG at 200 dpi: RGB, its resolution recorded, ``alt`` as its
    Description, no software name or time stamp, so the same figure gives the same
    bytes. Encoded here (unfiltered rows, fast zlib): Pillow's adaptive filtering took
    longer than drawing the chart."""
    with _style():
        fig.set_dpi(DPI)
        canvas = _Canvas(fig)
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)  # filter byte 0, then RGB
    rows[:, 0] = 0
    pixels = rows[:, 1:].reshape(height, width, 3)  # a view: copied channel by channel,
    for channel in range(3):  # which numpy does several times faster than rgba[..., :3]
        pixels[..., channel] = rgba[..., channel]
    per_metre = round(DPI / 0.0254)
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
              _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))]
    if alt:  # iTXt: keyword, NUL, no compression, no language, no translated keyword
        chunks.append(_chunk(b"iTXt", b"Description\0\0\0\0\0" + alt.encode("utf-8")))
    chunks.append(_chunk(b"IDAT", zlib.compress(rows.tobytes(), PNG_COMPRESSION)))
    chunks.append(_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def save(fig: Figure, path: Path | str, alt: str | None = None) -> Path:
    """Write ``fig`` as a PNG (see ``png_bytes``) through a temporary file, so a failure
    leaves no half-written chart."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(png_bytes(fig, alt))
    os.replace(temporary, path)
    return path


def safe_file_name(name: str, suffix: str = ".png") -> str:
    """A portable file name from an indicator ref or a title: ``BV 66a`` -> ``BV_66a.png``."""
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "_" for c in name)
    stem = "_".join(part for part in stem.split("_") if part).strip(".-_") or "chart"
    return f"{stem[:80]}{suffix}"


@dataclass(frozen=True)
class ChartJob:
    """One chart to render: its kind, the arguments of its ``*_figure`` function and
    its file name. Make one with the class methods; it pickles, so it can go to another
    process."""

    kind: str  # "indicator", "spc", "small_multiples", "status_counts", "improvement_share"
    file_name: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def indicator(cls, indicator: Indicator, this_year: Sequence[IndicatorMonth],
                  last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                  target: float | None, file_name: str | None = None) -> ChartJob:
        """``BV_66a.png`` unless named."""
        return cls("indicator", file_name or safe_file_name(indicator.ref),
                   (indicator, tuple(this_year), tuple(last_year), financial_year, target))

    @classmethod
    def spc(cls, indicator: Indicator, series: Sequence[IndicatorMonth], target: float | None,
            file_name: str | None = None, words: bool = True) -> ChartJob:
        """``BV_66a_spc.png`` unless named; no file below ``spc.MIN_POINTS`` months."""
        return cls("spc", file_name or safe_file_name(f"{indicator.ref} spc"),
                   (indicator, tuple(series), target, words))

    @classmethod
    def small_multiples(cls, title: str, panels: Sequence[Panel], columns: int = 3,
                        financial_year: FinancialYear | None = None,
                        file_name: str | None = None, per_page: int | None = None) -> ChartJob:
        """One page ``name.png``, or pages ``name_1.png``, ``name_2.png``, ..."""
        frozen = tuple((i, tuple(this), tuple(last), t) for i, this, last, t in panels)
        return cls("small_multiples", file_name or safe_file_name(title),
                   (title, frozen, columns, financial_year, per_page))

    @classmethod
    def status_counts(cls, counts: Counts, title: str = "Key actions by status",
                      file_name: str = "status_counts.png") -> ChartJob:
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


_COST = {"small_multiples": 10, "spc": 2}  # rough drawing time, an indicator chart as 1


def _check(job: ChartJob) -> None:
    if job.kind not in _FIGURES:
        raise ValueError(f"unknown chart kind {job.kind!r}: use one of {', '.join(_FIGURES)}")


def figures(job: ChartJob) -> list[Figure]:
    """A job's figures: none for an SPC chart without enough points, a page or more for
    small multiples, else one."""
    _check(job)
    made = _FIGURES[job.kind](*job.args, **job.kwargs)
    return [] if made is None else list(made) if isinstance(made, list) else [made]


def alt_text(job: ChartJob) -> str:
    """The alternative text of a job's picture(s), for the Word writer."""
    _check(job)
    return _ALT_TEXTS[job.kind](*job.args, **job.kwargs)


def job_paths(job: ChartJob, out_dir: Path | str, pages: int = 1) -> list[Path]:
    """Where a job's pages go: ``name.png``, or ``name_1.png``, ``name_2.png``, ..."""
    if pages == 1:
        return [Path(out_dir) / job.file_name]
    stem, suffix = os.path.splitext(job.file_name)
    return [Path(out_dir) / f"{stem}_{n}{suffix}" for n in range(1, pages + 1)]


def render_chart(job: ChartJob, out_dir: Path | str) -> list[Path]:
    """Render one job into ``out_dir``: the files written (none for an SPC chart without
    enough points)."""
    made = figures(job)
    text = alt_text(job)
    return [save(fig, path, text) for fig, path in zip(made, job_paths(job, out_dir, len(made)))]


def _render_in_worker(job: ChartJob, out_dir: str) -> list[str]:
    global _STYLE_IS_GLOBAL
    if not _STYLE_IS_GLOBAL:  # this process only draws charts: the style once, not per chart
        matplotlib.rcParams.update(STYLE)
        _STYLE_IS_GLOBAL = True
    return [str(p) for p in render_chart(job, out_dir)]


def render_charts(jobs: Sequence[ChartJob], out_dir: Path | str,
                  workers: int | None = None, cache_dir: Path | str | None = None) -> list[Path]:
    """Render every job into ``out_dir`` (made if missing): the files written, in job
    order. More than ``PARALLEL_ABOVE`` jobs render in a pool of ``workers`` processes
    (default: the processors available); fewer, or ``workers=1``, in this process. Two
    jobs with one file name are refused before anything is drawn.

    With ``cache_dir``, a chart whose inputs are unchanged since an earlier run is
    copied from there instead of drawn again (the officer re-runs a quarter many times;
    the same input always gives the same image)."""
    return start_charts(jobs, out_dir, workers, cache_dir).result()


class PendingCharts:
    """Charts being drawn in a pool of processes while this process does other work
    (``start_charts``); ``result`` waits for them. Used once."""

    def __init__(self, jobs: Sequence[ChartJob], out_dir: Path,
                 done: dict[int, list[Path]], todo: list[int],
                 futures: dict[int, Future[list[str]]], pool: ProcessPoolExecutor | None,
                 cache: _ChartCache | None):
        self._jobs, self._out_dir, self._done, self._todo = jobs, out_dir, done, todo
        self._futures, self._pool, self._cache = futures, pool, cache

    def cancel(self) -> None:
        """Stop: the jobs not started are dropped; waits for those being drawn."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def result(self) -> list[Path]:
        """The files written, in job order (waits for the pool)."""
        try:
            for i, future in self._futures.items():
                self._done[i] = [Path(name) for name in future.result()]
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        if self._cache is not None:
            for i in self._todo:
                self._cache.store(self._jobs[i], self._done[i])
            self._cache.prune()
        return [path for i in range(len(self._jobs)) for path in self._done[i]]


def start_charts(jobs: Sequence[ChartJob], out_dir: Path | str,
                 workers: int | None = None, cache_dir: Path | str | None = None
                 ) -> PendingCharts:
    """``render_charts``, returning as soon as the jobs are handed to the pool, so this
    process can write documents meanwhile; call ``result()`` for the files. Few jobs
    (or ``workers=1``) are drawn here and now."""
    names = [job.file_name for job in jobs]
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise ValueError(f"two charts would be written to the same file: {', '.join(clashes)}. "
                         f"Give the jobs different file names.")
    for job in jobs:
        _check(job)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = _ChartCache(Path(cache_dir)) if cache_dir is not None else None
    done: dict[int, list[Path]] = {}
    if cache is not None:
        for i, job in enumerate(jobs):
            hit = cache.fetch(job, out_dir)
            if hit is not None:
                done[i] = hit
    todo = [i for i in range(len(jobs)) if i not in done]
    workers = available_processors() if workers is None else max(1, workers)
    if workers == 1 or len(todo) <= PARALLEL_ABOVE:
        for i in todo:
            done[i] = render_chart(jobs[i], out_dir)
        return PendingCharts(jobs, out_dir, done, todo, {}, None, cache)
    # the longest first, so no worker is left with a sheet of small multiples at the end
    order = sorted(todo, key=lambda i: -_COST.get(jobs[i].kind, 1))
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = {i: pool.submit(_render_in_worker, jobs[i], str(out_dir)) for i in order}
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return PendingCharts(jobs, out_dir, done, todo, futures, pool, cache)


class _ChartCache:
    """Charts already drawn, filed under a hash of their inputs and of the code that
    draws them (so a new version of this module never serves an old picture)."""

    def __init__(self, folder: Path):
        self.folder = folder

    @staticmethod
    def _key(job: ChartJob) -> str:
        digest = hashlib.sha256(_CODE_VERSION.encode())
        digest.update(pickle.dumps((job.kind, job.file_name, job.args,
                                    sorted(job.kwargs.items())), protocol=4))
        return digest.hexdigest()[:32]

    def fetch(self, job: ChartJob, out_dir: Path) -> list[Path] | None:
        entry = self.folder / self._key(job)
        listing = entry / "files.txt"
        if not listing.is_file():
            return None
        names = [n for n in listing.read_text(encoding="utf-8").splitlines() if n]
        if not all((entry / n).is_file() for n in names):
            return None
        copied = []
        for name in names:
            target = out_dir / name
            shutil.copyfile(entry / name, target)
            copied.append(target)
        os.utime(listing)  # recently used: kept by the pruning below
        return copied

    def store(self, job: ChartJob, paths: Sequence[Path]) -> None:
        entry = self.folder / self._key(job)
        try:
            entry.mkdir(parents=True, exist_ok=True)
            for path in paths:
                shutil.copyfile(path, entry / path.name)
            (entry / "files.txt").write_text("".join(f"{p.name}\n" for p in paths),
                                             encoding="utf-8")
        except OSError:  # a cache that cannot be written only costs time
            pass

    def prune(self, keep_days: int = 120) -> None:
        """Forget charts not used for ``keep_days`` days."""
        cutoff = time.time() - keep_days * 86400
        for entry in (self.folder.iterdir() if self.folder.is_dir() else ()):
            listing = entry / "files.txt"
            if listing.is_file() and listing.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)


# What the cache's keys depend on besides a chart's inputs: the code that draws it.
_CODE_VERSION = hashlib.sha256(
    b"".join(Path(m).read_bytes() for m in (__file__, Path(__file__).with_name("spc.py")))
    + matplotlib.__version__.encode()).hexdigest()
