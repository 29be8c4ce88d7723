"""Writing a figure as a PNG: 200 dpi, RGB, its alternative text as its Description,
and the same bytes for the same figure (no software name, no time stamp)."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image, PngImagePlugin

from reporter.files import atomic_path
from reporter.indicators.charts.style import DPI, chart_style

PNG_COMPRESSION = 1  # zlib level: charts are flat colour; 1 is fast and nearly as small as 9


def png_bytes(fig: Figure, alt: str | None = None) -> bytes:
    """``fig`` drawn by the Agg canvas and encoded by Pillow: RGB (the white background
    needs no alpha channel: a quarter smaller), ``alt`` as the Description text."""
    with chart_style():
        fig.set_dpi(DPI)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True),
                                 canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    info = PngImagePlugin.PngInfo()
    if alt:
        info.add_itxt("Description", alt)  # UTF-8: alt text has dashes and pound signs
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, dpi=(DPI, DPI), compress_level=PNG_COMPRESSION)
    return out.getvalue()


def save(fig: Figure, path: Path | str, alt: str | None = None) -> Path:
    """Write ``fig`` as a PNG (see ``png_bytes``) through a temporary file, so a failure
    leaves no half-written chart."""
    path = Path(path)
    data = png_bytes(fig, alt)
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
    return path


def safe_file_name(name: str, suffix: str = ".png") -> str:
    """A portable file name from an indicator ref or a title: ``BV 66a`` -> ``BV_66a.png``."""
    stem = "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "_" for c in name)
    stem = "_".join(part for part in stem.split("_") if part).strip(".-_") or "chart"
    return f"{stem[:80]}{suffix}"
