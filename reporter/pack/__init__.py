"""The Board pack in Word: the shared progress report, the covering reports, the
performance report and the performance poster.

    context = replace(build_pack_context(plan, settings, snapshot, previous, history, share),
                      final=final)
    write_progress_report(context, out / "progress_report.docx")
    write_covering_reports(context, templates, out)     # one per covering template
    performance = QuarterPerformance(plan, settings, quarter, results, share, clinics, series)
    charts = render_performance_charts(results, series, out / "charts", ChartOptions(...))
    write_performance_report(performance, out / "performance_report.docx", charts)
    write_poster(organisation_name, quarter, results, share, out)  # poster.png, poster.pdf
    convert_to_pdf(paths, out)                           # with --pdf

``build_pack_context`` is pure; the writers only lay out what it holds.
"""

from collections.abc import Iterable
from pathlib import Path

from reporter.pack.context import (
    ActionRow,
    OutcomeTable,
    PackContext,
    RecommendationGroup,
    RecommendationRow,
    build_pack_context,
    pack_mark,
)
from reporter.pack.covering_report import (
    APPENDIX_NAME,
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    open_template,
    render_status_chart,
    template_values,
    write_covering_report,
    write_covering_reports,
)
from reporter.pack.errors import DocumentError, LibreOfficeMissing, PdfError, TemplateProblem
from reporter.pack.pdf import convert_to_pdf, find_soffice
from reporter.pack.performance_charts import (
    ChartOptions,
    PerformanceCharts,
    render_performance_charts,
    start_performance_charts,
)
from reporter.pack.performance_data import QuarterPerformance, improvement_share_points
from reporter.pack.performance_report import PERFORMANCE_REPORT_NAME, write_performance_report
from reporter.pack.poster import PosterOptions, poster_figure, write_poster
from reporter.pack.progress_report import DEFAULT_REFERENCE, write_progress_report
from reporter.pack.writer import open_reference


def check_documents(reference: Path, templates: Iterable[Path]) -> None:
    """Open the house-style reference document and every covering template as ``run``
    will: TemplateProblem names the first that cannot be used. ``plan`` and ``check`` call
    it, so a truncated or renamed file is found before the Board pack is due."""
    open_reference(reference, "Board pack")
    for template in templates:
        open_template(template)



__all__ = [
    "APPENDIX_NAME",
    "DEFAULT_REFERENCE",
    "DEFAULT_TEMPLATES",
    "PERFORMANCE_REPORT_NAME",
    "PLACEHOLDERS",
    "ActionRow",
    "ChartOptions",
    "DocumentError",
    "LibreOfficeMissing",
    "OutcomeTable",
    "PackContext",
    "PdfError",
    "PerformanceCharts",
    "QuarterPerformance",
    "RecommendationGroup",
    "RecommendationRow",
    "TemplateProblem",
    "build_pack_context",
    "check_documents",
    "convert_to_pdf",
    "find_soffice",
    "improvement_share_points",
    "open_template",
    "PosterOptions",
    "pack_mark",
    "poster_figure",
    "render_performance_charts",
    "start_performance_charts",
    "render_status_chart",
    "template_values",
    "write_covering_report",
    "write_covering_reports",
    "write_performance_report",
    "write_poster",
    "write_progress_report",
]
