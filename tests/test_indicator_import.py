"""Importing indicator history: periods, mappings, the three layouts, the real files
(figures read by hand from each file are stated in the tests), the history's imported
values and the import-indicators command."""

from __future__ import annotations

import csv
import os
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import realdata
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from reporter.cli import main
from reporter.history.store import SCHEMA_VERSION, HistoryError, open_history
from reporter.indicators.importing import (
    ImportedValue,
    describe_import,
    merge_imports,
    read_indicator_table,
)
from reporter.indicators.mapping import MappingError, load_mapping
from reporter.indicators.observations import read_table
from reporter.indicators.table_periods import Period, find_quarter_in, parse_period
from reporter.indicators.tables import TableReadError, find_column
from reporter.periods import Quarter
from reporter.snapshot import IndicatorMonth, IndicatorPosition, QuarterSnapshot

REPO = Path(__file__).resolve().parent.parent
MAPPINGS = REPO / "input_templates" / "mappings"




def write_mapping(tmp_path: Path, text: str, name: str = "map.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_csv(tmp_path: Path, rows: list[list[object]], name: str = "data.csv",
              encoding: str = "utf-8", delimiter: str = ",") -> Path:
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


LONG = """
[source]
layout = "long"
our_area = "Ourtown"
[columns]
area = "area"
period = "period"
indicator = "indicator"
value = "value"
[indicators]
"NI 192" = "LPI 08"
"""

# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize("text, kind, year, number", [
    ("2018-19;Q1", "quarter", 2018, 1),
    ("2014-15 Q1", "quarter", 2014, 1),
    ("2014/15-Q1", "quarter", 2014, 1),
    ("Q1 2014/15", "quarter", 2014, 1),
    ("Quarter 3 of 2009/10", "quarter", 2009, 3),
    ("2010/11", "year", 2010, 0),
    ("2010-11", "year", 2010, 0),
    ("2010/2011", "year", 2010, 0),
    ("April 2021", "month", 2021, 4),
    ("Apr-21", "month", 2021, 4),
    ("Sept 2021", "month", 2021, 9),
    ("2021-04-01", "month", 2021, 4),
    ("2021-04-30 00:00:00", "month", 2021, 4),
    ("01/04/2021", "month", 2021, 4),  # UK order: 1 April
    (date(2022, 10, 1), "month", 2022, 10),
    (datetime(2007, 8, 1, 0, 0), "month", 2007, 8),
])
def test_periods_understood(text, kind, year, number):
    assert parse_period(text) == Period(kind, year, number)


@pytest.mark.parametrize("text", [
    "2021", "2021-04", "2009/11", "Q5 2014/15", "", "  ", None, 2021, 44000.0, "13/13/2021",
    "April 1850", "2021 Q1", "Notes:", "52+", "-", True,
])
def test_periods_not_understood_are_none(text):
    assert parse_period(text) is None


@pytest.mark.parametrize("period, stored, label", [
    (Period("quarter", 2014, 1), (2014, 6), "Q1 2014/15"),
    (Period("quarter", 2014, 4), (2015, 3), "Q4 2014/15"),
    (Period("year", 2010, 0), (2011, 3), "2010/11"),
    (Period("month", 2021, 4), (2021, 4), "Apr 2021"),
])
def test_where_a_period_is_stored(period, stored, label):
    assert period.stored_month == stored
    assert period.label == label


def test_previous_periods():
    assert Period("quarter", 2014, 1).previous() == Period("quarter", 2013, 4)
    assert Period("month", 2021, 1).previous() == Period("month", 2020, 12)
    assert Period("year", 2010, 0).previous() == Period("year", 2009, 0)


def test_a_quarter_in_a_file_name():
    assert find_quarter_in("hart_dc_kpis_2014-15_Q1") == Period("quarter", 2014, 1)
    assert find_quarter_in("return Q3 2009-10 final") == Period("quarter", 2009, 3)
    assert find_quarter_in("rsh_tsm_2024_full_data_v1.1") is None
    assert find_quarter_in("both_2014-15_Q1_and_2014-15_Q2") is None  # two: not guessed


periods = st.one_of(
    st.builds(Period, st.just("month"), st.integers(1990, 2100), st.integers(1, 12)),
    st.builds(Period, st.just("quarter"), st.integers(1990, 2099), st.integers(1, 4)),
    st.builds(Period, st.just("year"), st.integers(1990, 2099), st.just(0)),
)


@given(periods)
def test_every_period_label_reads_back(period):
    assert parse_period(period.label) == period


@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.dates(), st.none()))
def test_parse_period_never_raises(value):
    parse_period(value)


# --------------------------------------------------------------------------- mappings


def test_every_shipped_mapping_loads():
    paths = sorted(MAPPINGS.glob("*.toml"))
    assert len(paths) >= 6
    for path in paths:
        mapping = load_mapping(path)
        assert mapping.indicators, path.name


@pytest.mark.parametrize("text, message", [
    ('[source]\nlayout = "tall"\n[indicators]\nA = "B"\n',
     "source.layout must be one of long, wide, columns"),
    ('[source]\nlayout = "long"\nlayot = 1\n[columns]\nindicator = "i"\nvalue = "v"\n'
     '[indicators]\nA = "B"\n', "unknown key source.layot"),
    ('[source]\nlayout = "long"\n[columns]\nindicator = "i"\n[indicators]\nA = "B"\n',
     "a long table needs columns.value"),
    ('[source]\nlayout = "columns"\n[indicators]\n', "[indicators] is empty"),
    ('[source]\nlayout = "columns"\n[indicators]\nA = { ref = "B", scale = 0 }\n',
     'indicators."A".scale must be a non-zero number'),
    ('[source]\nlayout = "columns"\n[indicators]\nA = { ref = "B", polarity = "up" }\n',
     'polarity must be "higher" or "lower"'),
    ('[source]\nlayout = "wide"\nperiod = "sometime"\n[columns]\nindicator = "i"\n'
     'this_quarter = "t"\n[indicators]\nA = "B"\n', "source.period 'sometime' is not a period"),
    ('[sauce]\n', "unknown section [sauce]"),
    ('[source]\nlayout = "columns"\nsheet = 3\nnormalise_codes = "yes"\n[indicators]\nA = "B"\n'
     'filters = ["x"]\n', "source.sheet must be a text or a list of texts, got 3"),
    ('[source]\nlayout = "columns"\nnormalise_codes = "yes"\n[indicators]\nA = "B"\n',
     "source.normalise_codes must be true or false"),
    ('filters = ["x"]\n[source]\nlayout = "columns"\n[indicators]\nA = "B"\n',
     "[filters] must be a table"),
    ('[source]\nlayout = "columns"\nheader_rows = 3\n[indicators]\nA = "B"\n',
     "source.header_rows must be a whole number (1 or 2)"),
    ('layout = ', "is not valid TOML"),
])
def test_a_bad_mapping_names_the_problem(tmp_path, text, message):
    with pytest.raises(MappingError) as caught:
        load_mapping(write_mapping(tmp_path, text))
    assert message in str(caught.value)


def test_a_missing_mapping_says_how_to_fix(tmp_path):
    with pytest.raises(MappingError, match="mapping file not found.*Pass --map"):
        load_mapping(tmp_path / "nope.toml")


def test_columns_are_found_by_title_fragments():
    titles = ["Landlord name", "Did you own dwelling units (RP02 1)5",
              "Proportion of non-emergency responsive repairs (RP02 1)5", "Landlord name 2"]
    assert find_column(titles, ["Landlord name"], "x", "f") == 0  # the exact title wins
    assert find_column(titles, ["proportion of NON-emergency", "(rp02 1)"], "x", "f") == 2
    with pytest.raises(MappingError, match=r"matches 2 columns"):
        find_column(titles, ["(RP02 1)"], "indicators.\"RP02 1\"", "f")
    with pytest.raises(MappingError, match=r"not a column title.*Closest titles: 'Landlord name'"):
        find_column(titles, ["Landlord nmae"], "columns.area", "f")


def test_curly_quotes_and_dashes_match_plain_ones():
    titles = ["Incomplete RTT pathways \u2013 % within 18 weeks", "landlord\u2019s target"]
    assert find_column(titles, ["Incomplete RTT pathways - % within 18 weeks"], "x", "f") == 0
    assert find_column(titles, ["landlord's target"], "x", "f") == 1


# --------------------------------------------------------------------------- layouts


def test_a_long_table_lists_what_it_cannot_import(tmp_path):
    data = write_csv(tmp_path, [
        ["area", "period", "indicator", "value"],
        ["Ourtown", "2010/11", "NI 192", "40.8"],
        ["Ourtown", "2011/12", "NI 192", "n/a"],
        ["Ourtown", "2012-13;Q5", "NI 192", "41"],
        ["Ourtown", "2012/13", "NI 191", "300"],
        ["Ourtown", "2013/14", "NI 192", ""],
        ["Otherton", "2010/11", "NI 192", "x"],
        ["Ourtown", "2014/15", "NI 192", "1,234.5"],
    ])
    result = read_indicator_table(data, load_mapping(write_mapping(tmp_path, LONG)))
    assert [(v.ref, v.year, v.month, v.value, v.granularity) for v in result.values] == [
        ("LPI 08", 2011, 3, 40.8, "year"), ("LPI 08", 2015, 3, 1234.5, "year")]
    assert result.values[0].source == "data.csv, cell D2"
    assert [(f.rule, f.cell) for f in result.problems] == [
        ("unmatched-indicator", "C5"), ("unparseable-period", "B4"), ("non-numeric", "D3")]
    assert "'n/a' is not a number" in result.non_numeric[0].message
    assert "'2012-13;Q5' is not understood" in result.unparseable_periods[0].message
    assert "'NI 191' is not in the mapping (1 row(s))" in result.unmatched[0].message
    assert result.skipped_empty == 1
    assert result.other_areas == 1  # Otherton's "x" is not ours: not listed


def test_a_period_given_twice_in_one_file_is_a_restatement(tmp_path):
    data = write_csv(tmp_path, [["area", "period", "indicator", "value"],
                                ["Ourtown", "2010/11", "NI 192", "40.8"],
                                ["Ourtown", "2010/11", "NI 192", "41.2"]])
    result = read_indicator_table(data, load_mapping(write_mapping(tmp_path, LONG)))
    assert [v.value for v in result.values] == [41.2]
    assert str(result.restatements[0]) == (
        "LPI 08 2010/11 restated: 40.8 (data.csv, cell D2) -> 41.2 (data.csv, cell D3); "
        "the newer figure is kept.")


def test_our_rows_are_the_settings_organisation_or_the_mappings_announced_override(tmp_path):
    data = write_csv(tmp_path, [["area", "period", "indicator", "value"],
                                ["Our Town Council", "2010/11", "NI 192", "40.8"],
                                ["Othertown", "2010/11", "NI 192", "30.1"]])
    unnamed = load_mapping(write_mapping(tmp_path, LONG.replace('our_area = "Ourtown"\n', ""),
                                         "unnamed.toml"))
    # organisation.known_in_tables_as, in order: the first the file holds is ours
    result = read_indicator_table(data, unnamed, our_names=("Ourtown BC", "Our Town Council"))
    assert [(v.ref, v.value) for v in result.values] == [("LPI 08", 40.8)]
    assert result.ours == ("the rows of 'Our Town Council', from the settings' "
                           "organisation.known_in_tables_as")
    assert "  ours: the rows of 'Our Town Council'" in "\n".join(
        describe_import([result], result.values, []))
    # source.our_area overrides the settings, and every message says it does
    with pytest.raises(MappingError, match=r"no rows for 'Ourtown' \(source.our_area in map.toml, "
                       r"overriding the settings' organisation.known_in_tables_as\)\. Did you "
                       r"mean .*'Our Town Council'"):
        read_indicator_table(data, load_mapping(write_mapping(tmp_path, LONG)),
                             our_names=("Our Town Council",))
    with pytest.raises(MappingError, match="no rows for our organisation: no name in the "
                                           "settings' organisation.known_in_tables_as"):
        read_indicator_table(data, unnamed)


def test_a_latin1_semicolon_file_is_read(tmp_path):
    data = write_csv(tmp_path, [["area", "period", "indicator", "value"],
                                ["Ourtown", "2010/11", "NI 192", "£40"],
                                ["Ourtown", "2011/12", "NI 192", "Caf\u00e9"]],
                     encoding="latin-1", delimiter=";")
    result = read_indicator_table(data, load_mapping(write_mapping(tmp_path, LONG)))
    assert [v.value for v in result.values] == [40.0]
    assert "'Caf\u00e9' is not a number" in result.non_numeric[0].message


def test_a_wide_return_needs_a_period(tmp_path):
    mapping = load_mapping(write_mapping(tmp_path, """
[source]
layout = "wide"
[columns]
indicator = "ref"
this_quarter = "this"
[indicators]
A = "A"
"""))
    data = write_csv(tmp_path, [["ref", "this"], ["A", "1"]], name="return.csv")
    with pytest.raises(MappingError, match="a wide return needs its period"):
        read_indicator_table(data, mapping)
    assert read_indicator_table(data, mapping, period="2009/10-Q3").values[0].period_label == \
        "Q3 2009/10"


def test_a_workbook_with_a_title_block_and_a_two_row_header(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Series"
    sheet["B2"] = "Title:"
    sheet["B4"] = "Source: somewhere"
    sheet.append([])
    for row in ([None, "Month", "Waiting list", None, "Lettings"],
                [None, None, "Total", "% urgent", "Number"],
                [None, date(2021, 4, 1), 100, "0.25", 7],
                [None, date(2021, 5, 1), 110, "52+", None],
                [None, "Notes:", None, None, None]):
        sheet.append(row)
    sheet.merge_cells("C6:D6")
    path = tmp_path / "series.xlsx"
    book.save(path)
    mapping = load_mapping(write_mapping(tmp_path, """
[source]
layout = "monthly"
sheet = "Series"
header_contains = ["Month"]
header_rows = 2
[columns]
period = "Month"
[indicators]
"urgent" = { column = "Waiting list - % urgent", ref = "WL 2", scale = 100 }
"lettings" = { column = ["Lettings", "Number"], ref = "LET 1" }
"""))
    result = read_indicator_table(path, mapping)
    assert [(v.ref, v.period_label, v.value) for v in result.values] == [
        ("LET 1", "Apr 2021", 7.0), ("WL 2", "Apr 2021", 25.0)]
    assert [(f.cell, f.sheet) for f in result.non_numeric] == [("D9", "Series")]
    assert [f.cell for f in result.unparseable_periods] == ["B10"]  # "Notes:" is listed
    assert result.skipped_empty == 1


def test_a_missing_sheet_lists_the_sheets(tmp_path):
    book = Workbook()
    book.active.title = "Data"
    book.create_sheet("Other")
    path = tmp_path / "two.xlsx"
    book.save(path)
    mapping = load_mapping(write_mapping(tmp_path, '[source]\nlayout = "columns"\n'
                                                   '[indicators]\nA = "A"\n'))
    with pytest.raises(MappingError, match="Its sheets are 'Data', 'Other'; name one"):
        read_table(path, mapping)


def test_an_unreadable_workbook_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    mapping = load_mapping(write_mapping(tmp_path, '[source]\nlayout = "columns"\n'
                                                   '[indicators]\nA = "A"\n'))
    with pytest.raises(TableReadError, match="cannot read broken.xlsx"):
        read_table(path, mapping)


def test_the_header_row_must_be_found(tmp_path):
    data = write_csv(tmp_path, [["notes"], ["a", "b"]])
    mapping = load_mapping(write_mapping(tmp_path, LONG.replace(
        '[source]\n', '[source]\nheader_contains = ["area", "period"]\nsearch_rows = 2\n')))
    with pytest.raises(MappingError, match="header row was not found.*'area', 'period' in the "
                                           "first 2 rows"):
        read_table(data, mapping)


# --------------------------------------------------------------------------- the real files


def test_trafford_ni192_long_table():
    # Read by hand from the CSV: Trafford, Percentage rows: 2010/11 40.8 (row 16),
    # 2013/14 57.5, 2021/22 58.8; 12 years; the tonnage ("Frequency") rows share the
    # indicator name and are left out by the mapping's filter.
    path = realdata("kpi", "trafford_household_waste_recycling_NI192.csv")
    result = read_indicator_table(path, load_mapping(MAPPINGS / "trafford_ni192.toml"),
                                  our_names=("Trafford",))
    assert result.ours == ("the rows of 'Trafford', from the settings' "
                           "organisation.known_in_tables_as")
    by_period = {v.period_label: v for v in result.values}
    assert len(result.values) == 12 and not result.problems
    assert by_period["2010/11"].value == 40.8
    assert (by_period["2010/11"].year, by_period["2010/11"].month) == (2011, 3)
    assert by_period["2010/11"].source == "trafford_household_waste_recycling_NI192.csv, cell G16"
    assert by_period["2013/14"].value == 57.5
    assert by_period["2021/22"].value == 58.8
    assert {v.ref for v in result.values} == {"NI 192"}
    assert result.filtered_rows == 128  # 8 years x 16 areas of tonnages


def hart(quarter: str):
    path = realdata("rag", f"hart_dc_kpis_2014-15_{quarter}.csv")
    return read_indicator_table(path, load_mapping(MAPPINGS / "hart_dc_quarterly.toml"))


def value_of(values, ref, label):
    return next(v for v in values if v.ref == ref and v.period_label == label)


def test_hart_quarterly_returns_and_their_restatements():
    # Read by hand: Q1 file, FI06 last quarter 98.2, this quarter 97.4, target 97, Green;
    # HR11 this quarter 2.6. Q2 file: FI06 last quarter 97.9 (Q1 restated), this quarter
    # 97; HR11 last quarter 2.7 (restated), this quarter 2.7.
    q1, q2 = hart("Q1"), hart("Q2")
    fi06 = value_of(q1.values, "FI06", "Q1 2014/15")
    assert (fi06.value, fi06.target, fi06.status, fi06.year, fi06.month) == (
        97.4, 97.0, "Green", 2014, 6)
    assert value_of(q1.values, "FI06", "Q4 2013/14").value == 98.2
    assert value_of(q2.values, "FI06", "Q1 2014/15").value == 97.9
    assert value_of(q2.values, "FI06", "Q2 2014/15").value == 97.0
    assert value_of(q1.values, "ETS01", "Q1 2014/15").value == 0.0  # "missing" shown as 0
    assert q1.ignored == q2.ignored == 36 and not q1.problems and not q2.problems
    values, restated = merge_imports([q1, q2])
    assert [(r.ref, r.period_label, r.old, r.new) for r in restated] == [
        ("FI06", "Q1 2014/15", 97.4, 97.9), ("HR11", "Q1 2014/15", 2.6, 2.7)]
    merged = value_of(values, "FI06", "Q1 2014/15")
    # the newer figure wins; the Q1 file's target and status stay (Q2's restates the figure)
    assert (merged.value, merged.target, merged.status) == (97.9, 97.0, "Green")
    assert len(values) == 27  # 9 indicators x Q4 2013/14, Q1 and Q2 2014/15
    text = "\n".join(describe_import([q1, q2], values, restated))
    assert "FI06 Q1 2014/15 restated: 97.4 (hart_dc_kpis_2014-15_Q1.csv, cell G7) -> 97.9 " \
           "(hart_dc_kpis_2014-15_Q2.csv, cell F7)" in text


def test_nhse_rtt_monthly_series_with_merged_headers():
    # Read by hand: row 11 holds "Incomplete RTT pathways" over "% within 18 weeks" (H);
    # Oct 2022 (row 198) 0.601499040719208, Aug 2007 (row 16) 0.5721688264603506;
    # Apr-Jul 2007 are "-", the 92nd percentile is "52+" in E16; Nov 2022 to Mar 2023 are
    # empty future months.
    path = realdata("kpi", "nhse_rtt_overview_timeseries_oct22.xlsx")
    result = read_indicator_table(path, load_mapping(MAPPINGS / "nhse_rtt_overview.toml"))
    rtt = {v.period_label: v for v in result.values if v.ref == "RTT 01"}
    assert rtt["Oct 2022"].value == pytest.approx(60.1499040719208)
    assert rtt["Oct 2022"].source.endswith("sheet 'Full Time Series', cell H198")
    assert rtt["Aug 2007"].value == pytest.approx(57.21688264603506)
    assert len(rtt) == 183 and "Nov 2022" not in rtt
    assert result.skipped_empty == 15  # 5 future months x 3 indicators, not listed
    texts = {(f.cell, f.message.split(": ")[-1]) for f in result.non_numeric}
    assert ("E16", "'52+' is not a number; it is not imported.") in texts
    assert ("H12", "'-' is not a number; it is not imported.") in texts
    assert len(result.non_numeric) == 21


def test_lgbf_quarterly_long_table_for_one_council():
    # Read by hand: Aberdeen City, CORP 09, 2022-23;Q2: Value 0.9.
    path = realdata("kpi", "lgbf_indicator_data_real_quarterly.csv")
    result = read_indicator_table(path, load_mapping(MAPPINGS / "lgbf_quarterly.toml"),
                                  our_names=("Aberdeen City",))
    corp09 = value_of(result.values, "CORP 09", "Q2 2022/23")
    assert corp09.value == pytest.approx(90.0) and (corp09.year, corp09.month) == (2022, 9)
    assert sum(v.ref == "CORP 09" for v in result.values) == 21  # 2018-19 Q1 to 2023-24 Q1


@pytest.mark.parametrize("year, sheet, header_row, with_value, markers", [
    ("2024_full_data_v1.1", "TSM24_Management_Info", 3, 356, {"[E]": 2}),
    ("2025_full_data_v1.0", "TSM25_Management_Info", 10, 354, {"[E]": 2, "[U]": 3}),
])
def test_one_tsm_mapping_reads_both_years(year, sheet, header_row, with_value, markers):
    # Read by hand: the header is on row 3 (2024) and row 10 (2025, under notes); the
    # non-emergency repairs measure (RP02 1) has 356 values of 358 landlords in 2024 and
    # 354 of 359 in 2025, the rest [E] or [U]. The same mapping reads both.
    path = realdata("kpi", f"rsh_tsm_{year}.xlsx")
    table = read_table(path, load_mapping(MAPPINGS / "rsh_tsm_management_info.toml"))
    assert table.sheet == sheet
    rp02 = [o for o in table.observations if o.ref == "TSM RP02 1"]
    assert sum(o.value is not None for o in rp02) == with_value
    found: dict[str, int] = {}
    for o in rp02:
        if o.value is None:
            found[o.text] = found.get(o.text, 0) + 1
    assert found == markers
    assert min(o.row for o in rp02) == header_row + 1
    assert not table.non_numeric


@pytest.mark.parametrize("year, landlords, rotherham", [
    ("2024_full_data_v1.1", 355, 76.930596285435),
    ("2025_full_data_v1.0", 353, 78.2),
])
def test_tsm_tp01_title_change_is_absorbed_by_the_mapping(year, landlords, rotherham):
    # Read by hand: the overall satisfaction title is "...satisfied with the service provided
    # by their landlord (TP01)" in 2024 and "...with the overall service provided..." in 2025,
    # and both years have six more "(TP01) for each survey method" columns. Rotherham MBC:
    # 76.93 (2024), 78.2 (2025); 355 and 353 landlords with a value.
    path = realdata("kpi", f"rsh_tsm_{year}.xlsx")
    table = read_table(path, load_mapping(MAPPINGS / "rsh_tsm_lcra_perception.toml"))
    tp01 = [o for o in table.observations if o.ref == "TSM TP01" and o.value is not None]
    assert len(tp01) == landlords
    ours = [o.value for o in tp01 if o.area == "Rotherham Metropolitan Borough Council"]
    assert ours == [pytest.approx(rotherham)]


# --------------------------------------------------------------------------- history


def snapshot_with(quarter: Quarter, months: dict[tuple[int, int], float | None]) -> QuarterSnapshot:
    return QuarterSnapshot(quarter, (), (IndicatorPosition("FI06", "Finance", tuple(
        IndicatorMonth("FI06", y, m, v) for (y, m), v in months.items())),))


def test_imported_values_fill_months_the_snapshots_do_not_give(tmp_path):
    with open_history(tmp_path / "h.sqlite") as history:
        history.save_snapshot(snapshot_with(Quarter(2014, 1), {(2014, 4): 97.0, (2014, 5): None,
                                                               (2014, 6): 96.0}))
        history.save_imported_values([
            ImportedValue("FI06", 2014, 6, "Q1 2014/15", 97.4, 7, "q1.csv, cell G7", "quarter"),
            ImportedValue("FI06", 2014, 5, "May 2014", 95.0, 8, "m.csv, cell B8"),
            ImportedValue("FI06", 2014, 3, "Q4 2013/14", 98.2, 7, "q1.csv, cell F7", "quarter"),
        ])
        series = {(m.year, m.month): m.value for m in history.indicator_series("FI06")}
    assert series == {(2014, 3): 98.2, (2014, 4): 97.0, (2014, 5): 95.0, (2014, 6): 96.0}


def test_the_history_reports_restatements_and_keeps_the_newer(tmp_path):
    old = ImportedValue("FI06", 2014, 6, "Q1 2014/15", 97.4, 7, "q1.csv, cell G7", "quarter",
                        97.0, "Green")
    new = replace(old, value=97.9, source="q2.csv, cell F7", target=None, status="")
    with open_history(tmp_path / "h.sqlite") as history:
        assert history.save_imported_values([old]) == ()
        assert history.imported_values() == (old,)
        restated = history.save_imported_values([new])
        assert [str(r) for r in restated] == [
            "FI06 Q1 2014/15 restated: 97.4 (q1.csv, cell G7) -> 97.9 (q2.csv, cell F7); "
            "the newer figure is kept."]
        # the newer figure, with the target and status only the quarter's own file gave
        assert history.imported_values("FI06") == (replace(new, target=97.0, status="Green"),)
        assert history.save_imported_values([new]) == ()  # the same figure again: no news
        newer = replace(new, target=96.0, status="Amber")  # a file that judges it again
        history.save_imported_values([newer])
        assert history.imported_values("FI06") == (newer,)


def test_a_version_1_history_is_migrated_forward(tmp_path):
    path = tmp_path / "h.sqlite"
    snapshot = snapshot_with(Quarter(2009, 3), {(2009, 10): 98.5})
    with open_history(path) as history:
        history.save_snapshot(snapshot)
    with sqlite3.connect(path) as conn:  # back to version 1, as an early reporter left it
        conn.executescript("DROP TABLE imported_indicator_values; DROP TABLE benchmarks; "
                           "ALTER TABLE quarters DROP COLUMN pack_version; "
                           "ALTER TABLE quarters DROP COLUMN first_month; "
                           "PRAGMA user_version = 1;")
    conn.close()
    with open_history(path) as history:
        assert history.schema_version == SCHEMA_VERSION
        assert history.load_snapshot(Quarter(2009, 3)) == snapshot
        assert history.imported_values() == () and history.benchmarks(Quarter(2009, 3)) == {}
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert {"imported_indicator_values", "benchmarks"} <= tables


def test_a_newer_history_is_refused_naming_both_versions(tmp_path):
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(HistoryError, match=rf"schema version {SCHEMA_VERSION + 1}, newer than "
                                           rf"this program knows \({SCHEMA_VERSION}\)"):
        open_history(path)


def test_replacing_a_quarter_keeps_imported_values(tmp_path):
    with open_history(tmp_path / "h.sqlite") as history:
        history.save_imported_values([ImportedValue("FI06", 2014, 3, "Q4 2013/14", 98.2, 7)])
        history.save_snapshot(snapshot_with(Quarter(2014, 1), {(2014, 4): 97.0}))
        history.save_snapshot(snapshot_with(Quarter(2014, 1), {(2014, 4): 96.0}), force=True)
        assert len(history.imported_values()) == 1


# --------------------------------------------------------------------------- the command


def test_import_dry_run_writes_nothing(tmp_path, capsys):
    history = tmp_path / "h.sqlite"
    files = [str(realdata("rag", f"hart_dc_kpis_2014-15_Q{n}.csv")) for n in (1, 2)]
    assert main(["import-indicators", *files, "--dry-run", "--history", str(history)]) == 0
    out = capsys.readouterr().out
    assert f"Mapping: {MAPPINGS / 'hart_dc_quarterly.toml'}" in out  # found by file name
    assert "FI06            3 value(s)  Q4 2013/14 to Q2 2014/15" in out
    assert "Restated (2):" in out and "HR11 Q1 2014/15 restated: 2.6" in out
    assert "Dry run: 27 value(s) would be imported" in out
    assert not history.exists()


def test_import_then_a_restating_file_is_reported_against_the_history(tmp_path, capsys):
    history = tmp_path / "h.sqlite"
    mapping = str(MAPPINGS / "hart_dc_quarterly.toml")
    q1, q2 = (str(realdata("rag", f"hart_dc_kpis_2014-15_Q{n}.csv")) for n in (1, 2))
    assert main(["import-indicators", q1, "--map", mapping, "--history", str(history)]) == 0
    assert "Imported 18 value(s)" in capsys.readouterr().out
    assert main(["import-indicators", q2, "--map", mapping, "--history", str(history)]) == 0
    assert "FI06 Q1 2014/15 restated: 97.4 (hart_dc_kpis_2014-15_Q1.csv, cell G7) -> 97.9" in \
        capsys.readouterr().out
    with open_history(history) as opened:
        series = {(m.year, m.month): m.value for m in opened.indicator_series("FI06")}
    assert series == {(2014, 3): 98.2, (2014, 6): 97.9, (2014, 9): 97.0}


def test_import_exit_codes(tmp_path, capsys):
    bad = write_mapping(tmp_path, '[source]\nlayout = "tall"\n')
    data = write_csv(tmp_path, [["area", "period", "indicator", "value"],
                                ["Ourtown", "2010/11", "NI 999", "4"]])
    history = str(tmp_path / "h.sqlite")
    assert main(["import-indicators", str(data), "--map", str(bad), "--history", history]) == 2
    assert "source.layout must be one of" in capsys.readouterr().err
    good = write_mapping(tmp_path, LONG, "good.toml")
    assert main(["import-indicators", str(data), "--map", str(good), "--history", history]) == 1
    out = capsys.readouterr().out
    assert "Nothing to import" in out and "'NI 999' is not in the mapping" in out
    assert main(["import-indicators", str(data), "--history", history]) == 2
    assert "no mapping in" in capsys.readouterr().err
    assert main(["import-indicators", str(data), "--map", str(good), "--history", history,
                 "--period", "2010/11"]) == 2
    assert "--period is for files without a period column" in capsys.readouterr().err


# --------------------------------------------------------------------------- figures as written


def test_figures_read_as_every_command_reads_them(tmp_path):
    """One number reader (reporter.cells) for returns, imports and benchmarks: "12,34" (a
    European decimal or a slip) and "2.7 days" (words after the figure) are no figures here
    either, so they are listed with their cells."""
    written = ["1,234", "1 234", "£1,200", "97.5%", "2.7 days", "1e3", "-9", "12,34", "52+"]
    rows = [["area", "period", "indicator", "value"]]
    rows += [["Ourtown", f"{2000 + n}/{(n + 1) % 100:02d}", "NI 192", text]
             for n, text in enumerate(written)]
    result = read_indicator_table(write_csv(tmp_path, rows),
                                  load_mapping(write_mapping(tmp_path, LONG)))
    assert [v.value for v in result.values] == [1234.0, 1234.0, 1200.0, 97.5, 1000.0, -9.0]
    assert [(f.cell, f.message.split(": ")[-1]) for f in result.non_numeric] == [
        ("D6", "'2.7 days' is not a number; it is not imported."),
        ("D9", "'12,34' is not a number; it is not imported."),
        ("D10", "'52+' is not a number; it is not imported.")]


cell_texts = st.one_of(
    st.text(alphabet="0123456789,. -+%£e", max_size=10),
    st.from_regex(r"-?[0-9]{1,3}(,[0-9]{3}){0,2}(\.[0-9]{1,2})?%?", fullmatch=True),
    st.floats(allow_nan=False, allow_infinity=False).map(str))


@given(st.lists(cell_texts, min_size=1, max_size=8))
def test_every_value_cell_reads_as_cells_parse_number(texts):
    import tempfile

    from reporter.cells import parse_number

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rows = [["area", "period", "indicator", "value"]]
        rows += [["Ourtown", f"{2000 + n}/{(n + 1) % 100:02d}", "NI 192", text]
                 for n, text in enumerate(texts)]
        table = read_table(write_csv(tmp, rows), load_mapping(write_mapping(tmp, LONG)))
    by_row = {o.row: o for o in table.observations}
    listed = {f.cell for f in table.non_numeric}
    for n, text in enumerate(texts, start=2):
        expected = parse_number(text)
        if not text.strip():
            assert n not in by_row  # empty: skipped and counted
        elif expected is None:
            assert by_row[n].value is None and f"D{n}" in listed
        else:
            assert by_row[n].value == expected and f"D{n}" not in listed
    assert table.skipped_empty == sum(not t.strip() for t in texts)


def test_a_marker_is_never_read_as_a_figure(tmp_path):
    mapping = load_mapping(write_mapping(tmp_path, LONG.replace(
        "[columns]", 'missing = ["0", "[x]"]\n[columns]')))
    data = write_csv(tmp_path, [["area", "period", "indicator", "value"],
                                ["Ourtown", "2010/11", "NI 192", "0"],
                                ["Ourtown", "2011/12", "NI 192", "[X]"],
                                ["Ourtown", "2012/13", "NI 192", "5"]])
    result = read_indicator_table(data, mapping)
    assert [v.value for v in result.values] == [5.0]
    assert result.missing_markers == (("0", 1), ("[X]", 1)) and not result.non_numeric


def test_a_benchmark_section_is_checked_when_the_mapping_loads(tmp_path):
    text = LONG + '[benchmark]\ncomparsion = "x"\nmin_peers = 0\n'
    with pytest.raises(MappingError) as caught:
        load_mapping(write_mapping(tmp_path, text))
    message = str(caught.value)
    assert "unknown key benchmark.comparsion (did you mean comparison?); allowed: " in message
    assert "benchmark.min_peers must be a whole number, 1 or more, got 0" in message
    assert "2 problem(s)" in message


def test_a_sheet_named_on_the_command_line_replaces_the_mappings(tmp_path):
    mapping = load_mapping(MAPPINGS / "rsh_tsm_management_info.toml").for_sheet("Nope")
    assert mapping.sheets == ("Nope",)
    with pytest.raises(MappingError, match="none of 'Nope' is in the workbook"):
        read_table(realdata("kpi", "rsh_tsm_2025_full_data_v1.0.xlsx"), mapping)


def test_a_table_whose_name_is_not_utf8_is_imported_under_the_name_windows_wrote(tmp_path):
    rows = [["area", "period", "indicator", "value"], ["Ourtown", "2010/11", "NI 192", "40.8"]]
    data = write_csv(tmp_path, rows)
    named = data.rename(tmp_path / os.fsdecode(b"data \x96 2010.csv"))  # as a Windows zip gives
    result = read_indicator_table(named, load_mapping(write_mapping(tmp_path, LONG)))
    with open_history(tmp_path / "h.sqlite") as history:
        history.save_imported_values(result.values)
        assert history.imported_values()[0].source == "data \u2013 2010.csv, cell D2"
