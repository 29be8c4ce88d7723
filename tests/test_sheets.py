"""sheets: one safe way to open a workbook and read a sheet's rows."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import xml.etree.ElementTree
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter import sheets
from reporter.sheets import BLANK_RUN_LIMIT, WorkbookError, open_workbook

ROBUSTNESS = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "robustness"
IN_CI = os.environ.get("CI") == "true"

# Each of the other reader's awkward files reads, or gives its own clear code.
ROBUSTNESS_EXPECTED: dict[str, str | dict[str, int]] = {  # file -> code, or sheet -> rows
    "calamine_any_sheets.xlsx": {"Visible": 5, "Hidden": 0, "VeryHidden": 0, "Chart": 0},
    "calamine_date_1904.xlsx": {"Sheet1": 3},
    "calamine_empty_s_attribute.xlsx": {"Sheet1": 5},
    "calamine_errors.xlsx": {"Feuil1": 7, "Feuil2": 0, "Feuil3": 0},
    "calamine_header-row.xlsx": {"Sheet1": 10},
    "calamine_issue252.xlsx": "corrupt",  # bad CRC
    "calamine_issue_174.xlsx": {"Sheet1": 2},  # claims A1:XFD1048576
    "calamine_issue_261.xlsx": {"Some Sheet": 66},  # merged cells, cells without r=
    "calamine_issue_419.xlsx": {"Sheet1": 1},  # shared strings named in another case
    "calamine_pass_protected.xlsx": "password-protected",
    "calamine_vba.xlsm": {"Sheet1": 0, "Sheet2": 0, "Sheet3": 0},
}


def _robustness_files() -> list[str]:
    return sorted(p.name for p in ROBUSTNESS.iterdir()) if ROBUSTNESS.is_dir() else ["(none)"]


def _save(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rows(data: bytes, sheet: str = "Sheet") -> list[list[object]]:
    with open_workbook(data, "book.xlsx") as book:
        return list(book.rows(sheet))


def _code(source: bytes, name: str = "book.xlsx") -> str:
    with pytest.raises(WorkbookError) as caught:
        open_workbook(source, name)
    assert caught.value.message and caught.value.fix
    return caught.value.code


@pytest.mark.parametrize("name", _robustness_files())
def test_real_awkward_workbooks_read_or_give_their_own_code(name):
    if name == "(none)":
        if IN_CI:
            pytest.fail(f"{ROBUSTNESS} is missing in CI")
        pytest.skip(f"{ROBUSTNESS} is not here")
    expected = ROBUSTNESS_EXPECTED[name]
    if isinstance(expected, str):
        assert _code((ROBUSTNESS / name).read_bytes(), name) == expected
        return
    with open_workbook(ROBUSTNESS / name, name) as book:
        assert {sheet: len(list(book.rows(sheet))) for sheet in book.sheet_names} == expected
    assert set(ROBUSTNESS_EXPECTED) == set(_robustness_files())


def test_values_come_as_plain_python_types():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["text", 12, 2.5, True, datetime(2010, 3, 31), datetime(2010, 3, 31, 9, 30)])
    ws.append([None, "", "  ", None, None, None])
    ws.append(["after a blank row"])
    ws.append([])
    rows = _rows(_save(wb))
    assert rows[0] == ["text", 12.0, 2.5, True, date(2010, 3, 31), datetime(2010, 3, 31, 9, 30)]
    assert isinstance(rows[0][1], float)
    assert rows[1] == [None, None, "  ", None, None, None]  # text is tidied by its reader
    assert rows[2][0] == "after a blank row" and len(rows) == 3


def test_the_1904_date_system_is_told():
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.active["A1"] = 1
    with open_workbook(_save(wb), "mac.xlsx") as book:
        assert book.date1904


def test_a_limit_and_a_long_blank_run_stop_the_rows():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = "first", "second"
    ws.cell(row=3 + BLANK_RUN_LIMIT, column=1, value="beyond the blank run")
    with open_workbook(_save(wb), "book.xlsx") as book:
        assert list(book.rows("Sheet", limit=1)) == [["first"]]
        rows = list(book.rows("Sheet"))
        below = book.below_gap("Sheet")  # not read, but named for the caller to report
    assert rows == [["first"], ["second"]]
    assert below == (3 + BLANK_RUN_LIMIT, 1)


@pytest.mark.parametrize("corner", ["Z1000000", "XFD1048576"])
def test_a_stray_value_far_down_is_streamed_not_loaded_as_a_rectangle(corner, monkeypatch):
    """calamine would allocate the rectangle the values span (billions of cells for
    XFD1048576); the sheet is streamed instead, and reading stops after the blank run."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Status"])
    ws.append(["1.1a", "Green"])
    ws[corner] = "stray"
    streamed: list[str] = []
    original = sheets._stream_rows
    monkeypatch.setattr(sheets, "_stream_rows", lambda data, sheet, limit: streamed.append(
        sheet) or original(data, sheet, limit))
    rows = _rows(_save(wb))
    assert streamed == ["Sheet"]
    assert [row[:2] for row in rows] == [["Ref", "Status"], ["1.1a", "Green"]]


def test_streaming_leaves_the_standard_library_alone():
    """No process-wide defusing: openpyxl uses defusedxml itself, and we check first."""
    parser, iterparse = xml.etree.ElementTree.XMLParser, xml.etree.ElementTree.iterparse
    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["Z1000000"] = "x", "y"
    _rows(_save(wb))
    assert xml.etree.ElementTree.XMLParser is parser
    assert xml.etree.ElementTree.iterparse is iterparse


def test_cached_error_values_read_as_their_text():
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    data = _save(wb)
    data = _rewrite(data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<c r="A1" t="n"><v>1</v></c>', b'<c r="A1" t="e"><v>#DIV/0!</v></c>'))
    assert _rows(data) == [["#DIV/0!"]]


def _rewrite(data: bytes, part: str, change) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(buffer, "w") as new:
        assert part in old.namelist()
        for name in old.namelist():
            new.writestr(name, change(old.read(name)) if name == part else old.read(name))
    return buffer.getvalue()


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_files_that_are_not_workbooks_get_their_own_code(tmp_path):
    assert _code(b"anything", "return.xls") == "old-format"
    assert _code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500) == "old-format"
    assert _code(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le")
                 ) == "password-protected"
    assert _code(b"%PDF-1.4 ...") == "not-a-workbook"
    assert _code(_zip({"word/document.xml": b"<w/>"})) == "not-a-workbook"
    assert _code(b"PK\x03\x04 not really a zip") == "corrupt"
    big = tmp_path / "big.xlsx"
    with big.open("wb") as out:
        out.truncate(sheets.MAX_FILE_BYTES + 1)
    with pytest.raises(WorkbookError) as caught:
        open_workbook(big, big.name)
    assert caught.value.code == "too-large"
    with pytest.raises(WorkbookError) as caught:
        open_workbook(tmp_path / "missing.xlsx", "missing.xlsx")
    assert caught.value.code == "unreadable"


def test_a_zip_bomb_is_refused():
    bomb = _zip({"xl/workbook.xml": b"<workbook/>",
                 "xl/worksheets/sheet1.xml": b"\0" * (30 * 2**20)})
    assert _code(bomb) == "zip-bomb"


def test_a_part_larger_than_it_says_is_refused():
    """A small stated size over a large part (calamine would unpack it all)."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x" * 5000
    data = bytearray(_save(wb))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        names = [info.filename for info in archive.infolist()]
    directory = data.find(b"PK\x01\x02")
    for _ in names:  # each central directory entry: its stated unpacked size at +24
        name_length = int.from_bytes(data[directory + 28:directory + 30], "little")
        name = bytes(data[directory + 46:directory + 46 + name_length])
        if name.endswith(b"sheet1.xml"):
            data[directory + 24:directory + 28] = (10).to_bytes(4, "little")
        directory = data.find(b"PK\x01\x02", directory + 46)
    assert _code(bytes(data)) == "corrupt"


def test_a_document_type_declaration_is_refused():
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
    data = _rewrite(_save(wb), "xl/worksheets/sheet1.xml",
                    lambda xml: laughs + xml.split(b"?>", 1)[-1])
    assert _code(data) == "hostile-xml"


CELL = st.one_of(st.none(), st.text(alphabet="ab 1.", max_size=5), st.floats(-1e300, 1e300),
                st.integers(-10**9, 10**9), st.booleans(),
                st.dates(date(1900, 3, 1), date(2100, 1, 1)))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=8))
def test_rows_give_what_was_written_in_plain_types(table):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in table:
        ws.append(row)
    rows = _rows(_save(wb)) if any(v not in (None, "") for row in table for v in row) else []
    for written, read in zip(table, rows):
        for value, got in zip(written, read):
            if value in (None, ""):
                assert got is None
            elif isinstance(value, bool):
                assert got is value
            elif isinstance(value, (int, float)):
                assert isinstance(got, float) and got == pytest.approx(float(value))
            elif isinstance(value, date):
                assert got == value
            else:
                assert got == value


@pytest.mark.parametrize("cells, reach, errors", [
    # styled empty cells reach nowhere; filled ones do
    (b'<c r="A1" t="s"><v>0</v></c><c r="C9" s="2"/><c r="D4" s="1"></c>', (1, 1), {}),
    (b'<c r="B2"><v>1</v></c><c s="1" r="AA7" t="n"><v>2</v></c>', (7, 27), {}),
    # cached errors, and a prefixed namespace
    (b'<x:c r="C3" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="D3" t="e"></x:c>', (3, 3),
     {(2, 2): "#DIV/0!"}),
    # cells without r= (some writers) are bounded by the row count and their number
    (b'<row r="5"><c><v>1</v></c><c><v>2</v></c><c/></row>', (5, 2), {}),
    (b'<c r="A1" t="inlineStr"><is><t>x</t></is></c><c t="n"><v>3</v></c>', (1, 1), {}),
])
def test_the_sheet_scan_finds_the_reach_of_filled_cells_and_their_errors(cells, reach, errors):
    xml = b'<worksheet><sheetData>' + cells + b'</sheetData></worksheet>'
    assert sheets._reach(xml) == reach
    scan = sheets._scan_sheet(xml)
    assert scan.errors == errors
    assert scan.filled and scan.cells >= reach[0] * reach[1]


@pytest.mark.parametrize("cells, sprawls", [
    (b'<c r="A1"><v>1</v></c><c r="ZZ999"><v>2</v></c>', False),  # within the quick bound
    (b'<c r="A1"><v>1</v></c><c r="A1000"><v>2</v></c>', False),  # past it: counted, small
    (b'<c r="A1"><v>1</v></c><c r="XFD1048576"><v>2</v></c>', True),
    (b'<c r="A1"><v>1</v></c><c r="XFD1048576" s="3"/>', False),  # formatted, empty
    (b'<row r="2000000"><c><v>1</v></c></row>', True),  # a positional cell far down
])
def test_a_sheet_sprawls_only_when_its_values_span_too_many_cells(cells, sprawls):
    xml = b'<worksheet><sheetData>' + cells + b'</sheetData></worksheet>'
    assert (sheets._scan_sheet(xml).cells > sheets.MAX_SHEET_CELLS) is sprawls


# --- other people's tables ------------------------------------------------------------------

def test_a_published_table_is_read_as_its_publisher_left_it(tmp_path):
    """.ods (the government's open standard) and .xls tables are read for import-indicators
    and benchmark; a return in those formats is still sent back to be saved as .xlsx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui")
    book = openpyxl.Workbook()
    book.active.title = "Figures"
    for row in (["Area", "PI", "2014/15"], ["Hart", "ETS01", 96.5], ["Rushmoor", "ETS01", 91]):
        book.active.append(row)
    book.save(tmp_path / "peers.xlsx")
    for kind in ("ods", "xls"):
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                        "--headless", "--convert-to", kind, "--outdir", str(tmp_path),
                        str(tmp_path / "peers.xlsx")], check=True, capture_output=True,
                       timeout=180)
        path = tmp_path / f"peers.{kind}"
        with open_workbook(path, path.name, sheets.PUBLISHED_TABLES) as workbook:
            assert workbook.sheet_names == ("Figures",)
            assert list(workbook.rows("Figures")) == [
                ["Area", "PI", "2014/15"], ["Hart", "ETS01", 96.5], ["Rushmoor", "ETS01", 91.0]]
        with pytest.raises(WorkbookError) as refused:
            open_workbook(path, path.name)
        assert refused.value.code == "old-format" and "Save As" in refused.value.fix


def test_a_published_table_may_be_larger_than_a_return():
    assert sheets.PUBLISHED_TABLES.max_file_bytes > sheets.RETURNS.max_file_bytes
    assert sheets.PUBLISHED_TABLES.max_rows > sheets.RETURNS.max_rows
