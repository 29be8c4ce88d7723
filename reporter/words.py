"""Small pieces of English the documents and messages share: plurals and lists."""

from __future__ import annotations

from collections.abc import Sequence


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
