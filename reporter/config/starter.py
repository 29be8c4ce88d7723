"""A new organisation's files, as ``run-quarter init`` writes them: its settings, a blank
plan register with an Instructions sheet and one example row of each kind, the house-style
reference document and a covering template that names no sample organisation.

What is still the starter's (values marked TO FILL in the settings, rows marked Example in
the register) is listed by ``still_to_fill``, which ``plan`` prints.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reporter.cells import MONTH_NAMES
from reporter.config.plan import (
    FREQUENCIES,
    OPTIONAL_COLUMNS,
    POLARITIES,
    QUARTILES,
    REGISTER_COLUMNS,
    YEAR_TO_DATE_RULES,
    Plan,
)
from reporter.config.settings import Settings
from reporter.errors import ConfigurationError
from reporter.periods import DEFAULT_FIRST_MONTH, FinancialYear
from reporter.places import BUNDLED, SETTINGS_NAME, STARTER
from reporter.xlsx import Book, open_workbook, set_widths, table_page

TO_FILL = "TO FILL"  # starts each settings value the organisation must write
EXAMPLE = "Example"  # starts the text of each example row of the register
_NAME_IN_STARTER = '"Your organisation"'  # the starter settings' name, replaced by init's
_YEAR_STARTS_IN_STARTER = 'year_starts = "April"'  # likewise the year's first month
REGISTER_NAME = "improvement_plan.xlsx"
_DIRECTORATE = "Example directorate"


def write_organisation(folder: Path, name: str, year: FinancialYear) -> list[Path]:
    """Write a new organisation's files into ``folder`` (new or empty); return them. The
    settings' ``year_starts`` is ``year``'s first month."""
    if not name.strip():
        raise ConfigurationError("the organisation's name is empty: give it with "
                                 "--organisation \"Your Council\"")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ConfigurationError(
            f"{folder} is not an empty folder, and init never overwrites files. Give a new "
            "folder (init makes it), or empty this one first.")
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / SETTINGS_NAME
    settings.write_text(settings_text(name.strip(), year.first_month), encoding="utf-8")
    written = [settings, write_register(folder / REGISTER_NAME, year)]
    for source in (BUNDLED / "reference.docx", STARTER / "covering_report.docx"):
        written.append(Path(shutil.copyfile(source, folder / source.name)))
    return written


def settings_text(name: str, first_month: int = DEFAULT_FIRST_MONTH) -> str:
    """The starter settings with the organisation's name in (as a TOML string) and the
    month its financial year starts in."""
    text = (STARTER / SETTINGS_NAME).read_text(encoding="utf-8")
    text = text.replace(_YEAR_STARTS_IN_STARTER,
                        f'year_starts = "{MONTH_NAMES[first_month - 1]}"')
    # json's string escapes are valid in a TOML basic string
    return text.replace(_NAME_IN_STARTER, json.dumps(name, ensure_ascii=False))


# ------------------------------------------------------------------ the blank plan register

def _example_rows(year: FinancialYear) -> dict[str, list[list[object]]]:
    """One example row of each kind, by sheet, in the sheet's column order (see
    ``_columns``); an indicator of each frequency, and one shown as data only."""
    key_date = f"Q4 {year.label}"
    return {
        "Themes": [[1, f"{EXAMPLE}: your first theme, such as Better homes"]],
        "Outcomes": [["1.1", 1, f"{EXAMPLE}: an outcome the theme's actions serve"]],
        "Directorates": [[_DIRECTORATE, f"{EXAMPLE}: Director of Housing",
                          f"{EXAMPLE}: whom to ask about the return, with an email address"]],
        "Actions": [["1.1a", "1.1", f"{EXAMPLE}: what will be done", key_date, _DIRECTORATE,
                     f"{EXAMPLE}: how the Board will know it is done (EX 1 at 90%)", "",
                     "EX 1"]],
        "Indicators": [
            ["EX 1", f"{EXAMPLE}: calls answered within 20 seconds", "%", "higher",
             _DIRECTORATE, 1, "No", "monthly", "average", "", "", 1, "", 90, "", 85, ""],
            ["EX 2", f"{EXAMPLE}: new homes delivered", "homes", "higher", _DIRECTORATE, 1,
             "No", "quarterly", "sum", 0, "", 0, "", 120, 60, 110, ""],
            ["EX 3", f"{EXAMPLE}: residents satisfied with the service (annual survey)", "%",
             "higher", _DIRECTORATE, 1, "Yes", "annual", "latest", "", "", 0, "Q3", 80, "",
             76, "Above Average"],
            ["EX 4", f"{EXAMPLE}: households in temporary accommodation", "households",
             "none", _DIRECTORATE, "", "No", "quarterly", "latest", 0, "", 0, "", "", "", "",
             ""],
        ],
        "Recommendations": [["R1", f"{EXAMPLE}: the inspection or review it came from",
                             f"{EXAMPLE}: the recommendation as written", _DIRECTORATE,
                             f"Q3 {year.label}", ""]],
    }


def _columns(sheet: str, year: FinancialYear) -> tuple[str, ...]:
    """Every column of a register sheet: the Indicators sheet's optional basis columns and
    its year columns (this year's target and a profiled one, last year's outturn and
    quartile) included."""
    columns = REGISTER_COLUMNS[sheet] + OPTIONAL_COLUMNS.get(sheet, ())
    if sheet == "Indicators":
        last = year.previous().label
        columns += (f"Target {year.label}", f"Target Q2 {year.label}", f"Outturn {last}",
                    f"Quartile {last}")
    return columns


# A drop-down for the columns with a closed list of values (typing stays free elsewhere).
_CHOICES: dict[str, tuple[str, ...]] = {
    "Polarity": POLARITIES, "Frequency": FREQUENCIES, "Year to date": YEAR_TO_DATE_RULES,
    "Due quarter": ("Q1", "Q2", "Q3", "Q4"), "Benchmarked": ("Yes", "No"),
}


def write_register(path: Path, year: FinancialYear) -> Path:
    """A plan register with every sheet and column the reporter reads, an Instructions
    sheet first and one example row of each kind."""
    examples = _example_rows(year)
    with open_workbook(path) as book:
        _instructions(book, year)
        header = book.style(bold=True, font_color="#FFFFFF", pattern=1, bg_color="#1F3864",
                            text_wrap=True, valign="top")
        plain = book.style(text_wrap=True, valign="top")
        for sheet_name in REGISTER_COLUMNS:
            columns = _columns(sheet_name, year)
            sheet = book.add_sheet(sheet_name)
            set_widths(sheet, [max(14, min(40, len(c) + 4)) for c in columns])
            table_page(sheet, header_row=0)
            for n, title in enumerate(columns):
                book.text(sheet, 0, n, title, header)
                if title in _CHOICES or title.startswith("Quartile"):
                    values = _CHOICES.get(title, QUARTILES)
                    sheet.data_validation(1, n, 1000, n, {"validate": "list",
                                                          "source": list(values)})
            for r, row in enumerate(examples[sheet_name], start=1):
                for n, value in enumerate(row):
                    book.value(sheet, r, n, value, plain)
    return path


def _instructions(book: Book, year: FinancialYear) -> None:
    sheet = book.add_sheet("Instructions")
    set_widths(sheet, [110])
    title = book.style(bold=True, font_size=14)
    heading = book.style(bold=True)
    plain = book.style(text_wrap=True, valign="top")
    book.text(sheet, 0, 0, "The plan register", title)
    row = 1
    for kind, text in _instruction_lines(year):
        row += 1
        book.text(sheet, row, 0, text, heading if kind == "h" else plain)


def _instruction_lines(year: FinancialYear) -> list[tuple[str, str]]:
    """(kind, text): "h" a heading, "p" a paragraph."""
    return [
        ("p", "This workbook is your organisation's plan: the reporter reads it every "
              "quarter to write the returns and the pack. Each sheet has one example row "
              f"(its text starts with \"{EXAMPLE}\"): replace it with your own rows, or "
              "delete it. `run-quarter plan` checks the register, names every cell to "
              "correct, and lists what is still an example."),
        ("p", "Keep the sheet names and the column titles as they are; the order of the "
              "columns does not matter. A column the reporter does not read is reported."),
        ("h", "Themes"),
        ("p", "Theme: a whole number (1, 2, ...). Title: the theme as the plan names it."),
        ("h", "Outcomes"),
        ("p", "Ref: the outcome's ref, such as 1.1 or HOU-2. Theme: the number of its theme. "
              "Outcome: the outcome the actions serve."),
        ("h", "Directorates"),
        ("p", "One row per directorate (or department, or service) that sends a return: "
              "its name, its lead director and whom to ask about the return."),
        ("h", "Actions"),
        ("p", "Ref: any ref your organisation uses (1.1a, HDC-07). Outcome: the ref of the "
              "outcome it serves. Key date: when it is due, written as people write it "
              f"({year.end:%d/%m/%Y}, {year.end:%b %y}, "
              f"Q4 {year.label}, Ongoing). Lead directorate: as on the Directorates sheet. "
              "Agreed revised date: only a revision agreed and recorded here moves the key "
              "date. Indicators: optional, the PI refs its success criteria name, separated by "
              "commas (or Share improved, for the share of indicators better than last year): "
              "an action reported Complete while one misses its target is queried."),
        ("h", "Indicators"),
        ("p", "Unit: free text (%, days, homes). Polarity: higher or lower (which way is "
              "better), or none for an indicator shown without being judged. Frequency: "
              "monthly, quarterly or annual. Year to date: sum (counts, money), average "
              "(rates and percentages) or latest (cumulative or snapshot figures). Minimum, "
              "Maximum: optional bounds of a figure (a % is 0 to 100 unless you say "
              "otherwise). Decimals: optional, the decimal places the pack shows. Due "
              "quarter: an annual indicator's quarter (default Q4)."),
        ("p", f"Target {year.label}: the year-end target. Target Q2 {year.label}: optional, "
              "the target for the year to date at the end of Q2 (add Q1, Q3 or Q4 columns "
              "the same way). Outturn and Quartile: last year's figure and benchmark "
              "quartile (Top 25%, Above Average, Below Average, Bottom 25%). Add columns "
              "for other years the same way."),
        ("h", "Recommendations"),
        ("p", "External recommendations (an inspection's, an audit's), tracked like actions: "
              "their source, original date and any revised date. Delete the example row if "
              "you have none."),
    ]


# ------------------------------------------------------------------ what is still to fill

def still_to_fill(settings: Settings, plan: Plan) -> list[str]:
    """What an organisation made by ``init`` has not written yet: settings values starting
    TO FILL and register rows whose text starts with Example, each with where it is."""
    org = settings.organisation
    found = [f"{settings.path.name}: {key} still says {TO_FILL}" for key, value in (
        ("organisation.board", org.board), ("report.author", settings.author),
        ("report.job_title", settings.job_title)) if value.startswith(TO_FILL)]
    rows = ([("Themes", str(t.number), t.title) for t in plan.themes]
            + [("Outcomes", o.ref, o.title) for o in plan.outcomes]
            + [("Directorates", d.name, d.lead_director) for d in plan.directorates]
            + [("Actions", a.ref, a.text) for a in plan.actions]
            + [("Indicators", i.ref, i.description) for i in plan.indicators]
            + [("Recommendations", r.ref, r.text) for r in plan.recommendations])
    found += [f"{settings.plan_register.name}, {sheet} sheet: {ref} is an example row; "
              "replace it with your own or delete it"
              for sheet, ref, text in rows if text.startswith(EXAMPLE)]
    by_days = settings.returns_due_days is not None and all(
        m.days_after is not None for m in settings.meetings)  # every quarter has dates
    if not settings.timetable and not by_days:
        found.append(f"{settings.path.name}: no [[timetable]] yet; add your quarters' dates")
    return found
