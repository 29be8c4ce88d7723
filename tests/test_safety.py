"""Text from returns is data, never code: hostile values through a whole run, and in
every workbook we write."""

import re
import zipfile

import pytest
from docx import Document
from fill import HOSTILE_TEXTS, AsText, fill_return
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from reporter.findings import Finding, Severity
from reporter.history.store import open_history
from reporter.indicators.results import indicator_results
from reporter.pack.consolidated import SAMPLE_HEADINGS, sample_rows, write_consolidated
from reporter.periods import Quarter
from reporter.pipeline import RunRequest, run_quarter
from reporter.returns import layout as L
from reporter.returns.templates import ReturnHistory, write_return, write_returns
from reporter.returns.validation_report import write_validation_report
from reporter.safe_text import FORMULA_PREFIXES, MAX_TEXT, TRUNCATION_NOTE, clean_text
from reporter.sampling import SampledAction
from reporter.snapshot import ActionPosition, QuarterSnapshot
from reporter.status import Status
from reporter.xlsx import write_table

Q3 = Quarter(2009, 3)
LONG_TEXT = "Progress. " * 2000  # 20,000 characters pasted from a report
# XlsxWriter writes a string shaped <r>...</r> as raw rich-text XML; Excel reads _xHHHH_
# as a character: both must come back exactly as typed.
INJECTED_MARKUP = ('<r><t>x</t></r></is><f>HYPERLINK("http://example.com","y")</f>'
                   "<is><r><t>z</t></r>")
ESCAPE_LOOKALIKE = "_x0041_ is not an A"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, sample_plan, sample_settings):
    folder = tmp_path_factory.mktemp("hostile")
    returns = folder / "returns"
    paths = write_returns(sample_plan, sample_settings, Q3, returns)
    operations = next(p for p in paths if "Operations" in p.name)
    refs = [a.ref for a in sample_plan.actions_of("Operations")]
    typed = {}
    for ref, text in zip(refs, HOSTILE_TEXTS):
        typed[ref] = {"Status": "Red", "Progress commentary": AsText(text),
                      "Remedial action": AsText(text), "Revised date": "31/03/2010",
                      "Evidence": AsText(text)}
    typed[refs[len(HOSTILE_TEXTS)]] = {"Status": "Green", "Progress commentary": LONG_TEXT}
    typed[refs[len(HOSTILE_TEXTS) + 1]] = {
        "Status": "Red", "Progress commentary": AsText(INJECTED_MARKUP),
        "Remedial action": "More staff.", "Revised date": "31/03/2010"}
    fill_return(operations, actions=typed)
    # A macro-enabled copy of another directorate's return: read as data, macros never kept.
    finance = next(p for p in paths if "Finance" in p.name)
    macro = finance.with_suffix(".xlsm")
    with zipfile.ZipFile(finance) as source, zipfile.ZipFile(macro, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")
    finance.unlink()
    out = folder / "out"
    with open_history(folder / "history.sqlite") as history:
        outcome = run_quarter(sample_plan, sample_settings, history,
                              RunRequest(Q3, returns, out))
    return out, outcome, refs


def workbook_xml(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xml")}


def assert_no_formula(path):
    parts = workbook_xml(path)
    assert not any(re.search(r"<f[ >]", xml) for xml in parts.values()), "a formula was written"


def calamine_texts(path, sheet):
    """Every text cell of ``sheet`` as python-calamine reads it (_xHHHH_ read as Excel does)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return {value for row in rows for value in row if isinstance(value, str)}


@pytest.mark.parametrize("name", ["consolidated.xlsx", "validation_report.xlsx"])
def test_no_text_from_a_return_becomes_a_formula(hostile_run, name):
    out, _, _ = hostile_run
    parts = workbook_xml(out / name)
    assert not any(re.search(r"<f[ >]", xml) for xml in parts.values()), "a formula was written"
    assert not any("vbaProject" in n for n in zipfile.ZipFile(out / name).namelist())


def test_hostile_text_is_kept_as_text_in_the_consolidated_workbook(hostile_run):
    out, _, refs = hostile_run
    sheet = load_workbook(out / "consolidated.xlsx")["Actions"]
    titles = [c.value for c in sheet[1]]
    rows = {r[titles.index("Ref")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    commentary = titles.index("Progress commentary")
    assert rows[refs[0]][commentary] == HOSTILE_TEXTS[0]  # '=HYPERLINK(...)' as typed
    assert rows[refs[3]][commentary] == HOSTILE_TEXTS[3]  # '@SUM(A1:A2)'
    bell = rows[refs[5]][commentary]
    assert "\x07" not in bell and "\x0b" not in bell and bell.startswith("Bell")
    long = rows[refs[len(HOSTILE_TEXTS)]][commentary]
    assert len(long) <= MAX_TEXT + len(TRUNCATION_NOTE) and long.endswith(TRUNCATION_NOTE)
    assert rows[refs[len(HOSTILE_TEXTS) + 1]][commentary] == INJECTED_MARKUP
    assert INJECTED_MARKUP in calamine_texts(out / "consolidated.xlsx", "Actions")


# Typed straight into the records: the fill helper saves with openpyxl, which (unlike
# Excel) does not escape a typed _xHHHH_, so it cannot carry that one through a return.
TYPED = (*HOSTILE_TEXTS, INJECTED_MARKUP, ESCAPE_LOOKALIKE)


@pytest.fixture(scope="module")
def every_workbook(tmp_path_factory, sample_plan, sample_settings):
    """Each workbook we write, with text as typed in a return: name -> (path, sheet)."""
    folder = tmp_path_factory.mktemp("every")
    actions = sample_plan.actions_of("Operations")
    assert len(actions) >= len(TYPED)
    snapshot = QuarterSnapshot(Q3, actions=tuple(
        ActionPosition(a.ref, "Operations", Status.RED, commentary=text)
        for a, text in zip(actions, TYPED)), findings=tuple(
        Finding(Severity.ERROR, "status-unknown", "the status is unknown.", text,
                "Operations", "ops.xlsx", "Actions", "I9") for text in TYPED))
    results = indicator_results(sample_plan, snapshot, sample_settings)
    sample = [SampledAction(a.ref, Status.COMPLETE, "Operations", text, action=text)
              for a, text in zip(actions, TYPED)]
    return {
        "consolidated": (write_consolidated(sample_plan, sample_settings, snapshot, results,
                                            folder / "consolidated.xlsx"), "Actions"),
        "validation report": (write_validation_report(
            snapshot, folder / "validation_report.xlsx"), "All findings"),
        "next quarter's return": (write_return(  # last quarter's commentary shown again
            sample_plan, sample_settings, Q3.next(), "Operations", folder / "return.xlsx",
            ReturnHistory(previous=snapshot)), L.ACTIONS_SHEET),
        "evidence sample": (write_table("Evidence sample", SAMPLE_HEADINGS, sample_rows(sample),
                                        folder / "evidence_sample.xlsx"), "Evidence sample"),
    }


@pytest.mark.parametrize("name", ["consolidated", "validation report", "next quarter's return",
                                  "evidence sample"])
def test_every_workbook_keeps_typed_text_as_text(every_workbook, name):
    path, sheet_name = every_workbook[name]
    assert_no_formula(path)
    assert {clean_text(t) for t in TYPED} <= calamine_texts(path, sheet_name)
    sheet = load_workbook(path)[sheet_name]
    formula_like = [c for row in sheet.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith(FORMULA_PREFIXES)]
    assert len({c.value for c in formula_like}) == 6  # = + - @ =cmd tab
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)


def test_the_word_pack_holds_the_text_literally_and_cleanly(hostile_run):
    out, outcome, refs = hostile_run
    document = Document(out / "progress_report.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "{{ not a tag }}" in text and "<b>not markup</b>" in text
    assert '=HYPERLINK("http://example.com/x","click me")' in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    with zipfile.ZipFile(out / "progress_report.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<b>not markup</b>" not in xml  # escaped, never live markup
    assert "&lt;b&gt;not markup&lt;/b&gt;" in xml


def test_a_macro_enabled_return_is_read_as_data(hostile_run):
    _, outcome, _ = hostile_run
    finance = [a for a in outcome.snapshot.actions if a.directorate == "Finance"]
    assert finance and not any(a.carried_forward for a in finance)
    assert all(a.source_file.endswith(".xlsm") for a in finance)


def test_a_right_to_left_override_ends_with_the_text_it_came_in():
    """An override typed and left open in a commentary would reverse the report's own words
    after it (in Word and in the PDF): the text is isolated, so it ends with it (#17.8)."""
    from docx import Document as NewDocument

    from reporter.pack.word.text import add_text
    from reporter.safe_text import isolate_direction

    typed = "Delayed \u202eby the contractor"
    assert isolate_direction(typed) == "\u2068Delayed \u202eby the contractor\u2069"
    assert isolate_direction("Progress to plan.") == "Progress to plan."
    assert isolate_direction("Résumé sent, £5 spent") == "Résumé sent, £5 spent"
    document = NewDocument()
    paragraph = document.add_paragraph()
    add_text(paragraph, "Progress: ")
    add_text(paragraph, typed)
    add_text(paragraph, " Remedial action: more staff.")
    assert paragraph.text == ("Progress: \u2068Delayed \u202eby the contractor\u2069"
                              " Remedial action: more staff.")
