"""The Board pack in Word: the shared progress report and the covering reports.

    context = build_pack_context(plan, settings, snapshot, previous, history, share, final)
    write_progress_report(context, out / "progress_report.docx")
    write_covering_reports(context, templates, out)     # one per covering template
    convert_to_pdf(paths, out)                           # with --pdf

``build_pack_context`` is pure; the writers only lay out what it holds.
"""

from reporter.documents.context import (
    ActionRow,
    OutcomeTable,
    PackContext,
    RecommendationGroup,
    RecommendationRow,
    build_pack_context,
)
from reporter.documents.covering_report import (
    APPENDIX_NAME,
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    render_status_chart,
    template_values,
    write_covering_report,
    write_covering_reports,
)
from reporter.documents.errors import DocumentError, LibreOfficeMissing, PdfError, TemplateProblem
from reporter.documents.pdf import convert_to_pdf, find_soffice
from reporter.documents.progress_report import DEFAULT_REFERENCE, write_progress_report

__all__ = [
    "APPENDIX_NAME",
    "DEFAULT_REFERENCE",
    "DEFAULT_TEMPLATES",
    "PLACEHOLDERS",
    "ActionRow",
    "DocumentError",
    "LibreOfficeMissing",
    "OutcomeTable",
    "PackContext",
    "PdfError",
    "RecommendationGroup",
    "RecommendationRow",
    "TemplateProblem",
    "build_pack_context",
    "convert_to_pdf",
    "find_soffice",
    "render_status_chart",
    "template_values",
    "write_covering_report",
    "write_covering_reports",
    "write_progress_report",
]
