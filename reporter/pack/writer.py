"""The pieces every report in the house style is built from: styled paragraphs and
headings, tables with a navy header row that repeats, and table cell text.

The progress report and the performance report subclass ``HouseWriter``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.shared import Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reporter.pack import word
from reporter.pack.errors import TemplateProblem
from reporter.pack.house import NAVY, REQUIRED_STYLES


def open_reference(reference: Path | str, report: str) -> DocumentType:
    """The house-style reference document, checked for every style the writers use;
    TemplateProblem names what is missing and how to get it back."""
    reference = Path(reference)
    if not reference.is_file():
        raise TemplateProblem(
            f"the reference document {reference} is missing. Restore the bundled "
            "input_templates/reference.docx from the repository, or set "
            "report.reference_docx in the settings to your own.")
    document = word.linear_part_walk(Document(str(reference)))
    missing = word.missing_styles(document, REQUIRED_STYLES)
    if missing:
        raise TemplateProblem(
            f"the reference document {reference} lacks the style(s) "
            f"{', '.join(repr(m) for m in missing)} that the {report} uses. Add them "
            "in Word (Home > Styles), or start again from the bundled "
            "input_templates/reference.docx.")
    return document


SPILL_EVERY = 2000  # rows or paragraphs written between moves of finished content to disk


class HouseWriter:
    """Adds house-style pieces to a document; style ids are looked up once, and rows are
    copies of one template row per set of widths (``word.RowTemplate``), so a table of
    tens of thousands of rows is written in time linear in its rows."""

    def __init__(self, document: DocumentType):
        self.doc = document
        self.ids = word.style_ids(document, [n for n in REQUIRED_STYLES if n != "Board Table"])
        # as ``table.style = ...`` resolves it: None when it is the default table style
        self.table_style = document.part.get_style_id(document.styles["Board Table"],
                                                      WD_STYLE_TYPE.TABLE)
        self._templates: dict[tuple[int, ...], word.RowTemplate] = {}
        self._tables: dict[tuple[tuple[str, ...], tuple[int, ...], bool], CT_Tbl] = {}
        self._hanging: dict[int, CT_P] = {}
        self._since_spill = 0

    def release(self) -> None:
        """Called for each row or paragraph a long loop adds: every ``SPILL_EVERY`` of
        them, what is finished goes to a temporary file (``word.spill_finished``), so a
        report of 60,000 rows does not hold them all as XML in memory."""
        self._since_spill += 1
        if self._since_spill >= SPILL_EVERY:
            self._since_spill = 0
            word.spill_finished(self.doc)

    def paragraph(self) -> Paragraph:
        """An empty paragraph at the end of the body (``document.add_paragraph()``)."""
        return word.add_paragraph(self.doc)

    def para(self, text: str = "", style: str = "Normal", *, bold: bool = False,
             keep: bool = False) -> Paragraph:
        paragraph = word.set_style(word.add_paragraph(self.doc), self.ids[style])
        if text:
            word.add_text(paragraph, text, bold=bold)
        if keep:
            word.keep_with_next(paragraph)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.para(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, headers: Sequence[str], widths: Sequence[Length], caption: str, *,
              keep: bool = False) -> Table:
        """A table with its header row: navy, white bold text, marked to repeat on each
        page; ``keep``: the header row's paragraphs kept with the next.

        The report has a table per outcome with an exception: the header row is made
        once per set of headers and widths and copied (``word.append_copy``)."""
        key = (tuple(headers), tuple(int(w) for w in widths), keep)
        prototype = self._tables.get(key)
        if prototype is None:
            prototype = self._tables[key] = self._table_prototype(headers, widths)
            if keep:
                word.keep_all_with_next(prototype)
        table = Table(word.append_copy(self.doc, prototype), self.doc._body)
        word.set_table_caption(table, caption)
        return table

    def _table_prototype(self, headers: Sequence[str], widths: Sequence[Length]) -> CT_Tbl:
        """A table of one header row, made aside (not in the document), uncaptioned."""
        table = Table(CT_Tbl.new_tbl(1, len(headers), Length(sum(widths))), self.doc._body)
        table._tbl.tblStyle_val = self.table_style
        word.table_look(table)
        word.set_column_widths(table, widths)
        head = table.rows[0]
        word.mark_header_row(head)
        word.keep_row_together(head)
        cells = [_Cell(tc, table) for tc in head._tr.tc_lst]
        word.set_row_widths(cells, widths)
        heading = self.ids["Table Heading"]
        for cell, text in zip(cells, headers):
            word.shade_cell(cell, NAVY)
            word.centre_vertically(cell)
            paragraph = word.set_style(word.cell_paragraph(cell), heading)
            word.add_text(paragraph, text, bold=True, colour="FFFFFF")
        return table._tbl

    def hanging(self, indent: Length) -> Paragraph:
        """A new paragraph indented by ``indent`` with its first line hanging back to the
        margin (a copy of one made once, as ``paragraph_format`` would make it)."""
        prototype = self._hanging.get(int(indent))
        if prototype is None:
            made = Paragraph(OxmlElement("w:p"), self.doc._body)
            made.paragraph_format.left_indent = indent
            made.paragraph_format.first_line_indent = Length(-indent)
            prototype = self._hanging[int(indent)] = made._p
        return Paragraph(word.append_copy(self.doc, prototype), self.doc._body)

    def row(self, table: Table, widths: Sequence[Length]) -> list[_Cell]:
        """A new row kept on one page, its cells' widths set (python-docx#360)."""
        key = tuple(int(w) for w in widths)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = word.RowTemplate(widths)
        return template.add(table)

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False,
                  note: str = "", centre: bool = False) -> Paragraph:
        """Text in a cell; ``note`` on a line of its own, small and italic."""
        paragraph = word.set_style(word.cell_paragraph(cell), self.ids["Table Text"])
        if text:
            word.add_text(paragraph, text, bold=bold)
        if note:
            word.add_text(paragraph, "\n" + note, italic=True, size=7.5, colour="404040")
        if centre:
            word.centre(paragraph)
        return paragraph
