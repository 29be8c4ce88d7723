"""The Board pack's Word layer: the house style, the low-level helpers, the pack
context, PDF conversion. Also holds the quarters the other document tests share
(``q3_pair``, ``q4_pair``, ``empty_pair``) and the helpers that read documents back.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from reporter.config.plan import Plan
from reporter.findings import Finding, Severity
from reporter.indicators.results import ImprovementShare
from reporter.pack import (
    DEFAULT_REFERENCE,
    DEFAULT_TEMPLATES,
    LibreOfficeMissing,
    build_pack_context,
    convert_to_pdf,
    find_soffice,
    word,
    write_covering_reports,
    write_progress_report,
)
from reporter.pack import pdf as pdf_module
from reporter.pack.covering_report import COUNCIL_PLAN_TEMPLATE
from reporter.pack.house import INPUT_TEMPLATES, REQUIRED_STYLES
from reporter.periods import FinancialYear, Quarter
from reporter.snapshot import ActionPosition, QuarterSnapshot, RecommendationPosition
from reporter.status import Status

C, G, A, R = Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED
Q2, Q3, Q4 = Quarter(2009, 2), Quarter(2009, 3), Quarter(2009, 4)
SHARE_65 = ImprovementShare(11, 17, 11 / 17, 0.70, False)
MARKUP = "Pasted: {{ 7*7 }} <w:p> & \x0b\x07 {%p if x %} end"
MARKUP_CLEAN = "Pasted: {{ 7*7 }} <w:p> &  {%p if x %} end"
# Every committed covering template: the Board's, the Council's for its Cabinet Member,
# and the Council example's own.
ALL_TEMPLATES = (*DEFAULT_TEMPLATES, COUNCIL_PLAN_TEMPLATE)
COUNCIL_SETTINGS = INPUT_TEMPLATES / "council" / "settings.toml"


# --------------------------------------------------------------------------- quarters

def natural(plan: Plan, quarter: Quarter) -> dict[str, Status]:
    """Complete when the key date has come, Green when it is still ahead."""
    return {a.ref: C if (due := a.governing_date.due) is not None and due <= quarter.end else G
            for a in plan.actions}


def snapshot(plan: Plan, quarter: Quarter, statuses: dict[str, Status | None],
             details: dict[str, dict] | None = None,
             recommendations: dict[str, dict] | None = None,
             findings: tuple[Finding, ...] = ()) -> QuarterSnapshot:
    """A merged quarter in plan order; ``details`` overrides fields of a position."""
    details = details or {}
    actions = []
    for action in plan.actions:
        extra = dict(details.get(action.ref, {}))
        extra.setdefault("returned_status", statuses[action.ref])
        actions.append(ActionPosition(action.ref, action.directorate, statuses[action.ref],
                                      **extra))
    recs = recommendations or {}
    return QuarterSnapshot(
        quarter, tuple(actions),
        recommendations=tuple(
            RecommendationPosition(r.ref, r.directorate, **recs.get(r.ref, {"complete": False}))
            for r in plan.recommendations),
        findings=findings, created=datetime(2010, 1, 15, 9, 30))


def q3_pair(plan: Plan) -> tuple[QuarterSnapshot, QuarterSnapshot]:
    """Q2 and Q3 2009/10 with content in every section: 1.3a and 1.3b Red with remedial
    action (as in 003), 1.1b returned Green but Red by the key-date rule, 2.4a carried
    forward from a missing return, 2.3a with markup and control characters pasted in,
    3.1b from Red to Complete, 1.4a completed and marked notable, 2.2a Amber."""
    before = natural(plan, Q2) | {"3.1b": R, "2.4a": R, "2.3a": A, "1.4a": G, "1.1b": G}
    now = natural(plan, Q3) | {"1.3a": R, "1.3b": R, "1.3c": G, "1.1b": R, "2.4a": R,
                               "2.2a": A, "2.3a": R, "3.1b": C, "1.4a": C}
    details = {
        "1.3a": dict(commentary="Service standards have not yet been reviewed and agreed with "
                                "leaseholders: the Leaseholder Forum asked for more time",
                     remedial_action="Revised standards go to the Forum in February.",
                     revised_date="Mar 10"),
        "1.3b": dict(commentary="The planned survey will not be completed by the end of "
                                "December.",
                     remedial_action="ABC Surveys have been commissioned.",
                     revised_date="Feb 10"),
        "1.1b": dict(returned_status=G, commentary="Checks run at 6% of repairs.",
                     remedial_action="Two more staff join the call team in January.",
                     revised_date="31/01/2010"),
        "2.4a": dict(carried_forward=True, commentary="Awaiting the contractor's programme.",
                     remedial_action="Escalated to the Director."),
        "2.3a": dict(commentary=MARKUP, remedial_action="Remedial <b>bold</b> & more"),
        "1.4a": dict(notable=True, commentary="The 0300 100 2010 number was launched, on "
                                              "time, on 12 October."),
        "2.2a": dict(commentary="Three indicators are behind target."),
    }
    recs = {"AC 6": dict(complete=True, commentary="Customer profile published."),
            "AC 1": dict(complete=False, commentary="Managers trained at the Forum.",
                         new_target_date="30/10/2010")}
    return (snapshot(plan, Q2, before),
            snapshot(plan, Q3, now, details, recs))


def q4_pair(plan: Plan) -> tuple[QuarterSnapshot, QuarterSnapshot]:
    """Q3 and Q4 2009/10 with the counts of the real Q4 report (001): 12/33/10/7 at Q3,
    43/15/4/0 at Q4, the 7 Reds all completed."""
    before, now = {}, {}
    for i, action in enumerate(plan.actions):
        if i < 12:
            before[action.ref], now[action.ref] = C, C
        elif i < 19:
            before[action.ref], now[action.ref] = R, C
        elif i < 29:
            before[action.ref], now[action.ref] = A, (C if i < 25 else A)
        else:
            before[action.ref], now[action.ref] = G, (C if i < 47 else G)
    return snapshot(plan, Q3, before), snapshot(plan, Q4, now)


def empty_pair(plan: Plan) -> tuple[QuarterSnapshot, QuarterSnapshot]:
    """Every action and recommendation complete in both quarters: every section empty."""
    done = {a.ref: C for a in plan.actions}
    recs = {r.ref: {"complete": True} for r in plan.recommendations}
    return snapshot(plan, Q2, done, recommendations=recs), snapshot(plan, Q3, done,
                                                                    recommendations=recs)


def context_for(plan, settings, pair, final=False, share=SHARE_65, history=None, **options):
    previous, current = pair
    if history is None:
        history = [(current.quarter, current)] if previous is None else [
            (previous.quarter, previous), (current.quarter, current)]
    return replace(build_pack_context(plan, settings, current, previous, history, share),
                   final=final, **options)


def first_quarter(plan: Plan) -> tuple[None, QuarterSnapshot]:
    """Q3 2009/10 as the first quarter reported (no earlier quarter): q3_pair's Q3."""
    return None, q3_pair(plan)[1]


def nothing_returned(plan: Plan, quarter: Quarter = Q3) -> QuarterSnapshot:
    """A quarter whose returns folder was empty: every action and recommendation unreported."""
    return QuarterSnapshot(quarter, tuple(ActionPosition(a.ref, a.directorate, None)
                                          for a in plan.actions),
                           created=datetime(2010, 1, 15, 9, 30))


def has_nested_brackets(text: str) -> bool:
    """True when a bracket opens inside another: "(Q1 2010/11 (Q5))"."""
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
            if depth > 1:
                return True
        elif ch == ")":
            depth = max(depth - 1, 0)
    return False


@pytest.fixture(scope="session")
def council_plan():
    from reporter.config.plan import load_plan

    return load_plan(INPUT_TEMPLATES / "council" / "improvement_plan.xlsx")


@pytest.fixture(scope="session")
def council_settings():
    from reporter.config.settings import load_settings

    return load_settings(COUNCIL_SETTINGS)


# --------------------------------------------------------------------------- reading back

def paragraph_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def headings(document) -> list[tuple[int, str]]:
    """(level, text) of the Title (0) and Heading n paragraphs, in order."""
    found = []
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style is not None else ""
        if name == "Title":
            found.append((0, paragraph.text))
        elif name.startswith("Heading "):
            found.append((int(name.split()[1]), paragraph.text))
    return found


def grid(table) -> list[list[str]]:
    """The text of every cell, row by row, as stored (merged-down cells are empty)."""
    return [["\n".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst]
            for tr in table._tbl.tr_lst]


def fills(table, column: int) -> list[str | None]:
    """The shading of one column's cells below the header row."""
    result = []
    for tr in table._tbl.tr_lst[1:]:
        shd = tr.tc_lst[column].find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        result.append(None if shd is None else shd.get(qn("w:fill")))
    return result


def header_texts(section) -> str:
    return "\n".join(p.text for p in section.header.paragraphs)


# --------------------------------------------------------------------------- house style

@pytest.mark.parametrize("path", [DEFAULT_REFERENCE, *ALL_TEMPLATES],
                         ids=lambda p: Path(p).relative_to(INPUT_TEMPLATES).as_posix())
def test_reference_and_templates_hold_every_style_the_writers_use(path):
    assert word.missing_styles(Document(str(path)), REQUIRED_STYLES) == []


def test_reference_is_a4_portrait_2cm_margins_english_uk():
    document = Document(str(DEFAULT_REFERENCE))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.left_margin.cm, 1) == round(section.right_margin.cm, 1) == 2.0
    assert word.default_language(document) == "en-GB"
    assert document.paragraphs == [] or all(not p.text for p in document.paragraphs)


def test_templates_type_each_placeholder_in_one_run():
    """docxtpl reads a tag only when it sits in one run: no run may hold half a tag."""
    for path in ALL_TEMPLATES:
        document = Document(str(path))
        runs = [r.text for p in document.paragraphs for r in p.runs]
        runs += [r.text for t in document.tables for row in t.rows for c in row.cells
                 for p in c.paragraphs for r in p.runs]
        for text in runs:
            assert text.count("{{") == text.count("}}"), (path.name, text)
            assert text.count("{%") == text.count("%}"), (path.name, text)


# --------------------------------------------------------------------------- helpers

def _table(rows: int = 3, cols: int = 2):
    document = Document(str(DEFAULT_REFERENCE))
    table = document.add_table(rows=0, cols=cols)
    cells = [table.add_row().cells for _ in range(rows)]
    return document, table, cells


def test_each_shaded_cell_gets_its_own_shd_element():
    _, table, rows = _table()
    for cells, colour in zip(rows, ("C00000", "FFC000", "00B050")):
        word.shade_cell(cells[0], colour)
    assert fills(table, 0) == ["FFC000", "00B050"]  # rows 2 and 3 (row 1 is "header")
    assert word.cell_fill(rows[0][0]) == "C00000"
    word.shade_cell(rows[0][0], "0070C0")  # reshading replaces, never duplicates
    assert len(rows[0][0]._tc.tcPr.findall(qn("w:shd"))) == 1


def test_header_row_and_cant_split_are_marked_once_in_schema_order():
    _, table, _ = _table()
    row = table.rows[0]
    word.keep_row_together(row)
    word.mark_header_row(row)
    word.mark_header_row(row)
    tags = [child.tag for child in row._tr.trPr]
    assert tags == [qn("w:cantSplit"), qn("w:tblHeader")]
    assert word.is_header_row(row) and word.is_kept_together(row)
    assert not word.is_header_row(table.rows[1])


@pytest.mark.parametrize("fill, ink", [("C00000", "FFFFFF"), ("FFC000", "000000"),
                                       ("00B050", "000000"), ("0070C0", "FFFFFF"),
                                       ("FFFFFF", "000000"), ("1F3864", "FFFFFF")])
def test_status_letters_take_the_more_readable_ink(fill, ink):
    assert word.contrast_text_colour(fill) == ink


def test_landscape_swaps_width_and_height():
    document = Document(str(DEFAULT_REFERENCE))
    section = document.add_section()
    word.set_a4(section, landscape=True)
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert round(word.text_width(section).cm, 1) == 25.7


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=80))
def test_any_text_from_a_return_can_be_written(text):
    """Control characters, surrogates, markup: python-docx never raises, and what is
    written is the text with only the characters XML cannot hold removed."""
    document = Document(str(DEFAULT_REFERENCE))
    paragraph = document.add_paragraph()
    word.add_text(paragraph, text)
    kept = "".join(ch for ch in text.replace("\r\n", "\n").replace("\r", "\n")
                   if ch in "\t\n" or (ord(ch) >= 0x20 and ch not in "\x7f\ufffe\uffff"
                                       and not 0xD800 <= ord(ch) <= 0xDFFF))
    assert paragraph.text == kept


def test_alt_text_goes_on_pictures_without_it(tmp_path):
    from docx.shared import Cm

    from reporter.indicators import charts

    png = charts.save(charts.status_counts_figure([("Q3 2009/10", {C: 3, G: 2})]),
                      tmp_path / "c.png")
    document = Document(str(DEFAULT_REFERENCE))
    document.add_picture(str(png), width=Cm(5))
    assert word.set_alt_text(document, "Three complete, two green", "Chart") == 1
    assert word.pictures_alt_text(document) == [("Chart", "Three complete, two green")]
    assert word.set_alt_text(document, "other") == 0  # alt text already there is kept


# --------------------------------------------------------------------------- context

def test_context_holds_the_sections_by_outcome(sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    assert context.title == "Improvement Plan: Progress Report for Q3 2009/10"
    assert [t.ref for t in context.exceptions] == ["1.1", "1.3", "2.3", "2.4"]
    outcome_13 = context.exceptions[1]
    assert [(r.letter, r.status_text, r.exception) for r in outcome_13.rows] == [
        ("a", "R", True), ("b", "R", True), ("c", "G", False)]
    assert outcome_13.heading.startswith("1.3 Leaseholders are satisfied")
    by_rule = context.exceptions[0].rows[1]
    assert (by_rule.ref, by_rule.changed_by_rule, by_rule.returned_status) == ("1.1b", True, G)
    carried = context.exceptions[3].rows[0]
    assert (carried.ref, carried.status_text) == ("2.4a", "R*")
    assert [r.ref for t in context.achievements for r in t.rows] == [
        "1.2a", "1.4a", "3.1b", "4.2a", "4.3a", "5.2a", "5.3a"]
    assert context.next_quarter_name == "Q4"
    assert [r.ref for r in context.previous_reds] == ["2.4a", "3.1b"]
    assert [label for label, _ in context.history_counts] == ["Q2 2009/10", "Q3 2009/10"]


def test_context_cleans_text_from_returns(sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    row = next(r for r in context.exception_rows() if r.ref == "2.3a")
    assert row.commentary == MARKUP_CLEAN


def test_quarters_after_the_first_year_are_counted_on(sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    assert (context.quarter_name, context.next_quarter_name) == ("Q4", "Q1 2010/11 (Q5)")
    later = replace(context, quarter=Quarter(2010, 1))
    assert later.quarter_name == "Q1 2010/11 (Q5)"
    assert replace(context, plan_start=FinancialYear(2008)).quarter_name == "Q4 2009/10 (Q8)"


def test_the_mark_on_every_page(sample_plan, sample_settings):
    previous, current = q4_pair(sample_plan)
    error = Finding(Severity.ERROR, "status-missing", "no status")
    forced = replace(current, findings=(error, error, Finding(Severity.WARNING, "w", "w")))
    assert context_for(sample_plan, sample_settings, (previous, current)).mark == \
        "DRAFT \u2013 not for publication"
    assert context_for(sample_plan, sample_settings, (previous, current), final=True).mark == ""
    assert context_for(sample_plan, sample_settings, (previous, forced), final=True).mark == \
        "FINAL \u2013 issued with 2 unresolved validation errors"


def test_targeted_count_counts_recurring_key_dates(sample_plan, sample_settings):
    """"December annually" (4.1c) is targeted by the end of Q3, as the plan summary and
    the looking-forward section count it: the quarter's occurrence of the date."""
    recurring = next(a for a in sample_plan.actions if a.key_date.text == "December annually")
    assert recurring.ref == "4.1c" and recurring.governing_date.due is None
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    expected = sum(1 for a in sample_plan.actions
                   if (due := a.due_for(Q3.start)) is not None and due <= Q3.end)
    assert context.targeted_count == expected
    without = sum(1 for a in sample_plan.actions
                  if (due := a.governing_date.due) is not None and due <= Q3.end)
    assert expected == without + 1  # the recurring action is the difference
    q2 = context_for(sample_plan, sample_settings,
                     (None, snapshot(sample_plan, Q2, natural(sample_plan, Q2))))
    assert q2.targeted_count == sum(
        1 for a in sample_plan.actions
        if (due := a.due_for(Q2.start)) is not None and due <= Q2.end)


def test_first_quarter_names_the_reds_but_nothing_moved(sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, first_quarter(sample_plan))
    assert context.first_quarter and context.previous_quarter is None
    assert context.new_reds == ()  # nothing "moved to RED": there is no earlier quarter
    assert [r.ref for r in context.current_reds] == ["1.1b", "1.3a", "1.3b", "2.3a", "2.4a"]
    assert all(not r.completed_this_quarter for g in context.recommendations for r in g.rows)
    compared = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    assert [r.ref for r in compared.new_reds] == ["1.1b", "1.3a", "1.3b", "2.3a"]


def test_footer_of_the_quarter(sample_plan, sample_settings):
    """The footer line names this quarter's Board date from the timetable; with no
    timetable entry the date is left out cleanly."""
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    assert context.footer == "2010 Board / 27 January 2010 / Delivering Improvement / IR"
    later = replace(sample_settings, timetable=())
    assert context_for(sample_plan, later, q3_pair(sample_plan)).footer == \
        "2010 Board / Delivering Improvement / IR"


def test_performance_report_flag(sample_plan, sample_settings):
    assert context_for(sample_plan, sample_settings, q3_pair(sample_plan)).performance_report \
        is False
    assert context_for(sample_plan, sample_settings, q3_pair(sample_plan),
                       performance_report=True).performance_report is True


def test_history_ends_with_this_quarter(sample_plan, sample_settings):
    previous, current = q4_pair(sample_plan)
    context = build_pack_context(sample_plan, sample_settings, current, previous,
                                 [(Q2, {C: 5, G: 57}), (Quarter(2010, 1), {C: 62})])
    assert [label for label, _ in context.history_counts] == ["Q2 2009/10", "Q3 2009/10",
                                                             "Q4 2009/10"]
    assert dict(context.history_counts[-1][1])[C] == 43


# --------------------------------------------------------------------------- PDF

@pytest.fixture(scope="module")
def pack(tmp_path_factory, sample_plan, sample_settings):
    """A Q3 pack written once: the progress report and both covering reports."""
    out = tmp_path_factory.mktemp("pack")
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    progress = write_progress_report(context, out / "progress_report.docx")
    covering = write_covering_reports(context, DEFAULT_TEMPLATES, out)
    return out, [progress, *covering]


@pytest.mark.parametrize("quarter", [Q4, Quarter(2010, 1)], ids=["Q4", "Q5"])
def test_quarter_names_are_never_put_in_brackets(tmp_path, sample_plan, sample_settings,
                                                  quarter):
    """"Q1 2010/11 (Q5)" reads as it is, never "(Q1 2010/11 (Q5))", in every document."""
    previous = snapshot(sample_plan, quarter.previous(), natural(sample_plan, quarter.previous()))
    current = snapshot(sample_plan, quarter, natural(sample_plan, quarter))
    context = context_for(sample_plan, sample_settings, (previous, current),
                          plan_start=FinancialYear(2009))
    paths = [write_progress_report(context, tmp_path / "progress_report.docx"),
             *write_covering_reports(context, DEFAULT_TEMPLATES, tmp_path)]
    seen = []
    for path in paths:
        document = Document(str(path))
        texts = paragraph_texts(document) + [c.text for t in document.tables
                                             for row in t.rows for c in row.cells]
        seen += texts
        assert not [t for t in texts if has_nested_brackets(t)], path.name
    assert any("Q1 2010/11 (Q5)" in t for t in seen)


def test_libreoffice_turns_every_document_into_a_pdf(pack):
    """One soffice call for the three documents. Skipped where LibreOffice is not
    installed; in CI it must be (``.ci/run`` installs it)."""
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is not installed in CI: .ci/run should install it")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-writer-nogui to run this test")
    out, documents = pack
    pdfs = convert_to_pdf(documents, out / "pdf")
    assert [p.name for p in pdfs] == ["progress_report.pdf", "covering_report.pdf",
                                      "covering_report_council.pdf"]
    for path in pdfs:
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 10_000, path.name
        assert b"/StructTreeRoot" in data, f"{path.name} is not a tagged PDF"
    assert not [p for p in (out / "pdf").iterdir() if p.name.startswith(".")]


def test_without_libreoffice_the_error_says_what_to_do(pack, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(LibreOfficeMissing) as caught:
        convert_to_pdf(pack[1][:1], pack[0] / "nopdf")
    assert str(caught.value) == ("LibreOffice is not installed: install "
                                 "libreoffice-writer-nogui, or run without --pdf")


def test_no_documents_no_libreoffice_call(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    assert convert_to_pdf([], tmp_path) == []
