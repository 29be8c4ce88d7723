"""The reporting timetable as a Word table, in the house style."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.shared import Cm

from reporter.config.settings import Settings
from reporter.config.timetable import TimetableRow, headings
from reporter.pack import word
from reporter.pack.errors import TemplateProblem
from reporter.periods import FinancialYear
from reporter.words import join_and

STYLES = ("Title", "Normal", "Board Table")
# The quarter, its months, then the steps sharing what is left of a landscape A4 page.
FIRST_WIDTHS = (Cm(2.6), Cm(4.2))
STEPS_WIDTH = Cm(16.5)


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
    org = settings.organisation
    title = f"{org.plan_name}: reporting timetable {year.label}"
    document.add_paragraph(title, style="Title")
    titles = headings(settings)
    meetings = [m.name for m in settings.meetings]
    listed = join_and(meetings)
    document.add_paragraph(
        f"The dates by which directorates return their progress reports to the {org.team}, "
        f"and the steps that follow for each quarter's report: {listed}.", style="Normal")
    steps = len(titles) - len(FIRST_WIDTHS)
    widths = (*FIRST_WIDTHS, *(Cm(min(3.3, STEPS_WIDTH.cm / steps)),) * steps)
    table = document.add_table(rows=1, cols=len(titles), style="Board Table")
    word.table_look(table)
    header = table.rows[0]
    for cell, heading in zip(header.cells, titles):
        word.add_text(cell.paragraphs[0], heading, bold=True, colour="FFFFFF")
    word.mark_header_row(header)
    word.set_row_widths(header.cells, widths)
    for row in rows:
        added = table.add_row()
        word.keep_row_together(added)
        for cell, text in zip(added.cells, row.cells()):
            word.add_text(cell.paragraphs[0], text or "to be agreed")
        word.set_row_widths(added.cells, widths)
    word.set_table_caption(table, title, "One row per quarter with the date of each step.")
    word.write_footer(section, settings.footer)
    word.set_language(document)
    word.set_properties(document, title=title, subject="Reporting timetable",
                        author=settings.author, keywords=f"timetable; {year.label}",
                        comments="")
    return word.save_atomic(document, path)
