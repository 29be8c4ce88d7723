"""The validation report: what is wrong with the returns, for the PSI officer and to send back.

``format_summary(snapshot)`` is the console text (counts by severity and
directorate, then each error on one line); ``write_validation_report(snapshot,
path)`` writes ``validation_report.xlsx``, the officer's: a Summary sheet, an "All
findings" sheet with one filterable row per finding, and one sheet per directorate
(with the officer's fixes, such as "Ask Finance for its return"). It is written with
``reporter.xlsx``, every text cell through ``Book.text``: messages quote what
directorates typed, and that must never become a formula or markup.

``write_returns_back(snapshot, settings, folder)`` writes, beside it, one small workbook
per directorate (``validation/<Directorate>.xlsx``) to send as it is: only that
directorate's findings, in words addressed to it, with the date corrected returns are
due and whom to ask. A directorate with nothing to fix gets a short "nothing to fix"
note, so every directorate hears back and no earlier list is left to be sent by mistake.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from reporter.config.settings import Settings
from reporter.config.timetable import resubmission_due
from reporter.findings import Finding, Severity, sort_findings
from reporter.returns.templates import file_stem
from reporter.snapshot import QuarterSnapshot
from reporter.words import day_with_weekday, plural
from reporter.xlsx import LINE_HEIGHT, Book, open_workbook, set_widths, table_page

SUMMARY_SHEET = "Summary"
ALL_SHEET = "All findings"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("Severity", 10), ("Directorate", 16), ("File", 28), ("Sheet", 16), ("Cell", 7),
    ("Rule", 22), ("Message", 62), ("Fix", 46),
)
# Fill and word for each severity: the word is always there, colour only helps.
SEVERITY_FILLS: dict[Severity, str] = {
    Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7",
}
SEVERITY_WORDS: dict[Severity, str] = {
    Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info",
}
NO_DIRECTORATE = "(not placed)"  # files that could not be tied to a directorate
HEADER_FILL = "1F4E78"


def directorates_of(snapshot: QuarterSnapshot) -> list[str]:
    """Directorates in plan order (as the actions list them), then any others with findings."""
    names: dict[str, None] = {}  # an ordered set: a list's `in` made this quadratic
    for group in (snapshot.actions, snapshot.indicators, snapshot.findings):
        for item in group:
            if item.directorate:
                names[item.directorate] = None
    return list(names)


def _files_used(snapshot: QuarterSnapshot) -> dict[str, str]:
    """Directorate -> the returns used for it, comma-separated."""
    files: dict[str, list[str]] = {}
    for r in snapshot.returns:
        if r.used:
            files.setdefault(r.directorate, []).append(r.file)
    return {name: ", ".join(names) for name, names in files.items()}


def _carried_forward(snapshot: QuarterSnapshot) -> set[str]:
    """Directorates with a position carried forward from the last quarter."""
    return {a.directorate for a in snapshot.actions if a.carried_forward}


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
    used_files, carried, missing = (_files_used(snapshot), _carried_forward(snapshot),
                                    set(snapshot.missing_directorates))
    for name, by in table.items():
        files = used_files.get(name, "")
        if name in missing:
            files = "none (last position carried forward)" if name in carried else "none"
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
    findings = sort_findings(snapshot.findings)
    own: dict[str, list[Finding]] = {}
    for finding in findings:
        own.setdefault(finding.directorate, []).append(finding)
    # Not constant_memory: that mode keeps a scratch file open per sheet, and there is a
    # sheet per directorate.
    with open_workbook(path) as book:
        _summary(book, snapshot)
        _findings_sheet(book, book.add_sheet(ALL_SHEET), findings, with_directorate=True,
                        title=f"All findings, {snapshot.quarter.label}")
        for name in directorates_of(snapshot):
            sheet = book.add_sheet(book.sheet_name_for(name, otherwise="Directorate"))
            _findings_sheet(book, sheet, own.get(name, []), with_directorate=False,
                            title=f"{name}: its return for {snapshot.quarter.label}")
    return Path(path)


# --- the workbooks sent back to directorates -------------------------------------------

SEND_BACK_FOLDER = "validation"  # beside validation_report.xlsx
SEND_BACK_SHEET = "Your return"
SEND_BACK_COLUMNS: tuple[tuple[str, float], ...] = (
    ("No.", 5), ("To do", 13), ("Where", 20), ("What we found", 60), ("What to do", 55),
)
# What each severity asks of the directorate, in its words.
TO_DO: dict[Severity, str] = {
    Severity.ERROR: "Correct", Severity.WARNING: "Check", Severity.INFO: "For information",
}
# Findings about the plan register, the timetable or figures imported from the
# organisation's own tables are the officer's to fix: never sent to a directorate.
OFFICER_ONLY_RULES = frozenset({"plan-register", "plan-register-column",
                                "indicator-basis-assumed", "timetable-missing",
                                "timetable-weekend", "no-returns", "imported-status-disagrees"})
# Fixes written for the officer, and what the directorate is told instead.
_DUPLICATE_FIX = ("Nothing, if the newer file is your final return; if not, please send the "
                  "final one again.")


def write_returns_back(snapshot: QuarterSnapshot, settings: Settings,
                       folder: Path | str) -> list[Path]:
    """One workbook per directorate in ``folder`` (``validation/``), named after it; the
    files an earlier check wrote there and this one does not are removed. Returns the
    paths written, in plan order."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    due = resubmission_due(settings, snapshot.quarter)
    own: dict[str, list[Finding]] = {}
    for finding in sort_findings(snapshot.findings):
        if finding.directorate and finding.rule not in OFFICER_ONLY_RULES:
            own.setdefault(finding.directorate, []).append(finding)
    files = _files_used(snapshot)
    written: list[Path] = []
    used: set[str] = set()
    for name in (n for n in directorates_of(snapshot) if n):
        stem, n = file_stem(name), 2
        filename = f"{stem}.xlsx"
        while filename.lower() in used:  # two names that clean to the same file name
            filename, n = f"{stem}_{n}.xlsx", n + 1
        used.add(filename.lower())
        letter = _Letter(snapshot, settings, name, files.get(name, ""), due)
        written.append(_write_letter(letter, own.get(name, []), out / filename))
    for stale in out.glob("*.xlsx"):
        if stale not in written:
            stale.unlink()
    return written


class _Letter:
    """What the head of a directorate's workbook says: to whom, what, by when, whom to ask."""

    def __init__(self, snapshot: QuarterSnapshot, settings: Settings, directorate: str,
                 files: str, due: date | None):
        self.snapshot, self.settings, self.directorate = snapshot, settings, directorate
        self.files, self.due = files, due
        self.quarter = snapshot.quarter.label
        self.missing = directorate in snapshot.missing_directorates
        self.carried = directorate in _carried_forward(snapshot)

    @property
    def by_when(self) -> str:
        return (f"by {day_with_weekday(self.due)}" if self.due is not None
                else "as soon as you can")

    def title(self) -> str:
        organisation = self.settings.organisation
        return f"{organisation.name}: your {organisation.plan_name} return for {self.quarter}"

    def lines(self, findings: list[Finding]) -> list[str]:
        contact = self.settings.returns_contact
        if self.missing:
            shown = ("shows last quarter's position of your actions and indicators, marked as "
                     "carried forward, and any action whose key date has passed as "
                     f"{self.settings.status_scheme.late.label}" if self.carried else
                     "shows your actions and indicators as not returned")
            return [f"We have not received your return for {self.quarter}.",
                    f"Until it arrives, the report to the {self.settings.organisation.board} "
                    f"{shown}.",
                    f"Please send your return {self.by_when} to {contact}.",
                    f"If anything here is unclear, please ask {contact}."]
        count = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
        errors, warnings = count[Severity.ERROR], count[Severity.WARNING]
        yours = f"Your return ({self.files})" if self.files else "Your return"
        if errors or warnings:
            parts = []
            if errors:
                parts.append(f"{errors} {plural(errors, 'entry', 'entries')} to correct")
            if warnings:
                parts.append(f"{warnings} {plural(warnings, 'point', 'points')} to check")
            head = f"{yours} has {' and '.join(parts)}, listed below. Thank you for sending it."
            ask = (f"Please correct the cells listed and send the return again {self.by_when} "
                   f"to {contact}; the rest of your return stands." if errors else
                   "Please check the points listed. Where a cell needs changing, send the "
                   f"return again {self.by_when} to {contact}; otherwise nothing more is needed.")
            return [head, ask, f"If anything here is unclear, please ask {contact}."]
        notes = count[Severity.INFO]
        return [f"{yours} has nothing to fix. Thank you."
                + (f" {plural(notes, 'A note', 'Notes')} for your information "
                   f"{plural(notes, 'is', 'are')} below." if notes else ""),
                f"If anything here is unclear, please ask {contact}."]

    def found(self, finding: Finding) -> str:
        if finding.rule == "return-missing":
            return f"We have not received your return for {self.quarter}."
        return _sentence(finding.message)

    def to_do(self, finding: Finding) -> str:
        """The fix, asked of the directorate, naming the cell to change or check."""
        if finding.rule == "return-missing":
            return f"Please send your return {self.by_when} to {self.settings.returns_contact}."
        fix = _DUPLICATE_FIX if finding.rule == "duplicate-return" else finding.fix
        verb = {Severity.ERROR: "change", Severity.WARNING: "check"}.get(finding.severity)
        if verb and finding.cell:
            return f"Please {verb} cell {finding.cell}. {fix}"
        if verb and finding.sheet:
            return f"Please {verb} the '{finding.sheet}' sheet. {fix}"
        return fix


def _where(finding: Finding) -> str:
    if finding.sheet and finding.cell:
        return f"{finding.sheet} sheet, cell {finding.cell}"
    if finding.sheet:
        return f"{finding.sheet} sheet"
    return finding.file or "your return"


def _write_letter(letter: _Letter, findings: list[Finding], path: Path) -> Path:
    with open_workbook(path) as book:
        ws = book.add_sheet(SEND_BACK_SHEET)
        book.text(ws, 0, 0, letter.title(), book.style(bold=True, font_size=14))
        book.text(ws, 1, 0, f"To: {letter.directorate}", book.style(bold=True))
        # Each line of the letter wraps across the table's width, as a paragraph would.
        across = len(SEND_BACK_COLUMNS) - 1
        width = sum(w for _, w in SEND_BACK_COLUMNS)
        paragraph = book.style(text_wrap=True, valign="top")
        lines = letter.lines(findings)
        for row, line in enumerate(lines, start=2):
            ws.merge_range(row, 0, row, across, "", paragraph.plain)
            book.text(ws, row, 0, line, paragraph)  # over the merge, as XlsxWriter advises
            ws.set_row(row, LINE_HEIGHT * _lines(line, width))
        shown = [f for f in findings if not (letter.missing and f.rule == "return-missing")]
        header = len(lines) + 3
        set_widths(ws, (width for _, width in SEND_BACK_COLUMNS))
        if not shown:
            ws.set_landscape()
            ws.fit_to_pages(1, 0)
            return path
        header_style = book.style(bold=True, font_color="#FFFFFF", pattern=1,
                                  bg_color=f"#{HEADER_FILL}", text_wrap=True, valign="top")
        for col, (name, _) in enumerate(SEND_BACK_COLUMNS):
            book.text(ws, header, col, name, header_style)
        wrapped = book.style(text_wrap=True, valign="top")
        for number, finding in enumerate(shown, start=1):
            row = header + number
            values = (str(number), TO_DO[finding.severity], _where(finding),
                      letter.found(finding), letter.to_do(finding))
            book.value(ws, row, 0, number, book.style(valign="top", align="center"))
            for col, value in enumerate(values[1:], start=1):
                style = wrapped if col != 1 else book.style(
                    text_wrap=True, valign="top", bold=True, pattern=1,
                    bg_color=f"#{SEVERITY_FILLS[finding.severity]}")
                book.text(ws, row, col, value, style)
            lines_needed = max(_lines(v, w) for v, (_, w) in zip(values, SEND_BACK_COLUMNS))
            ws.set_row(row, LINE_HEIGHT * lines_needed)
        table_page(ws, header_row=header)
    return path


def _summary(book: Book, snapshot: QuarterSnapshot) -> None:
    ws = book.add_sheet(SUMMARY_SHEET)
    book.text(ws, 0, 0, f"Validation of the returns for {snapshot.quarter.label}",
              book.style(bold=True, font_size=14))
    headers = ("Directorate", "Errors", "Warnings", "Info", "Return used")
    for col, title in enumerate(headers):  # the counts centred under their titles
        book.text(ws, 2, col, title, book.style(bold=True, **(
            {"align": "center"} if 0 < col < 4 else {})))
    centred = book.format(align="center")
    row = 2
    used_files, carried, missing = (_files_used(snapshot), _carried_forward(snapshot),
                                    set(snapshot.missing_directorates))
    for name, by in counts(snapshot).items():
        row += 1
        book.text(ws, row, 0, name or NO_DIRECTORATE)
        for col, severity in enumerate(Severity, start=1):
            ws.write_number(row, col, by[severity], centred)
        files = used_files.get(name, "")
        if name in missing:
            files = "No return: last position carried forward" if name in carried \
                else "No return"
        book.text(ws, row, 4, files)
    row += 1
    book.text(ws, row, 0, "Total", book.style(bold=True))
    for col, severity in enumerate(Severity, start=1):
        ws.write_number(row, col, sum(1 for f in snapshot.findings if f.severity is severity),
                        book.format(align="center", bold=True))
    set_widths(ws, (28, 9, 10, 8, 48))
    table_page(ws, header_row=2, repeat_header=False)


def _findings_sheet(book: Book, ws: Worksheet, findings: list[Finding], with_directorate: bool,
                    title: str) -> None:
    # A directorate's own sheet: no directorate column, and no rule code (the PSI
    # officer's shorthand, kept on the sheet of all findings); the message says it all.
    columns = [c for c in COLUMNS if with_directorate or c[0] not in ("Directorate", "Rule")]
    book.text(ws, 0, 0, title, book.style(bold=True, font_size=13))
    if not findings:
        book.text(ws, 1, 0, "No problems found: nothing to fix.")
    header = 2  # row 3 in Excel's numbering
    header_style = book.style(bold=True, font_color="#FFFFFF", pattern=1,
                              bg_color=f"#{HEADER_FILL}")
    for col, (name, _) in enumerate(columns):
        book.text(ws, header, col, name, header_style)
    wrapped = book.style(text_wrap=True, valign="top")
    for row, finding in enumerate(findings, start=header + 1):
        values = {
            "Severity": SEVERITY_WORDS[finding.severity], "Directorate": finding.directorate,
            "File": finding.file, "Sheet": finding.sheet, "Cell": finding.cell,
            "Rule": finding.rule, "Message": _sentence(finding.message), "Fix": finding.fix,
        }
        book.text(ws, row, 0, values[columns[0][0]], book.style(
            text_wrap=True, valign="top", bold=True, pattern=1,
            bg_color=f"#{SEVERITY_FILLS[finding.severity]}"))
        for col, (name, _) in enumerate(columns[1:], start=1):
            book.text(ws, row, col, values[name], wrapped)
        # Neither Excel nor a PDF export sizes rows to wrapped text: estimate the lines.
        lines = max(_lines(values[name], width) for name, width in columns)
        ws.set_row(row, LINE_HEIGHT * lines)
    ws.autofilter(header, 0, header + max(len(findings), 1), len(columns) - 1)
    set_widths(ws, (width for _, width in columns))
    table_page(ws, header_row=header)


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
