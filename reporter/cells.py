"""Values of spreadsheet cells as people type them: the one place that reads them.

Returns, the plan register, ``import-indicators``, ``benchmark`` and ``backfill`` all read
text, figures, dates, months and columns through these functions, so the same cell reads
the same way whichever command reads it. (``sheets`` gives the cells; this reads them.)
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# A figure as typed: an optional sign and currency, digits (thousands grouped by commas in
# threes, or by spaces), a decimal part, an exponent, then an optional %. Words after it are
# not read ("5 TBC", "20 Jan", "2.7 days": the returns ask for no units), nor is "12,34": a
# comma there is a European decimal or a slip, and guessing which would put a figure 100
# times out before the Board.
_FIGURE = re.compile(
    r"""^(?P<sign>[+\-\u2212])?\s*[£$€]?\s*(?P<sign2>[+\-\u2212])?\s*
        (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)
        (?P<exponent>[eE][+\-]?\d{1,3})?
        \s*%?$""",
    re.VERBOSE,
)
# Spaces that group thousands: "1 234", "12 345 678" (also no-break and thin spaces).
_SPACE_GROUP = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}(?!\d))")


def parse_number(value: object) -> float | None:
    """The figure in a cell, or None when it holds no figure.

    97.5, "97.5", "97.5%", "1,234", "1 234", "£1,200", "-9" and "1e3" are figures;
    "12,34", "52+", "5 TBC", "2.7 days", "n/a", "" and True are not. A percentage keeps its scale:
    "97.5%" is 97.5, as the plan's percentage indicators are written.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        return number if math.isfinite(number) else None
    if not isinstance(value, str):
        return None
    text = _SPACE_GROUP.sub("", value.strip())
    match = _FIGURE.match(text)
    if match is None or (match["sign"] and match["sign2"]):
        return None
    number = float(match["digits"].replace(",", "") + (match["exponent"] or ""))
    if not math.isfinite(number):
        return None
    negative = (match["sign"] or match["sign2"] or "") in ("-", "\u2212")
    return -number if negative else number


# Excel's 1900 date system counts a 29 February 1900 that never was: serial 60. Day 0 is
# 30 December 1899 for every serial from 61 (1 March 1900) on.
EXCEL_EPOCH = date(1899, 12, 30)


EXCEL_EPOCH_1904 = date(1904, 1, 1)  # old Mac Excel counted from here, with no odd day


def date_from_serial(serial: float, date1904: bool = False) -> date:
    """The day an Excel serial number stands for (in the 1900 date system, or the 1904
    one of old Mac workbooks); the time of day dropped."""
    whole = int(math.floor(serial))
    if date1904:
        return EXCEL_EPOCH_1904 + timedelta(days=whole)
    if whole < 61:
        whole += 1  # before March 1900 Excel is one day ahead
    return EXCEL_EPOCH + timedelta(days=whole)


def serial_from_date(value: date) -> int | float:
    """A date (or date and time) as Excel's serial number: the inverse of
    ``date_from_serial`` (a time of day becomes the fraction)."""
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - datetime(1899, 12, 30)
        serial: int | float = delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    else:
        serial = (value - EXCEL_EPOCH).days
    return serial - 1 if serial < 61 else serial


def column_letter(number: int) -> str:
    """Column 1 is A, 27 is AA, 16384 is XFD."""
    if number < 1:
        raise ValueError(f"a column number starts at 1, got {number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """Column A is 1, AA is 27: the inverse of ``column_letter``."""
    if not letters.isascii() or not letters.isalpha():
        raise ValueError(f"a column is written in letters such as A or AB, got {letters!r}")
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


# A month written as people write it: "Oct 2009", "October 2009", "Oct-09", "Sept 2021",
# "oct. 09". Two-digit years are 20xx, as the plan's key dates read them.
# Month words, without a group, for building other patterns (key_dates' grammar).
MONTH_WORDS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
               r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
MONTH_WORD = rf"(?P<month>{MONTH_WORDS})\.?"
_MONTH_TEXT = re.compile(rf"{MONTH_WORD}[\s,/'-]*(?P<year>\d{{4}}|\d{{2}})", re.I | re.A)


def month_number(word: str) -> int | None:
    """1 for "Jan", "January" or "jan."; None when the word is no month."""
    match = re.fullmatch(MONTH_WORD, word.strip(), re.I | re.A)
    if match is None:
        return None
    return [name[:3].lower() for name in MONTH_NAMES].index(match["month"][:3].lower()) + 1


def parse_month(value: object) -> tuple[int, int] | None:
    """(year, month) of a month cell: "Oct 2009", "October 2009", "Oct-09" or a date in the
    cell; None for anything else (never a guess)."""
    if isinstance(value, date):
        return value.year, value.month
    if not isinstance(value, str):
        return None
    match = _MONTH_TEXT.fullmatch(" ".join(value.split()))
    if match is None:
        return None
    number = month_number(match["month"])
    assert number is not None  # the pattern holds only month words
    year = int(match["year"]) + (2000 if len(match["year"]) == 2 else 0)
    return year, number


def month_title(year: int, month: int) -> str:
    """"Oct 2009": how returns head a month's column and reports name a month."""
    return f"{MONTH_NAMES[month - 1][:3]} {year}"


# Text as typed and pasted: odd spaces, invisible characters and Windows line ends tidied.
_ODD_SPACE = re.compile(r"[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES = re.compile(r"\n{3,}")


def tidy_text(text: str) -> str | None:
    """Text from a cell as meant: each line's spaces collapsed and trimmed, invisible
    characters gone, at most one blank line in a row; None when nothing is left."""
    # Printable text has no odd spaces, invisible characters or line ends (they are not
    # printable): with no double space either it needs only trimming. The common case.
    if text.isprintable() and "  " not in text:
        return text.strip() or None
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_ODD_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() or None


def cell_text(value: object) -> str:
    """A cell as text, as the sheet shows it: "" for blank, 12 not 12.0, a date
    31/03/2010 (with its time of day, if any), text tidied."""
    if value is None:
        return ""
    if isinstance(value, str):
        return tidy_text(value) or ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        shown = f"{value.day:02d}/{value.month:02d}/{value.year}"
        return shown if value.time() == datetime.min.time() else f"{shown} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return tidy_text(str(value)) or ""
