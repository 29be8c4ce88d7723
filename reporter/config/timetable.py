"""The reporting timetable: for each quarter, when returns are due, the PSI
draft, the liaison meeting, the Board and the Cabinet member's meeting.

Pure functions over the settings; the writers (Word, Excel) live at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reporter.config.settings import TIMETABLE_STEPS, TIMETABLE_TITLES, Settings, TimetableEntry
from reporter.findings import Finding, Severity
from reporter.periods import FinancialYear, Quarter


@dataclass(frozen=True)
class TimetableRow:
    """One quarter's timetable, or only its quarter when the settings have none."""

    quarter: Quarter
    entry: TimetableEntry | None

    def cells(self) -> list[str]:
        """The quarter, its span and each step's date as 'Fri 08/01/2010' (blank when unset)."""
        dates = [_day(d) for _, d in self.entry.dates()] if self.entry else [""] * len(
            TIMETABLE_STEPS)
        return [self.quarter.label, self.quarter.span_label, *dates]


HEADINGS: tuple[str, ...] = ("Quarter", "Period", *(TIMETABLE_TITLES[s] for s in TIMETABLE_STEPS))


def _day(value: date) -> str:
    return value.strftime("%a %d/%m/%Y")


def timetable_rows(settings: Settings, year: FinancialYear) -> list[TimetableRow]:
    """The four quarters of a financial year with their timetable entries."""
    return [TimetableRow(q, settings.timetable_for(q)) for q in year.quarters()]


def check_timetable(settings: Settings, year: FinancialYear) -> list[Finding]:
    """Problems with a year's timetable: steps out of order, clashes, missing quarters."""
    findings: list[Finding] = []
    where = f"{settings.path.name}, [[timetable]]"
    for row in timetable_rows(settings, year):
        quarter = row.quarter
        if row.entry is None:
            findings.append(Finding(
                Severity.WARNING, "timetable-missing",
                f"there is no timetable for {quarter.label}.",
                f"Add a [[timetable]] table with quarter = \"{quarter.code}\" to the settings.",
                file=where))
            continue
        steps = row.entry.dates()
        first_step, first_date = steps[0]
        if first_date <= quarter.end:
            findings.append(Finding(
                Severity.ERROR, "timetable-order",
                f"{quarter.label}: returns are due on {_day(first_date)}, on or before the "
                f"quarter ends ({_day(quarter.end)}).",
                "Set returns_due after the end of the quarter.", file=where))
        for (step_a, day_a), (step_b, day_b) in zip(steps, steps[1:]):
            if day_b == day_a:
                findings.append(Finding(
                    Severity.ERROR, "timetable-clash",
                    f"{quarter.label}: {TIMETABLE_TITLES[step_a]} and "
                    f"{TIMETABLE_TITLES[step_b]} are both on {_day(day_a)}.",
                    f"Move {step_b} to a later day.", file=where))
            elif day_b < day_a:
                findings.append(Finding(
                    Severity.ERROR, "timetable-order",
                    f"{quarter.label}: {TIMETABLE_TITLES[step_b]} ({_day(day_b)}) comes before "
                    f"{TIMETABLE_TITLES[step_a]} ({_day(day_a)}).",
                    f"Put the steps in order: {', '.join(TIMETABLE_STEPS)}.", file=where))
        for step, day in steps:
            if day.weekday() >= 5:
                findings.append(Finding(
                    Severity.WARNING, "timetable-weekend",
                    f"{quarter.label}: {TIMETABLE_TITLES[step]} falls on a "
                    f"{day.strftime('%A')} ({_day(day)}).",
                    "Check the date: meetings and deadlines normally fall on working days.",
                    file=where))
    return findings
