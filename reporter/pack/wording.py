"""The sentences the pack computes: counts with brackets, what became of last
quarter's Reds, the indicator test, the external recommendations.

Pure functions of a PackContext returning plain text. The prose around them lives
in the Word templates, where the PSI officer edits it without code; the sentences
whose grammar depends on the figures are built here, and so is every sentence that
judges (delivery "good", "further progress", progress on recommendations): each
follows from the figures, never from fixed text. With no earlier quarter nothing is
said to have moved or been completed "during the quarter"; with no returns at all the
pack says the position is not known.
"""

from __future__ import annotations

from reporter.analysis import StatusSummary
from reporter.indicators.results import DATA_ONLY_REASON, ImprovementShare
from reporter.pack.context import (
    CARRIED_MARK,
    MissingReturn,
    PackContext,
    RecommendationGroup,
    RecommendationRow,
)
from reporter.periods import Quarter
from reporter.status import Meaning, Status
from reporter.words import join_and, plural

# The phrase after each count, as the Board has read them since the first report.
# By meaning, so any scheme's categories read the same way; a category sharing its
# meaning with another is named after the phrase.
COUNT_PHRASES: dict[Meaning | None, tuple[str, str]] = {  # (one, many)
    Meaning.DONE: ("action being completed on or ahead of time",
                   "actions being completed on or ahead of time"),
    Meaning.ON_TRACK: ("action progressing in line with timescales",
                       "actions progressing in line with timescales"),
    Meaning.AT_RISK: ("action progressing with some concern for timescale",
                      "actions progressing with some concern for timescale"),
    Meaning.OFF_TRACK: ("action confirmed as being behind schedule",
                        "actions confirmed as being behind schedule"),
    Meaning.NOT_STARTED: ("action not yet started", "actions not yet started"),
    Meaning.NOT_DUE: ("action not yet due", "actions not yet due"),
    Meaning.CLOSED: ("action closed", "actions closed"),
    None: ("action with no status reported", "actions with no status reported"),
}


def _red_became(status: Status | None) -> tuple[str, str]:
    """What an action that was off track last quarter has become, by its status now."""
    if status is None:
        return ("has not been reported this quarter", "have not been reported this quarter")
    name = status.label.upper()
    return {
        Meaning.DONE: ("has been completed", "have been completed"),
        Meaning.ON_TRACK: (f"is now on track ({name})", f"are now on track ({name})"),
        Meaning.AT_RISK: (f"is now progressing with some concern for timescale ({name})",
                          f"are now progressing with some concern for timescale ({name})"),
        Meaning.OFF_TRACK: (f"remains at {name} status", f"remain at {name} status"),
    }.get(status.meaning, (f"is now {status.label}", f"are now {status.label}"))

FIRST_QUARTER = "This is the first quarter reported: there is no earlier quarter to compare with."
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth")


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
    shown: list[Status | None] = [s for s in summary.current if s is not None]
    previous = summary.previous or {}
    if summary.current.get(None, 0) or previous.get(None, 0):
        shown.append(None)
    meanings = [s.meaning for s in shown if s is not None]
    lines = []
    for i, status in enumerate(shown):
        one, many = COUNT_PHRASES[None if status is None else status.meaning]
        if status is not None and meanings.count(status.meaning) > 1:
            one, many = f"{one} ({status.label})", f"{many} ({status.label})"
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
    return (f"Of the {context.action_count} actions within the "
            f"{context.organisation.plan_name}, "
            f"{context.targeted_count} {verb} targeted for completion by the end of "
            f"{context.quarter_name}.")


# --------------------------------------------------------------------------- the verdict

def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:1].isalpha() else text


def no_returns_sentence(context: PackContext) -> str:
    """Every action unreported: say plainly that the position is not known."""
    n = context.summary.total
    return (f"No returns were received for {context.quarter_name}, so the position of the "
            f"{n} {plural(n, 'action', 'actions')} at the end of the quarter is not known.")


def delivery_good(context: PackContext) -> bool:
    """Whether the pack may call delivery good: every action reported, and either none at
    RED, or every action at RED last quarter now complete and fewer at RED than then."""
    if context.summary.total == 0 or context.not_reported_count:
        return False
    if context.red_count == 0:
        return True
    previous = context.summary.previous
    return (previous is not None and context.moves.all_previous_red_complete
            and context.red_count < sum(n for s, n in previous.items()
                                        if s is not None and s.off_track))


def position_sentence(context: PackContext) -> str:
    """The plain count of what is wrong: ``4 actions are behind schedule and 1 was not
    reported.``; ``No action is behind schedule.``; the no-returns sentence when nothing
    was reported."""
    if context.nothing_reported:
        return no_returns_sentence(context)
    red, missing = context.red_count, context.not_reported_count
    behind = f"{red} {plural(red, 'action is', 'actions are')} behind schedule"
    if red and missing:
        return f"{behind} and {missing} {plural(missing, 'was', 'were')} not reported."
    if red:
        return f"{behind}."
    if missing:
        return (f"No action is reported as behind schedule, but {missing} "
                f"{plural(missing, 'action was', 'actions were')} not reported, so "
                f"{plural(missing, 'its', 'their')} position is not known.")
    return "No action is behind schedule."


def _red_parts(context: PackContext) -> list[str]:
    parts = []
    for status in context.summary.current:
        n = sum(1 for red in context.previous_reds if red.now == status)
        if n:
            parts.append(f"{n} {plural(n, *_red_became(status))}")
    return parts


def _late_word(context: PackContext) -> str:
    """The scheme's off-track status as the executive summary shouts it: "RED"."""
    return context.status_scheme.late.label.upper()


def reds_summary(context: PackContext) -> str:
    """The executive summary's verdict: "good" only when the figures say so (see
    ``delivery_good``), what became of last quarter's Reds, otherwise the plain counts."""
    late = _late_word(context)
    if context.nothing_reported:
        return no_returns_sentence(context)
    good = delivery_good(context)
    if context.first_quarter:
        verdict = ("Performance in complying with the Plan has been good: every action was "
                   "reported and none is behind schedule." if good
                   else position_sentence(context))
        return f"{FIRST_QUARTER} {verdict}"
    reds = context.previous_reds
    n = len(reds)
    if not reds:
        if good:
            return ("Performance in complying with the Plan has been good: no action was at "
                    f"{late} status at the end of the previous quarter and none is now.")
        return (f"No actions were at {late} status at the end of the previous quarter. "
                + position_sentence(context))
    if context.moves.all_previous_red_complete:
        if good:
            if n == 1:
                return ("Performance in complying with the Plan has been good with the one "
                        f"previously reported action at {late} status being completed.")
            return ("Performance in complying with the Plan has been good with the "
                    f"{n} previously reported actions at {late} status being completed.")
        them = (f"The one previously reported action at {late} status has been completed" if n == 1
                else f"The {n} previously reported actions at {late} status have all been "
                     "completed")
        return f"{them}, but {_lower_first(position_sentence(context))}"
    return (f"Of the {n} {plural(n, 'action', 'actions')} at {late} status at the end of the "
            f"previous quarter, {join_and(_red_parts(context))}. In all, "
            f"{_lower_first(position_sentence(context))}")


def reds_detail(context: PackContext) -> str:
    """The progress section's account of last quarter's Reds."""
    late = _late_word(context)
    if context.first_quarter:
        return FIRST_QUARTER
    reds = context.previous_reds
    if not reds:
        return f"No actions were at {late} status at the end of the previous quarter."
    were = plural(len(reds), "was 1 action", f"were {len(reds)} actions")
    opening = f"During the previous quarter there {were} at {late} status, i.e. behind target."
    if context.moves.all_previous_red_complete:
        them = plural(len(reds), "the action has", f"the {len(reds)} actions have")
        return f"{opening} It is confirmed that {them} since been completed."
    return f"{opening} Of those, {join_and(_red_parts(context))}."


def still_red_lines(context: PackContext) -> list[str]:
    """``1.3a Review and agree service standards with leaseholders``, for each action
    Red last quarter and still Red."""
    return [f"{red.ref} {red.text}".strip() for red in context.previous_reds
            if red.now is not None and red.now.off_track]


def new_reds_sentence(context: PackContext) -> str:
    """How many actions moved to RED this quarter ("" when none). With no earlier quarter
    nothing "moved": how many are at RED at the end of the quarter."""
    late = _late_word(context)
    where = "the reasons and the remedial action are given in Section 1 of Appendix A."
    if context.first_quarter:
        n = len(context.current_reds)
        if not n:
            return ""
        return (f"{n} {plural(n, 'action is', 'actions are')} at {late} status at the end of the "
                f"quarter; {where}")
    n = len(context.new_reds)
    if not n:
        return ""
    return (f"{n} {plural(n, 'action has', 'actions have')} moved to {late} status during the "
            f"quarter; {where}")


def new_red_lines(context: PackContext) -> list[str]:
    rows = context.current_reds if context.first_quarter else context.new_reds
    return [f"{row.ref} {row.text}".strip() for row in rows]


def progress_sentence(context: PackContext) -> str:
    """The line before the counts in the progress section: "Further progress" only when
    more actions are complete than at the end of the previous quarter."""
    name = context.quarter_name
    if context.nothing_reported:
        return (f"No returns were received for {name}, so the position at the end of the "
                "quarter is not known:")
    if context.first_quarter or context.summary.previous is None:
        return f"The position at the end of {name}, the first quarter reported, was:"
    now = sum(n for s, n in context.summary.current.items() if s is not None and s.done)
    before = sum(n for s, n in context.summary.previous.items() if s is not None and s.done)
    if now > before:
        return (f"Further progress has been made with the {context.organisation.plan_name} "
                f"during {name}, with:")
    if now == before:
        return (f"No further action was completed during {name}; the position at the end of "
                "the quarter was:")
    return (f"Fewer actions are reported complete than at the end of the previous quarter; "
            f"the position at the end of {name} was:")


def assessment_sentence(context: PackContext, ordinal_text: str) -> str:
    """The summary's verdict: ``This is the second assessment ...`` and either "delivery
    ... can be considered good" (only when ``delivery_good``) or the plain counts."""
    opening = (f"This is the {ordinal_text} assessment of quarterly progress against the "
               f"{context.organisation.plan_name}.")
    if context.nothing_reported:
        return (f"{opening} No returns were received for the quarter, so the position of the "
                "actions is not known.")
    if delivery_good(context):
        if context.exception_rows():
            return (f"{opening} Delivery against the actions can be considered good, with the "
                    "exception of the actions highlighted in this report.")
        return f"{opening} Delivery against the actions can be considered good."
    return f"{opening} {position_sentence(context)}"


def looking_forward_sentence(context: PackContext) -> str:
    """How many actions fall due next quarter, and where they are listed."""
    n = sum(len(t.rows) for t in context.looking_forward)
    name = context.next_quarter_name
    if not n:
        return f"No further actions are due for completion during {name}."
    section = context.appendix_section("looking_forward")
    where = f"Section {section.number} of Appendix A" if section else "Appendix A"
    return (f"There {plural(n, 'is 1 action', f'are {n} actions')} targeted for completion "
            f"during {name}; {plural(n, 'it is', 'they are')} listed in {where}.")


WORKBOOK_NAME = "consolidated.xlsx"


def full_list_sentence(context: PackContext) -> str:
    """Where the full list of actions is, when the plan has more than the progress report
    lists ("" within the limit)."""
    if context.lists_every_action:
        return ""
    n = context.action_count
    return (f"The plan has {n:,} key actions, more than the {context.action_limit:,} this "
            "report lists in full, so its tables give only the exceptions to timely delivery, "
            f"the notable achievements and the actions due in {context.next_quarter_name}. The "
            f"full list of {n:,} actions is in the consolidated workbook ({WORKBOOK_NAME}).")


def appendix_section_lines(context: PackContext) -> list[str]:
    """The appendix's sections as a list: ``...;``, ``...; and``, ``... .``."""
    sections = context.appendix_sections
    lines = []
    for i, section in enumerate(sections):
        ending = "." if i == len(sections) - 1 else "; and" if i == len(sections) - 2 else ";"
        lines.append(f"{section.description}{ending}")
    return lines


def number_word(n: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten")
    return words[n] if 0 <= n < len(words) else str(n)


def board_recommendations(context: PackContext) -> list[str]:
    """What the Board is recommended to do, numbered ``i.``, ``ii.`` ..., each asking it
    to note only what the figures show."""
    asks = ["Accept the report for information"]
    groups = [g for g in context.recommendations if g.rows or g.completed_earlier]
    if groups:
        sources = join_and([g.source for g in groups])
        if all(not g.remaining for g in groups):
            asks.append(f"Note that the external recommendations ({sources}) have all been "
                        "completed")
        elif any(g.any_news for g in groups):
            asks.append(f"Note the progress reported against the external recommendations "
                        f"({sources})")
        else:
            asks.append(f"Note that no progress was reported this quarter against the external "
                        f"recommendations ({sources})")
    rows = context.exception_rows()
    if rows:
        what = exceptions_counted(context)
        unexplained = [f"no remedial action was given for {n} of them" for n in (
            sum(1 for r in rows if not r.remedial_action and not r.carried_forward),) if n]
        unexplained += [f"no return was received this quarter for {n} of them" for n in (
            sum(1 for r in rows if r.carried_forward),) if n]
        if not unexplained:
            asks.append(f"Note that arrangements are in hand to improve the {what}, and the "
                        "remedial action being taken to correct the position")
        else:
            asks.append(f"Note the {what}: {', and '.join(unexplained)}")
    if context.nothing_reported:
        asks.append("Note that no returns were received for the quarter, so the position of "
                    "the actions is not known")
    else:
        for missing in context.missing_returns:
            if missing.carried:
                asks.append(f"Note that no return was received from {missing.directorate}; "
                            f"{_positions(missing)} carried forward")
        if context.not_reported_count:
            n = context.not_reported_count
            unread = context.not_reported_rows()
            refs = f"{join_and([r.ref for r in unread])}, " if len(unread) <= NAMED_LIMIT else ""
            asks.append(f"Note that {n} {plural(n, 'action was', 'actions were')} not reported "
                        f"this quarter ({refs}named with the reason in "
                        f"{_where(context, 'not_reported')})")
    lines = []
    for i, ask in enumerate(asks):
        ending = "." if i == len(asks) - 1 else "; and" if i == len(asks) - 2 else ";"
        number = ROMAN[i] if i < len(ROMAN) else str(i + 1)
        lines.append(f"{number}. {ask}{ending}")
    return lines


def exceptions_counted(context: PackContext) -> str:
    """The actions reported by exception, in the count lines' own words and counts:
    ``3 actions confirmed as being behind schedule``, or with Amber reported by exception
    ``6 actions reported by exception (3 actions progressing with some concern for
    timescale and 3 actions confirmed as being behind schedule)``."""
    rows = context.exception_rows()
    parts = []
    for status in context.summary.current:
        n = sum(1 for r in rows if r.status == status)
        if status is not None and n:
            one, many = COUNT_PHRASES[status.meaning]
            parts.append(f"{n} {plural(n, one, many)}")
    if len(parts) == 1:
        return parts[0]
    n = len(rows)
    return (f"{n} {plural(n, 'action', 'actions')} reported by exception "
            f"({join_and(parts)})")


# How many actions the covering report names one by one; beyond it, where they are.
NAMED_LIMIT = 5


def _where(context: PackContext, key: str, appendix: str = "Appendix A") -> str:
    """``Section 4 of Appendix A`` (or ``Appendix A`` when it has no such section)."""
    section = context.appendix_section(key)
    return f"Section {section.number} of {appendix}" if section else appendix


def _positions(missing: MissingReturn) -> str:
    """``the positions of its 12 actions at the end of Q2 2009/10 are`` (``of 3 of its 5
    actions`` when only some are carried forward)."""
    when = (f" at the end of {missing.carried_from}" if missing.carried_from
            else " of the previous quarter")
    n, total = missing.carried, missing.actions
    if n == total == 1:
        return f"the position of its one action{when} is"
    whose = f"its {n}" if n == total else f"{n} of its {total}"
    return f"the {plural(n, 'position', 'positions')} of {whose} " \
        f"{plural(total, 'action', 'actions')}{when} {plural(n, 'is', 'are')}"


def missing_return_lines(context: PackContext, where: str = "") -> list[str]:
    """One sentence per directorate that sent no return: how many actions it leads and
    what stands in for them (the positions carried forward, how many of those the key
    date has made off track, or none known). ``where`` says where they are listed
    (default: the appendix's section)."""
    where = where or f"in {_where(context, 'not_reported')}"
    late = _late_word(context)
    lines = []
    for missing in context.missing_returns:
        n = missing.actions
        opening = f"No return was received from {missing.directorate} for {context.quarter_name}"
        if not missing.carried:
            its = plural(n, "its one action is", f"its {n} actions are")
            lines.append(f"{opening}, and no earlier position is known: {its} counted as not "
                         f"reported and listed {where}.")
            continue
        rest = n - missing.carried
        others = (f"; the other {rest} {plural(rest, 'is', 'are')} counted as not reported"
                  if rest else "")
        line = (f"{opening}: {_positions(missing)} carried forward, marked {CARRIED_MARK} and "
                f"listed {where}{others}.")
        if missing.now_late:
            k = missing.now_late
            line += (f" {k} of them, past {plural(k, 'its', 'their')} key "
                     f"{plural(k, 'date', 'dates')}, {plural(k, 'is', 'are')} now reported at "
                     f"{late} status.")
        lines.append(line)
    return lines


def position_notes(context: PackContext) -> list[str]:
    """What the counts alone do not show: each missing return, the actions with no status
    named with the reason (beyond NAMED_LIMIT of them, where they are named), and the
    statuses queried, with where the appendix sets each out."""
    if context.nothing_reported:
        return []
    lines = missing_return_lines(context)
    unread = context.not_reported_rows()
    n = len(unread)
    if n and n <= NAMED_LIMIT:
        named = join_and([f"{r.ref} {r.text} ({_lower_first(r.unreported.rstrip('.'))})"
                          for r in unread])
        lines.append(f"{n} {plural(n, 'action has', 'actions have')} no status this quarter: "
                     f"{named}.")
    elif n:
        lines.append(f"{n} actions have no status this quarter; each is named, with the reason, "
                     f"in {_where(context, 'not_reported')}.")
    queried = context.queried_rows()
    if queried:
        k = len(queried)
        refs = join_and([r.ref for r in queried])
        which = plural(k, "status of 1 action is", f"statuses of {k} actions are")
        lines.append(f"The reported {which} queried ({refs}): the indicators "
                     f"{plural(k, 'its', 'their')} success "
                     "criteria name, or the other sections of the progress report, do not bear "
                     f"{plural(k, 'it', 'them')} out. {_where(context, 'queries')} sets out each.")
    return lines


# --------------------------------------------------------------------------- indicators

def share_sentence(share: ImprovementShare | None, quarter: Quarter,
                   final: bool = False) -> str:
    """The 70% test, with its basis. At Q4, when the pack is ``final`` and every judged
    indicator could be compared: ``It is confirmed that the actual improvement on 2008/09
    performance indicators was 65%, i.e. 11 out of 17 improved on the previous year, short
    of the plan's target of 70%.``; otherwise at Q4 the share is called provisional and
    the reasons are given. Earlier quarters compare the year so far with the same
    periods of last year. Indicators not compared are counted with why."""
    last = quarter.financial_year.previous().label
    if share is None or not share.comparable:
        why = f" ({share.why_not_compared})" if share is not None and share.not_compared else ""
        return (f"No performance indicator can yet be compared with {last}{why}, so the "
                "plan\u2019s target for improvement cannot be assessed this quarter.")
    verdict = "meeting" if share.meets else "short of"
    target = f"{verdict} the plan\u2019s target of {share.target_percent}"
    others = f"; {share.not_compared_text}" if share.not_compared else ""
    if quarter.number != 4:
        return (f"So far this year {share.improved} of {share.comparable} comparable "
                f"performance indicators ({share.percent}) are better than in the same period "
                f"of {last}, {target}{others}.")
    if final and share.all_judged_compared:
        return (f"It is confirmed that the actual improvement on {last} performance indicators "
                f"was {share.percent}, i.e. {share.improved} out of {share.comparable} improved "
                f"on the previous year, {target}{others}.")
    because = [] if final else ["the figures are not yet final"]
    if not share.all_judged_compared:
        judged = sum(n for reason, n in share.not_compared if reason != DATA_ONLY_REASON)
        because.append(f"{judged} indicator{'' if judged == 1 else 's'} could not be compared")
    return (f"The improvement on {last} performance indicators is provisional at "
            f"{share.percent}: {share.improved} out of {share.comparable} comparable indicators "
            f"improved on the previous year, {target}{others}. It cannot yet be confirmed "
            f"because {' and '.join(because)}.")


# --------------------------------------------------------------------------- recommendations

def recommendation_sentence(group: RecommendationGroup, where: str = "in Appendix A") -> str:
    """What the data says of one source's recommendations: how many were outstanding at
    the start of the quarter (in the first quarter reported: how many there are), how many
    are complete, and of those still outstanding how many have a revised date and how many
    reported progress this quarter. ``where`` says where the dates are shown."""
    n = group.outstanding_at_start
    if n == 0:
        if group.completed_earlier:
            return f"All the {group.source} recommendations were completed in earlier quarters."
        return ""
    what = f"{group.source} {plural(n, 'recommendation', 'recommendations')}"
    left = len(group.remaining)
    if group.compared:
        done = group.completed_this_quarter
        if done == n:
            if n == 1:
                return (f"The one {what} outstanding at the start of the quarter has been "
                        "completed.")
            return f"All {n} {what} outstanding at the start of the quarter have been completed."
        if n == 1:
            return (f"The one {what} outstanding at the start of the quarter has not been "
                    f"completed. {_outstanding_detail(group, where)}")
        opening = f"Of the {n} {what} outstanding at the start of the quarter, " + (
            "none has been completed during the quarter" if done == 0 else
            f"{done} {plural(done, 'has', 'have')} been completed and {left} "
            f"{plural(left, 'remains', 'remain')} outstanding")
    else:
        done = group.complete
        if done == n:
            return (f"The {what} {plural(n, 'is', 'are all')} complete at the end of the "
                    "quarter.")
        if n == 1:
            return (f"The one {what} is not complete at the end of the quarter. "
                    f"{_outstanding_detail(group, where)}")
        opening = (f"Of the {n} {what}, {done} {plural(done, 'is', 'are')} complete at the end "
                   f"of the quarter and {left} {plural(left, 'is', 'are')} outstanding" if done
                   else f"None of the {n} {what} is complete at the end of the quarter")
    return f"{opening}. {_outstanding_detail(group, where)}"


def _outstanding_detail(group: RecommendationGroup, where: str) -> str:
    """Of those still outstanding: revised dates and progress, counted."""
    left = len(group.remaining)
    revised, progressed = group.with_revised_date, group.progress_reported
    if left == 1:
        dated = ("It has a revised date, shown " + where if revised
                 else "It has no revised date")
        news = ("progress was reported on it this quarter" if progressed
                else "no progress was reported on it this quarter")
        return f"{dated}; {news}."
    every = "Both" if left == 2 else f"All {left}"
    if revised == left:
        dated = f"{every} have a revised date, shown {where}"
    elif revised == 0:
        dated = ("Neither has a revised date" if left == 2 else
                 f"None of the {left} outstanding has a revised date")
    else:
        dated = (f"{revised} of the {left} outstanding {plural(revised, 'has', 'have')} a "
                 f"revised date, shown {where}")
    if progressed == left:
        news = f"progress was reported on {_lower_first(every)} this quarter"
    elif progressed == 0:
        news = ("no progress was reported on either this quarter" if left == 2 else
                "no progress was reported on any of them this quarter")
    else:
        news = f"progress was reported on {progressed} this quarter"
    return f"{dated}; {news}."


def recommendation_sentences(context: PackContext, where: str = "in Appendix A") -> list[str]:
    """One sentence per source; when nothing at all was completed or reported on this
    quarter, one sentence for them all (said once, not once per source)."""
    groups = context.recommendations
    outstanding = [g for g in groups if g.remaining]
    if outstanding and not any(g.any_news or g.complete for g in groups):
        total = sum(len(g.remaining) for g in outstanding)
        sources = join_and([f"{len(g.remaining)} {g.source}" for g in outstanding])
        dated = sum(g.with_revised_date for g in outstanding)
        date_note = ("" if not dated else
                     f" All of them have a revised date, shown {where}." if dated == total else
                     f" {dated} of them {plural(dated, 'has', 'have')} a revised date, shown "
                     f"{where}.")
        return [f"No progress was reported this quarter against any of the {total} outstanding "
                f"external {plural(total, 'recommendation', 'recommendations')} ({sources})."
                + date_note]
    return [s for g in groups if (s := recommendation_sentence(g, where))]


def recommendations_summary(context: PackContext) -> str:
    """The summary's sentence on the external recommendations, from the counts ("" when
    the plan has none)."""
    groups = context.recommendations
    if not any(g.rows or g.completed_earlier for g in groups):
        return ""
    left = sum(len(g.remaining) for g in groups)
    if left == 0:
        return "All the external recommendations have been completed."
    progressed = sum(g.progress_reported for g in groups)
    if context.first_quarter:
        done = sum(g.complete for g in groups)
        complete = (f"{done} external {plural(done, 'recommendation is', 'recommendations are')} "
                    "complete at the end of the quarter" if done else
                    "No external recommendation is complete at the end of the quarter")
    else:
        done = sum(g.completed_this_quarter for g in groups)
        complete = (f"{done} external {plural(done, 'recommendation was', 'recommendations were')}"
                    " completed during the quarter" if done else
                    "No external recommendation was completed during the quarter")
    if progressed == 0:
        news = ("no progress was reported this quarter on the one still outstanding" if left == 1
                else f"no progress was reported this quarter on the {left} still outstanding")
    elif progressed == left:
        news = ("progress was reported on the one still outstanding" if left == 1 else
                f"progress was reported on all {left} still outstanding")
    else:
        news = f"progress was reported on {progressed} of the {left} still outstanding"
    return f"{complete}; {news}."


def recommendation_line(row: RecommendationRow) -> str:
    """``AC 1 – Focus on ... (revised date 30/10/2010)`` (the ref once, when the text
    starts with its number: ``CSE 5.3.3`` and ``5.3.3 You do not ...``)."""
    number = row.ref.split()[-1] if row.ref.split() else ""
    lead = "" if number and row.text.startswith(number) else f"{row.ref} \u2013 "
    date_text = f" (revised date {row.revised_date})" if row.revised_date else (
        f" (date {row.original_date})" if row.original_date else "")
    return f"{lead}{row.text}{date_text}"
