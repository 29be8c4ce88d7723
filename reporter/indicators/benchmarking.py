"""Benchmarking: where our value stands among peers, from published peer data.

The core is pure: ``benchmark(our_value, peers, polarity)`` gives our rank, quartile
and the peers' median and quartile values. ``benchmark_file`` reads a peer table through
a mapping (``reporter.indicators.mapping``, read by ``observations.read_table``) and
benchmarks every indicator it covers.

Definitions (they decide which label a Board sees, so they are fixed here):

- Our figure is the row of our organisation as the settings name it in other people's
  tables (``organisation.known_in_tables_as``; a mapping's ``source.our_area`` overrides
  it, said in the run), or the one given (``--our-value``). Never a row picked otherwise.
- Peers are the other organisations with a numeric value; suppressed markers (``[X]``)
  and text are excluded and counted. We are never one of our own peers.
- Rank: 1 + the number of peers strictly better than us, "better" by polarity. Ties share
  the better rank (as the LGBF's ScotRank does), so a value equal to the 10th best
  ranks 10th or better. Rank runs 1..n+1 for n peers.
- Quartile from our place ``rank / (n + 1)`` in the group of peers and us:
  at most 25% -> Top 25%, at most 50% -> Above Average, at most 75% -> Below Average,
  else Bottom 25%. (For the LGBF this ``place`` is exactly its ScotPct.)
- Median, upper and lower quartile of the peers' values, by linear interpolation between
  ranks (Excel's QUARTILE.INC). The *upper quartile* is the good side's: the 75th
  percentile when higher is better, the 25th percentile when lower is better.
- The peers' period labels the quartile: a 2023/24 table used for a 2024/25 quarter gives
  a 2023/24 quartile (and a warning naming both periods).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field, replace
from pathlib import Path

from reporter.config.plan import QUARTILES, Plan
from reporter.findings import Finding, Severity
from reporter.indicators.mapping import Mapping, MappingError, Ours, normalise, ours, texts
from reporter.indicators.observations import Observation, read_table
from reporter.indicators.table_periods import Period, parse_period, quarter_period
from reporter.indicators.tables import csv_rows
from reporter.periods import Quarter


@dataclass(frozen=True)
class PeerValue:
    """A peer's value; None when suppressed or not a number (excluded, counted)."""

    org: str
    value: float | None


@dataclass(frozen=True)
class Benchmark:
    """Our place among the peers for one indicator (see the module notes)."""

    quartile: str  # one of plan.QUARTILES
    rank: int  # 1 = best; ties share the better rank
    n: int  # peers with a value; the group is n + 1 with us
    median: float
    upper_quartile: float  # the good side's quartile value
    lower_quartile: float
    our_value: float
    polarity: str  # "higher" or "lower" is better
    excluded: int = 0  # peers without a usable value

    @property
    def out_of(self) -> int:
        """The size of the group we are ranked in: the peers and us."""
        return self.n + 1

    @property
    def place(self) -> float:
        """Our rank as a share of the group (0.25 or less is the top quarter)."""
        return self.rank / self.out_of


def quartile_for(rank: int, out_of: int) -> str:
    """The quartile label of a rank in a group (1 = best)."""
    if not 1 <= rank <= out_of:
        raise ValueError(f"rank must be 1 to {out_of}, got {rank}")
    # Compare rank * 4 with the group size: exact, where place <= 0.25 may round.
    for number, label in enumerate(QUARTILES, start=1):
        if rank * 4 <= out_of * number:
            return label
    return QUARTILES[-1]  # pragma: no cover - rank <= out_of makes number 4 always match


def benchmark(our_value: float, peers: Iterable[PeerValue], polarity: str) -> Benchmark:
    """Rank ``our_value`` among the peers' values. Raises ValueError when no peer has a
    value, the polarity is not "higher" or "lower", or our value is not a finite number."""
    if polarity not in ("higher", "lower"):
        raise ValueError(f'polarity must be "higher" or "lower", got {polarity!r}')
    if not math.isfinite(our_value):
        raise ValueError(f"our value must be a number, got {our_value!r}")
    peers = list(peers)
    values = sorted(p.value for p in peers if p.value is not None and math.isfinite(p.value))
    if not values:
        raise ValueError("no peer has a value to compare with")
    higher = polarity == "higher"
    better = sum(1 for v in values if (v > our_value if higher else v < our_value))
    rank = better + 1
    if len(values) == 1:
        low = mid = high = values[0]
    else:
        low, mid, high = statistics.quantiles(values, n=4, method="inclusive")
    return Benchmark(
        quartile=quartile_for(rank, len(values) + 1), rank=rank, n=len(values), median=mid,
        upper_quartile=high if higher else low, lower_quartile=low if higher else high,
        our_value=our_value, polarity=polarity, excluded=len(peers) - len(values),
    )


@dataclass(frozen=True)
class IndicatorBenchmark:
    """A stored benchmark: which indicator, against which peers, when, and the result."""

    ref: str
    comparison: str  # "All England comparison", "All ALMO comparison", ...
    benchmark: Benchmark
    code: str = ""  # their code
    period: str = ""  # the peers' period, such as "Q2 2022/23"; "" when the file has none
    source: str = ""  # the peer file
    polarity_source: str = ""  # "mapping", "plan", "Ranking_Type Descending"
    our_figure: str = ""  # whose figure and where: "Trafford, cell G75", or "--our-value"

    def year_label(self, quarter: Quarter) -> str:
        """The financial year the quartile is for: the peers' period's, else (a file
        naming no period) the quarter's."""
        return peers_year(self.period, quarter)


def peers_year(period: str, quarter: Quarter) -> str:
    """The financial year label of a stored peers' period ("Q2 2022/23" -> "2022/23");
    the quarter's year when the peers' period is not known."""
    found = parse_period(period) if period else None
    return (found.financial_year if found else quarter.financial_year).label


@dataclass(frozen=True)
class BenchmarkRun:
    """The benchmarks of one peer file, and why some indicators could not be benchmarked."""

    file: str
    sheet: str
    comparison: str
    results: tuple[IndicatorBenchmark, ...]
    problems: tuple[Finding, ...] = ()
    ours: str = ""  # whose row was taken as ours, and why; "" when the file has no areas


@dataclass(frozen=True)
class _Options:
    comparison: str
    exclude: frozenset[str]
    min_peers: int
    polarity: dict[str, tuple[str, str]]  # code key -> (polarity, why)


@dataclass(frozen=True)
class Us:
    """Where our figures come from: ``values`` given by ref (``--our-value``), else the row
    of the first of ``names`` (the settings' ``organisation.known_in_tables_as``) the peer
    file holds."""

    names: tuple[str, ...] = ()
    values: MappingType[str, float] = field(default_factory=dict)


def benchmark_file(path: Path | str, mapping: Mapping, quarter: Quarter, us: Us = Us(),
                   plan_polarities: MappingType[str, str] | None = None,
                   period: str | None = None) -> BenchmarkRun:
    """Benchmark every indicator of the mapping that the peer file covers (the sheet the
    mapping names: ``mapping.for_sheet`` sets another).

    Our value is the one given in ``us``, else our row (see ``Us``); the mapping's
    ``source.our_area`` overrides our names for its file. The peers' period is ``period``
    when given, else the file's period for ``quarter``, else its latest period up to the
    quarter's end; one that is not the quarter's is a warning. Polarity comes from the
    mapping, else the indicator information file, else ``plan_polarities``.
    """
    path = Path(path)
    options = _options(mapping, path)
    table = read_table(path, mapping)
    wanted = _wanted_period(period, mapping.first_month)
    where = dict(file=table.file, sheet=table.sheet)
    problems: list[Finding] = list(table.unmatched + table.unparseable_periods)
    who = ours(mapping, us.names)
    has_areas = any(o.area for o in table.observations)
    area = who.in_table(o.area for o in table.observations) if has_areas else None
    by_period: dict[Period | None, list[str]] = {}  # the peers' period -> refs, for warnings
    results = []
    for spec in mapping.indicators:
        rows = [o for o in table.observations if o.ref == spec.ref and o.code == spec.code
                and normalise(o.area) not in options.exclude]
        chosen, note = _choose_period(rows, quarter, wanted)
        if note:
            problems.append(Finding(Severity.WARNING, "benchmark-period", f"{spec.ref}: {note}",
                                    "Pass --period with one of the file's periods.", **where))
            continue
        if any(o.period is not None for o in rows):
            rows = [o for o in rows if o.period == chosen]
        mine = [o for o in rows if area is not None and normalise(o.area) == normalise(area)]
        peers = [PeerValue(o.area, o.value) for o in rows if o not in mine]
        value, problem = _our_value(spec.ref, mine, us.values, who)
        polarity, why = _polarity(spec.ref, spec.polarity, mapping.code_key(spec.code), options,
                                  plan_polarities or {})
        counted = sum(1 for p in peers if p.value is not None)
        reason = _not_benchmarkable(spec.ref, problem, polarity, counted, options.min_peers)
        if reason is not None:
            problems.append(Finding(Severity.WARNING, "not-benchmarked", *reason, **where))
            continue
        assert value is not None and polarity is not None
        label = chosen.label if chosen else ""
        by_period.setdefault(chosen, []).append(spec.ref)
        figure = ("--our-value" if spec.ref in us.values
                  else f"{mine[-1].area}, cell {mine[-1].cell}" if mine[-1].area
                  else f"cell {mine[-1].cell}")
        results.append(IndicatorBenchmark(
            spec.ref, options.comparison, benchmark(value, peers, polarity), spec.code,
            label, table.file, why, figure))
    problems += _period_warnings(by_period, quarter, where)
    return BenchmarkRun(table.file, table.sheet, options.comparison, tuple(results),
                        tuple(problems), _whose(who, area) if has_areas else "")


def _whose(who: Ours, area: str | None) -> str:
    if area is None:
        return f"no row for {who.describe()}"
    return f"the row of {area!r}, from {who.source}"


def _period_warnings(by_period: MappingType[Period | None, list[str]], quarter: Quarter,
                     where: MappingType[str, str]) -> list[Finding]:
    """A warning for each peers' period that is not the quarter's (naming both), or not
    known at all (a file with no period column)."""
    found = []
    for period, refs in by_period.items():
        if period is not None and period.within(quarter):
            continue
        named = ", ".join(refs)
        if period is None:
            found.append(Finding(
                Severity.WARNING, "peer-period-unknown",
                f"the peer file names no period ({named}): its figures are taken as "
                f"{quarter.financial_year.label}'s, the year of {quarter.label}.",
                "Pass --period with the period the peers' figures are for (such as "
                "2023/24), or set source.period in the mapping.", **where))
        else:
            theirs, ours = period.label, quarter.label
            if period.kind != "month" and period.first_month != quarter.first_month:
                # another calendar (a national April year, a July organisation): the same
                # label can name other months, so the months are named too
                theirs += f" ({period.span_label})"
                ours += f" ({quarter.span_label})"
            found.append(Finding(
                Severity.WARNING, "peer-period-mismatch",
                f"the peers' figures are for {theirs}, not {ours} ({named}); "
                f"their quartiles are labelled {period.financial_year.label}.",
                "Use the peers' file for the quarter's period if there is one; else nothing "
                "to do: the report shows the quartile under the peers' year.", **where))
    return found


def _not_benchmarkable(ref: str, problem: str, polarity: str | None, counted: int,
                       min_peers: int) -> tuple[str, str] | None:
    """(message, fix) when an indicator cannot be benchmarked, else None."""
    if problem:
        return problem, (f'Pass --our-value "{ref}=VALUE", or add the name the file gives us '
                         "to organisation.known_in_tables_as in the settings.")
    if polarity == "none":
        return (f"{ref}: a data-only indicator (polarity none in the plan register): a rank "
                "among peers would say better or worse; not benchmarked.",
                "Nothing to do, unless the indicator has a direction: then set its polarity "
                "in the register.")
    if polarity is None:
        return (f"{ref}: no polarity known (not in the mapping, the indicator information or "
                "the plan register); not benchmarked.",
                'Add polarity = "higher" or "lower" to its line in the mapping\'s [indicators].')
    if counted < min_peers:
        return (f"{ref}: only {counted} peer value(s), fewer than {min_peers}; not benchmarked.",
                "Check the mapping's peers ([filters], benchmark.exclude_areas) and the period.")
    return None


def _wanted_period(text: str | None, first_month: int) -> Period | None:
    if not text:
        return None
    found = parse_period(text, first_month)
    if found is None:
        raise MappingError(f"--period {text!r} is not a period; write it like 2022/23-Q2, "
                           "April 2021 or 2010/11.")
    return found


def _choose_period(rows: Sequence[Observation], quarter: Quarter,
                   wanted: Period | None) -> tuple[Period | None, str]:
    """(the peers' period, "") or (None, why none fits)."""
    periods = {o.period for o in rows if o.period is not None}
    if not rows:
        return None, "the peer file has no values for it"
    if not periods:
        return wanted, ""  # a table with no period column: all rows count, for --period
    if wanted is not None:
        if wanted in periods:
            return wanted, ""
        return None, (f"the peer file has no values for {wanted.label}; it has "
                      f"{_span(periods)}")
    exact = quarter_period(quarter)
    if exact in periods:
        return exact, ""
    end = quarter.months[-1]
    earlier = [p for p in periods if p.stored_month <= end]
    if not earlier:
        return None, f"the peer file starts after {quarter.label}; it has {_span(periods)}"
    return max(earlier, key=lambda p: p.stored_month), ""


def _span(periods: Iterable[Period]) -> str:
    ordered = sorted(periods, key=lambda p: p.stored_month)
    return ordered[0].label if len(ordered) == 1 else f"{ordered[0].label} to {ordered[-1].label}"


def _our_value(ref: str, mine: Sequence[Observation], given: MappingType[str, float],
               who: Ours) -> tuple[float | None, str]:
    if ref in given:
        return given[ref], ""
    if not mine:
        if who.names:
            return None, (f"{ref}: no figure of ours: no row for {who.describe()} and no "
                          "--our-value; not benchmarked.")
        return None, f"{ref}: our value is not known (no name of ours, no --our-value)."
    if mine[-1].value is None:
        return None, (f"{ref}: our own value in the file is {mine[-1].text or 'empty'!r} "
                      f"(cell {mine[-1].cell}); not benchmarked.")
    return mine[-1].value, ""


def _polarity(ref: str, from_mapping: str | None, code: str, options: _Options,
              plan: MappingType[str, str]) -> tuple[str | None, str]:
    if from_mapping:
        return from_mapping, "mapping"
    if code in options.polarity:
        return options.polarity[code]
    if ref in plan:
        return plan[ref], "plan register"
    return None, ""


def _options(mapping: Mapping, data_file: Path) -> _Options:
    """The mapping's [benchmark] keys (checked, defaults filled in, when it was loaded)."""
    raw = mapping.benchmark
    return _Options(
        comparison=raw["comparison"],
        exclude=frozenset(normalise(a) for a in texts(raw["exclude_areas"])),
        min_peers=raw["min_peers"],
        polarity=_polarity_file(mapping, data_file) if raw["polarity_file"] else {},
    )


def _polarity_file(mapping: Mapping, data_file: Path) -> dict[str, tuple[str, str]]:
    """Code key -> (polarity, why) from an indicator information file such as the LGBF's
    (its ``Ranking_Type``: Descending ranks the highest first, so higher is better)."""
    raw = mapping.benchmark
    name = Path(str(raw["polarity_file"]))
    candidates = [name] if name.is_absolute() else [data_file.parent / name,
                                                     mapping.path.parent / name]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise MappingError(f"benchmark.polarity_file {str(name)!r} not found beside "
                           f"{data_file.name} or the mapping; put it there or give its full path.")
    code_column, column = raw["polarity_code_column"], raw["polarity_column"]
    words = {normalise(w): "higher" for w in texts(raw["higher_is_better"])}
    words |= {normalise(w): "lower" for w in texts(raw["lower_is_better"])}
    grid = csv_rows(path)  # one reader of CSV files for every table we are given
    titles = [str(t) for t in grid[0]] if grid else []
    rows = [dict(zip(titles, [str(c) for c in row] + [""] * (len(titles) - len(row)),
                     strict=False)) for row in grid[1:]]
    if rows and (code_column not in rows[0] or column not in rows[0]):
        raise MappingError(f"{path.name} has no column {code_column!r} or {column!r}; its "
                           f"columns are {', '.join(list(rows[0])[:12])}.")
    found = {}
    for row in rows:
        polarity = words.get(normalise(row[column]))
        if polarity is not None:
            why = f"{column} {row[column].strip()}"
            found[mapping.code_key(row[code_column])] = (polarity, why)
    return found


def with_benchmark_quartiles(plan: Plan,
                             quartiles: MappingType[str, MappingType[str, str]]) -> Plan:
    """The plan with stored benchmark quartiles (ref -> year label -> quartile, as
    ``History.benchmark_quartiles`` gives) added to its indicators' quartiles, so the
    performance report and the clinic rule use them. A stored quartile replaces one typed
    into the register for the same year."""
    return replace(plan, indicators=tuple(
        replace(i, quartiles={**i.quartiles, **quartiles.get(i.ref, {})}) if i.ref in quartiles
        else i for i in plan.indicators))


def describe_run(run: BenchmarkRun, quarter: Quarter, plan_refs: Iterable[str] = ()) -> list[str]:
    """Lines for people: whose figure is ours, then one line per indicator (the peers'
    period, our value and where it came from, rank of the group, quartile with the peers'
    year, the peers' median and upper quartile), then the problems."""
    where = run.file + (f" (sheet '{run.sheet}')" if run.sheet else "")
    lines = [f"{run.comparison} for {quarter.label}, from {where}:"]
    if run.ours:
        lines.append(f"Our figure: {run.ours}.")
    lines += ["", f"  {'PI ref':<12} {'period':<11} {'our value':>10} {'rank':>11}  "
                  f"{'quartile':<24}{'median':>9} {'upper q.':>9}  polarity; our figure"]
    for r in run.results:
        b = r.benchmark
        quartile = f"{b.quartile} ({r.year_label(quarter)})"
        lines.append(f"  {r.ref:<12} {r.period or '-':<11} {b.our_value:>10.4g} "
                     f"{f'{b.rank} of {b.out_of}':>11}  {quartile:<24}{b.median:>9.4g} "
                     f"{b.upper_quartile:>9.4g}  {b.polarity} ({r.polarity_source})"
                     + (f", {b.excluded} peer(s) without a value" if b.excluded else "")
                     + f"; {r.our_figure}")
    if not run.results:
        lines.append("  none")
    known = set(plan_refs)
    missing = [r.ref for r in run.results if known and r.ref not in known]
    if missing:
        lines += ["", f"Not in the plan register (stored, but no report shows them): "
                      f"{', '.join(missing)}"]
    if run.problems:
        lines += ["", f"Problems ({len(run.problems)}):"] + [f"  {p}" for p in run.problems]
    return lines
