"""Fuzzing, bounded to run in CI: a return with random values of random types anywhere, and
settings files of random text or random values in their real keys. Every outcome is a
result or a ReporterError with a message; never a traceback."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import REPO_ROOT, write_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validate import QUARTER, WHO, blank_returns  # noqa: F401 - blank_returns is a fixture

from reporter.config.settings import DEFAULT_SETTINGS, load_settings
from reporter.errors import ReporterError
from reporter.returns import layout as L
from reporter.returns.ingest import read_returns
from reporter.returns.validate import validate_quarter
from reporter.returns.validation_report import format_summary, write_validation_report

# Bounded for CI: the three fuzzes take about 15 s together.
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
FUZZ_SETTINGS = settings(FUZZ, max_examples=60)  # a settings file loads in milliseconds

# No control characters: no workbook can hold them (openpyxl refuses, as Excel would).
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
VALUES = st.one_of(
    st.none(), _TEXT,
    st.sampled_from(["=1/0", "=NOW()", "Red", "amber", "Q3 2009/10", "2009/10-Q3", "#N/A",
                     "Operations", "31/02/2010", "1e309", "_x000D_", "\u202eevil", " "]),
    st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**18, 10**18),
    st.booleans(), st.dates(date(1900, 3, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)), st.times(),
)
SHEETS = (L.ACTIONS_SHEET, L.KPIS_SHEET, L.META_SHEET, "Instructions")
# (sheet, row, column, value): rows and columns where the return's headers, metadata and
# entries are, so headers and keys are hit as often as entries.
EDITS = st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 40), st.integers(1, 16),
                           VALUES), min_size=1, max_size=12)


@FUZZ
@given(edits=EDITS)
def test_a_return_with_random_values_anywhere_never_ends_in_a_traceback(
        edits, sample_plan, sample_settings, blank_returns, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    book = openpyxl.load_workbook(blank_returns[WHO])
    for sheet, row, column, value in edits:
        if sheet in book.sheetnames:
            cell = book[sheet].cell(row=row, column=column)
            if type(cell).__name__ == "MergedCell":  # a merged title: Excel types in its corner
                continue
            cell.value = value
    book.save(folder / "ops.xlsx")
    try:
        read = read_returns(folder, sample_plan, sample_settings, QUARTER)
        snapshot = validate_quarter(sample_plan, sample_settings, QUARTER, read, None)
        write_validation_report(snapshot, folder / "out" / "validation_report.xlsx")
        format_summary(snapshot)
    except ReporterError as exc:
        assert str(exc).strip()


@pytest.fixture(scope="module")
def settings_folder(tmp_path_factory):
    """A folder holding copies of the files the settings name, to write settings beside."""
    folder = tmp_path_factory.mktemp("settings")
    write_settings(folder, "")
    return folder


def _load(folder: Path, text: str) -> None:
    path = folder / "settings.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_settings(path)
    except ReporterError as exc:
        assert str(exc).strip()


@FUZZ_SETTINGS
@given(text=st.text(max_size=200))
def test_settings_of_random_text_never_end_in_a_traceback(text, settings_folder):
    _load(settings_folder, text)


# A TOML literal of any type: what someone might type after "key =".
_STRINGS = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
LITERALS = st.recursive(
    st.one_of(
        _STRINGS.map(json.dumps), st.integers(-10**20, 10**20).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(
            lambda f: {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(f), repr(f))),
        st.sampled_from(["true", "false", "2010-01-27", "1979-05-27T07:32:00", "07:32:00",
                         "0x1F", "1_000", "\"\"", "''", "\"{board}\"", "\"{nope}\""]),
        st.dates().map(str),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4).map(lambda v: f"[{', '.join(v)}]"),
                            st.lists(st.tuples(st.sampled_from(["a", "Red", "x y"]), inner),
                                     max_size=3).map(
                                lambda kv: "{" + ", ".join(f"{json.dumps(k)} = {v}"
                                                           for k, v in kv) + "}")),
    max_leaves=6)
_KEY_LINE = re.compile(r"^(\s*[\w\"-]+\s*=\s*)(.+)$", re.MULTILINE)
KEY_LINES = [m.start(2) for m in _KEY_LINE.finditer(DEFAULT_SETTINGS.read_text("utf-8"))]


@FUZZ_SETTINGS
@given(changes=st.lists(st.tuples(st.sampled_from(range(len(KEY_LINES))), LITERALS),
                        min_size=1, max_size=4))
def test_random_values_in_real_settings_keys_never_end_in_a_traceback(changes,
                                                                       settings_folder):
    text = DEFAULT_SETTINGS.read_text("utf-8")
    lines = {m.start(2): m for m in _KEY_LINE.finditer(text)}
    for index, literal in sorted(changes, key=lambda c: -KEY_LINES[c[0]]):
        found = lines[KEY_LINES[index]]
        text = text[:found.start(2)] + literal + text[found.end(2):]
    _load(settings_folder, text)


def test_the_fuzzed_settings_start_from_the_real_ones():
    """The key lines found are the settings' own (else the fuzz would test nothing)."""
    assert len(KEY_LINES) > 30
    assert DEFAULT_SETTINGS == REPO_ROOT / "input_templates" / "settings.toml"
