"""The shared progress report (the appendix, identical for the Board and the Council).

Written with python-docx on top of the reference document (the house style), as
the agreed template (003) lays it out: the title, the status key, then in a
landscape section the exceptions with their remedial action, the notable
achievements, the actions due next quarter and the external recommendations.
Status cells are shaded and lettered; header rows repeat; rows never split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.shared import Cm, Length
from docx.table import Table, _Cell

from reporter.pack import word
from reporter.pack.context import (
    CARRIED_MARK,
    NOT_REPORTED,
    ActionRow,
    OutcomeTable,
    PackContext,
    RecommendationGroup,
    long_date,
)
from reporter.pack.house import (
    INPUT_TEMPLATES,
    MARK_COLOUR,
    REFERENCE_NAME,
)
from reporter.pack.wording import (
    FIRST_QUARTER,
    appendix_section_lines,
    full_list_sentence,
    no_returns_sentence,
    number_word,
    recommendation_sentence,
)
from reporter.pack.writer import HouseWriter, open_reference
from reporter.status import Status
from reporter.words import join_or, plural

DEFAULT_REFERENCE = INPUT_TEMPLATES / REFERENCE_NAME

ACTION_HEADERS = ("Outcome", "Key actions to achieve outcome", "Key dates", "Lead Director",
                  "Success criteria", "Status")
ACTION_WIDTHS = tuple(Cm(w) for w in (4.6, 6.6, 2.7, 2.7, 7.45, 1.6))  # A4 landscape: 25.7 cm
RECOMMENDATION_HEADERS = ("Ref", "Recommendation", "Lead", "Original date", "Revised date",
                          "Status", "Progress")
RECOMMENDATION_WIDTHS = tuple(Cm(w) for w in (1.9, 6.6, 2.6, 2.0, 2.0, 2.1, 8.45))
SUMMARY_WIDTHS = (Cm(5.0), Cm(4.5), Cm(4.5))

EMPTY_EXCEPTIONS = ("There are no actions currently identified as being behind schedule or "
                    "off target against key dates.")
RULE_SENTENCE = ("The key date having passed, the status will be revised to {late} pending "
                 "completion.")
CARRIED_SENTENCE = ("No return was received this quarter: last quarter\u2019s position is "
                    "carried forward.")
CARRIED_NOTE = (f"{CARRIED_MARK} No return this quarter: last quarter\u2019s position carried "
                "forward.")
NOT_REPORTED_NOTE = f"{NOT_REPORTED}: no status reported this quarter."


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
        getattr(writer, part.key)(part.heading)
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
        if any(r.carried_forward for r in rows):
            self.para(CARRIED_NOTE, "Table Note", keep=keep)
        if any(r.status is None for r in rows):
            self.para(NOT_REPORTED_NOTE, "Table Note", keep=keep)
        if not any(r.carried_forward or r.status is None for r in rows):
            self.para("", "Table Note", keep=keep)  # space after the table

    # ---- the front page ---------------------------------------------------------------
    def front(self) -> None:
        c, org = self.c, self.c.organisation
        self.heading(c.title, 0)
        self.para(f"{org.named_plan}: position at {c.quarter_end}", "Subtitle")
        self.para(
            f"{org.plan_sentence_start} has "
            f"{len(c.themes)} themes and {c.outcome_count} desired outcomes, to be achieved "
            f"through {c.action_count} key actions, each with a key date, a lead directorate "
            f"and success criteria. This report sets out progress by exception in "
            f"{c.quarter_name}, to the end of {c.quarter_end_month}.")
        self.heading("Status indicators:", 1)
        for _, name, meaning in c.status_key:
            paragraph = self.para(style="List Bullet")
            word.add_text(paragraph, f"{name}:", bold=True)
            word.add_text(paragraph, f" {meaning}")
        letters = join_or([s.letter for s in c.status_scheme.categories])
        self.para(
            f"In the tables each status is shown by its letter ({letters}) as well as by "
            f"its colour. {CARRIED_MARK} after a letter marks a position carried forward from "
            f"last quarter because no return was received; {NOT_REPORTED} marks an action "
            "with no status reported.")
        self.heading(f"Position at the end of {c.quarter_name}", 1)
        self.summary_table()
        count = number_word(len(c.appendix_sections))
        self.para(f"This report has {count} sections, covering:", keep=True)
        for line in appendix_section_lines(c):
            self.para(line, "List Bullet")
        if not c.lists_every_action:
            self.para(full_list_sentence(c))

    def summary_table(self) -> None:
        c = self.c
        summary = c.summary
        headers = ["Status", f"Actions at {c.quarter_end}"]
        widths: list[Length] = list(SUMMARY_WIDTHS[:2])
        if summary.previous is not None:
            headers.append(f"Actions at {c.previous_quarter_end}")
            widths.append(SUMMARY_WIDTHS[2])
        table = self.table(headers, widths, f"Key actions by status at {c.quarter_end}")
        statuses: list[Status | None] = list(c.status_scheme.counted)
        previous = summary.previous or {}
        if summary.current.get(None, 0) or previous.get(None, 0):
            statuses.append(None)
        for status in statuses:
            cells = self.row(table, widths)
            label = (f"{status.label} ({status.letter})" if status is not None
                     else f"Not reported ({NOT_REPORTED})")
            self.status_cell(cells[0], status, label, size=9)
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
                texts += [f"{item.letter}) {item.text}", item.key_date or None,
                          item.lead or None,
                          f"{item.letter}) {item.success_criteria}"
                          if item.success_criteria else None,
                          item.status_text]
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

    def exceptions(self, heading: str) -> None:
        c, org = self.c, self.c.organisation
        self.heading(heading, 1)
        if c.nothing_reported:
            self.para(f"{no_returns_sentence(c)} Which actions are behind schedule cannot be "
                      "said.")
            return
        missing = c.not_reported_count
        unknown = ("" if not missing else
                   f" {missing} {plural(missing, 'action was', 'actions were')} not reported "
                   f"this quarter, so whether {plural(missing, 'it is', 'they are')} behind "
                   "schedule is not known.")
        if not c.exceptions:
            self.para(EMPTY_EXCEPTIONS + unknown)
            return
        tables = ("Each table shows every key action of the outcome, for context; the "
                  "exception report below it covers those off track." if c.lists_every_action
                  else "Each table shows the key actions of the outcome that are off track; "
                  "the exception report below it covers each of them.")
        self.para(
            f"Set out below are those items from {org.plan}, against which progress "
            "currently falls short "
            "of achieving the desired outcome by the target date or where milestones en route "
            f"to achieving the desired outcomes have not been achieved. {tables}{unknown}",
            keep=True)
        for outcome in c.exceptions:
            if not c.lists_every_action:  # the off-track actions alone (see full_list_sentence)
                outcome = replace(outcome, rows=tuple(r for r in outcome.rows if r.exception))
            # an outcome's table (a few rows) stays on one page with its exception report
            self.action_table([outcome], f"Exceptions: outcome {outcome.heading}", keep=True)
            self.notes(outcome.rows, keep=True)
            self.para("Exception report and remedial action:", bold=True, keep=True)
            for item in outcome.rows:
                if item.exception:
                    self.exception_paragraph(item)
            self.paragraph()

    def exception_paragraph(self, item: ActionRow) -> None:
        paragraph = self.hanging(Cm(0.6))
        word.add_text(paragraph, f"{item.letter}) ")
        word.add_text(paragraph, _sentence(item.commentary)
                      or "No commentary was given in the return.")
        word.add_text(paragraph, " Remedial action: ", bold=True)
        word.add_text(paragraph, _sentence(item.remedial_action)
                      or "None was given in the return.")
        if item.revised_date:  # "Revised to 30 Jun 2010 (was 31 Mar 2010)": proposed only
            word.add_text(paragraph, " Key date: ", bold=True)
            word.add_text(paragraph, f"{item.revised_date}, as the directorate proposes.")
        if item.changed_by_rule and item.status is not None and item.status.off_track:
            word.add_text(paragraph, " " + RULE_SENTENCE.format(late=item.status.label.lower()))
        if item.carried_forward:
            word.add_text(paragraph, f" {CARRIED_SENTENCE}", italic=True)

    def achievements(self, heading: str) -> None:
        c, org = self.c, self.c.organisation
        self.heading(heading, 1)
        if c.nothing_reported:
            self.para(f"{no_returns_sentence(c)} No achievements can be reported.")
            return
        if not c.achievements:
            self.para(f"No notable achievements were recorded during {c.quarter_name}.")
            return
        if c.first_quarter:
            self.para(f"{FIRST_QUARTER} The actions below are those complete at the end of "
                      f"{c.quarter_name}, and any marked notable by their directorate; when "
                      "each was completed is not known.", keep=True)
        else:
            self.para(f"During {c.quarter_name}, the following {org.plan_name} successes have "
                      "been achieved:", keep=True)
        self.action_table(c.achievements, f"Notable achievements in {c.quarter.label}")
        rows = [r for t in c.achievements for r in t.rows]
        self.notes(rows)
        self.para("Comment:", bold=True, keep=True)
        for item in rows:
            paragraph = self.hanging(Cm(1.0))
            # "1.3 a)" for the sample's refs; an organisation's own ref ("HDC-07") stands alone
            label = item.letter if item.letter == item.ref else f"{item.outcome} {item.letter}"
            word.add_text(paragraph, f"{label}) ")
            word.add_text(paragraph, _sentence(item.commentary)
                          or "No comment was given in the return.")
        self.paragraph()

    def looking_forward(self, heading: str) -> None:
        c, org = self.c, self.c.organisation
        nxt = c.next_quarter_name
        self.heading(heading, 1)
        if not c.looking_forward:
            self.para(f"There are no key actions with key dates in {nxt} that are not already "
                      "complete.")
            return
        meeting = (f"the {_month_year(c.next_board_date)} meeting of the {org.board}"
                   if c.next_board_date else f"the next meeting of the {org.board}")
        self.para(
            f"The key actions with target dates during {nxt} follow. Progress against these "
            f"targets will be reported to {meeting}{c.then_to}. Only the "
            f"key actions with target dates in {nxt} are included: where several actions "
            "support a desired outcome, those already completed and those with target dates in "
            "later quarters are left out for ease of monitoring.")
        self.para("These items are presented for information only.", keep=True)
        self.action_table(c.looking_forward, f"Key actions due in {c.next_quarter.label}")
        self.notes([r for t in c.looking_forward for r in t.rows])

    # ---- external recommendations ------------------------------------------------------
    def recommendations(self, heading: str) -> None:
        c = self.c
        self.heading(heading, 1)
        if not c.recommendations:
            self.para("There are no external recommendations in the plan register.")
            return
        self.para("Progress against the recommendations of external inspections and the "
                  "partial compliances of awards, with their original and revised target "
                  "dates. Recommendations completed in earlier quarters are not shown.",
                  keep=True)
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
            if rec.commentary:
                progress = rec.commentary
            elif rec.complete or not any(r.progress_reported for r in group.rows):
                progress = "\u2013"  # the sentence above the table says it once
            else:
                progress = "No progress was reported this quarter."
            if rec.carried_forward:
                progress += f" {CARRIED_SENTENCE}"
            self.cell_text(cells[6], progress)
        self.para(style="Table Note")


def _sentence(text: str) -> str:
    """Text ending with a full stop (or its own ! ? : ), so labels follow cleanly."""
    text = text.strip()
    if text and text[-1] not in ".!?:;)\u201d\"'":
        text += "."
    return text


def _month_year(day: date | None) -> str:
    """``May 2010`` for a date ("" for None)."""
    text = long_date(day)
    return text.split(" ", 1)[1] if text else ""
