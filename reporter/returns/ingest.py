"""Read directorate returns: every workbook in a folder, whatever people did to it.

``read_returns(directory, plan, settings, quarter)`` reads each ``.xlsx`` / ``.xlsm``
and gives back plain records (``records``): the rows of the Actions, KPIs and
Recommendations sheets keyed by column title, each value read through ``cells`` and
paired with its A1 cell. It judges nothing about the content (``validate`` does); it
only says what could not be read, and why, as findings. A bad file never stops the
batch, and no input file is ever written to.

The workbook is opened by ``reporter.sheets`` (the safety checks and the readers);
``columns`` finds the header, ``tables`` reads the rows, ``identity`` tells who sent
it and for when. Many returns are shared out among processes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reporter import sheets
from reporter.cells import column_letter
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.errors import ReporterError
from reporter.files import display_name, display_path
from reporter.findings import Finding, Severity
from reporter.periods import Quarter
from reporter.processes import available_processors, collector_paused, map_in_processes
from reporter.returns import layout
from reporter.returns.columns import SHEET_TITLES, find_header, title_key
from reporter.returns.identity import directorate_named_in, quarter_of, sender
from reporter.returns.records import ReadResult, ReturnData, SheetRow
from reporter.returns.tables import SheetPlace, read_metadata, read_table
from reporter.sheets import Workbook, WorkbookError, open_workbook, reason

__all__ = ["ReadResult", "ReturnData", "ReturnsFolderError", "SheetRow", "read_return",
           "read_returns"]

PARALLEL_FROM = 16  # returns; for fewer, starting processes costs more than it saves
_TABLE_SHEETS = (layout.ACTIONS_SHEET, layout.KPIS_SHEET, layout.RECOMMENDATIONS_SHEET)
_RESEND = "Open it in Excel, check it looks right, save it as .xlsx and send it again."


class ReturnsFolderError(ReporterError):
    """The returns folder itself cannot be used (missing, or not a folder)."""


def read_returns(directory: Path, plan: Plan, settings: Settings, quarter: Quarter,
                 workers: int | None = None) -> ReadResult:
    """Read every return in ``directory``; unreadable files become findings, never exceptions.

    Each return says which quarter it is for (``ReturnData.quarter``); ``validate``
    compares that with ``quarter``. ``settings`` is taken so every stage has the same
    shape; reading needs none of it yet. Many returns are read by ``workers`` processes
    (default: the processors available). Raises ReturnsFolderError only when the
    folder itself is missing.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReturnsFolderError(
            f"the returns folder {directory} does not exist or is not a folder. "
            "Pass --returns with the folder the directorates' workbooks are saved in."
        )
    paths: list[Path] = []
    skipped: list[str] = []
    odd: list[Finding] = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name.lower()):
        if path.name.startswith(("~$", ".")):  # Excel's lock files, hidden files
            skipped.append(display_name(path))
            continue
        if path.is_dir() and not path.is_symlink():
            continue  # a folder of the officer's own (last quarter's returns, say)
        if path.is_symlink() or not path.is_file():
            odd.append(_not_a_file(path, plan))
            continue
        paths.append(path)
    workers = available_processors() if workers is None else workers
    with collector_paused():
        outcomes = map_in_processes(_read_one, plan, paths,
                                    workers if len(paths) >= PARALLEL_FROM else 1,
                                    lambda path: _killed_reader(path, plan))
    returns = tuple(o for o in outcomes if isinstance(o, ReturnData))
    findings = tuple(odd) + tuple(o for o in outcomes if isinstance(o, Finding))
    return ReadResult(returns, findings, tuple(skipped))


def _not_a_file(path: Path, plan: Plan) -> Finding:
    """A link or a special file (a pipe, a device) in the returns folder: not read, and
    said, so a return that only seems to be there is never missed in silence."""
    what = ("a link" + (f" to {display_path(path.resolve())}" if path.exists() else
                        ", to nothing that exists")) if path.is_symlink() else "not a file"
    return _FileProblem(display_name(path), plan).warning(
        "not-a-file", f"the entry is {what}, so it was not read.",
        "Copy the return workbook itself into the returns folder.")


def _read_one(plan: Plan, path: Path) -> ReturnData | Finding:
    return read_return(path, plan)  # looked up when called, so a test may stand in for it


def _killed_reader(path: Path, plan: Plan) -> Finding:
    return _FileProblem(display_name(path), plan).error(
        "unreadable", "reading the workbook stopped the reader (it may be far too large, "
        "or damaged).", _RESEND)


def read_return(path: Path, plan: Plan) -> ReturnData | Finding:
    """Read one file: its records, or a finding saying why it cannot be read."""
    name = display_name(path)  # as text the history and the reports can hold
    problem = _FileProblem(name, plan)
    suffix = path.suffix.lower()
    if suffix not in sheets.WORKBOOK_SUFFIXES and suffix not in sheets.OTHER_FORMATS:
        return problem.warning(
            "not-a-workbook", "the file is not an Excel workbook, so it was not read.",
            "Remove it from the returns folder, or send the return as the .xlsx workbook "
            "it came as.")
    try:
        status = path.stat()
        modified = datetime.fromtimestamp(status.st_mtime)
        # Read whole only when small enough: else ``sheets`` says so from the path.
        data = path.read_bytes() if status.st_size <= sheets.RETURNS.max_file_bytes else path
        sha256 = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else ""
        with open_workbook(data, name) as book:
            return _read_book(_Source(name, sha256, modified), book, plan)
    except WorkbookError as refused:
        return problem.error(refused.code, refused.message, refused.fix)
    except OSError as exc:
        return problem.error("unreadable", f"the file cannot be opened: {exc.strerror}.",
                             "Check the file is not open elsewhere and can be copied.")
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding, never a crash
        return problem.error("unreadable", f"the workbook cannot be read ({reason(exc)}).",
                             _RESEND)


@dataclass(frozen=True)
class _FileProblem:
    """Findings about a whole file, routed to the directorate its name mentions."""

    file: str
    plan: Plan

    def error(self, rule: str, message: str, fix: str) -> Finding:
        return self._finding(Severity.ERROR, rule, message, fix)

    def warning(self, rule: str, message: str, fix: str) -> Finding:
        return self._finding(Severity.WARNING, rule, message, fix)

    def _finding(self, severity: Severity, rule: str, message: str, fix: str) -> Finding:
        return Finding(severity, rule, message, fix,
                       directorate=directorate_named_in(self.file, self.plan), file=self.file)


@dataclass(frozen=True)
class _Source:
    """The file a workbook came from."""

    name: str
    sha256: str
    modified: datetime


def _read_book(source: _Source, book: Workbook, plan: Plan) -> ReturnData | Finding:
    names = list(book.sheet_names)
    problem = _FileProblem(source.name, plan)
    if not any(book.has_values(name) for name in names):
        return problem.error("empty-workbook", "the workbook has no data in any sheet.",
                             "Send the return generated for you, with your entries.")
    meta_sheet = next((n for n in names if title_key(n) == title_key(layout.META_SHEET)), None)
    metadata = read_metadata(book.rows(meta_sheet)) if meta_sheet else {}
    findings: list[Finding] = []
    found: dict[str, str] = {}
    tables: dict[str, tuple[SheetRow, ...]] = dict.fromkeys(_TABLE_SHEETS, ())
    columns: dict[str, tuple[str, ...]] = {}
    for sheet in _TABLE_SHEETS:
        actual = _find_sheet(book, sheet, source.name, findings)
        if actual is None:
            continue
        found[sheet] = actual
        table = read_table(SheetPlace(source.name, sheet, actual, book.date1904),
                           book.rows(actual))
        tables[sheet] = table.rows
        if table.columns is not None:
            columns[sheet] = table.columns
        findings.extend(table.findings)
        if (below := book.below_gap(actual)) is not None:
            findings.append(_rows_below_gap(source.name, actual, below, book.limits.blank_run))
    if layout.ACTIONS_SHEET not in found and layout.KPIS_SHEET not in found:
        shown = ", ".join(f"'{n}'" for n in names[:8]) + (" ..." if len(names) > 8 else "")
        return problem.error("not-a-return", "the workbook has no 'Actions' or 'KPIs' sheet, "
                             f"so it is not a return (its sheets: {shown}).",
                             "Fill in the return generated for your directorate and send "
                             "that; do not rename its sheets.")
    who = sender(metadata, tables[layout.ACTIONS_SHEET], tables[layout.KPIS_SHEET], plan)
    if who.finding is not None:
        findings.append(Finding(who.finding.severity, who.finding.rule, who.finding.message,
                                who.finding.fix, file=source.name))
    return ReturnData(
        file=source.name,
        sha256=source.sha256,
        modified=source.modified,
        directorate=who.directorate,
        directorate_inferred=who.inferred,
        metadata=metadata,
        quarter=quarter_of(metadata, columns.get(layout.KPIS_SHEET, ()), plan.first_month),
        actions=tables[layout.ACTIONS_SHEET],
        indicators=tables[layout.KPIS_SHEET],
        recommendations=tables[layout.RECOMMENDATIONS_SHEET],
        columns=columns,
        sheet_names=found,
        findings=tuple(Finding(f.severity, f.rule, f.message, f.fix, who.directorate,
                               f.file, f.sheet, f.cell) for f in findings),
    )


def _rows_below_gap(file: str, sheet: str, cell: tuple[int, int], blank_run: int) -> Finding:
    """Rows a run of blank rows cut off from the table: named, since they were not read."""
    row, column = cell
    return Finding(
        Severity.WARNING, "rows-below-gap",
        f"the rows from row {row} down were not read: {blank_run} or more blank rows "
        "above them end the sheet (anything there is reported as missing).",
        f"Delete the blank rows above row {row} (or move those rows up), save and send the "
        "return again.", file=file, sheet=sheet, cell=f"{column_letter(column)}{row}")


def _find_sheet(book: Workbook, wanted: str, file: str, findings: list[Finding]) -> str | None:
    """The sheet named like ``wanted`` (case and spaces aside); else one with its header."""
    for name in book.sheet_names:
        if title_key(name) == title_key(wanted):
            return name
    others = {title_key(n) for n in (*SHEET_TITLES, layout.META_SHEET)}
    for name in book.sheet_names:
        if title_key(name) in others:
            continue
        header = find_header(wanted, book.rows(name, limit=layout.HEADER_SEARCH_ROWS))
        if header is not None and sum(1 for t in header.titles if t in SHEET_TITLES[wanted]) >= 4:
            findings.append(Finding(
                Severity.INFO, "sheet-renamed",
                f"no sheet is named '{wanted}'; the sheet '{name}' has its columns, so it was "
                "read instead.", f"Keep the sheet name '{wanted}' as it was sent.",
                file=file, sheet=wanted))
            return name
    return None
