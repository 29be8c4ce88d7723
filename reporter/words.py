"""Small pieces of English the documents and messages share: plurals, lists and days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reporter.cells import MONTH_NAMES

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _join(parts: Sequence[str], last: str) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def join_and(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return _join(parts, "and")


def join_or(parts: Sequence[str]) -> str:
    """``Red, Amber, Green or Complete``."""
    return _join(parts, "or")


def day_with_weekday(day: date) -> str:
    """``Friday 8 January 2010``: a deadline as people are told it (English names whatever
    the locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
