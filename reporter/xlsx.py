"""Writing .xlsx: the one way our workbooks are made, with XlsxWriter.

``open_workbook(path)`` yields a ``Book``: an XlsxWriter workbook written through
``files.atomic_path`` (a failure leaves the earlier file and no scratch file behind),
with its cell formats made once each, sheet names checked, and one way to write text.

Text from a return is data, never code. ``Book.text`` is the only way text reaches a
cell: cleaned by ``safe_text.clean_text``, written with ``write_string`` (never a
formula, link or number), quote-prefixed when it starts like a formula so that Excel
and LibreOffice never re-read it as one on edit, and guarded against XlsxWriter's
rich-text shortcut (see ``Book.text``). Literal ``_xHHHH_`` text stays literal.

Every workbook we write goes through here except the directorates' returns, which lock
their workbook structure, something XlsxWriter cannot do (see ``returns.return_style``).
"""

from __future__ import annotations

import math
import numbers
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reporter.files import atomic_path
from reporter.safe_text import clean_text, is_formula_like

DATE_FORMAT = "DD/MM/YYYY"
HEADER_FILL = "1F3864"
HEADER_FONT_COLOUR = "FFFFFF"
LIGHT_FILLS = ("FFC000", "BDD7EE", "FFFFFF")  # fills light enough for black text
LINE_HEIGHT = 15  # points per line of wrapped text (11 pt Calibri)

# Strings are only ever written as strings: never turned into formulas, links or numbers.
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "remove_timezone": True}
# XlsxWriter's widths are what Excel shows; we give the width stored in the file (as
# openpyxl took it), which includes 5 pixels of padding, 5/7 of a character in Calibri 11.
_PADDING = 5 / 7
_FIRST_SERIAL_DATE = date(1900, 1, 1)  # Excel has no date before it: such a date is text
_BAD_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_RESERVED_SHEET_NAME = "history"  # Excel keeps it for its own use
_AFTER_UNDERSCORE = re.compile(r"(?<=_)")


@dataclass(frozen=True)
class CellStyle:
    """A cell format, with its twins for text that starts like a formula and for dates."""

    plain: Format | None
    quoted: Format  # quote-prefixed
    dated: Format  # showing DATE_FORMAT


class Book:
    """An XlsxWriter workbook, its formats (each made once) and the text guard."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        self._formats: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._styles: dict[tuple[tuple[str, Any], ...], CellStyle] = {}
        self._sheet_names: set[str] = set()

    def add_sheet(self, title: str) -> Worksheet:
        """A new sheet; a name Excel would refuse raises ValueError before anything is written."""
        if (not title or len(title) > 31 or _BAD_SHEET_NAME.search(title)
                or title[0] == "'" or title[-1] == "'" or title.lower() in self._sheet_names
                or title.lower() == _RESERVED_SHEET_NAME):
            raise ValueError(f"{title!r} cannot be a sheet name: 1 to 31 characters, none of "
                             "[]:*?/\\, no apostrophe first or last, not History, unique in "
                             "the book")
        self._sheet_names.add(title.lower())
        return self.workbook.add_worksheet(title)

    def sheet_name_for(self, name: str, otherwise: str = "Sheet") -> str:
        """A sheet name Excel accepts made from ``name`` (``otherwise`` if nothing of it is
        left), unique among the sheets added so far: "Housing (2)" after "Housing"."""
        base = _BAD_SHEET_NAME.sub(" ", name).strip(" '") or otherwise
        base = " ".join(base.split())[:31].rstrip(" '") or otherwise
        candidate, n = base, 2
        while candidate.lower() in self._sheet_names or candidate.lower() == _RESERVED_SHEET_NAME:
            suffix = f" ({n})"
            candidate, n = base[:31 - len(suffix)].rstrip(" '") + suffix, n + 1
        return candidate

    def format(self, **properties: Any) -> Format | None:
        """The format with these XlsxWriter properties (None for none), made once."""
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        made = self._formats.get(key)
        if made is None:
            made = self._formats[key] = self.workbook.add_format(properties)
        return made

    def style(self, **properties: Any) -> CellStyle:
        """The formats of cells with these properties, made once."""
        key = tuple(sorted(properties.items()))
        made = self._styles.get(key)
        if made is None:
            quoted = self.format(**properties, quote_prefix=True)
            dated = self.format(**{**properties, "num_format": DATE_FORMAT})
            assert quoted is not None and dated is not None
            made = self._styles[key] = CellStyle(self.format(**properties), quoted, dated)
        return made

    def text(self, sheet: Worksheet, row: int, column: int, value: object,
             style: CellStyle | None = None) -> str:
        """Write ``value`` as text whatever it starts with; return the text written.

        XlsxWriter copies a string that starts with ``<r>`` and ends with ``</r>`` into
        the file as raw rich-text XML, unescaped (markup, even a formula, could be
        injected that way): such a text is written as a rich string of plain runs, which
        XlsxWriter escapes. The runs are cut after each "_" as well, since XlsxWriter
        escapes an ``_xHHHH_`` inside a run twice.
        """
        text = clean_text(value)
        if style is None:
            style = self.style()
        cell_format = style.quoted if is_formula_like(text) else style.plain
        if text.startswith("<r>") and text.endswith("</r>"):
            runs = ["<", "r", *(p for p in _AFTER_UNDERSCORE.split(text[2:]) if p)]
            sheet.write_rich_string(row, column, *runs,
                                    *([cell_format] if cell_format is not None else []))
        else:
            sheet.write_string(row, column, text, cell_format)
        return text

    def value(self, sheet: Worksheet, row: int, column: int, value: object,
              style: CellStyle | None = None) -> None:
        """Write a text, number, date or yes/no as what it is (a date with ``DATE_FORMAT``);
        None, "" or a number that is not finite leaves the cell empty."""
        if value is None or value == "":
            return
        if isinstance(value, str):
            self.text(sheet, row, column, value, style)
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, style.plain if style else None)
        elif isinstance(value, numbers.Real):  # numpy's numbers too
            if math.isfinite(value):
                sheet.write_number(row, column, value, style.plain if style else None)
        elif isinstance(value, date) and _as_date(value) >= _FIRST_SERIAL_DATE:
            sheet.write_datetime(row, column, value, (style or self.style()).dated)
        elif isinstance(value, date):  # Excel has no serial number for it
            self.text(sheet, row, column, value.strftime("%d/%m/%Y"), style)
        else:
            self.text(sheet, row, column, value, style)


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


@contextmanager
def open_workbook(path: Path | str, constant_memory: bool = False) -> Iterator[Book]:
    """Yield a ``Book`` writing to ``path``; it is closed and renamed into place on success.

    ``constant_memory`` streams each row to a scratch file as it is written (rows must
    then be written in order): for the large workbooks. The scratch files are in a
    directory of ours, removed however the block ends.
    """
    with tempfile.TemporaryDirectory(prefix="reporter-xlsx-",
                                     ignore_cleanup_errors=True) as scratch, \
            atomic_path(Path(path)) as temporary:
        workbook = xlsxwriter.Workbook(str(temporary), {
            **_OPTIONS, "tmpdir": scratch, "constant_memory": constant_memory})
        yield Book(workbook)
        workbook.close()


def set_widths(sheet: Worksheet, widths: Iterable[float], cell_format: Format | None = None,
               first: int = 0) -> None:
    """Column widths in characters, as stored in the file, from column ``first`` (0-based)."""
    for column, width in enumerate(widths, start=first):
        sheet.set_column(column, column, max(width - _PADDING, 0), cell_format)


def table_page(sheet: Worksheet, header_row: int, repeat_header: bool = True) -> None:
    """A table's sheet: rows frozen below the header (0-based ``header_row``), printed
    landscape one page wide, the header repeated on every page."""
    sheet.freeze_panes(header_row + 1, 0)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    if repeat_header:
        sheet.repeat_rows(header_row)


class Table:
    """A sheet of rows under a header row: the header frozen, repeated on every printed
    page and filtered over the ``rows`` data rows; printed landscape, one page wide.
    Rows are written in order, so it suits a ``constant_memory`` book."""

    def __init__(self, book: Book, title: str, headings: Sequence[str],
                 widths: Sequence[float], rows: int):
        self.book = book
        self.sheet = book.add_sheet(title)
        set_widths(self.sheet, widths)
        table_page(self.sheet, header_row=0)
        header = book.style(bold=True, font_color=f"#{HEADER_FONT_COLOUR}", pattern=1,
                            bg_color=f"#{HEADER_FILL}", text_wrap=True, valign="top")
        for column, heading in enumerate(headings):
            book.text(self.sheet, 0, column, heading, header)
        if rows:
            self.sheet.autofilter(0, 0, rows, len(headings) - 1)
        self.row = 0
        self._plain = book.style(text_wrap=True, valign="top")
        self._filled: dict[str, CellStyle] = {}

    def append(self, values: Iterable[object], shade: dict[int, str] | None = None,
               number_formats: dict[int, str] | None = None) -> None:
        """Write a row (see ``Book.value``); ``shade`` maps a column number (1-based) to its
        fill colour, shown bold in black or white, whichever reads on it;
        ``number_formats`` maps a column number to the number format of an unshaded cell
        (``#,##0.0``), so a figure stays a number and shows its decimals."""
        self.row += 1
        for column, value in enumerate(values):
            fill = shade.get(column + 1) if shade else None
            shown = number_formats.get(column + 1) if number_formats else None
            if fill is None:
                plain = self._plain if shown is None else self.book.style(
                    text_wrap=True, valign="top", num_format=shown)
                self.book.value(self.sheet, self.row, column, value, plain)
                continue
            style = self._filled.get(fill)
            if style is None:
                style = self._filled[fill] = self.book.style(
                    bold=True, font_color="#000000" if fill.upper() in LIGHT_FILLS
                    else "#FFFFFF", pattern=1, bg_color=f"#{fill}", text_wrap=True,
                    valign="top")
            if value is None or value == "":
                self.sheet.write_blank(self.row, column, None, style.plain)
            else:
                self.book.value(self.sheet, self.row, column, value, style)


def write_table(title: str, headings: Sequence[str], rows: Iterable[Sequence[object]],
                path: Path, widths: Sequence[float] | None = None) -> Path:
    """A one-sheet workbook of plain rows (the timetable, the evidence sample)."""
    rows = list(rows)
    with open_workbook(path) as book:
        table = Table(book, title[:31], headings, widths or [22] * len(headings),
                      rows=len(rows))
        for values in rows:
            table.append(values)
    return Path(path)
