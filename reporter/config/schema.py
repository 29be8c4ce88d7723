"""One checker for the TOML files people edit: settings.toml and the mapping files.

A file's schema is a list of sections, each a table of keys: the kind of value a key
holds (which says, in words, what is allowed), its default and whether it is required.
``check`` returns the values, defaults filled in where a key is absent or wrong, and
every problem at once, each naming the key (``report.chart_limit``), what was given and
what is allowed, so one run of the command lists everything to fix:

    report.chart_limit must be a whole number, 1 or more, got 12.5
    unknown key status.amber_is_exeption (did you mean amber_is_exception?); allowed: ...

What a schema cannot say (a footer's placeholders, a file that must exist, a period that
must read) the caller checks after, adding to the same list.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from reporter.cells import month_number
from reporter.errors import ConfigurationError


@dataclass(frozen=True)
class Kind:
    """What a key may hold: a test, and the words that say what it allows."""

    allowed: str  # completes "report.chart_limit must be ...": "a whole number, 1 or more"
    accepts: Callable[[object], bool]


def _number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def _texts(value: object) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value))


TEXT = Kind("a non-empty text", lambda v: isinstance(v, str) and bool(v.strip()))
ANY_TEXT = Kind("a text", lambda v: isinstance(v, str))
TEXTS = Kind("a text or a list of texts", _texts)
FLAG = Kind("true or false", lambda v: isinstance(v, bool))
FRACTION = Kind("a fraction between 0 and 1 (0.70 for 70%)",
                lambda v: _number(v) and 0 <= v <= 1)  # type: ignore[operator]
NON_ZERO = Kind("a non-zero number", lambda v: _number(v) and v != 0)
HEX_COLOUR = Kind('six hex digits such as "C00000"',
                  lambda v: isinstance(v, str) and bool(re.fullmatch(r"#?[0-9A-Fa-f]{6}", v)))
DATE = Kind("a date written like 2010-01-08 (no quotes)", lambda v: isinstance(v, date))
TABLE = Kind("a table of keys", lambda v: isinstance(v, dict))
NUMBER = Kind("a number", _number)
LIST = Kind("a list", lambda v: isinstance(v, list))
NUMBERS = Kind("a list of numbers", lambda v: isinstance(v, list) and all(map(_number, v)))


# The month a financial year starts in ([organisation] year_starts, a mapping's
# source.year_starts): February to December, as ``month_number`` reads it ("July", "Jul").
YEAR_STARTS = Kind("a month's name, February to December (such as July)",
                   lambda v: isinstance(v, str) and month_number(v) not in (None, 1))


def whole(least: int, most: int | None = None) -> Kind:
    """A whole number from ``least`` (to ``most``)."""
    if most is None:
        allowed = f"a whole number, {least} or more"
    elif most == least + 1:
        allowed = f"a whole number ({least} or {most})"
    else:
        allowed = f"a whole number from {least} to {most}"
    return Kind(allowed, lambda v: isinstance(v, int) and not isinstance(v, bool)
                and v >= least and (most is None or v <= most))


def one_of(values: Sequence[str], allowed: str = "") -> Kind:
    """One of ``values``; ``allowed`` says it in words when the plain list would not."""
    return Kind(allowed or f"one of {', '.join(values)}", lambda v: v in values)


@dataclass(frozen=True)
class Key:
    """A key of a section: what it holds, its default, and whether it must be given."""

    name: str
    kind: Kind
    default: Any = None
    required: bool = False


@dataclass(frozen=True)
class Section:
    """A ``[table]`` of the file: its known ``keys``; or, with ``each``, any key (their
    codes, column titles) holding that kind; ``many`` for ``[[table]]`` arrays, each
    table named in messages by its ``label_key`` (``timetable "2009/10-Q3"``)."""

    name: str
    keys: tuple[Key, ...] = ()
    each: Kind | None = None
    many: bool = False
    label_key: str = ""


@dataclass(frozen=True)
class Checked:
    """A file's values by section (a list of tables for ``many``), and its problems."""

    sections: dict[str, Any] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    def get(self, dotted: str) -> Any:
        """The checked value of ``section.key``."""
        section, _, key = dotted.partition(".")
        return self.sections[section][key]


def read_toml(path: Path, what: str, fix: str,
              error: type[ConfigurationError] = ConfigurationError) -> dict[str, Any]:
    """The TOML file's tables; ``error`` naming the file when it is missing (with ``fix``:
    how to name the right one) or is not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{what} not found: {path}. {fix}") from None
    except UnicodeDecodeError as exc:  # saved as Latin-1 or Windows-1252 by an editor
        raise error(f"{what} {path} is not saved as UTF-8 (byte {exc.object[exc.start]:#04x} "
                    f"at position {exc.start}). Save it again choosing the UTF-8 encoding "
                    "(in Notepad: File > Save As > Encoding: UTF-8).") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what} {path} is not valid TOML: {exc}") from None


def problems_message(what: str, path: Path, problems: Sequence[str]) -> str:
    """One message listing every problem of a file."""
    return (f"{what} {path} has {len(problems)} problem(s):\n"
            + "\n".join(f"  - {p}" for p in problems))


def check(raw: Mapping[str, Any], sections: Sequence[Section]) -> Checked:
    """Check a whole file against its sections (see the module notes)."""
    problems: list[str] = []
    by_name = {s.name: s for s in sections}
    allowed = sorted(by_name)
    for name in raw:
        if name not in by_name:
            problems.append(f"unknown section [{name}]{_did_you_mean(name, allowed)}; "
                            f"allowed: {', '.join(f'[{s}]' for s in allowed)}")
    found: dict[str, Any] = {}
    for section in sections:
        value = raw.get(section.name, [] if section.many else {})
        if section.many:
            if not isinstance(value, list):
                problems.append(f"{section.name} must be written as [[{section.name}]] tables")
                value = []
            found[section.name] = [_table(t, section, _label(section, t, n), problems)
                                   for n, t in enumerate(value, start=1) if isinstance(t, dict)]
            problems += [f"[[{section.name}]] #{n} must be a table of keys"
                         for n, t in enumerate(value, start=1) if not isinstance(t, dict)]
        elif not isinstance(value, dict):
            problems.append(f"[{section.name}] must be a table of keys")
            found[section.name] = _table({}, section, section.name, problems)
        else:
            found[section.name] = _table(value, section, section.name, problems)
    return Checked(found, tuple(problems))


def check_keys(table: Mapping[str, Any], keys: Sequence[Key], label: str,
               problems: list[str]) -> dict[str, Any]:
    """The values of a table of known keys (the default where absent or wrong), adding a
    problem for each unknown key, missing required key and wrong value."""
    names = sorted(k.name for k in keys)
    for name in table:
        if name not in names:
            problems.append(f"unknown key {label}.{name}{_did_you_mean(name, names)}; "
                            f"allowed: {', '.join(names)}")
    values = {}
    for key in keys:
        if key.name not in table:
            if key.required:
                problems.append(f"{label}.{key.name} must be {key.kind.allowed}; it is missing")
            values[key.name] = key.default
            continue
        value = table[key.name]
        if not key.kind.accepts(value):
            problems.append(f"{label}.{key.name} must be {key.kind.allowed}, got {value!r}")
            value = key.default
        values[key.name] = value
    return values



def _table(table: Mapping[str, Any], section: Section, label: str,
           problems: list[str]) -> dict[str, Any]:
    if section.each is None:
        return check_keys(table, section.keys, label, problems)
    values = {}
    for name, value in table.items():
        if section.each.accepts(value):
            values[str(name)] = value
        else:
            problems.append(f'{label}."{name}" must be {section.each.allowed}, got {value!r}')
    return values


def _label(section: Section, table: Mapping[str, Any], number: int) -> str:
    named = table.get(section.label_key) if section.label_key else None
    return f'{section.name} "{named}"' if isinstance(named, str) else f"{section.name} #{number}"


def _did_you_mean(name: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


# The kinds of a record's fields, by their annotation (read as text: the modules use
# ``from __future__ import annotations``).
_FIELD_KINDS = {"float": NUMBER, "str": ANY_TEXT, "bool": FLAG, "str | None": ANY_TEXT,
                "tuple[str, ...]": TEXTS, "tuple[float, float, float]": NUMBERS}


def record(cls: type, table: Mapping[str, Any], label: str, problems: list[str]) -> Any:
    """A frozen dataclass ``cls`` made from a TOML table through ``check_keys``: its fields
    are the keys (required where the field has no default), lists become tuples. None
    when the table has a problem (added to ``problems``)."""
    keys = []
    for f in fields(cls):
        kind = _FIELD_KINDS.get(str(f.type), Kind("a value", lambda v: True))
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        keys.append(Key(f.name, kind, f.default if f.default is not MISSING else None,
                        required=not has_default))
    before = len(problems)
    values = check_keys(table, keys, label, problems)
    if len(problems) > before:
        return None
    return cls(**{f.name: _as_field(values[f.name], str(f.type))
                  for f in fields(cls) if f.name in table})


def _as_field(value: Any, annotation: str) -> Any:
    """A TOML value as the record holds it: lists as tuples, one text as a list of one."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str) and annotation.startswith("tuple"):
        return (value,)
    return value
