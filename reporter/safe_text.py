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


# Characters that set the direction of the text after them: embeddings, overrides, isolates
# and marks. One typed and left open (U+202E, say) reverses whatever follows it on the line.
_DIRECTION_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def isolate_direction(text: str) -> str:
    """Text holding direction controls wrapped in a first-strong isolate (U+2068 ...
    U+2069): a right-to-left override left open in a commentary then ends with it,
    instead of reversing the report's own words after it. Other text is unchanged."""
    if _DIRECTION_CONTROLS.search(text):
        return f"\u2068{text}\u2069"
    return text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)
