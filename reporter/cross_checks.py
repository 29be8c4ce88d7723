"""Cross-checks: statuses the figures or the pack itself contradict.

Pure functions over the plan, a validated quarter and the indicators' results. Two
checks, each a ``Query`` the pack explains beside the action and a finding for the
officer (``reporter.rules``):

- ``complete-target-missed``: an action reported done (the scheme's "done" meaning)
  whose success criteria name an indicator (the register's ``Indicators`` column) that
  misses its target, or the plan's improvement headline (``SHARE_IMPROVED``) while the
  share improved is short of the plan's target.
- ``two-headings``: an action listed both among the exceptions (behind schedule, or at
  risk where Amber is reported by exception) and among the notable achievements.

The status is never changed: the Board reads it as the directorate reported it, with
the question beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reporter.analysis import exceptions, notable_achievements
from reporter.config.plan import SHARE_IMPROVED, Plan
from reporter.config.settings import Settings
from reporter.findings import Finding, Severity
from reporter.indicators.figures import format_figure
from reporter.indicators.results import ImprovementShare, IndicatorResult
from reporter.snapshot import QuarterSnapshot
from reporter.words import join_and


@dataclass(frozen=True)
class Query:
    """A question about one action's status: what the pack says beside it, and the
    finding for the officer."""

    ref: str
    rule: str
    note: str  # for the Board: what contradicts the status, in one sentence
    finding: Finding


def action_queries(plan: Plan, settings: Settings, snapshot: QuarterSnapshot,
                   previous: QuarterSnapshot | None, results: Iterable[IndicatorResult],
                   share: ImprovementShare | None) -> tuple[Query, ...]:
    """Every query of the quarter, in plan order (an action may have both)."""
    by_ref = {r.ref: r for r in results}
    found: dict[str, list[Query]] = {}
    for action in plan.actions:
        position = snapshot.action(action.ref)
        if position is None or position.status is None or not position.status.done:
            continue
        missed = [text for ref in action.indicators
                  if (text := _missed(ref, by_ref, share))]
        if not missed:
            continue
        status = position.status.label
        note = f"Reported {status}, but its success criteria name {join_and(missed)}."
        found.setdefault(action.ref, []).append(Query(action.ref, "complete-target-missed", note,
            Finding(Severity.WARNING, "complete-target-missed",
                    f"{action.ref} is reported {status}, but its success criteria name "
                    f"{join_and(missed)}.",
                    f"Ask {action.directorate} whether the success criteria are met: if not, "
                    "report the action with the status it has and the reason; if they are, "
                    "say why in the progress commentary.", action.directorate,
                    position.source_file)))
    listed = {item.ref for item in exceptions(plan, snapshot, settings)}
    for item in notable_achievements(plan, snapshot, previous):
        if item.ref not in listed or item.status is None:
            continue
        status = item.status.label
        note = (f"Reported {status}, so listed with the exceptions to timely delivery, and "
                "marked a notable achievement by its directorate, so listed with the notable "
                "achievements too.")
        found.setdefault(item.ref, []).append(Query(item.ref, "two-headings", note, Finding(
            Severity.WARNING, "two-headings",
            f"{item.ref} is reported {status}, an exception to timely delivery, and is also "
            "marked a notable achievement, so the pack lists it under both headings.",
            "If the achievement is a milestone on the way, keep it in the progress commentary "
            "and set Notable achievement to N; if the action is done, mark it "
            f"{settings.status_scheme.complete.label}.",
            item.action.directorate, item.position.source_file if item.position else "")))
    order = {a.ref: n for n, a in enumerate(plan.actions)}
    return tuple(q for ref in sorted(found, key=order.__getitem__) for q in found[ref])


def notes_by_action(queries: Iterable[Query]) -> dict[str, tuple[str, ...]]:
    """Action ref -> the notes of its queries, as the pack's ``queries`` holds them."""
    notes: dict[str, list[str]] = {}
    for query in queries:
        notes.setdefault(query.ref, []).append(query.note)
    return {ref: tuple(found) for ref, found in notes.items()}


def _missed(ref: str, results: dict[str, IndicatorResult],
            share: ImprovementShare | None) -> str:
    """How a linked indicator misses its target ("" when it meets it or cannot be judged)."""
    if ref == SHARE_IMPROVED:
        if share is None or not share.comparable or share.meets:
            return ""
        return (f"the share of indicators improved on last year, at {share.percent} "
                f"({share.improved} of {share.comparable}) against the plan\u2019s target of "
                f"{share.target_percent}")
    result = results.get(ref)
    if (result is None or result.target_met is not False or result.target is None
            or result.value is None):
        return ""
    indicator = result.indicator
    return (f"{ref} ({indicator.description}), at {format_figure(result.value, indicator)} "
            f"against a target of {format_figure(result.target, indicator)}")
