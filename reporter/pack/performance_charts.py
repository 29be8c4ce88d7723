"""The performance report's charts: which are drawn (each indicator's year, the SPC
chart of those with enough months, the share improved, the groups at a glance several
to a page), with their captions and alternative text, drawn in other processes by
``charts``. The report places those of the indicators needing attention; all are kept
in the charts folder.

    charts = render_performance_charts(results, series, out / "charts", share_points=points)
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reporter.config.plan import Plan
from reporter.indicators import charts, spc
from reporter.indicators.results import ChartSelection, IndicatorResult
from reporter.pack.performance_data import in_year, indicator_groups, series_by_ref
from reporter.safe_text import clean_text
from reporter.snapshot import IndicatorMonth
from reporter.words import join_and


@dataclass(frozen=True)
class ChartFile:
    """A chart in the report: its file, caption (without "Figure n: ") and alt text; a
    sheet at a glance names the indicators it draws (``refs``)."""

    path: Path
    caption: str
    alt: str
    refs: tuple[str, ...] = ()


@dataclass(frozen=True)
class PerformanceCharts:
    """The report's charts: each indicator's year chart, the SPC charts of those with
    15+ months, and the share improved."""

    indicators: Mapping[str, ChartFile] = field(default_factory=dict)
    spc: Mapping[str, ChartFile] = field(default_factory=dict)
    share: ChartFile | None = None
    # the groups' indicators at a glance (small multiples), several groups a page, by the
    # page's heading ("Indicators at a glance (page 1 of 2)"), in order
    groups: Mapping[str, tuple[ChartFile, ...]] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        files = [*self.indicators.values(), *self.spc.values(),
                 *(page for pages in self.groups.values() for page in pages)]
        if self.share is not None:
            files.append(self.share)
        return [f.path for f in files]

    @property
    def folder(self) -> str:
        """The folder's name the charts were drawn into, as the reader finds it beside
        the report."""
        return next((p.parent.name for p in self.paths), "charts")

    def not_placed(self, order: Sequence[str], placed: Collection[str]) -> list[ChartFile]:
        """The year charts of the indicators in ``order`` other than those ``placed`` in
        the report: those left to the charts folder."""
        return [self.indicators[ref] for ref in order
                if ref in self.indicators and ref not in placed]


@dataclass(frozen=True)
class PlannedChart:
    """One chart the report will place: its kind, whose it is, how to draw it, its caption."""

    kind: str  # "indicator", "spc", "share" or "group"
    ref: str  # the indicator's; a group's title
    job: charts.ChartJob
    caption: str
    refs: tuple[str, ...] = ()  # the indicators a sheet at a glance draws


def _caption(result: IndicatorResult) -> str:
    return f"{result.ref} \u2013 {clean_text(result.indicator.description)}".strip(" \u2013")


def plan_charts(results: Sequence[IndicatorResult], by_ref: Mapping[str, Sequence[IndicatorMonth]],
                share_points: Sequence[tuple[str, float | None]], target: float
                ) -> list[PlannedChart]:
    """Each indicator's year chart and, with enough points, its SPC chart; then the
    share-improved chart."""
    planned: list[PlannedChart] = []
    for n, result in enumerate(results, 1):
        year = result.quarter.financial_year
        previous = year.previous()
        months = by_ref.get(result.ref, ())
        stem = charts.safe_file_name(result.ref, "")
        planned.append(PlannedChart("indicator", result.ref, charts.ChartJob.indicator(
            result.indicator, in_year(months, year), in_year(months, previous), year,
            result.target, file_name=f"indicator_{n:03d}_{stem}.png"), _caption(result)))
        first_month = result.quarter.first_month
        if spc.no_reading_reason(result.indicator, months, first_month) is None:
            # words=False: the report prints the reading under the chart
            planned.append(PlannedChart("spc", result.ref, charts.ChartJob.spc(
                result.indicator, months, result.target, file_name=f"spc_{n:03d}_{stem}.png",
                words=False, first_month=first_month),
                f"{_caption(result)}: statistical process control chart"))
    if share_points:
        planned.append(PlannedChart("share", "", charts.ChartJob.improvement_share(
            share_points, target), "Share of comparable indicators improved on last year"))
    return planned


# How deep a page of groups at a glance may be, inches: an A4 page's text with the
# caption under it; and the rows of a group too big for a page, a page of its own.
GLANCE_DEPTH = 8.4
GLANCE_ROWS = 5


def plan_group_sheets(groups: Sequence[tuple[str, Sequence[IndicatorResult]]],
                      by_ref: Mapping[str, Sequence[IndicatorMonth]]) -> list[PlannedChart]:
    """The groups' indicators as small multiples, as many groups a page as fit, each
    under its heading (a group split only when it fills pages of its own): one sheet
    per theme left pages a third used. A job a page, named by its heading."""
    columns = 3
    pages: list[list[tuple[str, list[charts.Panel]]]] = [[]]
    for title, members in groups:
        panels: list[charts.Panel] = []
        for result in members:
            year = result.quarter.financial_year
            months = by_ref.get(result.ref, ())
            panels.append((result.indicator, in_year(months, year),
                           in_year(months, year.previous()), result.target))
        per_page = columns * GLANCE_ROWS
        for start in range(0, len(panels), per_page):
            part = (title + (" (continued)" if start else ""), panels[start:start + per_page])
            tried = [(t, [p[0] for p in ps]) for t, ps in [*pages[-1], part]]
            if pages[-1] and charts.sections_depth("", tried, columns) > GLANCE_DEPTH:
                pages.append([])
            pages[-1].append(part)
    pages = [page for page in pages if page]
    planned: list[PlannedChart] = []
    known = groups[0][1][0].quarter.financial_year if groups and groups[0][1] else None
    for number, page in enumerate(pages, 1):
        heading = "Indicators at a glance" + (
            f" (page {number} of {len(pages)})" if len(pages) > 1 else "")
        job = charts.ChartJob.sections(heading, page, financial_year=known,
                                       file_name=f"at_a_glance_{number:02d}.png")
        # "Theme 1", not the theme's whole title: the sheet's headings give those
        names = dict.fromkeys(title.partition(": ")[0].removesuffix(" (continued)")
                              for title, _ in page)
        caption = f"{heading}: {join_and(list(names))}"
        refs = tuple(panel[0].ref for _, panels in page for panel in panels)
        planned.append(PlannedChart("group", heading, job, caption, refs))
    return planned


@dataclass(frozen=True)
class ChartOptions:
    """Which of the report's charts are drawn: ``share_points`` (quarter label, share)
    for the share-improved chart (none drawn when empty) against ``improvement_target``;
    ``charted`` names the indicators to chart (default: every one); with ``plan``, each
    group of them (``group_by``: "theme" or "owner") also gets a sheet at a glance."""

    share_points: Sequence[tuple[str, float | None]] = ()
    improvement_target: float = 0.70
    charted: ChartSelection | None = None
    plan: Plan | None = None
    group_by: str = "theme"


def render_performance_charts(results: Sequence[IndicatorResult],
                              series: Iterable[IndicatorMonth], charts_dir: Path | str,
                              options: ChartOptions | None = None, *,
                              workers: int | None = None) -> PerformanceCharts:
    """Draw the report's charts into ``charts_dir`` and return them with captions and
    alt text: ``start_performance_charts``, waited for."""
    return start_performance_charts(results, series, charts_dir, options,
                                    workers=workers).result()


class PendingPerformanceCharts:
    """The report's charts being drawn (``start_performance_charts``); ``result`` waits."""

    def __init__(self, planned: list[PlannedChart], out: Path, pending: charts.PendingCharts):
        self._planned, self._out, self._pending = planned, out, pending

    def cancel(self) -> None:
        self._pending.cancel()

    def result(self) -> PerformanceCharts:
        self._pending.result()
        return collect_charts(self._planned, [charts.job_paths(item.job, self._out)[0]
                                              for item in self._planned])


def collect_charts(planned: Sequence[PlannedChart], paths: Sequence[Path]) -> PerformanceCharts:
    """The planned charts drawn at ``paths`` (one each, in order; a missing file left
    out), with their captions and alt text, as the report places them."""
    made: dict[str, dict[str, ChartFile]] = {"indicator": {}, "spc": {}, "share": {}}
    groups: dict[str, tuple[ChartFile, ...]] = {}
    for item, path in zip(planned, paths, strict=True):
        if not path.is_file():
            continue
        chart = ChartFile(path, item.caption, charts.alt_text(item.job), item.refs)
        if item.kind == "group":
            groups[item.ref] = (*groups.get(item.ref, ()), chart)
        else:
            made[item.kind][item.ref] = chart
    return PerformanceCharts(made["indicator"], made["spc"], made["share"].get(""), groups)


def plan_report_charts(results: Sequence[IndicatorResult], series: Iterable[IndicatorMonth],
                       options: ChartOptions) -> list[PlannedChart]:
    """Every chart the report places, in order: those of the charted indicators, the
    share improved, then each group's sheets at a glance (with ``options.plan``)."""
    results = tuple(results)
    quarter = results[0].quarter if results else None
    by_ref = series_by_ref(results, series, quarter) if quarter is not None else {}
    if options.charted is not None:
        chosen = set(options.charted.refs)
        results = tuple(r for r in results if r.ref in chosen)
    planned = plan_charts(results, by_ref, options.share_points, options.improvement_target)
    if options.plan is not None:
        planned += plan_group_sheets(
            indicator_groups(options.plan, results, options.group_by), by_ref)
    return planned


def start_performance_charts(results: Sequence[IndicatorResult],
                             series: Iterable[IndicatorMonth], charts_dir: Path | str,
                             options: ChartOptions | None = None, *,
                             workers: int | None = None,
                             cache_dir: Path | None = None) -> PendingPerformanceCharts:
    """Start drawing the report's charts into ``charts_dir`` in a pool of ``workers``
    processes (``charts.start_charts``) and return at once: the caller writes other
    documents meanwhile and calls ``result()`` for the charts with captions and alt text.

    ``series`` is the monthly history; this quarter's months are taken from the
    results. ``cache_dir`` keeps charts between runs (see ``charts.render_charts``)."""
    planned = plan_report_charts(results, series, options or ChartOptions())
    out = Path(charts_dir)
    pending = charts.start_charts([p.job for p in planned], out, workers=workers,
                                  cache_dir=cache_dir)
    return PendingPerformanceCharts(planned, out, pending)
