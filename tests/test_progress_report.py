"""The shared progress report, read back with python-docx: title and status key, the
sections in order, the rows and statuses of each table, shading and letters, empty
sections, header rows, unsplit rows, landscape, footer, page numbers, the DRAFT line,
properties and language, and text from returns shown as typed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from test_documents import (  # noqa: F401 (council_plan, council_settings: fixtures)
    MARKUP_CLEAN,
    Q3,
    context_for,
    council_plan,
    council_settings,
    empty_pair,
    fills,
    first_quarter,
    grid,
    has_nested_brackets,
    header_texts,
    headings,
    natural,
    nothing_returned,
    paragraph_texts,
    q3_pair,
    q4_pair,
    snapshot,
)

from reporter.config.settings import SectionWords
from reporter.findings import Finding, Severity
from reporter.pack import DEFAULT_REFERENCE, TemplateProblem, word, write_progress_report
from reporter.status import Status

STATUS_KEY_LINES = [
    "Red: The key date has passed or the outcome is known not to be achievable by key date.",
    "Amber: The key date has not yet passed but timely completion is threatened.",
    "Green: The key date has not yet passed but timely completion is expected.",
    "Clear: Shown as a blue \u2018C\u2019. The outcome has "
    "been achieved/the task is complete.",
]
ACTION_HEADER = ["Outcome", "Key actions to achieve outcome", "Key dates", "Lead Director",
                 "Success criteria", "Status"]
FOOTER = "2010 Board / 27 January 2010 / Delivering Improvement / IR"  # Q3's Board date


@pytest.fixture(scope="module")
def written(tmp_path_factory, sample_plan, sample_settings):
    """The Q3 report in draft, the Q4 reproduction final, and an all-complete quarter."""
    out = tmp_path_factory.mktemp("progress")
    q3 = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    q4 = context_for(sample_plan, sample_settings, q4_pair(sample_plan), final=True)
    empty = context_for(sample_plan, sample_settings, empty_pair(sample_plan))
    return {
        "q3": Document(str(write_progress_report(q3, out / "q3.docx"))),
        "q4": Document(str(write_progress_report(q4, out / "q4.docx"))),
        "empty": Document(str(write_progress_report(empty, out / "empty.docx"))),
    }


def section_tables(document, heading: str) -> list:
    """The tables between a Heading 1 and the next Heading 1."""
    body = document.element.body
    tables, inside = [], False
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if style is not None and style.get(qn("w:val")) == "Heading1":
                inside = text == heading
        elif child.tag == qn("w:tbl") and inside:
            tables.append(next(t for t in document.tables if t._tbl is child))
    return tables


def refs_and_letters(tables) -> list[tuple[str, str, str]]:
    """(outcome cell, action letter, status text) for each row below the header."""
    rows = []
    for table in tables:
        outcome = ""
        for cells in grid(table)[1:]:
            outcome = cells[0].split(" ")[0] or outcome
            rows.append((outcome, cells[1].split(")")[0], cells[5]))
    return rows


# --------------------------------------------------------------------------- front page

def test_title_and_status_key_word_for_word(written):
    texts = paragraph_texts(written["q3"])
    assert texts[0] == "Improvement Plan: Progress Report for Q3 2009/10"
    start = texts.index("Status indicators:")
    assert texts[start + 1:start + 5] == STATUS_KEY_LINES


def test_headings_in_order_no_level_skipped(written):
    found = headings(written["q3"])
    assert found == [
        (0, "Improvement Plan: Progress Report for Q3 2009/10"),
        (1, "Status indicators:"),
        (1, "Position at the end of Q3"),
        (1, "Section 1: Exceptions to timely delivery"),
        (1, "Section 2: Notable Achievements"),
        (1, "Section 3: Looking forward to Q4"),
        (1, "Section 4: External recommendations"),
        (2, "Audit Commission inspection"),
        (2, "Customer Service Excellence"),
        (1, "Section 5: Not reported in Q3"),  # 2.4a carried forward
        (1, "Section 6: Every key action at the end of Q3"),
    ]
    levels = [level for level, _ in found]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_summary_table_counts_with_last_quarter(written):
    table = written["q3"].tables[0]
    assert grid(table) == [
        ["Status", "Actions at 31 December 2009", "Actions at 30 September 2009"],
        ["Complete (C)", "14", "7"],
        ["Green (G)", "42", "52"],
        ["Amber (A)", "1", "1"],
        ["Red (R)", "5", "2"],
        ["Total", "62", "62"],
    ]
    assert fills(table, 0) == ["0070C0", "00B050", "FFC000", "C00000", None]


# --------------------------------------------------------------------------- section 1

def test_section_one_one_table_per_outcome_with_its_other_actions(written):
    tables = section_tables(written["q3"], "Section 1: Exceptions to timely delivery")
    assert [grid(t)[0] for t in tables] == [ACTION_HEADER] * 4
    assert refs_and_letters(tables) == [
        ("1.1", "a", "C"), ("1.1", "b", "R"), ("1.1", "c", "G"),
        ("1.3", "a", "R"), ("1.3", "b", "R"), ("1.3", "c", "G"),
        ("2.3", "a", "R"), ("2.3", "b", "G"),
        ("2.4", "a", "R*"), ("2.4", "b", "G"), ("2.4", "c", "G"),
    ]
    assert fills(tables[1], 5) == ["C00000", "C00000", "00B050"]
    first = grid(tables[1])[1]
    assert first[0] == ("1.3 Leaseholders are satisfied with 2010 Rotherham Ltd\u2019s service "
                        "delivery")
    assert first[1] == "a) Review and agree service standards with leaseholders"
    # the key date in one form: "Nov 09" and its agreed revision "Mar 10" read as dates
    assert first[2] == "Revised to 31 Mar 2010 (was 30 Nov 2009)"
    assert first[3] == "Operations"
    assert first[4].startswith("a) Service standards in place")


def test_outcome_cell_is_merged_down_its_actions(written):
    table = section_tables(written["q3"], "Section 1: Exceptions to timely delivery")[1]
    merges = [tr.tc_lst[0].find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") for tr in
              table._tbl.tr_lst[1:]]
    assert [m.get(qn("w:val")) for m in merges] == ["restart", None, None]
    assert [cells[0] for cells in grid(table)[2:]] == ["", ""]


def test_status_letters_are_bold_and_readable_on_their_colour(written):
    table = section_tables(written["q3"], "Section 1: Exceptions to timely delivery")[0]
    for row, (letter, ink) in zip(table.rows[1:], [("C", "FFFFFF"), ("R", "FFFFFF"),
                                                  ("G", "000000")]):
        run = row.cells[5].paragraphs[0].runs[0]
        assert (run.text, run.bold, str(run.font.color.rgb)) == (letter, True, ink)


def test_exception_report_and_remedial_action(written):
    texts = paragraph_texts(written["q3"])
    assert texts.count("Exception report and remedial action:") == 4
    assert (
        "b) Checks run at 6% of repairs. Remedial action: Two more staff join the call team in "
        "January. Key date: Revised to 31 Jan 2010 (was 31 Dec 2009), as the directorate "
        "proposes. The key date having passed, the status will be "
        "revised to red pending completion.") in texts
    assert (
        "a) Service standards have not yet been reviewed and agreed with leaseholders: the "
        "Leaseholder Forum asked for more time. Remedial action: Revised standards go to the "
        "Forum in February.") in texts  # its revision is the one agreed already
    # carried forward: last quarter's words marked as such, no remedial action made up
    carried = next(t for t in texts if t.startswith("a) No return was received this quarter."))
    assert carried == (
        "a) No return was received this quarter. Carried forward from Q2 2009/10: \u201cAwaiting "
        "the contractor's programme.\u201d Remedial action then: \u201cEscalated to the "
        "Director.\u201d")
    assert not any(t.startswith("a) Awaiting the contractor") for t in texts)
    assert "* No return this quarter: last quarter\u2019s position carried forward." in texts
    # context rows (1.1a Complete, 1.3c Green) get no exception narrative
    assert not any(t.startswith("c) ") for t in texts)


def test_text_from_returns_is_shown_as_typed_never_as_markup(written):
    texts = paragraph_texts(written["q3"])
    line = next(t for t in texts if t.startswith("a) Pasted"))
    assert line == f"a) {MARKUP_CLEAN}. Remedial action: Remedial <b>bold</b> & more."
    assert "49" not in line


# --------------------------------------------------------------------------- sections 2-4

def test_section_two_notable_achievements_with_comments(written):
    document = written["q3"]
    tables = section_tables(document, "Section 2: Notable Achievements")
    assert len(tables) == 1
    assert refs_and_letters(tables) == [
        ("1.2", "a", "C"), ("1.4", "a", "C"), ("3.1", "b", "C"), ("4.2", "a", "C"),
        ("4.3", "a", "C"), ("5.2", "a", "C"), ("5.3", "a", "C")]
    assert set(fills(tables[0], 5)) == {"0070C0"}
    texts = paragraph_texts(document)
    assert "During Q3, the following Improvement Plan successes have been achieved:" in texts
    comment = texts.index("Comment:")
    assert texts[comment + 2] == ("1.4 a) The 0300 100 2010 number was launched, on time, on "
                                  "12 October.")
    assert texts[comment + 1] == "1.2 a) No comment was given in the return."


def test_section_three_looking_forward_for_information(written):
    document = written["q3"]
    tables = section_tables(document, "Section 3: Looking forward to Q4")
    rows = refs_and_letters(tables)
    assert rows[:4] == [("1.3", "a", "R"), ("1.3", "b", "R"), ("1.5", "a", "G"),
                        ("2.1", "a", "G")]
    assert ("2.2", "a", "A") in rows
    assert all(status != "C" for _, _, status in rows)
    texts = paragraph_texts(document)
    assert "These items are presented for information only." in texts
    assert any("reported to the May 2010 meeting of the 2010 Board and then to the Cabinet "
               "Member." in t for t in texts)
    assert not [t for t in texts if has_nested_brackets(t)]


def test_after_q4_the_next_quarter_is_q5(written):
    names = [text for _, text in headings(written["q4"])]
    assert "Section 3: Looking forward to Q1 2010/11 (Q5)" in names


def test_section_four_external_recommendations_by_source(written):
    tables = section_tables(written["q3"], "Section 4: External recommendations")
    assert [len(grid(t)) - 1 for t in tables] == [9, 6]
    audit = grid(tables[0])
    assert audit[0] == ["Ref", "Recommendation", "Lead", "Original date", "Revised date",
                        "Status", "Progress"]
    assert audit[1][:6] == ["AC 1", audit[1][1], "Finance", "31 Mar 2010", "30 Oct 2010",
                            "Outstanding"]
    assert audit[1][6] == "Managers trained at the Forum."
    assert audit[6][5] == "Complete" and fills(tables[0], 5)[5] == "0070C0"
    texts = paragraph_texts(written["q3"])
    assert ("Of the 9 Audit Commission inspection recommendations outstanding at the start of "
            "the quarter, 1 has been completed and 8 remain outstanding. 5 of the 8 outstanding "
            "have a revised date, shown below; progress was reported on 1 this quarter.") in texts
    assert ("Of the 6 Customer Service Excellence recommendations outstanding at the start of "
            "the quarter, none has been completed during the quarter. 1 of the 6 outstanding has "
            "a revised date, shown below; no progress was reported on any of them this "
            "quarter.") in texts
    assert not any("being progressed" in t for t in texts)
    # progress reported by some of the group: the others say none was; a group with none
    # says so once, in its sentence, and leaves the cells empty
    assert audit[2][6] == "No progress was reported this quarter."
    assert {row[6] for row in grid(tables[1])[1:]} == {"\u2013"}


def test_empty_sections_say_so(written):
    document = written["empty"]
    texts = paragraph_texts(document)
    assert ("There are no actions currently identified as being behind schedule or off target "
            "against key dates.") in texts
    assert "No notable achievements were recorded during Q3." in texts
    assert "There are no key actions with key dates in Q4 that are not already complete." in texts
    assert "All the Audit Commission inspection recommendations were completed in earlier " \
           "quarters." in texts
    assert len(document.tables) == 2  # the summary of counts and the list of every action


# --------------------------------------------------------------------------- layout

@pytest.mark.parametrize("name", ["q3", "q4", "empty"])
def test_every_table_has_a_repeating_header_row_and_unsplit_rows(written, name):
    for table in written[name].tables:
        rows = table.rows
        assert word.is_header_row(rows[0])
        assert not any(word.is_header_row(r) for r in rows[1:])
        assert all(word.is_kept_together(r) for r in rows)
        for tr in table._tbl.tr_lst:  # a width on every cell
            assert all(tc.tcPr is not None and tc.tcPr.tcW is not None for tc in tr.tc_lst)
        assert table.style.name == "Board Table"


def test_tables_fit_the_landscape_page(written):
    document = written["q3"]
    landscape = document.sections[1]
    width = word.text_width(landscape)
    for table in document.tables[1:]:
        total = sum(tc.width for tc in table._tbl.tr_lst[0].tc_lst)
        assert width - 30_000 <= total <= width  # the full width (within 1 mm), never beyond


def test_sections_portrait_then_landscape_a4(written):
    first, second = written["q3"].sections
    assert first.orientation == WD_ORIENT.PORTRAIT and first.page_height > first.page_width
    assert second.orientation == WD_ORIENT.LANDSCAPE and second.page_width > second.page_height
    assert (round(second.page_width.cm, 1), round(second.page_height.cm, 1)) == (29.7, 21.0)


def test_footer_line_and_page_numbers_on_every_section(written):
    for section in written["q3"].sections:
        assert not section.footer.is_linked_to_previous
        text = section.footer.paragraphs[0].text
        assert text.startswith(FOOTER + "\tPage ")
        assert word.field_codes(section.footer) == ["PAGE", "NUMPAGES"]


def test_draft_on_every_page_until_final(written):
    for section in written["q3"].sections:
        assert header_texts(section) == "DRAFT \u2013 not for publication"
    for section in written["q4"].sections:
        assert header_texts(section) == ""


def test_final_issued_past_errors_says_so(tmp_path, sample_plan, sample_settings):
    previous, current = q4_pair(sample_plan)
    forced = replace(current, findings=(Finding(Severity.ERROR, "x", "broken"),))
    context = context_for(sample_plan, sample_settings, (previous, forced), final=True)
    document = Document(str(write_progress_report(context, tmp_path / "p.docx")))
    assert {header_texts(s) for s in document.sections} == {
        "FINAL \u2013 issued with 1 unresolved validation error"}


def test_title_and_language_in_the_properties(written):
    document = written["q3"]
    props = document.core_properties
    assert props.title == "Improvement Plan: Progress Report for Q3 2009/10"
    assert props.language == "en-GB" and props.author == "Head of Performance"
    assert props.subject.startswith("Progress against the Improvement Plan agreed between 2010 "
                                    "Rotherham Ltd and Rotherham Metropolitan Borough Council")
    assert word.default_language(document) == "en-GB"


def test_colours_come_from_the_settings(tmp_path, sample_plan, sample_settings):
    colours = {Status.RED: "FF0000", Status.AMBER: "FFBF00", Status.GREEN: "92D050",
               Status.COMPLETE: "1F4E79"}
    scheme = sample_settings.status_scheme
    settings = replace(sample_settings, status_scheme=replace(scheme, categories=tuple(
        replace(s, colour=colours[s]) for s in scheme.categories)))
    context = context_for(sample_plan, settings, q3_pair(sample_plan))
    document = Document(str(write_progress_report(context, tmp_path / "p.docx")))
    table = section_tables(document, "Section 1: Exceptions to timely delivery")[1]
    assert fills(table, 5) == ["FF0000", "FF0000", "92D050"]


def test_section_titles_and_introductions_are_the_settings_words(tmp_path, sample_plan,
                                                                  sample_settings):
    words = dict(sample_settings.section_words)
    words["exceptions"] = SectionWords(
        "Slipping in {quarter}", "what slipped", "Our own opening for {name}.\n\nA second.")
    words["looking_forward"] = replace(words["looking_forward"],
                                       introduction="Next up, reported to {meeting}.")
    settings = replace(sample_settings, section_words=tuple(words.items()))
    context = context_for(sample_plan, settings, q3_pair(sample_plan))
    document = Document(str(write_progress_report(context, tmp_path / "p.docx")))
    assert (1, "Section 1: Slipping in Q3") in headings(document)
    texts = paragraph_texts(document)
    assert "what slipped;" in texts  # the front page's list of sections
    first = texts.index("Our own opening for 2010 Rotherham Ltd.")
    assert texts[first + 1].startswith("A second. Each table shows every key action")
    assert "Next up, reported to the May 2010 meeting of the 2010 Board and then to the " \
           "Cabinet Member." in texts
    assert not any("Set out below are those items" in t or "These items are presented" in t
                   for t in texts)


# --------------------------------------------------------------------------- files

def test_written_atomically_over_the_old_file(tmp_path, sample_plan, sample_settings):
    target = tmp_path / "progress_report.docx"
    target.write_text("old")
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    assert write_progress_report(context, target) == target
    assert Document(str(target)).paragraphs[0].text.startswith("Improvement Plan")
    assert [p.name for p in tmp_path.iterdir()] == ["progress_report.docx"]


def test_a_house_style_without_a_needed_style_is_refused(tmp_path, sample_plan,
                                                         sample_settings):
    house = Document(str(DEFAULT_REFERENCE))
    style = house.styles["Table Note"].element
    style.getparent().remove(style)
    house.save(str(tmp_path / "house.docx"))
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    with pytest.raises(TemplateProblem, match="lacks the style\\(s\\) 'Table Note'"):
        write_progress_report(context, tmp_path / "p.docx", tmp_path / "house.docx")
    assert not (tmp_path / "p.docx").exists()


def test_missing_reference_says_how_to_make_it(tmp_path, sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    with pytest.raises(TemplateProblem, match="input_templates/reference.docx"):
        write_progress_report(context, tmp_path / "p.docx", tmp_path / "none.docx")




# --------------------------------------------------------------------------- true whatever the data

def _texts(tmp_path, plan, settings, pair, name="p.docx"):
    context = context_for(plan, settings, pair)
    return paragraph_texts(Document(str(write_progress_report(context, tmp_path / name))))


def test_front_page_names_both_organisations_in_full(written):
    texts = paragraph_texts(written["q3"])
    assert texts[2].startswith("The Improvement Plan agreed between 2010 Rotherham Ltd and "
                               "Rotherham Metropolitan Borough Council has 6 themes")
    assert texts[2].endswith("This report sets out progress by exception in Q3, to the end of "
                             "December 2009.")
    assert not any("between RMBC and" in t or "between 2010 and" in t for t in texts)


def test_council_plan_is_described_from_the_councils_names(tmp_path, council_plan,
                                                            council_settings):
    from reporter.periods import Quarter

    q2, q3 = Quarter(2007, 2), Quarter(2007, 3)
    pair = (snapshot(council_plan, q2, natural(council_plan, q2)),
            snapshot(council_plan, q3, natural(council_plan, q3)))
    texts = _texts(tmp_path, council_plan, council_settings, pair)
    assert texts[1] == "Rotherham Metropolitan Borough Council Improvement Plan: position at 31 " \
                       "December 2007"
    assert texts[2].startswith("The Corporate Improvement Plan of Rotherham Metropolitan "
                               "Borough Council has 7 themes")
    assert not any("agreed between" in t for t in texts)  # the Council's own plan
    assert not any("between 2010 and" in t or "RMBC\u2019s Board" in t for t in texts)
    assert any("meeting of the Corporate Improvement Board and then to the Cabinet Member" in t
               for t in texts)


def test_the_sections_listed_are_the_sections_written(written, tmp_path, sample_plan,
                                                      sample_settings):
    """"This report has four sections" lists exactly the Section headings that follow; a
    plan with no external recommendations has three, and a quarter with an action not
    reported one more."""
    for name, document in written.items():
        texts = paragraph_texts(document)
        carried = name == "q3"  # 2.4a carried forward
        assert f"This report has {'six' if carried else 'five'} sections, covering:" in texts
        assert [h for _, h in headings(document) if h.startswith("Section ")] == [
            "Section 1: Exceptions to timely delivery", "Section 2: Notable Achievements",
            next(h for _, h in headings(document) if h.startswith("Section 3: Looking forward")),
            "Section 4: External recommendations",
            *(["Section 5: Not reported in Q3"] if carried else []),
            f"Section {6 if carried else 5}: Every key action at the end of "
            f"{'Q3' if name != 'q4' else 'Q4'}"]
    plan = replace(sample_plan, recommendations=())
    context = context_for(plan, sample_settings, q3_pair(plan))
    document = Document(str(write_progress_report(context, tmp_path / "three.docx")))
    texts = paragraph_texts(document)
    start = texts.index("This report has five sections, covering:")
    assert texts[start + 1:start + 6] == [
        "the actions which are behind schedule or off target against key dates, with the "
        "remedial action reported;",
        "the notable achievements of the quarter;",
        "the actions due in the next quarter, Q4, for information;",
        "the actions not reported this quarter: the actions whose directorate sent no return, "
        "with the position carried forward; and",
        "every key action of the plan with its status, for reference."]
    assert [h for _, h in headings(document) if h.startswith("Section ")][-3:] == [
        "Section 3: Looking forward to Q4", "Section 4: Not reported in Q3",
        "Section 5: Every key action at the end of Q3"]


def test_first_quarter_lists_completes_as_complete_at_the_end(tmp_path, sample_plan,
                                                              sample_settings):
    texts = _texts(tmp_path, sample_plan, sample_settings, first_quarter(sample_plan))
    assert ("This is the first quarter reported: there is no earlier quarter to compare with. "
            "The actions below are those complete at the end of Q3, and any marked notable by "
            "their directorate; when each was completed is not known.") in texts
    assert "During Q3, the following Improvement Plan successes have been achieved:" not in texts
    assert ("the actions complete at the end of the quarter and any marked notable (this is "
            "the first quarter reported);") in texts
    assert any(t.startswith("Of the 9 Audit Commission inspection recommendations, 1 is "
                            "complete at the end of the quarter and 8 are outstanding.")
               for t in texts)
    assert not any("outstanding at the start of the quarter" in t for t in texts)


def test_with_no_returns_the_position_is_not_known(tmp_path, sample_plan, sample_settings):
    texts = _texts(tmp_path, sample_plan, sample_settings, (None, nothing_returned(sample_plan)))
    unknown = ("No returns were received for Q3, so the position of the 62 actions at the end "
               "of the quarter is not known.")
    assert f"{unknown} Which actions are behind schedule cannot be said." in texts
    assert f"{unknown} No achievements can be reported." in texts
    assert not any(t.startswith("There are no actions currently identified") for t in texts)
    assert not any("being progressed" in t or "good" in t for t in texts)


def test_unreported_actions_are_not_called_on_track(tmp_path, sample_plan, sample_settings):
    previous, current = empty_pair(sample_plan)
    gaps = {a.ref: None if i < 2 else Status.COMPLETE for i, a in enumerate(sample_plan.actions)}
    current = snapshot(sample_plan, Q3, gaps)
    texts = _texts(tmp_path, sample_plan, sample_settings, (previous, current))
    assert ("There are no actions currently identified as being behind schedule or off target "
            "against key dates. 2 actions were not reported this quarter, so whether they are "
            "behind schedule is not known.") in texts


# --------------------------------------------------------------------------- action limit

def _action_rows(document) -> list[tuple[str, str, str]]:
    """(outcome, letter, status) of every row of every action table."""
    return refs_and_letters([t for t in document.tables if grid(t)[0] == ACTION_HEADER])


def test_beyond_the_action_limit_the_tables_give_the_picked_actions_only(
        tmp_path, sample_plan, sample_settings):
    """A plan of more actions than ``action_limit``: the exceptions' tables show the
    off-track actions alone, not every action of their outcomes, and a plain sentence
    says where the full list is."""
    assert len(sample_plan.actions) == 62
    settings = replace(sample_settings, action_limit=61)
    context = context_for(sample_plan, settings, q3_pair(sample_plan))
    document = Document(str(write_progress_report(context, tmp_path / "capped.docx")))
    texts = paragraph_texts(document)
    sentence = ("The plan has 62 key actions, more than the 61 this report lists in full, so "
                "its tables give only the exceptions to timely delivery, the notable "
                "achievements and the actions due in Q4. The full list of 62 actions is in "
                "the consolidated workbook (consolidated.xlsx).")
    assert sentence in texts
    assert texts.index(sentence) < texts.index("Section 1: Exceptions to timely delivery")
    assert [h for _, h in headings(document) if h.startswith("Section ")] == [
        "Section 1: Exceptions to timely delivery", "Section 2: Notable Achievements",
        "Section 3: Looking forward to Q4", "Section 4: External recommendations",
        "Section 5: Not reported in Q3"]
    tables = section_tables(document, "Section 1: Exceptions to timely delivery")
    assert refs_and_letters(tables) == [  # 1.1a (C), 1.1c, 1.3c, 2.3b, 2.4b, 2.4c (G) left out
        ("1.1", "b", "R"), ("1.3", "a", "R"), ("1.3", "b", "R"), ("2.3", "a", "R"),
        ("2.4", "a", "R*")]
    assert any("the off track" in t or "that are off track" in t for t in texts)
    assert not any("every key action of the outcome, for context" in t for t in texts)
    # the other two sections are as before: the actions they pick, every one
    full = Document(str(write_progress_report(
        context_for(sample_plan, sample_settings, q3_pair(sample_plan)), tmp_path / "p.docx")))
    for heading in ("Section 2: Notable Achievements", "Section 3: Looking forward to Q4"):
        assert refs_and_letters(section_tables(document, heading)) == \
            refs_and_letters(section_tables(full, heading))
    assert len(_action_rows(document)) == len(_action_rows(full)) - 6


def test_at_the_action_limit_every_action_is_listed_as_before(tmp_path, sample_plan,
                                                              sample_settings):
    at_limit = context_for(sample_plan, replace(sample_settings, action_limit=62),
                           q3_pair(sample_plan))
    default = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    assert at_limit.lists_every_action and default.action_limit == 2000
    documents = [Document(str(write_progress_report(c, tmp_path / f"{n}.docx")))
                 for n, c in enumerate((at_limit, default))]
    assert paragraph_texts(documents[0]) == paragraph_texts(documents[1])
    assert [grid(t) for t in documents[0].tables] == [grid(t) for t in documents[1].tables]
    assert not any("consolidated workbook" in t for t in paragraph_texts(documents[0]))
    assert ("1.1", "c", "G") in refs_and_letters(
        section_tables(documents[0], "Section 1: Exceptions to timely delivery"))


# --------------------------------------------------------------------------- every action

def test_every_action_of_the_plan_is_in_the_appendix_with_its_status(written, sample_plan):
    """The last section lists every action, in plan order, each with the status letter the
    counts use (R* carried forward, the key-date rule applied), under its outcome."""
    document = written["q3"]
    tables = section_tables(document, "Section 6: Every key action at the end of Q3")
    assert len(tables) == 1
    rows = grid(tables[0])
    assert rows[0] == ["Ref", "Key action", "Key dates", "Lead Director", "Status"]
    actions = [row for row in rows[1:] if row[0] != row[-1]]  # outcome rows span the table
    assert [row[0] for row in actions] == [a.ref for a in sample_plan.actions]
    letters = {row[0]: row[-1] for row in actions}
    assert letters["1.1b"] == "R"  # returned Green, Red by the key-date rule
    assert letters["2.4a"] == "R*"  # carried forward from a missing return
    assert letters["3.1b"] == "C" and letters["2.2a"] == "A"
    # the counts agree with the summary table's
    summary = {row[0]: row[1] for row in grid(document.tables[0])[1:]}
    assert sum(1 for v in letters.values() if v.startswith("R")) == int(summary["Red (R)"])
    texts = paragraph_texts(document)
    assert "* No return this quarter: last quarter\u2019s position carried forward." in texts
    # the key to the marks is kept with the last row, never left alone on a page
    last_row = tables[0].rows[-1]
    assert all(p.paragraph_format.keep_with_next for cell in last_row.cells
               for p in cell.paragraphs)


def test_beyond_the_action_limit_there_is_no_list_of_every_action(tmp_path, sample_plan,
                                                                  sample_settings):
    settings = replace(sample_settings, action_limit=61)
    context = context_for(sample_plan, settings, q3_pair(sample_plan))
    document = Document(str(write_progress_report(context, tmp_path / "capped.docx")))
    assert not any(h.startswith("Section 6") for _, h in headings(document))
def test_every_key_date_is_shown_in_one_form(written, sample_plan):
    """The register writes "Nov 09", a return "31/01/2010": the report shows a day
    ("30 Nov 2009"), or an agreed revision beside the date it replaces, in every table
    and exception paragraph."""
    import re

    day = r"\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"
    one_form = re.compile(rf"^(?:{day}|Revised to {day} \(was {day}\))$")
    for name in ("q3", "q4"):
        shown = [row[2] for table in written[name].tables if grid(table)[0] == ACTION_HEADER
                 for row in grid(table)[1:] if row[2]]
        dated = [t for t in shown if re.search(r"\d", t)]  # not "Ongoing", "December annually"
        assert len(dated) > 10 and all(one_form.match(text) for text in dated), \
            [t for t in dated if not one_form.match(t)]
        revised = [a for a in sample_plan.actions if a.agreed_revised_date is not None]
        assert any(t.startswith("Revised to") for t in shown) == bool(revised)
        offered = [re.search(r"Key date: (.*?), as the directorate proposes", t).group(1)
                   for t in paragraph_texts(written[name]) if "Key date: " in t]
        assert all(one_form.match(text) for text in offered)
    assert offered or name == "q4"
