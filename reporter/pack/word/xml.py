"""A new XML element of python-docx's own classes (``OxmlElement``), typed as one."""

from __future__ import annotations

from typing import cast

from docx.oxml import OxmlElement
from docx.oxml.xmlchemy import BaseOxmlElement


def element(tag: str, attrs: dict[str, str] | None = None) -> BaseOxmlElement:
    """``OxmlElement(tag, attrs)``: ``w:shd`` made as python-docx makes its own."""
    return cast(BaseOxmlElement, OxmlElement(tag, attrs))
