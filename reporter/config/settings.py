"""Settings: the organisation, the report's author and footer, the status scheme
(categories, their words and colours) and the reporting timetable, read from a TOML file.

Every key is checked; a wrong or unknown key raises ConfigurationError naming
the key and what is allowed, so a typo never silently changes a report.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from reporter.cells import MONTH_NAMES, month_number
from reporter.config.schema import (
    ANY_TEXT,
    DATE,
    FLAG,
    FRACTION,
    HEX_COLOUR,
    TABLE,
    TEXT,
    TEXTS,
    YEAR_STARTS,
    Checked,
    Key,
    Kind,
    Section,
    check,
    check_keys,
    one_of,
    problems_message,
    read_toml,
    whole,
)
from reporter.errors import ConfigurationError
from reporter.periods import DEFAULT_FIRST_MONTH, Quarter
from reporter.places import BUNDLED, SAMPLE_SETTINGS
from reporter.status import (
    DEFAULT_SCHEME,
    DEFAULT_SYNONYMS,
    Meaning,
    Status,
    StatusScheme,
    StatusVocabulary,
    interned,
)

DEFAULT_SETTINGS = SAMPLE_SETTINGS

RETURNS_DUE = "returns_due"  # the timetable's first step: when the returns are due
RETURNS_DUE_TITLE = "Returns due from directorates"
# The meeting whose date the footer and the covering report name, when there is one so
# keyed (else the last meeting), and the Cabinet member's, named by the sample's templates.
BOARD_MEETING = "board"
CABINET_MEMBER_MEETING = "cabinet_member"


@dataclass(frozen=True)
class Meeting:
    """A step of each quarter's timetable after the returns are due: its key (its date's
    name in a [[timetable]] table), its title, and optionally how many days after the
    returns deadline it falls, for a quarter whose table leaves its date out."""

    key: str
    name: str
    days_after: int | None = None


# The sample's steps, the meetings when the settings list none.
DEFAULT_MEETINGS: tuple[Meeting, ...] = (
    Meeting("psi_draft", "PSI draft report"),
    Meeting("liaison_meeting", "Liaison meeting"),
    Meeting(BOARD_MEETING, "Board"),
    Meeting(CABINET_MEMBER_MEETING, "Cabinet member"),
)
TIMETABLE_STEPS: tuple[str, ...] = (RETURNS_DUE, *(m.key for m in DEFAULT_MEETINGS))
# What the footer line may name in {braces}; each is filled in for the quarter the pack
# is for ("{board} / {board_date} / Delivering Improvement / IR").
FOOTER_PLACEHOLDERS: dict[str, str] = {
    "board": "the body the report goes to (organisation.board)",
    "board_date": "the quarter's Board date from the timetable, as 27 January 2010",
    "quarter": "the quarter, as Q3 2009/10",
}
# A footer is read as parts between these separators; a part left empty because its
# placeholder has no value (no Board date in the timetable) is left out, separator too.
_FOOTER_SEPARATOR = re.compile(r"(\s+[/|\u2013\u2014-]\s+)")
_MONTHS = MONTH_NAMES

@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    partner: str  # the body the plan is agreed with; "" when the plan is the organisation's own
    partner_short: str
    board: str
    # How running text names the plan: "the Improvement Plan agreed between ... and ..."
    plan: str = ""
    # The organisation as other people's tables (peer files, published returns) spell it,
    # in order of preference: whose figure benchmarking and import-indicators take as ours.
    known_in_tables_as: tuple[str, ...] = ()
    plan_name: str = "Improvement Plan"  # how titles name it: "Improvement Plan: ..."
    team: str = "performance team"  # who runs the reporting, in running text
    team_short: str = "performance team"  # its short name ("the PSI team"); else the team
    # Whom directorates ask about their returns, as the returns and the findings sent back
    # name them: a role and an address, never a person's name in the bundled examples.
    returns_contact: str = ""

    @property
    def plan_sentence_start(self) -> str:
        """``plan`` at the start of a sentence: "The Improvement Plan agreed ..."."""
        return self.plan[:1].upper() + self.plan[1:]

    @property
    def named_plan(self) -> str:
        """The plan with its organisation, for a title: "2010 Rotherham Ltd Improvement
        Plan"; "Council Plan of Westvale Borough Council" rather than "... Council Council
        Plan"."""
        if self.name.split()[-1:] == self.plan_name.split()[:1]:
            return f"{self.plan_name} of {self.name}"
        return f"{self.name} {self.plan_name}"


@dataclass(frozen=True)
class TimetableEntry:
    """A quarter's dates: the returns deadline, then each meeting's, in their order."""

    quarter: Quarter
    returns_due: date
    meetings: tuple[tuple[str, date], ...] = ()  # (meeting key, date)

    def dates(self) -> list[tuple[str, date]]:
        """(step, date) in the order the steps must happen."""
        return [(RETURNS_DUE, self.returns_due), *self.meetings]

    def date_of(self, key: str) -> date | None:
        return dict(self.meetings).get(key)

    @property
    def board(self) -> date | None:
        """The date of the meeting the covering report goes to: the one keyed "board",
        else the last meeting."""
        if not self.meetings:
            return None
        return self.date_of(BOARD_MEETING) or self.meetings[-1][1]


@dataclass(frozen=True)
class SectionWords:
    """A progress report section's own words: its title, its line in the lists of sections
    (the report's front page and the covering report) and the introduction under its
    heading (paragraphs parted by a blank line). Each may name SECTION_PLACEHOLDERS."""

    title: str
    description: str
    introduction: str


# What a section's words may name in {braces}, each filled in for the quarter reported.
SECTION_PLACEHOLDERS: dict[str, str] = {
    "plan": "the plan in running text (organisation.plan)",
    "plan_name": "the plan's name (organisation.plan_name)",
    "name": "the organisation's name",
    "quarter": "the quarter reported, in words",
    "next_quarter": "the next quarter, in words",
    "meeting": "the meeting the next quarter's report goes to",
}
# The progress report's sections, in their order, with the words an organisation's
# settings start from ([progress_report.<section>] tables override them).
PROGRESS_SECTIONS: dict[str, SectionWords] = {
    "exceptions": SectionWords(
        "Exceptions to timely delivery",
        "the actions which are behind schedule or off target against key dates, with the "
        "remedial action reported",
        "Set out below are the actions of {plan} that are behind schedule or off target "
        "against their key dates."),
    "achievements": SectionWords(
        "Notable achievements", "the notable achievements of the quarter",
        "During {quarter}, these actions of {plan} were completed or marked notable:"),
    "looking_forward": SectionWords(
        "Looking forward to {next_quarter}",
        "the actions due in the next quarter, {next_quarter}, for information",
        "The key actions due in {next_quarter} that are not yet complete follow, for "
        "information. Progress against them will be reported to {meeting}."),
    "recommendations": SectionWords(
        "External recommendations",
        "progress against the recommendations of external inspections and reviews",
        "Progress against the recommendations of external inspections and reviews, with "
        "their original and revised target dates. Recommendations completed in earlier "
        "quarters are not shown."),
}


# Why a performance clinic may be proposed for an indicator. The framework's two are the
# default; "missed its target two quarters running" is one an organisation may add.
FELL_A_QUARTILE = "fell_a_quartile"
WORST_QUARTILE_TWO_YEARS = "worst_quartile_two_years"
MISSED_TARGET_TWO_QUARTERS = "missed_target_two_quarters"
CLINIC_REASONS: tuple[str, ...] = (FELL_A_QUARTILE, WORST_QUARTILE_TWO_YEARS,
                                   MISSED_TARGET_TWO_QUARTERS)
DEFAULT_CLINIC_REASONS: tuple[str, ...] = (FELL_A_QUARTILE, WORST_QUARTILE_TWO_YEARS)


@dataclass(frozen=True)
class Settings:
    path: Path
    organisation: Organisation
    author: str
    job_title: str
    footer: str  # the footer line for no quarter in particular (placeholders filled or left out)
    plan_register: Path
    improvement_target: float
    indicator_tolerance: float
    history: Path
    reference_docx: Path
    covering_templates: tuple[Path, ...]
    benchmark_comparison: str
    amber_is_exception: bool
    status_scheme: StatusScheme
    timetable: tuple[TimetableEntry, ...]
    footer_template: str = ""  # report.footer as written, with its {placeholders}
    chart_limit: int = 200  # the most indicators the performance report charts
    action_limit: int = 2000  # the most actions the progress report lists one by one
    clinic_reasons: tuple[str, ...] = DEFAULT_CLINIC_REASONS  # why a clinic is proposed
    meetings: tuple[Meeting, ...] = DEFAULT_MEETINGS  # the timetable's steps after returns
    returns_due_days: int | None = None  # days after the quarter end the returns are due
    # days after the returns deadline that corrected returns are due (None: the working
    # day before the timetable's first meeting; see config.timetable.resubmission_due)
    resubmission_days: int | None = None
    first_month: int = DEFAULT_FIRST_MONTH  # the financial year's (organisation.year_starts)
    # each progress report section's words, in report order ([progress_report])
    section_words: tuple[tuple[str, SectionWords], ...] = tuple(PROGRESS_SECTIONS.items())
    # The PI refs the poster shows, in order ([poster] indicators); none: the plan's
    # headline indicators, else a choice from each theme (see pack.poster)
    poster_indicators: tuple[str, ...] = ()

    @property
    def returns_contact(self) -> str:
        """Whom a directorate asks, and sends its return to: ``organisation.returns_contact``,
        else the report's author and job title."""
        return self.organisation.returns_contact or f"{self.author}, {self.job_title}"

    def quarter(self, quarter: Quarter) -> Quarter:
        """A quarter read before the settings (the command line's) in this calendar."""
        return quarter.in_calendar(self.first_month)

    def quarter_containing(self, day: date) -> Quarter:
        return Quarter.containing(day, self.first_month)

    def timetable_for(self, quarter: Quarter) -> TimetableEntry | None:
        """The quarter's [[timetable]] table; else, when every step has its days set,
        the dates those days give."""
        entry = next((t for t in self.timetable if t.quarter == quarter), None)
        if entry is None and self.returns_due_days is not None:
            entry = _entry(quarter, {}, self.meetings, self.returns_due_days)
        return entry

    def step_titles(self) -> list[tuple[str, str]]:
        """(step, title) of the timetable's steps, in their order."""
        return [(RETURNS_DUE, RETURNS_DUE_TITLE), *((m.key, m.name) for m in self.meetings)]

    def footer_for(self, quarter: Quarter | None) -> str:
        """The footer line of a quarter's pack: ``{board}``, ``{board_date}`` (from the
        timetable, ``27 January 2010``) and ``{quarter}`` (``Q3 2009/10``) filled in. A
        placeholder with no value (no timetable entry for the quarter) is left out with
        its separator: ``2010 Board / Delivering Improvement / IR``."""
        entry = self.timetable_for(quarter) if quarter is not None else None
        values = {
            "board": self.organisation.board,
            "board_date": "" if entry is None or entry.board is None else _long_date(entry.board),
            "quarter": "" if quarter is None else quarter.label,
        }
        return render_footer(self.footer_template or self.footer, values)

    @property
    def vocabulary(self) -> StatusVocabulary:
        return self.status_scheme.vocabulary

    @property
    def colours(self) -> dict[Status, str]:
        """Each category's cell fill (hex RGB)."""
        return {s: s.colour for s in self.status_scheme.categories}

    def exception_statuses(self) -> frozenset[Status]:
        """The categories that demand narrative: off track, and at risk when
        ``status.amber_is_exception`` says so."""
        return self.status_scheme.exceptions(self.amber_is_exception)


_FILE_NAME = Kind("the name of a file in quotes", TEXT.accepts)
_TEMPLATES = Kind('a list of Word templates in quotes, such as ["covering_report.docx"]',
                  lambda v: isinstance(v, list) and bool(v) and all(isinstance(n, str) for n in v))
_WORDS = Kind("a table: Red = [...], Amber = [...], ...", TABLE.accepts)
_CATEGORIES = Kind("[[status.categories]] tables, one per category",
                   lambda v: isinstance(v, list) and all(isinstance(t, dict) for t in v))
# The keys of a [[status.categories]] table.
CATEGORY_KEYS: tuple[Key, ...] = (
    Key("label", TEXT, "", required=True),
    Key("letter", TEXT, "", required=True),
    Key("meaning", one_of([m.value for m in Meaning], "one of " + ", ".join(
        f'"{m.value}"' for m in Meaning)), "", required=True),
    Key("colour", HEX_COLOUR, "FFFFFF", required=True),  # white while a wrong one is fixed
    Key("pattern", ANY_TEXT, ""),
    Key("chart_colour", HEX_COLOUR, ""),
    Key("key_name", ANY_TEXT, ""),
    Key("key", TEXT, "", required=True),
    Key("words", TEXTS, []),
)
_CLINIC_REASONS = Kind(
    "a list of reasons from " + ", ".join(f'"{r}"' for r in CLINIC_REASONS) + " (or [])",
    lambda v: isinstance(v, list) and all(r in CLINIC_REASONS for r in v))
_DAYS = whole(1)
_SECTION = Kind("a table of title, description and introduction", TABLE.accepts)
MEETINGS = Section("meetings", (Key("key", TEXT, "", required=True),
                                Key("name", TEXT, "", required=True),
                                Key("days_after", _DAYS)), many=True, label_key="key")


def settings_schema(meetings: tuple[Meeting, ...] = DEFAULT_MEETINGS,
                    returns_due_days: int | None = None) -> tuple[Section, ...]:
    """The settings' sections; a [[timetable]] table names a date for each meeting, and
    may leave out those whose days are set."""
    timetable = (Key("quarter", TEXT, "", required=True),
                 Key(RETURNS_DUE, DATE, required=returns_due_days is None),
                 *(Key(m.key, DATE, required=m.days_after is None) for m in meetings))
    return (*SCHEMA[:-1], Section("timetable", timetable, many=True, label_key="quarter"))


SCHEMA: tuple[Section, ...] = (
    Section("organisation", (
        Key("name", TEXT, "", required=True),
        Key("short_name", TEXT, "", required=True),
        # Optional: with no partner, no sentence names one.
        Key("partner", TEXT, ""),
        Key("partner_short", TEXT, ""),
        Key("board", TEXT, "", required=True),
        Key("plan", TEXT, ""),
        Key("plan_name", TEXT, "Improvement Plan"),
        Key("team", TEXT, "performance team"),
        Key("team_short", TEXT, ""),
        Key("known_in_tables_as", TEXTS, []),
        Key("returns_contact", ANY_TEXT, ""),
        # The financial year's first month; quarters, labels, key dates and timetables follow.
        Key("year_starts", YEAR_STARTS, "April"),
    )),
    Section("report", (
        Key("author", TEXT, "", required=True),
        Key("job_title", TEXT, "", required=True),
        Key("footer", TEXT, "", required=True),
        Key("plan_register", TEXT, "improvement_plan.xlsx"),
        Key("improvement_target", FRACTION, 0.70),
        Key("indicator_tolerance", FRACTION, 0.05),
        Key("history", TEXT, "output/history.sqlite"),
        Key("reference_docx", _FILE_NAME, "reference.docx"),
        Key("covering_templates", _TEMPLATES, ["covering_report.docx"]),
        Key("benchmark_comparison", TEXT, "All England comparison"),
        Key("chart_limit", whole(1), 200),
        Key("action_limit", whole(1), 2000),
        Key("clinic_reasons", _CLINIC_REASONS, list(DEFAULT_CLINIC_REASONS)),
        Key("returns_due_days", _DAYS),
        Key("resubmission_days", _DAYS),
    )),
    Section("status", (Key("amber_is_exception", FLAG, False), Key("words", _WORDS),
                       Key("categories", _CATEGORIES))),
    # The four's colours when the settings give no [[status.categories]] (older files).
    Section("colours", tuple(Key(s.value, HEX_COLOUR, None) for s in DEFAULT_SCHEME.categories)),
    Section("poster", (Key("indicators", TEXTS, []),)),
    MEETINGS,
    Section("progress_report", tuple(Key(key, _SECTION) for key in PROGRESS_SECTIONS)),
    Section("timetable", (Key("quarter", TEXT, "", required=True),
                          *(Key(step, DATE, required=True) for step in TIMETABLE_STEPS)),
            many=True, label_key="quarter"),
)


def footer_problems(template: str) -> list[str]:
    """What is wrong with a footer line's placeholders (empty when nothing)."""
    return placeholder_problems(template, "report.footer", FOOTER_PLACEHOLDERS)


def placeholder_problems(template: str, key: str, placeholders: Mapping[str, str]
                         ) -> list[str]:
    """What is wrong with the {placeholders} of the text at ``key`` (empty when nothing)."""
    example = next(iter(placeholders))
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return [f"{key} has a stray brace ({exc}); write placeholders as {{{example}}}, "
                "or double a brace to print it"]
    allowed = ", ".join(f"{{{name}}}" for name in placeholders)
    problems = []
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in placeholders:
            problems.append(f"{key} uses the placeholder {{{name}}}, which does not "
                            f"exist; allowed: {allowed}")
        elif spec or conversion:
            problems.append(f"{key}: write the placeholder as {{{name}}}, with nothing "
                            "after its name")
    return problems


def _section_words(tables: Mapping[str, Any], problems: list[str]
                   ) -> tuple[tuple[str, SectionWords], ...]:
    """Each progress report section's words: the settings' where given, else the defaults;
    a placeholder that does not exist is a problem."""
    found = []
    for key, default in PROGRESS_SECTIONS.items():
        where = f"progress_report.{key}"
        values = check_keys(tables.get(key) or {}, (
            Key("title", TEXT, default.title), Key("description", TEXT, default.description),
            Key("introduction", ANY_TEXT, default.introduction)), where, problems)
        # TOML's multi-line strings wrap where the file does: the words are re-flowed,
        # a blank line parting paragraphs
        paragraphs = re.split(r"\n\s*\n", values["introduction"])
        words = SectionWords(" ".join(values["title"].split()),
                             " ".join(values["description"].split()),
                             "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()))
        for name in ("title", "description", "introduction"):
            problems.extend(placeholder_problems(getattr(words, name), f"{where}.{name}",
                                                 SECTION_PLACEHOLDERS))
        found.append((key, words))
    return tuple(found)


def render_footer(template: str, values: dict[str, str]) -> str:
    """A footer line with its placeholders filled from ``values``. A part (between
    " / " separators) whose placeholders are all empty and which holds nothing else is
    left out with its separator, so a missing date never leaves " /  / "."""
    pieces = _FOOTER_SEPARATOR.split(template)
    parts, separators = pieces[0::2], pieces[1::2]
    kept: list[tuple[str, str]] = []  # (separator before it, filled part)
    for i, part in enumerate(parts):
        try:
            fields = list(string.Formatter().parse(part))
        except ValueError:
            fields = [(part, None, "", None)]
        filled, literal, any_value = [], [], False
        for text, name, _, _ in fields:
            filled.append(text)
            literal.append(text)
            if name is not None:
                value = values.get(name, "")
                any_value = any_value or bool(value)
                filled.append(value)
        uses_placeholder = any(name is not None for _, name, _, _ in fields)
        if uses_placeholder and not any_value and not "".join(literal).strip(" ,;:()-"):
            continue
        text = " ".join("".join(filled).split())
        text = re.sub(r"\s+([,;:)])", r"\1", text).strip(" ,;:")
        if text:
            kept.append((separators[i - 1] if i else "", text))
    return "".join((sep if n else "") + text for n, (sep, text) in enumerate(kept))


def _long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def load_settings(path: Path | str = DEFAULT_SETTINGS) -> Settings:
    """Read and check a settings file; raise ConfigurationError naming every bad key."""
    path = Path(path)
    raw = read_toml(path, "settings file", "Pass --settings with the path to your "
                    "settings.toml, or start a new organisation's with "
                    "`run-quarter init DIR --organisation NAME`.")
    problems: list[str] = []
    meetings = _meetings(raw.get("meetings"), problems)
    days = raw.get("report", {}).get("returns_due_days") if isinstance(
        raw.get("report"), dict) else None
    checked = check({k: v for k, v in raw.items() if k != "meetings"},
                    settings_schema(meetings, days if _DAYS.accepts(days) else None))
    problems.extend(checked.problems)
    settings = _build(path, checked, meetings, problems)
    if problems:
        raise ConfigurationError(problems_message("the settings file", path, problems))
    return settings


def _meetings(tables: Any, problems: list[str]) -> tuple[Meeting, ...]:
    """The [[meetings]] tables, or the sample's steps when there are none."""
    if tables is None:
        return DEFAULT_MEETINGS
    checked = check({"meetings": tables}, (MEETINGS,))
    problems.extend(checked.problems)
    meetings: list[Meeting] = []
    for table in checked.sections["meetings"]:
        key = table["key"].strip()
        if not key:
            continue
        if not re.fullmatch(r"[a-z][a-z0-9_]*", key) or key in (RETURNS_DUE, "quarter"):
            problems.append(f'meetings "{key}": key must be lower-case letters, digits and _, '
                            f"such as \"committee\", and not {RETURNS_DUE} or quarter")
        elif any(m.key == key for m in meetings):
            problems.append(f'meetings "{key}" is listed twice; keep one [[meetings]] table '
                            "per meeting")
        else:
            meetings.append(Meeting(key, table["name"].strip(), table["days_after"]))
    if not meetings and not problems:
        problems.append("[[meetings]] lists no meeting; list at least the one the report "
                        "goes to, such as key = \"board\", name = \"Board\"")
    return tuple(meetings) or DEFAULT_MEETINGS


def _build(path: Path, checked: Checked, meetings: tuple[Meeting, ...],
           problems: list[str]) -> Settings:
    """The settings from checked values, adding what the schema cannot check."""
    organisation, report = checked.sections["organisation"], checked.sections["report"]
    name, partner = organisation["name"].strip(), organisation["partner"].strip()
    plan_name = organisation["plan_name"].strip()
    plan = organisation["plan"].strip() or (
        "the {plan_name} agreed between {name} and {partner}" if partner else "the {plan_name}")
    unknown = sorted(set(re.findall(r"\{([^{}]*)\}", plan)) - {"name", "partner", "plan_name"})
    if unknown:
        problems.append(f"organisation.plan may name {{name}}, {{partner}} and {{plan_name}} "
                        f"only, not {', '.join('{' + u + '}' for u in unknown)}")
    if "{partner}" in plan and not partner:
        problems.append("organisation.plan names {partner}, but there is no "
                        "organisation.partner; give one, or take {partner} out of the plan")
    if organisation["partner_short"].strip() and not partner:
        problems.append("organisation.partner_short is given without organisation.partner; "
                        "give both, or neither when the plan is your own")
    team = organisation["team"].strip()
    board = organisation["board"].strip()
    first_month = month_number(organisation["year_starts"]) or DEFAULT_FIRST_MONTH
    base = path.resolve().parent
    footer = report["footer"].strip()
    footer_faults = footer_problems(footer)
    problems.extend(footer_faults)
    return Settings(
        path=path,
        organisation=Organisation(
            name=name, short_name=organisation["short_name"].strip(), partner=partner,
            partner_short=organisation["partner_short"].strip() or partner, board=board,
            plan=plan.replace("{name}", name).replace("{partner}", partner).replace(
                "{plan_name}", plan_name),
            plan_name=plan_name, team=team,
            team_short=organisation["team_short"].strip() or team,
            known_in_tables_as=_known_names(organisation["known_in_tables_as"], name),
            returns_contact=" ".join(organisation["returns_contact"].split())),
        author=report["author"].strip(),
        job_title=report["job_title"].strip(),
        footer="" if footer_faults else render_footer(
            footer, {"board": board, "board_date": "", "quarter": ""}),
        footer_template=footer,
        plan_register=base / report["plan_register"].strip(),
        improvement_target=float(report["improvement_target"]),
        indicator_tolerance=float(report["indicator_tolerance"]),
        history=Path(report["history"].strip()),
        reference_docx=_existing(base, report["reference_docx"], "report.reference_docx",
                                 problems),
        benchmark_comparison=report["benchmark_comparison"].strip(),
        covering_templates=tuple(_existing(base, name, "report.covering_templates", problems)
                                 for name in report["covering_templates"]),
        amber_is_exception=checked.get("status.amber_is_exception"),
        status_scheme=_scheme(checked, problems),
        first_month=first_month,
        timetable=_timetable(checked.sections["timetable"], first_month, meetings,
                             report["returns_due_days"], problems),
        chart_limit=report["chart_limit"],
        action_limit=report["action_limit"],
        clinic_reasons=tuple(dict.fromkeys(report["clinic_reasons"])),
        meetings=meetings,
        returns_due_days=report["returns_due_days"],
        resubmission_days=report["resubmission_days"],
        section_words=_section_words(checked.sections["progress_report"], problems),
        poster_indicators=_refs(checked.sections["poster"]["indicators"]),
    )


def _refs(written: str | list[str]) -> tuple[str, ...]:
    """A list of PI refs as written, blanks and repeats dropped."""
    refs = [written] if isinstance(written, str) else written
    return tuple(dict.fromkeys(r.strip() for r in refs if r.strip()))


def _known_names(written: str | list[str], name: str) -> tuple[str, ...]:
    """organisation.known_in_tables_as, blanks dropped; the organisation's name when empty."""
    names = [written] if isinstance(written, str) else written
    return tuple(n.strip() for n in names if n.strip()) or (name,)


def _existing(base: Path, name: str, key: str, problems: list[str]) -> Path:
    """A file named relative to the settings file, which must exist."""
    path = base / name
    if not path.is_file():
        problems.append(f"{key}: the file {path} does not exist; check the name, or copy it "
                        f"from {BUNDLED}")
    return path


def _scheme(checked: Checked, problems: list[str]) -> StatusScheme:
    """The organisation's categories from ``[[status.categories]]``, or the plan's own
    four (Red, Amber, Green, Complete) with the colours of ``[colours]``; the words of
    ``[status.words]`` are added to the categories they name."""
    tables = checked.get("status.categories")
    colours = checked.sections["colours"]
    if tables is None:
        categories = tuple(interned(replace(s, colour=(colours[s.label] or s.colour)
                                            .lstrip("#").upper()))
                           for s in DEFAULT_SCHEME.categories)
        words: dict[Status, list[str]] = {s: list(DEFAULT_SYNONYMS[s]) for s in categories}
        if checked.get("status.words") is not None:
            words = {s: [] for s in categories}
    else:
        given = [name for name, value in colours.items() if value is not None]
        if given:
            problems.append(f"[colours] {', '.join(given)}: with [[status.categories]] each "
                            "category has its own colour; delete the [colours] table")
        categories, words = _categories(tables, problems)
        if not categories:
            return DEFAULT_SCHEME
    _add_words(checked.get("status.words"), categories, words, problems)
    try:
        vocabulary = StatusVocabulary.from_words(words)
    except ValueError as exc:
        problems.append(f"status: {exc}")
        vocabulary = StatusVocabulary.from_words({s: () for s in categories})
    return StatusScheme(categories, vocabulary)


def _categories(tables: list[dict[str, Any]], problems: list[str]
                ) -> tuple[tuple[Status, ...], dict[Status, list[str]]]:
    """The categories of ``[[status.categories]]`` and each one's words (its letter too)."""
    categories: list[Status] = []
    words: dict[Status, list[str]] = {}
    for n, table in enumerate(tables, start=1):
        label = table.get("label")
        where = f'status.categories "{label}"' if isinstance(label, str) else \
            f"status.categories #{n}"
        values = check_keys(table, CATEGORY_KEYS, where, problems)
        if not (values["label"] and values["letter"] and values["meaning"]
                and values["colour"] and values["key"]):
            continue  # the missing key is a problem already
        status = interned(Status(
            label=values["label"].strip(), letter=values["letter"].strip(),
            meaning=Meaning(values["meaning"]),
            colour=values["colour"].lstrip("#").upper(), pattern=values["pattern"],
            key_name=values["key_name"].strip(), key_text=" ".join(values["key"].split()),
            chart_colour=values["chart_colour"].lstrip("#").upper()))
        for other in categories:
            if other.label.lower() == status.label.lower():
                problems.append(f"{where}: the label {status.label} is given twice; "
                                "give each category its own")
            elif other.letter.lower() == status.letter.lower():
                problems.append(f"{where}: the letter {status.letter} is {other.label}'s "
                                "too; give each category its own, as it is printed for "
                                "colour-blind and grey-print readers")
        categories.append(status)
        listed = values["words"]
        words[status] = [status.letter, *([listed] if isinstance(listed, str) else listed)]
    if categories and not any(s.off_track for s in categories):
        problems.append('status.categories: no category means "off track"; the key-date '
                        "rule needs one for an action not done by its key date (Red)")
    if categories and not any(s.done for s in categories):
        problems.append('status.categories: no category means "done"; give the one for '
                        "completed actions (Complete) that meaning")
    return tuple(categories), words


def _add_words(table: dict[str, Any] | None, categories: tuple[Status, ...],
               words: dict[Status, list[str]], problems: list[str]) -> None:
    """The words of ``[status.words]`` under the categories they name (in any case)."""
    allowed = ", ".join(s.label for s in categories)
    for name, synonyms in (table or {}).items():
        status = next((s for s in categories if s.label.lower() == str(name).lower()), None)
        if status is None:
            problems.append(f"status.words.{name} is not a status; allowed: {allowed}")
            continue
        if not isinstance(synonyms, list) or not all(isinstance(w, str) for w in synonyms):
            problems.append(f"status.words.{name} must be a list of words in quotes")
            continue
        if not any(w.strip() for w in synonyms):  # the returns' drop-down would lack the status
            problems.append(f"status.words.{name} lists no words; list the words people write "
                            f"for {status.value}, such as [\"{status.value.lower()}\", "
                            f"\"{status.letter.lower()}\"]")
            continue
        words[status] += synonyms


def _timetable(tables: list[dict[str, Any]], first_month: int, meetings: tuple[Meeting, ...],
               returns_due_days: int | None, problems: list[str]) -> tuple[TimetableEntry, ...]:
    """The timetable's entries whose quarter reads and whose dates are all given; a quarter
    given twice, or steps out of order, are problems (every command refuses them)."""
    entries: list[TimetableEntry] = []
    for n, table in enumerate(tables, start=1):
        try:
            quarter = Quarter.parse(table["quarter"], first_month)
        except ValueError as exc:
            problems.append(f"timetable #{n}: quarter: {exc}")
            continue
        where = f"timetable #{n} (quarter = \"{table['quarter']}\")"
        if any(e.quarter == quarter for e in entries):
            problems.append(f"{where}: {quarter.label} has a timetable already; keep one "
                            "[[timetable]] table per quarter and delete the other")
            continue
        entry = _entry(quarter, table, meetings, returns_due_days)
        if entry is not None:
            problems.extend(f"{where}: {problem}" for problem in _order_problems(entry))
            entries.append(entry)
    return tuple(entries)


def _entry(quarter: Quarter, table: dict[str, Any], meetings: tuple[Meeting, ...],
           returns_due_days: int | None) -> TimetableEntry | None:
    """A quarter's dates: those its table gives, else those the days set give (returns
    due so many days after the quarter end, each meeting so many after the returns);
    None when a date is neither given nor set."""
    returns_due = table.get(RETURNS_DUE)
    if not isinstance(returns_due, date) and returns_due_days is not None:
        returns_due = quarter.end + timedelta(days=returns_due_days)
    if not isinstance(returns_due, date):
        return None
    dates: list[tuple[str, date]] = []
    for meeting in meetings:
        day = table.get(meeting.key)
        if not isinstance(day, date) and meeting.days_after is not None:
            day = returns_due + timedelta(days=meeting.days_after)
        if not isinstance(day, date):
            return None
        dates.append((meeting.key, day))
    return TimetableEntry(quarter=quarter, returns_due=returns_due, meetings=tuple(dates))


def _order_problems(entry: TimetableEntry) -> list[str]:
    """Returns due after the quarter ends, and each step after the one before."""
    steps = entry.dates()
    problems = []
    if steps[0][1] <= entry.quarter.end:
        problems.append(f"returns_due ({steps[0][1]}) is on or before the quarter ends "
                        f"({entry.quarter.end}); set it after the end of the quarter")
    for (step_a, day_a), (step_b, day_b) in zip(steps, steps[1:]):
        if day_b <= day_a:
            when = "on the same day as" if day_b == day_a else "before"
            problems.append(f"{step_b} ({day_b}) is {when} {step_a} ({day_a}); put the steps "
                            f"in order, each on a later day: "
                            f"{', '.join(step for step, _ in steps)}")
    return problems
