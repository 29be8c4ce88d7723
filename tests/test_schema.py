"""The one checker of TOML configuration (settings.toml and the mapping files)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.config.schema import (
    DATE,
    FLAG,
    FRACTION,
    TEXT,
    TEXTS,
    Key,
    Section,
    check,
    check_keys,
    one_of,
    read_toml,
    whole,
)
from reporter.errors import ConfigurationError

SECTIONS = (
    Section("report", (Key("author", TEXT, "", required=True),
                       Key("chart_limit", whole(1), 200),
                       Key("target", FRACTION, 0.7),
                       Key("layout", one_of(("long", "wide"))),
                       Key("sheet", TEXTS, []))),
    Section("status", (Key("amber_is_exception", FLAG, False),)),
    Section("codes", each=TEXT),
    Section("timetable", (Key("quarter", TEXT, "", required=True), Key("board", DATE)),
            many=True, label_key="quarter"),
)


def test_good_values_and_defaults():
    checked = check({"report": {"author": "Tim", "layout": "wide"},
                     "codes": {"NI 192": "LPI 08"},
                     "timetable": [{"quarter": "2009/10-Q3", "board": date(2010, 1, 27)}]},
                    SECTIONS)
    assert checked.problems == ()
    assert checked.get("report.chart_limit") == 200 and checked.get("report.layout") == "wide"
    assert checked.get("status.amber_is_exception") is False
    assert checked.sections["codes"] == {"NI 192": "LPI 08"}
    assert checked.sections["timetable"][0]["board"] == date(2010, 1, 27)


def test_every_problem_at_once_with_key_given_and_allowed():
    checked = check({"report": {"chart_limit": 12.5, "target": 70, "layout": "tall",
                                "sheet": 3, "autor": "Tim"},
                     "status": {"amber_is_exception": "no"},
                     "codes": {"A": 1},
                     "timetable": [{"quarter": "2009/10-Q3", "board": "soon"}, {}],
                     "extra": {}}, SECTIONS)
    assert list(checked.problems) == [
        "unknown section [extra]; allowed: [codes], [report], [status], [timetable]",
        "unknown key report.autor (did you mean author?); allowed: author, chart_limit, "
        "layout, sheet, target",
        "report.author must be a non-empty text; it is missing",
        "report.chart_limit must be a whole number, 1 or more, got 12.5",
        "report.target must be a fraction between 0 and 1 (0.70 for 70%), got 70",
        "report.layout must be one of long, wide, got 'tall'",
        "report.sheet must be a text or a list of texts, got 3",
        "status.amber_is_exception must be true or false, got 'no'",
        'codes."A" must be a non-empty text, got 1',
        'timetable "2009/10-Q3".board must be a date written like 2010-01-08 (no quotes), '
        "got 'soon'",
        "timetable #2.quarter must be a non-empty text; it is missing",
    ]
    assert checked.get("report.chart_limit") == 200  # the default stands in for a wrong value


def test_a_section_that_is_not_a_table():
    checked = check({"report": ["x"], "timetable": {"quarter": "Q1"}}, SECTIONS)
    assert "[report] must be a table of keys" in checked.problems
    assert "timetable must be written as [[timetable]] tables" in checked.problems


@pytest.mark.parametrize("kind, allowed", [
    (whole(1), "a whole number, 1 or more"),
    (whole(1, 2), "a whole number (1 or 2)"),
    (whole(1, 12), "a whole number from 1 to 12"),
    (one_of(("higher", "lower"), '"higher" or "lower"'), '"higher" or "lower"'),
])
def test_what_a_kind_allows_in_words(kind, allowed):
    assert kind.allowed == allowed


@given(st.one_of(st.integers(-5, 5), st.floats(allow_nan=False), st.booleans(), st.text(),
                 st.none()))
def test_a_whole_number_key_accepts_whole_numbers_in_range_only(value):
    problems: list[str] = []
    values = check_keys({"n": value}, (Key("n", whole(1, 3), 2),), "s", problems)
    ok = type(value) is int and 1 <= value <= 3
    assert values["n"] == (value if ok else 2)
    assert problems == ([] if ok else [f"s.n must be a whole number from 1 to 3, got {value!r}"])


def test_reading_a_file(tmp_path):
    with pytest.raises(ConfigurationError, match=r"settings file not found: .*nope.toml. Copy"):
        read_toml(tmp_path / "nope.toml", "settings file", "Copy one.")
    bad = tmp_path / "bad.toml"
    bad.write_text("[report\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="is not valid TOML"):
        read_toml(bad, "settings file", "Copy one.")


def test_a_file_saved_in_latin1_is_named_with_the_fix(tmp_path):
    latin = tmp_path / "settings.toml"
    latin.write_text('[organisation]\nname = "Bromsgrove Distrïct"\n', encoding="latin-1")
    with pytest.raises(ConfigurationError, match=r"not saved as UTF-8 \(byte 0xef at position "
                       r"\d+\)\. Save it again choosing the UTF-8 encoding"):
        read_toml(latin, "settings file", "Copy one.")
