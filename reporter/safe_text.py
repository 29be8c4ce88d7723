"""Text from returns is data, never code.

Everything a directorate typed passes through here before we write it into a
workbook or a Word document: no formula, no control character, no runaway length.
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

# Excel reads _xHHHH_ in a cell's text as the character HHHH; _x005F_ is an escaped "_".
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")

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


def write_text_cell(cell: object, value: object, limit: int = MAX_TEXT) -> None:
    """Put text into an openpyxl cell so that it stays text, whatever it starts with.

    openpyxl turns a string starting with "=" into a formula; setting the data
    type to string afterwards keeps it a literal, and Excel shows it as typed. openpyxl
    writes a typed ``_xHHHH_`` as it is, which Excel would read as one character: it is
    escaped as Excel itself escapes it (XlsxWriter does this for the other workbooks).
    """
    text = clean_text(value, limit)
    cell.value = _EXCEL_ESCAPE.sub(r"_x005F\1", text)  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]
    if is_formula_like(text):
        # Mark it so Excel and LibreOffice never re-read it as a formula on edit.
        cell.quotePrefix = True  # type: ignore[attr-defined]
