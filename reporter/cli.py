"""The command line: the parser, ``main``, the exit codes and the helpers the commands share
(loading the settings and the plan, the history file, the status counts line).

``main`` parses the arguments, calls the command's handler and prints errors as
``error: ...``; the handlers, grouped by what they do, are in ``reporter.commands``.

Exit codes: 0 success, 1 the returns have errors (the report says which),
2 bad usage or unreadable configuration.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.config.plan import Plan, load_plan
from reporter.config.settings import Settings, load_settings
from reporter.errors import ReporterError
from reporter.files import display_path
from reporter.periods import Quarter
from reporter.places import default_settings, workspace

if TYPE_CHECKING:
    from reporter.analysis import StatusSummary

EXIT_OK = 0
EXIT_RETURN_ERRORS = 1
EXIT_USAGE = 2


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    from reporter.commands import history, organisation, quarter

    parser = argparse.ArgumentParser(
        prog="run-quarter",
        description="Quarterly Improvement Plan reporting: returns in, Board pack out.",
    )
    parser.add_argument(
        "--settings",
        type=Path,
        default=default_settings(),
        help="the settings file (default: settings.toml in the current folder if there is "
             "one, else the bundled sample's)",
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
    demo.set_defaults(handler=quarter.cmd_demo)

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
    run.add_argument("--web", action="store_true",
                     help="also write the web edition, static pages for the website, in web/")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(handler=quarter.cmd_run)

    timetable = commands.add_parser(
        "timetable", help="the year's reporting timetable as Word and Excel; checks its dates")
    timetable.add_argument("year", metavar="YEAR", help="the financial year, such as 2009/10")
    timetable.add_argument("--out", type=Path, default=None, metavar="DIR",
                           help="where to write (default output/)")
    timetable.set_defaults(handler=organisation.cmd_timetable)

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
    sample.set_defaults(handler=history.cmd_sample)

    init = commands.add_parser(
        "init", help="start a new organisation: its settings, a blank plan register with "
                     "examples and the Word templates, in a new folder")
    init.add_argument("folder", type=Path, metavar="DIR",
                      help="the new organisation's folder (new or empty)")
    init.add_argument("--organisation", required=True, metavar="NAME",
                      help="the organisation's name, as report titles give it")
    init.add_argument("--year", default=None, metavar="YEAR",
                      help="the financial year of the register's target columns, such as "
                           "2025/26 (default: the current one)")
    init.add_argument("--year-starts", default="April", metavar="MONTH",
                      help="the month the financial year starts in, such as July "
                           "(default April); written as year_starts in the settings")
    init.set_defaults(handler=organisation.cmd_init)

    plan = commands.add_parser("plan", help="load and check the plan register, then summarise it")
    plan.add_argument("--quarter", type=_quarter, default=None,
                      help="mark the actions due by the end of this quarter")
    plan.set_defaults(handler=organisation.cmd_plan)

    templates = commands.add_parser(
        "templates", help="write one return workbook per directorate, ready to send")
    templates.add_argument("quarter", type=_quarter, metavar="QUARTER",
                           help="the quarter, such as 2009/10-Q3")
    templates.add_argument("--out", type=Path, default=None, metavar="DIR",
                           help="the folder to write to (default: returns/QUARTER/ beside "
                                "the settings; for the bundled sample input_templates/"
                                "returns/QUARTER/, such as input_templates/returns/2009-10-Q3/)")
    templates.add_argument("--history", type=Path, default=None, metavar="FILE",
                           help="the history file to take last quarter's positions from "
                                "(default: the settings' report.history)")
    templates.set_defaults(handler=quarter.cmd_templates)

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
    check.set_defaults(handler=quarter.cmd_check)
    backfill = commands.add_parser(
        "import", help="load an earlier quarter into the history from a consolidated workbook "
                       "or a folder of filled returns (to start mid-plan)")
    backfill.add_argument("quarter", type=_quarter, metavar="QUARTER")
    backfill.add_argument("source", type=Path, metavar="FILE",
                          help="a consolidated.xlsx, or a folder of filled returns")
    backfill.add_argument("--history", type=Path, default=None, metavar="FILE",
                          help="the history file (default: the settings' report.history)")
    backfill.add_argument("--final", action="store_true", help="store the quarter as final")
    backfill.add_argument("--replace", action="store_true",
                          help="replace the quarter if it is already in the history")
    backfill.add_argument("--force", action="store_true",
                          help="store the quarter despite errors in what was read; with "
                               "--replace, replace it even if it is stored as final")
    backfill.set_defaults(handler=history.cmd_import)
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
        where = display_path(Path(os.fsdecode(exc.filename))) if exc.filename else ""
        print(f"error: {exc.strerror or exc}: {where}".rstrip(": "),
              file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a fault of ours: one line saying what to report, no traceback
        if os.environ.get("REPORTER_TRACEBACK"):
            raise
        print(f"error: the reporter failed unexpectedly ({type(exc).__name__}: {exc}). "
              "Please report this with the command you ran; set REPORTER_TRACEBACK=1 to "
              "see where it failed.", file=sys.stderr)
        return EXIT_USAGE


def load_settings_and_plan(args: argparse.Namespace) -> tuple[Settings, Plan]:
    """The settings the arguments name (``--settings``) and the plan register they name.

    This is the one configuration check, and every command runs it: the settings (the
    timetable's order among them), the register (key dates included) and the documents
    the pack is written from. A problem anywhere is a ConfigurationError naming the file,
    the key or cell and the fix, so no command accepts what another refuses.
    """
    from reporter.pack import check_documents
    from reporter.pack.poster import check_poster_indicators

    settings = load_settings(args.settings)
    # The command line is read before the settings: its quarter takes their calendar here,
    # the one place every command passes.
    if isinstance(getattr(args, "quarter", None), Quarter):
        args.quarter = settings.quarter(args.quarter)
    plan = load_plan(settings.plan_register, settings.first_month)
    check_documents(settings.reference_docx, settings.covering_templates)
    check_poster_indicators(settings.poster_indicators, [i.ref for i in plan.indicators])
    return settings, plan


def history_file(settings: Settings, given: Path | None = None) -> Path:
    """The history file: the option when given, else the setting, relative to the
    organisation's folder (``reporter.places``)."""
    return given if given is not None else workspace(settings.path).root / settings.history


def output_folder(args: argparse.Namespace, *parts: str) -> Path:
    """``--out`` when given, else ``output/`` (and ``parts``) in the organisation's folder."""
    if args.out is not None:
        return Path(args.out)
    return workspace(args.settings).output.joinpath(*parts)


def counts_line(summary: StatusSummary) -> str:
    """``C 43 (12), G 15 (33), A 4 (10), R 0 (7)``."""
    return ", ".join(f"{s.letter} {summary.bracket(s)}" for s in summary.current
                     if s is not None)


# --------------------------------------------------------------- indicator history and peers

def _add_indicator_commands(commands: argparse._SubParsersAction) -> None:
    """``import-indicators`` and ``benchmark``."""
    from reporter.commands import indicators

    imp = commands.add_parser(
        "import-indicators",
        help="load past indicator values from your own tables (long, wide or monthly) "
             "into the history; problems are listed, nothing is guessed")
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE",
                     help="CSV or Excel files; several are read in order, newer last "
                          "(a figure a later file restates is reported and the newer kept)")
    imp.add_argument("--map", type=Path, default=None, metavar="MAPPING.toml",
                     help="the mapping (default: the bundled one, in input_templates/"
                          "mappings/, whose source.files matches the file name)")
    imp.add_argument("--sheet", default=None, metavar="S", help="the sheet to read")
    imp.add_argument("--period", default=None, metavar="P",
                     help="the period of a file without a period column, such as 2014/15-Q1")
    imp.add_argument("--dry-run", action="store_true",
                     help="show what would be imported; write nothing")
    imp.add_argument("--history", type=Path, default=None, metavar="FILE",
                     help="the history file (default: the settings' report.history)")
    imp.set_defaults(handler=indicators.cmd_import_indicators)

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
    bench.set_defaults(handler=indicators.cmd_benchmark)
