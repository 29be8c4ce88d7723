"""What the Board pack says, gathered once: ``build_pack_context``.

A pure function of the plan, the settings, this quarter's and last quarter's
snapshots, the counts of earlier quarters and the share of indicators improved.
It returns one frozen ``PackContext``; the progress report and every covering
report are written from it, so the appendix and its covering reports can never
disagree. All text taken from the plan or the returns is cleaned here
(``clean_text``), before any writer sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from reporter.analysis import (
    BoardMoves,
    Counts,
    StatusSummary,
    board_moves,
    exceptions,
    group_by_outcome,
    looking_forward,
    movement,
    notable_achievements,
    status_counts,
    status_summary,
)
from reporter.cells import MONTH_NAMES
from reporter.config.plan import Action, Plan
from reporter.config.settings import (
    CABINET_MEMBER_MEETING,
    PROGRESS_SECTIONS,
    SECTION_PLACEHOLDERS,
    Organisation,
    SectionWords,
    Settings,
)
from reporter.findings import errors
from reporter.indicators.results import ImprovementShare
from reporter.key_dates import key_date_text, parse_key_date, revised_key_date_text
from reporter.periods import FinancialYear, Quarter
from reporter.safe_text import clean_text
from reporter.snapshot import ActionPosition, QuarterSnapshot, RecommendationPosition
from reporter.status import DEFAULT_SCHEME, Status, StatusScheme

NOT_REPORTED = "N/R"
CARRIED_MARK = "*"


def long_date(day: date | None) -> str:
    """``31 March 2010`` (English month names whatever the locale); "" for None."""
    return "" if day is None else f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def plan_quarter(quarter: Quarter, plan_start: FinancialYear) -> str:
    """How the pack names a quarter: ``Q3`` in the plan's first year, ``Q1 2010/11 (Q5)``
    after it (the plan counts its quarters on from the first year). The name holds its
    own brackets: the pack never puts it inside brackets."""
    years = quarter.year - plan_start.start_year
    if years <= 0:
        return f"Q{quarter.number}"
    return f"Q{quarter.number} {quarter.financial_year.label} (Q{quarter.number + 4 * years})"


DRAFT_MARK = "DRAFT \u2013 not for publication"


def pack_mark(final: bool, unresolved_errors: int = 0) -> str:
    """The line at the top of every page of every document of the pack: DRAFT until
    final; a final issued past errors says so; a clean final has none."""
    if not final:
        return DRAFT_MARK
    if unresolved_errors:
        noun = "error" if unresolved_errors == 1 else "errors"
        return f"FINAL \u2013 issued with {unresolved_errors} unresolved validation {noun}"
    return ""


@dataclass(frozen=True)
class ActionRow:
    """One key action as a row of the progress report's tables."""

    ref: str  # "1.3a"
    outcome: str  # "1.3"
    letter: str  # "a"
    text: str
    key_date: str  # "31 Mar 2010" (key_dates.key_date_text), or its agreed revision
    # "Revised to 30 Jun 2010 (was 31 Mar 2010)"
    lead: str  # the lead directorate
    success_criteria: str
    status: Status | None  # None: not reported
    carried_forward: bool = False  # no return: last quarter's position
    commentary: str = ""
    remedial_action: str = ""
    # offered by the directorate, reported, not obeyed: "Revised to 30 Jun 2010 (was ...)"
    revised_date: str = ""
    changed_by_rule: bool = False  # the key-date rule made it Red
    returned_status: Status | None = None
    exception: bool = False  # off track: needs the exception narrative
    # carried forward: the quarter whose return wrote the words shown ("Q2 2009/10";
    # "" when not known)
    carried_from: str = ""
    # not reported: why, in a sentence ('Status not readable: the return said "Yellow".')
    unreported: str = ""

    @property
    def status_text(self) -> str:
        """What the status cell says: ``R``, ``A``, ``G``, ``C``; ``R*`` when carried
        forward; ``N/R`` when not reported. Colour is never the only signal."""
        letter = NOT_REPORTED if self.status is None else self.status.letter
        return letter + (CARRIED_MARK if self.carried_forward else "")


@dataclass(frozen=True)
class OutcomeTable:
    """The rows of one desired outcome in a section of the progress report."""

    ref: str
    title: str
    rows: tuple[ActionRow, ...]

    @property
    def heading(self) -> str:
        """``1.3 Leaseholders are satisfied with ...``."""
        return f"{self.ref} {self.title}".strip()


@dataclass(frozen=True)
class MissingReturn:
    """A directorate that sent no return this quarter, and what stands in for it."""

    directorate: str
    actions: int  # the plan's actions it leads
    carried: int  # of those, how many carry last quarter's position forward
    carried_from: str  # the quarter carried from ("Q2 2009/10"); "" when nothing was
    now_late: int  # carried forward, and reported as off track by the key-date rule


@dataclass(frozen=True)
class RedFollowUp:
    """An action that was Red last quarter, and its status now."""

    ref: str
    text: str
    now: Status | None


@dataclass(frozen=True)
class RecommendationRow:
    """An external recommendation with its position this quarter."""

    ref: str
    source: str
    text: str
    lead: str
    original_date: str
    revised_date: str  # the plan's agreed revision, else the directorate's new date, else ""
    complete: bool
    completed_this_quarter: bool  # False in the first quarter reported: not known
    carried_forward: bool = False
    commentary: str = ""
    progress_reported: bool = False  # this quarter's return gave commentary (not carried)


@dataclass(frozen=True)
class RecommendationGroup:
    """The recommendations of one source (an inspection, an award) for the quarter."""

    source: str
    # those outstanding at the start of the quarter; in the first quarter reported
    # (``compared`` False) every recommendation of the source, as nothing earlier is known
    rows: tuple[RecommendationRow, ...]
    completed_earlier: int  # complete before this quarter (not shown)
    compared: bool = True  # False: no earlier quarter, so "this quarter" is not known

    @property
    def outstanding_at_start(self) -> int:
        return len(self.rows)

    @property
    def completed_this_quarter(self) -> int:
        return sum(1 for r in self.rows if r.completed_this_quarter)

    @property
    def complete(self) -> int:
        """How many of the rows are complete at the end of the quarter."""
        return sum(1 for r in self.rows if r.complete)

    @property
    def remaining(self) -> tuple[RecommendationRow, ...]:
        return tuple(r for r in self.rows if not r.complete)

    @property
    def with_revised_date(self) -> int:
        """How many of those still outstanding have a revised date."""
        return sum(1 for r in self.remaining if r.revised_date)

    @property
    def progress_reported(self) -> int:
        """How many of those still outstanding reported progress this quarter."""
        return sum(1 for r in self.remaining if r.progress_reported)

    @property
    def any_news(self) -> bool:
        """Anything completed or any progress reported this quarter."""
        return any(r.completed_this_quarter or r.progress_reported for r in self.rows)


@dataclass(frozen=True)
class AppendixSection:
    """One section of the progress report (the appendix), as both documents name it."""

    # "exceptions", ..., "recommendations"; "not_reported", "queries" when any; "all_actions"
    key: str
    number: int
    title: str  # "Exceptions to timely delivery"
    description: str  # "the actions which are behind schedule ...", for the lists of sections
    # the paragraphs under its heading, from the settings ([progress_report])
    introduction: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """``Section 1: Exceptions to timely delivery``."""
        return f"Section {self.number}: {self.title}"


@dataclass(frozen=True)
class PackContext:
    """Everything the Board pack's documents need, and nothing they must compute."""

    organisation: Organisation
    author: str
    job_title: str
    footer: str
    colours: Mapping[Status, str]
    amber_is_exception: bool
    quarter: Quarter
    plan_start: FinancialYear
    previous_quarter: Quarter | None
    themes: tuple[tuple[int, str], ...]
    outcome_count: int
    action_count: int
    targeted_count: int  # actions whose key date fell by the end of the quarter
    summary: StatusSummary
    moves: BoardMoves
    previous_reds: tuple[RedFollowUp, ...]
    new_reds: tuple[ActionRow, ...]
    exceptions: tuple[OutcomeTable, ...]  # every action of each outcome with an exception
    achievements: tuple[OutcomeTable, ...]
    looking_forward: tuple[OutcomeTable, ...]
    recommendations: tuple[RecommendationGroup, ...]
    share: ImprovementShare | None
    history_counts: tuple[tuple[str, Mapping[Status | None, int]], ...]
    board_date: date | None = None
    cabinet_member_date: date | None = None
    next_board_date: date | None = None
    # Where the report goes after the Board, in running text (" and then to the Cabinet
    # Member"); "" when the timetable has no Cabinet member meeting.
    then_to: str = ""
    chart_path: Path | None = None
    created: datetime | None = None
    # the actions at RED at the end of the quarter (named when there is no earlier quarter
    # to say which moved to RED)
    current_reds: tuple[ActionRow, ...] = ()
    # a performance report is written in the same run (the covering report may refer to it)
    performance_report: bool = False
    # the most actions the progress report lists one by one (settings.action_limit)
    action_limit: int = 2000
    final: bool = False  # DRAFT on every page until final
    error_count: int = 0  # errors the validation of the returns found (still unresolved)
    status_scheme: StatusScheme = DEFAULT_SCHEME  # the organisation's categories
    missing_returns: tuple[MissingReturn, ...] = ()  # directorates that sent nothing
    every_action: tuple[OutcomeTable, ...] = ()  # the plan's actions by outcome, in order
    # action ref -> what contradicts its status (``query_notes``), set by the caller
    queries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # each progress report section's words, as the settings give them (placeholders unfilled)
    section_words: tuple[tuple[str, SectionWords], ...] = tuple(PROGRESS_SECTIONS.items())

    @property
    def status_key(self) -> tuple[tuple[Status, str, str], ...]:
        """The key as the settings write it: each category, its name in the key and what
        it means, in the key's order (Red, Amber, Green, Clear)."""
        return tuple((s, s.name_in_key, s.key_text) for s in self.status_scheme.categories)

    # ---- names of things ------------------------------------------------------------
    @property
    def title(self) -> str:
        """``Improvement Plan: Progress Report for Q3 2009/10``."""
        return f"{self.organisation.plan_name}: Progress Report for {self.quarter.label}"

    @property
    def quarter_name(self) -> str:
        """``Q3`` (or ``Q1 2010/11 (Q5)`` in a later year of the plan)."""
        return plan_quarter(self.quarter, self.plan_start)

    @property
    def next_quarter(self) -> Quarter:
        return self.quarter.next()

    @property
    def next_meeting(self) -> str:
        """Where the next quarter's progress is reported: "the May 2010 meeting of the
        Board and then to the Cabinet Member"."""
        org = self.organisation
        meeting = (f"the {long_date(self.next_board_date).split(' ', 1)[1]} meeting of the "
                   f"{org.board}" if self.next_board_date
                   else f"the next meeting of the {org.board}")
        return meeting + self.then_to

    @property
    def next_quarter_name(self) -> str:
        """``Q4``, or after Q4 ``Q1 2010/11 (Q5)``."""
        return plan_quarter(self.next_quarter, self.plan_start)

    @property
    def quarter_end(self) -> str:
        return long_date(self.quarter.end)

    @property
    def quarter_end_month(self) -> str:
        """``December 2009``."""
        end = self.quarter.end
        return f"{MONTH_NAMES[end.month - 1]} {end.year}"

    @property
    def previous_quarter_end(self) -> str:
        return "" if self.previous_quarter is None else long_date(self.previous_quarter.end)

    @property
    def first_quarter(self) -> bool:
        """No earlier quarter to compare with: nothing can be said to have moved or
        been completed "during the quarter"."""
        return self.previous_quarter is None

    @property
    def red_count(self) -> int:
        return sum(n for s, n in self.summary.current.items() if s is not None and s.off_track)

    @property
    def not_reported_count(self) -> int:
        return self.summary.current.get(None, 0)

    @property
    def unresolved_errors(self) -> int:
        """The errors a final pack is issued with (none said of a draft)."""
        return self.error_count if self.final else 0

    @property
    def lists_every_action(self) -> bool:
        """Whether the progress report shows every action of an outcome with an exception
        (the plan's actions are within ``action_limit``); beyond it the report gives the
        actions each section picks and no more, and says where the full list is."""
        return self.action_count <= self.action_limit

    @property
    def nothing_reported(self) -> bool:
        """Every action not reported: no returns came in, the position is not known."""
        return self.summary.total > 0 and self.not_reported_count == self.summary.total

    @property
    def appendix_sections(self) -> tuple[AppendixSection, ...]:
        """The sections the progress report holds, numbered, as both documents list them:
        the exceptions, the notable achievements, the actions due next quarter, and the
        external recommendations when the plan has any (each with the settings' words);
        then, when there are any, the actions not reported this quarter and the statuses
        queried (after the sections whose numbers the covering templates name)."""
        org = self.organisation
        values = {"plan": org.plan, "plan_name": org.plan_name, "name": org.name,
                  "quarter": self.quarter_name, "next_quarter": self.next_quarter_name,
                  "meeting": self.next_meeting}
        assert set(values) == set(SECTION_PLACEHOLDERS)
        sections: list[AppendixSection] = []
        for key, words in self.section_words:
            if key == "recommendations" and not self.recommendations:
                continue
            description = words.description.format_map(values)
            if key == "achievements" and self.first_quarter:
                description = ("the actions complete at the end of the quarter and any marked "
                               "notable (this is the first quarter reported)")
            introduction = tuple(words.introduction.format_map(values).split("\n\n"))
            sections.append(AppendixSection(key, len(sections) + 1,
                                            words.title.format_map(values), description,
                                            introduction))
        if self.not_reported:
            sections.append(AppendixSection("not_reported", len(sections) + 1,
                                            f"Not reported in {self.quarter_name}",
                                            self._not_reported_description, ()))
        if self.queried:
            sections.append(AppendixSection(
                "queries", len(sections) + 1, "Statuses queried",
                "the actions whose reported status the indicators or this report do not "
                "bear out, with what does not agree", ()))
        if self.every_action and self.lists_every_action:
            sections.append(AppendixSection(
                "all_actions", len(sections) + 1,
                f"Every key action at the end of {self.quarter_name}",
                "every key action of the plan with its status, for reference", ()))
        return tuple(sections)

    @property
    def _not_reported_description(self) -> str:
        rows = [r for t in self.not_reported for r in t.rows]
        parts = []
        if any(r.carried_forward for r in rows):
            parts.append("the actions whose directorate sent no return, with the position "
                         "carried forward")
        if any(r.status is None for r in rows):
            parts.append("the actions with no status this quarter, and why")
        return "the actions not reported this quarter: " + " and ".join(parts)

    def appendix_section(self, key: str) -> AppendixSection | None:
        return next((s for s in self.appendix_sections if s.key == key), None)

    @property
    def draft(self) -> bool:
        return not self.final

    @property
    def mark(self) -> str:
        """The line at the top of every page (``pack_mark``)."""
        return pack_mark(self.final, self.unresolved_errors)

    @property
    def all_tables(self) -> tuple[OutcomeTable, ...]:
        return self.exceptions + self.achievements + self.looking_forward

    def exception_rows(self) -> tuple[ActionRow, ...]:
        return tuple(r for t in self.exceptions for r in t.rows if r.exception)

    def _picked(self, keep: Callable[[ActionRow], bool]) -> tuple[OutcomeTable, ...]:
        """The actions ``keep`` picks, by outcome in plan order (outcomes with none left out)."""
        picked = (replace(t, rows=tuple(r for r in t.rows if keep(r))) for t in self.every_action)
        return tuple(t for t in picked if t.rows)

    @property
    def not_reported(self) -> tuple[OutcomeTable, ...]:
        """Every action not reported this quarter: no status, or carried forward."""
        return self._picked(lambda r: r.status is None or r.carried_forward)

    @property
    def queried(self) -> tuple[OutcomeTable, ...]:
        """Every action whose status is queried."""
        return self._picked(lambda r: r.ref in self.queries)

    def query_notes(self, ref: str) -> tuple[str, ...]:
        return tuple(clean_text(note) for note in self.queries.get(ref, ()))

    def not_reported_rows(self) -> tuple[ActionRow, ...]:
        """The actions with no status this quarter (N/R), in plan order."""
        return tuple(r for t in self.not_reported for r in t.rows if r.status is None)

    def queried_rows(self) -> tuple[ActionRow, ...]:
        return tuple(r for t in self.queried for r in t.rows)


def build_pack_context(plan: Plan, settings: Settings, snapshot: QuarterSnapshot,
                       previous: QuarterSnapshot | None = None,
                       history_counts: Iterable[tuple[Quarter, QuarterSnapshot | Counts]] = (),
                       indicator_share: ImprovementShare | None = None) -> PackContext:
    """The PackContext of a draft of a quarter's pack (pure: no files are read or written).

    ``history_counts`` are earlier quarters, each with its snapshot or its counts by
    status, for the chart; this quarter is added when missing. The plan's first financial
    year (``plan_start``, which names quarters after the first year "Q1 2010/11 (Q5)") is
    taken as the earliest quarter given. With no ``previous`` quarter nothing is said to
    have moved to RED: ``current_reds`` names the actions at RED instead.

    What the caller knows besides is set with ``dataclasses.replace``: ``final`` (the
    header then says "FINAL - issued with N unresolved validation errors" while the
    snapshot has errors), ``plan_start``, ``performance_report`` (one is written in the
    same run), ``chart_path``, ``queries`` (``query_notes``: what contradicts a status,
    explained beside the action). An action carried forward names the quarter whose
    return wrote its words, found in the earlier snapshots given.
    """
    quarter = snapshot.quarter
    history_counts = tuple(history_counts)
    history = _history(history_counts, previous, snapshot, settings.status_scheme)
    start = min((q for q, _ in history), default=quarter).financial_year
    positions = {p.ref: p for p in snapshot.actions}
    off_track = exceptions(plan, snapshot, settings)
    exception_refs = {item.ref for item in off_track}
    # the earlier quarters' snapshots, latest first: where carried-forward words came from
    held = {q: s for q, s in history_counts if isinstance(s, QuarterSnapshot) and q < quarter}
    if previous is not None:
        held.setdefault(previous.quarter, previous)
    earlier = sorted(held.items(), key=lambda item: item[0], reverse=True)
    missing = set(snapshot.missing_directorates)

    def row(action: Action) -> ActionRow:
        position = positions.get(action.ref)
        return replace(
            _action_row(action, position, action.ref in exception_refs),
            carried_from=_words_from(action.ref, earlier)
            if position is not None and position.carried_forward else "",
            unreported=_unreported(action, position, action.directorate in missing))

    rows = {a.ref: row(a) for a in plan.actions}

    by_outcome = plan.actions_by_outcome()
    outcomes = {o.ref: o for o in plan.outcomes}

    def tables(refs_in_order: Sequence[str], rows_of: Mapping[str, Sequence[Action]]
               ) -> tuple[OutcomeTable, ...]:
        result = []
        for ref in refs_in_order:
            outcome = outcomes.get(ref)
            result.append(OutcomeTable(ref, clean_text(outcome.title) if outcome else "",
                                       tuple(rows[a.ref] if a.ref in rows else row(a)
                                             for a in rows_of[ref])))
        return tuple(result)

    exception_groups = group_by_outcome(plan, off_track)
    achievement_groups = group_by_outcome(plan, notable_achievements(plan, snapshot, previous))
    forward_groups = group_by_outcome(plan, looking_forward(plan, snapshot))
    moves = board_moves(movement(previous, snapshot))
    plan_actions = {a.ref: a for a in plan.actions}
    order = {ref: i for i, ref in enumerate(plan_actions)}

    def in_plan_order(ref: str) -> tuple[int, str]:
        return (order.get(ref, len(order)), ref)

    timetable = settings.timetable_for(quarter)
    next_timetable = settings.timetable_for(quarter.next())
    return PackContext(
        organisation=settings.organisation,
        author=clean_text(settings.author),
        job_title=clean_text(settings.job_title),
        footer=clean_text(settings.footer_for(quarter)),
        colours=dict(settings.colours),
        amber_is_exception=settings.amber_is_exception,
        quarter=quarter,
        plan_start=start,
        previous_quarter=None if previous is None else previous.quarter,
        themes=tuple((t.number, clean_text(t.title)) for t in plan.themes),
        outcome_count=len(plan.outcomes),
        action_count=len(plan.actions),
        targeted_count=sum(1 for a in plan.actions
                           if (due := a.due_for(quarter.start)) is not None
                           and due <= quarter.end),
        summary=status_summary(snapshot, previous, settings.status_scheme),
        moves=moves,
        previous_reds=tuple(
            RedFollowUp(ref, clean_text(plan_actions[ref].text) if ref in plan_actions else "",
                        positions[ref].status if ref in positions else None)
            for ref in sorted(moves.previous_red, key=in_plan_order)),
        new_reds=() if previous is None else tuple(
            row(plan_actions[ref]) for ref in sorted(moves.to_red, key=in_plan_order)
            if ref in plan_actions),
        current_reds=tuple(row(a) for a in plan.actions
                           if (p := positions.get(a.ref)) is not None
                           and p.status is not None and p.status.off_track),
        exceptions=tables([g.outcome.ref for g in exception_groups], by_outcome),
        achievements=tables(
            [g.outcome.ref for g in achievement_groups],
            {g.outcome.ref: [i.action for i in g.items] for g in achievement_groups}),
        looking_forward=tables(
            [g.outcome.ref for g in forward_groups],
            {g.outcome.ref: [i.action for i in g.items] for g in forward_groups}),
        recommendations=_recommendations(plan, snapshot, previous),
        share=indicator_share,
        history_counts=tuple((q.label, counts) for q, counts in history),
        board_date=None if timetable is None else timetable.board,
        cabinet_member_date=None if timetable is None else timetable.date_of(
            CABINET_MEMBER_MEETING),
        next_board_date=None if next_timetable is None else next_timetable.board,
        then_to=" and then to the Cabinet Member" if any(
            m.key == CABINET_MEMBER_MEETING for m in settings.meetings) else "",
        created=snapshot.created,
        action_limit=settings.action_limit,
        error_count=len(errors(snapshot.findings)),
        status_scheme=settings.status_scheme,
        missing_returns=tuple(_missing_return(plan, name, rows)
                              for name in snapshot.missing_directorates),
        every_action=tables(list(by_outcome), by_outcome),
        section_words=settings.section_words,
    )


def _history(history: Iterable[tuple[Quarter, QuarterSnapshot | Counts]],
             previous: QuarterSnapshot | None, snapshot: QuarterSnapshot,
             scheme: StatusScheme) -> list[tuple[Quarter, Counts]]:
    """Counts by quarter, oldest first, ending with this quarter (later ones dropped)."""
    found: dict[Quarter, Counts] = {}
    for quarter, value in history:
        found[quarter] = (status_counts(value, scheme) if isinstance(value, QuarterSnapshot)
                          else dict(value))
    if previous is not None:
        found.setdefault(previous.quarter, status_counts(previous, scheme))
    found[snapshot.quarter] = status_counts(snapshot, scheme)
    return sorted(((q, c) for q, c in found.items() if q <= snapshot.quarter),
                  key=lambda item: item[0])


def _words_from(ref: str, earlier: Sequence[tuple[Quarter, QuarterSnapshot]]) -> str:
    """The quarter whose return wrote the position carried forward: the latest earlier
    quarter where it was not itself carried forward ("" when no snapshot held says)."""
    for quarter, snapshot in earlier:  # latest first
        position = snapshot.action(ref)
        if position is None:
            return ""
        if not position.carried_forward:
            return quarter.label
    return ""


def _unreported(action: Action, position: ActionPosition | None, no_return: bool) -> str:
    """Why an action has no status this quarter, as the appendix says it ("" when it has
    one)."""
    if position is not None and position.status is not None:
        return ""
    lead = clean_text(action.directorate)
    if position is not None and position.carried_forward:
        return (f"No return was received from {lead}, and the return carried forward gave no "
                "status either.")
    if no_return:
        return f"No return was received from {lead}, and no earlier position is known."
    if position is None or not position.source_file:
        return f"The return from {lead} has no row for this action."
    typed = clean_text(position.returned_status_text).strip()
    if typed:
        return f"Status not readable: the return said \u201c{typed}\u201d."
    return "No status was given in the return."


def _missing_return(plan: Plan, directorate: str, rows: Mapping[str, ActionRow]
                    ) -> MissingReturn:
    own = [rows[a.ref] for a in plan.actions_of(directorate) if a.ref in rows]
    carried = [r for r in own if r.carried_forward]
    return MissingReturn(
        directorate=clean_text(directorate), actions=len(own), carried=len(carried),
        carried_from=next((r.carried_from for r in carried if r.carried_from), ""),
        now_late=sum(1 for r in carried if r.changed_by_rule and r.status is not None
                     and r.status.off_track))


def _action_row(action: Action, position: ActionPosition | None, exception: bool) -> ActionRow:
    key_date = clean_text(key_date_text(action.key_date)) or "Not set"
    revised = action.agreed_revised_date
    if revised is not None and revised.parsed and revised.text:
        key_date = clean_text(revised_key_date_text(revised, action.key_date))
    lead = clean_text(action.directorate)
    if position is None:
        return ActionRow(action.ref, action.outcome, action.letter, clean_text(action.text),
                         key_date, lead, clean_text(action.success_criteria), None,
                         exception=exception)
    return ActionRow(
        ref=action.ref,
        outcome=action.outcome,
        letter=action.letter,
        text=clean_text(action.text),
        key_date=key_date,
        lead=lead,
        success_criteria=clean_text(action.success_criteria),
        status=position.status,
        carried_forward=position.carried_forward,
        commentary=clean_text(position.commentary).strip(),
        remedial_action=clean_text(position.remedial_action).strip(),
        revised_date=_offered_revision(position.revised_date, action),
        changed_by_rule=position.status_changed_by_rule,
        returned_status=position.returned_status,
        exception=exception,
    )


def _offered_revision(typed: str, action: Action) -> str:
    """A directorate's revised date in the one form, against the date that governs (the
    agreed revision, else the key date): ``Revised to 30 Jun 2010 (was 31 Mar 2010)``;
    "" when none was typed, or it is the governing date itself."""
    offered = parse_key_date(typed)
    if not typed.strip() or (offered.due is not None
                             and offered.due == action.governing_date.due):
        return ""
    return clean_text(revised_key_date_text(offered, action.governing_date))


def _recommendations(plan: Plan, snapshot: QuarterSnapshot,
                     previous: QuarterSnapshot | None) -> tuple[RecommendationGroup, ...]:
    now: dict[str, RecommendationPosition] = {p.ref: p for p in snapshot.recommendations}
    before: dict[str, RecommendationPosition] = (
        {p.ref: p for p in previous.recommendations} if previous is not None else {})
    sources: dict[str, list[RecommendationRow]] = {}
    earlier: dict[str, int] = {}
    for rec in plan.recommendations:
        source = clean_text(rec.source) or "Other recommendations"
        sources.setdefault(source, [])
        earlier.setdefault(source, 0)
        was = before.get(rec.ref)
        if was is not None and was.complete:
            earlier[source] += 1
            continue
        position = now.get(rec.ref)
        complete = position is not None and position.complete
        returned = position is not None and not position.carried_forward
        commentary = "" if position is None else clean_text(position.commentary).strip()
        revised = ""
        if rec.revised_date is not None and rec.revised_date.text:
            revised = clean_text(key_date_text(rec.revised_date))
        elif position is not None and position.new_target_date:
            revised = clean_text(key_date_text(parse_key_date(position.new_target_date)))
        sources[source].append(RecommendationRow(
            ref=clean_text(rec.ref),
            source=source,
            text=clean_text(rec.text),
            lead=clean_text(rec.directorate),
            original_date=clean_text(key_date_text(rec.original_date)),
            revised_date=revised,
            complete=complete,
            completed_this_quarter=complete and previous is not None,
            carried_forward=position is not None and position.carried_forward,
            commentary=commentary,
            progress_reported=returned and bool(commentary),
        ))
    return tuple(RecommendationGroup(source, tuple(rows), earlier[source],
                                     compared=previous is not None)
                 for source, rows in sources.items())
