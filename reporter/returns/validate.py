"""Validate a quarter's returns against the plan and merge them into one snapshot.

``validate_quarter(plan, settings, quarter, read, previous)`` is pure: it takes what
``ingest`` read and gives back a ``QuarterSnapshot`` holding a position for every
action, indicator and recommendation of the plan, and every finding (the reading
ones included). It never raises over a return's content and never guesses: a word
it does not know is reported, not mapped to the nearest status.

The plan governs. A Green or Amber action whose key date (in the plan) fell on or
before the quarter end is reported as Red and the directorate is told; a revised
date from a directorate is reported as written and never moves the key date.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date

from reporter.cells import cell_text
from reporter.config.plan import Action, Indicator, Plan, plan_fingerprint
from reporter.config.settings import Settings
from reporter.findings import Finding, Severity, sort_findings
from reporter.indicators.table_periods import Period
from reporter.indicators.year_to_date import due_in, nearly_equal, stored_month
from reporter.key_dates import KeyDate, parse_key_date
from reporter.periods import Quarter
from reporter.processes import collector_paused
from reporter.returns import layout
from reporter.returns.bounds import bounds_source, bounds_text, within
from reporter.returns.columns import title_period
from reporter.returns.records import ReadResult, ReturnData, SheetRow
from reporter.snapshot import (
    ActionPosition,
    IndicatorMonth,
    IndicatorPosition,
    QuarterSnapshot,
    RecommendationPosition,
    ReturnFile,
)
from reporter.status import LATE_IF_PAST_KEY_DATE, Status, StatusScheme

# A figure that moves by more than this fraction of the figure it is compared with (the
# period before, or the same period last year) is queried: 0.5 = a 50% change.
KPI_JUMP_THRESHOLD = 0.5

_YES = frozenset({"y", "yes", "true", "x", "1"})
_NO = frozenset({"n", "no", "false", "0", "-"})
_NOT_COMPLETE = frozenset({"not complete", "incomplete", "no", "n", "open", "outstanding"})
_ERROR_VALUE = re.compile(r"^#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|GETTING_DATA|ERROR)")


def validate_quarter(
    plan: Plan,
    settings: Settings,
    quarter: Quarter,
    read: ReadResult,
    previous: QuarterSnapshot | None = None,
    *,
    last_year: QuarterSnapshot | None = None,
) -> QuarterSnapshot:
    """The merged, validated quarter: one position per plan action, and every finding.

    ``previous`` is last quarter's snapshot: a directorate that sent no return has its
    positions carried forward from it, and a Complete action that is no longer
    Complete is queried. ``last_year`` (the same quarter a year ago) is the baseline
    for indicator jumps; without it the return's own "(last year)" columns are used.
    """
    with collector_paused():
        return _validate(plan, settings, quarter, read, (previous, last_year))


def _validate(plan: Plan, settings: Settings, quarter: Quarter, read: ReadResult,
              before: tuple[QuarterSnapshot | None, QuarterSnapshot | None]) -> QuarterSnapshot:
    previous, last_year = before
    # The register's warnings (a basis assumed, a column not read) go to the officer with
    # the returns' findings.
    findings: list[Finding] = [*plan.warnings, *read.findings]
    chosen, files = _choose_returns(plan, quarter, read.returns, findings)
    actions: dict[str, ActionPosition] = {}
    indicators: dict[str, IndicatorPosition] = {}
    recommendations: dict[str, RecommendationPosition] = {}
    context = _Context.of(plan, settings, quarter, previous, last_year)
    for data in chosen.values():
        check = _ReturnCheck(context, data)
        findings.extend(data.findings)
        actions.update(check.actions())
        indicators.update(check.indicators())
        recommendations.update(check.recommendations())
        findings.extend(check.findings)

    missing = tuple(d.name for d in plan.directorates if d.name not in chosen and (
        plan.actions_of(d.name) or plan.indicators_of(d.name) or plan.recommendations_of(d.name)))
    if not chosen:
        # Nothing to report from: a wrong folder, or every file unreadable. A pack built
        # on no returns would only repeat last quarter (or nothing) as if it were news.
        findings.append(Finding(
            Severity.ERROR, "no-returns",
            f"no return for {quarter.label} could be used: the folder holds none that could "
            "be read for this quarter.",
            "Check the folder given with --returns, and the other findings for files that "
            "could not be read."))
    for name in missing:
        carried = _carry_forward(plan, quarter, name, previous, settings.status_scheme)
        actions.update(carried.actions)
        indicators.update(carried.indicators)
        recommendations.update(carried.recommendations)
        findings.append(carried.finding)

    return QuarterSnapshot(
        quarter=quarter,
        actions=tuple(actions.get(a.ref) or ActionPosition(a.ref, a.directorate, None)
                      for a in plan.actions),
        indicators=tuple(indicators.get(i.ref) or IndicatorPosition(i.ref, i.directorate)
                         for i in plan.indicators),
        recommendations=tuple(recommendations.get(r.ref)
                              or RecommendationPosition(r.ref, r.directorate, False)
                              for r in plan.recommendations),
        findings=tuple(sort_findings(findings)),
        returns=files,
        missing_directorates=missing,
    )


# ---------------------------------------------------------------------------
# Which returns are used
# ---------------------------------------------------------------------------

def _choose_returns(plan: Plan, quarter: Quarter, returns: tuple[ReturnData, ...],
                    findings: list[Finding]
                    ) -> tuple[dict[str, ReturnData], tuple[ReturnFile, ...]]:
    """One return per directorate: the newest for the quarter; the others reported."""
    candidates: dict[str, list[ReturnData]] = {}
    for data in returns:
        if not data.directorate:
            findings.extend(data.findings)  # says why it cannot be placed
            continue
        if data.quarter is not None and data.quarter != quarter:
            findings.append(Finding(
                Severity.ERROR, "wrong-quarter",
                f"this return is for {data.quarter.label}, not {quarter.label}, so it was "
                "not used.",
                f"Send the return for {quarter.label} (its file name starts "
                f"{quarter.folder}).", data.directorate, data.file))
            continue
        candidates.setdefault(data.directorate, []).append(data)
    chosen: dict[str, ReturnData] = {}
    for directorate, datas in candidates.items():
        ordered = sorted(datas, key=lambda d: (d.modified, d.file), reverse=True)
        newest = chosen[directorate] = ordered[0]
        for older in ordered[1:]:
            findings.append(Finding(
                Severity.WARNING, "duplicate-return",
                f"{older.file} and {newest.file} are both returns from {directorate}; the "
                f"newer, {newest.file} (saved {newest.modified:%d/%m/%Y %H:%M}), was used.",
                "Remove the file that is not the final return from the returns folder.",
                directorate, older.file))
        stated = newest.metadata.get(layout.META_FINGERPRINT, "")
        if stated and stated != plan_fingerprint(plan, directorate):
            findings.append(Finding(
                Severity.INFO, "plan-version",
                "this return was made from an earlier version of the plan; any plan text "
                "that differs is listed separately, and the plan's own text is used.",
                "Nothing, unless an action is missing: then use the return sent this quarter.",
                directorate, newest.file))
    files = tuple(ReturnFile(d.file, d.directorate, d.sha256,
                             used=chosen.get(d.directorate) is d) for d in returns)
    return chosen, files


@dataclass(frozen=True)
class _Carried:
    actions: dict[str, ActionPosition]
    indicators: dict[str, IndicatorPosition]
    recommendations: dict[str, RecommendationPosition]
    finding: Finding


def _carry_forward(plan: Plan, quarter: Quarter, directorate: str,
                   previous: QuarterSnapshot | None, scheme: StatusScheme) -> _Carried:
    """No return: last quarter's positions, marked carried forward (the key-date rule
    still runs)."""
    actions: dict[str, ActionPosition] = {}
    indicators: dict[str, IndicatorPosition] = {}
    recommendations: dict[str, RecommendationPosition] = {}
    overdue = 0
    if previous is not None:
        for action in plan.actions_of(directorate):
            last = previous.action(action.ref)
            if last is None:
                continue
            status = _reported_status(last.status, action.due_for(quarter.start), quarter, scheme)
            overdue += status != last.status
            actions[action.ref] = replace(last, status=status, returned_status=last.status,
                                          carried_forward=True)
        for indicator in plan.indicators_of(directorate):
            if (position := previous.indicator(indicator.ref)) is not None:
                indicators[indicator.ref] = replace(position, carried_forward=True)
        for rec in previous.recommendations:
            if rec.directorate == directorate:
                recommendations[rec.ref] = replace(rec, carried_forward=True)
    counts = (f"{len(plan.actions_of(directorate))} actions and "
              f"{len(plan.indicators_of(directorate))} indicators")
    if actions or indicators or recommendations:
        message = (f"no return from {directorate} for {quarter.label}: last quarter's "
                   f"positions ({counts}) are carried forward and marked as such.")
        if overdue:
            message += (f" {overdue} of them, Green or Amber last quarter, have passed their "
                        "key dates and are reported as Red.")
    else:
        message = (f"no return from {directorate} for {quarter.label}, and no earlier "
                   f"position is known: its {counts} are shown as not returned.")
    finding = Finding(Severity.WARNING, "return-missing", message,
                      f"Ask {directorate} for its return for {quarter.label}.", directorate)
    return _Carried(actions, indicators, recommendations, finding)


def _reported_status(status: Status | None, due: date | None, quarter: Quarter,
                     scheme: StatusScheme) -> Status | None:
    """The scheme's off-track category (Red) for an action not done whose key date
    (``due``, the action's ``due_for`` the quarter) fell on or before the quarter end:
    on track, at risk, not started or not due (see ``LATE_IF_PAST_KEY_DATE``)."""
    if (status is not None and status.meaning in LATE_IF_PAST_KEY_DATE
            and due is not None and due <= quarter.end):
        return scheme.late
    return status


# ---------------------------------------------------------------------------
# The checks of one return
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Context:
    """What every return's check shares, worked out once per quarter: asking it of the
    plan for each action or return made a national batch slow (and once made it quadratic)."""

    plan: Plan
    settings: Settings
    quarter: Quarter
    previous: QuarterSnapshot | None
    last_year: QuarterSnapshot | None
    owners: dict[str, dict[str, str]]  # kind -> ref key -> owning directorate
    leads: dict[str, str]  # directorate -> lead director
    exception_statuses: frozenset[Status]

    @classmethod
    def of(cls, plan: Plan, settings: Settings, quarter: Quarter,
           previous: QuarterSnapshot | None, last_year: QuarterSnapshot | None) -> _Context:
        owners = {"action": {_ref_key(a.ref): a.directorate for a in plan.actions},
                  "indicator": {_ref_key(i.ref): i.directorate for i in plan.indicators},
                  "recommendation": {_ref_key(r.ref): r.directorate
                                     for r in plan.recommendations}}
        return cls(plan, settings, quarter, previous, last_year, owners,
                   {d.name: d.lead_director for d in plan.directorates},
                   frozenset(settings.exception_statuses()))


class _ReturnCheck:
    """Checks one directorate's return; collects its positions and findings."""

    def __init__(self, context: _Context, data: ReturnData):
        self.context, self.data = context, data
        self.plan, self.settings, self.quarter = context.plan, context.settings, context.quarter
        self.team = self.settings.organisation.team_short  # who to ask, as the settings say
        self.example_date = f"{self.quarter.end:%d/%m/%Y}"  # a date in the quarter returned
        self.previous, self.last_year = context.previous, context.last_year
        self.directorate = data.directorate
        self.findings: list[Finding] = []

    def add(self, severity: Severity, rule: str, message: str, fix: str,
            row: SheetRow | None = None, cell: str = "") -> None:
        self.findings.append(Finding(severity, rule, message, fix, self.directorate,
                                     self.data.file, row.sheet if row else "", cell))

    def add_for_sheet(self, severity: Severity, rule: str, message: str, fix: str,
                      sheet: str) -> None:
        self.findings.append(Finding(severity, rule, message, fix, self.directorate,
                                     self.data.file, sheet))

    # -- rows and refs ---------------------------------------------------------------

    def _rows(self, rows: tuple[SheetRow, ...], kind: str, owner_of: dict[str, str],
              inputs: tuple[str, ...]) -> dict[str, SheetRow]:
        """The rows of known refs of this directorate, first of each; the rest reported."""
        chosen: dict[str, SheetRow] = {}
        for row in rows:
            if not row.ref:
                if any(_filled(row.value(t)) for t in inputs):
                    self.add(Severity.WARNING, "row-without-ref",
                             f"row {row.row} has entries but no {kind} ref, so it was not read.",
                             f"Put the {kind}'s ref back in the row, or move the entries to "
                             f"the row of the {kind} they belong to.", row, row.cell(inputs[0]))
                continue
            key = _ref_key(row.ref)
            ref_cell = row.cell(layout.PI_REF if kind == "indicator" else layout.REF)
            if key not in owner_of:
                self.add(Severity.ERROR, "unknown-ref",
                         f"'{row.ref}' is not a{'n' if kind[0] in 'aei' else ''} {kind} of the "
                         "plan, so the row was not used.",
                         f"Correct the ref to the {kind} you are reporting on (as in the return "
                         "sent to you), or delete the row.", row, ref_cell)
            elif owner_of[key] != self.directorate:
                self.add(Severity.WARNING, "other-directorate",
                         f"{row.ref} is {owner_of[key]}'s {kind}, not {self.directorate}'s, so "
                         "the row was not used.",
                         f"Delete the row and send the update to {owner_of[key]}.", row, ref_cell)
            elif key in chosen:
                self.add(Severity.ERROR, "duplicate-ref",
                         f"{row.ref} appears twice (rows {chosen[key].row} and {row.row}); the "
                         f"first, row {chosen[key].row}, was used.",
                         "Keep one row per ref: merge the two and delete the other.", row, ref_cell)
            else:
                chosen[key] = row
        return chosen

    def _missing(self, sheet: str, kind: str, refs: list[str], chosen: dict[str, SheetRow],
                 severity: Severity) -> None:
        if not refs:
            return
        if sheet not in self.data.sheet_names:
            self.add_for_sheet(severity, "sheet-missing",
                               f"the return has no '{sheet}' sheet, so none of its {len(refs)} "
                               f"{kind}s were reported.", f"Send the return generated for you, "
                               f"with its '{sheet}' sheet filled in.", sheet)
            return
        if sheet not in self.data.columns:
            return  # the header could not be read: reported by ingest
        for ref in refs:
            if _ref_key(ref) not in chosen:
                self.add_for_sheet(severity, f"{kind}-missing",
                                   f"{ref} is not in the return, so it is shown as not reported.",
                                   f"Add the row for {ref} back (copy it from the return sent "
                                   "to you) and fill it in.", self.data.sheet_names[sheet])

    # -- actions ---------------------------------------------------------------------

    def actions(self) -> dict[str, ActionPosition]:
        own = self.context.owners["action"]
        chosen = self._rows(self.data.actions, "action", own, layout.INPUT_ACTION_COLUMNS)
        refs = [a.ref for a in self.plan.actions_of(self.directorate)]
        self._missing(layout.ACTIONS_SHEET, "action", refs, chosen, Severity.ERROR)
        positions: dict[str, ActionPosition] = {}
        for action in self.plan.actions_of(self.directorate):
            row = chosen.get(_ref_key(action.ref))
            if row is not None:
                positions[action.ref] = self._action(action, row)
        return positions

    def _action(self, action: Action, row: SheetRow) -> ActionPosition:
        self._plan_text(action, row)
        ref, status_text = action.ref, _text(row.value(layout.STATUS))
        scheme = self.settings.status_scheme
        choose = f"Choose {scheme.labels()}"
        returned: Status | None = None
        if row.has(layout.STATUS):
            if not status_text:
                self.add(Severity.ERROR, "status-missing", f"{ref} has no status.",
                         f"{choose} in the Status column.",
                         row, row.cell(layout.STATUS))
            else:
                returned = self.settings.vocabulary.normalise(status_text)
                if returned is None:
                    self.add(Severity.ERROR, "status-unknown",
                             f"the status {_shown(status_text)} of {ref} is not a status word, "
                             "so it was not used.",
                             f"{choose} from the list in the cell.",
                             row, row.cell(layout.STATUS))
        typed = _as_typed(status_text, returned)  # what the directorate wrote, quoted
        due = action.due_for(self.quarter.start)
        status = _reported_status(returned, due, self.quarter, scheme)
        if status != returned and returned is not None and due is not None:
            late, done = scheme.late.label, scheme.complete.label
            self.add(Severity.WARNING, "key-date-passed",
                     f"{ref} is {typed} but its key date, {_day(due)}, falls on or "
                     f"before the quarter end ({_day(self.quarter.end)}), so it is reported "
                     f"as {late}.",
                     f"Mark it {done} if it is done; otherwise mark it {late} and give the "
                     "reason, the remedial action and a revised date.", row,
                     row.cell(layout.STATUS))
        revised = self._revised_date(action, row, (returned, typed), due)
        progress, remedial = _text(row.value(layout.PROGRESS)), _text(row.value(layout.REMEDIAL))
        evidence = _text(row.value(layout.EVIDENCE))
        if returned in self.context.exception_statuses:
            self._narrative(action, row, typed, {layout.PROGRESS: progress,
                                                 layout.REMEDIAL: remedial})
        if returned is not None and returned.done and row.has(layout.EVIDENCE) and not evidence:
            self.add(Severity.WARNING, "evidence-missing",
                     f"{ref} is {typed} but no evidence is given.",
                     "Say where the evidence of completion is (a document, a link, a report): "
                     "evidence is checked for a sample of actions.", row, row.cell(layout.EVIDENCE))
        last = self.previous.action(ref) if self.previous else None
        if (last is not None and last.status is not None and last.status.done
                and returned is not None and not returned.done):
            self.add(Severity.WARNING, "complete-reopened",
                     f"{ref} was {last.status.label} last quarter but is {typed} now.",
                     f"If it is done, mark it {scheme.complete.label}; if it was reopened, say "
                     "why in the progress commentary.", row, row.cell(layout.STATUS))
        return ActionPosition(
            ref=ref, directorate=self.directorate, status=status, returned_status=returned,
            returned_status_text=status_text, commentary=progress,
            remedial_action=remedial, revised_date=revised,
            evidence=evidence, notable=self._notable(action, row),
            source_file=self.data.file,
        )

    def _plan_text(self, action: Action, row: SheetRow) -> None:
        lead = self.context.leads.get(action.directorate, "")
        expected: dict[str, tuple[str, ...]] = {
            layout.KEY_ACTION: (action.text,),
            layout.KEY_DATE: _key_date_texts(action),
            layout.LEAD_DIRECTOR: (lead,),
            layout.SUCCESS_CRITERIA: (action.success_criteria,),
        }
        for title, texts in expected.items():
            if not row.has(title):
                continue
            value = row.value(title)
            shown = _text(value)
            if shown in texts or any(_same(shown, text) for text in texts):
                continue
            if title == layout.KEY_DATE and _same_date(value, action.key_date,
                                                       self.quarter.first_month):
                continue
            self.add(Severity.WARNING, "plan-text-changed",
                     f"the {title.lower()} of {action.ref} reads {_shown(shown)} in the "
                     f"return but {_shown(texts[0])} in the plan; the plan's is used.",
                     "Leave the grey plan cells as sent. To change the plan, ask the "
                     f"{self.team}: only the plan register changes it.", row, row.cell(title))

    def _narrative(self, action: Action, row: SheetRow, typed: str,
                   texts: dict[str, str]) -> None:
        """Off track (Red; Amber if the settings say so): the why and the what next."""
        for title, fix in (
            (layout.PROGRESS, "Say what progress has been made and why the action is off track."),
            (layout.REMEDIAL, "Say what is being done to bring it back on track, by whom and "
                              "by when."),
        ):
            if row.has(title) and not texts[title]:
                self.add(Severity.ERROR, "exception-narrative-missing",
                         f"{action.ref} is {typed} but its {title.lower()} is empty: "
                         "the Board is told why an action is off track and what is being done.",
                         fix, row, row.cell(title))

    def _revised_date(self, action: Action, row: SheetRow,
                      status: tuple[Status | None, str], due: date | None) -> str:
        """The revised date as written (reported, never obeyed), after checking it;
        ``status`` is the status read and as typed."""
        returned, typed = status
        value, cell = row.value(layout.REVISED_DATE), row.cell(layout.REVISED_DATE)
        revised = parse_key_date(value, self.quarter.first_month)
        text = revised.text if revised.parsed and revised.milestones else _text(value)
        if not row.has(layout.REVISED_DATE) or (returned is not None and returned.done):
            return text
        ref = action.ref
        if not revised.parsed:
            self.add(Severity.WARNING, "revised-date-invalid",
                     f"the revised date {_shown(text)} of {ref} is not understood as a date.",
                     f"Write a date such as {self.example_date} (day/month/year).", row, cell)
            return text
        when = revised.next_due(self.quarter.start)
        if when is None:
            if returned is not None and returned.off_track:
                given = f" ({_shown(text)})" if text else ""
                self.add(Severity.WARNING, "revised-date-missing",
                         f"{ref} is {typed} but gives no revised date{given}.",
                         "Give the date by which the action will now be done, such as "
                         f"{self.example_date}.", row, cell)
            return text
        if due is not None and when < due:
            self.add(Severity.WARNING, "revised-date-before-key-date",
                     f"the revised date {_day(when)} of {ref} is before its key date "
                     f"{_day(due)}.", "A revised date is the new, later date the action will be "
                     "done by: check it.", row, cell)
        elif when <= self.quarter.end:
            self.add(Severity.WARNING, "revised-date-past",
                     f"the revised date {_day(when)} of {ref} has already passed (the quarter "
                     f"ended {_day(self.quarter.end)}).",
                     "Mark it Complete if it is done; otherwise give a date still to come.",
                     row, cell)
        return text

    def _notable(self, action: Action, row: SheetRow) -> bool:
        text = _text(row.value(layout.NOTABLE)).lower()
        if not text or text in _NO:
            return False
        if text in _YES:
            return True
        self.add(Severity.WARNING, "notable-unknown",
                 f"the notable achievement entry {_shown(text)} of {action.ref} is not Y or N, "
                 "so it was read as N.", "Choose Y or N from the list in the cell.",
                 row, row.cell(layout.NOTABLE))
        return False

    # -- indicators ------------------------------------------------------------------

    def indicators(self) -> dict[str, IndicatorPosition]:
        own = self.context.owners["indicator"]
        mine = self.plan.indicators_of(self.directorate)
        columns = self.data.columns.get(layout.KPIS_SHEET)
        figures = tuple(t for t in columns or () if title_period(t) is not None)
        chosen = self._rows(self.data.indicators, "indicator", own, (*figures, layout.COMMENT))
        self._missing(layout.KPIS_SHEET, "indicator", [i.ref for i in mine], chosen,
                      Severity.WARNING)
        if columns is not None:
            due = dict.fromkeys(layout.period_title(p) for i in mine
                                for p in due_in(i, self.quarter))
            for title in due:
                if title not in columns:
                    self.add_for_sheet(Severity.ERROR, "kpi-figure-missing",
                                       f"the column '{title}' is missing, so no figures for "
                                       f"{title} were read.", f"Put the column '{title}' back "
                                       "as it was sent, with the figures due for it.",
                                       self.data.sheet_names[layout.KPIS_SHEET])
        positions: dict[str, IndicatorPosition] = {}
        for indicator in mine:
            row = chosen.get(_ref_key(indicator.ref))
            if row is not None:
                positions[indicator.ref] = self._indicator(indicator, row)
        return positions

    def _indicator(self, indicator: Indicator, row: SheetRow) -> IndicatorPosition:
        """The figures due this quarter, each held at its ``stored_month``, after checking
        them; a figure typed where none is due is reported, not used."""
        due = due_in(indicator, self.quarter)
        comment = _text(row.value(layout.COMMENT))
        values = []
        before: tuple[Period, float] | None = None  # the last figure typed in this return
        for period in due:
            title = layout.period_title(period)
            number = self._figure(indicator, row, title, comment) if row.has(title) else None
            if number is not None:
                previous, year_ago = self._earlier(indicator, row, period)
                if before is not None:
                    previous = before
                self._movement(indicator, row, period, number, previous, year_ago)
                before = (period, number)
            values.append(IndicatorMonth(indicator.ref, *stored_month(indicator, period), number))
        self._not_due(indicator, row, due)
        return IndicatorPosition(indicator.ref, self.directorate, tuple(values),
                                 comment=comment,
                                 stated_status=_text(row.value(layout.KPI_STATUS)),
                                 source_file=self.data.file)

    def _figure(self, indicator: Indicator, row: SheetRow, title: str,
                comment: str) -> float | None:
        value, cell = row.value(title), row.cell(title)
        if value is None:
            if comment:
                self.add(Severity.INFO, "kpi-figure-explained",
                         f"{indicator.ref} has no figure for {title}; the reason in the Comment "
                         f"was noted: {_shown(comment)}.",
                         f"Nothing now: send the figure to the {self.team} once it is known.",
                         row, cell)
            else:
                self.add(Severity.WARNING, "kpi-figure-missing",
                         f"{indicator.ref} has no figure for {title}.",
                         "Type the figure; if it is not known yet, leave it blank and say why "
                         "in the Comment.", row, cell)
            return None
        if isinstance(value, bool) or not isinstance(value, float):
            shown = _text(value)
            what = (f"shows the error value {shown} (a formula that failed)"
                    if _ERROR_VALUE.match(shown) else f"is {_shown(shown)}, not a number")
            self.add(Severity.ERROR, "kpi-not-number",
                     f"the figure of {indicator.ref} for {title} {what}.",
                     "Type the figure alone, such as 97.5 (no % sign or units); if there is "
                     "none, leave it blank and say why in the Comment.", row, cell)
            return None
        if not within(value, indicator.bounds):
            wanted = bounds_text(indicator.bounds)
            self.add(Severity.ERROR, "kpi-out-of-bounds",
                     f"the figure of {indicator.ref} for {title} is {_figure_text(value)}, but "
                     f"it must be {wanted}: the bounds are {bounds_source(indicator)}.",
                     f"Type {wanted}, such as 97.5 for 97.5%. If the bounds are wrong, ask the "
                     f"{self.team} to correct the indicator's Minimum or Maximum in the plan "
                     "register.", row, cell)
            return None
        return value

    def _earlier(self, indicator: Indicator, row: SheetRow, period: Period
                 ) -> tuple[tuple[Period, float] | None, float | None]:
        """The period before's figure (with its period) and the same period last year's:
        from last quarter's and last year's snapshots, else the return's own columns."""
        year_ago = Period(period.kind, period.year - 1, period.number, period.first_month)
        last_year = self._held(indicator.ref, stored_month(indicator, year_ago))
        if period.kind == "month" and last_year is None:  # a return of template version 1
            last_year = _number(row.value(f"{period.label[:3]} {period.year - 1}"
                                          f"{layout.LAST_YEAR_SUFFIX}"))
        elif last_year is None:  # the return shows the same quarter or year last year
            last_year = _number(row.value(layout.SAME_PERIOD_LAST_YEAR))
        if period.kind == "year":  # the period before is last year
            return (None if last_year is None else (year_ago, last_year)), None
        before = period.previous()
        previous = self._held(indicator.ref, stored_month(indicator, before))
        if previous is None and period.kind == "quarter":
            previous = _number(row.value(layout.LAST_QUARTER))
        return (None if previous is None else (before, previous)), last_year

    def _held(self, ref: str, month: tuple[int, int]) -> float | None:
        """A figure held for ``ref`` against ``month`` in last quarter's or last year's
        snapshot."""
        for snapshot in (self.previous, self.last_year):
            position = snapshot.indicator(ref) if snapshot is not None else None
            if position is None:
                continue
            found = next((m.value for m in position.months if (m.year, m.month) == month), None)
            if found is not None:
                return found
        return None

    def _movement(self, indicator: Indicator, row: SheetRow, this: Period, value: float,
                  previous: tuple[Period, float] | None, last_year: float | None) -> None:
        """A zero after a figure, a cumulative figure that falls within the year, or a
        jump from the figures before: queried, never refused."""
        ref, title = indicator.ref, layout.period_title(this)
        cell = row.cell(title)
        period, earlier = previous if previous is not None else (None, None)
        if value == 0 and earlier:
            self.add(Severity.WARNING, "kpi-zero",
                     f"the figure of {ref} for {title} is 0, where the figure for {period} was "
                     f"{_figure_text(earlier)}.",
                     f"0 typed where last period was {_figure_text(earlier)}: if the figure is "
                     "not yet known, leave it blank and say why in the Comment.", row, cell)
            return
        if (indicator.year_to_date == "latest" and period is not None and earlier is not None
                and value < earlier and not nearly_equal(value, earlier)
                and _year_of(period) == _year_of(this)):
            self.add(Severity.WARNING, "kpi-cumulative-fell",
                     f"the figure of {ref} for {title} is {_figure_text(value)}, below "
                     f"{_figure_text(earlier)} for {period}: it is kept as the year so far, "
                     "which should not fall within the year.",
                     "Check the figure is the year to date, not the period's own; if it is "
                     "right, explain the fall in the Comment.", row, cell)
            return
        if not (_jumped(value, earlier) or _jumped(value, last_year)):
            return
        compared = []
        if earlier is not None:
            compared.append(f"{_figure_text(earlier)} for {period}")
        if last_year is not None:
            compared.append(f"{_figure_text(last_year)} a year earlier")
        self.add(Severity.WARNING, "kpi-jump",
                 f"the figure of {ref} for {title} is {_figure_text(value)}, against "
                 f"{' and '.join(compared)}: a change of more than "
                 f"{KPI_JUMP_THRESHOLD:.0%}.",
                 "Check the figure; if it is right, explain the change in the Comment.",
                 row, cell)

    def _not_due(self, indicator: Indicator, row: SheetRow, due: tuple[Period, ...]) -> None:
        """Figures typed in cells not due for the indicator: reported, never used."""
        wanted = [layout.period_title(p) for p in due]
        how = {"monthly": "month by month", "quarterly": "once a quarter",
               "annual": f"once a year, due in Q{indicator.due_quarter}"}[indicator.frequency]
        for title, (value, cell) in row.cells.items():
            if title in wanted or not isinstance(value, float) or title_period(title) is None:
                continue
            fix = (f"Type the figure under {' / '.join(repr(t) for t in wanted)} and clear "
                   "this cell." if wanted else
                   f"Clear the cell: no figure of {indicator.ref} is due in {self.quarter.label}.")
            self.add(Severity.WARNING, "kpi-not-due",
                     f"{_figure_text(value)} is typed for {indicator.ref} under '{title}', but "
                     f"{indicator.ref} is reported {how}, so it was not used.", fix, row, cell)

    # -- recommendations -------------------------------------------------------------

    def recommendations(self) -> dict[str, RecommendationPosition]:
        own = self.context.owners["recommendation"]
        inputs = (layout.REC_STATUS, layout.REC_PROGRESS, layout.REC_NEW_DATE)
        chosen = self._rows(self.data.recommendations, "recommendation", own, inputs)
        refs = [r.ref for r in self.plan.recommendations_of(self.directorate)]
        self._missing(layout.RECOMMENDATIONS_SHEET, "recommendation", refs, chosen,
                      Severity.WARNING)
        positions: dict[str, RecommendationPosition] = {}
        for rec in self.plan.recommendations_of(self.directorate):
            row = chosen.get(_ref_key(rec.ref))
            if row is None:
                continue
            text = _text(row.value(layout.REC_STATUS))
            word = self.settings.vocabulary.normalise(text)
            complete = word is not None and word.done
            if row.has(layout.REC_STATUS) and not complete and text.lower() not in _NOT_COMPLETE:
                problem = (f"the status {_shown(text)} of recommendation {rec.ref} is not "
                           "Complete or Not complete" if text else
                           f"recommendation {rec.ref} has no status")
                self.add(Severity.WARNING, "recommendation-status",
                         f"{problem}, so it is read as not complete.",
                         "Choose Complete or Not complete from the list in the cell.",
                         row, row.cell(layout.REC_STATUS))
            new_date = parse_key_date(row.value(layout.REC_NEW_DATE), self.quarter.first_month)
            positions[rec.ref] = RecommendationPosition(
                rec.ref, self.directorate, complete, _text(row.value(layout.REC_PROGRESS)),
                new_date.text if new_date.milestones else _text(row.value(layout.REC_NEW_DATE)))
        return positions


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def _text(value: object) -> str:
    """A cell as text; the reader has tidied text already, so text is the common case."""
    return value.strip() if isinstance(value, str) else cell_text(value)


def _filled(value: object) -> bool:
    return bool(_text(value))


@functools.lru_cache(maxsize=1 << 17)  # each plan ref is looked up several times a check
def _ref_key(ref: str) -> str:
    """Refs compare without case or spaces: "BV66a" is "BV 66a"."""
    return "".join(ref.split()).casefold()


def _day(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _shown(text: str, limit: int = 60) -> str:
    """A value quoted in a message, shortened when long."""
    if not text:
        return "(blank)"
    text = " ".join(text.split())
    return f"'{text[:limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _as_typed(text: str, status: Status | None) -> str:
    """A status as the directorate typed it: its label when that is what was typed, else
    the words quoted with what they were read as ("'Ongoing' (read as Green)"), so a
    message never puts a word in the directorate's mouth."""
    if status is None or " ".join(text.split()).casefold() == status.label.casefold():
        return status.label if status is not None else _shown(text)
    return f"{_shown(text)} (read as {status.label})"


def _figure_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.3g}"


def _number(value: object) -> float | None:
    return value if isinstance(value, float) else None


def _year_of(period: Period) -> int:
    """The financial year (its start year) a period falls in."""
    return period.financial_year.start_year


def _jumped(value: float, baseline: float | None) -> bool:
    if baseline is None or baseline == 0:
        return False  # no baseline, or none to measure a relative change against
    return abs(value - baseline) / abs(baseline) > KPI_JUMP_THRESHOLD


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-"})


def _same(text: str, expected: str) -> bool:
    """Equal text, ignoring spacing, line breaks and curly quotes (Excel's autocorrect)."""
    def tidy(text: str) -> str:
        return " ".join(text.translate(_QUOTES).split())
    return text == expected or tidy(text) == tidy(expected)  # most cells are as sent


def _key_date_texts(action: Action) -> tuple[str, ...]:
    """What a return's locked Key date cell may hold: as the return shows it, or the plan's text."""
    return tuple(dict.fromkeys((action.key_date_display, action.key_date.text)))


def _same_date(value: object, key_date: KeyDate, first_month: int) -> bool:
    """A key date cell that names the same days as the plan (31/03/2010 for "Mar 10"),
    read in the organisation's year."""
    parsed = parse_key_date(value, first_month)
    return bool(parsed.milestones) and parsed.milestones == key_date.milestones
