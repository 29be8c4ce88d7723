"""A real district council's quarterly KPI returns, imported and run as a new user would
(issue #14, "Done when"): Hart District Council's 2014/15 Q1 and Q2 returns
(``../shared/realdata/rag/hart_dc_kpis_2014-15_Q*.csv``), a plan register declaring some of
its indicators as the council keeps them, ``import-indicators`` with the bundled mapping and
``run`` for Q2 2014/15. The year to date of a cumulative, a quarterly and a data-only
indicator is checked against figures worked out by hand from the CSV text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import REPO_ROOT, realdata, write_settings
from openpyxl import load_workbook

from reporter.cli import main

MAPPING = REPO_ROOT / "input_templates" / "mappings" / "hart_dc_quarterly.toml"
DIRECTORATE = "Finance"  # a directorate of the sample register, owning every indicator

# PI ref -> (description, unit, polarity, frequency, year to date), as the council keeps
# them: the return's descriptions; RB06 and HR11 are cumulative over the year ("latest"),
# CS01 is a quality score each quarter (the year is their average), SNH03 a count the
# return marks "Data only".
DECLARED = {
    "RB06": ("% of Council Tax collected", "%", "higher", "quarterly", "latest"),
    "CS01": ("Quality of Customer Service Call Handling - % score from monitoring sample",
             "%", "higher", "quarterly", "average"),
    "SNH03": ("Number of Domestic Abuse incidents - domestic crimes", "incidents", "none",
              "quarterly", "sum"),
    "HR11": ("Working Days (per FTE) Lost Due to Sickness Absence (Cumulative)", "days",
             "lower", "quarterly", "latest"),
    "ETS01": ("Number of missed collections - All - (per 100,000)", "per 100,000", "lower",
              "quarterly", "average"),
}


def csv_rows(quarter: str) -> dict[str, dict[str, str]]:
    path = realdata("rag", f"hart_dc_kpis_2014-15_{quarter}.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["pi_ref"]: row for row in csv.DictReader(handle)}


def hart_register(folder: Path) -> Path:
    """The sample register with its actions, recommendations and indicators replaced by
    the council's indicators (no key actions: this is a KPI-only return)."""
    book = load_workbook(REPO_ROOT / "input_templates" / "improvement_plan.xlsx")
    for name in ("Actions", "Recommendations", "Indicators"):
        book[name].delete_rows(2, book[name].max_row)
    sheet = book["Indicators"]
    sheet.delete_cols(1, sheet.max_column)
    sheet.append(["PI ref", "Description", "Unit", "Polarity", "Frequency", "Year to date",
                  "Owner directorate", "Theme", "Benchmarked"])
    for ref, (description, unit, polarity, frequency, rule) in DECLARED.items():
        sheet.append([ref, description, unit, polarity, frequency, rule, DIRECTORATE, 1, "No"])
    path = folder / "hart_plan.xlsx"
    book.save(path)
    return path


@pytest.fixture(scope="module")
def hart_run(tmp_path_factory):
    """Q1 and Q2 imported through the command, then Q2 2014/15 run with no returns: every
    figure comes from the council's own tables."""
    files = [realdata("rag", f"hart_dc_kpis_2014-15_Q{n}.csv") for n in (1, 2)]
    folder = tmp_path_factory.mktemp("hart")
    text = (REPO_ROOT / "input_templates" / "settings.toml").read_text(encoding="utf-8")
    settings = write_settings(folder, text.replace(
        'plan_register = "improvement_plan.xlsx"', 'plan_register = "hart_plan.xlsx"'))
    hart_register(folder)
    history, returns, out = folder / "history.sqlite", folder / "returns", folder / "pack"
    returns.mkdir()
    common = ["--settings", str(settings)]
    for path in files:  # one quarter's return at a time, as they arrive
        assert main([*common, "import-indicators", str(path), "--map", str(MAPPING),
                     "--history", str(history)]) == 0
    code = main([*common, "run", "2014/15-Q2", "--returns", str(returns), "--out", str(out),
                 "--history", str(history), "--quiet"])
    return code, out


def sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    rows = list(load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if "PI ref" in r or "Rule" in r)
    titles = rows[header]
    return [dict(zip(titles, r)) for r in rows[header + 1:] if any(v is not None for v in r)]


def test_the_year_to_date_of_each_kind_is_worked_out_from_the_csv(hart_run):
    code, out = hart_run
    q1, q2 = csv_rows("Q1"), csv_rows("Q2")
    # By hand, from the CSV text. RB06, % council tax collected, is cumulative: Q1 file
    # this_quarter 30.5, Q2 file this_quarter 59.3, so the year to date at Q2 is 59.3.
    assert (q1["RB06"]["this_quarter"], q2["RB06"]["this_quarter"]) == ("30.5", "59.3")
    # CS01, call handling quality, a score each quarter: Q1 95.9 (the Q2 file's
    # last_quarter says the same), Q2 95.5; the year to date is their mean, 95.7.
    assert (q1["CS01"]["this_quarter"], q2["CS01"]["last_quarter"],
            q2["CS01"]["this_quarter"]) == ("95.9", "95.9", "95.5")
    # SNH03, domestic abuse incidents, "Data only": 376 in Q1 and 376 again in Q2, a count
    # summed over the year: 752, judged against no target (the Q2 file's target is 0).
    assert (q1["SNH03"]["this_quarter"], q2["SNH03"]["this_quarter"]) == ("376", "376")
    assert (q2["SNH03"]["rag"], q2["SNH03"]["target"]) == ("Data only", "0")

    findings = sheet_rows(out / "validation_report.xlsx", "All findings")
    assert code == 1 and [f["Rule"] for f in findings if f["Severity"] == "Error"] == [
        "no-returns"]  # the only error: no return typed, every figure imported
    rows = {r["PI ref"]: r for r in sheet_rows(out / "consolidated.xlsx", "Indicators")}
    assert rows["RB06"]["Year to date"] == pytest.approx(59.3)
    assert rows["CS01"]["Year to date"] == pytest.approx(95.7)
    assert rows["SNH03"]["Year to date"] == pytest.approx(752)
    # Targets: the council's own for the quarter (the register gives none); none for data.
    assert rows["RB06"]["Target"] == pytest.approx(24.5)  # Q2 file: target 24.5
    assert rows["CS01"]["Target"] == pytest.approx(90)
    assert rows["SNH03"]["Target"] in (None, "", "\u2013")


def test_the_councils_own_rag_is_compared_with_ours(hart_run):
    _, out = hart_run
    q2 = csv_rows("Q2")
    # HR11: 2.7 days against a cumulative target of 3.15, lower is better, so on target;
    # the council's return says Red. ETS01: a 0 typed for "figures not yet received"
    # against 40, which the council rightly calls Red. Both are listed for the officer.
    assert (q2["HR11"]["this_quarter"], q2["HR11"]["target"], q2["HR11"]["rag"]) == (
        "2.7", "3.15", "Red")
    assert (q2["ETS01"]["this_quarter"], q2["ETS01"]["rag"]) == ("0", "Red")
    findings = sheet_rows(out / "validation_report.xlsx", "All findings")
    disagreements = [f for f in findings if f.get("Rule") == "imported-status-disagrees"]
    messages = sorted(str(f["Message"]) for f in disagreements)
    assert [m.split(":")[0] for m in messages] == ["ETS01 Q2 2014/15", "HR11 Q2 2014/15"]
    assert "the imported table gives 'Red', but the figures make it on target (2.7 against " \
           "a target of 3.15, lower is better)" in messages[1]
    # RB06 (59.3 against 24.5) and CS01 (95.5 against 90) are Green in both.
    assert not any(m.startswith(("RB06", "CS01", "SNH03")) for m in messages)


def test_the_spc_column_counts_quarters_for_a_quarterly_indicator(hart_run):
    from docx import Document

    _, out = hart_run
    document = Document(str(out / "performance_report.docx"))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    # Q4 2013/14 (the Q1 file's last quarter), Q1 and Q2 2014/15: three quarters, no
    # empty month slots between them.
    assert "Fewer than 15 points (3 quarters)" in cells
    assert not any("months)" in text for text in cells if text.startswith("Fewer than"))
