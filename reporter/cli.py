"""The command line: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 the returns have errors (the report says which),
2 bad usage or unreadable configuration.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.cells import parse_number
from reporter.config.plan import Plan, load_plan
from reporter.config.settings import DEFAULT_SETTINGS, Settings, load_settings
from reporter.errors import ReporterError
from reporter.periods import Quarter

if TYPE_CHECKING:
    from reporter.analysis import StatusSummary
    from reporter.pipeline import RunOutcome, RunRequest
    from reporter.status import Status

EXIT_OK = 0
EXIT_RETURN_ERRORS = 1
EXIT_USAGE = 2

REPO_ROOT = Path(__file__).resolve().parent.parent


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run-quarter",
        description="Quarterly Improvement Plan reporting: returns in, Board pack out.",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=DEFAULT_SETTINGS,
        help="the settings file (default: input_templates/settings.toml)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo", help="the whole job on the bundled sample plan: three quarters of sample "
                     "returns, run in order, ending with a full pack in output/demo/")
    demo.add_argument("--out", type=Path, default=None, metavar="DIR",
                      help="where to write (default output/demo, or output/<name>-demo for "
                           "other settings)")
    demo.add_argument("--seed", type=int, default=2009, help="the sample returns' random seed")
    demo.add_argument("--pdf", action="store_true", help="also write PDFs (needs LibreOffice)")
    demo.add_argument("--quiet", action="store_true", help="no progress bar")
    demo.set_defaults(handler=cmd_demo)

    run = commands.add_parser(
        "run", help="the quarter's pack: read, validate, keep the history, chart, write")
    run.add_argument("quarter", type=_quarter, metavar="QUARTER",
                     help="the quarter, such as 2009/10-Q3")
    run.add_argument("--returns", type=Path, required=True, metavar="DIR",
                     help="the folder holding the directorates' return workbooks")
    run.add_argument("--out", type=Path, default=None, metavar="DIR",
                     help="where to write the pack (default output/<quarter>)")
    run.add_argument("--history", type=Path, default=None, metavar="FILE",
                     help="the history file (default: the settings' report.history)")
    run.add_argument("--final", action="store_true",
                     help="issue the final pack: refused while the returns have errors")
    run.add_argument("--force", action="store_true",
                     help="with --final, issue it despite errors (the pack says so); also "
                          "replaces a quarter already stored as final")
    run.add_argument("--pdf", action="store_true", help="also write PDFs (needs LibreOffice)")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(handler=cmd_run)

    timetable = commands.add_parser(
        "timetable", help="the year's reporting timetable as Word and Excel; checks its dates")
    timetable.add_argument("year", metavar="YEAR", help="the financial year, such as 2009/10")
    timetable.add_argument("--out", type=Path, default=None, metavar="DIR",
                           help="where to write (default output/)")
    timetable.set_defaults(handler=cmd_timetable)

    sample = commands.add_parser(
        "sample", help="a reproducible random sample of actions whose evidence is to be checked")
    sample.add_argument("quarter", type=_quarter, metavar="QUARTER")
    sample.add_argument("--n", type=int, default=5, help="how many actions (default 5)")
    sample.add_argument("--seed", type=int, required=True,
                        help="the random seed: the same seed gives the same sample")
    sample.add_argument("--history", type=Path, default=None, metavar="FILE",
                        help="the history file (default: the settings' report.history)")
    sample.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where to write evidence_sample.xlsx (default output/<quarter>)")
    sample.set_defaults(handler=cmd_sample)

    plan = commands.add_parser("plan", help="load and check the plan register, then summarise it")
    plan.add_argument("--quarter", type=_quarter, default=None,
                      help="mark the actions due by the end of this quarter")
    plan.set_defaults(handler=cmd_plan)

    templates = commands.add_parser(
        "templates", help="write one return workbook per directorate, ready to send")
    templates.add_argument("quarter", type=_quarter, metavar="QUARTER",
                           help="the quarter, such as 2009/10-Q3")
    templates.add_argument("--out", type=Path, default=None, metavar="DIR",
                           help="the folder to write to (default: input_templates/returns/"
                                "QUARTER/, such as input_templates/returns/2009-10-Q3/)")
    templates.add_argument("--history", type=Path, default=None, metavar="FILE",
                           help="the history file to take last quarter's positions from "
                                "(default: the settings' report.history)")
    templates.set_defaults(handler=cmd_templates)

    check = commands.add_parser(
        "check", help="read and validate the returns; exit 1 when they have errors")
    check.add_argument("quarter", type=_quarter, metavar="QUARTER",
                       help="the quarter, such as 2009/10-Q3")
    check.add_argument("--returns", type=Path, required=True, metavar="DIR",
                       help="the folder holding the directorates' return workbooks")
    check.add_argument("--out", type=Path, default=None, metavar="DIR",
                       help="where to write validation_report.xlsx "
                            "(default output/<quarter>, such as output/2009-10-Q3)")
    check.add_argument("--history", type=Path, default=None, metavar="FILE",
                       help="the history file (default: the settings' report.history)")
    check.set_defaults(handler=cmd_check)
    backfill = commands.add_parser(
        "import", help="load an earlier quarter into the history from a consolidated workbook "
                       "or a folder of filled returns (to start mid-plan)")
    backfill.add_argument("quarter", type=_quarter, metavar="QUARTER")
    backfill.add_argument("source", type=Path, metavar="FILE",
                          help="a consolidated.xlsx, or a folder of filled returns")
    backfill.add_argument("--history", type=Path, default=None, metavar="FILE",
                          help="the history file (default: the settings' report.history)")
    backfill.add_argument("--final", action="store_true", help="store the quarter as final")
    backfill.add_argument("--force", action="store_true",
                          help="replace the quarter even if it is stored as final")
    backfill.set_defaults(handler=cmd_import)
    _add_indicator_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; return its exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except ReporterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a path that cannot be written or read: the user's to fix
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "),
              file=sys.stderr)
        return EXIT_USAGE


def _load(args: argparse.Namespace) -> tuple[Settings, Plan]:
    settings = load_settings(args.settings)
    return settings, load_plan(settings.plan_register)


def cmd_plan(args: argparse.Namespace) -> int:
    settings, plan = _load(args)
    print(format_plan_summary(settings, plan, args.quarter))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Read and validate a quarter's returns, print the summary, write the report."""
    from reporter.findings import errors
    from reporter.returns.ingest import read_returns
    from reporter.returns.validate import validate_quarter
    from reporter.returns.validation_report import format_summary, write_validation_report

    settings, plan = _load(args)
    read = read_returns(args.returns, plan, settings, args.quarter)
    previous_snapshot = None  # last quarter's positions: carried forward, reopened actions
    history_path = _history_path(settings, args.history)
    if history_path.exists():
        from reporter.history.store import open_history

        with open_history(history_path) as history:
            previous_snapshot = history.previous_snapshot(args.quarter)
    snapshot = validate_quarter(plan, settings, args.quarter, read, previous_snapshot)
    out = args.out if args.out is not None else REPO_ROOT / "output" / args.quarter.folder
    report = write_validation_report(snapshot, out / "validation_report.xlsx")
    print(format_summary(snapshot))
    print(f"\nValidation report: {report}")
    return EXIT_RETURN_ERRORS if errors(snapshot.findings) else EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    from reporter.returns.templates import last_year_values, write_returns

    settings, plan = _load(args)
    quarter: Quarter = args.quarter
    out_dir = args.out or REPO_ROOT / "input_templates" / "returns" / quarter.folder
    previous, last_year = None, None
    history_path = _history_path(settings, args.history)
    if history_path.exists():  # last quarter's positions and last year's figures, when kept
        from reporter.history.store import open_history

        with open_history(history_path) as history:
            previous = history.previous_snapshot(quarter)
            last_year = last_year_values(history.indicator_series(), quarter)
    paths = write_returns(plan, settings, quarter, out_dir, previous, last_year)
    for path in paths:
        print(path)
    print(f"{len(paths)} return(s) for {quarter.label} written to {out_dir}"
          + ("" if previous else f" (no {quarter.previous().label} history: "
             "last quarter's columns left blank)"))
    return EXIT_OK


def format_plan_summary(settings: Settings, plan: Plan, quarter: Quarter | None) -> str:
    """A plain-text summary of the plan: themes, outcomes, actions, indicators, key dates."""
    lines = [
        f"{settings.organisation.name}: Improvement Plan",
        f"  {len(plan.themes)} themes, {len(plan.outcomes)} outcomes, "
        f"{len(plan.actions)} key actions, {len(plan.indicators)} indicators, "
        f"{len(plan.recommendations)} external recommendations",
        "",
        "Themes:",
    ]
    outcomes_per_theme = Counter(o.theme for o in plan.outcomes)
    actions_per_theme = Counter(plan.outcome(a.outcome).theme for a in plan.actions)
    for theme in plan.themes:
        lines.append(f"  {theme.number}. {theme.title} "
                     f"({outcomes_per_theme[theme.number]} outcomes, "
                     f"{actions_per_theme[theme.number]} actions)")

    lines += ["", "Actions and indicators by lead directorate:"]
    width = max((len(d.name) for d in plan.directorates), default=10)
    for directorate in plan.directorates:
        actions = plan.actions_of(directorate.name)
        due = ""
        if quarter is not None:
            n_due = sum(1 for a in actions
                        if (d := a.due_for(quarter.start)) is not None and d <= quarter.end)
            due = f", {n_due} due by the end of {quarter.label}"
        lines.append(f"  {directorate.name:<{width}}  {len(actions):>3} actions{due}, "
                     f"{len(plan.indicators_of(directorate.name)):>2} indicators "
                     f"({directorate.lead_director})")

    lines += ["", "Key dates by quarter:"]
    by_quarter: Counter[str] = Counter()
    undated = 0
    for action in plan.actions:
        due_date = action.governing_date.due
        if due_date is None:
            undated += 1
        else:
            by_quarter[Quarter.containing(due_date).code] += 1
    for code in sorted(by_quarter, key=lambda c: Quarter.parse(c)):
        marker = "  <- this quarter" if quarter is not None and code == quarter.code else ""
        lines.append(f"  {Quarter.parse(code).label:<12} {by_quarter[code]:>3}{marker}")
    if undated:
        lines.append(f"  {'no date':<12} {undated:>3}  (ongoing, recurring or to be confirmed)")
    return "\n".join(lines)


def _history_path(settings: Settings, given: Path | None = None) -> Path:
    """The history file: the option when given, else the setting (relative to the repository)."""
    return given if given is not None else REPO_ROOT / settings.history


class _Progress:
    """A progress bar over the run's steps on stderr, or nothing with --quiet."""

    def __init__(self, quiet: bool, total: int):
        from tqdm import tqdm

        self.bar = tqdm(total=total, disable=quiet or not sys.stderr.isatty(), file=sys.stderr,
                        leave=False,
                        bar_format="{desc:<36} {bar} {n_fmt}/{total_fmt} [{elapsed}]")

    def __call__(self, step: str) -> None:
        self.bar.set_description_str(step)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _run_one(plan: Plan, settings: Settings, request: RunRequest, history_path: Path,
             quiet: bool) -> RunOutcome:
    """Run a quarter with a progress bar and a log in the output folder."""
    import logging

    from reporter.history.store import open_history
    from reporter.pipeline import STEPS, run_quarter

    request.out_dir.mkdir(parents=True, exist_ok=True)
    # Appended, so a refused or failed run never wipes the log of the pack beside it.
    handler = logging.FileHandler(request.out_dir / "run.log", mode="a", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger = logging.getLogger("reporter")
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    progress = _Progress(quiet, len(STEPS))
    logger.info("run of %s: returns from %s", request.quarter.label, request.returns_dir)
    try:
        with open_history(history_path) as history:
            return run_quarter(plan, settings, history, request, progress)
    except Exception as exc:
        logger.error("run failed: %s", exc)
        raise
    finally:
        progress.close()
        logger.removeHandler(handler)
        handler.close()


def _counts_line(summary: StatusSummary) -> str:
    """``C 43 (12), G 15 (33), A 4 (10), R 0 (7)``."""
    from reporter.status import Status

    return ", ".join(f"{s.letter} {summary.bracket(s)}"
                     for s in (Status.COMPLETE, Status.GREEN, Status.AMBER, Status.RED))


def format_run_summary(outcome: RunOutcome, out_dir: Path) -> str:
    """The closing summary: counts with last quarter in brackets, findings, files written."""
    from reporter.findings import Severity
    from reporter.status import Status

    analysis = outcome.analysis
    quarter = analysis.snapshot.quarter
    summary = analysis.summary
    words = {Status.COMPLETE: "complete", Status.GREEN: "on track (green)",
             Status.AMBER: "some concern (amber)", Status.RED: "behind schedule (red)"}
    lines = [f"{quarter.label}: {summary.total} actions"
             + (f" (brackets: {quarter.previous().label})" if analysis.previous else "")]
    for status, word in words.items():
        lines.append(f"  {summary.bracket(status):>9}  {word}")
    if summary.current.get(None):
        lines.append(f"  {summary.bracket(None):>9}  not reported")
    lines.append(f"Indicators: {analysis.share.text}")
    if analysis.clinics:
        lines.append(f"Performance clinic candidates: {', '.join(c.ref for c in analysis.clinics)}")
    lines.append(f"Findings: {outcome.count(Severity.ERROR)} error(s), "
                 f"{outcome.count(Severity.WARNING)} warning(s), "
                 f"{outcome.count(Severity.INFO)} info: see validation_report.xlsx")
    lines += list(outcome.notes)
    lines.append(f"Written to {out_dir}:")
    charts = [p for p in outcome.written if p.parent.name == "charts"]
    lines += [f"  {path.relative_to(out_dir) if path.is_relative_to(out_dir) else path}"
              for path in outcome.written if path not in charts]
    if charts:
        lines.append(f"  charts/ ({len(charts)} charts)")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from reporter.findings import Severity
    from reporter.pipeline import FinalRefusedError, RunRequest

    settings, plan = _load(args)
    quarter: Quarter = args.quarter
    out_dir = args.out or REPO_ROOT / "output" / quarter.folder
    history_path = _history_path(settings, args.history)
    request = RunRequest(quarter, args.returns, out_dir, final=args.final, force=args.force,
                         pdf=args.pdf, chart_cache=history_path.parent / "chart-cache")
    try:
        outcome = _run_one(plan, settings, request, history_path, args.quiet)
    except FinalRefusedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"Run `check {quarter.code} --returns {args.returns}` to see the errors and write "
              "the validation report.", file=sys.stderr)
        return EXIT_RETURN_ERRORS
    print(format_run_summary(outcome, out_dir))
    return EXIT_RETURN_ERRORS if outcome.count(Severity.ERROR) else EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Three quarters of sample returns, run in order; the last quarter's pack in output/demo."""
    import shutil

    from reporter.demo import DemoQuarter, prepare_demo_history, script_for, simulate_quarter
    from reporter.pipeline import RunRequest

    settings, plan = _load(args)
    name = "demo" if args.settings == DEFAULT_SETTINGS else f"{args.settings.parent.name}-demo"
    root = args.out or REPO_ROOT / "output" / name
    script = script_for(args.settings)
    quarters = script.quarters
    for stale in ("returns", "quarters", "history.sqlite"):  # each demo starts afresh
        target = root / stale
        shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(
            missing_ok=True)
    history_path = root / "history.sqlite"
    prepare_demo_history(plan, history_path, next(iter(quarters)), args.seed)
    print(f"Demo: {settings.organisation.name}, {len(plan.actions)} actions, "
          f"{len(plan.indicators)} indicators; sample returns for "
          f"{', '.join(q.label for q in quarters)}")
    decided: dict[str, Status] = {}
    outcome = None
    for n, (quarter, mess) in enumerate(quarters.items()):
        returns = root / "returns" / quarter.folder
        _, chosen = simulate_quarter(plan, settings, DemoQuarter(
            quarter, returns, dict(decided), args.seed, mess, history_path), script)
        decided.update(chosen)
        last = n == len(quarters) - 1
        out_dir = root if last else root / "quarters" / quarter.folder
        request = RunRequest(quarter, returns, out_dir, pdf=args.pdf and last,
                             chart_cache=root / "chart-cache")
        outcome = _run_one(plan, settings, request, history_path, args.quiet)
        print(f"  {quarter.label}: {len(list(returns.glob('*.xlsx')))} returns read, "
              f"{_counts_line(outcome.analysis.summary)}")
    assert outcome is not None
    print()
    print(format_run_summary(outcome, root))
    documents = [p.name for p in outcome.written if p.suffix == ".docx"]
    print(f"\nThe Board pack is in {root}: open {', '.join(documents[:-1])} and "
          f"{documents[-1]}. The returns it read are in {root / 'returns'}.")
    return EXIT_OK


def cmd_timetable(args: argparse.Namespace) -> int:
    from reporter.config.timetable import HEADINGS, check_timetable, timetable_rows
    from reporter.findings import Severity
    from reporter.periods import FinancialYear
    from reporter.xlsx import write_table

    try:
        year = FinancialYear.parse(args.year)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    settings = load_settings(args.settings)
    rows = timetable_rows(settings, year)
    findings = check_timetable(settings, year)
    out_dir = args.out or REPO_ROOT / "output"
    stem = f"timetable_{year.label.replace('/', '-')}"
    written = [write_table(f"Timetable {year.label.replace('/', '-')}", HEADINGS,
                           [r.cells() for r in rows], out_dir / f"{stem}.xlsx",
                           widths=(12, 24, 18, 18, 18, 18, 18))]
    try:
        from reporter.pack.timetable import write_timetable_docx
    except ImportError:  # the Word writer arrives with the documents stage
        pass
    else:
        written.append(write_timetable_docx(settings, year, rows, findings,
                                            out_dir / f"{stem}.docx"))
    widths = [max(len(h), *(len(r.cells()[i]) for r in rows)) for i, h in enumerate(HEADINGS)]
    print("  ".join(h.ljust(w) for h, w in zip(HEADINGS, widths)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row.cells(), widths)))
    for finding in findings:
        print(finding)
    for path in written:
        print(f"Written: {path}")
    return EXIT_RETURN_ERRORS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from datetime import datetime

    from reporter.analysis import status_summary
    from reporter.history.backfill import snapshot_from_consolidated, snapshot_from_returns
    from reporter.history.store import open_history

    settings, plan = _load(args)
    quarter: Quarter = args.quarter
    source: Path = args.source
    if not source.exists():
        print(f"error: {source} does not exist", file=sys.stderr)
        return EXIT_USAGE
    with open_history(_history_path(settings, args.history)) as history:
        if source.is_dir():
            backfill = snapshot_from_returns(plan, settings, quarter, source,
                                             history.previous_snapshot(quarter))
        else:
            backfill = snapshot_from_consolidated(plan, settings, quarter, source)
        snapshot = replace(backfill.snapshot, created=datetime.now().replace(microsecond=0))
        history.save_snapshot(snapshot, final=args.final, force=args.force)
    print(f"{quarter.label} stored in the history from {backfill.source}: "
          f"{_counts_line(status_summary(snapshot))}")
    for finding in snapshot.findings:
        if finding.severity.value != "info":
            print(finding)
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    from reporter.history.store import open_history
    from reporter.pack.consolidated import SAMPLE_HEADINGS, sample_rows
    from reporter.sampling import evidence_sample
    from reporter.xlsx import write_table

    settings, plan = _load(args)
    quarter: Quarter = args.quarter
    history_path = _history_path(settings, args.history)
    if not history_path.exists():
        print(f"error: no history at {history_path}: run the quarter first "
              f"(run {quarter.code} --returns DIR)", file=sys.stderr)
        return EXIT_USAGE
    with open_history(history_path) as history:
        snapshot = history.load_snapshot(quarter)
    if snapshot is None:
        print(f"error: {quarter.label} has not been run yet: run it first "
              f"(run {quarter.code} --returns DIR)", file=sys.stderr)
        return EXIT_USAGE
    sample = evidence_sample(plan, snapshot, args.n, args.seed)
    out_dir = args.out or REPO_ROOT / "output" / quarter.folder
    path = write_table("Evidence sample", SAMPLE_HEADINGS, sample_rows(sample),
                       out_dir / "evidence_sample.xlsx", widths=(7, 18, 12, 40, 36, 36, 24))
    print(f"Evidence sample for {quarter.label} (seed {args.seed}): {len(sample)} action(s)")
    for item in sample:
        print(f"  {item.ref:<6} {item.status.value:<9} {item.directorate:<20} "
              f"{item.evidence or '(no evidence cited)'}")
    print(f"Written: {path}")
    return EXIT_OK


# --------------------------------------------------------------- indicator history and peers

def _add_indicator_commands(commands: argparse._SubParsersAction) -> None:
    """``import-indicators`` and ``benchmark``."""
    imp = commands.add_parser(
        "import-indicators",
        help="load past indicator values from your own tables (long, wide or monthly) "
             "into the history; problems are listed, nothing is guessed")
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE",
                     help="CSV or Excel files; several are read in order, newer last "
                          "(a figure a later file restates is reported and the newer kept)")
    imp.add_argument("--map", type=Path, default=None, metavar="MAPPING.toml",
                     help="the mapping (default: the one in input_templates/mappings/ whose "
                          "source.files matches the file name)")
    imp.add_argument("--sheet", default=None, metavar="S", help="the sheet to read")
    imp.add_argument("--period", default=None, metavar="P",
                     help="the period of a file without a period column, such as 2014/15-Q1")
    imp.add_argument("--dry-run", action="store_true",
                     help="show what would be imported; write nothing")
    imp.add_argument("--history", type=Path, default=None, metavar="FILE",
                     help="the history file (default: the settings' report.history)")
    imp.set_defaults(handler=cmd_import_indicators)

    bench = commands.add_parser(
        "benchmark", help="our quartile, rank and the peers' median and upper quartile for "
                          "each indicator a published peer file covers; stored for the quarter")
    bench.add_argument("peers", type=Path, metavar="PEERS_FILE", help="the peer data file")
    bench.add_argument("--indicator-map", type=Path, required=True, metavar="MAP",
                       help="the mapping: columns, our indicators, comparison and polarity")
    bench.add_argument("--quarter", type=_quarter, required=True, metavar="QUARTER",
                       help="the quarter to store the benchmarks for, such as 2024/25-Q4")
    bench.add_argument("--our-value", action="append", default=[], metavar="REF=VALUE",
                       help="our value of an indicator, when our row is not in the file "
                            "(repeat for several), such as \"TSM RP02 1=96.2\"")
    bench.add_argument("--period", default=None, metavar="P",
                       help="the peers' period (default: the quarter's, else the latest before)")
    bench.add_argument("--sheet", default=None, metavar="S", help="the sheet to read")
    bench.add_argument("--dry-run", action="store_true", help="show the results; store nothing")
    bench.add_argument("--history", type=Path, default=None, metavar="FILE",
                       help="the history file (default: the settings' report.history)")
    bench.set_defaults(handler=cmd_benchmark)


def cmd_import_indicators(args: argparse.Namespace) -> int:
    """Exit 0 when values were imported (problems are listed as warnings), 1 when none
    could be, 2 when the mapping or a file cannot be used."""
    from reporter.history.store import open_history
    from reporter.indicators.importing import (
        ImportedValue,
        describe_import,
        merge_imports,
        read_indicator_table,
    )
    from reporter.indicators.mapping import find_mapping, load_mapping

    settings = load_settings(args.settings)
    history_path = _history_path(settings, args.history)
    if args.map is not None:
        mapping = load_mapping(args.map)
    else:
        mapping = find_mapping(args.files[0], REPO_ROOT / "input_templates" / "mappings")
        print(f"Mapping: {mapping.path}")
    results = [read_indicator_table(f, mapping, args.sheet, args.period) for f in args.files]
    values, _ = merge_imports(results)
    stored: tuple[ImportedValue, ...] = ()
    if history_path.exists():
        with open_history(history_path) as history:
            stored = history.imported_values()
    _, restated = merge_imports(results, earlier=stored)  # within the files and the history
    print("\n".join(describe_import(results, values, restated)))
    if not values:
        print("\nNothing to import: see the problems above.")
        return EXIT_RETURN_ERRORS
    if args.dry_run:
        print(f"\nDry run: {len(values)} value(s) would be imported into {history_path}.")
        return EXIT_OK
    with open_history(history_path) as history:
        history.save_imported_values(values)
    print(f"\nImported {len(values)} value(s) into {history_path}.")
    return EXIT_OK


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Exit 0 when at least one indicator was benchmarked, 1 when none could be, 2 when the
    mapping, the file or an --our-value cannot be used."""
    from reporter.history.store import open_history
    from reporter.indicators.benchmarking import benchmark_file, describe_run
    from reporter.indicators.mapping import load_mapping

    ours: dict[str, float] = {}
    for text in args.our_value:
        ref, _, written = text.rpartition("=")
        number = parse_number(written)
        if number is None:
            ref = ""
        else:
            ours[ref.strip()] = number
        if not ref.strip():
            print(f"error: --our-value {text!r} must look like \"BV 66a=98.5\"", file=sys.stderr)
            return EXIT_USAGE
    settings, plan = _load(args)
    mapping = load_mapping(args.indicator_map)
    polarities = {i.ref: i.polarity for i in plan.indicators}
    run = benchmark_file(args.peers, mapping.for_sheet(args.sheet), args.quarter, ours,
                         polarities, args.period)
    print("\n".join(describe_run(run, args.quarter, polarities)))
    if not run.results:
        print("\nNothing benchmarked: see the problems above.")
        return EXIT_RETURN_ERRORS
    history_path = _history_path(settings, args.history)
    if args.dry_run:
        print(f"\nDry run: {len(run.results)} benchmark(s) not stored.")
        return EXIT_OK
    with open_history(history_path) as history:
        history.save_benchmarks(args.quarter, run.results)
    print(f"\nStored {len(run.results)} benchmark(s) for {args.quarter.label} "
          f"({run.comparison}) in {history_path}.")
    return EXIT_OK
