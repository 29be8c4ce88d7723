"""Which column is which in a return's sheet: the header row, found by its titles.

Directorates reorder columns, retitle them a little ("Key Date", "Oct-09") and add
their own; the header row is the one in the first rows naming most of the layout's
titles, and each title is matched without case, punctuation or spacing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reporter.cells import cell_text, column_letter, month_title, parse_month
from reporter.findings import Finding, Severity
from reporter.indicators.table_periods import Period, parse_period
from reporter.returns import layout

SHEET_TITLES: dict[str, tuple[str, ...]] = {  # the titles each sheet of the layout knows
    layout.ACTIONS_SHEET: layout.ACTION_COLUMNS,
    layout.KPIS_SHEET: (layout.PI_REF, layout.DESCRIPTION, layout.UNIT, layout.FREQUENCY,
                        layout.POLARITY, layout.TARGET, layout.LAST_QUARTER,
                        layout.SAME_PERIOD_LAST_YEAR, layout.KPI_STATUS, layout.COMMENT),
    layout.RECOMMENDATIONS_SHEET: layout.RECOMMENDATION_COLUMNS,
}
KEY_TITLE = {layout.ACTIONS_SHEET: layout.REF, layout.KPIS_SHEET: layout.PI_REF,
             layout.RECOMMENDATIONS_SHEET: layout.REC_REF}
REQUIRED = {layout.ACTIONS_SHEET: layout.REQUIRED_ACTION_COLUMNS,
            layout.KPIS_SHEET: layout.REQUIRED_KPI_COLUMNS,
            layout.RECOMMENDATIONS_SHEET: (layout.REC_REF, layout.REC_STATUS)}


@dataclass(frozen=True)
class Header:
    index: int  # 0-based row of the header
    titles: tuple[str, ...]  # one per column: the layout's title, or the file's own


@functools.lru_cache(maxsize=4096)  # the same few titles, looked up for every row
def title_key(text: str) -> str:
    """A column title or sheet name for matching: case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", text.casefold()).split())


def period_column(value: object) -> str | None:
    """A figure column's title as the layout writes it ("Oct 2009", "Q3 2009/10", "Year
    2009/10", "Oct 2008 (last year)"), from "October 2009", "Oct-09", "q3 2009-10", a
    date in the cell and the like; else None."""
    if isinstance(value, date):
        return month_title(value.year, value.month)
    return _period_of_text(cell_text(value))


@functools.lru_cache(maxsize=1024)  # the same titles, in every return
def _period_of_text(text: str) -> str | None:
    text = " ".join(text.split())
    suffix = ""
    if text.lower().endswith(_LAST_YEAR):
        text, suffix = text[:-len(_LAST_YEAR)].rstrip(), layout.LAST_YEAR_SUFFIX
    year_word = text[:len(layout.YEAR_PREFIX)].lower() == layout.YEAR_PREFIX.lower()
    if year_word:
        text = text[len(layout.YEAR_PREFIX):]
    period = parse_period(text)
    # a month's title is the month alone: an ISO or UK date is a cell's value, not a title
    if period is None or (period.kind == "month" and parse_month(text) is None) \
            or (year_word and period.kind != "year") or (suffix and period.kind != "month"):
        return None
    return layout.period_title(period) + suffix


@functools.lru_cache(maxsize=1024)
def title_period(title: str) -> Period | None:
    """The period of a figure column titled as ``period_column`` gives ("Q3 2009/10");
    None for other titles, last year's reference columns among them."""
    if title.endswith(layout.LAST_YEAR_SUFFIX) or period_column(title) != title:
        return None
    return parse_period(title.removeprefix(layout.YEAR_PREFIX))


_LAST_YEAR = layout.LAST_YEAR_SUFFIX.strip()  # "(last year)"


def find_header(sheet: str, rows: Iterable[list[object]]) -> Header | None:
    """The header row among the first rows: the one naming the sheet's key column and
    most other known titles (figure columns' titles count on the KPIs sheet)."""
    known = {title_key(t) for t in SHEET_TITLES[sheet]}
    key = title_key(KEY_TITLE[sheet])
    best: tuple[int, int, list[object]] | None = None
    for index, row in enumerate(rows):
        if index >= layout.HEADER_SEARCH_ROWS:
            break
        # title_key reads text as cell_text would; other values are shown first
        keys = [title_key(v) if isinstance(v, str) else title_key(cell_text(v)) for v in row]
        if key not in keys:
            continue
        score = len(known.intersection(keys)) + sum(1 for v in row if period_column(v))
        if score >= 2 and (best is None or score > best[0]):
            best = (score, index, row)
    if best is None:
        return None
    return Header(best[1], _titles(sheet, best[2]))


def _titles(sheet: str, row: list[object]) -> tuple[str, ...]:
    by_key = {title_key(t): t for t in SHEET_TITLES[sheet]}
    titles: list[str] = []
    for value in row:
        period = period_column(value) if sheet == layout.KPIS_SHEET else None
        if period is not None:
            titles.append(period)
            continue
        text = cell_text(value)
        titles.append(by_key.get(title_key(text), text))
    return tuple(titles)


def column_findings(sheet: str, actual: str, header: Header, file: str) -> list[Finding]:
    """Known columns that appear twice, and required ones that are missing."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for col, title in enumerate(header.titles):
        if title and title in seen and title in SHEET_TITLES[sheet]:
            findings.append(Finding(
                Severity.WARNING, "column-duplicate",
                f"the column '{title}' appears twice; the first one was read.",
                "Delete the second copy of the column.", file=file, sheet=actual,
                cell=f"{column_letter(col + 1)}{header.index + 1}"))
        seen.add(title)
    for title in REQUIRED[sheet]:
        if title in seen:
            continue
        locked = title in layout.LOCKED_ACTION_COLUMNS and title != layout.REF
        findings.append(Finding(
            Severity.WARNING if locked else Severity.ERROR, "column-missing",
            f"the column '{title}' is missing from the header row.",
            f"Put the column '{title}' back as it was in the return sent to you.",
            file=file, sheet=actual, cell=f"A{header.index + 1}"))
    return findings
