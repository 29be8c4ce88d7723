"""The consolidated workbook: every action and indicator of the quarter in one
filterable workbook, with the findings, for the PSI officer and for audit.

Also the small workbooks the other commands write (the timetable, the evidence
sample). They are written by the small streaming writer below: text from returns is
cleaned by ``safe_text`` and written as inline strings, so it can never become a
formula; files are written to a temporary name and renamed.
"""

from __future__ import annotations

import io
import math
import numbers
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils.cell import get_column_letter

from reporter.analysis import IndicatorResult, status_summary
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.files import atomic_path
from reporter.findings import Severity, sort_findings
from reporter.safe_text import clean_text, is_formula_like
from reporter.sampling import SampledAction
from reporter.snapshot import QuarterSnapshot
from reporter.status import Status

HEADER_FILL = "1F3864"
HEADER_FONT_COLOUR = "FFFFFF"
SEVERITY_FILLS = {Severity.ERROR: "C00000", Severity.WARNING: "FFC000", Severity.INFO: "BDD7EE"}
LIGHT_FILLS = ("FFC000", "BDD7EE", "FFFFFF")  # fills light enough for black text
DATE_FORMAT = "DD/MM/YYYY"


def status_text(status: Status | None) -> str:
    """'R Red', 'C Complete' or 'Not reported': the letter keeps colour from being the only signal."""
    return f"{status.letter} {status.value}" if status else "Not reported"


# --- a streaming xlsx writer -------------------------------------------------------------
#
# The consolidated workbook holds 60 cells a return per action row: at 1,000 returns that is
# 1.5 million cells, and openpyxl (about 35 microseconds a cell in write-only mode) or
# XlsxWriter (about 15) cannot write them in the time a run has. What we write is simple
# (text, numbers and dates in rows, a few styles, frozen header, filter, widths), so the
# SpreadsheetML is written here directly, one string per row, about 2 microseconds a cell.
# Text is only ever written as an inline string (t="inlineStr"): no cell of this writer can
# hold a formula. The parts follow what Excel itself writes; tests read the files back with
# openpyxl and python-calamine, and open them in LibreOffice.

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 of the 1900 date system (past its leap-year bug)
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")  # Excel reads _xHHHH_ as a character
_ROWS_PER_WRITE = 500


_LETTERS = [get_column_letter(n) for n in range(1, 257)]


def _xml_text(text: str) -> str:
    """Cleaned text as the content of <t>: XML-escaped, and a literal _xHHHH_ kept literal."""
    if "_x" in text:
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    return escape(text)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


class _Styles:
    """The cell formats of one workbook, each registered once: a style is the tuple
    (bold, font colour, font size, fill colour, wrap, number format, quote prefix)."""

    def __init__(self) -> None:
        self.fonts: list[tuple[bool, str | None, float]] = [(False, None, 11)]
        self.fills: list[str | None] = [None, None]  # 'none' and 'gray125', as Excel requires
        self.xfs: list[tuple[int, int, bool, str | None, bool]] = [(0, 0, False, None, False)]
        self._ids: dict[tuple[object, ...], int] = {}

    def id(self, bold: bool = False, colour: str | None = None, size: float = 11,
           fill: str | None = None, wrap: bool = False, number_format: str | None = None,
           quote: bool = False) -> int:
        key = (bold, colour, size, fill, wrap, number_format, quote)
        found = self._ids.get(key)
        if found is None:
            font = (bold, colour, size)
            if font not in self.fonts:
                self.fonts.append(font)
            fill_id = 0
            if fill:
                if fill not in self.fills:
                    self.fills.append(fill)
                fill_id = self.fills.index(fill)
            self.xfs.append((self.fonts.index(font), fill_id, wrap, number_format, quote))
            found = self._ids[key] = len(self.xfs) - 1
        return found

    def xml(self) -> str:
        formats = sorted({xf[3] for xf in self.xfs if xf[3]})
        format_ids = {code: 164 + n for n, code in enumerate(formats)}
        parts = [_XML_HEAD, f'<styleSheet xmlns="{_MAIN_NS}">']
        if formats:
            parts.append(f'<numFmts count="{len(formats)}">' + "".join(
                f'<numFmt numFmtId="{format_ids[c]}" formatCode="{_attr(c)}"/>'
                for c in formats) + "</numFmts>")
        parts.append(f'<fonts count="{len(self.fonts)}">')
        for bold, colour, size in self.fonts:
            parts.append("<font>" + ("<b/>" if bold else "") + f'<sz val="{size:g}"/>'
                         + (f'<color rgb="FF{colour}"/>' if colour else "")
                         + '<name val="Calibri"/><family val="2"/></font>')
        parts.append(f'</fonts><fills count="{len(self.fills)}">'
                     '<fill><patternFill patternType="none"/></fill>'
                     '<fill><patternFill patternType="gray125"/></fill>')
        for colour in self.fills[2:]:
            parts.append(f'<fill><patternFill patternType="solid"><fgColor rgb="FF{colour}"/>'
                         '<bgColor indexed="64"/></patternFill></fill>')
        parts.append('</fills><borders count="1"><border><left/><right/><top/><bottom/>'
                     '<diagonal/></border></borders><cellStyleXfs count="1">'
                     '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                     f'<cellXfs count="{len(self.xfs)}">')
        for font, fill, wrap, number_format, quote in self.xfs:
            number = format_ids[number_format] if number_format else 0
            attributes = (f'numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="0" '
                          'xfId="0"' + (' applyNumberFormat="1"' if number else "")
                          + (' applyFont="1"' if font else "")
                          + (' applyFill="1"' if fill else "")
                          + (' applyAlignment="1"' if wrap else "")
                          + (' quotePrefix="1"' if quote else ""))
            parts.append(f'<xf {attributes}><alignment vertical="top" wrapText="1"/></xf>'
                         if wrap else f"<xf {attributes}/>")
        parts.append('</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
                     'builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
                     'defaultTableStyle="TableStyleMedium9" '
                     'defaultPivotStyle="PivotStyleLight16"/></styleSheet>')
        return "".join(parts)


class _StreamBook:
    """An xlsx package written sheet by sheet into a zip: each sheet's rows stream into the
    archive as they come, so memory stays flat however many actions an organisation has.
    One sheet is open at a time; ``close`` writes the workbook, styles and properties."""

    def __init__(self, path: Path):
        self.archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self.styles = _Styles()
        self.sheets: list[tuple[str, str | None]] = []  # title, filter range
        self.title = ""
        self.creator = ""
        self._open: _StreamSheet | None = None

    def add_sheet(self, title: str, widths: Sequence[float], frozen_rows: int,
                  filter_ref: str | None) -> _StreamSheet:
        if (not title or len(title) > 31 or re.search(r"[\[\]:*?/\\]", title)
                or title[0] == "'" or title[-1] == "'"
                or title.lower() in {t.lower() for t, _ in self.sheets}):
            raise ValueError(f"{title!r} cannot be a sheet name: 1 to 31 characters, none of "
                             "[]:*?/\\, no apostrophe first or last, unique in the book")
        self._finish_sheet()
        number = len(self.sheets) + 1
        self.sheets.append((title, filter_ref))
        stream = io.TextIOWrapper(
            self.archive.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True),
            encoding="utf-8", newline="")
        self._open = _StreamSheet(self, stream, widths, frozen_rows, filter_ref, number == 1)
        return self._open

    def _finish_sheet(self) -> None:
        if self._open is not None:
            self._open.finish()
            self._open = None

    def close(self) -> None:
        self._finish_sheet()
        count = len(self.sheets)
        write = self.archive.writestr
        write("[Content_Types].xml", _XML_HEAD + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="'
                      'application/vnd.openxmlformats-officedocument.spreadsheetml.'
                      'worksheet+xml"/>' for n in range(1, count + 1))
            + '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/'
            'vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'))
        write("_rels/.rels", _XML_HEAD + (
            f'<Relationships xmlns="{_PKG_REL_NS}">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>'))
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        write("docProps/core.xml", _XML_HEAD + (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_xml_text(clean_text(self.title))}</dc:title>"
            f"<dc:creator>{_xml_text(clean_text(self.creator))}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            "</cp:coreProperties>"))
        write("docProps/app.xml", _XML_HEAD + (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Application>Microsoft Excel</Application></Properties>'))
        names = []
        for index, (title, filter_ref) in enumerate(self.sheets):
            quoted = "'" + title.replace("'", "''") + "'"
            if filter_ref:
                absolute = "$" + filter_ref.replace(":", ":$")
                absolute = re.sub(r"([A-Z]+)(\d+)", r"\1$\2", absolute)
                names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}"'
                             f' hidden="1">{_xml_text(quoted)}!{absolute}</definedName>')
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                         f"{_xml_text(quoted)}!$1:$1</definedName>")
        write("xl/workbook.xml", _XML_HEAD + (
            f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(f'<sheet name="{_attr(title)}" sheetId="{n}" r:id="rId{n}"/>'
                      for n, (title, _) in enumerate(self.sheets, start=1))
            + "</sheets>" + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'))
        write("xl/_rels/workbook.xml.rels", _XML_HEAD + (
            f'<Relationships xmlns="{_PKG_REL_NS}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{_REL_NS}/worksheet" '
                      f'Target="worksheets/sheet{n}.xml"/>' for n in range(1, count + 1))
            + f'<Relationship Id="rId{count + 1}" Type="{_REL_NS}/styles" '
            'Target="styles.xml"/></Relationships>'))
        write("xl/styles.xml", self.styles.xml())
        self.archive.close()

    def abandon(self) -> None:
        """Close the archive after a failure (the temporary file is then removed)."""
        try:
            if self._open is not None:
                self._open.stream.close()
        finally:
            self.archive.close()


class _StreamSheet:
    """One worksheet's XML, written row by row."""

    def __init__(self, book: _StreamBook, stream: io.TextIOWrapper, widths: Sequence[float],
                 frozen_rows: int, filter_ref: str | None, selected: bool):
        self.book = book
        self.stream = stream
        self.filter_ref = filter_ref
        self.row = 0
        self._pending: list[str] = []
        pane = (f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                f'activeCell="A{frozen_rows + 1}" sqref="A{frozen_rows + 1}"/>'
                if frozen_rows else "")
        selected = 'tabSelected="1" ' if selected else ""
        columns = "".join(f'<col min="{n}" max="{n}" width="{width:g}" customWidth="1"/>'
                          for n, width in enumerate(widths, start=1))
        stream.write(
            f'{_XML_HEAD}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<sheetViews><sheetView {selected}workbookViewId="0">{pane}</sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{columns}</cols>" if columns else "") + "<sheetData>")

    def add_row(self, cells: str, height: float | None = None) -> None:
        """A row of cells already made by ``cell_xml``."""
        self.row += 1
        size = f' ht="{height:g}" customHeight="1"' if height else ""
        self._pending.append(f'<row r="{self.row}"{size}>{cells}</row>')
        if len(self._pending) >= _ROWS_PER_WRITE:
            self.stream.write("".join(self._pending))
            self._pending.clear()

    def finish(self) -> None:
        self.stream.write("".join(self._pending) + "</sheetData>"
                          + (f'<autoFilter ref="{self.filter_ref}"/>' if self.filter_ref
                             else "")
                          + '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
                          'header="0.3" footer="0.3"/><pageSetup orientation="landscape" '
                          'fitToHeight="0"/></worksheet>')
        self.stream.close()


def text_cell_xml(reference: str, text: str, style: int) -> str:
    """A text cell (``text`` already cleaned): an inline string, never a formula."""
    return (f'<c r="{reference}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            f"{_xml_text(text)}</t></is></c>")


class _Table:
    """A sheet of the consolidated workbook written row by row: a header row (frozen, with
    a filter over the data rows), then rows of text, numbers and dates."""

    def __init__(self, book: _StreamBook, title: str, headings: Sequence[str],
                 widths: Sequence[float], rows: int):
        last = _LETTERS[len(headings) - 1]
        self.sheet = book.add_sheet(title, widths, frozen_rows=1,
                                    filter_ref=f"A1:{last}{rows + 1}" if rows else None)
        styles = book.styles
        header = styles.id(bold=True, colour=HEADER_FONT_COLOUR, fill=HEADER_FILL, wrap=True)
        self.sheet.add_row("".join(
            text_cell_xml(f"{_LETTERS[n]}1", clean_text(heading), header)
            for n, heading in enumerate(headings)))
        self._styles = styles
        self._cell_styles: dict[tuple[bool, str | None, bool], int] = {}

    def _style(self, is_date: bool, fill: str | None, quote: bool) -> int:
        key = (is_date, fill, quote)
        found = self._cell_styles.get(key)
        if found is None:
            dark = fill is not None and fill.upper() not in LIGHT_FILLS
            found = self._cell_styles[key] = self._styles.id(
                bold=fill is not None, colour=("FFFFFF" if dark else "000000") if fill else None,
                fill=fill, wrap=True, number_format=DATE_FORMAT if is_date else None,
                quote=quote)
        return found

    def append(self, values: Iterable[object], shade: dict[int, str] | None = None) -> None:
        """Write a row: text cleaned (and quote-prefixed when it starts like a formula),
        numbers and dates as they are, None as an empty cell; ``shade`` maps a column number
        (1-based) to its fill colour."""
        number = self.sheet.row + 1
        cells = []
        style = self._style
        for column, value in enumerate(values):
            reference = f"{_LETTERS[column]}{number}"
            fill = shade.get(column + 1) if shade else None
            if isinstance(value, str):
                if value:
                    text = clean_text(value)
                    cells.append(text_cell_xml(reference, text,
                                               style(False, fill, is_formula_like(text))))
                elif fill:
                    cells.append(f'<c r="{reference}" s="{style(False, fill, False)}"/>')
            elif value is None:
                if fill:
                    cells.append(f'<c r="{reference}" s="{style(False, fill, False)}"/>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{reference}" s="{style(False, fill, False)}" t="b">'
                             f"<v>{int(value)}</v></c>")
            elif isinstance(value, numbers.Real):  # numpy's numbers too, written plainly
                if math.isfinite(value):
                    shown = int(value) if isinstance(value, numbers.Integral) else float(value)
                    cells.append(f'<c r="{reference}" s="{style(False, fill, False)}">'
                                 f"<v>{shown!r}</v></c>")
            elif isinstance(value, date) and _serial(value) >= 1:
                cells.append(f'<c r="{reference}" s="{style(True, fill, False)}">'
                             f"<v>{_serial(value)}</v></c>")
            elif isinstance(value, date):  # before 1900: Excel has no serial for it
                cells.append(text_cell_xml(reference, value.strftime("%d/%m/%Y"),
                                           style(False, fill, False)))
            else:
                text = clean_text(value)
                cells.append(text_cell_xml(reference, text,
                                           style(False, fill, is_formula_like(text))))
        self.sheet.add_row("".join(cells))


def _serial(value: date) -> int | float:
    """A date (or date and time) as Excel's serial number (below 1 before 1900). Excel
    counts a 29 February 1900 that never was, so days before March 1900 are one less."""
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - datetime(1899, 12, 30)
        serial: int | float = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    else:
        serial = (value - _EXCEL_EPOCH).days
    return serial - 1 if serial < 61 else serial


def _write_book(path: Path, build: Callable[[_StreamBook], None]) -> Path:
    """Write a workbook through a temporary file beside ``path``, renamed into place: a
    failure leaves ``path`` as it was and no stray file behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)  # fail before any row is written
    with atomic_path(path) as temporary:
        book = _StreamBook(temporary)
        try:
            build(book)
        except BaseException:
            book.abandon()
            raise
        book.close()
    return path


def write_consolidated(plan: Plan, settings: Settings, snapshot: QuarterSnapshot,
                       results: Sequence[IndicatorResult], path: Path) -> Path:
    """Write consolidated.xlsx: Summary, Actions, Indicators and Findings sheets."""
    def build(book: _StreamBook) -> None:
        _summary_sheet(book, plan, settings, snapshot)
        _actions_sheet(book, plan, settings, snapshot)
        _indicators_sheet(book, snapshot, results)
        _findings_sheet(book, snapshot)
        book.title = f"Improvement Plan: consolidated returns for {snapshot.quarter.label}"
        book.creator = settings.organisation.name

    return _write_book(path, build)


def _summary_sheet(book: _StreamBook, plan: Plan, settings: Settings,
                   snapshot: QuarterSnapshot) -> None:
    sheet = _Table(book, "Summary", ("Status", "Actions"), (24, 12), rows=0)
    summary = status_summary(snapshot)
    for status in (Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED, None):
        sheet.append([status_text(status), summary.current.get(status, 0)],
                     shade={1: settings.colours[status]} if status is not None else None)
    sheet.append(["Total", len(snapshot.actions)])
    if snapshot.missing_directorates:
        sheet.append(["No return from", ", ".join(snapshot.missing_directorates)])
    counts = {s: sum(1 for f in snapshot.findings if f.severity is s) for s in Severity}
    words = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "notes"}
    for severity, count in counts.items():
        sheet.append([f"Findings: {words[severity]}", count])


def _actions_sheet(book: _StreamBook, plan: Plan, settings: Settings,
                   snapshot: QuarterSnapshot) -> None:
    headings = ("Theme", "Outcome", "Ref", "Key action", "Key date", "Due", "Lead directorate",
                "Success criteria", "Status as returned", "Status reported",
                "Changed by key-date rule", "Progress commentary", "Remedial action",
                "Revised date offered", "Evidence", "Notable achievement", "Carried forward",
                "Source file")
    widths = (7, 30, 7, 40, 14, 12, 18, 36, 16, 14, 12, 50, 40, 14, 30, 11, 11, 26)
    sheet = _Table(book, "Actions", headings, widths, rows=len(plan.actions))
    for action in plan.actions:
        position = snapshot.action(action.ref)
        outcome = plan.outcome(action.outcome)
        reported = position.status if position else None
        sheet.append([
            outcome.theme,
            f"{outcome.ref} {outcome.title}",
            action.ref,
            action.text,
            action.governing_date.text,
            action.due_for(snapshot.quarter.start),
            action.directorate,
            action.success_criteria,
            position.returned_status_text if position else "",
            status_text(reported),
            "Yes" if position and position.status_changed_by_rule else "",
            position.commentary if position else "",
            position.remedial_action if position else "",
            position.revised_date if position else "",
            position.evidence if position else "",
            "Yes" if position and position.notable else "",
            "Yes" if position and position.carried_forward else "",
            position.source_file if position else "",
        ], shade={10: settings.colours[reported]} if reported is not None else None)


def _indicators_sheet(book: _StreamBook, snapshot: QuarterSnapshot,
                      results: Sequence[IndicatorResult]) -> None:
    month_titles = snapshot.quarter.month_labels
    headings = ("PI ref", "Description", "Unit", "Polarity", "Owner directorate", *month_titles,
                "Year to date", "Basis", "Same period last year", "Target", "Better than last year",
                "Target met", "Status", "Quartile", "Comment", "Carried forward")
    widths = (10, 40, 8, 10, 18, *(10,) * len(month_titles), 11, 20, 12, 10, 12, 10, 16, 14, 40,
              11)
    sheet = _Table(book, "Indicators", headings, widths, rows=len(results))
    for result in results:
        indicator = result.indicator
        position = snapshot.indicator(indicator.ref)
        values = {(m.year, m.month): m.value for m in result.months}
        sheet.append([
            indicator.ref, indicator.description, indicator.unit,
            "Higher is better" if indicator.higher_is_better else "Lower is better",
            indicator.directorate,
            *(values.get(ym) for ym in snapshot.quarter.months),
            result.value, result.value_basis, result.last_year, result.target,
            {True: "Better", False: "Worse", None: "Not comparable"}[result.better],
            {True: "Yes", False: "No", None: ""}[result.target_met],
            result.rag, result.quartile or "",
            position.comment if position else "",
            "Yes" if position and position.carried_forward else "",
        ])


def _findings_sheet(book: _StreamBook, snapshot: QuarterSnapshot) -> None:
    headings = ("Severity", "Directorate", "File", "Sheet", "Cell", "Rule", "Message", "Fix")
    sheet = _Table(book, "Findings", headings, (10, 18, 28, 14, 8, 22, 60, 50),
                   rows=len(snapshot.findings))
    for finding in sort_findings(snapshot.findings):
        sheet.append([finding.severity.value, finding.directorate, finding.file,
                      finding.sheet, finding.cell, finding.rule, finding.message, finding.fix],
                     shade={1: SEVERITY_FILLS[finding.severity]})


def write_table(title: str, headings: Sequence[str], rows: Iterable[Sequence[object]],
                path: Path, widths: Sequence[int] | None = None) -> Path:
    """A one-sheet workbook of plain rows (the timetable, the evidence sample)."""
    rows = list(rows)

    def build(book: _StreamBook) -> None:
        sheet = _Table(book, title[:31], headings, widths or [22] * len(headings),
                       rows=len(rows))
        for values in rows:
            sheet.append(values)

    return _write_book(path, build)


def sample_rows(sample: Sequence[SampledAction]) -> list[list[object]]:
    """The evidence sample as rows for ``write_table``."""
    return [[s.ref, s.directorate, status_text(s.status), s.action, s.success_criteria,
             s.evidence or "(no evidence cited)", ""] for s in sample]


SAMPLE_HEADINGS = ("Ref", "Lead directorate", "Status", "Key action", "Success criteria",
                   "Evidence cited", "Checked by / date / result")
