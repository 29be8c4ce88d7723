"""Import past indicator values from the tables organisations already keep.

``read_indicator_table`` reads a table through its mapping (``mapping``, ``tables``,
``observations``) and keeps our organisation's values, one per indicator and period,
each with the month it is stored against (see ``table_periods``); ``merge_imports``
combines files, and the history, newest figure first; ``describe_import`` says what was
found for people.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reporter.files import display_name
from reporter.findings import Finding
from reporter.indicators.mapping import Mapping, MappingError, Ours, normalise, ours
from reporter.indicators.observations import TableRead, read_table


@dataclass(frozen=True)
class ImportedValue:
    """One of our indicator values from a file, with the month it is stored against."""

    ref: str
    year: int  # calendar year of the stored month
    month: int
    period_label: str  # as the period is: "Q1 2014/15", "Apr 2021", "2010/11"
    value: float
    source_row: int
    source: str = ""  # "file.csv, cell G7"
    granularity: str = "month"  # "month", "quarter" or "year"
    target: float | None = None
    status: str = ""


@dataclass(frozen=True)
class Restatement:
    """A value given again with a different figure; the newer one is kept."""

    ref: str
    period_label: str
    old: float
    new: float
    old_source: str
    new_source: str

    def __str__(self) -> str:
        return (f"{self.ref} {self.period_label} restated: {self.old:g} ({self.old_source}) -> "
                f"{self.new:g} ({self.new_source}); the newer figure is kept.")


@dataclass(frozen=True)
class ImportResult:
    """Our values from one file, and every problem met reading it."""

    file: str
    sheet: str
    values: tuple[ImportedValue, ...]
    unmatched: tuple[Finding, ...] = ()
    unparseable_periods: tuple[Finding, ...] = ()
    non_numeric: tuple[Finding, ...] = ()
    restatements: tuple[Restatement, ...] = ()
    skipped_empty: int = 0
    missing_markers: tuple[tuple[str, int], ...] = ()
    filtered_rows: int = 0
    ignored: int = 0
    other_areas: int = 0  # values of other organisations in the file, not imported
    ours: str = ""  # whose rows were taken as ours, and why; "" when the file has no areas

    @property
    def problems(self) -> tuple[Finding, ...]:
        """Unmatched indicators, unparseable periods and non-numeric values."""
        return self.unmatched + self.unparseable_periods + self.non_numeric


def read_indicator_table(path: Path | str, mapping: Mapping, sheet: str | None = None,
                         period: str | None = None,
                         our_names: Sequence[str] = ()) -> ImportResult:
    """Our organisation's values from a table (see ``read_table``), one per indicator and
    period; a period given twice in the file is listed as restated, the later row kept.
    In a table of several organisations ours is the first of ``our_names`` (the settings'
    ``organisation.known_in_tables_as``) the file holds, unless ``source.our_area``
    overrides them; ``ImportResult.ours`` says whose rows were taken."""
    table = read_table(path, mapping, sheet, period)
    who = ours(mapping, our_names)
    area = _our_area(mapping, table, who)
    mine = [o for o in table.observations
            if area is None or normalise(o.area) == normalise(area)]
    if any(o.period is None for o in mine):
        raise MappingError(f"{table.file}: the mapping gives no period for the values: name the "
                           "period column as columns.period, set source.period, or pass --period.")
    name = display_name(Path(path))  # stored in the history: text SQLite accepts
    place = f"{name}, " + (f"sheet '{table.sheet}', " if table.sheet else "") + "cell "
    kept: dict[tuple[str, int, int], ImportedValue] = {}
    restated = _keep_newest(kept, (
        ImportedValue(o.ref, *o.period.stored_month, o.period.label, o.value, o.row,
                      place + o.cell, o.period.kind, o.target, o.status)
        for o in mine if o.value is not None and o.period is not None))
    keep = {o.cell for o in mine}
    return ImportResult(
        name, table.sheet, _in_order(kept), table.unmatched, table.unparseable_periods,
        tuple(f for f in table.non_numeric if f.cell in keep), tuple(restated),
        table.skipped_empty, table.missing_markers, table.filtered_rows, table.ignored,
        len(table.observations) - len(mine),
        "" if area is None else f"the rows of {area!r}, from {who.source}")


def _our_area(mapping: Mapping, table: TableRead, who: Ours) -> str | None:
    """The area whose rows are ours, as the file writes it; None when the table has no
    area column (all its rows are ours). MappingError when none of our names is there."""
    if "area" not in mapping.columns:
        return None
    areas = sorted({o.area for o in table.observations})
    found = who.in_table(areas)
    if found is not None or not areas:  # no values read: nobody's rows to take
        return found
    close = list(dict.fromkeys(c for n in who.names
                               for c in difflib.get_close_matches(n, areas, n=3, cutoff=0.5)))
    raise MappingError(
        f"{table.file}: no rows for {who.describe()}."
        + (f" Did you mean {', '.join(repr(c) for c in close)}?" if close else
           f" The file's areas include {', '.join(areas[:12])}"
           + (", ..." if len(areas) > 12 else "") + ".")
        + " Add the name the file gives your organisation to organisation.known_in_tables_as "
          "in the settings.")


def merge_imports(results: Iterable[ImportResult],
                  earlier: Iterable[ImportedValue] = ()) -> tuple[tuple[ImportedValue, ...],
                                                                  tuple[Restatement, ...]]:
    """Combine imports in order (``earlier`` first, such as what the history holds): for
    each indicator and month the newest figure wins, and each change is a Restatement."""
    kept = {(v.ref, v.year, v.month): v for v in earlier}
    restated: list[Restatement] = []
    for result in results:
        restated += result.restatements
        restated += _keep_newest(kept, result.values)
    return _in_order(kept), tuple(restated)


def with_earlier_judgement(value: ImportedValue, target: float | None,
                           status: str) -> tuple[float | None, str]:
    """The target and status to keep for ``value``: its own, or where it has neither (a
    figure restated in a later file's "last quarter" column) the earlier ones."""
    if value.target is None and not value.status:
        return target, status
    return value.target, value.status


def _keep_newest(kept: dict[tuple[str, int, int], ImportedValue],
                 values: Iterable[ImportedValue]) -> list[Restatement]:
    """Put each value in ``kept`` by indicator and month, the later replacing the earlier
    (keeping the earlier's target and status when it gives none); each change of figure
    is a Restatement."""
    restated = []
    for value in values:
        key = (value.ref, value.year, value.month)
        old = kept.get(key)
        if old is not None:
            if not math.isclose(old.value, value.value, rel_tol=1e-9):
                restated.append(Restatement(value.ref, value.period_label, old.value,
                                            value.value, old.source, value.source))
            target, status = with_earlier_judgement(value, old.target, old.status)
            value = replace(value, target=target, status=status)
        kept[key] = value
    return restated


def _in_order(kept: dict[tuple[str, int, int], ImportedValue]) -> tuple[ImportedValue, ...]:
    return tuple(kept[key] for key in sorted(kept))


def summarise(values: Iterable[ImportedValue]) -> list[tuple[str, int, str, str]]:
    """(ref, number of values, first period, last period) per indicator, by ref."""
    by_ref: dict[str, list[ImportedValue]] = {}
    for value in values:
        by_ref.setdefault(value.ref, []).append(value)
    rows = []
    for ref in sorted(by_ref):
        ordered = sorted(by_ref[ref], key=lambda v: (v.year, v.month))
        rows.append((ref, len(ordered), ordered[0].period_label, ordered[-1].period_label))
    return rows


def describe_import(results: Sequence[ImportResult], values: Sequence[ImportedValue],
                    restated: Sequence[Restatement], shown: int = 25) -> list[str]:
    """Lines for people: what each file gave, the values by indicator, the restatements and
    the problems (at most ``shown`` of each kind, then how many more)."""
    lines = []
    for r in results:
        where = r.file + (f" (sheet '{r.sheet}')" if r.sheet else "")
        extras = [f"{r.skipped_empty} empty cell(s) skipped", *(
            f"{count} '{marker}' cell(s)" for marker, count in r.missing_markers)]
        extras += [f"{n} {what}" for n, what in ((r.ignored, "ignored indicator value(s)"),
                   (r.filtered_rows, "row(s) left out by [filters]"),
                   (r.other_areas, "value(s) of other organisations")) if n]
        lines.append(f"{where}: {len(r.values)} value(s); {', '.join(extras)}")
        if r.ours:
            lines.append(f"  ours: {r.ours}")
    by_ref = [f"  {ref:<12} {count:>4} value(s)  {first}" + (f" to {last}" if last != first else "")
              for ref, count, first, last in summarise(values)]
    lines += ["", "Indicator values:", *(by_ref or ["  none"])]
    if restated:
        lines += ["", f"Restated ({len(restated)}):"]
        lines += [f"  {r}" for r in restated[:shown]] + _more(restated, shown)
    for title, kind in (("Indicators not in the mapping", "unmatched"),
                        ("Periods not understood", "unparseable_periods"),
                        ("Not numbers", "non_numeric")):
        found = [f for r in results for f in getattr(r, kind)]
        if found:
            lines += ["", f"{title} ({len(found)}):"]
            lines += [f"  {f}" for f in found[:shown]] + _more(found, shown)
    return lines


def _more(items: Sequence[object], shown: int) -> list[str]:
    return [f"  ... and {len(items) - shown} more"] if len(items) > shown else []
