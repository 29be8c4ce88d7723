"""The consolidated workbook: every action and indicator of the quarter in one
filterable workbook, with the findings, for the PSI officer and for audit.

Also the small workbooks the other commands write (the timetable, the evidence
sample). Text from returns is written with ``safe_text.write_text_cell`` so it
can never become a formula; files are written to a temporary name and renamed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reporter.analysis import IndicatorResult, status_summary
from reporter.files import atomic_path
from reporter.findings import Severity, sort_findings
from reporter.plan import Plan
from reporter.safe_text import write_text_cell
from reporter.sampling import SampledAction
from reporter.settings import Settings
from reporter.snapshot import QuarterSnapshot
from reporter.status import Status

HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
SEVERITY_FILLS = {Severity.ERROR: "C00000", Severity.WARNING: "FFC000", Severity.INFO: "BDD7EE"}
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "DD/MM/YYYY"


def status_text(status: Status | None) -> str:
    """'R Red', 'C Complete' or 'Not reported': the letter keeps colour from being the only signal."""
    return f"{status.letter} {status.value}" if status else "Not reported"


def _sheet(workbook: Workbook, title: str, headings: Sequence[str],
           widths: Sequence[int], rows: int) -> _Table:
    """A write-only sheet with its heading row; ``rows`` data rows will follow."""
    sheet = workbook.create_sheet(title)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{rows + 1}"
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, heading)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = WRAP
        header.append(cell)
    sheet.append(header)
    return _Table(sheet)


class _Table:
    """A write-only sheet written row by row: rows stream to disk, so memory stays flat
    however many actions an organisation has."""

    def __init__(self, sheet: Worksheet):
        self.sheet = sheet
        # Styles copied as openpyxl's internal style arrays: assigning a style object per
        # cell hashes it every time, which dominated writing a large workbook.
        self._styles: dict[object, StyleArray] = {}

    def append(self, values: Iterable[object], shade: dict[int, str] | None = None) -> None:
        """Write a row: text through write_text_cell, numbers and dates as they are;
        ``shade`` maps a column number (1-based) to its fill colour."""
        cells = []
        for column, value in enumerate(values, start=1):
            cell = WriteOnlyCell(self.sheet)
            if isinstance(value, str):
                write_text_cell(cell, value)
            else:
                cell.value = value
            fill = (shade or {}).get(column)
            key = (isinstance(value, date), fill, bool(cell.quotePrefix))
            style = self._styles.get(key)
            if style is None:
                cell.alignment = WRAP
                if key[0]:
                    cell.number_format = DATE_FORMAT
                if fill:
                    _shade(cell, fill)
                self._styles[key] = copy(cell._style)
            else:
                cell._style = copy(style)
            cells.append(cell)
        self.sheet.append(cells)


def _shade(cell: object, colour: str) -> None:
    cell.fill = PatternFill("solid", fgColor=colour)  # type: ignore[attr-defined]
    dark = colour.upper() not in ("FFC000", "BDD7EE", "FFFFFF")
    cell.font = Font(bold=True, color="FFFFFF" if dark else "000000")  # type: ignore[attr-defined]


def save_atomically(workbook: Workbook, path: Path) -> Path:
    """Save through a temporary file beside ``path``, then rename it into place."""
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return path


def write_consolidated(plan: Plan, settings: Settings, snapshot: QuarterSnapshot,
                       results: Sequence[IndicatorResult], path: Path) -> Path:
    """Write consolidated.xlsx: Summary, Actions, Indicators and Findings sheets."""
    path.parent.mkdir(parents=True, exist_ok=True)  # fail before any row is streamed
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, plan, settings, snapshot)
    _actions_sheet(workbook, plan, settings, snapshot)
    _indicators_sheet(workbook, snapshot, results)
    _findings_sheet(workbook, snapshot)
    workbook.properties.title = f"Improvement Plan: consolidated returns for {snapshot.quarter.label}"
    workbook.properties.creator = settings.organisation.name
    return save_atomically(workbook, path)


def _summary_sheet(workbook: Workbook, plan: Plan, settings: Settings,
                   snapshot: QuarterSnapshot) -> None:
    sheet = _sheet(workbook, "Summary", ("Status", "Actions"), (24, 12), rows=0)
    summary = status_summary(snapshot)
    for status in (Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED, None):
        sheet.append([status_text(status), summary.current.get(status, 0)],
                     shade={1: settings.colours[status]} if status is not None else None)
    sheet.append(["Total", len(snapshot.actions)])
    if snapshot.missing_directorates:
        sheet.append(["No return from", ", ".join(snapshot.missing_directorates)])
    counts = {s: sum(1 for f in snapshot.findings if f.severity is s) for s in Severity}
    for severity, count in counts.items():
        sheet.append([f"Findings: {severity.value}s", count])


def _actions_sheet(workbook: Workbook, plan: Plan, settings: Settings,
                   snapshot: QuarterSnapshot) -> None:
    headings = ("Theme", "Outcome", "Ref", "Key action", "Key date", "Due", "Lead directorate",
                "Success criteria", "Status as returned", "Status reported",
                "Changed by key-date rule", "Progress commentary", "Remedial action",
                "Revised date offered", "Evidence", "Notable achievement", "Carried forward",
                "Source file")
    widths = (7, 30, 7, 40, 14, 12, 18, 36, 16, 14, 12, 50, 40, 14, 30, 11, 11, 26)
    sheet = _sheet(workbook, "Actions", headings, widths, rows=len(plan.actions))
    for action in plan.actions:
        position = snapshot.action(action.ref)
        outcome = plan.outcome(action.outcome)
        reported = position.status if position else None
        sheet.append([
            outcome.theme,
            f"{outcome.ref} {outcome.title}",
            action.ref,
            action.text,
            action.governing_date.text,
            action.due_for(snapshot.quarter.start),
            action.directorate,
            action.success_criteria,
            position.returned_status_text if position else "",
            status_text(reported),
            "Yes" if position and position.status_changed_by_rule else "",
            position.commentary if position else "",
            position.remedial_action if position else "",
            position.revised_date if position else "",
            position.evidence if position else "",
            "Yes" if position and position.notable else "",
            "Yes" if position and position.carried_forward else "",
            position.source_file if position else "",
        ], shade={10: settings.colours[reported]} if reported is not None else None)


def _indicators_sheet(workbook: Workbook, snapshot: QuarterSnapshot,
                      results: Sequence[IndicatorResult]) -> None:
    month_titles = snapshot.quarter.month_labels
    headings = ("PI ref", "Description", "Unit", "Polarity", "Owner directorate", *month_titles,
                "Year to date", "Basis", "Same period last year", "Target", "Better than last year",
                "Target met", "Status", "Quartile", "Comment", "Carried forward")
    widths = (10, 40, 8, 10, 18, *(10,) * len(month_titles), 11, 20, 12, 10, 12, 10, 16, 14, 40,
              11)
    sheet = _sheet(workbook, "Indicators", headings, widths, rows=len(results))
    for result in results:
        indicator = result.indicator
        position = snapshot.indicator(indicator.ref)
        values = {(m.year, m.month): m.value for m in result.months}
        sheet.append([
            indicator.ref, indicator.description, indicator.unit,
            "Higher is better" if indicator.higher_is_better else "Lower is better",
            indicator.directorate,
            *(values.get(ym) for ym in snapshot.quarter.months),
            result.value, result.value_basis, result.last_year, result.target,
            {True: "Better", False: "Worse", None: "Not comparable"}[result.better],
            {True: "Yes", False: "No", None: ""}[result.target_met],
            result.rag, result.quartile or "",
            position.comment if position else "",
            "Yes" if position and position.carried_forward else "",
        ])


def _findings_sheet(workbook: Workbook, snapshot: QuarterSnapshot) -> None:
    headings = ("Severity", "Directorate", "File", "Sheet", "Cell", "Rule", "Message", "Fix")
    sheet = _sheet(workbook, "Findings", headings, (10, 18, 28, 14, 8, 22, 60, 50),
                   rows=len(snapshot.findings))
    for finding in sort_findings(snapshot.findings):
        sheet.append([finding.severity.value, finding.directorate, finding.file,
                      finding.sheet, finding.cell, finding.rule, finding.message, finding.fix],
                     shade={1: SEVERITY_FILLS[finding.severity]})


def write_table(title: str, headings: Sequence[str], rows: Iterable[Sequence[object]],
                path: Path, widths: Sequence[int] | None = None) -> Path:
    """A one-sheet workbook of plain rows (the timetable, the evidence sample)."""
    rows = list(rows)
    path.parent.mkdir(parents=True, exist_ok=True)  # fail before any row is streamed
    workbook = Workbook(write_only=True)
    sheet = _sheet(workbook, title[:31], headings, widths or [22] * len(headings),
                   rows=len(rows))
    for values in rows:
        sheet.append(values)
    return save_atomically(workbook, path)


def sample_rows(sample: Sequence[SampledAction]) -> list[list[object]]:
    """The evidence sample as rows for ``write_table``."""
    return [[s.ref, s.directorate, status_text(s.status), s.action, s.success_criteria,
             s.evidence or "(no evidence cited)", ""] for s in sample]


SAMPLE_HEADINGS = ("Ref", "Lead directorate", "Status", "Key action", "Success criteria",
                   "Evidence cited", "Checked by / date / result")
