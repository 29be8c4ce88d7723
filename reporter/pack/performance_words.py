"""How the performance report and the poster word an indicator's result: better or
worse than last year (by polarity), target met, status, figures with their units,
quartile, the statistical process control reading and the share improved.

Pure functions of the analysis' records, returning plain text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

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
    ImprovementShare,
    IndicatorResult,
    not_compared_reason,
)
from reporter.periods import Quarter
from reporter.snapshot import IndicatorMonth
from reporter.status import Status

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
        due = Quarter(result.quarter.financial_year.start_year, indicator.due_quarter)
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
    found = spc.indicator_spc(result.indicator, series, result.target)
    if found is None:
        return None, spc.no_reading_reason(result.indicator, series) or ""
    if found.assurance is not None:
        assurance = found.assurance
    elif result.target is None:
        assurance = "no target"
    else:
        assurance = "not judged (no direction of good)"
    return found, f"Variation: {found.variation}\nAssurance: {assurance}"


def sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def share_sentence(share: ImprovementShare) -> str:
    """``11 of 17 indicators improved: 65%, short of the 70% the plan asks.``"""
    return sentence(share.text)


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
