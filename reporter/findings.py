"""Findings: problems found in a return or the plan register, as plain records.

Validation returns findings; it does not raise. Each finding names the place
(file, sheet, cell) and says how to fix it, so it can go straight back to the
directorate that sent the return.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Errors first when sorting."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem, where it is, and what to do about it."""

    severity: Severity
    rule: str
    message: str
    fix: str = ""
    directorate: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""

    @property
    def place(self) -> str:
        """``file, sheet 'Actions', cell F7`` with whatever parts are known."""
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.severity.value.upper()}: "
        if self.place:
            text += f"{self.place}: "
        text += self.message
        if self.fix:
            text += f" Fix: {self.fix}"
        return text


def errors(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """The findings that are errors."""
    return [f for f in findings if f.severity is Severity.ERROR]


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """Errors first, then by directorate, file, sheet and cell."""
    return sorted(
        findings,
        key=lambda f: (f.severity.rank, f.directorate, f.file, f.sheet, _cell_key(f.cell), f.rule),
    )


def _cell_key(cell: str) -> tuple[int, str]:
    """Sort A2 before A10: by row number, then column letters."""
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, letters)
