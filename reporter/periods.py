"""Financial years and quarters.

The financial year starts in the organisation's first month (``first_month``, April by
default: ``[organisation] year_starts`` in the settings) and is labelled by the two
calendar years it spans, like ``2009/10``. For an April year Q1 = Apr-Jun, ..., Q4 =
Jan-Mar; for a July year Q1 = Jul-Sep, ..., Q4 = Apr-Jun. Every year and quarter carries
its first month, so one made from another keeps it and a process it is sent to needs no
setting; it takes part in equality, because Q1 of a July year is not Q1 of an April year.
Key dates as people write them are read in ``reporter.key_dates``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from reporter.cells import MONTH_NAMES, month_title

DEFAULT_FIRST_MONTH = 4  # April: the UK public sector's financial year
FIRST_YEAR, LAST_YEAR = 1990, 2100  # years outside this range are not understood

ACCEPTED_QUARTER_FORMS = "2009/10-Q3, 2009-10-Q3, Q3 2009/10 or Q3 09/10"

_YEAR = r"(?P<y1>\d{4}|\d{2})\s*[/-]\s*(?P<y2>\d{2}|\d{4})"
# ASCII only: \d must not match other scripts' digits; fullmatch, because $ also
# matches before a trailing newline.
_QUARTER_PATTERNS = (
    re.compile(rf"{_YEAR}\s*[-_ ]\s*Q(?P<q>\d)", re.IGNORECASE | re.ASCII),
    re.compile(rf"Q(?P<q>\d)\s*[-_ ]?\s*{_YEAR}", re.IGNORECASE | re.ASCII),
)



def check_first_month(first_month: int) -> int:
    """A year's first month, February to December (a year starting in January would be
    labelled by one calendar year, which the labels here do not do)."""
    if not 2 <= first_month <= 12:
        raise ValueError(f"the financial year's first month must be February to December, "
                         f"got {first_month}")
    return first_month


def last_day_of_month(year: int, month: int) -> date:
    """Return the last day of the given month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def full_year(text: str) -> int:
    """Turn a 2- or 4-digit year into a 4-digit one (two digits mean 20xx)."""
    value = int(text)
    return value if len(text) == 4 else 2000 + value


@dataclass(frozen=True, order=True)
class FinancialYear:
    """A financial year, named by the calendar year it starts in (April to March unless
    ``first_month`` says otherwise)."""

    start_year: int
    first_month: int = DEFAULT_FIRST_MONTH

    def __post_init__(self) -> None:
        check_first_month(self.first_month)

    @classmethod
    def parse(cls, label: str, first_month: int = DEFAULT_FIRST_MONTH) -> FinancialYear:
        """Read ``2009/10``, ``2009-10``, ``09/10`` or ``2009/2010``."""
        match = re.fullmatch(_YEAR, str(label).strip(), re.ASCII)
        if not match:
            raise ValueError(
                f"financial year must look like 2009/10, got {label!r}"
            )
        first = full_year(match["y1"])
        if first < 1:  # year 0 has no dates
            raise ValueError(f"financial year must look like 2009/10, got {label!r}")
        second_text = match["y2"]
        second = full_year(second_text) if len(second_text) == 4 else None
        if second is None:
            if (first + 1) % 100 != int(second_text):
                raise ValueError(
                    f"financial year {label!r} does not run into the next year: "
                    f"write it like {first}/{(first + 1) % 100:02d}"
                )
        elif second != first + 1:
            raise ValueError(
                f"financial year {label!r} does not run into the next year: "
                f"write it like {first}/{(first + 1) % 100:02d}"
            )
        return cls(first, first_month)

    @classmethod
    def containing(cls, day: date, first_month: int = DEFAULT_FIRST_MONTH) -> FinancialYear:
        """The financial year a calendar date falls in."""
        return cls(day.year if day.month >= first_month else day.year - 1, first_month)

    @property
    def label(self) -> str:
        """``2009/10``."""
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @cached_property
    def start(self) -> date:
        return date(self.start_year, self.first_month, 1)

    @cached_property
    def end(self) -> date:
        return last_day_of_month(self.start_year + 1, self.first_month - 1)

    @property
    def span_label(self) -> str:
        """``April 2009 to March 2010``."""
        return (f"{MONTH_NAMES[self.first_month - 1]} {self.start_year} to "
                f"{MONTH_NAMES[self.end.month - 1]} {self.end.year}")

    def quarter(self, number: int) -> Quarter:
        """The year's quarter ``number`` (1 to 4), in the same calendar."""
        return Quarter(self.start_year, number, self.first_month)

    def quarters(self) -> tuple[Quarter, ...]:
        """The year's four quarters, Q1 first."""
        return tuple(self.quarter(n) for n in range(1, 5))

    def previous(self) -> FinancialYear:
        """The year before, in the same calendar."""
        return FinancialYear(self.start_year - 1, self.first_month)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1, self.first_month)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class Quarter:
    """One quarter of a financial year: ``Quarter(2009, 3)`` is Q3 2009/10 (Oct-Dec 2009);
    ``Quarter(2009, 3, 7)``, of a July year, is Jan-Mar 2010."""

    year: int  # the calendar year the financial year starts in
    number: int  # 1..4
    first_month: int = DEFAULT_FIRST_MONTH  # the financial year's first month

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise ValueError(f"quarter number must be 1 to 4, got {self.number}")
        check_first_month(self.first_month)

    @classmethod
    def parse(cls, label: str, first_month: int = DEFAULT_FIRST_MONTH) -> Quarter:
        """Read a quarter label such as ``2009/10-Q3``, ``2009-10-Q3`` or ``Q3 2009/10``."""
        text = str(label).strip()
        for pattern in _QUARTER_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                break
        else:
            raise ValueError(
                f"not a quarter: {label!r}. Write it as {ACCEPTED_QUARTER_FORMS}"
            )
        number = int(match["q"])
        if not 1 <= number <= 4:
            raise ValueError(
                f"quarter must be Q1 to Q4, got Q{number} in {label!r}. "
                f"Write it as {ACCEPTED_QUARTER_FORMS}"
            )
        try:
            year = FinancialYear.parse(f"{match['y1']}/{match['y2']}")
        except ValueError as exc:
            raise ValueError(f"{exc}. Write the quarter as {ACCEPTED_QUARTER_FORMS}") from None
        return cls(year.start_year, number, first_month)

    @classmethod
    def containing(cls, day: date, first_month: int = DEFAULT_FIRST_MONTH) -> Quarter:
        """The quarter a calendar date falls in."""
        year = FinancialYear.containing(day, first_month).start_year
        months_in = (day.month - first_month) % 12  # 0 for the year's first month
        return cls(year, months_in // 3 + 1, first_month)

    def in_calendar(self, first_month: int) -> Quarter:
        """The same label (year and number) in a year starting in ``first_month``: a
        quarter read from the command line before the settings were."""
        return Quarter(self.year, self.number, first_month)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year, self.first_month)

    @cached_property  # asked for once per action in a check: worked out once
    def months(self) -> tuple[tuple[int, int], ...]:
        """The (calendar year, month) pairs of the quarter, in order."""
        first = self.first_month + 3 * (self.number - 1)  # 4, 7, 10, 13 for April
        result = []
        for m in range(first, first + 3):
            result.append((self.year + (m - 1) // 12, (m - 1) % 12 + 1))
        return tuple(result)

    @property
    def start(self) -> date:
        year, month = self.months[0]
        return date(year, month, 1)

    @property
    def end(self) -> date:
        year, month = self.months[-1]
        return last_day_of_month(year, month)

    def next(self) -> Quarter:
        """The following quarter, into the next financial year after Q4."""
        if self.number == 4:
            return Quarter(self.year + 1, 1, self.first_month)
        return Quarter(self.year, self.number + 1, self.first_month)

    def previous(self) -> Quarter:
        """The quarter before, into the previous financial year before Q1."""
        if self.number == 1:
            return Quarter(self.year - 1, 4, self.first_month)
        return Quarter(self.year, self.number - 1, self.first_month)

    def same_quarter_last_year(self) -> Quarter:
        return Quarter(self.year - 1, self.number, self.first_month)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """For people: ``Q3 2009/10``."""
        return f"Q{self.number} {self.financial_year.label}"

    @property
    def code(self) -> str:
        """For the command line: ``2009/10-Q3``."""
        return f"{self.financial_year.label}-Q{self.number}"

    @property
    def folder(self) -> str:
        """For folder names: ``2009-10-Q3``."""
        return self.code.replace("/", "-")

    @cached_property
    def month_labels(self) -> tuple[str, ...]:
        """Column titles for the quarter's months: ``Oct 2009``, ``Nov 2009``, ``Dec 2009``."""
        return tuple(month_title(y, m) for y, m in self.months)

    @property
    def span_label(self) -> str:
        """``October to December 2009`` (or ``January to March 2010``)."""
        (y1, m1), _, (y3, m3) = self.months
        first = MONTH_NAMES[m1 - 1]
        last = MONTH_NAMES[m3 - 1]
        if y1 == y3:
            return f"{first} to {last} {y3}"
        return f"{first} {y1} to {last} {y3}"

    def __str__(self) -> str:
        return self.label
