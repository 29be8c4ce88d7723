"""Covering reports from Word templates: the real Q4 report's figures reproduced
(43 (12) ...), the sentences that follow the figures, two reports from two templates
around one appendix, the chart with its alternative text, the DRAFT line, and text
from the plan or the returns that can never become markup."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace

import pytest
from docx import Document
from test_documents import (  # noqa: F401 (council_plan, council_settings: fixtures)
    ALL_TEMPLATES,
    MARKUP,
    MARKUP_CLEAN,
    Q3,
    Q4,
    SHARE_65,
    context_for,
    council_plan,
    council_settings,
    empty_pair,
    first_quarter,
    header_texts,
    headings,
    natural,
    nothing_returned,
    paragraph_texts,
    q3_pair,
    q4_pair,
    snapshot,
)

from reporter.analysis import StatusSummary
from reporter.config.settings import Organisation
from reporter.indicators.results import ImprovementShare
from reporter.pack import (
    DEFAULT_REFERENCE,
    DEFAULT_TEMPLATES,
    PLACEHOLDERS,
    TemplateProblem,
    template_values,
    word,
    write_covering_report,
    write_covering_reports,
    write_progress_report,
)
from reporter.pack.context import RecommendationGroup, RecommendationRow
from reporter.pack.covering_report import COUNCIL_PLAN_TEMPLATE
from reporter.pack.wording import (
    board_recommendations,
    count_lines,
    delivery_good,
    ordinal,
    recommendation_line,
    recommendation_sentence,
    reds_detail,
    reds_summary,
    share_sentence,
)
from reporter.periods import Quarter
from reporter.status import Status

C, G, A, R = Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED
COUNTS_001 = [
    "43 (12) actions being completed on or ahead of time;",
    "15 (33) actions progressing in line with timescales;",
    "4 (10) actions progressing with some concern for timescale; and",
    "0 (7) actions confirmed as being behind schedule.",
]


@pytest.fixture(scope="module")
def q4_reports(tmp_path_factory, sample_plan, sample_settings):
    """The Q4 2009/10 reproduction of 001, final, from both committed templates."""
    out = tmp_path_factory.mktemp("covering")
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan), final=True)
    paths = write_covering_reports(context, DEFAULT_TEMPLATES, out)
    return {p.name: Document(str(p)) for p in paths}


@pytest.fixture(scope="module")
def q3_board_path(tmp_path_factory, sample_plan, sample_settings):
    """The Q3 draft from the Board's template, with markup typed into the plan's text of
    a still-Red action."""
    out = tmp_path_factory.mktemp("covering_q3")
    actions = tuple(replace(a, text=MARKUP) if a.ref == "2.4a" else a
                    for a in sample_plan.actions)
    plan = replace(sample_plan, actions=actions)
    context = context_for(plan, sample_settings, q3_pair(plan))
    return write_covering_report(context, DEFAULT_TEMPLATES[0], out / "covering_report.docx")


@pytest.fixture(scope="module")
def q3_board(q3_board_path):
    return Document(str(q3_board_path))


# --------------------------------------------------------------------------- the Q4 report

def test_q4_counts_with_brackets_as_the_real_report(q4_reports):
    texts = paragraph_texts(q4_reports["covering_report.docx"])
    start = texts.index("In summary the position at the end of Q4 was:")
    assert texts[start + 1:start + 5] == COUNTS_001
    assert texts[start + 5] == ("N.B. The values in brackets indicate the situation at the end "
                                "of the previous quarter on 31 December 2009.")
    progress = texts.index("Further progress has been made with the Improvement Plan during "
                           "Q4, with:")
    assert texts[progress + 1:progress + 5] == COUNTS_001


def test_q4_executive_summary_sentences(q4_reports):
    texts = paragraph_texts(q4_reports["covering_report.docx"])
    assert ("Of the 62 actions within the Improvement Plan, 32 were targeted for completion by "
            "the end of Q4.") in texts
    assert ("Performance in complying with the Plan has been good with the 7 previously "
            "reported actions at RED status being completed.") in texts
    assert ("During the previous quarter there were 7 actions at RED status, i.e. behind "
            "target. It is confirmed that the 7 actions have since been completed.") in texts
    assert ("This report presents to the Board the progress made with the Improvement Plan, as "
            "agreed with RMBC, to the end of March 2010.") in texts


def test_q4_the_70_percent_test(q4_reports):
    texts = paragraph_texts(q4_reports["covering_report.docx"])
    summary = texts.index("Executive summary")
    assert texts[summary + 10].startswith("It is confirmed that the actual improvement")
    assert any(t.startswith(
        "It is confirmed that the actual improvement on 2008/09 performance indicators was 65%, "
        "i.e. 11 out of 17 improved on the previous year, short of the plan\u2019s "
        "target of 70%.") for t in texts)


def test_q4_headings_in_order(q4_reports):
    assert headings(q4_reports["covering_report.docx"]) == [
        (0, "Improvement Plan: progress report for Q4 2009/10"),
        (1, "Recommendations"),
        (1, "Executive summary"),
        (1, "Implications"),
        (1, "Introduction"),
        (1, "Progress in Q4, to 31 March 2010"),
        (2, "Outstanding external recommendations"),
        (1, "Summary"),
        (1, "Proposals and rationale"),
        (1, "Recommendations"),
        (1, "Appendices and supporting information"),
    ]


def test_q4_implications_introduction_and_appendix(q4_reports):
    document = q4_reports["covering_report.docx"]
    implications = document.tables[0]
    assert [row.cells[0].text for row in implications.rows] == [
        "Area", "Consultation", "Environmental", "Equalities and diversity", "Finance and VFM",
        "Health and safety", "Legal", "Personnel", "Risk"]
    assert word.is_header_row(implications.rows[0])
    assert "Management Agreement with RMBC" in implications.rows[6].cells[1].text
    texts = paragraph_texts(document)
    assert ("Theme 1: Address tenants\u2019 and leaseholders\u2019 priorities for "
            "improvement") in texts
    assert "Name: Head of Performance" in texts
    assert "Job title: Performance and Service Improvement Manager" in texts
    assert "Appendix A \u2013 The progress report up to 31 March 2010 (attached)" in texts
    assert any(t.startswith("This is the second assessment") for t in texts)  # Q3 and Q4


def test_two_reports_from_two_templates_around_one_appendix(q4_reports):
    assert sorted(q4_reports) == ["covering_report.docx", "covering_report_council.docx"]
    council = q4_reports["covering_report_council.docx"]
    texts = paragraph_texts(council)
    assert texts[0] == "Rotherham Metropolitan Borough Council: report to the Cabinet Member"
    assert "Date: 24 May 2010" in texts
    start = texts.index("At the end of Q4 there were:")
    assert texts[start + 1:start + 5] == COUNTS_001
    footer = council.sections[0].footer.paragraphs[0].text
    assert footer.startswith("RMBC / Cabinet Member for Neighbourhoods / 24 May 2010\tPage ")
    assert word.field_codes(council.sections[0].footer) == ["PAGE", "NUMPAGES"]
    board_footer = q4_reports["covering_report.docx"].sections[0].footer.paragraphs[0].text
    assert board_footer.startswith("2010 Board / 12 May 2010 / Delivering Improvement / IR\t")


def test_the_chart_is_there_with_alternative_text(q4_reports):
    pictures = word.pictures_alt_text(q4_reports["covering_report.docx"])
    assert len(pictures) == 1
    title, descr = pictures[0]
    assert title == "Key actions by status, by quarter"
    assert descr.startswith("Key actions by status: stacked bar chart of key actions by status, "
                            "Q3 2009/10 to Q4 2009/10. Latest, Q4 2009/10: 43 Complete, 15 Green")
    texts = paragraph_texts(q4_reports["covering_report.docx"])
    assert any(t.startswith("Figure 1: Key actions by status at the end of each quarter, "
                            "Q3 2009/10 to Q4 2009/10.") for t in texts)
    assert word.pictures_alt_text(q4_reports["covering_report_council.docx"]) == []


def test_final_reports_carry_no_draft_line_and_their_properties(q4_reports):
    for document in q4_reports.values():
        assert all(header_texts(s) == "" for s in document.sections)
        assert document.core_properties.language == "en-GB"
        assert word.default_language(document) == "en-GB"
    assert q4_reports["covering_report.docx"].core_properties.title == \
        "Improvement Plan: progress report for Q4 2009/10"


# --------------------------------------------------------------------------- the Q3 draft

def test_draft_line_on_every_page(q3_board):
    assert all(header_texts(s) == "DRAFT \u2013 not for publication" for s in q3_board.sections)


def test_reds_still_red_are_named_and_markup_is_shown_as_typed(q3_board, q3_board_path):
    texts = paragraph_texts(q3_board)
    assert ("Of the 2 actions at RED status at the end of the previous quarter, 1 has been "
            "completed and 1 remains at RED status. In all, 5 actions are behind schedule.") in texts
    assert not any("previously reported actions at RED status being completed" in t
                   for t in texts)
    assert f"2.4a {MARKUP_CLEAN}" in texts
    assert not any("49" in t for t in texts)
    with zipfile.ZipFile(q3_board_path) as z:
        xml = z.read("word/document.xml").decode()
    assert "&lt;w:p&gt;" in xml and "{{ 7*7 }}" in xml and "&amp;" in xml


def test_actions_moving_to_red_are_listed(q3_board):
    texts = paragraph_texts(q3_board)
    start = texts.index("4 actions have moved to RED status during the quarter; the reasons and "
                        "the remedial action are given in Section 1 of Appendix A.")
    assert [t.split(" ")[0] for t in texts[start + 1:start + 5]] == ["1.1b", "1.3a", "1.3b",
                                                                    "2.3a"]


# --------------------------------------------------------------------------- templates

def _template(tmp_path, *lines: str):
    document = Document(str(DEFAULT_REFERENCE))
    word.clear_body(document)
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "edited.docx"
    document.save(str(path))
    return path


def test_a_misspelt_placeholder_is_named(tmp_path, sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    template = _template(tmp_path, "{{ count_complete }}", "{{ exec_sumary }}")
    with pytest.raises(TemplateProblem, match=r"uses the placeholder \{\{ exec_sumary \}\}"):
        write_covering_report(context, template, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_a_broken_tag_is_reported_with_the_fix(tmp_path, sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    template = _template(tmp_path, "{%p for line in count_lines %}", "{{ line }}")
    with pytest.raises(TemplateProblem, match="retype it in one go"):
        write_covering_report(context, template, tmp_path / "out.docx")


def test_a_template_cannot_reach_python(tmp_path, sample_plan, sample_settings):
    """A covering template is a document people edit: a tag that reaches for Python's
    insides is refused with a message, and nothing of it reaches the Board paper."""
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    template = _template(tmp_path, "{{ count_complete }}",
                         "{{ count_complete.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateProblem, match="reaches outside the quarter's values"):
        write_covering_report(context, template, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_a_tag_that_fails_when_filled_in_is_named(tmp_path, sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    template = _template(tmp_path, "{{ count_complete }}", "{{ 1/0 }}")
    with pytest.raises(TemplateProblem, match=r"fails when it is filled in \(ZeroDivisionError"):
        write_covering_report(context, template, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_an_edited_template_is_filled(tmp_path, sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    template = _template(tmp_path, "Complete: {{ count_complete }}, Red: {{ count_red }}.",
                         "{{ share_percent }} of {{ share_comparable }}")
    out = write_covering_reports(context, {"board.docx": template}, tmp_path)
    assert [p.name for p in out] == ["board.docx"]
    assert paragraph_texts(Document(str(out[0]))) == ["Complete: 43 (12), Red: 0 (7).",
                                                      "65% of 17"]


def test_missing_template_and_name_clash(tmp_path, sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    with pytest.raises(TemplateProblem, match="is missing"):
        write_covering_reports(context, [tmp_path / "nowhere.docx"], tmp_path)
    with pytest.raises(TemplateProblem, match="same as the appendix"):
        write_covering_reports(context, {"progress_report.docx": DEFAULT_TEMPLATES[0]}, tmp_path)


def test_every_placeholder_is_documented(sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, q4_pair(sample_plan))
    assert set(template_values(context)) | {"chart"} == set(PLACEHOLDERS)
    for path in ALL_TEMPLATES:
        with zipfile.ZipFile(path) as z:
            text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode()
                          + z.read("word/footer1.xml").decode())
        used = set(re.findall(r"\{\{\s*(\w+)", text))
        used |= set(re.findall(r"\{%p\s+(?:for \w+ in|if)\s+(\w+)", text))
        assert used - {"line"} <= set(PLACEHOLDERS), path.name


def test_few_outstanding_recommendations_are_listed(tmp_path, sample_plan, sample_settings):
    previous, current = q4_pair(sample_plan)
    done = {r.ref: {"complete": True} for r in sample_plan.recommendations[:-2]}
    current = snapshot(sample_plan, Q4, {p.ref: p.status for p in current.actions},
                       recommendations=done)
    context = context_for(sample_plan, sample_settings, (previous, current))
    path = write_covering_report(context, DEFAULT_TEMPLATES[0], tmp_path / "c.docx")
    texts = paragraph_texts(Document(str(path)))
    start = texts.index("Still outstanding at the end of the quarter:")
    assert texts[start + 1:start + 3] == [
        "5.2.4 Standards for responding to letters and e-mails are not monitored in every team "
        "(date 31 Dec 2009)",  # key dates in one form (key_dates.key_date_text)
        "5.3.3 You do not at present benchmark your performance to timeliness and quality of "
        "customer service (revised date 30 Sep 2010)"]


# --------------------------------------------------------------------------- wording

def test_count_lines_singular_and_not_reported():
    summary = StatusSummary({C: 1, G: 0, A: 2, R: 1, None: 3}, {C: 0, G: 4, A: 2, R: 1, None: 0})
    assert count_lines(summary) == [
        "1 (0) action being completed on or ahead of time;",
        "0 (4) actions progressing in line with timescales;",
        "2 (2) actions progressing with some concern for timescale;",
        "1 (1) action confirmed as being behind schedule; and",
        "3 (0) actions with no status reported.",
    ]
    assert count_lines(StatusSummary({C: 5, G: 1, A: 0, R: 0, None: 0}))[0] == \
        "5 actions being completed on or ahead of time;"


def test_what_became_of_last_quarters_reds(sample_plan, sample_settings):
    previous, current = q4_pair(sample_plan)
    statuses = {p.ref: p.status for p in current.actions}
    reds = [p.ref for p in previous.actions if p.status is R]
    statuses.update({reds[0]: R, reds[1]: R, reds[2]: A, reds[3]: None})
    mixed = snapshot(sample_plan, Q4, statuses)
    context = context_for(sample_plan, sample_settings, (previous, mixed))
    assert reds_summary(context) == (
        "Of the 7 actions at RED status at the end of the previous quarter, 3 have been "
        "completed, 1 is now progressing with some concern for timescale (AMBER), 2 remain at "
        "RED status and 1 has not been reported this quarter. In all, 2 actions are behind "
        "schedule and 1 was not reported.")
    assert reds_detail(context).startswith("During the previous quarter there were 7 actions "
                                           "at RED status, i.e. behind target. Of those, 3 have")
    first = context_for(sample_plan, sample_settings, (None, mixed),
                        history=[(Q4, mixed)])
    assert reds_summary(first).startswith("This is the first quarter reported")
    calm = context_for(sample_plan, sample_settings, (mixed, mixed))
    assert reds_summary(calm).startswith("Of the 2 actions at RED status")
    # another organisation's off-track category is named by its own label
    scheme = context.status_scheme
    renamed = replace(scheme, categories=tuple(
        replace(s, label="Off track") if s.off_track else s for s in scheme.categories))
    theirs = replace(context, status_scheme=renamed)
    assert reds_detail(theirs).startswith("During the previous quarter there were 7 actions "
                                          "at OFF TRACK status, i.e. behind target.")
    assert reds_summary(theirs).startswith("Of the 7 actions at OFF TRACK status at the end")


NOT_COMPARED = (("no figures for the same period last year", 2), ("data only", 1))
SHARE_WITH_GAPS = ImprovementShare(11, 17, 11 / 17, 0.70, False, NOT_COMPARED)
SHARE_DATA_ONLY = ImprovementShare(11, 17, 11 / 17, 0.70, False, (("data only", 2),))
GAPS = ("3 could not be compared because 2 have no figures for the same period last year and "
        "1 is data only (never judged)")


@pytest.mark.parametrize("share, quarter, final, expected", [
    (SHARE_65, Q4, True, "It is confirmed that the actual improvement on 2008/09 performance "
                         "indicators was 65%, i.e. 11 out of 17 improved on the previous year, "
                         "short of the plan\u2019s target of 70%."),
    (ImprovementShare(13, 17, 13 / 17, 0.70, True), Q4, True,
     "It is confirmed that the actual improvement on 2008/09 performance indicators was 76%, "
     "i.e. 13 out of 17 improved on the previous year, meeting the plan\u2019s "
     "target of 70%."),
    # data-only indicators are never compared: the figure can still be confirmed
    (SHARE_DATA_ONLY, Q4, True,
     "It is confirmed that the actual improvement on 2008/09 performance indicators was 65%, "
     "i.e. 11 out of 17 improved on the previous year, short of the plan\u2019s target of 70%; "
     "2 could not be compared because 2 are data only (never judged)."),
    # a draft is provisional, however complete
    (SHARE_65, Q4, False,
     "The improvement on 2008/09 performance indicators is provisional at 65%: 11 out of 17 "
     "comparable indicators improved on the previous year, short of the plan\u2019s target of "
     "70%. It cannot yet be confirmed because the figures are not yet final."),
    # final, but judged indicators could not be compared: provisional, and why
    (SHARE_WITH_GAPS, Q4, True,
     "The improvement on 2008/09 performance indicators is provisional at 65%: 11 out of 17 "
     f"comparable indicators improved on the previous year, short of the plan\u2019s target of "
     f"70%; {GAPS}. It cannot yet be confirmed because 2 indicators could not be compared."),
    (SHARE_WITH_GAPS, Q4, False,
     "The improvement on 2008/09 performance indicators is provisional at 65%: 11 out of 17 "
     f"comparable indicators improved on the previous year, short of the plan\u2019s target of "
     f"70%; {GAPS}. It cannot yet be confirmed because the figures are not yet final and 2 "
     "indicators could not be compared."),
    (SHARE_65, Q3, True, "So far this year 11 of 17 comparable performance indicators (65%) are "
                         "better than in the same period of 2008/09, short of the plan\u2019s "
                         "target of 70%."),
    (SHARE_WITH_GAPS, Q3, False,
     "So far this year 11 of 17 comparable performance indicators (65%) are better than in the "
     f"same period of 2008/09, short of the plan\u2019s target of 70%; {GAPS}."),
    (None, Q3, False, "No performance indicator can yet be compared with 2008/09, so the "
                      "plan\u2019s target for improvement cannot be assessed this quarter."),
    (ImprovementShare(0, 0, None, 0.70, False, (("year not complete", 4),)), Q3, False,
     "No performance indicator can yet be compared with 2008/09 (4 can be compared with last "
     "year\u2019s outturn only once the year is complete), so the plan\u2019s target for "
     "improvement cannot be assessed this quarter."),
])
def test_the_70_percent_sentence_adapts(share, quarter, final, expected):
    assert share_sentence(share, quarter, final) == expected
    assert "exceeded" not in share_sentence(share, quarter, final)  # polarity-blind: never


def _rec(ref: str, complete: bool) -> RecommendationRow:
    return RecommendationRow(ref, "Audit Commission inspection", f"Do {ref}", "Finance",
                             "Mar 10", "", complete, complete)


@pytest.mark.parametrize("states, expected", [
    ((True, False, False), "Of the 3 Audit Commission inspection recommendations outstanding at "
                           "the start of the quarter, 1 has been completed and 2 remain "
                           "outstanding. Neither has a revised date; no progress was reported on "
                           "either this quarter."),
    ((True, True), "All 2 Audit Commission inspection recommendations outstanding at the start "
                   "of the quarter have been completed."),
    ((True,), "The one Audit Commission inspection recommendation outstanding at the start of "
              "the quarter has been completed."),
    ((False,), "The one Audit Commission inspection recommendation outstanding at the start of "
               "the quarter has not been completed. It has no revised date; no progress was "
               "reported on it this quarter."),
])
def test_recommendation_sentences(states, expected):
    group = RecommendationGroup("Audit Commission inspection",
                                tuple(_rec(f"AC {i}", s) for i, s in enumerate(states)), 0)
    assert recommendation_sentence(group) == expected


def test_recommendation_line_names_the_ref_once():
    row = replace(_rec("CSE 5.3.3", False), text="5.3.3 You do not benchmark",
                  revised_date="Sep 10")
    assert recommendation_line(row) == "5.3.3 You do not benchmark (revised date Sep 10)"
    assert recommendation_line(_rec("AC 2", False)) == "AC 2 \u2013 Do AC 2 (date Mar 10)"


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 12, 13, 21, 22, 111)] == [
        "first", "second", "twelfth", "13th", "21st", "22nd", "111th"]


def test_quarter_labels_in_values(sample_plan, sample_settings):
    values = template_values(context_for(sample_plan, sample_settings, q3_pair(sample_plan)))
    assert (values["quarter"], values["quarter_name"], values["next_quarter_name"]) == (
        Q3.label, "Q3", "Q4")
    assert values["board_date"] == "27 January 2010"
    assert values["status_mark"] == "DRAFT \u2013 not for publication"


# --------------------------------------------------------------------------- true whatever the data

JUDGEMENTS = ("good", "Further progress", "continues to make progress", "being progressed",
              "moved to RED", "arrangements are in hand")


def _covering(tmp_path, plan, settings, pair, template=DEFAULT_TEMPLATES[0], **options):
    context = context_for(plan, settings, pair, **options)
    path = write_covering_report(context, template, tmp_path / "covering.docx")
    return paragraph_texts(Document(str(path)))


def _judged(texts) -> list[str]:
    return [t for t in texts if any(j in t for j in JUDGEMENTS)]


def test_good_only_when_the_figures_say_so(q4_reports, q3_board):
    """001's Q4: no Red, none unreported, last quarter's 7 Reds all complete: "good"."""
    texts = paragraph_texts(q4_reports["covering_report.docx"])
    assert ("This is the second assessment of quarterly progress against the Improvement Plan. "
            "Delivery against the actions can be considered good.") in texts
    assert ("Further progress has been made with the Improvement Plan during Q4, with:") in texts
    q3 = paragraph_texts(q3_board)  # 5 at Red: no "good", the counts instead
    assert not any("good" in t for t in q3)
    assert ("This is the second assessment of quarterly progress against the Improvement Plan. "
            "5 actions are behind schedule.") in q3


def test_reds_completed_but_others_behind_or_unreported_is_not_good(tmp_path, sample_plan,
                                                                   sample_settings):
    previous, current = q4_pair(sample_plan)
    statuses = {p.ref: p.status for p in current.actions}
    later = [p.ref for p in previous.actions if p.status is G]
    statuses.update({later[0]: R, later[1]: None})
    pair = (previous, snapshot(sample_plan, Q4, statuses))
    texts = _covering(tmp_path, sample_plan, sample_settings, pair)
    assert ("The 7 previously reported actions at RED status have all been completed, but 1 "
            "action is behind schedule and 1 was not reported.") in texts
    assert ("This is the second assessment of quarterly progress against the Improvement Plan. "
            "1 action is behind schedule and 1 was not reported.") in texts
    assert not any("good" in t for t in texts)
    # the action not reported is named, and where the appendix gives the reason
    assert (f"iv. Note that 1 action was not reported this quarter ({later[1]}, named with the "
            "reason in Section 5 of Appendix A).") in texts


def test_good_when_last_quarters_reds_completed_and_reds_fell(sample_plan, sample_settings):
    previous, current = q4_pair(sample_plan)  # 7 Red at Q3, all complete at Q4
    statuses = {p.ref: p.status for p in current.actions}
    statuses[next(p.ref for p in previous.actions if p.status is G)] = R  # 1 new Red: 7 -> 1
    context = context_for(sample_plan, sample_settings,
                          (previous, snapshot(sample_plan, Q4, statuses)))
    assert delivery_good(context)
    assert reds_summary(context).startswith("Performance in complying with the Plan has been "
                                            "good with the 7 previously reported")
    statuses[next(p.ref for p in previous.actions if p.status is C)] = None
    context = context_for(sample_plan, sample_settings,
                          (previous, snapshot(sample_plan, Q4, statuses)))
    assert not delivery_good(context)  # one action unreported: not "good"


def test_no_further_progress_is_not_called_further_progress(tmp_path, sample_plan,
                                                            sample_settings):
    previous, _ = q4_pair(sample_plan)
    same = snapshot(sample_plan, Q4, {p.ref: p.status for p in previous.actions})
    texts = _covering(tmp_path, sample_plan, sample_settings, (previous, same))
    assert ("No further action was completed during Q4; the position at the end of the quarter "
            "was:") in texts
    assert not any("Further progress" in t for t in texts)


def test_first_quarter_makes_no_movement_claims(tmp_path, sample_plan, sample_settings):
    texts = _covering(tmp_path, sample_plan, sample_settings, first_quarter(sample_plan))
    assert ("This is the first quarter reported: there is no earlier quarter to compare with. "
            "5 actions are behind schedule.") in texts
    assert "This is the first quarter reported: there is no earlier quarter to compare with." \
        in texts
    start = texts.index("5 actions are at RED status at the end of the quarter; the reasons and "
                        "the remedial action are given in Section 1 of Appendix A.")
    assert [t.split(" ")[0] for t in texts[start + 1:start + 6]] == ["1.1b", "1.3a", "1.3b",
                                                                    "2.3a", "2.4a"]
    assert "The position at the end of Q3, the first quarter reported, was:" in texts
    assert not any("moved to RED" in t or "completed during the quarter" in t
                   or "Further progress" in t for t in texts)
    assert ("the actions complete at the end of the quarter and any marked notable (this is the "
            "first quarter reported);") in texts


def test_with_no_returns_the_pack_says_the_position_is_not_known(tmp_path, sample_plan,
                                                                  sample_settings):
    """The empty returns folder: no "good", no "progress", no "being progressed"."""
    pair = (None, nothing_returned(sample_plan))
    for template in DEFAULT_TEMPLATES:
        texts = _covering(tmp_path, sample_plan, sample_settings, pair, template)
        assert ("No returns were received for Q3, so the position of the 62 actions at the end "
                "of the quarter is not known.") in texts
        assert _judged(texts) == []
        assert texts.count(
            "No progress was reported this quarter against any of the 15 outstanding external "
            "recommendations (9 Audit Commission inspection and 6 Customer Service Excellence). "
            "6 of them have a revised date, shown in Appendix A.") >= 1
    board = _covering(tmp_path, sample_plan, sample_settings, pair)
    assert ("No returns were received for Q3, so the position at the end of the quarter is not "
            "known:") in board
    assert ("This is the first assessment of quarterly progress against the Improvement Plan. No "
            "returns were received for the quarter, so the position of the actions is not "
            "known.") in board
    assert ("iii. Note that no returns were received for the quarter, so the position of the "
            "actions is not known.") in board


def test_recommendations_said_once_when_none_reported_progress(q4_reports):
    texts = paragraph_texts(q4_reports["covering_report.docx"])
    once = ("No progress was reported this quarter against any of the 15 outstanding external "
            "recommendations (9 Audit Commission inspection and 6 Customer Service Excellence). "
            "6 of them have a revised date, shown in Appendix A.")
    assert texts.count(once) == 2  # the executive summary and the section: once in each
    assert not any(t.startswith("Of the 9 Audit Commission") for t in texts)
    assert ("No external recommendation was completed during the quarter; no progress was "
            "reported this quarter on the 15 still outstanding.") in texts


def _rows(*states: tuple[bool, str, str]) -> RecommendationGroup:
    """(complete, revised date, progress this quarter) for each recommendation."""
    return RecommendationGroup("Audit Commission inspection", tuple(
        replace(_rec(f"AC {i}", done), revised_date=revised, commentary=progress,
                progress_reported=bool(progress))
        for i, (done, revised, progress) in enumerate(states)), 0)


@pytest.mark.parametrize("states, expected", [
    ([(True, "", "Done."), (False, "Oct 10", "Trained."), (False, "May 10", ""),
      (False, "", "Drafted.")],
     "Of the 4 Audit Commission inspection recommendations outstanding at the start of the "
     "quarter, 1 has been completed and 3 remain outstanding. 2 of the 3 outstanding have a "
     "revised date, shown in Appendix A; progress was reported on 2 this quarter."),
    ([(False, "Oct 10", "Trained."), (False, "May 10", "Planned.")],
     "Of the 2 Audit Commission inspection recommendations outstanding at the start of the "
     "quarter, none has been completed during the quarter. Both have a revised date, shown in "
     "Appendix A; progress was reported on both this quarter."),
    ([(False, "Oct 10", "")],
     "The one Audit Commission inspection recommendation outstanding at the start of the quarter "
     "has not been completed. It has a revised date, shown in Appendix A; no progress was "
     "reported on it this quarter."),
])
def test_recommendation_sentences_count_dates_and_progress(states, expected):
    assert recommendation_sentence(_rows(*states)) == expected


def test_first_quarter_recommendations_are_complete_at_the_end(sample_plan, sample_settings):
    context = context_for(sample_plan, sample_settings, first_quarter(sample_plan))
    group = context.recommendations[0]
    assert not group.compared
    assert recommendation_sentence(group) == (
        "Of the 9 Audit Commission inspection recommendations, 1 is complete at the end of the "
        "quarter and 8 are outstanding. 5 of the 8 outstanding have a revised date, shown in "
        "Appendix A; progress was reported on 1 this quarter.")


def test_board_recommendations_follow_the_figures(sample_plan, sample_settings):
    q3 = context_for(sample_plan, sample_settings, q3_pair(sample_plan))
    assert board_recommendations(q3) == [
        "i. Accept the report for information;",
        "ii. Note the progress reported against the external recommendations (Audit Commission "
        "inspection and Customer Service Excellence); and",
        "iii. Note the 5 actions confirmed as being behind schedule: no return was received "
        "this quarter for 1 of them."]  # 2.4a, carried forward: no remedial action is known
    # Amber reported by exception: the ask counts each status in the count lines' words
    ambers_too = replace(sample_settings, amber_is_exception=True)
    q3_ambers = context_for(sample_plan, ambers_too, q3_pair(sample_plan))
    assert board_recommendations(q3_ambers)[-1] == (
        "iii. Note the 6 actions reported by exception (1 action progressing with some concern "
        "for timescale and 5 actions confirmed as being behind schedule): no remedial action "
        "was given for 1 of them, and no return was received this quarter for 1 of them.")
    assert "1 (1) action progressing with some concern for timescale; and" in count_lines(
        q3_ambers.summary)
    empty = context_for(sample_plan, sample_settings, empty_pair(sample_plan))
    assert board_recommendations(empty) == [
        "i. Accept the report for information; and",
        "ii. Note that the external recommendations (Audit Commission inspection and Customer "
        "Service Excellence) have all been completed."]


def test_both_documents_state_the_same_sections(tmp_path, sample_plan, sample_settings):
    """The covering report's "Appendix A has N sections" lists what the appendix holds."""
    # q3_pair carries 2.4a forward: a section lists what was not reported; the last lists
    # every action
    for plan, count in ((sample_plan, "six"), (replace(sample_plan, recommendations=()),
                                               "five")):
        context = context_for(plan, sample_settings, q3_pair(plan))
        covering = paragraph_texts(Document(str(write_covering_report(
            context, DEFAULT_TEMPLATES[0], tmp_path / "c.docx"))))
        progress = paragraph_texts(Document(str(write_progress_report(
            context, tmp_path / "p.docx"))))
        a = covering.index(f"The progress report at Appendix A has {count} sections, covering:")
        b = progress.index(f"This report has {count} sections, covering:")
        n = 6 if count == "six" else 5
        assert covering[a + 1:a + 1 + n] == progress[b + 1:b + 1 + n]
        assert covering[a + n].endswith(".") and not covering[a + n + 1].startswith("the ")
        assert not any("five sections" in t for t in covering) or count == "five"


def test_performance_report_is_mentioned_only_when_written(tmp_path, sample_plan,
                                                           sample_settings):
    pair = q4_pair(sample_plan)
    mention = "Full details are given in the performance report on this agenda."
    without = _covering(tmp_path, sample_plan, sample_settings, pair, final=True)
    assert not any(mention in t for t in without)
    assert any(t.startswith("It is confirmed that the actual improvement") and t.endswith("70%.")
               for t in without)
    with_report = _covering(tmp_path, sample_plan, sample_settings, pair,
                            performance_report=True, final=True)
    draft = _covering(tmp_path, sample_plan, sample_settings, pair)  # not final: provisional
    assert not any("It is confirmed that the actual improvement" in t for t in draft)
    assert any(t.startswith("The improvement on 2008/09 performance indicators is provisional")
               and t.endswith("because the figures are not yet final.") for t in draft)
    assert any(t.startswith("It is confirmed that the actual improvement")
               and t.endswith(f"70%. {mention}") for t in with_report)


def test_no_template_names_an_organisation():
    for path in ALL_TEMPLATES:
        with zipfile.ZipFile(path) as z:
            text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode()
                          + z.read("word/footer1.xml").decode())
        for name in ("Rotherham", "RMBC", "2010", "the Council", "Council\u2019s"):
            assert name not in text, (path, name)


def test_reports_speak_from_the_settings_names(tmp_path, sample_plan, sample_settings):
    """Another organisation's names run through every covering report and the appendix."""
    other = replace(sample_settings, organisation=Organisation(
        "Borsetshire Homes", "BH", "Borsetshire County Council", "BCC", "BH Board"))
    context = context_for(sample_plan, other, q3_pair(sample_plan))
    paths = [*write_covering_reports(context, DEFAULT_TEMPLATES, tmp_path),
             write_progress_report(context, tmp_path / "progress_report.docx")]
    for path in paths:
        document = Document(str(path))
        texts = paragraph_texts(document)  # tables hold the plan's own text: not ours
        texts += [p.text for sec in document.sections for p in sec.footer.paragraphs]
        # the pack's own words: not the plan's (1.3a ...) or a return's (a) ...) text
        names = " ".join(t for t in texts if not re.match(r"(\d|[a-z]\) )", t))
        assert "RMBC" not in names and "Rotherham Ltd" not in names, path.name
        assert "Rotherham Metropolitan" not in names, path.name
    board = paragraph_texts(Document(str(tmp_path / "covering_report.docx")))
    assert board[0] == "Report to the BH Board: 27 January 2010"
    assert (Document(str(tmp_path / "covering_report.docx")).sections[0].footer.paragraphs[0]
            .text.startswith("BH Board / 27 January 2010 / Delivering Improvement / IR\t"))


def test_the_council_reports_on_its_own_plan(tmp_path, council_plan, council_settings):
    """The Council example: its own report to its Corporate Improvement Board, never the
    ALMO's "report to the Cabinet Member"."""
    q2, q3 = Quarter(2007, 2), Quarter(2007, 3)
    pair = (snapshot(council_plan, q2, natural(council_plan, q2)),
            snapshot(council_plan, q3, natural(council_plan, q3)))
    context = context_for(council_plan, council_settings, pair)
    assert [p.resolve() for p in council_settings.covering_templates] == \
        [COUNCIL_PLAN_TEMPLATE.resolve()]
    paths = write_covering_reports(context, council_settings.covering_templates, tmp_path)
    assert [p.name for p in paths] == ["covering_report.docx"]
    document = Document(str(paths[0]))
    texts = paragraph_texts(document)
    assert texts[:6] == [
        "Rotherham Metropolitan Borough Council: report to members",
        "Improvement Plan: progress report for Q3 2007/08",
        "1. Meeting: Corporate Improvement Board",
        "2. Date: 11 February 2008",
        "3. Title: Improvement Plan: progress to 31 December 2007",
        "4. Report of: Performance and Quality Team, Performance and Quality Manager"]
    assert "The Corporate Improvement Board is recommended to:" in texts
    assert not any("2010 Rotherham" in t or "Cabinet Member" in t for t in texts)
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Corporate Improvement Board / 11 February 2008 / Corporate "
                             "Improvement Plan / CEX P&Q\tPage ")
