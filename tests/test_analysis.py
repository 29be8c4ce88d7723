"""Analysis of the key actions: counts and brackets, movement and the three report
sections, rebuilt against the Q4 2009/10 report."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reporter.analysis import (
    STATUS_ROWS,
    board_moves,
    exceptions,
    group_by_outcome,
    looking_forward,
    movement,
    notable_achievements,
    status_counts,
    status_summary,
    summaries_by_directorate,
    summaries_by_theme,
)
from reporter.config.plan import load_plan
from reporter.config.settings import load_settings
from reporter.periods import Quarter
from reporter.snapshot import ActionPosition, QuarterSnapshot
from reporter.status import Status

C, G, A, R = Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED
Q3, Q4 = Quarter(2009, 3), Quarter(2009, 4)
SETTINGS = load_settings()
REGISTER = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"

PLAN = load_plan(REGISTER)  # the 62-action sample plan
REFS = [a.ref for a in PLAN.actions]


def positions(statuses: dict[str, Status | None], **extra: object) -> tuple[ActionPosition, ...]:
    """Positions in plan order; the directorate is the plan's lead."""
    return tuple(
        ActionPosition(a.ref, a.directorate, statuses[a.ref], returned_status=statuses[a.ref],
                       evidence=f"evidence for {a.ref}", **extra)  # type: ignore[arg-type]
        for a in PLAN.actions if a.ref in statuses
    )


def snap(quarter: Quarter, statuses: dict[str, Status | None], **kw: object) -> QuarterSnapshot:
    return QuarterSnapshot(quarter, positions(statuses), **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the reference

def reference_quarters() -> tuple[QuarterSnapshot, QuarterSnapshot, list[str]]:
    """Q3 and Q4 2009/10 as the Board report gives them: 12/33/10/7 then 43/15/4/0,
    the 7 Reds of Q3 all Complete in Q4. Returns (q3, q4, the 7 Red refs)."""
    refs = REFS[:]
    random.Random(2010).shuffle(refs)
    complete, red, amber, green = refs[:12], refs[12:19], refs[19:29], refs[29:]
    q3 = {**dict.fromkeys(complete, C), **dict.fromkeys(red, R),
          **dict.fromkeys(amber, A), **dict.fromkeys(green, G)}
    q4 = {**dict.fromkeys(complete + red + amber[:6] + green[:18], C),
          **dict.fromkeys(amber[6:], A), **dict.fromkeys(green[18:], G)}
    red_in_plan_order = [r for r in REFS if r in red]
    return snap(Q3, q3), snap(Q4, q4), red_in_plan_order


def test_the_plan_has_62_actions():
    assert len(PLAN.actions) == 62 and len(PLAN.indicators) == 20


def test_reference_report_counts_in_brackets():
    q3, q4, _ = reference_quarters()
    summary = status_summary(q4, q3)
    assert [summary.bracket(s) for s in (C, G, A, R)] == ["43 (12)", "15 (33)", "4 (10)", "0 (7)"]
    assert summary.total == 62


def test_reference_report_the_seven_reds_are_complete():
    q3, q4, reds = reference_quarters()
    moves = board_moves(movement(q3, q4))
    assert list(moves.previous_red) == reds and len(reds) == 7
    assert list(moves.red_to_complete) == reds
    assert moves.all_previous_red_complete
    assert moves.still_red == () and moves.to_red == ()


# --------------------------------------------------------------------------- counts

def test_counts_cover_every_status_and_not_reported():
    counts = status_counts(snap(Q3, {"1.1a": C, "1.1b": None, "1.1c": C}))
    assert counts == {C: 2, G: 0, A: 0, R: 0, None: 1}
    assert status_counts(None) == dict.fromkeys(STATUS_ROWS, 0)


def test_bracket_without_a_previous_quarter():
    assert status_summary(snap(Q3, {"1.1a": C})).bracket(C) == "1"


def test_counts_by_theme_and_directorate():
    q3, q4, _ = reference_quarters()
    themes = summaries_by_theme(PLAN, q4, q3)
    assert list(themes) == [1, 2, 3, 4, 5, 6]
    assert sum(s.total for s in themes.values()) == 62
    assert sum(s.previous[R] for s in themes.values()) == 7  # type: ignore[index]
    theme1 = themes[1]
    assert theme1.total == sum(1 for a in PLAN.actions if a.ref.startswith("1."))
    directorates = summaries_by_directorate(PLAN, q4, q3)
    assert list(directorates) == [d.name for d in PLAN.directorates]
    assert directorates["Finance"].total == len(PLAN.actions_of("Finance"))
    assert directorates["Finance"].bracket(C).count("(") == 1


# --------------------------------------------------------------------------- movement

def test_movement_matrix_names_the_refs():
    before = snap(Q3, {"1.1a": R, "1.1b": G, "1.1c": A, "1.2a": C})
    after = snap(Q4, {"1.1a": C, "1.1b": R, "1.1c": A, "1.2a": C, "1.2b": G})
    moves = movement(before, after)
    assert moves.refs(R, C) == ("1.1a",)
    assert moves.refs(G, R) == ("1.1b",)
    assert moves.refs(None, G) == ("1.2b",)  # new this quarter: not reported before
    assert moves.row_total(A) == 1 and moves.column_total(C) == 2
    board = board_moves(moves)
    assert board.to_red == ("1.1b",) and board.red_to_complete == ("1.1a",)
    assert board.all_previous_red_complete


def test_movement_without_a_previous_quarter_comes_from_not_reported():
    moves = movement(None, snap(Q3, {"1.1a": R}))
    assert moves.refs(None, R) == ("1.1a",)
    assert board_moves(moves).to_red == ("1.1a",)
    assert not board_moves(moves).all_previous_red_complete


status_maps = st.dictionaries(st.sampled_from(REFS), st.sampled_from(STATUS_ROWS), max_size=62)


@given(status_maps)
def test_counts_add_up_to_the_number_of_actions(statuses):
    snapshot = snap(Q3, statuses)
    assert sum(status_counts(snapshot).values()) == len(snapshot.actions)
    assert sum(s.total for s in summaries_by_theme(PLAN, snapshot).values()) == len(statuses)


@given(st.lists(st.tuples(st.sampled_from(STATUS_ROWS), st.sampled_from(STATUS_ROWS)),
                min_size=0, max_size=62))
def test_movement_rows_sum_to_last_quarters_counts(pairs):
    refs = REFS[:len(pairs)]
    before = snap(Q3, {r: p[0] for r, p in zip(refs, pairs)})
    after = snap(Q4, {r: p[1] for r, p in zip(refs, pairs)})
    moves = movement(before, after)
    previous, current = status_counts(before), status_counts(after)
    for status in STATUS_ROWS:
        assert moves.row_total(status) == previous[status]
        assert moves.column_total(status) == current[status]


# --------------------------------------------------------------------------- sections

def test_exceptions_are_reds_in_plan_order_with_the_rule_named():
    revised = ActionPosition("1.3a", "Operations", R, returned_status=G,
                             returned_status_text="Green")
    snapshot = QuarterSnapshot(Q3, positions({"2.2a": A, "1.1a": R, "1.1b": C}) + (revised,))
    items = exceptions(PLAN, snapshot, SETTINGS)
    assert [i.ref for i in items] == ["1.1a", "1.3a"]
    assert items[1].reason == ("returned as Green; the key date having passed, reported as "
                               "Red pending completion")
    assert items[1].due == date(2010, 3, 31)  # the agreed revised date governs
    amber_too = replace(SETTINGS, amber_is_exception=True)
    assert [i.ref for i in exceptions(PLAN, snapshot, amber_too)] == ["1.1a", "1.3a", "2.2a"]
    groups = group_by_outcome(PLAN, items)
    assert [(g.outcome.ref, [i.ref for i in g.items]) for g in groups] == [
        ("1.1", ["1.1a"]), ("1.3", ["1.3a"])]


def test_notable_achievements_are_new_completions_and_marked_ones():
    before = snap(Q3, {"1.1a": C, "1.1b": G, "1.1c": G})
    marked = ActionPosition("1.1c", "Operations", G, notable=True)
    after = QuarterSnapshot(Q4, positions({"1.1a": C, "1.1b": C}) + (marked,))
    items = notable_achievements(PLAN, after, before)
    assert [(i.ref, i.reason) for i in items] == [
        ("1.1b", "completed this quarter"), ("1.1c", "marked notable")]


def test_looking_forward_from_q4_is_next_years_q1():
    statuses = {ref: G for ref in REFS} | {"1.1c": C}
    items = looking_forward(PLAN, snap(Q4, statuses))
    refs = [i.ref for i in items]
    # Key dates April to June 2010: the Complete one and those moved out by an agreed
    # revision (6.1b to Oct 10, 4.3c to Jul 10) are left out; 6.2a moved in (31/05/2010).
    assert refs == ["1.4c", "2.2b", "3.2b", "3.4c", "4.2c", "4.2d", "6.2a", "6.3a"]
    assert all(i.reason == "key date in Q1 2010/11" for i in items)
    assert next(i for i in items if i.ref == "6.2a").due == date(2010, 5, 31)


def test_looking_forward_counts_a_recurring_date_every_year():
    statuses = {ref: G for ref in REFS}
    refs = [i.ref for i in looking_forward(PLAN, snap(Quarter(2010, 2), statuses))]
    assert "4.1c" in refs  # "December annually": December 2010 falls in Q3 2010/11
