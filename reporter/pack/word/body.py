"""The document's body: prototypes (a paragraph or table dressed once through
python-docx's API, then taken out of the body) copied to its end.

Setting a paragraph's style through the API looks up the document's default style
among all its styles on every call (about 200 in the house style), which made styling
most of a long report's time; a copy of a styled prototype is one lxml call.
"""

from __future__ import annotations

import copy

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph


def append_to_body(document: Document, element: BaseOxmlElement) -> None:
    """``element`` (a paragraph or table we made) at the end of the body, before the last
    section's properties. The body's last child is looked at, not searched for
    (``document.add_paragraph`` searches the whole body for it on each call)."""
    body = document.element.body
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)


def paragraph_prototype(document: Document, style: str | None = None) -> Paragraph:
    """An empty paragraph in ``style`` (None: the default), made with
    ``document.add_paragraph`` and taken out of the body again, for ``append_paragraph``
    to copy: its format may be set through the API before it is copied."""
    paragraph = document.add_paragraph(style=style)
    body = document.element.body
    body.remove(paragraph._p)
    return paragraph


def append_paragraph(document: Document, prototype: Paragraph) -> Paragraph:
    """A copy of ``prototype`` (see ``paragraph_prototype``) at the end of the body."""
    p = copy.deepcopy(prototype._p)
    append_to_body(document, p)
    return Paragraph(p, document)
