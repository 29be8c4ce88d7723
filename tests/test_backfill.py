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


# --- import refuses what would corrupt the history ----------------------------------------

def history_rows(path) -> dict[str, list[tuple]]:
    """Every row of every table of the history file, to compare before and after."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}


@pytest.fixture(scope="module")
def q2_files(tmp_path_factory, sample_plan):
    """Q2 returns made by `templates` and filled cleanly, and the consolidated workbook and
    history of a run of them."""
    from fill import fill_return
    from test_validate import clean_values

    from reporter.returns.templates import return_filename

    folder = tmp_path_factory.mktemp("import")
    blank, returns = folder / "blank", folder / "returns"
    assert main(["templates", Q2.code, "--out", str(blank)]) == 0
    for directorate in sample_plan.directorates:
        path = blank / return_filename(Q2, directorate.name)
        if path.exists():
            values = clean_values(sample_plan, directorate.name, Q2)
            fill_return(path, returns / path.name, actions=values["actions"],
                        kpis=values["kpis"], recommendations=values["recommendations"] or None)
    assert main(["run", Q2.code, "--returns", str(returns), "--out", str(folder / "out"),
                 "--history", str(folder / "history.sqlite"), "--quiet"]) == 0
    return returns, folder / "out" / "consolidated.xlsx", folder / "history.sqlite"


@pytest.fixture
def history_with_q2(q2_files, tmp_path):
    import shutil

    path = tmp_path / "history.sqlite"
    shutil.copy(q2_files[2], path)
    return path


def test_returns_of_another_quarter_are_refused_even_forced(q2_files, history_with_q2, capsys):
    returns, _, _ = q2_files
    before = history_rows(history_with_q2)
    for extra in ([], ["--force"]):
        code = main(["import", "2009/10-Q3", str(returns), "--history", str(history_with_q2),
                     *extra])
        assert code == 1, extra
        captured = capsys.readouterr()
        assert "is for Q2 2009/10, not Q3 2009/10" in captured.out
        assert "nothing stored" in captured.err and "stored in the history" not in captured.out
        assert history_rows(history_with_q2) == before
    with open_history(history_with_q2) as history:
        assert history.quarters() == [Q2]


def test_a_consolidated_workbook_of_another_quarter_is_refused(q2_files, history_with_q2,
                                                              capsys):
    _, consolidated, _ = q2_files
    before = history_rows(history_with_q2)
    assert main(["import", "2009/10-Q1", str(consolidated), "--history",
                 str(history_with_q2), "--force"]) == 2
    err = capsys.readouterr().err
    assert "consolidated workbook of Q2 2009/10" in err and "not of Q1 2009/10" in err
    assert "Import it as 2009/10-Q2" in err
    assert history_rows(history_with_q2) == before


def test_a_stored_quarter_is_replaced_only_when_asked(q2_files, history_with_q2, capsys):
    _, consolidated, _ = q2_files
    before = history_rows(history_with_q2)
    args = ["import", Q2.code, str(consolidated), "--history", str(history_with_q2)]
    assert main(args) == 2
    assert "Q2 2009/10 is already in the history" in capsys.readouterr().err
    assert history_rows(history_with_q2) == before
    assert main([*args, "--replace"]) == 0
    assert "Q2 2009/10 stored in the history" in capsys.readouterr().out


def test_errors_store_nothing_unless_forced(q2_files, tmp_path, sample_plan, capsys):
    import shutil

    from fill import fill_return

    returns, _, _ = q2_files
    folder = tmp_path / "returns"
    shutil.copytree(returns, folder)
    from reporter.returns.templates import return_filename

    action = sample_plan.actions[0]
    path = folder / return_filename(Q2, action.directorate)
    fill_return(path, actions={action.ref: {"Status": "Yellow"}})
    history = tmp_path / "history.sqlite"
    args = ["import", Q2.code, str(folder), "--history", str(history)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert "Yellow" in captured.out and "error(s), listed above" in captured.err
    with open_history(history) as stored:
        assert stored.quarters() == []
    assert main([*args, "--force"]) == 0
    assert "with 1 error(s) (--force)" in capsys.readouterr().out
    with open_history(history) as stored:
        assert stored.quarters() == [Q2]


def test_a_folder_without_returns_stores_nothing(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    history = tmp_path / "history.sqlite"
    assert main(["import", Q2.code, str(tmp_path / "empty"), "--history", str(history),
                 "--force"]) == 1
    assert "nothing stored" in capsys.readouterr().err
    with open_history(history) as stored:
        assert stored.quarters() == []


def test_a_workbook_with_no_status_of_the_plan_is_refused(tmp_path, capsys):
    workbook = Workbook()
    workbook.active.title = "Actions"
    workbook.active.append(["Ref", "Status"])
    workbook.active.append(["99.9z", "Green"])
    workbook.active.append(["1.1a", "Not reported"])
    workbook.save(tmp_path / "other.xlsx")
    history = tmp_path / "history.sqlite"
    assert main(["import", Q2.code, str(tmp_path / "other.xlsx"), "--history",
                 str(history), "--force"]) == 2
    assert "no action of the plan with a status" in capsys.readouterr().err
    with open_history(history) as stored:
        assert stored.quarters() == []
