"""Saving a document: python-docx's own ``save``, into a temporary file renamed into
place (``files.atomic_path``), so a reader never sees half a document."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from reporter.files import atomic_path


def save_atomic(document: Document, path: Path | str) -> Path:
    """Save ``document`` to ``path``, whole or not at all; return the path."""
    path = Path(path)
    with atomic_path(path) as temporary:
        document.save(str(temporary))
    return path
