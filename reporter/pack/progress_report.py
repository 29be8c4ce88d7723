"""The shared progress report (the appendix, identical for the Board and the Council).

Written with python-docx on top of the reference document (the house style), as
the agreed template (003) lays it out: the title, the status key, then in a
landscape section the exceptions with their remedial action, the notable
achievements, the actions due next quarter and the external recommendations.
Status cells are shaded and lettered; header rows repeat; rows never split.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.shared import Cm, Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reporter.pack import progress_words as words
from reporter.pack import word
from reporter.pack.context import (
    ActionRow,
    AppendixSection,
    OutcomeTable,
    PackContext,
    RecommendationGroup,
)
from reporter.pack.house import (
    INPUT_TEMPLATES,
    MARK_COLOUR,
    REFERENCE_NAME,
)
from reporter.pack.progress_words import ACTION_HEADERS, RECOMMENDATION_HEADERS
from reporter.pack.wording import (
    appendix_section_lines,
    full_list_sentence,
    recommendation_sentence,
)
from reporter.pack.writer import HouseWriter, open_reference
from reporter.status import Status

DEFAULT_REFERENCE = INPUT_TEMPLATES / REFERENCE_NAME

ACTION_WIDTHS = tuple(Cm(w) for w in (4.6, 6.6, 2.7, 2.7, 7.45, 1.6))  # A4 landscape: 25.7 cm
RECOMMENDATION_WIDTHS = tuple(Cm(w) for w in (1.9, 6.6, 2.6, 2.0, 2.0, 2.1, 8.45))
SUMMARY_WIDTHS = (Cm(5.0), Cm(4.5), Cm(4.5))
ALL_ACTIONS_WIDTHS = tuple(Cm(w) for w in (2.0, 13.3, 3.5, 5.0, 1.85))  # 25.65 cm



def write_progress_report(context: PackContext, path: Path | str,
                          reference_docx: Path | str = DEFAULT_REFERENCE) -> Path:
    """Write the progress report to ``path`` (atomically) and return the path.

    Raises TemplateProblem when the reference document lacks a style the report uses.
    """
    document = open_reference(reference_docx, "progress report")
    word.clear_body(document)
    word.set_a4(document.sections[0])
    writer = _Report(document, context)
    writer.front()
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    word.set_a4(landscape, landscape=True)
    for part in context.appendix_sections:  # the sections the front page lists
        getattr(writer, part.key)(part)
    for section in document.sections:
        word.write_header_mark(section, context.mark, MARK_COLOUR)
        word.write_footer(section, context.footer)
    word.set_language(document)
    word.set_properties(
        document, title=context.title,
        subject=f"Progress against {context.organisation.plan}, to {context.quarter_end}",
        author=context.author,
        keywords=f"{context.organisation.plan_name}; {context.quarter.label}; progress report",
        comments=context.mark or "Final")
    word.set_created(document, context.created)
    return word.save_atomic(document, path)


class _Report(HouseWriter):
    """Adds the report's parts to a document, in order."""

    def __init__(self, document: DocumentType, context: PackContext):
        super().__init__(document)
        self.c = context
        self._action_templates: dict[tuple[str, bool, Status | None], word.RowTemplate] = {}

    # ---- small pieces ---------------------------------------------------------------
    def status_cell(self, cell: _Cell, status: Status | None, text: str, *,
                    size: float = 11) -> None:
        """Shaded with the status colour AND lettered: colour is never the only signal."""
        paragraph = word.centre(cell.paragraphs[0])
        word.centre_vertically(cell)
        if status is None:
            word.add_text(paragraph, text, bold=True, size=size)
            return
        fill = self.c.colours.get(status, status.colour)  # the settings' scheme governs
        word.shade_cell(cell, fill)
        word.add_text(paragraph, text, bold=True, colour=word.contrast_text_colour(fill),
                      size=size)

    def notes(self, rows: Sequence[ActionRow], keep: bool = False) -> None:
        """The key to the marks used in a table, under it, when any is used."""
        notes = words.table_notes(rows)
        for note in notes:
            self.para(note, "Table Note", keep=keep)
        if not notes:
            self.para("", "Table Note", keep=keep)  # space after the table

    # ---- the front page ---------------------------------------------------------------
    def front(self) -> None:
        c = self.c
        self.heading(c.title, 0)
        self.para(words.subtitle(c), "Subtitle")
        self.para(words.introduction(c))
        self.heading("Status indicators:", 1)
        for _, name, meaning in c.status_key:
            paragraph = self.para(style="List Bullet")
            word.add_text(paragraph, f"{name}:", bold=True)
            word.add_text(paragraph, f" {meaning}")
        self.para(words.letters_sentence(c))
        self.heading(words.position_heading(c), 1)
        self.summary_table()
        self.para(words.sections_sentence(c), keep=True)
        for line in appendix_section_lines(c):
            self.para(line, "List Bullet")
        if not c.lists_every_action:
            self.para(full_list_sentence(c))

    def summary_table(self) -> None:
        c = self.c
        summary = c.summary
        headers = words.summary_headers(c)
        widths: list[Length] = list(SUMMARY_WIDTHS[:len(headers)])
        table = self.table(headers, widths, f"Key actions by status at {c.quarter_end}")
        previous = summary.previous or {}
        for status in words.summary_statuses(c):
            cells = self.row(table, widths)
            self.status_cell(cells[0], status, words.status_name(status), size=9)
            self.cell_text(cells[1], str(summary.current.get(status, 0)), centre=True)
            if summary.previous is not None:
                self.cell_text(cells[2], str(previous.get(status, 0)), centre=True)
        cells = self.row(table, widths)
        self.cell_text(cells[0], "Total", bold=True)
        self.cell_text(cells[1], str(summary.total), bold=True, centre=True)
        if summary.previous is not None:
            self.cell_text(cells[2], str(sum(previous.values())), bold=True, centre=True)
        self.para(style="Table Note")

    # ---- the action tables ----------------------------------------------------------------
    def action_table(self, tables: Sequence[OutcomeTable], caption: str,
                     keep: bool = False) -> Table:
        """One row per action; the outcome cell merged down its actions. ``keep``: every
        paragraph of the table kept with the next (the table stays on one page with
        what follows it).

        The appendix's long part (60 rows a return): each row is a copy of a template
        row made once by ``action_template`` and given its texts, so nothing searches
        the table or the document and the time is linear in the rows."""
        table = self.table(ACTION_HEADERS, ACTION_WIDTHS, caption, keep=keep)
        for outcome in tables:
            merged = len(outcome.rows) > 1
            for i, item in enumerate(outcome.rows):
                kind = ("first" if merged else "single") if i == 0 else "rest"
                texts: list[str | None] = [outcome.heading] if i == 0 else []
                texts += [text or None for text in words.action_cells(outcome, item)]
                self.action_template(kind, keep, item.status).add_texts(table, texts)
        return table

    def action_template(self, kind: str, keep: bool, status: Status | None
                        ) -> word.RowTemplate:
        """The row of an action table, made once per kind by the same calls that would
        write it (``cell_text``, ``merge_down``, ``status_cell``) with placeholders for
        the texts. ``kind``: "single" (an outcome's only action), "first" (its outcome
        cell starts a merge down) or "rest" (continues the merge, the cell left empty
        and unstyled); ``keep``: every paragraph kept with the next."""
        key = (kind, keep, status)
        template = self._action_templates.get(key)
        if template is None:
            template = self._action_templates[key] = self.template(ACTION_WIDTHS)
            cells = template.cells
            if kind == "rest":  # the merged cell's continuation: empty and unstyled
                cells[0].paragraphs[0].style = None
            else:
                self.cell_text(cells[0], word.PLACEHOLDER)
            if kind != "single":
                word.merge_down(cells[0], restart=kind == "first")
            for cell in cells[1:5]:
                self.cell_text(cell, word.PLACEHOLDER)
            self.status_cell(cells[5], status, word.PLACEHOLDER)
            if keep:
                word.keep_cells_with_next(cells)
        return template

    def opening(self, paragraphs: Sequence[str], *, table_follows: bool) -> None:
        """A section's opening paragraphs, each kept with what follows (the last only
        when a table follows it)."""
        for n, text in enumerate(paragraphs, 1):
            self.para(text, keep=table_follows or n < len(paragraphs))

    def exceptions(self, part: AppendixSection) -> None:
        c = self.c
        self.heading(part.heading, 1)
        tables = words.exception_tables(c)
        self.opening(words.exceptions_opening(c, part), table_follows=bool(tables))
        for outcome in tables:
            # an outcome's table (a few rows) stays on one page with its exception report
            self.action_table([outcome], f"Exceptions: outcome {outcome.heading}", keep=True)
            self.notes(outcome.rows, keep=True)
            self.para(words.EXCEPTION_REPORT, bold=True, keep=True)
            for item in outcome.rows:
                if item.exception:
                    self.exception_paragraph(item)
            self.paragraph()

    def exception_paragraph(self, item: ActionRow) -> None:
        paragraph = self.hanging(Cm(0.6))
        self.write_parts(paragraph, words.exception_report(self.c, item))

    def write_parts(self, paragraph: Paragraph, parts: list[words.Part]) -> None:
        """A paragraph's runs as the words give them: labels bold, asides italic."""
        for part in parts:
            word.add_text(paragraph, part.text, bold=part.label, italic=part.aside)

    def achievements(self, part: AppendixSection) -> None:
        c = self.c
        self.heading(part.heading, 1)
        tabled = words.achievements_tabled(c)
        self.opening(words.achievements_opening(c, part), table_follows=tabled)
        if not tabled:
            return
        self.action_table(c.achievements, f"Notable achievements in {c.quarter.label}")
        rows = [r for t in c.achievements for r in t.rows]
        self.notes(rows)
        self.para(words.COMMENT, bold=True, keep=True)
        for item in rows:
            paragraph = self.hanging(Cm(1.0))
            self.write_parts(paragraph, words.comment(c, item))
        self.paragraph()

    def looking_forward(self, part: AppendixSection) -> None:
        c = self.c
        self.heading(part.heading, 1)
        self.opening(words.looking_forward_opening(c, part),
                     table_follows=bool(c.looking_forward))
        if not c.looking_forward:
            return
        self.action_table(c.looking_forward, f"Key actions due in {c.next_quarter.label}")
        self.notes([r for t in c.looking_forward for r in t.rows])

    # ---- what was not reported, and what is queried ------------------------------------
    def not_reported(self, part: AppendixSection) -> None:
        """Every action counted as not reported or carried forward, named, with why and
        the words carried forward marked as last quarter's."""
        c = self.c
        self.heading(part.heading, 1)
        for line in words.not_reported_opening(c):
            self.para(line, keep=True)
        self.action_table(c.not_reported, f"Actions not reported in {c.quarter.label}")
        rows = [r for t in c.not_reported for r in t.rows]
        self.notes(rows, keep=True)
        self.para(words.POSITION_AND_REASON, bold=True, keep=True)
        for item in rows:
            self.write_parts(self.hanging(Cm(1.0)), words.not_reported_position(c, item))
        self.paragraph()

    def queries(self, part: AppendixSection) -> None:
        c = self.c
        self.heading(part.heading, 1)
        self.para(words.QUERIES_OPENING, keep=True)
        # a few rows: kept on one page with the queries that explain them
        self.action_table(c.queried, f"Statuses queried in {c.quarter.label}", keep=True)
        rows = [r for t in c.queried for r in t.rows]
        self.notes(rows, keep=True)
        self.para(words.QUERY, bold=True, keep=True)
        for item in rows:
            self.write_parts(self.hanging(Cm(1.0)), words.query_line(c, item))
        self.paragraph()

    def all_actions(self, part: AppendixSection) -> None:
        """Every action of the plan, one short row each: the reference at the end, so no
        action counted in the report is missing from it."""
        c = self.c
        self.heading(part.heading, 1)
        self.para(words.all_actions_opening(c), keep=True)
        table = self.table(words.ALL_ACTIONS_HEADERS, ALL_ACTIONS_WIDTHS,
                           f"Every key action at {c.quarter_end}")
        for outcome in c.every_action:
            heading = word.merge_across(self.row(table, ALL_ACTIONS_WIDTHS))
            self.cell_text(heading, outcome.heading, bold=True)
            word.keep_cells_with_next([heading])
            for item in outcome.rows:  # a copy of a row made once per status: linear time
                self.all_actions_template(item.status).add_texts(
                    table, [text or None for text in words.all_actions_cells(item)])
        rows = [r for t in c.every_action for r in t.rows]
        if words.table_notes(rows):  # the key goes with the last row, not alone on a page
            word.keep_cells_with_next(table.rows[-1].cells)
        self.notes(rows)

    def all_actions_template(self, status: Status | None) -> word.RowTemplate:
        """The row of the list of every action, made once per status (see
        ``action_template``)."""
        key = ("all", False, status)
        template = self._action_templates.get(key)
        if template is None:
            template = self._action_templates[key] = self.template(ALL_ACTIONS_WIDTHS)
            for cell in template.cells[:4]:
                self.cell_text(cell, word.PLACEHOLDER)
            self.status_cell(template.cells[4], status, word.PLACEHOLDER, size=9)
        return template

    # ---- external recommendations ------------------------------------------------------
    def recommendations(self, part: AppendixSection) -> None:
        c = self.c
        self.heading(part.heading, 1)
        self.opening(words.recommendations_opening(c, part),
                     table_follows=bool(c.recommendations))
        if not c.recommendations:
            return
        for group in c.recommendations:
            self.heading(group.source, 2)
            sentence = recommendation_sentence(group, "below")
            if sentence:
                self.para(sentence, keep=bool(group.rows))
            if group.rows:
                self.recommendation_table(group)

    def recommendation_table(self, group: RecommendationGroup) -> None:
        table = self.table(RECOMMENDATION_HEADERS, RECOMMENDATION_WIDTHS,
                           f"{group.source}: recommendations and progress")
        for rec in group.rows:
            cells = self.row(table, RECOMMENDATION_WIDTHS)
            self.cell_text(cells[0], rec.ref)
            self.cell_text(cells[1], rec.text)
            self.cell_text(cells[2], rec.lead)
            self.cell_text(cells[3], rec.original_date)
            self.cell_text(cells[4], rec.revised_date or "\u2013")
            if rec.complete:
                done = self.c.status_scheme.complete
                self.status_cell(cells[5], done, done.label, size=9)
            else:
                self.status_cell(cells[5], None, "Outstanding", size=9)
            self.cell_text(cells[6], words.recommendation_progress(rec, group))
        self.para(style="Table Note")

