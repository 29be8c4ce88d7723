"""Make the Word templates of the Board pack, so they are reproducible from code.

    python -m reporter.pack.make_templates [--out input_templates]

writes four files the PSI officer may then edit in Word:

- ``reference.docx``: the house style (A4, 2 cm margins, Calibri, headings, the
  "Board Table" table style, "Table Text", "Table Heading" and "Table Note"). The
  progress report is written on top of it; an organisation can drop in its own,
  keeping the style names.
- ``covering_report.docx``: the Board's covering report, a docxtpl template.
- ``covering_report_council.docx``: the Council's shorter covering report for its
  Cabinet member, around the same appendix.
- ``council/covering_report.docx``: the Council example's own covering report, to its
  Corporate Improvement Board on its own plan.

No template names an organisation: each speaks from the settings' names
(``{{ organisation }}``, ``{{ partner }}``, ``{{ board }}``). Sentences that judge
(delivery "good", "further progress") are placeholders filled from the figures.

Placeholders are typed in one run each (``{{ count_lines }}``), loops and
conditions take a paragraph each (``{%p for line in count_lines %}``). The list of
placeholders is ``reporter.pack.covering_report.PLACEHOLDERS``; the style names
the writers need are ``reporter.pack.house.REQUIRED_STYLES``. When editing a
template in Word, retype a placeholder in one go if Word splits it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor

from reporter.pack import word
from reporter.pack.house import (
    BOARD_TEMPLATE_NAME,
    COUNCIL_FOLDER,
    COUNCIL_PLAN_TEMPLATE_NAME,
    COUNCIL_TEMPLATE_NAME,
    FONT,
    INK,
    INPUT_TEMPLATES,
    NAVY,
    REFERENCE_NAME,
    RULE,
)

# --------------------------------------------------------------------------- styles

def _fonts(r_pr: BaseOxmlElement, name: str = FONT) -> None:
    """Name the font outright (theme fonts left to the theme would win otherwise)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.attrib.clear()
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{key}"), name)


def _paragraph_style(document: Document, name: str, *, size: float, bold: bool = False,
                     italic: bool = False, colour: str = INK, before: float = 0,
                     after: float = 6, base: str | None = None, keep_next: bool = False,
                     line: float | None = None) -> None:
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base or "Normal"]
        style.quick_style = True
    element = style.element
    r_pr = element.get_or_add_rPr()
    _fonts(r_pr)
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    colour_el = r_pr.find(qn("w:color"))
    if colour_el is not None:
        r_pr.remove(colour_el)
    font.color.rgb = RGBColor.from_string(colour)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.keep_with_next = keep_next or None
    if line is not None:
        fmt.line_spacing = line


def _table_style(document: Document) -> None:
    """"Board Table": thin grey rules, roomy cells, the first row bold on navy."""
    styles = document.styles.element
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == "BoardTable":
            styles.remove(old)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="BoardTable">'
        '<w:name w:val="Board Table"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
        f'<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '</w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/></w:tcPr>'
        '</w:tblStylePr></w:style>'))


def make_reference(path: Path) -> Path:
    """The house style: A4 portrait, 2 cm margins, Calibri, en-GB, the named styles."""
    document = Document()
    word.set_a4(document.sections[0])
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _fonts(r_pr)
    p_pr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    spacing = p_pr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "259")
    _paragraph_style(document, "Normal", size=11, after=6)
    _paragraph_style(document, "Title", size=20, bold=True, colour=NAVY, after=6)
    title_border = document.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_border is not None:
        title_border.find(qn("w:bottom")).attrib.update(
            {qn("w:color"): NAVY, qn("w:sz"): "12", qn("w:space"): "4"})
        title_border.find(qn("w:bottom")).attrib.pop(qn("w:themeColor"), None)
    _paragraph_style(document, "Subtitle", size=12, colour="404040", after=12)
    document.styles["Subtitle"].font.italic = False
    letter_spacing = document.styles["Subtitle"].element.rPr.find(qn("w:spacing"))
    if letter_spacing is not None:  # Word's default spreads the letters out
        document.styles["Subtitle"].element.rPr.remove(letter_spacing)
    _paragraph_style(document, "Heading 1", size=14, bold=True, colour=NAVY, before=14,
                     after=6, keep_next=True)
    _paragraph_style(document, "Heading 2", size=12, bold=True, colour=NAVY, before=10,
                     after=4, keep_next=True)
    _paragraph_style(document, "Heading 3", size=11, bold=True, colour=INK, before=8,
                     after=3, keep_next=True)
    _paragraph_style(document, "List Bullet", size=11, after=3)
    _paragraph_style(document, "Header", size=9, colour="404040", after=0)
    _paragraph_style(document, "Footer", size=9, colour="404040", after=0)
    _paragraph_style(document, "Caption", size=9, italic=True, colour="404040", before=2,
                     after=10)
    document.styles["Caption"].font.bold = False
    _paragraph_style(document, "Table Text", size=9, after=2, line=1.0)
    _paragraph_style(document, "Table Heading", size=9, bold=True, colour="FFFFFF", after=0,
                     line=1.0)
    _paragraph_style(document, "Table Note", size=8.5, italic=True, colour="404040", before=3,
                     after=6)
    _table_style(document)
    word.set_language(document)
    word.set_properties(document, title="Board pack house style",
                        subject="Reference styles for the Improvement Plan Board pack",
                        author="Performance and Service Improvement")
    word.clear_body(document)
    return _save(document, path)


# --------------------------------------------------------------------------- templates

class _Writer:
    """Adds paragraphs to a template, each placeholder typed in a single run."""

    def __init__(self, document: Document):
        self.document = document

    def p(self, text: str = "", style: str = "Normal", *, bold_label: str = "",
          align: WD_ALIGN_PARAGRAPH | None = None) -> None:
        paragraph = self.document.add_paragraph(style=style)
        if bold_label:
            paragraph.add_run(bold_label).bold = True
        if text:
            paragraph.add_run(text)
        if align is not None:
            paragraph.alignment = align

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p ... %}`` tag (it disappears when rendered)."""
        self.document.add_paragraph(text)

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level)

    def bullets(self, loop: str, item: str = "{{ line }}") -> None:
        self.tag(f"{{%p for line in {loop} %}}")
        self.p(item, "List Bullet")
        self.tag("{%p endfor %}")

    def table(self, header: Sequence[str], rows: Sequence[tuple[str, str]],
              widths: Sequence[float], caption: str) -> None:
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles["Board Table"]
        word.table_look(table)
        word.set_table_caption(table, caption)
        sizes = [Cm(w) for w in widths]
        word.set_column_widths(table, sizes)
        head = table.rows[0]
        word.mark_header_row(head)
        word.keep_row_together(head)
        word.set_row_widths(head.cells, sizes)
        for cell, text in zip(head.cells, header):
            word.shade_cell(cell, NAVY)
            cell.paragraphs[0].style = self.document.styles["Table Heading"]
            cell.paragraphs[0].add_run(text)
        for label, text in rows:
            row = table.add_row()
            word.keep_row_together(row)
            cells = row.cells
            word.set_row_widths(cells, sizes)
            cells[0].paragraphs[0].style = self.document.styles["Table Text"]
            cells[0].paragraphs[0].add_run(label).bold = True
            word.shade_cell(cells[0], "E8ECF4")
            cells[1].paragraphs[0].style = self.document.styles["Table Text"]
            cells[1].paragraphs[0].add_run(text)
        self.document.add_paragraph()


def _template_base(reference: Path, footer_line: str = "{{ footer }}") -> Document:
    document = Document(str(reference))
    word.clear_body(document)
    section = document.sections[0]
    word.set_a4(section)
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    word.right_tab(paragraph, word.text_width(section))
    paragraph.add_run(footer_line)
    paragraph.add_run("\tPage ")
    word.add_field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    word.add_field(paragraph, "NUMPAGES")
    return document


IMPLICATIONS: tuple[tuple[str, str], ...] = (
    ("Consultation", "No consultation was needed in preparing this report."),
    ("Environmental", "There are no environmental implications arising directly from this "
                      "report."),
    ("Equalities and diversity", "There are no equality or diversity implications arising "
                                 "directly from this report."),
    ("Finance and VFM", "The actions in the Improvement Plan do not in themselves incur "
                        "additional cost. Finance and value for money actions are set out in "
                        "Themes 5 and 6 of the plan."),
    ("Health and safety", "There are no health and safety implications arising directly from "
                          "this report."),
    ("Legal", "The Memorandum and Articles of Association govern the conduct of the company. "
              "The Management Agreement with {{ partner_short }} sets out the company\u2019s "
              "responsibilities for monitoring and reporting performance."),
    ("Personnel", "There are no personnel implications arising directly from this report."),
    ("Risk", "The future of the organisation, and any future Management Agreement with "
             "{{ partner_short }}, depend on the successful and timely delivery of the actions "
             "in the Improvement Plan."),
)


def _recommendations(w: _Writer, lead: str) -> None:
    """The numbered recommendations, each from the figures (``board_recommendations``)."""
    w.p(lead)
    w.tag("{%p for line in board_recommendations %}")
    w.p("{{ line }}")
    w.tag("{%p endfor %}")


def _reds(w: _Writer) -> None:
    """Last quarter's Reds, those still Red, and those moved to Red (or, in the first
    quarter reported, those at Red)."""
    w.p("{{ reds_detail }}")
    w.tag("{%p if still_red_lines %}")
    w.p("The actions still at RED status are:")
    w.bullets("still_red_lines")
    w.tag("{%p endif %}")
    w.tag("{%p if new_reds_sentence %}")
    w.p("{{ new_reds_sentence }}")
    w.bullets("new_red_lines")
    w.tag("{%p endif %}")


# The indicator test, and the performance report only when one is in the same pack.
SHARE_LINE = ("{{ share_sentence }}{% if performance_report %} Full details are given in the "
              "performance report on this agenda.{% endif %}")


def make_board_template(path: Path, reference: Path) -> Path:
    """The Board's covering report: the sections of the real report, its wording editable."""
    d = _template_base(reference)
    w = _Writer(d)
    w.p("Report to the {{ board }}: {{ board_date }}", "Subtitle")
    w.p("Improvement Plan: progress report for {{ quarter }}", "Title")
    w.heading("Recommendations")
    _recommendations(w, "The Board is recommended to:")
    w.p("{{ author }}", bold_label="Name: ")
    w.p("{{ job_title }}", bold_label="Job title: ")

    w.heading("Executive summary")
    w.p("This report presents to the Board the progress made with the Improvement Plan, as "
        "agreed with {{ partner_short }}, to the end of {{ quarter_end_month }}.")
    w.p("{{ targeted_sentence }}")
    w.p("{{ reds_summary }}")
    w.p("In summary the position at the end of {{ quarter_name }} was:")
    w.bullets("count_lines")
    w.p("{{ brackets_note }}")
    w.p("{{ share_sentence }}")
    w.tag("{%p for line in recommendation_sentences %}")
    w.p("{{ line }}")
    w.tag("{%p endfor %}")

    w.heading("Implications")
    w.table(("Area", "Implications"), IMPLICATIONS, (4.5, 12.5),
            "Implications of the report")

    w.heading("Introduction")
    w.p("The Improvement Plan agreed with {{ partner_short }} comprises {{ theme_count }} "
        "themes:")
    w.bullets("themes")
    w.p("Within the {{ theme_count }} themes are {{ action_count }} individual actions, each "
        "with a target outcome, a key date for completion and the criteria by which its "
        "success is judged. Every action has a lead Director, responsible for seeing that it "
        "is carried out and for reporting progress each quarter.")
    w.p("Directorates report progress to the Performance and Service Improvement (P&SI) team, "
        "and each action is given a status reflecting the progress made during the quarter. "
        "The status indicators are:")
    w.bullets("status_key")
    w.p("The P&SI team samples the evidence behind each directorate\u2019s progress report "
        "when it is received, and {{ partner_short }}\u2019s Landlord Relations Manager makes "
        "further evidence checks.")
    w.p("The progress report at Appendix A has {{ appendix_section_count }} sections, "
        "covering:")
    w.bullets("appendix_sections")

    w.heading("Progress in {{ quarter_name }}, to {{ quarter_end }}")
    w.p("{{ progress_sentence }}")
    w.bullets("count_lines")
    w.p("{{ brackets_note }}")
    w.p("{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    w.p("{{ chart_caption }}", "Caption", align=WD_ALIGN_PARAGRAPH.CENTER)
    w.p("The detail behind these figures is in the progress report at Appendix A.")
    _reds(w)
    w.p(SHARE_LINE)
    w.tag("{%p if recommendation_sentences %}")
    w.heading("Outstanding external recommendations", 2)
    w.tag("{%p for line in recommendation_sentences %}")
    w.p("{{ line }}")
    w.tag("{%p endfor %}")
    w.tag("{%p if outstanding_recommendations and outstanding_recommendations|length <= 3 %}")
    w.p("Still outstanding at the end of the quarter:")
    w.bullets("outstanding_recommendations")
    w.tag("{%p endif %}")
    w.p("The position of each is set out in Appendix A.")
    w.tag("{%p endif %}")

    w.heading("Summary")
    w.p("{{ assessment_sentence }}")
    w.p("{{ looking_forward_sentence }}")
    w.tag("{%p if recommendations_summary %}")
    w.p("{{ recommendations_summary }}")
    w.tag("{%p endif %}")

    w.heading("Proposals and rationale")
    w.p("Directorates will continue to update the Improvement Plan, and quarterly progress "
        "reports will be presented to the Board and to {{ partner_short }}. The P&SI team will "
        "examine the evidence supporting the status of each action, and {{ partner_short }}\u2019s "
        "Landlord Relations Manager will examine a random sample of that evidence to confirm "
        "the status reported.")

    w.heading("Recommendations")
    _recommendations(w, "The Board is recommended to:")

    w.heading("Appendices and supporting information")
    w.p("{{ appendix_title }}")
    w.p("The Improvement Plan as agreed with {{ partner_short }} (previously issued).")
    w.p("Supporting information and evidence is held by the Performance and Service "
        "Improvement team.")
    return _save(d, path)


def make_council_template(path: Path, reference: Path) -> Path:
    """The partner council's covering report to its Cabinet Member, around the same
    appendix (for an organisation whose plan is agreed with a council: the ALMO's)."""
    d = _template_base(reference, "{{ partner_short }} / Cabinet Member for Neighbourhoods / "
                                  "{{ cabinet_member_date }}")
    w = _Writer(d)
    w.p("{{ partner }}: report to the Cabinet Member", "Subtitle")
    w.p("{{ organisation }} Improvement Plan: progress to {{ quarter_end }}", "Title")
    w.heading("Report details")
    w.p("Cabinet Member for Neighbourhoods", bold_label="Meeting: ")
    w.p("{{ cabinet_member_date }}", bold_label="Date: ")
    w.p("{{ organisation }} Improvement Plan: progress report for {{ quarter }}",
        bold_label="Title: ")
    w.p("Neighbourhoods and Adult Services", bold_label="Directorate: ")

    w.heading("1. Summary")
    w.p("This report sets out the progress made by {{ organisation }} in delivering the "
        "Improvement Plan agreed with {{ partner }}, to {{ quarter_end }}. The progress report "
        "at Appendix A is the one presented to the {{ board }} on {{ board_date }}.")
    w.p("{{ targeted_sentence }}")
    w.p("{{ reds_summary }}")
    w.p("At the end of {{ quarter_name }} there were:")
    w.bullets("count_lines")
    w.p("{{ brackets_note }}")

    w.heading("2. Recommendations")
    _recommendations(w, "The Cabinet Member is recommended to:")

    w.heading("3. Proposals and details")
    _reds(w)
    w.p("{{ share_sentence }}")
    w.tag("{%p for line in recommendation_sentences %}")
    w.p("{{ line }}")
    w.tag("{%p endfor %}")
    w.p("{{ partner_short }}\u2019s Landlord Relations Manager examines a random sample of the "
        "evidence supporting the statuses reported.")

    w.heading("4. Finance")
    w.p("There are no financial implications arising directly from this report.")
    w.heading("5. Risks and uncertainties")
    w.p("Timely delivery of the Improvement Plan underpins the Management Agreement between "
        "{{ partner }} and {{ organisation }}. Actions behind schedule are reported by "
        "exception in Section 1 of Appendix A, with the remedial action reported.")
    w.heading("6. Policy and performance agenda implications")
    w.p("The Improvement Plan supports {{ partner_short }}\u2019s housing priorities and its "
        "monitoring of the Management Agreement.")
    w.heading("7. Background papers and consultation")
    w.p("{{ appendix_title }}")
    w.p("The report to the {{ board }} of {{ board_date }}.")
    w.heading("8. Contact")
    w.p("Landlord Relations Manager, Neighbourhoods and Adult Services",
        bold_label="Contact name: ")
    return _save(d, path)


def make_council_plan_template(path: Path, reference: Path) -> Path:
    """The Council example's covering report: the Council's report to members (its
    Corporate Improvement Board) on its own plan, laid out as its reports to members are
    (004): meeting, date, title; summary, recommendations, proposals and details, finance,
    risks, policy implications, background papers, contact."""
    d = _template_base(reference)
    w = _Writer(d)
    w.p("{{ organisation }}: report to members", "Subtitle")
    w.p("Improvement Plan: progress report for {{ quarter }}", "Title")
    w.p("{{ board }}", bold_label="1. Meeting: ")
    w.p("{{ board_date }}", bold_label="2. Date: ")
    w.p("Improvement Plan: progress to {{ quarter_end }}", bold_label="3. Title: ")
    w.p("{{ author }}, {{ job_title }}", bold_label="4. Report of: ")

    w.heading("5. Summary")
    w.p("This report sets out the progress made with the {{ organisation }} Improvement Plan "
        "to the end of {{ quarter_end_month }}. The progress report is attached at Appendix A.")
    w.p("{{ targeted_sentence }}")
    w.p("{{ reds_summary }}")
    w.p("At the end of {{ quarter_name }} there were:")
    w.bullets("count_lines")
    w.p("{{ brackets_note }}")

    w.heading("6. Recommendations")
    _recommendations(w, "The {{ board }} is recommended to:")

    w.heading("7. Proposals and details")
    w.p("The Improvement Plan has {{ theme_count }} themes and {{ action_count }} key actions, "
        "each with a key date, a lead directorate and success criteria. Directorates report "
        "progress each quarter and each action is given a status:")
    w.bullets("status_key")
    w.p("The progress report at Appendix A has {{ appendix_section_count }} sections, "
        "covering:")
    w.bullets("appendix_sections")
    w.p("{{ progress_sentence }}")
    w.bullets("count_lines")
    w.p("{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    w.p("{{ chart_caption }}", "Caption", align=WD_ALIGN_PARAGRAPH.CENTER)
    _reds(w)
    w.p(SHARE_LINE)
    w.tag("{%p for line in recommendation_sentences %}")
    w.p("{{ line }}")
    w.tag("{%p endfor %}")
    w.p("{{ assessment_sentence }}")
    w.p("{{ looking_forward_sentence }}")

    w.heading("8. Finance")
    w.p("There are no financial implications arising directly from this report.")
    w.heading("9. Risks and uncertainties")
    w.p("Actions behind schedule or off target are reported by exception in Section 1 of "
        "Appendix A, with the remedial action reported for each.")
    w.heading("10. Policy and performance agenda implications")
    w.p("The Improvement Plan sets out the improvements {{ organisation_short }} has committed "
        "to; this report is part of the quarterly monitoring of its delivery by the "
        "{{ board }}.")
    w.heading("11. Background papers and consultation")
    w.p("{{ appendix_title }}")
    w.p("The {{ organisation }} Improvement Plan (previously issued).")
    w.heading("Contact")
    w.p("{{ author }}, {{ job_title }}", bold_label="Contact name: ")
    return _save(d, path)


def _save(document: Document, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    document.save(str(temporary))
    os.replace(temporary, path)
    return path


def make_all(out_dir: Path = INPUT_TEMPLATES) -> list[Path]:
    """Write the reference and the covering templates into ``out_dir``: the Board's, the
    Council's for its Cabinet Member, and the Council example's own (in ``council/``)."""
    reference = make_reference(out_dir / REFERENCE_NAME)
    return [reference,
            make_board_template(out_dir / BOARD_TEMPLATE_NAME, reference),
            make_council_template(out_dir / COUNCIL_TEMPLATE_NAME, reference),
            make_council_plan_template(
                out_dir / COUNCIL_FOLDER / COUNCIL_PLAN_TEMPLATE_NAME, reference)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=INPUT_TEMPLATES,
                        help="folder to write the templates into (default: input_templates)")
    args = parser.parse_args(argv)
    for path in make_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
