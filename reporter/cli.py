"""The command line: parse arguments, call the library, print, set the exit code.

Exit codes: 0 success, 1 the returns have errors (the report says which),
2 bad usage or unreadable configuration.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, Sequence

from reporter.errors import ReporterError
from reporter.periods import Quarter
from reporter.plan import Plan, load_plan
from reporter.settings import DEFAULT_SETTINGS, Settings, load_settings

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
        "demo", help="run the whole job on the bundled sample plan and print what it holds"
    )
    demo.add_argument("--quarter", type=_quarter, default=Quarter(2009, 3),
                      help="the quarter to summarise key dates around (default 2009/10-Q3)")
    demo.set_defaults(handler=cmd_demo)

    plan = commands.add_parser("plan", help="load and check the plan register, then summarise it")
    plan.add_argument("--quarter", type=_quarter, default=None,
                      help="mark the actions due by the end of this quarter")
    plan.set_defaults(handler=cmd_plan)

    templates = commands.add_parser(
        "templates", help="write one return workbook per directorate, ready to send")
    templates.add_argument("quarter", type=_quarter, help="the quarter, such as 2009/10-Q3")
    templates.add_argument("--out", type=Path, default=None,
                           help="the folder to write to (default: input_templates/returns/"
                                "QUARTER/, such as input_templates/returns/2009-10-Q3/)")
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
    check.set_defaults(handler=cmd_check)
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


def _load(args: argparse.Namespace) -> tuple[Settings, Plan]:
    settings = load_settings(args.settings)
    return settings, load_plan(settings.plan_register)


def cmd_plan(args: argparse.Namespace) -> int:
    settings, plan = _load(args)
    print(format_plan_summary(settings, plan, args.quarter))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    settings, plan = _load(args)
    print(f"Sample plan: {settings.plan_register.relative_to(REPO_ROOT)}"
          if settings.plan_register.is_relative_to(REPO_ROOT) else
          f"Plan: {settings.plan_register}")
    print(format_plan_summary(settings, plan, args.quarter))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Read and validate a quarter's returns, print the summary, write the report."""
    from reporter.findings import errors
    from reporter.ingest import read_returns
    from reporter.validate import validate_quarter
    from reporter.validation_report import format_summary, write_validation_report

    settings, plan = _load(args)
    read = read_returns(args.returns, plan, settings, args.quarter)
    previous_snapshot = None  # last quarter's positions: carried forward, reopened actions
    history_path = REPO_ROOT / settings.history  # an absolute setting stays as it is
    if history_path.exists():
        from reporter.history import open_history

        with open_history(history_path) as history:
            previous_snapshot = history.previous_snapshot(args.quarter)
    snapshot = validate_quarter(plan, settings, args.quarter, read, previous_snapshot)
    out = args.out if args.out is not None else REPO_ROOT / "output" / args.quarter.folder
    report = write_validation_report(snapshot, out / "validation_report.xlsx")
    print(format_summary(snapshot))
    print(f"\nValidation report: {report}")
    return EXIT_RETURN_ERRORS if errors(snapshot.findings) else EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    from reporter.templates import last_year_values, write_returns

    settings, plan = _load(args)
    quarter: Quarter = args.quarter
    out_dir = args.out or REPO_ROOT / "input_templates" / "returns" / quarter.folder
    previous, last_year = None, None
    history_path = REPO_ROOT / settings.history  # an absolute setting stays as it is
    if history_path.exists():  # last quarter's positions and last year's figures, when kept
        from reporter.history import open_history

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
