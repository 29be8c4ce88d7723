"""Benchmark: a large organisation's quarter end to end, charts and Word pack included.

    python benchmarks/bench_large_org.py [--runs 3]

The organisation (the aim in the README: under 20 s on a 2-core machine): 20
directorates, each with 10 outcomes of 5 actions (1,000 actions) and 10 monthly
indicators (200), 24 months of indicator history (21 imported, as an organisation
starting mid-plan does, and the quarter's 3 from the returns), and 20 filled returns
for Q3 2009/10. The returns and the history are made once and cached in
/tmp/reporter-bench/large-org (not timed).

Each run is ``run_quarter`` in a fresh process, with a fresh copy of the history and
no chart cache. It prints the time of each step as the progress bar names them (the
charts are drawn by other processes from "drawing charts" on; waiting for them is part
of "writing the performance report"), the total, the CPU seconds of the main process and of
the chart-drawing processes (the fairer figures on a shared machine: on two idle cores
the run takes at least the larger of the main process' CPU and half of the two summed),
and the peak memory (maximum resident set) of the main process and of the largest
chart-drawing process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import StepTimes  # noqa: E402

from reporter.config.plan import Action, Directorate, Indicator, Outcome, Plan, Theme  # noqa: E402
from reporter.key_dates import parse_key_date  # noqa: E402
from reporter.periods import Quarter  # noqa: E402

QUARTER = Quarter(2009, 3)  # Oct to Dec 2009
HISTORY_FROM = Quarter(2007, 4)  # Jan 2008: 24 months to Dec 2009
DIRECTORATES, OUTCOMES, ACTIONS, INDICATORS = 20, 10, 5, 10  # each directorate's
FOLDER = Path("/tmp/reporter-bench/large-org")
UNITS = (("%", "higher", 88.0, 90.0), ("days", "lower", 11.0, 10.0),
         ("number", "higher", 1200.0, 1250.0), ("\u00a3", "lower", 13.5, 13.0),
         ("score", "higher", 65.0, 68.0))  # unit, polarity, 2008/09 outturn, 2009/10 target


def large_plan() -> Plan:
    """20 directorates of 50 actions and 10 indicators, over six themes."""
    rng = random.Random(20)
    themes = tuple(Theme(t, f"Theme {t}: a priority of the plan") for t in range(1, 7))
    directorates, outcomes, actions, indicators = [], [], [], []
    due = ("Sep 09", "Nov 09", "Dec 09", "Mar 10", "Jun 10", "Oct 10", "Mar 11")
    for d in range(1, DIRECTORATES + 1):
        name = f"Directorate {d:02d}"
        directorates.append(Directorate(name, f"Director {d}", "psi@example.org"))
        for o in range(OUTCOMES):
            ref = f"{o % 6 + 1}.{(d - 1) * OUTCOMES + o + 1}"
            outcomes.append(Outcome(ref, o % 6 + 1, f"Outcome {ref} of {name}"))
            for letter in "abcde"[:ACTIONS]:
                actions.append(Action(f"{ref}{letter}", ref, f"Action {ref}{letter}: improve "
                                      "the service as agreed with tenants",
                                      parse_key_date(rng.choice(due)), name,
                                      "Measured improvement reported to the Board"))
        for i in range(INDICATORS):
            unit, polarity, outturn, target = UNITS[i % len(UNITS)]
            indicators.append(Indicator(
                f"PI {d:02d}-{i + 1:02d}", f"Indicator {i + 1} of {name}, measured monthly",
                unit, polarity, name, theme=(d + i) % 6 + 1, benchmarked=True,
                targets={"2009/10": target}, outturns={"2008/09": outturn}))
    return Plan(themes, tuple(outcomes), tuple(directorates), tuple(actions), tuple(indicators))


def prepare() -> tuple[Path, Path]:
    """The 20 filled returns and the history of 21 earlier months, made once."""
    from reporter.config.settings import load_settings
    from reporter.demo import DemoMess, backfill_series, simulate_returns
    from reporter.history.store import open_history
    from reporter.indicators.importing import ImportedValue

    returns, history = FOLDER / "returns", FOLDER / "history.sqlite"
    if history.is_file() and len(list(returns.glob("*.xlsx"))) == DIRECTORATES:
        return returns, history
    shutil.rmtree(FOLDER, ignore_errors=True)
    started = time.perf_counter()
    plan = large_plan()
    # earlier months imported, as import-indicators would (the demo's made-up figures)
    history.parent.mkdir(parents=True)
    with open_history(history) as store:
        store.save_imported_values([
            ImportedValue(m.ref, m.year, m.month, f"{m.year}-{m.month:02d}", float(m.value),
                          source_row=0) for m in backfill_series(
                plan, HISTORY_FROM, QUARTER.previous(), seed=20) if m.value is not None],
            source="bench_large_org")
    simulate_returns(plan, load_settings(), QUARTER, returns, {}, seed=20,
                     mess=DemoMess(unknown_status=True, red_without_remedial=True),
                     history_path=history)
    print(f"  (prepared {DIRECTORATES} returns and the history in "
          f"{time.perf_counter() - started:.1f} s)", flush=True)
    return returns, history


def run_once(run: int) -> dict[str, float]:
    """One ``run`` of the quarter in this (fresh) process: each step's seconds, the total,
    and peak memory."""
    from reporter.config.settings import load_settings
    from reporter.history.store import open_history
    from reporter.pipeline import RunRequest, run_quarter

    began = time.perf_counter()
    plan, settings = large_plan(), load_settings()
    returns = FOLDER / "returns"
    history_path = FOLDER / f"run-{run}" / "history.sqlite"
    shutil.rmtree(history_path.parent, ignore_errors=True)
    history_path.parent.mkdir(parents=True)
    shutil.copyfile(FOLDER / "history.sqlite", history_path)
    timings: dict[str, float] = {"set up (plan, settings)": time.perf_counter() - began}
    progress = StepTimes()
    started = time.perf_counter()
    with open_history(history_path) as history:
        outcome = run_quarter(plan, settings, history,
                              RunRequest(QUARTER, returns, history_path.parent / "out"), progress)
    progress("")
    timings.update(progress.steps)
    timings["run end to end"] = time.perf_counter() - started
    timings["charts (PNG files)"] = sum(1 for p in outcome.written if p.suffix == ".png")
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    timings["CPU, main process"] = own.ru_utime + own.ru_stime
    timings["CPU, chart processes"] = children.ru_utime + children.ru_stime
    timings["peak MiB, main process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timings["peak MiB, largest child"] = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_once(args.child)))
        return
    print(f"{DIRECTORATES} returns, {DIRECTORATES * OUTCOMES * ACTIONS} actions, "
          f"{DIRECTORATES * INDICATORS} indicators, 24 months of history; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} processors", flush=True)
    prepare()
    totals = []
    for run in range(1, args.runs + 1):
        began = time.perf_counter()
        output = subprocess.run([sys.executable, __file__, "--child", str(run)],
                                capture_output=True, text=True, check=True).stdout
        wall = time.perf_counter() - began
        print(f"run {run}:")
        for label, value in json.loads(output.strip().splitlines()[-1]).items():
            unit = "MiB" if "MiB" in label else "" if "files" in label else "s"
            print(f"  {label:<36} {value:8.2f} {unit}")
        print(f"  {'whole process (Python start included)':<36} {wall:8.2f} s   (load average "
              f"{os.getloadavg()[0]:.2f})", flush=True)
        totals.append(wall)
    if len(totals) > 1:
        print(f"whole process over {len(totals)} runs: best {min(totals):.2f} s, "
              f"worst {max(totals):.2f} s")


if __name__ == "__main__":
    main()
