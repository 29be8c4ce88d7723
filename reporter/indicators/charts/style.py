"""One style for every chart: the size, the palette, how statuses and SPC points are
drawn, the matplotlib settings, and the words charts share (units, values, titles).

DejaVu Sans (shipped inside matplotlib, so every machine draws the same glyphs),
6.5-10 pt, 16 cm wide to sit at natural size in the text width of an A4 page. Colours
are Okabe-Ito (colour-blind safe) and never the only signal: statuses are hatched and
lettered too, lines differ in style, special-cause points in marker shape, and the
direction of good is written out.
"""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display: the Agg canvas draws the pixels

from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import text_to_path  # noqa: E402

from reporter.cells import MONTH_NAMES  # noqa: E402
from reporter.config.plan import Indicator  # noqa: E402
from reporter.indicators import spc  # noqa: E402
from reporter.indicators.figures import format_figure  # noqa: E402
from reporter.status import Status  # noqa: E402

DPI = 200
WIDTH = 6.3  # inches: 16 cm, the text width of A4 with 2.5 cm margins (1,260 pixels)

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


NOT_REPORTED_STYLE = StatusStyle("Not reported", "N", LIGHT_GREY, "--")


def status_style(status: Status | None) -> StatusStyle:
    """A category drawn as the settings say: its chart colour (the plan's four use the
    colour-blind-safe palette), its pattern and its letter."""
    if status is None:
        return NOT_REPORTED_STYLE
    return StatusStyle(status.label, status.letter,
                       "#" + (status.chart_colour or status.colour), status.pattern)


# The plan's own four, in stacking order: Complete at the bottom, then Green, Amber, Red;
# "not reported" on top.
STATUS_STYLES: dict[Status | None, StatusStyle] = {
    s: status_style(s) for s in (Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED, None)}

# SPC points by effect: colour (Making Data Count's grey, blue, orange, purple) AND shape.
SPC_MARKERS: dict[str, tuple[str, str, str]] = {  # effect -> (colour, marker, legend words)
    "common": (GREY, "o", "Common cause"),
    spc.IMPROVEMENT: (BLUE, "s", "Special cause \u2013 improvement"),
    spc.CONCERN: (ORANGE, "D", "Special cause \u2013 concern"),
    spc.NEITHER: (REDDISH_PURPLE, "p", "Special cause \u2013 neither"),
}

STYLE: dict[Any, Any] = {  # matplotlib's rcParams
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": INK,
    "text.hinting": "none",  # no visible gain at 200 dpi, and less drawing time
    # Text comes from registers and returns: "$" is a pound or dollar sign, never the
    # start of mathematics ("$\\frac{unit}$" once killed a chart process).
    "text.parse_math": False,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,  # grid lines are drawn with the tick labels (layout.y_axis)
    "hatch.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.dpi": DPI,
    "path.simplify": False,
}

MONTHS = tuple(name[:3] for name in MONTH_NAMES)


def year_months(first_month: int) -> tuple[str, ...]:
    """The financial year's months, abbreviated, its first month first (Apr .. Mar)."""
    return MONTHS[first_month - 1:] + MONTHS[:first_month - 1]


UNIT_WORDS = {"%": "Per cent", "days": "Days", "\u00a3": "Pounds (\u00a3)",
              "number": "Number", "score": "Score"}
POLARITY_WORDS = {"higher": "\u2191 Higher is better", "lower": "\u2193 Lower is better"}
POLARITY_SHORT = {"higher": "\u2191 better", "lower": "\u2193 better"}
WHITE_BOX = {"boxstyle": "round,pad=0.13", "facecolor": "white", "edgecolor": "none",
             "alpha": 0.85}

_STYLE_LOCK = threading.RLock()  # rc_context swaps global rcParams: one thread at a time
_style_is_global = False  # True in a drawing process of ours: STYLE is set once for all


def use_style_for_this_process() -> None:
    """Set STYLE once, for a process that draws nothing but these charts (a pool's
    worker): then ``chart_style`` has nothing left to do per chart."""
    global _style_is_global
    if not _style_is_global:
        matplotlib.rcParams.update(STYLE)
        _style_is_global = True


@contextmanager
def chart_style() -> Iterator[None]:
    """The charts' style for what is made and drawn inside. In the caller's process it
    is set and undone each time, so a program using matplotlib keeps its own settings."""
    with _STYLE_LOCK:
        if _style_is_global:
            yield
            return
        with matplotlib.rc_context(STYLE):
            yield


# --------------------------------------------------------------------------- words

def unit_of(indicator: Indicator) -> str:
    """The unit written after a value: %, days and pounds; a number or a score has none."""
    return spc.unit_words(indicator.unit)


def value_text(value: float, indicator: Indicator) -> str:
    """A label's figure: the register's decimals; the axis title gives a unit in words."""
    return format_figure(value, indicator, unit_words=False)


def indicator_title(indicator: Indicator) -> str:
    return f"{indicator.ref} \u2013 {indicator.description}".strip(" \u2013")


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of ``text`` that fit ``width`` inches at ``size`` points: every word kept
    (a title cut short with an ellipsis hides what the chart is of); callers make room."""
    advance = size * (0.62 if bold else 0.55) / 72  # DejaVu Sans' average, in inches
    return textwrap.wrap(" ".join(str(text).split()), max(8, int(width / advance))) or [""]


@lru_cache(maxsize=1024)
def text_width(text: str, size: float) -> float:
    """The width of one line of DejaVu Sans in inches, measured from the font."""
    font = FontProperties(family=STYLE["font.family"], size=size)
    return text_to_path.get_text_width_height_descent(text, font, ismath=False)[0] / 72


def round_percent(share: float) -> int:
    """A share as a whole percentage, halves rounded up, as the analysis words 11/17 (65%)."""
    return int(Fraction(share).limit_denominator(10_000) * 100 + Fraction(1, 2))
