"""The merged quarter: what every later stage (history, analysis, charts,
documents) takes. Plain frozen records, built by ``validate`` from the returns
and stored by ``history``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from reporter.findings import Finding
from reporter.periods import Quarter
from reporter.status import Status


@dataclass(frozen=True)
class ActionPosition:
    """One action's position at the end of a quarter.

    ``returned_status`` is what the directorate said (None when blank or not
    understood); ``status`` is what is reported after the key-date rule (a Green
    or Amber past its key date is reported as Red).
    """

    ref: str
    directorate: str
    status: Status | None
    returned_status: Status | None = None
    returned_status_text: str = ""
    commentary: str = ""
    remedial_action: str = ""
    revised_date: str = ""  # as the directorate wrote it: reported, not obeyed
    evidence: str = ""
    notable: bool = False
    carried_forward: bool = False  # no return this quarter: last quarter's position
    source_file: str = ""

    @property
    def status_changed_by_rule(self) -> bool:
        return self.returned_status is not None and self.returned_status is not self.status


@dataclass(frozen=True)
class IndicatorMonth:
    """An indicator's value for one calendar month (None when not given)."""

    ref: str
    year: int
    month: int
    value: float | None


@dataclass(frozen=True)
class IndicatorPosition:
    """An indicator's return for a quarter: monthly values and the comment."""

    ref: str
    directorate: str
    months: tuple[IndicatorMonth, ...] = ()
    comment: str = ""
    stated_status: str = ""  # a status the directorate wrote, if any
    carried_forward: bool = False
    source_file: str = ""


@dataclass(frozen=True)
class RecommendationPosition:
    ref: str
    directorate: str
    complete: bool
    commentary: str = ""
    new_target_date: str = ""
    carried_forward: bool = False


@dataclass(frozen=True)
class ReturnFile:
    """A file that was read for the quarter, with a fingerprint of its bytes."""

    file: str
    directorate: str
    sha256: str
    used: bool = True  # False when superseded by a newer return of the same directorate


@dataclass(frozen=True)
class QuarterSnapshot:
    """Everything known about one quarter after its returns are merged and validated."""

    quarter: Quarter
    actions: tuple[ActionPosition, ...]
    indicators: tuple[IndicatorPosition, ...] = ()
    recommendations: tuple[RecommendationPosition, ...] = ()
    findings: tuple[Finding, ...] = ()
    returns: tuple[ReturnFile, ...] = ()
    created: datetime | None = None
    final: bool = False
    missing_directorates: tuple[str, ...] = field(default=())

    # Built once: writers look up every action of a large organisation by ref.
    @cached_property
    def _actions_by_ref(self) -> dict[str, ActionPosition]:
        return {a.ref: a for a in self.actions}

    @cached_property
    def _indicators_by_ref(self) -> dict[str, IndicatorPosition]:
        return {i.ref: i for i in self.indicators}

    def action(self, ref: str) -> ActionPosition | None:
        return self._actions_by_ref.get(ref)

    def indicator(self, ref: str) -> IndicatorPosition | None:
        return self._indicators_by_ref.get(ref)
