"""The demo's script: what its directorates type is data (input_templates/demo.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporter.demo import DEMO_SCRIPT, DemoMess, load_script, script_for
from reporter.errors import ConfigurationError
from reporter.periods import Quarter

TEMPLATES = Path(__file__).resolve().parents[1] / "input_templates"


def test_the_bundled_script_runs_three_quarters_with_their_mistakes():
    script = load_script(DEMO_SCRIPT)
    assert script.quarters == {
        Quarter(2009, 2): DemoMess(green_past_key_date=True),
        Quarter(2009, 3): DemoMess(missing_directorate="Finance", red_without_remedial=True),
        Quarter(2009, 4): DemoMess(unknown_status=True, red_without_remedial=True,
                                   green_past_key_date=True),
    }
    assert script.typing.percent_with_sign == "Operations"
    assert script.chances.due_next_quarter == (6, 2, 1)
    assert all("{reason}" in sentence for sentence in script.sentences.late)


def test_the_councils_script_has_its_own_quarters_and_the_shared_sentences():
    council = script_for(TEMPLATES / "council" / "settings.toml")
    assert list(council.quarters) == [Quarter(2007, 2), Quarter(2007, 3), Quarter(2007, 4)]
    assert council.quarters[Quarter(2007, 3)].missing_directorate == \
        "Children and Young People's Services"
    assert council.typing.percent_with_sign == ""
    assert council.sentences == load_script(DEMO_SCRIPT).sentences


def test_settings_without_a_script_beside_them_get_the_bundled_one(tmp_path):
    assert script_for(tmp_path / "settings.toml") == load_script(DEMO_SCRIPT)


def test_a_misspelt_key_is_named_with_its_file(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text('[[quarters]]\nquarter = "2009/10-Q2"\nunknown_stat = true\n',
                    encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"(?s)demo.toml has 1 problem.*"
                       r"unknown key quarters #1\.unknown_stat \(did you mean unknown_status\?\)"):
        load_script(path)
    path.write_text('[[quarters]]\nquarter = "2009/10-Q5"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="quarters #1: "):
        load_script(path)


def test_every_problem_of_the_script_is_listed_at_once(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text('[chances]\nnotable = "often"\n[extra]\n', encoding="utf-8")
    with pytest.raises(ConfigurationError) as raised:
        load_script(path)
    message = str(raised.value)
    assert "unknown table [extra]" in message
    assert "chances.notable must be a number, got 'often'" in message
