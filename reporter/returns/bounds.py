"""The figures a return may hold for an indicator: one check and one wording, used by the
return's drop-down rule (``return_style.number_validation``) and by the reader
(``validate``), so the two never disagree. The bounds themselves are ``Indicator.bounds``.
"""

from __future__ import annotations

from reporter.config.plan import Indicator

Bounds = tuple[float | None, float | None]


def within(value: float, bounds: Bounds) -> bool:
    """True when ``value`` is inside the bounds (each end included; None: no bound)."""
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def number_text(value: float) -> str:
    """A bound as people write it: 100, -100, 0.5."""
    return f"{value:,.6f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:g}"


def bounds_text(bounds: Bounds) -> str:
    """ "a number from 0 to 100", "a number of -100 or more", "any number"."""
    low, high = bounds
    if low is not None and high is not None:
        return f"a number from {number_text(low)} to {number_text(high)}"
    if low is not None:
        return f"a number of {number_text(low)} or more"
    if high is not None:
        return f"a number of {number_text(high)} or less"
    return "any number"


def bounds_source(indicator: Indicator) -> str:
    """Where the bounds come from, for a finding's fix and the drop-down's message."""
    if indicator.is_percentage:
        return ("the plan register's Minimum and Maximum for the indicator (for a "
                "percentage, 0 and 100 where they are blank)")
    return "the plan register's Minimum and Maximum for the indicator"
