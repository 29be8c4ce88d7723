"""Benchmark: N directorate returns (60 actions and 20 indicators each), each stage timed.

    python benchmarks/bench_pipeline.py              # N = 10, 100, 1000
    python benchmarks/bench_pipeline.py --n 10 100   # some of them

For each N the script builds a synthetic plan of N directorates, writes and fills
their returns once (cached in /tmp/reporter-bench/N, not timed as part of the run),
then runs each stage in a fresh process and prints its wall time and the process's
peak memory (max RSS), then the whole run (charts and Word pack included) step by
step. It also times pandas.read_excel(engine="openpyxl") reading the same files, the
baseline the reader is compared with.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reporter.config.plan import Action, Directorate, Indicator, Outcome, Plan, Theme  # noqa: E402
from reporter.key_dates import parse_key_date  # noqa: E402
from reporter.periods import Quarter  # noqa: E402

QUARTER = Quarter(2009, 3)
CACHE = Path("/tmp/reporter-bench")


class StepTimes:
    """A run's progress callback that keeps each step's time, as the progress bar shows
    the steps; call it with "" after the run to close the last one."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self._step, self._since = "", time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        if self._step:
            self.steps[f"  {self._step.lower()}"] = now - self._since
        self._step, self._since = step, now


def synthetic_plan(n: int) -> Plan:
    """N directorates, each with 10 outcomes of 6 actions and 20 indicators."""
    rng = random.Random(n)
    themes = tuple(Theme(t, f"Theme {t}") for t in range(1, 7))
    directorates, outcomes, actions, indicators = [], [], [], []
    months = ("Sep 09", "Nov 09", "Dec 09", "Mar 10", "Jun 10", "Oct 10", "Mar 11")
    for d in range(n):
        name = f"Directorate {d + 1:04d}"
        directorates.append(Directorate(name, f"Director {d + 1}", "psi@example.org"))
        for o in range(10):
            ref = f"{o % 6 + 1}.{d * 10 + o + 1}"
            outcomes.append(Outcome(ref, o % 6 + 1, f"Outcome {ref} of {name}"))
            for letter in "abcdef":
                actions.append(Action(f"{ref}{letter}", ref, f"Action {ref}{letter}: improve "
                                      "the service as agreed with tenants",
                                      parse_key_date(rng.choice(months)), name,
                                      "Measured improvement reported to the Board"))
        for i in range(20):
            percent = i % 2 == 0
            indicators.append(Indicator(
                f"PI {d + 1:04d}-{i + 1:02d}", f"Indicator {i + 1} of {name}",
                "%" if percent else "days", "higher" if percent else "lower", name,
                theme=i % 6 + 1, benchmarked=True,
                targets={"2009/10": 90.0 if percent else 10.0},
                outturns={"2008/09": 88.0 if percent else 11.0}))
    return Plan(themes, tuple(outcomes), tuple(directorates), tuple(actions),
                tuple(indicators))


def prepare(n: int) -> Path:
    """Write and fill N returns once; later runs reuse them."""
    from reporter.config.settings import load_settings
    from reporter.demo import DemoMess, DemoQuarter, simulate_quarter

    folder = CACHE / str(n) / "returns"
    if folder.is_dir() and len(list(folder.glob("*.xlsx"))) == n:
        return folder
    started = time.perf_counter()
    simulate_quarter(synthetic_plan(n), load_settings(), DemoQuarter(
        QUARTER, folder, seed=n, mess=DemoMess(unknown_status=True, red_without_remedial=True)))
    print(f"  (prepared {n} returns in {time.perf_counter() - started:.1f} s)", flush=True)
    return folder


def stage(n: int, name: str) -> dict[str, float]:
    """Run one stage in this process (called in a child process) and report time and memory."""
    from reporter.config.settings import load_settings

    settings = load_settings()
    plan = synthetic_plan(n)
    folder = CACHE / str(n) / "returns"
    timings: dict[str, float] = {}

    def timed(label: str, function):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = function()
        timings[label] = time.perf_counter() - started
        return result

    if name == "pandas":
        import pandas

        files = sorted(folder.glob("*.xlsx"))
        timed("pandas.read_excel (openpyxl)", lambda: [
            pandas.read_excel(f, sheet_name=["Actions", "KPIs"], header=4, engine="openpyxl")
            for f in files])
    elif name == "run":
        from reporter.history.store import open_history
        from reporter.pipeline import RunRequest, run_quarter

        history_path = CACHE / str(n) / "history.sqlite"
        history_path.unlink(missing_ok=True)
        progress = StepTimes()
        with open_history(history_path) as history:
            timed("run end to end", lambda: run_quarter(
                plan, settings, history, RunRequest(QUARTER, folder, CACHE / str(n) / "out"),
                progress))
        progress("")
        timings.update(progress.steps)
    else:
        from reporter.analysis import status_summary
        from reporter.history.store import open_history
        from reporter.indicators.results import indicator_results
        from reporter.pack.consolidated import write_consolidated
        from reporter.returns.ingest import read_returns
        from reporter.returns.validate import validate_quarter
        from reporter.returns.validation_report import write_validation_report

        read = timed("read returns", lambda: read_returns(folder, plan, settings, QUARTER))
        snapshot = timed("validate", lambda: validate_quarter(plan, settings, QUARTER, read))
        results = timed("analyse", lambda: (status_summary(snapshot),
                                            indicator_results(plan, snapshot, settings))[1])
        out = CACHE / str(n) / "stages"
        timed("validation report", lambda: write_validation_report(
            snapshot, out / "validation_report.xlsx"))
        timed("consolidated workbook", lambda: write_consolidated(
            plan, settings, snapshot, results, out / "consolidated.xlsx"))
        history_path = out / "history.sqlite"
        history_path.unlink(missing_ok=True)
        with open_history(history_path) as history:
            timed("history save", lambda: history.save_snapshot(replace(snapshot)))
    timings["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--run-up-to", type=int, default=1000, metavar="N",
                        help="time the whole run (charts and Word pack included) only up to "
                             "this N")
    parser.add_argument("--child", nargs=2, metavar=("N", "STAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(stage(int(args.child[0]), args.child[1])))
        return
    for n in args.n:
        print(f"N = {n} returns ({60 * n} actions, {20 * n} indicators)", flush=True)
        prepare(n)
        measured: dict[str, dict[str, float]] = {}
        for name in ("stages", "run", "pandas") if n <= args.run_up_to else ("stages", "pandas"):
            output = subprocess.run([sys.executable, __file__, "--child", str(n), name],
                                    capture_output=True, text=True, check=True).stdout
            measured[name] = json.loads(output.strip().splitlines()[-1])
            for label, value in measured[name].items():
                unit = "MiB" if label == "peak MiB" else "s"
                label = f"{name}: {label}" if label == "peak MiB" else label
                print(f"  {label:<32} {value:8.2f} {unit}", flush=True)
        print("  " + aim(measured["stages"], measured["pandas"]), flush=True)


def aim(stages: dict[str, float], pandas: dict[str, float]) -> str:
    """The national-collection aim in one line: read and checked at least 5 times faster
    than pandas merely reads the same files, in under 1 GiB."""
    ours = stages["read returns"] + stages["validate"]
    theirs = pandas["pandas.read_excel (openpyxl)"]
    return (f"read and checked: {ours:.1f} s; pandas: {theirs:.1f} s; "
            f"{theirs / ours:.1f} times faster (aim: 5); peak {stages['peak MiB']:.0f} MiB "
            "(aim: under 1,024)")


if __name__ == "__main__":
    main()
