"""Indicator history and peers' commands: ``import-indicators`` (past values from
your own tables) and ``benchmark`` (quartiles among a published peer file).
"""

from __future__ import annotations

import argparse
import sys

from reporter.cells import parse_number
from reporter.cli import (
    EXIT_OK,
    EXIT_RETURN_ERRORS,
    EXIT_USAGE,
    history_file,
    load_settings_and_plan,
)
from reporter.files import display_path
from reporter.places import MAPPINGS


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

    settings, _ = load_settings_and_plan(args)
    history_path = history_file(settings, args.history)
    if args.map is not None:
        mapping = load_mapping(args.map)
    else:
        mapping = find_mapping(args.files[0], MAPPINGS)
        print(f"Mapping: {display_path(mapping.path)}")
    names = settings.organisation.known_in_tables_as
    results = [read_indicator_table(f, mapping, args.sheet, args.period, names)
               for f in args.files]
    values, _ = merge_imports(results)
    stored: tuple[ImportedValue, ...] = ()
    if history_path.exists():
        with open_history(history_path, settings.status_scheme) as history:
            stored = history.imported_values()
    _, restated = merge_imports(results, earlier=stored)  # within the files and the history
    print("\n".join(describe_import(results, values, restated)))
    if not values:
        print("\nNothing to import: see the problems above.")
        return EXIT_RETURN_ERRORS
    if args.dry_run:
        print(f"\nDry run: {len(values)} value(s) would be imported into "
              f"{display_path(history_path)}.")
        return EXIT_OK
    with open_history(history_path, settings.status_scheme) as history:
        history.save_imported_values(values)
    print(f"\nImported {len(values)} value(s) into {display_path(history_path)}.")
    return EXIT_OK


def cmd_benchmark(args: argparse.Namespace) -> int:
    """Exit 0 when at least one indicator was benchmarked, 1 when none could be, 2 when the
    mapping, the file or an --our-value cannot be used."""
    from reporter.history.store import open_history
    from reporter.indicators.benchmarking import Us, benchmark_file, describe_run
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
    settings, plan = load_settings_and_plan(args)
    mapping = load_mapping(args.indicator_map)
    polarities = {i.ref: i.polarity for i in plan.indicators}
    us = Us(settings.organisation.known_in_tables_as, ours)
    run = benchmark_file(args.peers, mapping.for_sheet(args.sheet), args.quarter, us,
                         polarities, args.period)
    print("\n".join(describe_run(run, args.quarter, polarities)))
    if not run.results:
        print("\nNothing benchmarked: see the problems above.")
        return EXIT_RETURN_ERRORS
    history_path = history_file(settings, args.history)
    if args.dry_run:
        print(f"\nDry run: {len(run.results)} benchmark(s) not stored.")
        return EXIT_OK
    with open_history(history_path, settings.status_scheme) as history:
        history.save_benchmarks(args.quarter, run.results)
        comparisons = history.benchmark_comparisons()
    print(f"\nStored {len(run.results)} benchmark(s) for {args.quarter.label} "
          f"({run.comparison}) in {display_path(history_path)}.")
    unused = {c: n for c, n in comparisons.items() if c != settings.benchmark_comparison}
    if unused:
        print(f"\nThe reports use the settings' report.benchmark_comparison "
              f"{settings.benchmark_comparison!r}; no report shows these stored: "
              + "; ".join(f"{c!r} ({n} benchmark(s))" for c, n in unused.items())
              + ". Name the one the reports should use in the settings, or the mapping's "
                "benchmark.comparison.")
    return EXIT_OK
