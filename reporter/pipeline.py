"""One quarter, end to end: read the returns, validate, analyse, chart, write
the pack, keep the history.

Everything is written into a staging folder first. Only when every file has been
written does it become a version of the pack, the quarter saved to the history with
that version, and the quarter's folder switched to it (``reporter.publishing``), so a
run that fails or is killed part way leaves the earlier pack and the history as they were.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from reporter import publishing
from reporter.analysis import StatusSummary, status_summary
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.cross_checks import Query, action_queries, notes_by_action
from reporter.errors import ReporterError
from reporter.findings import Severity, errors
from reporter.history.store import History
from reporter.indicators.benchmarking import with_benchmark_quartiles
from reporter.indicators.importing import ImportedValue
from reporter.indicators.results import (
    ClinicCandidate,
    ImprovementShare,
    IndicatorResult,
    clinic_candidates,
    improvement_share,
    indicator_results,
    indicators_for_board,
)
from reporter.pack import (
    APPENDIX_NAME,
    PERFORMANCE_REPORT_NAME,
    ChartOptions,
    PosterOptions,
    QuarterPerformance,
    build_pack_context,
    convert_to_pdf,
    improvement_share_points,
    pack_mark,
    render_status_chart,
    start_performance_charts,
    write_covering_reports,
    write_performance_report,
    write_poster,
    write_progress_report,
)
from reporter.pack.consolidated import write_consolidated
from reporter.periods import Quarter
from reporter.returns.ingest import read_returns
from reporter.returns.validate import validate_quarter
from reporter.returns.validation_report import (
    SEND_BACK_FOLDER,
    write_returns_back,
    write_validation_report,
)
from reporter.snapshot import IndicatorMonth, QuarterSnapshot
from reporter.web import WEB_FOLDER, WebEdition, write_web_edition

Progress = Callable[[str], None]
# The steps reported to the progress callback, in order.
STEPS: tuple[str, ...] = (
    "Reading returns", "Validating", "Analysing", "Drawing charts",
    "Writing the validation report", "Writing the consolidated workbook",
    "Writing the progress report",
    "Writing the covering reports", "Writing the performance report", "Making the poster",
    "Writing PDFs", "Writing the web edition", "Saving history", "Publishing",
)
log = logging.getLogger("reporter")


class FinalRefusedError(ReporterError):
    """--final was asked for while the returns still have errors."""


class QuarterIsFinalError(ReporterError):
    """The quarter is stored as final and --force was not given (bad usage, not bad returns)."""


@dataclass(frozen=True)
class RunRequest:
    quarter: Quarter
    returns_dir: Path
    out_dir: Path
    final: bool = False
    force: bool = False
    pdf: bool = False
    web: bool = False  # the web edition in web/ (reporter.web)
    chart_cache: Path | None = None  # charts kept between runs (unchanged ones are copied)


@dataclass(frozen=True)
class QuarterAnalysis:
    """What the documents are written from."""

    snapshot: QuarterSnapshot
    previous: QuarterSnapshot | None
    summary: StatusSummary
    results: tuple[IndicatorResult, ...]
    share: ImprovementShare
    clinics: tuple[ClinicCandidate, ...]
    history_counts: tuple[tuple[Quarter, QuarterSnapshot], ...]
    series: tuple[IndicatorMonth, ...] = ()  # the monthly history, for charts and SPC
    imported: tuple[ImportedValue, ...] = ()  # values imported from the organisation's tables
    queries: tuple[Query, ...] = ()  # statuses the figures or the pack contradict


@dataclass(frozen=True)
class RunOutcome:
    analysis: QuarterAnalysis
    written: tuple[Path, ...]
    notes: tuple[str, ...] = ()

    @property
    def snapshot(self) -> QuarterSnapshot:
        return self.analysis.snapshot

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.snapshot.findings if f.severity is severity)


def analyse(plan: Plan, settings: Settings, history: History,
            snapshot: QuarterSnapshot) -> QuarterAnalysis:
    """Analysis of a validated quarter against the history (pure apart from reading it)."""
    quarter = snapshot.quarter
    previous = history.previous_snapshot(quarter)
    series = history.indicator_series()
    imported = history.imported_values()  # their targets and statuses are judged too
    results = indicator_results(plan, snapshot, settings, series, imported)
    previous_results = (indicator_results(plan, previous, settings, series, imported)
                        if previous is not None else ())
    earlier = tuple((q, s) for q in history.quarters() if q < quarter
                    if (s := history.load_snapshot(q)) is not None)
    share = improvement_share(results, settings.improvement_target)
    queries = action_queries(plan, settings, snapshot, previous, results, share)
    # What the analysis finds (a stated or imported status the figures do not give, a
    # status they contradict) goes where the officer looks: the validation report and the
    # consolidated workbook.
    snapshot = replace(snapshot, findings=(*snapshot.findings,
                                           *(w for r in results for w in r.warnings),
                                           *(q.finding for q in queries)))
    return QuarterAnalysis(
        snapshot=snapshot,
        previous=previous,
        summary=status_summary(snapshot, previous, settings.status_scheme),
        results=results,
        share=share,
        clinics=clinic_candidates(plan, quarter, results, previous_results,
                                  settings.clinic_reasons),
        history_counts=(*earlier, (quarter, snapshot)),
        series=tuple(series),
        imported=tuple(imported),
        queries=queries,
    )


def run_quarter(plan: Plan, settings: Settings, history: History, request: RunRequest,
                progress: Progress = lambda step: None) -> RunOutcome:
    """Run one quarter and write its pack into ``request.out_dir``."""
    quarter = request.quarter
    started = time.time()
    # The folder shows what the history records, and a killed run's leftovers go.
    publishing.prepare(request.out_dir, history.pack_version(quarter), started)
    if history.is_final(quarter) and not request.force:
        raise QuarterIsFinalError(
            f"{quarter.label} is already stored as final. Pass --force to run it again "
            "and replace it."
        )
    # Quartiles from published peer data (the benchmark command) stand in for typed ones.
    plan = with_benchmark_quartiles(
        plan, history.benchmark_quartiles(settings.benchmark_comparison))
    progress("Reading returns")
    read = read_returns(request.returns_dir, plan, settings, quarter)
    progress("Validating")
    previous = history.previous_snapshot(quarter)
    snapshot = validate_quarter(plan, settings, quarter, read, previous)
    snapshot = replace(snapshot, created=datetime.now().replace(microsecond=0),
                       final=request.final)
    problems = errors(snapshot.findings)
    if request.final and problems and not request.force:
        raise FinalRefusedError(
            f"cannot issue the final pack for {quarter.label}: the returns still have "
            f"{len(problems)} error(s). Fix them (see the validation report) or pass --force "
            "to issue it anyway, marked as such."
        )
    progress("Analysing")
    analysis = analyse(plan, settings, history, snapshot)

    staging = publishing.staging_dir(request.out_dir)
    try:
        written = _write_pack(plan, settings, analysis, request, staging, progress)
        progress("Saving history")
        progress("Publishing")
        # Logged before publishing: the log is carried into the new version as it is then.
        log.info("publishing %d file(s)", len(written))
        final_paths = publishing.publish(
            staging, request.out_dir, written, lambda version: history.save_snapshot(
                analysis.snapshot, final=request.final, force=request.force,
                pack_version=version),
            started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RunOutcome(analysis, tuple(final_paths))


def _write_pack(plan: Plan, settings: Settings, analysis: QuarterAnalysis,
                request: RunRequest, staging: Path, progress: Progress) -> list[Path]:
    snapshot = analysis.snapshot
    written: list[Path] = []
    progress("Drawing charts")
    (staging / "charts").mkdir()
    share_points = improvement_share_points(plan, settings, analysis.history_counts,
                                            analysis.series,
                                            known={snapshot.quarter: analysis.share},
                                            imported=analysis.imported)
    # A large organisation's Board reads in detail only the indicators in need of
    # attention, within settings.chart_limit (the report says so).
    charted = indicators_for_board(analysis.results, analysis.clinics, settings.chart_limit)
    # The charts are drawn by other processes while this one writes the workbooks and
    # the progress report; the performance report waits for them.
    drawing = start_performance_charts(
        analysis.results, analysis.series, staging / "charts",
        ChartOptions(share_points, settings.improvement_target, charted, plan),
        cache_dir=request.chart_cache)
    try:
        context = replace(build_pack_context(plan, settings, snapshot, analysis.previous,
                                             analysis.history_counts, analysis.share),
                          final=request.final, performance_report=True,
                          queries=notes_by_action(analysis.queries))
        written.append(render_status_chart(context, staging / "charts" / "status_counts.png"))
        context = replace(context, chart_path=written[-1])
        progress("Writing the validation report")
        written.append(write_validation_report(snapshot, staging / "validation_report.xlsx"))
        written += write_returns_back(snapshot, settings, staging / SEND_BACK_FOLDER)
        progress("Writing the consolidated workbook")
        written.append(write_consolidated(plan, settings, snapshot, analysis.results,
                                          staging / "consolidated.xlsx"))
        progress("Writing the progress report")
        documents = [write_progress_report(context, staging / APPENDIX_NAME,
                                           settings.reference_docx)]
        progress("Writing the covering reports")
        documents += write_covering_reports(context, settings.covering_templates, staging)
        progress("Writing the performance report")
        performance_charts = drawing.result()
        written += performance_charts.paths
        performance = QuarterPerformance(
            plan, settings, snapshot.quarter, analysis.results, analysis.share,
            analysis.clinics, analysis.series, share_points, charted, final=request.final,
            unresolved_errors=context.unresolved_errors, created=snapshot.created)
        documents.append(write_performance_report(
            performance, staging / PERFORMANCE_REPORT_NAME, performance_charts))
    except BaseException:  # a failed document: the charts are no longer wanted
        drawing.cancel()
        raise
    written += documents
    progress("Making the poster")
    poster = write_poster(settings.organisation.name, snapshot.quarter, analysis.results,
                          analysis.share, staging, PosterOptions.from_settings(
                              settings, pack_mark(request.final, context.unresolved_errors)))
    written += poster
    progress("Writing PDFs")
    if request.pdf:
        written += convert_to_pdf(documents, staging)
    progress("Writing the web edition")
    if request.web:  # inside the staging folder: published with the pack, in one switch
        written += write_web_edition(WebEdition(context, performance, performance_charts, poster),
                                     staging / WEB_FOLDER)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return written
