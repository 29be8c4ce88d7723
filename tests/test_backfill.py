"""Backfill: an earlier quarter loaded from a consolidated workbook or filled returns."""

import pytest
from openpyxl import Workbook

from reporter.cli import main
from reporter.demo import simulate_returns
from reporter.history.backfill import (
    BackfillError,
    snapshot_from_consolidated,
    snapshot_from_returns,
)
from reporter.history.store import open_history
from reporter.periods import Quarter
from reporter.pipeline import RunRequest, run_quarter

Q2 = Quarter(2009, 2)


@pytest.fixture(scope="module")
def run_q2(tmp_path_factory, sample_plan, sample_settings):
    folder = tmp_path_factory.mktemp("backfill")
    returns = folder / "returns"
    simulate_returns(sample_plan, sample_settings, Q2, returns, {}, seed=3)
    with open_history(folder / "history.sqlite") as history:
        outcome = run_quarter(sample_plan, sample_settings, history,
                              RunRequest(Q2, returns, folder / "out"))
    return folder, outcome.snapshot


def test_a_consolidated_workbook_gives_back_the_quarter(run_q2, sample_plan, sample_settings):
    folder, snapshot = run_q2
    backfill = snapshot_from_consolidated(sample_plan, sample_settings, Q2,
                                          folder / "out" / "consolidated.xlsx")
    loaded = backfill.snapshot
    assert [a.ref for a in loaded.actions] == [a.ref for a in sample_plan.actions]
    for before, after in zip(snapshot.actions, loaded.actions):
        assert after.status is before.status, before.ref
        assert after.commentary == before.commentary.replace("\r\n", "\n")
        assert after.evidence == before.evidence
    months = {(m.ref, m.month): m.value for i in loaded.indicators for m in i.months}
    for indicator in snapshot.indicators:
        for month in indicator.months:
            assert months[(month.ref, month.month)] == pytest.approx(month.value)


def test_filled_returns_give_the_same_quarter(run_q2, sample_plan, sample_settings):
    folder, snapshot = run_q2
    loaded = snapshot_from_returns(sample_plan, sample_settings, Q2, folder / "returns",
                                   None).snapshot
    assert [(a.ref, a.status) for a in loaded.actions] == \
        [(a.ref, a.status) for a in snapshot.actions]


def test_import_command_stores_the_quarter(run_q2, tmp_path, capsys):
    folder, snapshot = run_q2
    history = tmp_path / "history.sqlite"
    code = main(["import", "2009/10-Q2", str(folder / "out" / "consolidated.xlsx"),
                 "--history", str(history)])
    assert code == 0
    assert "Q2 2009/10 stored in the history" in capsys.readouterr().out
    with open_history(history) as stored:
        assert [a.status for a in stored.load_snapshot(Q2).actions] == \
            [a.status for a in snapshot.actions]


def test_a_workbook_without_the_columns_is_refused(tmp_path, sample_plan, sample_settings):
    workbook = Workbook()
    workbook.active.title = "Actions"
    workbook.active.append(["Reference", "RAG"])
    workbook.save(tmp_path / "other.xlsx")
    with pytest.raises(BackfillError, match="needs the columns 'Ref' and 'Status reported'"):
        snapshot_from_consolidated(sample_plan, sample_settings, Q2, tmp_path / "other.xlsx")
