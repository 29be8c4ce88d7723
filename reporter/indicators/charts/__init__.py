"""Charts for the performance report and the covering report: PNG pictures drawn with
matplotlib's public API.

Each ``*_figure`` function builds a ``matplotlib.figure.Figure`` from plain records
(never pyplot: no global figure state), so tests read the data back from the figure's
artists. ``save`` / ``png_bytes`` write a figure as a 200 dpi PNG, the same bytes for
the same input. ``render_charts`` / ``start_charts`` render a list of ``ChartJob``
into a folder, in a pool of processes when there are many, copying unchanged ones
from a cache. ``alt_text`` and the ``*_alt_text`` functions give the alternative text
the Word writer puts on pictures.

The modules, one job each:

- ``style``: size, palette, status and SPC marker styles, matplotlib settings, words;
- ``layout``: a figure in inches, headings, tick labels and grid, legends;
- ``year``: one indicator's year (and the small panel of it);
- ``spc_chart``: the statistical process control chart;
- ``small_multiples``: a theme's indicators at a glance;
- ``pack_charts``: key actions by status, and the share of indicators improved;
- ``png``: PNG files with alternative text;
- ``jobs``: a chart as a record, and what it makes;
- ``cache``: charts kept between runs;
- ``pool``: drawing many in a pool of processes.

Artists that carry data have a ``gid`` to find them by: lines ``this_year``,
``last_year``, ``target``, ``points``, ``mean``, ``upper``, ``lower`` and the marker sets
``common``, ``improvement``, ``concern``, ``neither``; texts ``title``, ``polarity``,
``latest``, ``target_note``, ``verdict``, ``reading``, ``count``, ``total``,
``share_label``, ``xtick``, ``ytick``, ``ytitle``, ``legend``. Bar containers carry
their legend words as their label.
"""

from reporter.indicators.charts.cache import ChartCache, chart_key, source_hash
from reporter.indicators.charts.jobs import (
    ChartJob,
    alt_text,
    figures,
    job_paths,
    render_chart,
)
from reporter.indicators.charts.pack_charts import (
    SHARE_TITLE,
    Counts,
    improvement_share_alt_text,
    improvement_share_figure,
    status_counts_alt_text,
    status_counts_figure,
)
from reporter.indicators.charts.png import png_bytes, safe_file_name, save
from reporter.indicators.charts.pool import (
    PARALLEL_ABOVE,
    PendingCharts,
    render_charts,
    start_charts,
)
from reporter.indicators.charts.small_multiples import (
    ROWS_PER_PAGE,
    sections_depth,
    small_multiples_alt_text,
    small_multiples_figure,
    small_multiples_figures,
)
from reporter.indicators.charts.spc_chart import spc_alt_text, spc_figure
from reporter.indicators.charts.style import (
    BLUE,
    BLUISH_GREEN,
    DPI,
    GREY,
    INK,
    LIGHT_GREY,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    SOFT_INK,
    SPC_MARKERS,
    STATUS_STYLES,
    STYLE,
    VERMILLION,
    WIDTH,
    StatusStyle,
    chart_style,
    status_style,
)
from reporter.indicators.charts.year import Panel, indicator_alt_text, indicator_figure

__all__ = [
    "BLUE", "BLUISH_GREEN", "DPI", "GREY", "INK", "LIGHT_GREY", "ORANGE", "PARALLEL_ABOVE",
    "REDDISH_PURPLE", "ROWS_PER_PAGE", "SHARE_TITLE", "SKY_BLUE", "SOFT_INK", "SPC_MARKERS",
    "STATUS_STYLES", "STYLE", "VERMILLION", "WIDTH", "ChartCache", "ChartJob", "Counts",
    "Panel", "PendingCharts", "StatusStyle", "status_style", "alt_text", "chart_key", "chart_style",
    "figures", "improvement_share_alt_text", "improvement_share_figure",
    "indicator_alt_text", "indicator_figure", "job_paths", "png_bytes", "render_chart",
    "render_charts", "safe_file_name", "save", "sections_depth", "small_multiples_alt_text",
    "small_multiples_figure", "small_multiples_figures", "source_hash", "spc_alt_text",
    "spc_figure", "start_charts", "status_counts_alt_text", "status_counts_figure",
]
