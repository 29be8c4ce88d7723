"""An indicator's figures over the year, as the register says it is kept.

Pure functions, no I/O. The register says how often an indicator is reported
(``frequency``: monthly, quarterly or annual) and how its figures add up over the year
(``year_to_date``: ``sum`` for counts and money, ``average`` for rates and percentages,
``latest`` for cumulative and snapshot figures). Everything here follows from those two,
never from the unit.

Figures are held by calendar month, as the history stores them: a monthly figure against
its month, a quarterly figure against the quarter's last month and an annual figure
against the last month of the quarter it is due in. A quarter's (or a year's) figure is
the latest held in any of its months, so values imported from other tables (stored
against the period's last month) read the same.

"Better than last year" compares like with like: the very same periods of last year
when all of them are held; otherwise last year's outturn once this year is complete
(every period of the year held, or this year's outturn registered); otherwise the two
are not comparable, and the reason is given.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reporter.config.plan import Indicator
from reporter.indicators.table_periods import Period, quarter_period, year_period
from reporter.periods import Quarter

Values = Mapping[tuple[int, int], float | None]  # (calendar year, month) -> figure

BETTER, WORSE, SAME, NOT_COMPARABLE = "Better", "Worse", "Same", "Not comparable"


def periods_to(indicator: Indicator, quarter: Quarter) -> tuple[Period, ...]:
    """The periods of the financial year whose figures are due by the end of ``quarter``."""
    year = quarter.financial_year
    if indicator.frequency == "annual":
        return (year_period(year),) if quarter.number >= indicator.due_quarter \
            else ()
    quarters = year.quarters()[:quarter.number]
    if indicator.frequency == "quarterly":
        return tuple(quarter_period(q) for q in quarters)
    return tuple(Period("month", y, m, year.first_month) for q in quarters for y, m in q.months)


def due_in(indicator: Indicator, quarter: Quarter) -> tuple[Period, ...]:
    """The periods whose figures a directorate types in ``quarter``'s return: three months
    for a monthly indicator, the quarter for a quarterly one, the year for an annual one
    in its due quarter and nothing otherwise."""
    if indicator.frequency == "annual":
        return periods_to(indicator, quarter) if quarter.number == indicator.due_quarter else ()
    if indicator.frequency == "quarterly":
        return (quarter_period(quarter),)
    return tuple(Period("month", y, m, quarter.first_month) for y, m in quarter.months)


def stored_month(indicator: Indicator, period: Period) -> tuple[int, int]:
    """The (calendar year, month) a period's figure is held against."""
    if period.kind == "year":
        return period.financial_year.quarter(indicator.due_quarter).months[-1]
    return period.stored_month


def _months_of(period: Period) -> tuple[tuple[int, int], ...]:
    if period.kind == "month":
        return ((period.year, period.number),)
    if period.kind == "quarter":
        return period.quarter.months
    return tuple(m for q in period.financial_year.quarters() for m in q.months)


def figure(period: Period, values: Values) -> float | None:
    """A period's figure: the month's, or the latest held in the quarter's or year's months."""
    held = [v for m in _months_of(period) if (v := values.get(m)) is not None]
    return held[-1] if held else None


def aggregate(rule: str, numbers: Sequence[float]) -> float | None:
    """The year to date of the period figures held, in period order, by the register's rule."""
    if not numbers:
        return None
    if rule == "latest":
        return numbers[-1]
    total = math.fsum(numbers)
    return total if rule == "sum" else total / len(numbers)


def _shifted(period: Period, years: int) -> Period:
    return Period(period.kind, period.year + years, period.number, period.first_month)


def _span(periods: Sequence[Period]) -> str:
    """ "Apr-Sep 2009", "Q1-Q2 2009/10", "2009/10", "Sep 2009"."""
    if not periods:
        return ""
    first, last = periods[0], periods[-1]
    if first == last:
        return last.label
    if first.kind == "month":
        return f"{first.label[:3]}-{last.label}"
    if first.kind == "quarter":
        return f"Q{first.number}-{last.label}"
    return f"{first.label}-{last.label}"


@dataclass(frozen=True)
class YearToDate:
    """An indicator's year to date at the end of a quarter."""

    value: float | None
    held: tuple[Period, ...]  # the periods with a figure, in order
    due: tuple[Period, ...]  # the periods due so far
    rule: str

    @property
    def complete(self) -> bool:
        return bool(self.due) and len(self.held) == len(self.due)

    @property
    def basis(self) -> str:
        """How the figure was made, for the reader: "average of Apr-Sep 2009 (6 months)"."""
        if not self.held:
            return ""
        if self.rule == "latest":
            return f"latest figure ({self.held[-1].label})"
        kind = {"month": "month", "quarter": "quarter", "year": "year"}[self.held[0].kind]
        count = f"{len(self.held)} {kind}{'s' if len(self.held) != 1 else ''}"
        missing = "" if self.complete else f" of {len(self.due)} due"
        word = "total" if self.rule == "sum" else "average"
        return f"{word} of {_span(self.held)} ({count}{missing})"


def year_to_date(indicator: Indicator, values: Values, quarter: Quarter) -> YearToDate:
    """The year to date at the end of ``quarter`` from the figures held."""
    due = periods_to(indicator, quarter)
    held = [(p, v) for p in due if (v := figure(p, values)) is not None]
    return YearToDate(aggregate(indicator.year_to_date, [v for _, v in held]),
                      tuple(p for p, _ in held), due, indicator.year_to_date)


@dataclass(frozen=True)
class Comparison:
    """This year's figure beside last year's, compared like with like (or not at all)."""

    value: float | None  # this year's figure compared (the year to date, or the outturn)
    value_basis: str
    last_year: float | None
    last_year_basis: str  # what last year's figure is, or why there is none to compare
    result: str  # BETTER, WORSE, SAME or NOT_COMPARABLE
    periods: int  # how many periods each side covers (0 when not comparable)

    @property
    def better(self) -> bool | None:
        """True when better, False when worse or the same, None when not compared."""
        return None if self.result == NOT_COMPARABLE else self.result == BETTER


def nearly_equal(a: float, b: float) -> bool:
    """Equal but for floating-point noise (a mean of 98.62s may come out 98.62000000000001)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def judge(value: float, last_year: float, polarity: str) -> str:
    """BETTER, WORSE or SAME by the indicator's polarity (never for a data-only one)."""
    if nearly_equal(value, last_year):
        return SAME
    if polarity not in ("higher", "lower"):
        return NOT_COMPARABLE
    return BETTER if (value > last_year) == (polarity == "higher") else WORSE


def compare_with_last_year(indicator: Indicator, values: Values, quarter: Quarter) -> Comparison:
    """This year to date against the same periods of last year (see the module notes)."""
    this = year_to_date(indicator, values, quarter)
    year = quarter.financial_year
    last = year.previous()
    value, value_basis = this.value, this.basis
    outturn_now = indicator.outturns.get(year.label) if quarter.number == 4 else None
    if outturn_now is not None:
        value, value_basis = outturn_now, f"outturn {year.label}"

    def compared(last_value: float, basis: str, periods: int) -> Comparison:
        assert value is not None
        if not indicator.judged:
            return Comparison(value, value_basis, last_value, basis + " (data only: not "
                              "judged)", NOT_COMPARABLE, 0)
        return Comparison(value, value_basis, last_value, basis,
                          judge(value, last_value, indicator.polarity), periods)

    if value is None:
        return Comparison(None, "", None, "no figure this year", NOT_COMPARABLE, 0)
    whole_year = quarter.number == 4 and (outturn_now is not None or this.complete)
    outturn_then = indicator.outturns.get(last.label)
    if whole_year and outturn_then is not None:
        return compared(outturn_then, f"outturn {last.label}", len(this.due))
    if whole_year:
        last_figures = [figure(_shifted(p, -1), values) for p in this.due]
        if all(v is not None for v in last_figures):
            last_value = aggregate(indicator.year_to_date,
                                   [v for v in last_figures if v is not None])
            assert last_value is not None
            return compared(last_value, f"whole year {last.label}", len(this.due))
    if outturn_now is None and this.held:
        earlier = [figure(_shifted(p, -1), values) for p in this.held]
        if all(v is not None for v in earlier):
            last_value = aggregate(indicator.year_to_date, [v for v in earlier if v is not None])
            assert last_value is not None
            return compared(last_value, f"same period of {last.label} "
                            f"({_span([_shifted(p, -1) for p in this.held])})", len(this.held))
    if outturn_then is not None:
        why = f"{last.label}'s outturn is for the whole year; this year is not complete"
    else:
        why = f"no figures for the same period of {last.label}"
    return Comparison(value, value_basis, None, why, NOT_COMPARABLE, 0)
