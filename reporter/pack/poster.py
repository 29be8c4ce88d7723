"""The performance poster: one A4 page of headline indicators for tenants.

The framework (002) puts performance posters up in neighbourhood offices and
customer service centres and on the website each quarter, so tenants can see for
themselves whether a service is improving. ``write_poster`` draws one A4 portrait
page with matplotlib and saves it as PNG and PDF: the organisation's name, "How we
performed: Q3 2009/10", 6 to 8 headline indicators as tiles (the figure so far
this year in large type, what it measures in plain words, the target and whether
it is met, and better or worse than last year as an arrow AND words, in
colour-blind-safe colours) and the share of indicators improved against the plan's
70%. The same input gives the same PNG bytes (no software name or time stamp).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from reporter.cells import MONTH_NAMES
from reporter.config.settings import Settings
from reporter.errors import ConfigurationError
from reporter.files import atomic_path
from reporter.indicators import charts
from reporter.indicators.results import (
    NO_DATA,
    NOT_DUE,
    ImprovementShare,
    IndicatorResult,
)
from reporter.pack.context import DRAFT_MARK
from reporter.pack.house import MARK_COLOUR
from reporter.pack.performance_words import (
    BETTER,
    NO_CHANGE,
    WORSE,
    direction_note,
    direction_text,
    format_figure,
)
from reporter.periods import Quarter
from reporter.safe_text import clean_text
from reporter.words import join_and

A4_INCHES = (8.27, 11.69)  # portrait
DPI = 150
MAX_TILES = 8
FONT = "DejaVu Sans"  # ships with matplotlib: the same poster on every machine
NAVY = "#1F3864"
TILE = "#F2F4F7"
INK = charts.INK
BETTER_COLOUR = charts.BLUE  # Okabe-Ito: blue and vermillion tell apart in every common
WORSE_COLOUR = charts.VERMILLION  # colour-vision deficiency; the arrows and words tell in grey
NEUTRAL_COLOUR = charts.GREY
MARK = "#" + MARK_COLOUR  # the DRAFT line's red, as in the documents
FOOTER_CHARS, FOOTER_LINE = 105, 0.15  # the footer's line at 8 points across the page
TARGET_CHARS = 44  # the most a tile's target line holds at 9.5 points

# What each tile says about last year; the arrow is drawn as well as the words.
BETTER_WORDS = "better than last year"
WORSE_WORDS = "worse than last year"
SAME_WORDS = "the same as last year"
NO_COMPARISON_WORDS = "not comparable with last year"
POLARITY_NOTE = "Better or worse allows for whether a higher or a lower figure is better."


def headline_results(results: Sequence[IndicatorResult], refs: Sequence[str] | None = None,
                     limit: int = MAX_TILES) -> list[IndicatorResult]:
    """The indicators the poster shows: those named in ``refs`` (in that order), else
    the plan's headline indicators (the register's Headline column), else up to
    ``limit`` with a real figure this year, taken in turn from each theme (plan
    order), so every theme has a say before any has two; within a theme, indicators
    judged and with every figure due come first (a data-only one or a part-year figure
    only where nothing better is left)."""
    if refs is None and any(r.indicator.headline for r in results):
        refs = [r.ref for r in results if r.indicator.headline]
    if refs is not None:
        by_ref = {r.ref: r for r in results}
        return [by_ref[ref] for ref in refs if ref in by_ref][:limit]
    queues: dict[object, list[IndicatorResult]] = {}
    for result in sorted((r for r in results if _has_figure(r)), key=_weaker):
        queues.setdefault(result.indicator.theme, []).append(result)
    chosen: list[IndicatorResult] = []
    while len(chosen) < limit and any(queues.values()):
        for queue in queues.values():
            if queue and len(chosen) < limit:
                chosen.append(queue.pop(0))
    order = {id(r): n for n, r in enumerate(results)}
    return sorted(chosen, key=lambda r: order[id(r)])


def how_chosen(results: Sequence[IndicatorResult], refs: Sequence[str] | None,
               plan_name: str, shown: int) -> str:
    """The poster's line saying how its indicators were chosen (as ``headline_results``
    chooses them), for the reader who wonders why these."""
    if refs:
        return f"These {shown} indicators were chosen for this poster from our {plan_name}."
    if any(r.indicator.headline for r in results):
        return f"These are the headline indicators of our {plan_name}."
    return f"These {shown} indicators are taken in turn from each theme of our {plan_name}."


def check_poster_indicators(refs: Sequence[str], known: Sequence[str]) -> None:
    """Raise ConfigurationError when ``[poster] indicators`` names a PI ref the plan
    register does not have, or more than the poster holds."""
    unknown = [ref for ref in refs if ref not in set(known)]
    if unknown:
        raise ConfigurationError(
            f"poster.indicators names {join_and(unknown)}, not in the plan register's "
            f"Indicators sheet; use its PI refs exactly as written there (such as "
            f"\"{known[0] if known else 'BV 66a'}\"), or delete the key to show the plan's "
            "headline indicators")
    if len(refs) > MAX_TILES:
        raise ConfigurationError(
            f"poster.indicators names {len(refs)} indicators; the poster has room for "
            f"{MAX_TILES}: keep the {MAX_TILES} that matter most to tenants")


def _has_figure(result: IndicatorResult) -> bool:
    return result.value is not None and result.rag not in (NO_DATA, NOT_DUE)


def _weaker(result: IndicatorResult) -> int:
    """0 for a judged indicator with every figure due, 1 for part of them, 2 data only."""
    return 2 if not result.indicator.judged else 0 if result.complete else 1


def direction_words(result: IndicatorResult) -> tuple[str, str, str]:
    """(arrow, words, colour) for better or worse than last year, by polarity: the same
    judgement as the report's column (``direction_text``), with bigger arrows. A
    data-only indicator's trend is drawn in grey, never as better or worse; "not
    comparable" says why."""
    if not result.indicator.judged:
        trend = direction_text(result).partition(": ")[2]
        arrow = {"higher than last year": "\u25b2", "lower than last year": "\u25bc",
                 "the same as last year": "="}.get(trend, "\u2013")
        return arrow, f"{trend} (not judged)" if trend else "data only (not judged)", \
            NEUTRAL_COLOUR
    found = {BETTER: ("\u25b2", BETTER_WORDS, BETTER_COLOUR),
             WORSE: ("\u25bc", WORSE_WORDS, WORSE_COLOUR),
             NO_CHANGE: ("=", SAME_WORDS, NEUTRAL_COLOUR)}.get(direction_text(result))
    if found is not None:
        return found
    why = direction_note(result)
    return "\u2013", f"{NO_COMPARISON_WORDS}: {why}" if why else NO_COMPARISON_WORDS, \
        NEUTRAL_COLOUR


def period_words(quarter: Quarter) -> str:
    """``April to December 2009`` (from the financial year's first month): the months this
    year's figures cover."""
    start, end = quarter.financial_year.start, quarter.end
    return f"{MONTH_NAMES[start.month - 1]} {start.year} to {MONTH_NAMES[end.month - 1]} {end.year}"


def _wrap(text: str, chars: int, lines: int) -> list[str]:
    wrapped = textwrap.wrap(" ".join(text.split()), chars) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,.;:") + "\u2026"
    return wrapped


def poster_heading(quarter: Quarter) -> tuple[str, str]:
    """(the poster's heading, what its figures are): ``How we performed: Q3 2009/10``."""
    return (f"How we performed: {quarter.label}",
            f"Our figures for {period_words(quarter)}, compared with the same period last year")


def share_lines(share: ImprovementShare) -> tuple[str, str]:
    """(the share improved, the plan's ask and whether it was met), or (that nothing can
    be compared yet, "")."""
    if not share.comparable:
        return "No indicator can yet be compared with last year.", ""
    verdict = "we met it" if share.meets else "we fell short of it"
    others = share.not_compared_count
    later = (f" {others} other{' was' if others == 1 else 's were'} not comparable."
             if others else "")
    return (f"{share.improved} of {share.comparable} comparable indicators improved "
            f"on last year: {share.percent}",
            f"Our plan asks for at least {share.target_percent}: {verdict}.{later}")


@dataclass(frozen=True)
class PosterOptions:
    """What a poster shows besides the figures: the indicators ``refs`` named by the
    settings' ``[poster] indicators`` (none: as ``headline_results`` chooses), the plan's
    name for the line saying how they were chosen, and the ``mark`` at the top
    (``pack_mark``: DRAFT until final)."""

    refs: tuple[str, ...] = ()
    plan_name: str = "plan"
    mark: str = DRAFT_MARK
    name: str = "poster"  # the files' stem: poster.png, poster.pdf

    @classmethod
    def from_settings(cls, settings: Settings, mark: str = DRAFT_MARK) -> PosterOptions:
        """The settings' poster: its ``[poster] indicators`` and the plan's name."""
        return cls(settings.poster_indicators, settings.organisation.plan_name, mark)


def chosen_indicators(results: Sequence[IndicatorResult], options: PosterOptions
                      ) -> tuple[list[IndicatorResult], str]:
    """(the indicators the poster shows, the line saying how they were chosen): the
    poster's and its web page's alike."""
    refs = options.refs or None
    chosen = headline_results(results, refs)
    return chosen, how_chosen(results, refs, options.plan_name, len(chosen))


def poster_figure(organisation: str, quarter: Quarter, results: Sequence[IndicatorResult],
                  share: ImprovementShare, options: PosterOptions | None = None) -> Figure:
    """The poster as a matplotlib Figure, A4 portrait (no pyplot: no global state):
    the mark at the top, the line saying how the indicators were chosen under the
    heading (``how_chosen``), every word inside the page."""
    options = options or PosterOptions()
    mark = options.mark
    fig = Figure(figsize=A4_INCHES, dpi=DPI, facecolor="white")
    width, height = A4_INCHES
    inches = fig.dpi_scale_trans

    def text(x: float, top: float, words: str, **kw: Any) -> None:
        """Text placed in inches from the left and from the top of the page."""
        kw.setdefault("fontfamily", FONT)
        kw.setdefault("color", INK)
        kw.setdefault("va", "top")
        fig.text(x, height - top, words, transform=inches, **kw)

    # the heading band
    fig.add_artist(Rectangle((0, height - 1.75), width, 1.75, transform=inches,
                             facecolor=NAVY, edgecolor="none"))
    name = clean_text(organisation)
    # smaller for a long name, so it stays on the page (DejaVu Sans Bold's average width)
    size = min(15.0, (width - 1.0) * 72 / (0.62 * max(len(name), 1)))
    text(0.5, 0.35, name, fontsize=size, color="white", fontweight="bold")
    heading, period = poster_heading(quarter)
    text(0.5, 0.72, heading, fontsize=27, color="white", fontweight="bold")
    text(0.5, 1.22, period, fontsize=11.5, color="white")
    chosen, line = chosen_indicators(results, options)
    line = _wrap(line, 95, 1)[0]
    text(0.5, 1.48, line, fontsize=9.5, color="white", gid="chosen")
    if mark:  # as every document of the pack says it, on its own line above the name
        text(width - 0.3, 0.08, mark, fontsize=9, ha="right", color="white",
             fontweight="bold", gid="mark",
             bbox={"facecolor": MARK, "edgecolor": "none", "pad": 2})

    margin, gap = 0.45, 0.2
    tile_w = (width - 2 * margin - gap) / 2
    tile_h, top0 = 1.75, 2.0
    if not chosen:
        text(width / 2, 4.5, "No figures have been reported yet this year.", fontsize=16,
             ha="center")
    for n, result in enumerate(chosen):
        row, column = divmod(n, 2)
        box = (margin + column * (tile_w + gap), top0 + row * (tile_h + gap), tile_w, tile_h)
        _tile(fig, text, box, result, height)

    _share_band(fig, text, share, width, height)
    footer = (f"{clean_text(organisation)}  \u00b7  Performance poster {quarter.label}  "
              f"\u00b7  {POLARITY_NOTE}")
    lines = textwrap.wrap(footer, FOOTER_CHARS)  # wrapped to the page: it ran off it
    text(0.5, height - 0.22 - FOOTER_LINE * len(lines), "\n".join(lines), fontsize=8,
         color="#555555", linespacing=1.2, gid="footer")
    return fig


def _tile(fig: Figure, text, box: tuple[float, float, float, float],
          result: IndicatorResult, page_height: float) -> None:
    """An indicator's tile in ``box`` (left, top, width, height in inches from the top)."""
    left, top, w, h = box
    inches = fig.dpi_scale_trans
    arrow, words, colour = direction_words(result)
    fig.add_artist(FancyBboxPatch((left, page_height - top - h), w, h, transform=inches,
                                  boxstyle="round,pad=0,rounding_size=0.08",
                                  facecolor=TILE, edgecolor="#D0D5DD", linewidth=0.8))
    fig.add_artist(Rectangle((left, page_height - top - h), 0.12, h, transform=inches,
                             facecolor=colour, edgecolor="none"))
    x = left + 0.3
    words_ = clean_text(result.indicator.description)
    if len(textwrap.wrap(words_, 30)) <= 2:
        text(x, top + 0.12, "\n".join(_wrap(words_, 30, 2)), fontsize=11, fontweight="bold",
             linespacing=1.15, gid="tile_title")
    else:  # a longer description in three smaller lines rather than cut at two
        text(x, top + 0.1, "\n".join(_wrap(words_, 37, 3)), fontsize=9, fontweight="bold",
             linespacing=1.1, gid="tile_title")
    indicator = result.indicator
    figure = format_figure(result.value, indicator)
    size = 28 if len(figure) <= 9 else 23 if len(figure) <= 11 else 18  # clear of "so far"
    if len(figure) > 14:  # a rate with its unit in words: the figure large, the unit below
        number, _, unit_words = figure.partition(" ")
        text(x, top + 0.56, number, fontsize=28, fontweight="bold", color=NAVY)
        text(x, top + 0.93, unit_words, fontsize=9, color=NAVY)
    else:
        text(x, top + 0.56 + (28 - size) / 144, figure, fontsize=size, fontweight="bold",
             color=NAVY)
    span = "for the\nyear" if result.quarter.number == 4 else "so far\nthis year"
    text(left + w - 0.2, top + 0.72, span, fontsize=8.5, ha="right",
         color="#555555", linespacing=1.1)
    target = target_words(result)
    if len(target) <= TARGET_CHARS:
        text(x, top + 1.1, target, fontsize=9.5, gid="target")
    else:  # two lines rather than past the tile's edge (and the page's)
        text(x, top + 1.0, target.replace("  \u00b7  ", "\n"), fontsize=8.5,
             linespacing=1.1, gid="target")
    text(x, top + 1.34, arrow, fontsize=18, color=colour, fontweight="bold")
    last = ("" if result.last_year is None  # none when not comparable, but for data only
            else f" ({format_figure(result.last_year, indicator, unit_words=False)})")
    text(x + 0.36, top + 1.38, f"{words[:1].upper()}{words[1:]}{last}", fontsize=10.5,
         fontweight="bold", color=INK)


def target_words(result: IndicatorResult) -> str:
    """``Target 98.7%: met  ·  higher is better``: "met" only for a judged figure. A unit
    in words is left to the figure above, so the line fits the tile."""
    indicator = result.indicator
    if not indicator.judged:
        return "Data only: no target"
    if result.target is not None and result.target_met is not None:
        met = "met" if result.target_met else "not met"
        target = f"Target {format_figure(result.target, indicator, unit_words=False)}: {met}"
    elif (year_target := indicator.target_for(result.quarter.financial_year)) is not None:
        figure = format_figure(year_target, indicator, unit_words=False)
        target = f"Year target {figure}: judged at year end"
    else:
        target = "No target set"
    polarity = {"higher": "higher is better", "lower": "lower is better"}[indicator.polarity]
    return f"{target}  \u00b7  {polarity}"


def _share_band(fig: Figure, text, share: ImprovementShare, width: float,
                page_height: float) -> None:
    inches = fig.dpi_scale_trans
    top = 9.85  # under the tiles, clear of the footer
    headline, ask = share_lines(share)
    if not share.comparable:
        text(0.5, top, headline, fontsize=14, fontweight="bold")
        return
    text(0.5, top - 0.05, headline, fontsize=16, fontweight="bold")
    text(0.5, top + 0.3, ask, fontsize=11.5)
    left, bar_w, bar_h, bar_top = 0.5, width - 1.7, 0.26, top + 0.72
    y = page_height - bar_top - bar_h
    fig.add_artist(Rectangle((left, y), bar_w, bar_h, transform=inches, facecolor="#E4E7EC",
                             edgecolor="none"))
    fraction = share.share or 0.0
    fig.add_artist(Rectangle((left, y), bar_w * fraction, bar_h, transform=inches,
                             facecolor=BETTER_COLOUR if share.meets else charts.SKY_BLUE,
                             edgecolor="none", hatch="" if share.meets else "//"))
    marker = left + bar_w * share.target
    fig.add_artist(Rectangle((marker - 0.015, y - 0.08), 0.03, bar_h + 0.16, transform=inches,
                             facecolor=INK, edgecolor="none"))
    text(left + bar_w + 0.12, bar_top + 0.02, share.percent, fontsize=12, fontweight="bold")
    text(marker, bar_top + bar_h + 0.1, f"Target {share.target_percent}", fontsize=9,
         ha="center")


def write_poster(organisation: str, quarter: Quarter, results: Sequence[IndicatorResult],
                 share: ImprovementShare, out_dir: Path | str,
                 options: PosterOptions | None = None) -> tuple[Path, Path]:
    """Write the poster (``poster_figure``) as ``poster.png`` (A4 portrait at ``DPI``)
    and ``poster.pdf`` (or ``options.name``) in ``out_dir``, each whole or not at all;
    returns (png, pdf)."""
    out, name = Path(out_dir), (options or PosterOptions()).name
    fig = poster_figure(organisation, quarter, results, share, options)
    png, pdf = out / f"{name}.png", out / f"{name}.pdf"
    for path, saving in (
            (png, {"format": "png", "dpi": DPI, "metadata": {"Software": None}}),
            (pdf, {"format": "pdf", "metadata": {"Creator": None, "Producer": None,
                                                 "CreationDate": None}})):
        with atomic_path(path) as temporary:
            fig.savefig(temporary, facecolor="white", **saving)
    return png, pdf
