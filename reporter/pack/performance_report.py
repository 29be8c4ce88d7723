"""The performance report, read in minutes: the position on the front page, the summary
table, each theme at a glance, detailed charts of the indicators needing attention only,
the clinic candidates, and how to read it last.

The framework's "Year End Performance Summary" (002), kept each quarter: for every
indicator its PI ref, description, last year, this year to date, target, benchmark
quartile, better or worse than last year (an arrow AND a word, by polarity: "better"
is better whichever way the number moved), target met, the status (shaded and
lettered) and the statistical process control reading (variation and assurance,
Making Data Count) where the indicator has 15 or more months. Grouped by theme (or
owner), in a landscape section, after a front page with the counts by status and the
share of comparable indicators improved against the plan's 70%. Then every indicator's
year as small charts, several themes to a page; then, for those off target, worse than
last year, showing an SPC signal of concern or proposed for a clinic, the year chart
captioned with why (and the SPC chart with its reading for a signal), each chart
described for screen readers; the other charts stay in the charts folder, as the report
says. The demo's 20 indicators take 11 pages (they took 28).

    quarter = QuarterPerformance(plan, settings, q, results, share, clinics, series)
    charts = render_performance_charts(results, series, out / "charts", options)
    write_performance_report(quarter, out / "performance_report.docx", charts)

Takes plain records (the analysis' ``IndicatorResult``, ``ImprovementShare``,
``ClinicCandidate`` and the monthly ``IndicatorMonth`` series), never the pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from docx.document import Document as DocumentType
from docx.enum.section import WD_SECTION
from docx.shared import Cm, Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from reporter.indicators import charts
from reporter.indicators.results import (
    ClinicCandidate,
    IndicatorResult,
)
from reporter.pack import word
from reporter.pack.context import long_date, pack_mark
from reporter.pack.house import INPUT_TEMPLATES, MARK_COLOUR, REFERENCE_NAME
from reporter.pack.performance_charts import (
    ChartFile,
    ChartOptions,
    PerformanceCharts,
    render_performance_charts,
)
from reporter.pack.performance_data import (
    QuarterPerformance,
    indicator_groups,
    needing_attention,
    series_by_ref,
)
from reporter.pack.performance_words import (
    CLINIC_HEADERS,
    IMPROVEMENT_LABEL,
    NO_CLINIC,
    RAG_STATUS,
    SPC_NEED,
    SPC_READING_LABEL,
    attention_caption,
    attention_introduction,
    clinics_introduction,
    direction_note,
    direction_text,
    glance_heading,
    glance_introduction,
    improvement_introduction,
    last_year_text,
    no_chart_line,
    quartile_text,
    rag_counts,
    rag_text,
    reading_guide,
    report_introduction,
    report_subtitle,
    report_title,
    sentence,
    share_sentence,
    spc_readings,
    summary_headers,
    summary_introduction,
    target_met_text,
    target_text,
    this_year_text,
    where_other_charts,
)
from reporter.pack.writer import HouseWriter, open_reference
from reporter.safe_text import clean_text
from reporter.snapshot import IndicatorMonth

PERFORMANCE_REPORT_NAME = "performance_report.docx"
DEFAULT_REFERENCE = INPUT_TEMPLATES / REFERENCE_NAME
SUMMARY_WIDTHS = tuple(Cm(w) for w in (1.7, 4.4, 2.4, 2.4, 2.3, 2.1, 2.0, 1.4, 2.4, 4.6))
CLINIC_WIDTHS = tuple(Cm(w) for w in (2.2, 6.8, 8.0))
RAG_COUNT_WIDTHS = (Cm(5.0), Cm(3.0))
GROUP_FILL = "D9E2F3"  # the shaded row naming each theme (or owner) in the summary table
NOTES_SIZE = 9.5  # points: how to read the report
PICTURE_WIDTH = Length(int(charts.WIDTH * 914400))  # the charts' natural width: 16 cm


def write_performance_report(quarter: QuarterPerformance, path: Path | str,
                             charts_drawn: PerformanceCharts | None = None, *,
                             charts_dir: Path | str | None = None,
                             reference_docx: Path | str | None = None,
                             workers: int | None = None) -> Path:
    """Write the performance report of ``quarter`` to ``path`` (atomically); return it.

    The charts are ``charts_drawn`` when given (see ``render_performance_charts``), else
    drawn now by ``workers`` processes into ``charts_dir`` (default: "charts" beside
    ``path``). The house style is ``reference_docx`` (default:
    ``settings.reference_docx``).

    Raises TemplateProblem when the reference document lacks a style the report uses.
    """
    settings = quarter.settings
    if charts_drawn is None:
        options = ChartOptions(quarter.points, quarter.share.target, quarter.chosen,
                               quarter.plan, quarter.group_by)
        charts_drawn = render_performance_charts(
            quarter.results, quarter.series, charts_dir or Path(path).parent / "charts",
            options, workers=workers)
    reference = Path(reference_docx or settings.reference_docx or DEFAULT_REFERENCE)
    document = open_reference(reference, "performance report")
    writer = _Writer(document, quarter, charts_drawn)

    word.clear_body(document)
    word.set_a4(document.sections[0])
    writer.front()
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    word.set_a4(landscape, landscape=True)
    writer.summary()
    portrait = document.add_section(WD_SECTION.NEW_PAGE)
    word.set_a4(portrait)
    writer.at_a_glance()
    writer.attention()
    writer.clinics(quarter.clinics)
    writer.how_to_read()

    mark = pack_mark(quarter.final, quarter.unresolved_errors)
    for section in document.sections:
        word.write_header_mark(section, mark, MARK_COLOUR)
        word.write_footer(section, clean_text(settings.footer_for(quarter.quarter)))
    word.set_language(document)
    org = settings.organisation
    word.set_properties(
        document, title=writer.title,
        subject=(f"{org.name}: performance indicators to {long_date(quarter.quarter.end)}, "
                 "against last year, targets and benchmarks"),
        author=settings.author,
        keywords=f"performance indicators; {quarter.quarter.label}; performance report",
        comments=mark or "Final")
    word.set_created(document, quarter.created)
    return word.save_atomic(document, path)


class _Writer(HouseWriter):
    """Adds the report's parts to a document, in order."""

    def __init__(self, document: DocumentType, quarter: QuarterPerformance,
                 drawn: PerformanceCharts):
        super().__init__(document)
        self.performance = quarter
        self.charted = quarter.chosen
        self.plan = quarter.plan
        self.settings = quarter.settings
        self.quarter = quarter.quarter
        self.results = tuple(quarter.results)
        self.share = quarter.share
        self.group_by = quarter.group_by
        self.series: Mapping[str, Sequence[IndicatorMonth]] = series_by_ref(
            self.results, quarter.series, quarter.quarter)
        self.drawn = drawn
        self.figures = 0
        self.readings = spc_readings(self.results, self.series)
        self._summary_templates: dict[tuple[str, bool], word.RowTemplate] = {}

    @property
    def title(self) -> str:
        return report_title(self.quarter)

    # ---- small pieces -----------------------------------------------------------------
    def rag_cell(self, cell: _Cell, rag: str) -> None:
        """Shaded with the status colour AND lettered: colour is never the only signal."""
        paragraph = word.centre(cell.paragraphs[0])
        word.centre_vertically(cell)
        status = RAG_STATUS.get(rag)
        if status is None:
            word.add_text(paragraph, rag_text(rag))
            return
        fill = self.settings.colours.get(status, status.colour)  # the plan's own four
        word.shade_cell(cell, fill)
        word.add_text(paragraph, rag_text(rag), bold=True,
                      colour=word.contrast_text_colour(fill))

    def picture(self, chart: ChartFile) -> Paragraph:
        """The chart, centred at its natural width, kept with its caption, described
        for screen readers; then "Figure n: ..." in the Caption style."""
        self.figures += 1
        caption = f"Figure {self.figures}: {chart.caption}"
        paragraph = word.centre(self.para(keep=True))
        shape = word.add_picture(paragraph, chart.path, PICTURE_WIDTH)
        word.describe(shape, chart.alt, caption)
        return self.para(caption, "Caption")

    def groups(self) -> list[tuple[str, list[IndicatorResult]]]:
        return indicator_groups(self.plan, self.results, self.group_by)

    # ---- the front page ---------------------------------------------------------------
    def front(self) -> None:
        org, quarter = self.settings.organisation, self.quarter
        self.heading(self.title, 0)
        self.para(report_subtitle(clean_text(org.name), quarter), "Subtitle")
        self.para(report_introduction(len(self.results), org.plan_name, quarter))
        paragraph = self.para(style="Normal")
        word.add_text(paragraph, IMPROVEMENT_LABEL, bold=True)
        word.add_text(paragraph, share_sentence(self.share))
        self.para("Indicators by status:", bold=True, keep=True)
        self.rag_counts()
        self.improvement()

    def how_to_read(self) -> None:
        """The reader's notes, last: the front page is the position, not the method."""
        self.heading("How to read this report", 1)
        lines = reading_guide(self.settings.indicator_tolerance)
        for label, text in lines:  # notes for reference, a size down: they end the report
            paragraph = self.para(style="List Bullet")
            word.add_text(paragraph, label, bold=True, size=NOTES_SIZE)
            word.add_text(paragraph, text, size=NOTES_SIZE)

    def rag_counts(self) -> None:
        table = self.table(("Status", "Indicators"), RAG_COUNT_WIDTHS,
                           f"Indicators by status at {long_date(self.quarter.end)}")
        for rag, count in rag_counts(self.results):
            cells = self.row(table, RAG_COUNT_WIDTHS)
            self.rag_cell(cells[0], rag)
            self.cell_text(cells[1], str(count), centre=True)
        cells = self.row(table, RAG_COUNT_WIDTHS)
        self.cell_text(cells[0], "Total", bold=True)
        self.cell_text(cells[1], str(len(self.results)), bold=True, centre=True)
        self.para(style="Table Note")

    # ---- the summary table ------------------------------------------------------------
    def summary(self) -> None:
        self.heading("Performance summary", 1)
        self.para(summary_introduction(self.quarter, self.group_by), keep=True)
        table = self.table(summary_headers(self.quarter), SUMMARY_WIDTHS,
                           f"Performance summary for {self.quarter.label}")
        for title, members in self.groups():
            group = word.merge_across(self.row(table, SUMMARY_WIDTHS))
            word.shade_cell(group, GROUP_FILL)
            paragraph = self.cell_text(group, title, bold=True)
            word.keep_with_next(paragraph)  # a theme's name stays with its first row
            for result in members:
                self.summary_row(table, result)
        self.para(f"{IMPROVEMENT_LABEL}{share_sentence(self.share)}", "Table Note")

    def summary_row(self, table: Table, result: IndicatorResult) -> None:
        """An indicator's row: a copy of ``summary_template`` given its texts (a figure
        and the note under it, for last year, this year, the target and the direction)."""
        texts: list[str | None] = [result.ref, clean_text(result.indicator.description)]
        for figure, note in (last_year_text(result), this_year_text(result),
                             target_text(result)):
            texts += [figure, f"\n{note}" if note else None]
        note = direction_note(result)
        texts += [quartile_text(result), direction_text(result),
                  f"\n{note}" if note else None, target_met_text(result),
                  self.readings[result.ref][1]]
        template = self.summary_template(result.rag, result.comparable)
        template.add_texts(table, [text if text else None for text in texts])

    def summary_template(self, rag: str, bold_direction: bool) -> word.RowTemplate:
        """The summary table's row for an indicator, made once per status and
        emphasis by the calls ``cell_text`` and ``rag_cell`` make, with placeholders
        for the texts (the notes under the figures are slots of their own)."""
        key = (rag, bold_direction)
        template = self._summary_templates.get(key)
        if template is None:
            template = self._summary_templates[key] = self.template(SUMMARY_WIDTHS)
            cells = template.cells
            slot = word.PLACEHOLDER
            self.cell_text(cells[0], slot, bold=True)
            self.cell_text(cells[1], slot)
            for cell in cells[2:5]:  # a figure, then its basis (a line of its own)
                self._with_note(cell, slot)
            self.cell_text(cells[5], slot)
            self._with_note(cells[6], slot, bold=bold_direction)
            self.cell_text(cells[7], slot, centre=True)
            self.rag_cell(cells[8], rag)
            self.cell_text(cells[9], slot)
        return template

    def _with_note(self, cell: _Cell, slot: str, bold: bool = False) -> None:
        paragraph = self.cell_text(cell, slot, bold=bold)
        word.add_text(paragraph, slot, italic=True, size=7.5, colour="404040")

    # ---- improvement on last year -------------------------------------------------------
    def improvement(self) -> None:
        share = self.share
        self.heading("Improvement on last year", 1)
        self.para(improvement_introduction(self.settings.organisation.plan_name, share),
                  keep=self.drawn.share is not None)
        if self.drawn.share is not None:
            self.picture(self.drawn.share)

    # ---- each group at a glance ---------------------------------------------------------
    def at_a_glance(self) -> None:
        """Every charted indicator's year, a small chart each, group by group: the sheets
        follow one another, so a page holds as many as fit."""
        sheets = [sheet for pages in self.drawn.groups.values() for sheet in pages]
        if not sheets:
            return
        self.heading(glance_heading(self.group_by), 1)
        first, *selection = glance_introduction(self.charted)
        self.para(first, keep=True)
        for line in selection:
            self.para(line)
        for sheet in sheets:
            self.picture(sheet)

    # ---- indicators needing attention -------------------------------------------------
    def attention(self) -> None:
        """Detailed charts only for the indicators needing attention; where the others'
        charts are."""
        needing = needing_attention(self.performance, self.readings)
        self.heading("Indicators needing attention", 1)
        self.para(attention_introduction(len(needing)))
        for result, reasons in needing:
            self.indicator_charts(result, reasons)
        placed = {r.ref for r, _ in needing}
        others = self.drawn.not_placed([r.ref for _, members in self.groups() for r in members],
                                       placed)
        self.para(where_other_charts([c.path.name for c in others], self.drawn.folder),
                  "Table Note")

    def indicator_charts(self, result: IndicatorResult, reasons: Sequence[str]) -> None:
        """The indicator's year chart, captioned with why it is here; its SPC chart and
        reading when a signal of concern is a reason (every reading is in the summary
        table)."""
        chart = self.drawn.indicators.get(result.ref)
        if chart is not None:  # the caption says why it is here
            self.picture(replace(chart, caption=attention_caption(chart.caption, reasons)))
        else:
            self.para(no_chart_line(result, reasons))
        found, _ = self.readings[result.ref]
        if found is None or SPC_NEED not in reasons:
            return  # other readings are in the summary table
        spc_chart = self.drawn.spc.get(result.ref)
        if spc_chart is not None:
            # the chart stays with its reading (not with the year chart too: a pair kept
            # together left half pages)
            word.keep_with_next(self.picture(spc_chart))
        paragraph = self.para(style="Normal")
        word.add_text(paragraph, SPC_READING_LABEL, bold=True)
        word.add_text(paragraph, found.reading)

    # ---- clinics ------------------------------------------------------------------------
    def clinics(self, clinics: Sequence[ClinicCandidate]) -> None:
        self.heading("Performance clinic candidates", 1)
        if not clinics:
            self.para(NO_CLINIC)
            return
        self.para(clinics_introduction(self.settings.clinic_reasons), keep=True)
        table = self.table(CLINIC_HEADERS, CLINIC_WIDTHS,
                           f"Performance clinic candidates for {self.quarter.label}")
        for candidate in clinics:
            indicator = self.plan.indicator(candidate.ref)
            cells = self.row(table, CLINIC_WIDTHS)
            self.cell_text(cells[0], candidate.ref, bold=True)
            self.cell_text(cells[1], clean_text(indicator.description) if indicator else "")
            self.cell_text(cells[2], sentence(clean_text(candidate.reason)))
        self.para(style="Table Note")
