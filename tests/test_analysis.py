"""Analysis: counts and brackets, movement, the three report sections, indicators,
the share improved and clinic candidates, rebuilt against the Q4 2009/10 report."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.analysis import (
    NO_DATA,
    NO_TARGET,
    OFF_TARGET,
    ON_TARGET,
    STATUS_ROWS,
    WITHIN_TOLERANCE,
    board_moves,
    clinic_candidates,
    exceptions,
    group_by_outcome,
    improvement_share,
    indicator_results,
    looking_forward,
    movement,
    notable_achievements,
    stated_rag,
    status_counts,
    status_summary,
    summaries_by_directorate,
    summaries_by_theme,
)
from reporter.config.plan import Indicator, Plan, load_plan
from reporter.config.settings import load_settings
from reporter.findings import Severity
from reporter.periods import Quarter
from reporter.snapshot import ActionPosition, IndicatorMonth, IndicatorPosition, QuarterSnapshot
from reporter.status import Status

C, G, A, R = Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED
Q3, Q4 = Quarter(2009, 3), Quarter(2009, 4)
SETTINGS = load_settings()
REGISTER = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"

PLAN = load_plan(REGISTER)  # the 62-action sample plan
REFS = [a.ref for a in PLAN.actions]


def positions(statuses: dict[str, Status | None], **extra: object) -> tuple[ActionPosition, ...]:
    """Positions in plan order; the directorate is the plan's lead."""
    return tuple(
        ActionPosition(a.ref, a.directorate, statuses[a.ref], returned_status=statuses[a.ref],
                       evidence=f"evidence for {a.ref}", **extra)  # type: ignore[arg-type]
        for a in PLAN.actions if a.ref in statuses
    )


def snap(quarter: Quarter, statuses: dict[str, Status | None], **kw: object) -> QuarterSnapshot:
    return QuarterSnapshot(quarter, positions(statuses), **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the reference

def reference_quarters() -> tuple[QuarterSnapshot, QuarterSnapshot, list[str]]:
    """Q3 and Q4 2009/10 as the Board report gives them: 12/33/10/7 then 43/15/4/0,
    the 7 Reds of Q3 all Complete in Q4. Returns (q3, q4, the 7 Red refs)."""
    refs = REFS[:]
    random.Random(2010).shuffle(refs)
    complete, red, amber, green = refs[:12], refs[12:19], refs[19:29], refs[29:]
    q3 = {**dict.fromkeys(complete, C), **dict.fromkeys(red, R),
          **dict.fromkeys(amber, A), **dict.fromkeys(green, G)}
    q4 = {**dict.fromkeys(complete + red + amber[:6] + green[:18], C),
          **dict.fromkeys(amber[6:], A), **dict.fromkeys(green[18:], G)}
    red_in_plan_order = [r for r in REFS if r in red]
    return snap(Q3, q3), snap(Q4, q4), red_in_plan_order


def test_the_plan_has_62_actions():
    assert len(PLAN.actions) == 62 and len(PLAN.indicators) == 20


def test_reference_report_counts_in_brackets():
    q3, q4, _ = reference_quarters()
    summary = status_summary(q4, q3)
    assert [summary.bracket(s) for s in (C, G, A, R)] == ["43 (12)", "15 (33)", "4 (10)", "0 (7)"]
    assert summary.total == 62


def test_reference_report_the_seven_reds_are_complete():
    q3, q4, reds = reference_quarters()
    moves = board_moves(movement(q3, q4))
    assert list(moves.previous_red) == reds and len(reds) == 7
    assert list(moves.red_to_complete) == reds
    assert moves.all_previous_red_complete
    assert moves.still_red == () and moves.to_red == ()


def reference_indicators() -> tuple[Plan, list[IndicatorMonth], set[str]]:
    """The sample suite with 2009/10 monthly figures for 17 indicators, 11 of them better
    than the 2008/09 outturn (one of the 6 others exactly equal: not better). LPI 03,
    LPI 05 and LPI 07 have no 2009/10 figures, so 17 are comparable."""
    missing = {"LPI 03", "LPI 05", "LPI 07"}
    comparable = [i for i in PLAN.indicators if i.ref not in missing]
    improved = {i.ref for i in comparable[:11]}
    series = []
    for ind in comparable:
        last = ind.outturns["2008/09"]
        step = 0.0 if ind.ref == comparable[-1].ref else abs(last) * 0.02 + 0.1
        better = step if ind.higher_is_better else -step
        value = last + better if ind.ref in improved else last - better
        for y, m in [ym for q in Q4.financial_year.quarters() for ym in q.months]:
            series.append(IndicatorMonth(ind.ref, y, m, value))
    return PLAN, series, improved


def test_reference_report_eleven_of_seventeen_improved():
    plan, series, improved = reference_indicators()
    q4 = QuarterSnapshot(Q4, ())
    results = indicator_results(plan, q4, SETTINGS, series)
    assert {r.ref for r in results if r.better} == improved
    assert sum(r.comparable for r in results) == 17
    example = next(r for r in results if r.ref == "BV 66a")
    assert example.value_basis == "year to date (12 months)"
    assert example.last_year_basis == "outturn 2008/09"
    share = improvement_share(results, SETTINGS.improvement_target)
    assert (share.improved, share.comparable, share.meets) == (11, 17, False)
    assert share.share == pytest.approx(11 / 17)
    assert share.percent == "65%"
    assert share.text == "11 of 17 indicators improved: 65%, short of the 70% the plan asks"
    assert improvement_share(results, 0.70, benchmarked_only=True).comparable == 17


# --------------------------------------------------------------------------- counts

def test_counts_cover_every_status_and_not_reported():
    counts = status_counts(snap(Q3, {"1.1a": C, "1.1b": None, "1.1c": C}))
    assert counts == {C: 2, G: 0, A: 0, R: 0, None: 1}
    assert status_counts(None) == dict.fromkeys(STATUS_ROWS, 0)


def test_bracket_without_a_previous_quarter():
    assert status_summary(snap(Q3, {"1.1a": C})).bracket(C) == "1"


def test_counts_by_theme_and_directorate():
    q3, q4, _ = reference_quarters()
    themes = summaries_by_theme(PLAN, q4, q3)
    assert list(themes) == [1, 2, 3, 4, 5, 6]
    assert sum(s.total for s in themes.values()) == 62
    assert sum(s.previous[R] for s in themes.values()) == 7  # type: ignore[index]
    theme1 = themes[1]
    assert theme1.total == sum(1 for a in PLAN.actions if a.ref.startswith("1."))
    directorates = summaries_by_directorate(PLAN, q4, q3)
    assert list(directorates) == [d.name for d in PLAN.directorates]
    assert directorates["Finance"].total == len(PLAN.actions_of("Finance"))
    assert directorates["Finance"].bracket(C).count("(") == 1


# --------------------------------------------------------------------------- movement

def test_movement_matrix_names_the_refs():
    before = snap(Q3, {"1.1a": R, "1.1b": G, "1.1c": A, "1.2a": C})
    after = snap(Q4, {"1.1a": C, "1.1b": R, "1.1c": A, "1.2a": C, "1.2b": G})
    moves = movement(before, after)
    assert moves.refs(R, C) == ("1.1a",)
    assert moves.refs(G, R) == ("1.1b",)
    assert moves.refs(None, G) == ("1.2b",)  # new this quarter: not reported before
    assert moves.row_total(A) == 1 and moves.column_total(C) == 2
    board = board_moves(moves)
    assert board.to_red == ("1.1b",) and board.red_to_complete == ("1.1a",)
    assert board.all_previous_red_complete


def test_movement_without_a_previous_quarter_comes_from_not_reported():
    moves = movement(None, snap(Q3, {"1.1a": R}))
    assert moves.refs(None, R) == ("1.1a",)
    assert board_moves(moves).to_red == ("1.1a",)
    assert not board_moves(moves).all_previous_red_complete


status_maps = st.dictionaries(st.sampled_from(REFS), st.sampled_from(STATUS_ROWS), max_size=62)


@given(status_maps)
def test_counts_add_up_to_the_number_of_actions(statuses):
    snapshot = snap(Q3, statuses)
    assert sum(status_counts(snapshot).values()) == len(snapshot.actions)
    assert sum(s.total for s in summaries_by_theme(PLAN, snapshot).values()) == len(statuses)


@given(st.lists(st.tuples(st.sampled_from(STATUS_ROWS), st.sampled_from(STATUS_ROWS)),
                min_size=0, max_size=62))
def test_movement_rows_sum_to_last_quarters_counts(pairs):
    refs = REFS[:len(pairs)]
    before = snap(Q3, {r: p[0] for r, p in zip(refs, pairs)})
    after = snap(Q4, {r: p[1] for r, p in zip(refs, pairs)})
    moves = movement(before, after)
    previous, current = status_counts(before), status_counts(after)
    for status in STATUS_ROWS:
        assert moves.row_total(status) == previous[status]
        assert moves.column_total(status) == current[status]


# --------------------------------------------------------------------------- sections

def test_exceptions_are_reds_in_plan_order_with_the_rule_named():
    revised = ActionPosition("1.3a", "Operations", R, returned_status=G,
                             returned_status_text="Green")
    snapshot = QuarterSnapshot(Q3, positions({"2.2a": A, "1.1a": R, "1.1b": C}) + (revised,))
    items = exceptions(PLAN, snapshot, SETTINGS)
    assert [i.ref for i in items] == ["1.1a", "1.3a"]
    assert items[1].reason == ("returned as Green; the key date having passed, reported as "
                               "Red pending completion")
    assert items[1].due == date(2010, 3, 31)  # the agreed revised date governs
    amber_too = replace(SETTINGS, amber_is_exception=True)
    assert [i.ref for i in exceptions(PLAN, snapshot, amber_too)] == ["1.1a", "1.3a", "2.2a"]
    groups = group_by_outcome(PLAN, items)
    assert [(g.outcome.ref, [i.ref for i in g.items]) for g in groups] == [
        ("1.1", ["1.1a"]), ("1.3", ["1.3a"])]


def test_notable_achievements_are_new_completions_and_marked_ones():
    before = snap(Q3, {"1.1a": C, "1.1b": G, "1.1c": G})
    marked = ActionPosition("1.1c", "Operations", G, notable=True)
    after = QuarterSnapshot(Q4, positions({"1.1a": C, "1.1b": C}) + (marked,))
    items = notable_achievements(PLAN, after, before)
    assert [(i.ref, i.reason) for i in items] == [
        ("1.1b", "completed this quarter"), ("1.1c", "marked notable")]


def test_looking_forward_from_q4_is_next_years_q1():
    statuses = {ref: G for ref in REFS} | {"1.1c": C}
    items = looking_forward(PLAN, snap(Q4, statuses))
    refs = [i.ref for i in items]
    # Key dates April to June 2010: the Complete one and those moved out by an agreed
    # revision (6.1b to Oct 10, 4.3c to Jul 10) are left out; 6.2a moved in (31/05/2010).
    assert refs == ["1.4c", "2.2b", "3.2b", "3.4c", "4.2c", "4.2d", "6.2a", "6.3a"]
    assert all(i.reason == "key date in Q1 2010/11" for i in items)
    assert next(i for i in items if i.ref == "6.2a").due == date(2010, 5, 31)


def test_looking_forward_counts_a_recurring_date_every_year():
    statuses = {ref: G for ref in REFS}
    refs = [i.ref for i in looking_forward(PLAN, snap(Quarter(2010, 2), statuses))]
    assert "4.1c" in refs  # "December annually": December 2010 falls in Q3 2010/11


# --------------------------------------------------------------------------- indicators

def pi(unit="%", polarity="higher", **kw) -> Indicator:
    return Indicator(kw.pop("ref", "PI"), "a test indicator", unit, polarity, "Finance", **kw)


def months(quarter: Quarter, *values: float | None, ref: str = "PI") -> list[IndicatorMonth]:
    return [IndicatorMonth(ref, y, m, v) for (y, m), v in zip(quarter.months, values)]


def result_for(ind: Indicator, quarter: Quarter, series=(), stated="", settings=SETTINGS,
               this_quarter: list[IndicatorMonth] | None = None):
    plan = replace(PLAN, indicators=(ind,))
    position = ()
    if this_quarter is not None or stated:
        position = (IndicatorPosition(ind.ref, "Finance", tuple(this_quarter or ()),
                                      stated_status=stated, source_file="finance.xlsx"),)
    (result,) = indicator_results(plan, QuarterSnapshot(quarter, (), indicators=position),
                                  settings, series)
    return result


def test_ytd_is_the_mean_for_rates_and_the_sum_for_counts():
    q1, q2 = Quarter(2009, 1), Quarter(2009, 2)
    series = months(q1, 90, 92, 94) + months(q2, 96, None, 98)
    rate = result_for(pi("%"), q2, series)
    assert rate.ytd == pytest.approx(94.0) and rate.ytd_months == 5
    assert [m.value for m in rate.months] == [96, None, 98]
    count = result_for(pi("number"), q2, series)
    assert count.ytd == pytest.approx(470.0)
    assert result_for(pi("£"), q2, series).ytd == pytest.approx(94.0)


def test_the_return_replaces_the_stored_months_of_its_quarter():
    stored = months(Q3, 10, 20, 30)
    result = result_for(pi("number"), Q3, stored, this_quarter=months(Q3, 1, None, None))
    assert result.ytd == 1 and [m.value for m in result.months] == [1, None, None]


def test_last_year_is_the_same_months_or_nothing():
    last_q3 = Quarter(2008, 3)
    series = months(last_q3, 80, 80, 80) + months(Q3, 90, 90, None)
    result = result_for(pi(), Q3, series)
    assert result.last_year == 80 and result.last_year_basis == "same 2 months of 2008/09"
    assert result.better is True
    gap = months(last_q3, 80, None, 80) + months(Q3, 90, 90, 90)
    assert result_for(pi(), Q3, gap).better is None  # November 2008 is missing


def test_at_year_end_the_registered_outturns_are_compared():
    ind = pi(polarity="lower", outturns={"2008/09": 10.0, "2009/10": 9.5})
    result = result_for(ind, Q4, months(Q4, 20, 20, 20))
    assert (result.value, result.value_basis) == (9.5, "outturn 2009/10")
    assert (result.last_year, result.last_year_basis) == (10.0, "outturn 2008/09")
    assert result.better is True
    assert result_for(ind, Q3, months(Q3, 20, 20, 20)).last_year is None  # not before Q4


@pytest.mark.parametrize("polarity, value, target, rag, met", [
    ("higher", 99.0, 98.0, ON_TARGET, True),
    ("higher", 98.0, 98.0, ON_TARGET, True),
    ("higher", 95.0, 100.0, WITHIN_TOLERANCE, False),  # 5% short, tolerance 5%
    ("higher", 94.9, 100.0, OFF_TARGET, False),
    ("lower", 8.0, 9.0, ON_TARGET, True),
    ("lower", 9.45, 9.0, WITHIN_TOLERANCE, False),
    ("lower", 9.5, 9.0, OFF_TARGET, False),
    ("lower", None, 9.0, NO_DATA, None),
    ("lower", 9.5, None, NO_TARGET, None),
])
def test_rag_by_target_tolerance_and_polarity(polarity, value, target, rag, met):
    targets = {} if target is None else {"2009/10": target}
    result = result_for(pi(polarity=polarity, targets=targets), Q3,
                        this_quarter=months(Q3, value, None, None))
    assert (result.rag, result.target_met) == (rag, met)


def test_equal_to_last_year_is_not_better():
    series = months(Quarter(2008, 3), 98.62, 98.62, 98.62) + months(Q3, 98.62, 98.62, 98.62)
    assert result_for(pi(), Q3, series).better is False


def test_a_stated_status_that_disagrees_with_the_figures_is_a_warning():
    ind = pi(targets={"2009/10": 98.0})
    result = result_for(ind, Q3, stated="On target", this_quarter=months(Q3, 90, 90, 90))
    (warning,) = result.warnings
    assert warning.severity is Severity.WARNING
    assert warning.message == ("PI: the return states 'On target', but its figures make it "
                               "off target (90 against a target of 98).")
    assert (warning.directorate, warning.file, warning.sheet) == (
        "Finance", "finance.xlsx", "KPIs")
    agreeing = result_for(ind, Q3, stated="Red", this_quarter=months(Q3, 90, 90, 90))
    assert agreeing.warnings == () and agreeing.stated_status == "Red"
    unknown = result_for(ind, Q3, stated="see comment", this_quarter=months(Q3, 90, 90, 90))
    assert unknown.warnings == ()


@pytest.mark.parametrize("text, rag", [
    ("On target", ON_TARGET), ("green", ON_TARGET), ("Within tolerance", WITHIN_TOLERANCE),
    ("Amber", WITHIN_TOLERANCE), ("off target", OFF_TARGET), ("R", OFF_TARGET), ("?", None),
])
def test_stated_rag_words(text, rag):
    assert stated_rag(text, SETTINGS.vocabulary) == rag


def test_quartile_is_the_latest_known_up_to_the_year():
    ind = pi(quartiles={"2007/08": "Top 25%", "2008/09": "Above Average", "2010/11": "Bottom 25%"})
    result = result_for(ind, Q3)
    assert (result.quartile_year, result.quartile) == ("2008/09", "Above Average")


@pytest.mark.parametrize("improved, comparable, percent, meets", [
    (11, 17, "65%", False), (7, 10, "70%", True), (12, 17, "71%", True), (1, 8, "13%", False),
    (0, 0, "n/a", False),
])
def test_improvement_share_rounding_and_target(improved, comparable, percent, meets):
    results = []
    for n in range(comparable):
        ind = pi(ref=f"PI {n}", outturns={"2008/09": 50.0})
        value = 60.0 if n < improved else 40.0
        results.append(result_for(ind, Q4, [IndicatorMonth(f"PI {n}", 2010, 1, value)]))
    share = improvement_share(results, 0.70)
    assert (share.percent, share.meets, share.target_percent) == (percent, meets, "70%")


# --------------------------------------------------------------------------- clinics

def test_clinic_candidates_with_their_reasons():
    fell = pi(ref="FELL", quartiles={"2007/08": "Top 25%", "2008/09": "Below Average"})
    stuck = pi(ref="STUCK", quartiles={"2007/08": "Bottom 25%", "2008/09": "Bottom 25%"})
    gap = pi(ref="GAP", quartiles={"2006/07": "Bottom 25%", "2008/09": "Bottom 25%"})
    rose = pi(ref="ROSE", quartiles={"2007/08": "Bottom 25%", "2008/09": "Below Average"})
    missed = pi(ref="MISSED", targets={"2009/10": 98.0})
    plan = replace(PLAN, indicators=(fell, stuck, gap, rose, missed))
    q2 = Quarter(2009, 2)
    position = (IndicatorPosition("MISSED", "Finance",
                                  tuple(months(Q3, 90, 90, 90, ref="MISSED"))),)
    now = indicator_results(plan, QuarterSnapshot(Q3, (), indicators=position), SETTINGS)
    before_position = (IndicatorPosition("MISSED", "Finance",
                                         tuple(months(q2, 90, 90, 90, ref="MISSED"))),)
    before = indicator_results(plan, QuarterSnapshot(q2, (), indicators=before_position),
                               SETTINGS)
    found = {c.ref: c.reason for c in clinic_candidates(plan, Q3, now, before)}
    assert found == {
        "FELL": "fell from Top 25% in 2007/08 to Below Average in 2008/09",
        "STUCK": "stayed in the Bottom 25% in 2007/08 and 2008/09",
        "MISSED": "missed its target in Q2 2009/10 and Q3 2009/10",
    }
    # Missing once is not enough, nor a result from a quarter that is not the previous one.
    assert "MISSED" not in {c.ref for c in clinic_candidates(plan, Q3, now, ())}
    assert "MISSED" not in {c.ref for c in clinic_candidates(plan, Q4, now, now)}


def test_the_sample_register_clinic_candidates():
    found = {c.ref: c.reasons for c in clinic_candidates(PLAN, Q4)}
    assert found == {
        "BV 184a": ("stayed in the Bottom 25% in 2007/08 and 2008/09",),
        "BV 184b": ("fell from Top 25% in 2007/08 to Above Average in 2008/09",),
    }


# --- which indicators the performance report charts -----------------------------------

_NEEDS = [("clinic", None, None), ("rag", "off target", None), ("rag", "within tolerance", None),
          ("rag", "on target", False), ("rag", "on target", True), ("rag", "no target", None)]


def _result_with(ref: str, rag: str, better: bool | None):
    from reporter.analysis import IndicatorResult

    indicator = Indicator(ref, f"Indicator {ref}", "%", "higher", "Operations")
    return IndicatorResult(indicator, Quarter(2009, 3), (), None, 0, None, "", None, "", None,
                           better, None, rag)


@given(st.lists(st.sampled_from(range(len(_NEEDS))), max_size=40), st.integers(0, 45))
def test_the_charted_indicators_are_the_most_in_need_in_plan_order(needs, limit):
    from reporter.analysis import ClinicCandidate, indicators_to_chart

    results = [_result_with(f"PI {i:02d}", _NEEDS[n][1] or "on target", _NEEDS[n][2])
               for i, n in enumerate(needs)]
    clinics = [ClinicCandidate(r.ref, ("fell a quartile",))
               for r, n in zip(results, needs) if _NEEDS[n][0] == "clinic"]
    chosen = indicators_to_chart(results, clinics, limit)
    assert chosen.total == len(results)
    assert len(chosen.refs) == min(limit, len(results))
    assert chosen.is_all == (len(results) <= limit)
    assert list(chosen.refs) == sorted(chosen.refs)  # plan order (the refs sort as the plan)
    rank = {r.ref: min(n, 4) for r, n in zip(results, needs)}  # "no target" ranks with the rest
    left_out = set(rank) - set(chosen.refs)
    if chosen.refs and left_out:
        assert max(rank[r] for r in chosen.refs) <= min(rank[r] for r in left_out)


def test_a_large_plan_charts_clinic_candidates_then_off_target_first():
    from reporter.analysis import ClinicCandidate, indicators_to_chart

    results = [_result_with("PI 01", "on target", True), _result_with("PI 02", "off target", None),
               _result_with("PI 03", "on target", False), _result_with("PI 04", "on target", True),
               _result_with("PI 05", "within tolerance", None)]
    chosen = indicators_to_chart(results, [ClinicCandidate("PI 04", ("x",))], 3)
    assert chosen.refs == ("PI 02", "PI 04", "PI 05") and not chosen.is_all
