"""The figures the performance report lays out besides each indicator's result: its
months up to the quarter's end, the share improved quarter by quarter, the
indicators grouped by theme or owner, and those needing attention.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.indicators import spc
from reporter.indicators.importing import ImportedValue
from reporter.indicators.results import (
    ChartSelection,
    ClinicCandidate,
    ImprovementShare,
    IndicatorResult,
    improvement_share,
    indicator_results,
    indicators_for_board,
)
from reporter.pack.performance_words import attention_reasons
from reporter.periods import FinancialYear, Quarter
from reporter.safe_text import clean_text
from reporter.snapshot import IndicatorMonth, QuarterSnapshot


@dataclass(frozen=True)
class QuarterPerformance:
    """What the performance report of a quarter says, from the analysis' plain records:
    the indicator ``results`` in plan order, the ``share`` improved, the performance
    ``clinics`` proposed and the monthly ``series`` (``History.indicator_series()``).

    ``share_points`` feed the share-improved chart (default: this quarter alone);
    ``charted`` names the indicators whose trends are charted (default: as
    ``indicators.results.indicators_for_board`` picks them within ``settings.chart_limit``);
    ``group_by`` is "theme" or "owner" (the owner directorate). DRAFT on every page
    unless ``final``; a final issued with ``unresolved_errors`` says so. ``created``
    stamps the document's properties."""

    plan: Plan
    settings: Settings
    quarter: Quarter
    results: Sequence[IndicatorResult]
    share: ImprovementShare
    clinics: Sequence[ClinicCandidate] = ()
    series: Sequence[IndicatorMonth] = ()
    share_points: Sequence[tuple[str, float | None]] | None = None
    charted: ChartSelection | None = None
    group_by: str = "theme"
    final: bool = False
    unresolved_errors: int = 0
    created: datetime | None = None

    def __post_init__(self) -> None:
        if self.group_by not in ("theme", "owner"):
            raise ValueError(f"group_by must be 'theme' or 'owner', got {self.group_by!r}")

    @property
    def points(self) -> Sequence[tuple[str, float | None]]:
        """The share improved by quarter, for the chart."""
        if self.share_points is None:
            return [(self.quarter.label, self.share.share)]
        return self.share_points

    @property
    def chosen(self) -> ChartSelection:
        """The indicators whose trends are charted."""
        if self.charted is None:
            return indicators_for_board(self.results, self.clinics, self.settings.chart_limit)
        return self.charted


def series_by_ref(results: Iterable[IndicatorResult], series: Iterable[IndicatorMonth],
                  quarter: Quarter) -> dict[str, tuple[IndicatorMonth, ...]]:
    """Each indicator's months up to the quarter's end, oldest first: the history's
    months with this quarter's own (from the results, which the returns give) over them."""
    results = tuple(results)
    wanted = [r.ref for r in results]
    found: dict[str, dict[tuple[int, int], float | None]] = {ref: {} for ref in wanted}
    last = (quarter.end.year, quarter.end.month)
    for month in series:
        months = found.get(month.ref)
        if months is not None and (month.year, month.month) <= last:
            months[(month.year, month.month)] = month.value
    for result in results:
        for month in result.months:
            found[result.ref][(month.year, month.month)] = month.value
    return {ref: tuple(IndicatorMonth(ref, y, m, v) for (y, m), v in sorted(months.items()))
            for ref, months in found.items()}


def in_year(series: Iterable[IndicatorMonth], year: FinancialYear) -> tuple[IndicatorMonth, ...]:
    return tuple(m for m in series
                 if FinancialYear.containing(date(m.year, m.month, 1), year.first_month) == year)


# The quarters the share-improved chart shows: two years.
SHARE_POINTS = 8


def improvement_share_points(plan: Plan, settings: Settings,
                             snapshots: Iterable[tuple[Quarter, QuarterSnapshot]],
                             series: Iterable[IndicatorMonth],
                             known: Mapping[Quarter, ImprovementShare] | None = None,
                             imported: Iterable[ImportedValue] = (),
                             ) -> list[tuple[str, float | None]]:
    """The share of comparable indicators improved in each quarter given (the latest
    ``SHARE_POINTS``), for the chart: ``[("Q1 2009/10", 0.6), ...]``. ``known`` shares (the
    quarter being run's) are used as they are, not worked out again; ``imported`` values
    count for a quarter as they do in the run itself."""
    months, values = tuple(series), tuple(imported)
    chosen = sorted(dict(snapshots).items())[-SHARE_POINTS:]
    known = known or {}

    def share(quarter: Quarter, snapshot: QuarterSnapshot) -> float | None:
        if quarter in known:
            return known[quarter].share
        return improvement_share(indicator_results(plan, snapshot, settings, months, values),
                                 settings.improvement_target).share
    return [(quarter.label, share(quarter, snapshot)) for quarter, snapshot in chosen]


# --------------------------------------------------------------------------- groups

def indicator_groups(plan: Plan, results: Iterable[IndicatorResult], group_by: str
                     ) -> list[tuple[str, list[IndicatorResult]]]:
    """(title, results) by theme (plan order of themes) or owner (of directorates),
    results in plan order within each; indicators with neither come last."""
    if group_by == "theme":
        order: list[object] = [t.number for t in plan.themes]

        def key(r: IndicatorResult) -> object:
            return r.indicator.theme if r.indicator.theme in order else None
    else:
        order = [d.name for d in plan.directorates]

        def key(r: IndicatorResult) -> object:
            return r.indicator.directorate or None
    grouped: dict[object, list[IndicatorResult]] = {}
    for result in results:
        grouped.setdefault(key(result), []).append(result)
    keys = [k for k in order if k in grouped]
    keys += [k for k in grouped if k not in keys and k is not None]
    if None in grouped:
        keys.append(None)
    return [(_group_title(plan, k), grouped[k]) for k in keys]


def needing_attention(quarter: QuarterPerformance,
                      readings: Mapping[str, tuple[spc.SpcResult | None, str]]
                      ) -> list[tuple[IndicatorResult, list[str]]]:
    """The charted indicators the Board should look at, with why (``attention_reasons``,
    from ``readings`` as ``spc_readings`` gives them), in the summary table's order."""
    chosen = set(quarter.chosen.refs)
    clinic_refs = {c.ref for c in quarter.clinics}
    found = [(r, attention_reasons(r, clinic_refs, readings[r.ref][0]))
             for _, members in indicator_groups(quarter.plan, quarter.results, quarter.group_by)
             for r in members if r.ref in chosen]
    return [(r, reasons) for r, reasons in found if reasons]


def _group_title(plan: Plan, key: object) -> str:
    if isinstance(key, int):
        theme = next((t for t in plan.themes if t.number == key), None)
        return f"Theme {key}: {clean_text(theme.title)}" if theme else f"Theme {key}"
    return clean_text(str(key)) if key else "Other indicators"
