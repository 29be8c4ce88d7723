"""The quarter end to end: returns made by the demo's directorates, through to the pack."""

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reporter import pipeline, publishing
from reporter.demo import DemoMess, DemoQuarter, simulate_quarter, simulate_returns
from reporter.history.store import open_history
from reporter.periods import Quarter
from reporter.pipeline import FinalRefusedError, RunRequest, run_quarter
from reporter.status import Status

Q2, Q3 = Quarter(2009, 2), Quarter(2009, 3)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_quarters(tmp_path, sample_plan, sample_settings):
    """Q2 run, and Q3's returns ready (Finance's missing, one unknown status word)."""
    returns = tmp_path / "returns"
    _, decided = simulate_returns(sample_plan, sample_settings, Q2, returns / Q2.folder, {}, 7)
    simulate_quarter(sample_plan, sample_settings, DemoQuarter(
        Q3, returns / Q3.folder, decided, 7,
        DemoMess(missing_directorate="Finance", unknown_status=True)))
    history = open_history(tmp_path / "history.sqlite")
    run_quarter(sample_plan, sample_settings, history,
                RunRequest(Q2, returns / Q2.folder, tmp_path / "out" / Q2.folder))
    yield tmp_path, history
    history.close()


def test_a_quarter_writes_its_pack_and_keeps_its_history(two_quarters, sample_plan,
                                                        sample_settings):
    tmp_path, history = two_quarters
    before = digest(tmp_path / "returns")
    out = tmp_path / "out" / Q3.folder
    outcome = run_quarter(sample_plan, sample_settings, history,
                          RunRequest(Q3, tmp_path / "returns" / Q3.folder, out))
    assert digest(tmp_path / "returns") == before  # inputs are never modified
    assert {p.name for p in outcome.written} >= {"consolidated.xlsx", "validation_report.xlsx"}
    assert history.quarters() == [Q2, Q3]

    snapshot = outcome.snapshot
    finance = [a for a in snapshot.actions if a.directorate == "Finance"]
    assert finance and all(a.carried_forward for a in finance)
    assert any(f.rule == "status-unknown" and "Yellow" in f.message for f in snapshot.findings)

    sheet = load_workbook(out / "consolidated.xlsx")["Actions"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [a.ref for a in sample_plan.actions]
    titles = [c.value for c in sheet[1]]
    status_col = titles.index("Status reported")
    carried_col = titles.index("Carried forward")
    by_ref = {r[2]: r for r in rows}
    for position in snapshot.actions:
        expected = f"{position.status.letter} {position.status.value}" if position.status \
            else "Not reported"
        assert by_ref[position.ref][status_col] == expected
        assert (by_ref[position.ref][carried_col] == "Yes") == position.carried_forward
    red_rows = [i for i, r in enumerate(rows, start=2) if r[status_col] == "R Red"]
    if red_rows:
        fill = sheet.cell(row=red_rows[0], column=status_col + 1).fill.fgColor.rgb
        assert fill.endswith(sample_settings.colours[Status.RED])


def test_a_failed_run_leaves_the_earlier_pack_and_history(two_quarters, sample_plan,
                                                          sample_settings, monkeypatch):
    tmp_path, history = two_quarters
    out_q2 = tmp_path / "out" / Q2.folder
    pack_before = digest(out_q2)
    stored_before = history.load_snapshot(Q2)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "write_consolidated", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        run_quarter(sample_plan, sample_settings, history,
                    RunRequest(Q2, tmp_path / "returns" / Q2.folder, out_q2))
    assert digest(out_q2) == pack_before
    assert history.load_snapshot(Q2) == stored_before
    assert not list((tmp_path / "out").glob(".staging-*"))


def test_final_is_refused_while_errors_remain_unless_forced(two_quarters, sample_plan,
                                                            sample_settings):
    tmp_path, history = two_quarters
    request = RunRequest(Q3, tmp_path / "returns" / Q3.folder, tmp_path / "out" / Q3.folder,
                         final=True)
    with pytest.raises(FinalRefusedError, match="still have 1 error"):
        run_quarter(sample_plan, sample_settings, history, request)
    assert history.quarters() == [Q2]
    run_quarter(sample_plan, sample_settings, history,
                RunRequest(request.quarter, request.returns_dir, request.out_dir, final=True,
                           force=True))
    assert history.is_final(Q3)
    with pytest.raises(pipeline.QuarterIsFinalError, match="already stored as final"):
        run_quarter(sample_plan, sample_settings, history, request)


def test_stored_benchmark_quartiles_reach_the_report(tmp_path, sample_plan, sample_settings):
    """A quartile stored by `benchmark` for the year replaces the one typed in the register."""
    from openpyxl import load_workbook

    from reporter.indicators.benchmarking import Benchmark, IndicatorBenchmark

    returns = tmp_path / "returns"
    simulate_returns(sample_plan, sample_settings, Q3, returns, {}, 5)
    with open_history(tmp_path / "history.sqlite") as history:
        history.save_benchmarks(Q3, [IndicatorBenchmark(
            "BV 66a", sample_settings.benchmark_comparison,
            Benchmark("Bottom 25%", 300, 355, 98.9, 99.3, 98.1, 97.0, "higher"))])
        run_quarter(sample_plan, sample_settings, history,
                    RunRequest(Q3, returns, tmp_path / "out"))
    sheet = load_workbook(tmp_path / "out" / "consolidated.xlsx")["Indicators"]
    titles = [c.value for c in sheet[1]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["BV 66a"][titles.index("Quartile")] == "Bottom 25%"
    assert sample_plan.indicator("BV 66a").quartiles.get("2009/10") != "Bottom 25%"


def test_a_history_failure_while_publishing_puts_the_earlier_pack_back(two_quarters, sample_plan,
                                                                      sample_settings,
                                                                      monkeypatch):
    tmp_path, history = two_quarters
    out_q2 = tmp_path / "out" / Q2.folder
    pack_before = digest(out_q2)
    stored_before = history.load_snapshot(Q2)

    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(history, "save_snapshot", broken)
    with pytest.raises(RuntimeError, match="database is locked"):
        run_quarter(sample_plan, sample_settings, history,
                    RunRequest(Q2, tmp_path / "returns" / Q2.folder, out_q2))
    assert digest(out_q2) == pack_before
    assert history.load_snapshot(Q2) == stored_before


def test_files_an_earlier_run_left_are_removed_and_folders_in_the_way_named(
        two_quarters, sample_plan, sample_settings):
    tmp_path, history = two_quarters
    out_q2 = tmp_path / "out" / Q2.folder
    (out_q2 / "progress_report.pdf").write_bytes(b"last run's PDF")  # run with --pdf before
    manifest = out_q2 / publishing.MANIFEST
    manifest.write_text(manifest.read_text() + "progress_report.pdf\n")
    (out_q2 / "notes.txt").write_text("the officer's own file")
    run_quarter(sample_plan, sample_settings, history,
                RunRequest(Q2, tmp_path / "returns" / Q2.folder, out_q2))
    assert not (out_q2 / "progress_report.pdf").exists()  # no stale figures beside the new
    assert (out_q2 / "notes.txt").exists()  # what we did not write is never touched

    (out_q2 / "consolidated.xlsx").unlink()
    (out_q2 / "consolidated.xlsx").mkdir()
    before = digest(out_q2)
    with pytest.raises(pipeline.ReporterError, match="a folder of that name is in the way"):
        run_quarter(sample_plan, sample_settings, history,
                    RunRequest(Q2, tmp_path / "returns" / Q2.folder, out_q2))
    assert digest(out_q2) == before


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path, sample_plan,
                                                             sample_settings):
    """A return renamed in a zip made on Windows (``Finance \\x96 Q2.xlsx``) is read, named
    as Windows wrote it, and kept in the history with the rest of the batch (#17.1)."""
    import os

    returns = tmp_path / "returns"
    made, _ = simulate_returns(sample_plan, sample_settings, Q2, returns, {}, 7)
    finance = next(p for p in made if "Finance" in p.name)
    odd = os.path.join(os.fsencode(returns), b"Finance \x96 Q2 return.xlsx")
    os.rename(os.fsencode(finance), odd)
    history = open_history(tmp_path / "history.sqlite")
    try:
        outcome = run_quarter(sample_plan, sample_settings, history,
                              RunRequest(Q2, returns, tmp_path / "out"))
        files = [f.file for f in outcome.snapshot.returns]
        assert "Finance \u2013 Q2 return.xlsx" in files
        assert len(files) == len(made)
        stored = history.load_snapshot(Q2)
        assert stored is not None and "Finance \u2013 Q2 return.xlsx" in [
            f.file for f in stored.returns]
    finally:
        history.close()
