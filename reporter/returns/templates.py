"""Directorate return workbooks: one per directorate, pre-filled and guarded.

``write_returns(plan, settings, quarter, out_dir)`` writes the quarter's returns;
``write_return(...)`` writes one. Each workbook has an Instructions sheet, an
Actions sheet (that directorate's actions, grouped by theme and outcome), a KPIs
sheet, a Recommendations sheet when the directorate leads one, and a very hidden
metadata sheet. Titles and metadata keys come from ``reporter.returns.layout``.

The workbook is built from code every time (never by loading and re-saving a
template, which loses validation lists and unlocked flags). Sheet protection has
no password: it stops slips, not people, and the reader re-checks everything.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from reporter.config.plan import (
    Action,
    Directorate,
    Indicator,
    Plan,
    Recommendation,
    plan_fingerprint,
)
from reporter.config.settings import Settings
from reporter.files import atomic_path
from reporter.indicators.table_periods import Period, quarter_period, year_period
from reporter.indicators.year_to_date import Values, aggregate, due_in, figure
from reporter.periods import Quarter
from reporter.returns import layout as L
from reporter.returns.bounds import bounds_source
from reporter.returns.return_style import (
    BOLD,
    CENTRE,
    DATE_FORMAT,
    HEADER_ROW,
    NO_WRAP,
    OUTCOME_FILL,
    THEME_FILL,
    TITLE_FONT,
    Column,
    add_validation,
    date_validation,
    finish,
    fit_row,
    group_row,
    header,
    list_validation,
    not_for_input,
    number_validation,
    print_setup,
    protect,
    put_text,
    ranges,
    status_colours,
    style_row,
    write_text,
)
from reporter.snapshot import IndicatorMonth, QuarterSnapshot
from reporter.words import day_with_weekday

REC_STATUS_WORDS: tuple[str, ...] = ("Complete", "Not complete")

Figures = dict[str, dict[tuple[int, int], float]]  # PI ref -> (year, month) -> figure

_ACTION_COLUMNS: tuple[Column, ...] = (
    Column(L.REF, 7, centre=True),
    Column(L.OUTCOME, 9, centre=True),
    Column(L.KEY_ACTION, 34),
    Column(L.KEY_DATE, 13),
    Column(L.LEAD_DIRECTOR, 14),
    Column(L.SUCCESS_CRITERIA, 30),
    Column(L.LAST_STATUS, 10, centre=True),
    Column(L.LAST_COMMENTARY, 28),
    Column(L.STATUS, 11, is_input=True, centre=True),
    Column(L.PROGRESS, 34, is_input=True),
    Column(L.REMEDIAL, 28, is_input=True),
    Column(L.REVISED_DATE, 12, is_input=True, centre=True),
    Column(L.EVIDENCE, 26, is_input=True),
    Column(L.NOTABLE, 12, is_input=True, centre=True),
)
assert tuple(c.title for c in _ACTION_COLUMNS) == L.ACTION_COLUMNS
assert {c.title for c in _ACTION_COLUMNS if c.is_input} == set(L.INPUT_ACTION_COLUMNS)

_REC_COLUMNS: tuple[Column, ...] = (
    Column(L.REC_REF, 10, centre=True),
    Column(L.REC_SOURCE, 18),
    Column(L.REC_TEXT, 48),
    Column(L.REC_ORIGINAL_DATE, 13, centre=True),
    Column(L.REC_REVISED_DATE, 13, centre=True),
    Column(L.REC_STATUS, 14, is_input=True, centre=True),
    Column(L.REC_PROGRESS, 48, is_input=True),
    Column(L.REC_NEW_DATE, 13, is_input=True, centre=True),
)
assert tuple(c.title for c in _REC_COLUMNS) == L.RECOMMENDATION_COLUMNS

_INSTRUCTION_COLUMNS: tuple[Column, ...] = (Column("", 10), Column("", 110))


# --- public surface ---------------------------------------------------------------------


def return_filename(quarter: Quarter, directorate: str) -> str:
    """The file name of a directorate's return: ``2009-10-Q3_Operations.xlsx``.

    Safe on every system: ``&`` becomes ``and``, accents are dropped, anything but
    letters, digits, ``-`` and ``_`` becomes ``_``.
    """
    return f"{quarter.folder}_{file_stem(directorate)}.xlsx"


def file_stem(directorate: str) -> str:
    """A directorate's name as a file name's stem, safe on every system (see
    ``return_filename``): ``Children_and_Young_People_s_Services``."""
    text = directorate.replace("&", " and ").replace("+", " and ")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9-]+", "_", text).strip("_-")[:60].strip("_-")
    return text or "directorate"


def key_date_display(action: Action) -> str:
    """The key date as written in a return's locked Key date cell (see Action.key_date_display)."""
    return action.key_date_display


def past_figures(series: Iterable[IndicatorMonth], quarter: Quarter) -> Figures:
    """The ``figures`` of a ``ReturnHistory`` from a history's series: each indicator's
    figures held from the start of last financial year up to ``quarter``, enough for
    last quarter's figure and the same period last year's, whatever the frequency."""
    start = quarter.financial_year.previous().start
    first, before = (start.year, start.month), quarter.months[0]
    result: Figures = {}
    for point in series:
        if first <= (point.year, point.month) < before and point.value is not None:
            result.setdefault(point.ref, {})[(point.year, point.month)] = point.value
    return result


@dataclass(frozen=True)
class ReturnHistory:
    """What the history shows in a return: ``previous`` (last quarter's merged snapshot)
    fills the read-only "Last quarter's" columns of the actions; ``figures`` (PI ref ->
    (year, month) -> figure, see ``past_figures``) fills the KPIs' "Last quarter" and
    "Same period last year", which are left blank without it."""

    previous: QuarterSnapshot | None = None
    figures: Figures = field(default_factory=dict)


def write_return(plan: Plan, settings: Settings, quarter: Quarter, directorate: str,
                 path: Path | str, history: ReturnHistory | None = None) -> Path:
    """Write one directorate's return for ``quarter`` to ``path``; return the path."""
    history = history or ReturnHistory()
    previous = history.previous
    try:
        who = plan.directorate(directorate)
    except KeyError:
        raise ValueError(
            f"the directorate {directorate!r} is not in the plan; use one of: "
            + ", ".join(d.name for d in plan.directorates)
        ) from None
    if previous is not None and previous.quarter != quarter.previous():
        raise ValueError(
            f"the previous snapshot is for {previous.quarter.label}, but the return for "
            f"{quarter.label} shows {quarter.previous().label}: pass that quarter's snapshot"
        )
    context = _Context(plan, settings, quarter, who, previous, history.figures)
    workbook = Workbook()
    _instructions(workbook.active, context)
    _actions(workbook.create_sheet(L.ACTIONS_SHEET), context)
    _kpis(workbook.create_sheet(L.KPIS_SHEET), context)
    recommendations = plan.recommendations_of(who.name)
    if recommendations:
        _recommendations(workbook.create_sheet(L.RECOMMENDATIONS_SHEET), context, recommendations)
    _metadata(workbook.create_sheet(L.META_SHEET), context)

    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)  # no renaming or deleting sheets
    properties = workbook.properties
    plan_name = settings.organisation.plan_name
    properties.title = f"{plan_name} return: {who.name}, {quarter.label}"
    properties.subject = f"{settings.organisation.name} {plan_name} return for {quarter.label}"
    properties.creator = settings.author
    properties.keywords = f"{quarter.code}; {who.name}; template {L.TEMPLATE_VERSION}"
    return _save(workbook, Path(path))


def write_returns(
    plan: Plan,
    settings: Settings,
    quarter: Quarter,
    out_dir: Path | str,
    previous: QuarterSnapshot | None = None,
    figures: Figures | None = None,
) -> list[Path]:
    """Write one return per directorate into ``out_dir``; return the paths written.

    A directorate that leads no action, indicator or recommendation gets no return.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for directorate in plan.directorates:
        name = directorate.name
        if not (plan.actions_of(name) or plan.indicators_of(name)
                or plan.recommendations_of(name)):
            continue
        filename = return_filename(quarter, name)
        stem, n = filename[:-len(".xlsx")], 2
        while filename.lower() in used:  # two names that clean to the same file name
            filename, n = f"{stem}_{n}.xlsx", n + 1
        used.add(filename.lower())
        written.append(write_return(plan, settings, quarter, name, out / filename,
                                    ReturnHistory(previous, figures or {})))
    return written


# --- building the sheets ----------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    plan: Plan
    settings: Settings
    quarter: Quarter
    directorate: Directorate
    previous: QuarterSnapshot | None
    figures: Figures

    @property
    def deadline(self) -> str:
        entry = self.settings.timetable_for(self.quarter)
        return day_with_weekday(entry.returns_due) if entry else "the date in the covering email"

    @property
    def title(self) -> str:
        return (f"{self.settings.organisation.name}: {self.settings.organisation.plan_name} "
                f"return for {self.quarter.label}")

    @property
    def example_date(self) -> str:
        """A date in the quarter being returned, as the returns show dates: 31/03/2010."""
        return f"{self.quarter.end:%d/%m/%Y}"

    @property
    def send_to(self) -> str:
        return self.settings.returns_contact


def _title_block(ws: Worksheet, context: _Context, lines: Sequence[str]) -> None:
    """Rows 1-4: what this is, for whom, by when; row 5 is the header."""
    put_text(ws, 1, 1, context.title, TITLE_FONT, NO_WRAP)
    put_text(ws, 2, 1, f"Directorate: {context.directorate.name} "
          f"(lead: {context.directorate.lead_director})", BOLD, NO_WRAP)
    for offset, line in enumerate(lines[:2]):
        put_text(ws, 3 + offset, 1, line, None, NO_WRAP)


def _instructions(ws: Worksheet, context: _Context) -> None:
    ws.title = L.INSTRUCTIONS_SHEET
    for letter, column in zip("AB", _INSTRUCTION_COLUMNS):
        ws.column_dimensions[letter].width = column.width
    settings, who = context.settings, context.directorate
    put_text(ws, 1, 1, context.title, TITLE_FONT, NO_WRAP)
    put_text(ws, 2, 1, f"Directorate: {who.name} (lead: {who.lead_director})", BOLD, NO_WRAP)
    put_text(ws, 3, 1, f"Please send it back by {context.deadline}.", BOLD, NO_WRAP)
    has_recs = bool(context.plan.recommendations_of(who.name))
    steps = [
        f"Fill the yellow cells on the {L.ACTIONS_SHEET} sheet, one row per key action. The grey "
        f"cells are the {settings.organisation.plan_name}: they are locked, and a change to "
        "them is not used.",
        f"{L.STATUS}: choose Red, Amber, Green or Complete from the list in the cell, using the "
        "status key below.",
        f"The key date in the plan governs. A Green or Amber action whose key date has passed "
        f"(on or before {day_with_weekday(context.quarter.end)}) will be reported as Red.",
        f"Red: say what progress has been made and why the action is late ({L.PROGRESS}), what "
        f"is being done about it ({L.REMEDIAL}), and when it will now be done ({L.REVISED_DATE}, "
        f"a date such as {context.example_date}). A revised date is reported to the Board; "
        "only a revision "
        "the Board agrees moves the key date.",
        f"Complete: say what was achieved and where the evidence is ({L.EVIDENCE}). Evidence is "
        "checked for a sample of actions.",
        f"{L.NOTABLE}: choose Y for an achievement the Board should hear about this quarter.",
        f"On the {L.KPIS_SHEET} sheet, type the figures due this quarter in the yellow "
        f"cells, as numbers only: 97.5 for 97.5%, no % sign or units. A monthly indicator has "
        f"a figure for each month, a quarterly one the quarter's figure (the "
        f"'{context.quarter.label}' column) and an annual one the year's figure, in the "
        f"quarter it is due. Grey cells marked '{L.NOT_DUE}' are not due this quarter: "
        "leave them. The drop-down rule of each cell says which figures it takes.",
        f"If a figure is not known yet, leave its cell blank and say why in the {L.COMMENT} "
        "(do not type 0: a 0 is read as the figure). A cumulative figure (the year so far) "
        f"should not fall during the year. {L.LAST_QUARTER}, {L.SAME_PERIOD_LAST_YEAR} and "
        f"the target are there for comparison; use the {L.COMMENT} to explain a figure that "
        "is off target or far from them.",
    ]
    if has_recs:
        steps.append(f"On the {L.RECOMMENDATIONS_SHEET} sheet, choose Complete or Not complete, "
                     f"give the progress and, if it is not complete, a {L.REC_NEW_DATE.lower()}.")
    steps += [
        "Do not change the grey cells, rename the sheets or insert columns in the middle of a "
        "table. Extra columns at the end of a table are fine. For a new line in a cell press "
        "Alt+Enter.",
        f"Save the workbook as an Excel workbook (.xlsx), keeping its name, and send it back "
        f"to {context.send_to} by {context.deadline}.",
    ]
    row = 5
    put_text(ws, row, 1, "What to do", BOLD, NO_WRAP)
    for number, step in enumerate(steps, start=1):
        row += 1
        put_text(ws, row, 1, f"{number}.", None, CENTRE)
        put_text(ws, row, 2, step)

    row += 2
    put_text(ws, row, 1, f"Status key (as the {settings.organisation.plan_name} defines it)",
             BOLD, NO_WRAP)
    for status in context.settings.status_scheme.categories:
        row += 1
        put_text(ws, row, 1, status.name_in_key, Font(bold=True, color=status.text_colour),
                 CENTRE)
        ws.cell(row=row, column=1).fill = PatternFill("solid", start_color=status.colour,
                                                      end_color=status.colour)
        put_text(ws, row, 2, status.key_text)
    # The key's name for a category may differ from the list's word (Clear is Complete).
    for status in context.settings.status_scheme.categories:
        if status.name_in_key != status.label:
            row += 1
            put_text(ws, row, 2, f"In the {L.STATUS} list, {status.name_in_key} is called "
                     f"{status.label}.")

    row += 2
    put_text(ws, row, 1, "Whom to ask", BOLD, NO_WRAP)
    contact = who.contact or who.lead_director
    row += 1
    put_text(ws, row, 2, f"About your actions and figures: your directorate's contact, {contact} "
          f"({who.lead_director}).")
    row += 1
    put_text(ws, row, 2, f"About this return or the plan: {context.send_to}, "
          f"{settings.organisation.name}.")
    for line in range(6, row + 1):
        if isinstance(ws.cell(row=line, column=2).value, str):
            fit_row(ws, line, _INSTRUCTION_COLUMNS)
    ws.print_area = f"A1:B{row}"
    print_setup(ws)
    ws.page_setup.orientation = "portrait"
    ws.sheet_view.showGridLines = False
    protect(ws)


def _actions(ws: Worksheet, context: _Context) -> None:
    plan, who = context.plan, context.directorate
    actions = plan.actions_of(who.name)
    _title_block(ws, context, [
        f"Please send it back by {context.deadline} to {context.send_to}. "
        f"Read the {L.INSTRUCTIONS_SHEET} sheet first.",
        "Fill the yellow cells. The grey cells are the plan and are locked.",
    ])
    header(ws, _ACTION_COLUMNS)
    col = {c.title: i for i, c in enumerate(_ACTION_COLUMNS, start=1)}
    width = len(_ACTION_COLUMNS)
    row = HEADER_ROW
    action_rows: list[int] = []
    theme = outcome = None
    for action in actions:  # plan order; the plan lists actions by outcome
        this_outcome = plan.outcome(action.outcome)
        if this_outcome.theme != theme:
            theme = this_outcome.theme
            row += 1
            group_row(ws, row, f"Theme {theme}: {plan.theme(theme).title}", THEME_FILL, width)
        if action.outcome != outcome:
            outcome = action.outcome
            row += 1
            group_row(ws, row, f"{this_outcome.ref} {this_outcome.title}", OUTCOME_FILL, width)
        row += 1
        action_rows.append(row)
        style_row(ws, row, _ACTION_COLUMNS)
        position = context.previous.action(action.ref) if context.previous else None
        values = {
            L.REF: action.ref,
            L.OUTCOME: action.outcome,
            L.KEY_ACTION: action.text,
            L.KEY_DATE: key_date_display(action),
            L.LEAD_DIRECTOR: who.lead_director,
            L.SUCCESS_CRITERIA: action.success_criteria,
        }
        if position is not None:
            values[L.LAST_STATUS] = (position.status.value if position.status
                                     else position.returned_status_text)
            values[L.LAST_COMMENTARY] = position.commentary
        for title, value in values.items():
            if value:
                write_text(ws.cell(row=row, column=col[title]), value)
        ws.cell(row=row, column=col[L.REVISED_DATE]).number_format = DATE_FORMAT
        fit_row(ws, row, _ACTION_COLUMNS, minimum_lines=2)

    scheme = context.settings.status_scheme
    add_validation(ws, list_validation(
        scheme.dropdown, "Status", f"Choose {scheme.labels()}.",
        f"Choose {scheme.labels()} from the list. The status key is on the "
        "Instructions sheet."), col[L.STATUS], action_rows)
    add_validation(ws, date_validation("Revised date", context.example_date),
                   col[L.REVISED_DATE], action_rows)
    add_validation(ws, list_validation(
        L.NOTABLE_WORDS, "Notable achievement",
        "Y if the Board should hear about it this quarter, otherwise N or blank.",
        "Choose Y or N from the list."), col[L.NOTABLE], action_rows)
    for title in (L.STATUS, L.LAST_STATUS):
        if action_rows:
            status_colours(ws, ranges(col[title], action_rows), context.settings)
    finish(ws, _ACTION_COLUMNS, row)


def _polarity(indicator: Indicator) -> str:
    if not indicator.judged:
        return "Data only"
    return "Higher is better" if indicator.higher_is_better else "Lower is better"


def _frequency(indicator: Indicator) -> str:
    if indicator.frequency == "annual":
        return f"Annual (due Q{indicator.due_quarter})"
    return indicator.frequency.capitalize()


def _quarter_figure(indicator: Indicator, quarter: Quarter, values: Values) -> float | None:
    """A quarter's figure as the indicator is kept: a quarterly one's own; a monthly one's
    months added up by its year-to-date rule (a sum only when all three are held)."""
    if indicator.frequency == "quarterly":
        return figure(quarter_period(quarter), values)
    held = [v for y, m in quarter.months if (v := values.get((y, m))) is not None]
    if indicator.year_to_date == "sum" and len(held) < 3:
        return None
    return aggregate(indicator.year_to_date, held)


def _beside(indicator: Indicator, quarter: Quarter, values: Values
            ) -> tuple[float | None, float | None]:
    """Last quarter's figure and the same period last year's, shown beside the inputs.
    An annual indicator has no quarter's figure: only last year's is shown."""
    if indicator.frequency == "annual":
        return None, figure(year_period(quarter.financial_year.previous()), values)
    return (_quarter_figure(indicator, quarter.previous(), values),
            _quarter_figure(indicator, quarter.same_quarter_last_year(), values))


def figure_periods(indicators: Sequence[Indicator], quarter: Quarter) -> tuple[Period, ...]:
    """The figure columns of a KPIs sheet: the quarter's months (always: the layout's
    contract), then the quarter and the year where an indicator is due for them."""
    due = {p for indicator in indicators for p in due_in(indicator, quarter)}
    months = tuple(Period("month", y, m, quarter.first_month) for y, m in quarter.months)
    return months + tuple(sorted((p for p in due if p.kind != "month"),
                                 key=lambda p: p.kind != "quarter"))


def _kpis(ws: Worksheet, context: _Context) -> None:
    quarter = context.quarter
    indicators = context.plan.indicators_of(context.directorate.name)
    periods = figure_periods(indicators, quarter)
    columns: list[Column] = [
        Column(L.PI_REF, 10, centre=True),
        Column(L.DESCRIPTION, 40),
        Column(L.UNIT, 9, centre=True),
        Column(L.FREQUENCY, 11, centre=True),
        Column(L.POLARITY, 11, centre=True),
        Column(L.TARGET, 9, centre=True),
        Column(L.LAST_QUARTER, 10, centre=True),
        Column(L.SAME_PERIOD_LAST_YEAR, 12, centre=True),
        *(Column(L.period_title(p), 11, is_input=True, centre=True) for p in periods),
        Column(L.COMMENT, 40, is_input=True),
    ]
    col = {c.title: i for i, c in enumerate(columns, start=1)}
    _title_block(ws, context, [
        "Type the figures due this quarter in the yellow cells, as numbers (97.5 for 97.5%); "
        f"cells marked '{L.NOT_DUE}' are not due. Targets are for "
        f"{quarter.financial_year.label}.",
        "Not known yet? Leave it blank and say why in the Comment (do not type 0). The grey "
        "cells are the plan and are locked.",
    ])
    header(ws, columns)
    row = HEADER_ROW
    # Due cells by (bounds, column): one drop-down rule per bounds, as the reader checks.
    due_rows: dict[tuple[tuple[float | None, float | None], str], dict[int, list[int]]] = {}
    for indicator in indicators:
        row += 1
        style_row(ws, row, columns)
        for title, text in ((L.PI_REF, indicator.ref), (L.DESCRIPTION, indicator.description),
                            (L.UNIT, indicator.unit), (L.FREQUENCY, _frequency(indicator)),
                            (L.POLARITY, _polarity(indicator))):
            write_text(ws.cell(row=row, column=col[title]), text)
        target = indicator.target_for(quarter.financial_year)
        if target is not None and indicator.judged:
            ws.cell(row=row, column=col[L.TARGET], value=target)
        last_quarter, last_year = _beside(indicator, quarter,
                                          context.figures.get(indicator.ref, {}))
        for title, value in ((L.LAST_QUARTER, last_quarter),
                             (L.SAME_PERIOD_LAST_YEAR, last_year)):
            if value is not None:  # an average of months would show 13.09333333
                places = indicator.decimals if indicator.decimals is not None else 2
                ws.cell(row=row, column=col[title], value=round(float(value), places))
        due = set(due_in(indicator, quarter))
        rule = due_rows.setdefault((indicator.bounds, bounds_source(indicator)), {})
        for period in periods:
            column = col[L.period_title(period)]
            if period in due:
                rule.setdefault(column, []).append(row)
            else:
                not_for_input(ws.cell(row=row, column=column))
        fit_row(ws, row, columns, minimum_lines=2)
    for (bounds, source), cells in due_rows.items():
        if cells:
            validation = number_validation(bounds, source)
            for column, rows in cells.items():
                for area in ranges(column, rows).split():
                    validation.add(area)
            ws.add_data_validation(validation)
    finish(ws, columns, row)


def _recommendations(ws: Worksheet, context: _Context,
                     recommendations: Sequence[Recommendation]) -> None:
    _title_block(ws, context, [
        "External recommendations your directorate leads: say whether each is complete, "
        "the progress made and, if it is not complete, a new target date.",
        "Fill the yellow cells. The grey cells are the plan and are locked.",
    ])
    header(ws, _REC_COLUMNS)
    col = {c.title: i for i, c in enumerate(_REC_COLUMNS, start=1)}
    row = HEADER_ROW
    rows: list[int] = []
    for recommendation in recommendations:
        row += 1
        rows.append(row)
        style_row(ws, row, _REC_COLUMNS)
        values = {
            L.REC_REF: recommendation.ref,
            L.REC_SOURCE: recommendation.source,
            L.REC_TEXT: recommendation.text,
            L.REC_ORIGINAL_DATE: recommendation.original_date.text,
            L.REC_REVISED_DATE: recommendation.revised_date.text
            if recommendation.revised_date else "",
        }
        for title, value in values.items():
            if value:
                write_text(ws.cell(row=row, column=col[title]), value)
        ws.cell(row=row, column=col[L.REC_NEW_DATE]).number_format = DATE_FORMAT
        fit_row(ws, row, _REC_COLUMNS, minimum_lines=2)
    add_validation(ws, list_validation(
        REC_STATUS_WORDS, "Status", "Choose Complete or Not complete.",
        "Choose Complete or Not complete from the list."), col[L.REC_STATUS], rows)
    add_validation(ws, date_validation("New target date", context.example_date),
                   col[L.REC_NEW_DATE], rows)
    finish(ws, _REC_COLUMNS, row)


def _metadata(ws: Worksheet, context: _Context) -> None:
    rows = (
        (L.META_VERSION, L.TEMPLATE_VERSION),
        (L.META_QUARTER, context.quarter.code),
        (L.META_DIRECTORATE, context.directorate.name),
        (L.META_FINGERPRINT, plan_fingerprint(context.plan, context.directorate.name)),
        (L.META_GENERATED, datetime.now(UTC).isoformat(timespec="seconds")),
    )
    for number, (key, value) in enumerate(rows, start=1):
        write_text(ws.cell(row=number, column=1), key)
        write_text(ws.cell(row=number, column=2), value)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _save(workbook: Workbook, path: Path) -> Path:
    """Save through a temporary file, so a failed write never leaves half a workbook."""
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return path
