"""Key dates as people write them in plans and returns, and what they mean.

``parse_key_date`` reads a key date cell of any type ("Level 5 by December 2007",
"Q3 2009/10", "December annually", "TBC", an Excel date or serial) into a
``KeyDate``: whether it was understood, the dates it names and whether it recurs.
The pattern grammar and its helpers live here; financial years and quarters are in
``reporter.periods``.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from datetime import date

from reporter.cells import (
    MONTH_WORDS,
    date_from_serial,
    month_number,
    serial_from_date,
)
from reporter.periods import (
    DEFAULT_FIRST_MONTH,
    FIRST_YEAR,
    LAST_YEAR,
    FinancialYear,
    full_year,
    last_day_of_month,
)


@dataclass(frozen=True)
class KeyDate:
    """A key date as written in a plan or a return, and what it means.

    ``text`` is what was written; ``parsed`` says whether it was understood;
    ``milestones`` are the dates it names, in order; ``due`` is the last of them.
    ``no_date`` is set when the text was understood to name no date at all
    (blank, "Ongoing", "TBC", "N/A"), so validation can tell that apart from text
    it could not read (``parsed`` False). ``recurring`` is set for dates such as
    "December annually"; ``annual_months`` are the months it recurs in. A recurring
    date with a year ("April 2008 and annually") has its first occurrence as a
    milestone; without one ("December annually") it has no milestones and ``due``
    is None: ask ``next_due`` for the occurrence that matters.
    """

    text: str
    parsed: bool
    milestones: tuple[date, ...] = ()
    recurring: bool = False
    no_date: bool = False
    annual_months: tuple[int, ...] = ()

    @property
    def due(self) -> date | None:
        return self.milestones[-1] if self.milestones else None

    def next_due(self, on_or_after: date) -> date | None:
        """For a recurring date, the first occurrence on or after a day; else ``due``."""
        if not self.recurring:
            return self.due
        first = self.milestones[0] if self.milestones else None
        candidates = [day for day in self.milestones if day >= on_or_after]
        for month in self.annual_months:
            for year in (on_or_after.year, on_or_after.year + 1):
                if year > date.max.year:
                    continue
                candidate = last_day_of_month(year, month)
                if candidate >= on_or_after and (first is None or candidate >= first):
                    candidates.append(candidate)
        return min(candidates, default=None)

    def __str__(self) -> str:
        return self.text


# --- Reading key dates ------------------------------------------------------------
#
# A cell is read as a sequence of date expressions separated by short labels
# ("Level 5 by December 2007 Validation by March 2008"). It is understood only if
# every expression is a real date and nothing left between them could change what
# the dates mean (another month or year, "before", "or", "quarterly", "?" ...).
# Anything else is reported as not understood rather than guessed.

_FLAGS = re.IGNORECASE | re.ASCII
_MONTH = rf"\b{MONTH_WORDS}(?![a-z])\.?"
_NOT_MORE_DIGITS = r"(?![\d/]|[.:]\d)"  # a year may not run on into "2009/10" or "2008.5"


def _year_group(name: str) -> str:
    return rf"'?(?P<{name}>\d{{4}}|\d{{2}}){_NOT_MORE_DIGITS}"


def _month_group(name: str) -> str:
    return rf"(?P<{name}>{_MONTH})"


def _fy_groups(prefix: str) -> str:
    return (rf"(?P<{prefix}1>\d{{4}}|\d{{2}})\s*[/-]\s*(?P<{prefix}2>\d{{4}}|\d{{2}})"
            rf"{_NOT_MORE_DIGITS}")


_EVERY_YEAR = r"(?:annually|yearly|every\s+year|each\s+year)"
_AFTER_DIGIT = r"(?<![\d/.:-])"  # a number must not be the tail of another number

# Tried left to right at each position: longer forms before the shorter forms they contain.
_EXPRESSIONS = {
    # recurring: "Annually in March", "every March"
    "annual_in": rf"\b(?:{_EVERY_YEAR}\s+(?:in\s+)?|every\s+|each\s+){_month_group('ai_m')}",
    # recurring from a first occurrence: "April 2008 and annually",
    # "October 2007 and every 12 months"
    "annual_dated": (
        rf"{_month_group('ad_m')}[\s,.-]*{_year_group('ad_y')}\s*,?\s+(?:and\s+|then\s+)?"
        rf"(?:{_EVERY_YEAR}|every\s+(?:12|twelve)\s+months)\b"
    ),
    # recurring: "December annually"
    "annual": rf"{_month_group('an_m')}\s+{_EVERY_YEAR}\b",
    # quarters: "Q3 2009/10", "Quarter 1 2007/08", "Q1 of 2010/11", "2009/10 Q3"
    "quarter": rf"\b(?:q|quarter)\s*(?P<q_n>\d)\s*(?:of\s+)?[-\s]*{_fy_groups('q_y')}",
    "fy_quarter": (rf"{_AFTER_DIGIT}{_fy_groups('fq_y')}\s*[-_\s]\s*(?:q|quarter)\s*"
                   rf"(?P<fq_n>\d)(?!\d)"),
    # seasons: "Summer 2007", "Winter 2009/10"
    "winter_fy": rf"\bwinter(?:\s+of)?[\s-]+{_fy_groups('wf_y')}",
    "season": rf"\b(?P<s_name>spring|summer|autumn|winter)(?:\s+of)?[\s-]+{_year_group('s_y')}",
    # days: "31/05/2010", "31/5/10", "2010-05-31", "31st May 2010", "May 31st, 2010"
    "numeric_day": (
        rf"{_AFTER_DIGIT}(?P<nd_d>\d{{1,2}})(?P<nd_sep>[/.-])(?P<nd_m>\d{{1,2}})(?P=nd_sep)"
        rf"(?P<nd_y>\d{{4}}|\d{{2}}){_NOT_MORE_DIGITS}"
    ),
    "iso_day": (
        rf"{_AFTER_DIGIT}(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})"
        rf"(?:[T\s]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?(?![\d/:-])"
    ),
    "day_month": (
        rf"{_AFTER_DIGIT}(?P<dm_d>\d{{1,2}})\s*(?P<dm_sfx>st|nd|rd|th)?(?:\s+of)?[\s-]*"
        rf"{_month_group('dm_m')}[\s,-]*{_year_group('dm_y')}"
    ),
    "month_day": (
        rf"{_month_group('md_m')}\s*(?P<md_d>\d{{1,2}})(?:(?:st|nd|rd|th)\s*,?|\s*,)\s*"
        rf"(?P<md_y>\d{{4}}){_NOT_MORE_DIGITS}"
    ),
    # financial year: "2009/10", "2009/2010" (four-digit start, so "09/10" is not taken)
    "financial_year": (rf"{_AFTER_DIGIT}(?P<fy_y1>\d{{4}})\s*/\s*(?P<fy_y2>\d{{4}}|\d{{2}})"
                       rf"{_NOT_MORE_DIGITS}"),
    # months: "Nov 09", "NOV-09", "March 2008", "Sept 2007"
    "month": rf"{_month_group('m_m')}[\s,.-]*{_year_group('m_y')}",
}
_EXPRESSION = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _EXPRESSIONS.items()), _FLAGS)

# Between two dates: the first was replaced by the second.
_REVISION = re.compile(r"[\s()\[\],;:-]*(?:(?:now\s+)?revised?(?:\s+to)?|now)[\s:-]*", _FLAGS)
# Between "June annually" and a date: when the recurrence starts.
_COMMENCING = re.compile(
    r"[\s,(]*(?:commencing|starting|beginning|from)(?:\s+(?:in|from))?\s*", _FLAGS)

# Text around the dates that would change their meaning, or that names a date we do not read.
_SPOILERS = re.compile(
    r"\d{3,}|\d\s*[/.:]\s*\d|\?"
    rf"|{_MONTH}"
    r"|\b(?:spring|summer|autumn|winter|q\d+|quarter\w*)\b"
    r"|\b(?:annual(?:ly)?|yearly|monthly|weekly|fortnightly|daily|every|each)\b"
    r"|\b(?:not|before|after|from|until|till|til|since|between|unless|if|when|whenever|once"
    r"|subject|expect\w*|provisional\w*|tentative\w*|approx\w*|around|about|circa|ca"
    r"|possibly|probably|maybe|perhaps|hopefully|estimated?|onwards?|ongoing|on-going"
    r"|commenc\w*|start\w*|begin\w*|revis\w*|now|was|were|original\w*|or"
    r"|tbc|tba|tbd|delayed|postponed|deferred|slipp\w*|extended|except\w*|later|earlier)\b",
    _FLAGS,
)
# Words just before a date that move it off the month end: "mid March 2008".
_SHIFTERS = {"early", "mid", "middle", "late", "start", "beginning", "week", "weeks",
             "fortnight", "day", "days", "half", "first"}
_FILLERS = {"by", "the", "end", "of", "in", "due", "and", "to", "at"}
_MAX_LABEL_WORDS = 6  # a label names a milestone; anything longer is a sentence
_WORDS = re.compile(r"[a-z0-9']+", _FLAGS)

_NO_DATE = re.compile(
    r"-*|\.*|on-?going|on going|n/?a|not applicable|none|nil"
    r"|(?:tbc|tba|tbd|to be (?:confirmed|agreed|advised|announced|decided|determined))\b.*",
    _FLAGS | re.DOTALL,
)


@dataclass
class _Found:
    """One date expression found in the text."""

    first: date | None = None  # first and last day it names; None if it is no real date
    last: date | None = None
    annual_month: int | None = None  # set for "December annually" and the like
    valid: bool = True  # False for "31/02/2010", "April 1850", "2009/11"


def _full_year_in_range(text: str) -> int | None:
    """A written year as a number; two digits mean 20xx. None outside 1990-2100."""
    year = full_year(text)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _month_number(word: str) -> int:
    """The month a word matched by _MONTH names (cells reads month words for everyone)."""
    number = month_number(word)
    assert number is not None, word  # _MONTH matches only month words
    return number


def _real_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _financial_year(first: str, second: str,
                    first_month: int = DEFAULT_FIRST_MONTH) -> FinancialYear | None:
    try:
        year = FinancialYear.parse(f"{first}/{second}", first_month)
    except ValueError:
        return None
    return year if FIRST_YEAR <= year.start_year <= LAST_YEAR else None


def _quarter(number: str, first: str, second: str,
             first_month: int) -> tuple[date, date] | None:
    year = _financial_year(first, second, first_month)
    if year is None or number not in ("1", "2", "3", "4"):
        return None
    quarter = year.quarter(int(number))
    return quarter.start, quarter.end


def _season(name: str, year: int | None) -> tuple[date, date] | None:
    """Spring = Mar-May, Summer = Jun-Aug, Autumn = Sep-Nov, Winter = Dec-Feb (into next year)."""
    if year is None:
        return None
    first_month = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}[name.lower()]
    last_year, last_month = (year + 1, 2) if first_month == 12 else (year, first_month + 2)
    return date(year, first_month, 1), last_day_of_month(last_year, last_month)


def _month_span(month: int, year: int | None) -> tuple[date, date] | None:
    if year is None:
        return None
    return date(year, month, 1), last_day_of_month(year, month)


def _day_span(day: date | None) -> tuple[date, date] | None:
    return None if day is None else (day, day)


def _follows_a_word(before: str) -> bool:
    """Whether text ends in a word other than "by", "on", "due" and the like."""
    words = _WORDS.findall(before.lower()) if before.rstrip()[-1:].isalnum() else []
    return bool(words) and words[-1] not in _FILLERS | {"on"}


def _read_expression(match: re.Match[str], first_month: int) -> _Found:
    """What one matched date expression names (quarters and financial years in the
    organisation's calendar, ``first_month``)."""
    g = match.group
    kind = match.lastgroup
    found = _Found()
    span: tuple[date, date] | None = None
    if kind in ("annual_in", "annual"):  # no year, hence no span
        found.annual_month = _month_number(g("ai_m") or g("an_m"))
        return found
    if kind == "annual_dated":
        found.annual_month = _month_number(g("ad_m"))
        span = _month_span(found.annual_month, _full_year_in_range(g("ad_y")))
    elif kind == "quarter":
        span = _quarter(g("q_n"), g("q_y1"), g("q_y2"), first_month)
    elif kind == "fy_quarter":
        span = _quarter(g("fq_n"), g("fq_y1"), g("fq_y2"), first_month)
    elif kind == "winter_fy":
        winter = _financial_year(g("wf_y1"), g("wf_y2"))
        span = None if winter is None else _season("winter", winter.start_year)
    elif kind == "season":
        span = _season(g("s_name"), _full_year_in_range(g("s_y")))
    elif kind == "numeric_day":
        day = _real_date(_full_year_in_range(g("nd_y")), int(g("nd_m")), int(g("nd_d")))
        span = _day_span(day)
    elif kind == "iso_day":
        day = _real_date(_full_year_in_range(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        span = _day_span(day)
    elif kind == "day_month":
        year = _full_year_in_range(g("dm_y"))
        span = _day_span(_real_date(year, _month_number(g("dm_m")), int(g("dm_d"))))
    elif kind == "month_day":
        year = _full_year_in_range(g("md_y"))
        span = _day_span(_real_date(year, _month_number(g("md_m")), int(g("md_d"))))
    elif kind == "financial_year":
        financial = _financial_year(g("fy_y1"), g("fy_y2"), first_month)
        span = None if financial is None else (financial.start, financial.end)
    elif kind == "month":
        span = _month_span(_month_number(g("m_m")), _full_year_in_range(g("m_y")))
    if span is None:
        found.valid = False
    else:
        found.first, found.last = span
    return found


def _is_label(gap: str, before_date: bool) -> bool:
    """Whether text between dates is a harmless label such as "Level 5 by" or "(STATUS)"."""
    if _SPOILERS.search(gap):
        return False
    words = [w for w in _WORDS.findall(gap.lower()) if w not in _FILLERS]
    if len(words) > _MAX_LABEL_WORDS:
        return False
    return not (before_date and words and words[-1] in _SHIFTERS)


def _first_occurrence(month: int, on_or_after: date) -> date:
    """The first end of ``month`` on or after a day."""
    candidate = last_day_of_month(on_or_after.year, month)
    return candidate if candidate >= on_or_after else last_day_of_month(on_or_after.year + 1, month)


def _parse_text(text: str, first_month: int = DEFAULT_FIRST_MONTH) -> KeyDate:
    """Read a key date written as text (see parse_key_date for the grammar)."""
    flat = " ".join(
        text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'").split())
    if _NO_DATE.fullmatch(flat.rstrip(".!")):
        return KeyDate(text, True, no_date=True)
    not_understood = KeyDate(text, False)

    kept: list[_Found] = []
    position = 0
    for match in _EXPRESSION.finditer(flat):
        found = _read_expression(match, first_month)
        if not found.valid:
            return not_understood
        gap = flat[position:match.start()]
        position = match.end()
        if match.lastgroup == "day_month" and not match["dm_sfx"] and _follows_a_word(gap):
            return not_understood  # "Phase 2 March 2008": the 2 may be the label's, not a day
        previous = kept[-1] if kept else None
        two_dates = (previous is not None and previous.annual_month is None
                     and found.annual_month is None)
        annual_then_date = (
            previous is not None and previous.annual_month is not None and previous.first is None
            and found.annual_month is None
        )
        if two_dates and _REVISION.fullmatch(gap):
            kept[-1] = found  # "July 2007 (revise to October 2007)": the revision replaces it
        elif annual_then_date and found.first is not None and _COMMENCING.fullmatch(gap):
            # "July annually commencing Q1 2007/08": the first July in or after that quarter
            assert previous is not None and previous.annual_month is not None  # for type checkers
            previous.first = previous.last = _first_occurrence(previous.annual_month, found.first)
        elif _is_label(gap, before_date=True):
            kept.append(found)
        else:
            return not_understood
    if not kept or not _is_label(flat[position:], before_date=False):
        return not_understood
    recurring = [f.annual_month is not None for f in kept]
    if any(recurring) and not all(recurring):
        return not_understood  # "December annually March 2008": which governs is unclear

    milestones = tuple(sorted({f.last for f in kept if f.last is not None}))
    months = tuple(sorted({f.annual_month for f in kept if f.annual_month is not None}))
    return KeyDate(text, True, milestones, recurring=bool(months), annual_months=months)


def _safe_str(value: object) -> str:
    """Text for any object; foreign __str__ methods may fail."""
    for render in (str, repr):
        try:
            return str.strip(render(value))
        except Exception:  # noqa: BLE001 - a cell's own str() must not break reading
            continue
    return f"<{type(value).__name__}>"


def _is_missing(value: object) -> bool:
    """None and the pandas markers for an empty cell (NaN, NaT, NA)."""
    if value is None or type(value).__name__ in ("NaTType", "NAType"):
        return True
    return isinstance(value, float) and math.isnan(value)


def _day_text(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _parse_day(day: date) -> KeyDate:
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return KeyDate(_day_text(day), True, (day,))
    return KeyDate(_day_text(day), False)


def parse_key_date(value: object, first_month: int = DEFAULT_FIRST_MONTH) -> KeyDate:
    """Read a key date cell of any type. Never raises, never guesses.

    Cells that are not text:

    * None, empty, NaN/NaT (pandas' empty cell): no date (``no_date``).
    * date / datetime (Excel date cells): that day; ``text`` is ``dd/mm/yyyy``.
    * int / float: an Excel serial day number (1900 date system, e.g. 40329 =
      31/05/2010) when it falls in 1990-2100 (serials 32874-73415); any other
      number, bool, time or other object is not understood.
    * bytes: decoded as UTF-8 and read as text.

    Text, as a sequence of the expressions below separated by short labels
    ("Level 5 by December 2007 Validation by March 2008", "Oct 10 (STATUS)"):

    * day, UK order: ``31/05/2010``, ``31/5/10``, ``31.05.2010``, ISO ``2010-05-31``,
      ``31st May 2010``, ``30 th September 2007``, ``1 October 2009``, ``May 31st, 2010``.
    * month, meaning its last day: ``Nov 09``, ``NOV-09``, ``March 2008``, ``Sept 2007``,
      ``end of March 2010``, ``by end of December 2009``.
    * season, meaning the end of its last month: Spring = end of May, Summer = end of
      August, Autumn = end of November, Winter = end of February of the next year
      (``Winter 2009`` = 28/02/2010; ``Winter 2009/10`` likewise).
    * quarter of a financial year, meaning its last day: ``Q3 2009/10``,
      ``Quarter 1 2007/08``, ``Q4 09/10``, ``2009/10-Q3``.
    * financial year, meaning its last day (31 March for an April year): ``2009/10``,
      ``end of 2009/10``. Quarters and years are the organisation's (``first_month``).
    * revision: ``July 2007 (revise to October 2007)``, ``... revised to ...``,
      ``... now ...``: only the revised date is kept.
    * recurring: ``December annually``, ``Annually in March``, ``April Annually Sept
      Annually`` (no year: no milestones, ``due`` None), ``April 2008 and annually``,
      ``October 2007 and every 12 months`` (first occurrence is the milestone),
      ``July annually commencing Q1 2007/08`` (first July in or after that quarter).
      ``next_due`` gives the occurrence on or after a day.
    * no date, understood: blank, ``-``, ``Ongoing``, ``N/A``, ``None``, and anything
      starting ``TBC``/``TBA``/``To be confirmed`` ("TBC by Government").

    Two-digit years are 20xx (``09`` = 2009). Years outside 1990-2100, impossible days
    (``31/02/2010``), invalid financial years (``2009/11``), bare years (``2010``),
    dates next to words that change them ("mid March", "before", "or", "onwards",
    "quarterly") and sentences are not understood: ``parsed`` False, no milestones.
    Several dates give sorted, de-duplicated milestones; ``due`` is the last.
    """
    if _is_missing(value):
        return KeyDate("", True, no_date=True)
    if isinstance(value, date):
        try:  # date and datetime, and subclasses such as pandas.Timestamp
            day = date(value.year, value.month, value.day)
        except (TypeError, ValueError, AttributeError, OverflowError):
            return KeyDate(_safe_str(value), False)
        return _parse_day(day)
    if isinstance(value, str):
        return _parse_text(str.strip(value), first_month)
    if isinstance(value, (bytes, bytearray)):
        return _parse_text(bytes(value).decode("utf-8", errors="replace").strip(), first_month)
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return _parse_serial(value)
    return KeyDate(_safe_str(value), False)


def _parse_serial(value: numbers.Number) -> KeyDate:
    """An Excel serial day number (1900 system), if it falls in 1990-2100."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return KeyDate(_safe_str(value), False)
    if math.isnan(number):
        return KeyDate("", True, no_date=True)
    if not serial_from_date(date(FIRST_YEAR, 1, 1)) <= number < serial_from_date(
            date(LAST_YEAR, 12, 31)) + 1:
        return KeyDate(_safe_str(value), False)
    return _parse_day(date_from_serial(number))


# --- Showing key dates --------------------------------------------------------------

_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                 "Dec")


def key_date_text(key_date: KeyDate) -> str:
    """How every document shows a key date: a date naming one day as ``31 Mar 2010``
    (however it was written: "Mar 10", "31/05/2010", an Excel date), milestones written
    as bare dates as ``31 Oct 2007 and 31 Mar 2008``; anything else (milestones with
    their labels, "December annually", "Ongoing", text not understood) as written, for
    a reader to see what the plan says."""
    if key_date.parsed and not key_date.recurring and key_date.milestones and (
            len(key_date.milestones) == 1
            or all(month_number(w) for w in re.findall(r"[A-Za-z]+", key_date.text))):
        # one day, or milestones written as bare dates ("October 2007 March 2008")
        return " and ".join(f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"
                            for day in key_date.milestones)
    return " ".join(key_date.text.split())


def revised_key_date_text(revised: KeyDate, original: KeyDate) -> str:
    """A revision beside the date it replaces: ``Revised to 30 Jun 2010 (was 31 Mar
    2010)``; without an original, ``Revised to 30 Jun 2010``."""
    was = key_date_text(original)
    return f"Revised to {key_date_text(revised)}" + (f" (was {was})" if was else "")
