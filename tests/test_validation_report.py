"""validation_report and the check command: the console summary, the workbook, exit codes."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from test_validate import QUARTER, WHO, blank_returns, check_folder, fill_clean  # noqa: F401 - blank_returns is a fixture

from reporter.cli import EXIT_OK, EXIT_RETURN_ERRORS, EXIT_USAGE, main
from reporter.findings import Finding, Severity
from reporter.returns import layout as L
from reporter.returns.validation_report import (
    ALL_SHEET,
    SEND_BACK_FOLDER,
    SEND_BACK_SHEET,
    SEVERITY_FILLS,
    SUMMARY_SHEET,
    format_summary,
    write_returns_back,
    write_validation_report,
)
from reporter.snapshot import ActionPosition, QuarterSnapshot, ReturnFile


def _snapshot() -> QuarterSnapshot:
    long_name = "Housing Services: Repairs/Voids [North] & Estates"
    return QuarterSnapshot(
        quarter=QUARTER,
        actions=(ActionPosition("1.1a", WHO, None), ActionPosition("5.1a", "Finance", None),
                 ActionPosition("6.1a", long_name, None)),
        findings=(
            Finding(Severity.WARNING, "key-date-passed", "1.1a is Green but its key date "
                    "30/09/2009 has passed: it is reported as Red.", "Mark it Red.", WHO,
                    "ops.xlsx", "Actions", "I8"),
            Finding(Severity.ERROR, "status-unknown", "the status '=HYPERLINK(\"x\")' of 1.1a "
                    "is not a status word.", "Choose Red.", WHO, "ops.xlsx", "Actions", "I9"),
            Finding(Severity.INFO, "directorate-inferred", "read as Finance's return.",
                    "Nothing.", "Finance", "fin.xlsx"),
            Finding(Severity.ERROR, "password-protected", "the workbook is password-protected.",
                    "Remove the password.", "", "locked.xlsx"),
        ),
        returns=(ReturnFile("ops.xlsx", WHO, "0" * 64), ReturnFile("fin.xlsx", "Finance", "1" * 64)),
        missing_directorates=(long_name,),
    )


def test_console_summary_counts_then_errors_one_per_line():
    text = format_summary(_snapshot())
    lines = text.splitlines()
    assert lines[0] == ("Q3 2009/10: 2 return(s) used, 1 file(s) could not be used; 2 errors, "
                        "1 warning, 1 info.")
    row = next(line for line in lines if line.strip().startswith(WHO))
    assert row.split()[1:4] == ["1", "1", "0"] and row.endswith("ops.xlsx")
    assert any(line.strip().startswith("(not placed)") for line in lines)
    assert any("none" in line for line in lines if line.strip().startswith("Housing"))
    errors = lines[lines.index("Errors:") + 1:lines.index("Warnings:") - 1]
    assert errors == [
        "ERROR: locked.xlsx: the workbook is password-protected. Fix: Remove the password.",
        "ERROR: ops.xlsx, sheet 'Actions', cell I9: the status '=HYPERLINK(\"x\")' of 1.1a is "
        "not a status word. Fix: Choose Red.",
    ]


def test_report_workbook_reads_back(tmp_path):
    snapshot = _snapshot()
    path = write_validation_report(snapshot, tmp_path / "out" / "validation_report.xlsx")
    assert path.exists() and not list(path.parent.glob("*.tmp"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:2] == [SUMMARY_SHEET, ALL_SHEET]
    every = book[ALL_SHEET]
    header = [c.value for c in every[3]]
    assert header == ["Severity", "Directorate", "File", "Sheet", "Cell", "Rule", "Message", "Fix"]
    rows = [[c.value for c in row] for row in every.iter_rows(min_row=4)]
    assert len(rows) == len(snapshot.findings)
    assert [r[0] for r in rows] == ["Error", "Error", "Warning", "Info"]  # errors first
    assert every.auto_filter.ref == "A3:H7" and every.freeze_panes == "A4"
    for row in every.iter_rows(min_row=4):
        severity = Severity(row[0].value.lower())
        assert row[0].fill.start_color.rgb.endswith(SEVERITY_FILLS[severity])
    hostile = next(row for row in every.iter_rows(min_row=4) if row[5].value == "status-unknown")
    assert hostile[6].data_type == "s" and hostile[6].value.startswith("The status '=HYPERLINK")

    # one sheet per directorate, named safely, with only its own findings
    names = book.sheetnames[2:]
    assert names[:2] == [WHO, "Finance"] and all(len(n) <= 31 for n in names)
    assert not any(ch in "".join(names) for ch in "[]:*?/\\")
    ops = [[c.value for c in row] for row in book[WHO].iter_rows(min_row=4)]
    assert [c.value for c in book[WHO][3]] == ["Severity", "File", "Sheet", "Cell", "Message",
                                               "Fix"]
    assert [r[4].split(" ")[:2] for r in ops] == [["The", "status"], ["1.1a", "is"]]
    housing = book[names[2]]
    assert housing["A2"].value == "No problems found: nothing to fix."

    summary = {row[0].value: [c.value for c in row[1:]] for row in book[SUMMARY_SHEET].iter_rows(
        min_row=4) if row[0].value}
    assert summary[WHO][:3] == [1, 1, 0] and summary["(not placed)"][:3] == [1, 0, 0]
    assert summary["Total"][:3] == [2, 1, 1]
    assert summary["Housing Services: Repairs/Voids [North] & Estates"][3] == "No return"


def test_a_rewrite_replaces_the_report(tmp_path):
    path = tmp_path / "validation_report.xlsx"
    write_validation_report(_snapshot(), path)
    empty = QuarterSnapshot(QUARTER, ())
    write_validation_report(empty, path)
    book = openpyxl.load_workbook(path)
    assert book[ALL_SHEET]["A2"].value == "No problems found: nothing to fix."


# --- the check command -------------------------------------------------------------------

def test_check_exits_0_without_errors(sample_plan, blank_returns, tmp_path, capsys):
    returns = tmp_path / "returns"
    returns.mkdir()
    fill_clean(sample_plan, blank_returns[WHO], returns / "ops.xlsx")
    code = main(["check", QUARTER.code, "--returns", str(returns), "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert out.startswith("Q3 2009/10: 1 return(s) used; 0 errors, ")
    assert "Errors:" not in out and str(tmp_path / "o" / "validation_report.xlsx") in out
    assert (tmp_path / "o" / "validation_report.xlsx").exists()


def test_check_exits_1_with_errors_and_prints_each(sample_plan, blank_returns, tmp_path, capsys):
    returns = tmp_path / "returns"
    returns.mkdir()
    ref = sample_plan.actions_of(WHO)[0].ref
    fill_clean(sample_plan, blank_returns[WHO], returns / "ops.xlsx",
               changes={"actions": {ref: {L.STATUS: "Yellow"}}})
    (returns / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    code = main(["check", "Q3 2009/10", "--returns", str(returns), "--out", str(tmp_path / "o")])
    out = capsys.readouterr().out
    assert code == EXIT_RETURN_ERRORS
    errors = out.split("Errors:\n")[1].split("\n\n")[0].splitlines()
    assert len(errors) == 2 and all(line.startswith("ERROR: ") for line in errors)
    assert any(f"the status 'Yellow' of {ref}" in line and "cell I" in line for line in errors)
    assert any(line.startswith("ERROR: old.xls: ") for line in errors)


@pytest.mark.parametrize("argv", [
    ["check", "2009/10-Q7", "--returns", "."],
    ["check", "2009/10-Q3"],
    ["check", "2009/10-Q3", "--returns", "/no/such/folder"],
])
def test_check_exits_2_on_bad_usage(argv, capsys):
    assert main(argv) == EXIT_USAGE
    assert capsys.readouterr().err


def test_check_defaults_to_the_quarter_output_folder(sample_plan, blank_returns, tmp_path,
                                                     monkeypatch, capsys):
    """An organisation's own settings: the report goes in output/ beside them, and the
    settings are found in the current folder without --settings."""
    from conftest import write_settings

    from reporter.config.settings import DEFAULT_SETTINGS

    write_settings(tmp_path, DEFAULT_SETTINGS.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    returns = tmp_path / "returns"
    returns.mkdir()
    shutil.copy(blank_returns["Finance"], returns)
    assert main(["check", QUARTER.code, "--returns", str(returns)]) == EXIT_RETURN_ERRORS
    assert (tmp_path / "output" / QUARTER.folder / "validation_report.xlsx").exists()


def test_sample_quarter_reads_and_validates_quickly(sample_plan, sample_settings, blank_returns,
                                                   tmp_path):
    """All five directorates' filled returns: read and validated in well under a second
    here (a loose bound, not a benchmark)."""
    import time

    for name, blank in blank_returns.items():
        fill_clean(sample_plan, blank, tmp_path / blank.name, directorate=name)
    started = time.perf_counter()
    snapshot = check_folder(sample_plan, sample_settings, tmp_path)
    assert time.perf_counter() - started < 10
    assert all(r.used for r in snapshot.returns) and not snapshot.missing_directorates
    assert [str(f) for f in snapshot.findings] == []


def test_text_that_looks_like_markup_or_a_formula_stays_text(tmp_path):
    """XlsxWriter writes a string that starts with <r> and ends with </r> as raw XML: the
    report must write it as text like any other."""
    import re
    import zipfile

    markup = '<r><t>x</t></r></is><f>HYPERLINK("http://example.com","y")</f><is><r><t>z</t></r>'
    findings = tuple(Finding(Severity.ERROR, "status-unknown", text, "=fix", WHO, "ops.xlsx",
                             "Actions", "I9") for text in (markup, "@SUM(A1)", "_x0041_ & <b>",
                                                           "<r>_x0041_ and_x</r>"))
    path = write_validation_report(QuarterSnapshot(QUARTER, (), findings=findings),
                                   tmp_path / "validation_report.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert not any(re.search(r"<f[ >]", archive.read(n).decode("utf-8"))
                       for n in archive.namelist() if n.endswith(".xml"))
    sheet = openpyxl.load_workbook(path)[ALL_SHEET]
    messages = {row[6].value: row[6] for row in sheet.iter_rows(min_row=4)}
    assert markup in messages and "@SUM(A1)" in messages
    assert messages["@SUM(A1)"].quotePrefix and not messages[markup].quotePrefix
    fixes = [row[7] for row in sheet.iter_rows(min_row=4)]
    assert all(c.value == "=fix" and c.data_type == "s" and c.quotePrefix for c in fixes)
    from python_calamine import CalamineWorkbook  # reads _xHHHH_ as Excel does

    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(ALL_SHEET).to_python()
    shown = {row[6] for row in read[3:]}
    assert {markup, "_x0041_ & <b>", "<r>_x0041_ and_x</r>"} <= shown


# --- the workbooks sent back to directorates ------------------------------------------------

def _letter(path) -> tuple[list[str], list[list]]:
    """A directorate's workbook read back: the lines above its table, and the table's rows
    (the header first)."""
    sheet = openpyxl.load_workbook(path)[SEND_BACK_SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next((n for n, row in enumerate(rows) if row[0] == "No."), len(rows))
    head = [row[0] for row in rows[:header] if row[0]]
    return head, [row[:5] for row in rows[header:]]


def test_each_directorate_gets_its_own_findings_addressed_to_it(sample_settings, tmp_path):
    snapshot = _snapshot()
    written = write_returns_back(snapshot, sample_settings, tmp_path / SEND_BACK_FOLDER)
    long_name = "Housing_Services_Repairs_Voids_North_and_Estates.xlsx"
    assert [p.name for p in written] == [f"{WHO}.xlsx", "Finance.xlsx", long_name]
    head, table = _letter(tmp_path / SEND_BACK_FOLDER / f"{WHO}.xlsx")
    contact = sample_settings.returns_contact
    assert head[0] == "2010 Rotherham Ltd: your Improvement Plan return for Q3 2009/10"
    assert head[1] == f"To: {WHO}"
    assert head[2].startswith("Your return (ops.xlsx) has 1 entry to correct and 1 point to "
                              "check")
    # Q3's returns were due on Friday 8 January, the PSI draft is on the 15th: the day before
    assert (f"send the return again by Thursday 14 January 2010 to {contact}" in head[3])
    assert table[0] == ["No.", "To do", "Where", "What we found", "What to do"]
    assert [row[:3] for row in table[1:]] == [[1, "Correct", "Actions sheet, cell I9"],
                                             [2, "Check", "Actions sheet, cell I8"]]
    assert table[1][3].startswith("The status '=HYPERLINK(\"x\")' of 1.1a")
    assert table[1][4] == "Please change cell I9. Choose Red."
    assert table[2][4] == "Please check cell I8. Mark it Red."
    # only its own: not Finance's, not the file no directorate could be found for
    assert not any("password" in str(row) or "Finance" in str(row) for row in table)


def test_a_missing_return_is_asked_for_in_the_directorates_words(sample_settings, tmp_path):
    """The officer is told to ask the directorate; the directorate is asked for its return."""
    missing = "Finance"
    snapshot = QuarterSnapshot(
        QUARTER, (ActionPosition("5.1a", missing, None, carried_forward=True),),
        findings=(Finding(Severity.WARNING, "return-missing", f"no return from {missing} for "
                          "Q3 2009/10: last quarter's positions are carried forward.",
                          f"Ask {missing} for its return for Q3 2009/10.", missing),),
        missing_directorates=(missing,))
    write_validation_report(snapshot, tmp_path / "validation_report.xlsx")
    officer = openpyxl.load_workbook(tmp_path / "validation_report.xlsx")[ALL_SHEET]
    assert officer["H4"].value == f"Ask {missing} for its return for Q3 2009/10."
    [path] = write_returns_back(snapshot, sample_settings, tmp_path / SEND_BACK_FOLDER)
    head, table = _letter(path)
    assert head[2] == "We have not received your return for Q3 2009/10."
    assert "last quarter's position of your actions" in head[3] and "carried forward" in head[3]
    assert head[4].startswith("Please send your return by Thursday 14 January 2010 to ")
    assert table == [] and not any("Ask Finance" in line for line in head)


def test_nothing_to_fix_is_said_and_old_lists_go(sample_settings, tmp_path):
    folder = tmp_path / SEND_BACK_FOLDER
    write_returns_back(_snapshot(), sample_settings, folder)
    clean = QuarterSnapshot(QUARTER, (ActionPosition("1.1a", WHO, None),),
                            returns=(ReturnFile("ops.xlsx", WHO, "0" * 64),))
    written = write_returns_back(clean, sample_settings, folder)
    assert sorted(p.name for p in folder.iterdir()) == [f"{WHO}.xlsx"] == [p.name for p in written]
    head, table = _letter(folder / f"{WHO}.xlsx")
    assert head[2] == "Your return (ops.xlsx) has nothing to fix. Thank you." and table == []


def test_check_writes_a_workbook_per_directorate_beside_the_report(sample_plan, blank_returns,
                                                                  tmp_path, capsys):
    returns = tmp_path / "returns"
    returns.mkdir()
    ref = sample_plan.actions_of(WHO)[0].ref
    fill_clean(sample_plan, blank_returns[WHO], returns / "ops.xlsx",
               changes={"actions": {ref: {L.STATUS: "Yellow"}}})
    assert main(["check", QUARTER.code, "--returns", str(returns),
                 "--out", str(tmp_path / "o")]) == EXIT_RETURN_ERRORS
    assert "5 workbook(s) in" in capsys.readouterr().out
    folder = tmp_path / "o" / SEND_BACK_FOLDER
    assert {p.name for p in folder.iterdir()} == {
        f"{name.replace(' ', '_')}.xlsx" for name in blank_returns}
    _, table = _letter(folder / f"{WHO}.xlsx")
    status = next(row for row in table[1:] if "'Yellow'" in row[3])
    assert status[1] == "Correct" and status[4].startswith("Please change cell I")
    head, _ = _letter(folder / "Finance.xlsx")
    assert head[2] == "We have not received your return for Q3 2009/10."


@pytest.mark.parametrize("rule", ["imported-status-disagrees", "indicator-basis-assumed"])
def test_the_officers_own_findings_are_not_sent(rule, sample_settings, tmp_path):
    """A finding about the register or imported tables is the officer's, even when it names
    the directorate that owns the indicator."""
    snapshot = QuarterSnapshot(
        QUARTER, (ActionPosition("1.1a", WHO, None),),
        findings=(Finding(Severity.WARNING, rule, "the imported status of BV 66a is Red.",
                          "Check the imported figure.", WHO),),
        returns=(ReturnFile("ops.xlsx", WHO, "0" * 64),))
    [path] = write_returns_back(snapshot, sample_settings, tmp_path)
    head, table = _letter(path)
    assert head[2] == "Your return (ops.xlsx) has nothing to fix. Thank you." and table == []
