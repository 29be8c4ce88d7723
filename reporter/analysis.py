"""Analysis of quarter snapshots: the figures and lists the Board reads.

Pure functions over the plan and snapshots (no I/O): counts by status with last
quarter's in brackets, the movement between quarters, the three sections of the
progress report (exceptions, notable achievements, looking forward), indicator
results, the share of indicators improved and performance clinic candidates.

Conventions:

- ``None`` as a status means "not reported" (no return, or a status not understood).
- Year to date (YTD): the mean of the months given so far in the financial year for
  units "%", "days", "score" and "£" (rates and averages), the sum for "number" (counts).
- "Better" compares the indicator's value with the same period last year: the same
  months of last year, aggregated the same way; at Q4 the registered outturns are used
  where the register has them (the year-end comparison of the Board report). Equal is
  not better. It is None (not comparable) when either figure is missing.
- RAG of an indicator: "on target" when the value meets the target (polarity aware,
  equal meets); "within tolerance" when it misses by no more than the tolerance
  (a fraction of the target); else "off target"; "no target" when the register has
  no target for the year; "no data" when there is no value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TypeVar

from reporter.config.plan import QUARTILES, Action, Indicator, Outcome, Plan
from reporter.config.settings import Settings
from reporter.findings import Finding, Severity
from reporter.periods import FinancialYear, Quarter
from reporter.snapshot import ActionPosition, IndicatorMonth, IndicatorPosition, QuarterSnapshot
from reporter.status import Status, StatusVocabulary

# The order the Board reads counts in; None is "not reported".
STATUS_ROWS: tuple[Status | None, ...] = (
    Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED, None,
)

ON_TARGET = "on target"
WITHIN_TOLERANCE = "within tolerance"
OFF_TARGET = "off target"
NO_TARGET = "no target"
NO_DATA = "no data"
SUMMED_UNITS: frozenset[str] = frozenset({"number"})

Counts = dict[Status | None, int]


# --------------------------------------------------------------------------- counts

def status_counts(snapshot: QuarterSnapshot | None) -> Counts:
    """Actions by reported status: every key of STATUS_ROWS, 0 when none (all 0 for None)."""
    counts: Counts = dict.fromkeys(STATUS_ROWS, 0)
    for position in snapshot.actions if snapshot is not None else ():
        counts[position.status] += 1
    return counts


@dataclass(frozen=True)
class StatusSummary:
    """This quarter's counts by status and, when known, the previous quarter's."""

    current: Mapping[Status | None, int]
    previous: Mapping[Status | None, int] | None = None

    @property
    def total(self) -> int:
        return sum(self.current.values())

    def bracket(self, status: Status | None) -> str:
        """``43 (12)``: this quarter's count with the previous in brackets (``43`` alone
        when there is no previous quarter)."""
        now = self.current.get(status, 0)
        if self.previous is None:
            return str(now)
        return f"{now} ({self.previous.get(status, 0)})"


def status_summary(snapshot: QuarterSnapshot,
                   previous: QuarterSnapshot | None = None) -> StatusSummary:
    """The counts of a quarter with the previous quarter's, for the brackets."""
    return StatusSummary(status_counts(snapshot),
                         None if previous is None else status_counts(previous))


def summaries_by_theme(plan: Plan, snapshot: QuarterSnapshot,
                       previous: QuarterSnapshot | None = None) -> dict[int, StatusSummary]:
    """Theme number -> its StatusSummary, for every theme of the plan, in plan order."""
    themes = {o.ref: o.theme for o in plan.outcomes}
    outcomes = {a.ref: a.outcome for a in plan.actions}

    def theme(position: ActionPosition) -> int:
        outcome = outcomes.get(position.ref, position.ref[:-1])
        return themes.get(outcome, _leading_number(position.ref))

    return _grouped(snapshot, previous, theme, [t.number for t in plan.themes])


def summaries_by_directorate(plan: Plan, snapshot: QuarterSnapshot,
                             previous: QuarterSnapshot | None = None
                             ) -> dict[str, StatusSummary]:
    """Lead directorate -> its StatusSummary, for every directorate of the plan, in plan order.

    The plan's lead directorate counts; the return's is used for an action not in the plan.
    """
    leads = {a.ref: a.directorate for a in plan.actions}

    def lead(position: ActionPosition) -> str:
        return leads.get(position.ref, position.directorate)

    return _grouped(snapshot, previous, lead, [d.name for d in plan.directorates])


Key = TypeVar("Key")


def _grouped(snapshot: QuarterSnapshot, previous: QuarterSnapshot | None,
             key: Callable[[ActionPosition], Key], order: list[Key]) -> dict[Key, StatusSummary]:
    """StatusSummary per group, the keys of ``order`` first, then any others seen."""
    def counts(snap: QuarterSnapshot) -> dict[Key, Counts]:
        result: dict[Key, Counts] = {k: dict.fromkeys(STATUS_ROWS, 0) for k in order}
        for position in snap.actions:
            result.setdefault(key(position), dict.fromkeys(STATUS_ROWS, 0))[position.status] += 1
        return result

    now = counts(snapshot)
    before = counts(previous) if previous is not None else None
    keys = list(now) + [k for k in (before or {}) if k not in now]
    return {k: StatusSummary(now.get(k) or dict.fromkeys(STATUS_ROWS, 0),
                             None if before is None
                             else before.get(k) or dict.fromkeys(STATUS_ROWS, 0))
            for k in keys}


def _leading_number(ref: str) -> int:
    digits = ref.split(".")[0].strip()
    return int(digits) if digits.isdigit() else 0


# --------------------------------------------------------------------------- movement

@dataclass(frozen=True)
class Movement:
    """The refs that moved from each of last quarter's statuses to each of this quarter's.

    ``moves[(from, to)]`` holds a tuple of refs for every pair of STATUS_ROWS (empty when
    none). An action missing from a snapshot counts as None (not reported) there, so each
    row sums to last quarter's count of that status when both hold the same actions.
    """

    moves: Mapping[tuple[Status | None, Status | None], tuple[str, ...]]

    def refs(self, before: Status | None, after: Status | None) -> tuple[str, ...]:
        return self.moves.get((before, after), ())

    def count(self, before: Status | None, after: Status | None) -> int:
        return len(self.refs(before, after))

    def row_total(self, before: Status | None) -> int:
        """How many actions had status ``before`` last quarter."""
        return sum(self.count(before, after) for after in STATUS_ROWS)

    def column_total(self, after: Status | None) -> int:
        """How many actions have status ``after`` this quarter."""
        return sum(self.count(before, after) for before in STATUS_ROWS)


def movement(previous: QuarterSnapshot | None, current: QuarterSnapshot) -> Movement:
    """The movement matrix from the previous quarter's statuses to this quarter's."""
    before = {p.ref: p.status for p in previous.actions} if previous is not None else {}
    after = {p.ref: p.status for p in current.actions}
    refs = list(after) + [ref for ref in before if ref not in after]
    cells: dict[tuple[Status | None, Status | None], list[str]] = {
        (b, a): [] for b in STATUS_ROWS for a in STATUS_ROWS
    }
    for ref in refs:
        cells[(before.get(ref), after.get(ref))].append(ref)
    return Movement({pair: tuple(found) for pair, found in cells.items()})


@dataclass(frozen=True)
class BoardMoves:
    """The moves the Board asks about, as refs in snapshot order."""

    previous_red: tuple[str, ...]  # Red last quarter
    red_to_complete: tuple[str, ...]  # Red last quarter, Complete now
    still_red: tuple[str, ...]  # Red both quarters
    to_red: tuple[str, ...]  # anything else last quarter (or not reported), Red now

    @property
    def all_previous_red_complete(self) -> bool:
        """True when there were Reds last quarter and every one of them is now Complete."""
        return bool(self.previous_red) and self.red_to_complete == self.previous_red


def board_moves(moves: Movement) -> BoardMoves:
    """Red to Complete, Red still, and anything to Red, from a movement matrix."""
    previous_red = tuple(r for after in STATUS_ROWS for r in moves.refs(Status.RED, after))
    return BoardMoves(
        previous_red=previous_red,
        red_to_complete=moves.refs(Status.RED, Status.COMPLETE),
        still_red=moves.refs(Status.RED, Status.RED),
        to_red=tuple(r for before in STATUS_ROWS if before is not Status.RED
                     for r in moves.refs(before, Status.RED)),
    )


# --------------------------------------------------------------------------- sections

@dataclass(frozen=True)
class ActionItem:
    """An action of the plan with its position this quarter (None when not reported)."""

    action: Action
    position: ActionPosition | None
    due: date | None = None  # the key date that puts it in the section, where one does
    reason: str = ""  # why it is listed, for people

    @property
    def ref(self) -> str:
        return self.action.ref

    @property
    def status(self) -> Status | None:
        return None if self.position is None else self.position.status


@dataclass(frozen=True)
class OutcomeGroup:
    """Items of one desired outcome, for the progress report's tables."""

    outcome: Outcome
    items: tuple[ActionItem, ...]


def _items(plan: Plan, snapshot: QuarterSnapshot) -> list[tuple[Action, ActionPosition | None]]:
    positions = {p.ref: p for p in snapshot.actions}
    return [(action, positions.get(action.ref)) for action in plan.actions]


def exceptions(plan: Plan, snapshot: QuarterSnapshot, settings: Settings) -> tuple[ActionItem, ...]:
    """Actions whose status demands narrative (Red; Amber too when set), in plan order.

    The reason says when the status was revised by the key-date rule.
    """
    statuses = settings.exception_statuses()
    result = []
    for action, position in _items(plan, snapshot):
        if position is None or position.status not in statuses:
            continue
        reason = ""
        if position.status_changed_by_rule and position.returned_status is not None:
            reason = (f"returned as {position.returned_status.value}; the key date having "
                      f"passed, reported as {position.status.value} pending completion")
        result.append(ActionItem(action, position, action.due_for(snapshot.quarter.start), reason))
    return tuple(result)


def notable_achievements(plan: Plan, snapshot: QuarterSnapshot,
                         previous: QuarterSnapshot | None) -> tuple[ActionItem, ...]:
    """Actions completed this quarter, or marked notable by the directorate, in plan order.

    Completed this quarter: Complete now and not Complete in the previous snapshot (with
    no previous snapshot, or no position in it, every Complete action counts).
    """
    before = {p.ref: p.status for p in previous.actions} if previous is not None else {}
    result = []
    for action, position in _items(plan, snapshot):
        if position is None:
            continue
        completed = (position.status is Status.COMPLETE
                     and before.get(action.ref) is not Status.COMPLETE)
        reasons = [text for flag, text in ((completed, "completed this quarter"),
                                           (position.notable, "marked notable")) if flag]
        if reasons:
            result.append(ActionItem(action, position, reason="; ".join(reasons)))
    return tuple(result)


def looking_forward(plan: Plan, snapshot: QuarterSnapshot,
                    quarter: Quarter | None = None) -> tuple[ActionItem, ...]:
    """Actions not complete whose key date falls in the next quarter, in plan order.

    ``quarter`` defaults to the snapshot's; after Q4 the next quarter is next year's Q1.
    The governing key date counts (an agreed revision recorded in the plan), and a
    recurring date ("December annually") counts in each year it falls.
    """
    upcoming = (quarter or snapshot.quarter).next()
    result = []
    for action, position in _items(plan, snapshot):
        due = action.due_for(upcoming.start)
        if due is None or not upcoming.contains(due):
            continue
        if position is not None and position.status is Status.COMPLETE:
            continue
        result.append(ActionItem(action, position, due, f"key date in {upcoming.label}"))
    return tuple(result)


def group_by_outcome(plan: Plan, items: Iterable[ActionItem]) -> tuple[OutcomeGroup, ...]:
    """Items grouped by their desired outcome, outcomes in plan order (empty ones left out)."""
    grouped: dict[str, list[ActionItem]] = {}
    for item in items:
        grouped.setdefault(item.action.outcome, []).append(item)
    outcomes = {o.ref: o for o in plan.outcomes}
    order = [o.ref for o in plan.outcomes] + [r for r in grouped if r not in outcomes]
    return tuple(
        OutcomeGroup(outcomes.get(ref) or Outcome(ref, _leading_number(ref), ""),
                     tuple(grouped[ref]))
        for ref in order if ref in grouped
    )


# --------------------------------------------------------------------------- indicators

@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's figures for a quarter, compared with last year and its target."""

    indicator: Indicator
    quarter: Quarter
    months: tuple[IndicatorMonth, ...]  # the quarter's three months (value None if not given)
    ytd: float | None  # year to date from the months given (see the module's conventions)
    ytd_months: int  # how many months the YTD is made of
    value: float | None  # the figure compared: the YTD, or at Q4 the registered outturn
    value_basis: str  # "year to date (9 months)", "outturn 2009/10" or ""
    last_year: float | None  # the same period last year
    last_year_basis: str  # "same 9 months of 2008/09", "outturn 2008/09" or ""
    target: float | None
    better: bool | None  # better than last year by polarity; None when not comparable
    target_met: bool | None
    rag: str  # ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET, NO_TARGET or NO_DATA
    quartile: str | None = None  # the latest benchmark quartile up to this year
    quartile_year: str = ""
    stated_status: str = ""  # what the directorate wrote, if anything
    warnings: tuple[Finding, ...] = field(default=())

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def comparable(self) -> bool:
        return self.better is not None


def indicator_results(plan: Plan, snapshot: QuarterSnapshot, settings: Settings,
                      series: Iterable[IndicatorMonth] = ()) -> tuple[IndicatorResult, ...]:
    """A result for every indicator of the plan, in plan order.

    ``series`` is the monthly history (earlier quarters of this year and last year, as
    ``History.indicator_series()`` gives it); the snapshot's own months replace the
    series' for this quarter. Uses ``settings.indicator_tolerance`` and the status
    vocabulary (to read a status a directorate states).
    """
    values: dict[tuple[str, int, int], float | None] = {
        (m.ref, m.year, m.month): m.value for m in series
    }
    quarter = snapshot.quarter
    for position in snapshot.indicators:
        for year, month in quarter.months:
            values.pop((position.ref, year, month), None)
        values.update({(m.ref, m.year, m.month): m.value for m in position.months})
    return tuple(
        _indicator_result(indicator, quarter, values, snapshot.indicator(indicator.ref),
                          settings.indicator_tolerance, settings.vocabulary)
        for indicator in plan.indicators
    )


def _indicator_result(indicator: Indicator, quarter: Quarter,
                      values: Mapping[tuple[str, int, int], float | None],
                      position: IndicatorPosition | None, tolerance: float,
                      vocabulary: StatusVocabulary) -> IndicatorResult:
    ref, year = indicator.ref, quarter.financial_year
    last = FinancialYear(year.start_year - 1)
    given = {(y, m): v for y, m in _year_months(quarter)
             if (v := values.get((ref, y, m))) is not None}
    ytd = _aggregate(list(given.values()), indicator.unit)
    value, value_basis = ytd, f"year to date ({len(given)} months)" if given else ""
    earlier = [v for y, m in given if (v := values.get((ref, y - 1, m))) is not None]
    last_year, last_basis = None, ""
    if given and len(earlier) == len(given):  # the very same months, or no comparison
        last_year = _aggregate(earlier, indicator.unit)
        last_basis = f"same {len(given)} months of {last.label}"
    if quarter.number == 4 and year.label in indicator.outturns:
        value, value_basis = indicator.outturns[year.label], f"outturn {year.label}"
    if quarter.number == 4 and last.label in indicator.outturns:
        last_year, last_basis = indicator.outturns[last.label], f"outturn {last.label}"
    target = indicator.target_for(year)
    rag = _rag(value, target, indicator.higher_is_better, tolerance)
    quartile_year, quartile = _latest_quartile(indicator, year)
    stated = position.stated_status if position is not None else ""
    return IndicatorResult(
        indicator=indicator,
        quarter=quarter,
        months=tuple(IndicatorMonth(ref, y, m, values.get((ref, y, m))) for y, m in quarter.months),
        ytd=ytd,
        ytd_months=len(given),
        value=value,
        value_basis=value_basis,
        last_year=last_year,
        last_year_basis=last_basis,
        target=target,
        better=_better(value, last_year, indicator.higher_is_better),
        target_met=None if value is None or target is None
        else _meets(value, target, indicator.higher_is_better),
        rag=rag,
        quartile=quartile,
        quartile_year=quartile_year,
        stated_status=stated,
        warnings=_stated_warning(indicator, position, rag, value, target, vocabulary),
    )


def _year_months(quarter: Quarter) -> list[tuple[int, int]]:
    """The (year, month) pairs of the financial year from April to the quarter's end."""
    return [ym for q in quarter.financial_year.quarters()[:quarter.number] for ym in q.months]


def _aggregate(numbers: Sequence[float], unit: str) -> float | None:
    """Sum for counts, mean for rates and averages; None when there are no numbers."""
    if not numbers:
        return None
    total = math.fsum(numbers)
    return total if unit in SUMMED_UNITS else total / len(numbers)


def _same(a: float, b: float) -> bool:
    """Equal but for floating-point noise (a mean of 98.62s may come out 98.62000000000001)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _better(value: float | None, last_year: float | None, higher: bool) -> bool | None:
    if value is None or last_year is None:
        return None
    if _same(value, last_year):
        return False
    return value > last_year if higher else value < last_year


def _meets(value: float, target: float, higher: bool) -> bool:
    return _same(value, target) or (value > target if higher else value < target)


def _rag(value: float | None, target: float | None, higher: bool, tolerance: float) -> str:
    """The indicator's status from its value, target, polarity and the tolerance."""
    if target is None:
        return NO_TARGET
    if value is None:
        return NO_DATA
    if _meets(value, target, higher):
        return ON_TARGET
    allowance = tolerance * abs(target)
    if _meets(value, target - allowance if higher else target + allowance, higher):
        return WITHIN_TOLERANCE
    return OFF_TARGET


def _latest_quartile(indicator: Indicator, year: FinancialYear) -> tuple[str, str | None]:
    """(year label, quartile) of the latest quartile up to ``year``; ("", None) if none."""
    known = sorted((label for label in indicator.quartiles if _start(label) <= year.start_year),
                   key=_start)
    if not known:
        return "", None
    return known[-1], indicator.quartiles[known[-1]]


def _start(label: str) -> int:
    """The start year of a register year label such as ``2008/09``."""
    digits = label[:4]
    return int(digits) if digits.isdigit() else 0


# A stated status, read through the status vocabulary, and the RAG it claims.
_STATED_RAG: dict[Status, str] = {
    Status.COMPLETE: ON_TARGET, Status.GREEN: ON_TARGET,
    Status.AMBER: WITHIN_TOLERANCE, Status.RED: OFF_TARGET,
}


def stated_rag(text: str, vocabulary: StatusVocabulary) -> str | None:
    """The RAG a stated status claims ("on target", "Amber", "Red"...), None if not understood."""
    words = " ".join(text.split()).strip(".").lower()
    if words in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET):
        return words
    status = vocabulary.normalise(text)
    return None if status is None else _STATED_RAG[status]


def _stated_warning(indicator: Indicator, position: IndicatorPosition | None, rag: str,
                    value: float | None, target: float | None,
                    vocabulary: StatusVocabulary) -> tuple[Finding, ...]:
    """A warning when the status a directorate states disagrees with its own figures."""
    if position is None or not position.stated_status.strip():
        return ()
    claimed = stated_rag(position.stated_status, vocabulary)
    if claimed is None or rag not in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET) or claimed == rag:
        return ()
    return (Finding(
        Severity.WARNING,
        "indicator-status-disagrees",
        f"{indicator.ref}: the return states '{position.stated_status}', but its figures "
        f"make it {rag} ({_number(value)} against a target of {_number(target)}).",
        "Check the monthly figures and the stated status; the report shows the status "
        "the figures give.",
        directorate=position.directorate,
        file=position.source_file,
        sheet="KPIs",
    ),)


def _number(value: float | None) -> str:
    return "no figure" if value is None else f"{value:g}"


@dataclass(frozen=True)
class ImprovementShare:
    """How many comparable indicators improved on last year, against the plan's target."""

    improved: int
    comparable: int
    share: float | None  # None when no indicator is comparable
    target: float
    meets: bool

    @property
    def percent(self) -> str:
        """The share as a whole percentage, halves rounded up: ``65%`` (``n/a`` if none)."""
        if not self.comparable:
            return "n/a"
        return f"{_round_half_up(Fraction(100 * self.improved, self.comparable))}%"

    @property
    def target_percent(self) -> str:
        return f"{_round_half_up(Fraction(self.target).limit_denominator(10_000) * 100)}%"

    @property
    def text(self) -> str:
        """``11 of 17 indicators improved: 65%, short of the 70% the plan asks``."""
        if not self.comparable:
            return "no indicator can be compared with last year"
        verdict = "meeting" if self.meets else "short of"
        return (f"{self.improved} of {self.comparable} indicators improved: {self.percent}, "
                f"{verdict} the {self.target_percent} the plan asks")


def _round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def improvement_share(results: Iterable[IndicatorResult], target: float = 0.70,
                      benchmarked_only: bool = False) -> ImprovementShare:
    """The share of comparable indicators better than last year, and whether it meets
    ``target`` (settings.improvement_target). ``benchmarked_only`` counts only the
    indicators the register marks benchmarked."""
    comparable = [r for r in results
                  if r.comparable and (r.indicator.benchmarked or not benchmarked_only)]
    improved = sum(1 for r in comparable if r.better)
    if not comparable:
        return ImprovementShare(0, 0, None, target, False)
    share = Fraction(improved, len(comparable))
    meets = share >= Fraction(target).limit_denominator(10_000)
    return ImprovementShare(improved, len(comparable), float(share), target, meets)


# --------------------------------------------------------------------------- clinics

@dataclass(frozen=True)
class ClinicCandidate:
    """An indicator proposed for a performance clinic, with every reason found."""

    ref: str
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def clinic_candidates(plan: Plan, quarter: Quarter, results: Iterable[IndicatorResult] = (),
                      previous: Iterable[IndicatorResult] = ()) -> tuple[ClinicCandidate, ...]:
    """Indicators that fell a quartile, stayed in the Bottom 25% two years running, or
    missed target this quarter and the one before, in plan order.

    Quartiles come from the register (years up to the quarter's); ``results`` and
    ``previous`` are this quarter's and the previous quarter's indicator results.
    """
    now = {r.ref: r for r in results if r.quarter == quarter}
    before = {r.ref: r for r in previous if r.quarter == quarter.previous()}
    found = []
    for indicator in plan.indicators:
        reasons = _quartile_reasons(indicator, quarter.financial_year)
        current, earlier = now.get(indicator.ref), before.get(indicator.ref)
        if current and earlier and current.target_met is False and earlier.target_met is False:
            reasons.append(f"missed its target in {earlier.quarter.label} and "
                           f"{current.quarter.label}")
        if reasons:
            found.append(ClinicCandidate(indicator.ref, tuple(reasons)))
    return tuple(found)


def _quartile_reasons(indicator: Indicator, year: FinancialYear) -> list[str]:
    """Why the quartiles of the latest two consecutive years up to ``year`` call for a clinic."""
    known = sorted((label for label in indicator.quartiles if _start(label) <= year.start_year),
                   key=_start)
    if len(known) < 2 or _start(known[-2]) + 1 != _start(known[-1]):
        return []
    (first, second) = known[-2:]
    was, now = indicator.quartiles[first], indicator.quartiles[second]
    if QUARTILES.index(now) > QUARTILES.index(was):
        return [f"fell from {was} in {first} to {now} in {second}"]
    if now == was == QUARTILES[-1]:
        return [f"stayed in the {now} in {first} and {second}"]
    return []


@dataclass(frozen=True)
class ChartSelection:
    """Which indicators the performance report charts: all of them, or, when there are
    more than the settings' ``chart_limit``, those most in need of attention."""

    refs: tuple[str, ...]  # in plan order
    total: int  # indicators in the plan
    in_need_only: bool = False  # a large organisation: only those the Board must look at

    @property
    def is_all(self) -> bool:
        return len(self.refs) == self.total


def indicators_to_chart(results: Sequence[IndicatorResult],
                        clinics: Iterable[ClinicCandidate], limit: int) -> ChartSelection:
    """Every indicator when there are ``limit`` or fewer. Otherwise ``limit`` of them, by
    need: performance clinic candidates first, then those off target, then within
    tolerance, then worse than last year, then the rest; plan order within each. A Board
    cannot read thousands of charts; the summary table still lists every indicator."""
    if len(results) <= limit:
        return ChartSelection(tuple(r.ref for r in results), len(results))
    clinic_refs = {c.ref for c in clinics}

    def need(result: IndicatorResult) -> int:
        if result.ref in clinic_refs:
            return 0
        if result.rag == OFF_TARGET:
            return 1
        if result.rag == WITHIN_TOLERANCE:
            return 2
        return 3 if result.better is False else 4

    order = {r.ref: i for i, r in enumerate(results)}
    chosen = sorted(results, key=lambda r: (need(r), order[r.ref]))[:limit]
    return ChartSelection(tuple(sorted((r.ref for r in chosen), key=order.__getitem__)),
                          len(results))


# Up to this many indicators a Board reads every one's charts (80 charts, about 45 pages).
# Beyond it only those in need are charted: 200 indicators made 413 pictures, some 250
# pages, and most of a run's time.
CHART_EVERY_INDICATOR_UP_TO = 40


def indicators_in_need(results: Sequence[IndicatorResult],
                       clinics: Iterable[ClinicCandidate]) -> list[IndicatorResult]:
    """Those a Board must look at: clinic candidates, off target, or worse than last year."""
    clinic_refs = {c.ref for c in clinics}
    return [r for r in results
            if r.ref in clinic_refs or r.rag == OFF_TARGET or r.better is False]


def indicators_for_board(results: Sequence[IndicatorResult],
                         clinics: Sequence[ClinicCandidate], limit: int) -> ChartSelection:
    """The indicators the performance report charts in detail: every one (within
    ``limit``, the settings' ``chart_limit``) up to ``CHART_EVERY_INDICATOR_UP_TO`` of
    them; beyond, only those in need, within ``limit`` and ranked by need."""
    if len(results) <= CHART_EVERY_INDICATOR_UP_TO:
        return indicators_to_chart(results, clinics, limit)
    chosen = indicators_to_chart(indicators_in_need(results, clinics), clinics, limit)
    return ChartSelection(chosen.refs, len(results), in_need_only=True)
