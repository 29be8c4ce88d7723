"""Benchmarking: rank, quartile and the peers' quartile values (pure), the real peer files
(figures read by hand stated in the tests), storing benchmarks and the benchmark command."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import realdata
from hypothesis import given
from hypothesis import strategies as st

from reporter.cli import main
from reporter.config.plan import QUARTILES
from reporter.history.store import open_history
from reporter.indicators.benchmarking import (
    Benchmark,
    IndicatorBenchmark,
    PeerValue,
    Us,
    benchmark,
    benchmark_file,
    describe_run,
    quartile_for,
    with_benchmark_quartiles,
)
from reporter.indicators.mapping import MappingError, load_mapping
from reporter.indicators.results import clinic_candidates
from reporter.periods import Quarter

REPO = Path(__file__).resolve().parent.parent
MAPPINGS = REPO / "input_templates" / "mappings"
TOP, ABOVE, BELOW, BOTTOM = QUARTILES




def peers(*values: float | None) -> list[PeerValue]:
    return [PeerValue(f"org {n}", v) for n, v in enumerate(values)]


# --------------------------------------------------------------------------- the pure core


@pytest.mark.parametrize("rank, out_of, quartile", [
    (1, 4, TOP), (2, 4, ABOVE), (3, 4, BELOW), (4, 4, BOTTOM),
    (1, 2, ABOVE), (2, 2, BOTTOM),  # one peer: beating it is not the top quarter
    (7, 31, TOP), (8, 31, ABOVE), (15, 31, ABOVE), (16, 31, BELOW), (23, 31, BELOW),
    (24, 31, BOTTOM), (25, 100, TOP), (26, 100, ABOVE), (75, 100, BELOW), (76, 100, BOTTOM),
])
def test_quartile_thresholds(rank, out_of, quartile):
    assert quartile_for(rank, out_of) == quartile


def test_higher_is_better():
    result = benchmark(35, peers(10, 20, 30, 40), "higher")
    assert result == Benchmark(ABOVE, 2, 4, 25.0, 32.5, 17.5, 35, "higher", 0)
    assert (result.out_of, result.place) == (5, 0.4)


def test_lower_is_better_turns_rank_and_quartile_values_round():
    result = benchmark(35, peers(10, 20, 30, 40), "lower")
    assert (result.rank, result.quartile) == (4, BOTTOM)
    assert (result.median, result.upper_quartile, result.lower_quartile) == (25.0, 17.5, 32.5)


def test_ties_share_the_better_rank_and_suppressed_values_are_counted():
    result = benchmark(50, peers(50, 50, None, 50, 40), "higher")
    assert (result.rank, result.n, result.excluded, result.quartile) == (1, 4, 1, TOP)
    assert benchmark(50, peers(50, 50, 60), "lower").rank == 1


def test_one_peer_gives_its_value_as_every_quartile():
    result = benchmark(1, peers(3), "higher")
    assert (result.median, result.upper_quartile, result.lower_quartile) == (3, 3, 3)


@pytest.mark.parametrize("call, message", [
    (lambda: benchmark(1, peers(None), "higher"), "no peer has a value"),
    (lambda: benchmark(1, peers(2), "up"), 'polarity must be "higher" or "lower"'),
    (lambda: benchmark(float("nan"), peers(2), "higher"), "our value must be a number"),
    (lambda: quartile_for(5, 4), "rank must be 1 to 4, got 5"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()


numbers = st.floats(-1e6, 1e6, allow_nan=False)


@given(st.lists(st.one_of(numbers, st.none()), min_size=1, max_size=40).filter(
    lambda values: any(v is not None for v in values)), numbers, numbers,
    st.sampled_from(["higher", "lower"]))
def test_a_better_value_never_gives_a_worse_rank_or_quartile(values, a, b, polarity):
    worse, better = sorted((a, b)) if polarity == "higher" else sorted((a, b), reverse=True)
    low, high = benchmark(worse, peers(*values), polarity), benchmark(better, peers(*values),
                                                                      polarity)
    assert high.rank <= low.rank
    assert QUARTILES.index(high.quartile) <= QUARTILES.index(low.quartile)
    for result in (low, high):
        assert 1 <= result.rank <= result.n + 1
        assert result.n + result.excluded == len(values)
        assert result.quartile == quartile_for(result.rank, result.n + 1)


# --------------------------------------------------------------------------- the real files


ABERDEEN = ("Aberdeen City",)  # organisation.known_in_tables_as of a council in the LGBF
ROTHERHAM = ("2010 Rotherham Ltd", "Rotherham Metropolitan Borough Council")  # the sample's


def lgbf_file() -> Path:
    return realdata("kpi", "lgbf_indicator_data_real_quarterly.csv")


def test_lgbf_corp09_aberdeen_city_matches_the_framework():
    # Read by hand: CORP 09, 2022-23;Q2, Aberdeen City: Value 0.90, ScotRank 22 of 31
    # councils, ScotPct 0.709677 (22/31), so Below Average (over 50%, not over 75%).
    # Polarity from the indicator information, where the code is spelled CORP09 with
    # Ranking_Type Descending (higher is better).
    mapping = load_mapping(MAPPINGS / "lgbf_quarterly.toml")
    run = benchmark_file(lgbf_file(), mapping, Quarter(2022, 2), Us(ABERDEEN))
    corp09 = next(r for r in run.results if r.ref == "CORP 09")
    b = corp09.benchmark
    assert (b.our_value, b.rank, b.out_of, b.quartile) == (pytest.approx(90.0), 22, 31, BELOW)
    assert b.place == pytest.approx(0.709677, abs=1e-6)
    assert (corp09.period, corp09.polarity_source) == ("Q2 2022/23", "Ranking_Type Descending")
    assert (b.median, b.upper_quartile) == (pytest.approx(98.0), pytest.approx(99.0))
    assert run.comparison == "All Scotland comparison" and not run.problems


def test_our_rank_and_quartile_agree_with_every_lgbf_scotrank():
    # Every row of the file (both indicators, 21 quarters, each council in turn):
    # our rank is its ScotRank and our quartile the one its ScotPct gives.
    path = lgbf_file()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for row in rows:
        groups.setdefault((row["Code"], row["Period"]), []).append(row)
    checked = 0
    for group in groups.values():
        for row in group:
            others = [PeerValue(r["LocalAuthority"], float(r["Value"]))
                      for r in group if r is not row]
            result = benchmark(float(row["Value"]), others, "higher")
            pct = float(row["ScotPct"])
            expected = QUARTILES[0 if pct <= 0.25 else 1 if pct <= 0.5 else 2 if pct <= 0.75 else 3]
            assert (result.rank, result.quartile) == (int(float(row["ScotRank"])), expected)
            assert result.place == pytest.approx(pct)
            checked += 1
    assert checked == 1339


def test_the_join_needs_code_normalisation(tmp_path):
    # The data says "CORP 09", the information file "CORP09": without normalise_codes no
    # polarity is found, and the indicator is reported, not guessed.
    text = (MAPPINGS / "lgbf_quarterly.toml").read_text(encoding="utf-8")
    path = tmp_path / "lgbf.toml"
    path.write_text(text.replace("normalise_codes = true", "normalise_codes = false"), "utf-8")
    (tmp_path / "lgbf_indicator_information.csv").write_bytes(
        realdata("kpi", "lgbf_indicator_information.csv").read_bytes())
    run = benchmark_file(lgbf_file(), load_mapping(path), Quarter(2022, 2), Us(ABERDEEN))
    assert run.results == ()
    assert "CORP 09: no polarity known" in run.problems[0].message


def test_lgbf_peer_period_choice():
    mapping = load_mapping(MAPPINGS / "lgbf_quarterly.toml")
    later = benchmark_file(lgbf_file(), mapping, Quarter(2025, 1),
                           Us(ABERDEEN))  # after the file ends
    assert {r.period for r in later.results} == {"Q1 2023/24"}
    chosen = benchmark_file(lgbf_file(), mapping, Quarter(2025, 1), Us(ABERDEEN),
                            period="2019-20;Q3")
    assert {r.period for r in chosen.results} == {"Q3 2019/20"}
    early = benchmark_file(lgbf_file(), mapping, Quarter(2017, 1), Us(ABERDEEN))
    assert early.results == ()
    assert "starts after Q1 2017/18; it has Q1 2018/19 to Q1 2023/24" in early.problems[0].message


def tsm(year: str) -> Path:
    return realdata("kpi", f"rsh_tsm_{year}.xlsx")


def tsm_run(year: str, **changes) -> dict[str, IndicatorBenchmark]:
    mapping = load_mapping(MAPPINGS / "rsh_tsm_management_info.toml")
    our_values = changes.pop("our_values", None)
    names = changes.pop("our_names", ROTHERHAM)
    run = benchmark_file(tsm(year), replace(mapping, **changes), Quarter(2024, 4),
                         Us(names, our_values or {}), {"BV 184a": "lower", "xBV 72": "higher"})
    return {r.ref: r for r in run.results}


def test_tsm_2025_our_landlord_and_another():
    # Read by hand (TSM25_Management_Info, non-emergency repairs in target time, RP02 1):
    # Rotherham MBC 96.7, beaten by 26 of the other 353 landlords with a value: rank 27 of
    # 354, Top 25%. A2Dominion 73.9: rank 274 of 354, Bottom 25% (77%).
    ours = tsm_run("2025_full_data_v1.0")["TSM RP02 1"].benchmark
    assert (ours.our_value, ours.rank, ours.out_of, ours.quartile) == (96.7, 27, 354, TOP)
    assert ours.excluded == 5  # [E] and [U]
    assert (ours.median, ours.upper_quartile) == (pytest.approx(82.4), pytest.approx(89.1))
    other = tsm_run("2025_full_data_v1.0",
                    our_area="A2Dominion Housing Group Limited")["TSM RP02 1"].benchmark
    assert (other.our_value, other.rank, other.out_of, other.quartile) == (73.9, 274, 354, BOTTOM)


def test_tsm_2024_is_read_by_the_same_mapping():
    # Read by hand (TSM24_Management_Info, header on row 3): Rotherham MBC RP02 1
    # 97.00156582299189, rank 20 of 356 (Top 25%); A2Dominion 68.797..., rank 283 (Bottom 25%).
    results = tsm_run("2024_full_data_v1.1")
    ours = results["TSM RP02 1"].benchmark
    assert (ours.our_value, ours.rank, ours.out_of, ours.quartile) == (
        pytest.approx(97.00156582299189), 20, 356, TOP)
    other = tsm_run("2024_full_data_v1.1", our_area="A2Dominion Housing Group Limited")
    assert (other["TSM RP02 1"].benchmark.rank, other["TSM RP02 1"].benchmark.quartile) == (
        283, BOTTOM)
    assert results["BV 184a"].polarity_source == "plan register"


def test_a_sample_organisation_at_a_known_rank_among_the_tsm_landlords():
    # 99.0 is the 10th best RP02 1 value of 2025 (read by hand: 100, 100, 99.9, 99.7, 99.6,
    # 99.3, 99.3, 99.2, 99.2, 99.0). An organisation not in the file with that value
    # ranks 10th of 355: Top 25%. Lower-is-better flips it to 345th: Bottom 25%.
    placed = tsm_run("2025_full_data_v1.0", our_names=(),
                     our_values={"TSM RP02 1": 99.0})["TSM RP02 1"].benchmark
    assert (placed.rank, placed.n, placed.quartile) == (10, 354, TOP)
    flipped = benchmark(99.0, [PeerValue("x", v) for v in _tsm_rp02_values()], "lower")
    assert (flipped.rank, flipped.quartile) == (345, BOTTOM)


def _tsm_rp02_values() -> list[float]:
    from reporter.indicators.observations import read_table

    table = read_table(tsm("2025_full_data_v1.0"),
                       load_mapping(MAPPINGS / "rsh_tsm_management_info.toml"))
    return [o.value for o in table.observations if o.ref == "TSM RP02 1" and o.value is not None]


def test_trafford_among_its_nearest_neighbours():
    # Read by hand, 2021/22 recycling rates: Stockport 60.3, South Gloucestershire 59.9,
    # Trafford 58.8, ... Thurrock 28.7; England (42.5) is an average, not a peer. Trafford is
    # 3rd of 16: Top 25%. The 15 peers' median is 42.1 (Warrington); the upper quartile
    # (75th percentile) 52.85, between Milton Keynes 51.9 and Bury 53.8.
    path = realdata("kpi", "trafford_household_waste_recycling_NI192.csv")
    run = benchmark_file(path, load_mapping(MAPPINGS / "trafford_ni192.toml"), Quarter(2021, 4),
                         Us(("Trafford Council", "Trafford")))
    (result,) = run.results
    b = result.benchmark
    assert (result.period, b.our_value, b.rank, b.out_of, b.quartile) == (
        "2021/22", 58.8, 3, 16, TOP)
    assert (b.median, b.upper_quartile, b.lower_quartile) == (
        pytest.approx(42.1), pytest.approx(52.85), pytest.approx(37.15))


def test_problems_are_reported_not_guessed():
    path = MAPPINGS / "rsh_tsm_management_info.toml"
    run = benchmark_file(tsm("2025_full_data_v1.0"), load_mapping(path), Quarter(2024, 4),
                         Us(("Northshire District Council",), {"TSM BS01": 99.0}))
    assert [r.ref for r in run.results] == ["TSM BS01"]
    messages = [p.message for p in run.problems]
    assert ("TSM RP02 1: no figure of ours: no row for 'Northshire District Council' (the "
            "settings' organisation.known_in_tables_as) and no --our-value; not benchmarked."
            ) in messages
    text = "\n".join(describe_run(run, Quarter(2024, 4), ["BV 184a"]))
    assert "Not in the plan register (stored, but no report shows them): TSM BS01" in text
    assert ('Fix: Pass --our-value "xBV 72=VALUE", or add the name the file gives us to '
            "organisation.known_in_tables_as in the settings.") in text
    assert "TSM BS01" in text and "; --our-value" in text  # whose figure: the one given


def test_unknown_benchmark_options_are_refused(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('[source]\nlayout = "columns"\n[indicators]\nA = "A"\n'
                    '[benchmark]\ncomparsion = "x"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="unknown key.*benchmark.comparsion"):
        benchmark_file(tsm("2025_full_data_v1.0"), load_mapping(path), Quarter(2024, 4))


# --------------------------------------------------------------------------- history and clinics


def stored(ref: str, quartile: str, comparison: str = "All ALMO comparison") -> IndicatorBenchmark:
    return IndicatorBenchmark(ref, comparison,
                              Benchmark(quartile, 3, 10, 5.0, 7.0, 2.0, 6.0, "higher", 1),
                              "RP02 1", "", "tsm.xlsx", "mapping")


def test_benchmarks_are_stored_per_quarter_indicator_and_comparison(tmp_path):
    q = Quarter(2009, 4)
    with open_history(tmp_path / "h.sqlite") as history:
        history.save_benchmarks(q, [stored("BV 66a", TOP), stored("BV 66a", ABOVE, "All England "
                                                                              "comparison")])
        history.save_benchmarks(q, [stored("BV 66a", BELOW)])  # a re-run replaces its own
        found = history.benchmarks(q)
        assert found["BV 66a"]["All ALMO comparison"] == stored("BV 66a", BELOW)
        assert found["BV 66a"]["All England comparison"].benchmark.quartile == ABOVE
        assert history.benchmarks(Quarter(2010, 1)) == {}


def test_stored_quartiles_drive_the_clinic_rule(tmp_path, sample_plan):
    # BV 63 is Below Average in the register for 2008/09; a stored Bottom 25% for 2009/10
    # means it fell a quartile, so a performance clinic is proposed.
    with open_history(tmp_path / "h.sqlite") as history:
        history.save_benchmarks(Quarter(2009, 2), [stored("BV 63", TOP)])
        history.save_benchmarks(Quarter(2009, 4), [stored("BV 63", BOTTOM)])
        quartiles = history.benchmark_quartiles("All ALMO comparison")
    assert quartiles == {"BV 63": {"2009/10": BOTTOM}}  # the year's latest quarter wins
    plan = with_benchmark_quartiles(sample_plan, quartiles)
    bv63 = plan.indicator("BV 63")
    assert bv63 is not None and bv63.quartiles["2008/09"] == BELOW
    reasons = {c.ref: c.reason for c in clinic_candidates(plan, Quarter(2009, 4))}
    assert reasons["BV 63"] == "fell from Below Average in 2008/09 to Bottom 25% in 2009/10"
    assert "BV 63" not in {c.ref for c in clinic_candidates(sample_plan, Quarter(2009, 4))}


# --------------------------------------------------------------------------- the command


def test_benchmark_command_stores_the_quarter(tmp_path, capsys):
    history = tmp_path / "h.sqlite"
    args = ["benchmark", str(tsm("2025_full_data_v1.0")), "--indicator-map",
            str(MAPPINGS / "rsh_tsm_management_info.toml"), "--quarter", "2024/25-Q4",
            "--history", str(history)]
    assert main([*args, "--dry-run"]) == 0
    assert "Dry run: 5 benchmark(s) not stored." in capsys.readouterr().out
    assert not history.exists()
    assert main([*args, "--our-value", "TSM RP02 1=99.0"]) == 0
    out = capsys.readouterr().out
    assert "All England comparison for Q4 2024/25, from rsh_tsm_2025_full_data_v1.0.xlsx" in out
    assert "TSM RP02 1   -" in out and "10 of 354" in out and "Top 25%" in out  # we are not a peer
    assert "Stored 5 benchmark(s) for Q4 2024/25 (All England comparison)" in out
    with open_history(history) as opened:
        found = opened.benchmarks(Quarter(2024, 4))
    assert found["TSM RP02 1"]["All England comparison"].benchmark.rank == 10
    assert found["xBV 72"]["All England comparison"].benchmark.our_value == 98.8


@pytest.mark.parametrize("extra, message", [
    (["--our-value", "no equals sign"], "--our-value 'no equals sign' must look like"),
    (["--our-value", "=5"], "must look like"),
    (["--period", "whenever"], "--period 'whenever' is not a period"),
])
def test_benchmark_command_bad_usage(tmp_path, capsys, extra, message):
    args = ["benchmark", str(tsm("2025_full_data_v1.0")), "--indicator-map",
            str(MAPPINGS / "rsh_tsm_management_info.toml"), "--quarter", "2024/25-Q4",
            "--history", str(tmp_path / "h.sqlite"), *extra]
    assert main(args) == 2
    assert message in capsys.readouterr().err


PEERS = """
[source]
layout = "long"
our_area = "Us"
missing = ["[x]"]
[columns]
area = "org"
indicator = "pi"
value = "value"
[indicators]
"A" = { ref = "LPI 1", polarity = "higher" }
"B" = { ref = "LPI 2", polarity = "lower" }
"C" = { ref = "LPI 3" }
[benchmark]
comparison = "All ALMO comparison"
min_peers = 2
exclude_areas = "All ALMOs"
"""


def test_a_small_peer_table_and_what_stops_a_benchmark(tmp_path):
    data = tmp_path / "peers.csv"
    data.write_text("org,pi,value\nUs,A,10\nP1,A,20\nP2,A,5\nAll ALMOs,A,99\n"
                    "Us,B,[x]\nP1,B,1\nP2,B,2\nUs,C,3\nP1,C,4\nP2,C,5\nP1,A,x\n", "utf-8")
    mapping = tmp_path / "peers.toml"
    mapping.write_text(PEERS, "utf-8")
    run = benchmark_file(data, load_mapping(mapping), Quarter(2009, 4))
    (a,) = run.results
    assert (a.ref, a.comparison, a.benchmark.rank, a.benchmark.n, a.benchmark.excluded) == (
        "LPI 1", "All ALMO comparison", 2, 2, 1)  # the average row is no peer; "x" excluded
    assert [p.message for p in run.problems] == [
        "LPI 2: our own value in the file is '[x]' (cell C6); not benchmarked.",
        "LPI 3: no polarity known (not in the mapping, the indicator information or the plan "
        "register); not benchmarked.",
        "the peer file names no period (LPI 1): its figures are taken as 2009/10's, the year "
        "of Q4 2009/10."]
    assert run.ours == ("the row of 'Us', from source.our_area in peers.toml, overriding the "
                        "settings' organisation.known_in_tables_as")
    with_plan = benchmark_file(data, load_mapping(mapping), Quarter(2009, 4),
                               Us(values={"LPI 2": 1.5}), {"LPI 3": "lower"})
    assert [(r.ref, r.benchmark.rank, r.polarity_source) for r in with_plan.results] == [
        ("LPI 1", 2, "mapping"), ("LPI 2", 2, "mapping"), ("LPI 3", 1, "plan register")]
    mapping.write_text(PEERS.replace("min_peers = 2", "min_peers = 3"), "utf-8")
    few = benchmark_file(data, load_mapping(mapping), Quarter(2009, 4))
    assert "LPI 1: only 2 peer value(s), fewer than 3; not benchmarked." in [
        p.message for p in few.problems]
    mapping.write_text(PEERS + 'polarity_file = "info.csv"\n', "utf-8")
    with pytest.raises(MappingError, match="benchmark.polarity_file 'info.csv' not found"):
        benchmark_file(data, load_mapping(mapping), Quarter(2009, 4))


# --------------------------------------------------------------------------- whose figure, which period


def test_no_bundled_mapping_says_whose_figure_is_ours():
    for path in sorted(MAPPINGS.glob("*.toml")):
        assert load_mapping(path).our_area == "", f"{path.name} names an organisation as ours"


def test_a_peer_file_for_another_year_is_a_warning_naming_both():
    # The issue's case: the 2025 TSM file (2024/25's figures) used for a 2014/15 quarter.
    mapping = load_mapping(MAPPINGS / "rsh_tsm_management_info.toml")
    given = benchmark_file(tsm("2025_full_data_v1.0"), mapping, Quarter(2014, 1), Us(ROTHERHAM),
                           {"BV 184a": "lower", "xBV 72": "higher"}, period="2024/25")
    (warning,) = [p for p in given.problems if p.rule == "peer-period-mismatch"]
    assert warning.message.startswith(
        "the peers' figures are for 2024/25, not Q1 2014/15 (TSM BS01, BV 184a, TSM RP02 1")
    assert "their quartiles are labelled 2024/25" in warning.message
    assert {r.year_label(Quarter(2014, 1)) for r in given.results} == {"2024/25"}
    unknown = benchmark_file(tsm("2025_full_data_v1.0"), mapping, Quarter(2014, 1),
                             Us(ROTHERHAM), {"BV 184a": "lower", "xBV 72": "higher"})
    (warning,) = [p for p in unknown.problems if p.rule == "peer-period-unknown"]
    assert "the peer file names no period" in warning.message
    assert "Pass --period" in warning.fix
    ours = given.results[0].our_figure
    assert ours.startswith("Rotherham Metropolitan Borough Council, cell ")
    assert given.ours == ("the row of 'Rotherham Metropolitan Borough Council', from the "
                          "settings' organisation.known_in_tables_as")


def test_a_later_quarter_of_lgbf_uses_the_latest_and_says_so():
    mapping = load_mapping(MAPPINGS / "lgbf_quarterly.toml")
    run = benchmark_file(lgbf_file(), mapping, Quarter(2025, 1), Us(ABERDEEN))
    assert [p.message for p in run.problems if p.rule == "peer-period-mismatch"] == [
        "the peers' figures are for Q1 2023/24, not Q1 2025/26 (CORP 09, CORP 10); their "
        "quartiles are labelled 2023/24."]
    exact = benchmark_file(lgbf_file(), mapping, Quarter(2022, 2), Us(ABERDEEN))
    assert not [p for p in exact.problems if p.rule.startswith("peer-period")]


def test_a_july_organisation_is_told_the_national_quarter_it_is_ranked_on():
    # LGBF's quarters are of the April year: its Q3 2022/23 is a July organisation's Q2
    # 2022/23 (October to December 2022). The labels differ, so the warning names the months.
    mapping = load_mapping(MAPPINGS / "lgbf_quarterly.toml")
    run = benchmark_file(lgbf_file(), mapping, Quarter(2022, 2, 7), Us(ABERDEEN))
    assert [p.message for p in run.problems if p.rule.startswith("peer-period")] == [
        "the peers' figures are for Q3 2022/23 (October to December 2022), not Q2 2022/23 "
        "(October to December 2022) (CORP 09, CORP 10); their quartiles are labelled 2022/23."]
    assert {r.period for r in run.results} == {"Q3 2022/23"}


@pytest.mark.parametrize("year_starts, warned", [("", True), ('year_starts = "July"', False)])
def test_a_peer_table_of_july_years_says_so_in_its_mapping(tmp_path, year_starts, warned):
    # Peers who all keep July years (say, a group of colleges): "Q1 2022/23" in their table
    # is July to September 2022, the July organisation's own Q1, once the mapping says so.
    data = tmp_path / "peers.csv"
    data.write_text("org,pi,period,value\nUs,A,Q1 2022/23,10\nP1,A,Q1 2022/23,20\n"
                    "P2,A,Q1 2022/23,5\n", "utf-8")
    mapping = tmp_path / "peers.toml"
    mapping.write_text(PEERS.replace('missing = ["[x]"]', f'missing = ["[x]"]\n{year_starts}')
                       .replace('value = "value"', 'value = "value"\nperiod = "period"'),
                       "utf-8")
    run = benchmark_file(data, load_mapping(mapping), Quarter(2022, 1, 7))
    mismatch = [p.message for p in run.problems if p.rule == "peer-period-mismatch"]
    assert mismatch == ([
        "the peers' figures are for Q1 2022/23 (April to June 2022), not Q1 2022/23 (July to "
        "September 2022) (LPI 1); their quartiles are labelled 2022/23."] if warned else [])
    assert [r.benchmark.rank for r in run.results] == [2]


def test_stored_quartiles_are_labelled_with_the_peers_year(tmp_path):
    at = Quarter(2009, 4)
    with open_history(tmp_path / "h.sqlite") as history:
        history.save_benchmarks(at, [replace(stored("BV 63", TOP), period="2008/09"),
                                     replace(stored("BV 66a", BELOW), period="Q3 2009/10"),
                                     stored("LPI 1", BOTTOM)])  # no period: the quarter's year
        assert history.benchmark_quartiles("All ALMO comparison") == {
            "BV 63": {"2008/09": TOP}, "BV 66a": {"2009/10": BELOW}, "LPI 1": {"2009/10": BOTTOM}}


def test_the_readme_worked_example(tmp_path, capsys):
    # README, "Import your history and peers": a new organisation named in the peers' table
    # as "Trafford"; what the commands print is what the README shows.
    data = realdata("kpi", "trafford_household_waste_recycling_NI192.csv")
    folder = tmp_path / "trafford"
    assert main(["init", str(folder), "--organisation", "Trafford Council",
                 "--year", "2021/22"]) == 0
    settings = folder / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("known_in_tables_as = []",
                                     'known_in_tables_as = ["Trafford"]'), encoding="utf-8")
    capsys.readouterr()
    base = ["--settings", str(settings)]
    assert main([*base, "import-indicators", str(data), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  ours: the rows of 'Trafford', from the settings' organisation.known_in_tables_as" \
        in out
    assert "  NI 192         12 value(s)  2010/11 to 2021/22" in out
    bench = [*base, "benchmark", str(data), "--indicator-map",
             str(MAPPINGS / "trafford_ni192.toml")]
    assert main([*bench, "--quarter", "2021/22-Q4"]) == 0
    out = capsys.readouterr().out
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line in ("Our figure: the row of 'Trafford', from the settings' "
                 "organisation.known_in_tables_as.",
                 "  NI 192       2021/22           58.8     3 of 16  Top 25% (2021/22)            "
                 "42.1     52.85  higher (mapping); Trafford, cell G203",
                 "The reports use the settings' report.benchmark_comparison 'All England "
                 "comparison'; no report shows these stored: 'CIPFA nearest neighbours' (1 "
                 "benchmark(s))."):
        assert line in out and line in readme
    assert main([*bench, "--quarter", "2014/15-Q1"]) == 0
    out = capsys.readouterr().out
    warning = ("WARNING: trafford_household_waste_recycling_NI192.csv: the peers' figures are "
               "for 2013/14, not Q1 2014/15 (NI 192); their quartiles are labelled 2013/14.")
    assert warning in out and warning in readme
    with open_history(folder / "output" / "history.sqlite") as history:
        assert history.benchmark_quartiles("CIPFA nearest neighbours") == {
            "NI 192": {"2021/22": TOP, "2013/14": TOP}}
