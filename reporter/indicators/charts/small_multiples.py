"""A theme's (or a directorate's) indicators at a glance: one small year chart each,
in a grid at A4 text width, on as many sheets as they need."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure

from reporter.config.plan import Indicator
from reporter.indicators.charts.layout import Key, Sheet, keys, title_depth
from reporter.indicators.charts.style import (
    GREY,
    POLARITY_SHORT,
    SOFT_INK,
    WIDTH,
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
ROW_HEIGHT = 3.3 / 2.54  # inches
HEADER, FOOTER = 0.5, 0.35  # inches
PANEL_LINE = 0.12  # inches a line of a 7-point panel title takes
SECTION_HEAD = 0.3  # inches a section's heading takes, and each line more of it
SECTION_LINE = 0.16


def small_multiples_figure(title: str, panels: Sequence[Panel], columns: int = 3,
                           financial_year: FinancialYear | None = None,
                           sections: Sequence[tuple[str, int]] = ()) -> Figure:
    """One sheet of small charts, one per indicator: this year against last year and the
    target, the latest value and the direction of good, in a grid ``columns`` wide.
    Keep to ``columns * ROWS_PER_PAGE`` panels a sheet (``small_multiples_figures``
    splits more). The financial year is the one of the latest month given unless
    named. A panel is (indicator, this year's months, last year's months, target).

    ``sections`` (heading, how many panels), in order, put several themes on one sheet:
    each starts a new row under its heading (the sheet's title is then left to its
    caption), and the key is drawn once, at the foot."""
    if columns < 1:
        raise ValueError(f"columns must be 1 or more, got {columns}")
    if sum(n for _, n in sections) not in (0, len(panels)):
        raise ValueError("sections must account for every panel")
    known = financial_year or latest_year(panels)
    year = known or FinancialYear(2000)  # no months at all: any year shows empty panels
    previous = year.previous()
    labels = (year.label, previous.label) if known else ("This year", "Last year")
    down, cell, titles, headings, places = _layout(title, [p[0] for p in panels], columns,
                                                   sections)
    with chart_style():
        sheet = Sheet(down)
        if not sections:
            sheet.title(title)
        for top, heading in headings:
            sheet.text(0.12, top + 0.06, "\n".join(heading), ha="left", va="top",
                       fontsize=8.5, fontweight="bold", linespacing=1.15, gid="section")
        for n, (panel, (left, top, extra)) in enumerate(zip(panels, places)):
            indicator, target = panel[0], panel[3]
            sheet.text(left + 0.05, top + 0.02, "\n".join(titles[n]),
                       ha="left", va="top", fontsize=7, fontweight="bold", linespacing=1.1,
                       gid="panel_title")
            ax = sheet.axes(left + 0.42, top + 0.42 + extra, cell - 0.55, ROW_HEIGHT - 0.62)
            draw_year(ax, year_lines(panel, year, labels), compact=True)
            # the direction of good above the plot's right end (the title has the width)
            ax.text(1.0, 1.03, POLARITY_SHORT.get(indicator.polarity, ""),
                    transform=ax.transAxes, ha="right", va="bottom", fontsize=6.5,
                    color=SOFT_INK, gid="polarity")
            if target is None:
                ax.text(1.0, 1.15, "no target", transform=ax.transAxes, ha="right",
                        va="bottom", fontsize=6.5, color=GREY, gid="target_note")
        this_style, last_style, target_style = year_styles(compact=False)
        keys(sheet, [Key(labels[0], this_style), Key(labels[1], last_style),
                     Key("Target", target_style)], up=0.15)
    return sheet.fig


def _layout(title: str, indicators: Sequence[Indicator], columns: int,
            sections: Sequence[tuple[str, int]]
            ) -> tuple[float, float, list[list[str]], list[tuple[float, list[str]]],
                       list[tuple[float, float, float]]]:
    """(the sheet's depth, a cell's width, each panel's title lines, (top, heading) of each
    section, (left, top, extra depth of its row) of each panel), inches. A row is as deep
    as its longest panel title needs: titles are wrapped, never cut."""
    cell = (WIDTH - 0.2) / columns
    titles = [wrap(indicator_title(i), cell - 0.25, 7, True) for i in indicators]
    # a sheet of sections has their headings; its title is the caption's (and alt text's)
    down = 0.1 if sections else max(HEADER, title_depth(title) + 0.1)
    headings: list[tuple[float, list[str]]] = []
    places: list[tuple[float, float, float]] = []
    first = 0
    for heading, count in sections or [("", len(indicators))]:
        if heading:
            lines = wrap(heading, WIDTH - 0.3, 8.5, True)
            headings.append((down, lines))
            down += SECTION_HEAD + (len(lines) - 1) * SECTION_LINE
        for row_start in range(first, first + count, columns):
            row = range(row_start, min(row_start + columns, first + count))
            extra = max([0, *(len(titles[n]) - 2 for n in row)]) * PANEL_LINE
            places += [(0.1 + (n - row_start) * cell, down, extra) for n in row]
            down += ROW_HEIGHT + extra
        first += count
    if not indicators:
        down += ROW_HEIGHT
    return down + FOOTER, cell, titles, headings, places


def sections_depth(title: str, sections: Sequence[tuple[str, Sequence[Indicator]]],
                   columns: int = 3) -> float:
    """How deep (inches) a sheet of these headed groups of indicators would be: for
    putting as many groups on a page as fit."""
    indicators = [i for _, group in sections for i in group]
    return _layout(title, indicators, columns, [(h, len(g)) for h, g in sections])[0]


def small_multiples_figures(title: str, panels: Sequence[Panel], columns: int = 3,
                            financial_year: FinancialYear | None = None,
                            per_page: int | None = None,
                            sections: Sequence[tuple[str, int]] = ()) -> list[Figure]:
    """Small multiples on as many sheets as needed (``columns * ROWS_PER_PAGE`` panels
    a sheet unless ``per_page``), titled "... (page 1 of 2)" when there are several.
    With ``sections`` (see ``small_multiples_figure``) the panels make one sheet."""
    if sections:
        return [small_multiples_figure(title, panels, columns, financial_year, sections)]
    per_page = per_page or columns * ROWS_PER_PAGE
    chunks = [panels[i:i + per_page] for i in range(0, len(panels), per_page)] or [panels]
    year = financial_year or latest_year(panels)
    return [small_multiples_figure(
        title if len(chunks) == 1 else f"{title} (page {n} of {len(chunks)})", chunk, columns,
        year) for n, chunk in enumerate(chunks, 1)]


def small_multiples_alt_text(title: str, panels: Sequence[Panel], columns: int = 3,
                             financial_year: FinancialYear | None = None,
                             per_page: int | None = None,
                             sections: Sequence[tuple[str, int]] = ()) -> str:
    """Alternative text for the small multiples sheets (naming each section's refs)."""
    parts, first = [], 0
    for heading, count in sections or [("", len(panels))]:
        refs = ", ".join(p[0].ref for p in panels[first:first + count])
        parts.append(f"{heading}: {refs}" if heading else refs)
        first += count
    return (f"{title}: {len(panels)} small line charts, one per indicator "
            f"({'; '.join(parts)}), each showing this year's months against "
            f"last year's and the target.")
