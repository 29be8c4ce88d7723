"""What the Board reads of every kind of indicator, read back from the documents written:
the consolidated workbook's figures and comparisons, the performance report's summary,
the poster, and the share improved with its basis."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from test_documents import grid
from test_performance_report import table_by_caption
from test_poster import texts as poster_texts

from reporter.config.plan import Indicator, load_plan
from reporter.indicators.figures import format_figure
from reporter.indicators.results import (
    DATA_ONLY,
    NOT_DUE,
    NOT_YET_JUDGED,
    ON_TARGET,
    improvement_share,
    indicator_results,
)
from reporter.pack import PERFORMANCE_REPORT_NAME, QuarterPerformance, write_performance_report
from reporter.pack.consolidated import write_consolidated
from reporter.pack.poster import PosterOptions, headline_results, poster_figure
from reporter.periods import Quarter
from reporter.snapshot import IndicatorMonth, QuarterSnapshot

Q3 = Quarter(2009, 3)
COUNCIL = Path(__file__).resolve().parent.parent / "input_templates" / "council" / \
    "improvement_plan.xlsx"


def kind(ref: str, unit: str, polarity: str, frequency: str, rule: str, **kw) -> Indicator:
    return Indicator(ref, f"{ref} as kept", unit, polarity, "Finance", theme=1,
                     frequency=frequency, year_to_date=rule, **kw)


# Every kind of indicator, at Q3 2009/10.
INDICATORS = (
    # a quarterly count: 10 + 15 + 20 homes against 8 + 12 + 15, profiled target 45 for Q3
    kind("HOMES", "homes", "higher", "quarterly", "sum", decimals=0,
         targets={"2009/10": 60.0}, profiled_targets={"Q3 2009/10": 45.0}),
    # a cumulative %: the latest figure; the year's target not judged before the year end
    kind("RENT", "%", "higher", "monthly", "latest", decimals=1, targets={"2009/10": 98.7}),
    # an annual survey due in Q4: nothing yet
    kind("SURVEY", "%", "higher", "annual", "average", targets={"2009/10": 80.0}),
    # data only: 100 enquiries a month against 90 last year
    kind("ENQ", "enquiries", "none", "monthly", "sum", decimals=0),
    # a rate per 1,000: an average of monthly rates around 22, never their sum
    kind("CRIME", "per 1,000 population", "lower", "monthly", "average", decimals=1,
         targets={"2009/10": 21.9}),
    kind("SICK", "days", "lower", "monthly", "average", decimals=1, targets={"2009/10": 4.5}),
    kind("FLAT", "%", "higher", "monthly", "average", targets={"2009/10": 50.0}),
    # the register left its basis out; last year only as an outturn: not comparable yet
    kind("ASSUMED", "%", "higher", "monthly", "average", decimals=2,
         targets={"2009/10": 95.0}, outturns={"2008/09": 94.0},
         assumed=("Frequency", "Year to date")),
)
CRIME_THIS_YEAR = [22.3, 21.8, 22.0, 22.4, 21.6, 22.1, 22.2, 21.9, 22.0]
CRIME_LAST_YEAR = [22.5, 22.1, 22.4, 22.6, 22.0, 22.3, 22.2, 22.4, 22.3]


def series() -> list[IndicatorMonth]:
    months = [(2009, m) for m in range(4, 13)]
    found: list[IndicatorMonth] = []

    def add(ref: str, points, year_back: int = 0) -> None:
        found.extend(IndicatorMonth(ref, y - year_back, m, v) for (y, m), v in points)

    for back, figures in ((0, (10.0, 15.0, 20.0)), (1, (8.0, 12.0, 15.0))):
        add("HOMES", zip([(2009, 6), (2009, 9), (2009, 12)], figures), back)
    add("RENT", zip(months, [10.1, 20.3, 30.2, 40.0, 49.9, 59.8, 68.7, 77.6, 86.94]))
    add("RENT", zip(months, [10.0, 20.0, 30.0, 39.5, 49.0, 58.5, 67.5, 76.0, 85.0]), 1)
    add("ENQ", zip(months, [100.0] * 9))
    add("ENQ", zip(months, [90.0] * 9), 1)
    add("CRIME", zip(months, CRIME_THIS_YEAR))
    add("CRIME", zip(months, CRIME_LAST_YEAR), 1)
    add("SICK", zip(months, [5.0] * 9))
    add("SICK", zip(months, [4.5] * 9), 1)
    add("FLAT", zip(months, [50.0] * 9))
    add("FLAT", zip(months, [50.0] * 9), 1)
    add("ASSUMED", zip(months, [95.123] * 9))
    return found


@pytest.fixture(scope="module")
def kinds(sample_plan, sample_settings):
    plan = replace(sample_plan, indicators=INDICATORS)
    months = series()
    results = indicator_results(plan, QuarterSnapshot(Q3, ()), sample_settings, months)
    share = improvement_share(results, sample_settings.improvement_target)
    return plan, months, results, share


def by_ref(results):
    return {r.ref: r for r in results}


def test_the_analysis_of_each_kind(kinds):
    _, _, results, share = kinds
    found = by_ref(results)
    assert (found["HOMES"].value, found["HOMES"].last_year, found["HOMES"].compared) == (
        45.0, 35.0, "Better")
    assert (found["HOMES"].target, found["HOMES"].rag) == (45.0, ON_TARGET)
    assert (found["RENT"].value, found["RENT"].compared, found["RENT"].rag) == (
        86.94, "Better", NOT_YET_JUDGED)
    assert found["SURVEY"].rag == NOT_DUE and found["SURVEY"].value is None
    assert found["ENQ"].rag == DATA_ONLY and found["ENQ"].compared == "Not comparable"
    assert found["CRIME"].value == pytest.approx(sum(CRIME_THIS_YEAR) / 9)
    assert [found[r].compared for r in ("CRIME", "SICK", "FLAT", "ASSUMED")] == [
        "Better", "Worse", "Same", "Not comparable"]
    assert (share.improved, share.comparable) == (3, 5)  # data only is never among them


def test_the_headline_says_its_basis(kinds):
    _, _, _, share = kinds
    assert share.text == (
        "3 of 5 comparable indicators improved (60%), against the plan\u2019s aim of 70%; 3 "
        "could not be compared because 1 can be compared with last year\u2019s outturn only "
        "once the year is complete, 1 is an annual figure not due yet and 1 is data only "
        "(never judged)")
    assert not share.all_judged_compared


def test_consolidated_figures_rounded_and_compared_like_for_like(kinds, sample_settings,
                                                               tmp_path):
    plan, _, results, _ = kinds
    path = write_consolidated(plan, sample_settings, QuarterSnapshot(Q3, ()), results,
                              tmp_path / "consolidated.xlsx")
    sheet = openpyxl.load_workbook(path)["Indicators"]
    titles = [c.value for c in sheet[1]]
    for title in ("PI ref", "Year to date", "Same period last year", "Better than last year",
                  "Target", "Target met", "Frequency", "Rule", "Basis", "Last year basis",
                  "Target basis", "Basis assumed", "Oct 2009", "Dec 2009", "Quartile"):
        assert title in titles, title
    rows = {row[0].value: {t: c for t, c in zip(titles, row)}
            for row in sheet.iter_rows(min_row=2)}
    crime = rows["CRIME"]
    assert crime["Year to date"].value == 22.0  # 22.033 to one place: a rate, never 198
    assert crime["Year to date"].number_format == "#,##0.0"
    assert crime["Same period last year"].value == 22.3
    assert crime["Target"].value == 21.9 and crime["Target"].number_format == "#,##0.0"
    assert (crime["Frequency"].value, crime["Rule"].value) == ("monthly", "average")
    assert crime["Polarity"].value == "Lower is better"
    assert rows["ASSUMED"]["Year to date"].value == 95.12
    assert rows["ASSUMED"]["Basis assumed"].value == "Yes"
    assert rows["CRIME"]["Basis assumed"].value is None
    better = {ref: row["Better than last year"].value for ref, row in rows.items()}
    assert better == {"HOMES": "Better", "RENT": "Better", "SURVEY": "Not comparable",
                      "ENQ": "Not comparable", "CRIME": "Better", "SICK": "Worse",
                      "FLAT": "Same", "ASSUMED": "Not comparable"}
    assert "only once this year is complete" in rows["ASSUMED"]["Last year basis"].value or \
        "this year is not complete" in rows["ASSUMED"]["Last year basis"].value
    homes = rows["HOMES"]
    assert (homes["Year to date"].value, homes["Same period last year"].value) == (45, 35)
    assert homes["Dec 2009"].value == 20  # the quarter's figure, in its last month
    assert homes["Target basis"].value == "profiled target Q3 2009/10"
    assert homes["Target met"].value == "Yes" and homes["Frequency"].value == "quarterly"
    assert rows["RENT"]["Target"].value is None  # a cumulative figure: judged at year end
    assert "whole year" in rows["RENT"]["Target basis"].value
    assert rows["RENT"]["Year to date"].value == 86.9
    assert rows["ENQ"]["Target met"].value is None and rows["ENQ"]["Status"].value == DATA_ONLY
    assert rows["SURVEY"]["Status"].value == NOT_DUE
    assert rows["SURVEY"]["Basis"].value == "not due yet"


@pytest.fixture(scope="module")
def report(kinds, sample_settings, tmp_path_factory):
    plan, months, results, share = kinds
    out = tmp_path_factory.mktemp("kinds")
    path = write_performance_report(
        QuarterPerformance(plan, sample_settings, Q3, results, share, (), months),
        out / PERFORMANCE_REPORT_NAME, charts_dir=out / "charts", workers=1)
    document = Document(str(path))
    rows = {cells[0]: cells for cells in grid(table_by_caption(
        document, "Performance summary for Q3 2009/10"))[1:] if len(cells) > 1}
    return document, rows


def test_the_summary_says_the_right_thing_of_each_kind(report):
    document, rows = report
    # columns: ref, description, last year, this year, target, quartile, direction,
    # target met, status, SPC reading; a figure's basis on the line under it
    homes = rows["HOMES"]
    assert homes[2] == "35 homes\nsame period of 2008/09 (Q1-Q3 2008/09)"
    assert homes[3] == "45 homes\ntotal of Q1-Q3 2009/10 (3 quarters)"
    assert homes[4] == "45 homes\nprofiled for Q3 2009/10"
    assert (homes[6], homes[7], homes[8]) == ("\u2191 Better", "Yes", "G On target")
    rent = rows["RENT"]
    assert rent[3] == "86.9%\nlatest figure (Dec 2009)"
    assert rent[4] == "Not yet judged\nannual target 98.7%, judged when the year is complete"
    assert (rent[7], rent[8]) == ("\u2013", "Not yet judged")
    survey = rows["SURVEY"]
    assert survey[3] == "Not due yet\nannual figure, due in Q4 2009/10"
    assert survey[6] == "\u2013 Not comparable\nnot due yet" and survey[8] == "Not due yet"
    enquiries = rows["ENQ"]
    assert enquiries[3].startswith("900 enquiries\n") and enquiries[2].startswith("810 enquiries")
    assert enquiries[6] == "Data only: higher than last year"  # its trend, never better
    assert enquiries[4] == "Not judged\ndata only"
    assert (enquiries[7], enquiries[8]) == ("\u2013", "Data only")
    crime = rows["CRIME"]
    assert crime[3].startswith("22.0 per 1,000 population\naverage of Apr-Dec 2009")
    assert crime[2].startswith("22.3 per 1,000 population")
    assert crime[4] == "21.9 per 1,000 population\nannual target 2009/10"
    assert (crime[6], crime[8]) == ("\u2191 Better", "A Within tolerance")
    assert rows["FLAT"][6] == "\u2192 No change" and rows["SICK"][6] == "\u2193 Worse"
    assumed = rows["ASSUMED"]
    assert assumed[3] == "95.12%\naverage of Apr-Dec 2009 (9 months); basis assumed"
    assert assumed[6] == "\u2013 Not comparable\nyear not complete"
    words = "\n".join(p.text for p in document.paragraphs)
    assert "3 of 5 comparable indicators improved (60%)" in words
    assert "exceeded" not in words


def test_the_poster_never_says_met_for_data_only_or_a_missing_figure(kinds):
    _, _, results, share = kinds
    chosen = [r.ref for r in headline_results(results)]
    assert "SURVEY" not in chosen and len(chosen) == 7  # no figure yet: never picked
    # a data-only indicator only when no judged one with every figure is left
    assert "ENQ" not in [r.ref for r in headline_results(results, limit=6)]
    words = poster_texts(poster_figure("Test", Q3, results, share, PosterOptions(
        ("HOMES", "RENT", "ENQ", "CRIME", "SURVEY"))))
    assert "Data only: no target" in words
    assert "Target 45: met  \u00b7  higher is better" in words
    assert "Year target 98.7%: judged at year end\nhigher is better" in words  # two lines: fits
    assert any(w.startswith("Higher than last year (not judged)") for w in words)
    assert "22.0" in words and "per 1,000 population" in words  # a rate, with its unit
    assert not any("265" in w or "198" in w for w in words)
    assert "Target 21.9: not met  \u00b7  lower is better" in words  # the unit is above
    assert sum(": met" in w or ": not met" in w for w in words) == 2  # HOMES and CRIME alone
    assert any(w.startswith("3 of 5 comparable indicators improved") for w in words)


def test_the_councils_rates_per_thousand_read_as_rates(sample_settings, tmp_path):
    """The issue's 265: twelve monthly rates of violent crime per 1,000 were summed."""
    plan = load_plan(COUNCIL)
    year = Quarter(2007, 4)
    months = [IndicatorMonth("BV 127a", y, m, v) for (y, m), v in zip(
        [ym for q in year.financial_year.quarters() for ym in q.months],
        [22.4, 21.9, 22.0, 22.3, 21.8, 22.1, 22.2, 21.9, 22.0, 22.1, 22.3, 21.7])]
    results = indicator_results(plan, QuarterSnapshot(year, ()), sample_settings, months)
    crime = by_ref(results)["BV 127a"]
    assert crime.value == pytest.approx(22.058, abs=0.001)
    assert format_figure(crime.value, crime.indicator).startswith("22.")
    share = improvement_share(results, sample_settings.improvement_target)
    path = write_performance_report(
        QuarterPerformance(plan, sample_settings, year, results, share, (), months),
        tmp_path / PERFORMANCE_REPORT_NAME, charts_dir=tmp_path / "charts", workers=1)
    document = Document(str(path))
    table = table_by_caption(document, "Performance summary for Q4 2007/08")
    row = next(cells for cells in grid(table) if cells[0] == "BV 127a")
    assert row[3].startswith("22.06 per 1,000 population\naverage of Apr-Mar 2008")
    assert row[2].startswith("22.2 per 1,000 population\noutturn 2006/07")
    assert row[6] == "\u2191 Better"
    assert not any("265" in cell for cells in grid(table) for cell in cells)


def test_a_cumulative_figure_at_the_year_end_is_judged_despite_an_earlier_gap(sample_plan,
                                                                             sample_settings):
    rent = INDICATORS[1]
    plan = replace(sample_plan, indicators=(rent,))
    year = Quarter(2009, 4)
    months = [IndicatorMonth("RENT", y, m, 8.0 * n) for n, (y, m) in enumerate(
        [ym for q in year.financial_year.quarters() for ym in q.months], start=1)
        if (y, m) != (2009, 7)]  # July's figure never came; March's is the year's
    (result,) = indicator_results(plan, QuarterSnapshot(year, ()), sample_settings, months)
    assert not result.complete and result.value == 96.0
    assert (result.target, result.target_basis, result.target_met) == (98.7, "target 2009/10",
                                                                       False)
