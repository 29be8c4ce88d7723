"""A theme's (or a directorate's) indicators at a glance: one small year chart each,
in a grid at A4 text width, on as many sheets as they need."""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.figure import Figure

from reporter.indicators.charts.layout import Key, Sheet, keys
from reporter.indicators.charts.style import (
    GREY,
    POLARITY_SHORT,
    SOFT_INK,
    chart_style,
    indicator_title,
    wrap,
)
from reporter.indicators.charts.year import (
    Panel,
    draw_year,
    latest_year,
    year_lines,
    year_styles,
)
from reporter.periods import FinancialYear

ROWS_PER_PAGE = 6
ROW_HEIGHT = 3.6 / 2.54  # inches
HEADER, FOOTER = 0.5, 0.35  # inches


def small_multiples_figure(title: str, panels: Sequence[Panel], columns: int = 3,
                           financial_year: FinancialYear | None = None) -> Figure:
    """One sheet of small charts, one per indicator: this year against last year and the
    target, the latest value and the direction of good, in a grid ``columns`` wide.
    Keep to ``columns * ROWS_PER_PAGE`` panels a sheet (``small_multiples_figures``
    splits more). The financial year is the one of the latest month given unless
    named. A panel is (indicator, this year's months, last year's months, target)."""
    if columns < 1:
        raise ValueError(f"columns must be 1 or more, got {columns}")
    known = financial_year or latest_year(panels)
    year = known or FinancialYear(2000)  # no months at all: any year shows empty panels
    previous = year.previous()
    labels = (year.label, previous.label) if known else ("This year", "Last year")
    rows = max(1, math.ceil(len(panels) / columns))
    with chart_style():
        sheet = Sheet(HEADER + rows * ROW_HEIGHT + FOOTER)
        sheet.title(title)
        cell = (sheet.width - 0.2) / columns
        for n, panel in enumerate(panels):
            indicator, target = panel[0], panel[3]
            row, column = divmod(n, columns)
            left, top = 0.1 + column * cell, HEADER + row * ROW_HEIGHT
            sheet.text(left + 0.05, top + 0.02,
                       "\n".join(wrap(indicator_title(indicator), cell - 0.75, 7, True, 2)),
                       ha="left", va="top", fontsize=7, fontweight="bold", linespacing=1.1,
                       gid="panel_title")
            sheet.text(left + cell - 0.13, top + 0.02, POLARITY_SHORT.get(indicator.polarity, ""),
                       ha="right", va="top", fontsize=6.5, color=SOFT_INK, gid="polarity")
            ax = sheet.axes(left + 0.42, top + 0.42, cell - 0.55, ROW_HEIGHT - 0.62)
            draw_year(ax, year_lines(panel, year, labels), compact=True)
            if target is None:
                ax.text(1.0, 1.03, "no target", transform=ax.transAxes, ha="right",
                        va="bottom", fontsize=6.5, color=GREY, gid="target_note")
        this_style, last_style, target_style = year_styles(compact=False)
        keys(sheet, [Key(labels[0], this_style), Key(labels[1], last_style),
                     Key("Target", target_style)], up=0.15)
    return sheet.fig


def small_multiples_figures(title: str, panels: Sequence[Panel], columns: int = 3,
                            financial_year: FinancialYear | None = None,
                            per_page: int | None = None) -> list[Figure]:
    """Small multiples on as many sheets as needed (``columns * ROWS_PER_PAGE`` panels
    a sheet unless ``per_page``), titled "... (page 1 of 2)" when there are several."""
    per_page = per_page or columns * ROWS_PER_PAGE
    chunks = [panels[i:i + per_page] for i in range(0, len(panels), per_page)] or [panels]
    year = financial_year or latest_year(panels)
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
