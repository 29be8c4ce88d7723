"""The validation report: what is wrong with the returns, for the PSI officer and to send back.

``format_summary(snapshot)`` is the console text (counts by severity and
directorate, then each error on one line); ``write_validation_report(snapshot,
path)`` writes ``validation_report.xlsx``: a Summary sheet, an "All findings"
sheet with one filterable row per finding, and one sheet per directorate ready to
send back. Every text cell goes through ``safe_text.write_text_cell``: messages
quote what directorates typed, and that must never become a formula here.
"""

from __future__ import annotations

import re
from pathlib import Path

from reporter.files import atomic_path
from reporter.findings import Finding, Severity, sort_findings
from reporter.safe_text import write_text_cell
from reporter.snapshot import QuarterSnapshot

SUMMARY_SHEET = "Summary"
ALL_SHEET = "All findings"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Severity", 10), ("Directorate", 16), ("File", 28), ("Sheet", 16), ("Cell", 7),
    ("Rule", 22), ("Message", 62), ("Fix", 46),
)
LINE_HEIGHT = 15  # points per line of wrapped text (11 pt Calibri)
# Fill and word for each severity: the word is always there, colour only helps.
SEVERITY_FILLS: dict[Severity, str] = {
    Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7",
}
SEVERITY_WORDS: dict[Severity, str] = {
    Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info",
}
NO_DIRECTORATE = "(not placed)"  # files that could not be tied to a directorate


def directorates_of(snapshot: QuarterSnapshot) -> list[str]:
    """Directorates in plan order (as the actions list them), then any others with findings."""
    names: list[str] = []
    for name in [a.directorate for a in snapshot.actions] + [
            i.directorate for i in snapshot.indicators] + [f.directorate for f in snapshot.findings]:
        if name and name not in names:
            names.append(name)
    return names


def counts(snapshot: QuarterSnapshot) -> dict[str, dict[Severity, int]]:
    """Directorate -> severity -> number of findings ('' for files not placed)."""
    table: dict[str, dict[Severity, int]] = {
        name: {s: 0 for s in Severity} for name in directorates_of(snapshot)}
    for finding in snapshot.findings:
        table.setdefault(finding.directorate, {s: 0 for s in Severity})[finding.severity] += 1
    return table


# Findings about a whole file that could not be used as a return.
FILE_RULES = frozenset({"unreadable", "old-format", "not-a-workbook", "password-protected",
                        "corrupt", "too-large", "zip-bomb", "hostile-xml", "empty-workbook",
                        "not-a-return", "wrong-quarter"})
WARNINGS_SHOWN = 20  # on the console; the report has them all


def format_summary(snapshot: QuarterSnapshot) -> str:
    """Console text: totals, a table of counts by directorate, then every error on one line."""
    total = {s: sum(1 for f in snapshot.findings if f.severity is s) for s in Severity}
    used = [r for r in snapshot.returns if r.used]
    unreadable = {f.file for f in snapshot.findings if f.rule in FILE_RULES}
    lines = [
        f"{snapshot.quarter.label}: {len(used)} return(s) used"
        + (f", {len(unreadable)} file(s) could not be used" if unreadable else "") + "; "
        f"{_plural(total[Severity.ERROR], 'error')}, "
        f"{_plural(total[Severity.WARNING], 'warning')}, "
        f"{total[Severity.INFO]} info.",
        "",
    ]
    table = counts(snapshot)
    width = max([len("Directorate"), len(NO_DIRECTORATE), *(len(n) for n in table)])
    lines.append(f"  {'Directorate':<{width}}  Errors  Warnings  Info  Return")
    for name, by in table.items():
        files = ", ".join(r.file for r in used if r.directorate == name)
        if name in snapshot.missing_directorates:
            files = "none (last position carried forward)" if any(
                a.carried_forward for a in snapshot.actions if a.directorate == name) else "none"
        lines.append(f"  {name or NO_DIRECTORATE:<{width}}  {by[Severity.ERROR]:>6}  "
                     f"{by[Severity.WARNING]:>8}  {by[Severity.INFO]:>4}  {files}".rstrip())
    ordered = sort_findings(snapshot.findings)
    errors = [f for f in ordered if f.severity is Severity.ERROR]
    if errors:
        lines += ["", "Errors:"]
        lines += [_one_line(str(f)) for f in errors]
    warnings = [f for f in ordered if f.severity is Severity.WARNING]
    if warnings:
        lines += ["", "Warnings:"]
        lines += [_one_line(str(f)) for f in warnings[:WARNINGS_SHOWN]]
        if len(warnings) > WARNINGS_SHOWN:
            lines.append(f"... and {len(warnings) - WARNINGS_SHOWN} more warning(s) in "
                         "validation_report.xlsx")
    return "\n".join(lines)


def write_validation_report(snapshot: QuarterSnapshot, path: Path | str) -> Path:
    """Write validation_report.xlsx to ``path`` (through a temporary file); return the path."""
    from openpyxl import Workbook

    path = Path(path)
    workbook = Workbook()
    _summary(workbook.active, snapshot)
    findings = sort_findings(snapshot.findings)
    _findings_sheet(workbook.create_sheet(ALL_SHEET), findings, with_directorate=True,
                    title=f"All findings, {snapshot.quarter.label}")
    taken = {SUMMARY_SHEET.lower(), ALL_SHEET.lower()}
    for name in directorates_of(snapshot):
        sheet = workbook.create_sheet(_sheet_name(name, taken))
        own = [f for f in findings if f.directorate == name]
        _findings_sheet(sheet, own, with_directorate=False,
                        title=f"{name}: your return for {snapshot.quarter.label}")
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return path


def _summary(ws: object, snapshot: QuarterSnapshot) -> None:
    from openpyxl.styles import Font

    ws.title = SUMMARY_SHEET  # type: ignore[attr-defined]
    write_text_cell(ws.cell(row=1, column=1),  # type: ignore[attr-defined]
                    f"Validation of the returns for {snapshot.quarter.label}")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)  # type: ignore[attr-defined]
    headers = ("Directorate", "Errors", "Warnings", "Info", "Return used")
    for col, title in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=col)  # type: ignore[attr-defined]
        write_text_cell(cell, title)
        cell.font = Font(bold=True)
    row = 3
    used = [r for r in snapshot.returns if r.used]
    for name, by in counts(snapshot).items():
        row += 1
        write_text_cell(ws.cell(row=row, column=1), name or NO_DIRECTORATE)  # type: ignore
        for col, severity in enumerate(Severity, start=2):
            ws.cell(row=row, column=col, value=by[severity])  # type: ignore[attr-defined]
        files = ", ".join(r.file for r in used if r.directorate == name)
        if name in snapshot.missing_directorates:
            files = "No return: last position carried forward" if any(
                a.carried_forward for a in snapshot.actions if a.directorate == name) \
                else "No return"
        write_text_cell(ws.cell(row=row, column=5), files)  # type: ignore[attr-defined]
    row += 1
    write_text_cell(ws.cell(row=row, column=1), "Total")  # type: ignore[attr-defined]
    ws.cell(row=row, column=1).font = Font(bold=True)  # type: ignore[attr-defined]
    for col, severity in enumerate(Severity, start=2):
        ws.cell(row=row, column=col,  # type: ignore[attr-defined]
                value=sum(1 for f in snapshot.findings if f.severity is severity))
    for letter, width in zip("ABCDE", (28, 9, 10, 8, 48)):
        ws.column_dimensions[letter].width = width  # type: ignore[attr-defined]
    ws.freeze_panes = "A4"  # type: ignore[attr-defined]
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]


def _findings_sheet(ws: object, findings: list[Finding], with_directorate: bool,
                    title: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = [c for c in COLUMNS if with_directorate or c[0] != "Directorate"]
    write_text_cell(ws.cell(row=1, column=1), title)  # type: ignore[attr-defined]
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)  # type: ignore[attr-defined]
    if not findings:
        write_text_cell(ws.cell(row=2, column=1),  # type: ignore[attr-defined]
                        "No problems found: nothing to fix.")
    header = 3
    for col, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row=header, column=col)  # type: ignore[attr-defined]
        write_text_cell(cell, name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
        ws.column_dimensions[get_column_letter(col)].width = width  # type: ignore[attr-defined]
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, finding in enumerate(findings, start=header + 1):
        values = {
            "Severity": SEVERITY_WORDS[finding.severity], "Directorate": finding.directorate,
            "File": finding.file, "Sheet": finding.sheet, "Cell": finding.cell,
            "Rule": finding.rule, "Message": _sentence(finding.message), "Fix": finding.fix,
        }
        for col, (name, _) in enumerate(columns, start=1):
            cell = ws.cell(row=row, column=col)  # type: ignore[attr-defined]
            write_text_cell(cell, values[name])
            cell.alignment = wrap
        # Neither openpyxl nor a PDF export sizes rows to wrapped text: estimate the lines.
        lines = max(_lines(values[name], width) for name, width in columns)
        ws.row_dimensions[row].height = LINE_HEIGHT * lines  # type: ignore[attr-defined]
        severity = ws.cell(row=row, column=1)  # type: ignore[attr-defined]
        colour = SEVERITY_FILLS[finding.severity]
        severity.fill = PatternFill("solid", start_color=colour, end_color=colour)
        severity.font = Font(bold=True)
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{header}:{last}{header + max(len(findings), 1)}"  # type: ignore
    ws.freeze_panes = f"A{header + 1}"  # type: ignore[attr-defined]
    ws.print_title_rows = f"{header}:{header}"  # type: ignore[attr-defined]
    ws.page_setup.orientation = "landscape"  # type: ignore[attr-defined]
    ws.page_setup.fitToWidth = 1  # type: ignore[attr-defined]
    ws.page_setup.fitToHeight = 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]


def _sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (no []:*?/\\, at most 31 characters), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip(" '") or "Directorate"
    base = " ".join(base.split())[:31].rstrip(" '") or "Directorate"
    candidate, n = base, 2
    while candidate.lower() in taken or candidate.lower() == "history":
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)].rstrip(" '") + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _lines(text: str, width: float) -> int:
    """Lines a text wraps to in a column ``width`` characters wide (a generous estimate)."""
    usable = max(int(width * 1.1) - 2, 1)
    return sum(max(1, -(-len(part) // usable)) for part in str(text).split("\n"))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
