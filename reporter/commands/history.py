"""The history's commands: ``import`` (an earlier quarter, to start mid-plan) and
``sample`` (the evidence sample of a quarter already run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reporter.cli import (
    EXIT_OK,
    EXIT_RETURN_ERRORS,
    EXIT_USAGE,
    counts_line,
    history_file,
    load_settings_and_plan,
    output_folder,
)
from reporter.files import display_path
from reporter.periods import Quarter


def cmd_import(args: argparse.Namespace) -> int:
    """Store an earlier quarter, or refuse and store nothing (exit 1 for errors in what was
    read, 2 for the wrong file or a quarter already stored)."""
    from dataclasses import replace
    from datetime import datetime

    from reporter.analysis import status_summary
    from reporter.findings import Severity
    from reporter.history.backfill import (
        refusal,
        snapshot_from_consolidated,
        snapshot_from_returns,
    )
    from reporter.history.store import open_history

    settings, plan = load_settings_and_plan(args)
    quarter: Quarter = args.quarter
    source: Path = args.source
    if not source.exists():
        print(f"error: {display_path(source)} does not exist", file=sys.stderr)
        return EXIT_USAGE
    with open_history(history_file(settings, args.history), settings.status_scheme) as history:
        stored = next((s for s in history.stored_quarters() if s.quarter == quarter), None)
        if stored is not None and not args.replace:
            # An import is a start-up step: overwriting a quarter already run is a slip
            # until the officer says otherwise.
            print(f"error: {quarter.label} is already in the history (saved "
                  f"{stored.saved_at:%d/%m/%Y %H:%M}{', final' if stored.final else ''}): "
                  "nothing stored. Pass --replace to replace it"
                  + (" (and --force, as it is final)." if stored.final else "."),
                  file=sys.stderr)
            return EXIT_USAGE
        if source.is_dir():
            backfill = snapshot_from_returns(plan, settings, quarter, source,
                                             history.previous_snapshot(quarter))
        else:
            backfill = snapshot_from_consolidated(plan, settings, quarter, source)
        findings = [f for f in backfill.snapshot.findings if f.severity is not Severity.INFO]
        for finding in findings:
            print(finding)
        why = refusal(backfill, args.force)
        if why is not None:
            print(f"error: {quarter.label} from {backfill.source}: {why}", file=sys.stderr)
            return EXIT_RETURN_ERRORS
        snapshot = replace(backfill.snapshot, created=datetime.now().replace(microsecond=0))
        history.save_snapshot(snapshot, final=args.final, force=args.force)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    print(f"{quarter.label} stored in the history from {backfill.source}: "
          f"{counts_line(status_summary(snapshot, scheme=settings.status_scheme))}"
          + (f", with {errors} error(s) (--force)" if errors else ""))
    return EXIT_OK


def cmd_sample(args: argparse.Namespace) -> int:
    from reporter.history.store import open_history
    from reporter.pack.consolidated import SAMPLE_HEADINGS, sample_rows
    from reporter.sampling import evidence_sample
    from reporter.xlsx import write_table

    settings, plan = load_settings_and_plan(args)
    quarter: Quarter = args.quarter
    history_path = history_file(settings, args.history)
    if not history_path.exists():
        print(f"error: no history at {display_path(history_path)}: run the quarter first "
              f"(run {quarter.code} --returns DIR)", file=sys.stderr)
        return EXIT_USAGE
    with open_history(history_path, settings.status_scheme) as history:
        snapshot = history.load_snapshot(quarter)
    if snapshot is None:
        print(f"error: {quarter.label} has not been run yet: run it first "
              f"(run {quarter.code} --returns DIR)", file=sys.stderr)
        return EXIT_USAGE
    sample = evidence_sample(plan, snapshot, args.n, args.seed)
    out_dir = output_folder(args, quarter.folder)
    path = write_table("Evidence sample", SAMPLE_HEADINGS, sample_rows(sample),
                       out_dir / "evidence_sample.xlsx", widths=(7, 18, 12, 40, 36, 36, 24))
    print(f"Evidence sample for {quarter.label} (seed {args.seed}): {len(sample)} action(s)")
    for item in sample:
        print(f"  {item.ref:<6} {item.status.value:<9} {item.directorate:<20} "
              f"{item.evidence or '(no evidence cited)'}")
    print(f"Written: {display_path(path)}")
    return EXIT_OK
