"""Pictures and their alternative text (what a screen reader reads, carried into a
tagged PDF). python-docx has no API for alternative text: it goes on each inline
shape's ``wp:docPr``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shape import InlineShape
from docx.shared import Length
from docx.text.paragraph import Paragraph

from reporter.safe_text import clean_text


def add_picture(paragraph: Paragraph, path: Path, max_width: Length) -> InlineShape:
    """The picture at ``path`` in a new run of ``paragraph``, at its natural size but
    never wider than ``max_width``."""
    shape = paragraph.add_run().add_picture(str(path))
    if shape.width > max_width:
        shape.height = Length(round(shape.height * max_width / shape.width))
        shape.width = max_width
    return shape


def describe(shape: InlineShape, descr: str, title: str = "") -> None:
    """The picture's alternative text: ``descr`` is what a screen reader reads."""
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean_text(descr, 2000))
    if title:
        doc_pr.set("title", clean_text(title, 250))


def set_alt_text(document: Document, descr: str, title: str = "") -> int:
    """Put alternative text on every picture of a document that has none; returns how
    many pictures were given it."""
    count = 0
    for doc_pr in _doc_prs(document):
        if doc_pr.get("descr"):
            continue
        doc_pr.set("descr", clean_text(descr, 2000))
        if title:
            doc_pr.set("title", clean_text(title, 250))
        count += 1
    return count


def pictures_alt_text(document: Document) -> list[tuple[str, str]]:
    """(title, descr) of every picture in the body, headers and footers."""
    return [(doc_pr.get("title", ""), doc_pr.get("descr", "")) for doc_pr in _doc_prs(document)]


def _doc_prs(document: Document) -> Iterator[Any]:
    """The ``wp:docPr`` of every picture in the body and the sections' own headers and
    footers."""
    stories: list[BaseOxmlElement] = [document.element.body]
    for section in document.sections:
        for story in (section.header, section.footer):
            if not story.is_linked_to_previous:
                stories.append(story.part.element)
    for element in stories:  # lxml elements: .get() reads an attribute
        yield from element.iter(qn("wp:docPr"))
