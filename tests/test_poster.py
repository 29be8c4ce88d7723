"""The performance poster: one A4 portrait page as PNG (150+ dpi, the same bytes for
the same input) and PDF, with the organisation, the quarter, 6-8 headline tiles whose
arrows and words match the analysis, and the share improved."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from test_performance_report import IMPROVED, NO_FIGURES, SAME, make_series

from reporter.indicators.results import ImprovementShare, improvement_share, indicator_results
from reporter.pack import PosterOptions, poster_figure, write_poster
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
    words = texts(poster_figure(ORG, Q3, results, share, PosterOptions(tuple(r.ref for r in chosen))))
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
    png, pdf = write_poster(ORG, Q3, [], none, tmp_path, PosterOptions(name="empty"))
    assert png.is_file() and pdf.is_file()
    words = texts(poster_figure(ORG, Q3, [], none))
    assert "No figures have been reported yet this year." in words
    assert "No indicator can yet be compared with last year." in words


# --------------------------------------------------------------------------- fit to pin up

def outside_the_page(fig) -> list[str]:
    """The texts (and tiles) any part of which lies off the page, as drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    page = fig.bbox
    out = []
    for artist in [*fig.texts, *fig.patches]:
        box = artist.get_window_extent(renderer)
        if box.x0 < page.x0 - 0.5 or box.y0 < page.y0 - 0.5 or box.x1 > page.x1 + 0.5 \
                or box.y1 > page.y1 + 0.5:
            out.append(artist.get_text() if hasattr(artist, "get_text") else repr(artist))
    return out


def test_the_poster_says_draft_until_final(analysed):
    from reporter.pack import pack_mark

    results, share = analysed
    draft = texts(poster_figure(ORG, Q3, results, share))
    assert "DRAFT \u2013 not for publication" in draft  # as every document of the pack
    final = texts(poster_figure(ORG, Q3, results, share, PosterOptions(mark=pack_mark(True))))
    assert not any("DRAFT" in t or "FINAL" in t for t in final)
    forced = texts(poster_figure(ORG, Q3, results, share,
                                 PosterOptions(mark=pack_mark(True, 2))))
    assert "FINAL \u2013 issued with 2 unresolved validation errors" in forced


def test_everything_is_inside_the_page_even_for_a_long_name(analysed):
    """The Council's footer ran off the page: every word and tile is on it now."""
    results, share = analysed
    long_name = "Rotherham Metropolitan Borough Council and its Partners in Neighbourhoods"
    fig = poster_figure(long_name, Q3, results, share,
                        PosterOptions(plan_name="Corporate Improvement Plan"))
    assert outside_the_page(fig) == []
    footer = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    assert footer.replace("\n", " ").startswith(long_name) and "\n" in footer  # wrapped
    assert "lower figure is better." in footer  # whole: nothing cut


def test_the_settings_choose_the_indicators_and_the_poster_says_how(analysed):
    from dataclasses import replace

    results, share = analysed
    named = ("LPI 01", "BV 66a", "xBV 72")
    fig = poster_figure(ORG, Q3, results, share, PosterOptions(named, "Improvement Plan"))
    chosen = next(t for t in fig.texts if t.get_gid() == "chosen").get_text()
    assert chosen == "These 3 indicators were chosen for this poster from our Improvement Plan."
    titles = [t.get_text().replace("\n", " ") for t in fig.texts if t.get_gid() == "tile_title"]
    descriptions = {r.ref: r.indicator.description for r in results}
    assert titles == [descriptions[ref] for ref in named]  # in the settings' order
    # the default: the plan's headline indicators (the register's Headline column)
    marked = [replace(r, indicator=replace(r.indicator, headline=r.ref in ("BV 66b", "LPI 04")))
              for r in results]
    fig = poster_figure(ORG, Q3, marked, share, PosterOptions(plan_name="Improvement Plan"))
    assert "These are the headline indicators of our Improvement Plan." in texts(fig)
    assert [t.get_text().replace("\n", " ") for t in fig.texts if t.get_gid() == "tile_title"] \
        == [descriptions["BV 66b"], descriptions["LPI 04"]]
    # none marked: taken from each theme in turn, and said so
    fig = poster_figure(ORG, Q3, results, share, PosterOptions(plan_name="Improvement Plan"))
    assert ("These 8 indicators are taken in turn from each theme of our Improvement Plan."
            in texts(fig))


def test_unknown_poster_indicators_are_refused_naming_the_key_and_the_fix(tmp_path, capsys):
    from conftest import REPO_ROOT, write_settings

    from reporter.cli import main
    from reporter.config.settings import load_settings

    text = (REPO_ROOT / "input_templates" / "settings.toml").read_text(encoding="utf-8")
    good = write_settings(tmp_path, text + '\n[poster]\nindicators = ["BV 66a", "LPI 01"]\n')
    assert load_settings(good).poster_indicators == ("BV 66a", "LPI 01")
    assert main(["--settings", str(good), "plan"]) == 0
    capsys.readouterr()
    bad = write_settings(tmp_path, text + '\n[poster]\nindicators = ["BV 66a", "BV 999"]\n')
    assert main(["--settings", str(bad), "plan"]) == 2
    err = capsys.readouterr().err
    assert "poster.indicators names BV 999, not in the plan register's Indicators sheet" in err
    assert "delete the key to show the plan's headline indicators" in err


def test_the_register_marks_headline_indicators(tmp_path):
    import shutil

    from conftest import REPO_ROOT
    from openpyxl import load_workbook

    from reporter.config.plan import load_plan

    path = tmp_path / "register.xlsx"
    shutil.copy(REPO_ROOT / "input_templates" / "improvement_plan.xlsx", path)
    workbook = load_workbook(path)
    sheet = workbook["Indicators"]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="Headline")
    sheet.cell(row=2, column=column, value="Yes")
    workbook.save(path)
    plan = load_plan(path)
    assert [i.ref for i in plan.indicators if i.headline] == [plan.indicators[0].ref]
