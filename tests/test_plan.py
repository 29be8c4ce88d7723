import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reporter.config.plan import PlanError, load_plan, plan_fingerprint
from reporter.errors import ConfigurationError

REGISTER = Path(__file__).resolve().parent.parent / "input_templates" / "improvement_plan.xlsx"


@pytest.fixture(scope="module")
def plan():
    return load_plan(REGISTER)


def test_sample_plan_loads_with_its_counts(plan):
    assert len(plan.themes) == 6
    assert len(plan.outcomes) == 24
    assert len(plan.actions) == 62
    assert len(plan.indicators) == 20
    assert {d.name for d in plan.directorates} >= {"Operations", "Business Support", "Finance", "CEO"}


def test_actions_from_the_reference_template(plan):
    action = plan.action("1.3a")
    assert action.text == "Review and agree service standards with leaseholders"
    assert action.key_date.text == "Nov 09"
    assert action.key_date.due.isoformat() == "2009-11-30"
    assert action.directorate == "Operations"
    assert plan.outcome("1.3").title.startswith("Leaseholders are satisfied")
    # An agreed revision recorded in the register moves the governing date.
    assert action.agreed_revised_date is not None
    assert action.governing_date is action.agreed_revised_date


def test_indicators_keep_polarity_and_real_outturns(plan):
    rent = plan.indicator("BV 66a")
    assert rent.polarity == "higher" and rent.unit == "%"
    assert rent.outturns["2007/08"] == pytest.approx(98.47)
    assert rent.outturns["2006/07"] == pytest.approx(98.23)
    relets = plan.indicator("BV 212")
    assert relets.polarity == "lower"
    assert relets.quartiles["2007/08"] == "Below Average"


def test_fingerprint_changes_when_locked_text_changes(plan):
    from dataclasses import replace

    before = plan_fingerprint(plan, "Operations")
    assert before == plan_fingerprint(plan, "Operations")
    changed = replace(plan, actions=tuple(
        replace(a, text=a.text + " (edited)") if a.ref == "1.3a" else a for a in plan.actions
    ))
    assert plan_fingerprint(changed, "Operations") != before
    assert plan_fingerprint(changed, "Finance") == plan_fingerprint(plan, "Finance")


def broken_register(tmp_path: Path) -> Path:
    path = Path(shutil.copy(REGISTER, tmp_path / "register.xlsx"))
    workbook = load_workbook(path)
    actions = workbook["Actions"]
    actions["A3"] = actions["A2"].value  # duplicate ref
    actions["B4"] = "9.9"  # unknown outcome
    actions["A4"] = "9.9a"
    actions["D5"] = "April 20010"  # key date not understood
    actions["E6"] = "Housing Strategy"  # unknown directorate
    indicators = workbook["Indicators"]
    indicators["D2"] = "sideways"  # polarity
    del workbook["Themes"]  # missing sheet
    workbook.save(path)
    return path


def test_broken_register_lists_every_problem_with_sheet_cell_and_fix(tmp_path):
    with pytest.raises(PlanError) as exc:
        load_plan(broken_register(tmp_path))
    findings = exc.value.findings
    places = {(f.sheet, f.cell) for f in findings}
    assert ("Themes", "") in places
    assert ("Actions", "A3") in places  # the duplicate
    assert ("Actions", "B4") in places  # unknown outcome 9.9
    assert ("Actions", "D5") in places  # April 20010
    assert ("Actions", "E6") in places  # unknown directorate
    assert ("Indicators", "D2") in places
    message = str(exc.value)
    assert "the key date 'April 20010' is not understood" in message
    assert "the directorate 'Housing Strategy' is not on the Directorates sheet" in message
    assert "is listed twice" in message
    assert all(f.fix for f in findings)


def test_an_organisations_own_refs_with_the_outcome_in_its_column(tmp_path):
    path = Path(shutil.copy(REGISTER, tmp_path / "register.xlsx"))
    workbook = load_workbook(path)
    outcomes, actions = workbook["Outcomes"], workbook["Actions"]
    outcomes["A2"] = "HOU-1"  # was 1.1, theme 1
    for row in range(2, actions.max_row + 1):
        if actions.cell(row=row, column=2).value == "1.1":
            actions.cell(row=row, column=2).value = "HOU-1"
    actions["A2"], actions["B2"] = "HDC-07", "HOU-1"
    actions["A3"], actions["B3"] = "hdc-07", "HOU-1"  # the same ref, another case
    actions["A4"], actions["B4"] = "HDC-08", None  # no outcome
    workbook.save(path)
    with pytest.raises(PlanError) as exc:
        load_plan(path)
    problems = {(f.cell, f.message) for f in exc.value.findings}
    assert problems == {("A3", "the action hdc-07 is listed twice."),
                        ("B4", "the outcome of action HDC-08 is empty.")}
    actions["A3"], actions["B4"] = "HDC-09", "HOU-1"
    workbook.save(path)
    plan = load_plan(path)
    action = plan.action("HDC-07")
    assert (action.outcome, action.letter) == ("HOU-1", "HDC-07")
    assert plan.outcome("HOU-1").theme == 1
    assert plan.action("1.2a").letter == "a"


def test_missing_register_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="plan register not found"):
        load_plan(tmp_path / "nope.xlsx")
    not_a_workbook = tmp_path / "register.xlsx"
    not_a_workbook.write_text("hello")
    with pytest.raises(ConfigurationError, match="cannot open the plan register"):
        load_plan(not_a_workbook)


def test_a_stray_value_at_the_grid_end_of_the_register_is_not_read_as_a_rectangle(
        tmp_path, plan, monkeypatch):
    """A value in XFD1048576 spans 17 billion cells: read as a rectangle, every command ran
    past 300 s. The register is read through sheets, which streams such a sheet and stops
    after a run of blank rows; the plan is the same."""
    from reporter import sheets

    path = tmp_path / "register.xlsx"
    workbook = load_workbook(REGISTER)
    workbook["Actions"]["XFD1048576"] = "stray"
    workbook.save(path)
    streamed: list[str] = []
    original = sheets._stream_rows
    monkeypatch.setattr(sheets, "_stream_rows", lambda data, sheet, limit: streamed.append(
        sheet) or original(data, sheet, limit))
    assert load_plan(path) == plan
    assert streamed == ["Actions"]


def test_register_figures_are_read_by_the_one_cell_reader(tmp_path):
    """Targets typed as text read as the returns read them: "1,234" and "98.5%" are
    figures, "12,34" (a European decimal, or a slip) is not, and is reported."""
    path = Path(shutil.copy(REGISTER, tmp_path / "register.xlsx"))
    workbook = load_workbook(path)
    sheet = workbook["Indicators"]
    titles = [c.value for c in sheet[1]]
    target = next(i for i, t in enumerate(titles, 1) if str(t).startswith("Target "))
    sheet.cell(row=2, column=target, value="98.5%")
    sheet.cell(row=3, column=target, value="1,234")
    sheet.cell(row=4, column=target, value="12,34")
    workbook.save(path)
    with pytest.raises(PlanError) as exc:
        load_plan(path)
    (finding,) = exc.value.findings
    assert "'12,34'" in finding.message and finding.cell.endswith("4")
    workbook = load_workbook(path)
    workbook["Indicators"].cell(row=4, column=target, value=12.5)
    workbook.save(path)
    figures = [i.targets for i in load_plan(path).indicators[:3]]
    year = titles[target - 1].removeprefix("Target ")
    assert [f[year] for f in figures] == [98.5, 1234.0, 12.5]


def test_a_key_date_formula_never_calculated_and_a_revision_years_early_are_named(tmp_path):
    path = Path(shutil.copy(REGISTER, tmp_path / "register.xlsx"))
    workbook = load_workbook(path)
    actions = workbook["Actions"]
    titles = [c.value for c in actions[1]]
    key = actions.cell(row=7, column=titles.index("Key date") + 1)
    key.value = "=DATE(2010,3,31)"  # openpyxl saves no value: Excel never calculated it
    actions.cell(row=8, column=titles.index("Key date") + 1).value = "Mar 10"
    revised = actions.cell(row=8, column=titles.index("Agreed revised date") + 1)
    revised.value = "Mar 05"  # 2005 typed for 2010
    workbook.save(path)
    with pytest.raises(PlanError) as exc:
        load_plan(path)
    by_cell = {(f.sheet, f.cell): f for f in exc.value.findings}
    assert "is a formula with no value saved" in by_cell["Actions", key.coordinate].message
    assert "Type the date itself" in by_cell["Actions", key.coordinate].fix
    assert "more than a year before the key date 'Mar 10'" in by_cell[
        "Actions", revised.coordinate].message


def test_the_sample_registers_link_actions_to_the_indicators_their_criteria_name(plan):
    """Where a success criterion sets a level for an indicator, the action is linked to
    it; the plan's 70% improvement criterion is linked to the improvement headline."""
    from reporter.config.plan import SHARE_IMPROVED

    assert plan.action("2.4a").indicators == ("BV 212",)
    assert plan.action("5.2a").indicators == ("BV 66b",)
    assert plan.action("2.2a").indicators == (SHARE_IMPROVED,)
    assert plan.action("1.3a").indicators == ()
    for action in plan.actions:  # every linked ref is an indicator named in its criteria
        for ref in action.indicators:
            assert ref == SHARE_IMPROVED or ref in action.success_criteria, action.ref
    council = load_plan(REGISTER.parent / "council" / "improvement_plan.xlsx")
    assert council.action("6.3a").indicators == ("BV 8",)


def linked_register(tmp_path: Path, links: dict[str, str]) -> Path:
    """The sample register with the Indicators cells of ``links`` (action ref -> text)."""
    path = tmp_path / "improvement_plan.xlsx"
    shutil.copy(REGISTER, path)
    workbook = load_workbook(path)
    sheet = workbook["Actions"]
    titles = [c.value for c in sheet[1]]
    column = titles.index("Indicators") + 1
    for row in range(2, sheet.max_row + 1):
        ref = sheet.cell(row=row, column=1).value
        sheet.cell(row=row, column=column).value = links.get(ref)
    workbook.save(path)
    return path


def test_an_unknown_indicator_link_is_named_with_its_cell(tmp_path):
    path = linked_register(tmp_path, {"1.1a": "xBV 185, BV 999", "2.2a": "share improved"})
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    [problem] = caught.value.findings
    assert (problem.sheet, problem.cell) == ("Actions", "H2")
    assert "BV 999" in problem.message and "1.1a" in problem.message
    assert "Indicators sheet" in problem.fix


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["BV 212", "bv 66b", " LPI  03 ", "Share Improved"]),
                min_size=1, max_size=5),
       st.sampled_from([",", ", ", " ,  "]))
def test_links_are_read_as_the_indicators_sheet_writes_them(tmp_path_factory, written, comma):
    """Any case, any spaces, repeats once: the refs come back as the Indicators sheet
    (and the headline's own name) writes them, in the order given."""
    from reporter.config.plan import SHARE_IMPROVED

    folder = tmp_path_factory.mktemp("links")
    plan = load_plan(linked_register(folder, {"2.4a": comma.join(written)}))
    canonical = {"bv 212": "BV 212", "bv 66b": "BV 66b", "lpi 03": "LPI 03",
                 "share improved": SHARE_IMPROVED}
    expected = list(dict.fromkeys(canonical[" ".join(w.split()).lower()] for w in written))
    assert plan.action("2.4a").indicators == tuple(expected)
