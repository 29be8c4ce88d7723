"""The period a cell of someone else's table names: a month, a quarter or a financial year.

Where a value is stored: a monthly value against its month; a quarterly value against
the quarter's last month (Q1 2014/15 -> June 2014); an annual value against the last
month of the financial year (2010/11 -> March 2011 for a year starting in April). That is
the month the figure is known at, and it is how ``History.indicator_series`` consumers
(``IndicatorMonth``) see it; ``ImportedValue.granularity`` keeps what it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reporter.cells import MONTH_NAMES, month_title, parse_month
from reporter.periods import DEFAULT_FIRST_MONTH, FinancialYear, Quarter

_FIRST_YEAR, _LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a financial year.

    ``year`` is the calendar year for a month and the financial year's start year for a
    quarter or a year; ``number`` is the month (1-12), the quarter (1-4) or 0 for a year;
    ``first_month`` is the financial year's first month (a month's own does not matter): the
    organisation's for its returns, the table's for someone else's (April for national ones).
    """

    kind: str  # "month", "quarter" or "year"
    year: int
    number: int
    first_month: int = DEFAULT_FIRST_MONTH

    @property
    def quarter(self) -> Quarter:
        """The quarter a period of kind "quarter" is."""
        return Quarter(self.year, self.number, self.first_month)

    @property
    def label(self) -> str:
        """``Apr 2021``, ``Q1 2014/15`` or ``2010/11``."""
        if self.kind == "month":
            return month_title(self.year, self.number)
        if self.kind == "quarter":
            return self.quarter.label
        return FinancialYear(self.year, self.first_month).label

    @property
    def span_label(self) -> str:
        """The months it covers: ``April 2021``, ``April to June 2014`` or ``April 2010 to
        March 2011``."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.number - 1]} {self.year}"
        if self.kind == "quarter":
            return self.quarter.span_label
        return FinancialYear(self.year, self.first_month).span_label

    @property
    def stored_month(self) -> tuple[int, int]:
        """The (calendar year, month) the value is stored against (see the module notes)."""
        if self.kind == "month":
            return self.year, self.number
        if self.kind == "quarter":
            return self.quarter.months[-1]
        end = FinancialYear(self.year, self.first_month).end
        return end.year, end.month

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year the period falls in (for an April year, a month of January to
        March is in the year that started the April before)."""
        if self.kind == "month":
            return FinancialYear.containing(date(self.year, self.number, 1), self.first_month)
        return FinancialYear(self.year, self.first_month)

    def within(self, quarter: Quarter) -> bool:
        """Whether the period is the quarter, its financial year or one of its months."""
        if self.kind == "month":
            return (self.year, self.number) in quarter.months
        if self.kind == "quarter":
            return self.quarter == quarter
        return FinancialYear(self.year, self.first_month) == quarter.financial_year

    def previous(self) -> Period:
        """The period before: last month, last quarter or last year."""
        if self.kind == "month":
            return Period("month", self.year - (self.number == 1), (self.number - 2) % 12 + 1,
                          self.first_month)
        if self.kind == "quarter":
            return quarter_period(self.quarter.previous())
        return Period("year", self.year - 1, 0, self.first_month)

    def __str__(self) -> str:
        return self.label


def quarter_period(quarter: Quarter) -> Period:
    """The quarter as a period, in its calendar."""
    return Period("quarter", quarter.year, quarter.number, quarter.first_month)


def year_period(year: FinancialYear) -> Period:
    """The financial year as a period, in its calendar."""
    return Period("year", year.start_year, 0, year.first_month)


_FY_TEXT = re.compile(r"\d{4}\s*[/-]\s*(?:\d{2}|\d{4})", re.A)
_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ][\d:.]+)?", re.A)
_UK_DAY = re.compile(r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})", re.A)
_QUARTER_WORD = re.compile(r"\bquarter\s*(?=\d)|\bof\b", re.I)
# In a file name: "..._2014-15_Q1.csv" or "Q1 2014-15"
_QUARTER_IN_TEXT = re.compile(r"(?<!\d)(\d{4}[-/_]\d{2})[-_ ;]*Q([1-4])(?!\d)"
                              r"|(?<![A-Za-z])Q([1-4])[-_ ]*(\d{4}[-/_]\d{2})(?!\d)", re.I | re.A)


def _month(year: int, month: int, first_month: int) -> Period | None:
    if _FIRST_YEAR <= year <= _LAST_YEAR and 1 <= month <= 12:
        return Period("month", year, month, first_month)
    return None


def parse_period(value: object, first_month: int = DEFAULT_FIRST_MONTH) -> Period | None:
    """Read a period cell; None when it is not understood (never a guess).

    Understood: ``2018-19;Q1``, ``2014-15 Q1``, ``2014/15-Q1``, ``Q1 2014/15`` and
    ``Quarter 1 of 2014/15`` (quarters); ``2010/11``, ``2010-11``, ``2010/2011``
    (financial years); ``April 2021``, ``Apr-21``, ``Sept 2021`` (months; two-digit years
    are 20xx); ISO dates ``2021-04-01``, UK dates ``01/04/2021`` and date cells (their
    month). Bare years (``2021``), ``2021-04`` and numbers are not understood. Quarters
    and years are of the financial year starting in ``first_month``.
    """
    if isinstance(value, date):
        return _month(value.year, value.month, first_month)
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace(";", " ").replace("_", " ").split())
    if not text:
        return None
    quarter_text = _QUARTER_WORD.sub(lambda m: "" if m[0].lower() == "of" else "Q", text)
    try:
        q = Quarter.parse(" ".join(quarter_text.split()), first_month)
    except ValueError:
        pass
    else:
        return quarter_period(q) if _FIRST_YEAR <= q.year <= _LAST_YEAR else None
    if _FY_TEXT.fullmatch(text):
        try:
            fy = FinancialYear.parse(text, first_month)
        except ValueError:
            return None
        if not _FIRST_YEAR <= fy.start_year <= _LAST_YEAR:
            return None
        return year_period(fy)
    for pattern in (_ISO_DAY, _UK_DAY):
        if match := pattern.fullmatch(text):
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
            return _month(day.year, day.month, first_month)
    month = parse_month(text)
    return None if month is None else _month(*month, first_month)


def find_quarter_in(text: str, first_month: int = DEFAULT_FIRST_MONTH) -> Period | None:
    """The one quarter named inside a longer text such as a file name; None if none or several."""
    found = set()
    for match in _QUARTER_IN_TEXT.finditer(text):
        year, number = (match[1], match[2]) if match[1] else (match[4], match[3])
        if (period := parse_period(f"{year.replace('_', '-')} Q{number}", first_month)) is not None:
            found.add(period)
    return found.pop() if len(found) == 1 else None
