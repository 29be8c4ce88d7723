"""How the performance report and the poster word an indicator's result: better or
worse than last year (by polarity), target met, status, figures with their units,
quartile, the statistical process control reading and the share improved.

Pure functions of the analysis' records, returning plain text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reporter.indicators import spc
from reporter.indicators.results import (
    NO_DATA,
    NO_TARGET,
    OFF_TARGET,
    ON_TARGET,
    WITHIN_TOLERANCE,
    ImprovementShare,
    IndicatorResult,
)
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
                             NO_DATA: "No data"}

def direction_text(result: IndicatorResult) -> str:
    """Better or worse than last year, as the summary table shows it: ``↑ Better``,
    ``↓ Worse``, ``→ No change`` (equal is not better) or ``– Not comparable``."""
    if result.better is None:
        return NOT_COMPARABLE
    if result.better:
        return BETTER
    if (result.value is not None and result.last_year is not None
            and math.isclose(result.value, result.last_year, rel_tol=1e-9, abs_tol=1e-12)):
        return NO_CHANGE
    return WORSE


def target_met_text(result: IndicatorResult) -> str:
    """``Yes``, ``No``, or ``–`` when there is no target or no figure."""
    return "\u2013" if result.target_met is None else "Yes" if result.target_met else "No"


def rag_text(rag: str) -> str:
    """The status cell of a RAG (``IndicatorResult.rag``): its letter and word
    (``G On target``), or the word alone when it has no colour (``No target``, ``No data``)."""
    status = RAG_STATUS.get(rag)
    word_ = RAG_WORDS.get(rag, rag.capitalize())
    return word_ if status is None else f"{status.letter} {word_}"


def format_figure(value: float | None, unit: str) -> str:
    """A figure with its unit (``98.47%``, ``25 days``, ``£13.60``); ``No figure`` for None."""
    if value is None:
        return "No figure"
    return spc.format_value(value, unit if unit in ("%", "days", "\u00a3") else "")


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
