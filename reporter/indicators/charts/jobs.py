"""A chart to draw as a record (``ChartJob``), which can go to another process, and
what it makes: its figures, its alternative text, its files."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from reporter.config.plan import Indicator
from reporter.indicators.charts.pack_charts import (
    Counts,
    improvement_share_alt_text,
    improvement_share_figure,
    status_counts_alt_text,
    status_counts_figure,
)
from reporter.indicators.charts.png import safe_file_name, save
from reporter.indicators.charts.small_multiples import (
    small_multiples_alt_text,
    small_multiples_figures,
)
from reporter.indicators.charts.spc_chart import spc_alt_text, spc_figure
from reporter.indicators.charts.year import Panel, indicator_alt_text, indicator_figure
from reporter.periods import DEFAULT_FIRST_MONTH, FinancialYear
from reporter.snapshot import IndicatorMonth


@dataclass(frozen=True)
class ChartJob:
    """One chart to render: its kind, the arguments of its ``*_figure`` function and
    its file name. Make one with the class methods; it pickles, so it can go to another
    process."""

    kind: str  # "indicator", "spc", "small_multiples", "status_counts", "improvement_share"
    file_name: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def indicator(cls, indicator: Indicator, this_year: Sequence[IndicatorMonth],
                  last_year: Sequence[IndicatorMonth], financial_year: FinancialYear,
                  target: float | None, file_name: str | None = None) -> ChartJob:
        """``BV_66a.png`` unless named."""
        return cls("indicator", file_name or safe_file_name(indicator.ref),
                   (indicator, tuple(this_year), tuple(last_year), financial_year, target))

    @classmethod
    def spc(cls, indicator: Indicator, series: Sequence[IndicatorMonth], target: float | None,
            file_name: str | None = None, words: bool = True,
            first_month: int = DEFAULT_FIRST_MONTH) -> ChartJob:
        """``BV_66a_spc.png`` unless named; no file below ``spc.MIN_POINTS`` months.
        A quarterly indicator's quarters are of the year starting in ``first_month``."""
        return cls("spc", file_name or safe_file_name(f"{indicator.ref} spc"),
                   (indicator, tuple(series), target, words, first_month))

    @classmethod
    def small_multiples(cls, title: str, panels: Sequence[Panel],
                        columns: int = 3, financial_year: FinancialYear | None = None,
                        file_name: str | None = None, per_page: int | None = None) -> ChartJob:
        """One page ``name.png``, or pages ``name_1.png``, ``name_2.png``, ..."""
        frozen = tuple((i, tuple(this), tuple(last), t) for i, this, last, t in panels)
        return cls("small_multiples", file_name or safe_file_name(title),
                   (title, frozen, columns, financial_year, per_page))

    @classmethod
    def sections(cls, title: str, sections: Sequence[tuple[str, Sequence[Panel]]],
                 financial_year: FinancialYear | None = None,
                 file_name: str | None = None) -> ChartJob:
        """Small multiples of several groups on one page, each under its heading."""
        panels = [panel for _, group in sections for panel in group]
        frozen = tuple((i, tuple(this), tuple(last), t) for i, this, last, t in panels)
        return cls("small_multiples", file_name or safe_file_name(title),
                   (title, frozen, 3, financial_year, None,
                    tuple((heading, len(group)) for heading, group in sections)))

    @classmethod
    def status_counts(cls, counts: Counts, title: str = "Key actions by status",
                      file_name: str = "status_counts.png") -> ChartJob:
        return cls("status_counts", file_name, (tuple((q, dict(c)) for q, c in counts), title))

    @classmethod
    def improvement_share(cls, points: Sequence[tuple[str, float | None]], target: float = 0.70,
                          file_name: str = "improvement_share.png") -> ChartJob:
        return cls("improvement_share", file_name, (tuple(points), target))


@dataclass(frozen=True)
class ChartKind:
    """How a kind of chart is made: its figure(s) and its alternative text."""

    figure: Callable[..., Figure | list[Figure] | None]
    alt_text: Callable[..., str]
    cost: int = 1  # rough drawing time, a year chart as 1: the longest go first to a pool


KINDS: dict[str, ChartKind] = {
    "indicator": ChartKind(indicator_figure, indicator_alt_text),
    "spc": ChartKind(spc_figure, spc_alt_text, cost=2),
    "small_multiples": ChartKind(small_multiples_figures, small_multiples_alt_text, cost=10),
    "status_counts": ChartKind(status_counts_figure, status_counts_alt_text),
    "improvement_share": ChartKind(improvement_share_figure, improvement_share_alt_text),
}


def check(job: ChartJob) -> ChartKind:
    """The job's kind, or ValueError naming the kinds there are."""
    if job.kind not in KINDS:
        raise ValueError(f"unknown chart kind {job.kind!r}: use one of {', '.join(KINDS)}")
    return KINDS[job.kind]


def figures(job: ChartJob) -> list[Figure]:
    """A job's figures: none for an SPC chart without enough points, a page or more for
    small multiples, else one."""
    made = check(job).figure(*job.args, **job.kwargs)
    return [] if made is None else list(made) if isinstance(made, list) else [made]


def alt_text(job: ChartJob) -> str:
    """The alternative text of a job's picture(s), for the Word writer."""
    return check(job).alt_text(*job.args, **job.kwargs)


def job_paths(job: ChartJob, out_dir: Path | str, pages: int = 1) -> list[Path]:
    """Where a job's pages go: ``name.png``, or ``name_1.png``, ``name_2.png``, ..."""
    if pages == 1:
        return [Path(out_dir) / job.file_name]
    stem, suffix = os.path.splitext(job.file_name)
    return [Path(out_dir) / f"{stem}_{n}{suffix}" for n in range(1, pages + 1)]


def render_chart(job: ChartJob, out_dir: Path | str) -> list[Path]:
    """Render one job into ``out_dir``: the files written (none for an SPC chart without
    enough points)."""
    made = figures(job)
    text = alt_text(job)
    return [save(fig, path, text) for fig, path in zip(made, job_paths(job, out_dir, len(made)))]
