"""Charts: the data read back from the figure objects (not pixels) matches the input,
every chart kind renders to a deterministic 200 dpi PNG, and the style is one style."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import warnings

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from PIL import Image

from reporter.config.plan import Indicator
from reporter.indicators import charts, spc
from reporter.indicators.charts import (
    ChartJob,
    alt_text,
    improvement_share_figure,
    indicator_figure,
    png_bytes,
    pool,
    render_charts,
    safe_file_name,
    small_multiples_figure,
    small_multiples_figures,
    spc_figure,
    status_counts_figure,
)
from reporter.periods import FinancialYear, Quarter
from reporter.snapshot import IndicatorMonth
from reporter.status import Status

YEAR = FinancialYear(2009)
LAST = FinancialYear(2008)

RENT = Indicator("BV 66a", "% Rent collected", "%", "higher", "Finance", 5, True,
                 {"2009/10": 98.7})
RELET = Indicator("BV 212", "Average relet time from termination to start (days)", "days",
                  "lower", "Operations", 2, True, {"2009/10": 25.0})
TENANCIES = Indicator("LPI 09", "Number of new tenancies sustained", "number", "higher",
                      "Operations", 3)
EVICTIONS = Indicator("BV 66d", "% of tenants evicted as a result of rent arrears", "%", "lower",
                      "Operations", 5)


def months(ref: str, year: FinancialYear, values) -> list[IndicatorMonth]:
    """Monthly points from April of ``year``, one per value (None for a gap)."""
    points = []
    for k, value in enumerate(values):
        month = (3 + k) % 12 + 1
        points.append(IndicatorMonth(ref, year.start_year + (3 + k) // 12, month, value))
    return points


RENT_THIS = [97.9, 98.1, 98.0, 98.3, 98.2, 98.4, 98.35, 98.5, 98.41]
RENT_LAST = [98.3, 98.5, 98.1, 98.5, 98.2, 98.2, 98.7, 98.3, 98.3, 98.4, 98.5, 98.3]
RELET_THIS = [30.1, 23.5, 29.6, 28.6, 27.3, 28.9, None, 24.0, 23.0]
RELET_LAST = [30.0, 31.2, 27.0, 30.7, 31.7, 33.2, 28.4, 29.7, 24.9, 29.4, 24.4, 26.7]


def rent_figure():
    return indicator_figure(RENT, months("BV 66a", YEAR, RENT_THIS),
                            months("BV 66a", LAST, RENT_LAST), YEAR, 98.7)


def by_gid(fig, gid, kind=None):
    found = [a for a in fig.findobj(lambda a: a.get_gid() == gid)]
    return [a for a in found if kind is None or isinstance(a, kind)]


def texts(fig, gid=None):
    return [t.get_text() for t in fig.findobj(Text)
            if t.get_visible() and t.get_text() and (gid is None or t.get_gid() == gid)]


def ydata(line):
    return np.asarray(line.get_ydata(), dtype=float)


# --------------------------------------------------------------------------- one indicator

def test_indicator_chart_lines_match_the_history():
    fig = rent_figure()
    (this_year,) = by_gid(fig, "this_year")
    (last_year,) = by_gid(fig, "last_year")
    expected = RENT_THIS + [math.nan] * 3
    assert np.array_equal(ydata(this_year), expected, equal_nan=True)
    assert np.array_equal(ydata(last_year), RENT_LAST)
    assert list(this_year.get_xdata()) == list(range(12))
    assert this_year.get_label() == "2009/10" and last_year.get_label() == "2008/09"
    assert this_year.get_linestyle() != last_year.get_linestyle()  # not colour alone
    (target,) = by_gid(fig, "target")
    assert list(ydata(target)) == [98.7, 98.7]
    assert target.get_label() == "Target 98.7%"
    assert texts(fig, "polarity") == ["\u2191 Higher is better"]
    assert texts(fig, "latest") == ["98.41%"]
    assert texts(fig, "target_note") == ["Target 2009/10: 98.7%"]
    assert texts(fig, "title") == ["BV 66a \u2013 % Rent collected"]
    assert texts(fig, "xtick") == ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
                                   "Jan", "Feb", "Mar"]
    assert texts(fig, "ytitle") == ["Per cent"]
    assert texts(fig, "legend") == ["2009/10", "2008/09", "Target 98.7%"]
    bottom, top = fig.axes[0].get_ylim()
    assert bottom < min(RENT_THIS) and top > 98.7


def test_lower_is_better_with_a_gap():
    fig = indicator_figure(RELET, months("BV 212", YEAR, RELET_THIS),
                           months("BV 212", LAST, RELET_LAST), YEAR, 25.0)
    (this_year,) = by_gid(fig, "this_year")
    assert np.isnan(ydata(this_year)[6])  # the gap stays a gap
    assert texts(fig, "polarity") == ["\u2193 Lower is better"]
    assert texts(fig, "latest") == ["23 days"]
    assert texts(fig, "ytitle") == ["Days"]


def test_number_with_gaps_and_no_target():
    values = [1200.0, None, 1350.0, 1410.0, None, None, 1500.0]
    fig = indicator_figure(TENANCIES, months("LPI 09", YEAR, values), [], YEAR, None)
    (this_year,) = by_gid(fig, "this_year")
    assert np.array_equal(ydata(this_year), [1200, math.nan, 1350, 1410, math.nan, math.nan, 1500]
                          + [math.nan] * 5, equal_nan=True)
    assert np.isnan(ydata(by_gid(fig, "last_year")[0])).all()
    assert by_gid(fig, "target") == []
    assert texts(fig, "target_note") == ["No target set for 2009/10"]
    assert texts(fig, "latest") == ["1,500"]
    assert "1,500" in texts(fig, "ytick")  # thousands separated, no offset or 1e3


def test_one_point_shows_a_marker_and_no_points_says_so():
    fig = indicator_figure(RENT, months("BV 66a", YEAR, [87.5]), [], YEAR, 88.0)
    (this_year,) = by_gid(fig, "this_year")
    assert this_year.get_marker() == "o"
    assert ydata(this_year)[0] == 87.5 and np.isnan(ydata(this_year)[1:]).all()
    ticks = texts(fig, "ytick")
    assert len(set(ticks)) == len(ticks)  # each tick labelled distinctly
    empty = indicator_figure(RENT, [], [], YEAR, None)
    assert texts(empty, "no_data") == ["No figures yet for 2009/10"]
    assert texts(empty, "latest") == []


def test_all_zeros_give_sensible_limits():
    fig = indicator_figure(EVICTIONS, months("BV 66d", YEAR, [0.0] * 6),
                           months("BV 66d", LAST, [0.0] * 12), YEAR, 0.0)
    bottom, top = fig.axes[0].get_ylim()
    assert bottom == 0 and top > 0
    assert texts(fig, "latest") == ["0%"]
    assert texts(fig, "ytick")[0] == "0"


def test_months_outside_the_financial_year_are_left_out():
    stray = months("BV 66a", FinancialYear(2010), [50.0]) + months("BV 66a", YEAR, [98.0])
    fig = indicator_figure(RENT, stray, [], YEAR, None)
    (this_year,) = by_gid(fig, "this_year")
    assert ydata(this_year)[0] == 98.0 and np.isnan(ydata(this_year)[1:]).all()


def test_indicator_alt_text():
    args = (RENT, months("BV 66a", YEAR, RENT_THIS), months("BV 66a", LAST, RENT_LAST), YEAR, 98.7)
    assert charts.indicator_alt_text(*args) == (
        "Line chart of BV 66a \u2013 % Rent collected, April to March 2009/10 against 2008/09. "
        "Latest: 98.41% in December (98.3% a year before). Target 98.7%. Higher is better.")


def test_a_july_years_chart_runs_july_to_june():
    year, last = FinancialYear(2009, 7), FinancialYear(2008, 7)

    def from_july(start: FinancialYear, values) -> list[IndicatorMonth]:
        return [IndicatorMonth("BV 66a", *q.months[k % 3], v) for k, v in enumerate(values)
                for q in (start.quarters()[k // 3],)]

    this, before = from_july(year, RENT_THIS), from_july(last, RENT_LAST)
    fig = indicator_figure(RENT, this, before, year, 98.7)
    assert texts(fig, "xtick") == ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar",
                                   "Apr", "May", "Jun"]
    (this_year,) = by_gid(fig, "this_year")
    assert np.array_equal(ydata(this_year), RENT_THIS + [math.nan] * 3, equal_nan=True)
    assert charts.indicator_alt_text(RENT, this, before, year, 98.7).startswith(
        "Line chart of BV 66a \u2013 % Rent collected, July to June 2009/10 against 2008/09. "
        "Latest: 98.41% in March (98.3% a year before).")


# --------------------------------------------------------------------------- SPC

RENT_DROP = [97.7, 97.8, 97.7, 97.75, 97.8, 97.7, 97.75, 97.7, 97.8]  # a shift down
HISTORY = months("BV 66a", LAST, RENT_LAST) + months("BV 66a", YEAR, RENT_DROP)


def test_spc_chart_shows_the_xmr_figures_and_the_reading():
    result = spc.indicator_spc(RENT, HISTORY, 98.7)
    fig = spc_figure(RENT, HISTORY, 98.7)
    (points,) = by_gid(fig, "points")
    assert np.array_equal(ydata(points), [m.value for m in HISTORY])
    for gid, level in (("mean", result.mean), ("upper", result.upper), ("lower", result.lower),
                       ("target", 98.7)):
        (line,) = by_gid(fig, gid)
        assert list(ydata(line)) == pytest.approx([level, level])
    flagged = {f.index: f.effect for f in result.flags}
    assert flagged  # the last nine months are a shift below the mean: a concern
    for effect in (spc.IMPROVEMENT, spc.CONCERN, "common"):
        drawn = by_gid(fig, effect)
        wanted = [i for i in range(len(HISTORY)) if flagged.get(i, "common") == effect]
        if not wanted:
            assert all(len(line.get_xdata()) == 0 for line in drawn)
            continue
        (marks,) = drawn
        assert list(marks.get_xdata()) == wanted
    drawn = [by_gid(fig, e)[0] for e in ("common", spc.CONCERN, spc.IMPROVEMENT) if by_gid(fig, e)]
    assert len({marks.get_marker() for marks in drawn}) == len(drawn)  # not colour alone
    assert result.variation == spc.SPECIAL_CONCERN
    assert texts(fig, "verdict") == [
        "Variation: special cause \u2013 concern   \u00b7   Assurance: target consistently missed"]
    (reading,) = texts(fig, "reading")
    assert " ".join(reading.split()) == result.reading
    assert texts(fig, "xtick")[0] == "Apr 08"
    assert "Target 98.7%" in texts(fig, "target_label")


def test_spc_chart_needs_fifteen_points():
    assert spc_figure(RENT, HISTORY[:14], 98.7) is None
    assert charts.spc_alt_text(RENT, HISTORY[:14], 98.7).endswith(
        ": fewer than 15 points (14 months).")
    assert spc_figure(RENT, HISTORY[:15], 98.7) is not None


def test_a_quarterly_spc_chart_has_a_point_a_quarter_labelled_by_quarter():
    calls = Indicator("CS01", "Call handling quality", "%", "higher", "Customers",
                      frequency="quarterly")
    history, quarter = [], Quarter(2010, 1)
    for k in range(16):  # held against each quarter's last month
        history.append(IndicatorMonth("CS01", *quarter.months[-1], (99.5, 96.0)[k % 2]))
        quarter = quarter.next()
    fig = spc_figure(calls, history, 90.0)
    assert len(by_gid(fig, "points")[0].get_ydata()) == 16
    assert texts(fig, "xtick")[:2] == ["Q1 10/11", "Q3 10/11"]  # every other quarter
    (upper,) = by_gid(fig, "upper")
    assert list(ydata(upper)) == [100.0, 100.0]  # clipped: a percentage
    text = charts.spc_alt_text(calls, history, 90.0)
    assert "Q1 2010/11 to Q4 2013/14 (16 quarters)" in text and "process limits" in text
    annual = Indicator("BV 8", "Invoices paid", "%", "higher", "Finance", frequency="annual")
    assert spc_figure(annual, history, 90.0) is None
    assert charts.spc_alt_text(annual, history, 90.0).endswith(": not used for annual figures.")


def test_a_july_years_quarterly_spc_chart_names_its_own_quarters():
    calls = Indicator("CS01", "Call handling quality", "%", "higher", "Customers",
                      frequency="quarterly")
    history, quarter = [], Quarter(2010, 1, 7)  # July to September 2010 first
    for k in range(16):
        history.append(IndicatorMonth("CS01", *quarter.months[-1], (99.5, 96.0)[k % 2]))
        quarter = quarter.next()
    assert texts(spc_figure(calls, history, 90.0, first_month=7), "xtick")[:2] == [
        "Q1 10/11", "Q3 10/11"]
    text = charts.spc_alt_text(calls, history, 90.0, first_month=7)
    assert "Q1 2010/11 to Q4 2013/14 (16 quarters)" in text
    # read in the April year, the same points are a quarter later
    assert "Q2 2010/11 to Q1 2014/15 (16 quarters)" in charts.spc_alt_text(calls, history, 90.0)


def test_spc_chart_without_words_or_target_and_flat():
    fig = spc_figure(RELET, months("BV 212", LAST, RELET_LAST + RELET_THIS), None, words=False)
    assert texts(fig, "reading") == [] and by_gid(fig, "target") == []
    assert texts(fig, "verdict") == ["Variation: common cause"]
    flat = spc_figure(EVICTIONS, months("BV 66d", LAST, [0.0] * 20), 0.0)
    assert by_gid(flat, "upper") == [] and len(by_gid(flat, "mean")) == 1
    assert fig.axes[0].get_ylim()[0] >= 0 and flat.axes[0].get_ylim() == (0.0, 1.0)


def test_spc_labels_beside_the_chart_do_not_overlap():
    # target and upper limit close together
    history = months("BV 66a", LAST, [98.0, 98.2] * 10)
    fig = spc_figure(RENT, history, 98.5)
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.findobj(Text)
             if (t.get_gid() or "").endswith("_label")]
    assert len(boxes) == 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


# --------------------------------------------------------------------------- small multiples

def panels(count):
    made = []
    for n in range(count):
        polarity = "higher" if n % 2 else "lower"
        ind = Indicator(f"LPI {n:02d}", f"Indicator {n}", "%", polarity, "Operations")
        this = months(ind.ref, YEAR, [50.0 + n + k for k in range(9)])
        last = months(ind.ref, LAST, [49.0 + n] * 12)
        made.append((ind, this, last, None if n % 3 == 0 else 55.0))
    return made


def test_small_multiples_one_panel_per_indicator():
    sheet = panels(7)
    fig = small_multiples_figure("Theme 2: Decent homes", sheet)
    assert len(fig.axes) == 7
    lines = by_gid(fig, "this_year")
    for line, (_, this, _, _) in zip(lines, sheet):
        assert np.array_equal(ydata(line)[:9], [m.value for m in this])
    assert len(by_gid(fig, "target")) == sum(1 for p in sheet if p[3] is not None)
    assert texts(fig, "target_note") == ["no target"] * 3
    assert texts(fig, "polarity").count("\u2191 better") == 3
    assert texts(fig, "latest")[0] == "Dec: 58%"
    assert texts(fig, "legend") == ["2009/10", "2008/09", "Target"]
    assert fig.get_size_inches()[1] < 29.7 / 2.54  # fits an A4 page


def test_small_multiples_split_into_pages():
    pages = small_multiples_figures("Operations", panels(20), columns=3)
    assert [len(p.axes) for p in pages] == [18, 2]
    assert texts(pages[0], "title") == ["Operations (page 1 of 2)"]
    assert texts(pages[1], "title") == ["Operations (page 2 of 2)"]
    assert len(small_multiples_figures("One", panels(2))) == 1


LONG = Indicator("xBV 211b", "% of total repairs expenditure spent on emergency and urgent "
                 "repairs (as opposed to non-urgent repairs) across every neighbourhood office",
                 "%", "lower", "Investment", 6)
LONG_THEME = ("Theme 3: Make a unique contribution to Rotherham\u2019s priorities, particularly "
              "the Safe and Proud themes, and ensure all services are well-governed")


def words(text: str) -> list[str]:
    return text.split()


def test_long_titles_are_wrapped_whole_never_cut():
    """A title cut with an ellipsis hides what a chart is of: every word is drawn."""
    this, last = months(LONG.ref, YEAR, [20.0] * 9), months(LONG.ref, LAST, [21.0] * 12)
    year = indicator_figure(LONG, this, last, YEAR, None)
    (title,) = texts(year, "title")
    assert words(title) == words(f"{LONG.ref} \u2013 {LONG.description}")
    sheet = small_multiples_figure(LONG_THEME, [(LONG, this, last, None)] * 4)
    (heading,) = texts(sheet, "title")
    assert words(heading) == words(LONG_THEME) and "\n" in heading
    assert all(words(t) == words(f"{LONG.ref} \u2013 {LONG.description}")
               for t in texts(sheet, "panel_title"))
    drawn = [t for fig in (year, sheet) for t in texts(fig)]
    assert not any("\u2026" in t or "..." in t for t in drawn)


def test_small_multiples_in_sections_share_a_page_under_their_headings():
    sheet = panels(5)
    fig = small_multiples_figure("At a glance", sheet, sections=[(LONG_THEME, 2),
                                                                ("Theme 5: Money", 3)])
    assert len(fig.axes) == 5
    assert [words(t) for t in texts(fig, "section")] == [words(LONG_THEME),
                                                         ["Theme", "5:", "Money"]]
    assert texts(fig, "title") == []  # the caption names the page; the headings the themes
    assert texts(fig, "legend") == ["2009/10", "2008/09", "Target"]  # once, at the foot
    # each section starts a row of its own: the third panel is below the first two
    tops = [ax.get_position().y1 for ax in fig.axes]
    assert tops[0] == tops[1] > tops[2] == tops[3] == tops[4]
    assert charts.sections_depth("At a glance", [(LONG_THEME, [p[0] for p in sheet[:2]]),
                                                 ("Theme 5: Money",
                                                  [p[0] for p in sheet[2:]])]) \
        == pytest.approx(fig.get_size_inches()[1])
    with pytest.raises(ValueError, match="every panel"):
        small_multiples_figure("At a glance", sheet, sections=[("Theme 5", 2)])


# --------------------------------------------------------------------------- status counts

COUNTS = [
    ("Q1 2009/10", {Status.COMPLETE: 5, Status.GREEN: 40, Status.AMBER: 10, Status.RED: 7}),
    ("Q2 2009/10", {Status.COMPLETE: 12, Status.GREEN: 35, Status.AMBER: 0, Status.RED: 2}),
    ("Q3 2009/10", {Status.COMPLETE: 20, Status.GREEN: 30, Status.AMBER: 6, Status.RED: 6}),
]


def test_status_counts_are_stacked_complete_green_amber_red():
    fig = status_counts_figure(COUNTS)
    ax = fig.axes[0]
    labels = ["C  Complete", "G  Green", "A  Amber", "R  Red"]
    assert [c.get_label() for c in ax.containers] == labels
    order = [Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED]
    base = [0, 0, 0]
    for container, status in zip(ax.containers, order):
        heights = [p.get_height() for p in container]
        assert heights == [c[status] for _, c in COUNTS]
        assert [p.get_y() for p in container] == base
        base = [b + h for b, h in zip(base, heights)]
    hatches = [c.patches[0].get_hatch() for c in ax.containers]
    assert len(set(hatches)) == 4 and all(hatches)
    colours = [c.patches[0].get_facecolor() for c in ax.containers]
    assert len(set(colours)) == 4
    labels = sorted(int(t.split()[-1]) for t in texts(fig, "count"))
    assert labels == sorted(n for _, c in COUNTS for n in c.values() if n)  # zeros unlabelled
    assert texts(fig, "total") == ["62", "49", "62"]
    assert texts(fig, "xtick") == ["Q1 2009/10", "Q2 2009/10", "Q3 2009/10"]
    assert texts(fig, "legend") == ["C  Complete", "G  Green", "A  Amber", "R  Red"]
    swatches = [k.get_hatch() for k in by_gid(fig, "legend_key")]
    assert swatches == hatches


def test_status_counts_show_not_reported_only_when_there_are_some():
    fig = status_counts_figure([("Q1 2009/10", {Status.GREEN: 3, None: 2})])
    assert [c.get_label() for c in fig.axes[0].containers][-1] == "N  Not reported"
    assert charts.status_counts_alt_text(COUNTS) == (
        "Key actions by status: stacked bar chart of key actions by status, Q1 2009/10 to "
        "Q3 2009/10. Latest, Q3 2009/10: 20 Complete, 30 Green, 6 Amber, 6 Red.")


# --------------------------------------------------------------------------- share improved

def test_improvement_share_against_the_seventy_percent_line():
    points = [("Q1 2009/10", 0.6), ("Q2 2009/10", None), ("Q3 2009/10", 11 / 17),
              ("Q4 2009/10", 0.75)]
    fig = improvement_share_figure(points)
    (line,) = by_gid(fig, "target")
    assert list(ydata(line)) == [0.7, 0.7]
    bars = {round(p.get_x() + p.get_width() / 2): p for c in fig.axes[0].containers for p in c}
    assert {x: p.get_height() for x, p in bars.items()} == {0: 0.6, 2: 11 / 17, 3: 0.75}
    assert bars[3].get_hatch() != bars[2].get_hatch()  # short of the target: hatched too
    assert texts(fig, "share_label") == ["60%", "n/a", "65%", "75%"]
    assert texts(fig, "target_label") == ["Plan target\n70%"]
    assert charts.improvement_share_alt_text(points).endswith("Latest, Q4 2009/10: 75%.")


# --------------------------------------------------------------------------- style

def all_figures():
    return [
        rent_figure(),
        spc_figure(RENT, HISTORY, 98.7),
        small_multiples_figure("Theme", panels(4)),
        status_counts_figure(COUNTS),
        improvement_share_figure([("Q1", 0.5)]),
    ]


def test_one_style_for_all_charts():
    for fig in all_figures():
        width, _ = fig.get_size_inches()
        assert width == pytest.approx(16 / 2.54, abs=0.01)
        for text in fig.findobj(Text):
            if text.get_visible() and text.get_text():
                assert text.get_fontfamily() == ["DejaVu Sans"]
                assert 6.5 <= text.get_fontsize() <= 10, text.get_text()


def test_every_glyph_is_in_the_font():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        for fig in all_figures():
            png_bytes(fig)


def test_charts_never_import_pyplot():
    code = "import sys, reporter.indicators.charts; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- files

def jobs():
    return [
        ChartJob.indicator(RENT, months("BV 66a", YEAR, RENT_THIS),
                           months("BV 66a", LAST, RENT_LAST), YEAR, 98.7),
        ChartJob.spc(RENT, HISTORY, 98.7),
        ChartJob.spc(RELET, HISTORY[:5], 25.0),  # too few points: no file
        ChartJob.small_multiples("Theme 5", panels(3), per_page=2),
        ChartJob.status_counts(COUNTS),
        ChartJob.improvement_share([("Q1 2009/10", 0.6), ("Q2 2009/10", 0.65)]),
    ]


def test_render_charts_writes_deterministic_200_dpi_pngs(tmp_path, monkeypatch):
    first = render_charts(jobs(), tmp_path / "a", workers=1)
    assert [p.name for p in first] == [
        "BV_66a.png", "BV_66a_spc.png", "Theme_5_1.png", "Theme_5_2.png", "status_counts.png",
        "improvement_share.png"]
    for path in first:
        image = Image.open(path)
        assert image.format == "PNG" and image.mode == "RGB"
        assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)
        assert image.info["Description"]
    image = Image.open(first[0])
    assert image.size == (1260, 535)  # 16 x 6.8 cm at 200 dpi: three to an A4 page
    assert image.info["Description"] == alt_text(jobs()[0])
    # the same input gives the same bytes, in this process or in a pool of two
    monkeypatch.setattr(pool, "PARALLEL_ABOVE", 1)
    second = render_charts(jobs(), tmp_path / "b", workers=2)
    assert [p.name for p in second] == [p.name for p in first]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    assert not list((tmp_path / "a").glob(".*tmp"))  # no temporary files left


def test_png_is_a_valid_image_of_the_figure():
    fig = status_counts_figure(COUNTS)
    data = png_bytes(fig, "alt with \u2013 and \u00a3")
    Image.open(io.BytesIO(data)).verify()  # chunk lengths and CRCs
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.info["Description"] == "alt with \u2013 and \u00a3"
    pixels = np.asarray(image)
    assert pixels[0, 0].tolist() == [255, 255, 255]  # white background
    assert pixels.min() < 100  # something dark drawn


def test_job_names_and_errors(tmp_path):
    assert safe_file_name("BV 66a") == "BV_66a.png"
    assert safe_file_name("xBV 211a/b") == "xBV_211a_b.png"
    assert safe_file_name("Théme: 2") == "Th_me_2.png"
    assert safe_file_name("???") == "chart.png"
    twice = [ChartJob.status_counts(COUNTS), ChartJob.status_counts(COUNTS)]
    with pytest.raises(ValueError, match="same file: status_counts.png"):
        render_charts(twice, tmp_path)
    with pytest.raises(ValueError, match="unknown chart kind 'pie'"):
        render_charts([ChartJob("pie", "pie.png")], tmp_path)


def test_a_chart_for_every_indicator_of_the_sample_plan(sample_plan, tmp_path):
    """Every indicator of the plan gets a year chart whose lines are its history, and an
    SPC chart once it has fifteen months."""
    year, history = FinancialYear(2009), {}
    for n, indicator in enumerate(sample_plan.indicators):
        level = indicator.outturns.get("2008/09", 50.0)
        wobble = [1 + 0.01 * ((k * 7 + n) % 5 - 2) for k in range(21)]
        values = [None if (n + k) % 11 == 0 else round(level * w, 2)
                  for k, w in enumerate(wobble)]  # April 2008 to December 2009, some gaps
        history[indicator.ref] = months(indicator.ref, LAST, values)
    jobs = []
    for indicator in sample_plan.indicators:
        series = history[indicator.ref]
        jobs.append(ChartJob.indicator(indicator, series[12:], series[:12], year,
                                       indicator.target_for(year)))
        jobs.append(ChartJob.spc(indicator, series, indicator.target_for(year), words=False))
    for job in jobs[::2]:
        (fig,) = charts.figures(job)
        expected = [m.value for m in history[job.args[0].ref][12:]] + [None] * 3
        (line,) = by_gid(fig, "this_year")
        assert np.array_equal(ydata(line), np.array(expected, dtype=float), equal_nan=True)
    for job in jobs[1::2]:  # 19 or 20 months given: enough for the SPC chart
        if job.args[0].frequency == "annual":  # an annual figure has no SPC chart
            assert charts.figures(job) == []
            continue
        if job.args[0].frequency == "quarterly":  # a point a quarter: checked elsewhere
            continue
        (fig,) = charts.figures(job)
        held = [k for k, m in enumerate(history[job.args[0].ref]) if m.value is not None]
        # a point a month from the first month held to the last, gaps within
        assert len(by_gid(fig, "points")[0].get_ydata()) == held[-1] - held[0] + 1
    written = {p.name for p in render_charts(jobs[::2], tmp_path)}
    assert written == {safe_file_name(i.ref) for i in sample_plan.indicators}
    assert len(written) == len(sample_plan.indicators) == 20


def test_unchanged_charts_come_from_the_cache(tmp_path, monkeypatch):
    """A re-run copies charts whose inputs are unchanged, byte for byte, and draws the rest."""
    cache = tmp_path / "cache"
    first = render_charts(jobs(), tmp_path / "one", workers=1, cache_dir=cache)

    def no_drawing(*args, **kwargs):
        raise AssertionError("drew a chart the cache holds")

    monkeypatch.setattr(pool, "render_chart", no_drawing)
    again = render_charts(jobs(), tmp_path / "two", workers=1, cache_dir=cache)
    assert [p.name for p in again] == [p.name for p in first]  # none for the short SPC too
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in first]
    changed = [ChartJob.indicator(RENT, months("BV 66a", YEAR, RENT_THIS),
                                  months("BV 66a", LAST, RENT_LAST), YEAR, 99.0)]
    with pytest.raises(AssertionError, match="drew a chart"):
        render_charts(changed, tmp_path / "three", workers=1, cache_dir=cache)


def test_a_change_in_the_reporter_source_draws_again(tmp_path, monkeypatch):
    """The cache key covers the code that draws (every module of the package, such as
    the month names in periods.py), not only the chart's inputs."""
    from reporter.indicators.charts import cache as chart_cache

    job = ChartJob.status_counts(COUNTS)
    key = chart_cache.chart_key(job)
    assert chart_cache.chart_key(ChartJob.status_counts(COUNTS)) == key  # unchanged: a hit
    render_charts([job], tmp_path / "one", workers=1, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(chart_cache, "source_hash", lambda: "periods.py changed")
    assert chart_cache.chart_key(job) != key
    drawn = []
    monkeypatch.setattr(pool, "render_chart", lambda job, out: drawn.append(job) or [])
    render_charts([job], tmp_path / "two", workers=1, cache_dir=tmp_path / "cache")
    assert drawn == [job]  # a miss: drawn again


def test_the_source_hash_changes_with_any_module_of_the_package(tmp_path):
    from reporter.indicators.charts.cache import source_hash

    (tmp_path / "indicators").mkdir()
    (tmp_path / "periods.py").write_text('MONTHS = ("Jan", "Feb")\n')
    (tmp_path / "indicators" / "year.py").write_text("WIDTH = 6.3\n")
    first = source_hash(tmp_path)
    assert source_hash(tmp_path) == first
    (tmp_path / "periods.py").write_text('MONTHS = ("January", "February")\n')
    source_hash.cache_clear()
    assert source_hash(tmp_path) != first
    (tmp_path / "periods.py").write_text('MONTHS = ("Jan", "Feb")\n')
    source_hash.cache_clear()
    assert source_hash(tmp_path) == first


def test_small_panels_name_the_first_month_of_each_quarter():
    fig = small_multiples_figure("Theme", panels(2))
    assert texts(fig, "xtick") == ["Apr", "Jul", "Oct", "Jan"] * 2
    assert texts(rent_figure(), "xtick")[:4] == ["Apr", "May", "Jun", "Jul"]  # big: every month


# --------------------------------------------------------------------------- which charts

def _result(ref, rag, better):
    from reporter.indicators.results import IndicatorResult

    indicator = Indicator(ref, f"Indicator {ref}", "%", "higher", "Operations")
    return IndicatorResult(indicator, Quarter(2009, 3), (), None, 0, None, "", None, "", None,
                           better, None, rag)


def test_a_small_organisation_charts_every_indicator():
    from reporter.indicators.results import CHART_EVERY_INDICATOR_UP_TO as DETAIL_ALL_UP_TO
    from reporter.indicators.results import indicators_for_board as board_charts


    results = [_result(f"PI {i:03d}", "on target", True) for i in range(DETAIL_ALL_UP_TO)]
    chosen = board_charts(results, [], 200)
    assert chosen.is_all and len(chosen.refs) == DETAIL_ALL_UP_TO
    assert len(board_charts(results, [], 5).refs) == 5  # within the settings' limit


def test_a_large_organisation_charts_only_the_indicators_in_need():
    from reporter.indicators.results import CHART_EVERY_INDICATOR_UP_TO as DETAIL_ALL_UP_TO
    from reporter.indicators.results import ClinicCandidate
    from reporter.indicators.results import indicators_for_board as board_charts


    kinds = [("on target", True), ("within tolerance", True), ("off target", True),
             ("on target", False), ("within tolerance", None), ("on target", True)]
    results = [_result(f"PI {i:03d}", *kinds[i % len(kinds)])
               for i in range(DETAIL_ALL_UP_TO + 20)]
    clinics = [ClinicCandidate("PI 000", ())]
    chosen = board_charts(results, clinics, 200)
    wanted = [r.ref for r in results if r.ref == "PI 000" or r.rag == "off target"
              or r.better is False]
    assert list(chosen.refs) == wanted and chosen.total == len(results) and not chosen.is_all
    assert chosen.in_need_only  # the report says so, in those words
    capped = board_charts(results, clinics, 3)
    assert capped.refs[0] == "PI 000" and len(capped.refs) == 3  # clinic candidates first
    assert set(capped.refs) <= set(wanted)


def test_dollar_signs_in_a_description_are_text_not_mathematics():
    """A register's text is drawn as typed: "$\\frac{unit}$" once killed a chart process
    (mathtext cannot parse it); "$5 to $10" must not turn italic either (#17.5)."""
    from dataclasses import replace

    odd = replace(RENT, description="Cost per $\\frac{unit}$ of rent: $5 to $10")
    fig = indicator_figure(odd, months("BV 66a", YEAR, RENT_THIS),
                           months("BV 66a", LAST, RENT_LAST), YEAR, 98.7)
    assert png_bytes(fig, "alt").startswith(b"\x89PNG")
    drawn = [t.get_text() for t in fig.findobj(Text)]
    assert any("$\\frac{unit}$" in text for text in drawn)
