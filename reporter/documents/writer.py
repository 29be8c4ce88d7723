"""The pieces every report in the house style is built from: styled paragraphs and
headings, tables with a navy header row that repeats, and table cell text.

The progress report and the performance report subclass ``HouseWriter``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document

from docx.document import Document as DocumentType
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reporter.documents import word
from reporter.documents.errors import TemplateProblem
from reporter.documents.house import NAVY, REQUIRED_STYLES


def open_reference(reference: Path | str, report: str) -> DocumentType:
    """The house-style reference document, checked for every style the writers use;
    TemplateProblem names what is missing and how to get it back."""
    reference = Path(reference)
    if not reference.is_file():
        raise TemplateProblem(
            f"the reference document {reference} is missing. Run "
            "`python -m reporter.documents.make_templates` to make it, or point to your own.")
    document = Document(str(reference))
    missing = word.missing_styles(document, REQUIRED_STYLES)
    if missing:
        raise TemplateProblem(
            f"the reference document {reference} lacks the style(s) "
            f"{', '.join(repr(m) for m in missing)} that the {report} uses. Add them "
            "in Word (Home > Styles), or start again from the one made by "
            "`python -m reporter.documents.make_templates`.")
    return document


class HouseWriter:
    """Adds house-style pieces to a document; style ids are looked up once."""

    def __init__(self, document: DocumentType):
        self.doc = document
        self.ids = word.style_ids(document, [n for n in REQUIRED_STYLES if n != "Board Table"])

    def para(self, text: str = "", style: str = "Normal", *, bold: bool = False,
             keep: bool = False) -> Paragraph:
        paragraph = word.set_style(self.doc.add_paragraph(), self.ids[style])
        if text:
            word.add_text(paragraph, text, bold=bold)
        if keep:
            word.keep_with_next(paragraph)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.para(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, headers: Sequence[str], widths: Sequence[Length], caption: str) -> Table:
        """A table with its header row: navy, white bold text, marked to repeat on each page."""
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Board Table"]
        word.table_look(table)
        word.set_table_caption(table, caption)
        word.set_column_widths(table, widths)
        head = table.rows[0]
        word.mark_header_row(head)
        word.keep_row_together(head)
        cells = head.cells
        word.set_row_widths(cells, widths)
        for cell, text in zip(cells, headers):
            word.shade_cell(cell, NAVY)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = word.set_style(cell.paragraphs[0], self.ids["Table Heading"])
            word.add_text(paragraph, text, bold=True, colour="FFFFFF")
        return table

    def row(self, table: Table, widths: Sequence[Length]) -> list[_Cell]:
        """A new row kept on one page, its cells' widths set (python-docx#360)."""
        row = table.add_row()
        word.keep_row_together(row)
        cells = row.cells
        word.set_row_widths(cells, widths)
        return cells

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False,
                  note: str = "", centre: bool = False) -> Paragraph:
        """Text in a cell; ``note`` on a line of its own, small and italic."""
        paragraph = word.set_style(cell.paragraphs[0], self.ids["Table Text"])
        if text:
            word.add_text(paragraph, text, bold=bold)
        if note:
            word.add_text(paragraph, "\n" + note, italic=True, size=7.5, colour="404040")
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph
