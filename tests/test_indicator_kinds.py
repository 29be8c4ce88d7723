"""Indicators as organisations keep them: the register's Frequency, Year to date, Polarity
none, bounds and profiled targets, and the year-to-date and like-for-like rules."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reporter.config.plan import Indicator, PlanError, load_plan
from reporter.indicators.results import target_judged
from reporter.indicators.year_to_date import (
    BETTER,
    NOT_COMPARABLE,
    SAME,
    WORSE,
    compare_with_last_year,
    due_in,
    periods_to,
    stored_month,
    year_to_date,
)
from reporter.periods import Quarter

REGISTER = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"


def register_with(tmp_path: Path, changes: dict[str, dict[str, object]],
                  drop: tuple[str, ...] = ()) -> Path:
    """The sample register with some Indicators cells changed ({ref: {title: value}}) and
    some columns emptied of their title and values."""
    path = tmp_path / "register.xlsx"
    shutil.copy(REGISTER, path)
    workbook = load_workbook(path)
    sheet = workbook["Indicators"]
    titles = [c.value for c in sheet[1]]
    for title in list(changes.get("*", {})):
        titles.append(title)
        sheet.cell(row=1, column=len(titles), value=title)
    rows = {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}
    for ref, cells in changes.items():
        if ref == "*":
            continue
        for title, value in cells.items():
            # cell(value=None) leaves a value in place: assign it to clear a cell
            sheet.cell(row=rows[ref], column=titles.index(title) + 1).value = value
    for title in drop:
        column = titles.index(title) + 1
        for row in range(1, sheet.max_row + 1):
            sheet.cell(row=row, column=column).value = None
    workbook.save(path)
    return path


def test_the_register_says_what_each_indicator_is(tmp_path):
    path = register_with(tmp_path, {
        "*": {"Target Q2 2009/10": None},
        "LPI 05": {"Frequency": "quarterly", "Year to date": "sum", "Polarity": "none",
                   "Unit": "households", "Decimals": 0},
        "BV 63": {"Frequency": "Annual", "Year to date": "latest", "Due quarter": "Q2"},
        "BV 184b": {"Minimum": -100},
        "LPI 06": {"Target Q2 2009/10": 4.5, "Year to date": "sum"},
    })
    plan = load_plan(path)
    temporary = plan.indicator("LPI 05")
    assert (temporary.frequency, temporary.year_to_date, temporary.polarity, temporary.unit,
            temporary.decimals, temporary.judged) == (
        "quarterly", "sum", "none", "households", 0, False)
    survey = plan.indicator("BV 63")
    assert (survey.frequency, survey.due_quarter) == ("annual", 2)
    assert plan.indicator("BV 184b").bounds == (-100, 100)
    assert plan.indicator("BV 66a").bounds == (0, 100)  # a % is 0 to 100 by default
    assert plan.indicator("LPI 07").bounds == (None, None)
    assert plan.indicator("LPI 06").profiled_target("Q2 2009/10") == 4.5
    assert plan.warnings == ()


def test_a_register_without_the_basis_columns_loads_with_a_warning_for_each(tmp_path):
    path = register_with(tmp_path, {}, drop=("Frequency", "Year to date"))
    plan = load_plan(path)
    assert all(i.basis_assumed for i in plan.indicators)
    assumed = [w for w in plan.warnings if w.rule == "indicator-basis-assumed"]
    assert len(assumed) == len(plan.indicators) == 20
    first = assumed[0]
    assert (first.sheet, first.cell) == ("Indicators", "A2")
    assert "BV 63 has no Frequency or Year to date: taken as monthly, average" in first.message
    counts = plan.indicator("LPI 07")
    assert (counts.frequency, counts.year_to_date) == ("monthly", "average")


def test_an_unknown_column_is_reported_not_ignored(tmp_path):
    path = register_with(tmp_path, {"*": {"Notes": None}, "BV 63": {"Notes": "see file"}})
    (warning,) = load_plan(path).warnings
    assert warning.rule == "plan-register-column" and "'Notes'" in warning.message
    assert warning.cell.endswith("1") and "Rename it" in warning.fix


@pytest.mark.parametrize("title, value, words", [
    ("Frequency", "fortnightly", "the frequency 'fortnightly' of BV 63 is not known"),
    ("Year to date", "median", "the year to date 'median' of BV 63 is not known"),
    ("Polarity", "up", "the polarity 'up' of BV 63 is not known"),
    ("Polarity", None, "the polarity of BV 63 is empty"),
    ("Minimum", "low", "the Minimum of BV 63 is not a number"),
    ("Due quarter", "Q5", "the due quarter 'Q5' of BV 63 is not a quarter"),
])
def test_a_wrong_basis_cell_is_named_with_its_fix(tmp_path, title, value, words):
    with pytest.raises(PlanError) as raised:
        load_plan(register_with(tmp_path, {"BV 63": {title: value}}))
    (problem,) = raised.value.findings
    assert words in problem.message and problem.sheet == "Indicators" and problem.cell
    assert problem.fix


# --------------------------------------------------------------------------- the rules

def indicator(frequency="monthly", rule="average", polarity="higher", **kw) -> Indicator:
    return Indicator("PI", "a test", kw.pop("unit", "%"), polarity, "Finance",
                     frequency=frequency, year_to_date=rule, **kw)


Q2, Q4 = Quarter(2009, 2), Quarter(2009, 4)
FREQUENCY = st.sampled_from(["monthly", "quarterly", "annual"])
RULE = st.sampled_from(["sum", "average", "latest"])
FIGURE = st.one_of(st.none(), st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 2)))


def held_values(ind: Indicator, quarter: Quarter, figures: list[float | None],
                last_year: list[float | None]):
    """Figures for this year's periods (and last year's) held as the history holds them."""
    values: dict[tuple[int, int], float | None] = {}
    this = periods_to(ind, quarter)
    last = periods_to(ind, Quarter(quarter.year - 1, quarter.number))
    for period, value in zip(this, figures):
        values[stored_month(ind, period)] = value
    for period, value in zip(last, last_year):
        values[stored_month(ind, period)] = value
    return values, this


@settings(max_examples=150, deadline=None)
@given(FREQUENCY, RULE, st.integers(1, 4), st.lists(FIGURE, min_size=12, max_size=12))
def test_year_to_date_follows_the_rule(frequency, rule, number, figures):
    ind = indicator(frequency, rule)
    quarter = Quarter(2009, number)
    values, periods = held_values(ind, quarter, figures, [])
    held = [v for v in figures[:len(periods)] if v is not None]
    ytd = year_to_date(ind, values, quarter)
    assert len(ytd.held) == len(held)
    if not held:
        assert ytd.value is None
    elif rule == "latest":
        assert ytd.value == held[-1]
    elif rule == "sum":
        assert ytd.value == pytest.approx(math.fsum(held))
    else:
        assert ytd.value == pytest.approx(math.fsum(held) / len(held))


@settings(max_examples=150, deadline=None)
@given(FREQUENCY, RULE, st.sampled_from(["higher", "lower", "none"]), st.integers(1, 4),
       st.lists(FIGURE, min_size=12, max_size=12), st.lists(FIGURE, min_size=12, max_size=12),
       st.booleans())
def test_better_than_last_year_compares_like_with_like(frequency, rule, polarity, number,
                                                       figures, last_figures, outturn):
    outturns = {"2008/09": 50.0} if outturn else {}
    ind = indicator(frequency, rule, polarity, outturns=outturns)
    quarter = Quarter(2009, number)
    values, periods = held_values(ind, quarter, figures, last_figures)
    this = year_to_date(ind, values, quarter)
    comparison = compare_with_last_year(ind, values, quarter)
    if comparison.result == NOT_COMPARABLE:
        assert comparison.better is None and comparison.periods == 0
        return
    assert polarity != "none" or comparison.result == SAME or False
    if comparison.last_year_basis == "outturn 2008/09":
        # the whole of last year only against the whole of this year
        assert number == 4 and this.complete and comparison.periods == len(periods)
    else:
        # the very same periods a year earlier, each held
        assert comparison.periods == len(this.held) > 0
        held = [v for v in figures[:len(periods)] if v is not None]
        assert len(held) == comparison.periods
        earlier = [last_figures[i] for i, v in enumerate(figures[:len(periods)])
                   if v is not None]
        assert None not in earlier
    assert comparison.result in (BETTER, WORSE, SAME)


def test_half_a_year_is_not_compared_with_last_years_outturn():
    ind = indicator("quarterly", "sum", outturns={"2008/09": 100.0})
    values = {(2009, 6): 30.0, (2009, 9): 25.0}
    comparison = compare_with_last_year(ind, values, Q2)
    assert comparison.result == NOT_COMPARABLE
    assert comparison.last_year_basis == ("2008/09's outturn is for the whole year; this year "
                                          "is not complete")
    values |= {(2008, 6): 20.0, (2008, 9): 20.0}
    same = compare_with_last_year(ind, values, Q2)
    assert (same.value, same.last_year, same.result) == (55.0, 40.0, BETTER)
    assert same.last_year_basis == "same period of 2008/09 (Q1-Q2 2008/09)"


def test_a_cumulative_quarterly_figure_is_its_latest_not_a_sum():
    # council tax collected: 29.4% by June, 57.1% by September, 86.9% by December
    ind = indicator("quarterly", "latest")
    values = {(2009, 6): 29.4, (2009, 9): 57.1, (2009, 12): 86.9}
    ytd = year_to_date(ind, values, Quarter(2009, 3))
    assert ytd.value == 86.9 and ytd.basis == "latest figure (Q3 2009/10)"


def test_what_a_return_asks_for_by_frequency():
    q3 = Quarter(2009, 3)
    assert [p.label for p in due_in(indicator("monthly"), q3)] == [
        "Oct 2009", "Nov 2009", "Dec 2009"]
    assert [p.label for p in due_in(indicator("quarterly"), q3)] == ["Q3 2009/10"]
    assert due_in(indicator("annual"), q3) == ()
    assert [p.label for p in due_in(indicator("annual"), Q4)] == ["2009/10"]
    assert [p.label for p in due_in(indicator("annual", due_quarter=3), q3)] == ["2009/10"]


def test_the_target_judged_is_profiled_or_waits_for_the_year():
    homes = indicator("quarterly", "sum", targets={"2009/10": 100.0})
    assert target_judged(homes, Q2, True) == (
        None, "the 2009/10 target (100) is for the whole year and is not profiled for "
        "Q2 2009/10")
    profiled = indicator("quarterly", "sum", targets={"2009/10": 100.0},
                         profiled_targets={"Q2 2009/10": 45.0})
    assert target_judged(profiled, Q2, True) == (45.0, "profiled target Q2 2009/10")
    assert target_judged(homes, Q4, True) == (100.0, "target 2009/10")
    rate = indicator("monthly", "average", targets={"2009/10": 95.0})
    assert target_judged(rate, Q2, False) == (95.0, "target 2009/10")
