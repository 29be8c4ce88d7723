"""The one reader of cell values: figures, Excel serial dates and column letters."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.cells import (
    column_letter,
    column_number,
    date_from_serial,
    month_number,
    month_title,
    parse_month,
    parse_number,
    serial_from_date,
    tidy_text,
)


@pytest.mark.parametrize("typed, figure", [
    (97.5, 97.5), (12, 12.0), ("97.5", 97.5), ("97.5%", 97.5), ("1,234", 1234.0),
    ("1 234", 1234.0), ("12\u00a0345\u00a0678", 12345678.0), ("£1,200", 1200.0),
    ("-9", -9.0), ("\u22129", -9.0), ("-£12", -12.0), ("£-12", -12.0), ("1e3", 1000.0),
    (" 12 ", 12.0), (".5", 0.5), ("1,234.5", 1234.5), ("+3", 3.0),
])
def test_figures_as_people_type_them(typed, figure):
    assert parse_number(typed) == figure


@pytest.mark.parametrize("typed", [
    "12,34", "52+", "5 TBC", "20 Jan", "2.7 days", "7 DNA", "n/a", "", "  ", "-", "..", True, False, None, float("nan"),
    float("inf"), "1,23,456", "12 34", "--3", "1e999", "Oct 2009", date(2010, 1, 1),
])
def test_what_is_not_a_figure(typed):
    assert parse_number(typed) is None


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_a_number_written_out_reads_back(number):
    assert parse_number(repr(number)) == number
    assert parse_number(number) == number


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_grouped_either_way_read_the_same(number):
    assert parse_number(f"{number:,}") == number
    assert parse_number(f"{number:,}".replace(",", " ")) == number


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31)))
def test_excel_serials_round_trip(day):
    assert date_from_serial(serial_from_date(day)) == day


def test_excel_serials_known_days():
    assert serial_from_date(date(2010, 3, 31)) == 40268
    assert date_from_serial(40268.75) == date(2010, 3, 31)
    assert serial_from_date(date(1900, 1, 1)) == 1
    assert serial_from_date(date(1900, 3, 1)) == 61
    assert serial_from_date(datetime(2010, 3, 31, 18)) == 40268.75


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_round_trip(number):
    assert column_number(column_letter(number)) == number


def test_column_letters_known():
    assert [column_letter(n) for n in (1, 26, 27, 52, 16384)] == ["A", "Z", "AA", "AZ", "XFD"]
    with pytest.raises(ValueError, match="got 0"):
        column_letter(0)
    with pytest.raises(ValueError, match="got 'A1'"):
        column_number("A1")


@pytest.mark.parametrize("typed, month", [
    ("Oct 2009", (2009, 10)), ("October 2009", (2009, 10)), ("Oct-09", (2009, 10)),
    ("Sept 2021", (2021, 9)), ("oct. 09", (2009, 10)), ("  Jun  2010 ", (2010, 6)),
    (date(2010, 2, 14), (2010, 2)), ("Mar'10", (2010, 3)),
])
def test_months_as_people_write_them(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", ["Octo 2009", "2009", "Q3 2009/10", "", None, 40268, "Oct"])
def test_what_is_not_a_month(typed):
    assert parse_month(typed) is None


@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=12))
def test_month_titles_read_back(year, month):
    assert parse_month(month_title(year, month)) == (year, month)
    assert month_number(month_title(year, month).split()[0]) == month


@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r\xa0\u2003\u200b\x07.")), max_size=30))
def test_the_fast_path_for_plain_text_tidies_exactly_as_the_full_one(text):
    """tidy_text skips the full tidy for text that needs only trimming; same result."""

    from reporter.cells import _BLANK_LINES, _INVISIBLE, _ODD_SPACE

    full = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    full = "\n".join(_ODD_SPACE.sub(" ", line).strip() for line in full.split("\n"))
    full = _BLANK_LINES.sub("\n\n", full).strip() or None
    assert tidy_text(text) == full


@given(st.text(max_size=40))
def test_tidy_text_of_any_text_is_the_full_tidy(text):
    """The fast path (printable text with no double space) agrees with the full tidy for
    any characters at all, not only the awkward ones."""
    from reporter.cells import _BLANK_LINES, _INVISIBLE, _ODD_SPACE

    full = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    full = "\n".join(_ODD_SPACE.sub(" ", line).strip() for line in full.split("\n"))
    assert tidy_text(text) == (_BLANK_LINES.sub("\n\n", full).strip() or None)
