"""What the progress report says, in words: the sentences around its tables, for the
Word edition (``progress_report``) and the web edition (``reporter.web``) alike, so the
two cannot drift.

Pure functions of a ``PackContext`` (or its rows) returning plain text. A part that the
Word writer sets in bold is a ``Part`` with ``label`` set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reporter.pack.context import (
    CARRIED_MARK,
    NOT_REPORTED,
    ActionRow,
    AppendixSection,
    OutcomeTable,
    PackContext,
    RecommendationGroup,
    RecommendationRow,
)
from reporter.pack.wording import (
    FIRST_QUARTER,
    missing_return_lines,
    no_returns_sentence,
    number_word,
)
from reporter.status import Status
from reporter.words import join_or, plural

EMPTY_EXCEPTIONS = ("There are no actions currently identified as being behind schedule or "
                    "off target against key dates.")
RULE_SENTENCE = ("The key date having passed, the status will be revised to {late} pending "
                 "completion.")
CARRIED_SENTENCE = ("No return was received this quarter: last quarter\u2019s position is "
                    "carried forward.")
CARRIED_NOTE = (f"{CARRIED_MARK} No return this quarter: last quarter\u2019s position carried "
                "forward.")
NOT_REPORTED_NOTE = f"{NOT_REPORTED}: no status reported this quarter."
EXCEPTION_REPORT = "Exception report and remedial action:"
COMMENT = "Comment:"
ACTION_HEADERS = ("Outcome", "Key actions to achieve outcome", "Key dates", "Lead Director",
                  "Success criteria", "Status")
RECOMMENDATION_HEADERS = ("Ref", "Recommendation", "Lead", "Original date", "Revised date",
                          "Status", "Progress")


@dataclass(frozen=True)
class Part:
    """A run of a paragraph: ``label`` parts are bold, ``aside`` parts italic."""

    text: str
    label: bool = False
    aside: bool = False


def subtitle(c: PackContext) -> str:
    return f"{c.organisation.named_plan}: position at {c.quarter_end}"


def introduction(c: PackContext) -> str:
    """The front page's account of the plan and of what the report covers."""
    return (f"{c.organisation.plan_sentence_start} has "
            f"{len(c.themes)} themes and {c.outcome_count} desired outcomes, to be achieved "
            f"through {c.action_count} key actions, each with a key date, a lead directorate "
            f"and success criteria. This report sets out progress by exception in "
            f"{c.quarter_name}, to the end of {c.quarter_end_month}.")


def letters_sentence(c: PackContext) -> str:
    """How the tables show a status: by its letter as well as its colour."""
    letters = join_or([s.letter for s in c.status_scheme.categories])
    return (f"In the tables each status is shown by its letter ({letters}) as well as by "
            f"its colour. {CARRIED_MARK} after a letter marks a position carried forward from "
            f"last quarter because no return was received; {NOT_REPORTED} marks an action "
            "with no status reported.")


def position_heading(c: PackContext) -> str:
    return f"Position at the end of {c.quarter_name}"


def summary_headers(c: PackContext) -> list[str]:
    """The headers of the table of actions by status (last quarter's column when known)."""
    headers = ["Status", f"Actions at {c.quarter_end}"]
    if c.summary.previous is not None:
        headers.append(f"Actions at {c.previous_quarter_end}")
    return headers


def summary_statuses(c: PackContext) -> list[Status | None]:
    """The rows of the table of actions by status: the counted categories, and "not
    reported" when this quarter or the last has any."""
    statuses: list[Status | None] = list(c.status_scheme.counted)
    previous = c.summary.previous or {}
    if c.summary.current.get(None, 0) or previous.get(None, 0):
        statuses.append(None)
    return statuses


def status_name(status: Status | None) -> str:
    """``Red (R)``; ``Not reported (N/R)``."""
    return (f"{status.label} ({status.letter})" if status is not None
            else f"Not reported ({NOT_REPORTED})")


def sections_sentence(c: PackContext) -> str:
    return f"This report has {number_word(len(c.appendix_sections))} sections, covering:"


def table_notes(rows: Sequence[ActionRow]) -> list[str]:
    """The key to the marks a table of ``rows`` uses, for under it."""
    notes = []
    if any(r.carried_forward for r in rows):
        notes.append(CARRIED_NOTE)
    if any(r.status is None for r in rows):
        notes.append(NOT_REPORTED_NOTE)
    return notes


def action_cells(outcome: OutcomeTable, item: ActionRow) -> list[str]:
    """An action's row of a table, after the outcome cell: the action, key date, lead,
    success criteria and status as the tables show them ("" for an empty cell)."""
    return [f"{item.letter}) {item.text}", item.key_date, item.lead,
            f"{item.letter}) {item.success_criteria}" if item.success_criteria else "",
            item.status_text]


# --------------------------------------------------------------------------- exceptions

def exceptions_opening(c: PackContext, part: AppendixSection) -> list[str]:
    """The paragraphs that open the exceptions: the settings' introduction and what the
    tables show, or that there are none, or that without returns they cannot be known."""
    if c.nothing_reported:
        return [f"{no_returns_sentence(c)} Which actions are behind schedule cannot be said."]
    missing = c.not_reported_count
    unknown = ("" if not missing else
               f" {missing} {plural(missing, 'action was', 'actions were')} not reported "
               f"this quarter, so whether {plural(missing, 'it is', 'they are')} behind "
               "schedule is not known.")
    if not c.exceptions:
        return [EMPTY_EXCEPTIONS + unknown]
    tables = ("Each table shows every key action of the outcome, for context; the "
              "exception report below it covers those off track." if c.lists_every_action
              else "Each table shows the key actions of the outcome that are off track; "
              "the exception report below it covers each of them.")
    return introduction_of(part, f"{tables}{unknown}")


def introduction_of(part: AppendixSection, more: str = "") -> list[str]:
    """A section's introduction from the settings, ``more`` added to its last paragraph."""
    paragraphs = list(part.introduction) or [""]
    paragraphs[-1] = f"{paragraphs[-1]} {more}".strip()
    return [text for text in paragraphs if text]


def exception_tables(c: PackContext) -> tuple[OutcomeTable, ...]:
    """The outcomes with exceptions as the report tables them: every action of each, or
    beyond ``action_limit`` the off-track actions alone (see ``full_list_sentence``)."""
    if c.nothing_reported:
        return ()
    if c.lists_every_action:
        return c.exceptions
    return tuple(replace(o, rows=tuple(r for r in o.rows if r.exception))
                 for o in c.exceptions)


def exception_report(c: PackContext, item: ActionRow) -> list[Part]:
    """An off-track action's exception report: its commentary, the remedial action and
    any revised date offered (or, carried forward, last quarter's words marked as such,
    with nothing supplied for the directorate), the key-date rule and any query."""
    parts = [Part(f"{item.letter}) ")]
    if item.carried_forward:
        parts += carried_words(item)
    else:
        parts += [Part(sentence(item.commentary) or "No commentary was given in the return."),
                  Part(" Remedial action: ", label=True),
                  Part(sentence(item.remedial_action) or "None was given in the return.")]
        if item.revised_date:  # "Revised to 30 Jun 2010 (was 31 Mar 2010)": proposed only
            parts += [Part(" Key date: ", label=True),
                      Part(f"{item.revised_date}, as the directorate proposes.")]
    if item.changed_by_rule and item.status is not None and item.status.off_track:
        parts.append(Part(" " + RULE_SENTENCE.format(late=item.status.label.lower())))
    return parts + query_parts(c, item)


def carried_words(item: ActionRow, *, say_no_return: bool = True) -> list[Part]:
    """Last quarter's words, quoted and marked as such: nothing is said for the
    directorate that it did not write (no remedial action is supplied for it)."""
    when = f"from {item.carried_from}" if item.carried_from else "from an earlier quarter"
    opening = "No return was received this quarter. " if say_no_return else ""
    parts = [Part(f"{opening}Carried forward {when}", aside=True), Part(": "),
             Part(quoted(item.commentary) if item.commentary
                  else "no commentary was given then.")]
    if item.remedial_action:
        parts += [Part(" Remedial action then: ", label=True), Part(quoted(item.remedial_action))]
    if item.revised_date:
        parts += [Part(" Key date then: ", label=True),
                  Part(f"{item.revised_date}, as the directorate proposed.")]
    if item.changed_by_rule and item.returned_status is not None:
        parts.append(Part(f" It was {item.returned_status.label} then."))
    return parts


def query_parts(c: PackContext, item: ActionRow) -> list[Part]:
    """What contradicts the status, beside the action (``reporter.cross_checks``)."""
    parts = []
    for note in c.query_notes(item.ref):
        parts += [Part(" Queried: ", label=True), Part(note, aside=True)]
    return parts


# --------------------------------------------------------------------------- achievements

def achievements_opening(c: PackContext, part: AppendixSection) -> list[str]:
    """The paragraphs before the achievements' table (the whole section when there is
    nothing to table: see ``achievements_tabled``)."""
    if c.nothing_reported:
        return [f"{no_returns_sentence(c)} No achievements can be reported."]
    if not c.achievements:
        return [f"No notable achievements were recorded during {c.quarter_name}."]
    if c.first_quarter:
        return [f"{FIRST_QUARTER} The actions below are those complete at the end of "
                f"{c.quarter_name}, and any marked notable by their directorate; when "
                "each was completed is not known."]
    return introduction_of(part)


def achievements_tabled(c: PackContext) -> bool:
    return bool(c.achievements) and not c.nothing_reported


def comment(c: PackContext, item: ActionRow) -> list[Part]:
    """An achievement's comment, after its label, with any query of its status."""
    return [Part(f"{label(item)}) "),
            Part(sentence(item.commentary) or "No comment was given in the return."),
            *query_parts(c, item)]


# --------------------------------------------------------------------------- looking forward

def looking_forward_opening(c: PackContext, part: AppendixSection) -> list[str]:
    """The paragraphs before the table of actions due next quarter (one, when none is)."""
    if not c.looking_forward:
        return [f"There are no key actions with key dates in {c.next_quarter_name} that are "
                "not already complete."]
    return introduction_of(part)


# --------------------------------------------------------------------------- recommendations

def recommendations_opening(c: PackContext, part: AppendixSection) -> list[str]:
    if not c.recommendations:
        return ["There are no external recommendations in the plan register."]
    return introduction_of(part)


def recommendation_progress(rec: RecommendationRow, group: RecommendationGroup) -> str:
    """A recommendation's progress cell: its commentary, a dash where the sentence above
    the table says it once, or that none was reported; a carried-forward position marked
    before its words are read."""
    if rec.carried_forward:
        return (f"{CARRIED_SENTENCE} Its words then: {quoted(rec.commentary)}"
                if rec.commentary else CARRIED_SENTENCE)
    if rec.commentary:
        return rec.commentary
    if rec.complete or not any(r.progress_reported for r in group.rows):
        return "\u2013"  # the sentence above the table says it once
    return "No progress was reported this quarter."


# --------------------------------------------------------------------------- not reported

POSITION_AND_REASON = "Position and reason:"
QUERY = "Query:"
QUERIES_OPENING = ("These statuses are shown as the directorates reported them. Beside each is "
                   "what does not agree with it: an indicator its success criteria name that "
                   "misses its target, or a listing under two headings of this report.")


def not_reported_opening(c: PackContext) -> list[str]:
    """The paragraphs that open the section of actions not reported: the returns missing,
    and how many actions have no status."""
    lines = list(missing_return_lines(c, "below"))
    n = len(c.not_reported_rows())
    if n:
        lines.append(f"{n} {plural(n, 'action has', 'actions have')} no status this quarter "
                     f"({NOT_REPORTED}), so {plural(n, 'it is', 'they are')} counted as not "
                     f"reported; {plural(n, 'the reason is', 'the reason for each is')} given "
                     "below.")
    return lines


def not_reported_position(c: PackContext, item: ActionRow) -> list[Part]:
    """An action not reported: why (with what was typed), or the position carried forward."""
    parts = [Part(f"{label(item)}) ")]
    if item.status is None:
        parts.append(Part(item.unreported))
        if item.commentary and not item.carried_forward:
            parts += [Part(" Commentary given: ", label=True), Part(quoted(item.commentary))]
    else:  # the section's opening says no return came
        parts += carried_words(item, say_no_return=False)
        if item.exception:
            section = c.appendix_section("exceptions")
            parts.append(Part(" Listed with the exceptions in Section "
                              f"{section.number if section else 1}."))
    return parts


def query_line(c: PackContext, item: ActionRow) -> list[Part]:
    """A queried action: its label and what does not agree with its status."""
    return [Part(f"{label(item)}) "), Part(" ".join(c.query_notes(item.ref)))]


# --------------------------------------------------------------------------- every action

ALL_ACTIONS_HEADERS = ("Ref", "Key action", "Key dates", "Lead Director", "Status")


def all_actions_opening(c: PackContext) -> str:
    """What the last section is: every action, so none is missing from the appendix."""
    return (f"Every key action of {c.organisation.plan}, by outcome, with its status at "
            f"{c.quarter_end} as this report counts it (after the key-date rule), for "
            "reference: the sections above give the commentary on those that need it.")


def all_actions_cells(item: ActionRow) -> list[str]:
    """An action's row of the table of every action: ref, action, key date, lead, status."""
    return [item.ref, item.text, item.key_date, item.lead, item.status_text]


# --------------------------------------------------------------------------- small words

def sentence(text: str) -> str:
    """Text ending with a full stop (or its own ! ? : ), so labels follow cleanly."""
    text = text.strip()
    if text and text[-1] not in ".!?:;)\u201d\"'":
        text += "."
    return text


def label(item: ActionRow) -> str:
    """``1.3 a`` for the sample's refs; an organisation's own ref ("HDC-07") stands alone."""
    return item.letter if item.letter == item.ref else f"{item.outcome} {item.letter}"


def quoted(text: str) -> str:
    """Someone else's words, in quotation marks, ending with a full stop."""
    text = text.strip()
    return f"\u201c{text}\u201d" + ("" if text[-1:] in ".!?" else ".")
