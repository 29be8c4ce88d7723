"""consolidated.xlsx and the small workbooks: what a reader sees, text kept as text, atomic."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from reporter.findings import Finding, Severity
from reporter.indicators.results import indicator_results
from reporter.pack.consolidated import SEVERITY_FILLS, write_consolidated
from reporter.periods import Quarter
from reporter.safe_text import MAX_TEXT, TRUNCATION_NOTE, clean_text
from reporter.snapshot import ActionPosition, IndicatorPosition, QuarterSnapshot
from reporter.status import Status
from reporter.xlsx import DATE_FORMAT, HEADER_FILL, write_table

Q3 = Quarter(2009, 3)
INJECTED_MARKUP = '<r><t>x</t></r></is><f>HYPERLINK("http://example.com","y")</f><is><r><t>z</t></r>'
HOSTILE = (
    '=HYPERLINK("http://example.com/x","click me")', "+1", "-2+3", "@SUM(A1:A2)",
    "\tTab first", "\rCarriage return first", "Bell\x07 vertical tab\x0b end",
    "<b>not markup</b> & \"quotes\" {{ not a tag }}", INJECTED_MARKUP, "  spaces kept  ",
    "two\nlines", "Progress. " * 1000,
)


def _snapshot(plan) -> QuarterSnapshot:
    actions = []
    for n, action in enumerate(plan.actions):
        text = HOSTILE[n] if n < len(HOSTILE) else f"Commentary {n}"
        status = (Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE, None)[n % 5]
        actions.append(ActionPosition(action.ref, action.directorate, status,
                                      returned_status=status, returned_status_text="Red",
                                      commentary=text, revised_date="31/03/2010",
                                      notable=n == 1, source_file="ops.xlsx"))
    indicators = tuple(IndicatorPosition(i.ref, i.directorate, comment=HOSTILE[0])
                       for i in plan.indicators)
    findings = (
        Finding(Severity.WARNING, "key-date-passed", "1.1a has passed.", "Mark it Red.",
                "Operations", "ops.xlsx", "Actions", "I8"),
        Finding(Severity.ERROR, "status-unknown", "the status '=1+1' is unknown.",
                "=Choose Red.", "Operations", "ops.xlsx", "Actions", "I9"),
        Finding(Severity.INFO, "directorate-inferred", "read as Finance's return.",
                "Nothing.", "Finance", "fin.xlsx"),
    )
    return QuarterSnapshot(quarter=Q3, actions=tuple(actions), indicators=indicators,
                           findings=findings)


@pytest.fixture(scope="module")
def written(tmp_path_factory, sample_plan, sample_settings):
    folder = tmp_path_factory.mktemp("consolidated")
    snapshot = _snapshot(sample_plan)
    results = indicator_results(sample_plan, snapshot, sample_settings)
    path = write_consolidated(sample_plan, sample_settings, snapshot, results,
                              folder / "out" / "consolidated.xlsx")
    return path, snapshot


def test_sheets_headers_and_layout(written, sample_plan):
    path, _ = written
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Actions", "Indicators", "Findings"]
    actions = book["Actions"]
    titles = [c.value for c in actions[1]]
    assert titles[:4] == ["Theme", "Outcome", "Ref", "Key action"] and len(titles) == 18
    assert actions.freeze_panes == "A2" and actions.print_title_rows == "$1:$1"
    assert actions.auto_filter.ref == f"A1:R{len(sample_plan.actions) + 1}"
    assert actions.column_dimensions["D"].width == 40
    assert actions.column_dimensions["L"].width == 50
    assert actions.page_setup.orientation == "landscape"
    assert actions.sheet_properties.pageSetUpPr.fitToPage
    header = actions["A1"]
    assert header.fill.fgColor.rgb.endswith(HEADER_FILL) and header.font.b
    assert [r[2] for r in actions.iter_rows(min_row=2, values_only=True)] == [
        a.ref for a in sample_plan.actions]
    findings = book["Findings"]
    assert [c.value for c in findings["A"][1:]] == ["error", "warning", "info"]
    for cell in findings["A"][1:]:
        assert cell.fill.fgColor.rgb.endswith(SEVERITY_FILLS[Severity(cell.value)])
    assert book.properties.title.endswith(Q3.label)


def test_status_cells_are_coloured_and_dates_are_dates(written, sample_plan, sample_settings):
    path, snapshot = written
    sheet = openpyxl.load_workbook(path)["Actions"]
    titles = [c.value for c in sheet[1]]
    status = titles.index("Status reported") + 1
    for row, position in enumerate(snapshot.actions[:10], start=2):
        cell = sheet.cell(row=row, column=status)
        if position.status is None:
            assert cell.value == "Not reported" and cell.fill.patternType is None
        else:
            assert cell.value == f"{position.status.letter} {position.status.value}"
            assert cell.fill.fgColor.rgb.endswith(sample_settings.colours[position.status])
            assert cell.font.b
    due = sheet.cell(row=2, column=titles.index("Due") + 1)
    assert isinstance(due.value, datetime) and due.number_format == DATE_FORMAT
    assert due.value.date() == sample_plan.actions[0].due_for(Q3.start)
    summary = {r[0]: r[1] for r in openpyxl.load_workbook(path)["Summary"].iter_rows(
        values_only=True)}
    assert summary["Total"] == len(snapshot.actions)


def test_text_from_returns_stays_text(written):
    path, snapshot = written
    with zipfile.ZipFile(path) as archive:
        xml = {n: archive.read(n).decode("utf-8") for n in archive.namelist()}
    assert not any(re.search(r"<f[ >]", part) for part in xml.values()), "a formula was written"
    sheet = openpyxl.load_workbook(path)["Actions"]
    titles = [c.value for c in sheet[1]]
    column = titles.index("Progress commentary") + 1
    for row, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=column)
        assert cell.value == clean_text(text) and cell.data_type == "s"
        assert cell.quotePrefix == cell.value.startswith(("=", "+", "-", "@", "\t"))
    assert "\x07" not in sheet.cell(row=8, column=column).value
    long = sheet.cell(row=len(HOSTILE) + 1, column=column).value
    assert len(long) <= MAX_TEXT + len(TRUNCATION_NOTE) and long.endswith(TRUNCATION_NOTE)
    # python-calamine (what backfill reads with) sees the same text
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Actions").to_python()
    assert [r[column - 1] for r in rows[1:len(HOSTILE) + 1]] == [
        clean_text(t) for t in HOSTILE]


def test_a_failed_write_leaves_the_earlier_file(written, sample_plan, sample_settings,
                                                tmp_path):
    path, snapshot = written
    target = tmp_path / "consolidated.xlsx"
    shutil.copy(path, target)
    before = target.read_bytes()
    broken = QuarterSnapshot(quarter=Q3, actions=snapshot.actions, findings=(object(),))
    with pytest.raises(AttributeError):
        write_consolidated(sample_plan, sample_settings, broken, (), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["consolidated.xlsx"]


def test_write_table_writes_plain_rows(tmp_path):
    rows = [["Board", date(2010, 1, 28), 3, None, "=1+1"], ["Cabinet", date(2010, 2, 4), 4.5,
                                                            "note", "fine"]]
    path = write_table("Timetable 2009-10 with a long title", ["Event", "Date", "N", "Note",
                                                                "Text"], rows,
                       tmp_path / "t.xlsx", widths=[20, 14, 6, 10, 10])
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Timetable 2009-10 with a long t"
    assert [c.value for c in sheet[1]] == ["Event", "Date", "N", "Note", "Text"]
    assert sheet["B2"].value == datetime(2010, 1, 28) and sheet["B2"].number_format == DATE_FORMAT
    assert sheet["C2"].value == 3 and sheet["C3"].value == 4.5 and sheet["D2"].value is None
    assert sheet["E2"].value == "=1+1" and sheet["E2"].data_type == "s"
    assert sheet.auto_filter.ref == "A1:E3" and sheet.column_dimensions["B"].width == 14
    with pytest.raises(ValueError, match="cannot be a sheet name"):
        write_table("Timetable 2009/10", ["Event"], [], tmp_path / "u.xlsx")
    assert not (tmp_path / "u.xlsx").exists() and len(list(tmp_path.iterdir())) == 1


def test_libreoffice_reads_the_workbook(written, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here")
    path, snapshot = written
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,"
                    "false,false,false,2", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    actions = (tmp_path / "consolidated-Actions.csv").read_text(encoding="utf-8")
    assert snapshot.actions[0].ref in actions
    assert '=HYPERLINK(""http://example.com/x"",""click me"")' in actions
    assert "x</t></r></is><f>HYPERLINK" in actions  # the markup is shown as typed


def test_early_dates_and_numpy_numbers_read_back_as_written(tmp_path):
    import numpy

    rows = [[date(1900, 1, 1), date(1900, 2, 28), date(1900, 3, 1), date(1899, 12, 1),
             numpy.float64(1.5), numpy.int64(7), float("nan")]]
    path = write_table("Dates", ["a", "b", "c", "d", "e", "f", "g"], rows, tmp_path / "d.xlsx")
    sheet = openpyxl.load_workbook(path)["Dates"]
    values = [c.value for c in sheet[2]]
    assert [v.date() for v in values[:3]] == [date(1900, 1, 1), date(1900, 2, 28),
                                              date(1900, 3, 1)]
    assert values[3:] == ["01/12/1899", 1.5, 7, None]
