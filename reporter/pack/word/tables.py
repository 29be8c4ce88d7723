"""Tables: header rows that repeat, rows kept on one page, shaded cells, widths, and rows
copied from a template.

python-docx has no API for cell shading (a new ``w:shd`` per cell, python-docx#434),
repeated header rows (``w:tblHeader``, #322), rows kept on one page (``w:cantSplit``,
#245), the table's own width, look, caption and description: for those the helpers
reach the proxies' own XML elements (``cell._tc``, ``row._tr``, ``table._tbl``), the
route python-docx documents for XML it has no API for, and only here. Everything else
goes through its API.

Long tables are rows copied from a ``RowTemplate``: ``table.cell()`` and ``_Cell.merge``
rebuild the whole grid on each call, so a table of thousands of rows built with them
is quadratic; a copy of a row we made ourselves is one lxml call.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import cast

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.table import Table, _Cell, _Row

from reporter.pack.word.body import append_to_body
from reporter.pack.word.text import cleaned
from reporter.pack.word.xml import element
from reporter.safe_text import clean_text

# Successors of each element in its parent's schema sequence (ECMA-376 part 1, 17.4),
# so a new element goes where Word expects it.
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
              "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")
_AFTER_VMERGE = ("w:tcBorders", "w:shd", *_AFTER_SHD)
_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_AFTER_CANTSPLIT = ("w:trHeight", "w:tblHeader", *_AFTER_TBLHEADER)
_AFTER_TBLW = ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
               "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
               "w:tblPrChange")
_AFTER_TBLLOOK = ("w:tblCaption", "w:tblDescription", "w:tblPrChange")
_AFTER_CAPTION = ("w:tblDescription", "w:tblPrChange")

_T, _SPACE = qn("w:t"), qn("xml:space")


# --------------------------------------------------------------------------- whole tables

def table_prototype(document: Document, widths: Sequence[Length], style: str) -> Table:
    """A one-row table made with ``document.add_table`` and taken out of the body again,
    to be dressed once and copied with ``append_copy`` for each table of its kind."""
    table = document.add_table(rows=1, cols=len(widths), style=style)
    table._tbl.getparent().remove(table._tbl)
    set_column_widths(table, widths)
    set_row_widths(table.rows[0].cells, widths)
    return table


def append_copy(document: Document, table: Table) -> Table:
    """A copy of ``table`` (a prototype, see ``table_prototype``) at the end of the body."""
    tbl = copy.deepcopy(table._tbl)
    append_to_body(document, tbl)
    return Table(tbl, document)


def set_column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed layout with these column widths on the grid and the table (cells are set as
    rows are added, by ``set_row_widths`` or a ``RowTemplate``)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = tbl_pr.insert_element_before(element("w:tblW"), *_AFTER_TBLW)
    tbl_w.set(qn("w:w"), str(sum(Length(w).twips for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")


def set_row_widths(cells: Sequence[_Cell], widths: Sequence[Length]) -> None:
    """The width of every cell of a row: Word and LibreOffice read cell widths (#360)."""
    for cell, width in zip(cells, widths):
        cell.width = width


def table_look(table: Table, first_row: bool = True) -> None:
    """Tell Word the first row is the header row of the table style (and no banding)."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = tbl_pr.insert_element_before(element("w:tblLook"), *_AFTER_TBLLOOK)
    for key, value in (("firstRow", first_row), ("lastRow", False), ("firstColumn", False),
                       ("lastColumn", False), ("noHBand", True), ("noVBand", True)):
        look.set(qn(f"w:{key}"), "1" if value else "0")
    look.set(qn("w:val"), "04A0" if first_row else "0400")


def set_table_caption(table: Table, caption: str, description: str = "") -> None:
    """The table's title and description (``w:tblCaption``, ``w:tblDescription``), read
    by screen readers and carried into a tagged PDF."""
    tbl_pr = table._tbl.tblPr
    for tag, value, after in (("w:tblCaption", caption, _AFTER_CAPTION),
                              ("w:tblDescription", description, ("w:tblPrChange",))):
        if not value:
            continue
        found = tbl_pr.find(qn(tag))
        if found is None:
            found = tbl_pr.insert_element_before(element(tag), *after)
        found.set(qn("w:val"), clean_text(value, 250))


# --------------------------------------------------------------------------- rows

def mark_header_row(row: _Row) -> None:
    """Mark a row as the table's header: repeated on each page, read as headers."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.insert_element_before(element("w:tblHeader"), *_AFTER_TBLHEADER)


def keep_row_together(row: _Row) -> None:
    """Never split this row across two pages."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert_element_before(element("w:cantSplit"), *_AFTER_CANTSPLIT)


def is_header_row(row: _Row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def is_kept_together(row: _Row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None


PLACEHOLDER = "\u2063"  # a slot for text in a RowTemplate (INVISIBLE SEPARATOR)


class RowTemplate:
    """A table row made once and copied for every new row: kept on one page
    (``w:cantSplit``), each cell's width set (#360), an empty paragraph in each cell.

    What every row of a kind shares (paragraph styles, centring, a merge, shading, the
    runs' formatting) is set once on ``cells``, the template's own cells, with
    python-docx's API and the helpers here. Runs written there with the text
    ``PLACEHOLDER`` are slots: ``add_texts`` copies the row and puts each new row's
    texts in them, in order."""

    def __init__(self, document: Document, widths: Sequence[Length]):
        tr = cast(CT_Row, element("w:tr"))
        for _ in widths:
            tc = element("w:tc")
            tc.append(element("w:p"))
            tr.append(tc)
        self._tr = tr
        self._document = document
        keep_row_together(_Row(tr, document))  # type: ignore[arg-type]
        # the template's cells belong to no table yet: the document gives them their part
        self.cells = [_Cell(tc, document) for tc in tr.tc_lst]  # type: ignore[arg-type]
        set_row_widths(self.cells, widths)
        self._slots: list[int] | None = None

    def copy(self) -> RowTemplate:
        """A new template made from this one as it stands (its styles, widths, texts)."""
        made = copy.copy(self)
        made._tr = copy.deepcopy(self._tr)
        made.cells = [_Cell(tc, self._document) for tc in made._tr.tc_lst]  # type: ignore[arg-type]
        made._slots = None
        return made

    def add(self, table: Table) -> list[_Cell]:
        """A copy of the row appended to ``table``; its cells."""
        tr = copy.deepcopy(self._tr)
        table._tbl.append(tr)
        return [_Cell(tc, table) for tc in tr.tc_lst]

    def add_texts(self, table: Table, texts: Sequence[str | None]) -> None:
        """A copy of the row appended to ``table`` with ``texts`` in its slots (the
        ``PLACEHOLDER`` runs, in document order). Each text is cleaned and written as
        ``run.text`` writes it; None removes the slot's run (as when no text is added)."""
        if self._slots is None:  # which of the row's w:t are slots (the template is final)
            self._slots = [i for i, t in enumerate(self._tr.iter(_T)) if t.text == PLACEHOLDER]
        if len(texts) != len(self._slots):
            raise ValueError(f"the row has {len(self._slots)} text slots, "
                             f"{len(texts)} texts given")
        tr = copy.deepcopy(self._tr)
        every_t = list(tr.iter(_T))
        for index, text in zip(self._slots, texts):
            t = every_t[index]
            r = cast(CT_R, t.getparent())
            if text is None:
                cast(BaseOxmlElement, r.getparent()).remove(r)
                continue
            text = cleaned(text)
            if not text or "\t" in text or "\n" in text:  # clean_text turns \r into \n
                r.text = text  # python-docx's run text: a tab and a break as elements
                continue
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_SPACE, "preserve")
        table._tbl.append(tr)


# --------------------------------------------------------------------------- cells

def shade_cell(cell: _Cell, fill: str) -> None:
    """Fill a cell with a colour: a new ``w:shd`` for this cell alone (#434)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = element("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto",
                                qn("w:fill"): fill.lstrip("#").upper()})
    tc_pr.insert_element_before(shd, *_AFTER_SHD)


def cell_fill(cell: _Cell) -> str | None:
    """The fill colour of a cell (``C00000``), or None when it is not shaded."""
    tc_pr = cell._tc.tcPr
    shd = None if tc_pr is None else tc_pr.find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def centre_vertically(cell: _Cell) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def merge_down(cell: _Cell, restart: bool) -> None:
    """Merge a template row's cell with the cells below (``restart``) or above (continue).
    ``_Cell.merge`` needs both cells in a table and rebuilds its grid on each call; a
    template row's cell is in none, so the ``w:vMerge`` is written here."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:vMerge")):
        tc_pr.remove(old)
    merge = element("w:vMerge", {qn("w:val"): "restart"} if restart else None)
    tc_pr.insert_element_before(merge, *_AFTER_VMERGE)


def merge_across(cells: Sequence[_Cell]) -> _Cell:
    """A row's cells merged into one (``_Cell.merge``, for a few rows of a table)."""
    return cells[0].merge(cells[-1])

