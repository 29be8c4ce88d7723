"""Text from returns is data, never code: hostile values through a whole run."""

import re
import zipfile

import pytest
from docx import Document
from fill import HOSTILE_TEXTS, AsText, fill_return
from openpyxl import load_workbook

from reporter.history.store import open_history
from reporter.periods import Quarter
from reporter.pipeline import RunRequest, run_quarter
from reporter.returns.templates import write_returns
from reporter.safe_text import MAX_TEXT, TRUNCATION_NOTE

Q3 = Quarter(2009, 3)
LONG_TEXT = "Progress. " * 2000  # 20,000 characters pasted from a report


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
