"""One indicator's financial year (April to March, or as the year starts): this year's
months against last year's and
the target (``indicator_figure``), and the same drawn small for a panel of small
multiples (``draw_year``)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reporter.cells import MONTH_NAMES
from reporter.config.plan import Indicator
from reporter.indicators.charts.layout import (
    Key,
    Sheet,
    YTicks,
    keys,
    x_axis,
    y_axis,
    y_range,
    y_title,
)
from reporter.indicators.charts.style import (
    GREY,
    LAST_YEAR_COLOUR,
    POLARITY_WORDS,
    TARGET_COLOUR,
    TARGET_STYLE,
    THIS_YEAR_COLOUR,
    UNIT_WORDS,
    WHITE_BOX,
    chart_style,
    indicator_title,
    value_text,
    year_months,
)
from reporter.periods import DEFAULT_FIRST_MONTH, FinancialYear
from reporter.snapshot import IndicatorMonth

# A panel of small multiples: (indicator, this year's months, last year's, target or None)
Panel = tuple[Indicator, Sequence[IndicatorMonth], Sequence[IndicatorMonth], "float | None"]


# --------------------------------------------------------------------------- series

def financial_year_of(year: int, month: int,
                      first_month: int = DEFAULT_FIRST_MONTH) -> FinancialYear:
    return FinancialYear(year if month >= first_month else year - 1, first_month)


def year_values(series: Iterable[IndicatorMonth], year: FinancialYear) -> list[float]:
    """The 12 values of a financial year, its first month first, NaN for a month not
    given. Months of other years are left out; a month given twice keeps the later one."""
    values = [math.nan] * 12
    for point in series:
        if financial_year_of(point.year, point.month, year.first_month) == year:
            value = point.value
            values[(point.month - year.first_month) % 12] = (
                float(value) if value is not None and math.isfinite(value) else math.nan)
    return values


def latest_year(panels: Iterable[Panel],
                first_month: int = DEFAULT_FIRST_MONTH) -> FinancialYear | None:
    """The financial year (starting in ``first_month``) of the latest month in the panels'
    this-year series, or the year after their last-year series; None when there are no
    months at all."""
    panels = list(panels)
    months = [(p.year, p.month) for panel in panels for p in panel[1]]
    if months:
        return financial_year_of(*max(months), first_month)
    months = [(p.year, p.month) for panel in panels for p in panel[2]]
    return financial_year_of(*max(months), first_month).next() if months else None


def finite(values: Iterable[float | None]) -> list[float]:
    return [v for v in values if v is not None and math.isfinite(v)]


def latest_index(values: Sequence[float]) -> int | None:
    """The position of the last value that is not NaN."""
    return next((i for i in range(len(values) - 1, -1, -1) if not math.isnan(values[i])), None)


# --------------------------------------------------------------------------- drawing

QUARTER_STARTS = (0, 3, 6, 9)  # the quarters' first months: what a small panel names
HEIGHT = 6.8 / 2.54  # inches: three to an A4 page with their captions

@dataclass(frozen=True)
class YearLines:
    """What a year chart draws: the indicator, its twelve months this year and last
    (NaN where missing), the target, and the two years' labels."""

    indicator: Indicator
    this_year: Sequence[float]
    last_year: Sequence[float]
    target: float | None
    labels: tuple[str, str]  # this year's, last year's
    first_month: int = DEFAULT_FIRST_MONTH  # the financial year's: the x axis starts there


def year_styles(compact: bool) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Styles of this year's line, last year's and the target's: not colour alone."""
    this_year = {"linestyle": "-", "color": THIS_YEAR_COLOUR, "marker": "o",
                 "linewidth": 1.4 if compact else 2.0, "markersize": 3.2 if compact else 5}
    last_year = {"linestyle": "--", "color": LAST_YEAR_COLOUR, "marker": "o",
                 "markerfacecolor": "white", "linewidth": 1.1 if compact else 1.4,
                 "markersize": 2.5 if compact else 3.5}
    target = {"linestyle": TARGET_STYLE, "color": TARGET_COLOUR,
              "linewidth": 1.2 if compact else 1.5}
    return this_year, last_year, target


def draw_year(ax: Axes, lines: YearLines, compact: bool) -> None:
    """This year's months against last year's, the target and the latest value."""
    indicator, this_values, target = lines.indicator, lines.this_year, lines.target
    x = list(range(12))
    this_style, last_style, target_style = year_styles(compact)
    ax.plot(x, lines.last_year, label=lines.labels[1], gid="last_year", clip_on=False,
            zorder=2, **last_style)
    ax.plot(x, this_values, label=lines.labels[0], gid="this_year", clip_on=False, zorder=4,
            **this_style)
    if target is not None:
        ax.axhline(target, label=f"Target {value_text(target, indicator)}", gid="target",
                   zorder=3, **target_style)
    bottom, top = y_range(finite([*this_values, *lines.last_year, target]), indicator.unit)
    size = 6.5 if compact else 8
    y_axis(ax, bottom, top, YTicks(nbins=3 if compact else 5, size=size))
    ax.set_xlim(-0.5, 11.5)
    # a small panel names the quarters' first months: "J" for both June and July told
    # nothing, and a sheet of twelve letters a panel was a third of its drawing time
    shown = QUARTER_STARTS if compact else x
    months = year_months(lines.first_month)
    x_axis(ax, shown, [months[i] for i in shown], size=size)

    latest = latest_index(this_values)
    if latest is None:
        ax.text(0.5, 0.5, f"No figures yet for {lines.labels[0]}", transform=ax.transAxes,
                ha="center", va="center", fontsize=7 if compact else 9, color=GREY,
                gid="no_data")
    elif compact:  # no room beside the line in a small panel: the latest goes above it
        ax.text(0.0, 1.03, f"{months[latest]}: {value_text(this_values[latest], indicator)}",
                transform=ax.transAxes, ha="left", va="bottom", fontsize=7, fontweight="bold",
                color=THIS_YEAR_COLOUR, gid="latest")
    else:
        y = this_values[latest]
        high = y - bottom > 0.62 * (top - bottom)  # near the top: label it below the point
        ha = "right" if latest >= 10 else "left" if latest == 0 else "center"
        ax.annotate(value_text(y, indicator), xy=(latest, y), textcoords="offset points",
                    xytext=({"right": -4, "left": 4, "center": 0}[ha], -9 if high else 8),
                    ha=ha, va="top" if high else "bottom", fontsize=8.5, fontweight="bold",
                    color=THIS_YEAR_COLOUR, gid="latest", zorder=6, bbox=WHITE_BOX)


def year_lines(panel: Panel, year: FinancialYear, labels: tuple[str, str]) -> YearLines:
    """A panel's months as the twelve values of ``year`` and of the year before."""
    indicator, this_year, last_year, target = panel
    return YearLines(indicator, year_values(this_year, year),
                     year_values(last_year, year.previous()), target, labels, year.first_month)


def indicator_figure(indicator: Indicator, this_year: Sequence[IndicatorMonth],
                     last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                     target: float | None) -> Figure:
    """One indicator's financial year, 16 x 6.8 cm: this year's months (solid,
    blue) against last year's (dashed, grey), the target (dash-dot), the direction of
    good in words and the latest value labelled. Gaps stay gaps; months outside the
    two financial years are left out."""
    previous = financial_year.previous()
    note = (f"Target {financial_year.label}: {value_text(target, indicator)}"
            if target is not None else f"No target set for {financial_year.label}")
    lines = year_lines((indicator, this_year, last_year, target), financial_year,
                       (financial_year.label, previous.label))
    with chart_style():
        sheet = Sheet(HEIGHT)
        top = sheet.heading(indicator_title(indicator),
                            POLARITY_WORDS.get(indicator.polarity, "Direction of good not set"),
                            note, TARGET_COLOUR if target is not None else GREY)
        ax = sheet.axes(0.7, top, sheet.width - 0.9, sheet.height - top - 0.62)
        draw_year(ax, lines, compact=False)
        y_title(sheet, ax, UNIT_WORDS.get(indicator.unit, indicator.unit))
        this_style, last_style, target_style = year_styles(compact=False)
        entries = [Key(financial_year.label, this_style), Key(previous.label, last_style)]
        if target is not None:
            entries.append(Key(f"Target {value_text(target, indicator)}", target_style))
        keys(sheet, entries, up=0.17)
    return sheet.fig


def indicator_alt_text(indicator: Indicator, this_year: Sequence[IndicatorMonth],
                       last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                       target: float | None) -> str:
    """Alternative text for ``indicator_figure``: what it shows and the latest value."""
    previous = financial_year.previous()
    this_values = year_values(this_year, financial_year)
    last_values = year_values(last_year, previous)
    first = financial_year.first_month
    parts = [f"Line chart of {indicator_title(indicator)}, {MONTH_NAMES[first - 1]} to "
             f"{MONTH_NAMES[first - 2]} "
             f"{financial_year.label} against {previous.label}."]
    latest = latest_index(this_values)
    if latest is None:
        parts.append(f"No figures yet for {financial_year.label}.")
    else:
        month = MONTH_NAMES[(latest + first - 1) % 12]
        text = f"Latest: {value_text(this_values[latest], indicator)} in {month}"
        if not math.isnan(last_values[latest]):
            text += f" ({value_text(last_values[latest], indicator)} a year before)"
        parts.append(text + ".")
    parts.append(f"Target {value_text(target, indicator)}." if target is not None
                 else "No target set.")
    parts.append({"higher": "Higher is better.", "lower": "Lower is better."}
                 .get(indicator.polarity, ""))
    return " ".join(p for p in parts if p)
