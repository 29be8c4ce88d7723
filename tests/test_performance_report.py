"""The performance report, read back with python-docx: title, heading order, the
summary table (rows by theme in plan order, better or worse by polarity with arrows
and words, target met, status letters and fills, SPC readings, header rows), the
share improved, one captioned and described picture per chart, the clinic
candidates, the DRAFT line, sections and page numbers; the charts it draws; the
pipeline writing it; and one conversion through LibreOffice."""

from __future__ import annotations

import os
import re
from dataclasses import replace

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from test_documents import grid, header_texts, headings

from reporter.indicators import spc
from reporter.indicators.results import (
    clinic_candidates,
    improvement_share,
    indicator_results,
    indicators_to_chart,
    not_compared_reason,
)
from reporter.pack import (
    PERFORMANCE_REPORT_NAME,
    ChartOptions,
    QuarterPerformance,
    TemplateProblem,
    convert_to_pdf,
    find_soffice,
    render_performance_charts,
    word,
    write_performance_report,
)
from reporter.pack.performance_data import improvement_share_points, series_by_ref
from reporter.pack.performance_report import NO_CLINIC
from reporter.pack.performance_words import (
    BETTER,
    NO_CHANGE,
    NOT_COMPARABLE,
    WORSE,
    direction_text,
    format_figure,
)
from reporter.periods import Quarter
from reporter.snapshot import IndicatorMonth, QuarterSnapshot
from reporter.status import Status
from reporter.words import join_and

Q2, Q3 = Quarter(2009, 2), Quarter(2009, 3)
TITLE = "Performance Report for Q3 2009/10"
IMPROVED = {"BV 63", "BV 66a", "BV 66b", "BV 184a", "xBV 72", "xBV 73", "BV 212", "LPI 01",
            "LPI 04", "LPI 06"}  # better than last year, by polarity
SAME = "LPI 02"  # exactly last year's figure: not better
NO_FIGURES = "LPI 03"  # nothing this year: not comparable, no data
SHORT = "LPI 05"  # 9 months only: no SPC reading


def months_to_q3(first: tuple[int, int] = (2008, 4)) -> list[tuple[int, int]]:
    return [(y, m) for y in (2008, 2009) for m in range(1, 13) if first <= (y, m) <= (2009, 12)]


def make_series(plan) -> list[IndicatorMonth]:
    """April 2008 to December 2009 (21 months): last year flat at the 2008/09 outturn
    with a little wobble, this year moved by 2% the good way (IMPROVED) or the bad way,
    SAME exactly equal, NO_FIGURES with last year only, SHORT with this year only."""
    series = []
    for n, indicator in enumerate(plan.indicators):
        level = indicator.outturns["2008/09"]
        good = 1 if indicator.higher_is_better else -1
        step = abs(level) * 0.02
        for k, (year, month) in enumerate(months_to_q3()):
            this_year = (year, month) >= (2009, 4)
            if indicator.ref == NO_FIGURES and this_year:
                continue
            if indicator.ref == SHORT and not this_year:
                continue
            wobble = ((k * 7 + n) % 5 - 2) * step * 0.05
            value = level + wobble
            if this_year and indicator.ref != SAME:
                value += step * (good if indicator.ref in IMPROVED else -good)
            if indicator.ref == SAME:
                value = level
            series.append(IndicatorMonth(indicator.ref, year, month, round(value, 4)))
    return series


@pytest.fixture(scope="module")
def quarter(sample_plan, sample_settings):
    series = make_series(sample_plan)
    results = indicator_results(sample_plan, QuarterSnapshot(Q3, ()), sample_settings, series)
    share = improvement_share(results, sample_settings.improvement_target)
    clinics = clinic_candidates(sample_plan, Q3, results)
    return series, results, share, clinics


@pytest.fixture(scope="module")
def written(tmp_path_factory, sample_plan, sample_settings, quarter):
    series, results, share, clinics = quarter
    out = tmp_path_factory.mktemp("performance")
    points = [("Q1 2009/10", 0.5), ("Q2 2009/10", 0.6), ("Q3 2009/10", share.share)]
    charts = render_performance_charts(results, series, out / "charts",
                                       ChartOptions(points, share.target))
    path = write_performance_report(
        QuarterPerformance(sample_plan, sample_settings, Q3, results, share, clinics, series,
                           share_points=points), out / PERFORMANCE_REPORT_NAME, charts)
    return out, path, Document(str(path)), charts


def table_by_caption(document, caption: str):
    for table in document.tables:
        found = table._tbl.tblPr.find(qn("w:tblCaption"))
        if found is not None and found.get(qn("w:val")) == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}")


def summary_rows(document) -> tuple[list[str], list[list[str]], list]:
    """(group titles, indicator rows' cell texts, indicator rows' XML) of the summary."""
    table = table_by_caption(document, "Performance summary for Q3 2009/10")
    groups, rows, trs = [], [], []
    for tr, cells in zip(table._tbl.tr_lst[1:], grid(table)[1:]):
        if len(cells) == 1:
            groups.append(cells[0])
        else:
            rows.append(cells)
            trs.append(tr)
    return groups, rows, trs


def expected_order(plan) -> list[str]:
    """PI refs by theme (the plan's theme order), plan order within each theme."""
    themes = [t.number for t in plan.themes]
    return [i.ref for t in themes for i in plan.indicators if i.theme == t]


# --------------------------------------------------------------------------- the words

def test_the_fixture_has_what_the_tests_need(quarter):
    _, results, share, clinics = quarter
    by_ref = {r.ref: r for r in results}
    assert {r.ref for r in results if r.better} == IMPROVED
    assert by_ref[SAME].better is False and by_ref[NO_FIGURES].better is None
    assert (share.improved, share.comparable) == (10, 18)  # SHORT has no last year
    assert {c.ref for c in clinics} == {"BV 184a", "BV 184b"}


def test_better_and_worse_follow_polarity_not_the_number(quarter):
    _, results, _, _ = quarter
    by_ref = {r.ref: r for r in results}
    lower_better_improved = by_ref["BV 66b"]  # arrears: lower is better, and it fell
    assert lower_better_improved.value < lower_better_improved.last_year
    assert direction_text(lower_better_improved) == BETTER == "\u2191 Better"
    assert direction_text(by_ref[SAME]) == NO_CHANGE
    assert direction_text(by_ref["BV 184b"]) == WORSE == "\u2193 Worse"  # higher better, fell
    assert by_ref["BV 184b"].value < by_ref["BV 184b"].last_year
    assert direction_text(by_ref[NO_FIGURES]) == NOT_COMPARABLE


def test_figures_carry_their_units():
    assert format_figure(98.47, "%") == "98.47%"
    assert format_figure(25.0, "days") == "25 days"
    assert format_figure(13.6, "\u00a3") == "\u00a313.60"
    assert format_figure(1234.0, "number") == "1,234"
    assert format_figure(None, "%") == "No figure"


def test_this_quarters_months_come_from_the_results(quarter):
    series, results, _, _ = quarter
    corrected = [replace(r, months=tuple(replace(m, value=1.0) for m in r.months))
                 if r.ref == "BV 66a" else r for r in results]
    merged = series_by_ref(corrected, series, Q3)
    assert [m.value for m in merged["BV 66a"][-3:]] == [1.0, 1.0, 1.0]
    assert max((m.year, m.month) for m in merged["BV 66a"]) == (2009, 12)
    assert len(merged["BV 66a"]) == 21 and len(merged[SHORT]) == 9


# --------------------------------------------------------------------------- the document

def test_title_properties_and_language(written):
    _, _, document, _ = written
    assert document.paragraphs[0].text == TITLE
    assert document.paragraphs[0].style.name == "Title"
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "en-GB"
    assert word.default_language(document) == "en-GB"


def test_headings_in_order_no_level_skipped(written, sample_plan):
    _, _, document, _ = written
    found = headings(document)
    top = [text for level, text in found if level <= 1]
    # the position first; how to read it last (no plan given: no sheets at a glance)
    assert top == [TITLE, "Improvement on last year", "Performance summary",
                   "Indicators needing attention", "Performance clinic candidates",
                   "How to read this report"]
    levels = [level for level, _ in found]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_summary_rows_by_theme_in_plan_order(written, sample_plan):
    _, _, document, _ = written
    groups, rows, _ = summary_rows(document)
    assert groups == [f"Theme {t.number}: {t.title}" for t in sample_plan.themes]
    assert [r[0] for r in rows] == expected_order(sample_plan)
    descriptions = {i.ref: i.description for i in sample_plan.indicators}
    assert all(r[1] == descriptions[r[0]] for r in rows)


def test_summary_cells_match_the_analysis(written, quarter):
    _, _, document, _ = written
    series, results, _, _ = quarter
    by_ref = {r.ref: r for r in results}
    merged = series_by_ref(results, series, Q3)
    _, rows, _ = summary_rows(document)
    for cells in rows:
        result = by_ref[cells[0]]
        indicator = result.indicator
        assert cells[2].split("\n")[0] == format_figure(result.last_year, indicator)
        assert cells[3].split("\n")[0] == format_figure(result.value, indicator)
        if result.value is not None:
            assert cells[3].split("\n")[1] == result.value_basis
            assert result.value_basis in ("average of Apr-Dec 2009 (9 months)",
                                          "latest figure (Dec 2009)",  # cumulative
                                          "latest figure (2009/10)",  # annual
                                          "average of Q1-Q3 2009/10 (3 quarters)"), result.ref
        expected = {True: BETTER, None: NOT_COMPARABLE}.get(result.better)
        direction, _, why = cells[6].partition("\n")
        if not result.indicator.judged:  # LPI 05: shown with its trend, never judged
            assert direction.startswith("Data only"), cells[0]
        else:
            assert direction == (expected or (NO_CHANGE if result.ref == SAME else WORSE)), \
                cells[0]
            assert why == (not_compared_reason(result) or ""), cells[0]  # not comparable: why
        assert cells[7] == {True: "Yes", False: "No", None: "\u2013"}[result.target_met]
        reading = spc.indicator_spc(result.indicator, merged[result.ref], result.target)
        reason = spc.no_reading_reason(result.indicator, merged[result.ref])
        if result.ref in (SHORT, NO_FIGURES):
            assert reading is None and cells[9].startswith("Fewer than 15 points")
        elif reason is not None:  # annual (BV 63, BV 184a), or too few quarters (LPI 06)
            assert reading is None and cells[9].startswith(reason)
        else:
            assert cells[9].startswith(f"Variation: {reading.variation}\nAssurance: ")
    assert next(r for r in rows if r[0] == SHORT)[9] == "Fewer than 15 points (9 months)"
    arrows = {r[0] for r in rows if r[6] == BETTER}
    assert arrows == IMPROVED


def test_status_cells_are_shaded_and_lettered(written, quarter, sample_settings):
    _, _, document, _ = written
    _, results, _, _ = quarter
    by_ref = {r.ref: r for r in results}
    _, rows, trs = summary_rows(document)
    expected = {"on target": ("G On target", Status.GREEN),
                "within tolerance": ("A Within tolerance", Status.AMBER),
                "off target": ("R Off target", Status.RED)}
    seen = set()
    for cells, tr in zip(rows, trs):
        result = by_ref[cells[0]]
        shd = tr.tc_lst[8].find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        if result.rag in expected:
            text, status = expected[result.rag]
            assert cells[8] == text
            assert shd.get(qn("w:fill")) == sample_settings.colours[status]
            seen.add(result.rag)
        else:
            # a cumulative % (BV 66a) is judged against the year's target only at the year
            # end; LPI 05 is data only
            assert cells[8] in ("No target", "No data", "Not yet judged", "Data only") \
                and shd is None
    assert seen == set(expected)  # the fixture exercises all three


def test_summary_is_landscape_with_repeating_header_and_unsplit_rows(written):
    _, _, document, _ = written
    table = table_by_caption(document, "Performance summary for Q3 2009/10")
    assert word.is_header_row(table.rows[0])
    assert not any(word.is_header_row(r) for r in table.rows[1:])
    assert all(word.is_kept_together(r) for r in table.rows)
    assert grid(table)[0][6] == "Better or worse than last year"
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    landscape = document.sections[1]
    assert landscape.page_width > landscape.page_height
    assert round(landscape.page_width.cm, 1) == 29.7


def test_share_improved_sentence(written, quarter):
    _, _, document, _ = written
    _, _, share, _ = quarter
    sentence = ("10 of 18 comparable indicators improved (56%), against the plan\u2019s aim of "
                "70%; 2 could not be compared because 1 has no figure this year and 1 is data "
                "only (never judged).")
    assert share.text + "." == sentence
    texts = [p.text for p in document.paragraphs]
    assert any(t.endswith(sentence) for t in texts)
    assert f"Improvement on last year: {sentence}" in texts  # under the summary table


def needing_attention(quarter, plan) -> dict[str, list[str]]:
    """The refs the report should chart in detail, in the summary's order, with why:
    worked out here from the results, not by the report's own function."""
    series, results, _, clinics = quarter
    merged = series_by_ref(results, series, Q3)
    by_ref = {r.ref: r for r in results}
    found = {}
    for ref in expected_order(plan):
        result = by_ref[ref]
        reading = spc.indicator_spc(result.indicator, merged[ref], result.target)
        why = [text for text, applies in (
            ("off target", result.rag == "off target"),
            ("worse than last year", result.indicator.judged and result.better is False),
            ("a statistical process control signal of concern",
             reading is not None and reading.variation == spc.SPECIAL_CONCERN),
            ("a performance clinic candidate", ref in {c.ref for c in clinics})) if applies]
        if why:
            found[ref] = why
    return found


def test_one_captioned_described_picture_per_chart(written, quarter, sample_plan):
    """Detailed charts only for the indicators needing attention, each captioned with
    why; the others' charts are drawn into the charts folder, and the report says so."""
    _, _, document, charts = written
    series, results, _, _ = quarter
    merged = series_by_ref(results, series, Q3)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    expected = ["Share of comparable indicators improved on last year"]
    need = needing_attention(quarter, sample_plan)
    for ref, why in need.items():
        name = f"{ref} \u2013 {sample_plan.indicator(ref).description}"
        expected.append(f"{name}: {join_and(why)}")
        if "a statistical process control signal of concern" in why:
            expected.append(f"{name}: statistical process control chart")
    assert [c.split(": ", 1)[1] for c in captions] == expected
    assert captions == [f"Figure {n}: {text}" for n, text in enumerate(expected, 1)]
    assert 0 < len(need) < len(results)  # the fixture has some in need and some not
    pictures = word.pictures_alt_text(document)
    assert [title for title, _ in pictures] == captions
    assert all(len(descr) > 40 for _, descr in pictures)
    ids = [d.get("id") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(set(ids)) == len(ids)
    with_reading = [i for i in sample_plan.indicators
                    if spc.no_reading_reason(i, merged[i.ref]) is None]
    assert len(charts.indicators) == 20 and charts.share is not None
    assert len(charts.spc) == len(with_reading) == 15  # 2 short, 1 no figures, 2 annual
    texts = [p.text for p in document.paragraphs]
    others = 20 - len(need)
    first = next(r for r in expected_order(sample_plan) if r not in need)
    where = (f"The charts of the {others} others (each one\u2019s year and, with enough points, "
             "its statistical process control chart) are in the \u201ccharts\u201d folder "
             f"beside this report, named by PI ref, such as {charts.indicators[first].path.name}.")
    assert where in texts


def test_clinic_table_rows_are_the_candidates(written, quarter, sample_plan):
    _, _, document, _ = written
    _, _, _, clinics = quarter
    table = table_by_caption(document, "Performance clinic candidates for Q3 2009/10")
    rows = grid(table)
    assert rows[0] == ["PI ref", "Description", "Why a performance clinic is proposed"]
    assert [r[0] for r in rows[1:]] == [c.ref for c in clinics]
    for cells, candidate in zip(rows[1:], clinics):
        assert cells[1] == sample_plan.indicator(candidate.ref).description
        assert cells[2].rstrip(".").lower() == candidate.reason.lower()
    assert word.is_header_row(table.rows[0])


def test_draft_header_footer_and_page_numbers(written, sample_settings):
    _, _, document, _ = written
    line = sample_settings.footer_for(Q3)  # the quarter's footer line, Board date and all
    assert line.startswith("2010 Board / ")
    for section in document.sections:
        assert header_texts(section) == "DRAFT \u2013 not for publication"
        footer = section.footer
        assert footer.paragraphs[0].text.startswith(f"{line}\tPage ")
        assert word.field_codes(footer) == ["PAGE", "NUMPAGES"]


def test_final_has_no_draft_line_and_no_clinic_sentence(tmp_path, written, quarter,
                                                        sample_plan, sample_settings):
    out, _, _, charts = written
    series, results, share, _ = quarter
    path = write_performance_report(
        QuarterPerformance(sample_plan, sample_settings, Q3, results, share, (), series,
                           final=True), tmp_path / "final.docx", charts)
    document = Document(str(path))
    assert all(header_texts(s) == "" for s in document.sections)
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Performance clinic candidates") + 1] == NO_CLINIC
    with pytest.raises(AssertionError):
        table_by_caption(document, "Performance clinic candidates for Q3 2009/10")
    flagged = write_performance_report(
        QuarterPerformance(sample_plan, sample_settings, Q3, results, share, (), series,
                           final=True, unresolved_errors=2), tmp_path / "flagged.docx", charts)
    assert header_texts(Document(str(flagged)).sections[0]) == \
        "FINAL \u2013 issued with 2 unresolved validation errors"


def test_grouped_by_owner(tmp_path, written, quarter, sample_plan, sample_settings):
    out, _, _, charts = written
    series, results, share, clinics = quarter
    path = write_performance_report(
        QuarterPerformance(sample_plan, sample_settings, Q3, results, share, clinics, series,
                           group_by="owner"), tmp_path / "owner.docx", charts)
    groups, rows, _ = summary_rows(Document(str(path)))
    owners = [d.name for d in sample_plan.directorates]
    assert groups == [o for o in owners if sample_plan.indicators_of(o)]
    assert [r[0] for r in rows] == [i.ref for o in owners for i in sample_plan.indicators_of(o)]


def test_draws_its_own_charts_when_none_are_given(tmp_path, sample_plan, sample_settings,
                                                  quarter):
    series, results, share, clinics = quarter
    few = results[:3]
    path = write_performance_report(
        QuarterPerformance(sample_plan, sample_settings, Q3, few, share, clinics, series),
        tmp_path / "r.docx", charts_dir=tmp_path / "charts")
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "at_a_glance_01.png",  # both themes on one page
        "improvement_share.png", "indicator_001_BV_63.png", "indicator_002_BV_66a.png",
        "indicator_003_BV_66b.png", "spc_002_BV_66a.png",  # BV 63 is annual: no SPC
        "spc_003_BV_66b.png"]
    document = Document(str(path))
    in_need = [r.ref for r in few if r.rag == "off target" or r.better is False]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[1] == ("Figure 2: Indicators at a glance: Theme 3 and Theme 5")
    assert len(word.pictures_alt_text(document)) == 2 + len(in_need)


def test_beyond_the_chart_limit_those_most_in_need_are_charted(tmp_path, sample_plan,
                                                                sample_settings, quarter):
    """A large organisation: charts for ``chart_limit`` indicators, chosen by need and
    said so; the summary table still lists every indicator."""
    series, results, share, clinics = quarter
    settings = replace(sample_settings, chart_limit=4)
    chosen = indicators_to_chart(results, clinics, 4)
    clinic_refs = {c.ref for c in clinics}
    assert len(chosen.refs) == 4 and set(chosen.refs) <= {  # the fixture has enough in need
        r.ref for r in results if r.ref in clinic_refs or r.rag in ("off target",
                                                                     "within tolerance")}
    path = write_performance_report(
        QuarterPerformance(sample_plan, settings, Q3, results, share, clinics, series),
        tmp_path / "r.docx", charts_dir=tmp_path / "charts")
    document = Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert (f"There are {len(results)} indicators, more than a Board can read as charts, so "
            "4 of them are charted, chosen by need: performance clinic candidates "
            "first") in text
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    glance = [c for c in captions if "at a glance" in c]  # only the charted ones' themes
    charted_refs = {c.split(": ", 1)[1].split(" \u2013 ")[0] for c in captions[1:]
                    if c not in glance}
    assert charted_refs <= set(chosen.refs)
    themes = {sample_plan.indicator(ref).theme for ref in chosen.refs}
    assert glance == [f"Figure 2: Indicators at a glance: "
                      f"{join_and([f'Theme {t}' for t in sorted(themes)])}"]
    drawn = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert len([n for n in drawn if n.startswith("indicator_")]) == 4
    _, rows, _ = summary_rows(document)
    assert len(rows) == len(results)


def test_a_reference_without_the_house_styles_is_refused(tmp_path, written, quarter,
                                                         sample_plan, sample_settings):
    out, _, _, charts = written
    series, results, share, clinics = quarter
    plain = tmp_path / "plain.docx"
    Document().save(str(plain))
    with pytest.raises(TemplateProblem, match="Board Table"):
        write_performance_report(
            QuarterPerformance(sample_plan, sample_settings, Q3, results, share, clinics,
                               series), tmp_path / "x.docx", charts, reference_docx=plain)
    assert not (tmp_path / "x.docx").exists()


def test_share_points_per_quarter(sample_plan, sample_settings, quarter):
    series, _, share, _ = quarter
    snapshots = [(Q2, QuarterSnapshot(Q2, ())), (Q3, QuarterSnapshot(Q3, ()))]
    points = improvement_share_points(sample_plan, sample_settings, snapshots, series)
    assert [label for label, _ in points] == ["Q2 2009/10", "Q3 2009/10"]
    assert points[-1][1] == pytest.approx(share.share)
    given = replace(share, improved=1, comparable=4, share=0.25)  # the run's own, as known
    known = improvement_share_points(sample_plan, sample_settings, snapshots, series,
                                     known={Q3: given})
    assert known == [points[0], ("Q3 2009/10", given.share)] and given.share != share.share


# --------------------------------------------------------------------------- the pipeline

def test_the_pipeline_writes_the_report_and_poster(tmp_path, sample_plan, sample_settings):
    from reporter.demo import simulate_returns
    from reporter.history.store import open_history
    from reporter.pipeline import STEPS, RunRequest, run_quarter

    steps = list(STEPS)
    assert steps.index("Drawing charts") < steps.index("Writing the performance report") \
        < steps.index("Making the poster") < steps.index("Writing PDFs")
    returns = tmp_path / "returns"
    simulate_returns(sample_plan, sample_settings, Q3, returns, {}, 7)
    history = open_history(tmp_path / "history.sqlite")
    seen: list[str] = []
    try:
        outcome = run_quarter(sample_plan, sample_settings, history,
                              RunRequest(Q3, returns, tmp_path / "out"), seen.append)
    finally:
        history.close()
    assert seen == [s for s in STEPS]
    names = {p.relative_to(tmp_path / "out").as_posix() for p in outcome.written}
    assert {"performance_report.docx", "poster.png", "poster.pdf",
            "charts/improvement_share.png"} <= names
    assert sum(n.startswith("charts/indicator_") for n in names) == len(sample_plan.indicators)
    document = Document(str(tmp_path / "out" / "performance_report.docx"))
    _, rows, _ = summary_rows(document)
    assert [r[0] for r in rows] == expected_order(sample_plan)
    assert document.paragraphs[0].text == TITLE


# --------------------------------------------------------------------------- LibreOffice

def test_libreoffice_converts_the_report(written, tmp_path):
    """Skipped where LibreOffice is not installed; in CI it must be."""
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is not installed in CI: .ci/run should install it")
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-writer-nogui to run this test")
    _, path, _, _ = written
    (pdf,) = convert_to_pdf([path], tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/StructTreeRoot" in data  # tagged
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    assert 5 <= pages <= 14  # front, summary, the charts of the 10 in need (7 SPC signals)


def test_each_theme_gets_its_indicators_at_a_glance(tmp_path, sample_plan, quarter):
    """Several themes to a page, each under its heading, as many as fit."""
    from reporter.pack.performance_data import indicator_groups

    series, results, _, _ = quarter
    drawn = render_performance_charts(results, series, tmp_path,
                                      ChartOptions(plan=sample_plan))
    groups = indicator_groups(sample_plan, results, "theme")
    pages = [sheet for sheets in drawn.groups.values() for sheet in sheets]
    assert 1 < len(pages) < len(groups)
    assert [p.caption.split(": ")[0] for p in pages] == [
        f"Indicators at a glance (page {n} of {len(pages)})" for n in range(1, len(pages) + 1)]
    named = " ".join(p.caption for p in pages)
    assert all(f"Theme {t.number}" in named for t in sample_plan.themes)
    alt = " ".join(p.alt for p in pages)
    for title, members in groups:  # each theme's indicators under its heading
        assert f"{title}: {', '.join(r.ref for r in members)}" in alt
    assert all(p.path.is_file() for p in pages)


def test_a_large_group_is_at_a_glance_on_several_pages(sample_plan, quarter):
    from reporter.pack.performance_charts import plan_group_sheets

    _, results, _, _ = quarter
    many = [replace(results[0], indicator=replace(results[0].indicator, ref=f"PI {n:02d}"))
            for n in range(20)]
    planned = plan_group_sheets([("Theme 9: Everything", many)], {})
    assert [p.caption for p in planned] == [
        "Indicators at a glance (page 1 of 2): Theme 9",
        "Indicators at a glance (page 2 of 2): Theme 9"]
    assert [len(p.job.args[1]) for p in planned] == [15, 5]
    assert planned[1].job.args[5] == (("Theme 9: Everything (continued)", 5),)


def test_the_pipelines_report_shows_each_theme_at_a_glance_before_the_detail(
        tmp_path, sample_plan, sample_settings, quarter):
    series, results, share, clinics = quarter
    path = write_performance_report(
        QuarterPerformance(sample_plan, sample_settings, Q3, results, share, clinics, series),
        tmp_path / "r.docx", charts_dir=tmp_path / "charts")
    texts = [(p.style.name, p.text) for p in Document(str(path)).paragraphs]
    order = [t for s, t in texts if s.startswith("Heading 1")]
    assert order.index("Each theme at a glance") < order.index("Indicators needing attention")
    captions = [t for s, t in texts if s == "Caption"]
    glance = [n for n, c in enumerate(captions) if "at a glance" in c]
    assert glance == list(range(1, 1 + len(glance)))  # after the share, before any detail


def test_share_points_of_earlier_quarters_count_imported_figures(sample_plan, sample_settings):
    from reporter.indicators.importing import ImportedValue
    from reporter.snapshot import IndicatorPosition

    indicator = replace(sample_plan.indicator("LPI 06"), frequency="quarterly",
                        year_to_date="average")
    plan = replace(sample_plan, indicators=(indicator,))
    # a quarter known only from the organisation's own table, this year and last
    imported = [ImportedValue("LPI 06", year, 9, f"Q2 {year}/{year - 1999:02d}", value, 2,
                              granularity="quarter") for year, value in ((2008, 10.0),
                                                                         (2009, 9.0))]
    imported += [ImportedValue("LPI 06", year, 6, f"Q1 {year}/{year - 1999:02d}", 10.0, 2,
                               granularity="quarter") for year in (2008, 2009)]
    # the history's series holds them too; the quarter's snapshot has the empty position a
    # missing return leaves, which would hide them
    series = [IndicatorMonth(v.ref, v.year, v.month, v.value) for v in imported]
    empty = IndicatorPosition("LPI 06", indicator.directorate,
                              tuple(IndicatorMonth("LPI 06", y, m, None) for y, m in Q2.months))
    snapshots = [(Q2, QuarterSnapshot(Q2, (), indicators=(empty,)))]
    without = improvement_share_points(plan, sample_settings, snapshots, series)
    with_imported = improvement_share_points(plan, sample_settings, snapshots, series,
                                             imported=imported)
    assert without == [("Q2 2009/10", 0.0)]  # Q2 hidden: Q1 alone, the same as last year
    assert with_imported == [("Q2 2009/10", 1.0)]  # 9.5 days against 10: lower is better
