"""The bundled sample plan register (input_templates/improvement_plan.xlsx, the file a user
edits in Excel): shape, counts and cross-references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporter.config.plan import OPTIONAL_COLUMNS, POLARITIES, QUARTILES, REGISTER_COLUMNS

COMMITTED = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"


def _records(sheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:] if any(v is not None for v in row)]


@pytest.fixture(scope="module")
def workbook():
    return load_workbook(COMMITTED)


@pytest.fixture(scope="module")
def sheets(workbook):
    return {name: _records(workbook[name]) for name in workbook.sheetnames}


def test_sheet_names_and_headers(workbook):
    assert workbook.sheetnames == list(REGISTER_COLUMNS)
    for name, columns in REGISTER_COLUMNS.items():
        sheet = workbook[name]
        header = tuple(cell.value for cell in sheet[1] if cell.value is not None)
        if name == "Indicators":  # the basis columns sit after Polarity
            optional = OPTIONAL_COLUMNS["Indicators"]
            assert tuple(t for t in header if t in columns) == columns
            assert header[4:4 + len(optional)] == optional
        else:  # the optional columns (the Actions' Indicators links) after the required
            assert header == columns + OPTIONAL_COLUMNS.get(name, ())
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])


def test_indicator_year_columns(workbook):
    header = [cell.value for cell in workbook["Indicators"][1]]
    extra = header[len(REGISTER_COLUMNS["Indicators"]) + len(OPTIONAL_COLUMNS["Indicators"]):]
    for title in (
        "Outturn 2006/07", "Outturn 2007/08", "Outturn 2008/09",
        "Target 2008/09", "Target 2009/10", "Target 2010/11",
        "Quartile 2007/08", "Quartile 2008/09",
    ):
        assert title in extra
    assert all(re.fullmatch(r"(Outturn|Target|Quartile) \d{4}/\d{2}", t) for t in extra)


def test_themes_and_outcomes(sheets):
    themes = sheets["Themes"]
    assert [t["Theme"] for t in themes] == [1, 2, 3, 4, 5, 6]
    assert themes[0]["Title"] == "Address tenants’ and leaseholders’ priorities for improvement"
    outcomes = sheets["Outcomes"]
    assert len(outcomes) == 24
    refs = [o["Ref"] for o in outcomes]
    assert len(set(refs)) == 24
    for outcome in outcomes:
        assert isinstance(outcome["Ref"], str) and re.fullmatch(r"\d+\.\d+", outcome["Ref"])
        assert outcome["Ref"].split(".")[0] == str(outcome["Theme"])
    assert {o["Theme"] for o in outcomes} == {1, 2, 3, 4, 5, 6}


def test_actions(sheets):
    actions = sheets["Actions"]
    outcomes = {o["Ref"] for o in sheets["Outcomes"]}
    directorates = {d["Directorate"] for d in sheets["Directorates"]}
    assert len(actions) == 62
    refs = [a["Ref"] for a in actions]
    assert len(set(refs)) == 62
    by_outcome: dict[str, list[str]] = {}
    for action in actions:
        assert re.fullmatch(r"^\d+\.\d+[a-z]$", action["Ref"])
        assert action["Outcome"] in outcomes
        assert action["Ref"][:-1] == action["Outcome"]
        assert action["Lead directorate"] in directorates
        assert isinstance(action["Key date"], str) and action["Key date"]
        assert action["Key action"] and action["Success criteria"]
        by_outcome.setdefault(action["Outcome"], []).append(action["Ref"][-1])
    assert set(by_outcome) == outcomes
    for letters in by_outcome.values():
        assert 1 <= len(letters) <= 5
        assert letters == [chr(ord("a") + i) for i in range(len(letters))]
    assert any(a["Agreed revised date"] for a in actions)


def test_actions_from_the_progress_report(sheets):
    actions = {a["Ref"]: a for a in sheets["Actions"]}
    assert actions["1.3a"]["Key action"] == "Review and agree service standards with leaseholders"
    assert actions["1.3a"]["Key date"] == "Nov 09"
    assert actions["1.3c"]["Key date"] == "Oct 10"
    assert actions["1.4a"]["Lead directorate"] == "CEO"
    assert actions["2.2a"]["Success criteria"] == (
        "70% of key benchmarked performance indicators show improvement on 2008/09"
    )


def test_directorates(sheets):
    for directorate in sheets["Directorates"]:
        assert directorate["Lead director"]
        assert directorate["Contact"].endswith("@example.org")


def test_indicators(sheets):
    indicators = sheets["Indicators"]
    directorates = {d["Directorate"] for d in sheets["Directorates"]}
    assert len(indicators) == 20
    assert len({i["PI ref"] for i in indicators}) == 20
    for indicator in indicators:
        assert indicator["Polarity"] in POLARITIES
        assert str(indicator["Unit"]).strip()
        assert indicator["Owner directorate"] in directorates
        assert indicator["Theme"] in {1, 2, 3, 4, 5, 6}
        assert indicator["Benchmarked"] in {"Yes", "No"}
        for column, value in indicator.items():
            if column.startswith(("Outturn", "Target")) and value is not None:
                assert isinstance(value, (int, float))
            if column.startswith("Quartile") and value is not None:
                assert value in QUARTILES
    rent = next(i for i in indicators if i["PI ref"] == "BV 66a")
    assert rent["Outturn 2007/08"] == 98.47 and rent["Unit"] == "%"


def test_recommendations(sheets):
    recommendations = sheets["Recommendations"]
    directorates = {d["Directorate"] for d in sheets["Directorates"]}
    assert len(recommendations) == 15
    sources = [r["Source"] for r in recommendations]
    assert sources.count("Audit Commission inspection") == 9
    assert sources.count("Customer Service Excellence") == 6
    for recommendation in recommendations:
        assert recommendation["Lead directorate"] in directorates
        assert isinstance(recommendation["Original date"], str)
        assert recommendation["Revised date"] is None or isinstance(recommendation["Revised date"], str)

