"""Analysis of a quarter's indicators: the figures, RAG and lists the Board reads.

Pure functions over the plan and snapshots (no I/O): indicator results (year to date,
last year, target, RAG, quartile, a stated status that disagrees with the figures), the
share of indicators improved, performance clinic candidates and which indicators the
performance report charts. The key actions' analysis is in ``reporter.analysis``.

Conventions:

- Year to date and "better than last year" follow the register's frequency and rule
  (``reporter.indicators.year_to_date``): like with like, or "not comparable" with why.
- The target judged: the profiled target for the quarter ("Target Q2 2009/10") where
  the register gives one; otherwise the year's target, for an ``average`` indicator every
  quarter and for a ``sum`` or ``latest`` one only once the year is complete (half a
  year's count is not measured against a whole year's target); where the register has
  none for the quarter, the target imported with the quarter's figure from the
  organisation's own table (``import-indicators``).
- The status an imported table gives a quarter (the organisation's own RAG) is compared
  with ours; a disagreement is a warning for the officer (``imported-status-disagrees``).
- RAG of an indicator: "on target" when the value meets the target (polarity aware,
  equal meets); "within tolerance" when it misses by no more than the tolerance
  (a fraction of the target); else "off target"; "no target" when there is no target
  to judge; "no data" when there is no value; "not due yet" for an annual indicator
  before its due quarter; "data only" for an indicator with polarity none; "not yet
  judged" when the year's target cannot be judged yet (see above).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from reporter.config.plan import QUARTILES, Indicator, Plan
from reporter.config.settings import (
    DEFAULT_CLINIC_REASONS,
    FELL_A_QUARTILE,
    MISSED_TARGET_TWO_QUARTERS,
    WORST_QUARTILE_TWO_YEARS,
    Settings,
)
from reporter.findings import Finding, Severity
from reporter.indicators.spc import format_value, unit_words
from reporter.indicators.table_periods import Period
from reporter.indicators.year_to_date import (
    NOT_COMPARABLE,
    compare_with_last_year,
    due_in,
    figure,
    nearly_equal,
    year_to_date,
)
from reporter.periods import FinancialYear, Quarter
from reporter.snapshot import IndicatorMonth, IndicatorPosition, QuarterSnapshot
from reporter.status import Meaning, StatusVocabulary
from reporter.words import join_and, join_or

if TYPE_CHECKING:  # the importer reads tables with pandas; the analysis needs only the record
    from reporter.indicators.importing import ImportedValue

ON_TARGET = "on target"
WITHIN_TOLERANCE = "within tolerance"
OFF_TARGET = "off target"
NO_TARGET = "no target"
NO_DATA = "no data"
NOT_DUE = "not due yet"
DATA_ONLY = "data only"
NOT_YET_JUDGED = "not yet judged"  # a year's target a part-year figure is not judged against


# --------------------------------------------------------------------------- indicators

@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's figures for a quarter, compared with last year and its target."""

    indicator: Indicator
    quarter: Quarter
    months: tuple[IndicatorMonth, ...]  # the quarter's three months (value None if not given)
    ytd: float | None  # year to date by the register's rule (see the module's conventions)
    ytd_periods: int  # how many period figures the YTD is made of
    value: float | None  # the figure compared: the YTD, or at Q4 the registered outturn
    value_basis: str  # "average of Apr-Dec 2009 (9 months)", "outturn 2009/10" or ""
    last_year: float | None  # the same period last year
    last_year_basis: str  # "same period of 2008/09 (Apr-Dec 2008)", or why not comparable
    target: float | None  # the target judged (None when none can be judged)
    better: bool | None  # better than last year by polarity; None when not comparable
    target_met: bool | None
    rag: str  # ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET, NO_TARGET, NO_DATA, NOT_DUE,
    # DATA_ONLY or NOT_YET_JUDGED
    quartile: str | None = None  # the latest benchmark quartile up to this year
    quartile_year: str = ""
    stated_status: str = ""  # what the directorate wrote, if anything
    warnings: tuple[Finding, ...] = field(default=())
    compared: str = NOT_COMPARABLE  # BETTER, WORSE, SAME or NOT_COMPARABLE
    target_basis: str = ""  # "profiled target Q2 2009/10", "target 2009/10", or why none
    complete: bool = False  # every figure due so far is held
    figures: tuple[tuple[Period, float | None], ...] = ()  # the figures due this quarter

    @property
    def ref(self) -> str:
        return self.indicator.ref

    @property
    def comparable(self) -> bool:
        return self.better is not None


def indicator_results(plan: Plan, snapshot: QuarterSnapshot, settings: Settings,
                      series: Iterable[IndicatorMonth] = (),
                      imported: Iterable[ImportedValue] = ()) -> tuple[IndicatorResult, ...]:
    """A result for every indicator of the plan, in plan order.

    ``series`` is the monthly history (earlier quarters of this year and last year, as
    ``History.indicator_series()`` gives it); the snapshot's own months replace the
    series' for this quarter. ``imported`` are the values imported from the
    organisation's own tables (``History.imported_values()``): the one held for the
    quarter's last month brings the target and the status the organisation gave the
    quarter. Uses ``settings.indicator_tolerance`` and the status vocabulary (to read a
    status a directorate or an imported table states).
    """
    imported = tuple(imported)
    values: dict[str, dict[tuple[int, int], float | None]] = {}
    for m in series:
        values.setdefault(m.ref, {})[(m.year, m.month)] = m.value
    quarter = snapshot.quarter
    # This quarter's months: the return's figures, else the imported ones (a quarter whose
    # figures come from the organisation's own table has a position with none typed).
    this_quarter = {(v.ref, v.year, v.month): v.value for v in imported
                    if (v.year, v.month) in quarter.months}
    for position in snapshot.indicators:
        own = values.setdefault(position.ref, {})
        for month in quarter.months:
            own[month] = this_quarter.get((position.ref, *month))
        own.update({(m.year, m.month): m.value for m in position.months if m.value is not None})
    quarter_end = quarter.months[-1]
    theirs = {v.ref: v for v in imported if (v.year, v.month) == quarter_end}
    return tuple(
        _indicator_result(indicator, quarter, values.get(indicator.ref, {}),
                          snapshot.indicator(indicator.ref), settings,
                          theirs.get(indicator.ref))
        for indicator in plan.indicators
    )


def _indicator_result(indicator: Indicator, quarter: Quarter,
                      own: Mapping[tuple[int, int], float | None],
                      position: IndicatorPosition | None, settings: Settings,
                      imported: ImportedValue | None = None) -> IndicatorResult:
    ref, year = indicator.ref, quarter.financial_year
    ytd = year_to_date(indicator, own, quarter)
    comparison = compare_with_last_year(indicator, own, quarter)
    # a cumulative figure is the year's once the last period due is held, gaps before it
    # or not: at Q4 the year's target applies to it
    latest_held = (indicator.year_to_date == "latest" and bool(ytd.held)
                   and ytd.held[-1] == ytd.due[-1])
    target, target_basis = target_judged(indicator, quarter, ytd.complete or latest_held,
                                         imported.target if imported else None)
    value = comparison.value
    if not indicator.judged:
        rag = DATA_ONLY
    elif indicator.frequency == "annual" and not ytd.due:
        rag = NOT_DUE
    elif target is None and indicator.target_for(year) is not None:
        rag = NOT_YET_JUDGED  # "no target" would mislead: there is one, for the whole year
    else:
        rag = _rag(value, target, indicator.higher_is_better, settings.indicator_tolerance)
    quartile_year, quartile = _latest_quartile(indicator, year)
    stated = position.stated_status if position is not None else ""
    result = IndicatorResult(
        indicator=indicator,
        quarter=quarter,
        months=tuple(IndicatorMonth(ref, y, m, own.get((y, m))) for y, m in quarter.months),
        ytd=ytd.value,
        ytd_periods=len(ytd.held),
        value=value,
        value_basis=comparison.value_basis,
        last_year=comparison.last_year,
        last_year_basis=comparison.last_year_basis,
        target=target,
        better=comparison.better,
        target_met=None if value is None or target is None or not indicator.judged
        else _meets(value, target, indicator.higher_is_better),
        rag=rag,
        quartile=quartile,
        quartile_year=quartile_year,
        stated_status=stated,
        warnings=_stated_warning(indicator, position, rag, value, target,
                                 settings.vocabulary),
        compared=comparison.result,
        target_basis=target_basis,
        complete=ytd.complete,
        figures=tuple((p, figure(p, own)) for p in due_in(indicator, quarter)),
    )
    theirs = _imported_status_warning(result, imported, settings.vocabulary)
    return replace(result, warnings=result.warnings + theirs) if theirs else result


def target_judged(indicator: Indicator, quarter: Quarter, complete: bool,
                  imported: float | None = None) -> tuple[float | None, str]:
    """The target the quarter's year to date is judged against, and what it is: the
    register's profiled target for the quarter; else the register's year target where it
    applies; else ``imported``, the target the organisation's own table gave the quarter
    (the register governs where it has one)."""
    if not indicator.judged:  # a target typed for it (or imported, often 0) means nothing
        return None, "data only: never judged against a target"
    profiled = indicator.profiled_target(quarter.label)
    if profiled is not None:
        return profiled, f"profiled target {quarter.label}"
    year = quarter.financial_year
    target = indicator.target_for(year)
    year_complete = complete and (quarter.number == 4 or indicator.frequency == "annual")
    if target is not None and (indicator.year_to_date == "average" or year_complete):
        return target, f"target {year.label}"
    if imported is not None:
        return imported, f"imported target {quarter.label}"
    if target is None:
        return None, f"no target for {year.label}"
    return None, (f"the {year.label} target ({target:g}) is for the whole year and is not "
                  f"profiled for {quarter.label}")


def _meets(value: float, target: float, higher: bool) -> bool:
    return nearly_equal(value, target) or (value > target if higher else value < target)


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
_STATED_RAG: dict[Meaning, str] = {
    Meaning.DONE: ON_TARGET, Meaning.ON_TRACK: ON_TARGET,
    Meaning.AT_RISK: WITHIN_TOLERANCE, Meaning.OFF_TRACK: OFF_TARGET,
}


def stated_rag(text: str, vocabulary: StatusVocabulary) -> str | None:
    """The RAG a stated status claims ("on target", "Amber", "Red"...), None if not understood."""
    words = " ".join(text.split()).strip(".").lower()
    if words in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET):
        return words
    status = vocabulary.normalise(text)
    return None if status is None else _STATED_RAG.get(status.meaning)


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


def _imported_status_warning(result: IndicatorResult, imported: ImportedValue | None,
                             vocabulary: StatusVocabulary) -> tuple[Finding, ...]:
    """A warning when the status the organisation's own table gave the quarter (Green,
    Amber, Red...) is not the one our figures give: the officer looks at both before the
    Board does. Statuses that claim no RAG ("Data only", "Unknown") are not compared."""
    if imported is None or not imported.status.strip():
        return ()
    rag, indicator = result.rag, result.indicator
    claimed = stated_rag(imported.status, vocabulary)
    if claimed is None or rag not in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET) or claimed == rag:
        return ()
    file, _, cell = imported.source.partition(", cell ")
    return (Finding(
        Severity.WARNING,
        "imported-status-disagrees",
        f"{indicator.ref} {result.quarter.label}: the imported table gives "
        f"'{imported.status}', but the figures make it {rag} ({_number(result.value)} "
        f"against a target of {_number(result.target)}, {indicator.polarity} is better).",
        "Check the figure and target imported for the quarter and the indicator's polarity "
        "in the plan register; the report shows the status the figures give.",
        directorate=indicator.directorate,
        file=file,
        cell=cell,
    ),)


def _number(value: float | None) -> str:
    return "no figure" if value is None else f"{value:g}"


# Why an indicator was not compared with last year, grouped for the headline, in the
# order the headline names them.
NO_LAST_YEAR = "no figures for the same period last year"
YEAR_NOT_COMPLETE = "year not complete"
NO_FIGURE_THIS_YEAR = "no figure this year"
NOT_DUE_REASON = "not due yet"
DATA_ONLY_REASON = "data only"
NOT_COMPARED_REASONS = (NO_LAST_YEAR, YEAR_NOT_COMPLETE, NO_FIGURE_THIS_YEAR, NOT_DUE_REASON,
                        DATA_ONLY_REASON)
# The headline's words for each reason: (one indicator, several).
_REASON_WORDS: dict[str, tuple[str, str]] = {
    NO_LAST_YEAR: ("has no figures for the same period last year",
                   "have no figures for the same period last year"),
    YEAR_NOT_COMPLETE: ("can be compared with last year\u2019s outturn only once the year is "
                        "complete", "can be compared with last year\u2019s outturn only once "
                        "the year is complete"),
    NO_FIGURE_THIS_YEAR: ("has no figure this year", "have no figure this year"),
    NOT_DUE_REASON: ("is an annual figure not due yet", "are annual figures not due yet"),
    DATA_ONLY_REASON: ("is data only (never judged)", "are data only (never judged)"),
}


def not_compared_reason(result: IndicatorResult) -> str | None:
    """Why ``result`` was not compared with last year (one of NOT_COMPARED_REASONS), or
    None when it was. Follows ``year_to_date.compare_with_last_year``: with a figure this
    year, only last year's outturn held means the year is not yet complete."""
    if result.comparable:
        return None
    if not result.indicator.judged:
        return DATA_ONLY_REASON
    if result.rag == NOT_DUE:
        return NOT_DUE_REASON
    if result.value is None:
        return NO_FIGURE_THIS_YEAR
    last = result.quarter.financial_year.previous()
    return YEAR_NOT_COMPLETE if last.label in result.indicator.outturns else NO_LAST_YEAR


@dataclass(frozen=True)
class ImprovementShare:
    """How many comparable indicators improved on last year, against the plan's target,
    and how many could not be compared, by reason. Data-only indicators are never among
    the comparable ones."""

    improved: int
    comparable: int
    share: float | None  # None when no indicator is comparable
    target: float
    meets: bool
    not_compared: tuple[tuple[str, int], ...] = ()  # (reason, how many), in headline order

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
    def not_compared_count(self) -> int:
        return sum(n for _, n in self.not_compared)

    @property
    def all_judged_compared(self) -> bool:
        """Every indicator that is judged (all but the data-only ones) was compared."""
        return all(reason == DATA_ONLY_REASON for reason, _ in self.not_compared)

    @property
    def why_not_compared(self) -> str:
        """``2 have no figures for the same period last year and 1 is data only (never
        judged)``; empty when every indicator was compared."""
        return join_and([f"{n} {_REASON_WORDS[reason][n != 1]}"
                         for reason, n in self.not_compared])

    @property
    def not_compared_text(self) -> str:
        """``3 could not be compared because 2 have ... and 1 is ...``; empty if none."""
        if not self.not_compared:
            return ""
        return f"{self.not_compared_count} could not be compared because {self.why_not_compared}"

    @property
    def text(self) -> str:
        """``11 of 17 comparable indicators improved (65%), against the plan's aim of 70%;
        3 could not be compared because ...``."""
        if not self.comparable:
            why = f": {self.why_not_compared}" if self.not_compared else ""
            return f"no indicator can be compared with last year{why}"
        words = (f"{self.improved} of {self.comparable} comparable indicators improved "
                 f"({self.percent}), against the plan\u2019s aim of {self.target_percent}")
        return f"{words}; {self.not_compared_text}" if self.not_compared else words


def _round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def improvement_share(results: Iterable[IndicatorResult], target: float = 0.70,
                      benchmarked_only: bool = False) -> ImprovementShare:
    """The share of comparable indicators better than last year, whether it meets
    ``target`` (settings.improvement_target), and why the others were not compared.
    ``benchmarked_only`` counts only the indicators the register marks benchmarked."""
    counted = [r for r in results if r.indicator.benchmarked or not benchmarked_only]
    comparable = [r for r in counted if r.comparable]
    improved = sum(1 for r in comparable if r.better)
    reasons = [reason for r in counted if (reason := not_compared_reason(r)) is not None]
    not_compared = tuple((reason, reasons.count(reason)) for reason in NOT_COMPARED_REASONS
                         if reason in reasons)
    if not comparable:
        return ImprovementShare(0, 0, None, target, False, not_compared)
    share = Fraction(improved, len(comparable))
    meets = share >= Fraction(target).limit_denominator(10_000)
    return ImprovementShare(improved, len(comparable), float(share), target, meets,
                            not_compared)


# --------------------------------------------------------------------------- clinics

@dataclass(frozen=True)
class ClinicReason:
    """One reason an indicator is proposed for a performance clinic, with the figures
    that triggered it: the quartile of each year, or the figure and target of each quarter."""

    rule: str  # one of settings.CLINIC_REASONS
    text: str  # "fell from Top 25% in 2007/08 to Below Average in 2008/09"
    periods: tuple[str, ...]  # ("2007/08", "2008/09") or ("Q2 2009/10", "Q3 2009/10")
    quartiles: tuple[str, ...] = ()  # the quartile in each of the years
    values: tuple[float, ...] = ()  # the figure judged in each of the quarters...
    targets: tuple[float, ...] = ()  # ...and the target it missed


@dataclass(frozen=True)
class ClinicCandidate:
    """An indicator proposed for a performance clinic, with every reason found."""

    ref: str
    reasons: tuple[ClinicReason, ...]

    @property
    def reason(self) -> str:
        return "; ".join(r.text for r in self.reasons)


# How the performance report says each reason a clinic may be proposed for.
CLINIC_REASON_WORDS: dict[str, str] = {
    FELL_A_QUARTILE: "fell a benchmark quartile",
    WORST_QUARTILE_TWO_YEARS: "stayed in the Bottom 25% two years running",
    MISSED_TARGET_TWO_QUARTERS: "missed its target this quarter and the one before",
}


def clinic_rule(reasons: Sequence[str]) -> str:
    """The settings' reasons in words: "fell a benchmark quartile or stayed in ..."."""
    return join_or([CLINIC_REASON_WORDS[r] for r in CLINIC_REASON_WORDS if r in reasons])


def clinic_candidates(plan: Plan, quarter: Quarter, results: Iterable[IndicatorResult] = (),
                      previous: Iterable[IndicatorResult] = (),
                      reasons: Sequence[str] = DEFAULT_CLINIC_REASONS
                      ) -> tuple[ClinicCandidate, ...]:
    """Indicators proposed for a performance clinic for the ``reasons`` the settings name
    (``settings.clinic_reasons``; by default the framework's two: fell a quartile, or in
    the worst quartile two years running; an organisation may add "missed its target two
    quarters running"), in plan order. A data-only indicator is never proposed.

    Quartiles come from the register (years up to the quarter's); ``results`` and
    ``previous`` are this quarter's and the previous quarter's indicator results.
    """
    now = {r.ref: r for r in results if r.quarter == quarter}
    before = {r.ref: r for r in previous if r.quarter == quarter.previous()}
    found = []
    for indicator in plan.indicators:
        if not indicator.judged:
            continue
        why = [r for r in _quartile_reasons(indicator, quarter.financial_year)
               if r.rule in reasons]
        current, earlier = now.get(indicator.ref), before.get(indicator.ref)
        if MISSED_TARGET_TWO_QUARTERS in reasons and current and earlier:
            why += _missed_twice(indicator, earlier, current)
        if why:
            found.append(ClinicCandidate(indicator.ref, tuple(why)))
    return tuple(found)


def _quartile_reasons(indicator: Indicator, year: FinancialYear) -> list[ClinicReason]:
    """Why the quartiles of the latest two consecutive years up to ``year`` call for a clinic."""
    known = sorted((label for label in indicator.quartiles if _start(label) <= year.start_year),
                   key=_start)
    if len(known) < 2 or _start(known[-2]) + 1 != _start(known[-1]):
        return []
    (first, second) = known[-2:]
    was, now = indicator.quartiles[first], indicator.quartiles[second]
    if QUARTILES.index(now) > QUARTILES.index(was):
        return [ClinicReason(FELL_A_QUARTILE, f"fell from {was} in {first} to {now} in {second}",
                             (first, second), (was, now))]
    if now == was == QUARTILES[-1]:
        return [ClinicReason(WORST_QUARTILE_TWO_YEARS,
                             f"stayed in the {now} in {first} and {second}", (first, second),
                             (was, now))]
    return []


def _missed_twice(indicator: Indicator, earlier: IndicatorResult,
                  current: IndicatorResult) -> list[ClinicReason]:
    """The reason "missed its target two quarters running", with each figure and target."""
    pair = (earlier, current)
    if any(r.target_met is not False or r.value is None or r.target is None for r in pair):
        return []
    unit = unit_words(indicator.unit)
    shown = [f"{r.quarter.label} ({format_value(r.value, unit)} against "
             f"{format_value(r.target, unit)})" for r in pair
             if r.value is not None and r.target is not None]
    return [ClinicReason(MISSED_TARGET_TWO_QUARTERS, f"missed its target in {' and '.join(shown)}",
                         tuple(r.quarter.label for r in pair),
                         values=tuple(r.value for r in pair if r.value is not None),
                         targets=tuple(r.target for r in pair if r.target is not None))]


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
