"""The pieces every report in the house style is built from: styled paragraphs and
headings, tables with a navy header row that repeats, and table cell text.

The progress report and the performance report subclass ``HouseWriter``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
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
    try:
        document = Document(str(reference))
    except Exception as exc:  # noqa: BLE001 - truncated, renamed or corrupt: say which file
        raise TemplateProblem(
            f"the reference document {reference} cannot be opened as a Word document "
            f"({type(exc).__name__}: {exc}). Save it again from Word as .docx, or restore "
            "the bundled input_templates/reference.docx.") from None
    missing = word.missing_styles(document, REQUIRED_STYLES)
    if missing:
        raise TemplateProblem(
            f"the reference document {reference} lacks the style(s) "
            f"{', '.join(repr(m) for m in missing)} that the {report} uses. Add them "
            "in Word (Home > Styles), or start again from the bundled "
            "input_templates/reference.docx.")
    return document


class HouseWriter:
    """Adds house-style pieces to a document. Styles are looked up once by name; a
    table's header row is made once per set of headers and copied for each table; body
    rows are copies of one template row per kind (``word.RowTemplate``)."""

    def __init__(self, document: DocumentType):
        self.doc = document
        self.styles = {name: document.styles[name] for name in REQUIRED_STYLES}
        self._templates: dict[tuple[int, ...], word.RowTemplate] = {}
        self._tables: dict[tuple[tuple[str, ...], tuple[int, ...], bool], Table] = {}
        self._paragraphs: dict[tuple[str | None, Length | None], Paragraph] = {}

    def paragraph(self) -> Paragraph:
        """An empty paragraph at the end of the body."""
        return word.append_paragraph(self.doc, self._prototype(None))

    def _prototype(self, style: str | None, indent: Length | None = None) -> Paragraph:
        """The empty paragraph every new one of ``style`` (and hanging ``indent``) is a
        copy of, made once."""
        key = (style, indent)
        prototype = self._paragraphs.get(key)
        if prototype is None:
            prototype = self._paragraphs[key] = word.paragraph_prototype(self.doc, style)
            if indent is not None:
                prototype.paragraph_format.left_indent = indent
                prototype.paragraph_format.first_line_indent = Length(-indent)
        return prototype

    def para(self, text: str = "", style: str = "Normal", *, bold: bool = False,
             keep: bool = False) -> Paragraph:
        paragraph = word.append_paragraph(self.doc, self._prototype(style))
        if text:
            word.add_text(paragraph, text, bold=bold)
        if keep:
            word.keep_with_next(paragraph)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.para(text, "Title" if level == 0 else f"Heading {level}")

    def hanging(self, indent: Length) -> Paragraph:
        """A new paragraph indented by ``indent`` with its first line hanging back to the
        margin."""
        return word.append_paragraph(self.doc, self._prototype(None, indent))

    def table(self, headers: Sequence[str], widths: Sequence[Length], caption: str, *,
              keep: bool = False) -> Table:
        """A table with its header row: navy, white bold text, marked to repeat on each
        page; ``keep``: the header row's paragraphs kept with the next."""
        key = (tuple(headers), tuple(int(w) for w in widths), keep)
        prototype = self._tables.get(key)
        if prototype is None:
            prototype = self._tables[key] = self._table_prototype(headers, widths, keep)
        table = word.append_copy(self.doc, prototype)
        word.set_table_caption(table, caption)
        return table

    def _table_prototype(self, headers: Sequence[str], widths: Sequence[Length],
                         keep: bool) -> Table:
        """A table of one header row, made aside (not in the document), uncaptioned."""
        table = word.table_prototype(self.doc, widths, "Board Table")
        word.table_look(table)
        head = table.rows[0]
        word.mark_header_row(head)
        word.keep_row_together(head)
        for cell, text in zip(head.cells, headers):
            word.shade_cell(cell, NAVY)
            word.centre_vertically(cell)
            word.add_text(self.cell_paragraph(cell, "Table Heading"), text, bold=True,
                          colour="FFFFFF")
        if keep:
            word.keep_cells_with_next(head.cells)
        return table

    def template(self, widths: Sequence[Length]) -> word.RowTemplate:
        """A new template row, its cells' paragraphs in the Table Text style (a copy of
        one styled once per set of widths: each style set looks through every style)."""
        key = tuple(int(w) for w in widths)
        plain = self._templates.get(key)
        if plain is None:
            plain = self._templates[key] = word.RowTemplate(self.doc, widths)
            for cell in plain.cells:
                self.cell_paragraph(cell)
        return plain.copy()

    def row(self, table: Table, widths: Sequence[Length]) -> list[_Cell]:
        """A new row kept on one page, its cells' widths set (python-docx#360), their
        paragraphs in the Table Text style."""
        key = tuple(int(w) for w in widths)
        if key not in self._templates:
            self.template(widths)
        return self._templates[key].add(table)

    def cell_paragraph(self, cell: _Cell, style: str = "Table Text") -> Paragraph:
        """A cell's first paragraph, given ``style`` (a row's cells have Table Text)."""
        paragraph = cell.paragraphs[0]
        paragraph.style = self.styles[style]
        return paragraph

    def cell_text(self, cell: _Cell, text: str, *, bold: bool = False,
                  note: str = "", centre: bool = False) -> Paragraph:
        """Text in a cell of a row (``row``, ``template``); ``note`` on a line of its
        own, small and italic."""
        paragraph = cell.paragraphs[0]
        if text:
            word.add_text(paragraph, text, bold=bold)
        if note:
            word.add_text(paragraph, "\n" + note, italic=True, size=7.5, colour="404040")
        if centre:
            word.centre(paragraph)
        return paragraph
