"""Text from returns is data, never code.

Everything a directorate typed passes through here before we write it into a
workbook or a Word document: no formula, no control character, no runaway length.
The workbook writers apply it in one place each: ``reporter.xlsx.Book.text``
(XlsxWriter) and ``reporter.returns.return_style.write_text`` (openpyxl, the returns).
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (python-docx and openpyxl raise on them);
# tab, line feed and carriage return are allowed.
_ILLEGAL_XML = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]"
)
# A spreadsheet reads a cell starting with these as a formula (or DDE / link).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

MAX_TEXT = 4000  # characters kept from one commentary cell
TRUNCATION_NOTE = " [… text shortened: see the return for the full text]"


def clean_text(value: object, limit: int = MAX_TEXT) -> str:
    """Plain text safe for XML: control characters removed, line endings unified, bounded."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL_XML.sub("", text)
    if len(text) > limit:
        text = text[:limit].rstrip() + TRUNCATION_NOTE
    return text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)
