"""What stops a document being written, each with what to do about it."""

from __future__ import annotations

from reporter.errors import ReporterError


class DocumentError(ReporterError):
    """A Word document of the pack cannot be written."""


class TemplateProblem(DocumentError):
    """A Word template (the reference or a covering report) cannot be used as it is."""


class PdfError(DocumentError):
    """LibreOffice could not turn a document into PDF."""


class LibreOfficeMissing(PdfError):
    """--pdf was asked for and LibreOffice is not installed."""
