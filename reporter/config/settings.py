"""Settings: the organisation, the report's author and footer, the status
vocabulary, colours and the reporting timetable, read from a TOML file.

Every key is checked; a wrong or unknown key raises ConfigurationError naming
the key and what is allowed, so a typo never silently changes a report.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reporter.errors import ConfigurationError
from reporter.periods import Quarter
from reporter.status import Status, StatusVocabulary

DEFAULT_SETTINGS = Path(__file__).resolve().parents[2] / "input_templates" / "settings.toml"

TIMETABLE_STEPS: tuple[str, ...] = (
    "returns_due",
    "psi_draft",
    "liaison_meeting",
    "board",
    "cabinet_member",
)
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
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")

TIMETABLE_TITLES: dict[str, str] = {
    "returns_due": "Returns due from directorates",
    "psi_draft": "PSI draft report",
    "liaison_meeting": "Liaison meeting",
    "board": "Board",
    "cabinet_member": "Cabinet member",
}


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    partner: str
    partner_short: str
    board: str
    # How running text names the plan: "the Improvement Plan agreed between ... and ..."
    plan: str = ""

    @property
    def plan_sentence_start(self) -> str:
        """``plan`` at the start of a sentence: "The Improvement Plan agreed ..."."""
        return self.plan[:1].upper() + self.plan[1:]


@dataclass(frozen=True)
class TimetableEntry:
    quarter: Quarter
    returns_due: date
    psi_draft: date
    liaison_meeting: date
    board: date
    cabinet_member: date

    def dates(self) -> list[tuple[str, date]]:
        """(step, date) in the order the steps must happen."""
        return [(step, getattr(self, step)) for step in TIMETABLE_STEPS]


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
    vocabulary: StatusVocabulary
    colours: dict[Status, str]
    timetable: tuple[TimetableEntry, ...]
    footer_template: str = ""  # report.footer as written, with its {placeholders}
    chart_limit: int = 200  # the most indicators the performance report charts
    action_limit: int = 2000  # the most actions the progress report lists one by one

    def timetable_for(self, quarter: Quarter) -> TimetableEntry | None:
        return next((t for t in self.timetable if t.quarter == quarter), None)

    def footer_for(self, quarter: Quarter | None) -> str:
        """The footer line of a quarter's pack: ``{board}``, ``{board_date}`` (from the
        timetable, ``27 January 2010``) and ``{quarter}`` (``Q3 2009/10``) filled in. A
        placeholder with no value (no timetable entry for the quarter) is left out with
        its separator: ``2010 Board / Delivering Improvement / IR``."""
        entry = self.timetable_for(quarter) if quarter is not None else None
        values = {
            "board": self.organisation.board,
            "board_date": "" if entry is None else _long_date(entry.board),
            "quarter": "" if quarter is None else quarter.label,
        }
        return render_footer(self.footer_template or self.footer, values)

    def exception_statuses(self) -> frozenset[Status]:
        """The statuses that demand narrative: Red, and Amber when the settings say so."""
        if self.amber_is_exception:
            return frozenset({Status.RED, Status.AMBER})
        return frozenset({Status.RED})


_SCHEMA: dict[str, set[str]] = {
    "organisation": {"name", "short_name", "partner", "partner_short", "board", "plan"},
    "report": {
        "author",
        "job_title",
        "footer",
        "plan_register",
        "improvement_target",
        "indicator_tolerance",
        "history",
        "reference_docx",
        "covering_templates",
        "benchmark_comparison",
        "chart_limit",
        "action_limit",
    },
    "status": {"amber_is_exception", "words"},
    "colours": {s.value for s in Status},
    "timetable": {"quarter", *TIMETABLE_STEPS},
}
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def footer_problems(template: str) -> list[str]:
    """What is wrong with a footer line's placeholders (empty when nothing)."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return [f"report.footer has a stray brace ({exc}); write placeholders as {{board}}, "
                "or double a brace to print it"]
    allowed = ", ".join(f"{{{name}}}" for name in FOOTER_PLACEHOLDERS)
    problems = []
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in FOOTER_PLACEHOLDERS:
            problems.append(f"report.footer uses the placeholder {{{name}}}, which does not "
                            f"exist; allowed: {allowed}")
        elif spec or conversion:
            problems.append(f"report.footer: write the placeholder as {{{name}}}, with nothing "
                            "after its name")
    return problems


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
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(
            f"settings file not found: {path}. Pass --settings with the path to your "
            f"settings.toml, or copy input_templates/settings.toml and edit it."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}") from None
    problems: list[str] = []
    settings = _build(path, raw, problems)
    if problems:
        raise ConfigurationError(
            f"the settings file {path} has {len(problems)} problem(s):\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    assert settings is not None
    return settings


def _build(path: Path, raw: dict[str, Any], problems: list[str]) -> Settings | None:
    for key in raw:
        if key not in _SCHEMA:
            problems.append(f"unknown section [{key}]; allowed: {', '.join(sorted(_SCHEMA))}")
    for section, allowed in _SCHEMA.items():
        value = raw.get(section, [] if section == "timetable" else {})
        tables = value if isinstance(value, list) else [value]
        for table in tables:
            if not isinstance(table, dict):
                problems.append(f"[{section}] must be a table of keys")
                continue
            for key in table:
                if key not in allowed:
                    problems.append(
                        f"unknown key {section}.{key}; allowed: {', '.join(sorted(allowed))}"
                    )

    def text(section: str, key: str, default: str | None = None) -> str:
        value = raw.get(section, {}).get(key, default)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{section}.{key} must be a non-empty text, got {value!r}")
            return ""
        return value.strip()

    def fraction(key: str, default: float) -> float:
        value = raw.get("report", {}).get(key, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            problems.append(
                f"report.{key} must be a fraction between 0 and 1 (0.70 for 70%), got {value!r}"
            )
            return default
        return float(value)

    def count(key: str, default: int, least: int) -> int:
        value = raw.get("report", {}).get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            problems.append(f"report.{key} must be a whole number, {least} or more, "
                            f"got {value!r}")
            return default
        return value

    name, partner = text("organisation", "name"), text("organisation", "partner")
    plan = text("organisation", "plan", "the Improvement Plan agreed between {name} and {partner}")
    unknown = sorted(set(re.findall(r"\{([^{}]*)\}", plan)) - {"name", "partner"})
    if unknown:
        problems.append(f"organisation.plan may name {{name}} and {{partner}} only, not "
                        f"{', '.join('{' + u + '}' for u in unknown)}")
    organisation = Organisation(
        name=name,
        short_name=text("organisation", "short_name"),
        partner=partner,
        partner_short=text("organisation", "partner_short"),
        board=text("organisation", "board"),
        plan=plan.replace("{name}", name).replace("{partner}", partner),
    )
    base = path.resolve().parent
    amber = raw.get("status", {}).get("amber_is_exception", False)
    if not isinstance(amber, bool):
        problems.append(f"status.amber_is_exception must be true or false, got {amber!r}")
        amber = False
    footer = text("report", "footer")
    footer_faults = footer_problems(footer)
    problems.extend(footer_faults)
    return Settings(
        path=path,
        organisation=organisation,
        author=text("report", "author"),
        job_title=text("report", "job_title"),
        footer="" if footer_faults else render_footer(
            footer, {"board": organisation.board, "board_date": "", "quarter": ""}),
        footer_template=footer,
        plan_register=base / text("report", "plan_register", "improvement_plan.xlsx"),
        improvement_target=fraction("improvement_target", 0.70),
        indicator_tolerance=fraction("indicator_tolerance", 0.05),
        history=Path(text("report", "history", "output/history.sqlite")),
        reference_docx=_existing(base, raw.get("report", {}).get("reference_docx",
                                                                  "reference.docx"),
                                 "report.reference_docx", problems),
        benchmark_comparison=text("report", "benchmark_comparison", "All England comparison"),
        covering_templates=tuple(
            _existing(base, name, "report.covering_templates", problems)
            for name in _names(raw.get("report", {}).get(
                "covering_templates", ["covering_report.docx"]), problems)),
        amber_is_exception=amber,
        vocabulary=_vocabulary(raw.get("status", {}).get("words"), problems),
        colours=_colours(raw.get("colours", {}), problems),
        timetable=_timetable(raw.get("timetable", []), problems),
        chart_limit=count("chart_limit", 200, least=1),
        action_limit=count("action_limit", 2000, least=1),
    )


def _names(value: Any, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.append("report.covering_templates must be a list of Word templates in quotes, "
                        f"such as [\"covering_report.docx\"], got {value!r}")
        return []
    return value


def _existing(base: Path, name: Any, key: str, problems: list[str]) -> Path:
    """A file named relative to the settings file, which must exist."""
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{key} must name a file in quotes, got {name!r}")
        return base
    path = base / name
    if not path.is_file():
        problems.append(f"{key}: the file {path} does not exist; check the name, or copy it "
                        "from input_templates/")
    return path


def _vocabulary(words: Any, problems: list[str]) -> StatusVocabulary:
    if words is None:
        return StatusVocabulary.default()
    if not isinstance(words, dict):
        problems.append("status.words must be a table: Red = [...], Amber = [...], ...")
        return StatusVocabulary.default()
    by_status: dict[Status, list[str]] = {}
    for name, synonyms in words.items():
        status = next((s for s in Status if s.value.lower() == str(name).lower()), None)
        if status is None:
            problems.append(
                f"status.words.{name} is not a status; allowed: Red, Amber, Green, Complete"
            )
            continue
        if not isinstance(synonyms, list) or not all(isinstance(w, str) for w in synonyms):
            problems.append(f"status.words.{name} must be a list of words in quotes")
            continue
        by_status[status] = synonyms
    try:
        return StatusVocabulary.from_words(by_status)
    except ValueError as exc:
        problems.append(f"status.words: {exc}")
        return StatusVocabulary.default()


def _colours(raw: Any, problems: list[str]) -> dict[Status, str]:
    colours = {Status.RED: "C00000", Status.AMBER: "FFC000", Status.GREEN: "00B050",
               Status.COMPLETE: "0070C0"}
    for status in Status:
        value = raw.get(status.value) if isinstance(raw, dict) else None
        if value is None:
            continue
        if not isinstance(value, str) or not _HEX.match(value.lstrip("#")):
            problems.append(
                f"colours.{status.value} must be six hex digits such as \"C00000\", got {value!r}"
            )
            continue
        colours[status] = value.lstrip("#").upper()
    return colours


def _timetable(raw: Any, problems: list[str]) -> tuple[TimetableEntry, ...]:
    if not isinstance(raw, list):
        problems.append("timetable must be written as [[timetable]] tables, one per quarter")
        return ()
    entries: list[TimetableEntry] = []
    for n, table in enumerate(raw, start=1):
        if not isinstance(table, dict):
            continue
        where = f"timetable #{n}"
        try:
            quarter = Quarter.parse(str(table.get("quarter", "")))
        except ValueError as exc:
            problems.append(f"{where}: quarter: {exc}")
            continue
        where = f"timetable for {quarter.code}"
        dates: dict[str, date] = {}
        for step in TIMETABLE_STEPS:
            value = table.get(step)
            if not isinstance(value, date):
                problems.append(
                    f"{where}: {step} must be a date written like 2010-01-08 (no quotes), "
                    f"got {value!r}"
                )
                continue
            dates[step] = value
        if len(dates) == len(TIMETABLE_STEPS):
            entries.append(TimetableEntry(quarter=quarter, **dates))
    return tuple(entries)
