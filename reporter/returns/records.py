"""What reading returns gives the checks: plain records, read but not yet judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from reporter.findings import Finding
from reporter.periods import Quarter

Cell = tuple[object, str]  # (value, A1 reference)


@dataclass(frozen=True)
class SheetRow:
    """One row of a return's table: its key ref and its cells by column title.

    Titles are the layout's own (``Status``, ``Oct 2009``) whatever the spelling or
    order in the file; columns the layout does not know keep their own title.
    """

    sheet: str
    row: int
    ref: str  # normalised ("1.3a"); "" when the ref cell is blank
    cells: dict[str, Cell] = field(default_factory=dict)

    def has(self, title: str) -> bool:
        return title in self.cells

    def value(self, title: str) -> object:
        return self.cells.get(title, (None, ""))[0]

    def cell(self, title: str) -> str:
        """The A1 reference of the column in this row ("" when the column is absent)."""
        return self.cells.get(title, (None, ""))[1]


@dataclass(frozen=True)
class ReturnData:
    """What one return workbook says, read but not yet judged."""

    file: str
    sha256: str
    modified: datetime
    directorate: str  # a plan directorate's name, or "" when it cannot be told
    directorate_inferred: bool
    metadata: dict[str, str]
    quarter: Quarter | None  # from the metadata, or the KPI month columns; None if unknown
    actions: tuple[SheetRow, ...] = ()
    indicators: tuple[SheetRow, ...] = ()
    recommendations: tuple[SheetRow, ...] = ()
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sheet -> titles found
    sheet_names: dict[str, str] = field(default_factory=dict)  # layout name -> name in file
    findings: tuple[Finding, ...] = ()  # about the file's shape: missing columns and the like


@dataclass(frozen=True)
class ReadResult:
    returns: tuple[ReturnData, ...]
    findings: tuple[Finding, ...]  # files that could not be read at all
    skipped: tuple[str, ...] = ()  # lock files and hidden files, not returns
