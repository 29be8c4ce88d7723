"""The plan register: themes, outcomes, key actions, indicators, directorates and
external recommendations, as the PSI officer keeps them in Excel.

``load_plan(path)`` reads ``input_templates/improvement_plan.xlsx`` into typed,
frozen records. A broken register raises one ``PlanError`` that lists every
problem at once (sheet, cell and fix), not just the first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from reporter.cells import cell_text, column_letter, parse_number
from reporter.errors import ConfigurationError
from reporter.findings import Finding, Severity
from reporter.key_dates import KeyDate, parse_key_date
from reporter.periods import DEFAULT_FIRST_MONTH, FinancialYear
from reporter.sheets import Workbook, WorkbookError, open_workbook

# Sheet name -> the column titles it must have. Other columns are reported, not read.
# Indicators may also have year-keyed columns: "Target 2009/10", "Outturn 2008/09",
# "Quartile 2008/09" (Top 25%, Above Average, Below Average, Bottom 25%) and profiled
# targets "Target Q3 2009/10" (the target for the year to date at the end of Q3).
REGISTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "Themes": ("Theme", "Title"),
    "Outcomes": ("Ref", "Theme", "Outcome"),
    "Directorates": ("Directorate", "Lead director", "Contact"),
    "Actions": (
        "Ref",
        "Outcome",
        "Key action",
        "Key date",
        "Lead directorate",
        "Success criteria",
        "Agreed revised date",
    ),
    "Indicators": (
        "PI ref",
        "Description",
        "Unit",
        "Polarity",
        "Owner directorate",
        "Theme",
        "Benchmarked",
    ),
    "Recommendations": (
        "Ref",
        "Source",
        "Recommendation",
        "Lead directorate",
        "Original date",
        "Revised date",
    ),
}

# Optional columns: known, read when present (an indicator without its basis columns
# takes a default from its unit, with a warning).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    # The indicators an action's success criteria name, so a Complete action whose
    # indicator misses its target is queried (reporter.cross_checks).
    "Actions": ("Indicators",),
    "Indicators": ("Frequency", "Year to date", "Minimum", "Maximum", "Decimals",
                   "Due quarter"),
}
# Optional marks, read where an organisation adds them (not in a new register): Headline
# (Yes for the plan's headline indicators, which the poster shows).
MARK_COLUMNS: dict[str, tuple[str, ...]] = {"Indicators": ("Headline",)}

QUARTILES: tuple[str, ...] = ("Top 25%", "Above Average", "Below Average", "Bottom 25%")
# "none": a data-only indicator, shown with its trend and never judged.
POLARITIES: tuple[str, ...] = ("higher", "lower", "none")
FREQUENCIES: tuple[str, ...] = ("monthly", "quarterly", "annual")
# How the figures of the year add up: counts and money are summed; rates, percentages and
# averages are the mean of the period figures; cumulative or snapshot figures are the latest.
YEAR_TO_DATE_RULES: tuple[str, ...] = ("sum", "average", "latest")
# What an indicator without the basis columns is assumed to be (the tool's old rule).
_SUMMED_UNITS: frozenset[str] = frozenset({"number"})

# What an action's Indicators cell writes for the plan's improvement headline (the share
# of comparable indicators better than last year, against settings.improvement_target):
# a success criterion such as "70% of key benchmarked indicators show improvement" names
# the headline, not any one indicator.
SHARE_IMPROVED = "Share improved"

ACTION_REF = re.compile(r"^(?P<outcome>\d+\.\d+)\s*(?P<letter>[a-z])$")
OUTCOME_REF = re.compile(r"^(?P<theme>\d+)\.(?P<n>\d+)$")
_YEAR_COLUMN = re.compile(r"^(Target|Outturn|Quartile)\s+(?:Q([1-4])\s+)?(\d{4}\s*/\s*\d{2})$",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Theme:
    number: int
    title: str


@dataclass(frozen=True)
class Outcome:
    ref: str  # "1.3"
    theme: int
    title: str


@dataclass(frozen=True)
class Directorate:
    name: str  # "Operations"
    lead_director: str  # "Director of Operations"
    contact: str = ""  # whom to ask about the return


@dataclass(frozen=True)
class Action:
    """A key action of the plan. The plan's key date governs its status."""

    ref: str  # "1.3a"
    outcome: str  # "1.3"
    text: str
    key_date: KeyDate
    directorate: str
    success_criteria: str
    agreed_revised_date: KeyDate | None = None
    # PI refs its success criteria name (as on the Indicators sheet), and SHARE_IMPROVED
    # for the plan's improvement headline
    indicators: tuple[str, ...] = ()

    @property
    def letter(self) -> str:
        """``a`` for 1.3a, as the Board pack lists them (``a)``); an organisation's own ref
        that does not start with its outcome (``HDC-07``) is shown whole."""
        rest = self.ref.removeprefix(self.outcome)
        return rest if rest != self.ref and rest.isalpha() and len(rest) <= 2 else self.ref

    @property
    def governing_date(self) -> KeyDate:
        """The key date that counts: an agreed revision recorded in the plan, else the key date."""
        if self.agreed_revised_date is not None and self.agreed_revised_date.parsed:
            return self.agreed_revised_date
        return self.key_date

    @property
    def key_date_display(self) -> str:
        """The key date as a return shows it: ``Nov 09 (agreed revision: Mar 10)``."""
        revised = self.agreed_revised_date
        if revised is not None and revised.text.strip():
            return f"{self.key_date.text} (agreed revision: {revised.text})"
        return self.key_date.text

    def due_for(self, on_or_after: date) -> date | None:
        """The date this action is due by, for a quarter ending ``on_or_after`` (recurring
        aware)."""
        return self.governing_date.next_due(on_or_after)


@dataclass(frozen=True)
class Indicator:
    """A performance indicator (KPI / LPI): what it measures, how often, how its figures add
    up over the year, which way is better, its targets and past outturns."""

    ref: str  # "BV 66a"
    description: str
    unit: str  # free text: "%", "days", "per 1,000 population", "£k"
    polarity: str  # "higher" or "lower" is better; "none" for a data-only indicator
    directorate: str
    theme: int | None = None
    benchmarked: bool = False
    targets: dict[str, float] = field(default_factory=dict)  # "2009/10" -> year-end target
    outturns: dict[str, float] = field(default_factory=dict)  # "2008/09" -> outturn
    quartiles: dict[str, str] = field(default_factory=dict)  # "2008/09" -> "Top 25%"
    frequency: str = "monthly"  # one of FREQUENCIES
    year_to_date: str = "average"  # one of YEAR_TO_DATE_RULES
    # "Q3 2009/10" -> the target for the year to date at the end of that quarter
    profiled_targets: dict[str, float] = field(default_factory=dict)
    minimum: float | None = None  # bounds a return's figure (see ``bounds``)
    maximum: float | None = None
    decimals: int | None = None  # how figures are rounded when shown; None: as they come
    due_quarter: int = 4  # an annual indicator's figure is due in this quarter
    assumed: tuple[str, ...] = ()  # basis columns the register left out: taken from the unit
    headline: bool = False  # one of the plan's headline indicators (the poster shows them)

    @property
    def higher_is_better(self) -> bool:
        return self.polarity == "higher"

    @property
    def judged(self) -> bool:
        """False for a data-only indicator: never better or worse, on or off target."""
        return self.polarity in ("higher", "lower")

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def basis_assumed(self) -> bool:
        return bool(self.assumed)

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The lowest and highest figure a return may hold: the register's Minimum and
        Maximum, and for a percentage 0 to 100 where the register does not say otherwise.
        The return's drop-down rule and the reader both use this."""
        low = self.minimum if self.minimum is not None else (0.0 if self.is_percentage else None)
        high = self.maximum if self.maximum is not None else (
            100.0 if self.is_percentage else None)
        return low, high

    def target_for(self, year: FinancialYear) -> float | None:
        return self.targets.get(year.label)

    def profiled_target(self, quarter_label: str) -> float | None:
        """The target for the year to date at the end of a quarter ("Q3 2009/10"), if set."""
        return self.profiled_targets.get(quarter_label)


@dataclass(frozen=True)
class Recommendation:
    """An external recommendation (inspection, award partial compliance) tracked like an action."""

    ref: str
    source: str  # "Audit Commission inspection", "Customer Service Excellence"
    text: str
    directorate: str
    original_date: KeyDate
    revised_date: KeyDate | None = None


@dataclass(frozen=True)
class Plan:
    themes: tuple[Theme, ...]
    outcomes: tuple[Outcome, ...]
    directorates: tuple[Directorate, ...]
    actions: tuple[Action, ...]
    indicators: tuple[Indicator, ...]
    recommendations: tuple[Recommendation, ...] = ()
    # Warnings about the register that do not stop it loading: an indicator whose basis
    # was assumed, a column the reader does not know.
    warnings: tuple[Finding, ...] = ()
    # The financial year's first month the key dates were read in (the settings'
    # year_starts): what a return's quarter and figure columns are read in too.
    first_month: int = DEFAULT_FIRST_MONTH

    # Lookups by key, built once per plan: a large organisation's plan has thousands of
    # actions, and a linear search per row made validation and writing quadratic.
    @cached_property
    def _by_key(self) -> dict[str, dict[object, object]]:
        return {
            "theme": {t.number: t for t in self.themes},
            "outcome": {o.ref: o for o in self.outcomes},
            "directorate": {d.name: d for d in self.directorates},
            "action": {a.ref: a for a in self.actions},
            "indicator": {i.ref: i for i in self.indicators},
        }

    @cached_property
    def _by_directorate(self) -> dict[str, tuple[tuple[Action, ...], tuple[Indicator, ...],
                                                  tuple[Recommendation, ...]]]:
        grouped: dict[str, tuple[list[Action], list[Indicator], list[Recommendation]]] = {}
        for name in [d.name for d in self.directorates]:
            grouped[name] = ([], [], [])
        for action in self.actions:
            grouped.setdefault(action.directorate, ([], [], []))[0].append(action)
        for indicator in self.indicators:
            grouped.setdefault(indicator.directorate, ([], [], []))[1].append(indicator)
        for recommendation in self.recommendations:
            grouped.setdefault(recommendation.directorate, ([], [], []))[2].append(recommendation)
        return {name: (tuple(a), tuple(i), tuple(r)) for name, (a, i, r) in grouped.items()}

    def theme(self, number: int) -> Theme:
        return self._by_key["theme"][number]  # type: ignore[return-value]

    def outcome(self, ref: str) -> Outcome:
        return self._by_key["outcome"][ref]  # type: ignore[return-value]

    def directorate(self, name: str) -> Directorate:
        return self._by_key["directorate"][name]  # type: ignore[return-value]

    def action(self, ref: str) -> Action | None:
        return self._by_key["action"].get(ref)  # type: ignore[return-value]

    def indicator(self, ref: str) -> Indicator | None:
        return self._by_key["indicator"].get(ref)  # type: ignore[return-value]

    def actions_of(self, directorate: str) -> tuple[Action, ...]:
        return self._by_directorate.get(directorate, ((), (), ()))[0]

    def indicators_of(self, directorate: str) -> tuple[Indicator, ...]:
        return self._by_directorate.get(directorate, ((), (), ()))[1]

    def recommendations_of(self, directorate: str) -> tuple[Recommendation, ...]:
        return self._by_directorate.get(directorate, ((), (), ()))[2]

    def actions_by_outcome(self) -> dict[str, tuple[Action, ...]]:
        """Outcome ref -> its actions, in plan order."""
        grouped: dict[str, list[Action]] = {}
        for action in self.actions:
            grouped.setdefault(action.outcome, []).append(action)
        return {ref: tuple(actions) for ref, actions in grouped.items()}


def plan_fingerprint(plan: Plan, directorate: str) -> str:
    """A short hash of the plan text a directorate's return carries locked.

    Written into each return's metadata, so reading back can tell a return whose
    locked text was altered, or one made from an older version of the plan.
    """
    parts = [part for action in plan.actions_of(directorate) for part in (
        action.ref, action.text, action.key_date.text, action.success_criteria)]
    parts += [indicator.ref for indicator in plan.indicators_of(directorate)]
    text = "".join(f"{part}\x1f" for part in parts)  # one hash update: checked per return
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class PlanError(ConfigurationError):
    """The register has problems; ``findings`` lists every one of them."""

    def __init__(self, path: Path, findings: list[Finding]):
        self.path = path
        self.findings = findings
        lines = [f"The plan register {path} has {len(findings)} problem(s):"]
        lines += [f"  - {f}" for f in findings]
        super().__init__("\n".join(lines))


def load_plan(path: Path | str, first_month: int = DEFAULT_FIRST_MONTH) -> Plan:
    """Read the plan register; raise PlanError listing every problem found. Key dates
    such as ``Q3 2009/10`` are read in the year starting in ``first_month``."""
    path = Path(path)
    if not path.exists():
        raise ConfigurationError(
            f"plan register not found: {path}. Check report.plan_register in the settings."
        )
    reader = _RegisterReader(path.name, first_month)
    try:
        # sheets bounds every sheet: a stray value far down (XFD1048576) is not a rectangle
        with open_workbook(path, path.name) as workbook:
            tables = {name: reader.rows(workbook, name) for name in REGISTER_COLUMNS}
    except WorkbookError as exc:  # an unreadable workbook: say which file, why and what to do
        raise ConfigurationError(
            f"cannot open the plan register {path}: {exc.message} {exc.fix}") from None
    plan = reader.build(tables)
    if reader.findings:
        raise PlanError(path, reader.findings)
    return plan


Row = dict[str, tuple[object, str]]  # column title -> (value, cell reference)


@dataclass
class _YearColumns:
    """An indicator's year-keyed columns, as read."""

    targets: dict[str, float] = field(default_factory=dict)
    outturns: dict[str, float] = field(default_factory=dict)
    quartiles: dict[str, str] = field(default_factory=dict)
    profiled: dict[str, float] = field(default_factory=dict)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    return cell_text(value)


class _RegisterReader:
    """Collects the register's rows and every problem found in them."""

    def __init__(self, filename: str, first_month: int = DEFAULT_FIRST_MONTH):
        self.filename = filename
        self.first_month = first_month
        self.findings: list[Finding] = []
        self.warnings: list[Finding] = []
        self.uncached: set[tuple[str, str]] = set()  # (sheet, cell): a formula never calculated

    def problem(self, sheet: str, cell: str, message: str, fix: str) -> None:
        self.findings.append(
            Finding(Severity.ERROR, "plan-register", message, fix, file=self.filename,
                    sheet=sheet, cell=cell)
        )

    def warning(self, rule: str, sheet: str, cell: str, message: str, fix: str) -> None:
        self.warnings.append(Finding(Severity.WARNING, rule, message, fix, file=self.filename,
                                     sheet=sheet, cell=cell))

    def rows(self, workbook: Workbook, sheet: str) -> list[Row]:
        if sheet not in workbook.sheet_names:
            self.problem(sheet, "", f"the sheet '{sheet}' is missing.",
                         f"Add a sheet named '{sheet}' with the columns "
                         f"{', '.join(REGISTER_COLUMNS[sheet])}.")
            return []
        rows = list(workbook.rows(sheet))
        self.uncached |= {(sheet, cell) for cell in workbook.uncached_formulas(sheet)}
        header_index = next(
            (i for i, row in enumerate(rows[:10])
             if any(_text(v) == REGISTER_COLUMNS[sheet][0] for v in row)),
            None,
        )
        if header_index is None:
            self.problem(sheet, "A1", f"no header row with '{REGISTER_COLUMNS[sheet][0]}' "
                         "in the first 10 rows.",
                         f"Put the column titles {', '.join(REGISTER_COLUMNS[sheet])} in row 1.")
            return []
        titles = [_text(v) for v in rows[header_index]]
        for title in REGISTER_COLUMNS[sheet]:
            if title not in titles:
                self.problem(sheet, f"A{header_index + 1}", f"the column '{title}' is missing.",
                             f"Add a column titled '{title}' to the header row.")
        known = {*REGISTER_COLUMNS[sheet], *OPTIONAL_COLUMNS.get(sheet, ()),
                 *MARK_COLUMNS.get(sheet, ())}
        for col, title in enumerate(titles, start=1):
            if title and title not in known and not (
                    sheet == "Indicators" and _YEAR_COLUMN.match(title)):
                self.warning("plan-register-column", sheet,
                             f"{column_letter(col)}{header_index + 1}",
                             f"the column '{title}' is not one the reporter reads, so it is "
                             "ignored.",
                             f"Rename it to one of: {', '.join(sorted(known))}"
                             + (", or a year column such as 'Target 2009/10'"
                                if sheet == "Indicators" else "")
                             + "; or delete it if it is only a note.")
        result: list[Row] = []
        for offset, values in enumerate(rows[header_index + 1:], start=header_index + 2):
            if all(_blank(v) for v in values):
                continue
            result.append({
                title: (value, f"{column_letter(col)}{offset}")
                for col, (title, value) in enumerate(zip(titles, values), start=1)
                if title
            })
        return result

    def build(self, sheets: dict[str, list[Row]]) -> Plan:
        themes = self._themes(sheets["Themes"])
        directorates = self._directorates(sheets["Directorates"])
        outcomes = self._outcomes(sheets["Outcomes"], {t.number for t in themes})
        names = {d.name for d in directorates}
        indicators = self._indicators(sheets["Indicators"], names, {t.number for t in themes})
        actions = self._actions(sheets["Actions"], {o.ref for o in outcomes}, names,
                                [i.ref for i in indicators])
        recommendations = self._recommendations(sheets["Recommendations"], names)
        return Plan(tuple(themes), tuple(outcomes), tuple(directorates), tuple(actions),
                    tuple(indicators), tuple(recommendations), tuple(self.warnings),
                    self.first_month)

    def _get(self, sheet: str, row: Row, title: str) -> tuple[object, str]:
        return row.get(title, (None, ""))

    def _required_text(self, sheet: str, row: Row, title: str) -> str:
        value, cell = self._get(sheet, row, title)
        if _blank(value) and title in row:
            self.problem(sheet, cell, f"'{title}' is empty.", f"Fill in the {title.lower()}.")
        return _text(value)

    def _integer(self, sheet: str, row: Row, title: str) -> int | None:
        value, cell = self._get(sheet, row, title)
        number = parse_number(value)
        if number is not None and number.is_integer():
            return int(number)
        if title in row:
            self.problem(sheet, cell, f"'{title}' must be a whole number, got {value!r}.",
                         "Write the theme number, such as 1.")
        return None

    def _themes(self, rows: list[Row]) -> list[Theme]:
        themes: list[Theme] = []
        for row in rows:
            number = self._integer("Themes", row, "Theme")
            title = self._required_text("Themes", row, "Title")
            if number is None:
                continue
            if any(t.number == number for t in themes):
                self.problem("Themes", row["Theme"][1], f"theme {number} is listed twice.",
                             "Give each theme its own number.")
                continue
            themes.append(Theme(number, title))
        return themes

    def _directorates(self, rows: list[Row]) -> list[Directorate]:
        result: list[Directorate] = []
        for row in rows:
            name = self._required_text("Directorates", row, "Directorate")
            if not name:
                continue
            if any(d.name.lower() == name.lower() for d in result):
                self.problem("Directorates", row["Directorate"][1],
                             f"the directorate '{name}' is listed twice.", "Keep one row for it.")
                continue
            result.append(Directorate(
                name,
                self._required_text("Directorates", row, "Lead director"),
                _text(self._get("Directorates", row, "Contact")[0]),
            ))
        return result

    def _outcomes(self, rows: list[Row], themes: set[int]) -> list[Outcome]:
        result: list[Outcome] = []
        for row in rows:
            ref_value, ref_cell = self._get("Outcomes", row, "Ref")
            ref = _text(ref_value)
            theme = self._integer("Outcomes", row, "Theme")
            title = self._required_text("Outcomes", row, "Outcome")
            if not ref:
                self.problem("Outcomes", ref_cell, "the outcome ref is empty.",
                             "Give the outcome its ref, such as 1.3 or HOU-2.")
                continue
            if any(o.ref == ref for o in result):
                self.problem("Outcomes", ref_cell, f"the outcome {ref} is listed twice.",
                             "Give each outcome its own ref.")
                continue
            # Any ref an organisation uses; one written theme.number must agree with its theme.
            match = OUTCOME_REF.match(ref)
            if theme is not None and theme not in themes:
                self.problem("Outcomes", row["Theme"][1], f"theme {theme} of outcome {ref} "
                             "is not on the Themes sheet.", "Add the theme or correct the number.")
            elif theme is not None and match and int(match["theme"]) != theme:
                self.problem("Outcomes", ref_cell, f"outcome {ref} is filed under theme {theme}.",
                             f"Start the ref with its theme number ({theme}.n) or correct the "
                             "theme.")
            if theme is not None:
                result.append(Outcome(ref, theme, title))
        return result

    def _key_date(self, sheet: str, row: Row, title: str, required: bool) -> KeyDate | None:
        value, cell = self._get(sheet, row, title)
        if (sheet, cell) in self.uncached:  # read as blank, which would mean "no date"
            self.problem(sheet, cell, f"the {title.lower()} is a formula with no value saved, "
                         "so it cannot be read.", "Type the date itself in the cell (or open "
                         "the register in Excel, let it calculate and save it).")
            return None
        if _blank(value) and not required:
            return None
        key_date = parse_key_date(value, self.first_month)
        if not key_date.parsed:
            self.problem(sheet, cell, f"the {title.lower()} '{key_date.text}' is not understood.",
                         "Write a date such as 31/03/2010, a month such as Mar 10, a quarter "
                         "such as Q4 2009/10, or Ongoing / TBC.")
        return key_date

    def _revision_before(self, row: Row, key_date: KeyDate | None,
                         revised: KeyDate | None) -> None:
        """An agreed revision more than a year before the key date is a mistyped year
        (2005 for 2010): it would make the action overdue years ago."""
        if key_date is None or revised is None or key_date.due is None or revised.due is None:
            return
        if revised.due < key_date.due - timedelta(days=366):
            self.problem("Actions", row["Agreed revised date"][1],
                         f"the agreed revised date '{revised.text}' is more than a year before "
                         f"the key date '{key_date.text}'.",
                         "Check the year of the agreed revised date: a revision moves the key "
                         "date, usually later.")

    def _directorate(self, sheet: str, row: Row, title: str, names: set[str]) -> str:
        name = self._required_text(sheet, row, title)
        known = {n.lower(): n for n in names}
        if name and name.lower() not in known:
            self.problem(sheet, row[title][1], f"the directorate '{name}' is not on the "
                         "Directorates sheet.",
                         f"Use one of: {', '.join(sorted(names))}, or add it there.")
            return name
        return known.get(name.lower(), name)

    def _actions(self, rows: list[Row], outcomes: set[str], names: set[str],
                 indicator_refs: list[str]) -> list[Action]:
        result: list[Action] = []
        indicators = {r.casefold(): r for r in (*indicator_refs, SHARE_IMPROVED)}
        for row in rows:
            ref_value, ref_cell = self._get("Actions", row, "Ref")
            ref, outcome = _text(ref_value), _text(self._get("Actions", row, "Outcome")[0])
            # Any ref an organisation uses ("HDC-07"), with its outcome in its own column; a
            # ref written outcome-and-letter ("1.3 a") is kept compact and may leave the
            # outcome column blank.
            match = ACTION_REF.match(ref.replace(" ", ""))
            if match:
                ref = ref.replace(" ", "")
                if outcome and outcome != match["outcome"]:
                    self.problem("Actions", row["Outcome"][1], f"action {ref} is filed under "
                                 f"outcome {outcome}.", f"Set the outcome to {match['outcome']} "
                                 "or correct the ref.")
                outcome = outcome or match["outcome"]
            if not ref:
                self.problem("Actions", ref_cell, "the action ref is empty.",
                             "Give the action its ref, such as 1.3a or HDC-07.")
                continue
            if any(a.ref.casefold() == ref.casefold() for a in result):
                self.problem("Actions", ref_cell, f"the action {ref} is listed twice.",
                             "Give each action its own ref.")
                continue
            if not outcome:
                self.problem("Actions", row.get("Outcome", (None, ref_cell))[1],
                             f"the outcome of action {ref} is empty.",
                             "Write the ref of the outcome it serves, as on the Outcomes sheet.")
            elif outcome not in outcomes:
                self.problem("Actions", row.get("Outcome", (None, ref_cell))[1],
                             f"the outcome {outcome} of action {ref} is not on the Outcomes "
                             "sheet.", "Add the outcome or correct the ref.")
            key_date = self._key_date("Actions", row, "Key date", required=True)
            revised = self._key_date("Actions", row, "Agreed revised date", required=False)
            self._revision_before(row, key_date, revised)
            result.append(Action(
                ref=ref,
                outcome=outcome,
                text=self._required_text("Actions", row, "Key action"),
                key_date=key_date or parse_key_date(None),
                directorate=self._directorate("Actions", row, "Lead directorate", names),
                success_criteria=_text(self._get("Actions", row, "Success criteria")[0]),
                agreed_revised_date=revised,
                indicators=self._linked(row, ref, indicators),
            ))
        return result

    def _linked(self, row: Row, ref: str, indicators: dict[str, str]) -> tuple[str, ...]:
        """The indicators an action's Indicators cell names (refs separated by commas, as
        the Indicators sheet writes them, any case); an unknown ref is a problem."""
        value, cell = self._get("Actions", row, "Indicators")
        refs: list[str] = []
        for part in ("" if _blank(value) else _text(value)).split(","):
            written = " ".join(part.split())
            if not written:
                continue
            known = indicators.get(written.casefold())
            if known is None:
                self.problem("Actions", cell, f"the indicator '{written}' linked to action "
                             f"{ref} is not on the Indicators sheet.",
                             "Write the PI refs its success criteria name as the Indicators "
                             f"sheet writes them, separated by commas, or '{SHARE_IMPROVED}' for "
                             "the share of indicators improved; or clear the cell.")
            elif known not in refs:
                refs.append(known)
        return tuple(refs)

    def _indicators(self, rows: list[Row], names: set[str], themes: set[int]) -> list[Indicator]:
        result: list[Indicator] = []
        for row in rows:
            ref_value, ref_cell = self._get("Indicators", row, "PI ref")
            ref = _text(ref_value)
            if not ref:
                self.problem("Indicators", ref_cell, "the PI ref is empty.",
                             "Give the indicator its reference, such as BV 66a.")
                continue
            if any(i.ref.lower() == ref.lower() for i in result):
                self.problem("Indicators", ref_cell, f"the indicator {ref} is listed twice.",
                             "Keep one row per indicator.")
                continue
            unit = self._required_text("Indicators", row, "Unit")
            polarity = self._choice(row, "Polarity", ref, POLARITIES, {
                "higher is better": "higher", "lower is better": "lower",
                "data only": "none", "n/a": "none"},
                "Write higher (higher is better), lower (lower is better) or none (data "
                "only: shown, never judged).")
            if polarity is None and _blank(self._get("Indicators", row, "Polarity")[0]):
                self.problem("Indicators", row.get("Polarity", (None, ""))[1],
                             f"the polarity of {ref} is empty.",
                             "Write higher, lower or none (data only: shown, never judged).")
            theme_value = self._get("Indicators", row, "Theme")[0]
            theme = None if _blank(theme_value) else self._integer("Indicators", row, "Theme")
            if theme is not None and theme not in themes:
                self.problem("Indicators", row["Theme"][1], f"theme {theme} of {ref} is not on "
                             "the Themes sheet.", "Correct the theme number.")
            benchmarked = _text(self._get("Indicators", row, "Benchmarked")[0]).lower()
            headline = _text(self._get("Indicators", row, "Headline")[0]).lower()
            years = self._year_columns(row, ref)
            frequency, year_to_date, assumed = self._basis(row, ref, unit)
            minimum = self._optional_number(row, "Minimum", ref)
            maximum = self._optional_number(row, "Maximum", ref)
            if minimum is not None and maximum is not None and minimum > maximum:
                self.problem("Indicators", row["Minimum"][1], f"the Minimum of {ref} "
                             f"({minimum:g}) is above its Maximum ({maximum:g}).",
                             "Swap them, or correct the one that is wrong.")
            result.append(Indicator(
                ref=ref,
                description=self._required_text("Indicators", row, "Description"),
                unit=unit,
                polarity=polarity or "",
                directorate=self._directorate("Indicators", row, "Owner directorate", names),
                theme=theme,
                benchmarked=benchmarked in ("yes", "y", "true", "1"),
                targets=years.targets,
                outturns=years.outturns,
                quartiles=years.quartiles,
                frequency=frequency,
                year_to_date=year_to_date,
                profiled_targets=years.profiled,
                minimum=minimum,
                maximum=maximum,
                decimals=self._decimals(row, ref),
                due_quarter=self._due_quarter(row, ref, frequency),
                assumed=assumed,
                headline=headline in ("yes", "y", "true", "1"),
            ))
        return result

    def _choice(self, row: Row, title: str, ref: str, allowed: tuple[str, ...],
                synonyms: dict[str, str], fix: str) -> str | None:
        """The cell's word, one of ``allowed`` (or a synonym); None when blank or unknown
        (unknown is a problem named with its cell)."""
        value, cell = self._get("Indicators", row, title)
        if _blank(value):
            return None
        word = " ".join(_text(value).lower().split())
        word = synonyms.get(word, word)
        if word not in allowed:
            self.problem("Indicators", cell, f"the {title.lower()} '{_text(value)}' of {ref} "
                         "is not known.", fix)
            return None
        return word

    def _basis(self, row: Row, ref: str, unit: str) -> tuple[str, str, tuple[str, ...]]:
        """Frequency and year-to-date rule; a blank or absent column takes the default the
        tool used before these columns existed (monthly; summed for "number", else the
        mean), and the indicator is marked "basis assumed" with a warning."""
        frequency = self._choice(
            row, "Frequency", ref, FREQUENCIES, {"month": "monthly", "quarter": "quarterly",
                                                 "year": "annual", "yearly": "annual"},
            "Write monthly, quarterly or annual.")
        rule = self._choice(
            row, "Year to date", ref, YEAR_TO_DATE_RULES,
            {"total": "sum", "mean": "average", "cumulative": "latest", "snapshot": "latest",
             "last": "latest"},
            "Write sum (counts, money), average (rates and percentages) or latest "
            "(cumulative or snapshot figures).")
        assumed = tuple(title for title, given in (("Frequency", frequency),
                                                   ("Year to date", rule))
                        if given is None and _blank(self._get("Indicators", row, title)[0]))
        frequency = frequency or "monthly"
        rule = rule or ("sum" if unit.strip().lower() in _SUMMED_UNITS else "average")
        if assumed:
            self.warning("indicator-basis-assumed", "Indicators", row["PI ref"][1],
                         f"{ref} has no {' or '.join(assumed)}: taken as {frequency}, "
                         f"{rule} over the year (from its unit '{unit}'). Its figures are "
                         "marked 'basis assumed' in the pack.",
                         "Add the columns Frequency (monthly, quarterly or annual) and Year "
                         "to date (sum, average or latest) and fill them in for it.")
        return frequency, rule, assumed

    def _optional_number(self, row: Row, title: str, ref: str) -> float | None:
        value, cell = self._get("Indicators", row, title)
        if _blank(value):
            return None
        number = parse_number(value)
        if number is None:
            self.problem("Indicators", cell, f"the {title} of {ref} is not a number: "
                         f"{_text(value)!r}.", "Write the figure alone, such as 0 or 100.")
        return number

    def _decimals(self, row: Row, ref: str) -> int | None:
        number = self._optional_number(row, "Decimals", ref)
        if number is None:
            return None
        if not number.is_integer() or not 0 <= number <= 6:
            self.problem("Indicators", row["Decimals"][1], f"the Decimals of {ref} must be a "
                         f"whole number from 0 to 6, got {number:g}.",
                         "Write how many decimal places to show, such as 1.")
            return None
        return int(number)

    def _due_quarter(self, row: Row, ref: str, frequency: str) -> int:
        value, cell = self._get("Indicators", row, "Due quarter")
        if _blank(value):
            return 4
        text = _text(value).upper().removeprefix("Q").strip()
        if text not in ("1", "2", "3", "4"):
            self.problem("Indicators", cell, f"the due quarter '{_text(value)}' of {ref} is not "
                         "a quarter.", "Write Q1, Q2, Q3 or Q4.")
            return 4
        if frequency != "annual":
            self.warning("plan-register-column", "Indicators", cell,
                         f"{ref} has a due quarter but is {frequency}, so it is not used.",
                         "Clear the due quarter, or set the frequency to annual.")
        return int(text)

    def _year_columns(self, row: Row, ref: str) -> _YearColumns:
        years = _YearColumns()
        for title, (value, cell) in row.items():
            match = _YEAR_COLUMN.match(title)
            if not match or _blank(value):
                continue
            kind, quarter, year = match[1].lower(), match[2], match[3].replace(" ", "")
            if quarter and kind != "target":
                self.problem("Indicators", cell, f"'{title}' is not a column the reporter reads.",
                             "Only targets are profiled by quarter: title it 'Target "
                             f"Q{quarter} {year}'.")
                continue
            if kind == "quartile":
                label = next((q for q in QUARTILES if q.lower() == _text(value).lower()), None)
                if label is None:
                    self.problem("Indicators", cell, f"the quartile '{value}' of {ref} is not "
                                 "known.", f"Use one of: {', '.join(QUARTILES)}.")
                else:
                    years.quartiles[year] = label
                continue
            number = parse_number(value)
            if number is None:
                self.problem("Indicators", cell, f"the {kind} for {year} of {ref} is not a "
                             f"number: {value!r}.", "Write the figure alone, such as 98.5.")
                continue
            if quarter:
                years.profiled[f"Q{quarter} {year}"] = number
            else:
                (years.targets if kind == "target" else years.outturns)[year] = number
        return years

    def _recommendations(self, rows: list[Row], names: set[str]) -> list[Recommendation]:
        result: list[Recommendation] = []
        for row in rows:
            ref = _text(self._get("Recommendations", row, "Ref")[0])
            if not ref:
                self.problem("Recommendations", row.get("Ref", (None, ""))[1],
                             "the recommendation ref is empty.", "Give it a ref, such as AC1.")
                continue
            result.append(Recommendation(
                ref=ref,
                source=self._required_text("Recommendations", row, "Source"),
                text=self._required_text("Recommendations", row, "Recommendation"),
                directorate=self._directorate("Recommendations", row, "Lead directorate", names),
                original_date=self._key_date("Recommendations", row, "Original date", True)
                or parse_key_date(None),
                revised_date=self._key_date("Recommendations", row, "Revised date", False),
            ))
        return result


