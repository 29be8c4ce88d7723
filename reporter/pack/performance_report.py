"""The performance report: the indicator summary table, trend charts and clinic candidates.

The framework's "Year End Performance Summary" (002), kept each quarter: for every
indicator its PI ref, description, last year, this year to date, target, benchmark
quartile, better or worse than last year (an arrow AND a word, by polarity: "better"
is better whichever way the number moved), target met, the status (shaded and
lettered) and the statistical process control reading (variation and assurance,
Making Data Count) where the indicator has 15 or more months. Grouped by theme (or
owner), in a landscape section. Then the share of comparable indicators improved
against the plan's 70%, the trend charts (each captioned and described for screen
readers), and the performance clinic candidates with their reasons.

    charts = render_performance_charts(results, series, out / "charts", share_points=points)
    write_performance_report(plan, settings, quarter, results, share, clinics, series,
                             out / "charts", out / "performance_report.docx", charts=charts)

Takes plain records (the analysis' ``IndicatorResult``, ``ImprovementShare``,
``ClinicCandidate`` and the monthly ``IndicatorMonth`` series), never the pipeline.
"""

from __future__ import annotations

import copy
import math
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.image.image import Image
from docx.image.png import Png
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Cm, Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reporter.analysis import (
    NO_DATA,
    NO_TARGET,
    OFF_TARGET,
    ON_TARGET,
    WITHIN_TOLERANCE,
    ChartSelection,
    ClinicCandidate,
    ImprovementShare,
    IndicatorResult,
    improvement_share,
    indicator_results,
    indicators_to_chart,
)
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.indicators import charts, spc
from reporter.pack import word
from reporter.pack.context import long_date
from reporter.pack.house import (
    INPUT_TEMPLATES,
    MARK_COLOUR,
    REFERENCE_NAME,
)
from reporter.pack.writer import HouseWriter, open_reference
from reporter.periods import MONTH_NAMES, FinancialYear, Quarter
from reporter.safe_text import clean_text
from reporter.snapshot import IndicatorMonth, QuarterSnapshot
from reporter.status import Status

PERFORMANCE_REPORT_NAME = "performance_report.docx"
DEFAULT_REFERENCE = INPUT_TEMPLATES / REFERENCE_NAME

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

SUMMARY_WIDTHS = tuple(Cm(w) for w in (1.7, 5.0, 2.4, 2.4, 1.7, 2.1, 2.0, 1.4, 2.4, 4.6))
CLINIC_HEADERS = ("PI ref", "Description", "Why a performance clinic is proposed")
CLINIC_WIDTHS = tuple(Cm(w) for w in (2.2, 6.8, 8.0))
RAG_COUNT_WIDTHS = (Cm(5.0), Cm(3.0))
GROUP_FILL = "D9E2F3"  # the shaded row naming each theme (or owner) in the summary table
NO_CLINIC = "No indicator meets the criteria for a performance clinic this quarter."
PICTURE_WIDTH = Length(int(charts.WIDTH * 914400))  # the charts' natural width: 16 cm


# --------------------------------------------------------------------------- words

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
    with 15+ months, else "Fewer than 15 points (n months)"."""
    found = spc.indicator_spc(result.indicator, series, result.target)
    if found is None:
        _, values = spc.monthly_series(series)
        count = spc.point_count(values)
        return None, (f"Fewer than {spc.MIN_POINTS} points "
                      f"({count} month{'' if count == 1 else 's'})")
    if found.assurance is not None:
        assurance = found.assurance
    elif result.target is None:
        assurance = "no target"
    else:
        assurance = "not judged (no direction of good)"
    return found, f"Variation: {found.variation}\nAssurance: {assurance}"


def _sentence(text: str) -> str:
    text = text.strip()
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def share_sentence(share: ImprovementShare) -> str:
    """``11 of 17 indicators improved: 65%, short of the 70% the plan asks.``"""
    return _sentence(share.text)


# --------------------------------------------------------------------------- series

def series_by_ref(results: Iterable[IndicatorResult], series: Iterable[IndicatorMonth],
                  quarter: Quarter) -> dict[str, tuple[IndicatorMonth, ...]]:
    """Each indicator's months up to the quarter's end, oldest first: the history's
    months with this quarter's own (from the results, which the returns give) over them."""
    results = tuple(results)
    wanted = [r.ref for r in results]
    found: dict[str, dict[tuple[int, int], float | None]] = {ref: {} for ref in wanted}
    last = (quarter.end.year, quarter.end.month)
    for month in series:
        months = found.get(month.ref)
        if months is not None and (month.year, month.month) <= last:
            months[(month.year, month.month)] = month.value
    for result in results:
        for month in result.months:
            found[result.ref][(month.year, month.month)] = month.value
    return {ref: tuple(IndicatorMonth(ref, y, m, v) for (y, m), v in sorted(months.items()))
            for ref, months in found.items()}


def _in_year(series: Iterable[IndicatorMonth], year: FinancialYear) -> tuple[IndicatorMonth, ...]:
    return tuple(m for m in series if FinancialYear(m.year if m.month >= 4 else m.year - 1) == year)


def improvement_share_points(plan: Plan, settings: Settings,
                             snapshots: Iterable[tuple[Quarter, QuarterSnapshot]],
                             series: Iterable[IndicatorMonth], limit: int = 8,
                             known: Mapping[Quarter, ImprovementShare] | None = None
                             ) -> list[tuple[str, float | None]]:
    """The share of comparable indicators improved in each quarter given (the latest
    ``limit``), for the chart: ``[("Q1 2009/10", 0.6), ...]``. ``known`` shares (the
    quarter being run's) are used as they are, not worked out again."""
    months = tuple(series)
    chosen = sorted(dict(snapshots).items())[-limit:]
    known = known or {}

    def share(quarter: Quarter, snapshot: QuarterSnapshot) -> float | None:
        if quarter in known:
            return known[quarter].share
        return improvement_share(indicator_results(plan, snapshot, settings, months),
                                 settings.improvement_target).share
    return [(quarter.label, share(quarter, snapshot)) for quarter, snapshot in chosen]


# --------------------------------------------------------------------------- groups

def indicator_groups(plan: Plan, results: Iterable[IndicatorResult], group_by: str
                     ) -> list[tuple[str, list[IndicatorResult]]]:
    """(title, results) by theme (plan order of themes) or owner (of directorates),
    results in plan order within each; indicators with neither come last."""
    if group_by == "theme":
        order: list[object] = [t.number for t in plan.themes]

        def key(r: IndicatorResult) -> object:
            return r.indicator.theme if r.indicator.theme in order else None
    else:
        order = [d.name for d in plan.directorates]

        def key(r: IndicatorResult) -> object:
            return r.indicator.directorate or None
    grouped: dict[object, list[IndicatorResult]] = {}
    for result in results:
        grouped.setdefault(key(result), []).append(result)
    keys = [k for k in order if k in grouped]
    keys += [k for k in grouped if k not in keys and k is not None]
    if None in grouped:
        keys.append(None)
    return [(_group_title(plan, k), grouped[k]) for k in keys]


def _group_title(plan: Plan, key: object) -> str:
    if isinstance(key, int):
        theme = next((t for t in plan.themes if t.number == key), None)
        return f"Theme {key}: {clean_text(theme.title)}" if theme else f"Theme {key}"
    return clean_text(str(key)) if key else "Other indicators"


# --------------------------------------------------------------------------- charts

@dataclass(frozen=True)
class ChartFile:
    """A chart in the report: its file, caption (without "Figure n: ") and alt text."""

    path: Path
    caption: str
    alt: str


@dataclass(frozen=True)
class PerformanceCharts:
    """The report's charts: each indicator's year chart, the SPC charts of those with
    15+ months, and the share improved."""

    indicators: Mapping[str, ChartFile] = field(default_factory=dict)
    spc: Mapping[str, ChartFile] = field(default_factory=dict)
    share: ChartFile | None = None
    # each group's indicators at a glance (small multiples), by group title, page by page
    groups: Mapping[str, tuple[ChartFile, ...]] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        files = [*self.indicators.values(), *self.spc.values(),
                 *(page for pages in self.groups.values() for page in pages)]
        if self.share is not None:
            files.append(self.share)
        return [f.path for f in files]


@dataclass(frozen=True)
class _Planned:
    kind: str  # "indicator", "spc", "share" or "group"
    ref: str  # the indicator's; a group's title
    job: charts.ChartJob
    caption: str


def _caption(result: IndicatorResult) -> str:
    return f"{result.ref} \u2013 {clean_text(result.indicator.description)}".strip(" \u2013")


def _plan_charts(results: Sequence[IndicatorResult], by_ref: Mapping[str, Sequence[IndicatorMonth]],
                 share_points: Sequence[tuple[str, float | None]], target: float
                 ) -> list[_Planned]:
    planned: list[_Planned] = []
    for n, result in enumerate(results, 1):
        year = result.quarter.financial_year
        previous = FinancialYear(year.start_year - 1)
        months = by_ref.get(result.ref, ())
        stem = charts.safe_file_name(result.ref, "")
        planned.append(_Planned("indicator", result.ref, charts.ChartJob.indicator(
            result.indicator, _in_year(months, year), _in_year(months, previous), year,
            result.target, file_name=f"indicator_{n:03d}_{stem}.png"), _caption(result)))
        _, values = spc.monthly_series(months)
        if spc.point_count(values) >= spc.MIN_POINTS:
            # words=False: the report prints the reading under the chart
            planned.append(_Planned("spc", result.ref, charts.ChartJob.spc(
                result.indicator, months, result.target, file_name=f"spc_{n:03d}_{stem}.png",
                words=False), f"{_caption(result)}: statistical process control chart"))
    if share_points:
        planned.append(_Planned("share", "", charts.ChartJob.improvement_share(
            share_points, target), "Share of comparable indicators improved on last year"))
    return planned


def _plan_group_sheets(groups: Sequence[tuple[str, Sequence[IndicatorResult]]],
                       by_ref: Mapping[str, Sequence[IndicatorMonth]]) -> list[_Planned]:
    """Each group's indicators as small multiples, a job a page (so a file a job)."""
    per_page = 3 * charts.ROWS_PER_PAGE
    planned: list[_Planned] = []
    for number, (title, members) in enumerate(groups, 1):
        panels = []
        for result in members:
            year = result.quarter.financial_year
            months = by_ref.get(result.ref, ())
            panels.append((result.indicator, _in_year(months, year),
                           _in_year(months, FinancialYear(year.start_year - 1)), result.target))
        pages = [panels[i:i + per_page] for i in range(0, len(panels), per_page)]
        stem = charts.safe_file_name(title, "")[:40]
        for page, chunk in enumerate(pages, 1):
            heading = f"{title}: at a glance" + (
                f" (page {page} of {len(pages)})" if len(pages) > 1 else "")
            planned.append(_Planned("group", title, charts.ChartJob.small_multiples(
                heading, chunk, financial_year=members[0].quarter.financial_year,
                file_name=f"group_{number:02d}_{page:02d}_{stem}.png"), heading))
    return planned


def render_performance_charts(results: Sequence[IndicatorResult],
                              series: Iterable[IndicatorMonth], charts_dir: Path | str,
                              **options: Any) -> PerformanceCharts:
    """Draw the report's charts into ``charts_dir`` and return them with captions and
    alt text: ``start_performance_charts`` (which names the ``options``), waited for."""
    return start_performance_charts(results, series, charts_dir, **options).result()


class PendingPerformanceCharts:
    """The report's charts being drawn (``start_performance_charts``); ``result`` waits."""

    def __init__(self, planned: list[_Planned], out: Path, pending: charts.PendingCharts):
        self._planned, self._out, self._pending = planned, out, pending

    def cancel(self) -> None:
        self._pending.cancel()

    def result(self) -> PerformanceCharts:
        self._pending.result()
        made: dict[str, dict[str, ChartFile]] = {"indicator": {}, "spc": {}, "share": {}}
        groups: dict[str, tuple[ChartFile, ...]] = {}
        for item in self._planned:
            path = charts.job_paths(item.job, self._out)[0]
            if not path.is_file():
                continue
            chart = ChartFile(path, item.caption, charts.alt_text(item.job))
            if item.kind == "group":
                groups[item.ref] = (*groups.get(item.ref, ()), chart)
            else:
                made[item.kind][item.ref] = chart
        return PerformanceCharts(made["indicator"], made["spc"], made["share"].get(""), groups)


def start_performance_charts(results: Sequence[IndicatorResult],
                             series: Iterable[IndicatorMonth], charts_dir: Path | str, *,
                             share_points: Sequence[tuple[str, float | None]] = (),
                             improvement_target: float = 0.70,
                             workers: int | None = None,
                             cache_dir: Path | None = None,
                             charted: ChartSelection | None = None,
                             plan: Plan | None = None,
                             group_by: str = "theme") -> PendingPerformanceCharts:
    """Start drawing the report's charts into ``charts_dir`` in a pool of processes
    (``charts.start_charts``) and return at once: the caller writes other documents
    meanwhile and calls ``result()`` for the charts with captions and alt text.

    ``series`` is the monthly history; this quarter's months are taken from the
    results. ``share_points`` are (quarter label, share) for the share-improved chart
    (none drawn when empty). ``cache_dir`` keeps charts between runs (see
    ``charts.render_charts``). ``charted`` names the indicators to chart (default:
    every one). With ``plan``, each group of them (``group_by``: "theme" or "owner")
    also gets a sheet of small multiples."""
    results = tuple(results)
    quarter = results[0].quarter if results else None
    by_ref = series_by_ref(results, series, quarter) if quarter is not None else {}
    if charted is not None:
        chosen = set(charted.refs)
        results = tuple(r for r in results if r.ref in chosen)
    planned = _plan_charts(results, by_ref, share_points, improvement_target)
    if plan is not None:
        planned += _plan_group_sheets(indicator_groups(plan, results, group_by), by_ref)
    out = Path(charts_dir)
    pending = charts.start_charts([p.job for p in planned], out, workers=workers,
                                  cache_dir=cache_dir)
    return PendingPerformanceCharts(planned, out, pending)


# --------------------------------------------------------------------------- the report

def write_performance_report(plan: Plan, settings: Settings, quarter: Quarter,
                             results: Sequence[IndicatorResult], share: ImprovementShare,
                             clinics: Sequence[ClinicCandidate],
                             series: Iterable[IndicatorMonth], charts_dir: Path | str,
                             path: Path | str, *, final: bool = False,
                             reference_docx: Path | str | None = None,
                             charts_drawn: PerformanceCharts | None = None,
                             share_points: Sequence[tuple[str, float | None]] | None = None,
                             group_by: str = "theme", unresolved_errors: int = 0,
                             created: datetime | None = None,
                             workers: int | None = None,
                             charted: ChartSelection | None = None) -> Path:
    """Write the performance report for ``quarter`` to ``path`` (atomically); return it.

    ``results`` are the quarter's indicator results in plan order, ``series`` the
    monthly history (``History.indicator_series()``). The charts are ``charts_drawn``
    when given (see ``render_performance_charts``), else drawn into ``charts_dir`` now.
    ``share_points`` feed the share-improved chart (default: this quarter alone).
    ``charted`` names the indicators whose trends are charted (default: as
    ``analysis.indicators_to_chart`` picks them within ``settings.chart_limit``).
    ``group_by`` is "theme" or "owner" (the owner directorate). The house style is
    ``reference_docx`` (default: ``settings.reference_docx``). DRAFT on every page
    unless ``final``; a final issued with ``unresolved_errors`` says so.

    Raises TemplateProblem when the reference document lacks a style the report uses.
    """
    if group_by not in ("theme", "owner"):
        raise ValueError(f"group_by must be 'theme' or 'owner', got {group_by!r}")
    results = tuple(results)
    series = tuple(series)
    if share_points is None:
        share_points = [(quarter.label, share.share)]
    if charted is None:
        charted = indicators_to_chart(results, clinics, settings.chart_limit)
    if charts_drawn is None:
        charts_drawn = render_performance_charts(
            results, series, charts_dir, share_points=share_points,
            improvement_target=share.target, workers=workers, charted=charted, plan=plan,
            group_by=group_by)
    reference = Path(reference_docx or settings.reference_docx or DEFAULT_REFERENCE)
    document = _open_reference(reference)
    by_ref = series_by_ref(results, series, quarter)
    writer = _Writer(document, plan, settings, quarter, results, share, by_ref, charts_drawn)

    word.clear_body(document)
    word.set_a4(document.sections[0])
    writer.front()
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    word.set_a4(landscape, landscape=True)
    writer.summary(group_by)
    portrait = document.add_section(WD_SECTION.NEW_PAGE)
    word.set_a4(portrait)
    writer.improvement()
    writer.trends(group_by, charted)
    writer.clinics(clinics)

    mark = _mark(final, unresolved_errors)
    for section in document.sections:
        word.write_header_mark(section, mark, MARK_COLOUR)
        word.write_footer(section, clean_text(settings.footer_for(quarter)))
    word.set_language(document)
    org = settings.organisation
    word.set_properties(
        document, title=writer.title,
        subject=(f"{org.name}: performance indicators to {long_date(quarter.end)}, against "
                 "last year, targets and benchmarks"),
        author=settings.author,
        keywords=f"performance indicators; {quarter.label}; performance report",
        comments=mark or "Final", created=created)
    return word.save_atomic(document, Path(path))


def _mark(final: bool, unresolved_errors: int) -> str:
    """The line at the top of every page, as the progress report words it."""
    if not final:
        return "DRAFT \u2013 not for publication"
    if unresolved_errors:
        noun = "error" if unresolved_errors == 1 else "errors"
        return f"FINAL \u2013 issued with {unresolved_errors} unresolved validation {noun}"
    return ""


def _open_reference(reference: Path) -> DocumentType:
    return open_reference(reference, "performance report")


class _Pictures:
    """Adds pictures in linear time. python-docx's ``add_picture`` hashes every image
    already in the package and scans the whole document for ids on each call: with 400
    charts that was 9 of the report's 12 seconds. Each chart is its own file, so there
    is nothing to de-duplicate: the part, relationship and id are made directly."""

    def __init__(self, document: DocumentType):
        self.part = document.part
        self.package = self.part.package
        self.taken = {str(p.partname) for p in self.package.iter_parts()}
        ids = [int(i) for i in self.part.element.xpath("//@id") if str(i).isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.count = 0
        self.r_id = 0  # rIds are taken as python-docx takes them: the lowest free
        self.prototype: CT_Inline | None = None

    def _next_r_id(self) -> str:
        """``relate_to`` compares the new part with every relationship and counts up from
        rId1 for a free id on each call (quadratic in the pictures); only relationships
        are added while pictures are, so counting on from the last one finds the same."""
        rels = self.part.rels
        while True:
            self.r_id += 1
            candidate = f"rId{self.r_id}"
            if candidate not in rels:
                return candidate

    def add(self, paragraph: Paragraph, path: Path, max_width: Length) -> CT_Inline:
        image = _read_image(path)
        while True:
            self.count += 1
            partname = f"/word/media/chart{self.count}.{image.ext}"
            if partname not in self.taken:
                break
        image_part = ImagePart.from_image(image, PackURI(partname))
        self.package.image_parts.append(image_part)
        r_id = self._next_r_id()
        self.part.rels.add_relationship(RT.IMAGE, image_part, r_id)
        width, height = image.scaled_dimensions(None, None)
        if width > max_width:  # never wider than the text
            width, height = image.scaled_dimensions(max_width, None)
        inline = self._inline(self.next_id, r_id, image.filename, width, height)
        self.next_id += 1
        paragraph.add_run()._r.add_drawing(inline)
        return inline

    def _inline(self, shape_id: int, r_id: str, filename: str, cx: int, cy: int) -> CT_Inline:
        """``CT_Inline.new_pic_inline(...)``: a copy of one made once, its values set
        (python-docx parses two XML templates per picture)."""
        if self.prototype is None:
            self.prototype = CT_Inline.new_pic_inline(0, "rId0", "x.png", Length(1), Length(1))
        inline = copy.deepcopy(self.prototype)
        for element in inline.iter(*_INLINE_TAGS):
            tag = element.tag
            if tag in (_EXTENT, _EXT):
                element.set("cx", str(int(cx)))
                element.set("cy", str(int(cy)))
            elif tag == _DOC_PR:
                element.set("id", str(shape_id))
                element.set("name", f"Picture {shape_id}")
            elif tag == _C_NV_PR:
                element.set("name", filename)
            else:
                element.set(_EMBED, r_id)
        return inline


_EXTENT, _DOC_PR, _C_NV_PR, _BLIP, _EXT = (qn(t) for t in ("wp:extent", "wp:docPr", "pic:cNvPr",
                                                          "a:blip", "a:ext"))
_INLINE_TAGS = (_EXTENT, _DOC_PR, _C_NV_PR, _BLIP, _EXT)
_EMBED = qn("r:embed")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _read_image(path: Path) -> Image:
    """``Image.from_file(path)``; a PNG's header (size and resolution) read directly,
    as python-docx reads it but without walking the file through its stream reader."""
    blob = Path(path).read_bytes()
    header = _png_header(blob)
    if header is None:
        return Image.from_file(str(path))
    return Image(blob, Path(path).name, header)


def _png_header(blob: bytes) -> Png | None:
    """Width and height (IHDR) and dots per inch (the first pHYs; 72 when absent or not
    in metres, as python-docx has it) of a PNG; None when ``blob`` is not one we read."""
    if not blob.startswith(_PNG_SIGNATURE):
        return None
    size: tuple[int, int] | None = None
    dpi = (72, 72)
    position, seen_phys = 8, False
    while position + 8 <= len(blob):
        length, kind = struct.unpack_from(">I4s", blob, position)
        data = position + 8
        if kind == b"IHDR" and size is None:
            size = struct.unpack_from(">II", blob, data)
        elif kind == b"pHYs" and not seen_phys:
            seen_phys = True
            horizontal, vertical, unit = struct.unpack_from(">IIB", blob, data)
            dpi = (_dpi(unit, horizontal), _dpi(unit, vertical))
        elif kind == b"IEND":
            break
        position = data + length + 4
    if size is None:
        return None
    return Png(size[0], size[1], dpi[0], dpi[1])


def _dpi(unit: int, per_unit: int) -> int:
    return int(round(per_unit * 0.0254)) if unit == 1 and per_unit else 72


def _span_row(cells: Sequence[_Cell]) -> _Cell:
    """Merge a new row's cells into its first, in XML (``_Cell.merge`` rebuilds the grid)."""
    first = cells[0]
    tc_pr = first._tc.get_or_add_tcPr()
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), str(len(cells)))
    tc_pr.insert_element_before(span, "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
                                "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                "w:hideMark")
    for cell in cells[1:]:
        cell._tc.getparent().remove(cell._tc)
    return first


class _Writer(HouseWriter):
    """Adds the report's parts to a document, in order."""

    def __init__(self, document: DocumentType, plan: Plan, settings: Settings, quarter: Quarter,
                 results: tuple[IndicatorResult, ...], share: ImprovementShare,
                 series: Mapping[str, Sequence[IndicatorMonth]], drawn: PerformanceCharts):
        super().__init__(document)
        self.plan = plan
        self.settings = settings
        self.quarter = quarter
        self.results = results
        self.share = share
        self.series = series
        self.drawn = drawn
        self.figures = 0
        self.readings = {r.ref: spc_reading(r, series.get(r.ref, ())) for r in results}
        self.pictures = _Pictures(document)
        self._summary_templates: dict[tuple[str, bool], word.RowTemplate] = {}

    @property
    def title(self) -> str:
        return f"Performance Report for {self.quarter.label}"

    # ---- small pieces -----------------------------------------------------------------
    def rag_cell(self, cell: _Cell, rag: str) -> None:
        """Shaded with the status colour AND lettered: colour is never the only signal."""
        paragraph = word.centre(word.set_style(word.cell_paragraph(cell),
                                               self.ids["Table Text"]))
        word.centre_vertically(cell)
        status = RAG_STATUS.get(rag)
        if status is None:
            word.add_text(paragraph, rag_text(rag))
            return
        fill = self.settings.colours[status]
        word.shade_cell(cell, fill)
        word.add_text(paragraph, rag_text(rag), bold=True,
                      colour=word.contrast_text_colour(fill))

    def picture(self, chart: ChartFile) -> Paragraph:
        """The chart, centred at its natural width, kept with its caption, described
        for screen readers; then "Figure n: ..." in the Caption style."""
        self.figures += 1
        caption = f"Figure {self.figures}: {chart.caption}"
        paragraph = word.centre(self.para(keep=True))
        doc_pr = self.pictures.add(paragraph, chart.path, PICTURE_WIDTH).docPr
        doc_pr.set("descr", clean_text(chart.alt, 2000))
        doc_pr.set("title", clean_text(caption, 250))
        return self.para(caption, "Caption")

    def groups(self, group_by: str) -> list[tuple[str, list[IndicatorResult]]]:
        return indicator_groups(self.plan, self.results, group_by)

    # ---- the front page ---------------------------------------------------------------
    def front(self) -> None:
        org, quarter = self.settings.organisation, self.quarter
        year = quarter.financial_year
        end = quarter.end
        self.heading(self.title, 0)
        self.para(f"{clean_text(org.name)} performance indicators: position at "
                  f"{long_date(end)}", "Subtitle")
        self.para(
            f"This report sets out the {len(self.results)} performance indicators of the "
            f"Improvement Plan for {year.label} to the end of {MONTH_NAMES[end.month - 1]} "
            f"{end.year}: each compared with the same period last year, with its target "
            "and, where known, its benchmark quartile, read as a statistical process "
            "control chart where there are enough months, and shown as a trend chart.")
        paragraph = self.para(style="Normal")
        word.add_text(paragraph, "Improvement on last year: ", bold=True)
        word.add_text(paragraph, share_sentence(self.share))
        self.para("Indicators by status:", bold=True, keep=True)
        self.rag_counts()
        self.heading("How to read this report", 1)
        tolerance = round(self.settings.indicator_tolerance * 100, 2)
        lines = [
            ("Better or worse than last year: ",
             f"{BETTER} or {WORSE} compares this year to date with the same months of last "
             "year (at the year end, the outturns), taking account of whether a higher or "
             "lower figure is better: the arrow points up when performance improved, "
             f"whichever way the number moved. {NO_CHANGE} means the same figure (not "
             f"counted as improved); {NOT_COMPARABLE} means a figure is missing."),
            ("Status: ",
             f"G On target meets the target; A Within tolerance misses it by no more than "
             f"{tolerance:g}% of the target; R Off target misses it by more. The letter is "
             "shown as well as the colour."),
            ("Quartile: ",
             "the latest benchmark quartile known (Top 25%, Above Average, Below Average, "
             "Bottom 25%), already allowing for whether higher or lower is better."),
            ("SPC reading: ",
             "as NHS England\u2019s Making Data Count reads a statistical process control "
             "chart. Variation: common cause is the usual month-to-month noise; special "
             "cause is a signal (an improvement or a concern) worth acting on. Assurance: "
             "whether the target will be met consistently, missed consistently, or hit and "
             f"miss by chance. It needs {spc.MIN_POINTS} months or more of figures."),
        ]
        for label, text in lines:
            paragraph = self.para(style="List Bullet")
            word.add_text(paragraph, label, bold=True)
            word.add_text(paragraph, text)

    def rag_counts(self) -> None:
        table = self.table(("Status", "Indicators"), RAG_COUNT_WIDTHS,
                           f"Indicators by status at {long_date(self.quarter.end)}")
        counts: dict[str, int] = {}
        for result in self.results:
            counts[result.rag] = counts.get(result.rag, 0) + 1
        for rag in (ON_TARGET, WITHIN_TOLERANCE, OFF_TARGET, NO_TARGET, NO_DATA):
            if rag not in counts and rag in (NO_TARGET, NO_DATA):
                continue
            cells = self.row(table, RAG_COUNT_WIDTHS)
            self.rag_cell(cells[0], rag)
            self.cell_text(cells[1], str(counts.get(rag, 0)), centre=True)
        cells = self.row(table, RAG_COUNT_WIDTHS)
        self.cell_text(cells[0], "Total", bold=True)
        self.cell_text(cells[1], str(len(self.results)), bold=True, centre=True)
        self.para(style="Table Note")

    # ---- the summary table ------------------------------------------------------------
    def summary(self, group_by: str) -> None:
        year = self.quarter.financial_year
        last = FinancialYear(year.start_year - 1)
        self.heading("Performance summary", 1)
        self.para(
            f"Each indicator\u2019s figure for {year.label} to date against the same months "
            f"of {last.label} (at the year end, the outturns), its {year.label} target and "
            "its benchmark quartile, grouped by "
            f"{'theme' if group_by == 'theme' else 'owner directorate'}.", keep=True)
        headers = ("PI ref", "Description", f"Last year ({last.label})",
                   f"This year ({year.label} to date)", f"Target {year.label}", "Quartile",
                   "Better or worse than last year", "Target met", "Status", "SPC reading")
        table = self.table(headers, SUMMARY_WIDTHS,
                           f"Performance summary for {self.quarter.label}")
        for title, members in self.groups(group_by):
            group = _span_row(self.row(table, SUMMARY_WIDTHS))
            word.shade_cell(group, GROUP_FILL)
            paragraph = self.cell_text(group, title, bold=True)
            word.keep_with_next(paragraph)  # a theme's name stays with its first row
            for result in members:
                self.summary_row(table, result)
                self.release()
        self.para(f"Improvement on last year: {share_sentence(self.share)}", "Table Note")

    def summary_row(self, table: Table, result: IndicatorResult) -> None:
        """An indicator's row: a copy of ``summary_template`` given its texts."""
        unit = result.indicator.unit
        texts = [result.ref, clean_text(result.indicator.description),
                 format_figure(result.last_year, unit),
                 f"\n{result.last_year_basis}" if result.last_year_basis else None,
                 format_figure(result.value, unit),
                 f"\n{result.value_basis}" if result.value_basis else None,
                 format_figure(result.target, unit) if result.target is not None
                 else "None set",
                 quartile_text(result), direction_text(result), target_met_text(result),
                 self.readings[result.ref][1]]
        template = self.summary_template(result.rag, result.better is not None)
        template.add_texts(table, [text if text else None for text in texts])

    def summary_template(self, rag: str, bold_direction: bool) -> word.RowTemplate:
        """The summary table's row for an indicator, made once per status and
        emphasis by the calls ``cell_text`` and ``rag_cell`` make, with placeholders
        for the texts (the notes under the two figures are slots of their own)."""
        key = (rag, bold_direction)
        template = self._summary_templates.get(key)
        if template is None:
            template = self._summary_templates[key] = word.RowTemplate(SUMMARY_WIDTHS)
            cells = template.cells
            slot = word.PLACEHOLDER
            self.cell_text(cells[0], slot, bold=True)
            self.cell_text(cells[1], slot)
            for cell in cells[2:4]:  # the figure, then its basis (a line of its own)
                paragraph = self.cell_text(cell, slot)
                word.add_text(paragraph, slot, italic=True, size=7.5, colour="404040")
            self.cell_text(cells[4], slot)
            self.cell_text(cells[5], slot)
            self.cell_text(cells[6], slot, bold=bold_direction)
            self.cell_text(cells[7], slot, centre=True)
            self.rag_cell(cells[8], rag)
            self.cell_text(cells[9], slot)
        return template

    # ---- improvement on last year -------------------------------------------------------
    def improvement(self) -> None:
        share = self.share
        self.heading("Improvement on last year", 1)
        self.para(
            f"The Improvement Plan asks that at least {share.target_percent} of the "
            "indicators that can be compared with last year improve on it. "
            f"{share_sentence(share)}", keep=self.drawn.share is not None)
        if self.drawn.share is not None:
            self.picture(self.drawn.share)

    # ---- trends -------------------------------------------------------------------------
    def trends(self, group_by: str, charted: ChartSelection) -> None:
        self.heading("Trends", 1)
        group = "theme" if group_by == "theme" else "directorate"
        self.para(
            f"Each {group}\u2019s indicators first at a glance, then one by one: the months "
            "this year (solid line) against last year\u2019s (dashed) and the target "
            f"(dash-dot); then, for indicators with {spc.MIN_POINTS} months or more, the "
            "statistical process control chart with the reading in words.")
        if not charted.is_all:
            self.para(
                f"There are {charted.total:,} indicators, more than a Board can read as charts, "
                f"so this section charts {len(charted.refs):,} of them, chosen by need: "
                "performance clinic candidates first, then those off target, then those "
                "within tolerance of their target, then those worse than last year, then the "
                "rest. Every indicator is in the summary table above and in the consolidated "
                "workbook.")
        chosen = set(charted.refs)
        for title, members in self.groups(group_by):
            members = [r for r in members if r.ref in chosen]
            if not members:
                continue
            self.heading(title, 2)
            for sheet in self.drawn.groups.get(title, ()):  # the group at a glance first
                self.picture(sheet)
            for result in members:
                self.indicator_charts(result)

    def indicator_charts(self, result: IndicatorResult) -> None:
        chart = self.drawn.indicators.get(result.ref)
        caption = self.picture(chart) if chart is not None else None
        found, _ = self.readings[result.ref]
        spc_chart = self.drawn.spc.get(result.ref)
        if spc_chart is not None and found is not None:
            # both charts, their captions and the reading stay together on a page
            if caption is not None:
                word.keep_with_next(caption)
            word.keep_with_next(self.picture(spc_chart))
            paragraph = self.para(style="Normal")
            word.add_text(paragraph, "SPC reading: ", bold=True)
            word.add_text(paragraph, found.reading)
        elif found is None:
            _, values = spc.monthly_series(self.series.get(result.ref, ()))
            count = spc.point_count(values)
            self.para(f"No statistical process control chart: {count} "
                      f"month{'' if count == 1 else 's'} of figures, of the {spc.MIN_POINTS} "
                      "needed.", "Table Note")

    # ---- clinics ------------------------------------------------------------------------
    def clinics(self, clinics: Sequence[ClinicCandidate]) -> None:
        self.heading("Performance clinic candidates", 1)
        if not clinics:
            self.para(NO_CLINIC)
            return
        self.para(
            "A performance clinic is proposed for an indicator that fell a benchmark "
            "quartile, stayed in the Bottom 25% two years running, or missed its target "
            "this quarter and the one before. The candidates this quarter:", keep=True)
        table = self.table(CLINIC_HEADERS, CLINIC_WIDTHS,
                           f"Performance clinic candidates for {self.quarter.label}")
        for candidate in clinics:
            indicator = self.plan.indicator(candidate.ref)
            cells = self.row(table, CLINIC_WIDTHS)
            self.cell_text(cells[0], candidate.ref, bold=True)
            self.cell_text(cells[1], clean_text(indicator.description) if indicator else "")
            self.cell_text(cells[2], _sentence(clean_text(candidate.reason)))
        self.para(style="Table Note")

