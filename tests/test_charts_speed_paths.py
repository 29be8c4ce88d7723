"""The charts' speed paths change no picture: text drawn from the cache gives the bytes
text drawn fresh gives, the cached metrics are matplotlib's own, and the axes that make
no tick until asked still make them when asked and place their spines as before."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from reporter.config.plan import Indicator
from reporter.indicators import charts
from reporter.periods import FinancialYear
from reporter.snapshot import IndicatorMonth

YEAR = FinancialYear(2009)
RENT = Indicator("BV 66a", "% Rent collected", "%", "higher", "Finance", 5, True,
                 {"2009/10": 98.7})


def _months(year: FinancialYear, values: list[float]) -> list[IndicatorMonth]:
    return [IndicatorMonth("BV 66a", year.start_year + (3 + k) // 12, (3 + k) % 12 + 1, v)
            for k, v in enumerate(values)]


def _rent_png() -> bytes:
    fig = charts.indicator_figure(RENT, _months(YEAR, [97.9, 98.1, 98.0, 98.3]),
                                  _months(FinancialYear(2008), [98.3] * 12), YEAR, 98.7)
    return charts.png_bytes(fig, "alt")


def test_text_cache_gives_the_same_bytes_cold_and_warm():
    charts._TEXT_CACHE.clear()
    charts._HEIGHTS.clear()
    cold = _rent_png()
    warm = _rent_png()
    assert cold == warm and len(charts._TEXT_CACHE) > 0


def test_text_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(charts, "_TEXT_CACHE_LIMIT", 5)
    charts._TEXT_CACHE.clear()
    _rent_png()
    assert len(charts._TEXT_CACHE) <= 5


def test_cached_metrics_are_matplotlibs():
    ours = charts._Renderer(200, 100, charts.DPI)
    stock = RendererAgg(200, 100, charts.DPI)
    with charts._style():
        for text, size, weight in [("Apr", 8, "normal"), ("PI 001 \u2013 Rent \u00a3", 10, "bold"),
                                   ("\u2191 Higher is better", 8.5, "normal"), ("", 8, "normal")]:
            prop = FontProperties(family="DejaVu Sans", size=size, weight=weight)
            assert ours.get_text_width_height_descent(text, prop, False) == \
                stock.get_text_width_height_descent(text, prop, False)


def test_axes_make_ticks_when_asked_and_place_spines_as_matplotlib():
    with charts._style():
        fig = Figure(figsize=(4, 3), dpi=100)
        plain = fig.add_axes((0.1, 0.1, 0.8, 0.8))
        ours = fig.add_axes((0.1, 0.1, 0.8, 0.8), axes_class=charts._Axes)
        assert len(ours.xaxis.majorTicks) == 0  # none made yet
        assert ours.xaxis.majorTicks[0] is not None  # one made when asked for
        assert ours.yaxis.get_ticks_position() == plain.yaxis.get_ticks_position()
        ours.set_yticks([0, 0.5, 1])
        assert len(ours.yaxis.get_major_ticks()) == 3
        for name in ("left", "bottom", "top", "right"):
            assert ours.spines[name].get_position() == plain.spines[name].get_position()


def test_fresh_axes_draw_the_same_pixels_as_matplotlibs():
    def draw(axes_class):
        with charts._style():
            fig = Figure(figsize=(3, 2), dpi=100)
            ax = fig.add_axes((0.15, 0.15, 0.8, 0.8), axes_class=axes_class)
            ax.plot([0, 1, 2], [1, 3, 2])
            canvas = charts._Canvas(fig)
            canvas.draw()
            return np.asarray(canvas.buffer_rgba()).copy()

    from matplotlib.axes import Axes
    assert np.array_equal(draw(charts._Axes), draw(Axes))
