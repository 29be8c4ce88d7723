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

import os
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reporter.safe_text import clean_text

A4_WIDTH = Cm(21.0)
A4_HEIGHT = Cm(29.7)
MARGIN = Cm(2.0)
LANGUAGE = "en-GB"

# Successors of each element in its parent's schema sequence (ECMA-376 part 1, 17.4),
# so a new element goes in the place Word expects.
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
              "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
              "w:tcPrChange")
_AFTER_VMERGE = ("w:tcBorders", "w:shd", *_AFTER_SHD)
_AFTER_CANTSPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
                    "w:ins", "w:del", "w:trPrChange")
_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


# --------------------------------------------------------------------------- text

def add_text(paragraph: Paragraph, text: object, *, bold: bool = False, italic: bool = False,
             colour: str | None = None, size: float | None = None) -> Run:
    """Append a run of cleaned text (line breaks kept) and return it."""
    run = paragraph.add_run(clean_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.upper())
    if size:
        run.font.size = Pt(size)
    return run


def style_ids(document: Document, names: Sequence[str]) -> dict[str, str]:
    """Style name -> style id, looked up once: python-docx's style setter searches every
    style on each call, the slowest part of a long table."""
    return {name: document.styles[name].style_id for name in names}


def set_style(paragraph: Paragraph, style_id: str) -> Paragraph:
    """Give a paragraph a style by its id (see ``style_ids``)."""
    paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


def keep_with_next(paragraph: Paragraph, keep: bool = True) -> Paragraph:
    """Keep a paragraph on the same page as the next (an intro with its table)."""
    paragraph.paragraph_format.keep_with_next = keep
    return paragraph


def contrast_text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG contrast ratio)."""
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    fill = fill.lstrip("#")
    lum = (0.2126 * channel(fill[0:2]) + 0.7152 * channel(fill[2:4])
           + 0.0722 * channel(fill[4:6]))
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "FFFFFF" if on_white >= on_black else "000000"


# --------------------------------------------------------------------------- tables

def shade_cell(cell: _Cell, fill: str) -> None:
    """Fill a cell with a colour: a new ``w:shd`` for this cell alone."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.lstrip("#").upper())
    tc_pr.insert_element_before(shd, *_AFTER_SHD)


def cell_fill(cell: _Cell) -> str | None:
    """The fill colour of a cell (``C00000``), or None when it is not shaded."""
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def mark_header_row(row: _Row) -> None:
    """Mark a row as the table's header: repeated on each page, read as headers."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        tr_pr.insert_element_before(OxmlElement("w:tblHeader"), *_AFTER_TBLHEADER)


def keep_row_together(row: _Row) -> None:
    """Never split this row across two pages."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:cantSplit")) is None:
        tr_pr.insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANTSPLIT)


def is_header_row(row: _Row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def is_kept_together(row: _Row) -> bool:
    tr_pr = row._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None


def merge_down(cell: _Cell, restart: bool) -> None:
    """Merge a cell vertically with the cells below (``restart``) or above (continue),
    in XML: ``table.cell()`` and ``_Cell.merge`` rebuild the whole grid each call."""
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:vMerge")):
        tc_pr.remove(old)
    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    tc_pr.insert_element_before(merge, *_AFTER_VMERGE)


def set_cell_width(cell: _Cell, width: Length) -> None:
    cell.width = width


def set_column_widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed layout with these column widths on the grid and the table (cells are set
    as rows are added, with ``set_row_widths``)."""
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
    for col, width in zip(table.columns, widths):
        col.width = width


def set_row_widths(cells: Sequence[_Cell], widths: Sequence[Length]) -> None:
    """Set the width of every cell of a row: Word and LibreOffice read cell widths."""
    for cell, width in zip(cells, widths):
        cell.width = width


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


def save_atomic(document: Document, path: Path) -> Path:
    """Save to a temporary file in the same folder, then rename it over ``path``: a
    reader never sees half a document, and a failure leaves the old one in place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        document.save(str(temporary))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
