"""The reporting timetable: for each quarter, when returns are due and the date of each
meeting the settings list (the sample's: the PSI draft, the liaison meeting, the Board
and the Cabinet member's meeting).

Pure functions over the settings; the writers (Word, Excel) live at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from reporter.config.settings import Settings, TimetableEntry
from reporter.findings import Finding, Severity
from reporter.periods import FinancialYear, Quarter


@dataclass(frozen=True)
class TimetableRow:
    """One quarter's timetable, or only its quarter when the settings have none."""

    quarter: Quarter
    entry: TimetableEntry | None
    steps: int = 5  # how many steps a quarter has, for the blank cells of a missing one

    def cells(self) -> list[str]:
        """The quarter, its span and each step's date as 'Fri 08/01/2010' (blank when unset)."""
        dates = [_day(d) for _, d in self.entry.dates()] if self.entry else [""] * self.steps
        return [self.quarter.label, self.quarter.span_label, *dates]


def headings(settings: Settings) -> tuple[str, ...]:
    """The timetable's column headings: the quarter, its months and each step's title."""
    return ("Quarter", "Period", *(title for _, title in settings.step_titles()))


def _day(value: date) -> str:
    return value.strftime("%a %d/%m/%Y")


def timetable_rows(settings: Settings, year: FinancialYear) -> list[TimetableRow]:
    """The four quarters of a financial year with their timetable entries."""
    steps = len(settings.step_titles())
    return [TimetableRow(q, settings.timetable_for(q), steps) for q in year.quarters()]


def resubmission_due(settings: Settings, quarter: Quarter) -> date | None:
    """When corrected returns are due: ``report.resubmission_days`` after the returns
    deadline when set, else the working day before the timetable's first meeting (the
    sample's PSI draft), so the draft is written from them; never before the returns
    deadline, and a weekend moves back to the Friday. None with no timetable for the quarter.
    """
    entry = settings.timetable_for(quarter)
    if entry is None:
        return None
    if settings.resubmission_days is not None:
        day = entry.returns_due + timedelta(days=settings.resubmission_days)
    elif entry.meetings:
        day = entry.meetings[0][1] - timedelta(days=1)
    else:
        return entry.returns_due
    while day.weekday() >= 5:  # Saturday or Sunday: the Friday before
        day -= timedelta(days=1)
    return max(day, entry.returns_due)


def check_timetable(settings: Settings, year: FinancialYear) -> list[Finding]:
    """What to look at in a year's timetable: missing quarters, days at a weekend. (Steps
    out of order, or on one day, are refused with the settings, by every command.)"""
    findings: list[Finding] = []
    where = f"{settings.path.name}, [[timetable]]"
    titles = dict(settings.step_titles())
    for row in timetable_rows(settings, year):
        quarter = row.quarter
        if row.entry is None:
            findings.append(Finding(
                Severity.WARNING, "timetable-missing",
                f"there is no timetable for {quarter.label}.",
                f"Add a [[timetable]] table with quarter = \"{quarter.code}\" to the settings.",
                file=where))
            continue
        for step, day in row.entry.dates():
            if day.weekday() >= 5:
                findings.append(Finding(
                    Severity.WARNING, "timetable-weekend",
                    f"{quarter.label}: {titles[step]} falls on a "
                    f"{day.strftime('%A')} ({_day(day)}).",
                    "Check the date: meetings and deadlines normally fall on working days.",
                    file=where))
    return findings
