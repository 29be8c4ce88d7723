"""A return's sheet as rows of cells keyed by column title: the tables ``validate`` checks.

Each value is read once, here, through ``cells``: text tidied, figures in the figure
and target columns read as numbers (text that is no figure is kept as typed, for the check
to quote), and a date typed into a number cell (an Excel serial) read as the date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice

from reporter.cells import cell_text, column_letter, date_from_serial, parse_number, tidy_text
from reporter.config.plan import ACTION_REF
from reporter.findings import Finding, Severity
from reporter.returns import layout
from reporter.returns.columns import (
    KEY_TITLE,
    REQUIRED,
    column_findings,
    find_header,
    period_column,
)
from reporter.returns.records import Cell, SheetRow

DATE_TITLES = frozenset({layout.KEY_DATE, layout.REVISED_DATE, layout.REC_ORIGINAL_DATE,
                         layout.REC_REVISED_DATE, layout.REC_NEW_DATE})
SERIAL_DAYS = (20_000, 80_000)  # Excel serials of 1954 to 2119: plausible dates in a plan
_NUMBER_TITLES = frozenset({layout.TARGET, layout.LAST_QUARTER, layout.SAME_PERIOD_LAST_YEAR})
_TEXT, _NUMBER, _DATE = 0, 1, 2  # how a column's values are read


@dataclass(frozen=True)
class SheetPlace:
    """Which sheet of which file is read: the layout's name and the name in the file."""

    file: str
    sheet: str  # layout.ACTIONS_SHEET, KPIS_SHEET or RECOMMENDATIONS_SHEET
    actual: str  # as named in the file
    date1904: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[SheetRow, ...]
    columns: tuple[str, ...] | None  # the titles found, in order; None without a header
    findings: tuple[Finding, ...]


def read_table(place: SheetPlace, rows: Iterator[list[object]]) -> Table:
    """The sheet's rows below its header; rows with nothing in known columns are left out."""
    head = list(islice(rows, layout.HEADER_SEARCH_ROWS))
    header = find_header(place.sheet, head)
    if header is None:
        finding = Finding(
            Severity.ERROR, "header-missing",
            f"no header row naming '{KEY_TITLE[place.sheet]}' in the first "
            f"{layout.HEADER_SEARCH_ROWS} rows, so the sheet could not be read.",
            f"Keep the column titles of the return as sent, in one row near the top "
            f"(at least: {', '.join(REQUIRED[place.sheet])}).",
            file=place.file, sheet=place.actual, cell="A1")
        return Table((), None, (finding,))
    findings = column_findings(place.sheet, place.actual, header, place.file)
    first_column: dict[str, int] = {}
    for col, title in enumerate(header.titles):
        if title:
            first_column.setdefault(title, col)
    columns = [(title, col, column_letter(col + 1), _kind(title))
               for title, col in first_column.items()]
    key = KEY_TITLE[place.sheet]
    found: list[SheetRow] = []
    body = chain(head[header.index + 1:], rows)
    for number, values in enumerate(body, start=header.index + 2):
        width = len(values)
        cells: dict[str, Cell] = {}
        filled = False
        for title, col, letter, kind in columns:
            raw = values[col] if col < width else None
            value: object
            if raw is None:
                value = None
            elif kind == _TEXT and isinstance(raw, str):  # most cells: inlined for speed
                value = tidy_text(raw)
                filled = filled or value is not None
            else:
                value = _value(raw, kind, place.date1904)
                filled = filled or value is not None
            cells[title] = (value, f"{letter}{number}")
        if not filled:
            continue
        ref = cells[key][0] if key in cells else None
        found.append(SheetRow(place.actual, number, action_ref(ref) if place.sheet ==
                              layout.ACTIONS_SHEET else cell_text(ref), cells))
    return Table(tuple(found), tuple(t for t in header.titles if t), tuple(findings))


def read_metadata(rows: Iterator[list[object]]) -> dict[str, str]:
    """The hidden metadata sheet's key / value rows (column A key, column B value)."""
    result: dict[str, str] = {}
    for row in rows:
        key = cell_text(row[0] if row else None).lower()
        if key and key not in result:
            result[key] = cell_text(row[1] if len(row) > 1 else None)
    return result


def action_ref(value: object) -> str:
    """``1.3a`` from " 1.3 A ", or the text as written when it is not an action ref."""
    text = cell_text(value)
    compact = text.replace(" ", "").lower()
    return compact if ACTION_REF.match(compact) else text


def _kind(title: str) -> int:
    if title in DATE_TITLES:
        return _DATE
    if title in _NUMBER_TITLES or period_column(title) is not None:
        return _NUMBER
    return _TEXT


def _value(raw: object, kind: int, date1904: bool) -> object:
    if raw is None:
        return None
    if isinstance(raw, str):
        text = tidy_text(raw)
        if kind == _NUMBER and text is not None:
            figure = parse_number(text)
            return text if figure is None else figure
        return text
    if kind == _DATE and isinstance(raw, float) and SERIAL_DAYS[0] <= raw <= SERIAL_DAYS[1]:
        return date_from_serial(raw, date1904)  # a date typed into a cell formatted as a number
    return raw
