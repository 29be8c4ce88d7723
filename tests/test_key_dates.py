"""Key dates as people write them (reporter.key_dates)."""

from __future__ import annotations

import glob
import math
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.cells import MONTH_NAMES
from reporter.key_dates import KeyDate, key_date_text, parse_key_date, revised_key_date_text
from reporter.periods import Quarter, last_day_of_month

# --- Key dates: real strings from the reference documents -------------------------

N = None  # no due date
# (text as written in the seeds, parsed, due)
SEED_KEY_DATES = [
    # 003: the shared progress report template, "Key dates" column
    ("Nov 09", True, date(2009, 11, 30)),
    ("Oct 10 (STATUS)", True, date(2010, 10, 31)),
    ("Nov 09\n\nDec 09\n\nOct 10", True, date(2010, 10, 31)),
    ("Oct 09\n\nOct 10 (STATUS)", True, date(2010, 10, 31)),
    ("Mar 10", True, date(2010, 3, 31)),
    ("Feb 10", True, date(2010, 2, 28)),
    ("April 20010", False, N),
    # 004: the council's plan, "Target Date" column
    ("December annually", True, N),
    ("October annually", True, N),
    ("Ongoing", True, N),
    ("October 2007 March 2008", True, date(2008, 3, 31)),
    ("April 2008 and annually", True, date(2008, 4, 30)),
    ("September 2007 March 2008 September 2008 March 2009 September 2009", True, date(2009, 9, 30)),
    ("October 2008", True, date(2008, 10, 31)),
    ("December 2007", True, date(2007, 12, 31)),
    ("Summer 2007 March 2008", True, date(2008, 3, 31)),
    ("7 th September 2007", True, date(2007, 9, 7)),
    ("TBC by Government", True, N),
    ("Summer 2007", True, date(2007, 8, 31)),
    ("October 2007 May 2008", True, date(2008, 5, 31)),
    ("First phase by Quarter 1 2007/08 Second phase by Quarter 1 2008/09", True, date(2008, 6, 30)),
    ("TBC", True, N),
    ("September 2007", True, date(2007, 9, 30)),
    ("Dec 2009 May 2010", True, date(2010, 5, 31)),
    ("TBC for implementation in 2009", True, N),
    ("March 2008 March 2009 March 2008 March 2009", True, date(2009, 3, 31)),
    ("June 2007 November 2007", True, date(2007, 11, 30)),
    ("Review Autumn 2007 Refresh March 2008", True, date(2008, 3, 31)),
    ("April Annually Sept Annually", True, N),
    ("July 2007 (revise to October 2007)", True, date(2007, 10, 31)),
    ("October 2007 and every 12 months", True, date(2007, 10, 31)),
    ("Spring 2008", True, date(2008, 5, 31)),
    ("June 2007 June 2008 November 2007 November 2008", True, date(2008, 11, 30)),
    ("June Annually", True, N),
    ("July annually commencing Q1 2007/08", True, date(2007, 7, 31)),
    ("December 2007 December 2007", True, date(2007, 12, 31)),
    ("Autumn 2007", True, date(2007, 11, 30)),
    ("April 2007 July 2007 Mid Year Update", True, date(2007, 7, 31)),
    ("Level 5 by December 2007 Validation by March 2008", True, date(2008, 3, 31)),
    ("Autumn 2008", True, date(2008, 11, 30)),
    ("March 2008 March 2009 March 2010", True, date(2010, 3, 31)),
    ("July 2007 April 2008", True, date(2008, 4, 30)),
    ("30 th September 2007", True, date(2007, 9, 30)),
    ("31 st December 2007", True, date(2007, 12, 31)),
    # 004: Target Date text that names no usable date, or hedges it: never guessed
    ("Quarterly reports Quarterly performance clinics April 2007 Half year report – November 2007 "
     "End of year report – April 2008", False, N),
    ("Numerous proposals and suggestions in the review, each with specific timescales", False, N),
    ("Govt guidance on MAAs expected end 2007.", False, N),
    ("Inform and influence this agenda and respond to consultations.", False, N),
    ("Response to Govt consultation and/or new duty", False, N),
    ("To commence 2008 – 2011", False, N),
    ("As per white paper implementation plan", False, N),
    ("June 2007 onwards", False, N),
    ("March 2008 and ongoing", False, N),
    ("EOS figures", False, N),
    ("Audit Completed", False, N),
    ("Increase C29 (Disabled People) from 3 to 3.5 (2008) Increase C32 (Older People) from 83 to 97 (2008) "
     "(102 by 2009)", False, N),
    ("2010", False, N),
    # 004: dates of performance clinics
    ("9 th May 2007", True, date(2007, 5, 9)),
    ("3 rd November 2006", True, date(2006, 11, 3)),
    ("26 th January 2007 20 th March 2007", True, date(2007, 3, 20)),
    # 001: revised dates of outstanding recommendations
    ("New completion date: 30th October 2010", True, date(2010, 10, 30)),
    ("New target date: 31st May 2010", True, date(2010, 5, 31)),
    ("New target date: May 2010", True, date(2010, 5, 31)),
]


@pytest.mark.parametrize("text, parsed, due", SEED_KEY_DATES, ids=[t[:40] for t, _, _ in SEED_KEY_DATES])
def test_seed_key_dates(text: str, parsed: bool, due: date | None) -> None:
    key_date = parse_key_date(text)
    assert key_date.text == text.strip()
    assert key_date.parsed is parsed
    assert key_date.due == due


SEEDS = Path("/work/shared/seeds")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="reference documents not present")
def test_seed_strings_are_verbatim() -> None:
    """The table above holds real strings, not made-up ones."""
    text = "\n".join(Path(f).read_text(encoding="utf-8") for f in glob.glob(str(SEEDS / "*.txt")))
    flat = " ".join(text.split())
    for string, _, _ in SEED_KEY_DATES:
        assert " ".join(string.split()) in flat, string


# --- Key dates: the grammar -----------------------------------------------------


@pytest.mark.parametrize(
    "text, due",
    [
        # days, UK order
        ("31/05/2010", date(2010, 5, 31)),
        ("31/5/10", date(2010, 5, 31)),
        ("1/6/2010", date(2010, 6, 1)),
        ("31.05.2010", date(2010, 5, 31)),
        ("31st May 2010", date(2010, 5, 31)),
        ("1 October 2009", date(2009, 10, 1)),
        ("by 1 October 2009", date(2009, 10, 1)),
        ("Phase 2: 1 October 2009", date(2009, 10, 1)),
        ("Phase 2 1st October 2009", date(2009, 10, 1)),
        ("1 October 2009 5 November 2009", date(2009, 11, 5)),
        ("31-May-10", date(2010, 5, 31)),
        ("May 31st, 2010", date(2010, 5, 31)),
        ("2010-05-31", date(2010, 5, 31)),
        ("2010-05-31 00:00:00", date(2010, 5, 31)),
        ("29/02/2008", date(2008, 2, 29)),
        # months mean their last day; two-digit years are 20xx
        ("NOV-09", date(2009, 11, 30)),
        ("Nov '09", date(2009, 11, 30)),
        ("March 2008", date(2008, 3, 31)),
        ("Sept 2007", date(2007, 9, 30)),
        ("Feb 2008", date(2008, 2, 29)),
        ("end of March 2010", date(2010, 3, 31)),
        ("by end of December 2009", date(2009, 12, 31)),
        ("by the end of June 2010", date(2010, 6, 30)),
        ("Nov 09\nDec 09", date(2009, 12, 31)),
        # revisions keep only the revised date
        ("July 2007 revised to October 2007", date(2007, 10, 31)),
        ("October 2007 (now September 2007)", date(2007, 9, 30)),
        ("March 2010 (revised to May 2010) (revised to July 2010)", date(2010, 7, 31)),
        # seasons
        ("Winter 2009", date(2010, 2, 28)),
        ("Winter 2009/10", date(2010, 2, 28)),
        ("Winter 2011", date(2012, 2, 29)),
        # quarters and financial years
        ("Q3 2009/10", date(2009, 12, 31)),
        ("Quarter 1 2007/08", date(2007, 6, 30)),
        ("Q4 09/10", date(2010, 3, 31)),
        ("2009/10-Q3", date(2009, 12, 31)),
        ("Q1 of 2010/11", date(2010, 6, 30)),
        ("2009/10", date(2010, 3, 31)),
        ("2009/2010", date(2010, 3, 31)),
        ("end of 2009/10", date(2010, 3, 31)),
        # odd spacing, dashes and quotes
        ("  March\u00a02008  ", date(2008, 3, 31)),
        ("Oct 09 \u2013 Oct 10", date(2010, 10, 31)),
    ],
)
def test_grammar(text: str, due: date) -> None:
    key_date = parse_key_date(text)
    assert key_date.parsed, text
    assert key_date.due == due
    assert not key_date.no_date


def test_revision_drops_the_original_date() -> None:
    assert parse_key_date("July 2007 (revise to October 2007)").milestones == (date(2007, 10, 31),)


def test_several_milestones_are_sorted_and_unique() -> None:
    key_date = parse_key_date("June 2007 June 2008 November 2007 November 2008 June 2007")
    assert key_date.milestones == (date(2007, 6, 30), date(2007, 11, 30), date(2008, 6, 30), date(2008, 11, 30))


@pytest.mark.parametrize(
    "text",
    [
        "April 20010", "31/02/2010", "13/13/2010", "when the funding is agreed", "Yellow", "2009/11",
        "April 1850", "March 2101", "31/05/1989", "Q5 2009/10", "Q0 2009/10", "Q3 2009", "Q3", "09/10",
        "2009-10", "5/10", "mid March 2008", "early 2010", "March or April 2008", "before March 2008",
        "March 2008?", "June and December 2008", "Quarterly", "Summer", "Spring 2009/10", "December",
        "July 2007 (revise to TBC)", "December annually March 2008", "April 1850 and annually",
        "Report to Cabinet once the consultation closes in March 2010", "40329", "10:30",
        "The plan is due to be agreed by the board in its meeting of March 2010",
        "Phase 2 March 2008", "Level 5 December 2007", "1 2 March 2008",
    ],
)
def test_not_understood_is_never_guessed(text: str) -> None:
    key_date = parse_key_date(text)
    assert not key_date.parsed, key_date.milestones
    assert key_date.milestones == () and key_date.due is None
    assert not key_date.no_date and not key_date.recurring


@pytest.mark.parametrize(
    "value", [None, "", "   ", "-", "\u2013", "Ongoing", "on-going", "TBC", "tbc.", "TBC by Government",
              "To be confirmed", "N/A", "n/a", "NA", "None", float("nan")]
)
def test_understood_but_no_date(value: object) -> None:
    key_date = parse_key_date(value)
    assert key_date.parsed and key_date.no_date
    assert key_date.milestones == () and key_date.due is None
    assert key_date.next_due(date(2010, 1, 1)) is None


def test_pandas_empty_cells_are_blank() -> None:
    pandas = pytest.importorskip("pandas")
    for value in (pandas.NaT, pandas.NA):
        assert parse_key_date(value).no_date
    assert parse_key_date(pandas.Timestamp("2010-05-31 13:00")).due == date(2010, 5, 31)


# --- Cells that are not text ------------------------------------------------------


@pytest.mark.parametrize(
    "value, text, due",
    [
        (datetime(2010, 5, 31, 13, 45), "31/05/2010", date(2010, 5, 31)),
        (date(2010, 5, 31), "31/05/2010", date(2010, 5, 31)),
        # Excel serial day numbers, 1900 system: 40329 is 31 May 2010
        (40329, "31/05/2010", date(2010, 5, 31)),
        (40329.75, "31/05/2010", date(2010, 5, 31)),
        (Decimal("40329"), "31/05/2010", date(2010, 5, 31)),
        (32874, "01/01/1990", date(1990, 1, 1)),
        (b"Nov 09", "Nov 09", date(2009, 11, 30)),
    ],
)
def test_cells_that_are_not_text(value: object, text: str, due: date) -> None:
    key_date = parse_key_date(value)
    assert (key_date.text, key_date.parsed, key_date.due) == (text, True, due)


@pytest.mark.parametrize(
    "value", [0, 1, 12.5, 32873, 73416, -40329, 10**400, float("inf"), True, False, time(9, 30),
              datetime(1899, 12, 31), date(2101, 1, 1), [date(2010, 5, 31)], ["March 2008"], {"a": 1}, object(), 1j]
)
def test_other_cells_are_not_understood(value: object) -> None:
    key_date = parse_key_date(value)
    assert not key_date.parsed and key_date.due is None and isinstance(key_date.text, str)


def test_a_cell_whose_str_fails() -> None:
    class Awkward:
        def __str__(self) -> str:
            raise RuntimeError("no")

    assert parse_key_date(Awkward()).parsed is False


# --- Recurring dates --------------------------------------------------------------


def test_recurring_without_a_year() -> None:
    key_date = parse_key_date("December annually")
    assert key_date.parsed and key_date.recurring and not key_date.no_date
    assert key_date.annual_months == (12,)
    assert key_date.milestones == () and key_date.due is None
    assert key_date.next_due(date(2009, 4, 1)) == date(2009, 12, 31)
    assert key_date.next_due(date(2009, 12, 31)) == date(2009, 12, 31)
    assert key_date.next_due(date(2010, 1, 1)) == date(2010, 12, 31)


def test_annually_in() -> None:
    key_date = parse_key_date("Annually in March")
    assert key_date.recurring and key_date.next_due(date(2009, 4, 1)) == date(2010, 3, 31)


def test_recurring_in_two_months() -> None:
    key_date = parse_key_date("April Annually Sept Annually")
    assert key_date.annual_months == (4, 9)
    assert key_date.next_due(date(2009, 5, 1)) == date(2009, 9, 30)
    assert key_date.next_due(date(2009, 10, 1)) == date(2010, 4, 30)


def test_recurring_from_a_first_occurrence() -> None:
    key_date = parse_key_date("April 2008 and annually")
    assert key_date.recurring and key_date.milestones == (date(2008, 4, 30),)
    assert key_date.next_due(date(2007, 1, 1)) == date(2008, 4, 30)  # not before the first one
    assert key_date.next_due(date(2009, 5, 1)) == date(2010, 4, 30)


def test_recurring_commencing() -> None:
    key_date = parse_key_date("April annually commencing Q1 2007/08")
    assert key_date.due == date(2007, 4, 30)  # April 2007 is inside Q1 2007/08


def test_next_due_is_due_when_not_recurring() -> None:
    key_date = parse_key_date("March 2008")
    assert key_date.next_due(date(2010, 1, 1)) == date(2008, 3, 31)  # still overdue


def test_next_due_at_the_end_of_time() -> None:
    assert parse_key_date("January annually").next_due(date(9999, 2, 1)) is None


def test_keydate_keeps_its_positional_surface() -> None:
    key_date = KeyDate("March 2008", True, (date(2008, 3, 31),), False)
    assert key_date.due == date(2008, 3, 31) and str(key_date) == "March 2008"


# --- Properties -------------------------------------------------------------------

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def _formats(day: date) -> list[str]:
    name = MONTH_NAMES[day.month - 1]
    return [
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d} {name} {day.year}",
        f"{day.day} {name[:3]} {day.year}",
        day.isoformat(),
    ]


@given(DAYS)
def test_any_day_parses_back_to_itself(day: date) -> None:
    for text in _formats(day):
        key_date = parse_key_date(text)
        assert key_date.parsed and key_date.milestones == (day,), text
    assert parse_key_date(day).milestones == (day,)
    assert parse_key_date(datetime(day.year, day.month, day.day, 23, 59)).milestones == (day,)
    assert parse_key_date(parse_key_date(day).text).due == day  # the rendering reads back


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_two_digit_years_are_this_century(day: date) -> None:
    assert parse_key_date(day.strftime("%d/%m/%y")).due == day


@given(st.integers(1990, 2100), st.integers(1, 12))
def test_month_year_is_the_month_end(year: int, month: int) -> None:
    name = MONTH_NAMES[month - 1]
    end = last_day_of_month(year, month)
    for text in (f"{name} {year}", f"{name[:3]} {year}", f"{name.upper()} {year}", f"end of {name} {year}"):
        assert parse_key_date(text).due == end, text
    if 2000 <= year <= 2099:  # two-digit years are 20xx
        assert parse_key_date(f"{name[:3]}-{year % 100:02d}").due == end
        assert parse_key_date(f"{name[:3].upper()} {year % 100:02d}").due == end


@given(st.integers(1990, 2099), st.integers(1, 4))
def test_quarter_labels_parse_to_the_quarter_end(year: int, number: int) -> None:
    quarter = Quarter(year, number)
    for text in (quarter.label, quarter.code, f"Quarter {number} {quarter.financial_year.label}"):
        assert parse_key_date(text).due == quarter.end, text


_VOCABULARY = [
    "Nov", "09", "2009", "/", "10", "-", "Q3", "Quarter", "1", "31", "st", "th", "May", "March", "Sept",
    "annually", "and", "every", "12", "months", "in", "(", ")", "revise", "to", "now", "commencing",
    "Summer", "Winter", "end", "of", "by", "TBC", "Ongoing", "2010/11", "2009/10", "29/02/2010",
    "2010-05-31", "00:00", ".", ",", "'", "\n", "\u2013", "mid", "?", "0", "99", "20010", "Level",
]
ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(),
    st.fractions(),
    st.complex_numbers(),
    st.binary(),
    st.text(),
    st.text(alphabet="0123456789/-. :'()QqthstndrdNovMarchyJuneSpringWinter"),
    st.lists(st.sampled_from(_VOCABULARY), max_size=12).map(" ".join),
    st.lists(st.sampled_from(_VOCABULARY), max_size=12).map("".join),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.lists(st.integers() | st.text(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.from_type(object),
)


@settings(max_examples=1500)
@given(ANY_CELL)
def test_never_raises_and_is_consistent(value: object) -> None:
    key_date = parse_key_date(value)
    assert isinstance(key_date.text, str)
    assert list(key_date.milestones) == sorted(set(key_date.milestones))
    assert (key_date.due is None) == (key_date.milestones == ())
    assert all(FIRST <= day <= LAST for day in key_date.milestones)
    if not key_date.parsed:
        assert key_date.milestones == () and not key_date.recurring and not key_date.no_date
    if key_date.no_date:
        assert key_date.parsed and key_date.milestones == () and not key_date.recurring
    if key_date.recurring:
        assert key_date.annual_months
        assert key_date.next_due(date(2010, 1, 1)) is not None
    else:
        assert key_date.annual_months == ()
        assert key_date.next_due(date(2010, 1, 1)) == key_date.due


FIRST, LAST = date(1990, 1, 1), date(2101, 3, 31)  # 2100/01 and Winter 2100 end in 2101


@given(DAYS)
def test_excel_serials_in_range_are_days(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    assert parse_key_date(serial).due == day
    assert parse_key_date(float(serial) + 0.5).due == day


def test_nan_float_is_blank_not_an_error() -> None:
    assert parse_key_date(math.nan).no_date


@pytest.mark.parametrize(("text", "last_day"), [
    ("Q3 2009/10", date(2010, 3, 31)),  # a July year's Q3 is Jan-Mar
    ("2009/10-Q1", date(2009, 9, 30)),
    ("end of 2009/10", date(2010, 6, 30)),  # its year ends in June
    ("March 2010", date(2010, 3, 31)),  # a month is a month in any calendar
])
def test_quarters_and_years_follow_the_organisations_calendar(text: str, last_day: date) -> None:
    assert parse_key_date(text, first_month=7).due == last_day


# --------------------------------------------------------------------------- showing them

@pytest.mark.parametrize(("written", "shown"), [
    ("Mar 10", "31 Mar 2010"),
    ("31/05/2010", "31 May 2010"),
    (date(2010, 6, 30), "30 Jun 2010"),
    (40268, "31 Mar 2010"),  # an Excel serial
    ("Q3 2009/10", "31 Dec 2009"),
    ("December annually", "December annually"),  # recurring: as written
    ("October 2007 March 2008", "31 Oct 2007 and 31 Mar 2008"),  # bare milestones
    ("Level 5 by December 2007  Validation by March 2008",
     "Level 5 by December 2007 Validation by March 2008"),  # milestones keep their labels
    ("Ongoing", "Ongoing"),
])
def test_a_key_date_is_shown_in_one_form(written, shown):
    assert key_date_text(parse_key_date(written)) == shown


def test_a_revision_is_shown_beside_the_date_it_replaces():
    revised, original = parse_key_date("Feb 10"), parse_key_date("Nov 09")
    assert revised_key_date_text(parse_key_date("30/06/2010"), parse_key_date("Mar 10")) \
        == "Revised to 30 Jun 2010 (was 31 Mar 2010)"
    assert revised_key_date_text(revised, original) == "Revised to 28 Feb 2010 (was 30 Nov 2009)"
    assert revised_key_date_text(parse_key_date("Mar 10"), parse_key_date(None)) \
        == "Revised to 31 Mar 2010"
