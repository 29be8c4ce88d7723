"""Statistical process control (SPC) of an indicator's monthly or quarterly figures.

NHS England's "Making Data Count" asks boards to read indicators as XmR
(individuals) charts, not RAG: is the variation common cause (noise) or special
cause (a signal), and will the target be met reliably, by chance or not at all?

Pure functions, no plotting. ``xmr(values, polarity, target)`` gives an
``SpcResult`` (``None`` below ``MIN_POINTS`` points); ``reading(...)`` gives the
one-sentence reading for the Board whatever the number of points. For an indicator,
``indicator_spc`` reads its points as it is reported (a month or a quarter each; never
annual figures) and ``no_reading_reason`` says, in one place, why there is no reading.

How the figures are made (Making Data Count, as the NHS-R "plot the dots"
implementation reads it):

- Gaps (None, NaN) are left out; the points either side of a gap count as
  consecutive. Flags and signals index the input sequence, gaps included.
- Mean of the points; moving ranges between consecutive points; the average
  moving range is screened once: ranges above 3.267 x the average (the upper range
  limit) are dropped and the average recomputed, so one freak month does not widen
  the limits (not done when it would leave no variation at all).
- Process limits: mean +/- 2.66 x the average moving range (about 3 sigma).
- Special cause rules:
  1. a point outside the process limits;
  2. a shift: 7 or more consecutive points above the mean, or below it (a point on
     the mean breaks the run);
  3. a trend: 7 or more consecutive points each higher than the one before, or each
     lower (an equal point breaks it);
  4. two out of three consecutive points close to a limit (beyond two thirds of the
     way from the mean to the limit, about 2 sigma) on the same side.
- Each signal is an improvement or a concern by the indicator's polarity ("higher"
  or "lower" is better; "neither" without one): by its side of the mean, or for a
  trend by its direction. A point in signals of both kinds (a rise still below the
  mean) takes the kind of its strongest rule: outside the limits, then two of three
  close to a limit, then a trend (the latest movement), then a shift.
- Variation is read from the latest point, as Making Data Count's icons are:
  special cause (improvement or concern) if it is flagged, else common cause.
- Assurance, with a target: "target consistently met" when the whole range between
  the limits meets the target (equal meets), "target consistently missed" when the
  whole range misses it, "hit and miss" when the target lies within the limits.
- Limits (and the "close to a limit" thresholds) are clipped to the figure's bounds:
  a percentage's upper limit is at most 100%, never "101.9%".
- Limits are computed from all the points. After a real change in the process,
  Making Data Count recalculates them from the change on; that is a human
  decision, made here by passing only the points since the change.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from reporter.indicators.table_periods import Period, quarter_period
from reporter.indicators.year_to_date import figure
from reporter.periods import DEFAULT_FIRST_MONTH, Quarter

if TYPE_CHECKING:
    from reporter.config.plan import Indicator
    from reporter.snapshot import IndicatorMonth

MIN_POINTS = 15  # Making Data Count: 15 points at least (20 better) before reading limits
LIMIT_FACTOR = 2.66  # limits = mean +/- 2.66 x average moving range
RANGE_LIMIT_FACTOR = 3.267  # moving ranges above 3.267 x the average are screened out
RUN_LENGTH = 7  # shift: points on one side of the mean
TREND_LENGTH = 7  # trend: points each higher (or lower) than the one before
NEAR_LIMIT = 2 / 3  # "close to a limit": beyond 2/3 of the way from the mean (2 sigma)

# Rules, strongest first (the order decides a point in signals of both kinds).
OUTSIDE_LIMITS = "outside the process limits"
TWO_OF_THREE = "two of three close to a process limit"
TREND = "trend"
SHIFT = "shift"
_RULE_ORDER = (OUTSIDE_LIMITS, TWO_OF_THREE, TREND, SHIFT)

IMPROVEMENT = "improvement"
CONCERN = "concern"
NEITHER = "neither"

COMMON_CAUSE = "common cause"
SPECIAL_IMPROVEMENT = "special cause \u2013 improvement"
SPECIAL_CONCERN = "special cause \u2013 concern"
SPECIAL_NEITHER = "special cause \u2013 neither improvement nor concern"
_VARIATION = {IMPROVEMENT: SPECIAL_IMPROVEMENT, CONCERN: SPECIAL_CONCERN, NEITHER: SPECIAL_NEITHER}

TARGET_MET = "target consistently met"
TARGET_MISSED = "target consistently missed"
HIT_AND_MISS = "hit and miss"


@dataclass(frozen=True)
class Signal:
    """One special-cause signal: which rule, the input indices it covers, its direction
    (+1 above the mean or rising, -1 below or falling) and whether that is good."""

    rule: str
    indices: tuple[int, ...]
    direction: int
    effect: str  # IMPROVEMENT, CONCERN or NEITHER


@dataclass(frozen=True)
class Flag:
    """A point flagged as special cause: its input index, value, the rules it breaks
    (strongest first) and its effect."""

    index: int
    value: float
    rules: tuple[str, ...]
    effect: str


@dataclass(frozen=True)
class SpcResult:
    """An XmR chart's figures and its reading."""

    values: tuple[float | None, ...]  # the input, gaps as None
    n: int  # points used (the input less its gaps)
    mean: float
    mean_moving_range: float
    lower: float
    upper: float
    near_lower: float  # "close to a limit" thresholds (2 sigma)
    near_upper: float
    flags: tuple[Flag, ...]  # flagged points, in input order
    signals: tuple[Signal, ...]
    polarity: str | None
    target: float | None
    variation: str  # COMMON_CAUSE, SPECIAL_IMPROVEMENT, SPECIAL_CONCERN or SPECIAL_NEITHER
    assurance: str | None  # TARGET_MET, TARGET_MISSED, HIT_AND_MISS; None without a target
    reading: str  # one sentence for the Board

    @property
    def latest_index(self) -> int:
        """The input index of the latest point (not a gap)."""
        return max(i for i, v in enumerate(self.values) if v is not None)

    def flag_at(self, index: int) -> Flag | None:
        return next((f for f in self.flags if f.index == index), None)


# --------------------------------------------------------------------------- numbers

def format_value(value: float, unit: str = "") -> str:
    """A figure as the Board reads it: ``98.62%``, ``25 days``, ``£13.60``, ``1,234``."""
    if value == 0:
        value = 0.0  # no "-0"
    magnitude = abs(value)
    if unit == "\u00a3":
        return f"-\u00a3{magnitude:,.2f}" if value < 0 else f"\u00a3{magnitude:,.2f}"
    places = 2 if magnitude < 100 else 1 if magnitude < 1000 else 0
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if unit == "%":
        return f"{text}%"
    if unit == "days":
        return f"{text} day" if text == "1" else f"{text} days"
    return text


def _polarity_sign(polarity: str | None) -> int:
    return {"higher": 1, "lower": -1}.get((polarity or "").strip().lower(), 0)


def _effect(direction: int, polarity_sign: int) -> str:
    if polarity_sign == 0:
        return NEITHER
    return IMPROVEMENT if direction * polarity_sign > 0 else CONCERN


def _clean(values: Sequence[float | None]) -> tuple[float | None, ...]:
    """The input with NaN and infinities as gaps."""
    cleaned: list[float | None] = []
    for value in values:
        if value is None:
            cleaned.append(None)
            continue
        number = float(value)
        cleaned.append(number if math.isfinite(number) else None)
    return tuple(cleaned)


def point_count(values: Sequence[float | None]) -> int:
    """How many points (not gaps) a series has."""
    return sum(1 for v in _clean(values) if v is not None)


# --------------------------------------------------------------------------- the chart

def xmr(values: Sequence[float | None], polarity: str | None = None,
        target: float | None = None, *, unit: str = "", period: str = "month",
        bounds: tuple[float | None, float | None] = (None, None)) -> SpcResult | None:
    """The XmR chart of a series (gaps as None), or None below MIN_POINTS points.

    ``polarity`` is "higher" or "lower" (is better); ``target`` the figure to assure
    against; ``unit`` and ``period`` ("month", "quarter", "point") only word the reading;
    ``bounds`` (lowest, highest possible figure, such as 0 and 100 for a percentage) clip
    the limits and the "close to a limit" thresholds, never past the mean.
    """
    series = _clean(values)
    points = [(i, v) for i, v in enumerate(series) if v is not None]
    if len(points) < MIN_POINTS:
        return None
    numbers = [v for _, v in points]
    mean = math.fsum(numbers) / len(numbers)
    mean_mr = _mean_moving_range(numbers)
    half_width = LIMIT_FACTOR * mean_mr
    low, high = bounds
    # A limit beyond what a figure can be (101.9% collected) means nothing to a Board.
    lower, near_lower = (_clip_low(mean - k * half_width, low, mean) for k in (1, NEAR_LIMIT))
    upper, near_upper = (_clip_high(mean + k * half_width, high, mean) for k in (1, NEAR_LIMIT))
    if target is not None and not math.isfinite(float(target)):
        target = None
    sign = _polarity_sign(polarity)
    tolerance = 1e-9 * max(1.0, max(abs(v) for v in numbers))

    signals = (
        _outside(points, lower, upper, tolerance, sign)
        + _two_of_three(points, (near_lower, near_upper), half_width, tolerance, sign)
        + _trends(points, tolerance, sign)
        + _shifts(points, mean, tolerance, sign)
    )
    flags = _flags(points, signals)
    latest = flags[-1] if flags and flags[-1].index == points[-1][0] else None
    variation = COMMON_CAUSE if latest is None else _VARIATION[latest.effect]
    assurance = _assurance(target, lower, upper, sign)
    result = SpcResult(
        values=series, n=len(points), mean=mean, mean_moving_range=mean_mr,
        lower=lower, upper=upper, near_lower=near_lower, near_upper=near_upper,
        flags=flags, signals=signals, polarity=polarity,
        target=None if target is None else float(target),
        variation=variation, assurance=assurance, reading="",
    )
    return _with_reading(result, unit, period)


def _clip_low(limit: float, low: float | None, mean: float) -> float:
    return limit if low is None else min(max(limit, low), mean)


def _clip_high(limit: float, high: float | None, mean: float) -> float:
    return limit if high is None else max(min(limit, high), mean)


def _mean_moving_range(numbers: Sequence[float]) -> float:
    """The average moving range, screened once for freak ranges."""
    ranges = [abs(b - a) for a, b in zip(numbers, numbers[1:])]
    average = math.fsum(ranges) / len(ranges)
    kept = [r for r in ranges if r <= RANGE_LIMIT_FACTOR * average]
    screened = math.fsum(kept) / len(kept) if kept else average
    return screened if screened > 0 else average  # never screen away all variation


def _outside(points, lower, upper, tolerance, sign) -> tuple[Signal, ...]:
    found = []
    for index, value in points:
        if value > upper + tolerance:
            found.append(Signal(OUTSIDE_LIMITS, (index,), 1, _effect(1, sign)))
        elif value < lower - tolerance:
            found.append(Signal(OUTSIDE_LIMITS, (index,), -1, _effect(-1, sign)))
    return tuple(found)


def _two_of_three(points, near, half_width, tolerance, sign) -> tuple[Signal, ...]:
    if half_width <= tolerance:  # no variation: nothing can be "close to" a limit
        return ()
    near_lower, near_upper = near
    found: list[Signal] = []
    for start in range(len(points) - 2):
        window = points[start:start + 3]
        for direction in (1, -1):
            near = tuple(i for i, v in window if (v > near_upper + tolerance if direction > 0
                                                  else v < near_lower - tolerance))
            if len(near) >= 2:
                signal = Signal(TWO_OF_THREE, near, direction, _effect(direction, sign))
                if signal not in found:
                    found.append(signal)
    return tuple(found)


def _runs(keys: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal non-zero keys: (first position, last position, key)."""
    runs, start = [], 0
    for position in range(1, len(keys) + 1):
        if position == len(keys) or keys[position] != keys[start]:
            if keys[start] != 0:
                runs.append((start, position - 1, keys[start]))
            start = position
    return runs


def _side(value: float, reference: float, tolerance: float) -> int:
    difference = value - reference
    return 0 if abs(difference) <= tolerance else (1 if difference > 0 else -1)


def _shifts(points, mean, tolerance, sign) -> tuple[Signal, ...]:
    sides = [_side(v, mean, tolerance) for _, v in points]
    return tuple(
        Signal(SHIFT, tuple(i for i, _ in points[first:last + 1]), side, _effect(side, sign))
        for first, last, side in _runs(sides) if last - first + 1 >= RUN_LENGTH
    )


def _trends(points, tolerance, sign) -> tuple[Signal, ...]:
    steps = [_side(b, a, tolerance) for (_, a), (_, b) in zip(points, points[1:])]
    # a run of k steps covers k + 1 points: step j goes from point j to point j + 1
    return tuple(
        Signal(TREND, tuple(i for i, _ in points[first:last + 2]), step, _effect(step, sign))
        for first, last, step in _runs(steps) if last - first + 2 >= TREND_LENGTH
    )


def _flags(points, signals: Sequence[Signal]) -> tuple[Flag, ...]:
    by_index: dict[int, list[Signal]] = {}
    for signal in signals:
        for index in signal.indices:
            by_index.setdefault(index, []).append(signal)
    values = dict(points)
    flags = []
    for index in sorted(by_index):
        found = sorted(by_index[index], key=lambda s: _RULE_ORDER.index(s.rule))
        rules = tuple(dict.fromkeys(s.rule for s in found))
        flags.append(Flag(index, values[index], rules, found[0].effect))
    return tuple(flags)


def _assurance(target: float | None, lower: float, upper: float, sign: int) -> str | None:
    if target is None or sign == 0:
        return None
    if sign > 0:  # higher is better: met when even the lower limit meets the target
        return TARGET_MET if lower >= target else TARGET_MISSED if upper < target else HIT_AND_MISS
    return TARGET_MET if upper <= target else TARGET_MISSED if lower > target else HIT_AND_MISS


# --------------------------------------------------------------------------- words

def _plural(period: str, count: int) -> str:
    return period if count == 1 else f"{period}s"


def _latest_signal_words(result: SpcResult, unit: str, period: str) -> str:
    """Why the latest point is special cause, in words: its strongest signal."""
    latest = result.latest_index
    signal = next(s for s in sorted(result.signals, key=lambda s: _RULE_ORDER.index(s.rule))
                  if latest in s.indices)
    up = signal.direction > 0
    count = len(signal.indices)
    periods = _plural(period, count)
    if signal.rule == OUTSIDE_LIMITS:
        value = format_value(result.values[latest] or 0.0, unit)
        limit = format_value(result.upper if up else result.lower, unit)
        which = "above the upper" if up else "below the lower"
        return f"the latest {period} ({value}) is {which} process limit ({limit})"
    if signal.rule == TWO_OF_THREE:
        which = "upper" if up else "lower"
        return f"two of the last three {period}s are close to the {which} process limit"
    if signal.rule == TREND:
        which = "higher" if up else "lower"
        return f"each of the last {count} {periods} has been {which} than the one before"
    which = "above" if up else "below"
    return (f"the last {count} {periods} have all been {which} the average "
            f"of {format_value(result.mean, unit)}")


def _with_reading(result: SpcResult, unit: str, period: str) -> SpcResult:
    """The result with its one-sentence reading: the variation, then the assurance."""
    limits = f"{format_value(result.lower, unit)} to {format_value(result.upper, unit)}"
    flat = result.upper - result.lower <= 0
    if result.variation != COMMON_CAUSE:
        variation = result.variation[0].upper() + result.variation[1:]
        first = f"{variation}: {_latest_signal_words(result, unit, period)}"
    elif flat:
        first = f"Common cause variation: every {period} has been {format_value(result.mean, unit)}"
    else:
        first = (f"Common cause variation: the latest {period} is within the process limits "
                 f"of {limits}")
    target = None if result.target is None else format_value(result.target, unit)
    higher = _polarity_sign(result.polarity) > 0
    if target is None:
        second = "no target is set"
    elif result.assurance is None:
        second = (f"whether the target of {target} will be met cannot be judged without "
                  f"a direction of improvement")
    elif result.assurance == TARGET_MET:
        why = (f"every {period} has met it" if flat else
               f"the whole range ({limits}) is {'at or above' if higher else 'at or below'} it")
        second = f"the target of {target} will be met consistently, as {why}"
    elif result.assurance == TARGET_MISSED:
        why = (f"every {period} has missed it" if flat else
               f"the whole range ({limits}) is {'below' if higher else 'above'} it")
        second = (f"the target of {target} will be missed consistently unless the process "
                  f"changes, as {why}")
    else:
        second = (f"the target of {target} lies within the process limits ({limits}), "
                  f"so it will be met or missed by chance")
    return replace(result, reading=f"{first}; {second}.")


def reading(values: Sequence[float | None], polarity: str | None = None,
            target: float | None = None, *, unit: str = "", period: str = "month") -> str:
    """The Board's one-sentence SPC reading of a series, or why there is none."""
    result = xmr(values, polarity, target, unit=unit, period=period)
    if result is not None:
        return result.reading
    count = point_count(values)
    return (f"Not enough points for a statistical process control reading: "
            f"{count} {_plural(period, count)} of the {MIN_POINTS} needed.")


# --------------------------------------------------------------------------- indicators

def indicator_points(indicator: Indicator, series: Iterable[IndicatorMonth],
                     first_month: int = DEFAULT_FIRST_MONTH
                     ) -> tuple[tuple[Period, ...], tuple[float | None, ...]]:
    """An indicator's points, first to last held with none skipped, and their values
    (None for a period without a figure): a month each for a monthly indicator, a quarter
    each for a quarterly one (the quarter's figure as the year to date reads it, wherever
    in the quarter it is held). None for an annual one: a year's figures are too few.
    A month given twice keeps the later one. Quarters are of the financial year starting
    in ``first_month`` (the organisation's)."""
    if indicator.frequency == "annual":
        return (), ()
    given: dict[tuple[int, int], float | None] = {}
    for point in series:
        given[(point.year, point.month)] = point.value
    quarterly = indicator.frequency == "quarterly"
    held = sorted({_period_of(y, m, quarterly, first_month)
                   for (y, m), v in given.items() if v is not None},
                  key=lambda p: (p.year, p.number))
    if not held:
        return (), ()
    periods = [held[0]]
    while periods[-1] != held[-1]:
        periods.append(_next(periods[-1]))
    return tuple(periods), tuple(figure(p, given) for p in periods)


def _period_of(year: int, month: int, quarterly: bool, first_month: int) -> Period:
    if quarterly:
        return quarter_period(Quarter.containing(date(year, month, 1), first_month))
    return Period("month", year, month, first_month)


def _next(period: Period) -> Period:
    if period.kind == "quarter":
        return quarter_period(period.quarter.next())
    year, month = period.year, period.number
    return Period("month", *((year + 1, 1) if month == 12 else (year, month + 1)),
                  period.first_month)


def period_word(indicator: Indicator) -> str:
    """What one point of the indicator is: "month" or "quarter" (a "year" for annual)."""
    return {"quarterly": "quarter", "annual": "year"}.get(indicator.frequency, "month")


def no_reading_reason(indicator: Indicator, series: Iterable[IndicatorMonth],
                      first_month: int = DEFAULT_FIRST_MONTH) -> str | None:
    """Why an indicator has no SPC reading, in a few words for a table cell: "Fewer than
    15 points (9 months)", or that annual figures are never read; None when it has one.
    Every document that says why there is no reading or chart says it with these words."""
    if indicator.frequency == "annual":
        return ANNUAL_REASON
    _, values = indicator_points(indicator, series, first_month)
    count = point_count(values)
    if count >= MIN_POINTS:
        return None
    return f"Fewer than {MIN_POINTS} points ({count} {_plural(period_word(indicator), count)})"


# An annual indicator has a handful of points in a decade: never enough for SPC limits.
ANNUAL_REASON = "Not used for annual figures"


def indicator_spc(indicator: Indicator, series: Iterable[IndicatorMonth],
                  target: float | None = None,
                  first_month: int = DEFAULT_FIRST_MONTH) -> SpcResult | None:
    """The XmR chart of an indicator's history, a point a month or a quarter as it is
    reported, its limits clipped to the indicator's bounds (a percentage stays within 0
    to 100). None where ``no_reading_reason`` gives a reason. Quarters are of the year
    starting in ``first_month``."""
    if indicator.frequency == "annual":
        return None
    _, values = indicator_points(indicator, series, first_month)
    return xmr(values, indicator.polarity, target, unit=unit_words(indicator.unit),
               period=period_word(indicator), bounds=indicator.bounds)


def indicator_reading(indicator: Indicator, series: Sequence[IndicatorMonth],
                      target: float | None = None) -> str:
    """The one-sentence SPC reading the performance report shows beside the RAG, or why
    there is none."""
    result = indicator_spc(indicator, series, target)
    if result is not None:
        return result.reading
    reason = no_reading_reason(indicator, series) or ""
    return f"No statistical process control reading: {reason[:1].lower()}{reason[1:]}."


def unit_words(unit: str) -> str:
    """Units format_value words: "%", "days", "\u00a3"; others as plain numbers."""
    return unit if unit in ("%", "days", "\u00a3") else ""
