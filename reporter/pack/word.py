"""Low-level python-docx helpers: the raw XML python-docx has no API for.

Each helper does one thing to one element and knows nothing of the Board pack:
cell shading (a new ``w:shd`` per cell, python-docx#434), header rows that repeat
(``w:tblHeader``, #322), rows kept on one page (``w:cantSplit``, #245), widths on
every cell (#360), vertical merges without ``table.cell()`` (quadratic), landscape
sections that swap width and height (#214), page-number fields, alternative text,
document language and properties. Text always goes through ``clean_text`` first,
so a control character pasted into a return cannot make python-docx raise.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.image import ImagePart
from docx.section import Section
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from reporter.safe_text import MAX_TEXT, clean_text

A4_WIDTH = Cm(21.0)
A4_HEIGHT = Cm(29.7)
MARGIN = Cm(2.0)
LANGUAGE = "en-GB"

# Successors of each element in its parent's schema sequence (ECMA-376 part 1, 17.4),
# so a new element goes in the place Word expects. Held as sets of Clark names
# ("{namespace}tag"): the helpers below work on the lxml elements directly, since
# python-docx's generic "get or add" machinery (a qn() and a search per tag name per
# call) was most of the time of a long table.
def _tags(*names: str) -> frozenset[str]:
    return frozenset(qn(name) for name in names)


_AFTER_SHD = _tags("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                   "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                   "w:tcPrChange")
_AFTER_VMERGE = _tags("w:tcBorders", "w:shd") | _AFTER_SHD
_AFTER_VALIGN = _tags("w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                      "w:tcPrChange")
_AFTER_CANTSPLIT = _tags("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
                         "w:ins", "w:del", "w:trPrChange")
_AFTER_TBLHEADER = _tags("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
                         "w:trPrChange")
_AFTER_JC = _tags("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                  "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TRPR = _tags("w:tc", "w:customXml", "w:sdt", "w:bookmarkStart", "w:bookmarkEnd",
                    "w:proofErr", "w:permStart", "w:permEnd", "w:ins", "w:del")

_P, _PPR, _PSTYLE, _KEEPNEXT, _JC = (qn(f"w:{t}") for t in ("p", "pPr", "pStyle", "keepNext",
                                                              "jc"))
_R, _RPR, _B, _I, _COLOR, _SZ, _T, _TAB, _BR = (
    qn(f"w:{t}") for t in ("r", "rPr", "b", "i", "color", "sz", "t", "tab", "br"))
_TR, _TRPR, _CANTSPLIT, _TBLHEADER = (qn(f"w:{t}") for t in ("tr", "trPr", "cantSplit",
                                                             "tblHeader"))
_TC, _TCPR, _TCW, _SHD, _VMERGE, _VALIGN = (
    qn(f"w:{t}") for t in ("tc", "tcPr", "tcW", "shd", "vMerge", "vAlign"))
_SECTPR = qn("w:sectPr")
_VAL, _W, _TYPE, _FILL, _COLOR_ATTR = (qn(f"w:{a}") for a in ("val", "w", "type", "fill",
                                                              "color"))
_SPACE = qn("xml:space")


def _insert(parent: BaseOxmlElement, child: BaseOxmlElement,
            successors: frozenset[str]) -> BaseOxmlElement:
    """Put ``child`` before the first of ``successors`` among ``parent``'s children (a
    properties element holds a handful), else last."""
    for existing in parent:
        if existing.tag in successors:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _first_child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """``parent``'s ``tag`` child, made as its first child when missing (``w:pPr`` of a
    paragraph, ``w:tcPr`` of a cell, ``w:rPr`` of a run come first)."""
    child = next(parent.iterchildren(tag), None)
    if child is None:
        child = parent.makeelement(tag, {})
        parent.insert(0, child)
    return child


def _tr_pr(tr: BaseOxmlElement) -> BaseOxmlElement:
    tr_pr = next(tr.iterchildren(_TRPR), None)
    if tr_pr is None:
        tr_pr = _insert(tr, tr.makeelement(_TRPR, {}), _AFTER_TRPR)
    return tr_pr


# --------------------------------------------------------------------------- text

def add_text(paragraph: Paragraph, text: object, *, bold: bool = False, italic: bool = False,
             colour: str | None = None, size: float | None = None) -> Run:
    """Append a run of cleaned text (line breaks kept) and return it."""
    return Run(_add_run(paragraph._p, _clean(text), bold, italic, colour, size), paragraph)


def _clean(value: object) -> str:
    """``clean_text(value)``, returning at once the common case it leaves unchanged
    (printable ASCII, no line break or tab, within the length limit)."""
    if type(value) is str and len(value) <= MAX_TEXT and value.isascii() \
            and value.isprintable():
        return value
    return clean_text(value)


def _add_run(p: BaseOxmlElement, text: str, bold: bool = False, italic: bool = False,
             colour: str | None = None, size: float | None = None) -> BaseOxmlElement:
    """A ``w:r`` appended to ``p``, as python-docx's ``add_run`` and its font setters make
    it (``w:b``, ``w:i``, ``w:color``, ``w:sz`` in schema order; a tab is ``w:tab``, a
    line break ``w:br``), made in lxml directly. ``text`` is already clean."""
    r = etree.SubElement(p, _R)
    if bold or italic or colour or size:
        r_pr = etree.SubElement(r, _RPR)
        if bold:
            etree.SubElement(r_pr, _B)
        if italic:
            etree.SubElement(r_pr, _I)
        if colour:
            etree.SubElement(r_pr, _COLOR).set(_VAL, str(RGBColor.from_string(colour.upper())))
        if size:
            etree.SubElement(r_pr, _SZ).set(_VAL, str(int(Pt(size).pt * 2)))
    _add_content(r, text)
    return r


def _add_content(r: BaseOxmlElement, text: str) -> None:
    """``text`` appended to a run as python-docx's ``run.text`` does it."""
    if "\t" in text or "\n" in text or "\r" in text:
        for piece in _BREAKS.split(text):
            if piece == "\t":
                etree.SubElement(r, _TAB)
            elif piece in ("\n", "\r"):
                etree.SubElement(r, _BR)
            elif piece:
                _add_t(r, piece)
    elif text:
        _add_t(r, text)


_BREAKS = re.compile(r"([\t\r\n])")


def _add_t(r: BaseOxmlElement, text: str) -> None:
    t = etree.SubElement(r, _T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_SPACE, "preserve")


def style_ids(document: Document, names: Sequence[str]) -> dict[str, str]:
    """Style name -> style id, looked up once: python-docx's style setter searches every
    style on each call, the slowest part of a long table."""
    return {name: document.styles[name].style_id for name in names}


def set_style(paragraph: Paragraph, style_id: str) -> Paragraph:
    """Give a paragraph a style by its id (see ``style_ids``)."""
    p_pr = _first_child(paragraph._p, _PPR)
    first = p_pr[0] if len(p_pr) else None
    if first is not None and first.tag == _PSTYLE:
        first.set(_VAL, style_id)
    else:
        p_pr.insert(0, p_pr.makeelement(_PSTYLE, {_VAL: style_id}))
    return paragraph


def keep_with_next(paragraph: Paragraph, keep: bool = True) -> Paragraph:
    """Keep a paragraph on the same page as the next (an intro with its table)."""
    _keep_next(paragraph._p, keep)
    return paragraph


def _keep_next(p: BaseOxmlElement, keep: bool = True) -> None:
    p_pr = _first_child(p, _PPR)
    element = next(p_pr.iterchildren(_KEEPNEXT), None)
    if element is None:
        element = p_pr.makeelement(_KEEPNEXT, {})
        first = p_pr[0] if len(p_pr) else None
        p_pr.insert(1 if first is not None and first.tag == _PSTYLE else 0, element)
    if keep:
        element.attrib.pop(_VAL, None)
    else:
        element.set(_VAL, "0")


def keep_all_with_next(element: object) -> None:
    """Keep every paragraph inside ``element`` (a table, say) with the next."""
    xml_element = getattr(element, "_element", element)
    for p in xml_element.iter(_P):
        _keep_next(p)


def centre(paragraph: Paragraph) -> Paragraph:
    """Centre a paragraph (``w:jc``), as ``paragraph.alignment = CENTER`` does."""
    _set_value(_first_child(paragraph._p, _PPR), _JC, _AFTER_JC, "center")
    return paragraph


def _set_value(properties: BaseOxmlElement, tag: str, after: frozenset[str],
               value: str) -> None:
    """``<tag w:val="value"/>`` in ``properties``: the one there, or a new one placed
    before the first of ``after`` (the schema's order)."""
    element = next(properties.iterchildren(tag), None)
    if element is None:
        element = _insert(properties, properties.makeelement(tag, {}), after)
    element.set(_VAL, value)


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


# --------------------------------------------------------------------------- tables

def add_table(document: Document, widths: Sequence[Length], style_id: str | None) -> Table:
    """A one-row table at the end of the body, in time independent of the body's length
    (python-docx's ``add_table`` searches the whole body for the last section twice)."""
    tbl = CT_Tbl.new_tbl(1, len(widths), Length(sum(widths)))
    tbl.tblStyle_val = style_id
    _append_to_body(document, tbl)
    return Table(tbl, document._body)


def add_paragraph(document: Document) -> Paragraph:
    """An empty paragraph at the end of the body, in constant time (python-docx's
    ``add_paragraph`` searches the body's children for its last ``w:sectPr``)."""
    p = OxmlElement("w:p")
    _append_to_body(document, p)
    return Paragraph(p, document._body)


def append_copy(document: Document, element: BaseOxmlElement) -> BaseOxmlElement:
    """A copy of ``element`` (a prototype paragraph or table made once) at the end of
    the body; the copy."""
    made = copy.deepcopy(element)
    _append_to_body(document, made)
    return made


def _append_to_body(document: Document, element: BaseOxmlElement) -> None:
    body = document._body._element  # document.element.body searches for it each time
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == _SECTPR:
        last.addprevious(element)
    else:
        body.append(element)


# --- finished content kept out of memory --------------------------------------------
#
# A report of tens of thousands of rows is over a gigabyte as an lxml tree. What is
# finished (every row of a table but its header and the last, every body element but
# the last and the section breaks) can be serialised into a temporary file and replaced
# by a marker; ``save_atomic`` writes it back in place. Nothing later looks at it.

_SPILL_MARK = "reporter-spilled"
_SPILLED = re.compile(rb"<\?reporter-spilled ([0-9]+) ([0-9]+)\?>")
_TBL = qn("w:tbl")


def spill_finished(document: Document) -> None:
    """Move what is finished in the body out of memory (see above): the body's elements
    before the last one, and the rows of the last one when it is a table."""
    body = document._body._element
    children = list(body)
    if children and children[-1].tag == _SECTPR:
        children.pop()
    if not children:
        return
    current = children.pop()
    _spill_runs(document, body, [c for c in children if c.tag in (_P, _TBL)
                                 and c.find(f"{_PPR}/{_SECTPR}") is None])
    if current.tag == _TBL:
        rows = [r for r in current.iterchildren(_TR)]
        rows = [r for r in rows[:-1] if r.find(f"{_TRPR}/{_TBLHEADER}") is None]
        _spill_runs(document, current, rows)


def _spill_runs(document: Document, parent: BaseOxmlElement,
                elements: list[BaseOxmlElement]) -> None:
    """Each run of consecutive ``elements`` (children of ``parent``) spilled as one."""
    run: list[BaseOxmlElement] = []
    for element in elements:
        if run and element.getprevious() is not run[-1]:
            _spill(document, parent, run)
            run = []
        run.append(element)
    if run:
        _spill(document, parent, run)


def _spill(document: Document, parent: BaseOxmlElement, run: list[BaseOxmlElement]) -> None:
    store = getattr(document, "_spill_store", None)
    if store is None:
        store = document._spill_store = tempfile.TemporaryFile()  # type: ignore[attr-defined]
    marker = etree.ProcessingInstruction(_SPILL_MARK, "")
    run[0].addprevious(marker)
    store.seek(0, os.SEEK_END)
    start = store.tell()
    for element in run:
        # Serialised alone, an element declares every namespace in scope on its own tag;
        # the document's root declares them already, so they are dropped (only there).
        data = etree.tostring(element, encoding="UTF-8")
        end = data.index(b">")
        store.write(_DECLARATION.sub(b"", data[:end]) + data[end:])
        # Emptied first: its children, which nothing refers to, are freed at once, where
        # removing it whole would move them all into a document of their own.
        element.clear()
        parent.remove(element)
    marker.text = f"{start} {store.tell() - start}"


_DECLARATION = re.compile(rb'\sxmlns(?::[A-Za-z0-9_.-]+)?="[^"]*"')


def _write_document_part(archive: zipfile.ZipFile, name: str, blob: bytes,
                         document: Document) -> None:
    """The main document part, with what was spilled written back in its place."""
    store = getattr(document, "_spill_store", None)
    if store is None:
        archive.writestr(name, blob)
        return
    store.flush()
    size = store.seek(0, os.SEEK_END)
    with archive.open(name, "w", force_zip64=size + len(blob) > 2**31) as out:
        _write_back(out, blob, store)


def _write_back(out: object, data: bytes, store: object) -> None:
    """``data`` with each marker replaced by what it stands for, which may hold markers
    itself (a table's rows spilled, then the finished table)."""
    start = 0
    for match in _SPILLED.finditer(data):
        out.write(data[start:match.start()])  # type: ignore[attr-defined]
        store.seek(int(match[1]))  # type: ignore[attr-defined]
        _write_back(out, store.read(int(match[2])), store)  # type: ignore[attr-defined]
        start = match.end()
    out.write(data[start:])  # type: ignore[attr-defined]


PLACEHOLDER = "\u2063"  # a slot for text in a RowTemplate (INVISIBLE SEPARATOR)


class RowTemplate:
    """A table row made once and copied for every new row: kept on one page
    (``w:cantSplit``), each cell's width set (#360), an empty paragraph in each cell.
    ``table.add_row()`` builds each cell through python-docx's generic setters; a copy
    of this is one lxml call, so a table of 60,000 rows stays linear and quick.

    What every row of a kind shares (paragraph styles, centring, a merge, shading, the
    runs' formatting) can be set once on ``cells``, the template's own cells, with the
    helpers here. Runs written there with the text ``PLACEHOLDER`` are slots:
    ``add_texts`` copies the row and puts each new row's texts in them, in order."""

    def __init__(self, widths: Sequence[Length]):
        tr = OxmlElement("w:tr")
        etree.SubElement(etree.SubElement(tr, _TRPR), _CANTSPLIT)
        for width in widths:
            tc = etree.SubElement(tr, _TC)
            etree.SubElement(etree.SubElement(tc, _TCPR), _TCW,
                             {_TYPE: "dxa", _W: str(Length(width).twips)})
            etree.SubElement(tc, _P)
        self._tr = tr
        self._slots: list[int] | None = None
        self._slot_count = -1
        self.cells = [_Cell(tc, None) for tc in tr.iterchildren(_TC)]  # type: ignore[arg-type]

    def add(self, table: Table) -> list[_Cell]:
        """A copy of the row appended to ``table``; its cells."""
        return [_Cell(tc, table) for tc in self.add_elements(table)]

    @property
    def element(self) -> BaseOxmlElement:
        """The template's ``w:tr``."""
        return self._tr

    def add_texts(self, table: Table, texts: Sequence[str | None]) -> BaseOxmlElement:
        """A copy of the row appended to ``table`` with ``texts`` in its slots (the
        ``PLACEHOLDER`` runs, in document order); the new ``w:tr``. Each text is cleaned
        (``clean_text``) and written as ``add_text`` would write it; None removes the
        slot's run (as when no text is added to a cell at all)."""
        if self._slot_count < 0:  # which of the row's w:t are slots (the template is final)
            found = [i for i, t in enumerate(self._tr.iter(_T)) if t.text == PLACEHOLDER]
            self._slots = None if len(found) == len(list(self._tr.iter(_T))) else found
            self._slot_count = len(found)
        if len(texts) != self._slot_count:
            raise ValueError(f"the row has {self._slot_count} text slots, "
                             f"{len(texts)} texts given")
        tr = copy.deepcopy(self._tr)
        slots = list(tr.iter(_T))
        if self._slots is not None:
            slots = [slots[i] for i in self._slots]
        for t, text in zip(slots, texts):
            if text is None:
                r = t.getparent()
                r.getparent().remove(r)
                continue
            text = _clean(text)
            if not text or "\t" in text or "\n" in text:  # clean_text turns \r into \n
                r = t.getparent()
                r.remove(t)
                _add_content(r, text)
                continue
            t.text = text
            if len(text.strip()) < len(text):
                t.set(_SPACE, "preserve")
        table._tbl.append(tr)
        return tr

    def add_elements(self, table: Table) -> list[BaseOxmlElement]:
        """A copy of the row appended to ``table``; its ``w:tc`` elements (for
        ``put_text`` and ``shade_tc``, without python-docx's wrappers)."""
        tr = copy.deepcopy(self._tr)
        table._tbl.append(tr)
        return list(tr.iterchildren(_TC))


def put_text(tc: BaseOxmlElement, text: object, *, bold: bool = False, italic: bool = False,
             colour: str | None = None, size: float | None = None) -> None:
    """``add_text`` on the last paragraph of a ``w:tc`` element (a new row's only one)."""
    _add_run(tc[-1], _clean(text), bold, italic, colour, size)


def shade_tc(tc: BaseOxmlElement, fill: str) -> None:
    """``shade_cell`` on a ``w:tc`` element."""
    _shade(_first_child(tc, _TCPR), fill)


def cell_paragraph(cell: _Cell) -> Paragraph:
    """The first paragraph of a cell (``cell.paragraphs[0]`` without the list)."""
    return Paragraph(next(cell._tc.iterchildren(_P)), cell)


def shade_cell(cell: _Cell, fill: str) -> None:
    """Fill a cell with a colour: a new ``w:shd`` for this cell alone."""
    _shade(_first_child(cell._tc, _TCPR), fill)


def _shade(tc_pr: BaseOxmlElement, fill: str) -> None:
    for old in list(tc_pr.iterchildren(_SHD)):
        tc_pr.remove(old)
    shd = tc_pr.makeelement(_SHD, {_VAL: "clear", _COLOR_ATTR: "auto",
                                   _FILL: fill.lstrip("#").upper()})
    _insert(tc_pr, shd, _AFTER_SHD)


def cell_fill(cell: _Cell) -> str | None:
    """The fill colour of a cell (``C00000``), or None when it is not shaded."""
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def centre_vertically(cell: _Cell) -> None:
    """``cell.vertical_alignment = CENTER`` (``w:vAlign``), in lxml."""
    _set_value(_first_child(cell._tc, _TCPR), _VALIGN, _AFTER_VALIGN, "center")


def mark_header_row(row: _Row) -> None:
    """Mark a row as the table's header: repeated on each page, read as headers."""
    tr_pr = _tr_pr(row._tr)
    if next(tr_pr.iterchildren(_TBLHEADER), None) is None:
        _insert(tr_pr, tr_pr.makeelement(_TBLHEADER, {}), _AFTER_TBLHEADER)


def keep_row_together(row: _Row) -> None:
    """Never split this row across two pages."""
    tr_pr = _tr_pr(row._tr)
    if next(tr_pr.iterchildren(_CANTSPLIT), None) is None:
        _insert(tr_pr, tr_pr.makeelement(_CANTSPLIT, {}), _AFTER_CANTSPLIT)


def is_header_row(row: _Row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def is_kept_together(row: _Row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None


def merge_down(cell: _Cell, restart: bool) -> None:
    """Merge a cell vertically with the cells below (``restart``) or above (continue),
    in XML: ``table.cell()`` and ``_Cell.merge`` rebuild the whole grid each call."""
    tc_pr = _first_child(cell._tc, _TCPR)
    for old in list(tc_pr.iterchildren(_VMERGE)):
        tc_pr.remove(old)
    merge = tc_pr.makeelement(_VMERGE, {_VAL: "restart"} if restart else {})
    _insert(tc_pr, merge, _AFTER_VMERGE)


def set_cell_width(cell: _Cell, width: Length) -> None:
    cell.width = width


def set_column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed layout with these column widths on the grid and the table (cells are set
    as rows are added, with ``set_row_widths`` or a ``RowTemplate``)."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.append(layout)
    layout.set(qn("w:type"), "fixed")
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")
    for col, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        col.w = width


def set_row_widths(cells: Sequence[_Cell], widths: Sequence[Length]) -> None:
    """Set the width of every cell of a row: Word and LibreOffice read cell widths."""
    for cell, width in zip(cells, widths):
        tc_pr = _first_child(cell._tc, _TCPR)
        tc_w = next(tc_pr.iterchildren(_TCW), None)
        if tc_w is None:
            tc_w = tc_pr.makeelement(_TCW, {})
            tc_pr.insert(0, tc_w)
        tc_w.set(_TYPE, "dxa")
        tc_w.set(_W, str(Length(width).twips))


def table_look(table: Table, first_row: bool = True) -> None:
    """Tell Word the first row is the header row of the table style (and no banding)."""
    tbl_pr = table._tbl.tblPr
    look = tbl_pr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        tbl_pr.append(look)
    for key, value in (("firstRow", first_row), ("lastRow", False), ("firstColumn", False),
                       ("lastColumn", False), ("noHBand", True), ("noVBand", True)):
        look.set(qn(f"w:{key}"), "1" if value else "0")
    look.set(qn("w:val"), "04A0" if first_row else "0400")


def set_table_caption(table: Table, caption: str, description: str = "") -> None:
    """The table's title and description (``w:tblCaption``, ``w:tblDescription``), read
    by screen readers and carried into a tagged PDF."""
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", description)):
        if not value:
            continue
        element = tbl_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            tbl_pr.append(element)
        element.set(qn("w:val"), clean_text(value, 250))


# --------------------------------------------------------------------------- sections

def set_a4(section: Section, landscape: bool = False, margin: Length = MARGIN) -> None:
    """A4 page, portrait or landscape (width and height swapped, not just the flag)."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = ((A4_HEIGHT, A4_WIDTH) if landscape
                                               else (A4_WIDTH, A4_HEIGHT))
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def text_width(section: Section) -> Length:
    """The width between the margins."""
    return Length(section.page_width - section.left_margin - section.right_margin)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) as begin / instruction / result / end runs;
    ``shown`` is the result until the reader updates it (Word and LibreOffice do)."""
    def run_with(child: BaseOxmlElement) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def field_codes(element: object) -> list[str]:
    """The field instructions (``PAGE``, ``NUMPAGES``) found in a part of a document."""
    xml_element = getattr(element, "_element", element)
    codes = [i.text.strip() for i in xml_element.iter(qn("w:instrText")) if i.text]
    codes += [f.get(qn("w:instr")).strip() for f in xml_element.iter(qn("w:fldSimple"))]
    return codes


def _single_empty_paragraph(story: object) -> Paragraph:
    """A header's or footer's first paragraph, emptied (its properties kept), the others
    removed: a re-written header or footer never keeps text from the reference document."""
    paragraphs = story.paragraphs  # type: ignore[attr-defined]
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = paragraphs[0]
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    return paragraph


def write_footer(section: Section, line: str, style: str = "Footer") -> None:
    """The footer of a section, its own (not linked): the footer line on the left and
    "Page X of Y" on the right."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = _single_empty_paragraph(footer)
    paragraph.style = style
    right_tab(paragraph, text_width(section))
    add_text(paragraph, line)
    paragraph.add_run("\tPage ")
    add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES")


def right_tab(paragraph: Paragraph, position: Length) -> None:
    """One right-aligned tab stop at ``position``, clearing the ones the style sets
    (the Header and Footer styles of Word's default template set US Letter stops)."""
    stops = paragraph.paragraph_format.tab_stops
    stops.clear_all()
    style = paragraph.style
    while style is not None:
        for stop in style.paragraph_format.tab_stops:
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        style = style.base_style
    stops.add_tab_stop(position, WD_TAB_ALIGNMENT.RIGHT)


def write_header_mark(section: Section, mark: str, colour: str, style: str = "Header") -> None:
    """The header of a section, its own: ``mark`` in bold colour on the right (an
    empty header when ``mark`` is empty). The word says it; the colour only adds."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = _single_empty_paragraph(header)
    paragraph.style = style
    if mark:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(paragraph, mark, bold=True, colour=colour, size=12)


def clear_body(document: Document) -> None:
    """Remove the body's content, keeping the last section's properties (page setup)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# --------------------------------------------------------------------------- properties

def set_language(document: Document, language: str = LANGUAGE) -> None:
    """The document's language: the default run language (``w:docDefaults``), the
    Normal style's, and the core properties."""
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
    normal = document.styles["Normal"].element
    _set_lang(normal.get_or_add_rPr(), language)
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
                   keywords: str = "", comments: str = "", created: datetime | None = None,
                   language: str = LANGUAGE) -> None:
    """Core properties a reader (and an accessibility checker) sees: title first."""
    props = document.core_properties
    props.title = clean_text(title, 250)
    props.subject = clean_text(subject, 250)
    props.author = clean_text(author, 250)
    props.last_modified_by = clean_text(author, 250)
    props.keywords = clean_text(keywords, 250)
    props.comments = clean_text(comments, 250)
    props.language = language
    props.revision = 1
    if created is not None:
        props.created = created
        props.modified = created


# --------------------------------------------------------------------------- pictures

def set_alt_text(document: Document, descr: str, title: str = "") -> int:
    """Put alternative text on every picture of a document that has none; returns how
    many pictures were given it. ``descr`` is what a screen reader reads."""
    count = 0
    for part_element in _story_elements(document):
        for doc_pr in part_element.iter(qn("wp:docPr")):
            if doc_pr.get("descr"):
                continue
            doc_pr.set("descr", clean_text(descr, 2000))
            if title:
                doc_pr.set("title", clean_text(title, 250))
            count += 1
    return count


def pictures_alt_text(document: Document) -> list[tuple[str, str]]:
    """(title, descr) of every picture in the body, headers and footers."""
    return [(doc_pr.get("title", ""), doc_pr.get("descr", ""))
            for element in _story_elements(document)
            for doc_pr in element.iter(qn("wp:docPr"))]


def _story_elements(document: Document) -> list[object]:
    elements: list[object] = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                elements.append(part._element)
    return elements


# --------------------------------------------------------------------------- files

def missing_styles(document: Document, names: Sequence[str]) -> list[str]:
    """The names among ``names`` that the document has no style for."""
    present = {style.name for style in document.styles}
    return [name for name in names if name not in present]


def linear_part_walk(document: Document) -> Document:
    """Make this document's package list its parts in linear time.

    python-docx's ``OpcPackage.iter_parts`` remembers the parts it has seen in a list, so
    each walk is quadratic in the parts; it walks them to save and to name every new
    header or footer part. With a chart picture per indicator (20,000 pictures) the
    six headers and footers of the performance report took 25 s. This package's
    ``iter_parts`` becomes the same depth-first walk, in the same order, remembering
    the parts in a set. Only this document's package is changed."""
    package = document.part.package
    package.iter_parts = functools.partial(_iter_parts, package)  # type: ignore[method-assign]
    return document


def _iter_parts(package: object) -> Iterator[Part]:
    """``OpcPackage.iter_parts``: each part once, depth first along the relationships."""
    visited: set[int] = set()

    def walk(source: object) -> Iterator[Part]:
        for rel in source.rels.values():  # type: ignore[attr-defined]
            if rel.is_external:
                continue
            part = rel.target_part
            if id(part) in visited:
                continue
            visited.add(id(part))
            yield part
            yield from walk(part)

    return walk(package)


def save_atomic(document: Document, path: Path) -> Path:
    """Save to a temporary file in the same folder, then rename it over ``path``: a
    reader never sees half a document, and a failure leaves the old one in place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        _save_package(document, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


# Pictures that are compressed already: deflating them again gains nothing and, with a
# chart per indicator, was a third of the performance report's time.
_STORED_PICTURES = ("png", "jpg", "jpeg", "gif")


def _save_package(document: Document, path: Path) -> None:
    """``document.save(path)``, with the pictures stored in the zip, not deflated.

    The parts, content types and relationships written are python-docx's own (as its
    ``PackageWriter`` writes them); only the compression of picture parts differs."""
    package = document.part.package
    parts = list(_iter_parts(package))
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CONTENT_TYPES_URI.membername,
                         _ContentTypesItem.from_parts(parts).blob)
        archive.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            stored = (isinstance(part, ImagePart)
                      and part.partname.ext.lower() in _STORED_PICTURES)
            if part is document.part:
                _write_document_part(archive, part.partname.membername, part.blob, document)
            else:
                archive.writestr(part.partname.membername, part.blob,
                                 compress_type=zipfile.ZIP_STORED if stored else None)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
