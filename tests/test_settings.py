from pathlib import Path

import pytest

from conftest import write_settings
from reporter.errors import ConfigurationError
from reporter.periods import Quarter
from reporter.settings import DEFAULT_SETTINGS, load_settings
from reporter.status import Status


def test_bundled_settings_load():
    settings = load_settings(DEFAULT_SETTINGS)
    assert settings.organisation.name == "2010 Rotherham Ltd"
    assert settings.footer == "2010 Board / 16 December 2009 / Delivering Improvement / IR"
    assert settings.improvement_target == pytest.approx(0.70)
    assert settings.plan_register.name == "improvement_plan.xlsx"
    assert settings.exception_statuses() == {Status.RED}
    q3 = settings.timetable_for(Quarter(2009, 3))
    assert q3 is not None and q3.board.isoformat() == "2010-01-27"


@pytest.mark.parametrize(
    "word, status",
    [
        ("red", Status.RED), ("R", Status.RED), (" RED ", Status.RED),
        ("Complete", Status.COMPLETE), ("Completed", Status.COMPLETE), ("Clear", Status.COMPLETE),
        ("Blue", Status.COMPLETE), ("C", Status.COMPLETE), ("On track", Status.GREEN),
        ("On  Track.", Status.GREEN), ("Some slippage reported", Status.AMBER),
        ("Slipped", Status.RED), ("Ongoing", Status.GREEN),
        ("Yellow", None), ("n/a", None), ("", None), (None, None),
    ],
)
def test_status_words_from_the_settings(word, status):
    assert load_settings().vocabulary.normalise(word) is status


def test_misspelt_key_is_named(tmp_path):
    path = write_settings(tmp_path, DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        "amber_is_exception", "amber_is_exeption"))
    with pytest.raises(ConfigurationError) as exc:
        load_settings(path)
    assert "unknown key status.amber_is_exeption" in str(exc.value)
    assert "allowed: amber_is_exception, words" in str(exc.value)


def test_wrong_values_are_all_reported(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8")
    text = text.replace("improvement_target = 0.70", "improvement_target = 70")
    text = text.replace('Red = "C00000"', 'Red = "crimson"')
    text = text.replace('quarter = "2009/10-Q2"', 'quarter = "2009/10-Q5"')
    path = write_settings(tmp_path, text)
    with pytest.raises(ConfigurationError) as exc:
        load_settings(path)
    message = str(exc.value)
    assert "3 problem(s)" in message
    assert "report.improvement_target must be a fraction between 0 and 1" in message
    assert "colours.Red must be six hex digits" in message
    assert "Q5" in message


def test_a_word_under_two_statuses_is_refused(tmp_path):
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        'Red = ["red",', 'Red = ["on track", "red",'
    )
    path = write_settings(tmp_path, text)
    with pytest.raises(ConfigurationError, match="'on track' is listed under both"):
        load_settings(path)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(ConfigurationError, match="settings file not found"):
        load_settings(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[organisation\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="is not valid TOML"):
        load_settings(bad)


def test_house_style_and_covering_templates(tmp_path):
    settings = load_settings()
    assert settings.reference_docx.name == "reference.docx"
    assert [p.name for p in settings.covering_templates] == [
        "covering_report.docx", "covering_report_council.docx"]
    text = DEFAULT_SETTINGS.read_text(encoding="utf-8").replace(
        '"covering_report_council.docx"]', '"covering_report_cabinet.docx"]')
    with pytest.raises(ConfigurationError, match="covering_report_cabinet.docx does not exist"):
        load_settings(write_settings(tmp_path, text))
