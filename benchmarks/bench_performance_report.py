"""Benchmark: a 200-indicator organisation's performance report, charts included.

    python benchmarks/bench_performance_report.py [--indicators 200] [--months 24]
                                                   [--workers N] [--repeat 1]

Makes a synthetic plan of six themes and ``--indicators`` indicators, each with
``--months`` months of figures ending December 2009 (Q3 2009/10), analyses the
quarter, then times, as the pipeline runs them:

1. the charts: a year chart and (with 15+ months) an SPC chart for each indicator the
   Board sees in detail (``indicators.results.indicators_for_board``, as the pipeline chooses;
   ``--every`` for every indicator), each theme of them at a glance (small multiples)
   and the share-improved chart (``render_performance_charts``, in a pool of processes);
2. the Word report (``write_performance_report``);
3. the poster (``write_poster``: PNG and PDF).

Prints the wall and CPU seconds of each and the total. Wall time depends on what
else the machine is doing: the load average is printed with it.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reporter.config.plan import Directorate, Indicator, Plan, Theme  # noqa: E402
from reporter.config.settings import load_settings  # noqa: E402
from reporter.indicators.results import (  # noqa: E402
    clinic_candidates,
    improvement_share,
    indicator_results,
    indicators_for_board,
)
from reporter.pack import (  # noqa: E402
    ChartOptions,
    QuarterPerformance,
    render_performance_charts,
    write_performance_report,
)
from reporter.pack.poster import write_poster  # noqa: E402
from reporter.periods import Quarter  # noqa: E402
from reporter.processes import available_processors  # noqa: E402
from reporter.snapshot import IndicatorMonth, QuarterSnapshot  # noqa: E402

QUARTER = Quarter(2009, 3)
UNITS = ("%", "days", "number", "\u00a3", "score")
LEVELS = {"%": 90.0, "days": 25.0, "number": 1200.0, "\u00a3": 13.5, "score": 65.0}
QUARTILES = ("Top 25%", "Above Average", "Below Average", "Bottom 25%")


def synthetic(count: int, months: int, seed: int = 7) -> tuple[Plan, list[IndicatorMonth]]:
    """A plan of ``count`` indicators over six themes and their monthly figures,
    ``months`` of them ending with the quarter (some missing, some shifted)."""
    rng = random.Random(seed)
    themes = tuple(Theme(n, f"Synthetic theme number {n} of the plan") for n in range(1, 7))
    directorates = (Directorate("Operations", "Director of Operations"),
                    Directorate("Finance", "Director of Finance"))
    indicators, series = [], []
    end_year, end_month = QUARTER.end.year, QUARTER.end.month
    first = end_year * 12 + end_month - 1 - (months - 1)
    for n in range(count):
        unit = UNITS[n % len(UNITS)]
        level = LEVELS[unit]
        polarity = "higher" if n % 2 else "lower"
        sign = 1 if polarity == "higher" else -1
        indicator = Indicator(
            ref=f"PI {n:03d}", description=f"Synthetic indicator number {n} measured monthly",
            unit=unit, polarity=polarity, directorate=directorates[n % 2].name,
            theme=n % 6 + 1, benchmarked=True,
            targets={"2009/10": round(level * (1 + 0.01 * sign), 2)} if n % 7 else {},
            outturns={"2008/09": level},
            quartiles={"2007/08": QUARTILES[n % 4], "2008/09": QUARTILES[(n // 3) % 4]})
        indicators.append(indicator)
        spread = level * 0.03
        for k in range(months):
            year, month = divmod(first + k, 12)
            shift = spread * 1.5 if k > months * 0.6 and n % 3 == 0 else 0.0
            value = None if rng.random() < 0.04 else round(level + shift + rng.gauss(0, spread), 2)
            series.append(IndicatorMonth(indicator.ref, year, month + 1, value))
    plan = Plan(themes=themes, outcomes=(), directorates=directorates, actions=(),
                indicators=tuple(indicators))
    return plan, series


def cpu() -> float:
    """CPU seconds of this process and its finished children (the chart pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workers", type=int, default=None,
                        help="chart processes (default: the processors available)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--every", action="store_true",
                        help="chart every indicator in detail (before the Board's selection)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write into this folder and keep the files")
    args = parser.parse_args(argv)

    settings = load_settings()
    plan, series = synthetic(args.indicators, args.months)
    snapshot = QuarterSnapshot(QUARTER, ())
    results = indicator_results(plan, snapshot, settings, series)
    share = improvement_share(results, settings.improvement_target)
    clinics = clinic_candidates(plan, QUARTER, results, reasons=settings.clinic_reasons)
    points = [("Q1 2009/10", 0.55), ("Q2 2009/10", 0.6), (QUARTER.label, share.share)]
    workers = args.workers or available_processors()
    charted = None if args.every else indicators_for_board(results, clinics, settings.chart_limit)
    print(f"{args.indicators} indicators x {args.months} months, {workers} chart "
          f"process(es) on {os.cpu_count()} processors; load average "
          f"{os.getloadavg()[0]:.2f}")

    totals = []
    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="bench-perf-") as folder:
            out = args.keep or Path(folder)
            out.mkdir(parents=True, exist_ok=True)
            timings = []
            start_wall, start_cpu = time.perf_counter(), cpu()
            wall, used = start_wall, start_cpu
            drawn = render_performance_charts(results, series, out / "charts",
                                              ChartOptions(points, plan=plan, charted=charted), workers=workers)
            timings.append((f"charts ({len(drawn.paths)} PNG)", wall, used))
            wall, used = time.perf_counter(), cpu()
            report = write_performance_report(
                QuarterPerformance(plan, settings, QUARTER, results, share, clinics, series,
                                   points, charted), out / "performance_report.docx", drawn)
            timings.append(("Word report", wall, used))
            wall, used = time.perf_counter(), cpu()
            write_poster(settings.organisation.name, QUARTER, results, share, out)
            timings.append(("poster (PNG + PDF)", wall, used))
            end_wall, end_cpu = time.perf_counter(), cpu()
            marks = [(w, c) for _, w, c in timings[1:]] + [(end_wall, end_cpu)]
            print(f"run {run}:")
            for (name, w0, c0), (w1, c1) in zip(timings, marks):
                print(f"  {name:<22} {w1 - w0:6.2f} s wall  {c1 - c0:6.2f} s CPU")
            total = end_wall - start_wall
            totals.append(total)
            print(f"  {'total':<22} {total:6.2f} s wall  {end_cpu - start_cpu:6.2f} s CPU"
                  f"   (report {report.stat().st_size / 1e6:.1f} MB)")
    if args.repeat > 1:
        print(f"best of {args.repeat}: {min(totals):.2f} s")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
