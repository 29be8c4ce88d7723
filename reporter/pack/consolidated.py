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
from reporter.indicators.figures import number_format, round_figure
from reporter.indicators.results import NOT_DUE, IndicatorResult
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
            "title": f"{settings.organisation.plan_name}: consolidated returns for "
                     f"{snapshot.quarter.label}",
            "author": settings.organisation.name})
        _summary_sheet(book, settings, snapshot)
        _actions_sheet(book, plan, settings, snapshot)
        _indicators_sheet(book, snapshot, results)
        _findings_sheet(book, snapshot)
    return Path(path)


def _summary_sheet(book: Book, settings: Settings, snapshot: QuarterSnapshot) -> None:
    sheet = Table(book, "Summary", ("Status", "Actions"), (24, 12), rows=0)
    summary = status_summary(snapshot, scheme=settings.status_scheme)
    for status in summary.current:
        sheet.append([status_text(status), summary.current.get(status, 0)],
                     shade={1: settings.colours.get(status, status.colour)}
                     if status is not None else None)
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
        ], shade={10: settings.colours.get(reported, reported.colour)}
           if reported is not None else None)


POLARITY_WORDS = {"higher": "Higher is better", "lower": "Lower is better",
                  "none": "Data only"}


def _indicators_sheet(book: Book, snapshot: QuarterSnapshot,
                      results: Sequence[IndicatorResult]) -> None:
    """One row an indicator: how it is kept, the quarter's figures (the month columns
    hold what each month stores: a quarterly or annual figure is in its last month, as
    ``history.backfill`` reads it back), the year to date, last year's like-for-like
    figure or why there is none, the target judged and its basis. Figures are numbers
    rounded to the register's decimals, shown with them."""
    month_titles = snapshot.quarter.month_labels
    headings = ("PI ref", "Description", "Unit", "Polarity", "Frequency", "Rule",
                "Owner directorate", *month_titles, "Year to date", "Basis",
                "Same period last year", "Last year basis", "Better than last year",
                "Target", "Target basis", "Target met", "Status", "Quartile", "Basis assumed",
                "Comment", "Carried forward")
    widths = (10, 40, 10, 12, 10, 9, 18, *(10,) * len(month_titles), 11, 24, 12, 30, 13,
              10, 30, 10, 14, 14, 11, 40, 11)
    first_figure = headings.index(month_titles[0]) + 1 if month_titles else 0
    figure_columns = [*range(first_figure, first_figure + len(month_titles)),
                      headings.index("Year to date") + 1,
                      headings.index("Same period last year") + 1, headings.index("Target") + 1]
    sheet = Table(book, "Indicators", headings, widths, rows=len(results))
    for result in results:
        indicator = result.indicator
        position = snapshot.indicator(indicator.ref)
        values = {(m.year, m.month): m.value for m in result.months}
        decimals = indicator.decimals
        shown = number_format(decimals)
        sheet.append([
            indicator.ref, indicator.description, indicator.unit,
            POLARITY_WORDS.get(indicator.polarity, indicator.polarity), indicator.frequency,
            indicator.year_to_date, indicator.directorate,
            *(values.get(ym) for ym in snapshot.quarter.months),  # as typed: backfill reads them
            _rounded(result.value, decimals), result.value_basis or _no_value(result),
            _rounded(result.last_year, decimals), result.last_year_basis, result.compared,
            _rounded(result.target, decimals), result.target_basis,
            {True: "Yes", False: "No", None: ""}[result.target_met],
            result.rag, result.quartile or "",
            "Yes" if indicator.basis_assumed else "",
            position.comment if position else "",
            "Yes" if position and position.carried_forward else "",
        ], number_formats=None if shown is None else dict.fromkeys(figure_columns, shown))


def _rounded(value: float | None, decimals: int | None) -> float | None:
    return None if value is None else round_figure(value, decimals)


def _no_value(result: IndicatorResult) -> str:
    """Why the year to date is empty: an annual figure not due yet, or no figure held."""
    return "not due yet" if result.rag == NOT_DUE else "no figure held"


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
