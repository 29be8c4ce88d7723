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


# A financial year starting in another month (issue #15's calendar): July to June.

def test_a_july_year_runs_july_to_june_with_the_same_labels() -> None:
    year = FinancialYear(2009, 7)
    assert (year.start, year.end, year.label) == (date(2009, 7, 1), date(2010, 6, 30), "2009/10")
    q1, _, q3, q4 = year.quarters()
    assert q1.months == ((2009, 7), (2009, 8), (2009, 9))
    assert (q3.start, q3.end) == (date(2010, 1, 1), date(2010, 3, 31))
    assert q4.span_label == "April to June 2010"
    assert (q3.label, q3.code, q3.folder) == ("Q3 2009/10", "2009/10-Q3", "2009-10-Q3")


def test_a_july_quarter_keeps_its_calendar_and_is_not_an_april_one() -> None:
    q = Quarter.parse("2009/10-Q4", first_month=7)
    assert q.next() == Quarter(2010, 1, 7) and q.previous().first_month == 7
    assert q.same_quarter_last_year().financial_year == FinancialYear(2008, 7)
    assert q != Quarter(2009, 4) and q.in_calendar(4) == Quarter(2009, 4)
    assert FinancialYear.parse("2009/10", 7).previous() == FinancialYear(2008, 7)


@given(st.dates(date(1991, 1, 1), date(2099, 12, 31)), st.integers(2, 12))
def test_every_day_falls_in_the_quarter_containing_it(day: date, first_month: int) -> None:
    quarter = Quarter.containing(day, first_month)
    assert quarter.contains(day) and quarter.first_month == first_month
    assert quarter.financial_year == FinancialYear.containing(day, first_month)
    assert quarter.next().start.toordinal() == quarter.end.toordinal() + 1


@pytest.mark.parametrize("first_month", [0, 1, 13])
def test_a_year_starts_february_to_december(first_month: int) -> None:
    with pytest.raises(ValueError, match="February to December"):
        FinancialYear(2009, first_month)


def test_a_financial_year_names_its_months() -> None:
    assert FinancialYear(2009).span_label == "April 2009 to March 2010"
    assert FinancialYear(2025, 7).span_label == "July 2025 to June 2026"
