"""The reporting timetable as a Word table, in the house style."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.shared import Cm

from reporter.config.settings import Settings
from reporter.config.timetable import HEADINGS, TimetableRow
from reporter.pack import word
from reporter.pack.errors import TemplateProblem
from reporter.periods import FinancialYear

STYLES = ("Title", "Normal", "Board Table")
WIDTHS = (Cm(2.6), Cm(4.2), Cm(3.3), Cm(3.3), Cm(3.3), Cm(3.3), Cm(3.3))


def write_timetable_docx(settings: Settings, year: FinancialYear, rows: Sequence[TimetableRow],
                         path: Path) -> Path:
    """Write the year's timetable, one row per quarter. It is sent to directorates and
    members, so problems in the settings go to the officer's console, not in here."""
    document = Document(str(settings.reference_docx))
    missing = word.missing_styles(document, STYLES)
    if missing:
        raise TemplateProblem(f"the reference document {settings.reference_docx} lacks the "
                              f"style(s) {', '.join(missing)} the timetable uses.")
    word.clear_body(document)
    section = document.sections[0]
    word.set_a4(section, landscape=True)
    title = f"Improvement Plan: reporting timetable {year.label}"
    document.add_paragraph(title, style="Title")
    document.add_paragraph(
        f"The dates by which directorates return their progress reports to the Performance "
        f"and Service Improvement team, and the meetings that consider each quarter's report: "
        f"{settings.organisation.board} and the {settings.organisation.partner_short} Cabinet "
        f"member.", style="Normal")
    table = document.add_table(rows=1, cols=len(HEADINGS), style="Board Table")
    word.table_look(table)
    header = table.rows[0]
    for cell, heading in zip(header.cells, HEADINGS):
        word.add_text(cell.paragraphs[0], heading, bold=True, colour="FFFFFF")
    word.mark_header_row(header)
    word.set_row_widths(header.cells, WIDTHS)
    for row in rows:
        added = table.add_row()
        word.keep_row_together(added)
        for cell, text in zip(added.cells, row.cells()):
            word.add_text(cell.paragraphs[0], text or "to be agreed")
        word.set_row_widths(added.cells, WIDTHS)
    word.set_table_caption(table, title, "One row per quarter with the date of each step.")
    word.write_footer(section, settings.footer)
    word.set_language(document)
    word.set_properties(document, title=title, subject="Reporting timetable",
                        author=settings.author, keywords=f"timetable; {year.label}",
                        comments="")
    return word.save_atomic(document, path)
