"""Analysis of quarter snapshots' key actions: the figures and lists the Board reads.

Pure functions over the plan and snapshots (no I/O): counts by status with last
quarter's in brackets, the movement between quarters and the three sections of the
progress report (exceptions, notable achievements, looking forward). The indicators'
analysis is in ``reporter.indicators.results``.

Conventions:

- ``None`` as a status means "not reported" (no return, or a status not understood).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from reporter.config.plan import Action, Outcome, Plan
from reporter.config.settings import Settings
from reporter.periods import Quarter
from reporter.snapshot import ActionPosition, QuarterSnapshot
from reporter.status import DEFAULT_SCHEME, Meaning, Status, StatusScheme

Counts = dict[Status | None, int]


def status_rows(scheme: StatusScheme = DEFAULT_SCHEME) -> tuple[Status | None, ...]:
    """The order the Board reads counts in (Complete, Green, Amber, Red for the plan's
    scheme); None, last, is "not reported"."""
    return (*scheme.counted, None)


# The plan's own scheme's rows.
STATUS_ROWS: tuple[Status | None, ...] = status_rows()


# --------------------------------------------------------------------------- counts

def status_counts(snapshot: QuarterSnapshot | None,
                  scheme: StatusScheme = DEFAULT_SCHEME) -> Counts:
    """Actions by reported status: every row of the scheme, 0 when none (all 0 for None)."""
    counts: Counts = dict.fromkeys(status_rows(scheme), 0)
    for position in snapshot.actions if snapshot is not None else ():
        counts[position.status] = counts.get(position.status, 0) + 1
    return counts


@dataclass(frozen=True)
class StatusSummary:
    """This quarter's counts by status and, when known, the previous quarter's."""

    current: Mapping[Status | None, int]
    previous: Mapping[Status | None, int] | None = None

    @property
    def total(self) -> int:
        return sum(self.current.values())

    def bracket(self, status: Status | None) -> str:
        """``43 (12)``: this quarter's count with the previous in brackets (``43`` alone
        when there is no previous quarter)."""
        now = self.current.get(status, 0)
        if self.previous is None:
            return str(now)
        return f"{now} ({self.previous.get(status, 0)})"


def status_summary(snapshot: QuarterSnapshot, previous: QuarterSnapshot | None = None,
                   scheme: StatusScheme = DEFAULT_SCHEME) -> StatusSummary:
    """The counts of a quarter with the previous quarter's, for the brackets."""
    return StatusSummary(status_counts(snapshot, scheme),
                         None if previous is None else status_counts(previous, scheme))


def summaries_by_theme(plan: Plan, snapshot: QuarterSnapshot,
                       previous: QuarterSnapshot | None = None,
                       scheme: StatusScheme = DEFAULT_SCHEME) -> dict[int, StatusSummary]:
    """Theme number -> its StatusSummary, for every theme of the plan, in plan order."""
    themes = {o.ref: o.theme for o in plan.outcomes}
    outcomes = {a.ref: a.outcome for a in plan.actions}

    def theme(position: ActionPosition) -> int:
        outcome = outcomes.get(position.ref, position.ref[:-1])
        return themes.get(outcome, _leading_number(position.ref))

    return _grouped(snapshot, previous, theme, [t.number for t in plan.themes], scheme)


def summaries_by_directorate(plan: Plan, snapshot: QuarterSnapshot,
                             previous: QuarterSnapshot | None = None,
                             scheme: StatusScheme = DEFAULT_SCHEME
                             ) -> dict[str, StatusSummary]:
    """Lead directorate -> its StatusSummary, for every directorate of the plan, in plan order.

    The plan's lead directorate counts; the return's is used for an action not in the plan.
    """
    leads = {a.ref: a.directorate for a in plan.actions}

    def lead(position: ActionPosition) -> str:
        return leads.get(position.ref, position.directorate)

    return _grouped(snapshot, previous, lead, [d.name for d in plan.directorates], scheme)


Key = TypeVar("Key")


def _grouped(snapshot: QuarterSnapshot, previous: QuarterSnapshot | None,
             key: Callable[[ActionPosition], Key], order: list[Key],
             scheme: StatusScheme) -> dict[Key, StatusSummary]:
    """StatusSummary per group, the keys of ``order`` first, then any others seen."""
    rows = status_rows(scheme)

    def counts(snap: QuarterSnapshot) -> dict[Key, Counts]:
        result: dict[Key, Counts] = {k: dict.fromkeys(rows, 0) for k in order}
        for position in snap.actions:
            group = result.setdefault(key(position), dict.fromkeys(rows, 0))
            group[position.status] = group.get(position.status, 0) + 1
        return result

    now = counts(snapshot)
    before = counts(previous) if previous is not None else None
    keys = list(now) + [k for k in (before or {}) if k not in now]
    return {k: StatusSummary(now.get(k) or dict.fromkeys(rows, 0),
                             None if before is None
                             else before.get(k) or dict.fromkeys(rows, 0))
            for k in keys}


def _leading_number(ref: str) -> int:
    digits = ref.split(".")[0].strip()
    return int(digits) if digits.isdigit() else 0


# --------------------------------------------------------------------------- movement

@dataclass(frozen=True)
class Movement:
    """The refs that moved from each of last quarter's statuses to each of this quarter's.

    ``moves[(from, to)]`` holds a tuple of refs for every pair seen (``refs`` gives an
    empty tuple for any other). An action missing from a snapshot counts as None (not
    reported) there, so each row sums to last quarter's count of that status when both
    hold the same actions.
    """

    moves: Mapping[tuple[Status | None, Status | None], tuple[str, ...]]

    def refs(self, before: Status | None, after: Status | None) -> tuple[str, ...]:
        return self.moves.get((before, after), ())

    def count(self, before: Status | None, after: Status | None) -> int:
        return len(self.refs(before, after))

    def row_total(self, before: Status | None) -> int:
        """How many actions had status ``before`` last quarter."""
        return sum(len(refs) for (b, _), refs in self.moves.items() if b == before)

    def column_total(self, after: Status | None) -> int:
        """How many actions have status ``after`` this quarter."""
        return sum(len(refs) for (_, a), refs in self.moves.items() if a == after)


def movement(previous: QuarterSnapshot | None, current: QuarterSnapshot) -> Movement:
    """The movement matrix from the previous quarter's statuses to this quarter's."""
    before = {p.ref: p.status for p in previous.actions} if previous is not None else {}
    after = {p.ref: p.status for p in current.actions}
    refs = list(after) + [ref for ref in before if ref not in after]
    cells: dict[tuple[Status | None, Status | None], list[str]] = {}
    for ref in refs:
        cells.setdefault((before.get(ref), after.get(ref)), []).append(ref)
    return Movement({pair: tuple(found) for pair, found in cells.items()})


@dataclass(frozen=True)
class BoardMoves:
    """The moves the Board asks about, as refs in snapshot order."""

    previous_red: tuple[str, ...]  # Red last quarter
    red_to_complete: tuple[str, ...]  # Red last quarter, Complete now
    still_red: tuple[str, ...]  # Red both quarters
    to_red: tuple[str, ...]  # anything else last quarter (or not reported), Red now

    @property
    def all_previous_red_complete(self) -> bool:
        """True when there were Reds last quarter and every one of them is now Complete."""
        return bool(self.previous_red) and self.red_to_complete == self.previous_red


def board_moves(moves: Movement) -> BoardMoves:
    """Off track (Red) to done (Complete), off track still, and anything to off track,
    from a movement matrix, by the categories' meanings."""
    def off(status: Status | None) -> bool:
        return status is not None and status.off_track

    def done(status: Status | None) -> bool:
        return status is not None and status.done

    pairs = moves.moves.items()
    return BoardMoves(
        previous_red=tuple(r for (b, _), refs in pairs if off(b) for r in refs),
        red_to_complete=tuple(r for (b, a), refs in pairs if off(b) and done(a) for r in refs),
        still_red=tuple(r for (b, a), refs in pairs if off(b) and off(a) for r in refs),
        to_red=tuple(r for (b, a), refs in pairs if not off(b) and off(a) for r in refs),
    )


# --------------------------------------------------------------------------- sections

@dataclass(frozen=True)
class ActionItem:
    """An action of the plan with its position this quarter (None when not reported)."""

    action: Action
    position: ActionPosition | None
    due: date | None = None  # the key date that puts it in the section, where one does
    reason: str = ""  # why it is listed, for people

    @property
    def ref(self) -> str:
        return self.action.ref

    @property
    def status(self) -> Status | None:
        return None if self.position is None else self.position.status


@dataclass(frozen=True)
class OutcomeGroup:
    """Items of one desired outcome, for the progress report's tables."""

    outcome: Outcome
    items: tuple[ActionItem, ...]


def _items(plan: Plan, snapshot: QuarterSnapshot) -> list[tuple[Action, ActionPosition | None]]:
    positions = {p.ref: p for p in snapshot.actions}
    return [(action, positions.get(action.ref)) for action in plan.actions]


def exceptions(plan: Plan, snapshot: QuarterSnapshot, settings: Settings) -> tuple[ActionItem, ...]:
    """Actions whose status demands narrative (Red; Amber too when set), in plan order.

    The reason says when the status was revised by the key-date rule.
    """
    statuses = settings.exception_statuses()
    result = []
    for action, position in _items(plan, snapshot):
        if position is None or position.status not in statuses:
            continue
        reason = ""
        if position.status_changed_by_rule and position.returned_status is not None:
            reason = (f"returned as {position.returned_status.value}; the key date having "
                      f"passed, reported as {position.status.value} pending completion")
        result.append(ActionItem(action, position, action.due_for(snapshot.quarter.start), reason))
    return tuple(result)


def notable_achievements(plan: Plan, snapshot: QuarterSnapshot,
                         previous: QuarterSnapshot | None) -> tuple[ActionItem, ...]:
    """Actions completed this quarter, or marked notable by the directorate, in plan order.

    Completed this quarter: Complete now and not Complete in the previous snapshot (with
    no previous snapshot, or no position in it, every Complete action counts). A position
    carried forward (no return) is last quarter's news, not this quarter's.
    """
    before = {p.ref: p.status for p in previous.actions} if previous is not None else {}
    result = []
    for action, position in _items(plan, snapshot):
        if position is None or position.carried_forward:  # nothing was reported this quarter
            continue
        was = before.get(action.ref)
        completed = (position.status is not None and position.status.done
                     and not (was is not None and was.done))
        reasons = [text for flag, text in ((completed, "completed this quarter"),
                                           (position.notable, "marked notable")) if flag]
        if reasons:
            result.append(ActionItem(action, position, reason="; ".join(reasons)))
    return tuple(result)


def looking_forward(plan: Plan, snapshot: QuarterSnapshot,
                    quarter: Quarter | None = None) -> tuple[ActionItem, ...]:
    """Actions not complete whose key date falls in the next quarter, in plan order.

    ``quarter`` defaults to the snapshot's; after Q4 the next quarter is next year's Q1.
    The governing key date counts (an agreed revision recorded in the plan), and a
    recurring date ("December annually") counts in each year it falls.
    """
    upcoming = (quarter or snapshot.quarter).next()
    result = []
    for action, position in _items(plan, snapshot):
        due = action.due_for(upcoming.start)
        if due is None or not upcoming.contains(due):
            continue
        if position is not None and position.status is not None and position.status.meaning in (
                Meaning.DONE, Meaning.CLOSED):  # finished, or withdrawn: nothing to look for
            continue
        result.append(ActionItem(action, position, due, f"key date in {upcoming.label}"))
    return tuple(result)


def group_by_outcome(plan: Plan, items: Iterable[ActionItem]) -> tuple[OutcomeGroup, ...]:
    """Items grouped by their desired outcome, outcomes in plan order (empty ones left out)."""
    grouped: dict[str, list[ActionItem]] = {}
    for item in items:
        grouped.setdefault(item.action.outcome, []).append(item)
    outcomes = {o.ref: o for o in plan.outcomes}
    order = [o.ref for o in plan.outcomes] + [r for r in grouped if r not in outcomes]
    return tuple(
        OutcomeGroup(outcomes.get(ref) or Outcome(ref, _leading_number(ref), ""),
                     tuple(grouped[ref]))
        for ref in order if ref in grouped
    )
