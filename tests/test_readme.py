"""Every command and every option of the CLI is documented in the README (as sqlite-utils'
test_docs.py does), so a new option cannot ship without a line saying what it does.

The README's "Every command and option" section has one table row per command: its first
cell names the command and its arguments (`run QUARTER`), the second each of its options.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from reporter.cli import build_parser
from reporter.indicators.mapping import KEY_HELP, key_table, schema_keys

README = Path(__file__).resolve().parents[1] / "README.md"
PARSER = build_parser()


def _section(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


REFERENCE = _section("## Every command and option")


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Each command's name and its own parser."""
    sub = next(a for a in PARSER._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings if o not in ("-h", "--help")}


def _positionals(parser: argparse.ArgumentParser) -> list[str]:
    return [a.metavar or a.dest for a in parser._actions
            if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]


def _row(command: str) -> tuple[str, str]:
    """The two cells of the command's row in the reference table."""
    rows = [line for line in REFERENCE.splitlines()
            if re.match(rf"\| `{re.escape(command)}[ `]", line)]
    assert len(rows) == 1, f"the README needs one row for `{command}` under its reference"
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    return cells[0], cells[1]


def test_the_parser_has_the_commands_the_readme_names():
    assert set(_commands()) >= {"demo", "run", "check", "templates", "sample", "timetable",
                                "plan", "import", "import-indicators", "benchmark"}


def test_every_command_has_one_row_and_no_row_is_for_a_command_gone():
    named = re.findall(r"^\| `([a-z-]+)", REFERENCE, flags=re.MULTILINE)
    assert sorted(named) == sorted(_commands())


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_option_of_the_command_is_in_its_row(command):
    parser = _commands()[command]
    usage, options = _row(command)
    assert set(re.findall(r"`(--[a-z-]+)", options)) == _options(parser), (
        f"document each option of `{command}` in its README row (and only its own)")
    for argument in _positionals(parser):
        assert argument in usage, f"`{command}`'s argument {argument} is not in its README row"


def test_the_global_options_are_documented():
    for option in _options(PARSER):
        assert f"`{option}" in REFERENCE, option



def test_the_mapping_format_lists_every_key_with_its_meaning():
    # The table is made from the mapping's schema, so a key added there without a line in
    # KEY_HELP fails here, and the README must hold the table as generated.
    assert set(KEY_HELP) == set(schema_keys())
    section = _section("## Import your history and peers")
    assert key_table() in section, "paste `python -m reporter.indicators.mapping` into the README"
    for dotted in schema_keys():
        table, _, key = dotted.partition(".")
        assert f"| `[{table}]` `{key}` |" in section
    for heading in ("### Whose figure is ours", "### A worked example", "### The mapping format"):
        assert heading in section
