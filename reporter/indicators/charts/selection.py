"""Which indicators the Board sees in detail: a year chart and an SPC chart each.

A small organisation's Board reads every indicator's charts. A large one's cannot (200
indicators made 413 pictures, some 250 pages, and most of the run's time): its pack
charts in detail the indicators the Board must look at, those that are performance
clinic candidates, off target or worse than last year, within ``settings.chart_limit``
and ranked by need (``analysis.indicators_to_chart``). Every indicator stays in the
summary table and the consolidated workbook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reporter.analysis import (
    OFF_TARGET,
    ChartSelection,
    ClinicCandidate,
    IndicatorResult,
    indicators_to_chart,
)

DETAIL_ALL_UP_TO = 40  # indicators: 80 charts, about 45 pages, still read by a Board


def indicators_in_need(results: Sequence[IndicatorResult],
                       clinics: Iterable[ClinicCandidate]) -> list[IndicatorResult]:
    """Those a Board must look at: clinic candidates, off target, or worse than last year."""
    clinic_refs = {c.ref for c in clinics}
    return [r for r in results
            if r.ref in clinic_refs or r.rag == OFF_TARGET or r.better is False]


def board_charts(results: Sequence[IndicatorResult], clinics: Sequence[ClinicCandidate],
                 limit: int) -> ChartSelection:
    """The indicators to chart in detail: every one (within ``limit``) up to
    ``DETAIL_ALL_UP_TO`` of them; beyond, only those in need, within ``limit``."""
    if len(results) <= DETAIL_ALL_UP_TO:
        return indicators_to_chart(results, clinics, limit)
    chosen = indicators_to_chart(indicators_in_need(results, clinics), clinics, limit)
    return ChartSelection(chosen.refs, len(results))
