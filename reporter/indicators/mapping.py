"""A mapping: the small TOML file that says how someone else's table is laid out and which
of its indicators are ours (see ``input_templates/mappings/``; each shipped mapping is
commented, hart_dc_quarterly.toml in full).

Three layouts are understood:

- ``long``: one value per row, with indicator, period and value columns (and an area
  column when several organisations share the file).
- ``wide``: one indicator per row of a quarterly return, with this quarter's and last
  quarter's values in their own columns (and target and status).
- ``columns`` (alias ``monthly``): one indicator per column, rows being periods (a
  monthly series) or organisations (a benchmarking table), with a title block and
  one- or two-row headers above.

The keys:

- ``[source]``: ``layout``; ``files`` (name patterns it is chosen for without --map);
  ``sheet`` (a name or a list, the first present wins); ``header_contains`` (titles the
  header row holds, searched in the first ``search_rows`` rows) or ``header_row``;
  ``header_rows`` (2 joins a two-row header as "Group – Measure"); ``our_area``;
  ``period`` (fixed, or "filename"); ``missing`` markers; ``ignore_indicators``;
  ``normalise_codes`` (compare codes without spaces: "CORP 09" == "CORP09").
- ``[columns]``: role = column title, roles ``area``, ``period``, ``indicator``,
  ``value``, ``this_quarter``, ``last_quarter``, ``target``, ``status``.
- ``[filters]``: column title = accepted values (other rows are left out, counted).
- ``[indicators]``: their code (or a label) = our PI ref, or ``{ ref, column, scale,
  polarity }``; ``column`` is the title, or title fragments, in a ``columns`` table.
- ``[benchmark]``: how ``reporter.indicators.benchmarking`` ranks us among the peers.

Titles and codes are compared case-folded, with curly quotes, dashes and repeated or
zero-width spaces made plain (``normalise``).
"""

from __future__ import annotations

import fnmatch
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reporter.config.schema import (
    FLAG,
    NON_ZERO,
    TEXT,
    TEXTS,
    Key,
    Kind,
    Section,
    check,
    check_keys,
    one_of,
    problems_message,
    read_toml,
    whole,
)
from reporter.errors import ConfigurationError
from reporter.files import display_name
from reporter.indicators.table_periods import parse_period

LAYOUTS = ("long", "wide", "columns")
_LAYOUT_ALIASES = {"monthly": "columns"}
ROLES = ("area", "period", "indicator", "value", "this_quarter", "last_quarter", "target",
         "status")
SEARCH_ROWS = 30  # how far down a title block the header row is looked for
DEFAULT_COMPARISON = "All England comparison"


class MappingError(ConfigurationError):
    """The mapping cannot be used with this file; the message lists every problem."""


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator of the mapping: their code (or column label) and our PI ref."""

    code: str
    ref: str
    column: tuple[str, ...] = ()  # ``columns`` layout: fragments the column title contains
    scale: float = 1.0  # 100 turns a 0-1 fraction into a percentage
    polarity: str | None = None  # "higher" or "lower"; else from the benchmark or the plan


@dataclass(frozen=True)
class Mapping:
    """A mapping file, checked (see the module notes for its keys)."""

    path: Path
    layout: str
    indicators: tuple[IndicatorSpec, ...]
    files: tuple[str, ...] = ()  # file name patterns this mapping is for ("hart_dc_kpis_*.csv")
    columns: dict[str, str] = field(default_factory=dict)  # role -> column title
    sheets: tuple[str, ...] = ()  # the first that exists is read
    header_contains: tuple[str, ...] = ()
    header_row: int = 1  # used when header_contains is empty (1-based)
    header_rows: int = 1  # 2 for a two-row (merged) header
    search_rows: int = SEARCH_ROWS
    our_area: str = ""
    period: str = ""  # a fixed period such as "2014/15-Q1", or "filename"
    missing: tuple[str, ...] = ()
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()  # their codes we know of and do not import
    normalise_codes: bool = False  # "CORP 09" == "CORP09"
    benchmark: dict[str, Any] = field(default_factory=dict)  # [benchmark], defaults filled in

    def for_sheet(self, sheet: str | None) -> Mapping:
        """The mapping reading ``sheet`` (as --sheet names it); itself when None."""
        return replace(self, sheets=(sheet,)) if sheet else self

    def code_key(self, code: object) -> str:
        """How codes are compared: case and spacing ignored; all spaces too if normalised."""
        key = normalise(code)
        return key.replace(" ", "") if self.normalise_codes else key


def normalise(text: object) -> str:
    """Text for comparing titles and codes: NFKC, straight quotes, plain dashes, no
    zero-width or repeated spaces, case-folded."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    value = value.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
                             0x2013: "-", 0x2014: "-", 0x200B: None, 0xFEFF: None})
    return " ".join(value.split()).casefold()


_COLUMN_TITLE = Kind("a column title", TEXT.accepts)
_INDICATOR = Kind('our PI ref, such as "LPI 08", or a table such as '
                  '{ ref = "LPI 08", scale = 100 }',
                  lambda v: isinstance(v, dict) or TEXT.accepts(v))
SCHEMA: tuple[Section, ...] = (
    Section("source", (
        Key("layout", one_of((*LAYOUTS, *_LAYOUT_ALIASES), f"one of {', '.join(LAYOUTS)}"),
            required=True),
        Key("files", TEXTS, []),
        Key("sheet", TEXTS, []),
        Key("header_contains", TEXTS, []),
        Key("header_row", whole(1), 1),
        Key("header_rows", whole(1, 2), 1),
        Key("search_rows", whole(1), SEARCH_ROWS),
        Key("our_area", Kind("a text: our organisation as the file names it",
                             lambda v: isinstance(v, str)), ""),
        Key("period", Kind('a period such as "2014/15-Q1", or "filename"',
                           lambda v: isinstance(v, str)), ""),
        Key("missing", TEXTS, []),
        Key("ignore_indicators", TEXTS, []),
        Key("normalise_codes", FLAG, False),
    )),
    Section("columns", tuple(Key(role, _COLUMN_TITLE) for role in ROLES)),
    Section("filters", each=TEXTS),
    Section("indicators", each=_INDICATOR),
    Section("benchmark", (
        Key("comparison", TEXT, DEFAULT_COMPARISON),
        Key("exclude_areas", TEXTS, []),
        Key("min_peers", whole(1), 3),
        Key("polarity_file", TEXT, ""),
        Key("polarity_code_column", TEXT, "Code"),
        Key("polarity_column", TEXT, "Ranking_Type"),
        Key("higher_is_better", TEXTS, ["Descending"]),
        Key("lower_is_better", TEXTS, ["Ascending"]),
    )),
)
_SPEC_KEYS = (
    Key("ref", TEXT, "", required=True),
    Key("column", TEXTS),
    Key("scale", NON_ZERO, 1),
    Key("polarity", one_of(("higher", "lower"), '"higher" or "lower"')),
)
# The columns each layout cannot do without.
_NEEDED = {"long": ("indicator", "value"), "wide": ("indicator", "this_quarter"), "columns": ()}


def texts(value: str | list[str]) -> tuple[str, ...]:
    """A key that holds a text or a list of texts, as a tuple."""
    return (value,) if isinstance(value, str) else tuple(value)


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; raise MappingError naming every problem."""
    path = Path(path)
    raw = read_toml(path, "mapping file", "Pass --map with the path to a mapping such as "
                    "input_templates/mappings/hart_dc_quarterly.toml.", MappingError)
    checked = check(raw, SCHEMA)
    problems = list(checked.problems)
    source, columns = checked.sections["source"], checked.sections["columns"]
    columns = {role: title for role, title in columns.items() if title is not None}
    layout = _LAYOUT_ALIASES.get(source["layout"], source["layout"])
    problems += [f"a {layout} table needs columns.{role} (the column that holds it)"
                 for role in _NEEDED.get(layout, ()) if role not in columns]
    indicators = _indicators(checked.sections["indicators"], layout, problems)
    if not indicators:
        problems.append("[indicators] is empty: name at least one of their codes (or column "
                        'titles) and our PI ref, such as "NI 192" = "LPI 08"')
    period = source["period"]
    if period and period != "filename" and parse_period(period) is None:
        problems.append(f"source.period {period!r} is not a period; write it like 2014/15-Q1, "
                        "April 2021 or 2010/11, or \"filename\"")
    if problems:
        raise MappingError(problems_message("the mapping", path, problems))
    return Mapping(
        path=path, layout=layout, indicators=indicators, columns=columns,
        files=texts(source["files"]), sheets=texts(source["sheet"]),
        header_contains=texts(source["header_contains"]), header_row=source["header_row"],
        header_rows=source["header_rows"], search_rows=source["search_rows"],
        our_area=source["our_area"], period=period, missing=texts(source["missing"]),
        filters={title: texts(v) for title, v in checked.sections["filters"].items()},
        ignore=texts(source["ignore_indicators"]), normalise_codes=source["normalise_codes"],
        benchmark=checked.sections["benchmark"],
    )


def _indicators(table: dict[str, Any], layout: str,
                problems: list[str]) -> tuple[IndicatorSpec, ...]:
    specs = []
    for code, value in table.items():
        spec = check_keys({"ref": value} if isinstance(value, str) else value, _SPEC_KEYS,
                          f'indicators."{code}"', problems)
        if not spec["ref"].strip():
            continue
        column = texts(spec["column"] if spec["column"] is not None else code)
        specs.append(IndicatorSpec(code, spec["ref"].strip(),
                                   column if layout == "columns" else (),
                                   float(spec["scale"]), spec["polarity"]))
    return tuple(specs)


def find_mapping(data_file: Path | str, folder: Path) -> Mapping:
    """The one mapping in ``folder`` whose ``source.files`` patterns match the data file's
    name. Raises MappingError when none or several do (so none is picked by chance)."""
    name = Path(data_file).name
    shown = display_name(Path(data_file))  # printed: a name that is not UTF-8 prints too
    matching = [m for m in (load_mapping(p) for p in sorted(folder.glob("*.toml")))
                if any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in m.files)]
    if len(matching) == 1:
        return matching[0]
    if matching:
        raise MappingError(f"several mappings in {folder} are for {shown} "
                           f"({', '.join(m.path.name for m in matching)}); pass --map with one.")
    raise MappingError(f"no mapping in {folder} lists {shown} under source.files; pass --map "
                       "with a mapping file, or copy one there and add the file name to its "
                       "source.files.")
