"""Benchmark: every chart of a 200-indicator organisation, serial and in parallel.

    python benchmarks/bench_charts.py [--indicators 200] [--months 24] [--workers N]
                                      [--no-words] [--no-spc] [--no-serial]

Makes synthetic indicators with 24 months of history each (two financial years, a
few gaps, a shift in every third), then renders every chart of them: one year chart
and one SPC chart per indicator, small multiples for each of six themes, the status
counts and the share improved. Prints wall-clock and CPU seconds (CPU is the fairer
figure on a shared machine; the load average is printed too), the CPU a chart of
each kind, serial, and the same run with ``render_charts`` in a pool of processes.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib  # noqa: E402

from reporter.config.plan import Indicator  # noqa: E402
from reporter.indicators.charts import ChartJob, render_chart, render_charts  # noqa: E402
from reporter.periods import FinancialYear  # noqa: E402
from reporter.processes import available_processors  # noqa: E402
from reporter.snapshot import IndicatorMonth  # noqa: E402
from reporter.status import Status  # noqa: E402

UNITS = ("%", "days", "number", "\u00a3", "score")


def synthetic(count: int, months: int, seed: int = 7):
    """(indicator, monthly series) pairs, months ending March 2010."""
    rng = random.Random(seed)
    start = FinancialYear(2010 - (months + 11) // 12)
    made = []
    for n in range(count):
        unit = UNITS[n % len(UNITS)]
        level = {"%": 90.0, "days": 25.0, "number": 1200.0, "\u00a3": 13.5, "score": 65.0}[unit]
        spread = level * 0.03
        polarity = "higher" if n % 2 else "lower"
        indicator = Indicator(
            ref=f"PI {n:03d}", description=f"Synthetic indicator number {n} measured monthly",
            unit=unit, polarity=polarity, directorate="Operations", theme=n % 6 + 1,
            targets={"2009/10": level * (1.01 if polarity == "higher" else 0.99)} if n % 7 else {},
        )
        series, year, month = [], start.start_year, 4
        for k in range(months):
            shift = spread * 1.5 if k > months * 0.6 and n % 3 == 0 else 0.0
            value = None if rng.random() < 0.04 else round(level + shift + rng.gauss(0, spread), 2)
            series.append(IndicatorMonth(indicator.ref, year, month, value))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        made.append((indicator, series))
    return made


def jobs_for(data, words: bool = True) -> list[ChartJob]:
    year = FinancialYear(2009)
    last = FinancialYear(2008)

    def in_year(series, fy):
        return [m for m in series if FinancialYear(m.year if m.month >= 4 else m.year - 1) == fy]

    jobs = []
    themes: dict[int, list] = {}
    for indicator, series in data:
        target = indicator.target_for(year)
        this_year, last_year = in_year(series, year), in_year(series, last)
        jobs.append(ChartJob.indicator(indicator, this_year, last_year, year, target))
        jobs.append(ChartJob.spc(indicator, series, target, words=words))
        themes.setdefault(indicator.theme, []).append((indicator, this_year, last_year, target))
    for theme, panels in sorted(themes.items()):
        jobs.append(ChartJob.small_multiples(f"Theme {theme}", panels, financial_year=year,
                                             file_name=f"theme_{theme}.png"))
    quarters = [f"Q{q} {y}" for y in ("2008/09", "2009/10") for q in range(1, 5)]
    counts = [(q, {Status.COMPLETE: 3 * i, Status.GREEN: 40 - 3 * i, Status.AMBER: 8,
                   Status.RED: 4}) for i, q in enumerate(quarters)]
    jobs.append(ChartJob.status_counts(counts))
    jobs.append(ChartJob.improvement_share([(q, 0.55 + 0.03 * i) for i, q in enumerate(quarters)]))
    return jobs


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def serial(jobs) -> tuple[float, float, int, dict[str, list[float]]]:
    """Wall seconds, CPU seconds, files and CPU seconds per job by kind, one at a time."""
    by_kind: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        began, cpu, files = time.perf_counter(), _cpu(), 0
        for job in jobs:
            before = time.process_time()
            files += len(render_chart(job, folder))
            by_kind.setdefault(job.kind, []).append(time.process_time() - before)
        return time.perf_counter() - began, _cpu() - cpu, files, by_kind


def parallel(jobs, workers: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and files, with render_charts and ``workers`` processes."""
    with tempfile.TemporaryDirectory() as folder:
        began, cpu = time.perf_counter(), _cpu()
        paths = render_charts(jobs, Path(folder), workers=workers)
        return time.perf_counter() - began, _cpu() - cpu, len(paths)


def line(label: str, seconds: float, cpu: float, files: int) -> str:
    return (f"{label:>24}: {seconds:6.2f} s wall, {cpu:6.2f} s CPU for {files} PNG files "
            f"({files / seconds:5.1f} charts/s, {1000 * cpu / files:4.0f} ms CPU a chart)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workers", type=int, default=available_processors())
    parser.add_argument("--no-words", action="store_true",
                        help="SPC charts without the reading sentence (the report prints it)")
    parser.add_argument("--no-spc", action="store_true", help="no SPC charts")
    parser.add_argument("--serial", action=argparse.BooleanOptionalAction, default=True,
                        help="also time a serial run, with CPU per chart kind")
    args = parser.parse_args()
    jobs = jobs_for(synthetic(args.indicators, args.months), words=not args.no_words)
    if args.no_spc:
        jobs = [job for job in jobs if job.kind != "spc"]
    print(f"{args.indicators} indicators x {args.months} months: {len(jobs)} chart jobs; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} processors, "
          f"matplotlib {matplotlib.__version__}")
    if args.serial:
        seconds, cpu, files, by_kind = serial(jobs)
        print(line("serial", seconds, cpu, files))
        for kind, times in by_kind.items():
            each = 1000 * sum(times) / len(times)
            print(f"{kind:>24}: {len(times):4d} jobs, {each:5.0f} ms CPU a job")
    print(line(f"parallel ({args.workers} processes)", *parallel(jobs, args.workers)))


if __name__ == "__main__":
    main()
