"""Indicator results: year to date, last year, RAG, a stated status, the share improved,
clinic candidates and which indicators are charted, rebuilt against the Q4 2009/10 report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reporter.config.plan import Indicator, Plan, load_plan
from reporter.config.settings import (
    FELL_A_QUARTILE,
    MISSED_TARGET_TWO_QUARTERS,
    WORST_QUARTILE_TWO_YEARS,
    load_settings,
)
from reporter.errors import ConfigurationError
from reporter.findings import Severity
from reporter.indicators.importing import ImportedValue
from reporter.indicators.results import (
    DATA_ONLY,
    NO_DATA,
    NO_TARGET,
    OFF_TARGET,
    ON_TARGET,
    WITHIN_TOLERANCE,
    clinic_candidates,
    clinic_rule,
    improvement_share,
    indicator_results,
    stated_rag,
)
from reporter.periods import Quarter
from reporter.snapshot import IndicatorMonth, IndicatorPosition, QuarterSnapshot

Q3, Q4 = Quarter(2009, 3), Quarter(2009, 4)
SETTINGS = load_settings()
REGISTER = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"

PLAN = load_plan(REGISTER)  # the 62-action sample plan


# --------------------------------------------------------------------------- the reference

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
    assert example.value_basis == "latest figure (Mar 2010)"  # rent collected is cumulative
    rate = next(r for r in results if r.ref == "BV 66b")
    assert rate.value_basis == "average of Apr-Mar 2010 (12 months)"
    assert example.last_year_basis == "outturn 2008/09"
    share = improvement_share(results, SETTINGS.improvement_target)
    assert (share.improved, share.comparable, share.meets) == (11, 17, False)
    assert share.share == pytest.approx(11 / 17)
    assert share.percent == "65%"
    assert share.text == ("11 of 17 comparable indicators improved (65%), against the plan\u2019s "
                          "aim of 70%; 3 could not be compared because 2 have no figure this "
                          "year and 1 is data only (never judged)")
    assert not share.all_judged_compared
    assert improvement_share(results, 0.70, benchmarked_only=True).comparable == 17


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


def test_ytd_follows_the_registers_rule_not_the_unit():
    q1, q2 = Quarter(2009, 1), Quarter(2009, 2)
    series = months(q1, 90, 92, 94) + months(q2, 96, None, 98)
    rate = result_for(pi("%", year_to_date="average"), q2, series)
    assert rate.ytd == pytest.approx(94.0) and rate.ytd_periods == 5
    assert rate.value_basis == "average of Apr-Sep 2009 (5 months of 6 due)"
    assert [m.value for m in rate.months] == [96, None, 98]
    count = result_for(pi("number", year_to_date="sum"), q2, series)
    assert count.ytd == pytest.approx(470.0)
    rate_per_1000 = result_for(pi("per 1,000 population", year_to_date="average"), q2, series)
    assert rate_per_1000.ytd == pytest.approx(94.0)
    cumulative = result_for(pi("%", year_to_date="latest"), q2, series)
    assert cumulative.ytd == 98 and cumulative.value_basis == "latest figure (Sep 2009)"


def test_the_return_replaces_the_stored_months_of_its_quarter():
    stored = months(Q3, 10, 20, 30)
    result = result_for(pi("number", year_to_date="sum"), Q3, stored,
                        this_quarter=months(Q3, 1, None, None))
    assert result.ytd == 1 and [m.value for m in result.months] == [1, None, None]


def test_last_year_is_the_same_months_or_nothing():
    last_q3 = Quarter(2008, 3)
    series = months(last_q3, 80, 80, 80) + months(Q3, 90, 90, None)
    result = result_for(pi(), Q3, series)
    assert result.last_year == 80
    assert result.last_year_basis == "same period of 2008/09 (Oct-Nov 2008)"
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
        whole_year = [IndicatorMonth(f"PI {n}", y, m, value)
                      for q in Q4.financial_year.quarters() for y, m in q.months]
        results.append(result_for(ind, Q4, whole_year))
    share = improvement_share(results, 0.70)
    assert (share.percent, share.meets, share.target_percent) == (percent, meets, "70%")


# --------------------------------------------------------------------------- imported

def imported(ref: str, quarter: Quarter, value: float, target: float | None, status: str):
    """A quarter's figure as import-indicators stores it: against the quarter's last month."""
    return ImportedValue(ref, *quarter.months[-1], quarter.label, value, 7, "kpis.csv, cell G7",
                         "quarter", target, status)


def test_an_imported_target_is_judged_where_the_register_has_none():
    q2 = Quarter(2014, 2)
    sick = pi("days", "lower", ref="HR11", frequency="quarterly", year_to_date="latest",
              targets={"2014/15": 8.0})  # a year-end target: not for half a year's total
    theirs = [imported("HR11", q2, 2.7, 3.15, "Green"),
              imported("HR11", Quarter(2014, 1), 2.6, 1.58, "Red")]
    series = [IndicatorMonth("HR11", v.year, v.month, v.value) for v in theirs]
    plan = replace(PLAN, indicators=(sick,))
    (result,) = indicator_results(plan, QuarterSnapshot(q2, ()), SETTINGS, series, theirs)
    assert (result.ytd, result.target, result.target_basis) == (
        2.7, 3.15, "imported target Q2 2014/15")
    assert result.rag == ON_TARGET and not result.warnings  # Green: they agree
    # No return typed the quarter (a position with no figures): the imported one stands.
    blank = (IndicatorPosition("HR11", "Finance", tuple(months(q2, None, None, None,
                                                               ref="HR11"))),)
    (result,) = indicator_results(plan, QuarterSnapshot(q2, (), indicators=blank), SETTINGS,
                                  series[1:], theirs)
    assert (result.ytd, result.value_basis) == (2.7, "latest figure (Q2 2014/15)")
    # The register governs where it has a target for the quarter.
    profiled = replace(sick, profiled_targets={"Q2 2014/15": 2.5})
    (result,) = indicator_results(replace(plan, indicators=(profiled,)),
                                  QuarterSnapshot(q2, ()), SETTINGS, series, theirs)
    assert (result.target, result.rag) == (2.5, OFF_TARGET)
    # A data-only indicator is never judged, whatever target the table gives (often 0).
    data = replace(sick, polarity="none")
    (result,) = indicator_results(replace(plan, indicators=(data,)), QuarterSnapshot(q2, ()),
                                  SETTINGS, series, theirs)
    assert (result.target, result.rag, result.warnings) == (None, DATA_ONLY, ())


def test_an_imported_status_that_disagrees_with_the_figures_is_listed():
    q2 = Quarter(2014, 2)
    missed = pi("number", "lower", ref="ETS01", frequency="quarterly", year_to_date="average")
    theirs = [imported("ETS01", q2, 0.0, 40.0, "Red")]  # 0 typed for "not yet received"
    series = [IndicatorMonth("ETS01", *q2.months[-1], 0.0)]
    plan = replace(PLAN, indicators=(missed, replace(missed, ref="UNKNOWN")))
    theirs.append(imported("UNKNOWN", q2, 0.0, 40.0, "Unknown"))  # claims no RAG
    results = indicator_results(plan, QuarterSnapshot(q2, ()), SETTINGS, series, theirs)
    assert results[0].rag == ON_TARGET
    (finding,) = results[0].warnings
    assert (finding.rule, finding.severity, finding.directorate, finding.file, finding.cell) == (
        "imported-status-disagrees", Severity.WARNING, "Finance", "kpis.csv", "G7")
    assert finding.message == ("ETS01 Q2 2014/15: the imported table gives 'Red', but the "
                               "figures make it on target (0 against a target of 40, lower "
                               "is better).")
    assert results[1].warnings == ()
    # Only the quarter's own figure speaks for the quarter.
    (result, _) = indicator_results(plan, QuarterSnapshot(Quarter(2014, 3), ()), SETTINGS,
                                    series, theirs)
    assert result.warnings == ()


# --------------------------------------------------------------------------- clinics

def test_clinic_candidates_with_their_reasons_and_figures():
    fell = pi(ref="FELL", quartiles={"2007/08": "Top 25%", "2008/09": "Below Average"})
    stuck = pi(ref="STUCK", quartiles={"2007/08": "Bottom 25%", "2008/09": "Bottom 25%"})
    gap = pi(ref="GAP", quartiles={"2006/07": "Bottom 25%", "2008/09": "Bottom 25%"})
    rose = pi(ref="ROSE", quartiles={"2007/08": "Bottom 25%", "2008/09": "Below Average"})
    missed = pi(ref="MISSED", targets={"2009/10": 98.0})
    data_only = pi(ref="DATA", polarity="none",
                   quartiles={"2007/08": "Top 25%", "2008/09": "Bottom 25%"})
    plan = replace(PLAN, indicators=(fell, stuck, gap, rose, missed, data_only))
    q2 = Quarter(2009, 2)
    position = (IndicatorPosition("MISSED", "Finance",
                                  tuple(months(Q3, 90, 90, 90, ref="MISSED"))),)
    now = indicator_results(plan, QuarterSnapshot(Q3, (), indicators=position), SETTINGS)
    before_position = (IndicatorPosition("MISSED", "Finance",
                                         tuple(months(q2, 90, 90, 90, ref="MISSED"))),)
    before = indicator_results(plan, QuarterSnapshot(q2, (), indicators=before_position),
                               SETTINGS)
    # By default the framework's two reasons only; a data-only indicator never.
    assert SETTINGS.clinic_reasons == (FELL_A_QUARTILE, WORST_QUARTILE_TWO_YEARS)
    found = {c.ref: c for c in clinic_candidates(plan, Q3, now, before)}
    assert {ref: c.reason for ref, c in found.items()} == {
        "FELL": "fell from Top 25% in 2007/08 to Below Average in 2008/09",
        "STUCK": "stayed in the Bottom 25% in 2007/08 and 2008/09",
    }
    (why,) = found["FELL"].reasons
    assert (why.rule, why.periods, why.quartiles) == (
        FELL_A_QUARTILE, ("2007/08", "2008/09"), ("Top 25%", "Below Average"))
    # The settings may add "missed its target two quarters running", or name one reason.
    every = (FELL_A_QUARTILE, WORST_QUARTILE_TWO_YEARS, MISSED_TARGET_TWO_QUARTERS)
    found = {c.ref: c for c in clinic_candidates(plan, Q3, now, before, every)}
    assert found["MISSED"].reason == (
        "missed its target in Q2 2009/10 (90% against 98%) and Q3 2009/10 (90% against 98%)")
    (why,) = found["MISSED"].reasons
    assert (why.periods, why.values, why.targets) == (
        ("Q2 2009/10", "Q3 2009/10"), (90.0, 90.0), (98.0, 98.0))
    assert {c.ref for c in clinic_candidates(plan, Q3, now, before, [FELL_A_QUARTILE])} == {
        "FELL"}
    assert clinic_candidates(plan, Q3, now, before, []) == ()
    # Missing once is not enough, nor a result from a quarter that is not the previous one.
    assert "MISSED" not in {c.ref for c in clinic_candidates(plan, Q3, now, (), every)}
    assert "MISSED" not in {c.ref for c in clinic_candidates(plan, Q4, now, now, every)}


def test_clinic_reasons_are_a_setting(tmp_path):
    from conftest import REPO_ROOT, write_settings

    text = (REPO_ROOT / "input_templates" / "settings.toml").read_text(encoding="utf-8")
    shipped = 'clinic_reasons = ["fell_a_quartile", "worst_quartile_two_years"]'
    assert shipped in text
    added = text.replace(shipped, 'clinic_reasons = ["fell_a_quartile", '
                         '"worst_quartile_two_years", "missed_target_two_quarters"]')
    assert load_settings(write_settings(tmp_path, added)).clinic_reasons[-1] == (
        MISSED_TARGET_TWO_QUARTERS)
    wrong = text.replace(shipped, 'clinic_reasons = ["missed_once"]')
    with pytest.raises(ConfigurationError, match="report.clinic_reasons must be a list of "
                       'reasons from "fell_a_quartile"'):
        load_settings(write_settings(tmp_path, wrong))
    assert clinic_rule(SETTINGS.clinic_reasons) == (
        "fell a benchmark quartile or stayed in the Bottom 25% two years running")


def test_the_sample_register_clinic_candidates():
    found = {c.ref: c.reason for c in clinic_candidates(PLAN, Q4)}
    assert found == {
        "BV 184a": "stayed in the Bottom 25% in 2007/08 and 2008/09",
        "BV 184b": "fell from Top 25% in 2007/08 to Above Average in 2008/09",
    }


# --- which indicators the performance report charts -----------------------------------

_NEEDS = [("clinic", None, None), ("rag", "off target", None), ("rag", "within tolerance", None),
          ("rag", "on target", False), ("rag", "on target", True), ("rag", "no target", None)]


def _result_with(ref: str, rag: str, better: bool | None):
    from reporter.indicators.results import IndicatorResult

    indicator = Indicator(ref, f"Indicator {ref}", "%", "higher", "Operations")
    return IndicatorResult(indicator, Quarter(2009, 3), (), None, 0, None, "", None, "", None,
                           better, None, rag)


@given(st.lists(st.sampled_from(range(len(_NEEDS))), max_size=40), st.integers(0, 45))
def test_the_charted_indicators_are_the_most_in_need_in_plan_order(needs, limit):
    from reporter.indicators.results import ClinicCandidate, indicators_to_chart

    results = [_result_with(f"PI {i:02d}", _NEEDS[n][1] or "on target", _NEEDS[n][2])
               for i, n in enumerate(needs)]
    clinics = [ClinicCandidate(r.ref, ())
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
    from reporter.indicators.results import ClinicCandidate, indicators_to_chart

    results = [_result_with("PI 01", "on target", True), _result_with("PI 02", "off target", None),
               _result_with("PI 03", "on target", False), _result_with("PI 04", "on target", True),
               _result_with("PI 05", "within tolerance", None)]
    chosen = indicators_to_chart(results, [ClinicCandidate("PI 04", ())], 3)
    assert chosen.refs == ("PI 02", "PI 04", "PI 05") and not chosen.is_all
