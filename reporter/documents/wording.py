"""The sentences the pack computes: counts with brackets, what became of last
quarter's Reds, the indicator test, the external recommendations.

Pure functions of a PackContext returning plain text. The prose around them lives
in the Word templates, where the PSI officer edits it without code; only the
sentences whose grammar depends on the figures are built here.
"""

from __future__ import annotations

from collections.abc import Sequence

from reporter.analysis import ImprovementShare, StatusSummary
from reporter.documents.context import PackContext, RecommendationGroup, RecommendationRow
from reporter.periods import FinancialYear, Quarter
from reporter.status import Status

# The phrase after each count, as the Board has read them since the first report.
COUNT_PHRASES: dict[Status | None, tuple[str, str]] = {  # (one, many)
    Status.COMPLETE: ("action being completed on or ahead of time",
                      "actions being completed on or ahead of time"),
    Status.GREEN: ("action progressing in line with timescales",
                   "actions progressing in line with timescales"),
    Status.AMBER: ("action progressing with some concern for timescale",
                   "actions progressing with some concern for timescale"),
    Status.RED: ("action confirmed as being behind schedule",
                 "actions confirmed as being behind schedule"),
    None: ("action with no status reported", "actions with no status reported"),
}

# What an action that was Red last quarter has become, by its status now.
_RED_BECAME: dict[Status | None, tuple[str, str]] = {  # (one, many)
    Status.COMPLETE: ("has been completed", "have been completed"),
    Status.GREEN: ("is now on track (GREEN)", "are now on track (GREEN)"),
    Status.AMBER: ("is now progressing with some concern for timescale (AMBER)",
                   "are now progressing with some concern for timescale (AMBER)"),
    Status.RED: ("remains at RED status", "remain at RED status"),
    None: ("has not been reported this quarter", "have not been reported this quarter"),
}

FIRST_QUARTER = ("This is the first quarter reported, so there are no earlier RED actions to "
                 "follow up.")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth")


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def join_and(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def ordinal(n: int) -> str:
    """``second`` for 2 (``13th`` past twelve)."""
    if 1 <= n <= len(ORDINALS):
        return ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --------------------------------------------------------------------------- counts

def count_lines(summary: StatusSummary) -> list[str]:
    """``43 (12) actions being completed on or ahead of time;`` ... ``0 (7) actions
    confirmed as being behind schedule.``: Complete, Green, Amber, Red (and "no status
    reported" when any), the previous quarter in brackets, the last two joined by "and"."""
    shown: list[Status | None] = [Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED]
    previous = summary.previous or {}
    if summary.current.get(None, 0) or previous.get(None, 0):
        shown.append(None)
    lines = []
    for i, status in enumerate(shown):
        one, many = COUNT_PHRASES[status]
        count = summary.current.get(status, 0)
        ending = "." if i == len(shown) - 1 else "; and" if i == len(shown) - 2 else ";"
        lines.append(f"{summary.bracket(status)} {plural(count, one, many)}{ending}")
    return lines


def brackets_note(context: PackContext) -> str:
    """What the brackets mean (or that there is no earlier quarter)."""
    if context.previous_quarter is None:
        return "There is no earlier quarter to compare with, so no previous values are shown."
    return ("N.B. The values in brackets indicate the situation at the end of the previous "
            f"quarter on {context.previous_quarter_end}.")


def targeted_sentence(context: PackContext) -> str:
    """``Of the 62 actions within the Improvement Plan, 33 were targeted for completion by
    the end of Q4.``"""
    verb = plural(context.targeted_count, "was", "were")
    return (f"Of the {context.action_count} actions within the Improvement Plan, "
            f"{context.targeted_count} {verb} targeted for completion by the end of "
            f"{context.quarter_name}.")


# --------------------------------------------------------------------------- Reds

def _red_parts(context: PackContext) -> list[str]:
    parts = []
    for status in (Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED, None):
        n = sum(1 for red in context.previous_reds if red.now is status)
        if n:
            parts.append(f"{n} {plural(n, *_RED_BECAME[status])}")
    return parts


def reds_summary(context: PackContext) -> str:
    """The executive summary's sentence on last quarter's Reds."""
    if context.previous_quarter is None:
        return FIRST_QUARTER
    reds = context.previous_reds
    if not reds:
        return "No actions were at RED status at the end of the previous quarter."
    if context.moves.all_previous_red_complete:
        if len(reds) == 1:
            return ("Performance in complying with the Plan has been good with the one "
                    "previously reported action at RED status being completed.")
        return ("Performance in complying with the Plan has been good with the "
                f"{len(reds)} previously reported actions at RED status being completed.")
    return (f"Of the {len(reds)} {plural(len(reds), 'action', 'actions')} at RED status at the "
            f"end of the previous quarter, {join_and(_red_parts(context))}.")


def reds_detail(context: PackContext) -> str:
    """The progress section's account of last quarter's Reds."""
    if context.previous_quarter is None:
        return FIRST_QUARTER
    reds = context.previous_reds
    if not reds:
        return "No actions were at RED status at the end of the previous quarter."
    were = plural(len(reds), "was 1 action", f"were {len(reds)} actions")
    opening = f"During the previous quarter there {were} at RED status, i.e. behind target."
    if context.moves.all_previous_red_complete:
        them = plural(len(reds), "the action has", f"the {len(reds)} actions have")
        return f"{opening} It is confirmed that {them} since been completed."
    return f"{opening} Of those, {join_and(_red_parts(context))}."


def still_red_lines(context: PackContext) -> list[str]:
    """``1.3a Review and agree service standards with leaseholders``, for each action
    Red last quarter and still Red."""
    return [f"{red.ref} {red.text}".strip() for red in context.previous_reds
            if red.now is Status.RED]


def new_reds_sentence(context: PackContext) -> str:
    """How many actions moved to RED this quarter ("" when none)."""
    n = len(context.new_reds)
    if not n:
        return ""
    return (f"{n} {plural(n, 'action has', 'actions have')} moved to RED status during the "
            "quarter; the reasons and the remedial action are given in Section 1 of "
            "Appendix A.")


def new_red_lines(context: PackContext) -> list[str]:
    return [f"{row.ref} {row.text}".strip() for row in context.new_reds]


# --------------------------------------------------------------------------- indicators

def share_sentence(share: ImprovementShare | None, quarter: Quarter) -> str:
    """The 70% test: at Q4 ``It is confirmed that the actual improvement on 2008/09
    performance indicators was 65%, i.e. 11 out of 17 exceeded the previous year's
    outturn, short of the plan's target of 70%.``; earlier quarters compare the year
    so far with the same months of last year."""
    last = FinancialYear(quarter.year - 1).label
    if share is None or not share.comparable:
        return (f"No performance indicator can yet be compared with {last}, so the plan\u2019s "
                "target for improvement cannot be assessed this quarter.")
    verdict = "meeting" if share.meets else "short of"
    target = f"{verdict} the plan\u2019s target of {share.target_percent}"
    if quarter.number == 4:
        return (f"It is confirmed that the actual improvement on {last} performance indicators "
                f"was {share.percent}, i.e. {share.improved} out of {share.comparable} exceeded "
                f"the previous year\u2019s outturn, {target}.")
    return (f"So far this year {share.percent} of comparable performance indicators "
            f"({share.improved} out of {share.comparable}) are better than at the same point "
            f"of {last}, {target}.")


# --------------------------------------------------------------------------- recommendations

def recommendation_sentence(group: RecommendationGroup, where: str = "in Appendix A") -> str:
    """What became of one source's recommendations outstanding at the start of the quarter;
    ``where`` says where their revised dates are shown."""
    n, done = group.outstanding_at_start, group.completed_this_quarter
    left = n - done
    what = f"{group.source} {plural(n, 'recommendation', 'recommendations')}"
    if n == 0:
        if group.completed_earlier:
            return f"All the {group.source} recommendations were completed in earlier quarters."
        return ""
    if done == n:
        if n == 1:
            return (f"The one {what} outstanding at the start of the quarter has been "
                    "completed.")
        return f"All {n} {what} outstanding at the start of the quarter have been completed."
    if done == 0:
        return (f"Of the {n} {what} outstanding at the start of the quarter, none has yet been "
                f"completed; {plural(n, 'it is', 'all are')} being progressed against the revised "
                f"dates shown {where}.")
    return (f"Of the {n} {what} outstanding at the start of the quarter, {done} "
            f"{plural(done, 'has', 'have')} been completed and the remaining {left} "
            f"{plural(left, 'is', 'are')} being progressed against the revised dates shown "
            f"{where}.")


def recommendation_line(row: RecommendationRow) -> str:
    """``AC 1 – Focus on ... (revised date 30/10/2010)`` (the ref once, when the text
    starts with its number: ``CSE 5.3.3`` and ``5.3.3 You do not ...``)."""
    number = row.ref.split()[-1] if row.ref.split() else ""
    lead = "" if number and row.text.startswith(number) else f"{row.ref} \u2013 "
    date_text = f" (revised date {row.revised_date})" if row.revised_date else (
        f" (date {row.original_date})" if row.original_date else "")
    return f"{lead}{row.text}{date_text}"
