"""Financial years and quarters (reporter.periods)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.periods import ACCEPTED_QUARTER_FORMS, FinancialYear, Quarter

# --- Financial years and quarters -------------------------------------------------


@pytest.mark.parametrize("label", ["2009/10", "2009-10", "09/10", "2009/2010"])
def test_financial_year_parse(label: str) -> None:
    year = FinancialYear.parse(label)
    assert year == FinancialYear(2009)
    assert year.label == "2009/10"
    assert (year.start, year.end) == (date(2009, 4, 1), date(2010, 3, 31))


@pytest.mark.parametrize("label", ["2009/11", "2009/2011", "2009", "hello", "0000/01", ""])
def test_financial_year_rejects(label: str) -> None:
    with pytest.raises(ValueError, match="2009/10"):
        FinancialYear.parse(label)


def test_financial_year_across_the_century() -> None:
    assert FinancialYear.parse("1999/00") == FinancialYear(1999)
    assert FinancialYear(1999).label == "1999/00"


@pytest.mark.parametrize(
    "day, start_year",
    [(date(2009, 4, 1), 2009), (date(2010, 3, 31), 2009), (date(2009, 3, 31), 2008), (date(2009, 12, 31), 2009)],
)
def test_financial_year_containing(day: date, start_year: int) -> None:
    assert FinancialYear.containing(day) == FinancialYear(start_year)


@pytest.mark.parametrize(
    "label", ["2009/10-Q3", "2009-10-Q3", "Q3 2009/10", "Q3 09/10", "q3 2009/10", " Q3  2009/10 ", "2009/2010-Q3"]
)
def test_quarter_parse_accepts(label: str) -> None:
    assert Quarter.parse(label) == Quarter(2009, 3)


@pytest.mark.parametrize(
    "label", ["2009/11-Q3", "Q0 2009/10", "Q5 2009/10", "Q3", "hello", "", "Q3 2009", "Q3 2009/10\nx", "Q10 2009/10"]
)
def test_quarter_parse_rejects_naming_the_accepted_forms(label: str) -> None:
    with pytest.raises(ValueError) as error:
        Quarter.parse(label)
    assert ACCEPTED_QUARTER_FORMS in str(error.value)


def test_quarter_number_must_be_one_to_four() -> None:
    with pytest.raises(ValueError):
        Quarter(2009, 5)


@pytest.mark.parametrize(
    "quarter, start, end",
    [
        (Quarter(2009, 1), date(2009, 4, 1), date(2009, 6, 30)),
        (Quarter(2009, 2), date(2009, 7, 1), date(2009, 9, 30)),
        (Quarter(2009, 3), date(2009, 10, 1), date(2009, 12, 31)),
        (Quarter(2009, 4), date(2010, 1, 1), date(2010, 3, 31)),
        (Quarter(2011, 4), date(2012, 1, 1), date(2012, 3, 31)),
    ],
)
def test_quarter_start_and_end(quarter: Quarter, start: date, end: date) -> None:
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.contains(start) and quarter.contains(end)
    assert Quarter.containing(start) == quarter == Quarter.containing(end)


def test_next_and_previous_cross_year_ends() -> None:
    assert Quarter(2009, 4).next() == Quarter(2010, 1)
    assert Quarter(2010, 1).previous() == Quarter(2009, 4)
    assert Quarter(2009, 3).next() == Quarter(2009, 4)
    assert Quarter(2009, 3).previous() == Quarter(2009, 2)
    assert Quarter(2009, 3).same_quarter_last_year() == Quarter(2008, 3)


@given(st.integers(1991, 2099), st.integers(1, 4))
def test_next_is_the_day_after_the_end(year: int, number: int) -> None:
    quarter = Quarter(year, number)
    assert quarter.next().start == date.fromordinal(quarter.end.toordinal() + 1)
    assert quarter.next().previous() == quarter
    assert quarter in quarter.financial_year.quarters()


def test_quarter_months() -> None:
    assert Quarter(2009, 3).months == ((2009, 10), (2009, 11), (2009, 12))
    assert Quarter(2009, 4).months == ((2010, 1), (2010, 2), (2010, 3))


def test_quarter_labels() -> None:
    q3, q4 = Quarter(2009, 3), Quarter(2009, 4)
    assert q3.label == str(q3) == "Q3 2009/10"
    assert q3.code == "2009/10-Q3"
    assert q3.folder == "2009-10-Q3"
    assert q3.span_label == "October to December 2009"
    assert q4.span_label == "January to March 2010"
    assert q3.month_labels == ("Oct 2009", "Nov 2009", "Dec 2009")
    assert q4.month_labels == ("Jan 2010", "Feb 2010", "Mar 2010")
    assert Quarter.parse(q3.code) == Quarter.parse(q3.folder) == Quarter.parse(q3.label) == q3
