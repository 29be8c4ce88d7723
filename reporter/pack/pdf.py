"""PDFs of the pack through LibreOffice headless: one soffice call for all files.

Each call gets its own LibreOffice profile (``-env:UserInstallation``), so runs in
parallel never collide, and writes into a temporary folder beside the outputs
before each PDF is renamed into place. The PDFs are tagged (PDF/UA structure from
the Word headings, table headers and alternative text), as published Board papers
must be accessible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from reporter.pack.errors import LibreOfficeMissing, PdfError

MISSING_MESSAGE = ("LibreOffice is not installed: install libreoffice-writer-nogui, or run "
                   "without --pdf")
# Tagged PDF, the document title shown rather than the file name, bookmarks from headings.
PDF_FILTER = ('pdf:writer_pdf_Export:{'
              '"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"ExportBookmarks":{"type":"boolean","value":"true"},'
              '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"}}')
BASE_TIMEOUT = 120  # seconds for the first document (LibreOffice starting cold)
PER_FILE_TIMEOUT = 20


def find_soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(paths: Sequence[Path | str], out_dir: Path | str,
                   timeout: float | None = None) -> list[Path]:
    """Convert Word documents to PDF in ``out_dir`` with one LibreOffice call; returns the
    PDF paths in the order given.

    Raises LibreOfficeMissing when soffice is not installed, and PdfError (with what
    LibreOffice said) when it fails, times out or leaves a PDF out.
    """
    sources = [Path(p).resolve() for p in paths]
    if not sources:
        return []
    missing = [str(p) for p in sources if not p.is_file()]
    if missing:
        raise PdfError(f"cannot convert to PDF: no such file {', '.join(missing)}")
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing(MISSING_MESSAGE)
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    limit = timeout if timeout is not None else BASE_TIMEOUT + PER_FILE_TIMEOUT * len(sources)
    profile = Path(tempfile.gettempdir()) / f"lo_{uuid.uuid4().hex}"
    staging = Path(tempfile.mkdtemp(prefix=".pdf-", dir=out))
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER,
               "--outdir", str(staging), *map(str, sources)]
    try:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=limit,
                                    check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"LibreOffice did not finish converting {len(sources)} document(s) to PDF "
                f"within {limit:.0f} seconds. Close any LibreOffice window and run again, or "
                "run without --pdf.") from None
        written = []
        for source in sources:
            made = staging / f"{source.stem}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                said = " ".join((result.stderr or result.stdout or "").split())[-400:]
                raise PdfError(
                    f"LibreOffice did not make a PDF of {source.name} (exit code "
                    f"{result.returncode}{': ' + said if said else ''}). Open the document in "
                    "Word or LibreOffice to check it, or run without --pdf.")
            target = out / made.name
            os.replace(made, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
