"""How a return looks and guards itself, written with openpyxl.

Inputs are yellow and unlocked, the plan grey and locked; every sheet is protected
without a password (it stops slips, not people; the reader re-checks everything); input
cells carry inline list, date and number validations, which survive a directorate's
Excel; status cells are coloured by their word. Text goes in through ``write_text``.

The returns are the one workbook we write with openpyxl rather than XlsxWriter
(``reporter.xlsx``): a return locks its workbook structure, so that sheets cannot be
renamed, moved or deleted, and XlsxWriter has no way to do that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl.cell import Cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet

from reporter.cells import column_letter, serial_from_date
from reporter.config.settings import Settings
from reporter.returns import layout as L
from reporter.returns.bounds import Bounds, bounds_text
from reporter.safe_text import MAX_TEXT, clean_text, is_formula_like

# Rows 1-4 are the title block; the column titles are on this row of every data sheet.
HEADER_ROW = 5
assert HEADER_ROW <= L.HEADER_SEARCH_ROWS

# A date validation needs a lower bound: 1 January 2000 as an Excel serial number.
_EARLIEST_DATE_SERIAL = str(serial_from_date(date(2000, 1, 1)))
DATE_FORMAT = "DD/MM/YYYY"
_SPARE_COLUMNS = 3  # unlocked columns right of each table, for the directorate's own notes
# Excel reads _xHHHH_ in a cell's text as the character HHHH; _x005F_ is an escaped "_".
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")

# --- look ---------------------------------------------------------------------------------
_INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
_LOCKED_FILL = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")
_HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
_INPUT_HEADER_FILL = PatternFill("solid", start_color="7F6000", end_color="7F6000")
THEME_FILL = PatternFill("solid", start_color="BDD7EE", end_color="BDD7EE")
OUTCOME_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LOCKED_FONT = Font(color="404040")
_NOT_DUE_FONT = Font(color="808080", italic=True)
_HEADER_FONT = Font(bold=True, color="FFFFFF")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
NO_WRAP = Alignment(wrap_text=False, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_UNLOCKED = Protection(locked=False)
_LOCKED = Protection(locked=True)


@dataclass(frozen=True)
class Column:
    """A column of a return's table: an input column is yellow and unlocked."""

    title: str
    width: float
    is_input: bool = False
    centre: bool = False


def write_text(cell: Cell, value: object, limit: int = MAX_TEXT) -> None:
    """Put text into an openpyxl cell so that it stays text, whatever it starts with.

    openpyxl turns a string starting with "=" into a formula; setting the data
    type to string afterwards keeps it a literal, and Excel shows it as typed. openpyxl
    writes a typed ``_xHHHH_`` as it is, which Excel would read as one character: it is
    escaped as Excel itself escapes it (XlsxWriter does this for the other workbooks).
    """
    text = clean_text(value, limit)
    cell.value = _EXCEL_ESCAPE.sub(r"_x005F\1", text)
    cell.data_type = "s"
    if is_formula_like(text):
        # Mark it so Excel and LibreOffice never re-read it as a formula on edit.
        cell.quotePrefix = True


def put_text(ws: Worksheet, row: int, column: int, value: object, font: Font | None = None,
             alignment: Alignment = _WRAP) -> None:
    """Text in a cell (see ``write_text``), aligned, in ``font`` if given."""
    cell = ws.cell(row=row, column=column)
    write_text(cell, value)
    cell.alignment = alignment
    if font is not None:
        cell.font = font


def header(ws: Worksheet, columns: Sequence[Column]) -> None:
    """The column titles on ``HEADER_ROW``, the widths, and spare unlocked columns after."""
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=index)
        write_text(cell, column.title)
        cell.font = _HEADER_FONT
        cell.fill = _INPUT_HEADER_FILL if column.is_input else _HEADER_FILL
        cell.alignment = _HEADER_ALIGN
        cell.border = _BORDER
        ws.column_dimensions[column_letter(index)].width = column.width
    for spare in range(len(columns) + 1, len(columns) + 1 + _SPARE_COLUMNS):
        dimension = ws.column_dimensions[column_letter(spare)]
        dimension.width = 16
        dimension.protection = _UNLOCKED
    ws.row_dimensions[HEADER_ROW].height = 15 * max(
        _line_count(c.title, c.width - 1) for c in columns) + 4


def style_row(ws: Worksheet, row: int, columns: Sequence[Column]) -> None:
    """Inputs yellow and unlocked; plan text grey and locked; all bordered and wrapped."""
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=row, column=index)
        cell.border = _BORDER
        cell.alignment = CENTRE if column.centre else _WRAP
        if column.is_input:
            cell.fill = _INPUT_FILL
            cell.protection = _UNLOCKED
        else:
            cell.fill = _LOCKED_FILL
            cell.font = _LOCKED_FONT
            cell.protection = _LOCKED


class _FittedRow(RowDimension):
    """A row height worked out for the text we wrote, but not marked custom.

    LibreOffice shows rows at the stored height (it does not re-fit wrapped text on
    opening); Excel still grows the row when someone types a long commentary into it.
    """

    @property
    def customHeight(self) -> bool:
        return False


def _line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (Calibri 11)."""
    capacity = max(1, int(width * 1.1) - 1)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) <= capacity:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            lines += (len(word) - 1) // capacity  # a word longer than the column breaks
            used = (len(word) - 1) % capacity + 1
        total += lines
    return total


def fit_row(ws: Worksheet, row: int, columns: Sequence[Column], minimum_lines: int = 1) -> None:
    lines = minimum_lines
    for index, column in enumerate(columns, start=1):
        value = ws.cell(row=row, column=index).value
        if isinstance(value, str):
            lines = max(lines, _line_count(value, column.width))
    ws.row_dimensions[row] = _FittedRow(ws, index=row, ht=15 * lines + 3)


def group_row(ws: Worksheet, row: int, text: str, fill: PatternFill, width: int) -> None:
    """A theme or outcome title row: Ref left empty, so readers skip it."""
    for column in range(1, width + 1):
        cell = ws.cell(row=row, column=column)
        cell.fill = fill
        # No inner borders: they would strike through the title running across the row.
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN if column == 1 else None,
                             right=_THIN if column == width else None)
        cell.protection = _LOCKED
    # In the Outcome column, not wrapped, so it runs on across the empty cells beside it.
    put_text(ws, row, 2, text, BOLD, NO_WRAP)


def finish(ws: Worksheet, columns: Sequence[Column], last_row: int) -> None:
    """Freeze the header, print landscape on A4 fit to width, protect without password."""
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{column_letter(len(columns))}{max(last_row, HEADER_ROW)}"
    print_setup(ws)
    protect(ws)


def print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = "Page &P of &N"


def protect(ws: Worksheet) -> None:
    protection = ws.protection
    protection.sheet = True  # no password on purpose: it guards against slips, not people
    protection.formatColumns = False  # False = allowed: widen columns,
    protection.formatRows = False  # heighten rows
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def list_validation(words: Iterable[str], title: str, prompt: str, error: str) -> DataValidation:
    return DataValidation(
        type="list", formula1='"' + ",".join(words) + '"', allow_blank=True,
        showDropDown=False,  # False shows the arrow (the attribute name is inverted)
        showErrorMessage=True, errorStyle="stop", errorTitle=title, error=error,
        showInputMessage=True, promptTitle=title, prompt=prompt,
    )


def date_validation(title: str, example: str) -> DataValidation:
    """A date cell's rule; ``example`` is a date to show, as 31/03/2010 (one in the
    quarter being returned, so the example never looks like another year's)."""
    return DataValidation(
        type="date", operator="greaterThan", formula1=_EARLIEST_DATE_SERIAL, allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle=title,
        error=f"Type a date such as {example} (day/month/year).",
        showInputMessage=True, promptTitle=title, prompt=f"A date, such as {example}.",
    )


def status_colours(ws: Worksheet, cells: str, settings: Settings) -> None:
    """Colour a status cell by its word; the word itself stays (colour is not the only signal)."""
    for status in settings.status_scheme.categories:
        fill = PatternFill("solid", start_color=status.colour, end_color=status.colour)
        font = Font(bold=True, color=status.text_colour)
        label = status.label.replace('"', '""')  # a quote doubled inside an Excel text
        ws.conditional_formatting.add(
            cells, CellIsRule(operator="equal", formula=[f'"{label}"'], fill=fill, font=font)
        )


def ranges(column: int, rows: Sequence[int]) -> str:
    """``I6 I8:I10``: the cells of one column on the given rows, runs merged."""
    letter = column_letter(column)
    runs: list[tuple[int, int]] = []  # first and last row of each run
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return " ".join(f"{letter}{first}" if first == last else f"{letter}{first}:{letter}{last}"
                    for first, last in runs)


def add_validation(ws: Worksheet, validation: DataValidation, column: int,
                    rows: Sequence[int]) -> None:
    if rows:
        for cells in ranges(column, rows).split():
            validation.add(cells)
        ws.add_data_validation(validation)


# Excel's decimal rule needs two numbers; these stand for "no bound" (Excel's own
# numbers stop just short of 1E+308).
_NO_LOW, _NO_HIGH = "-1E+307", "1E+307"


def _formula_number(value: float) -> str:
    """A bound as a formula constant that reads back as exactly the same float."""
    return repr(float(value)).upper()


def number_validation(bounds: Bounds, source: str) -> DataValidation:
    """The drop-down rule of a figure cell: a number inside ``bounds`` (the indicator's
    ``bounds``, as the reader checks them); ``source`` says where the bounds come from."""
    low, high = bounds
    formula1 = _NO_LOW if low is None else _formula_number(low)
    formula2 = _NO_HIGH if high is None else _formula_number(high)
    wanted = bounds_text(bounds)
    if low is None and high is None:
        error = "Type the figure as a number, such as 12.5 (no units or % sign)."
    else:
        error = f"Type {wanted}, with no units or % sign: {source}."
    return DataValidation(
        type="decimal", operator="between", formula1=formula1, formula2=formula2,
        allow_blank=True, showErrorMessage=True, errorStyle="stop", errorTitle="Figure",
        error=error[:255],  # Excel's limit for the message
        showInputMessage=True, promptTitle="Figure",
        prompt=f"{wanted[0].upper()}{wanted[1:]}; blank if not known (say why in the Comment).",
    )


def not_for_input(cell: Cell) -> None:
    """A figure cell not due this quarter: grey, locked and marked, so no one types in it."""
    write_text(cell, L.NOT_DUE)
    cell.fill = _LOCKED_FILL
    cell.font = _NOT_DUE_FONT
    cell.protection = _LOCKED
