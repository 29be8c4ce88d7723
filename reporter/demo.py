"""Sample returns for the demo: directorates filling their workbooks the way
people do, quarter after quarter.

``simulate_quarter`` writes each directorate's return for a quarter (with
``templates``) and fills it in: statuses that follow the key dates, commentary,
remedial actions, evidence and the indicator figures due (``due_in``) near last year's,
plus the realistic mess (statuses typed as words or in lower case, a date typed as text,
a percentage typed with its sign) and a few real errors for the validation
report to name. The same seed gives the same returns.

What people type (the sentences, the chances, each quarter's mistakes) is data:
``input_templates/demo.toml``, read by ``load_script``; what each directorate writes
about each of its own actions, in its own words, is ``demo_commentary.toml`` beside the
settings, read by ``load_commentary``. This module is the logic.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reporter.config import schema
from reporter.config.plan import Action, Indicator, Plan
from reporter.config.settings import Settings
from reporter.errors import ConfigurationError
from reporter.history.store import open_history
from reporter.indicators.table_periods import Period, quarter_period, year_period
from reporter.indicators.year_to_date import due_in, stored_month
from reporter.periods import DEFAULT_FIRST_MONTH, FinancialYear, Quarter
from reporter.places import BUNDLED
from reporter.returns import layout as L
from reporter.returns.templates import past_figures, write_returns
from reporter.snapshot import IndicatorMonth
from reporter.status import Status

DEMO_SCRIPT = BUNDLED / "demo.toml"
COMMENTARY_FILE = "demo_commentary.toml"  # beside the settings


@dataclass(frozen=True)
class DemoMess:
    """Where the demo puts the mistakes people make (and validation must name)."""

    missing_directorate: str | None = None  # sends no return this quarter
    unknown_status: bool = False  # one status typed as a word outside the vocabulary
    red_without_remedial: bool = False  # one Red with no remedial action
    green_past_key_date: bool = False  # one Green whose key date has passed


@dataclass(frozen=True)
class Sentences:
    """What people write in the returns' text cells."""

    progress: tuple[str, ...]
    concern: tuple[str, ...]
    late: tuple[str, ...]  # with {reason}
    reasons: tuple[str, ...]
    remedial: tuple[str, ...]
    evidence: tuple[str, ...]
    completed: str  # put before a progress sentence when an action is newly Complete
    figure_comment: str
    recommendation_done: str


@dataclass(frozen=True)
class Chances:
    """How often actions slip and how people type (each a probability, or weights)."""

    complete_when_due: float
    complete_when_due_after_red: float
    due_next_quarter: tuple[float, float, float]  # weights of Green, Amber, Complete
    due_later: tuple[float, float, float]
    status_in_words: float
    status_in_capitals: float
    revised_date_as_text: float
    blank_line_in_comment: float
    notable: float
    figure_comment: float
    recommendation_done: float


@dataclass(frozen=True)
class Typing:
    """Habits of particular directorates."""

    percent_with_sign: str = ""  # types its first percentage figure with its sign ("97.5%")


@dataclass(frozen=True)
class ActionWords:
    """What the lead directorate writes about one action, for each status it may report."""

    progress: str  # on track: what has been done so far
    concern: str  # at risk: what threatens the key date
    slipped: str  # off track: why the key date was missed
    remedial: str  # at risk or off track: what is being done about it
    delivered: str  # complete: what was delivered
    evidence: str  # complete: where the evidence is


@dataclass(frozen=True)
class RecommendationWords:
    """What the lead directorate writes about an external recommendation."""

    progress: str
    done: str


@dataclass(frozen=True)
class Commentary:
    """Each action's and recommendation's own words, by ref (none: the shared sentences)."""

    actions: dict[str, ActionWords] = field(default_factory=dict)
    recommendations: dict[str, RecommendationWords] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoScript:
    """An example organisation's demo: its quarters and mistakes, and what people type."""

    quarters: dict[Quarter, DemoMess]
    sentences: Sentences
    chances: Chances
    typing: Typing = Typing()
    commentary: Commentary = Commentary()


_TABLES = ("quarters", "typing", "chances", "sentences")


def load_script(path: Path, first_month: int = DEFAULT_FIRST_MONTH) -> DemoScript:
    """The demo script at ``path``; a table it leaves out comes from the bundled one. Every
    problem of the file is listed at once (``config.schema``). Its quarters are of the
    financial year starting in ``first_month`` (the settings')."""
    tables = _read_toml(DEMO_SCRIPT)
    if path.resolve() != DEMO_SCRIPT:
        tables |= _read_toml(path)
    problems: list[str] = [f"unknown table [{name}]; the tables are {', '.join(_TABLES)}"
                           for name in sorted(set(tables) - set(_TABLES))]
    quarters: dict[Quarter, DemoMess] = {}
    for n, entry in enumerate(tables.get("quarters", ()), start=1):
        entry = dict(entry)
        try:
            quarter = Quarter.parse(str(entry.pop("quarter", "")), first_month)
        except ValueError as exc:
            problems.append(f"quarters #{n}: {exc}")
            continue
        mess = schema.record(DemoMess, entry, f"quarters #{n}", problems)
        if mess is not None:
            quarters[quarter] = mess
    if not tables.get("quarters"):
        problems.append("there are no [[quarters]]: list the quarters to run")
    sentences = schema.record(Sentences, tables.get("sentences", {}), "sentences", problems)
    chances = schema.record(Chances, tables.get("chances", {}), "chances", problems)
    typing = schema.record(Typing, tables.get("typing", {}), "typing", problems)
    if problems:
        raise ConfigurationError(schema.problems_message("The demo script", path, problems))
    return DemoScript(quarters=quarters, sentences=sentences, chances=chances, typing=typing)


def script_for(settings_path: Path, first_month: int = DEFAULT_FIRST_MONTH) -> DemoScript:
    """The demo script of the organisation whose settings are at ``settings_path``: the
    demo.toml beside them, or the bundled one; with the demo_commentary.toml beside them,
    if any (never another organisation's: its refs would name other actions)."""
    own = settings_path.parent / "demo.toml"
    script = load_script(own if own.is_file() else DEMO_SCRIPT, first_month)
    commentary = settings_path.parent / COMMENTARY_FILE
    if commentary.is_file():
        script = replace(script, commentary=load_commentary(commentary))
    return script


_COMMENTARY_TABLES = {"actions": ActionWords, "recommendations": RecommendationWords}


def load_commentary(path: Path) -> Commentary:
    """Each action's and recommendation's words from ``path``, one table per ref; every
    problem of the file is listed at once."""
    tables = schema.read_toml(path, "The demo commentary", f"Put a {COMMENTARY_FILE} beside "
                              "the settings, or remove it to use the shared sentences.")
    problems = [f"unknown table [{name}]; the tables are actions and recommendations"
                for name in sorted(set(tables) - set(_COMMENTARY_TABLES))]
    found: dict[str, dict[str, Any]] = {}
    for name, kind in _COMMENTARY_TABLES.items():
        found[name] = {}
        for ref, table in tables.get(name, {}).items():
            words = schema.record(kind, table if isinstance(table, dict) else {},
                                  f"{name}.{ref}", problems)
            if words is not None:
                found[name][ref] = words
    if problems:
        raise ConfigurationError(schema.problems_message("The demo commentary", path, problems))
    return Commentary(found["actions"], found["recommendations"])


def _read_toml(path: Path) -> dict[str, Any]:
    return schema.read_toml(path, "The demo script", "Put a demo.toml beside the settings, "
                            "or remove it to use the bundled one.")


@dataclass(frozen=True)
class DemoQuarter:
    """One quarter of sample returns: which quarter, where, after what, with which mistakes."""

    quarter: Quarter
    out_dir: Path
    previous: Mapping[str, Status] = field(default_factory=dict)  # last quarter's statuses
    seed: int = 2009
    mess: DemoMess = DemoMess()
    history_path: Path | None = None  # to show last quarter's positions and last year's figures


def _months_due(action: Action, quarter: Quarter) -> int | None:
    """How many months past (negative: before) the quarter end the action is due."""
    due = action.due_for(quarter.start)
    if due is None:
        return None
    return (quarter.end.year - due.year) * 12 + quarter.end.month - due.month


def _cell_rows(sheet: Worksheet, key_title: str) -> tuple[dict[str, int], dict[str, int]]:
    """The column of each title, and the row of each key (ref), on a return sheet."""
    rows = list(sheet.iter_rows(min_row=1, max_row=L.HEADER_SEARCH_ROWS, values_only=True))
    header = next(i for i, row in enumerate(rows, start=1) if key_title in row)
    titles = {str(v): c for c, v in enumerate(rows[header - 1], start=1) if v}
    keys = {}
    for row in range(header + 1, sheet.max_row + 1):
        value = sheet.cell(row=row, column=titles[key_title]).value
        if value:
            keys[str(value).strip()] = row
    return titles, keys


class _Filler:
    """Fills one quarter's returns, sheet by sheet, with one random stream.

    Each kind of mistake in the quarter's ``mess`` is made once in the batch; ``decided``
    collects the status each action was given.
    """

    def __init__(self, plan: Plan, settings: Settings, request: DemoQuarter,
                 script: DemoScript):
        self.plan, self.request, self.script = plan, request, script
        self.quarter, self.mess = request.quarter, request.mess
        self.say, self.chance = script.sentences, script.chances
        self.rng = random.Random(f"{request.seed}-{request.quarter.code}")
        self.words = {status: settings.vocabulary.words_for(status) or [status.value]
                      for status in (Status.RED, Status.AMBER, Status.GREEN, Status.COMPLETE)}
        self.decided: dict[str, Status] = {}
        self.mess_done: set[str] = set()

    def _status_for(self, action: Action, previous: Status | None) -> Status:
        """A plausible status: what people report as key dates come and go."""
        rng, chance = self.rng, self.chance
        if previous == Status.COMPLETE:
            return Status.COMPLETE
        months = _months_due(action, self.quarter)
        if months is None:
            return Status.GREEN
        if months >= 0:  # due by the quarter end
            if previous == Status.RED:
                return Status.COMPLETE if rng.random() < chance.complete_when_due_after_red \
                    else Status.RED
            return Status.COMPLETE if rng.random() < chance.complete_when_due else Status.RED
        weights = chance.due_next_quarter if months >= -3 else chance.due_later
        return rng.choices((Status.GREEN, Status.AMBER, Status.COMPLETE), weights)[0]

    def _word_for(self, status: Status) -> str:
        """The status as typed: its name, or now and then the settings' own word for it."""
        word = status.value
        if self.rng.random() < self.chance.status_in_words:
            word = self.rng.choice(self.words[status]).capitalize()
            word = f" {word.upper()} " if self.rng.random() < self.chance.status_in_capitals \
                else word
        if self.mess.unknown_status and "unknown" not in self.mess_done \
                and status == Status.GREEN:
            word = "Yellow"
            self.mess_done.add("unknown")
        return word

    def actions(self, sheet: Worksheet, directorate: str) -> None:
        """Fill the Actions sheet."""
        rng, say, chance = self.rng, self.say, self.chance
        titles, rows = _cell_rows(sheet, L.REF)

        def put(ref: str, title: str, value: object) -> None:
            sheet.cell(row=rows[ref], column=titles[title]).value = value

        for action in self.plan.actions_of(directorate):
            own = self.script.commentary.actions.get(action.ref)  # its own words, if written
            before = self.request.previous.get(action.ref)
            status = self._status_for(action, before)
            months = _months_due(action, self.quarter)
            if (self.mess.green_past_key_date and "green" not in self.mess_done
                    and months is not None and months >= 0 and status == Status.RED):
                status = Status.GREEN  # the directorate is optimistic; the key date says Red
                self.mess_done.add("green")
            self.decided[action.ref] = status
            put(action.ref, L.STATUS, self._word_for(status))
            # The shared sentences are drawn whether or not the action has its own words,
            # so the same seed makes the same choices of status either way.
            if status == Status.RED:
                late = rng.choice(say.late).format(reason=rng.choice(say.reasons))
                put(action.ref, L.PROGRESS, own.slipped if own else late)
                if self.mess.red_without_remedial and "remedial" not in self.mess_done:
                    self.mess_done.add("remedial")
                else:
                    remedial = rng.choice(say.remedial)
                    put(action.ref, L.REMEDIAL, own.remedial if own else remedial)
                revised = self.quarter.next().end
                put(action.ref, L.REVISED_DATE, revised.strftime("%d/%m/%Y")
                    if rng.random() < chance.revised_date_as_text else revised)
            elif status == Status.AMBER:
                concern, remedial = rng.choice(say.concern), rng.choice(say.remedial)
                put(action.ref, L.PROGRESS, own.concern if own else concern)
                put(action.ref, L.REMEDIAL, own.remedial if own else remedial)
            elif status == Status.COMPLETE:
                if before != Status.COMPLETE:
                    done = rng.choice(say.progress)
                    put(action.ref, L.PROGRESS, say.completed + (own.delivered if own else done))
                    put(action.ref, L.NOTABLE, "Y" if rng.random() < chance.notable else "N")
                evidence = rng.choice(say.evidence)
                put(action.ref, L.EVIDENCE, own.evidence if own else evidence)
            else:
                progress = rng.choice(say.progress)
                put(action.ref, L.PROGRESS, own.progress if own else progress)
                if rng.random() < chance.blank_line_in_comment:
                    pasted = rng.choice(say.progress) + "\r\n\r\n" + rng.choice(say.progress)
                    # its own words with a blank line pasted after the first sentence
                    put(action.ref, L.PROGRESS, own.progress.replace(". ", ".\r\n\r\n", 1)
                        if own else pasted)

    def kpis(self, sheet: Worksheet, directorate: str) -> None:
        """Fill the KPIs sheet: the figures due this quarter, near last year's, now and
        then with a comment."""
        titles, rows = _cell_rows(sheet, L.PI_REF)
        with_sign = directorate == self.script.typing.percent_with_sign
        for n, indicator in enumerate(self.plan.indicators_of(directorate)):
            row = rows.get(indicator.ref)
            if row is None:
                continue
            for period in due_in(indicator, self.quarter):
                value: object = period_value(indicator, period, self.rng)
                if with_sign and n == 0 and indicator.is_percentage:
                    value = f"{value}%"  # typed with its sign
                sheet.cell(row=row, column=titles[L.period_title(period)]).value = value
            sheet.cell(row=row, column=titles[L.COMMENT]).value = (
                self.say.figure_comment if self.rng.random() < self.chance.figure_comment
                else None)

    def recommendations(self, sheet: Worksheet, directorate: str) -> None:
        """Fill the Recommendations sheet: most of those due are done."""
        titles, rows = _cell_rows(sheet, L.REC_REF)
        for recommendation in self.plan.recommendations_of(directorate):
            row = rows.get(recommendation.ref)
            if row is None:
                continue
            due = (recommendation.revised_date or recommendation.original_date).due
            overdue = due is not None and due <= self.quarter.end
            complete = overdue and self.rng.random() < self.chance.recommendation_done
            sheet.cell(row=row, column=titles[L.REC_STATUS]).value = (
                "Complete" if complete else "Not complete")
            own = self.script.commentary.recommendations.get(recommendation.ref)
            progress = self.say.recommendation_done if complete \
                else self.rng.choice(self.say.progress)
            if own is not None:
                progress = own.done if complete else own.progress
            sheet.cell(row=row, column=titles[L.REC_PROGRESS]).value = progress
            if overdue and not complete:
                sheet.cell(row=row, column=titles[L.REC_NEW_DATE]).value = self.quarter.next().end


def indicator_value(indicator: Indicator, year: int, month: int, rng: random.Random) -> float:
    """A figure near the indicator's latest outturn, drifting towards its target (a data-only
    indicator has none, so it wanders about its outturn), within the indicator's bounds."""
    outturns = [indicator.outturns[y] for y in sorted(indicator.outturns)]
    base = outturns[-1] if outturns else 50.0
    target = next((indicator.targets[y] for y in sorted(indicator.targets, reverse=True)), base)
    months_in = (year - 2008) * 12 + month  # progress through the demo's years
    # Most indicators move towards their target; about a third slip away from it.
    direction = -0.6 if zlib.crc32(indicator.ref.encode()) % 3 == 0 else 1.0
    drift = direction * (target - base) * min(1.0, months_in / 30)
    spread = max(abs(base) * 0.02, 0.01)
    low, high = indicator.bounds
    value = max(0.0 if low is None else low, base + drift + rng.gauss(0, spread))
    return round(value if high is None else min(high, value), 2)


_PERIODS_A_YEAR = {"monthly": 12, "quarterly": 4, "annual": 1}


def period_value(indicator: Indicator, period: Period, rng: random.Random) -> float:
    """A plausible figure for one period, as the register says the indicator is kept.

    A ``sum`` indicator's outturn is the year's total, so a period has its share; a
    ``latest`` (cumulative) one rises through the year to about its year-end level, and
    never falls within the year (its year-end level is drawn once a year).
    """
    year, month = stored_month(indicator, period)
    if indicator.year_to_date == "sum":
        share = indicator_value(indicator, year, month, rng) / _PERIODS_A_YEAR[
            indicator.frequency]
        return round(share, 2)
    if indicator.year_to_date != "latest":
        return indicator_value(indicator, year, month, rng)
    fy = FinancialYear.containing(date(year, month, 1), period.first_month)
    year_end = indicator_value(indicator, fy.end.year, fy.end.month,
                               random.Random(f"{indicator.ref}-{fy.label}"))
    # how much of the year has passed by the period's end (an annual figure: all of it)
    done = 1.0 if indicator.frequency == "annual" else \
        ((month - fy.first_month) % 12 + 1) / 12
    return round(year_end * (0.97 + 0.03 * done), 2)


def simulate_quarter(plan: Plan, settings: Settings, request: DemoQuarter,
                     script: DemoScript | None = None) -> tuple[list[Path], dict[str, Status]]:
    """Write and fill the quarter's returns; return the files and the statuses people chose.

    With ``request.history_path``, the returns show last quarter's positions and last
    year's figures from the history, as the real ones do. ``script`` is what people
    type (default: the bundled demo.toml).
    """
    filler = _Filler(plan, settings, request, script or load_script(DEMO_SCRIPT))
    last_quarter, last_year = None, None
    if request.history_path is not None and request.history_path.exists():
        with open_history(request.history_path, settings.status_scheme) as history:
            last_quarter = history.previous_snapshot(request.quarter)
            last_year = past_figures(history.indicator_series(), request.quarter)
    written: list[Path] = []
    for path in write_returns(plan, settings, request.quarter, request.out_dir, last_quarter,
                              last_year):
        workbook = load_workbook(path)
        directorate = str(next(row[1] for row in workbook[L.META_SHEET].iter_rows(values_only=True)
                               if row[0] == L.META_DIRECTORATE))
        if directorate == request.mess.missing_directorate:
            workbook.close()
            path.unlink()  # this directorate's return did not arrive
            continue
        filler.actions(workbook[L.ACTIONS_SHEET], directorate)
        filler.kpis(workbook[L.KPIS_SHEET], directorate)
        if L.RECOMMENDATIONS_SHEET in workbook.sheetnames:
            filler.recommendations(workbook[L.RECOMMENDATIONS_SHEET], directorate)
        workbook.save(path)
        written.append(path)
    return written, filler.decided


def simulate_returns(plan: Plan, settings: Settings, quarter: Quarter, out_dir: Path,
                     previous: Mapping[str, Status], seed: int
                     ) -> tuple[list[Path], dict[str, Status]]:
    """The quarter's returns filled without mistakes or history: ``simulate_quarter``
    for the common case (tests make their own mistakes)."""
    return simulate_quarter(plan, settings, DemoQuarter(quarter, out_dir, previous, seed))


def backfill_series(plan: Plan, first: Quarter, last: Quarter, seed: int) -> list[IndicatorMonth]:
    """Indicator figures for quarters before the demo starts (last year's figures), each
    held as the returns hold it: a quarterly figure at the quarter's last month, an annual
    one at its due quarter's last month."""
    rng = random.Random(f"{seed}-backfill")
    values: list[IndicatorMonth] = []
    quarter = first
    while quarter <= last:
        for indicator in plan.indicators:
            for period in due_in(indicator, quarter):
                values.append(IndicatorMonth(indicator.ref, *stored_month(indicator, period),
                                             period_value(indicator, period, rng)))
        quarter = quarter.next()
    return values


def prepare_demo_history(plan: Plan, history_path: Path, first: Quarter, seed: int) -> None:
    """A fresh history for the demo holding last year's monthly indicator figures.

    An organisation starting mid-plan imports its past figures (import-indicators);
    the demo imports made-up ones for the year before its first quarter, and for the
    quarters of this year before it, so every quarter can be compared with last year.
    """
    from reporter.indicators.importing import ImportedValue

    history_path.parent.mkdir(parents=True, exist_ok=True)
    start = first.financial_year.previous().quarter(1)
    kinds = {i.ref: i.frequency for i in plan.indicators}
    values = []
    for m in backfill_series(plan, start, first.previous(), seed):
        quarter = Quarter.containing(date(m.year, m.month, 1), first.first_month)
        period = {"monthly": Period("month", m.year, m.month, first.first_month),  # as kept
                  "quarterly": quarter_period(quarter),
                  "annual": year_period(quarter.financial_year)}[kinds[m.ref]]
        if m.value is not None:
            values.append(ImportedValue(m.ref, m.year, m.month, period.label, m.value,
                                        source_row=0, source="demo: last year's figures",
                                        granularity=period.kind))
    with open_history(history_path) as history:
        history.save_imported_values(values, source="demo")
