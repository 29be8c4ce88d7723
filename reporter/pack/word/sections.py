"""Sections: A4 pages (landscape with width and height swapped, python-docx#214), the
header mark and the footer with "Page X of Y" fields.
"""

from __future__ import annotations

from docx.blkcntnr import BlockItemContainer
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length
from docx.text.paragraph import Paragraph

from reporter.pack.word.text import add_text
from reporter.pack.word.xml import element

A4_WIDTH = Cm(21.0)
A4_HEIGHT = Cm(29.7)
MARGIN = Cm(2.0)


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
    return Length((section.page_width or 0) - (section.left_margin or 0)
                  - (section.right_margin or 0))


def clear_body(document: Document) -> None:
    """Remove the body's content, keeping the last section's properties (page setup)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) as begin / instruction / result / end runs;
    ``shown`` is the result until the reader updates it (Word and LibreOffice do).
    python-docx has no API for fields: the runs' own elements take them."""
    def run_with(child: BaseOxmlElement) -> None:
        paragraph.add_run()._r.append(child)

    run_with(element("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instr = element("w:instrText", {qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(element("w:fldChar", {qn("w:fldCharType"): "separate"}))
    paragraph.add_run(shown)
    run_with(element("w:fldChar", {qn("w:fldCharType"): "end"}))


def field_codes(story: BlockItemContainer) -> list[str]:
    """The field instructions (``PAGE``, ``NUMPAGES``) in a header or footer."""
    codes = []
    for paragraph in story.paragraphs:
        p = paragraph._p
        codes += [i.text.strip() for i in p.iter(qn("w:instrText")) if i.text]
        codes += [f.get(qn("w:instr")).strip() for f in p.iter(qn("w:fldSimple"))]
    return codes


def _single_empty_paragraph(story: BlockItemContainer) -> Paragraph:
    """A header's or footer's first paragraph, emptied (its properties kept), the others
    removed: a re-written header or footer never keeps text from the reference document."""
    paragraphs = story.paragraphs
    for extra in paragraphs[1:]:  # python-docx cannot delete a paragraph: its element can
        extra._p.getparent().remove(extra._p)
    return paragraphs[0].clear()


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
