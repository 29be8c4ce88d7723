"""The Board pack in Word: the shared progress report, the covering reports, the
performance report and the performance poster.

    context = build_pack_context(plan, settings, snapshot, previous, history, share, final)
    write_progress_report(context, out / "progress_report.docx")
    write_covering_reports(context, templates, out)     # one per covering template
    charts = render_performance_charts(results, series, out / "charts", share_points=...)
    write_performance_report(plan, settings, quarter, results, share, clinics, series,
                             out / "charts", out / "performance_report.docx", charts_drawn=charts)
    write_poster(organisation_name, quarter, results, share, out)  # poster.png, poster.pdf
    convert_to_pdf(paths, out)                           # with --pdf

``build_pack_context`` is pure; the writers only lay out what it holds.
"""

from reporter.pack.context import (
    ActionRow,
    OutcomeTable,
    PackContext,
    RecommendationGroup,
    RecommendationRow,
    build_pack_context,
)
from reporter.pack.covering_report import (
    APPENDIX_NAME,
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    render_status_chart,
    template_values,
    write_covering_report,
    write_covering_reports,
)
from reporter.pack.errors import DocumentError, LibreOfficeMissing, PdfError, TemplateProblem
from reporter.pack.pdf import convert_to_pdf, find_soffice
from reporter.pack.performance_report import (
    PERFORMANCE_REPORT_NAME,
    PerformanceCharts,
    improvement_share_points,
    render_performance_charts,
    start_performance_charts,
    write_performance_report,
)
from reporter.pack.poster import poster_figure, write_poster
from reporter.pack.progress_report import DEFAULT_REFERENCE, write_progress_report

__all__ = [
    "APPENDIX_NAME",
    "DEFAULT_REFERENCE",
    "DEFAULT_TEMPLATES",
    "PERFORMANCE_REPORT_NAME",
    "PLACEHOLDERS",
    "ActionRow",
    "DocumentError",
    "LibreOfficeMissing",
    "OutcomeTable",
    "PackContext",
    "PdfError",
    "PerformanceCharts",
    "RecommendationGroup",
    "RecommendationRow",
    "TemplateProblem",
    "build_pack_context",
    "convert_to_pdf",
    "find_soffice",
    "improvement_share_points",
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
