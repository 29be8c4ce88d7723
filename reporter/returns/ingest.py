"""Read directorate returns: every workbook in a folder, whatever people did to it.

``read_returns(directory, plan, settings, quarter)`` reads each ``.xlsx`` / ``.xlsm``
with python-calamine and gives back plain records: the rows of the Actions, KPIs
and Recommendations sheets keyed by column title, each value normalised and
paired with its A1 cell. It judges nothing about the content (``validate`` does);
it only says what could not be read, and why, as findings. A bad file never stops
the batch, and no input file is ever written to.

Before calamine sees a file we check it cheaply with ``zipfile``: its size, its
unpacked size (zip bombs), XML document type declarations (entity expansion,
which Excel never writes), and how far each sheet's cells really reach, because
calamine allocates the whole rectangle a sheet spans (one value typed in Z1000000
costs it some 800 MB). Such a sheet is streamed with openpyxl instead.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from reporter.config.plan import ACTION_REF, Plan
from reporter.config.settings import Settings
from reporter.errors import ReporterError
from reporter.findings import Finding, Severity
from reporter.periods import MONTH_NAMES, Quarter
from reporter.processes import available_processors
from reporter.returns import layout

MAX_FILE_BYTES = 20 * 1024 * 1024  # a return is tens of kilobytes; 20 MB is not a return
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # the parts of one workbook, unpacked
MAX_RATIO = 100  # unpacked / packed: real workbooks are 3-20, zip bombs thousands
RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # the ratio only counts for workbooks bigger than this
MAX_SHEET_CELLS = 2_000_000  # a sheet spanning more than this is streamed, not loaded
MAX_ROWS = 100_000  # rows read from a streamed sheet: a return has hundreds
RETURN_SUFFIXES = (".xlsx", ".xlsm")
_SAVE_AS = "Open it in Excel and use File > Save As > Excel Workbook (.xlsx), then send that."
_OTHER_FORMATS = {
    ".xls": "an old Excel 97-2003 workbook (.xls)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".csv": "a CSV file, which loses the return's sheets and columns",
    ".numbers": "an Apple Numbers file",
    ".xltx": "an Excel template (.xltx)",
    ".xltm": "an Excel template (.xltm)",
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

Cell = tuple[object, str]  # (normalised value, A1 reference)


class ReturnsFolderError(ReporterError):
    """The returns folder itself cannot be used (missing, or not a folder)."""


@dataclass(frozen=True)
class SheetRow:
    """One row of a return's table: its key ref and its cells by column title.

    Titles are the layout's own (``Status``, ``Oct 2009``) whatever the spelling or
    order in the file; columns the layout does not know keep their own title.
    """

    sheet: str
    row: int
    ref: str  # normalised ("1.3a"); "" when the ref cell is blank
    cells: dict[str, Cell] = field(default_factory=dict)

    def has(self, title: str) -> bool:
        return title in self.cells

    def value(self, title: str) -> object:
        return self.cells.get(title, (None, ""))[0]

    def cell(self, title: str) -> str:
        """The A1 reference of the column in this row ("" when the column is absent)."""
        return self.cells.get(title, (None, ""))[1]


@dataclass(frozen=True)
class ReturnData:
    """What one return workbook says, read but not yet judged."""

    file: str
    sha256: str
    modified: datetime
    directorate: str  # a plan directorate's name, or "" when it cannot be told
    directorate_inferred: bool
    metadata: dict[str, str]
    quarter: Quarter | None  # from the metadata, or the KPI month columns; None if unknown
    actions: tuple[SheetRow, ...] = ()
    indicators: tuple[SheetRow, ...] = ()
    recommendations: tuple[SheetRow, ...] = ()
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sheet -> titles found
    sheet_names: dict[str, str] = field(default_factory=dict)  # layout name -> name in file
    findings: tuple[Finding, ...] = ()  # about the file's shape: missing columns and the like


@dataclass(frozen=True)
class ReadResult:
    returns: tuple[ReturnData, ...]
    findings: tuple[Finding, ...]  # files that could not be read at all
    skipped: tuple[str, ...] = ()  # lock files and hidden files, not returns


def read_returns(directory: Path, plan: Plan, settings: Settings, quarter: Quarter,
                 workers: int | None = None) -> ReadResult:
    """Read every return in ``directory``; unreadable files become findings, never exceptions.

    Each return says which quarter it is for (``ReturnData.quarter``); ``validate``
    compares that with ``quarter``. ``settings`` is taken so every stage has the same
    shape; reading needs none of it yet. Many returns are read by ``workers`` processes
    (default: the processors available). Raises ReturnsFolderError only when the
    folder itself is missing.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ReturnsFolderError(
            f"the returns folder {directory} does not exist or is not a folder. "
            "Pass --returns with the folder the directorates' workbooks are saved in."
        )
    paths: list[Path] = []
    skipped: list[str] = []
    for path in sorted(directory.iterdir(), key=lambda p: p.name.lower()):
        if not path.is_file():
            continue
        if path.name.startswith(("~$", ".")):  # Excel's lock files, hidden files
            skipped.append(path.name)
            continue
        paths.append(path)
    returns: list[ReturnData] = []
    findings: list[Finding] = []
    for outcome in _read_all(paths, plan, available_processors() if workers is None else workers):
        if isinstance(outcome, ReturnData):
            returns.append(outcome)
        else:
            findings.append(outcome)
    return ReadResult(tuple(returns), tuple(findings), tuple(skipped))


PARALLEL_FROM = 16  # returns; for fewer, starting processes costs more than it saves
_worker_plan: Plan | None = None  # the plan, in a reading process


def _start_reader(plan: Plan) -> None:
    global _worker_plan
    _worker_plan = plan


def _read_in_reader(path: Path) -> ReturnData | Finding:
    assert _worker_plan is not None
    return read_return(path, _worker_plan)


def _read_all(paths: list[Path], plan: Plan, workers: int) -> list[ReturnData | Finding]:
    """Each file's outcome, in order. Many files are shared out among processes: a
    return is read on its own, so this is where more processors help most."""
    if workers < 2 or len(paths) < PARALLEL_FROM:
        return [read_return(path, plan) for path in paths]
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_reader,
                                 initargs=(plan,)) as pool:
            return list(pool.map(_read_in_reader, paths,
                                 chunksize=max(1, len(paths) // (workers * 8))))
    except BrokenProcessPool:  # a reading process died (out of memory, say)
        return [_read_alone(path, plan) for path in paths]


def _read_alone(path: Path, plan: Plan) -> ReturnData | Finding:
    """One file in a process of its own: if reading it kills that process, the file
    gets a finding and the batch goes on."""
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_start_reader,
                                 initargs=(plan,)) as pool:
            return pool.submit(_read_in_reader, path).result()
    except BrokenProcessPool:
        problem = _Problem(path.name, _directorate_named_in(path.name, plan))
        return problem.error("unreadable", "reading the workbook stopped the reader (it may "
                             "be far too large, or damaged).", "Open it in Excel, check it "
                             "looks right, save it as .xlsx and send it again.")


def read_return(path: Path, plan: Plan) -> ReturnData | Finding:
    """Read one file: its records, or a finding saying why it cannot be read."""
    problem = _Problem(path.name, _directorate_named_in(path.name, plan))
    suffix = path.suffix.lower()
    if suffix not in RETURN_SUFFIXES:
        if suffix in _OTHER_FORMATS:
            return problem.error("old-format", f"the file is {_OTHER_FORMATS[suffix]}, "
                                 "not a return workbook.", _SAVE_AS)
        return problem.warning("not-a-workbook", "the file is not an Excel workbook, so it "
                               "was not read.", "Remove it from the returns folder, or send "
                               "the return as the .xlsx workbook it came as.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return problem.error("too-large", f"the file is {size / 2**20:.1f} MB, over the "
                                 f"{MAX_FILE_BYTES // 2**20} MB a return may be.",
                                 "Remove pictures and extra sheets, or send the return "
                                 "generated for you with only your entries added.")
        data = path.read_bytes()
        modified = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError as exc:
        return problem.error("unreadable", f"the file cannot be opened: {exc.strerror}.",
                             "Check the file is not open elsewhere and can be copied.")
    try:
        return _read_workbook(path.name, data, modified, plan, problem)
    except _Unreadable as exc:
        return exc.finding
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding, never a crash
        return problem.error("unreadable", f"the workbook cannot be read ({_reason(exc)}).",
                             "Open it in Excel, check it looks right, save it as .xlsx "
                             "and send it again.")


# ---------------------------------------------------------------------------
# Checks before any reader sees the bytes
# ---------------------------------------------------------------------------

class _Unreadable(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


@dataclass(frozen=True)
class _Problem:
    """Makes file-level findings for one file."""

    file: str
    directorate: str

    def finding(self, severity: Severity, rule: str, message: str, fix: str) -> Finding:
        return Finding(severity, rule, message, fix,
                       directorate=self.directorate, file=self.file)

    def error(self, rule: str, message: str, fix: str) -> Finding:
        return self.finding(Severity.ERROR, rule, message, fix)

    def warning(self, rule: str, message: str, fix: str) -> Finding:
        return self.finding(Severity.WARNING, rule, message, fix)

    def stop(self, rule: str, message: str, fix: str) -> _Unreadable:
        return _Unreadable(self.error(rule, message, fix))


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _open_zip(data: bytes, problem: _Problem) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise problem.stop("password-protected", "the workbook is password-protected, so "
                               "it cannot be read.", "Remove the password (File > Info > "
                               "Protect Workbook > Encrypt with Password, clear it), save "
                               "and send it again.")
        raise problem.stop("old-format", "the file is an old Excel 97-2003 workbook (or a "
                           "password-protected one), not an .xlsx.",
                           "Remove any password; then open it in Excel and use File > Save As "
                           "> Excel Workbook (.xlsx), and send that.")
    if not data.startswith(_ZIP_MAGIC):
        looks = _looks_like(data)
        raise problem.stop("not-a-workbook", f"the file is not an Excel workbook{looks}, "
                           "although its name ends in .xlsx.", _SAVE_AS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise problem.stop("corrupt", f"the workbook is damaged ({_reason(exc)}).",
                           "Open it in Excel (it may offer to repair it), save it as .xlsx "
                           "and send it again.") from None
    unpacked = sum(i.file_size for i in infos)
    if (len(infos) > 10_000 or unpacked > MAX_UNPACKED_BYTES
            or (unpacked > RATIO_FLOOR_BYTES and unpacked > MAX_RATIO * max(len(data), 1))):
        raise problem.stop("zip-bomb", f"the workbook would unpack to an implausible "
                           f"{unpacked / 2**20:,.0f} MB in {len(infos)} parts, so it was "
                           "not opened.", "Send the return generated for you with only your "
                           "entries added.")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        kind = " (it looks like a Word document)" if "word/document.xml" in names else ""
        raise problem.stop("not-a-workbook", f"the file is not an Excel workbook{kind}.",
                           "Send the return workbook itself (.xlsx).")
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as member:  # a DTD must come before the root element
                head = member.read(65_536)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise problem.stop("hostile-xml", f"the part {info.filename} declares a "
                                   "document type, which Excel never writes; the file may "
                                   "be crafted, so it was not opened.",
                                   "Send the return from Excel as an ordinary .xlsx workbook.")
    return archive


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith(b"%pdf"):
        return " (it is a PDF)"
    if head.startswith((b"<html", b"<!doctype html")) or b"<html" in head:
        return " (it is a web page)"
    if head.startswith(b"<?xml"):
        return " (it is an XML file, perhaps an Excel 2003 XML spreadsheet)"
    if not data.strip():
        return " (it is empty)"
    return ""


@dataclass(frozen=True)
class _SheetScan:
    max_row: int  # 1-based; 0 when the sheet holds no values
    max_col: int
    errors: dict[tuple[int, int], str]  # (row, col) 0-based -> cached error such as "#DIV/0!"

    @property
    def cells(self) -> int:
        return self.max_row * self.max_col


_CELL_TAG = re.compile(rb"<(?:\w+:)?c(?:\s([^>]*?))?(/?)>")
# A cell that holds something: not <c .../>, and its first child is an element, not </c>.
_FILLED_CELL = re.compile(rb"<(?:\w+:)?c(?:\s[^>]*?)?(?<!/)>(?!\s*</)")
_FILLED_REF = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?<!/)>(?!\s*</)')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ERROR_ATTR = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{0,40})<")


def _scan_sheet(archive: zipfile.ZipFile, part: str) -> _SheetScan:
    """How far a sheet's values reach, and its cached error values (calamine drops them)."""
    with archive.open(part) as member:
        xml = member.read(MAX_UNPACKED_BYTES + 1)
    # Whole-sheet regex passes: a per-cell Python loop costs more than the unzipping.
    refs = _FILLED_REF.findall(xml)
    max_row = max((int(row) for _, row in refs), default=0)
    max_col = max((_column_number(letters.decode()) for letters in {c for c, _ in refs}),
                  default=0)
    # Cells placed without r= (some third-party writers); counted only when there may be any.
    every_cell_has_ref = (xml.count(b"<c ") == xml.count(b'<c r="') and b"<c>" not in xml
                          and b":c " not in xml and b":c>" not in xml)
    positional = 0 if every_cell_has_ref else len(_FILLED_CELL.findall(xml)) - len(refs)
    errors: dict[tuple[int, int], str] = {}
    if _ERROR_ATTR.search(xml):
        for match in _CELL_TAG.finditer(xml):
            if (match[2] or not match[1] or not _ERROR_ATTR.search(match[1])
                    or xml[match.end():match.end() + 80].lstrip().startswith(b"</")):
                continue
            ref = _REF_ATTR.search(match[1])
            if ref:
                value = _VALUE.search(xml, match.end(), match.end() + 200)
                errors[(int(ref[2]) - 1, _column_number(ref[1].decode()) - 1)] = (
                    value[1].decode(errors="replace") if value else "#ERROR")
    if positional:  # bound them by the furthest row and by their number
        rows = [int(m[1]) for m in _ROW_NUMBER.finditer(xml)]
        max_row = max([max_row, xml.count(b"<row"), *rows])
        max_col = max(max_col, min(positional, 16_384))
    return _SheetScan(max_row, max_col, errors)


@dataclass(frozen=True)
class _WorkbookInfo:
    date1904: bool
    parts: dict[str, str]  # sheet name -> part path in the zip


def _workbook_info(archive: zipfile.ZipFile) -> _WorkbookInfo:
    """Sheet names to parts, and the date system, from workbook.xml and its relationships."""
    from defusedxml import ElementTree  # refuses entity tricks even if the DTD check is passed

    book = next((n for n in archive.namelist() if n.endswith("workbook.xml")), "xl/workbook.xml")
    root = ElementTree.fromstring(archive.read(book))
    date1904 = any(el.get("date1904", "").lower() in ("1", "true")
                   for el in root.iter() if el.tag.endswith("workbookPr"))
    rels_name = str(PurePosixPath(book).parent / "_rels" / (PurePosixPath(book).name + ".rels"))
    targets: dict[str, str] = {}
    if rels_name in archive.namelist():
        for rel in ElementTree.fromstring(archive.read(rels_name)).iter():
            if rel.get("Id") and rel.get("Target"):
                target = rel.get("Target", "")
                base = PurePosixPath(book).parent
                path = target.lstrip("/") if target.startswith("/") else str(base / target)
                targets[rel.get("Id", "")] = _tidy_part(path)
    parts: dict[str, str] = {}
    for sheet in root.iter():
        if sheet.tag.endswith("}sheet") or sheet.tag == "sheet":
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
            if rid in targets:
                parts[sheet.get("name", "")] = targets[rid]
    return _WorkbookInfo(date1904, parts)


def _tidy_part(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


# ---------------------------------------------------------------------------
# Reading the workbook
# ---------------------------------------------------------------------------

_SHEET_TITLES: dict[str, tuple[str, ...]] = {
    layout.ACTIONS_SHEET: layout.ACTION_COLUMNS,
    layout.KPIS_SHEET: (layout.PI_REF, layout.DESCRIPTION, layout.UNIT, layout.POLARITY,
                        layout.TARGET, layout.KPI_STATUS, layout.COMMENT),
    layout.RECOMMENDATIONS_SHEET: layout.RECOMMENDATION_COLUMNS,
}
_KEY_TITLE = {layout.ACTIONS_SHEET: layout.REF, layout.KPIS_SHEET: layout.PI_REF,
              layout.RECOMMENDATIONS_SHEET: layout.REC_REF}
_REQUIRED = {layout.ACTIONS_SHEET: layout.REQUIRED_ACTION_COLUMNS,
             layout.KPIS_SHEET: layout.REQUIRED_KPI_COLUMNS,
             layout.RECOMMENDATIONS_SHEET: (layout.REC_REF, layout.REC_STATUS)}
_DATE_TITLES = frozenset({layout.KEY_DATE, layout.REVISED_DATE, layout.REC_ORIGINAL_DATE,
                          layout.REC_REVISED_DATE, layout.REC_NEW_DATE})


def _read_workbook(name: str, data: bytes, modified: datetime, plan: Plan,
                   problem: _Problem) -> ReturnData:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        archive = _open_zip(data, problem)
        info = _workbook_info(archive)
        # Part names are matched without case, as Excel and calamine do.
        stored = {n.lower(): n for n in archive.namelist()}
        scans = {sheet: _scan_sheet(archive, stored[part.lower()])
                 for sheet, part in info.parts.items() if part.lower() in stored}
    except DefusedXmlException as exc:
        raise problem.stop("hostile-xml", f"the workbook's XML uses a forbidden construct "
                           f"({_reason(exc)}); the file may be crafted, so it was not opened.",
                           "Send the return from Excel as an ordinary .xlsx workbook.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError) as exc:
        raise problem.stop("corrupt", f"the workbook is damaged ({_reason(exc)}).",
                           "Open it in Excel (it may offer to repair it), save it as .xlsx "
                           "and send it again.") from None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise problem.stop("password-protected", "the workbook is password-protected, so it "
                           "cannot be read.", "Remove the password, save and send it again.")
    with workbook:
        reader = _Reader(name, data, workbook, info, scans, problem)
        return reader.read(modified, plan)


class _Reader:
    """Reads the sheets of one open workbook into rows, collecting findings as it goes."""

    def __init__(self, name: str, data: bytes, workbook: object, info: _WorkbookInfo,
                 scans: dict[str, _SheetScan], problem: _Problem):
        self.name, self.data, self.workbook = name, data, workbook
        self.info, self.scans, self.problem = info, scans, problem
        self.findings: list[Finding] = []
        self.columns: dict[str, tuple[str, ...]] = {}
        self.found: dict[str, str] = {}

    def read(self, modified: datetime, plan: Plan) -> ReturnData:
        problem = self.problem
        names: list[str] = list(self.workbook.sheet_names)  # type: ignore[attr-defined]
        if not any(scan.max_row for scan in self.scans.values()) and not self._any_values(names):
            raise problem.stop("empty-workbook", "the workbook has no data in any sheet.",
                               "Send the return generated for you, with your entries.")
        metadata = self._metadata(names)
        tables: dict[str, tuple[SheetRow, ...]] = {}
        for sheet in (layout.ACTIONS_SHEET, layout.KPIS_SHEET, layout.RECOMMENDATIONS_SHEET):
            actual = self._find_sheet(names, sheet)
            if actual is None:
                tables[sheet] = ()
                continue
            self.found[sheet] = actual
            tables[sheet] = self._table(sheet, actual)
        if layout.ACTIONS_SHEET not in self.found and layout.KPIS_SHEET not in self.found:
            raise problem.stop("not-a-return", "the workbook has no 'Actions' or 'KPIs' sheet, "
                               f"so it is not a return (its sheets: {_names(names)}).",
                               "Fill in the return generated for your directorate and send "
                               "that; do not rename its sheets.")
        directorate, inferred = self._directorate(metadata, tables, plan)
        return ReturnData(
            file=self.name,
            sha256=hashlib.sha256(self.data).hexdigest(),
            modified=modified,
            directorate=directorate,
            directorate_inferred=inferred,
            metadata=metadata,
            quarter=self._quarter(metadata),
            actions=tables[layout.ACTIONS_SHEET],
            indicators=tables[layout.KPIS_SHEET],
            recommendations=tables[layout.RECOMMENDATIONS_SHEET],
            columns=dict(self.columns),
            sheet_names=dict(self.found),
            findings=tuple(Finding(f.severity, f.rule, f.message, f.fix, directorate,
                                   f.file, f.sheet, f.cell) for f in self.findings),
        )

    def _any_values(self, names: list[str]) -> bool:
        # Used only when the XML scan found nothing (cells without r attributes).
        return any(any(_normalise(v) is not None for row in self._grid(n) for v in row)
                   for n in names)

    # -- sheets -----------------------------------------------------------------

    def _find_sheet(self, names: list[str], wanted: str) -> str | None:
        """The sheet named like ``wanted`` (case and spaces aside); else one with its header."""
        for name in names:
            if _title_key(name) == _title_key(wanted):
                return name
        others = {_title_key(n) for n in (*_SHEET_TITLES, layout.META_SHEET)}
        for name in names:
            if _title_key(name) in others:
                continue
            grid = self._grid(name, limit=layout.HEADER_SEARCH_ROWS)
            header = self._header_row(wanted, grid)
            if header is not None and sum(1 for t in header[1] if t in _SHEET_TITLES[wanted]) >= 4:
                self._note(Severity.INFO, "sheet-renamed", wanted, "",
                           f"no sheet is named '{wanted}'; the sheet '{name}' has its columns, "
                           "so it was read instead.",
                           f"Keep the sheet name '{wanted}' as it was sent.")
                return name
        return None

    def _grid(self, name: str, limit: int | None = None) -> Iterator[list[object]]:
        """The sheet's rows from row 1, column A; streamed when the sheet spans too much."""
        scan = self.scans.get(name)
        if scan is not None and scan.cells > MAX_SHEET_CELLS:
            yield from _stream_rows(self.data, name, limit)
            return
        try:
            sheet = self.workbook.get_sheet_by_name(name)  # type: ignore[attr-defined]
            rows = sheet.to_python(skip_empty_area=False)
        except BaseException as exc:  # noqa: BLE001 - calamine panics are BaseExceptions
            if not _is_reader_failure(exc):
                raise
            # calamine gave up (lost shared strings; it panics on a huge negative number in a
            # date cell): openpyxl reads what it can, else the sheet is damaged.
            try:
                yield from _stream_rows(self.data, name, limit)
            except Exception:  # noqa: BLE001
                raise self.problem.stop(
                    "corrupt", f"the sheet '{name}' is damaged and cannot be read "
                    f"({_reason(exc)}).", "Open the workbook in Excel (it may offer to repair "
                    "it), save it as .xlsx and send it again.") from None
            return
        errors = scan.errors if scan else {}
        for index, row in enumerate(rows if limit is None else rows[:limit]):
            if errors:
                row = [errors.get((index, col), value) if value in ("", None) else value
                       for col, value in enumerate(row)]
            yield row

    def _metadata(self, names: list[str]) -> dict[str, str]:
        name = next((n for n in names if _title_key(n) == _title_key(layout.META_SHEET)), None)
        if name is None:
            return {}
        result: dict[str, str] = {}
        for _, row in _until_blank_run(self._grid(name)):
            key = _text(row[0] if row else None).lower()
            if key and key not in result:
                result[key] = _text(row[1] if len(row) > 1 else None)
        return result

    def _header_row(self, sheet: str, grid: Iterable[list[object]]) -> tuple[int, list[str]] | None:
        """The header row (0-based) and its layout titles: the row naming most known columns."""
        known = {_title_key(t) for t in _SHEET_TITLES[sheet]}
        best: tuple[int, int, list[object]] | None = None
        for index, row in enumerate(grid):
            if index >= layout.HEADER_SEARCH_ROWS:
                break
            keys = [_title_key(_text(v)) for v in row]
            if _title_key(_KEY_TITLE[sheet]) not in keys:
                continue
            score = len(known.intersection(keys)) + sum(
                1 for v in row if _month_title(v) is not None)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, index, row)
        if best is None:
            return None
        return best[1], self._titles(sheet, best[2])

    def _titles(self, sheet: str, row: list[object]) -> list[str]:
        by_key = {_title_key(t): t for t in _SHEET_TITLES[sheet]}
        titles: list[str] = []
        for value in row:
            month = _month_title(value) if sheet == layout.KPIS_SHEET else None
            if month is not None:
                titles.append(month)
                continue
            text = _text(value)
            titles.append(by_key.get(_title_key(text), text))
        return titles

    def _table(self, sheet: str, actual: str) -> tuple[SheetRow, ...]:
        grid = self._grid(actual)
        head: list[list[object]] = []
        for row in grid:
            head.append(row)
            if len(head) >= layout.HEADER_SEARCH_ROWS:
                break
        header = self._header_row(sheet, head)
        if header is None:
            self._note(Severity.ERROR, "header-missing", sheet, "A1",
                       f"no header row naming '{_KEY_TITLE[sheet]}' in the first "
                       f"{layout.HEADER_SEARCH_ROWS} rows, so the sheet could not be read.",
                       f"Keep the column titles of the return as sent, in one row near the top "
                       f"(at least: {', '.join(_REQUIRED[sheet])}).", actual)
            return ()
        header_index, titles = header
        self._check_columns(sheet, actual, header_index, titles)
        self.columns[sheet] = tuple(t for t in titles if t)
        first_column: dict[str, int] = {}
        for col, title in enumerate(titles):
            if title:
                first_column.setdefault(title, col)
        rows: list[SheetRow] = []
        body = _chain(head[header_index + 1:], grid)
        numeric = {t for t in first_column if _month_title(t) is not None or t == layout.TARGET}
        for number, values in _until_blank_run(body, start=header_index + 2):
            cells: dict[str, Cell] = {}
            for title, col in first_column.items():
                raw = values[col] if col < len(values) else None
                value = self._value(title, raw, title in numeric)
                cells[title] = (value, f"{_column_letter(col + 1)}{number}")
            if all(v is None for v, _ in cells.values()):
                continue
            key = cells.get(_KEY_TITLE[sheet], (None, ""))[0]
            ref = _action_ref(key) if sheet == layout.ACTIONS_SHEET else _text(key)
            rows.append(SheetRow(actual, number, ref, cells))
        return tuple(rows)

    def _check_columns(self, sheet: str, actual: str, header: int, titles: list[str]) -> None:
        seen: set[str] = set()
        for col, title in enumerate(titles):
            if title and title in seen and title in _SHEET_TITLES[sheet]:
                self._note(Severity.WARNING, "column-duplicate", sheet,
                           f"{_column_letter(col + 1)}{header + 1}",
                           f"the column '{title}' appears twice; the first one was read.",
                           "Delete the second copy of the column.", actual)
            seen.add(title)
        for title in _REQUIRED[sheet]:
            if title in seen:
                continue
            locked = title in layout.LOCKED_ACTION_COLUMNS and title != layout.REF
            self._note(Severity.WARNING if locked else Severity.ERROR, "column-missing", sheet,
                       f"A{header + 1}", f"the column '{title}' is missing from the header row.",
                       f"Put the column '{title}' back as it was in the return sent to you.",
                       actual)

    def _value(self, title: str, raw: object, numeric: bool) -> object:
        value = _normalise(raw)
        if title in _DATE_TITLES and isinstance(value, float) and 20_000 <= value <= 80_000:
            # A date typed into a cell formatted as a number: an Excel serial day count.
            base = date(1904, 1, 1) if self.info.date1904 else date(1899, 12, 30)
            return base + timedelta(days=int(value))
        return _number(value) if numeric else value

    def _note(self, severity: Severity, rule: str, sheet: str, cell: str, message: str,
              fix: str, actual: str | None = None) -> None:
        self.findings.append(Finding(severity, rule, message, fix, file=self.name,
                                     sheet=actual or sheet, cell=cell))

    # -- who and when ------------------------------------------------------------

    def _directorate(self, metadata: dict[str, str], tables: dict[str, tuple[SheetRow, ...]],
                     plan: Plan) -> tuple[str, bool]:
        names = {d.name.lower(): d.name for d in plan.directorates}
        stated = metadata.get(layout.META_DIRECTORATE, "")
        if stated.lower() in names:
            return names[stated.lower()], False
        owners: Counter[str] = Counter()
        for row in tables[layout.ACTIONS_SHEET]:
            action = plan.action(row.ref)
            if action is not None:
                owners[action.directorate] += 1
        for row in tables[layout.KPIS_SHEET]:
            indicator = plan.indicator(row.ref)
            if indicator is not None:
                owners[indicator.directorate] += 1
        ranked = owners.most_common(2)
        why = (f"the metadata names '{stated}', which is not a directorate of the plan"
               if stated else "the hidden metadata sheet is missing")
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            self._note(Severity.ERROR, "directorate-unknown", "", "",
                       f"cannot tell which directorate sent this return: {why}, "
                       "and its refs do not point to one directorate.",
                       "Fill in the return generated for your directorate and send that.")
            return "", False
        name = ranked[0][0]
        self._note(Severity.INFO, "directorate-inferred", "", "",
                   f"read as {name}'s return because {why}; most of its refs "
                   f"({ranked[0][1]}) are {name}'s.",
                   "Nothing, if that is right; otherwise send the return generated for you.")
        return name, True

    def _quarter(self, metadata: dict[str, str]) -> Quarter | None:
        try:
            return Quarter.parse(metadata[layout.META_QUARTER])
        except (KeyError, ValueError):
            pass
        months = [t for t in self.columns.get(layout.KPIS_SHEET, ())
                  if not t.endswith(layout.LAST_YEAR_SUFFIX) and _month_title(t) is not None]
        quarters = {Quarter.containing(date(*month_of(m), 1)) for m in months  # type: ignore[misc]
                    if month_of(m) is not None}
        return quarters.pop() if len(quarters) == 1 else None


def _is_reader_failure(exc: BaseException) -> bool:
    """An error from a reader (pyo3's PanicException included), not Ctrl+C or an exit."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        return False
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _stream_rows(data: bytes, sheet: str, limit: int | None) -> Iterator[list[object]]:
    """A sheet's rows read by openpyxl: for a sheet whose cells span millions (it streams
    them and we stop early), or one calamine cannot read."""
    import warnings

    import defusedxml

    with warnings.catch_warnings():  # it touches the deprecated cElementTree on the way
        warnings.simplefilter("ignore", DeprecationWarning)
        defusedxml.defuse_stdlib()  # openpyxl parses with the standard library
    from openpyxl import load_workbook

    with warnings.catch_warnings():  # "marked as a date but ... outside the limits": #VALUE!
        warnings.simplefilter("ignore", UserWarning)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(_bounded(book[sheet].iter_rows(values_only=True), limit))
    book.close()
    yield from rows


def _bounded(rows: Iterable[tuple[object, ...]], limit: int | None) -> Iterator[list[object]]:
    """Rows from row 1, stopping at ``limit`` rows, a long run of blank ones, or MAX_ROWS."""
    blank = 0
    for index, row in enumerate(rows):
        if index >= min(limit or MAX_ROWS, MAX_ROWS):
            return
        blank = blank + 1 if all(_normalise(v) is None for v in row) else 0
        if blank > layout.BLANK_RUN_LIMIT:  # the caller stops at the limit; so can we
            return
        yield list(row)


# ---------------------------------------------------------------------------
# Values at the edge
# ---------------------------------------------------------------------------

_ODD_SPACE = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]")
# Text with none of these needs only trimming: the common case, kept fast.
_NEEDS_TIDYING = re.compile(r"[\n\r\t\xa0\u2000-\u200d\u202f\u205f\u3000\x00-\x08\x0b-\x1f\x7f"
                            r"\u2060\ufeff\u00ad]|  ")
_BLANK_LINES = re.compile(r"\n{3,}")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")


def _normalise(value: object) -> object:
    """One cell as Python: text trimmed (None when blank), numbers float, dates date."""
    if value is None:
        return None
    if isinstance(value, str):
        if not _NEEDS_TIDYING.search(value):
            return value.strip() or None
        text = _INVISIBLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        lines = [_ODD_SPACE.sub(" ", line).strip() for line in text.split("\n")]
        text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else str(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, date):
        return value
    if isinstance(value, (timedelta, time)):
        return str(value)  # a time of day or a duration: not a date, shown as typed
    return _normalise(str(value))


def _number(value: object) -> object:
    """A figure from a cell: 97.5, "97.5%", "1,234", " 12 ", "£1,200" -> float; else as is."""
    if isinstance(value, str):
        text = value.replace(" ", "").lstrip("£").rstrip("%")
        if text and _NUMBER.match(text) and any(ch.isdigit() for ch in text):
            return float(text.replace(",", ""))
    return value


def _text(value: object) -> str:
    value = _normalise(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


@functools.lru_cache(maxsize=4096)  # the same few titles, looked up for every row
def _title_key(text: str) -> str:
    """A column title or sheet name for matching: case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^0-9a-z%]+", " ", text.casefold()).split())


_MONTHS = {**{m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)},
           **{m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)}, "sept": 9}
_MONTH_TITLE = re.compile(r"^([a-z]+)\.?[\s\-/']*(\d{4}|\d{2})(\s*\(last year\))?$")


def _month_title(value: object) -> str | None:
    """A month column title as the layout writes it ("Oct 2009"), or None.

    Accepts "October 2009", "Oct-09", "oct 2009 (last year)" or a date in the cell.
    """
    if isinstance(value, date):
        return _month_label(value.year, value.month)
    match = _MONTH_TITLE.match(" ".join(_text(value).lower().split()))
    if not match or match[1] not in _MONTHS:
        return None
    year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
    label = _month_label(year, _MONTHS[match[1]])
    return label + (layout.LAST_YEAR_SUFFIX if match[3] else "")


def _month_label(year: int, month: int) -> str:
    return f"{MONTH_NAMES[month - 1][:3]} {year}"  # as Quarter.month_labels writes them


def month_of(title: str) -> tuple[int, int] | None:
    """(year, month) of a layout month title such as "Oct 2009"; None for other titles."""
    parts = title.split(" ")
    abbreviations = [m[:3] for m in MONTH_NAMES]
    if len(parts) != 2 or not parts[1].isdigit() or parts[0] not in abbreviations:
        return None
    return int(parts[1]), abbreviations.index(parts[0]) + 1


def _action_ref(value: object) -> str:
    """``1.3a`` from " 1.3 A ", or the text as written when it is not an action ref."""
    text = _text(value)
    compact = text.replace(" ", "").lower()
    return compact if ACTION_REF.match(compact) else text


@functools.lru_cache(maxsize=1024)
def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _until_blank_run(rows: Iterable[list[object]], start: int = 1
                     ) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) of the rows with something in them, until ``BLANK_RUN_LIMIT``
    blank rows in a row: the phantom rows of a formatted sheet are never walked."""
    blank = 0
    for number, values in enumerate(rows, start=start):
        if all(_normalise(v) is None for v in values):
            blank += 1
            if blank >= layout.BLANK_RUN_LIMIT:
                return
            continue
        blank = 0
        yield number, values


def _chain(first: list[list[object]], rest: Iterator[list[object]]) -> Iterator[list[object]]:
    yield from first
    yield from rest


def _names(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names[:8]) + (" ..." if len(names) > 8 else "")


def _directorate_named_in(file_name: str, plan: Plan) -> str:
    """The one plan directorate a file name mentions, to route a finding about it; else ""."""
    words = _title_key(Path(file_name).stem)
    found = [d.name for d in plan.directorates if f" {_title_key(d.name)} " in f" {words} "]
    return found[0] if len(found) == 1 else ""
