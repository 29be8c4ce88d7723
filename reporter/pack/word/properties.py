"""What a reader and an accessibility checker see of a document as a whole: its core
properties (title first), its language, and the styles it holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from reporter.safe_text import clean_text

LANGUAGE = "en-GB"


def set_language(document: Document, language: str = LANGUAGE) -> None:
    """The document's language: the default run language (``w:docDefaults``, which
    python-docx has no API for), the Normal style's, and the core properties."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    r_pr_default = defaults.find(qn("w:rPrDefault"))
    if r_pr_default is None:
        r_pr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, r_pr_default)
    r_pr = r_pr_default.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        r_pr_default.append(r_pr)
    _set_lang(r_pr, language)
    _set_lang(document.styles["Normal"].element.get_or_add_rPr(), language)
    document.core_properties.language = language


def _set_lang(r_pr: BaseOxmlElement, language: str) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), language)


def default_language(document: Document) -> str | None:
    """The language of the document's default run properties."""
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else lang.get(qn("w:val"))


def set_properties(document: Document, *, title: str, subject: str, author: str,
                   keywords: str = "", comments: str = "") -> None:
    """Core properties a reader (and an accessibility checker) sees: title first."""
    props = document.core_properties
    props.title = clean_text(title, 250)
    props.subject = clean_text(subject, 250)
    props.author = clean_text(author, 250)
    props.last_modified_by = clean_text(author, 250)
    props.keywords = clean_text(keywords, 250)
    props.comments = clean_text(comments, 250)
    props.language = LANGUAGE
    props.revision = 1


def set_created(document: Document, created: datetime | None) -> None:
    """The document made and last changed at ``created`` (when the returns were read,
    so a re-run of the same quarter writes the same properties); None leaves them."""
    if created is not None:
        document.core_properties.created = created
        document.core_properties.modified = created


def missing_styles(document: Document, names: Sequence[str]) -> list[str]:
    """The names among ``names`` that the document has no style for."""
    present = {style.name for style in document.styles}
    return [name for name in names if name not in present]
