"""The Council's bundled example: its register, its settings, its status words and its
free-text Target Dates, run by the same commands as the ALMO's example."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporter import cli
from reporter.config.plan import POLARITIES, QUARTILES, load_plan
from reporter.config.settings import load_settings
from reporter.config.timetable import check_timetable
from reporter.key_dates import parse_key_date
from reporter.periods import FinancialYear
from reporter.status import Status

REPO_ROOT = Path(__file__).resolve().parent.parent
COUNCIL = REPO_ROOT / "input_templates" / "council"
SEED = REPO_ROOT.parent / "shared" / "seeds" / "004_c0cafda39539f11e.txt"


@pytest.fixture(scope="module")
def settings():
    return load_settings(COUNCIL / "settings.toml")


@pytest.fixture(scope="module")
def plan(settings):
    return load_plan(settings.plan_register)


def test_settings(settings):
    assert settings.organisation.name == "Rotherham Metropolitan Borough Council"
    assert settings.organisation.short_name == "RMBC"
    assert settings.organisation.partner == "2010 Rotherham Ltd"
    assert settings.organisation.board == "Corporate Improvement Board"
    assert settings.plan_register == COUNCIL.resolve() / "improvement_plan.xlsx"
    assert settings.history == Path("output/council/history.sqlite")
    assert settings.amber_is_exception is True
    assert settings.exception_statuses() == {Status.RED, Status.AMBER}


def test_timetable_covers_2007_08_in_order_on_weekdays(settings):
    year = FinancialYear(2007)
    assert [t.quarter for t in settings.timetable] == list(year.quarters())
    assert check_timetable(settings, year) == []


# The words of the plan's "On Target" column (and of the clinic reports), and what they mean.
COUNCIL_WORDS = {
    "Completed": Status.COMPLETE,
    "Complete": Status.COMPLETE,
    "Achieved": Status.COMPLETE,
    "Ongoing": Status.GREEN,
    "On track": Status.GREEN,
    "On target": Status.GREEN,
    "Some slippage reported": Status.AMBER,
    "Some slippage": Status.AMBER,
    "Slipped": Status.RED,
    "Off target": Status.RED,
    "Not achieved": Status.RED,
}


@pytest.mark.parametrize("word, status", sorted(COUNCIL_WORDS.items()))
def test_council_status_words(settings, word, status):
    assert settings.vocabulary.normalise(word) is status
    assert settings.vocabulary.normalise(f"  {word.upper()} ") is status


def test_status_words_are_the_seed_words():
    if not SEED.exists():
        pytest.skip("the seed documents are not available")
    text = SEED.read_text(encoding="utf-8").lower()
    for word in COUNCIL_WORDS:
        assert word.lower() in text


def test_plan_loads_with_the_councils_shape(plan):
    assert len(plan.themes) == 7
    assert plan.themes[0].title == "Ambitions"
    assert 30 <= len(plan.actions) <= 60
    assert {d.name for d in plan.directorates} == {
        "Chief Executive's",
        "Children and Young People's Services",
        "Environment and Development Services",
        "Financial Services",
        "Neighbourhoods and Adult Services",
    }
    for directorate in plan.directorates:
        assert directorate.contact.endswith("@example.org")
        assert plan.actions_of(directorate.name)
    for action in plan.actions:
        assert action.key_date.parsed, action.ref
        assert action.success_criteria
    for indicator in plan.indicators:
        assert indicator.unit.strip() and indicator.polarity in POLARITIES
        assert set(indicator.quartiles.values()) <= set(QUARTILES)
    assert plan.recommendations
    assert any(a.agreed_revised_date is not None for a in plan.actions)


def test_performance_clinic_indicators(plan):
    """The clinics' indicators: ones that fell a quartile and one that stayed in the worst."""
    from reporter.indicators.results import clinic_candidates
    from reporter.periods import Quarter

    candidates = {c.ref: c.reason for c in clinic_candidates(plan, Quarter(2007, 3))}
    assert {"BV 11a", "BV 78a", "BV 78b", "LPI LGO"} <= set(candidates)
    assert "stayed in the Bottom 25%" in candidates["LPI LGO"]
    assert plan.indicator("BV 8").targets["2007/08"] == 96.3


# Target Dates as the Council's plan writes them -> (milestones, months it recurs in).
D = date
FREE_TEXT_DATES = {
    "October 2007 March 2008": ((D(2007, 10, 31), D(2008, 3, 31)), ()),
    "December annually": ((), (12,)),
    "October annually": ((), (10,)),
    "April 2008 and annually": ((D(2008, 4, 30),), (4,)),
    "October 2007 and every 12 months": ((D(2007, 10, 31),), (10,)),
    "April Annually Sept Annually": ((), (4, 9)),
    "June Annually": ((), (6,)),
    "July annually commencing Q1 2007/08": ((D(2007, 7, 31),), (7,)),
    "Summer 2007": ((D(2007, 8, 31),), ()),
    "Summer 2007 March 2008": ((D(2007, 8, 31), D(2008, 3, 31)), ()),
    "Spring 2008": ((D(2008, 5, 31),), ()),
    "Autumn 2007": ((D(2007, 11, 30),), ()),
    "Review Autumn 2007 Refresh March 2008": ((D(2007, 11, 30), D(2008, 3, 31)), ()),
    "First phase by Quarter 1 2007/08 Second phase by Quarter 1 2008/09":
        ((D(2007, 6, 30), D(2008, 6, 30)), ()),
    "July 2007 (revise to October 2007)": ((D(2007, 10, 31),), ()),
    "7 th September 2007": ((D(2007, 9, 7),), ()),
    "Level 5 by December 2007 Validation by March 2008": ((D(2007, 12, 31), D(2008, 3, 31)), ()),
    "Dec 2009 May 2010": ((D(2009, 12, 31), D(2010, 5, 31)), ()),
    "April 2007 July 2007 Mid Year Update": ((D(2007, 4, 30), D(2007, 7, 31)), ()),
    "December 2007 December 2007": ((D(2007, 12, 31),), ()),
    "September 2007 March 2008 September 2008 March 2009 September 2009": (
        (D(2007, 9, 30), D(2008, 3, 31), D(2008, 9, 30), D(2009, 3, 31), D(2009, 9, 30)), ()),
}
NO_DATE = ("Ongoing", "TBC", "TBC by Government")


def test_free_text_target_dates_are_in_the_register_and_parse(plan):
    written = {a.key_date.text for a in plan.actions}
    present = [text for text in FREE_TEXT_DATES if text in written]
    assert len(present) >= 10
    assert set(NO_DATE) <= written
    for text in present:
        key_date = parse_key_date(text)
        milestones, months = FREE_TEXT_DATES[text]
        assert key_date.parsed, text
        assert key_date.milestones == milestones, text
        assert key_date.annual_months == months, text
        assert key_date.recurring is bool(months), text
    for text in NO_DATE:
        key_date = parse_key_date(text)
        assert key_date.parsed and key_date.no_date and key_date.due is None


def _typed_key_dates() -> list[tuple[str, str]]:
    """(ref, key date) as typed on the register's Actions sheet."""
    rows = load_workbook(COUNCIL / "improvement_plan.xlsx", read_only=True)["Actions"].iter_rows(
        values_only=True)
    header = next(rows)
    ref, key_date = header.index("Ref"), header.index("Key date")
    return [(row[ref], row[key_date]) for row in rows if row[ref]]


def test_target_dates_are_the_plans_own_words():
    if not SEED.exists():
        pytest.skip("the seed documents are not available")
    seed = SEED.read_text(encoding="utf-8")
    cells = {cell.strip() for line in seed.splitlines() for cell in line.split("\t")}
    typed = _typed_key_dates()
    assert len(typed) >= 30
    for ref, key_date in typed:
        assert key_date in cells, f"{ref}: {key_date!r} is not a cell of the plan"


def test_exact_due_dates(plan):
    assert plan.action("1.2a").key_date.due == date(2008, 3, 31)  # October 2007 March 2008
    dot = plan.action("1.1a")  # December annually
    assert dot.key_date.recurring and dot.key_date.due is None
    assert dot.due_for(date(2007, 10, 1)) == date(2007, 12, 31)
    assert dot.due_for(date(2008, 1, 1)) == date(2008, 12, 31)
    assert plan.action("1.3a").key_date.due == date(2007, 8, 31)  # Summer 2007
    assert plan.action("1.3b").key_date.due == date(2008, 6, 30)  # Quarter 1 2008/09
    comms = plan.action("3.2b")  # July 2007 (revise to October 2007)
    assert comms.key_date.due == date(2007, 10, 31)
    report = plan.action("3.2d")  # October 2007 and every 12 months
    assert report.due_for(date(2007, 10, 1)) == date(2007, 10, 31)
    assert report.due_for(date(2007, 11, 1)) == date(2008, 10, 31)
    strategy = plan.action("3.2c")  # October 2007, agreed revision March 2008
    assert strategy.governing_date.due == date(2008, 3, 31)
    assert strategy.key_date_display == "October 2007 (agreed revision: March 2008)"


def test_plan_command_runs_on_the_council_settings(capsys):
    code = cli.main(["--settings", str(COUNCIL / "settings.toml"), "plan",
                     "--quarter", "2007/08-Q3"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Rotherham Metropolitan Borough Council" in out
    assert "Q3 2007/08" in out


def test_plan_command_with_a_relative_settings_path(monkeypatch, capsys):
    monkeypatch.chdir(REPO_ROOT)
    assert cli.main(["--settings", "input_templates/council/settings.toml", "plan",
                     "--quarter", "2007/08-Q3"]) == 0
    capsys.readouterr()
