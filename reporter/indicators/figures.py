"""How an indicator's figure is written for the Board: with its unit and rounded to the
register's decimals. The one formatter of figures: the performance report, the poster,
the charts' labels and the consolidated workbook's rounding all come through here.

    format_figure(22.08, indicator)  # "22.1 per 1,000 population" (Decimals 1)
    format_figure(98.47, "%")        # "98.47%"
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from reporter.config.plan import Indicator
from reporter.indicators import spc

NO_FIGURE = "No figure"
# Units that are only a count or a score: the figure is written alone.
PLAIN_UNITS = frozenset({"", "number", "no.", "count", "score"})


def round_figure(value: float, decimals: int | None) -> float:
    """``value`` rounded to ``decimals`` places, halves away from zero as Excel and a
    reader do (22.25 to one place is 22.3); unchanged when ``decimals`` is None."""
    if decimals is None:
        return value
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def number_format(decimals: int | None) -> str | None:
    """The spreadsheet number format showing ``decimals`` places (None: as they come)."""
    if decimals is None:
        return None
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _number(value: float, decimals: int | None) -> str:
    """The figure alone: the register's decimals, else as ``spc.format_value`` writes it."""
    if decimals is None:
        return spc.format_value(value)
    text = f"{round_figure(value, decimals):,.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text  # no "-0.0"


def format_figure(value: float | None, unit: Indicator | str, *, unit_words: bool = True
                  ) -> str:
    """A figure as the Board reads it: ``98.5%``, ``4.9 days``, ``£13.60``, ``£1,234k``,
    ``22.1 per 1,000 population``, ``1,234``; ``No figure`` for None.

    ``unit`` is the indicator (its unit and decimals) or a unit alone. Money is written
    with its £ first. A unit in words (``per 1,000 population``) follows the figure,
    so a rate reads as a rate, unless ``unit_words`` is False (a chart, whose axis is
    titled with the unit)."""
    if value is None:
        return NO_FIGURE
    text, decimals = ((unit.unit, unit.decimals) if isinstance(unit, Indicator)
                      else (unit, None))
    text = " ".join(text.split())
    if text.startswith("\u00a3"):  # "£", "£k", "£m"
        places = 2 if decimals is None else decimals
        number = _number(abs(value), places)
        sign = "-" if value < 0 and number.strip("0.,") else ""
        return f"{sign}\u00a3{number}{text[1:]}"
    number = _number(value, decimals)
    if text == "%":
        return f"{number}%"
    if text.lower() == "days":
        return f"{number} day" if number == "1" else f"{number} days"
    if not unit_words or text.lower() in PLAIN_UNITS:
        return number
    return f"{number} {text}"
