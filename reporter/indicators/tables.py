"""Someone else's table as a grid: the file opened, the header row found and the columns
named by their titles.

A CSV file (any of the usual encodings and separators) or a sheet of a workbook. The
header row is found by the titles it holds (``source.header_contains``), wherever a title
block ends; a two-row header whose top titles span merged cells is joined as "Group –
Measure". The body is every row below it with something in it, until a long run of blank
rows (a sheet can claim a million phantom rows, see PITFALLS).
"""

from __future__ import annotations

import csv
import difflib
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporter.errors import ReporterError
from reporter.files import display_name, display_path
from reporter.indicators.mapping import Mapping, MappingError, normalise
from reporter.sheets import PUBLISHED_TABLES, WorkbookError, open_workbook


class TableReadError(ReporterError):
    """The data file cannot be read at all."""


@dataclass(frozen=True)
class Grid:
    """A table's header and body as read: cells as the file holds them."""

    file: str  # the file's name
    sheet: str  # "" for a CSV file
    titles: tuple[str, ...]  # one per column, two-row headers joined
    rows: tuple[tuple[int, list[object]], ...]  # (1-based row number, cells) below the header

    @property
    def where(self) -> str:
        """``file.xlsx, sheet 'Data'`` for messages."""
        return self.file + (f", sheet '{self.sheet}'" if self.sheet else "")


def read_grid(path: Path, mapping: Mapping, sheet: str | None = None) -> Grid:
    """The header and body of a CSV file or of a workbook's sheet (``sheet``, else the
    mapping's ``source.sheet``). Raises TableReadError when the file cannot be read,
    MappingError when the sheet or the header row is not found."""
    sheet_name, rows = _open(path, mapping, sheet)
    name = display_name(path)  # as text every writer accepts
    where = name + (f", sheet '{sheet_name}'" if sheet_name else "")
    header_at, titles = _header(rows, mapping, where)
    return Grid(name, sheet_name, tuple(titles),
                tuple(_body(rows, first=header_at + 1)))


def blank(value: object) -> bool:
    """An empty cell: nothing, spaces, or a NaN."""
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def find_column(titles: Sequence[str], wanted: Sequence[str], what: str, where: str) -> int:
    """The one column whose title contains every fragment in ``wanted`` (normalised);
    an exact title wins over containing ones. Raises MappingError if none or several."""
    fragments = [normalise(w) for w in wanted]
    normal = [normalise(t) for t in titles]
    hits = [i for i, t in enumerate(normal) if t and all(f in t for f in fragments)]
    exact = [i for i in hits if len(fragments) == 1 and normal[i] == fragments[0]]
    if len(exact) == 1 or len(hits) == 1:
        return (exact or hits)[0]
    shown = " + ".join(repr(w) for w in wanted)
    if hits:
        names = "; ".join(repr(titles[i]) for i in hits[:5])
        raise MappingError(f"{where}: {what} {shown} matches {len(hits)} columns ({names}). "
                           "Give more of the title, or a list of fragments that only it has.")
    close = difflib.get_close_matches(" ".join(fragments), [t for t in normal if t], n=3,
                                      cutoff=0.4)
    named = "; ".join(repr(titles[normal.index(c)]) for c in close)
    hint = f" Closest titles: {named}." if close else ""
    raise MappingError(f"{where}: {what} {shown} is not a column title of the header.{hint}")


def _open(path: Path, mapping: Mapping, sheet: str | None) -> tuple[str, Iterator[list[object]]]:
    """(sheet name or "", rows) of a CSV file or a workbook sheet (through ``sheets``, the
    one way the program opens a workbook)."""
    if not path.is_file():
        raise TableReadError(f"the data file {display_path(path)} does not exist; check the "
                             "path.")
    if path.suffix.lower() in (".csv", ".txt"):
        return "", iter(csv_rows(path))
    try:
        # Other people's tables: larger than a return, and .xls or .ods as published.
        with open_workbook(path, path.name, PUBLISHED_TABLES) as workbook:
            chosen = _sheet(workbook.sheet_names, sheet, mapping, display_name(path))
            return chosen, iter(list(workbook.rows(chosen)))
    except WorkbookError as exc:
        raise TableReadError(f"cannot read {display_name(path)}: {exc}") from None


def _sheet(names: Sequence[str], sheet: str | None, mapping: Mapping, file: str) -> str:
    """The sheet asked for (``sheet``, else the first of the mapping's that exists, else
    the only one); MappingError listing the workbook's sheets when there is none."""
    wanted = (sheet,) if sheet else mapping.sheets
    chosen = next((s for s in wanted if s in names), None)
    if chosen is None and not wanted and len(names) == 1:
        chosen = names[0]
    if chosen is None:
        asked = (f"none of {', '.join(repr(s) for s in wanted)} is" if wanted
                 else "no sheet is named")
        raise MappingError(f"{file}: {asked} in the workbook. Its sheets are "
                           f"{', '.join(repr(n) for n in names)}; name one with --sheet or "
                           "source.sheet in the mapping.")
    return chosen


def csv_rows(path: Path) -> list[list[object]]:
    """The rows of a CSV file as its publisher wrote it: UTF-8 (else Latin-1), its
    delimiter sniffed."""
    # The csv module, not pandas: rows of a title block and a header differ in length.
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "latin-1"):  # latin-1 decodes anything: the last resort
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # StringIO keeps line ends, so a quoted cell may hold several lines (commentary).
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _header(rows: Iterator[list[object]], mapping: Mapping, where: str) -> tuple[int, list[str]]:
    """(1-based row of the last header row, column titles), two-row headers combined."""
    wanted = [normalise(t) for t in mapping.header_contains]
    last = mapping.search_rows if wanted else mapping.header_row
    for number, row in enumerate(rows, start=1):
        if wanted:
            titles = {normalise(c) for c in row if not blank(c)}
            found = all(t in titles for t in wanted)
        else:
            found = number == mapping.header_row
        if not found and number >= last:
            break
        if found:
            if mapping.header_rows == 1:
                return number, [str(c).strip() if not blank(c) else "" for c in row]
            below = next(rows, [])
            return number + 1, _combine(row, below)
    what = (f"a row holding {', '.join(repr(t) for t in mapping.header_contains)} in the first "
            f"{mapping.search_rows} rows" if wanted else f"row {mapping.header_row}")
    raise MappingError(f"{where}: the header row was not found: the mapping asks for {what}. "
                       "Check source.header_contains against the file's column titles.")


def _combine(top: list[object], bottom: list[object]) -> list[str]:
    """One title per column from a two-row header whose top titles span several columns
    (merged cells keep their text only in the first): "Incomplete RTT pathways – % within
    18 weeks". A top title carries right only over columns that have a title below."""
    titles, carry = [], ""
    for i in range(max(len(top), len(bottom))):
        upper = "" if i >= len(top) or blank(top[i]) else str(top[i]).strip()
        lower = "" if i >= len(bottom) or blank(bottom[i]) else str(bottom[i]).strip()
        if upper:
            carry = upper
        if lower:
            titles.append(f"{carry} – {lower}" if carry else lower)
        else:
            titles.append(upper)
            carry = upper
    return titles


def _body(rows: Iterator[list[object]], first: int) -> Iterator[tuple[int, list[object]]]:
    """(row number, cells) of the rows with something in them, until a blank run."""
    blank_run = 0
    for number, row in enumerate(rows, start=first):
        if all(blank(c) for c in row):
            blank_run += 1
            if blank_run >= PUBLISHED_TABLES.blank_run:
                return
            continue
        blank_run = 0
        yield number, row
