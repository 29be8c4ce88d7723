"""Fill a generated return the way directorate staff do, for the tests of every stage.

``fill_return(path, out_path, actions=..., kpis=..., ...)`` opens a return made by
``reporter.returns.templates``, finds the columns by their titles (as a person reads them),
types the values given and saves a copy. Loading and re-saving is fine here: this
plays the directorate, not us.

Values are typed as a person would: a string starting with ``=`` becomes a formula,
as it does in Excel; wrap it in ``AsText`` to type it as text (a leading
apostrophe). Control characters are kept (stored as Excel does, ``_x0007_``).

``messy_actions`` and ``messy_kpis`` give the untidy values people really type:
statuses in other cases or words, dates as text, comments pasted with line breaks,
percentages typed with a % sign.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from reporter.returns import layout as L

Values = Mapping[str, object]  # column title -> value typed

# The untidy things people type.
MESSY_STATUSES: tuple[str, ...] = ("green", " RED ", "On track", "Completed", "c")
DATE_AS_TEXT = "31/03/2010"
PASTED_COMMENT = ("Survey commissioned from ABC Surveys.\r\nBriefing held in November.\n"
                  "Report due in February.")
PERCENT_AS_TEXT = "97.5%"
# Hostile text for later issues: formulas, links, DDE-like prefixes, control characters.
HOSTILE_TEXTS: tuple[str, ...] = (
    '=HYPERLINK("http://example.com/x","click me")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
    "Bell\x07 vertical tab\x0b form feed\x0c end",
    "\tTab first",
    "<b>not markup</b> & {{ not a tag }}",
)


@dataclass(frozen=True)
class AsText:
    """Typed as text even when it starts with ``=`` (what a leading apostrophe does)."""

    value: str


def messy_actions(refs: Iterable[str]) -> dict[str, dict[str, object]]:
    """Untidy but meaningful entries for the given action refs, cycling through them.

    Statuses come from MESSY_STATUSES in turn; the first action also gets a comment
    pasted with line breaks, a remedial action and a revised date typed as text;
    the notable flag is typed in lower case.
    """
    filled: dict[str, dict[str, object]] = {}
    for n, ref in enumerate(refs):
        values: dict[str, object] = {L.STATUS: MESSY_STATUSES[n % len(MESSY_STATUSES)],
                                     L.PROGRESS: f"Progress on {ref}."}
        if n == 0:
            values.update({
                L.PROGRESS: PASTED_COMMENT,
                L.REMEDIAL: "Survey re-tendered.",
                L.REVISED_DATE: DATE_AS_TEXT,
            })
        if MESSY_STATUSES[n % len(MESSY_STATUSES)] in ("Completed", "c"):
            values[L.EVIDENCE] = f"Minutes of the meeting, see the shared drive ({ref})."
            values[L.NOTABLE] = "y"
        filled[ref] = values
    return filled


def messy_kpis(pi_refs: Iterable[str], month_labels: Iterable[str]) -> dict[str, dict[str, object]]:
    """Monthly values for the given indicators: numbers, text numbers and a "97.5%"."""
    months = list(month_labels)
    filled: dict[str, dict[str, object]] = {}
    for n, ref in enumerate(pi_refs):
        values: dict[str, object] = {month: float(10 + n + i) for i, month in enumerate(months)}
        if n == 0:
            values[months[0]] = PERCENT_AS_TEXT
            values[months[1]] = " 12 "
            values[L.COMMENT] = "Figures for December are provisional.\nConfirmed in January."
        filled[ref] = values
    return filled


def fill_return(
    path: Path | str,
    out_path: Path | str | None = None,
    *,
    actions: Mapping[str, Values] | None = None,
    kpis: Mapping[str, Values] | None = None,
    recommendations: Mapping[str, Values] | None = None,
    blank_row_after: str | None = None,
    drop_metadata: bool = False,
    metadata: Mapping[str, str] | None = None,
) -> Path:
    """Type values into a generated return and save it (to ``out_path``, or over ``path``).

    ``actions`` / ``kpis`` / ``recommendations`` map a row's ref to {column title:
    value}; any column may be typed into, locked or not (protection has no password).
    ``blank_row_after`` inserts an empty row after that action's row;
    ``drop_metadata`` removes the hidden metadata sheet (a return copied into a new
    workbook); ``metadata`` overwrites metadata values (a return of another quarter).
    Raises LookupError naming the sheet, ref or title that is not there.
    """
    source = Path(path)
    target = Path(out_path) if out_path is not None else source
    workbook = load_workbook(source)
    escapes: dict[str, str] = {}
    for sheet, key, rows in (
        (L.ACTIONS_SHEET, L.REF, actions),
        (L.KPIS_SHEET, L.PI_REF, kpis),
        (L.RECOMMENDATIONS_SHEET, L.REC_REF, recommendations),
    ):
        if not rows:
            continue
        if sheet not in workbook.sheetnames:
            raise LookupError(f"{source.name} has no sheet {sheet!r}")
        ws = workbook[sheet]
        header, columns = _header(ws, key)
        for ref, values in rows.items():
            row = _row_of(ws, header, columns[key], ref)
            for title, value in values.items():
                if title not in columns:
                    raise LookupError(f"{sheet}!{header}: no column titled {title!r}; "
                                   f"there are {sorted(columns)}")
                _type(ws.cell(row=row, column=columns[title]), value, escapes)
    if blank_row_after is not None:
        ws = workbook[L.ACTIONS_SHEET]
        header, columns = _header(ws, L.REF)
        ws.insert_rows(_row_of(ws, header, columns[L.REF], blank_row_after) + 1)
    if metadata:
        ws = workbook[L.META_SHEET]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value in metadata:
                row[1].value = metadata[row[0].value]
    if drop_metadata and L.META_SHEET in workbook.sheetnames:
        workbook.security = None  # the structure lock stops nothing here, but be plain
        del workbook[L.META_SHEET]
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    if escapes:
        _restore_control_characters(target, escapes)
    return target


def _header(ws: Worksheet, key: str) -> tuple[int, dict[str, int]]:
    """The header row (found by ``key``, as a reader would) and title -> column number."""
    for row in ws.iter_rows(min_row=1, max_row=L.HEADER_SEARCH_ROWS):
        titles = {str(c.value).strip(): c.column for c in row if isinstance(c.value, str)}
        if key in titles:
            return row[0].row, titles
    raise LookupError(f"{ws.title}: no header row with {key!r} in the first "
                   f"{L.HEADER_SEARCH_ROWS} rows")


def _row_of(ws: Worksheet, header: int, column: int, ref: str) -> int:
    for (cell,) in ws.iter_rows(min_row=header + 1, min_col=column, max_col=column):
        if isinstance(cell.value, str) and cell.value.strip() == ref:
            return cell.row
    raise LookupError(f"{ws.title}: no row with ref {ref!r}")


def _type(cell: object, value: object, escapes: dict[str, str]) -> None:
    """Put a value in a cell as typing it would; control characters go in escaped."""
    as_text = isinstance(value, AsText)
    if as_text:
        value = value.value  # type: ignore[union-attr]
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: _placeholder(m.group(), escapes), value)
    cell.value = value  # type: ignore[attr-defined]
    if as_text:
        cell.data_type = "s"  # type: ignore[attr-defined]
        cell.quotePrefix = True  # type: ignore[attr-defined]
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"  # type: ignore[attr-defined]


def _placeholder(character: str, escapes: dict[str, str]) -> str:
    token = f"~~ctl{ord(character):04x}~~"  # plain ASCII, so the XML writer leaves it alone
    escapes[token] = f"_x{ord(character):04X}_"
    return token


def _restore_control_characters(path: Path, escapes: dict[str, str]) -> None:
    """openpyxl refuses control characters; Excel stores them as ``_x0007_``: do that."""
    pattern = re.compile("|".join(re.escape(t) for t in escapes))
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / path.name
        with zipfile.ZipFile(path) as old, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as new:
            for item in old.infolist():
                data = old.read(item.filename)
                if item.filename.endswith(".xml"):
                    text = data.decode("utf-8")
                    data = pattern.sub(lambda m: escapes[m.group()], text).encode("utf-8")
                new.writestr(item, data)
        shutil.move(copy, path)
