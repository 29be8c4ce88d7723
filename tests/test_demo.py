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


# --- each action in its own words -----------------------------------------------------------

ORGANISATIONS = {"sample": TEMPLATES / "settings.toml",
                 "council": TEMPLATES / "council" / "settings.toml"}


@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_every_action_has_its_own_words_and_no_words_are_shared(organisation):
    from reporter.config.plan import load_plan
    from reporter.config.settings import load_settings

    settings_path = ORGANISATIONS[organisation]
    settings = load_settings(settings_path)
    plan = load_plan(settings.plan_register)
    commentary = script_for(settings_path).commentary
    assert sorted(commentary.actions) == sorted(a.ref for a in plan.actions)
    assert sorted(commentary.recommendations) == sorted(r.ref for r in plan.recommendations)
    for field in ("progress", "concern", "slipped", "remedial", "delivered", "evidence"):
        texts = [getattr(words, field) for words in commentary.actions.values()]
        repeated = {t for t in texts if texts.count(t) > 1}
        assert not repeated, f"{organisation}: {field} written for more than one action"
        assert all(t.strip() for t in texts)


def test_the_returns_carry_each_actions_words_for_its_status(sample_plan, sample_settings,
                                                             tmp_path):
    """A Red action explains its slippage and remedial action, a Complete one says what was
    delivered, a Green one its progress: each in words no other action has."""
    import openpyxl

    from reporter.demo import DemoQuarter, simulate_quarter
    from reporter.returns import layout as L
    from reporter.status import Status

    script = script_for(ORGANISATIONS["sample"])
    quarter = Quarter(2009, 4)
    _, statuses = simulate_quarter(sample_plan, sample_settings,
                                   DemoQuarter(quarter, tmp_path, seed=7), script)
    typed: dict[str, tuple[str, str]] = {}
    for path in tmp_path.glob("*.xlsx"):
        sheet = openpyxl.load_workbook(path)[L.ACTIONS_SHEET]
        rows = list(sheet.iter_rows(values_only=True))
        header = next(n for n, row in enumerate(rows) if L.REF in row)
        col = {title: n for n, title in enumerate(rows[header]) if title}
        for row in rows[header + 1:]:
            if row[col[L.REF]] in statuses:
                typed[row[col[L.REF]]] = (str(row[col[L.PROGRESS]] or ""),
                                          str(row[col[L.REMEDIAL]] or ""))
    assert set(typed) == set(statuses)
    seen = {Status.RED: 0, Status.COMPLETE: 0, Status.GREEN: 0}
    for ref, (progress, remedial) in typed.items():
        words = script.commentary.actions[ref]
        status = statuses[ref]
        if status in seen:
            seen[status] += 1
        wanted = {Status.RED: words.slipped, Status.AMBER: words.concern,
                  Status.COMPLETE: words.delivered, Status.GREEN: words.progress}[status]
        assert " ".join(progress.split()).endswith(wanted), (ref, status, progress)
        if status is Status.RED:
            assert remedial in ("", words.remedial)
    assert all(seen.values()), seen  # the quarter has Red, Complete and Green actions
    progresses = [p for p, _ in typed.values()]
    assert len(set(progresses)) == len(progresses)  # no comment repeats across actions
    assert not any("survey contractor withdrew" in p for ref, (p, _) in typed.items()
                   if ref != "1.3b")
