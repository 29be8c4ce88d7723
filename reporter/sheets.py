"""Open a workbook safely and give its sheets' rows: the one way the program reads xlsx.

``open_workbook(source, name)`` checks the bytes before any reader sees them (old
formats and password-protected files recognised; zip bombs, lying part sizes and XML
document type declarations refused), then opens the workbook with python-calamine.
``Workbook.rows(sheet)`` gives a sheet's rows from A1 as plain Python values (str,
float, date or datetime, bool, None), stopping after a long run of blank rows.

calamine allocates the whole rectangle a sheet's cells span (one value typed in
Z1000000 costs it some 800 MB), so each sheet's XML is scanned first for how far its
filled cells really reach; a sheet spanning too much is streamed with openpyxl's
read-only reader instead, as is a sheet calamine cannot read. openpyxl parses through
defusedxml whenever defusedxml is installed (its documented behaviour), and every part
it reads has already passed the checks here, so no process-wide XML patch is needed.

Anything that cannot be read raises ``WorkbookError``, which carries a finding-like
code, message and fix for the person who sent the file.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree

from reporter.cells import column_number
from reporter.errors import ReporterError

MAX_FILE_BYTES = 20 * 1024 * 1024  # a return or register is tens of kilobytes
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # the parts of one workbook, unpacked
MAX_PARTS = 10_000
MAX_RATIO = 100  # unpacked / packed: real workbooks are 3-20, zip bombs thousands
RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # the ratio only counts for workbooks bigger than this
MAX_SHEET_CELLS = 1_000_000  # a sheet spanning more than this is streamed, not loaded
MAX_ROWS = 100_000  # rows read from any sheet: our tables have hundreds
BLANK_RUN_LIMIT = 50  # blank rows in a row that end a sheet (phantom rows of formatted sheets)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
OTHER_FORMATS = {  # suffix -> what the file is, for the message
    ".xls": "an old Excel 97-2003 workbook (.xls)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".csv": "a CSV file, which loses the workbook's sheets and columns",
    ".numbers": "an Apple Numbers file",
    ".xltx": "an Excel template (.xltx)",
    ".xltm": "an Excel template (.xltm)",
}


@dataclass(frozen=True)
class Limits:
    """How much of a file a caller reads. A return or the register is small and comes from
    our own template; a published table (a national collection, peers' figures) may be
    large, and may be an .xls or .ods file as the publisher left it."""

    max_file_bytes: int = MAX_FILE_BYTES
    max_rows: int = MAX_ROWS
    blank_run: int = BLANK_RUN_LIMIT
    other_formats: bool = False  # .xls, .xlsb and .ods read by calamine as they are


RETURNS = Limits()
PUBLISHED_TABLES = Limits(max_file_bytes=200 * 1024 * 1024, max_rows=500_000, blank_run=200,
                          other_formats=True)
_CALAMINE_FORMATS = (".xls", ".xlsb", ".ods")  # what calamine reads besides .xlsx

SAVE_AS = "Open it in Excel and use File > Save As > Excel Workbook (.xlsx), then send that."
_RESEND = "Open it in Excel (it may offer to repair it), save it as .xlsx and send it again."
_ORDINARY = "Send it from Excel as an ordinary .xlsx workbook."
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


class WorkbookError(ReporterError):
    """The workbook cannot be read; ``code`` names the problem as a finding's rule does."""

    def __init__(self, code: str, message: str, fix: str):
        super().__init__(f"{message} {fix}")
        self.code, self.message, self.fix = code, message, fix


def _refused(rule: str, message: str, fix: str) -> WorkbookError:
    """Why a workbook cannot be read: ``rule`` is its code in the rule catalogue."""
    return WorkbookError(rule, message, fix)


def open_workbook(source: Path | bytes, name: str, limits: Limits | None = None) -> Workbook:
    """Check and open a workbook given as a path or as its bytes; ``name`` (the file's
    name) tells old formats by their suffix and names the file in messages; ``limits``
    say how much is read (``RETURNS``, or ``PUBLISHED_TABLES`` for other people's tables).

    Raises WorkbookError for anything that cannot be read; the workbook is never written.
    """
    limits = limits or RETURNS
    suffix = PurePosixPath(name).suffix.lower()
    other_format = limits.other_formats and suffix in _CALAMINE_FORMATS
    if suffix in OTHER_FORMATS and not other_format:
        raise _refused("old-format", f"the file is {OTHER_FORMATS[suffix]}, not an "
                            "Excel workbook (.xlsx).", SAVE_AS)
    data = source if isinstance(source, bytes) else _read_file(source, limits)
    if len(data) > limits.max_file_bytes:
        raise _too_large(len(data), limits)
    if other_format:
        return _open_other_format(data, limits)
    archive = _open_zip(data)
    try:
        parts = _checked_parts(archive, data)
        info = _workbook_info(parts)
        stored = {n.lower(): n for n in parts}  # part names match without case, as in Excel
        scans = {sheet: _scan_sheet(parts[stored[part.lower()]])
                 for sheet, part in info.parts.items() if part.lower() in stored}
    except DefusedXmlException as exc:
        raise _refused("hostile-xml", f"the workbook's XML uses a forbidden construct "
                            f"({reason(exc)}); the file may be crafted, so it was not opened.",
                            _ORDINARY) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError, KeyError) as exc:
        raise _refused("corrupt", f"the workbook is damaged ({reason(exc)}).",
                            _RESEND) from None
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise _refused("password-protected", "the workbook is password-protected, so "
                            "it cannot be read.", "Remove the password, save and send it "
                            "again.") from None
    except Exception as exc:  # noqa: BLE001 - calamine raises its own type for each problem
        raise _refused("unreadable", f"the workbook cannot be read ({reason(exc)}).",
                            "Open it in Excel, check it looks right, save it as .xlsx and "
                            "send it again.") from None
    return Workbook(data, calamine, info.date1904, scans, limits)


def _open_other_format(data: bytes, limits: Limits) -> Workbook:
    """An .xls, .xlsb or .ods table as its publisher left it: calamine reads these
    formats itself (no XML of ours to check first; its reader allocates what it reads,
    bounded by the file size limit)."""
    from python_calamine import CalamineWorkbook

    try:
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own type for each problem
        raise _refused("unreadable", f"the workbook cannot be read ({reason(exc)}).",
                       "Open it in a spreadsheet program and save it as .xlsx.") from None
    return Workbook(data, calamine, False, {}, limits)


class Workbook:
    """An open workbook: its sheet names and each sheet's rows. Use it in a ``with``."""

    def __init__(self, data: bytes, calamine: Any, date1904: bool,
                 scans: dict[str, _SheetScan], limits: Limits = RETURNS):
        self._data, self._calamine, self._scans = data, calamine, scans
        self.limits = limits
        self.sheet_names: tuple[str, ...] = tuple(calamine.sheet_names)
        self.date1904 = date1904  # serial numbers in cells count from 1904 (old Mac Excel)
        self._below_gap: dict[str, tuple[int, int]] = {}

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._calamine.close()

    def has_values(self, sheet: str) -> bool:
        """Whether any cell of the sheet holds something."""
        scan = self._scans.get(sheet)
        if scan is not None and scan.filled:
            return True
        return any(v is not None for row in self.rows(sheet) for v in row)

    def rows(self, sheet: str, limit: int | None = None) -> Iterator[list[object]]:
        """The sheet's rows from row 1, column A (at most ``limit``), as Python values.

        Blank cells are None, numbers float (a non-finite one its text), a date at
        midnight a date, a time or duration its text; cached errors such as "#DIV/0!"
        are text. Reading stops at the last filled row before the limits' run of blank
        rows (so trailing blank rows are never given), or after their most rows.
        Raises WorkbookError when the sheet is damaged.
        """
        if sheet not in self.sheet_names:
            raise KeyError(sheet)
        scan = self._scans.get(sheet)
        self._below_gap.pop(sheet, None)
        return _bounded(self._raw_rows(sheet, limit), limit, self.limits,
                        scan.last_row if scan and limit is None else 0,
                        lambda cell: self._below_gap.__setitem__(sheet, cell))

    def uncached_formulas(self, sheet: str) -> frozenset[str]:
        """The cells ("E5") holding a formula with no value saved: ``rows`` gives them as
        blank, as every reader does, so a caller that needs the value can name them."""
        scan = self._scans.get(sheet)
        return scan.uncached if scan else frozenset()

    def below_gap(self, sheet: str) -> tuple[int, int] | None:
        """The first cell (row, column, 1-based) holding a value below the run of blank
        rows that ended the last reading of the whole sheet, or None when nothing is there.
        Those rows were not given by ``rows``: the caller names them."""
        return self._below_gap.get(sheet)

    def _raw_rows(self, sheet: str, limit: int | None) -> Iterator[Iterable[object]]:
        scan = self._scans.get(sheet)
        if scan is not None and scan.cells > MAX_SHEET_CELLS:
            yield from _stream_rows(self._data, sheet, limit)
            return
        errors = scan.errors if scan else {}
        done = 0  # rows given so far, should calamine fail part way
        try:
            # to_python, not iter_rows: only to_python gives the rows from A1 as documented.
            for row in self._calamine.get_sheet_by_name(sheet).to_python(
                    skip_empty_area=False, nrows=limit):
                if errors:  # calamine drops cached errors; the scan kept them
                    row = [errors.get((done, col), value) if value in ("", None) else value
                           for col, value in enumerate(row)]
                yield row
                done += 1
        except BaseException as exc:  # noqa: BLE001 - calamine panics are BaseExceptions
            if not _is_reader_failure(exc):
                raise
            # calamine gave up (lost shared strings; a huge negative number in a date
            # cell): openpyxl reads what it can, else the sheet is damaged.
            try:
                rest = list(_stream_rows(self._data, sheet, limit))[done:]
            except Exception:  # noqa: BLE001 - whatever openpyxl raises, the sheet is damaged
                raise _refused("corrupt", f"the sheet '{sheet}' is damaged and cannot "
                                    f"be read ({reason(exc)}).", _RESEND) from None
            yield from rest


def reason(exc: BaseException) -> str:
    """An exception as a short phrase for a message: its type and first 200 characters."""
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def _bounded(rows: Iterable[Iterable[object]], limit: int | None, limits: Limits = RETURNS,
             last_row: int = 0,
             below_gap: Callable[[tuple[int, int]], None] = lambda cell: None,
             ) -> Iterator[list[object]]:
    """Rows as plain values, up to the last filled one before a run of blank rows.

    When the sheet's values reach further (``last_row``, from its scan), the first filled
    cell below the gap is given to ``below_gap``: the rows there are not read, but named."""
    most = limits.max_rows if limit is None else min(limit, limits.max_rows)
    blanks: list[list[object]] = []  # held back until a filled row shows they are inside
    given = iter(rows)
    for index, raw in enumerate(given):
        if index >= most:
            return
        # Blanks become None; text, dates and booleans pass as they are; the rest (numbers,
        # times) are looked at one by one.
        row = [None if v == "" else v for v in raw]
        if not _AS_THEY_ARE.issuperset(map(type, row)):
            row = [_value(v) for v in row]
        if _blank(row):
            blanks.append(row)
            if len(blanks) >= limits.blank_run:
                # Looked for no further than the last filled row, so phantom rows cost nothing.
                for later, rest in enumerate(given, start=index + 2):
                    if later > min(last_row, most):
                        break
                    cells = [None if v == "" else v for v in rest]
                    if not _blank(cells):
                        below_gap((later, next(n for n, v in enumerate(cells, start=1)
                                                if not _blank([v]))))
                        break
                return
            continue
        yield from blanks
        blanks.clear()
        yield row


def _blank(row: list[object]) -> bool:
    return row.count(None) == len(row) or all(
        v is None or (isinstance(v, str) and not v.strip()) for v in row)


_AS_THEY_ARE = frozenset({str, bool, date, type(None)})


def _value(value: object) -> object:
    """One cell as the types ``rows`` promises, whichever reader gave it."""
    kind = value.__class__
    if kind is str:
        return value or None
    if kind is float:
        return value if math.isfinite(value) else str(value)  # type: ignore[arg-type]
    if value is None or kind is bool or kind is date:
        return value
    if kind is int:
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, (timedelta, time)):
        return str(value)  # a time of day or a duration: not a date, shown as typed
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        return _value(float(value))
    return str(value) or None


def _is_reader_failure(exc: BaseException) -> bool:
    """An error from a reader (pyo3's PanicException included), not Ctrl+C or an exit."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        return False
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _stream_rows(data: bytes, sheet: str, limit: int | None) -> Iterator[tuple[object, ...]]:
    """A sheet's rows read by openpyxl's read-only reader, which streams them (and parses
    through defusedxml): for a sheet whose cells span millions, or one calamine cannot read."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():  # "marked as a date but ... outside the limits": #VALUE!
        warnings.simplefilter("ignore", UserWarning)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = list(_bounded(book[sheet].iter_rows(values_only=True), limit,
                                 PUBLISHED_TABLES))  # the caller bounds them by its limits
        finally:
            book.close()
    yield from (tuple(row) for row in rows)


# ---------------------------------------------------------------------------
# Checks before any reader sees the bytes
# ---------------------------------------------------------------------------

def _read_file(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise _too_large(size, limits)
        return path.read_bytes()
    except OSError as exc:
        raise _refused("unreadable", f"the file cannot be opened: {exc.strerror}.",
                            "Check the file is not open elsewhere and can be copied.") from None


def _too_large(size: int, limits: Limits) -> WorkbookError:
    return _refused("too-large", f"the file is {size / 2**20:.1f} MB, over the "
                         f"{limits.max_file_bytes // 2**20} MB a workbook may be.",
                         "Remove pictures and extra sheets, or send the workbook generated "
                         "for you with only your entries added.")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):  # an OLE container: encrypted xlsx, or a real .xls
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise _refused("password-protected", "the workbook is password-protected, "
                                "so it cannot be read.", "Remove the password (File > Info > "
                                "Protect Workbook > Encrypt with Password, clear it), save "
                                "and send it again.")
        raise _refused("old-format", "the file is an old Excel 97-2003 workbook (or a "
                            "password-protected one), not an .xlsx.", "Remove any password; "
                            "then open it in Excel and use File > Save As > Excel Workbook "
                            "(.xlsx), and send that.")
    if not data.startswith(_ZIP_MAGIC):
        raise _refused("not-a-workbook", f"the file is not an Excel workbook"
                            f"{_looks_like(data)}, although its name ends in .xlsx.", SAVE_AS)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _refused("corrupt", f"the workbook is damaged ({reason(exc)}).",
                            _RESEND) from None
    return archive


def _checked_parts(archive: zipfile.ZipFile, data: bytes) -> dict[str, bytes]:
    """Every XML part unpacked, refused if the sizes are implausible or a part declares a
    document type (entity expansion, which Excel never writes)."""
    infos = archive.infolist()
    unpacked = sum(i.file_size for i in infos)
    if (len(infos) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES
            or (unpacked > RATIO_FLOOR_BYTES and unpacked > MAX_RATIO * max(len(data), 1))):
        raise _refused("zip-bomb", f"the workbook would unpack to an implausible "
                            f"{unpacked / 2**20:,.0f} MB in {len(infos)} parts, so it was not "
                            "opened.", "Send the workbook generated for you with only your "
                            "entries added.")
    names = {i.filename for i in infos}
    if not any(n.endswith("workbook.xml") for n in names):
        kind = " (it looks like a Word document)" if "word/document.xml" in names else ""
        raise _refused("not-a-workbook", f"the file is not an Excel workbook{kind}.",
                            "Send the workbook itself (.xlsx).")
    parts: dict[str, bytes] = {}
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            xml = _unpacked(data, info)
            # Looked for in the whole part (markup cannot hide in text, which escapes "<"),
            # so openpyxl, even were it to parse without defusedxml, meets no entities.
            if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
                raise _refused("hostile-xml", f"the part {info.filename} declares a "
                                    "document type, which Excel never writes; the file may be "
                                    "crafted, so it was not opened.", _ORDINARY)
            parts[info.filename] = xml
    return parts


def _unpacked(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, unpacked no further than one byte past its stated size: a part
    that unpacks to more than it states (a bomb behind a small stated size, which
    calamine would unpack in full) or fails its checksum is refused as damaged."""
    local = info.header_offset  # the part's local header: 30 bytes, its name, its extra
    if data[local:local + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"the part {info.filename} has no header")
    start = (local + 30 + int.from_bytes(data[local + 26:local + 28], "little")
             + int.from_bytes(data[local + 28:local + 30], "little"))
    packed = data[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        unpacked = packed
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        unpacked = inflate.decompress(packed, info.file_size + 1)
        if inflate.unconsumed_tail or not inflate.eof:
            raise zipfile.BadZipFile(f"the part {info.filename} is not the size it states")
    else:
        raise zipfile.BadZipFile(f"the part {info.filename} is packed in an unusual way")
    if len(unpacked) != info.file_size:
        raise zipfile.BadZipFile(f"the part {info.filename} is not the size it states")
    if zlib.crc32(unpacked) != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    return unpacked


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
    cells: int  # at most this many cells in the rectangle the sheet's values span
    filled: bool  # whether any cell holds a value
    errors: dict[tuple[int, int], str]  # (row, col) 0-based -> cached error such as "#DIV/0!"
    last_row: int = 0  # the furthest row (1-based) holding a value
    # Formula cells with no value saved (a library wrote them; Excel never calculated them),
    # which every reader gives as blank: "E5".
    uncached: frozenset[str] = frozenset()


_CELL_TAG = re.compile(rb"<(?:\w+:)?c(?:\s([^>]*?))?(/?)>")
# A cell that holds something: not <c .../>, and its first child is an element, not </c>.
_FILLED_CELL = re.compile(rb"<(?:\w+:)?c(?:\s[^>]*?)?(?<!/)>(?!\s*</)")
# The place of a cell that holds something: r="B7" up to the end of a tag that is neither
# <c .../> nor <c ...></c>. (Only cells have r= with letters; rows have r="7".) Written to
# start from the literal ' r="', which the regex engine finds fast.
_FILLED_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,7})"[^>/]*>(?!\s*</)')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
_REF_ATTR = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ERROR_ATTR = re.compile(rb'\bt="e"')
# <c r="E5"><f>...</f></c>, with no <v> or an empty one: a formula never calculated.
_UNCACHED = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*>\s*'
                       rb'<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*'
                       rb'(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{0,40})<")


# A cell reference past column ZZ or row 999. A sheet without one (whose cells all carry
# references) spans at most 999 x 702 cells: small enough, whatever its cells hold.
_FAR_REF = re.compile(rb' r="(?:[A-Z]{3}|[A-Z]{1,2}[0-9]{4})')
_NEAR = 999 * 702


def _scan_sheet(xml: bytes) -> _SheetScan:
    """How far a sheet's values reach, and its cached error values (calamine drops them)."""
    if _every_cell_has_ref(xml) and not _FAR_REF.search(xml):  # the common case, kept fast
        last_row = _last_filled_row(xml)
        return _SheetScan(_NEAR, last_row > 0, _errors(xml), last_row, _uncached(xml))
    max_row, max_col = _reach(xml)
    return _SheetScan(max_row * max_col, max_row > 0, _errors(xml), max_row, _uncached(xml))


def _uncached(xml: bytes) -> frozenset[str]:
    """The cells holding a formula but no saved value."""
    if b"<f" not in xml and b":f" not in xml:  # most sheets hold no formulas
        return frozenset()
    return frozenset(f"{m[1].decode()}{m[2].decode()}" for m in _UNCACHED.finditer(xml))


def _last_filled_row(xml: bytes) -> int:
    """The furthest row holding a value, looked for from the end: rows are stored in order,
    and a sheet taking this path has at most 999 of them."""
    end = len(xml)
    while end > 0:
        start = max(xml.rfind(b"<row", 0, end), 0)
        found = _FILLED_REF.findall(xml, start, end)
        if found:
            return max(int(number) for _, number in found)
        end = start
    return 0


def _every_cell_has_ref(xml: bytes) -> bool:
    """No cell placed without r= (as some third-party writers do), and no prefixed tags."""
    return (xml.count(b"<c ") == xml.count(b'<c r="') and b"<c>" not in xml
            and b":c " not in xml and b":c>" not in xml)


def _reach(xml: bytes) -> tuple[int, int]:
    """The furthest row and column (1-based) that hold a value; (0, 0) for none."""
    # Whole-sheet regex passes: a per-cell Python loop costs more than the unzipping.
    refs = _FILLED_REF.findall(xml)
    letters, numbers = zip(*refs) if refs else ((), ())
    max_row = max(map(int, numbers), default=0)
    max_col = max((column_number(c.decode()) for c in set(letters)), default=0)
    positional = 0 if _every_cell_has_ref(xml) else len(_FILLED_CELL.findall(xml)) - len(refs)
    if positional:  # bound them by the furthest row and by their number
        rows = [int(m[1]) for m in _ROW_NUMBER.finditer(xml)]
        max_row = max([max_row, xml.count(b"<row"), *rows])
        max_col = max(max_col, min(positional, 16_384))
    return max_row, max_col


def _errors(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells holding a cached error value (t="e"), which calamine reads as blank."""
    errors: dict[tuple[int, int], str] = {}
    if b't="e"' not in xml:  # a literal search first: most sheets hold no error values
        return errors
    for match in _CELL_TAG.finditer(xml):
        if (match[2] or not match[1] or not _ERROR_ATTR.search(match[1])
                or xml[match.end():match.end() + 80].lstrip().startswith(b"</")):
            continue
        ref = _REF_ATTR.search(match[1])
        if ref:
            value = _VALUE.search(xml, match.end(), match.end() + 200)
            errors[(int(ref[2]) - 1, column_number(ref[1].decode()) - 1)] = (
                value[1].decode(errors="replace") if value else "#ERROR")
    return errors


@dataclass(frozen=True)
class _WorkbookInfo:
    date1904: bool
    parts: dict[str, str]  # sheet name -> part path in the zip


def _workbook_info(parts: dict[str, bytes]) -> _WorkbookInfo:
    """Sheet names to parts, and the date system, from workbook.xml and its relationships
    (parsed with defusedxml, which refuses entity tricks even past the DTD check)."""
    book = next((n for n in parts if n.endswith("workbook.xml")), "xl/workbook.xml")
    root = SafeElementTree.fromstring(parts[book])
    date1904 = any(el.get("date1904", "").lower() in ("1", "true")
                   for el in root.iter() if el.tag.endswith("workbookPr"))
    base = PurePosixPath(book).parent
    rels_name = str(base / "_rels" / (PurePosixPath(book).name + ".rels"))
    targets: dict[str, str] = {}
    if rels_name in parts:
        for rel in SafeElementTree.fromstring(parts[rels_name]).iter():
            target = rel.get("Target", "")
            if rel.get("Id") and target:
                path = target.lstrip("/") if target.startswith("/") else str(base / target)
                targets[rel.get("Id", "")] = _tidy_part(path)
    sheet_parts: dict[str, str] = {}
    for sheet in root.iter():
        if sheet.tag.endswith("}sheet") or sheet.tag == "sheet":
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
            if rid in targets:
                sheet_parts[sheet.get("name", "")] = targets[rid]
    return _WorkbookInfo(date1904, sheet_parts)


def _tidy_part(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)
