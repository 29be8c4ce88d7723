"""Laying out a chart: a figure in inches, the heading, axes by position, tick labels
and grid lines, the legend, and labels spread not to overlap.

Tick labels, grid lines and legends are plain texts and lines (matplotlib's public
``Text``, ``LineCollection``, ``Line2D`` and ``Rectangle``), not its Tick and Legend
machinery: each tick is several artists, and a legend lays itself out in offset boxes,
which together took longer than the rest of a chart. Artists that carry data have a
``gid`` for tests to find them by.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, NullLocator
from matplotlib.transforms import ScaledTranslation, Transform

from reporter.indicators.charts.style import DPI, GRID, INK, SOFT_INK, WIDTH, text_width, wrap


class Sheet:
    """A figure laid out in inches: ``x`` from the left edge, ``down`` from the top."""

    def __init__(self, height: float, width: float = WIDTH):
        self.width, self.height = width, height
        self.fig = Figure(figsize=(width, height), dpi=DPI)

    def text(self, x: float, down: float, text: str, **style: Any) -> Text:
        return self.fig.text(x / self.width, 1 - down / self.height, text, **style)

    def axes(self, left: float, top: float, width: float, height: float) -> Axes:
        """Axes by position in inches (no layout engine: fast, and the same every time)."""
        return self.fig.add_axes((left / self.width, 1 - (top + height) / self.height,
                                  width / self.width, height / self.height))

    def title(self, title: str) -> float:
        """A bold title at the top left, wrapped whole; the depth used, inches (see
        ``title_depth``, which sizes a figure before it is made)."""
        lines = title_lines(title, self.width)
        self.text(0.12, 0.1, "\n".join(lines), ha="left", va="top", fontsize=10,
                  fontweight="bold", linespacing=1.15, gid="title")
        return 0.1 + len(lines) * TITLE_LINE + 0.05

    def heading(self, title: str, left_note: str = "", right_note: str = "",
                right_colour: str = INK) -> float:
        """A bold title (wrapped whole) and a line of notes; the depth used, inches."""
        down = self.title(title)
        if left_note:
            self.text(0.12, down, left_note, ha="left", va="top", fontsize=8.5, gid="polarity")
        if right_note:
            self.text(self.width - 0.15, down, right_note, ha="right", va="top", fontsize=8.5,
                      color=right_colour, gid="target_note")
        return down + (0.3 if left_note or right_note else 0.1)


TITLE_LINE = 0.185  # inches a line of a 10-point bold title takes


def title_lines(title: str, width: float = WIDTH) -> list[str]:
    return wrap(title, width - 0.3, 10, bold=True)


def title_depth(title: str, width: float = WIDTH) -> float:
    """The depth ``Sheet.title`` takes for ``title``, inches."""
    return 0.1 + len(title_lines(title, width)) * TITLE_LINE + 0.05


def heading_depth(title: str) -> float:
    """The depth ``Sheet.heading`` takes for ``title`` with a line of notes, inches."""
    return title_depth(title) + 0.3


def y_range(values: Sequence[float], unit: str) -> tuple[float, float]:
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


def tick_labels(ticks: Sequence[float]) -> list[str]:
    """Plain numbers with as few decimals as show every tick exactly (never 87.55 as 87.6)."""
    scale = max((abs(t) for t in ticks), default=1.0) or 1.0
    places = next((d for d in range(7)
                   if all(abs(round(t, d) - t) <= 1e-9 * scale for t in ticks)), 6)
    labels = [f"{tick:,.{places}f}" for tick in ticks]
    return ["0" if label.lstrip("-").strip("0.,") == "" else label for label in labels]


@dataclass(frozen=True)
class YTicks:
    """How a y axis is marked: about ``nbins`` steps unless ``ticks`` (and their
    ``labels``) are given, labels ``size`` points."""

    nbins: int = 5
    size: float = 8
    ticks: Sequence[float] | None = None
    labels: Sequence[str] | None = None


def y_axis(ax: Axes, bottom: float, top: float, marks: YTicks = YTicks()) -> None:
    """Y limits, grid lines and their labels (plain numbers: no offset, no 1e3)."""
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_locator(NullLocator())
    ax.yaxis.set_minor_locator(NullLocator())
    ticks = marks.ticks
    if ticks is None:
        slack = 1e-9 * abs(top - bottom)
        ticks = [float(t) for t in MaxNLocator(nbins=marks.nbins, steps=[1, 2, 5, 10])
                 .tick_values(bottom, top) if bottom - slack <= t <= top + slack]
    labels = list(marks.labels) if marks.labels is not None else tick_labels(ticks)
    along = ax.get_yaxis_transform()  # x in axes fractions, y in data
    ax.add_collection(LineCollection([[(0, t), (1, t)] for t in ticks], colors=GRID,
                                     linewidths=0.6, transform=along, zorder=0.5), autolim=False)
    beside = along + _points(ax, -4, 0)
    for tick, label in zip(ticks, labels):
        _label(ax, (0, tick), label, beside, ha="right", va="center", fontsize=marks.size,
               color=SOFT_INK, gid="ytick")


def _points(ax: Axes, x: float, y: float) -> Transform:
    """A shift of ``x``, ``y`` points on ``ax``'s figure."""
    return ScaledTranslation(x / 72, y / 72, ax.figure.dpi_scale_trans)


def x_axis(ax: Axes, positions: Sequence[float], labels: Sequence[str], size: float = 8) -> None:
    """Labels under the x axis at data positions."""
    ax.xaxis.set_major_locator(NullLocator())
    ax.xaxis.set_minor_locator(NullLocator())
    under = ax.get_xaxis_transform() + _points(ax, 0, -4)
    for position, label in zip(positions, labels):
        _label(ax, (position, 0), label, under, ha="center", va="top", fontsize=size,
               color=SOFT_INK, gid="xtick")


def _label(ax: Axes, at: tuple[float, float], text: str, transform: Any, **style: Any) -> Text:
    """A tick label beside ``ax``, placed by ``transform``. Added to the figure, not with
    ``ax.text``, which gives every text the axes' clip path (unused: texts are not
    clipped) at a cost that adds up over the hundreds of labels a sheet has."""
    label = Text(*at, text, transform=transform, **style)
    ax.figure.add_artist(label)
    return label


def y_title(sheet: Sheet, ax: Axes, text: str) -> None:
    """The y axis' title, turned up the left edge beside ``ax``."""
    box = ax.get_position()
    sheet.fig.text(0.1 / sheet.width, (box.y0 + box.y1) / 2, text, rotation=90, ha="left",
                   va="center", fontsize=8.5, gid="ytitle")


@dataclass(frozen=True)
class Key:
    """A legend entry: a line sample (Line2D style; a marker is drawn mid-line) or a
    swatch (Rectangle style), and its words."""

    label: str
    line: Mapping[str, Any] | None = None
    patch: Mapping[str, Any] | None = None


def keys(sheet: Sheet, entries: Sequence[Key], up: float, left: float | None = None) -> None:
    """A one-row legend ``up`` inches above the bottom, centred unless ``left`` is given."""
    sample, gap, spacing, size = 0.3, 0.07, 0.24, 8  # inches, points
    widths = [sample + gap + text_width(k.label, size) for k in entries]
    x = left if left is not None else (
        sheet.width - sum(widths) - spacing * (len(entries) - 1)) / 2
    inches = sheet.fig.dpi_scale_trans
    for key, width in zip(entries, widths):
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


def spread(positions: Sequence[float], gap: float, low: float, high: float) -> list[float]:
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
