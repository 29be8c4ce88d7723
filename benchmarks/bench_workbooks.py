"""Benchmark: the consolidated workbook and the validation report of a national collection.

    python benchmarks/bench_workbooks.py              # N = 1000 returns
    python benchmarks/bench_workbooks.py --n 10 100   # other sizes

The aim (issue #13): for 1,000 returns of 60 actions and 20 indicators (60,000 action
rows, 20,000 indicator rows) both workbooks are written in under 60 s together, with a
peak memory under 1 GiB. The records are built in memory (no returns are read), so the
figures are the writing alone. Each N runs in a fresh process, which prints the wall time
of each workbook, the CPU time it took (user and system: the fairer figure when other
work shares the machine) and the process's peak memory (max RSS, which includes building
the records).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import QUARTER, synthetic_plan  # noqa: E402

from reporter.config.plan import Plan  # noqa: E402
from reporter.findings import Finding, Severity  # noqa: E402
from reporter.snapshot import (  # noqa: E402
    ActionPosition,
    IndicatorMonth,
    IndicatorPosition,
    QuarterSnapshot,
    ReturnFile,
)
from reporter.status import Status  # noqa: E402

COMMENTARY = ("Work is under way with the partners; the first phase finished in October and "
              "the second is planned for the new year, subject to the budget being agreed.")


def synthetic_snapshot(plan: Plan, seed: int) -> QuarterSnapshot:
    """Every action and indicator returned, with commentary, and three findings a return."""
    rng = random.Random(seed)
    statuses = (Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE, None)
    actions = []
    for action in plan.actions:
        status = rng.choice(statuses)
        file = f"2009-10-Q3_{action.directorate.replace(' ', '_')}.xlsx"
        actions.append(ActionPosition(
            action.ref, action.directorate, status, returned_status=status,
            returned_status_text=status.value if status else "On hold",
            commentary=COMMENTARY, remedial_action="Extra staff from January." if
            status is Status.RED else "", revised_date="31/03/2010" if status is Status.RED
            else "", evidence="Board minutes, 12 November" if status is Status.COMPLETE else "",
            notable=rng.random() < 0.05, source_file=file))
    indicators = []
    for indicator in plan.indicators:
        months = tuple(IndicatorMonth(indicator.ref, year, month, round(rng.uniform(5, 99), 1))
                       for year, month in QUARTER.months)
        indicators.append(IndicatorPosition(indicator.ref, indicator.directorate, months,
                                            comment="Seasonal dip, as last year."))
    findings = []
    for directorate in plan.directorates:
        file = f"2009-10-Q3_{directorate.name.replace(' ', '_')}.xlsx"
        findings += [
            Finding(Severity.ERROR, "status-unknown", "the status 'On hold' is not a status "
                    "word.", "Choose Red, Amber, Green or Complete.", directorate.name, file,
                    "Actions", "I9"),
            Finding(Severity.WARNING, "key-date-passed", "the key date 30/09/2009 has passed: "
                    "it is reported as Red.", "Mark it Red.", directorate.name, file,
                    "Actions", "I12"),
            Finding(Severity.WARNING, "red-without-remedial", "a Red action has no remedial "
                    "action.", "Say what is being done about it.", directorate.name, file,
                    "Actions", "K14"),
        ]
    returns = tuple(ReturnFile(f"2009-10-Q3_{d.name.replace(' ', '_')}.xlsx", d.name, "0" * 64)
                    for d in plan.directorates)
    return QuarterSnapshot(QUARTER, tuple(actions), tuple(indicators),
                           findings=tuple(findings), returns=returns)


def measure(n: int) -> dict[str, float]:
    """Build the records, then write both workbooks (called in a child process)."""
    from reporter.config.settings import load_settings
    from reporter.indicators.results import indicator_results
    from reporter.pack.consolidated import write_consolidated
    from reporter.returns.validation_report import write_validation_report

    settings = load_settings()
    plan = synthetic_plan(n)
    snapshot = synthetic_snapshot(plan, seed=n)
    results = indicator_results(plan, snapshot, settings)
    timings: dict[str, float] = {}

    def timed(label: str, write: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        write()
        timings[f"{label} s"] = time.perf_counter() - wall
        timings[f"{label} CPU s"] = time.process_time() - cpu

    with tempfile.TemporaryDirectory(prefix="bench-workbooks-") as folder:
        timed("consolidated workbook", lambda: write_consolidated(
            plan, settings, snapshot, results, Path(folder, "consolidated.xlsx")))
        timed("validation report", lambda: write_validation_report(
            snapshot, Path(folder, "validation_report.xlsx")))
        timings["both s"] = timings["consolidated workbook s"] + timings["validation report s"]
        timings["both CPU s"] = (timings["consolidated workbook CPU s"]
                                 + timings["validation report CPU s"])
        timings["consolidated MiB on disk"] = (
            Path(folder, "consolidated.xlsx").stat().st_size / 2**20)
    timings["peak MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    for n in args.n:
        print(f"N = {n} returns ({60 * n} action rows, {20 * n} indicator rows)", flush=True)
        output = subprocess.run([sys.executable, __file__, "--child", str(n)],
                                capture_output=True, text=True, check=True).stdout
        for label, value in json.loads(output.strip().splitlines()[-1]).items():
            print(f"  {label:<28} {value:8.2f}", flush=True)


if __name__ == "__main__":
    main()
