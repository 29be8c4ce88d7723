import functools
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import write_settings
from hypothesis import given
from hypothesis import strategies as st

from reporter.config.settings import DEFAULT_SETTINGS, TimetableEntry, load_settings
from reporter.config.timetable import (
    check_timetable,
    headings,
    resubmission_due,
    timetable_rows,
)
from reporter.errors import ConfigurationError
from reporter.periods import FinancialYear, Quarter

load_settings_once = functools.cache(load_settings)


def settings_with(tmp_path: Path, old: str, new: str):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    assert old in text
    return load_settings(write_settings(tmp_path, text.replace(old, new)))


def test_rows_follow_the_quarters_with_their_dates():
    settings = load_settings()
    rows = timetable_rows(settings, FinancialYear(2009))
    assert [r.quarter for r in rows] == list(FinancialYear(2009).quarters())
    q3 = rows[2].cells()
    assert q3[:2] == ["Q3 2009/10", "October to December 2009"]
    assert q3[2] == "Fri 08/01/2010"  # returns due
    assert len(q3) == len(headings(settings))
    assert rows[0].entry is None and rows[0].cells()[2:] == [""] * 5


def test_the_bundled_timetable_has_no_errors_only_a_missing_quarter():
    findings = check_timetable(load_settings(), FinancialYear(2009))
    assert [f.rule for f in findings] == ["timetable-missing"]
    assert "Q1 2009/10" in findings[0].message


@pytest.mark.parametrize("old, new, problem", [
    ("board = 2010-01-27", "board = 2010-01-19",
     "board (2010-01-19) is before liaison_meeting (2010-01-20)"),
    ("psi_draft = 2010-01-15", "psi_draft = 2010-01-08",
     "psi_draft (2010-01-08) is on the same day as returns_due (2010-01-08)"),
    ("returns_due = 2010-01-08", "returns_due = 2009-12-18",
     "returns_due (2009-12-18) is on or before the quarter ends (2009-12-31)"),
])
def test_steps_out_of_order_are_refused_by_every_command(tmp_path, old, new, problem):
    with pytest.raises(ConfigurationError) as refused:
        settings_with(tmp_path, old, new)
    message = str(refused.value)
    assert problem in message and 'timetable #2 (quarter = "2009/10-Q3")' in message
    assert "put the steps in order" in message or "set it after the end" in message


def test_the_same_quarter_twice_is_refused(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    entry = text[text.index("[[timetable]]"):].split("\n\n")[0]
    with pytest.raises(ConfigurationError, match=r"Q2 2009/10 has a timetable already"):
        load_settings(write_settings(tmp_path, text + "\n" + entry + "\n"))


def test_weekend_dates_are_warned(tmp_path):
    settings = settings_with(tmp_path, "cabinet_member = 2010-02-08", "cabinet_member = 2010-02-06")
    findings = check_timetable(settings, FinancialYear(2009))
    weekend = [f for f in findings if f.rule == "timetable-weekend"]
    assert len(weekend) == 1 and "Saturday" in weekend[0].message
    assert settings.timetable_for(Quarter(2009, 3)).date_of("cabinet_member") == date(2010, 2, 6)


def test_the_word_table_is_for_its_readers_and_the_console_for_the_officer(tmp_path, capsys):
    from docx import Document

    from reporter.cli import main

    assert main(["timetable", "2009/10", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[[timetable]]" in out  # the fix for the missing Q1 is the officer's
    document = Document(str(tmp_path / "timetable_2009-10.docx"))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "[[timetable]]" not in text and "settings" not in text.lower()
    q1 = [c.text for c in document.tables[0].rows[1].cells]
    assert q1[0] == "Q1 2009/10" and q1[2:] == ["to be agreed"] * 5


def test_corrected_returns_are_due_the_working_day_before_the_first_meeting(tmp_path):
    settings = load_settings()
    # Q3: returns due Friday 8 January 2010, the PSI draft Friday 15 January
    assert resubmission_due(settings, Quarter(2009, 3)) == date(2010, 1, 14)
    assert resubmission_due(settings, Quarter(2009, 1)) is None  # no timetable: no date
    # a setting overrides it: so many days after the returns deadline, off the weekend
    later = settings_with(tmp_path, "# resubmission_days = 3", "resubmission_days = 3")
    assert resubmission_due(later, Quarter(2009, 3)) == date(2010, 1, 11)  # Monday
    weekend = replace(later, resubmission_days=1)  # Saturday 9th: the Friday before
    assert resubmission_due(weekend, Quarter(2009, 3)) == date(2010, 1, 8)


@given(returns_due=st.dates(date(2009, 10, 1), date(2030, 12, 31)),
       gap=st.integers(1, 40), days=st.none() | st.integers(1, 30))
def test_the_resubmission_date_is_a_working_day_after_the_deadline(returns_due, gap, days):
    """Never before the returns deadline; before the first meeting when the timetable
    leaves a working day between; never at a weekend unless the deadline itself is."""
    quarter = Quarter.containing(returns_due - timedelta(days=1))
    entry = TimetableEntry(quarter, returns_due, (("psi_draft", returns_due + timedelta(gap)),))
    settings = replace(load_settings_once(), timetable=(entry,), returns_due_days=None,
                       resubmission_days=days)
    due = resubmission_due(settings, quarter)
    assert due is not None and due >= returns_due
    assert due.weekday() < 5 or due == returns_due
    if days is None:
        assert due < entry.meetings[0][1] or due == returns_due
    else:
        assert due <= returns_due + timedelta(days=days)
