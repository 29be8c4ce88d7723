"""SPC (XmR) per Making Data Count: textbook series, the reading's words, and
invariants over any series."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.config.plan import Indicator
from reporter.indicators import spc
from reporter.periods import Quarter
from reporter.snapshot import IndicatorMonth

NOISE = [10.0, 11.0] * 10  # alternating: no runs, no trends, mean moving range 1


def test_below_fifteen_points_there_is_no_chart_and_the_reading_says_why():
    assert spc.xmr([1.0] * 14) is None
    assert spc.xmr([1.0] * 14 + [None] * 5) is None  # gaps do not count
    assert spc.reading([1.0] * 14 + [None]) == (
        "Not enough points for a statistical process control reading: "
        "14 months of the 15 needed.")
    assert spc.xmr([1.0] * 15) is not None


def test_constant_series_has_no_variation_and_no_signals():
    result = spc.xmr([5.0] * 20, "higher", 5.0)
    assert (result.lower, result.mean, result.upper) == (5.0, 5.0, 5.0)
    assert result.flags == () and result.signals == ()
    assert result.variation == spc.COMMON_CAUSE
    assert result.assurance == spc.TARGET_MET  # equal meets the target
    assert spc.xmr([5.0] * 20, "higher", 6.0).assurance == spc.TARGET_MISSED
    assert spc.xmr([5.0] * 20, "lower", 6.0).assurance == spc.TARGET_MET
    assert result.reading == ("Common cause variation: every month has been 5; the target "
                              "of 5 will be met consistently, as every month has met it.")


def test_limits_are_the_mean_plus_or_minus_2_66_average_moving_ranges():
    result = spc.xmr(NOISE)
    assert result.mean == pytest.approx(10.5)
    assert result.mean_moving_range == pytest.approx(1.0)
    assert result.upper == pytest.approx(10.5 + 2.66)
    assert result.lower == pytest.approx(10.5 - 2.66)
    assert result.flags == ()
    assert result.variation == spc.COMMON_CAUSE


def test_a_single_point_outside_the_limits_is_special_cause_and_does_not_widen_them():
    values = NOISE[:19] + [30.0]
    result = spc.xmr(values, "lower")
    # the freak moving range (11 -> 30) is screened out of the average
    assert result.mean_moving_range == pytest.approx(1.0)
    flag = result.flag_at(19)
    assert flag.rules[0] == spc.OUTSIDE_LIMITS and flag.effect == spc.CONCERN
    assert result.variation == spc.SPECIAL_CONCERN
    assert "the latest month (30) is above the upper process limit" in result.reading
    # an outlier in the middle is outside the limits; it also lifts the mean above all
    # the other points, so they make runs below it (shifts)
    middle = spc.xmr(NOISE[:10] + [30.0] + NOISE[:9], "lower")
    assert [f.index for f in middle.flags if spc.OUTSIDE_LIMITS in f.rules] == [10]
    assert {s.rule for s in middle.signals} == {spc.OUTSIDE_LIMITS, spc.SHIFT}


def test_a_shift_of_eight_points_above_the_mean():
    values = NOISE[:12] + [12.0, 12.2] * 4
    higher = spc.xmr(values, "higher")
    shift = [s for s in higher.signals if s.rule == spc.SHIFT]
    assert [(s.indices, s.direction) for s in shift] == [
        (tuple(range(12)), -1), (tuple(range(12, 20)), 1)]
    assert higher.variation == spc.SPECIAL_IMPROVEMENT
    assert "the last 8 months have all been above the average of" in higher.reading
    lower = spc.xmr(values, "lower")
    assert lower.variation == spc.SPECIAL_CONCERN
    assert all(f.effect == spc.CONCERN for f in lower.flags if f.index >= 12)
    assert all(f.effect == spc.IMPROVEMENT for f in lower.flags if f.index < 12)


def test_six_on_one_side_is_not_a_shift_but_seven_is():
    def series(run):  # the mean stays 10.5: as many 12s as 9s
        return [11.0, 10.0] * 7 + [12.0] * run + [9.0] * run + [11.0, 10.0] * 3

    def shifts(values):
        return [s for s in spc.xmr(values).signals if s.rule == spc.SHIFT and s.direction > 0]

    assert shifts(series(6)) == []
    assert [s.indices for s in shifts(series(7))] == [tuple(range(14, 21))]


def test_a_point_on_the_mean_breaks_a_run():
    values = [12.0] * 4 + [10.5] + [12.0] * 3 + [9.0] * 7 + [10.5]
    result = spc.xmr(values)
    assert result.mean == pytest.approx(10.5)
    assert [s.indices for s in result.signals if s.rule == spc.SHIFT] == [tuple(range(8, 15))]


def test_a_trend_of_seven_points():
    rising = [10.0, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6]
    values = NOISE[:14] + rising
    result = spc.xmr(values, "higher")
    trend = [s for s in result.signals if s.rule == spc.TREND]
    assert [(s.indices, s.direction, s.effect) for s in trend] == [
        (tuple(range(14, 21)), 1, spc.IMPROVEMENT)]
    assert result.variation == spc.SPECIAL_IMPROVEMENT
    assert "each of the last 7 months has been higher than the one before" in result.reading
    # six rising points are not a trend; a tie breaks one
    assert not [s for s in spc.xmr(NOISE[:14] + rising[:6]).signals if s.rule == spc.TREND]
    tied = rising[:3] + [rising[2]] + rising[3:]
    assert not [s for s in spc.xmr(NOISE[:14] + tied).signals if s.rule == spc.TREND]
    falling = spc.xmr(NOISE[:14] + rising[::-1], "higher")
    assert falling.variation == spc.SPECIAL_CONCERN


def test_two_of_three_close_to_a_limit():
    # mean 10.5, average moving range 1 (the 12.8 -> 8.1 drop is screened out): "close"
    # is beyond 10.5 +/- 1.78, the limits are at 10.5 +/- 2.68
    values = [11.0, 10.0] * 8 + [12.9, 12.8, 8.1, 8.2]
    result = spc.xmr(values, "higher")
    assert result.mean == pytest.approx(10.5)
    assert not [s for s in result.signals if s.rule == spc.OUTSIDE_LIMITS]
    near = [(s.indices, s.direction) for s in result.signals if s.rule == spc.TWO_OF_THREE]
    assert near == [((16, 17), 1), ((18, 19), -1)]
    assert result.variation == spc.SPECIAL_CONCERN
    assert "two of the last three months are close to the lower process limit" in result.reading
    assert spc.xmr(values, "lower").variation == spc.SPECIAL_IMPROVEMENT
    # one point close to a limit is not a signal
    assert not spc.xmr([11.0, 10.0] * 9 + [12.9, 10.0]).signals


def test_gaps_are_skipped_and_flags_index_the_input():
    values = NOISE[:10] + [None, float("nan")] + NOISE[10:19] + [30.0]
    result = spc.xmr(values)
    assert result.n == 20
    assert result.values[10] is None and result.values[11] is None
    assert [f.index for f in result.flags if spc.OUTSIDE_LIMITS in f.rules] == [21]
    assert all(result.values[s.indices[0]] is not None for s in result.signals)
    assert result.latest_index == 21


@pytest.mark.parametrize("polarity, target, expected", [
    ("higher", 5.0, spc.TARGET_MET),  # the whole range (7.84 to 13.16) is above
    ("higher", 12.0, spc.HIT_AND_MISS),
    ("higher", 14.0, spc.TARGET_MISSED),
    ("lower", 14.0, spc.TARGET_MET),
    ("lower", 12.0, spc.HIT_AND_MISS),
    ("lower", 5.0, spc.TARGET_MISSED),
    ("higher", None, None),
    (None, 12.0, None),  # no direction of good: cannot be judged
])
def test_assurance(polarity, target, expected):
    assert spc.xmr(NOISE, polarity, target).assurance == expected


def test_the_reading_is_one_plain_sentence_with_units():
    result = spc.xmr([98.0, 98.4] * 10, "higher", 98.7, unit="%")
    assert result.reading == (
        "Common cause variation: the latest month is within the process limits of 97.14% to "
        "99.26%; the target of 98.7% lies within the process limits (97.14% to 99.26%), so it "
        "will be met or missed by chance.")
    assert result.reading.count(";") == 1 and result.reading.endswith("chance.")
    missed = spc.xmr([20.0, 21.0] * 10, "lower", 10.0, unit="days")
    assert missed.reading.endswith(
        "the target of 10 days will be missed consistently unless the process changes, "
        "as the whole range (17.84 days to 23.16 days) is above it.")
    assert spc.xmr(NOISE).reading.endswith("; no target is set.")


def test_format_value():
    assert spc.format_value(98.62, "%") == "98.62%"
    assert spc.format_value(98.6, "%") == "98.6%"
    assert spc.format_value(25.0, "days") == "25 days"
    assert spc.format_value(1.0, "days") == "1 day"
    assert spc.format_value(13.6, "\u00a3") == "\u00a313.60"
    assert spc.format_value(1234.5) == "1,234"  # round half to even, no decimals above 1,000
    assert spc.format_value(-0.0001, "%") == "0%"
    assert spc.format_value(-3.25) == "-3.25"


def test_a_monthly_indicators_points_fill_missing_months_and_its_reading():
    relet = Indicator("BV 212", "Average relet time (days)", "days", "lower", "Operations")
    months = [IndicatorMonth("BV 212", 2009, m, float(m)) for m in (11, 12)]
    months += [IndicatorMonth("BV 212", 2010, 2, 40.0), IndicatorMonth("BV 212", 2009, 12, 13.0),
               IndicatorMonth("BV 212", 2010, 3, None)]
    periods, values = spc.indicator_points(relet, months)
    assert [p.label for p in periods] == ["Nov 2009", "Dec 2009", "Jan 2010", "Feb 2010"]
    assert values == (11.0, 13.0, None, 40.0)  # a month given twice keeps the later
    assert spc.indicator_points(relet, []) == ((), ())

    history = [IndicatorMonth("BV 212", 2008 + (3 + k) // 12, (3 + k) % 12 + 1, v)
               for k, v in enumerate([30.0, 32.0] * 10)]
    assert spc.indicator_spc(relet, history, 25.0).assurance == spc.TARGET_MISSED
    reading = spc.indicator_reading(relet, history, 25.0)
    assert reading.startswith("Common cause variation") and "25 days" in reading
    assert spc.no_reading_reason(relet, history) is None
    assert spc.no_reading_reason(relet, history[:3]) == "Fewer than 15 points (3 months)"
    assert spc.indicator_reading(relet, history[:3], 25.0) == (
        "No statistical process control reading: fewer than 15 points (3 months).")


def _quarter_ends(ref: str, values: list[float | None]) -> list[IndicatorMonth]:
    """A figure a quarter from Q1 2010/11, held against the quarter's last month."""
    held, quarter = [], Quarter(2010, 1)
    for value in values:
        held.append(IndicatorMonth(ref, *quarter.months[-1], value))
        quarter = quarter.next()
    return held


def test_a_quarterly_indicator_is_read_a_point_a_quarter_with_no_empty_months():
    calls = Indicator("CS01", "Call handling quality", "%", "higher", "Customers",
                      frequency="quarterly")
    history = _quarter_ends("CS01", [95.0, 96.0] * 8)
    periods, values = spc.indicator_points(calls, history)
    assert [p.label for p in periods[:5]] == ["Q1 2010/11", "Q2 2010/11", "Q3 2010/11",
                                              "Q4 2010/11", "Q1 2011/12"]
    assert values == tuple([95.0, 96.0] * 8)  # no month slots between the quarters
    result = spc.indicator_spc(calls, history, 90.0)
    assert result.n == 16 and "latest quarter" in result.reading
    # a figure held against any month of the quarter is the quarter's
    moved = [IndicatorMonth(m.ref, m.year, m.month - 1, m.value) for m in history]
    assert spc.indicator_points(calls, moved)[1] == values
    assert spc.no_reading_reason(calls, history[:6]) == "Fewer than 15 points (6 quarters)"


def test_annual_indicators_have_no_reading_and_say_why():
    annual = Indicator("BV 8", "Invoices paid on time", "%", "higher", "Finance",
                       frequency="annual", year_to_date="latest")
    history = [IndicatorMonth("BV 8", 1990 + k, 3, 90.0 + k % 2) for k in range(30)]
    assert spc.indicator_points(annual, history) == ((), ())
    assert spc.indicator_spc(annual, history, 95.0) is None
    assert spc.no_reading_reason(annual, history) == spc.ANNUAL_REASON


def test_limits_are_clipped_to_the_indicators_bounds():
    rent = Indicator("BV 66a", "Rent collected", "%", "higher", "Finance")
    values = [99.9, 97.0, 99.8, 96.5, 99.9] * 4  # wide swings near 100%: limits past it
    unclipped = spc.xmr(values, "higher")
    assert unclipped.upper > 100
    history = [IndicatorMonth("BV 66a", 2008 + (3 + k) // 12, (3 + k) % 12 + 1, v)
               for k, v in enumerate(values)]
    clipped = spc.indicator_spc(rent, history, 98.0)
    assert clipped.upper == 100.0 and clipped.near_upper <= 100.0
    assert clipped.lower == pytest.approx(unclipped.lower)
    assert "101" not in clipped.reading and "100%" in clipped.reading
    change = Indicator("SNH02", "% reduction", "%", "higher", "Safety", minimum=-100.0)
    assert change.bounds == (-100.0, 100.0)
    assert spc.xmr([-9.0, 5.0] * 10, bounds=change.bounds).lower < 0  # negatives allowed


# --------------------------------------------------------------------------- invariants

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
series = st.lists(st.one_of(finite, st.none()), min_size=0, max_size=60)


@settings(max_examples=300, deadline=None)
@given(series, st.sampled_from(["higher", "lower", None]), st.one_of(st.none(), finite))
def test_invariants(values, polarity, target):
    result = spc.xmr(values, polarity, target)
    if spc.point_count(values) < spc.MIN_POINTS:
        assert result is None
        assert spc.reading(values, polarity, target).startswith("Not enough points")
        return
    assert result.lower <= result.mean <= result.upper
    assert result.lower <= result.near_lower <= result.mean <= result.near_upper <= result.upper
    scale = max(1.0, max(abs(v) for v in values if v is not None))
    assert result.upper - result.mean == pytest.approx(result.mean - result.lower, abs=1e-9 * scale)
    assert result.mean_moving_range >= 0
    assert [f.index for f in result.flags] == sorted({f.index for f in result.flags})
    for flag in result.flags:
        assert 0 <= flag.index < len(values) and values[flag.index] is not None
        assert flag.rules and flag.effect in (spc.IMPROVEMENT, spc.CONCERN, spc.NEITHER)
    for signal in result.signals:
        assert all(values[i] is not None for i in signal.indices)
    assert result.variation in (spc.COMMON_CAUSE, spc.SPECIAL_IMPROVEMENT,
                                spc.SPECIAL_CONCERN, spc.SPECIAL_NEITHER)
    if polarity is None:
        assert result.variation != spc.SPECIAL_IMPROVEMENT and result.assurance is None
    if target is None:
        assert result.assurance is None
    elif polarity is not None:
        assert result.assurance in (spc.TARGET_MET, spc.TARGET_MISSED, spc.HIT_AND_MISS)
    assert result.reading.endswith(".") and "\n" not in result.reading


@pytest.mark.parametrize("values", [
    [0.0] * 20,
    [-5.0] * 20,
    [-3.0, -7.5] * 10,
    [0.0] * 19 + [1.0],
    [1e-12, 2e-12] * 10,
])
def test_no_crash_on_flat_zero_or_negative_series(values):
    result = spc.xmr(values, "lower", 0.0)
    assert result.lower <= result.mean <= result.upper
    assert isinstance(result.reading, str)


def test_one_changed_point_in_a_flat_series_is_not_everything_outside():
    # screening would leave no variation at all: the unscreened average is kept
    result = spc.xmr([0.0] * 19 + [1.0])
    assert result.upper > result.lower
    assert [f.index for f in result.flags if spc.OUTSIDE_LIMITS in f.rules] == [19]
    assert math.isfinite(result.mean)
