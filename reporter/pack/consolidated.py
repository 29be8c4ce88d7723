"""The consolidated workbook: every action and indicator of the quarter in one
filterable workbook, with the findings, for the PSI officer and for audit.

Written with ``reporter.xlsx`` in XlsxWriter's constant-memory mode: at 1,000 returns
the Actions sheet alone holds a million cells, and each row goes to disk as it is
written. Text from returns goes through ``Book.text``, so it can never become a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reporter.analysis import status_summary
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.findings import Severity, sort_findings
from reporter.indicators.results import IndicatorResult
from reporter.sampling import SampledAction
from reporter.snapshot import QuarterSnapshot
from reporter.status import Status
from reporter.xlsx import Book, Table, open_workbook

SEVERITY_FILLS = {Severity.ERROR: "C00000", Severity.WARNING: "FFC000", Severity.INFO: "BDD7EE"}


def status_text(status: Status | None) -> str:
    """'R Red', 'C Complete' or 'Not reported': the letter, so colour is not the only signal."""
    return f"{status.letter} {status.value}" if status else "Not reported"


def write_consolidated(plan: Plan, settings: Settings, snapshot: QuarterSnapshot,
                       results: Sequence[IndicatorResult], path: Path) -> Path:
    """Write consolidated.xlsx: Summary, Actions, Indicators and Findings sheets."""
    with open_workbook(path, constant_memory=True) as book:
        book.workbook.set_properties({
            "title": f"Improvement Plan: consolidated returns for {snapshot.quarter.label}",
            "author": settings.organisation.name})
        _summary_sheet(book, settings, snapshot)
        _actions_sheet(book, plan, settings, snapshot)
        _indicators_sheet(book, snapshot, results)
        _findings_sheet(book, snapshot)
    return Path(path)


def _summary_sheet(book: Book, settings: Settings, snapshot: QuarterSnapshot) -> None:
    sheet = Table(book, "Summary", ("Status", "Actions"), (24, 12), rows=0)
    summary = status_summary(snapshot)
    for status in (Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED, None):
        sheet.append([status_text(status), summary.current.get(status, 0)],
                     shade={1: settings.colours[status]} if status is not None else None)
    sheet.append(["Total", len(snapshot.actions)])
    if snapshot.missing_directorates:
        sheet.append(["No return from", ", ".join(snapshot.missing_directorates)])
    counts = {s: sum(1 for f in snapshot.findings if f.severity is s) for s in Severity}
    words = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "notes"}
    for severity, count in counts.items():
        sheet.append([f"Findings: {words[severity]}", count])


def _actions_sheet(book: Book, plan: Plan, settings: Settings,
                   snapshot: QuarterSnapshot) -> None:
    headings = ("Theme", "Outcome", "Ref", "Key action", "Key date", "Due", "Lead directorate",
                "Success criteria", "Status as returned", "Status reported",
                "Changed by key-date rule", "Progress commentary", "Remedial action",
                "Revised date offered", "Evidence", "Notable achievement", "Carried forward",
                "Source file")
    widths = (7, 30, 7, 40, 14, 12, 18, 36, 16, 14, 12, 50, 40, 14, 30, 11, 11, 26)
    sheet = Table(book, "Actions", headings, widths, rows=len(plan.actions))
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


def _indicators_sheet(book: Book, snapshot: QuarterSnapshot,
                      results: Sequence[IndicatorResult]) -> None:
    month_titles = snapshot.quarter.month_labels
    headings = ("PI ref", "Description", "Unit", "Polarity", "Owner directorate", *month_titles,
                "Year to date", "Basis", "Same period last year", "Target", "Better than last year",
                "Target met", "Status", "Quartile", "Comment", "Carried forward")
    widths = (10, 40, 8, 10, 18, *(10,) * len(month_titles), 11, 20, 12, 10, 12, 10, 16, 14, 40,
              11)
    sheet = Table(book, "Indicators", headings, widths, rows=len(results))
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


def _findings_sheet(book: Book, snapshot: QuarterSnapshot) -> None:
    headings = ("Severity", "Directorate", "File", "Sheet", "Cell", "Rule", "Message", "Fix")
    sheet = Table(book, "Findings", headings, (10, 18, 28, 14, 8, 22, 60, 50),
                   rows=len(snapshot.findings))
    for finding in sort_findings(snapshot.findings):
        sheet.append([finding.severity.value, finding.directorate, finding.file,
                      finding.sheet, finding.cell, finding.rule, finding.message, finding.fix],
                     shade={1: SEVERITY_FILLS[finding.severity]})


def sample_rows(sample: Sequence[SampledAction]) -> list[list[object]]:
    """The evidence sample as rows for ``write_table``."""
    return [[s.ref, s.directorate, status_text(s.status), s.action, s.success_criteria,
             s.evidence or "(no evidence cited)", ""] for s in sample]


SAMPLE_HEADINGS = ("Ref", "Lead directorate", "Status", "Key action", "Success criteria",
                   "Evidence cited", "Checked by / date / result")
