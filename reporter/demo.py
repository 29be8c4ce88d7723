"""Sample returns for the demo: directorates filling their workbooks the way
people do, quarter after quarter.

``simulate_returns`` writes each directorate's return for a quarter (with
``templates``) and fills it in: statuses that follow the key dates, commentary,
remedial actions, evidence and indicator figures near last year's, plus the
realistic mess (statuses typed as words or in lower case, a date typed as text,
a percentage typed with its sign) and a few real errors for the validation
report to name. The same seed gives the same returns.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from reporter.config.plan import Action, Indicator, Plan
from reporter.config.settings import Settings
from reporter.history.store import open_history
from reporter.periods import Quarter
from reporter.returns import layout as L
from reporter.returns.templates import last_year_values, write_returns
from reporter.snapshot import IndicatorMonth
from reporter.status import Status

PROGRESS = (
    "Work is progressing to plan; the project group met twice during the quarter.",
    "The draft has been consulted on with the Tenants' Panel and comments incorporated.",
    "Procurement completed and the contractor started on site in the quarter.",
    "Officers have been briefed and the new procedure is being rolled out across areas.",
)
CONCERN = (
    "Progress is slower than planned because of staff vacancies in the team.",
    "The supplier has not met the agreed milestones; a recovery plan has been requested.",
)
LATE = (
    "The work has not been completed by the key date: {reason}",
)
REASONS = (
    "the consultation period was extended at the request of the Leaseholder Forum.",
    "the survey contractor withdrew and the work had to be re-procured.",
    "the Council's approval was not received until the end of the quarter.",
)
REMEDIAL = (
    "A revised project plan has been agreed with the Director and progress will be reviewed "
    "fortnightly at the Senior Management Team.",
    "Additional resources have been allocated from the Business Support directorate and the "
    "work has been re-scheduled.",
)
EVIDENCE = (
    "Board minutes and the published document on the website",
    "Signed-off project closure report held by the PSI team",
    "EMT report and action log",
)


@dataclass(frozen=True)
class DemoMess:
    """Where the demo puts the mistakes people make (and validation must name)."""

    missing_directorate: str | None = None  # sends no return this quarter
    unknown_status: bool = False  # one status typed as a word outside the vocabulary
    red_without_remedial: bool = False  # one Red with no remedial action
    green_past_key_date: bool = False  # one Green whose key date has passed


def _months_due(action: Action, quarter: Quarter) -> int | None:
    """How many months past (negative: before) the quarter end the action is due."""
    due = action.due_for(quarter.start)
    if due is None:
        return None
    return (quarter.end.year - due.year) * 12 + quarter.end.month - due.month


def _status_for(action: Action, quarter: Quarter, previous: Status | None,
                rng: random.Random) -> Status:
    """A plausible status: what people report as key dates come and go."""
    if previous is Status.COMPLETE:
        return Status.COMPLETE
    months = _months_due(action, quarter)
    if months is None:
        return Status.GREEN
    if months >= 0:  # due by the quarter end
        if previous is Status.RED:
            return Status.COMPLETE if rng.random() < 0.85 else Status.RED
        return Status.COMPLETE if rng.random() < 0.75 else Status.RED
    if months >= -3:  # due next quarter
        return rng.choices((Status.GREEN, Status.AMBER, Status.COMPLETE), (6, 2, 1))[0]
    return rng.choices((Status.GREEN, Status.AMBER, Status.COMPLETE), (12, 1, 1))[0]


def _cell_row(sheet: object, key_title: str) -> tuple[int, dict[str, int], dict[str, int]]:
    """The header row, column of each title and row of each key (ref) on a return sheet."""
    rows = list(sheet.iter_rows(min_row=1, max_row=L.HEADER_SEARCH_ROWS, values_only=True))  # type: ignore[attr-defined]
    header = next(i for i, row in enumerate(rows, start=1) if key_title in row)
    titles = {str(v): c for c, v in enumerate(rows[header - 1], start=1) if v}
    keys = {}
    for row in range(header + 1, sheet.max_row + 1):  # type: ignore[attr-defined]
        value = sheet.cell(row=row, column=titles[key_title]).value  # type: ignore[attr-defined]
        if value:
            keys[str(value).strip()] = row
    return header, titles, keys


def _fill_actions(sheet: object, plan: Plan, directorate: str, quarter: Quarter,
                  previous: dict[str, Status], rng: random.Random, mess: DemoMess,
                  decided: dict[str, Status], mess_done: set[str],
                  words: dict[Status, list[str]]) -> None:
    """Fill the Actions sheet; each kind of mistake in ``mess`` is made once in the batch."""
    _, titles, rows = _cell_row(sheet, L.REF)

    def put(ref: str, title: str, value: object) -> None:
        sheet.cell(row=rows[ref], column=titles[title]).value = value  # type: ignore[attr-defined]

    for action in plan.actions_of(directorate):
        status = _status_for(action, quarter, previous.get(action.ref), rng)
        months = _months_due(action, quarter)
        if (mess.green_past_key_date and "green" not in mess_done and months is not None
                and months >= 0 and status is Status.RED):
            status = Status.GREEN  # the directorate is optimistic; the key date says Red
            mess_done.add("green")
        decided[action.ref] = status
        word = status.value
        if rng.random() < 0.3:  # people type statuses their own way, in the settings' words
            word = rng.choice(words[status]).capitalize()
            word = f" {word.upper()} " if rng.random() < 0.1 else word
        if mess.unknown_status and "unknown" not in mess_done and status is Status.GREEN:
            word = "Yellow"
            mess_done.add("unknown")
        put(action.ref, L.STATUS, word)
        if status is Status.RED:
            put(action.ref, L.PROGRESS, rng.choice(LATE).format(reason=rng.choice(REASONS)))
            if mess.red_without_remedial and "remedial" not in mess_done:
                mess_done.add("remedial")
            else:
                put(action.ref, L.REMEDIAL, rng.choice(REMEDIAL))
            revised = quarter.next().end
            # One in three types the revised date as text, the way people do.
            put(action.ref, L.REVISED_DATE,
                revised.strftime("%d/%m/%Y") if rng.random() < 0.33 else revised)
        elif status is Status.AMBER:
            put(action.ref, L.PROGRESS, rng.choice(CONCERN))
            put(action.ref, L.REMEDIAL, rng.choice(REMEDIAL))
        elif status is Status.COMPLETE:
            if previous.get(action.ref) is not Status.COMPLETE:
                put(action.ref, L.PROGRESS, "Completed during the quarter. " + rng.choice(PROGRESS))
                put(action.ref, L.NOTABLE, "Y" if rng.random() < 0.5 else "N")
            put(action.ref, L.EVIDENCE, rng.choice(EVIDENCE))
        else:
            put(action.ref, L.PROGRESS, rng.choice(PROGRESS))
            if rng.random() < 0.05:  # a blank line pasted into a comment
                put(action.ref, L.PROGRESS, rng.choice(PROGRESS) + "\r\n\r\n" + rng.choice(PROGRESS))


def indicator_value(indicator: Indicator, year: int, month: int, rng: random.Random) -> float:
    """A monthly figure near the indicator's latest outturn, drifting towards its target."""
    outturns = [indicator.outturns[y] for y in sorted(indicator.outturns)]
    base = outturns[-1] if outturns else 50.0
    target = next((indicator.targets[y] for y in sorted(indicator.targets, reverse=True)), base)
    months_in = (year - 2008) * 12 + month  # progress through the demo's years
    # Most indicators move towards their target; about a third slip away from it.
    direction = -0.6 if zlib.crc32(indicator.ref.encode()) % 3 == 0 else 1.0
    drift = direction * (target - base) * min(1.0, months_in / 30)
    spread = max(abs(base) * 0.02, 0.01)
    value = base + drift + rng.gauss(0, spread)
    if indicator.is_percentage:
        value = min(100.0, max(0.0, value))
    return round(max(0.0, value), 2)


def _fill_kpis(sheet: object, plan: Plan, directorate: str, quarter: Quarter,
               rng: random.Random, percent_as_text: bool) -> None:
    _, titles, rows = _cell_row(sheet, L.PI_REF)
    for n, indicator in enumerate(plan.indicators_of(directorate)):
        row = rows.get(indicator.ref)
        if row is None:
            continue
        for (year, month), title in zip(quarter.months, quarter.month_labels):
            value: object = indicator_value(indicator, year, month, rng)
            if percent_as_text and n == 0 and indicator.is_percentage:
                value = f"{value}%"  # typed with its sign
            sheet.cell(row=row, column=titles[title]).value = value  # type: ignore[attr-defined]
        sheet.cell(row=row, column=titles[L.COMMENT]).value = (  # type: ignore[attr-defined]
            "Figures verified by the service manager." if rng.random() < 0.7 else None)


def _fill_recommendations(sheet: object, plan: Plan, directorate: str, quarter: Quarter,
                          rng: random.Random) -> None:
    _, titles, rows = _cell_row(sheet, L.REC_REF)
    for recommendation in plan.recommendations_of(directorate):
        row = rows.get(recommendation.ref)
        if row is None:
            continue
        due = (recommendation.revised_date or recommendation.original_date).due
        complete = due is not None and due <= quarter.end and rng.random() < 0.7
        sheet.cell(row=row, column=titles[L.REC_STATUS]).value = (  # type: ignore[attr-defined]
            "Complete" if complete else "Not complete")
        sheet.cell(row=row, column=titles[L.REC_PROGRESS]).value = (  # type: ignore[attr-defined]
            "Completed and evidence passed to the PSI team." if complete
            else rng.choice(PROGRESS))
        if not complete and due is not None and due <= quarter.end:
            sheet.cell(row=row, column=titles[L.REC_NEW_DATE]).value = (  # type: ignore[attr-defined]
                quarter.next().end)


def simulate_returns(plan: Plan, settings: Settings, quarter: Quarter, out_dir: Path,
                     previous: dict[str, Status], seed: int, mess: DemoMess = DemoMess(),
                     history_path: Path | None = None) -> tuple[list[Path], dict[str, Status]]:
    """Write and fill the quarter's returns; return the files and the statuses people chose.

    With ``history_path``, the returns show last quarter's positions and last year's
    figures from the history, as the real ones do.
    """
    rng = random.Random(f"{seed}-{quarter.code}")
    decided: dict[str, Status] = {}
    mess_done: set[str] = set()
    written: list[Path] = []
    words = {status: settings.vocabulary.words_for(status) or [status.value] for status in Status}
    last_quarter, last_year = None, None
    if history_path is not None and history_path.exists():
        with open_history(history_path) as history:
            last_quarter = history.previous_snapshot(quarter)
            last_year = last_year_values(history.indicator_series(), quarter)
    for path in write_returns(plan, settings, quarter, out_dir, last_quarter, last_year):
        workbook = load_workbook(path)
        directorate = str(next(row[1] for row in workbook[L.META_SHEET].iter_rows(values_only=True)
                               if row[0] == L.META_DIRECTORATE))
        if directorate == mess.missing_directorate:
            workbook.close()
            path.unlink()  # this directorate's return did not arrive
            continue
        _fill_actions(workbook[L.ACTIONS_SHEET], plan, directorate, quarter, previous, rng,
                      mess, decided, mess_done, words)
        _fill_kpis(workbook[L.KPIS_SHEET], plan, directorate, quarter, rng,
                   percent_as_text=(directorate == "Operations"))
        if L.RECOMMENDATIONS_SHEET in workbook.sheetnames:
            _fill_recommendations(workbook[L.RECOMMENDATIONS_SHEET], plan, directorate, quarter,
                                  rng)
        workbook.save(path)
        written.append(path)
    return written, decided


def backfill_series(plan: Plan, first: Quarter, last: Quarter, seed: int) -> list[IndicatorMonth]:
    """Monthly indicator figures for quarters before the demo starts (last year's figures)."""
    rng = random.Random(f"{seed}-backfill")
    values: list[IndicatorMonth] = []
    quarter = first
    while quarter <= last:
        for year, month in quarter.months:
            for indicator in plan.indicators:
                values.append(IndicatorMonth(indicator.ref, year, month,
                                             indicator_value(indicator, year, month, rng)))
        quarter = quarter.next()
    return values


def today_for(quarter: Quarter) -> date:
    """The day the demo pretends to run: a week after the quarter ends."""
    return date.fromordinal(quarter.end.toordinal() + 7)


# The quarters each bundled example runs, and the mistakes its directorates make.
DEMO_QUARTERS: dict[str, dict[Quarter, DemoMess]] = {
    "default": {
        Quarter(2009, 2): DemoMess(green_past_key_date=True),
        Quarter(2009, 3): DemoMess(missing_directorate="Finance", red_without_remedial=True),
        Quarter(2009, 4): DemoMess(unknown_status=True, red_without_remedial=True,
                                   green_past_key_date=True),
    },
    # The Council's Corporate Improvement Plan (input_templates/council/), 2007/08.
    "council": {
        Quarter(2007, 2): DemoMess(),
        Quarter(2007, 3): DemoMess(missing_directorate="Children and Young People's Services",
                                   red_without_remedial=True),
        Quarter(2007, 4): DemoMess(unknown_status=True, green_past_key_date=True),
    },
}


def prepare_demo_history(plan: Plan, history_path: Path, first: Quarter, seed: int) -> None:
    """A fresh history for the demo holding last year's monthly indicator figures.

    An organisation starting mid-plan imports its past figures (import-indicators);
    the demo imports made-up ones for the year before its first quarter, and for the
    quarters of this year before it, so every quarter can be compared with last year.
    """
    from reporter.indicators.importing import ImportedValue

    history_path.parent.mkdir(parents=True, exist_ok=True)
    start = Quarter(first.year - 1, 1)
    values = [
        ImportedValue(m.ref, m.year, m.month, f"{m.year}-{m.month:02d}", float(m.value),
                      source_row=0, source="demo: last year's figures")
        for m in backfill_series(plan, start, first.previous(), seed)
        if m.value is not None
    ]
    with open_history(history_path) as history:
        history.save_imported_values(values, source="demo")
