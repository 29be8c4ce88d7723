"""The organisation's commands: ``init`` (a new organisation's files), ``plan`` (check and
summarise the plan register) and ``timetable`` (the year's reporting timetable).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from reporter.cli import (
    EXIT_OK,
    EXIT_RETURN_ERRORS,
    EXIT_USAGE,
    load_settings_and_plan,
    output_folder,
)
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.files import display_path
from reporter.periods import Quarter


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new organisation's settings, blank register and Word templates."""
    from datetime import date

    from reporter.cells import month_number
    from reporter.config.starter import write_organisation
    from reporter.periods import FinancialYear

    first_month = month_number(args.year_starts)
    if first_month is None or first_month == 1:
        print(f"error: --year-starts: {args.year_starts!r} is not a month from February to "
              "December: give the month the financial year starts in, such as July",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        year = (FinancialYear.parse(args.year, first_month) if args.year
                else FinancialYear.containing(date.today(), first_month))
    except ValueError as exc:
        print(f"error: --year: {exc}", file=sys.stderr)
        return EXIT_USAGE
    folder: Path = args.folder
    for path in write_organisation(folder, args.organisation, year):
        print(f"Written: {display_path(path)}")
    settings = display_path(folder / "settings.toml")
    print(f"\n{args.organisation.strip()}'s plan register is for {year.label}. Next: fill in "
          "improvement_plan.xlsx (its Instructions sheet says how) and the TO FILL values of "
          f"settings.toml, then check them with `run-quarter --settings {settings} plan` "
          "(or `run-quarter plan` from inside the folder).")
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from reporter.config.starter import still_to_fill

    settings, plan = load_settings_and_plan(args)
    print(format_plan_summary(settings, plan, args.quarter))
    to_fill = still_to_fill(settings, plan)
    if to_fill:
        print(f"\nStill to fill ({len(to_fill)}):")
        print("\n".join(f"  - {line}" for line in to_fill))
    return EXIT_OK


def format_plan_summary(settings: Settings, plan: Plan, quarter: Quarter | None) -> str:
    """A plain-text summary of the plan: themes, outcomes, actions, indicators, key dates."""
    lines = [
        f"{settings.organisation.name}: {settings.organisation.plan_name}",
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
    by_quarter: Counter[Quarter] = Counter()
    undated = 0
    for action in plan.actions:
        due_date = action.governing_date.due
        if due_date is None:
            undated += 1
        else:
            by_quarter[settings.quarter_containing(due_date)] += 1
    for when in sorted(by_quarter):
        marker = "  <- this quarter" if when == quarter else ""
        lines.append(f"  {when.label:<12} {by_quarter[when]:>3}{marker}")
    if undated:
        lines.append(f"  {'no date':<12} {undated:>3}  (ongoing, recurring or to be confirmed)")

    kinds = Counter(f"{i.frequency}, {i.year_to_date}" + ("" if i.judged else ", data only")
                    for i in plan.indicators)
    if kinds:
        lines += ["", "Indicators by frequency and year-to-date rule:"]
        lines += [f"  {kind:<28} {count:>3}" for kind, count in sorted(kinds.items())]
    if plan.warnings:
        lines += ["", f"Warnings about the register ({len(plan.warnings)}):"]
        lines += [f"  - {warning}" for warning in plan.warnings]
    return "\n".join(lines)


def cmd_timetable(args: argparse.Namespace) -> int:
    from reporter.config.timetable import check_timetable, headings, timetable_rows
    from reporter.findings import Severity
    from reporter.periods import FinancialYear
    from reporter.xlsx import write_table

    settings, _ = load_settings_and_plan(args)
    try:
        year = FinancialYear.parse(args.year, settings.first_month)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    rows = timetable_rows(settings, year)
    findings = check_timetable(settings, year)
    out_dir = output_folder(args)
    stem = f"timetable_{year.label.replace('/', '-')}"
    titles = headings(settings)
    written = [write_table(f"Timetable {year.label.replace('/', '-')}", titles,
                           [r.cells() for r in rows], out_dir / f"{stem}.xlsx",
                           widths=(12, 24, *(18,) * (len(titles) - 2)))]
    try:
        from reporter.pack.timetable import write_timetable_docx
    except ImportError:  # the Word writer arrives with the documents stage
        pass
    else:
        written.append(write_timetable_docx(settings, year, rows, out_dir / f"{stem}.docx"))
    widths = [max(len(h), *(len(r.cells()[i]) for r in rows)) for i, h in enumerate(titles)]
    print("  ".join(h.ljust(w) for h, w in zip(titles, widths)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row.cells(), widths)))
    for finding in findings:
        print(finding)
    for path in written:
        print(f"Written: {display_path(path)}")
    return EXIT_RETURN_ERRORS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK
