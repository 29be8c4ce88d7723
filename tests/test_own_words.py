"""A third organisation in its own words (issue #15): no partner, one committee, a plan
called the Council Plan and a Performance Team. Started with ``init``, its settings edited
as its officer would, run through ``templates`` and ``run``; the returns and the pack read
back name its plan, its team and its one meeting, and nothing of the bundled examples."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from fill import fill_return
from test_third_organisation import xlsx_text

from reporter.cli import EXIT_OK, main
from reporter.config.settings import load_settings
from reporter.config.timetable import headings, timetable_rows
from reporter.periods import FinancialYear, Quarter
from reporter.returns import layout as L

NAME = "Westvale Borough Council"
# Words the bundled examples' settings put in the pack, which this council must not see.
NOT_OURS = re.compile(r"Improvement Plan|\bPSI\b|P&SI|Performance and Service Improvement|"
                      r"agreed (with|between)|Cabinet Member|Liaison meeting|Rotherham|RMBC|"
                      r"blue \u2018C\u2019|\bClear\b",
                      re.IGNORECASE)


def own_settings(text: str) -> str:
    """The starter settings as Westvale's officer edits them."""
    replacements = {
        'plan_name = "Improvement Plan"': 'plan_name = "Council Plan"',
        'team = "performance team"': 'team = "Performance Team"',
        'team_short = "performance team"': 'team_short = "Performance Team"',
        'board = "Board"': 'board = "Overview and Scrutiny Committee"',
        'author = "TO FILL: the report author\'s name"': 'author = "Sam Patel"',
        'job_title = "TO FILL: the report author\'s job title"':
            'job_title = "Performance Manager"',
        # its one meeting, on days counted from the returns deadline
        'key = "board"\nname = "Board"':
            'key = "committee"\nname = "Overview and Scrutiny Committee"\ndays_after = 21',
        "action_limit = 2000": "action_limit = 2000\nreturns_due_days = 10",
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def westvale(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("own") / "westvale"
    assert main(["init", str(folder), "--organisation", NAME, "--year", "2025/26"]) == EXIT_OK
    settings = folder / "settings.toml"
    settings.write_text(own_settings(settings.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def westvale_run(westvale: Path) -> Path:
    settings = str(westvale / "settings.toml")
    assert main(["--settings", settings, "templates", "2025/26-Q1"]) == EXIT_OK
    (blank,) = (westvale / "returns" / "2025-26-Q1").glob("*.xlsx")
    fill_return(blank, actions={"1.1a": {L.STATUS: "Green", L.PROGRESS: "Under way."}},
                kpis={"EX 1": {"Apr 2025": 91, "May 2025": None, L.COMMENT: "Not in yet."}},
                recommendations={"R1": {L.REC_STATUS: "Not complete",
                                        L.REC_PROGRESS: "Scheduled."}})
    assert main(["--settings", settings, "run", "2025/26-Q1", "--returns",
                 str(blank.parent), "--quiet"]) in (0, 1)
    return westvale


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    footers = [p.text for s in document.sections for p in s.footer.paragraphs]
    properties = document.core_properties
    return "\n".join([p.text for p in document.paragraphs] + cells + footers
                     + [properties.title or "", properties.subject or ""])


def test_its_settings_have_no_partner_one_meeting_and_its_own_names(westvale):
    settings = load_settings(westvale / "settings.toml")
    org = settings.organisation
    assert (org.partner, org.partner_short) == ("", "")
    assert (org.plan_name, org.plan, org.team) == ("Council Plan", f"the Council Plan of {NAME}",
                                                    "Performance Team")
    assert [m.key for m in settings.meetings] == ["committee"]
    entry = settings.timetable_for(Quarter(2025, 1))  # dates from the days, no table
    assert entry is not None and entry.returns_due.isoformat() == "2025-07-10"
    assert entry.dates()[1] == ("committee", entry.board) and entry.board.isoformat() == \
        "2025-07-31"
    assert headings(settings) == ("Quarter", "Period", "Returns due from directorates",
                                  "Overview and Scrutiny Committee")
    rows = timetable_rows(settings, FinancialYear(2025))
    assert all(len(r.cells()) == 4 for r in rows)


def test_the_timetable_command_shows_its_one_meeting(westvale, capsys):
    assert main(["--settings", str(westvale / "settings.toml"), "timetable", "2025/26",
                 "--out", str(westvale / "timetable")]) == EXIT_OK
    printed = capsys.readouterr().out
    assert "Overview and Scrutiny Committee" in printed and "Liaison" not in printed
    text = _docx_text(westvale / "timetable" / "timetable_2025-26.docx")
    assert "Council Plan: reporting timetable 2025/26" in text
    assert "Performance Team" in text and not NOT_OURS.search(text)


def test_its_returns_name_its_plan_and_a_date_in_the_quarter(westvale_run):
    (blank,) = (westvale_run / "returns" / "2025-26-Q1").glob("*.xlsx")
    text = xlsx_text(blank)
    assert "Council Plan return" in text and "as the Council Plan defines it" in text
    assert "30/06/2025" in text and "31/03/2010" not in text
    assert not NOT_OURS.search(text), NOT_OURS.search(text)


def test_its_pack_is_in_its_own_words(westvale_run):
    pack = westvale_run / "output" / "2025-26-Q1"
    progress = _docx_text(pack / "progress_report.docx")
    covering = _docx_text(pack / "covering_report.docx")
    assert "Council Plan: Progress Report for Q1 2025/26" in progress
    assert "Council Plan: progress report for Q1 2025/26" in covering
    assert "Directorates report progress to the Performance Team" in covering
    assert "31 July 2025" in covering  # the committee's date, from the days
    assert "Council Plan of Westvale Borough Council: position at 30 June 2025" in progress
    assert "progress made with the Council Plan of Westvale Borough Council" in covering
    assert "Council Council" not in progress + covering
    texts = {"progress": progress, "covering": covering}
    for name in ("consolidated.xlsx", "validation_report.xlsx"):
        texts[name] = xlsx_text(pack / name)
    for name in ("performance_report.docx",):
        if (pack / name).is_file():
            texts[name] = _docx_text(pack / name)
    for name, text in texts.items():
        found = NOT_OURS.search(text)
        assert found is None, (name, found and text[max(0, found.start() - 80):found.end()])
    # the blank figure explained in its Comment: the fix names the team to send it to
    assert "send the figure to the Performance Team" in texts["validation_report.xlsx"]
