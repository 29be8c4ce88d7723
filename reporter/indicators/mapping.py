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

Every key, with what it means, is in ``KEY_HELP`` (the README's table of the mapping
format is ``key_table()``: ``python -m reporter.indicators.mapping`` prints it).

Whose rows are ours, in a table with an area column, is the settings' business
(``organisation.known_in_tables_as``); ``source.our_area`` overrides it for one mapping and
the commands say so (``ours``).

Titles and codes are compared case-folded, with curly quotes, dashes and repeated or
zero-width spaces made plain (``normalise``).
"""

from __future__ import annotations

import fnmatch
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reporter.cells import month_number
from reporter.config.schema import (
    FLAG,
    NON_ZERO,
    TEXT,
    TEXTS,
    YEAR_STARTS,
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
from reporter.periods import DEFAULT_FIRST_MONTH

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
    # the first month of the table's financial year: its quarters and years are read in it
    first_month: int = DEFAULT_FIRST_MONTH
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
        Key("our_area", Kind("a text: our organisation as this file names it",
                             lambda v: isinstance(v, str)), ""),
        Key("period", Kind('a period such as "2014/15-Q1", or "filename"',
                           lambda v: isinstance(v, str)), ""),
        # The table's financial year: national returns' is April's.
        Key("year_starts", YEAR_STARTS, "April"),
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

# What each key means: the README's table of the mapping format is made from this
# (``key_table``), and a test checks every key of SCHEMA and _SPEC_KEYS has a line here.
KEY_HELP: dict[str, str] = {
    "source.layout": "`long` (one value per row: indicator, period and value columns), `wide` "
                     "(one indicator per row of a quarterly return: this and last quarter's "
                     "values) or `columns` (one indicator per column; rows are periods or "
                     "organisations). Required",
    "source.files": "file name patterns (`hart_dc_kpis_*.csv`) this mapping is picked for "
                    "when `import-indicators` is given no `--map`",
    "source.sheet": "the sheet to read, or a list of names (the first the workbook has wins)",
    "source.header_contains": "titles the header row holds: the first row (of the first "
                              "`search_rows`) holding all of them is the header, wherever a "
                              "title block ends",
    "source.header_row": "the header's row number, when `header_contains` is not given "
                         "(default 1)",
    "source.header_rows": "2 for a two-row header: each column is named \"Group – Measure\" "
                          "(the group carried across merged cells)",
    "source.search_rows": "how many rows to look through for the header (default 30)",
    "source.our_area": "overrides the settings' `organisation.known_in_tables_as` for this "
                       "file only: the area name whose rows are ours (the commands say so "
                       "when it is used). Leave it out normally",
    "source.period": "the period of a file with no period column: `2014/15-Q1`, `2010/11`, "
                     "`April 2021`, or `filename` (read from a name such as `..._2014-15_Q1`)",
    "source.year_starts": "the month the table's financial year starts in, for its quarters "
                          "and years (default `\"April\"`, as national returns keep them); "
                          "set it for a table of July years, say. Months and dates are read "
                          "as they are",
    "source.missing": "cell values meaning \"no value\" (`..`, `[x]`): counted, not reported "
                      "one by one",
    "source.ignore_indicators": "their codes we know of and do not import (counted)",
    "source.normalise_codes": "`true`: compare codes without spaces (`CORP 09` = `CORP09`)",
    "columns.area": "the column naming the organisation of each row (peer tables)",
    "columns.period": "the column holding each row's period (`2018-19;Q1`, `2010/11`, "
                      "`April 2021`, a date)",
    "columns.indicator": "the column holding their indicator code (`long` and `wide`)",
    "columns.value": "the column holding the value (`long`)",
    "columns.this_quarter": "this quarter's value (`wide`), stored against the quarter's "
                            "last month",
    "columns.last_quarter": "last quarter's value (`wide`): a restatement of what the last "
                            "return said is reported",
    "columns.target": "the target (`wide`)",
    "columns.status": "the status the return gave (`wide`), compared with the figures'",
    "filters.*": "`\"column title\" = [\"value\", ...]`: only rows whose column holds one "
                 "of the values are read (the others are counted)",
    "indicators.*": "`\"their code or column label\" = \"our PI ref\"`, or a table with "
                    "the keys below. Only these are read; another code in the file is "
                    "reported as unmatched",
    "indicators.*.ref": "our PI ref, as in the plan register. Required",
    "indicators.*.column": "`columns` layout: the column's title, or a list of fragments "
                           "its title contains (all of them)",
    "indicators.*.scale": "multiply by this (100 turns a 0-1 fraction into a percentage)",
    "indicators.*.polarity": "`higher` or `lower` is better, for benchmarking an indicator "
                             "the plan register does not hold",
    "benchmark.comparison": "the name the benchmarks are stored under (default `All England "
                            "comparison`); the reports use the one the settings' "
                            "`report.benchmark_comparison` names",
    "benchmark.exclude_areas": "rows that are not peers (`England`, an average)",
    "benchmark.min_peers": "fewer peer values than this and the indicator is not "
                           "benchmarked (default 3)",
    "benchmark.polarity_file": "an indicator information file (beside the data or the "
                               "mapping) giving each code's polarity",
    "benchmark.polarity_code_column": "its column of codes (default `Code`)",
    "benchmark.polarity_column": "its column of polarity words (default `Ranking_Type`)",
    "benchmark.higher_is_better": "the words there meaning higher is better (default "
                                  "`Descending`)",
    "benchmark.lower_is_better": "the words there meaning lower is better (default "
                                 "`Ascending`)",
}


def schema_keys() -> list[str]:
    """Every key a mapping may hold, dotted (``source.layout``, ``indicators.*.ref``)."""
    keys = []
    for section in SCHEMA:
        keys += [f"{section.name}.{key.name}" for key in section.keys]
        if section.each is not None:
            keys.append(f"{section.name}.*")
        if section.name == "indicators":  # an indicator's own table follows its line
            keys += [f"indicators.*.{key.name}" for key in _SPEC_KEYS]
    return keys


def key_table() -> str:
    """The mapping format as a Markdown table, one row per key (the README's)."""
    lines = ["| key | what it means |", "| --- | --- |"]
    for dotted in schema_keys():
        section, _, key = dotted.partition(".")
        lines.append(f"| `[{section}]` `{key}` | {KEY_HELP[dotted]} |")
    return "\n".join(lines) + "\n"


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
        our_area=source["our_area"], period=period,
        first_month=month_number(source["year_starts"]) or DEFAULT_FIRST_MONTH,
        missing=texts(source["missing"]),
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


@dataclass(frozen=True)
class Ours:
    """Whose rows are ours in a table with an area column: the names, in order of
    preference, and where they come from (said by the commands)."""

    names: tuple[str, ...]
    source: str

    def in_table(self, areas: Iterable[str]) -> str | None:
        """The first of our names the table holds, as the table writes it; None if none."""
        held = {normalise(a): a for a in areas}
        return next((held[normalise(n)] for n in self.names if normalise(n) in held), None)

    def describe(self) -> str:
        if not self.names:
            return f"our organisation: no name in {self.source}"
        return f"{' or '.join(repr(n) for n in self.names)} ({self.source})"


def ours(mapping: Mapping, known_in_tables_as: Sequence[str]) -> Ours:
    """Our names in the mapping's table: the settings' ``organisation.known_in_tables_as``,
    unless the mapping's ``source.our_area`` overrides them for this file."""
    if mapping.our_area.strip():
        return Ours((mapping.our_area.strip(),),
                    f"source.our_area in {mapping.path.name}, overriding the settings' "
                    "organisation.known_in_tables_as")
    return Ours(tuple(known_in_tables_as), "the settings' organisation.known_in_tables_as")


if __name__ == "__main__":
    print(key_table(), end="")
