"""ingest: reading returns as people send them, and never crashing on what they send."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from fill import HOSTILE_TEXTS, AsText, fill_return, messy_actions, messy_kpis
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_validate import QUARTER, WHO, blank_returns, check_folder, clean_values, fill_clean  # noqa: F401 - blank_returns is a fixture

from reporter import sheets
from reporter.findings import Finding, Severity
from reporter.returns import ingest
from reporter.returns import layout as L
from reporter.returns.ingest import ReturnData, ReturnsFolderError, read_return, read_returns
from reporter.status import Status

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
ROBUSTNESS = REALDATA / "robustness"
IN_CI = os.environ.get("CI") == "true"


def _one(folder: Path, plan, settings) -> ReturnData:
    result = read_returns(folder, plan, settings, QUARTER)
    assert len(result.returns) == 1, result.findings
    return result.returns[0]


def _finding(path: Path, plan) -> Finding:
    outcome = read_return(path, plan)
    assert isinstance(outcome, Finding), outcome
    return outcome


def _rows(data: ReturnData) -> dict[str, dict[str, object]]:
    return {row.ref: {t: v for t, (v, _) in row.cells.items()} for row in data.actions if row.ref}


# --- our own returns ---------------------------------------------------------------------

def test_generated_returns_read_back(sample_plan, sample_settings, blank_returns):
    folder = next(iter(blank_returns.values())).parent
    result = read_returns(folder, sample_plan, sample_settings, QUARTER)
    assert result.findings == () and len(result.returns) == len(blank_returns)
    for data in result.returns:
        assert data.quarter == QUARTER and not data.directorate_inferred
        assert data.metadata[L.META_DIRECTORATE] == data.directorate
        assert [r.ref for r in data.actions if r.ref] == [
            a.ref for a in sample_plan.actions_of(data.directorate)]
        assert [r.ref for r in data.indicators] == [
            i.ref for i in sample_plan.indicators_of(data.directorate)]
        assert len(data.sha256) == 64 and data.findings == ()


def test_messy_entries_are_normalised_at_the_edge(sample_plan, sample_settings, blank_returns,
                                                  tmp_path):
    refs = [a.ref for a in sample_plan.actions_of(WHO)]
    pis = [i.ref for i in sample_plan.indicators_of(WHO)]
    fill_return(blank_returns[WHO], tmp_path / "ops.xlsx", actions=messy_actions(refs),
                kpis=messy_kpis(pis, QUARTER.month_labels), blank_row_after=refs[2])
    data = _one(tmp_path, sample_plan, sample_settings)
    rows = _rows(data)
    first = rows[refs[0]]
    assert first[L.STATUS] == "green" and rows[refs[1]][L.STATUS] == "RED"
    assert first[L.PROGRESS] == ("Survey commissioned from ABC Surveys.\nBriefing held in "
                                 "November.\nReport due in February.")
    assert first[L.REVISED_DATE] == "31/03/2010"  # text; validate parses it
    kpi = next(r for r in data.indicators if r.ref == pis[0])
    months = QUARTER.month_labels
    assert kpi.value(months[0]) == 97.5 and kpi.value(months[1]) == 12.0
    assert kpi.cell(months[0])[0].isalpha() and kpi.cell(months[0])[1:] == str(kpi.row)


def test_a_workbook_made_from_scratch_with_other_order_and_extra_columns_reads(
        sample_plan, sample_settings, tmp_path):
    """Another writer, titles in other cases and order, extra columns, blank and hidden rows,
    merged cells, the header below a title block, numbers as text, dates as serials."""
    actions = sample_plan.actions_of(WHO)[:3]
    pi = sample_plan.indicators_of(WHO)[0]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ACTIONS "
    ws["A1"] = "Operations return (our own copy)"
    ws.merge_cells("A1:F1")
    titles = ["Notes", " status", "REF", "Progress  commentary:", "Remedial action", "Evidence",
              "Revised Date", "Notable achievement", "Key action", "Key date", "Lead director",
              "Success criteria", "Owner"]
    ws.append([])
    ws.append(titles)
    for n, action in enumerate(actions):
        ws.append(["", "Red" if n == 0 else "Green", f" {action.ref.upper()} ",
                   "Behind.\r\nSee notes." if n == 0 else "Fine.", "Re-let." if n == 0 else None,
                   None, 40359 if n == 0 else None, "N", action.text, action.key_date.text,
                   "Director of Operations", action.success_criteria, "Team A"])
        ws.append([None] * len(titles))  # a blank row after each
    ws.row_dimensions[6].hidden = True
    ws.merge_cells("M4:M5")
    kpis = wb.create_sheet("kpis")
    kpis.append(["PI Ref", "Description", "Comment", "October 2009", "Nov-09",
                 datetime(2009, 12, 1), "Target"])
    kpis.append([pi.ref, pi.description, "ok", "97.5%", " 1,234 ", 88, "90"])
    wb.save(tmp_path / "from_scratch.xlsx")

    data = _one(tmp_path, sample_plan, sample_settings)
    assert data.directorate == WHO and data.directorate_inferred
    assert data.quarter == QUARTER  # from the KPI month columns
    rows = _rows(data)
    assert list(rows) == [a.ref for a in actions]
    first = rows[actions[0].ref]
    assert first[L.STATUS] == "Red" and first[L.PROGRESS] == "Behind.\nSee notes."
    assert first[L.REVISED_DATE] == date(2010, 6, 30)  # serial 40359 in a date column
    assert first["Owner"] == "Team A"  # extra columns are kept under their own titles
    row = data.indicators[0]
    assert [row.value(m) for m in QUARTER.month_labels] == [97.5, 1234.0, 88.0]
    assert row.value(L.TARGET) == 90.0
    assert {f.rule for f in data.findings} == {"directorate-inferred"}
    snapshot = check_folder(sample_plan, sample_settings, tmp_path)
    assert snapshot.action(actions[0].ref).status is Status.RED


def test_1904_date_system(sample_plan, sample_settings, tmp_path):
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = L.ACTIONS_SHEET
    action = sample_plan.actions_of(WHO)[0]
    ws.append([L.REF, L.STATUS, L.REVISED_DATE, L.PROGRESS])
    ws.append([action.ref, "Red", date(2010, 6, 30), "Late."])
    ws["C2"].number_format = "DD/MM/YYYY"
    wb.save(tmp_path / "mac.xlsx")
    assert _rows(_one(tmp_path, sample_plan, sample_settings))[action.ref][
        L.REVISED_DATE] == date(2010, 6, 30)


def test_cached_error_values_are_read_as_such(sample_plan, sample_settings, blank_returns,
                                              tmp_path):
    pi = sample_plan.indicators_of(WHO)[0].ref
    filled = fill_clean(sample_plan, blank_returns[WHO], tmp_path / "filled.xlsx",
                        changes={"kpis": {pi: {QUARTER.month_labels[1]: 4242.0}}})
    folder = tmp_path / "returns"
    folder.mkdir()
    _rewrite(filled, folder / "ops.xlsx", "xl/worksheets/sheet3.xml",
             lambda xml: re.sub(rb'( t="n")?><v>4242</v>', b' t="e"><v>#DIV/0!</v>', xml))
    snapshot = check_folder(sample_plan, sample_settings, folder)
    finding = next(f for f in snapshot.findings if f.rule == "kpi-not-number")
    assert "error value #DIV/0!" in finding.message


def _rewrite(source: Path, target: Path, part: str, change) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        names = old.namelist()
        assert part in names, names
        for name in names:
            data = old.read(name)
            new.writestr(name, change(data) if name == part else data)


def test_a_hidden_actions_sheet_and_an_xlsm_name_still_read(sample_plan, sample_settings,
                                                            blank_returns, tmp_path):
    filled = fill_clean(sample_plan, blank_returns[WHO], tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(filled)
    wb[L.ACTIONS_SHEET].sheet_state = "hidden"
    wb[L.ACTIONS_SHEET].merge_cells("P6:R9")
    folder = tmp_path / "returns"
    folder.mkdir()
    wb.save(folder / "ops.xlsm")
    data = _one(folder, sample_plan, sample_settings)
    assert len(_rows(data)) == len(sample_plan.actions_of(WHO)) and data.findings == ()


def test_a_stray_value_a_million_rows_down_is_streamed(sample_plan, sample_settings,
                                                       blank_returns, tmp_path, monkeypatch):
    """calamine would allocate the whole rectangle (hundreds of MB); openpyxl streams it."""
    filled = fill_clean(sample_plan, blank_returns[WHO], tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(filled)
    wb[L.ACTIONS_SHEET]["Z1000000"] = "stray"
    wb[L.KPIS_SHEET].cell(row=1_048_576, column=16_384).fill = openpyxl.styles.PatternFill(
        "solid", start_color="FF0000")  # a formatted empty cell at the grid's end
    folder = tmp_path / "returns"
    folder.mkdir()
    wb.save(folder / "ops.xlsx")
    streamed: list[str] = []
    original = sheets._stream_rows
    monkeypatch.setattr(sheets, "_stream_rows",
                        lambda data, sheet, limit: streamed.append(sheet) or original(
                            data, sheet, limit))
    started = time.perf_counter()
    data = _one(folder, sample_plan, sample_settings)
    assert time.perf_counter() - started < 20
    assert set(streamed) == {L.ACTIONS_SHEET}
    clean = clean_values(sample_plan, WHO)["actions"]
    assert {ref: row[L.STATUS] for ref, row in _rows(data).items()} == {
        ref: values[L.STATUS] for ref, values in clean.items()}


def test_metadata_gone_and_refs_of_nobody(sample_plan, sample_settings, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = L.ACTIONS_SHEET
    wb.active.append([L.REF, L.STATUS, L.PROGRESS])
    wb.active.append(["9.9z", "Green", "x"])
    wb.save(tmp_path / "nobody.xlsx")
    data = _one(tmp_path, sample_plan, sample_settings)
    assert data.directorate == ""
    unknown = next(f for f in data.findings if f.rule == "directorate-unknown")
    assert unknown.severity is Severity.ERROR
    snapshot = check_folder(sample_plan, sample_settings, tmp_path)
    assert "directorate-unknown" in {f.rule for f in snapshot.findings}
    assert not any(r.used for r in snapshot.returns)


def test_missing_columns_and_header_are_reported(sample_plan, sample_settings, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = L.ACTIONS_SHEET
    ws.append([L.REF, L.KEY_ACTION, L.PROGRESS])  # no Status, no Revised date, ...
    ws.append([sample_plan.actions_of(WHO)[0].ref, "x", "y"])
    wb.create_sheet(L.KPIS_SHEET).append(["nothing", "here"])
    wb.save(tmp_path / "cut.xlsx")
    data = _one(tmp_path, sample_plan, sample_settings)
    missing = {f.message.split("'")[1]: f.severity for f in data.findings
               if f.rule == "column-missing"}
    assert missing[L.STATUS] is Severity.ERROR and missing[L.SUCCESS_CRITERIA] is Severity.WARNING
    header = next(f for f in data.findings if f.rule == "header-missing")
    assert header.sheet == L.KPIS_SHEET and "PI ref" in header.message


def test_a_renamed_sheet_with_a_duplicated_column(sample_plan, sample_settings, tmp_path):
    action = sample_plan.actions_of(WHO)[0]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([L.REF, L.KEY_ACTION, L.STATUS, L.PROGRESS, L.REMEDIAL, L.STATUS])
    ws.append([action.ref, action.text, "Green", "Fine.", None, "Red"])
    wb.save(tmp_path / "renamed.xlsx")
    data = _one(tmp_path, sample_plan, sample_settings)
    rules = {f.rule: f for f in data.findings}
    assert rules["sheet-renamed"].severity is Severity.INFO
    assert "'Sheet1'" in rules["sheet-renamed"].message
    assert rules["column-duplicate"].cell == "F1"
    assert _rows(data)[action.ref][L.STATUS] == "Green"  # the first of the two


def test_a_return_without_its_actions_sheet(sample_plan, sample_settings, tmp_path):
    pi = sample_plan.indicators_of(WHO)[0]
    wb = openpyxl.Workbook()
    wb.active.title = L.KPIS_SHEET
    wb.active.append([L.PI_REF, L.DESCRIPTION, *QUARTER.month_labels, L.COMMENT])
    wb.active.append([pi.ref, pi.description, 50, 50, 50, "ok"])
    wb.save(tmp_path / "kpis_only.xlsx")
    snapshot = check_folder(sample_plan, sample_settings, tmp_path)
    missing = next(f for f in snapshot.findings if f.rule == "sheet-missing")
    assert missing.severity is Severity.ERROR and missing.directorate == WHO
    assert f"none of its {len(sample_plan.actions_of(WHO))} actions" in missing.message
    assert snapshot.indicator(pi.ref).months[0].value == 50.0


# --- what cannot be read -----------------------------------------------------------------

@pytest.mark.parametrize("name, content, rule, words", [
    ("return.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-format", "Save As"),
    ("return.csv", b"Ref,Status\n1.1a,Green\n", "old-format", "CSV"),
    ("return.ods", b"PK\x03\x04", "old-format", "OpenDocument"),
    ("notes.txt", b"hello", "not-a-workbook", "not an Excel workbook"),
    ("return.xlsx", b"%PDF-1.4 ...", "not-a-workbook", "PDF"),
    ("return.xlsx", b"<html><body>Sign in</body></html>", "not-a-workbook", "web page"),
    ("return.xlsx", b"", "not-a-workbook", "empty"),
    ("return.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old-format", "97-2003"),
    ("return.xlsx", b"PK\x03\x04" + b"\0" * 100, "corrupt", "damaged"),
])
def test_unreadable_files_get_a_specific_finding(name, content, rule, words, sample_plan,
                                                 tmp_path):
    (tmp_path / name).write_bytes(content)
    finding = _finding(tmp_path / name, sample_plan)
    assert (finding.rule, finding.file) == (rule, name)
    assert words in finding.message + finding.fix and finding.fix


def test_a_truncated_return_is_corrupt(sample_plan, blank_returns, tmp_path):
    data = blank_returns["Business Support"].read_bytes()
    cut = tmp_path / blank_returns["Business Support"].name  # 2009-10-Q3_Business_Support.xlsx
    cut.write_bytes(data[: len(data) // 2])
    finding = _finding(cut, sample_plan)
    assert finding.rule == "corrupt" and finding.severity is Severity.ERROR
    assert finding.directorate == "Business Support"  # routed by its name, to go back to it


def test_a_file_too_large(sample_plan, blank_returns, tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "RETURNS", sheets.Limits(max_file_bytes=1000))
    shutil.copy(blank_returns[WHO], tmp_path / "big.xlsx")
    finding = _finding(tmp_path / "big.xlsx", sample_plan)
    assert finding.rule == "too-large" and "MB" in finding.message


def test_a_zip_bomb_is_not_opened(sample_plan, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 2**20))  # ~30 KB packed
    (tmp_path / "bomb.xlsx").write_bytes(buffer.getvalue())
    finding = _finding(tmp_path / "bomb.xlsx", sample_plan)
    assert finding.rule == "zip-bomb" and "implausible" in finding.message


def test_hostile_xml_is_not_parsed(sample_plan, blank_returns, tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    _rewrite(blank_returns[WHO], tmp_path / "evil.xlsx", "xl/workbook.xml",
             lambda xml: laughs + xml.split(b"?>", 1)[-1])
    finding = _finding(tmp_path / "evil.xlsx", sample_plan)
    assert finding.rule == "hostile-xml" and "xl/workbook.xml" in finding.message


def test_lost_shared_strings_are_reported(sample_plan, tmp_path):
    source = ROBUSTNESS / "calamine_issue_419.xlsx"
    if not source.exists():
        pytest.skip(f"{source} is not here")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(tmp_path / "lost.xlsx", "w") as new:
        for name in old.namelist():
            if "sharedstrings" not in name.lower():
                new.writestr(name, old.read(name))
    finding = _finding(tmp_path / "lost.xlsx", sample_plan)
    assert finding.rule == "corrupt" and "shared strings" in finding.message


def test_lock_and_hidden_files_are_skipped(sample_plan, sample_settings, blank_returns, tmp_path):
    shutil.copy(blank_returns[WHO], tmp_path / "ops.xlsx")
    (tmp_path / "~$ops.xlsx").write_bytes(b"\x0cJane Smith")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (tmp_path / "sub").mkdir()
    result = read_returns(tmp_path, sample_plan, sample_settings, QUARTER)
    assert [r.file for r in result.returns] == ["ops.xlsx"] and result.findings == ()
    assert set(result.skipped) == {"~$ops.xlsx", ".DS_Store"}


def test_links_and_special_files_are_named_not_read(sample_plan, sample_settings,
                                                    blank_returns, tmp_path):
    """A pipe, a link to a device, a dangling link and a link to a return elsewhere are
    not read, and each is said, so no return is missed in silence (#17.9)."""
    folder, elsewhere = tmp_path / "returns", tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    shutil.copy(blank_returns[WHO], folder / "ops.xlsx")
    shutil.copy(blank_returns[WHO], elsewhere / "finance.xlsx")
    os.mkfifo(folder / "pipe.xlsx")
    (folder / "zero.xlsx").symlink_to("/dev/zero")
    (folder / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
    (folder / "finance.xlsx").symlink_to(elsewhere / "finance.xlsx")
    result = read_returns(folder, sample_plan, sample_settings, QUARTER)
    assert [r.file for r in result.returns] == ["ops.xlsx"]
    said = {f.file: f.message for f in result.findings}
    assert [f.rule for f in result.findings] == ["not-a-file"] * 4
    assert said["pipe.xlsx"] == "the entry is not a file, so it was not read."
    assert said["gone.xlsx"] == "the entry is a link, to nothing that exists, so it was not read."
    assert said["finance.xlsx"] == (f"the entry is a link to {elsewhere / 'finance.xlsx'}, "
                                    "so it was not read.")
    assert said["zero.xlsx"] == "the entry is a link to /dev/zero, so it was not read."
    assert all(f.severity is Severity.WARNING for f in result.findings)


def test_a_missing_folder_stops_with_a_message(sample_plan, sample_settings, tmp_path):
    with pytest.raises(ReturnsFolderError, match="--returns"):
        read_returns(tmp_path / "nowhere", sample_plan, sample_settings, QUARTER)


# --- real files from another reader's test suite -----------------------------------------

EXPECTED = {  # file -> the rule it gets (each is a workbook, but not one of our returns)
    "calamine_any_sheets.xlsx": "not-a-return",  # hidden, very hidden and chart sheets
    "calamine_date_1904.xlsx": "not-a-return",
    "calamine_empty_s_attribute.xlsx": "not-a-return",
    "calamine_errors.xlsx": "not-a-return",  # cached #DIV/0!, #N/A, ...
    "calamine_header-row.xlsx": "not-a-return",
    "calamine_issue252.xlsx": "corrupt",  # bad CRC
    "calamine_issue_174.xlsx": "not-a-return",  # claims the whole 1,048,576-row grid
    "calamine_issue_261.xlsx": "not-a-return",  # merged cells, cells without r attributes
    "calamine_issue_419.xlsx": "not-a-return",  # shared strings under another case: reads
    "calamine_pass_protected.xlsx": "password-protected",
    "calamine_vba.xlsm": "empty-workbook",  # a macro workbook with empty sheets
}


def _robustness_files() -> list[str]:
    if not ROBUSTNESS.is_dir():
        return ["(missing)"]
    return sorted(p.name for p in ROBUSTNESS.iterdir())


@pytest.mark.parametrize("name", _robustness_files())
def test_real_edge_case_workbooks(name, sample_plan, sample_settings, blank_returns, tmp_path):
    if name == "(missing)":
        if IN_CI:
            pytest.fail(f"{ROBUSTNESS} is missing in CI")
        pytest.skip(f"{ROBUSTNESS} is not here (it sits beside the repository)")
    shutil.copy(ROBUSTNESS / name, tmp_path / name)
    fill_clean(sample_plan, blank_returns[WHO], tmp_path / "ops.xlsx")
    started = time.perf_counter()
    result = read_returns(tmp_path, sample_plan, sample_settings, QUARTER)
    assert time.perf_counter() - started < 20  # a bound against hangs, not a speed test
    assert [r.file for r in result.returns] == ["ops.xlsx"]  # the batch goes on
    assert [(f.file, f.rule) for f in result.findings] == [(name, EXPECTED[name])]
    assert all(f.message and f.fix for f in result.findings)
    assert set(EXPECTED) == set(_robustness_files())


# --- other writers -----------------------------------------------------------------------

def test_a_return_saved_by_libreoffice_reads_the_same(sample_plan, sample_settings,
                                                      blank_returns, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if IN_CI:
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-calc-nogui")
    refs = [a.ref for a in sample_plan.actions_of(WHO)]
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    fill_return(blank_returns[WHO], ours / "ops.xlsx", actions=messy_actions(refs),
                kpis=messy_kpis([i.ref for i in sample_plan.indicators_of(WHO)],
                                QUARTER.month_labels))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(theirs),
                    str(ours / "ops.xlsx")], check=True, capture_output=True, timeout=180)
    assert (theirs / "ops.xlsx").read_bytes() != (ours / "ops.xlsx").read_bytes()
    mine = check_folder(sample_plan, sample_settings, ours)
    libre = check_folder(sample_plan, sample_settings, theirs)
    assert libre.actions == mine.actions and libre.indicators == mine.indicators
    assert [(f.rule, f.cell) for f in libre.findings] == [(f.rule, f.cell) for f in mine.findings]


# --- never crash, never write --------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
CELL_VALUES = st.one_of(
    st.none(), _TEXT, st.sampled_from(HOSTILE_TEXTS).map(AsText),
    st.sampled_from(["NaN", "nan", "inf", "-Infinity", "1e309", "#DIV/0!", "TRUE", "  ",
                     "97.5%", "1,234", "0x1F", "\u00a0", "\u200b", "31/02/2010"]),
    st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**15, 10**15),
    st.booleans(), st.dates(date(1900, 3, 1), date(2200, 1, 1)),
)
COLUMNS = (L.STATUS, L.PROGRESS, L.REMEDIAL, L.REVISED_DATE, L.EVIDENCE, L.NOTABLE, L.REF,
           L.KEY_DATE)


@hsettings(max_examples=40, deadline=None,
           suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(CELL_VALUES, min_size=len(COLUMNS) + 3, max_size=len(COLUMNS) + 3))
def test_any_cell_values_never_crash_reading_or_validation(values, sample_plan, sample_settings,
                                                           blank_returns, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hyp")
    ref = sample_plan.actions_of(WHO)[1].ref
    pi = sample_plan.indicators_of(WHO)[0].ref
    fill_return(blank_returns[WHO], folder / "ops.xlsx",
                actions={ref: dict(zip(COLUMNS, values))},
                kpis={pi: dict(zip(QUARTER.month_labels, values[len(COLUMNS):]))})
    snapshot = check_folder(sample_plan, sample_settings, folder)
    assert len(snapshot.actions) == len(sample_plan.actions)
    for finding in snapshot.findings:
        str(finding)


def test_inputs_are_byte_identical_after_a_run(sample_plan, sample_settings, blank_returns,
                                               tmp_path):
    from reporter.cli import main

    fill_clean(sample_plan, blank_returns[WHO], tmp_path / "ops.xlsx",
               changes={"actions": {sample_plan.actions_of(WHO)[0].ref: {L.STATUS: "Yellow"}}})
    shutil.copy(blank_returns["Finance"], tmp_path / "finance.xlsx")
    (tmp_path / "~$ops.xlsx").write_bytes(b"lock")
    (tmp_path / "notes.csv").write_text("x")
    for name in _robustness_files()[:3] if ROBUSTNESS.is_dir() else []:
        shutil.copy(ROBUSTNESS / name, tmp_path / name)

    def fingerprint() -> dict[str, tuple[str, int]]:
        return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
                for p in sorted(tmp_path.iterdir())}

    before = fingerprint()
    assert main(["check", QUARTER.code, "--returns", str(tmp_path),
                 "--out", str(tmp_path.parent / "out")]) == 1
    assert fingerprint() == before


def test_many_returns_read_in_processes_give_what_one_process_gives(
        sample_plan, sample_settings, blank_returns, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    filled = fill_clean(sample_plan, blank_returns[WHO], tmp_path / "filled.xlsx")
    for n in range(ingest.PARALLEL_FROM):
        shutil.copy(filled, folder / f"return {n:02d}.xlsx")
    (folder / "notes.txt").write_text("not a return")  # a finding, in its place
    (folder / "zz broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    alone = read_returns(folder, sample_plan, sample_settings, QUARTER, workers=1)
    shared = read_returns(folder, sample_plan, sample_settings, QUARTER, workers=2)
    assert shared == alone
    assert [r.file for r in shared.returns] == [f"return {n:02d}.xlsx"
                                                for n in range(ingest.PARALLEL_FROM)]
    assert [f.file for f in shared.findings] == ["notes.txt", "zz broken.xlsx"]


@pytest.mark.skipif(__import__("multiprocessing").get_start_method() != "fork",
                    reason="the test replaces the reader in forked processes")
def test_a_return_that_kills_its_reading_process_becomes_a_finding(
        sample_plan, sample_settings, blank_returns, tmp_path, monkeypatch):
    folder = tmp_path / "returns"
    folder.mkdir()
    filled = fill_clean(sample_plan, blank_returns[WHO], tmp_path / "filled.xlsx")
    for n in range(ingest.PARALLEL_FROM):
        shutil.copy(filled, folder / f"return {n:02d}.xlsx")
    shutil.copy(filled, folder / "killer.xlsx")
    original = ingest.read_return

    def dies_on_the_killer(path, plan):
        if path.name == "killer.xlsx":
            os._exit(1)  # as a reader killed for memory would
        return original(path, plan)

    monkeypatch.setattr(ingest, "read_return", dies_on_the_killer)
    result = read_returns(folder, sample_plan, sample_settings, QUARTER, workers=2)
    assert len(result.returns) == ingest.PARALLEL_FROM
    (finding,) = result.findings
    assert finding.file == "killer.xlsx" and finding.severity is Severity.ERROR
    assert "stopped the reader" in finding.message


# --- the parts of reading, on their own ------------------------------------------------------

@given(st.integers(1990, 2100), st.integers(1, 12), st.sampled_from(["", " (last year)"]),
       st.sampled_from(["{abbr} {year}", "{name} {year}", "{abbr}-{yy}", "{abbr}. {year}",
                        "{NAME}   {year}"]))
def test_a_month_column_title_reads_as_the_layout_writes_it(year, month, suffix, form):
    from reporter.cells import MONTH_NAMES, month_title
    from reporter.returns.columns import period_column

    name = MONTH_NAMES[month - 1]
    typed = form.format(abbr=name[:3], name=name, NAME=name.upper(), year=year,
                        yy=f"{year % 100:02d}") + suffix
    expected = month_title(year, month) + suffix
    if "{yy}" in form:
        expected = month_title(2000 + year % 100, month) + suffix  # two-digit years are 20xx
    assert period_column(typed) == expected
    assert period_column(date(year, month, 17)) == month_title(year, month)


@given(st.integers(1990, 2098), st.integers(1, 4),
       st.sampled_from(["Q{q} {y}/{yy}", "q{q} {y}-{yy}", "Quarter {q} of {y}/{yy}",
                        "{y}-{yy} Q{q}"]),
       st.sampled_from(["Year {y}/{yy}", "year {y}-{yy}", "{y}/{yy}", "{y}/{y1}"]))
def test_quarter_and_year_column_titles_read_as_the_layout_writes_them(year, q, quarter_form,
                                                                       year_form):
    from reporter.indicators.table_periods import Period
    from reporter.returns.columns import period_column, title_period

    words = {"q": q, "y": year, "yy": f"{(year + 1) % 100:02d}", "y1": year + 1}
    quarter, whole = Period("quarter", year, q), Period("year", year, 0)
    assert period_column(quarter_form.format(**words)) == L.period_title(quarter)
    assert period_column(year_form.format(**words)) == L.period_title(whole)
    assert L.period_title(whole) == f"Year {whole.label}"
    for period in (quarter, whole):
        assert title_period(L.period_title(period)) == period
    assert title_period(f"Oct {year} (last year)") is None  # reference columns hold no input
    assert period_column(f"Q{q} {year}/{words['yy']} (last year)") is None


@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.lists(CELL_VALUES, max_size=8), max_size=12), st.booleans())
def test_any_rows_under_a_header_read_into_rows_of_known_columns(body, date1904):
    from reporter.returns.tables import SheetPlace, read_table

    def as_sheets_gives(value):  # sheets gives text, floats, dates, booleans and None
        if isinstance(value, AsText):
            return value.value
        return float(value) if type(value) is int else value

    header = [L.REF, L.STATUS, L.KEY_DATE, L.PROGRESS, "Our own column"]
    rows = [[None], header] + [[as_sheets_gives(v) for v in row] for row in body]
    table = read_table(SheetPlace("ops.xlsx", L.ACTIONS_SHEET, "Actions", date1904),
                       iter(rows))
    assert table.columns == tuple(header)
    assert {f.rule for f in table.findings} == {"column-missing"}
    for row in table.rows:
        assert set(row.cells) == set(header) and 3 <= row.row <= len(rows)
        assert any(value is not None for value, _ in row.cells.values())
        assert row.cell(L.STATUS) == f"B{row.row}"
        assert all(not isinstance(v, str) or (v and v == v.strip())
                   for v, _ in row.cells.values())


def test_rows_below_a_long_blank_gap_are_named_with_the_fix(sample_plan, sample_settings,
                                                             blank_returns, tmp_path):
    filled = fill_clean(sample_plan, blank_returns[WHO], tmp_path / "filled.xlsx")
    wb = openpyxl.load_workbook(filled)
    ws = wb[L.ACTIONS_SHEET]
    last = ws.max_row
    ref = ws.cell(row=last, column=1).value
    moved = last + sheets.BLANK_RUN_LIMIT + 5  # typed far below the table
    for column in range(1, ws.max_column + 1):
        ws.cell(row=moved, column=column, value=ws.cell(row=last, column=column).value)
        ws.cell(row=last, column=column).value = None
    folder = tmp_path / "returns"
    folder.mkdir()
    wb.save(folder / "ops.xlsx")
    snapshot = check_folder(sample_plan, sample_settings, folder)
    gap = next(f for f in snapshot.findings if f.rule == "rows-below-gap")
    assert (gap.sheet, gap.cell) == (L.ACTIONS_SHEET, f"A{moved}")
    assert f"Delete the blank rows above row {moved}" in gap.fix
    assert any(f"{ref} is not in the return" in f.message for f in snapshot.findings)
