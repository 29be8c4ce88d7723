"""Every value a mapping names in a table, for every organisation in it, with what could
not be read.

The table's body becomes a DataFrame; its layout is turned long (one value a row: whose,
which indicator, when, the cell), and each value cell is read by ``reporter.cells``'s
number reader, so a cell reads the same in every command. Nothing is guessed silently:
indicators the mapping does not name, periods that cannot be read and text where a
number should be are returned as findings naming the cell. Empty cells (such as
pre-filled future months) are skipped and counted; cells holding a marker the mapping
lists under ``missing`` (``[X]``, ``..``) are counted by marker.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from reporter.cells import column_letter, parse_number
from reporter.findings import Finding, Severity
from reporter.indicators.mapping import IndicatorSpec, Mapping, MappingError, normalise
from reporter.indicators.table_periods import Period, find_quarter_in, parse_period
from reporter.indicators.tables import Grid, blank, find_column, read_grid


@dataclass(frozen=True)
class Observation:
    """One cell of a table read through a mapping: whose, which indicator, when, what."""

    area: str  # "" when the table has no area column
    code: str  # their code (or the column's label)
    ref: str  # our PI ref
    period: Period | None
    value: float | None  # None: empty, a missing marker or text (see ``text``)
    text: str  # the cell as written, for messages
    row: int  # 1-based row in the sheet or file
    cell: str  # "G197"
    role: str = "value"  # "this_quarter" / "last_quarter" in a wide return
    target: float | None = None
    status: str = ""


@dataclass(frozen=True)
class TableRead:
    """Everything read from a table, with what could not be read."""

    file: str
    sheet: str
    observations: tuple[Observation, ...]
    unmatched: tuple[Finding, ...] = ()
    unparseable_periods: tuple[Finding, ...] = ()
    non_numeric: tuple[Finding, ...] = ()
    skipped_empty: int = 0  # empty value cells (such as future months), skipped
    missing_markers: tuple[tuple[str, int], ...] = ()  # (marker, cells)
    filtered_rows: int = 0  # rows the mapping's [filters] left out
    ignored: int = 0  # values of indicators listed in ignore_indicators


def read_table(path: Path | str, mapping: Mapping, sheet: str | None = None,
               period: str | None = None) -> TableRead:
    """Read every value the mapping names, for every area, with the problems found.

    ``period`` overrides the mapping's fixed period (``source.period``).
    Raises MappingError when the mapping does not fit the file, TableReadError when the
    file cannot be read.
    """
    path = Path(path)
    grid = read_grid(path, mapping, sheet)
    fixed = _fixed_period(path, mapping, period, grid.where)
    reading = _Reading(grid, mapping)
    frame = reading.body()
    accepted = reading.accepted(frame)
    rows, unread_periods = reading.whose_and_when(frame[accepted], fixed)
    unmatched: tuple[Finding, ...] = ()
    ignored = 0
    if mapping.layout == "columns":
        values = reading.by_column(frame, rows)
    else:
        values, unmatched, ignored = reading.by_code(frame, rows)
    values = reading.as_numbers(values)
    why = values["why"]
    markers = values["text"][why == "missing"].value_counts()
    return TableRead(
        grid.file, grid.sheet,
        tuple(reading.observation(v) for v in values[why != "empty"].to_dict("records")),
        unmatched, unread_periods,
        tuple(reading.not_a_number(v) for v in values[why == "text"].to_dict("records")),
        skipped_empty=int((why == "empty").sum()),
        missing_markers=tuple(sorted((str(m), int(n)) for m, n in markers.items())),
        filtered_rows=len(frame) - int(accepted.sum()), ignored=ignored)


class _Reading:
    """The steps of ``read_table`` over one grid, each a DataFrame in and out."""

    def __init__(self, grid: Grid, mapping: Mapping):
        self.grid, self.mapping = grid, mapping
        self.specs = mapping.indicators
        self.column = {role: self.find((title,), f"columns.{role}")
                       for role, title in mapping.columns.items()}

    def find(self, fragments: tuple[str, ...], what: str) -> int:
        return find_column(self.grid.titles, fragments, what, self.grid.where)

    def finding(self, rule: str, message: str, fix: str, cell: str) -> Finding:
        return Finding(Severity.WARNING, rule, message, fix, file=self.grid.file,
                       sheet=self.grid.sheet, cell=cell)

    def body(self) -> pd.DataFrame:
        """One row per row of the table, indexed by row number; columns by position."""
        numbers = [number for number, _ in self.grid.rows]
        frame = pd.DataFrame([cells for _, cells in self.grid.rows], dtype=object,
                             index=pd.Index(numbers, name="row"))
        return frame.reindex(columns=range(max(len(self.grid.titles), frame.shape[1])))

    def accepted(self, frame: pd.DataFrame) -> pd.Series:
        """The rows the mapping's [filters] accept."""
        kept = pd.Series(True, index=frame.index)
        for title, accepted in self.mapping.filters.items():
            column = self.find((title,), f"filters.{title!r}")
            wanted = {normalise(v) for v in accepted}
            kept &= frame[column].map(lambda v: normalise(_text(v))).isin(wanted)
        return kept

    def whose_and_when(self, frame: pd.DataFrame,
                       fixed: Period | None) -> tuple[pd.DataFrame, tuple[Finding, ...]]:
        """Each row's ``area`` and period (``when``); rows without an area (notes under
        the table) or a period are left out, and a period that does not read is listed."""
        rows = pd.DataFrame({"area": ""}, index=frame.index)
        if "area" in self.column:
            rows["area"] = frame[self.column["area"]].map(_identifier)
            rows = rows[rows["area"] != ""]
        if "period" not in self.column:
            return rows.assign(when=pd.Series([fixed] * len(rows), index=rows.index,
                                              dtype=object)), ()
        column = self.column["period"]
        cells = frame.loc[rows.index, column]
        cells = cells[~cells.map(blank)]
        when = cells.map(lambda cell: parse_period(cell, self.mapping.first_month))
        unread = cells[when.isna()]
        unread_periods = tuple(self.finding(
            "unparseable-period", f"the period {str(value).strip()!r} is not understood; "
            "the row is not imported.", "Write it like 2018-19;Q1, April 2021, 2010/11 or as "
            "a date.", f"{column_letter(column + 1)}{row}") for row, value in unread.items())
        return rows.loc[when.dropna().index].assign(when=when.dropna()), unread_periods

    def by_column(self, frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
        """``columns`` layout: one value per row and indicator column (melted long)."""
        columns = [self.find(s.column, f'indicators."{s.code}"') for s in self.specs]
        cells = frame.loc[rows.index, columns].set_axis(range(len(columns)), axis=1)
        values = rows.join(cells).reset_index().melt(
            id_vars=["row", "area", "when"], var_name="spec", value_name="raw")
        values["column"] = values["spec"].map(dict(enumerate(columns)))
        return values.sort_values("row", kind="stable")

    def by_code(self, frame: pd.DataFrame,
                rows: pd.DataFrame) -> tuple[pd.DataFrame, tuple[Finding, ...], int]:
        """``long`` and ``wide`` layouts: the indicator is named by a code in each row.
        (values, unmatched codes listed, rows of ignored codes)."""
        codes = frame.loc[rows.index, self.column["indicator"]].map(_text)
        keys = codes.map(self.mapping.code_key)
        spec = keys.map({self.mapping.code_key(s.code): n for n, s in enumerate(self.specs)})
        ignored = spec.isna() & keys.isin({self.mapping.code_key(c) for c in self.mapping.ignore})
        unmatched = pd.DataFrame({"code": codes, "row": codes.index})[
            spec.isna() & ~ignored & (codes != "")]
        letter = column_letter(self.column["indicator"] + 1)
        listed = tuple(self.finding(
            "unmatched-indicator", f"the indicator {code!r} is not in the mapping "
            f"({len(group)} row(s)); its values are not imported.",
            f'Add it to [indicators] as "{code}" = "our PI ref", or to '
            "source.ignore_indicators.", f"{letter}{group['row'].iloc[0]}")
            for code, group in unmatched.groupby("code", sort=False))
        rows = rows[spec.notna()].assign(spec=spec.dropna().astype(int))
        if self.mapping.layout == "long":
            return self.cells(frame, rows, "value"), listed, int(ignored.sum())
        this = rows.assign(target=self.read(frame, rows, "target", parse_number),
                           status=self.read(frame, rows, "status", _text))
        parts = [self.cells(frame, this, "this_quarter")]
        if "last_quarter" in self.column:  # what the return says of the quarter before
            last = rows.assign(when=rows["when"].map(Period.previous))
            parts.append(self.cells(frame, last, "last_quarter"))
        return pd.concat(parts).sort_values("row", kind="stable"), listed, int(ignored.sum())

    def read(self, frame: pd.DataFrame, rows: pd.DataFrame, role: str,
             reader: Callable[[object], object]) -> pd.Series | None:
        """``role``'s column for ``rows``, each cell read by ``reader``; None without it."""
        if role not in self.column:
            return None
        return frame.loc[rows.index, self.column[role]].map(reader)

    def cells(self, frame: pd.DataFrame, rows: pd.DataFrame, role: str) -> pd.DataFrame:
        """The value cells of ``role``'s column for ``rows``."""
        column = self.column[role]
        return rows.assign(raw=frame.loc[rows.index, column], column=column,
                           role=role).reset_index()

    def as_numbers(self, values: pd.DataFrame) -> pd.DataFrame:
        """``values`` with each cell's ``text``, ``number`` (by ``cells.parse_number``),
        ``cell`` name and ``why`` it holds no number: "empty", "missing" (a marker the
        mapping lists) or "text"; "" when it holds one."""
        missing = {normalise(m) for m in self.mapping.missing}
        values = values.assign(
            text=values["raw"].map(_text), number=values["raw"].map(parse_number),
            cell=[f"{column_letter(c + 1)}{r}" for c, r in zip(values["column"], values["row"])],
            why="")
        marker = values["raw"].map(lambda v: isinstance(v, str) and normalise(v) in missing)
        values.loc[values["number"].isna(), "why"] = "text"
        values.loc[marker, ["why", "number"]] = ["missing", None]  # a marker is no figure
        values.loc[values["text"] == "", "why"] = "empty"
        return values

    def observation(self, row: dict[Hashable, Any]) -> Observation:
        spec: IndicatorSpec = self.specs[int(row["spec"])]
        number, target, status = row["number"], row.get("target"), row.get("status")
        return Observation(
            row["area"], spec.code, spec.ref, _period(row["when"]),
            None if pd.isna(number) else float(number) * spec.scale, row["text"],
            int(row["row"]), row["cell"], row.get("role", "value"),
            None if target is None or pd.isna(target) else float(target),
            status if isinstance(status, str) else "")  # absent or NaN: none

    def not_a_number(self, row: dict[Hashable, Any]) -> Finding:
        spec = self.specs[int(row["spec"])]
        what = spec.code if spec.code == spec.ref else f"{spec.code} ({spec.ref})"
        when = _period(row["when"])
        what += f" {when.label}" if when else ""
        what += f" for {row['area']}" if row["area"] else ""
        return self.finding(
            "non-numeric", f"{what}: {row['text']!r} is not a number; it is not imported.",
            "Correct the figure in the file, or list the marker under source.missing.",
            row["cell"])


def _period(value: object) -> Period | None:
    return value if isinstance(value, Period) else None  # pandas may hold None as NaN


def _text(value: object) -> str:
    """The cell as written, for messages: "" when blank."""
    return "" if blank(value) else str(value).strip()


def _identifier(value: object) -> str:
    """An area name or code as text: a code stored as a number (5071.0) reads "5071"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _text(value)


def _fixed_period(path: Path, mapping: Mapping, override: str | None, where: str) -> Period | None:
    """The period of every value when the table has no period column (else None)."""
    if "period" in mapping.columns:
        if override:
            raise MappingError(f"{where}: --period is for files without a period column; this "
                               f"mapping reads each row's period from "
                               f"{mapping.columns['period']!r}.")
        return None  # each row says its own period
    text = override or mapping.period
    if text == "filename":
        found = find_quarter_in(path.stem, mapping.first_month)
        if found is None:
            raise MappingError(f"{where}: the mapping takes the period from the file name, but "
                               f"'{path.name}' names no one quarter (like 2014-15_Q1). "
                               "Pass --period.")
        return found
    if text:
        found = parse_period(text, mapping.first_month)
        if found is None:
            raise MappingError(f"--period {text!r} is not a period; write it like 2014/15-Q1, "
                               "April 2021 or 2010/11.")
        return found
    if mapping.layout == "wide":
        raise MappingError(f"{where}: a wide return needs its period: set source.period in the "
                           "mapping (such as \"2014/15-Q1\" or \"filename\") or pass --period.")
    return None
