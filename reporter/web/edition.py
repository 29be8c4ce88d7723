"""The pack as static web pages: ``write_web_edition``.

The pages are laid out from the records the Word documents are written from (the
``PackContext``, the ``QuarterPerformance`` and the charts drawn for the performance
report) and worded by the same functions (``progress_words``, ``wording``,
``performance_words``, the poster's), so the Word and web editions say the same things.
Jinja2 autoescapes every value: text from a return is never markup. The folder needs no
server and no script: copy it to the website as it is.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from reporter.cells import MONTH_NAMES
from reporter.files import atomic_path
from reporter.indicators import spc
from reporter.indicators.figures import format_figure
from reporter.indicators.results import IndicatorResult
from reporter.pack import performance_words as performance
from reporter.pack import poster, progress_words, wording
from reporter.pack.context import PackContext
from reporter.pack.covering_report import chart_alt_text
from reporter.pack.performance_charts import ChartFile, PerformanceCharts
from reporter.pack.performance_data import (
    QuarterPerformance,
    in_year,
    indicator_groups,
    needing_attention,
    series_by_ref,
)
from reporter.periods import FinancialYear
from reporter.safe_text import clean_text
from reporter.snapshot import IndicatorMonth
from reporter.status import Meaning, Status

WEB_FOLDER = "web"
PAGES = {"index.html": "Summary", "progress.html": "Progress report",
         "performance.html": "Performance report", "poster.html": "Poster"}
STYLESHEETS = ("govuk-frontend.min.css", "web.css")
# GOV.UK Frontend's tag colours by what a status means: each passes 4.5:1 with its text.
TAGS = {Meaning.DONE: "govuk-tag--blue", Meaning.ON_TRACK: "govuk-tag--green",
        Meaning.AT_RISK: "govuk-tag--yellow", Meaning.OFF_TRACK: "govuk-tag--red",
        Meaning.NOT_STARTED: "govuk-tag--grey", Meaning.NOT_DUE: "govuk-tag--grey",
        Meaning.CLOSED: "govuk-tag--grey"}
RAG_TAGS = {"G": "govuk-tag--green", "A": "govuk-tag--yellow", "R": "govuk-tag--red"}


@dataclass(frozen=True)
class WebEdition:
    """What the web edition is made from: the progress report's ``context`` (its
    ``chart_path`` the status chart), the ``performance`` report's records and the
    ``charts`` drawn for it, and the poster's PNG and PDF."""

    context: PackContext
    performance: QuarterPerformance
    charts: PerformanceCharts
    poster_files: Sequence[Path] = ()


@dataclass(frozen=True)
class DataTable:
    """A chart's figures as a table: caption, column headers, rows (the first cell of
    each a row header)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A chart on a page: its image (relative to the page), caption, alt text, data."""

    src: str
    caption: str
    alt: str
    data: DataTable


def write_web_edition(edition: WebEdition, out_dir: Path | str) -> list[Path]:
    """Write the web edition into ``out_dir`` (made if missing): the four pages, their
    stylesheets and images. Returns the files written."""
    out = Path(out_dir)
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "static").mkdir(exist_ok=True)
    written = [_copy_static(name, out / "static" / name) for name in STYLESHEETS]
    pages = _Pages(edition, out)
    for name in PAGES:
        html = pages.render(name)
        with atomic_path(out / name) as temporary:
            temporary.write_text(html, encoding="utf-8")
        written.append(out / name)
    return written + pages.images


def _copy_static(name: str, target: Path) -> Path:
    with resources.as_file(resources.files("reporter.web") / "static" / name) as source:
        shutil.copyfile(source, target)
    return target


def environment() -> Environment:
    """The templates, autoescaped (text from a return is never markup); an undefined
    name is an error, not an empty string."""
    env = Environment(loader=PackageLoader("reporter.web", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)
    env.filters["clean"] = clean_text
    # the pack's words and the status colours, for every template and macro
    env.globals.update(words=progress_words, wording=wording, perf=performance, poster=poster,
                       tag=status_tag, rag_tag=rag_tag, pages=PAGES)
    return env


class _Pages:
    """Renders the pages of one edition, copying each chart into ``images/`` once."""

    def __init__(self, edition: WebEdition, out: Path):
        self.edition, self.out = edition, out
        self.env = environment()
        self.images: list[Path] = []
        self.figures = 0
        p = edition.performance
        self.series = series_by_ref(p.results, p.series, p.quarter)
        self.readings = performance.spc_readings(p.results, self.series)
        self.poster_options = poster.PosterOptions.from_settings(p.settings)

    def render(self, name: str) -> str:
        c, p = self.edition.context, self.edition.performance
        self.figures = 0  # numbered on each page as in its Word document
        values = {
            "c": c, "p": p, "page": name, "title": PAGES[name], "mark": c.mark,
            "footer": c.footer, "organisation": clean_text(c.organisation.name),
        }
        if name == "index.html":
            values["status_chart"] = self.status_figure()
        elif name == "performance.html":
            groups = indicator_groups(p.plan, p.results, p.group_by)
            needing = needing_attention(p, self.readings)
            placed = {r.ref for r, _ in needing}
            others = self.edition.charts.not_placed(
                [r.ref for _, members in groups for r in members], placed)
            # the figures numbered in the report's order: the share improved, the sheets
            # at a glance, then the charts of the indicators needing attention
            values["share_chart"] = self.share_figure()
            values["glance"] = self.glance_figures()
            values["attention"] = [self.attention(r, reasons) for r, reasons in needing]
            values["where_other_charts"] = performance.where_other_charts(
                [c.path.name for c in others], self.edition.charts.folder)
            values.update(readings=self.readings, summary_groups=groups)
        elif name == "poster.html":
            tiles, chosen = poster.chosen_indicators(p.results, self.poster_options)
            values.update(tiles=tiles, how_chosen=chosen,
                          poster_files=[self.image(path) for path in self.edition.poster_files])
        return self.env.get_template(name).render(values)

    # ---- images -----------------------------------------------------------------------
    def image(self, path: Path) -> str:
        """``images/name.png``: the file copied beside the pages (once)."""
        target = self.out / "images" / path.name
        if target not in self.images:
            shutil.copyfile(path, target)
            self.images.append(target)
        return f"images/{path.name}"

    def figure(self, chart: ChartFile, data: DataTable) -> Figure:
        self.figures += 1
        return Figure(self.image(chart.path), f"Figure {self.figures}: {chart.caption}",
                      chart.alt, data)

    # ---- the charts' figures ------------------------------------------------------------
    def status_figure(self) -> Figure | None:
        c = self.edition.context
        if c.chart_path is None:
            return None
        statuses = status_columns(c.history_counts)
        rows = tuple((quarter, *(str(counts.get(s, 0)) for s in statuses),
                      str(sum(counts.values())))
                     for quarter, counts in c.history_counts)
        data = DataTable("Key actions by status, quarter by quarter",
                         ("Quarter", *(progress_words.status_name(s) for s in statuses),
                          "Total"), rows)
        self.figures += 1
        return Figure(self.image(c.chart_path),
                      f"Figure {self.figures}: Key actions by status, quarter by quarter",
                      chart_alt_text(c), data)

    def share_figure(self) -> Figure | None:
        p, drawn = self.edition.performance, self.edition.charts
        if drawn.share is None:
            return None
        rows = tuple((label, "Not comparable" if share is None else f"{round(share * 100)}%")
                     for label, share in p.points)
        return self.figure(drawn.share, DataTable(
            "Share of comparable indicators improved, by quarter",
            ("Quarter", "Improved on last year"), rows,
            note=f"The plan\u2019s target: {p.share.target_percent}."))

    def glance_figures(self) -> list[Figure]:
        """The sheets at a glance, each with the figures of the indicators it draws."""
        p = self.edition.performance
        by_ref = {r.ref: r for r in p.results}
        return [self.figure(sheet, glance_table(sheet.caption,
                                                [by_ref[ref] for ref in sheet.refs]))
                for sheets in self.edition.charts.groups.values() for sheet in sheets]

    def attention(self, result: IndicatorResult, reasons: Sequence[str]) -> Attention:
        """An indicator needing attention as the report places it: its year chart
        captioned with why (or why there is none); its SPC chart and reading when a
        signal of concern is a reason."""
        drawn = self.edition.charts
        months = self.series.get(result.ref, ())
        chart = drawn.indicators.get(result.ref)
        year = (None if chart is None else self.figure(
            replace(chart, caption=performance.attention_caption(chart.caption, reasons)),
            year_table(result, months, result.quarter.financial_year)))
        no_chart = performance.no_chart_line(result, reasons) if year is None else ""
        found, _ = self.readings[result.ref]
        if found is None or performance.SPC_NEED not in reasons:
            return Attention(year, no_chart)  # other readings are in the summary table
        spc_chart = drawn.spc.get(result.ref)
        spc_figure = (None if spc_chart is None
                      else self.figure(spc_chart, spc_table(result, months, found)))
        return Attention(year, no_chart, spc_figure, found.reading)


@dataclass(frozen=True)
class Attention:
    """An indicator needing attention on the page: its year chart (else the line saying
    it has none), its SPC chart and reading when a signal of concern is a reason."""

    year: Figure | None
    no_chart: str
    spc: Figure | None = None
    reading: str = ""


def status_columns(history: Iterable[tuple[str, Mapping[Status | None, int]]]
                   ) -> list[Status | None]:
    """The statuses the status chart stacks, in the counts' order, and "not reported"
    when a quarter has any."""
    counts = [c for _, c in history]
    shown: list[Status | None] = list(dict.fromkeys(s for c in counts for s in c
                                                    if s is not None))
    return shown + [None] if any(c.get(None, 0) for c in counts) else shown


def glance_table(caption: str, members: Sequence[IndicatorResult]) -> DataTable:
    """The figures of a sheet at a glance (``members``, the indicators it draws): each
    one's year to date, last year's and its target, as the summary table gives them."""
    rows = tuple((f"{r.ref} {clean_text(r.indicator.description)}",
                  performance.this_year_text(r)[0], performance.last_year_text(r)[0],
                  performance.target_text(r)[0]) for r in members)
    return DataTable(caption, ("Indicator", "This year to date", "Last year", "Target judged"),
                     rows)


def year_table(result: IndicatorResult, months: Sequence[IndicatorMonth],
               year: FinancialYear) -> DataTable:
    """An indicator's months this year and last, as its year chart draws them."""
    indicator = result.indicator
    last = year.previous()
    this_values = {(m.year, m.month): m.value for m in in_year(months, year)}
    last_values = {(m.year + 1, m.month): m.value for m in in_year(months, last)}
    keys = sorted(set(this_values) | set(last_values))
    rows = tuple((MONTH_NAMES[m - 1], _figure(this_values.get((y, m)), result),
                  _figure(last_values.get((y, m)), result)) for y, m in keys)
    target = ("" if result.target is None
              else f"Target: {format_figure(result.target, indicator)}.")
    return DataTable(f"{result.ref}: figures by month", (
        "Month", f"This year ({year.label})", f"Last year ({last.label})"), rows, target)


def spc_table(result: IndicatorResult, months: Sequence[IndicatorMonth],
              found: spc.SpcResult | None) -> DataTable:
    """The points of an indicator's SPC chart, with its mean and process limits."""
    periods, values = spc.indicator_points(result.indicator, months,
                                           result.quarter.first_month)
    rows = tuple((period.label, _figure(value, result)) for period, value in zip(periods, values))
    note = ("" if found is None else
            f"Mean {_figure(found.mean, result)}; process limits "
            f"{_figure(found.lower, result)} to {_figure(found.upper, result)}.")
    return DataTable(f"{result.ref}: points of the statistical process control chart",
                     ("Period", "Figure"), rows, note)


def _figure(value: float | None, result: IndicatorResult) -> str:
    return "\u2013" if value is None else format_figure(value, result.indicator)


def status_tag(status: Status | None) -> str:
    """The GOV.UK tag class of an action's status (grey when not reported)."""
    return "govuk-tag--grey" if status is None else TAGS.get(status.meaning, "govuk-tag--grey")


def rag_tag(rag_text: str) -> str:
    """The tag class of an indicator's status cell (``G On target``), grey when it has
    no colour."""
    return RAG_TAGS.get(rag_text.split(" ", 1)[0], "govuk-tag--grey")
