"""The performance poster: one A4 portrait page as PNG (150+ dpi, the same bytes for
the same input) and PDF, with the organisation, the quarter, 6-8 headline tiles whose
arrows and words match the analysis, and the share improved."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from test_performance_report import IMPROVED, NO_FIGURES, SAME, make_series

from reporter.indicators.results import ImprovementShare, improvement_share, indicator_results
from reporter.pack import poster_figure, write_poster
from reporter.pack.performance_words import format_figure
from reporter.pack.poster import (
    BETTER_COLOUR,
    BETTER_WORDS,
    NO_COMPARISON_WORDS,
    SAME_WORDS,
    WORSE_COLOUR,
    WORSE_WORDS,
    direction_words,
    headline_results,
)
from reporter.periods import Quarter
from reporter.snapshot import QuarterSnapshot

Q3 = Quarter(2009, 3)
ORG = "2010 Rotherham Ltd"


@pytest.fixture(scope="module")
def analysed(sample_plan, sample_settings):
    series = make_series(sample_plan)
    results = indicator_results(sample_plan, QuarterSnapshot(Q3, ()), sample_settings, series)
    return results, improvement_share(results, sample_settings.improvement_target)


@pytest.fixture(scope="module")
def posters(tmp_path_factory, analysed):
    results, share = analysed
    first = write_poster(ORG, Q3, results, share, tmp_path_factory.mktemp("a"))
    second = write_poster(ORG, Q3, results, share, tmp_path_factory.mktemp("b"))
    return first, second


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def test_png_is_a4_portrait_at_150_dpi_or_more(posters):
    (png, _), _ = posters
    assert png.name == "poster.png"
    with Image.open(png) as image:
        width, height = image.size
        dpi = image.info.get("dpi", (0, 0))
    assert height > width
    assert height / width == pytest.approx(297 / 210, rel=0.01)
    assert min(dpi) >= 149.5
    assert width / min(dpi) == pytest.approx(21 / 2.54, rel=0.01)  # A4 at its real size


def test_same_input_same_png_bytes_and_no_software_stamp(posters):
    (png_a, pdf_a), (png_b, pdf_b) = posters
    assert png_a.read_bytes() == png_b.read_bytes()
    assert b"Software" not in png_a.read_bytes()
    assert pdf_a.read_bytes() == pdf_b.read_bytes()


def test_pdf_is_one_a4_page(posters):
    (_, pdf), _ = posters
    data = pdf.read_bytes()
    assert pdf.name == "poster.pdf" and data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 1
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    assert (float(box[1]), float(box[2])) == pytest.approx((595.4, 841.7), abs=1.5)
    assert b"CreationDate" not in data  # no time stamp: the same bytes each run


def test_heading_names_the_organisation_and_quarter(analysed):
    results, share = analysed
    words = texts(poster_figure(ORG, Q3, results, share))
    assert ORG in words
    assert "How we performed: Q3 2009/10" in words
    assert any("April 2009 to December 2009" in w for w in words)


def test_six_to_eight_tiles_each_theme_first(analysed, sample_plan):
    results, _ = analysed
    chosen = headline_results(results)
    assert 6 <= len(chosen) <= 8
    assert all(r.value is not None for r in chosen)
    assert NO_FIGURES not in {r.ref for r in chosen}
    themes_with_figures = {r.indicator.theme for r in results if r.value is not None}
    assert {r.indicator.theme for r in chosen} == themes_with_figures  # every theme has one
    order = [r.ref for r in results]
    assert [r.ref for r in chosen] == sorted((r.ref for r in chosen), key=order.index)
    assert [r.ref for r in headline_results(results, ["LPI 01", "BV 66a"])] == \
        ["LPI 01", "BV 66a"]


def test_tile_arrows_and_words_match_the_analysis(analysed):
    results, share = analysed
    by_ref = {r.ref: r for r in results}
    chosen = [by_ref[ref] for ref in ("BV 66a", "BV 66b", "BV 184b", SAME, "LPI 05", "BV 212")]
    words = texts(poster_figure(ORG, Q3, results, share, [r.ref for r in chosen]))
    for result in chosen:
        arrow, said, colour = direction_words(result)
        if result.better:
            assert (arrow, said, colour) == ("\u25b2", BETTER_WORDS, BETTER_COLOUR)
            assert result.ref in IMPROVED
        elif not result.indicator.judged:  # LPI 05 is data only
            assert said.endswith("(not judged)")
        elif result.better is None:
            assert said.startswith(NO_COMPARISON_WORDS)
        elif result.ref == SAME:
            assert said == SAME_WORDS
        else:
            assert (arrow, said, colour) == ("\u25bc", WORSE_WORDS, WORSE_COLOUR)
        assert format_figure(result.value, result.indicator.unit) in words
        sentence = said[:1].upper() + said[1:]
        assert any(w.startswith(sentence) for w in words), sentence
    assert sum(w in ("\u25b2", "\u25bc", "=", "\u2013") for w in words) == len(chosen)


def test_share_improved_is_on_the_poster(analysed):
    results, share = analysed
    words = texts(poster_figure(ORG, Q3, results, share))
    assert f"{share.improved} of {share.comparable} comparable indicators improved on last year: " \
           f"{share.percent}" in words
    assert any(w.startswith("Our plan asks for at least 70%: we fell short of it.") for w in words)


def test_a_quarter_with_no_figures_still_makes_a_poster(tmp_path):
    none = ImprovementShare(0, 0, None, 0.70, False)
    png, pdf = write_poster(ORG, Q3, [], none, tmp_path, name="empty")
    assert png.is_file() and pdf.is_file()
    words = texts(poster_figure(ORG, Q3, [], none))
    assert "No figures have been reported yet this year." in words
    assert "No indicator can yet be compared with last year." in words
