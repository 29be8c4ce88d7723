"""The quarter's commands: ``templates``, ``check``, ``run`` and ``demo``.

Each handler takes the parsed arguments and returns the exit code; the parser that
calls them is ``reporter.cli``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reporter.cli import (
    EXIT_OK,
    EXIT_RETURN_ERRORS,
    counts_line,
    history_file,
    load_settings_and_plan,
    output_folder,
)
from reporter.config.plan import Plan
from reporter.config.settings import DEFAULT_SETTINGS, Settings
from reporter.files import display_path
from reporter.periods import Quarter
from reporter.places import workspace

if TYPE_CHECKING:
    from reporter.pipeline import RunOutcome, RunRequest
    from reporter.status import Status


def cmd_check(args: argparse.Namespace) -> int:
    """Read and validate a quarter's returns, print the summary, write the report."""
    from reporter.findings import errors
    from reporter.returns.ingest import read_returns
    from reporter.returns.validate import validate_quarter
    from reporter.returns.validation_report import (
        SEND_BACK_FOLDER,
        format_summary,
        write_returns_back,
        write_validation_report,
    )

    settings, plan = load_settings_and_plan(args)
    read = read_returns(args.returns, plan, settings, args.quarter)
    previous_snapshot = None  # last quarter's positions: carried forward, reopened actions
    history_path = history_file(settings, args.history)
    if history_path.exists():
        from reporter.history.store import open_history

        with open_history(history_path, settings.status_scheme) as history:
            previous_snapshot = history.previous_snapshot(args.quarter)
    snapshot = validate_quarter(plan, settings, args.quarter, read, previous_snapshot)
    out = output_folder(args, args.quarter.folder)
    report = write_validation_report(snapshot, out / "validation_report.xlsx")
    back = write_returns_back(snapshot, settings, out / SEND_BACK_FOLDER)
    print(format_summary(snapshot))
    print(f"\nValidation report: {display_path(report)}")
    print(f"To send back, one per directorate: {len(back)} workbook(s) in "
          f"{display_path(out / SEND_BACK_FOLDER)}")
    return EXIT_RETURN_ERRORS if errors(snapshot.findings) else EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    from reporter.returns.templates import past_figures, write_returns

    settings, plan = load_settings_and_plan(args)
    quarter: Quarter = args.quarter
    out_dir = args.out or workspace(args.settings).returns / quarter.folder
    previous, figures = None, None
    history_path = history_file(settings, args.history)
    if history_path.exists():  # last quarter's positions and last year's figures, when kept
        from reporter.history.store import open_history

        with open_history(history_path, settings.status_scheme) as history:
            previous = history.previous_snapshot(quarter)
            figures = past_figures(history.indicator_series(), quarter)
    paths = write_returns(plan, settings, quarter, out_dir, previous, figures)
    for path in paths:
        print(display_path(path))
    print(f"{len(paths)} return(s) for {quarter.label} written to {display_path(out_dir)}"
          + ("" if previous else f" (no {quarter.previous().label} history: "
             "last quarter's columns left blank)"))
    return EXIT_OK


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
    from reporter.publishing import prepare

    with open_history(history_path, settings.status_scheme) as history:
        # The folder shows the pack the history records, before the log is opened in it.
        prepare(request.out_dir, history.pack_version(request.quarter))
        # Appended, so a refused or failed run never wipes the log of the pack beside it;
        # a published run carries the log into its new version.
        handler = logging.FileHandler(request.out_dir / "run.log", mode="a", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger = logging.getLogger("reporter")
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        progress = _Progress(quiet, len(STEPS))
        logger.info("run of %s: returns from %s", request.quarter.label, request.returns_dir)
        try:
            return run_quarter(plan, settings, history, request, progress)
        except Exception as exc:
            logger.error("run failed: %s", exc)
            raise
        finally:
            progress.close()
            logger.removeHandler(handler)
            handler.close()


def format_run_summary(outcome: RunOutcome, out_dir: Path) -> str:
    """The closing summary: counts with last quarter in brackets, findings, files written."""
    from reporter.findings import Severity
    from reporter.returns.validation_report import SEND_BACK_FOLDER
    from reporter.status import Meaning

    analysis = outcome.analysis
    quarter = analysis.snapshot.quarter
    summary = analysis.summary
    phrases = {Meaning.DONE: "complete", Meaning.ON_TRACK: "on track",
               Meaning.AT_RISK: "some concern", Meaning.OFF_TRACK: "behind schedule",
               Meaning.NOT_STARTED: "not started", Meaning.NOT_DUE: "not due",
               Meaning.CLOSED: "closed"}
    # "on track (green)": what the category means, and its own name where that differs
    words = {s: phrases[s.meaning] if s.label.lower() == phrases[s.meaning]
             else f"{phrases[s.meaning]} ({s.label.lower()})"
             for s in summary.current if s is not None}
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
    lines.append(f"Written to {display_path(out_dir)}:")
    charts = [p for p in outcome.written if p.parent.name == "charts"]
    back = [p for p in outcome.written if p.parent.name == SEND_BACK_FOLDER]
    web = [p for p in outcome.written if out_dir / "web" in p.parents]
    shown = [path.relative_to(out_dir) if path.is_relative_to(out_dir) else path
             for path in outcome.written
             if path not in charts and path not in back and path not in web]
    lines += [f"  {display_path(path)}" for path in shown]
    if charts:
        lines.append(f"  charts/ ({len(charts)} charts)")
    if back:
        lines.append(f"  {SEND_BACK_FOLDER}/ ({len(back)} workbooks to send back to "
                     "directorates)")
    if web:
        pages = sum(1 for p in web if p.suffix == ".html")
        lines.append(f"  web/ (the web edition: {pages} pages; open web/index.html)")
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from reporter.findings import Severity
    from reporter.pipeline import FinalRefusedError, RunRequest

    settings, plan = load_settings_and_plan(args)
    quarter: Quarter = args.quarter
    out_dir = output_folder(args, quarter.folder)
    history_path = history_file(settings, args.history)
    request = RunRequest(quarter, args.returns, out_dir, final=args.final, force=args.force,
                         pdf=args.pdf, web=args.web,
                         chart_cache=history_path.parent / "chart-cache")
    try:
        outcome = _run_one(plan, settings, request, history_path, args.quiet)
    except FinalRefusedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"Run `check {quarter.code} --returns {display_path(args.returns)}` to see the "
              "errors and write the validation report.", file=sys.stderr)
        return EXIT_RETURN_ERRORS
    print(format_run_summary(outcome, out_dir))
    errors = outcome.count(Severity.ERROR)
    print(closing_line(quarter, final=args.final, errors=errors))
    # A final pack is issued as asked, --force included; a draft with errors is not done.
    return EXIT_RETURN_ERRORS if errors and not args.final else EXIT_OK


def closing_line(quarter: Quarter, final: bool, errors: int) -> str:
    """The last line of a run: whether the pack is DRAFT or FINAL, and what errors it has."""
    if final and errors:
        return (f"FINAL pack for {quarter.label} issued with {errors} error(s) in the returns "
                "(--force): the pack says so.")
    if final:
        return f"FINAL pack for {quarter.label} issued."
    if errors:
        return (f"DRAFT pack for {quarter.label}: the returns have {errors} error(s) to fix "
                "(see validation_report.xlsx) before issuing it with --final.")
    return f"DRAFT pack for {quarter.label}: run again with --final to issue it."


def cmd_demo(args: argparse.Namespace) -> int:
    """Three quarters of sample returns, run in order; each quarter's pack in
    output/demo/<quarter>, the returns in output/demo/returns."""
    import shutil

    from reporter.demo import DemoQuarter, prepare_demo_history, script_for, simulate_quarter
    from reporter.pipeline import RunRequest
    from reporter.publishing import MANIFEST, versions_dir

    settings, plan = load_settings_and_plan(args)
    settings_path = args.settings.resolve()
    name = "demo" if settings_path == DEFAULT_SETTINGS else f"{settings_path.parent.name}-demo"
    root = output_folder(args, name)
    script = script_for(args.settings, settings.first_month)
    quarters = script.quarters
    # Each demo starts afresh: what an earlier demo wrote goes (the chart cache stays).
    # Earlier versions of the demo wrote the last pack into the folder itself and the others
    # into quarters/: the pack's own list names its files.
    manifest = root / MANIFEST
    earlier = manifest.read_text(encoding="utf-8").splitlines() if manifest.is_file() else []
    stale = ["returns", "quarters", "history.sqlite", "run.log", MANIFEST, *earlier,
             *(name for q in quarters for name in (q.folder, versions_dir(Path(q.folder)).name))]
    for target in (root / name for name in stale):
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
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
        out_dir = root / quarter.folder
        # every quarter's pack has its web edition, as a run with --web writes it
        request = RunRequest(quarter, returns, out_dir, pdf=args.pdf and last, web=True,
                             chart_cache=root / "chart-cache")
        outcome = _run_one(plan, settings, request, history_path, args.quiet)
        print(f"  {quarter.label}: {len(list(returns.glob('*.xlsx')))} returns read, "
              f"{counts_line(outcome.analysis.summary)}")
    assert outcome is not None
    print()
    print(format_run_summary(outcome, out_dir))
    documents = [p.name for p in outcome.written if p.suffix == ".docx"]
    print(f"\nThe Board pack is in {display_path(out_dir)}: open {', '.join(documents[:-1])} and "
          f"{documents[-1]}. The returns it read are in {display_path(root / 'returns')}.")
    return EXIT_OK
