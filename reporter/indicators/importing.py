"""Import past indicator values from the tables organisations already keep.

A small TOML *mapping* (see ``input_templates/mappings/``) says how a table is laid out
and which of its indicators are ours; ``read_table`` reads any table through it into
plain observations, and ``read_indicator_table`` keeps our organisation's values.
Three layouts are understood:

- ``long``: one value per row, with indicator, period and value columns (and an area
  column when several organisations share the file).
- ``wide``: one indicator per row of a quarterly return, with this quarter's and last
  quarter's values in their own columns (and target and status).
- ``columns`` (alias ``monthly``): one indicator per column, rows being periods (a
  monthly series) or organisations (a benchmarking table), with a title block and
  one- or two-row headers above.

Where a value is stored: a monthly value against its month; a quarterly value against
the quarter's last month (Q1 2014/15 -> June 2014); an annual value against March at the
end of the financial year (2010/11 -> March 2011). That is the month the figure is
known at, and it is how ``History.indicator_series`` consumers (``IndicatorMonth``) see
it; ``ImportedValue.granularity`` keeps what it was.

Nothing is guessed silently: indicators the mapping does not name, periods that cannot be
read and text where a number should be are returned as findings naming the cell.
Empty cells (such as pre-filled future months) are skipped and counted; cells holding a
marker the mapping lists under ``missing`` (``[X]``, ``..``) are counted by marker.

The mapping's keys (each shipped mapping is commented; hart_dc_quarterly.toml in full):

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
- ``[benchmark]``: read by ``reporter.indicators.benchmarking``.

Titles and codes are compared case-folded, with curly quotes, dashes and repeated or
zero-width spaces made plain; a column is found when its title contains every fragment.
"""

from __future__ import annotations

import csv
import difflib
import fnmatch
import io
import math
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, cast

from reporter.errors import ConfigurationError, ReporterError
from reporter.findings import Finding, Severity
from reporter.periods import MONTH_NAMES, FinancialYear, Quarter

LAYOUTS = ("long", "wide", "columns")
_LAYOUT_ALIASES = {"monthly": "columns"}
ROLES = ("area", "period", "indicator", "value", "this_quarter", "last_quarter", "target",
         "status")
SEARCH_ROWS = 30  # how far down a title block the header row is looked for
BLANK_RUN_LIMIT = 200  # a run of blank rows this long ends the table (phantom rows)
MAX_ROWS = 500_000  # rows read from one sheet: published tables have thousands
_FIRST_YEAR, _LAST_YEAR = 1990, 2100


class MappingError(ConfigurationError):
    """The mapping cannot be used with this file; the message lists every problem."""


class TableReadError(ReporterError):
    """The data file cannot be read at all."""


# ----------------------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    """A month, a quarter or a financial year.

    ``year`` is the calendar year for a month and the financial year's start year for a
    quarter or a year; ``number`` is the month (1-12), the quarter (1-4) or 0 for a year.
    """

    kind: str  # "month", "quarter" or "year"
    year: int
    number: int

    @property
    def label(self) -> str:
        """``Apr 2021``, ``Q1 2014/15`` or ``2010/11``."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.number - 1][:3]} {self.year}"
        if self.kind == "quarter":
            return Quarter(self.year, self.number).label
        return FinancialYear(self.year).label

    @property
    def stored_month(self) -> tuple[int, int]:
        """The (calendar year, month) the value is stored against (see the module notes)."""
        if self.kind == "month":
            return self.year, self.number
        if self.kind == "quarter":
            return Quarter(self.year, self.number).months[-1]
        return self.year + 1, 3

    def previous(self) -> Period:
        """The period before: last month, last quarter or last year."""
        if self.kind == "month":
            return Period("month", self.year - (self.number == 1), (self.number - 2) % 12 + 1)
        if self.kind == "quarter":
            q = Quarter(self.year, self.number).previous()
            return Period("quarter", q.year, q.number)
        return Period("year", self.year - 1, 0)

    def __str__(self) -> str:
        return self.label


_MONTH_WORD = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
               r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MONTH_TEXT = re.compile(rf"{_MONTH_WORD}[\s,/-]*(?P<y>\d{{4}}|\d{{2}})", re.I | re.A)
_FY_TEXT = re.compile(r"\d{4}\s*[/-]\s*(?:\d{2}|\d{4})", re.A)
_ISO_DAY = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ][\d:.]+)?", re.A)
_UK_DAY = re.compile(r"(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})", re.A)
_QUARTER_WORD = re.compile(r"\bquarter\s*(?=\d)|\bof\b", re.I)
# In a file name: "..._2014-15_Q1.csv" or "Q1 2014-15"
_QUARTER_IN_TEXT = re.compile(r"(?<!\d)(\d{4}[-/_]\d{2})[-_ ;]*Q([1-4])(?!\d)"
                              r"|(?<![A-Za-z])Q([1-4])[-_ ]*(\d{4}[-/_]\d{2})(?!\d)", re.I | re.A)


def _month(year: int, month: int) -> Period | None:
    if _FIRST_YEAR <= year <= _LAST_YEAR and 1 <= month <= 12:
        return Period("month", year, month)
    return None


def parse_period(value: object) -> Period | None:
    """Read a period cell; None when it is not understood (never a guess).

    Understood: ``2018-19;Q1``, ``2014-15 Q1``, ``2014/15-Q1``, ``Q1 2014/15`` and
    ``Quarter 1 of 2014/15`` (quarters); ``2010/11``, ``2010-11``, ``2010/2011``
    (financial years); ``April 2021``, ``Apr-21``, ``Sept 2021`` (months; two-digit years
    are 20xx); ISO dates ``2021-04-01``, UK dates ``01/04/2021`` and date cells (their
    month). Bare years (``2021``), ``2021-04`` and numbers are not understood.
    """
    if isinstance(value, date):
        return _month(value.year, value.month)
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace(";", " ").replace("_", " ").split())
    if not text:
        return None
    quarter_text = _QUARTER_WORD.sub(lambda m: "" if m[0].lower() == "of" else "Q", text)
    try:
        q = Quarter.parse(" ".join(quarter_text.split()))
    except ValueError:
        pass
    else:
        return Period("quarter", q.year, q.number) if _FIRST_YEAR <= q.year <= _LAST_YEAR else None
    if _FY_TEXT.fullmatch(text):
        try:
            fy = FinancialYear.parse(text)
        except ValueError:
            return None
        if not _FIRST_YEAR <= fy.start_year <= _LAST_YEAR:
            return None
        return Period("year", fy.start_year, 0)
    for pattern in (_ISO_DAY, _UK_DAY):
        if match := pattern.fullmatch(text):
            try:
                day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
            return _month(day.year, day.month)
    if match := _MONTH_TEXT.fullmatch(text):
        number = [n[:3].lower() for n in MONTH_NAMES].index(match["m"][:3].lower()) + 1
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        return _month(year, number)
    return None


def find_quarter_in(text: str) -> Period | None:
    """The one quarter named inside a longer text such as a file name; None if none or several."""
    found = set()
    for match in _QUARTER_IN_TEXT.finditer(text):
        year, number = (match[1], match[2]) if match[1] else (match[4], match[3])
        if (period := parse_period(f"{year.replace('_', '-')} Q{number}")) is not None:
            found.add(period)
    return found.pop() if len(found) == 1 else None


# ----------------------------------------------------------------------------- mapping

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
    benchmark: dict[str, Any] = field(default_factory=dict)  # checked by benchmarking

    def code_key(self, code: object) -> str:
        """How codes are compared: case and spacing ignored; all spaces too if normalised."""
        key = normalise(code)
        return key.replace(" ", "") if self.normalise_codes else key


_SECTIONS = {
    "source": {"layout", "files", "sheet", "header_contains", "header_row", "header_rows",
               "search_rows", "our_area", "period", "missing", "ignore_indicators",
               "normalise_codes"},
    "columns": set(ROLES),
    "filters": None,  # any column title
    "indicators": None,  # any code
    "benchmark": None,  # checked by reporter.indicators.benchmarking
}
_SPEC_KEYS = {"ref", "column", "scale", "polarity"}
_NEEDED = {"long": ("indicator", "value"), "wide": ("indicator", "this_quarter"), "columns": ()}


def normalise(text: object) -> str:
    """Text for comparing titles and codes: NFKC, straight quotes, plain dashes, no
    zero-width or repeated spaces, case-folded."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text))
    value = value.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"',
                             0x2013: "-", 0x2014: "-", 0x200B: None, 0xFEFF: None})
    return " ".join(value.split()).casefold()


def _strings(value: object, key: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(f"{key} must be a text or a list of texts, got {value!r}")
    return ()


def load_mapping(path: Path | str) -> Mapping:
    """Read and check a mapping file; raise MappingError naming every problem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MappingError(
            f"mapping file not found: {path}. Pass --map with the path to a mapping such as "
            "input_templates/mappings/hart_dc_quarterly.toml.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"the mapping {path} is not valid TOML: {exc}") from None
    problems: list[str] = []
    for section, value in raw.items():
        if section not in _SECTIONS:
            known = ", ".join(f"[{s}]" for s in _SECTIONS)
            problems.append(f"unknown section [{section}]; use {known}")
        elif not isinstance(value, dict):
            problems.append(f"[{section}] must be a table")
        elif (allowed := _SECTIONS[section]) is not None:
            problems += [f"unknown key {section}.{k}; allowed: {', '.join(sorted(allowed))}"
                         for k in value if k not in allowed]
    source = raw.get("source", {}) if isinstance(raw.get("source"), dict) else {}
    layout = str(source.get("layout", ""))
    layout = _LAYOUT_ALIASES.get(layout, layout)
    if layout not in LAYOUTS:
        problems.append(f"source.layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    columns = raw.get("columns", {}) if isinstance(raw.get("columns"), dict) else {}
    for role, title in columns.items():
        if not isinstance(title, str) or not title.strip():
            problems.append(f"columns.{role} must be a column title, got {title!r}")
    for role in _NEEDED.get(layout, ()):
        if role not in columns:
            problems.append(f"a {layout} table needs columns.{role} (the column that holds it)")
    numbers = {k: source.get(k, d) for k, d in
               (("header_row", 1), ("header_rows", 1), ("search_rows", SEARCH_ROWS))}
    for key, number in numbers.items():
        if not isinstance(number, int) or isinstance(number, bool) or number < 1 or (
                key == "header_rows" and number > 2):
            problems.append(f"source.{key} must be a whole number"
                            + (" (1 or 2)" if key == "header_rows" else " from 1"))
    def table(name: str) -> dict[str, Any]:
        value = raw.get(name, {})
        return value if isinstance(value, dict) else {}

    def texts(key: str) -> tuple[str, ...]:
        return _strings(source.get(key, []), f"source.{key}", problems)

    filters = {str(k): _strings(v, f"filters.{k}", problems) for k, v in table("filters").items()}
    indicators = _indicators(table("indicators"), layout, problems)
    if not indicators:
        problems.append("[indicators] is empty: name at least one of their codes (or column "
                        'titles) and our PI ref, such as "NI 192" = "LPI 08"')
    period = source.get("period", "")
    if period and period != "filename" and parse_period(period) is None:
        problems.append(f"source.period {period!r} is not a period; write it like 2014/15-Q1, "
                        "April 2021 or 2010/11, or \"filename\"")
    if not isinstance(source.get("normalise_codes", False), bool):
        problems.append("source.normalise_codes must be true or false")
    if not isinstance(source.get("our_area", ""), str):
        problems.append("source.our_area must be a text: our organisation as the file names it")
    found = {key: texts(key) for key in ("files", "sheet", "header_contains", "missing",
                                         "ignore_indicators")}
    if problems:
        lines = [f"The mapping {path} cannot be used:"] + [f"  - {p}" for p in problems]
        raise MappingError("\n".join(lines))
    return Mapping(
        path=path, layout=layout, indicators=indicators, columns=dict(columns),
        files=found["files"], sheets=found["sheet"], header_contains=found["header_contains"],
        header_row=numbers["header_row"], header_rows=numbers["header_rows"],
        search_rows=numbers["search_rows"], our_area=source.get("our_area", ""),
        period=str(period), missing=found["missing"], filters=filters,
        ignore=found["ignore_indicators"],
        normalise_codes=source.get("normalise_codes", False), benchmark=table("benchmark"),
    )


def find_mapping(data_file: Path | str, folder: Path) -> Mapping:
    """The one mapping in ``folder`` whose ``source.files`` patterns match the data file's
    name. Raises MappingError when none or several do (so none is picked by chance)."""
    name = Path(data_file).name
    matching = [m for m in (load_mapping(p) for p in sorted(folder.glob("*.toml")))
                if any(fnmatch.fnmatch(name.lower(), pattern.lower()) for pattern in m.files)]
    if len(matching) == 1:
        return matching[0]
    if matching:
        raise MappingError(f"several mappings in {folder} are for {name} "
                           f"({', '.join(m.path.name for m in matching)}); pass --map with one.")
    raise MappingError(f"no mapping in {folder} lists {name} under source.files; pass --map "
                       "with a mapping file, or copy one there and add the file name to its "
                       "source.files.")


def _indicators(table: dict[str, Any], layout: str,
                problems: list[str]) -> tuple[IndicatorSpec, ...]:
    specs = []
    for code, value in table.items():
        if isinstance(value, str):
            value = {"ref": value}
        ref = value.get("ref") if isinstance(value, dict) else None
        if not isinstance(ref, str) or not ref.strip():
            problems.append(f'indicators."{code}" must be our PI ref, such as "LPI 08", or a '
                            'table such as { ref = "LPI 08", scale = 100 }')
            continue
        allowed = ", ".join(sorted(_SPEC_KEYS))
        problems += [f'unknown key indicators."{code}".{k}; allowed: {allowed}'
                     for k in value if k not in _SPEC_KEYS]
        scale = value.get("scale", 1)
        if not isinstance(scale, (int, float)) or isinstance(scale, bool) or not scale:
            problems.append(f'indicators."{code}".scale must be a non-zero number, got {scale!r}')
            scale = 1
        polarity = value.get("polarity")
        if polarity is not None and polarity not in ("higher", "lower"):
            problems.append(f'indicators."{code}".polarity must be "higher" or "lower", '
                            f"got {polarity!r}")
        column = _strings(value.get("column", code), f'indicators."{code}".column', problems)
        specs.append(IndicatorSpec(code, ref.strip(), column if layout == "columns" else (),
                                   float(scale), polarity))
    return tuple(specs)


# ----------------------------------------------------------------------------- reading

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


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _read_grid(path: Path, mapping: Mapping,
               sheet: str | None) -> tuple[str, Iterator[list[object]]]:
    """(sheet name or "", rows) of a CSV file or a workbook sheet."""
    if not path.is_file():
        raise TableReadError(f"the data file {path} does not exist; check the path.")
    if path.suffix.lower() in (".csv", ".txt"):
        return "", _csv_rows(path)
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        wanted = (sheet,) if sheet else mapping.sheets
        chosen = next((s for s in wanted if s in names), None)
        if chosen is None and not wanted and len(names) == 1:
            chosen = names[0]
        if chosen is None:
            asked = (f"none of {', '.join(repr(s) for s in wanted)} is" if wanted
                     else "no sheet is named")
            raise MappingError(f"{path.name}: {asked} in the workbook. Its sheets are "
                               f"{', '.join(repr(n) for n in names)}; name one with --sheet or "
                               "source.sheet in the mapping.")
        # skip_empty_area=False keeps A1 positions (a sheet may start at B2); nrows caps a
        # sheet whose stated size is the whole grid (phantom rows, see PITFALLS).
        grid = workbook.get_sheet_by_name(chosen).to_python(skip_empty_area=False, nrows=MAX_ROWS)
        return chosen, iter(cast(list[list[object]], grid))
    except ReporterError:
        raise
    except Exception as exc:  # calamine raises its own types for every unreadable workbook
        raise TableReadError(f"cannot read {path.name}: {exc}. Open it in Excel and save it "
                             "as .xlsx or .csv, then try again.") from None


def _csv_rows(path: Path) -> Iterator[list[object]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "latin-1"):  # latin-1 decodes anything: the last resort
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # StringIO keeps line ends, so a quoted cell may hold several lines (commentary).
    rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return iter(rows)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def _header(rows: Iterator[list[object]], mapping: Mapping, where: str) -> tuple[int, list[str]]:
    """(1-based row of the last header row, column titles), two-row headers combined."""
    wanted = [normalise(t) for t in mapping.header_contains]
    last = mapping.search_rows if wanted else mapping.header_row
    for number, row in enumerate(rows, start=1):
        if wanted:
            titles = {normalise(c) for c in row if not _blank(c)}
            found = all(t in titles for t in wanted)
        else:
            found = number == mapping.header_row
        if not found and number >= last:
            break
        if found:
            if mapping.header_rows == 1:
                return number, [str(c).strip() if not _blank(c) else "" for c in row]
            below = next(rows, [])
            return number + 1, _combine(row, below)
    what = (f"a row holding {', '.join(repr(t) for t in mapping.header_contains)} in the first "
            f"{mapping.search_rows} rows" if wanted else f"row {mapping.header_row}")
    raise MappingError(f"{where}: the header row was not found: the mapping asks for {what}. "
                       "Check source.header_contains against the file's column titles.")


def _combine(top: list[object], bottom: list[object]) -> list[str]:
    """One title per column from a two-row header whose top titles span several columns
    (merged cells keep their text only in the first): "Incomplete RTT pathways – % within
    18 weeks". A top title carries right only over columns that have a title below."""
    titles, carry = [], ""
    for i in range(max(len(top), len(bottom))):
        upper = "" if i >= len(top) or _blank(top[i]) else str(top[i]).strip()
        lower = "" if i >= len(bottom) or _blank(bottom[i]) else str(bottom[i]).strip()
        if upper:
            carry = upper
        if lower:
            titles.append(f"{carry} – {lower}" if carry else lower)
        else:
            titles.append(upper)
            carry = upper
    return titles


def find_column(titles: Sequence[str], wanted: Sequence[str], what: str, where: str) -> int:
    """The one column whose title contains every fragment in ``wanted`` (normalised);
    an exact title wins over containing ones. Raises MappingError if none or several."""
    fragments = [normalise(w) for w in wanted]
    normal = [normalise(t) for t in titles]
    hits = [i for i, t in enumerate(normal) if t and all(f in t for f in fragments)]
    exact = [i for i in hits if len(fragments) == 1 and normal[i] == fragments[0]]
    if len(exact) == 1 or len(hits) == 1:
        return (exact or hits)[0]
    shown = " + ".join(repr(w) for w in wanted)
    if hits:
        names = "; ".join(repr(titles[i]) for i in hits[:5])
        raise MappingError(f"{where}: {what} {shown} matches {len(hits)} columns ({names}). "
                           "Give more of the title, or a list of fragments that only it has.")
    close = difflib.get_close_matches(" ".join(fragments), [t for t in normal if t], n=3,
                                      cutoff=0.4)
    named = "; ".join(repr(titles[normal.index(c)]) for c in close)
    hint = f" Closest titles: {named}." if close else ""
    raise MappingError(f"{where}: {what} {shown} is not a column title of the header.{hint}")


def _number(value: object, missing: frozenset[str]) -> tuple[float | None, str]:
    """(number, "") or (None, why): "empty", "missing" or "text"."""
    if _blank(value):
        return None, "empty"
    if isinstance(value, bool):
        return None, "text"
    if isinstance(value, (int, float)):
        return (float(value), "") if math.isfinite(value) else (None, "text")
    if isinstance(value, str):
        text = value.strip()
        if normalise(text) in missing:
            return None, "missing"
        # "1,234", "96.9%" and "£12" are numbers as written; "52+" and "-" are not.
        cleaned = text.replace(",", "").removeprefix("£").removesuffix("%").strip()
        try:
            number = float(cleaned)
        except ValueError:
            return None, "text"
        return (number, "") if math.isfinite(number) else (None, "text")
    return None, "text"


def read_table(path: Path | str, mapping: Mapping, sheet: str | None = None,
               period: str | None = None) -> TableRead:
    """Read every value the mapping names, for every area, with the problems found.

    ``period`` overrides the mapping's fixed period (``source.period``).
    Raises MappingError when the mapping does not fit the file, TableReadError when the
    file cannot be read.
    """
    path = Path(path)
    sheet_name, rows = _read_grid(path, mapping, sheet)
    where = f"{path.name}" + (f", sheet '{sheet_name}'" if sheet_name else "")
    header_at, titles = _header(rows, mapping, where)
    col = {role: find_column(titles, (title,), f"columns.{role}", where)
           for role, title in mapping.columns.items()}
    filters = {find_column(titles, (title,), f"filters.{title!r}", where):
               {normalise(v) for v in values} for title, values in mapping.filters.items()}
    fixed = _fixed_period(path, mapping, period, where)
    reader = _Reader(path.name, sheet_name, mapping)
    specs = {mapping.code_key(s.code): s for s in mapping.indicators}
    spec_columns = ([(find_column(titles, s.column, f'indicators."{s.code}"', where), s)
                     for s in mapping.indicators] if mapping.layout == "columns" else [])
    blank_run = 0
    for number, row in enumerate(rows, start=header_at + 1):
        if all(_blank(c) for c in row):
            blank_run += 1
            if blank_run >= BLANK_RUN_LIMIT:
                break
            continue
        blank_run = 0

        def cell(role: str, row: list[object] = row) -> object:
            return row[col[role]] if role in col and col[role] < len(row) else None

        if any(i >= len(row) or normalise(row[i]) not in ok for i, ok in filters.items()):
            reader.filtered += 1
            continue
        area = "" if _blank(cell("area")) else _identifier(cell("area"))
        if "area" in col and not area:
            continue  # notes and footers under the table
        when = fixed
        if "period" in col:
            if _blank(cell("period")):
                continue
            when = reader.period(cell("period"), number, _letters(col["period"]))
            if when is None:
                continue
        if mapping.layout == "columns":
            for index, spec in spec_columns:
                reader.value(spec, area, when, row, index, number)
            continue
        code = "" if _blank(cell("indicator")) else str(cell("indicator")).strip()
        matched = specs.get(mapping.code_key(code))
        if matched is None:
            reader.unmatched_code(code, number, _letters(col["indicator"]))
            continue
        if mapping.layout == "long":
            reader.value(matched, area, when, row, col["value"], number)
            continue
        target, _ = _number(cell("target"), reader.missing)
        status = "" if _blank(cell("status")) else str(cell("status")).strip()
        reader.value(matched, area, when, row, col["this_quarter"], number, "this_quarter",
                     target, status)
        if "last_quarter" in col and when is not None:
            reader.value(matched, area, when.previous(), row, col["last_quarter"], number,
                         "last_quarter")
    return reader.result()


def _identifier(value: object) -> str:
    """An area name or code as text: a code stored as a number (5071.0) reads "5071"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
        found = find_quarter_in(path.stem)
        if found is None:
            raise MappingError(f"{where}: the mapping takes the period from the file name, but "
                               f"'{path.name}' names no one quarter (like 2014-15_Q1). "
                               "Pass --period.")
        return found
    if text:
        found = parse_period(text)
        if found is None:
            raise MappingError(f"--period {text!r} is not a period; write it like 2014/15-Q1, "
                               "April 2021 or 2010/11.")
        return found
    if mapping.layout == "wide":
        raise MappingError(f"{where}: a wide return needs its period: set source.period in the "
                           "mapping (such as \"2014/15-Q1\" or \"filename\") or pass --period.")
    return None


class _Reader:
    """Collects observations and problems while ``read_table`` walks the rows."""

    def __init__(self, file: str, sheet: str, mapping: Mapping):
        self.file, self.sheet, self.mapping = file, sheet, mapping
        self.missing = frozenset(normalise(m) for m in mapping.missing)
        self.ignore = {mapping.code_key(c) for c in mapping.ignore}
        self.observations: list[Observation] = []
        self.unmatched: dict[str, list[str]] = {}
        self.periods: list[Finding] = []
        self.text: list[Finding] = []
        self.markers: Counter[str] = Counter()
        self.empty = self.filtered = self.ignored = 0

    def finding(self, rule: str, message: str, fix: str, cell: str) -> Finding:
        return Finding(Severity.WARNING, rule, message, fix, file=self.file, sheet=self.sheet,
                       cell=cell)

    def period(self, value: object, row: int, letter: str) -> Period | None:
        found = parse_period(value)
        if found is None:
            self.periods.append(self.finding(
                "unparseable-period", f"the period {str(value).strip()!r} is not understood; "
                "the row is not imported.",
                "Write it like 2018-19;Q1, April 2021, 2010/11 or as a date.", f"{letter}{row}"))
        return found

    def unmatched_code(self, code: str, row: int, letter: str) -> None:
        if self.mapping.code_key(code) in self.ignore:
            self.ignored += 1
        elif code:
            self.unmatched.setdefault(code, []).append(f"{letter}{row}")

    def value(self, spec: IndicatorSpec, area: str, when: Period | None, row: list[object],
              index: int, number: int, role: str = "value", target: float | None = None,
              status: str = "") -> None:
        raw = row[index] if index < len(row) else None
        value, why = _number(raw, self.missing)
        letter = f"{_letters(index)}{number}"
        text = "" if _blank(raw) else str(raw).strip()
        if why == "empty":
            self.empty += 1
            return
        if why == "missing":
            self.markers[text] += 1
        elif why == "text":
            what = spec.code if spec.code == spec.ref else f"{spec.code} ({spec.ref})"
            what += f" {when.label}" if when else ""
            what += f" for {area}" if area else ""
            self.text.append(self.finding(
                "non-numeric", f"{what}: {text!r} is not a number; it is not imported.",
                "Correct the figure in the file, or list the marker under source.missing.", letter))
        if value is not None:
            value *= spec.scale
        self.observations.append(Observation(area, spec.code, spec.ref, when, value, text,
                                             number, letter, role, target, status))

    def result(self) -> TableRead:
        unmatched = tuple(self.finding(
            "unmatched-indicator", f"the indicator {code!r} is not in the mapping "
            f"({len(cells)} row(s)); its values are not imported.",
            f'Add it to [indicators] as "{code}" = "our PI ref", or to '
            "source.ignore_indicators.", cells[0]) for code, cells in self.unmatched.items())
        return TableRead(self.file, self.sheet, tuple(self.observations), unmatched,
                         tuple(self.periods), tuple(self.text), self.empty,
                         tuple(sorted(self.markers.items())), self.filtered, self.ignored)


# ----------------------------------------------------------------------------- importing

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

    @property
    def problems(self) -> tuple[Finding, ...]:
        """Unmatched indicators, unparseable periods and non-numeric values."""
        return self.unmatched + self.unparseable_periods + self.non_numeric


def read_indicator_table(path: Path | str, mapping: Mapping, sheet: str | None = None,
                         period: str | None = None) -> ImportResult:
    """Our organisation's values from a table (see ``read_table``), one per indicator and
    period; a period given twice in the file is listed as restated, the later row kept."""
    table = read_table(path, mapping, sheet, period)
    mine = [o for o in table.observations if _ours(o.area, mapping, table)]
    if any(o.period is None for o in mine):
        raise MappingError(f"{table.file}: the mapping gives no period for the values: name the "
                           "period column as columns.period, set source.period, or pass --period.")
    name = Path(path).name
    values: dict[tuple[str, int, int], ImportedValue] = {}
    restated: list[Restatement] = []
    for o in mine:
        if o.value is None or o.period is None:
            continue
        year, month = o.period.stored_month
        place = f"{name}, " + (f"sheet '{table.sheet}', " if table.sheet else "") + f"cell {o.cell}"
        new = ImportedValue(o.ref, year, month, o.period.label, o.value, o.row, place,
                            o.period.kind, o.target, o.status)
        old = values.get((o.ref, year, month))
        if old is not None and not math.isclose(old.value, new.value, rel_tol=1e-9):
            restated.append(Restatement(o.ref, new.period_label, old.value, new.value,
                                        old.source, new.source))
        values[(o.ref, year, month)] = new
    keep = {o.cell for o in mine}
    return ImportResult(
        name, table.sheet, tuple(sorted(values.values(), key=lambda v: (v.ref, v.year, v.month))),
        table.unmatched, table.unparseable_periods,
        tuple(f for f in table.non_numeric if f.cell in keep), tuple(restated),
        table.skipped_empty, table.missing_markers, table.filtered_rows, table.ignored,
        len(table.observations) - len(mine))


def _ours(area: str, mapping: Mapping, table: TableRead) -> bool:
    if "area" not in mapping.columns:
        return True
    if not mapping.our_area:
        areas = sorted({o.area for o in table.observations})
        raise MappingError(f"{table.file} holds {len(areas)} organisations; name ours in the "
                           f"mapping as source.our_area (one of: {', '.join(areas[:12])}"
                           + (", ..." if len(areas) > 12 else "") + ").")
    if not any(normalise(o.area) == normalise(mapping.our_area) for o in table.observations):
        areas = sorted({o.area for o in table.observations})
        close = difflib.get_close_matches(mapping.our_area, areas, n=3, cutoff=0.5)
        raise MappingError(f"{table.file}: no rows for source.our_area {mapping.our_area!r}."
                           + (f" Did you mean {', '.join(repr(c) for c in close)}?" if close else
                              f" The file's areas include {', '.join(areas[:8])}."))
    return normalise(area) == normalise(mapping.our_area)


def merge_imports(results: Iterable[ImportResult],
                  earlier: Iterable[ImportedValue] = ()) -> tuple[tuple[ImportedValue, ...],
                                                                  tuple[Restatement, ...]]:
    """Combine imports in order (``earlier`` first, such as what the history holds): for
    each indicator and month the newest figure wins, and each change is a Restatement."""
    merged = {(v.ref, v.year, v.month): v for v in earlier}
    restated: list[Restatement] = []
    for result in results:
        restated += result.restatements
        for value in result.values:
            key = (value.ref, value.year, value.month)
            old = merged.get(key)
            if old is not None and not math.isclose(old.value, value.value, rel_tol=1e-9):
                restated.append(Restatement(value.ref, value.period_label, old.value, value.value,
                                            old.source, value.source))
            merged[key] = value
    return tuple(sorted(merged.values(), key=lambda v: (v.ref, v.year, v.month))), tuple(restated)


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
