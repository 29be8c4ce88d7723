"""How the performance report and the poster word an indicator's result: better or
worse than last year (by polarity), target met, status, figures with their units,
quartile, the statistical process control reading and the share improved.

Pure functions of the analysis' records, returning plain text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from reporter.cells import MONTH_NAMES
from reporter.indicators import spc, year_to_date
from reporter.indicators.figures import format_figure
from reporter.indicators.results import (
    DATA_ONLY,
    DATA_ONLY_REASON,
    NO_DATA,
    NO_TARGET,
    NOT_DUE,
    NOT_YET_JUDGED,
    OFF_TARGET,
    ON_TARGET,
    WITHIN_TOLERANCE,
    ChartSelection,
    ImprovementShare,
    IndicatorResult,
    clinic_rule,
    not_compared_reason,
)
from reporter.pack.context import long_date
from reporter.periods import Quarter
from reporter.safe_text import clean_text
from reporter.snapshot import IndicatorMonth
from reporter.status import Status
from reporter.words import join_and, join_or, plural

# Better or worse than last year: an arrow and a word (arrows Calibri and its
# stand-in Carlito both have; ▲▼ are missing from Carlito). The arrow says better or
# worse, not whether the number rose: polarity is already applied.
BETTER = "\u2191 Better"
WORSE = "\u2193 Worse"
NO_CHANGE = "\u2192 No change"
NOT_COMPARABLE = "\u2013 Not comparable"

# The indicator's status as a RAG: the status whose colour and letter it borrows.
RAG_STATUS: dict[str, Status] = {ON_TARGET: Status.GREEN, WITHIN_TOLERANCE: Status.AMBER,
                                 OFF_TARGET: Status.RED}
RAG_WORDS: dict[str, str] = {ON_TARGET: "On target", WITHIN_TOLERANCE: "Within tolerance",
                             OFF_TARGET: "Off target", NO_TARGET: "No target",
                             NO_DATA: "No data", NOT_DUE: "Not due yet", DATA_ONLY: "Data only",
                             NOT_YET_JUDGED: "Not yet judged"}
# A data-only indicator is shown with its trend, never better or worse.
DATA_ONLY_WORDS = "Data only"
BASIS_ASSUMED = "basis assumed"

def direction_text(result: IndicatorResult) -> str:
    """Better or worse than last year, as the summary table shows it: ``↑ Better``,
    ``↓ Worse``, ``→ No change`` (equal is not better) or ``– Not comparable``; a
    data-only indicator's trend (``trend_text``)."""
    if not result.indicator.judged:
        return trend_text(result)
    return {year_to_date.BETTER: BETTER, year_to_date.WORSE: WORSE,
            year_to_date.SAME: NO_CHANGE}.get(result.compared, NOT_COMPARABLE)


def trend_text(result: IndicatorResult) -> str:
    """A data-only indicator against last year, without a judgement: ``Data only: higher
    than last year``, or ``Data only`` when there is nothing to set it against."""
    if result.value is None or result.last_year is None:
        return DATA_ONLY_WORDS
    if year_to_date.nearly_equal(result.value, result.last_year):
        return f"{DATA_ONLY_WORDS}: the same as last year"
    way = "higher" if result.value > result.last_year else "lower"
    return f"{DATA_ONLY_WORDS}: {way} than last year"


def direction_note(result: IndicatorResult) -> str:
    """Why an indicator was not compared with last year (``year not complete``...);
    empty when it was, or when a data-only indicator's trend is shown."""
    reason = not_compared_reason(result)
    if reason == DATA_ONLY_REASON:
        return "" if result.last_year is not None else "no figure last year"
    return reason or ""


def this_year_text(result: IndicatorResult) -> tuple[str, str]:
    """(the figure compared with its unit, its basis): ``("22.1 per 1,000 population",
    "average of Apr-Dec 2009 (9 months)")``; marked "basis assumed" where the register
    left the basis out; ``Not due yet`` for an annual figure before its quarter."""
    indicator = result.indicator
    if result.rag == NOT_DUE:
        due = result.quarter.financial_year.quarter(indicator.due_quarter)
        return "Not due yet", f"annual figure, due in {due.label}"
    note = result.value_basis
    if indicator.basis_assumed:
        note = f"{note}; {BASIS_ASSUMED}" if note else BASIS_ASSUMED
    return format_figure(result.value, indicator), note


def last_year_text(result: IndicatorResult) -> tuple[str, str]:
    """(last year's figure with its unit, what it is or why there is none)."""
    return format_figure(result.last_year, result.indicator), result.last_year_basis


def target_text(result: IndicatorResult) -> tuple[str, str]:
    """(the target judged, its basis): profiled for the quarter, the year's, not yet
    judged (a year's count or cumulative figure before the year is complete), none set;
    a data-only indicator is never judged."""
    indicator, quarter = result.indicator, result.quarter
    if not indicator.judged:
        return "Not judged", "data only"
    if result.target is not None:
        if indicator.profiled_target(quarter.label) is not None:
            return format_figure(result.target, indicator), f"profiled for {quarter.label}"
        return (format_figure(result.target, indicator),
                f"annual target {quarter.financial_year.label}")
    year_target = indicator.target_for(quarter.financial_year)
    if year_target is not None:
        return ("Not yet judged", f"annual target {format_figure(year_target, indicator)}, "
                "judged when the year is complete")
    return "None set", ""


def target_met_text(result: IndicatorResult) -> str:
    """``Yes``, ``No``, or ``–`` when there is no target or no figure."""
    return "\u2013" if result.target_met is None else "Yes" if result.target_met else "No"


def rag_text(rag: str) -> str:
    """The status cell of a RAG (``IndicatorResult.rag``): its letter and word
    (``G On target``), or the word alone when it has no colour (``No target``, ``No data``)."""
    status = RAG_STATUS.get(rag)
    word_ = RAG_WORDS.get(rag, rag.capitalize())
    return word_ if status is None else f"{status.letter} {word_}"


def quartile_text(result: IndicatorResult) -> str:
    """``Above Average (2008/09)``, or ``Not known``."""
    if not result.quartile:
        return "Not known"
    return f"{result.quartile} ({result.quartile_year})" if result.quartile_year \
        else result.quartile


def spc_reading(result: IndicatorResult, series: Sequence[IndicatorMonth]
                ) -> tuple[spc.SpcResult | None, str]:
    """(the XmR result or None, the summary table's words): variation and assurance
    with 15+ points, else why there is none (``spc.no_reading_reason``)."""
    first_month = result.quarter.first_month
    found = spc.indicator_spc(result.indicator, series, result.target, first_month)
    if found is None:
        return None, spc.no_reading_reason(result.indicator, series, first_month) or ""
    if found.assurance is not None:
        assurance = found.assurance
    elif result.target is None:
        assurance = "no target"
    else:
        assurance = "not judged (no direction of good)"
    return found, f"Variation: {found.variation}\nAssurance: {assurance}"


def spc_readings(results: Sequence[IndicatorResult],
                 series: Mapping[str, Sequence[IndicatorMonth]]
                 ) -> dict[str, tuple[spc.SpcResult | None, str]]:
    """Each indicator's ``spc_reading`` by PI ref, from its months (``series_by_ref``)."""
    return {r.ref: spc_reading(r, series.get(r.ref, ())) for r in results}


def sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def share_sentence(share: ImprovementShare) -> str:
    """``11 of 17 indicators improved: 65%, short of the 70% the plan asks.``"""
    return sentence(share.text)


# --------------------------------------------------------------------------- the report's
# sentences, for the Word edition (performance_report) and the web edition alike

# the labels opening a paragraph, in bold
IMPROVEMENT_LABEL = "Improvement on last year: "
SPC_READING_LABEL = "SPC reading: "
NO_CLINIC = "No indicator meets the criteria for a performance clinic this quarter."
CLINIC_HEADERS = ("PI ref", "Description", "Why a performance clinic is proposed")
# the statuses the table of counts always shows, then the others when any indicator has one
RAG_ORDER = (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET, NOT_YET_JUDGED, NO_TARGET, NO_DATA,
             NOT_DUE, DATA_ONLY)


def report_title(quarter: Quarter) -> str:
    return f"Performance Report for {quarter.label}"


def report_subtitle(organisation: str, quarter: Quarter) -> str:
    return f"{organisation} performance indicators: position at {long_date(quarter.end)}"


def report_introduction(count: int, plan_name: str, quarter: Quarter) -> str:
    """What the report sets out, for its front page."""
    end = quarter.end
    return (f"This report sets out the {count} performance indicators of the "
            f"{plan_name} for {quarter.financial_year.label} to the end of "
            f"{MONTH_NAMES[end.month - 1]} {end.year}: each compared with the same period "
            "last year, with its target and, where known, its benchmark quartile, read as a "
            "statistical process control chart where there are enough months, and shown as a "
            "trend chart.")


def rag_counts(results: Sequence[IndicatorResult]) -> list[tuple[str, int]]:
    """(status, indicators) for the table of indicators by status: On target, Within
    tolerance and Off target always, the others when any indicator has them."""
    counts: dict[str, int] = {}
    for result in results:
        counts[result.rag] = counts.get(result.rag, 0) + 1
    return [(rag, counts.get(rag, 0)) for rag in RAG_ORDER
            if rag in counts or rag in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET)]


def reading_guide(tolerance: float) -> list[tuple[str, str]]:
    """"How to read this report": (label, text) for each column; ``tolerance`` is the
    settings' indicator tolerance (0.05 for 5%)."""
    percent = round(tolerance * 100, 2)
    return [
        ("Better or worse than last year: ",
         f"{BETTER} or {WORSE} compares like with like: this year to date with the same "
         "periods of last year, or at the year end with last year\u2019s whole year, "
         "by polarity: the arrow points up when performance improved, whichever way the "
         "number moved. "
         f"{NO_CHANGE} means the same figure (not counted as improved); "
         f"{NOT_COMPARABLE} is given with its reason. "
         "A data-only indicator is shown with its trend and never judged."),
        ("Figures: ",
         "each indicator\u2019s year to date follows its register: the total of its "
         "figures (counts, money), their average (rates, percentages) or the latest figure "
         "(cumulative and snapshot figures), shown with its unit; the line under a figure "
         "says how it was made (\u201cbasis assumed\u201d: the register does not say). An "
         "annual figure is \u201cNot due yet\u201d before the quarter it is due in."),
        ("Target judged: ",
         "the target for the year to date: the profiled target for the quarter where the "
         "register gives one, otherwise the year\u2019s target (a count or cumulative "
         "figure only once the year is complete)."),
        ("Status: ",
         f"G On target meets the target; A Within tolerance misses it by no more than "
         f"{percent:g}% of the target; R Off target misses it by more. The letter is "
         "shown as well as the colour."),
        ("Quartile: ",
         "the latest benchmark quartile known, allowing for whether higher or lower is "
         "better."),
        (SPC_READING_LABEL,
         "a statistical process control chart read as NHS England\u2019s Making Data "
         "Count reads it. Variation: common cause (the usual noise) or special cause (a "
         "signal of improvement or concern). Assurance: the target met consistently, "
         f"missed consistently, or hit and miss. It needs {spc.MIN_POINTS} months or "
         "quarters."),
    ]


def summary_introduction(quarter: Quarter, group_by: str) -> str:
    year = quarter.financial_year
    last = year.previous()
    return (f"Each indicator\u2019s figure for {year.label} to date against the same periods "
            f"of {last.label} (at the year end, the whole year), the target judged and "
            "its benchmark quartile, grouped by "
            f"{'theme' if group_by == 'theme' else 'owner directorate'}.")


def summary_headers(quarter: Quarter) -> tuple[str, ...]:
    year = quarter.financial_year
    last = year.previous()
    return ("PI ref", "Description", f"Last year ({last.label})",
            f"This year ({year.label} to date)", "Target judged", "Quartile",
            "Better or worse than last year", "Target met", "Status", "SPC reading")


def improvement_introduction(plan_name: str, share: ImprovementShare) -> str:
    return (f"The {plan_name} asks that at least {share.target_percent} of the indicators "
            f"that can be compared with last year improve on it. {share_sentence(share)}")


GLANCE_INTRODUCTION = (
    "Each indicator\u2019s months this year (solid line) against last year\u2019s (dashed) "
    "and the target (dash-dot), a small chart each.")


def glance_heading(group_by: str) -> str:
    return f"Each {'theme' if group_by == 'theme' else 'directorate'} at a glance"


def glance_introduction(charted: ChartSelection) -> list[str]:
    """The paragraphs opening the sheets at a glance: what they show and, for a large
    organisation, which indicators are charted."""
    if charted.in_need_only:
        return [GLANCE_INTRODUCTION, (
            f"There are {charted.total:,} indicators, more than a Board can read as charts, "
            f"so only those in need of attention are charted ({len(charted.refs):,}): "
            "performance clinic candidates, those off target and those worse than last "
            "year (at most the settings\u2019 chart limit, by need). Every indicator is in "
            "the summary table above and in the consolidated workbook.")]
    if not charted.is_all:
        return [GLANCE_INTRODUCTION, (
            f"There are {charted.total:,} indicators, more than a Board can read as charts, "
            f"so {len(charted.refs):,} of them are charted, chosen by need: performance "
            "clinic candidates first, then those off target, then those within tolerance "
            "of their target, then those worse than last year, then the rest. Every "
            "indicator is in the summary table above and in the consolidated workbook.")]
    return [GLANCE_INTRODUCTION]


def clinics_introduction(reasons: Sequence[str]) -> str:
    return ("A performance clinic is proposed for an indicator that "
            f"{clinic_rule(reasons)}. The candidates this quarter:")


# Why an indicator's charts are in the report itself (the rest are in the charts folder).
CLINIC_NEED = "a performance clinic candidate"
OFF_TARGET_NEED = "off target"
WORSE_NEED = "worse than last year"
SPC_NEED = "a statistical process control signal of concern"
NEEDS = (OFF_TARGET_NEED, WORSE_NEED, SPC_NEED, CLINIC_NEED)


def attention_reasons(result: IndicatorResult, clinic_refs: Collection[str],
                      found: spc.SpcResult | None) -> list[str]:
    """Why the Board should look at an indicator's charts: off target, worse than last
    year (by polarity, so never a data-only one), an SPC signal of concern, a clinic
    candidate; empty when none applies."""
    reasons = []
    if result.rag == OFF_TARGET:
        reasons.append(OFF_TARGET_NEED)
    if result.indicator.judged and result.better is False:
        reasons.append(WORSE_NEED)
    if found is not None and found.variation == spc.SPECIAL_CONCERN:
        reasons.append(SPC_NEED)
    if result.ref in clinic_refs:
        reasons.append(CLINIC_NEED)
    return reasons


def attention_introduction(count: int) -> str:
    """What "Indicators needing attention" holds: ``count`` indicators, or none."""
    if not count:
        return ("No indicator is off target, worse than last year, showing a statistical "
                "process control signal of concern or a performance clinic candidate this "
                "quarter.")
    return (f"{count} {plural(count, 'indicator', 'indicators')} "
            f"{plural(count, 'needs', 'need')} attention: {join_or(NEEDS)}. Each is charted "
            "below: its year against last year and the target, and, for a signal of "
            "concern, its statistical process control chart with the reading.")


def attention_caption(caption: str, reasons: Sequence[str]) -> str:
    """An indicator's year chart caption with why it is in the report."""
    return f"{caption}: {join_and(reasons)}"


def no_chart_line(result: IndicatorResult, reasons: Sequence[str]) -> str:
    """In place of the year chart of an indicator needing attention with nothing to draw."""
    return (f"{result.ref} \u2013 {clean_text(result.indicator.description)}: "
            f"{join_and(reasons)} (no chart: no figures to draw).")


def where_other_charts(others: Sequence[str], folder: str) -> str:
    """Where the charts not placed in the report are: ``others``, their files' names
    (the first given for an example), in the charts ``folder`` beside the report."""
    if not others:
        return "Every indicator charted is shown above."
    many = len(others)
    return (f"The charts of the {plural(many, 'other indicator', f'{many} others')} "
            "(each one\u2019s year and, with enough points, its statistical process "
            f"control chart) are in the \u201c{folder}\u201d folder beside this report, "
            f"named by PI ref, such as {others[0]}.")
