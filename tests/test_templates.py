"""Directorate return workbooks: generated, pre-filled, guarded, and readable back."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from fill import (
    DATE_AS_TEXT,
    HOSTILE_TEXTS,
    MESSY_STATUSES,
    PERCENT_AS_TEXT,
    AsText,
    fill_return,
    messy_actions,
    messy_kpis,
)
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from reporter.cli import main
from reporter.config.plan import Directorate, Plan, plan_fingerprint
from reporter.indicators.year_to_date import due_in
from reporter.periods import Quarter
from reporter.returns import layout as L
from reporter.returns.return_style import HEADER_ROW
from reporter.returns.templates import (
    ReturnHistory,
    figure_periods,
    key_date_display,
    past_figures,
    return_filename,
    write_return,
    write_returns,
)
from reporter.snapshot import ActionPosition, IndicatorMonth, QuarterSnapshot
from reporter.status import DEFAULT_SCHEME, Status

Q3 = Quarter(2009, 3)
INPUT_FILL = "FFF2CC"


@pytest.fixture(scope="module")
def returns(sample_plan, sample_settings, tmp_path_factory) -> dict[str, Path]:
    """The sample plan's Q3 2009/10 returns, by directorate."""
    out = tmp_path_factory.mktemp("returns")
    paths = write_returns(sample_plan, sample_settings, Q3, out)
    books = {load_workbook(p, read_only=True)[L.META_SHEET]["B3"].value: p for p in paths}
    return books


def header(ws: Worksheet) -> dict[str, int]:
    return {c.value: c.column for c in ws[HEADER_ROW] if c.value is not None}


def rows_by_ref(ws: Worksheet, key_column: int = 1) -> dict[str, int]:
    return {ws.cell(row=r, column=key_column).value: r
            for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(row=r, column=key_column).value}


def validation_for(ws: Worksheet, cell: str):
    """The data validations that cover ``cell``."""
    return [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]


def meta(workbook) -> dict[str, str]:
    return {r[0]: r[1] for r in workbook[L.META_SHEET].iter_rows(values_only=True)}


# --- files -------------------------------------------------------------------------------

def test_one_return_per_directorate_with_safe_names(returns, sample_plan):
    assert sorted(returns) == sorted(d.name for d in sample_plan.directorates)
    assert returns["Operations"].name == "2009-10-Q3_Operations.xlsx"
    assert returns["Investment and Development"].name == \
        "2009-10-Q3_Investment_and_Development.xlsx"
    assert not [p for p in returns["CEO"].parent.iterdir() if not p.name.endswith(".xlsx")], \
        "no temporary files are left behind"


@pytest.mark.parametrize("name, expected", [
    ("Operations", "2009-10-Q3_Operations.xlsx"),
    ("Housing & Neighbourhoods", "2009-10-Q3_Housing_and_Neighbourhoods.xlsx"),
    ("Finance/Audit", "2009-10-Q3_Finance_Audit.xlsx"),
    ("  Équipe: Régie  ", "2009-10-Q3_Equipe_Regie.xlsx"),
    ("..\\..\\etc", "2009-10-Q3_etc.xlsx"),
    ("???", "2009-10-Q3_directorate.xlsx"),
])
def test_return_filename_is_safe(name, expected):
    assert return_filename(Q3, name) == expected


def with_directorates(plan: Plan, names: list[str]) -> Plan:
    """The sample plan with its first directorates renamed to ``names``."""
    renamed = dict(zip([d.name for d in plan.directorates], names))
    return replace(
        plan,
        directorates=tuple(replace(d, name=renamed.get(d.name, d.name))
                           for d in plan.directorates),
        actions=tuple(replace(a, directorate=renamed.get(a.directorate, a.directorate))
                      for a in plan.actions),
        indicators=tuple(replace(i, directorate=renamed.get(i.directorate, i.directorate))
                         for i in plan.indicators),
        recommendations=tuple(replace(r, directorate=renamed.get(r.directorate, r.directorate))
                              for r in plan.recommendations),
    )


def test_names_that_clean_alike_get_their_own_files(sample_plan, sample_settings, tmp_path):
    plan = with_directorates(sample_plan, ["A & B", "A and B", "A/B"])
    paths = write_returns(plan, sample_settings, Q3, tmp_path)
    assert len({p.name for p in paths}) == len(paths) == len(plan.directorates)
    for path in paths:
        directorate = meta(load_workbook(path))[L.META_DIRECTORATE]
        refs = [a.ref for a in plan.actions_of(directorate)]
        assert set(refs) <= set(rows_by_ref(load_workbook(path)[L.ACTIONS_SHEET]))


def test_a_directorate_with_nothing_to_return_gets_no_file(sample_plan, sample_settings,
                                                            tmp_path):
    plan = replace(sample_plan, directorates=(*sample_plan.directorates,
                                              Directorate("Legal", "Head of Legal")))
    paths = write_returns(plan, sample_settings, Q3, tmp_path)
    assert "2009-10-Q3_Legal.xlsx" not in {p.name for p in paths}
    assert len(paths) == len(sample_plan.directorates)


def test_an_unknown_directorate_is_named(sample_plan, sample_settings, tmp_path):
    with pytest.raises(ValueError, match="'Estates' is not in the plan; use one of: CEO"):
        write_return(sample_plan, sample_settings, Q3, "Estates", tmp_path / "x.xlsx")


def test_generating_a_quarter_is_fast(sample_plan, sample_settings, tmp_path):
    started = time.perf_counter()
    paths = write_returns(sample_plan, sample_settings, Q3, tmp_path)
    elapsed = time.perf_counter() - started
    assert elapsed / len(paths) < 0.5, f"{elapsed:.2f} s for {len(paths)} returns"


# --- sheets ------------------------------------------------------------------------------

def test_sheets_in_order_and_metadata_very_hidden(returns, sample_plan):
    for name, path in returns.items():
        workbook = load_workbook(path)
        expected = [L.INSTRUCTIONS_SHEET, L.ACTIONS_SHEET, L.KPIS_SHEET]
        if sample_plan.recommendations_of(name):
            expected.append(L.RECOMMENDATIONS_SHEET)
        assert workbook.sheetnames == [*expected, L.META_SHEET]
        assert workbook[L.META_SHEET].sheet_state == "veryHidden"
        assert workbook.active.title == L.INSTRUCTIONS_SHEET
        values = meta(workbook)
        assert values[L.META_VERSION] == L.TEMPLATE_VERSION
        assert values[L.META_QUARTER] == "2009/10-Q3"
        assert values[L.META_DIRECTORATE] == name
        assert values[L.META_FINGERPRINT] == plan_fingerprint(sample_plan, name)
        assert datetime.fromisoformat(values[L.META_GENERATED])
        assert workbook.properties.title == f"Improvement Plan return: {name}, Q3 2009/10"
        assert "Q3 2009/10" in workbook.properties.subject


def test_recommendations_sheet_only_for_leads(sample_plan, sample_settings, tmp_path):
    finance_only = replace(sample_plan, recommendations=sample_plan.recommendations_of("Finance"))
    paths = {p.name: p for p in write_returns(finance_only, sample_settings, Q3, tmp_path)}
    assert L.RECOMMENDATIONS_SHEET in load_workbook(paths["2009-10-Q3_Finance.xlsx"]).sheetnames
    assert L.RECOMMENDATIONS_SHEET not in load_workbook(
        paths["2009-10-Q3_Operations.xlsx"]).sheetnames


def test_actions_sheet_has_the_directorates_actions_in_plan_order(returns, sample_plan):
    for name, path in returns.items():
        ws = load_workbook(path)[L.ACTIONS_SHEET]
        titles = header(ws)
        assert list(titles) == list(L.ACTION_COLUMNS)
        assert set(L.REQUIRED_ACTION_COLUMNS) <= set(titles)
        assert list(rows_by_ref(ws)) == [a.ref for a in sample_plan.actions_of(name)]
        assert "Improvement Plan return for Q3 2009/10" in ws["A1"].value
        assert name in ws["A2"].value
        assert "Friday 8 January 2010" in ws["A3"].value


def test_actions_are_grouped_by_theme_and_outcome(returns, sample_plan):
    ws = load_workbook(returns["Operations"])[L.ACTIONS_SHEET]
    group_titles = [ws.cell(row=r, column=2).value for r in range(HEADER_ROW + 1, ws.max_row + 1)
                    if ws.cell(row=r, column=1).value is None]
    theme = sample_plan.theme(1)
    outcome = sample_plan.outcome("1.3")
    assert f"Theme 1: {theme.title}" in group_titles
    assert f"1.3 {outcome.title}" in group_titles
    first_group = ws.cell(row=HEADER_ROW + 1, column=2)
    assert first_group.value.startswith("Theme 1") and first_group.font.b
    outcomes = {a.outcome for a in sample_plan.actions_of("Operations")}
    themes = {sample_plan.outcome(o).theme for o in outcomes}
    assert len(group_titles) == len(outcomes) + len(themes)


def test_plan_columns_locked_input_columns_open_and_yellow(returns):
    for path in returns.values():
        ws = load_workbook(path)[L.ACTIONS_SHEET]
        titles = header(ws)
        for row in rows_by_ref(ws).values():
            for title in L.LOCKED_ACTION_COLUMNS + (L.LAST_STATUS, L.LAST_COMMENTARY):
                assert ws.cell(row=row, column=titles[title]).protection.locked, title
            for title in L.INPUT_ACTION_COLUMNS:
                cell = ws.cell(row=row, column=titles[title])
                assert not cell.protection.locked, (title, cell.coordinate)
                assert cell.fill.fgColor.rgb.endswith(INPUT_FILL)
                assert cell.border.left.style == "thin"
            assert ws.cell(row=row, column=titles[L.REF]).data_type == "s"
            assert ws.cell(row=row, column=titles[L.REVISED_DATE]).number_format == "DD/MM/YYYY"


def test_every_sheet_is_protected_without_a_password(returns):
    for path in returns.values():
        workbook = load_workbook(path)
        assert workbook.security.lockStructure
        assert workbook.security.workbookPassword is None
        for ws in workbook.worksheets:
            assert ws.protection.sheet, ws.title
            assert ws.protection.password is None, ws.title
        ws = workbook[L.ACTIONS_SHEET]
        assert ws.protection.formatColumns is False and ws.protection.formatRows is False
    with zipfile.ZipFile(returns["CEO"]) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/"))
    assert b"hashValue" not in xml and b"password" not in xml.lower()


def test_status_notable_and_date_validations(returns):
    for path in returns.values():
        ws = load_workbook(path)[L.ACTIONS_SHEET]
        titles = header(ws)
        for row in rows_by_ref(ws).values():
            def only(title: str, ws=ws, row=row, titles=titles):
                found = validation_for(ws, ws.cell(row=row, column=titles[title]).coordinate)
                assert len(found) == 1, (title, row)
                return found[0]

            status = only(L.STATUS)
            assert status.type == "list" and status.formula1 == '"Red,Amber,Green,Complete"'
            assert status.showErrorMessage and status.errorStyle == "stop"
            assert "Red, Amber, Green or Complete" in status.error
            notable = only(L.NOTABLE)
            assert notable.type == "list" and notable.formula1 == '"Y,N"'
            revised = only(L.REVISED_DATE)
            assert revised.type == "date" and revised.operator == "greaterThan"
            assert revised.formula1 == "36526"  # 1 January 2000
            assert revised.showErrorMessage
        group_rows = [r for r in range(HEADER_ROW + 1, ws.max_row + 1)
                      if ws.cell(row=r, column=1).value is None]
        for row in group_rows:
            assert not validation_for(ws, ws.cell(row=row, column=titles[L.STATUS]).coordinate)
    assert ",".join(DEFAULT_SCHEME.dropdown) == "Red,Amber,Green,Complete"


def test_status_cells_are_coloured_by_word(returns, sample_settings):
    ws = load_workbook(returns["Operations"])[L.ACTIONS_SHEET]
    titles = header(ws)
    rows = rows_by_ref(ws).values()
    for title in (L.STATUS, L.LAST_STATUS):
        cells = {ws.cell(row=r, column=titles[title]).coordinate for r in rows}
        rules = {}
        for formatting in ws.conditional_formatting:
            covered = {c for c in cells if c in formatting.sqref}
            if covered:
                assert covered == cells
                for rule in formatting.rules:
                    rules[rule.formula[0].strip('"')] = rule
        assert set(rules) == {s.value for s in DEFAULT_SCHEME.categories}
        for status in DEFAULT_SCHEME.categories:
            rule = rules[status.value]
            assert rule.type == "cellIs" and rule.operator == "equal"
            assert rule.dxf.fill.fgColor.rgb.endswith(sample_settings.colours[status])
            white = status is not Status.AMBER
            assert rule.dxf.font.color.rgb.endswith("FFFFFF" if white else "000000")


def test_frozen_header_and_print_settings(returns):
    for path in returns.values():
        for ws in load_workbook(path).worksheets[1:-1]:  # Actions, KPIs, Recommendations
            assert ws.freeze_panes == f"B{HEADER_ROW + 1}", ws.title
            assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
            assert ws.page_setup.orientation == "landscape"
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
            assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert all(ws.cell(row=HEADER_ROW, column=c).alignment.wrap_text
                       for c in range(1, ws.max_column + 1) if ws.cell(row=HEADER_ROW,
                                                                       column=c).value)


def test_columns_are_wide_enough_for_their_content(returns):
    ws = load_workbook(returns["Operations"])[L.ACTIONS_SHEET]
    titles = header(ws)
    widths = {t: ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width
              for t, c in titles.items()}
    assert widths[L.REVISED_DATE] >= 11  # "31/03/2010" never shows as ###
    assert widths[L.KEY_ACTION] >= 30 and widths[L.PROGRESS] >= 30
    for row in rows_by_ref(ws).values():  # rows are tall enough for the wrapped plan text
        text = ws.cell(row=row, column=titles[L.KEY_ACTION]).value
        lines = len(text) / widths[L.KEY_ACTION]
        assert ws.row_dimensions[row].height >= 15 * lines


def test_key_date_shows_an_agreed_revision(returns, sample_plan):
    action = sample_plan.action("1.3a")
    assert action.agreed_revised_date is not None
    text = key_date_display(action)
    assert text == f"{action.key_date.text} (agreed revision: {action.agreed_revised_date.text})"
    ws = load_workbook(returns["Operations"])[L.ACTIONS_SHEET]
    assert ws.cell(row=rows_by_ref(ws)["1.3a"], column=header(ws)[L.KEY_DATE]).value == text
    plain = sample_plan.action("1.1a")
    assert key_date_display(plain) == plain.key_date.text


def test_kpis_sheet(returns, sample_plan):
    for name, path in returns.items():
        ws = load_workbook(path)[L.KPIS_SHEET]
        titles = header(ws)
        indicators = sample_plan.indicators_of(name)
        figures = [L.period_title(p) for p in figure_periods(indicators, Q3)]
        assert figures[:3] == list(Q3.month_labels) == ["Oct 2009", "Nov 2009", "Dec 2009"]
        assert list(titles) == [L.PI_REF, L.DESCRIPTION, L.UNIT, L.FREQUENCY, L.POLARITY,
                                L.TARGET, L.LAST_QUARTER, L.SAME_PERIOD_LAST_YEAR, *figures,
                                L.COMMENT]
        rows = rows_by_ref(ws)
        assert list(rows) == [i.ref for i in indicators]
        for indicator in indicators:
            row = rows[indicator.ref]
            assert ws.cell(row=row, column=titles[L.POLARITY]).value == (
                "Data only" if not indicator.judged else "Higher is better"
                if indicator.higher_is_better else "Lower is better")
            assert ws.cell(row=row, column=titles[L.TARGET]).value == (
                indicator.target_for(Q3.financial_year) if indicator.judged else None)
            assert ws.cell(row=row, column=titles[L.LAST_QUARTER]).value is None
            due = [L.period_title(p) for p in due_in(indicator, Q3)]
            for title in figures:
                cell = ws.cell(row=row, column=titles[title])
                found = validation_for(ws, cell.coordinate)
                if title in due:
                    (dv,) = found
                    assert not cell.protection.locked and cell.value is None
                    assert dv.type == "decimal" and dv.allow_blank and dv.showErrorMessage
                    assert dv.operator == "between"
                else:  # visibly not for input
                    assert cell.protection.locked and cell.value == L.NOT_DUE and not found
            assert not ws.cell(row=row, column=titles[L.COMMENT]).protection.locked
            for title in (L.PI_REF, L.DESCRIPTION, L.TARGET, L.LAST_QUARTER, L.FREQUENCY):
                assert ws.cell(row=row, column=titles[title]).protection.locked


def test_percentage_indicators_are_checked_0_to_100(returns, sample_plan):
    ws = load_workbook(returns["Operations"])[L.KPIS_SHEET]
    percent = next(i for i in sample_plan.indicators_of("Operations") if i.is_percentage)
    cell = ws.cell(row=rows_by_ref(ws)[percent.ref], column=header(ws)["Oct 2009"])
    (dv,) = validation_for(ws, cell.coordinate)
    assert (dv.formula1, dv.formula2) == ("0.0", "100.0")
    assert "from 0 to 100" in dv.error


def test_last_quarter_and_last_year_are_shown_beside_the_inputs(sample_plan, sample_settings,
                                                                tmp_path):
    monthly = sample_plan.indicators_of("Operations")[0].ref  # an average of months
    series = [IndicatorMonth(monthly, 2009, 7, 10.0), IndicatorMonth(monthly, 2009, 8, 11.0),
              IndicatorMonth(monthly, 2009, 9, 12.0), IndicatorMonth(monthly, 2008, 10, 9.0),
              IndicatorMonth(monthly, 2008, 12, 10.0), IndicatorMonth(monthly, 2008, 11, None),
              IndicatorMonth(monthly, 2009, 10, 99.0),  # this quarter: not shown
              IndicatorMonth(monthly, 2008, 3, 1.0)]  # before last year: not kept
    figures = past_figures(series, Q3)
    assert figures == {monthly: {(2009, 7): 10.0, (2009, 8): 11.0, (2009, 9): 12.0,
                                 (2008, 10): 9.0, (2008, 12): 10.0}}
    path = write_return(sample_plan, sample_settings, Q3, "Operations", tmp_path / "r.xlsx",
                        ReturnHistory(figures=figures))
    ws = load_workbook(path)[L.KPIS_SHEET]
    row, titles = rows_by_ref(ws)[monthly], header(ws)
    assert [ws.cell(row=row, column=titles[t]).value
            for t in (L.LAST_QUARTER, L.SAME_PERIOD_LAST_YEAR)] == [11.0, 9.5]


def test_last_quarters_position_is_shown_read_only(sample_plan, sample_settings, tmp_path):
    previous = QuarterSnapshot(Q3.previous(), actions=(
        ActionPosition("1.3a", "Operations", Status.RED, Status.GREEN, "Green",
                       commentary="Standards drafted;\nforum meets in December."),
        ActionPosition("1.1a", "Operations", None, None, "On hold"),
    ))
    path = write_return(sample_plan, sample_settings, Q3, "Operations", tmp_path / "r.xlsx",
                        ReturnHistory(previous=previous))
    ws = load_workbook(path)[L.ACTIONS_SHEET]
    rows, titles = rows_by_ref(ws), header(ws)
    status = ws.cell(row=rows["1.3a"], column=titles[L.LAST_STATUS])
    assert status.value == "Red" and status.protection.locked
    assert ws.cell(row=rows["1.3a"], column=titles[L.LAST_COMMENTARY]).value == \
        "Standards drafted;\nforum meets in December."
    assert ws.cell(row=rows["1.1a"], column=titles[L.LAST_STATUS]).value == "On hold"
    assert ws.cell(row=rows["1.2a"], column=titles[L.LAST_STATUS]).value is None
    assert ws.cell(row=rows["1.3a"], column=titles[L.STATUS]).value is None  # asked afresh


def test_a_snapshot_of_another_quarter_is_refused(sample_plan, sample_settings, tmp_path):
    older = QuarterSnapshot(Quarter(2009, 1), actions=())
    with pytest.raises(ValueError, match="snapshot is for Q1 2009/10, but the return for "
                                         "Q3 2009/10 shows Q2 2009/10"):
        write_return(sample_plan, sample_settings, Q3, "CEO", tmp_path / "r.xlsx",
                     ReturnHistory(previous=older))
    assert not (tmp_path / "r.xlsx").exists()


def test_recommendations_sheet(returns, sample_plan):
    ws = load_workbook(returns["Finance"])[L.RECOMMENDATIONS_SHEET]
    titles = header(ws)
    assert tuple(titles) == L.RECOMMENDATION_COLUMNS
    rows = rows_by_ref(ws)
    recommendations = sample_plan.recommendations_of("Finance")
    assert list(rows) == [r.ref for r in recommendations]
    first = recommendations[0]
    row = rows[first.ref]
    assert ws.cell(row=row, column=titles[L.REC_ORIGINAL_DATE]).value == first.original_date.text
    assert ws.cell(row=row, column=titles[L.REC_TEXT]).protection.locked
    (dv,) = validation_for(ws, ws.cell(row=row, column=titles[L.REC_STATUS]).coordinate)
    assert dv.formula1 == '"Complete,Not complete"'
    (dv,) = validation_for(ws, ws.cell(row=row, column=titles[L.REC_NEW_DATE]).coordinate)
    assert dv.type == "date"
    for title in (L.REC_STATUS, L.REC_PROGRESS, L.REC_NEW_DATE):
        assert not ws.cell(row=row, column=titles[title]).protection.locked


def test_instructions(returns, sample_settings, sample_plan):
    ws = load_workbook(returns["Operations"])[L.INSTRUCTIONS_SHEET]
    text = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    joined = "\n".join(text)
    for status in DEFAULT_SCHEME.categories:  # the key word for word
        assert status.key_text in text
        assert status.name_in_key in text
    assert "Friday 8 January 2010" in joined
    assert sample_plan.directorate("Operations").contact in joined
    # whom to send it to and ask: the settings' returns contact, a role and an address
    assert sample_settings.returns_contact == "PSI team, psi.team@example.org"
    assert f"to {sample_settings.returns_contact} by Friday 8 January 2010" in joined
    assert "will be reported as Red" in joined
    assert "Revised date" in joined and "Evidence" in joined
    assert "insert columns in the middle" in joined and "Extra columns at the end" in joined
    assert ".xlsx" in joined


def test_without_a_timetable_the_deadline_points_to_the_email(sample_plan, sample_settings,
                                                               tmp_path):
    path = write_return(sample_plan, sample_settings, Quarter(2015, 1), "CEO",
                        tmp_path / "r.xlsx")
    ws = load_workbook(path)[L.INSTRUCTIONS_SHEET]
    assert "covering email" in ws["A3"].value


# --- text stays text ---------------------------------------------------------------------

@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://example.com","x")', "+1", "-1",
                                     "@SUM(A1)", "=1+1"])
def test_plan_text_that_looks_like_a_formula_stays_text(sample_plan, sample_settings, tmp_path,
                                                        hostile):
    action = replace(sample_plan.actions_of("CEO")[0], text=hostile, success_criteria=hostile)
    plan = replace(sample_plan, actions=tuple(action if a.ref == action.ref else a
                                              for a in sample_plan.actions))
    path = write_return(plan, sample_settings, Q3, "CEO", tmp_path / "r.xlsx")
    ws = load_workbook(path)[L.ACTIONS_SHEET]
    cell = ws.cell(row=rows_by_ref(ws)[action.ref], column=header(ws)[L.KEY_ACTION])
    assert cell.data_type == "s" and cell.value == hostile
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(L.ACTIONS_SHEET).to_python()
    assert any(hostile in row for row in grid)
    assert meta(load_workbook(path))[L.META_FINGERPRINT] == plan_fingerprint(plan, "CEO")


# --- read back ---------------------------------------------------------------------------

def normalise(value: object) -> object:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def grid_openpyxl(path: Path, sheet: str) -> list[list[object]]:
    ws = load_workbook(path, read_only=True)[sheet]
    return trim([[normalise(v) for v in row] for row in ws.iter_rows(values_only=True)])


def grid_calamine(path: Path, sheet: str) -> list[list[object]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)
    return trim([[normalise(v) for v in row] for row in rows])


def trim(rows: list[list[object]]) -> list[list[object]]:
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    while rows and width and not any(r[width - 1] for r in rows):
        width -= 1
        rows = [r[:width] for r in rows]
    return rows


def test_openpyxl_and_calamine_read_the_same_values(returns):
    for path in returns.values():
        for sheet in load_workbook(path, read_only=True).sheetnames:
            by_openpyxl = grid_openpyxl(path, sheet)
            assert by_openpyxl == grid_calamine(path, sheet), (path.name, sheet)
            assert len(by_openpyxl) >= (5 if sheet == L.META_SHEET else HEADER_ROW + 1)


# --- the fill helper ---------------------------------------------------------------------

def test_fill_helper_types_what_people_type(returns, sample_plan, tmp_path):
    refs = [a.ref for a in sample_plan.actions_of("Operations")]
    pis = [i.ref for i in sample_plan.indicators_of("Operations")]
    actions = messy_actions(refs[:5])
    actions[refs[5]] = {L.PROGRESS: HOSTILE_TEXTS[5], L.REMEDIAL: HOSTILE_TEXTS[0],
                        L.EVIDENCE: AsText(HOSTILE_TEXTS[0]), L.STATUS: AsText("+1")}
    out = fill_return(returns["Operations"], tmp_path / "filled.xlsx", actions=actions,
                      kpis=messy_kpis(pis[:2], Q3.month_labels), blank_row_after=refs[1])
    assert out.exists() and returns["Operations"].stat().st_size > 0

    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(L.ACTIONS_SHEET).to_python()
    titles = grid[HEADER_ROW - 1]
    col = {t: titles.index(t) for t in L.ACTION_COLUMNS}
    rows = {r[0]: r for r in grid if r[0] in refs}
    assert [rows[ref][col[L.STATUS]] for ref in refs[:5]] == list(MESSY_STATUSES)
    assert rows[refs[0]][col[L.REVISED_DATE]] == DATE_AS_TEXT  # a date typed as text
    comment = rows[refs[0]][col[L.PROGRESS]]
    assert "\n" in comment and comment.count("\n") >= 2
    assert rows[refs[3]][col[L.NOTABLE]] == "y"
    assert rows[refs[5]][col[L.PROGRESS]] == HOSTILE_TEXTS[5]  # control characters survive
    assert rows[refs[5]][col[L.EVIDENCE]] == HOSTILE_TEXTS[0]  # typed as text
    assert rows[refs[5]][col[L.STATUS]] == "+1"

    index = [r[0] for r in grid].index(refs[1])  # a blank row after the second action
    assert not any(grid[index + 1]) and refs[2] in (grid[index + 2][0], grid[index + 3][0])

    ws = load_workbook(out)[L.ACTIONS_SHEET]
    row = rows_by_ref(ws)[refs[5]]
    assert ws.cell(row=row, column=header(ws)[L.REMEDIAL]).data_type == "f"  # typed as formula

    kpis = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(L.KPIS_SHEET).to_python()
    kpi_titles = kpis[HEADER_ROW - 1]
    first = next(r for r in kpis if r[0] == pis[0])
    assert first[kpi_titles.index("Oct 2009")] == PERCENT_AS_TEXT
    assert first[kpi_titles.index("Nov 2009")] == " 12 "
    assert "\n" in first[kpi_titles.index(L.COMMENT)]


def test_fill_helper_alters_metadata_and_locked_text(returns, tmp_path):
    other = fill_return(returns["CEO"], tmp_path / "other.xlsx",
                        metadata={L.META_QUARTER: "2009/10-Q2"},
                        actions={"1.4a": {L.KEY_ACTION: "Something else"}})
    workbook = load_workbook(other)
    assert meta(workbook)[L.META_QUARTER] == "2009/10-Q2"
    ws = workbook[L.ACTIONS_SHEET]
    assert ws.cell(row=rows_by_ref(ws)["1.4a"], column=header(ws)[L.KEY_ACTION]).value == \
        "Something else"
    bare = fill_return(returns["CEO"], tmp_path / "bare.xlsx", drop_metadata=True)
    assert L.META_SHEET not in load_workbook(bare).sheetnames
    with pytest.raises(LookupError, match="no row with ref '9.9z'"):
        fill_return(returns["CEO"], tmp_path / "x.xlsx", actions={"9.9z": {L.STATUS: "Red"}})
    with pytest.raises(LookupError, match="no column titled 'Stauts'"):
        fill_return(returns["CEO"], tmp_path / "x.xlsx", actions={"1.4a": {"Stauts": "Red"}})


def test_fill_helper_writes_real_dates(returns, tmp_path):
    out = fill_return(returns["CEO"], tmp_path / "d.xlsx",
                      actions={"1.4a": {L.REVISED_DATE: date(2010, 3, 31)}})
    ws = load_workbook(out)[L.ACTIONS_SHEET]
    value = ws.cell(row=rows_by_ref(ws)["1.4a"], column=header(ws)[L.REVISED_DATE]).value
    assert value == datetime(2010, 3, 31)


# --- the command -------------------------------------------------------------------------

def test_cli_writes_the_quarters_returns(tmp_path, capsys, sample_plan):
    assert main(["templates", "2009/10-Q3", "--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.glob("*.xlsx"))
    assert written == sorted(return_filename(Q3, d.name) for d in sample_plan.directorates)
    out = capsys.readouterr().out
    assert str(tmp_path / "2009-10-Q3_Operations.xlsx") in out
    assert f"{len(written)} return(s) for Q3 2009/10 written to {tmp_path}" in out


def test_cli_rejects_a_bad_quarter(tmp_path, capsys):
    assert main(["templates", "2009/10-Q7", "--out", str(tmp_path)]) == 2
    assert "quarter must be Q1 to Q4" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# --- LibreOffice -------------------------------------------------------------------------

def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        message = ("LibreOffice (soffice) is not installed: apt-get install "
                   "--no-install-recommends libreoffice-calc-nogui")
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; CI must run this test")
        pytest.skip(message)
    return found


# Every sheet to its own CSV file (the last field, -1), UTF-8 (76).
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def test_libreoffice_opens_every_return(returns, sample_plan, tmp_path):
    program = soffice()
    out = tmp_path / "csv"
    profile = (tmp_path / f"lo_{uuid.uuid4().hex}").as_uri()
    result = subprocess.run(
        [program, "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", CSV_ALL_SHEETS, "--outdir", str(out), *map(str, returns.values())],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower().replace("javaldx", ""), result.stderr
    for name, path in returns.items():
        actions = out / f"{path.stem}-{L.ACTIONS_SHEET}.csv"
        assert actions.exists(), (result.stdout, result.stderr)
        text = actions.read_text(encoding="utf-8")
        for action in sample_plan.actions_of(name):
            assert action.ref in text
        kpis = (out / f"{path.stem}-{L.KPIS_SHEET}.csv").read_text(encoding="utf-8")
        assert "Oct 2009" in kpis and L.SAME_PERIOD_LAST_YEAR in kpis
        instructions = (out / f"{path.stem}-{L.INSTRUCTIONS_SHEET}.csv").read_text("utf-8")
        assert Status.RED.key_text in instructions
