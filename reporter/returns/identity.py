"""Who sent a return and for which quarter: from its metadata, else from what it holds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reporter.config.plan import Plan
from reporter.findings import Finding, Severity
from reporter.periods import DEFAULT_FIRST_MONTH, Quarter
from reporter.returns import layout
from reporter.returns.columns import title_key, title_period
from reporter.returns.records import SheetRow


@dataclass(frozen=True)
class Sender:
    directorate: str  # a plan directorate's name, or "" when it cannot be told
    inferred: bool
    finding: Finding | None  # how it was told, when not from the metadata


def sender(metadata: dict[str, str], actions: tuple[SheetRow, ...],
           indicators: tuple[SheetRow, ...], plan: Plan) -> Sender:
    """The directorate the metadata names; else the one most of the return's refs belong to."""
    names = {d.name.lower(): d.name for d in plan.directorates}
    stated = metadata.get(layout.META_DIRECTORATE, "")
    if stated.lower() in names:
        return Sender(names[stated.lower()], False, None)
    owners: Counter[str] = Counter()
    for row in actions:
        action = plan.action(row.ref)
        if action is not None:
            owners[action.directorate] += 1
    for row in indicators:
        indicator = plan.indicator(row.ref)
        if indicator is not None:
            owners[indicator.directorate] += 1
    ranked = owners.most_common(2)
    why = (f"the metadata names '{stated}', which is not a directorate of the plan"
           if stated else "the hidden metadata sheet is missing")
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return Sender("", False, Finding(
            Severity.ERROR, "directorate-unknown",
            f"cannot tell which directorate sent this return: {why}, "
            "and its refs do not point to one directorate.",
            "Fill in the return generated for your directorate and send that."))
    name = ranked[0][0]
    return Sender(name, True, Finding(
        Severity.INFO, "directorate-inferred",
        f"read as {name}'s return because {why}; most of its refs "
        f"({ranked[0][1]}) are {name}'s.",
        "Nothing, if that is right; otherwise send the return generated for you."))


def quarter_of(metadata: dict[str, str], kpi_columns: tuple[str, ...],
               first_month: int = DEFAULT_FIRST_MONTH) -> Quarter | None:
    """The quarter the metadata names; else the one all the KPI month and quarter columns
    fall in; of the financial year starting in ``first_month`` (the plan's)."""
    try:
        return Quarter.parse(metadata[layout.META_QUARTER], first_month)
    except (KeyError, ValueError):
        pass
    quarters = set()
    for title in kpi_columns:
        period = title_period(title)
        if period is not None and period.kind == "month":
            quarters.add(Quarter.containing(date(period.year, period.number, 1), first_month))
        elif period is not None and period.kind == "quarter":
            quarters.add(period.quarter.in_calendar(first_month))
    return quarters.pop() if len(quarters) == 1 else None


def directorate_named_in(file_name: str, plan: Plan) -> str:
    """The one plan directorate a file name mentions, to route a finding about it; else ""."""
    words = title_key(Path(file_name).stem)
    found = [d.name for d in plan.directorates if f" {title_key(d.name)} " in f" {words} "]
    return found[0] if len(found) == 1 else ""
