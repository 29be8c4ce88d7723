"""``init``: a new organisation's files, checked by ``plan`` and run for a quarter from its
own folder (settings found there, returns, packs and history written there)."""

from __future__ import annotations

import re

import pytest
from docx import Document
from fill import fill_return
from openpyxl import load_workbook

from reporter.cli import EXIT_OK, EXIT_USAGE, main
from reporter.config.plan import OPTIONAL_COLUMNS, REGISTER_COLUMNS, load_plan
from reporter.config.settings import load_settings
from reporter.returns import layout as L

NAME = "Northshire District Council"
YEAR = "2025/26"
# Words of the two bundled organisations that a new one must not inherit.
SAMPLE_WORDS = re.compile(r"Rotherham|RMBC|2010 Rotherham|\bALMO\b|\bPSI\b|P&SI|Memorandum|"
                          r"Landlord Relations|Trafford|Harlow", re.IGNORECASE)


@pytest.fixture
def organisation(tmp_path, capsys):
    folder = tmp_path / "northshire"
    assert main(["init", str(folder), "--organisation", NAME, "--year", YEAR]) == EXIT_OK
    capsys.readouterr()
    return folder


def _docx_text(path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_init_writes_settings_register_and_templates(organisation):
    assert sorted(p.name for p in organisation.iterdir()) == [
        "covering_report.docx", "improvement_plan.xlsx", "reference.docx", "settings.toml"]
    text = (organisation / "settings.toml").read_text(encoding="utf-8")
    assert f'name = "{NAME}"' in text
    assert not SAMPLE_WORDS.search(text)
    assert not SAMPLE_WORDS.search(_docx_text(organisation / "covering_report.docx"))
    settings = load_settings(organisation / "settings.toml")
    assert settings.organisation.name == NAME
    assert settings.covering_templates == (organisation / "covering_report.docx",)


def test_the_register_has_every_sheet_and_column_and_an_example_of_each_kind(organisation):
    workbook = load_workbook(organisation / "improvement_plan.xlsx", read_only=True)
    assert workbook.sheetnames == ["Instructions", *REGISTER_COLUMNS]
    for sheet, columns in REGISTER_COLUMNS.items():
        header = [c.value for c in next(workbook[sheet].iter_rows(max_row=1))]
        assert set(columns) | set(OPTIONAL_COLUMNS.get(sheet, ())) <= set(header), sheet
    plan = load_plan(organisation / "improvement_plan.xlsx")
    assert not plan.warnings
    assert {(i.frequency, i.year_to_date, i.judged) for i in plan.indicators} == {
        ("monthly", "average", True), ("quarterly", "sum", True), ("annual", "latest", True),
        ("quarterly", "latest", False)}
    assert len(plan.actions) == len(plan.recommendations) == len(plan.directorates) == 1


def test_plan_on_a_new_organisation_says_what_to_fill(organisation, capsys):
    assert main(["--settings", str(organisation / "settings.toml"), "plan"]) == EXIT_OK
    printed = capsys.readouterr().out
    assert f"{NAME}:" in printed
    assert "Still to fill" in printed
    for named in ("report.author", "report.job_title", "Actions sheet: 1.1a",
                  "Indicators sheet: EX 1",
                  "[[timetable]]"):
        assert named in printed, named


def test_init_never_writes_into_a_folder_with_files(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path), "--organisation", NAME]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "not an empty folder" in error and "new folder" in error
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_init_refuses_a_year_it_cannot_read(tmp_path, capsys):
    assert main(["init", str(tmp_path / "x"), "--organisation", NAME,
                 "--year", "2025"]) == EXIT_USAGE
    assert "--year" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_init_writes_the_month_its_year_starts_in(tmp_path, capsys):
    folder = tmp_path / "july"
    assert main(["init", str(folder), "--organisation", NAME, "--year", YEAR,
                 "--year-starts", "jul"]) == EXIT_OK
    assert load_settings(folder / "settings.toml").first_month == 7
    instructions = " ".join(str(c.value) for row in load_workbook(
        folder / "improvement_plan.xlsx")["Instructions"].iter_rows() for c in row if c.value)
    assert "(30/06/2026, Jun 26, Q4 2025/26, Ongoing)" in instructions  # its year's end
    assert main(["init", str(tmp_path / "jan"), "--organisation", NAME,
                 "--year-starts", "January"]) == EXIT_USAGE
    assert "not a month from February to December" in capsys.readouterr().err
    assert not (tmp_path / "jan").exists()


def test_a_new_organisation_runs_its_first_quarter_from_its_own_folder(organisation,
                                                                      monkeypatch, capsys):
    """From inside the folder, with no --settings, --out or --history: the returns, the
    pack and the history all land in the organisation's folder."""
    monkeypatch.chdir(organisation)
    quarter = f"{YEAR}-Q1"
    assert main(["templates", quarter]) == EXIT_OK
    returns = organisation / "returns" / "2025-26-Q1"
    (blank,) = returns.glob("*.xlsx")
    fill_return(blank, actions={"1.1a": {L.STATUS: "Green", L.PROGRESS: "Under way."}},
                kpis={"EX 1": {"Apr 2025": 91, "May 2025": 88, "Jun 2025": 93}},
                recommendations={"R1": {L.REC_STATUS: "Not complete",
                                        L.REC_PROGRESS: "Scheduled."}})
    capsys.readouterr()
    assert main(["run", quarter, "--returns", str(returns), "--quiet"]) in (0, 1)
    printed = capsys.readouterr().out
    assert "1 actions" in printed or "1 action" in printed
    pack = organisation / "output" / "2025-26-Q1"
    for name in ("progress_report.docx", "covering_report.docx", "consolidated.xlsx"):
        assert (pack / name).is_file(), name
    assert (organisation / "output" / "history.sqlite").is_file()
    covering = _docx_text(pack / "covering_report.docx")
    assert NAME in covering and not SAMPLE_WORDS.search(covering)
