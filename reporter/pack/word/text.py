"""Text in paragraphs and runs, through python-docx's own API.

Text always goes through ``clean_text`` first, so a control character pasted into a
return cannot make python-docx raise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reporter.safe_text import MAX_TEXT, clean_text, isolate_direction


def cleaned(value: object) -> str:
    """``clean_text(value)``, its direction isolated (``isolate_direction``), returning at
    once the common case it leaves unchanged (printable ASCII, no line break or tab,
    within the length limit)."""
    if type(value) is str and len(value) <= MAX_TEXT and value.isascii() \
            and value.isprintable():
        return value
    return isolate_direction(clean_text(value))


def add_text(paragraph: Paragraph, text: object, *, bold: bool = False, italic: bool = False,
             colour: str | None = None, size: float | None = None) -> Run:
    """Append a run of cleaned text (a tab and a line break kept as such) and return it."""
    run = paragraph.add_run(cleaned(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.upper())
    if size:
        run.font.size = Pt(size)
    return run


def keep_with_next(paragraph: Paragraph, keep: bool = True) -> Paragraph:
    """Keep a paragraph on the same page as the next (an intro with its table)."""
    paragraph.paragraph_format.keep_with_next = keep
    return paragraph


def keep_cells_with_next(cells: Iterable[_Cell]) -> None:
    """Keep every paragraph of these cells with the next: a table's rows stay on one
    page with what follows the table."""
    for cell in cells:
        for paragraph in cell.paragraphs:
            keep_with_next(paragraph)


def centre(paragraph: Paragraph) -> Paragraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def contrast_text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG contrast ratio)."""
    return _contrast_text_colour(fill.lstrip("#").upper())


@functools.lru_cache(maxsize=64)
def _contrast_text_colour(fill: str) -> str:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = (0.2126 * channel(fill[0:2]) + 0.7152 * channel(fill[2:4])
           + 0.0722 * channel(fill[4:6]))
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "FFFFFF" if on_white >= on_black else "000000"
