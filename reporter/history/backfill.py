"""Backfill: load an earlier quarter into the history, so an organisation can start
mid-plan.

From a folder of filled returns (read and validated as in a run), or from a
consolidated workbook this program wrote (``consolidated.xlsx``), or one laid out
the same way by hand: an Actions sheet with the titles Ref and Status reported (or
Status), and optionally Progress commentary, Remedial action, Revised date offered,
Evidence, Notable achievement and Carried forward.

Whatever the source, a quarter is refused rather than stored wrong: files made for another
quarter, or nothing of the plan read, raise BackfillError; errors in what was read are
named by ``refusal`` and stored only when the officer forces it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reporter.cells import cell_text, parse_number
from reporter.config.plan import Plan
from reporter.config.settings import Settings
from reporter.errors import ReporterError
from reporter.files import display_name, display_path
from reporter.findings import Finding, Severity
from reporter.periods import Quarter
from reporter.returns.identity import quarter_of
from reporter.returns.ingest import read_returns
from reporter.returns.validate import validate_quarter
from reporter.sheets import WorkbookError, open_workbook
from reporter.snapshot import ActionPosition, IndicatorMonth, IndicatorPosition, QuarterSnapshot

CONSOLIDATED_TITLES = {
    "ref": ("Ref",),
    "status": ("Status reported", "Status"),
    "commentary": ("Progress commentary",),
    "remedial": ("Remedial action",),
    "revised": ("Revised date offered", "Revised date"),
    "evidence": ("Evidence",),
    "notable": ("Notable achievement",),
    "carried": ("Carried forward",),
}


class BackfillError(ReporterError):
    """The file cannot be used to backfill a quarter."""


@dataclass(frozen=True)
class Backfill:
    snapshot: QuarterSnapshot
    source: str


def snapshot_from_returns(plan: Plan, settings: Settings, quarter: Quarter, folder: Path,
                          previous: QuarterSnapshot | None) -> Backfill:
    """The quarter as its filled returns give it (read and validated as in a run)."""
    read = read_returns(folder, plan, settings, quarter)
    snapshot = validate_quarter(plan, settings, quarter, read, previous)
    return Backfill(snapshot, f"{len(read.returns)} return(s) in {display_path(folder)}")


# Never stored, even when forced: the quarter would hold another quarter's figures, or
# nothing at all, and the next run would read it as every action "not reported".
UNUSABLE = frozenset({"wrong-quarter", "no-returns"})


def refusal(backfill: Backfill, force: bool) -> str | None:
    """Why the quarter must not be stored, or None when it may be."""
    quarter = backfill.snapshot.quarter
    errors = [f for f in backfill.snapshot.findings if f.severity is Severity.ERROR]
    other = sorted({f.file for f in errors if f.rule == "wrong-quarter"})
    if other:
        return (f"nothing stored: {', '.join(other)} {'is' if len(other) == 1 else 'are'} "
                f"for another quarter, not {quarter.label}. Import each quarter from its own "
                "returns: take the other quarter's files out of the folder.")
    if any(f.rule in UNUSABLE for f in errors):
        return f"nothing stored: no return for {quarter.label} could be used."
    if errors and not force:
        return (f"nothing stored: what was read has {len(errors)} error(s), listed above. "
                "Correct them and import again, or pass --force to store the quarter "
                "with them.")
    return None


def snapshot_from_consolidated(plan: Plan, settings: Settings, quarter: Quarter,
                               path: Path) -> Backfill:
    """The quarter as a consolidated workbook gives it; every action of the plan gets a
    position (None where the workbook has no row), and problems become findings."""
    name = display_name(path)  # in messages and the history: text every writer accepts
    try:
        with open_workbook(path, name) as workbook:
            if "Actions" not in workbook.sheet_names:
                raise BackfillError(f"{name} has no 'Actions' sheet: backfill takes the "
                                    "consolidated.xlsx of a run, or a folder of filled returns.")
            rows = list(workbook.rows("Actions"))
            indicator_rows = (list(workbook.rows("Indicators"))
                              if "Indicators" in workbook.sheet_names else [])
    except WorkbookError as exc:
        raise BackfillError(f"cannot read {name}: {exc.message} {exc.fix}") from None
    if not rows:
        raise BackfillError(f"the 'Actions' sheet of {name} is empty.")
    # The Indicators sheet's figure columns are titled by the months of its quarter.
    own = (quarter_of({}, tuple(cell_text(t) for t in indicator_rows[0]), quarter.first_month)
           if indicator_rows else None)
    if own is not None and own != quarter:
        raise BackfillError(f"{name} is the consolidated workbook of {own.label} (its "
                            f"Indicators sheet has the months of {own.label}), not of "
                            f"{quarter.label}: nothing stored. Import it as {own.code}, or "
                            f"give the consolidated.xlsx of {quarter.label}.")
    titles = [cell_text(t) for t in rows[0]]
    columns: dict[str, int] = {}
    for key, options in CONSOLIDATED_TITLES.items():
        found = next((titles.index(t) for t in options if t in titles), None)
        if found is not None:
            columns[key] = found
    if "ref" not in columns or "status" not in columns:
        raise BackfillError(f"the 'Actions' sheet of {name} needs the columns 'Ref' and "
                            "'Status reported' (or 'Status') in its first row.")
    findings: list[Finding] = []
    positions: dict[str, ActionPosition] = {}

    def text(row: list[object], key: str) -> str:
        index = columns.get(key)
        return cell_text(row[index] if index is not None and index < len(row) else None)

    for number, row in enumerate(rows[1:], start=2):
        ref = text(row, "ref").replace(" ", "")
        if not ref:
            continue
        action = plan.action(ref)
        if action is None:
            findings.append(Finding(Severity.WARNING, "unknown-ref",
                                    f"{ref} is not an action of the plan; the row was skipped.",
                                    "Check the ref against the plan register.", file=name,
                                    sheet="Actions", cell=f"A{number}"))
            continue
        word = re.sub(r"^[RAGC] (?=\w)", "", text(row, "status"))  # "R Red" -> "Red"
        status = settings.vocabulary.normalise(word)
        if word and status is None and word != "Not reported":
            findings.append(Finding(Severity.ERROR, "status-unknown",
                                    f"the status '{word}' of {ref} is not a status word.",
                                    "Use Red, Amber, Green or Complete.", file=name,
                                    sheet="Actions", directorate=action.directorate))
        positions[ref] = ActionPosition(
            ref=ref, directorate=action.directorate, status=status, returned_status=status,
            returned_status_text=word, commentary=text(row, "commentary"),
            remedial_action=text(row, "remedial"), revised_date=text(row, "revised"),
            evidence=text(row, "evidence"), notable=text(row, "notable").lower() in ("yes", "y"),
            carried_forward=text(row, "carried").lower() in ("yes", "y"), source_file=name)
    if not any(p.status is not None for p in positions.values()):
        # Stored, it would read next quarter as every action "not reported".
        raise BackfillError(f"{name} has no action of the plan with a status, so there is "
                            f"nothing to store for {quarter.label}. Check it is the "
                            "consolidated.xlsx of a run of this plan.")
    actions = tuple(positions.get(a.ref) or ActionPosition(a.ref, a.directorate, None)
                    for a in plan.actions)
    indicators = _indicators(plan, quarter, indicator_rows, name)
    snapshot = QuarterSnapshot(quarter=quarter, actions=actions, indicators=indicators,
                               findings=tuple(findings))
    return Backfill(snapshot, f"{len(positions)} action(s) from {name}")


def _indicators(plan: Plan, quarter: Quarter, rows: list[list[object]],
                file: str) -> tuple[IndicatorPosition, ...]:
    """Monthly figures from the Indicators sheet: 'PI ref' and one column per month."""
    if not rows:
        return ()
    titles = [cell_text(t) for t in rows[0]]
    if "PI ref" not in titles:
        return ()
    ref_column = titles.index("PI ref")
    month_columns = [(titles.index(label), ym) for label, ym in
                     zip(quarter.month_labels, quarter.months) if label in titles]
    result = []
    for row in rows[1:]:
        ref = cell_text(row[ref_column] if ref_column < len(row) else None)
        indicator = plan.indicator(ref)
        if indicator is None:
            continue
        months = tuple(IndicatorMonth(ref, year, month,
                                      parse_number(row[i]) if i < len(row) else None)
                       for i, (year, month) in month_columns)
        result.append(IndicatorPosition(ref, indicator.directorate, months, source_file=file))
    return tuple(result)
