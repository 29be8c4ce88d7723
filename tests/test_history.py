"""The quarter history: exact round trips, replacing a quarter, final quarters,
failed runs leaving the previous snapshot intact, and forward migration."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reporter.errors import ReporterError
from reporter.findings import Finding, Severity
from reporter.history import store as history_module
from reporter.history.store import (
    SCHEMA_VERSION,
    FinalQuarterError,
    HistoryError,
    open_history,
)
from reporter.periods import Quarter
from reporter.snapshot import (
    ActionPosition,
    IndicatorMonth,
    IndicatorPosition,
    QuarterSnapshot,
    RecommendationPosition,
    ReturnFile,
)
from reporter.status import DEFAULT_SCHEME, Status

REPO = Path(__file__).resolve().parent.parent
Q2, Q3, Q4 = Quarter(2009, 2), Quarter(2009, 3), Quarter(2009, 4)


def snapshot(quarter: Quarter, statuses: str = "CGAR", tag: str = "") -> QuarterSnapshot:
    """A small but complete snapshot: one action per status letter, an indicator with its
    months, a recommendation, a finding and a return file."""
    letters = {"C": Status.COMPLETE, "G": Status.GREEN, "A": Status.AMBER, "R": Status.RED,
               "-": None}
    actions = tuple(
        ActionPosition(f"1.{n + 1}a", "Operations", letters[s], returned_status=letters[s],
                       returned_status_text=s, commentary=f"progress {tag}", evidence="minutes")
        for n, s in enumerate(statuses)
    )
    months = tuple(IndicatorMonth("BV 66a", y, m, 98.0 + m / 10) for y, m in quarter.months)
    return QuarterSnapshot(
        quarter=quarter,
        actions=actions,
        indicators=(IndicatorPosition("BV 66a", "Finance", months, comment="steady"),),
        recommendations=(RecommendationPosition("AC 1", "Finance", False, "in hand", "May 10"),),
        findings=(Finding(Severity.WARNING, "late-return", "late", "send it on time",
                          "Finance", "fin.xlsx", "Actions", "F7"),),
        returns=(ReturnFile("fin.xlsx", "Finance", "ab" * 32),),
        created=datetime(2010, 4, 16, 9, 30, tzinfo=UTC),
    )


@pytest.fixture
def history(tmp_path):
    with open_history(tmp_path / "output" / "history.sqlite") as opened:
        yield opened


def test_open_creates_the_folder_and_the_schema(tmp_path):
    path = tmp_path / "a" / "b" / "history.sqlite"
    with open_history(path) as history:
        assert path.exists()
        assert history.schema_version == SCHEMA_VERSION
        assert history.quarters() == []
        assert history.load_snapshot(Q3) is None


def test_save_then_load_gives_the_snapshot_back(history):
    original = snapshot(Q3)
    history.save_snapshot(original)
    assert history.load_snapshot(Q3) == original


def test_a_full_disk_is_named_and_the_history_kept(history):
    """SQLite's own size limit stands in for a full disk (root ignores permissions and no
    small disk can be mounted here): the cause is named, not hidden behind "cannot
    rollback", and the history is as it was (#17.4)."""
    history.save_snapshot(snapshot(Q2))
    pages = history._conn.execute("PRAGMA page_count").fetchone()[0]
    history._conn.execute(f"PRAGMA max_page_count = {pages}")
    big = snapshot(Q3, "CGAR" * 500)
    with pytest.raises(HistoryError, match=r"\(database or disk is full\); the history is as "
                       r"it was\. The disk is full: free some space"):
        history.save_snapshot(big)
    assert history.quarters() == [Q2] and history.load_snapshot(Q2) == snapshot(Q2)


def test_a_history_that_cannot_be_written_is_named(history):
    history.save_snapshot(snapshot(Q2))
    history._conn.execute("PRAGMA query_only = ON")  # as a read-only file or folder does
    with pytest.raises(HistoryError, match=r"readonly database\); the history is as it was\. "
                       r"The file or its folder cannot be written"):
        history.save_snapshot(snapshot(Q3))
    assert history.quarters() == [Q2]


def test_rerunning_a_quarter_replaces_its_snapshot(history):
    history.save_snapshot(snapshot(Q3, "CGAR", tag="first"))
    second = snapshot(Q3, "CC", tag="second")
    history.save_snapshot(second)
    assert history.load_snapshot(Q3) == second
    assert history.quarters() == [Q3]


def test_quarters_are_listed_in_order(history):
    for quarter in (Q4, Q2, Q3, Quarter(2010, 1)):
        history.save_snapshot(snapshot(quarter))
    assert history.quarters() == [Q2, Q3, Q4, Quarter(2010, 1)]


def test_previous_snapshot_is_only_the_quarter_before(history):
    history.save_snapshot(snapshot(Q2))
    assert history.previous_snapshot(Q3) == snapshot(Q2)
    assert history.previous_snapshot(Q4) is None  # Q3 not stored: never an older quarter
    history.save_snapshot(snapshot(Q4))
    assert history.previous_snapshot(Quarter(2010, 1)) == snapshot(Q4)


def test_a_final_quarter_is_not_replaced_without_force(history):
    history.save_snapshot(snapshot(Q3, tag="final"), final=True)
    assert history.is_final(Q3)
    with pytest.raises(FinalQuarterError) as caught:
        history.save_snapshot(snapshot(Q3, tag="draft"))
    assert isinstance(caught.value, ReporterError)
    assert str(caught.value) == (
        "Q3 2009/10 is stored in the history as final, so this run would replace the final "
        "figures. Pass --force to replace it, or check the quarter (2009/10-Q3) is the one "
        "you meant."
    )
    stored = history.load_snapshot(Q3)
    assert stored is not None and stored.final and stored.actions[0].commentary == "progress final"


def test_force_replaces_a_final_quarter(history):
    history.save_snapshot(snapshot(Q3, tag="final"), final=True)
    history.save_snapshot(snapshot(Q3, tag="forced"), force=True)
    stored = history.load_snapshot(Q3)
    assert stored is not None and stored.actions[0].commentary == "progress forced"
    assert not history.is_final(Q3)  # a forced re-run without --final is a draft again
    history.save_snapshot(snapshot(Q3, tag="final again"), final=True)
    assert history.is_final(Q3) and not history.is_final(Q4)


def test_snapshot_final_flag_is_kept(history):
    from dataclasses import replace

    final = replace(snapshot(Q3), final=True)
    history.save_snapshot(final)
    assert history.load_snapshot(Q3) == final
    assert history.is_final(Q3)


def test_stored_quarters_say_when_they_were_saved(history):
    before = datetime.now(UTC).replace(microsecond=0)
    history.save_snapshot(snapshot(Q3), final=True)
    (stored,) = history.stored_quarters()
    assert stored.quarter == Q3 and stored.final
    assert before <= stored.saved_at <= datetime.now(UTC)
    assert stored.created == datetime(2010, 4, 16, 9, 30, tzinfo=UTC)


def test_a_failure_in_the_middle_of_saving_leaves_the_previous_snapshot(history, monkeypatch):
    previous = snapshot(Q3, "CGAR", tag="previous")
    history.save_snapshot(previous)

    def fail(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(history_module, "_write_findings", fail)  # after actions are written
    with pytest.raises(RuntimeError):
        history.save_snapshot(snapshot(Q3, "RRRR", tag="broken"))
    assert history.load_snapshot(Q3) == previous
    monkeypatch.undo()
    history.save_snapshot(snapshot(Q3, "CC", tag="fixed"))  # the history is still usable
    assert history.load_snapshot(Q3) == snapshot(Q3, "CC", tag="fixed")


def test_a_run_killed_in_the_middle_leaves_the_previous_snapshot(tmp_path):
    path = tmp_path / "history.sqlite"
    previous = snapshot(Q3, "CGAR", tag="previous")
    with open_history(path) as history:
        history.save_snapshot(previous)
    # A separate process deletes the quarter, writes its new actions and dies before
    # the commit, as a run killed part way would.
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from reporter.history import store as history
        from tests_snapshot import snapshot
        def die(*args):
            os._exit(9)
        history._write_findings = die
        h = history.open_history({str(path)!r})
        h.save_snapshot(snapshot())
    """)
    (tmp_path / "tests_snapshot.py").write_text(textwrap.dedent("""
        from reporter.periods import Quarter
        from reporter.snapshot import ActionPosition, QuarterSnapshot
        from reporter.status import Status
        def snapshot():
            return QuarterSnapshot(Quarter(2009, 3), tuple(
                ActionPosition(f"9.{n}a", "X", Status.RED) for n in range(1, 50)))
    """))
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    with open_history(path) as history:
        assert history.load_snapshot(Q3) == previous


def test_indicator_series_runs_across_quarters(history):
    history.save_snapshot(snapshot(Q2))
    history.save_snapshot(snapshot(Q3))
    series = history.indicator_series("BV 66a")
    assert [(m.year, m.month) for m in series] == [
        (2009, 7), (2009, 8), (2009, 9), (2009, 10), (2009, 11), (2009, 12)]
    assert series[0].value == pytest.approx(98.7)
    assert history.indicator_series("nope") == []
    assert history.indicator_series() == series


def test_a_later_quarter_corrects_a_month_but_a_blank_does_not_erase_it(history):
    def with_months(quarter, months):
        return QuarterSnapshot(quarter, (), indicators=(
            IndicatorPosition("PI", "Finance", tuple(IndicatorMonth("PI", y, m, v)
                                                     for y, m, v in months)),))

    history.save_snapshot(with_months(Q3, [(2009, 10, 1.0), (2009, 11, 2.0), (2009, 12, None)]))
    history.save_snapshot(with_months(Q4, [(2009, 11, 5.0), (2009, 10, None), (2010, 1, 7.0)]))
    values = [(m.month, m.value) for m in history.indicator_series("PI")]
    assert values == [(10, 1.0), (11, 5.0), (12, None), (1, 7.0)]


# --------------------------------------------------------------------------- migrations

def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "history.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(HistoryError,
                       match=rf"schema version {SCHEMA_VERSION + 1}, newer than this program "
                             rf"knows \({SCHEMA_VERSION}\)\. Update the reporter"):
        open_history(path)


def test_a_file_that_is_not_a_history_is_refused(tmp_path):
    path = tmp_path / "history.sqlite"
    path.write_bytes(b"this is not a database, just some text padded out " * 40)
    with pytest.raises(HistoryError, match="pass --history with another path"):
        open_history(path)


def test_migrations_run_forward_and_keep_the_data(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite"
    with open_history(path) as history:
        history.save_snapshot(snapshot(Q3))
    later = history_module.MIGRATIONS + ("ALTER TABLE quarters ADD COLUMN note TEXT;",)
    monkeypatch.setattr(history_module, "MIGRATIONS", later)
    monkeypatch.setattr(history_module, "SCHEMA_VERSION", len(later))
    with open_history(path) as history:
        assert history.schema_version == SCHEMA_VERSION + 1
        assert history.load_snapshot(Q3) == snapshot(Q3)
        columns = [row[1] for row in history._conn.execute("PRAGMA table_info(quarters)")]
        assert "note" in columns


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite"
    with open_history(path) as history:
        history.save_snapshot(snapshot(Q3))
    broken = history_module.MIGRATIONS + ("ALTER TABLE quarters ADD COLUMN x; NOT SQL;",)
    monkeypatch.setattr(history_module, "MIGRATIONS", broken)
    monkeypatch.setattr(history_module, "SCHEMA_VERSION", len(broken))
    with pytest.raises(HistoryError):
        open_history(path)
    monkeypatch.undo()
    with open_history(path) as history:
        assert history.schema_version == SCHEMA_VERSION
        columns = [row[1] for row in history._conn.execute("PRAGMA table_info(quarters)")]
        assert "x" not in columns
        assert history.load_snapshot(Q3) == snapshot(Q3)


# --------------------------------------------------------------------------- properties

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
statuses = st.sampled_from([*DEFAULT_SCHEME.categories, None])
finite = st.floats(allow_nan=False, allow_infinity=True, width=64)
quarters = st.builds(Quarter, st.integers(2000, 2040), st.integers(1, 4))

actions = st.builds(
    ActionPosition, ref=text, directorate=text, status=statuses, returned_status=statuses,
    returned_status_text=text, commentary=text, remedial_action=text, revised_date=text,
    evidence=text, notable=st.booleans(), carried_forward=st.booleans(), source_file=text,
)
months = st.builds(IndicatorMonth, ref=text, year=st.integers(1990, 2100),
                   month=st.integers(1, 12), value=st.none() | finite)
indicators = st.builds(
    IndicatorPosition, ref=text, directorate=text, months=st.lists(months, max_size=4).map(tuple),
    comment=text, stated_status=text, carried_forward=st.booleans(), source_file=text,
)
recommendations = st.builds(
    RecommendationPosition, ref=text, directorate=text, complete=st.booleans(),
    commentary=text, new_target_date=text, carried_forward=st.booleans(),
)
findings = st.builds(
    Finding, severity=st.sampled_from(list(Severity)), rule=text, message=text, fix=text,
    directorate=text, file=text, sheet=text, cell=text,
)
returns = st.builds(ReturnFile, file=text, directorate=text, sha256=text, used=st.booleans())
created = st.none() | st.datetimes(
    timezones=st.none() | st.just(UTC)
    | st.builds(lambda h: timezone(timedelta(minutes=h)), st.integers(-720, 720))
)
snapshots = st.builds(
    QuarterSnapshot,
    quarter=quarters,
    actions=st.lists(actions, max_size=6).map(tuple),
    indicators=st.lists(indicators, max_size=3).map(tuple),
    recommendations=st.lists(recommendations, max_size=3).map(tuple),
    findings=st.lists(findings, max_size=3).map(tuple),
    returns=st.lists(returns, max_size=3).map(tuple),
    created=created,
    final=st.booleans(),
    missing_directorates=st.lists(text, max_size=3).map(tuple),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(original=snapshots)
def test_any_snapshot_round_trips_exactly(history, original):
    history.save_snapshot(original, force=True)
    assert history.load_snapshot(original.quarter) == original


def test_a_version_2_history_gains_the_pack_version_and_keeps_its_quarters(tmp_path,
                                                                          monkeypatch):
    path = tmp_path / "history.sqlite"
    monkeypatch.setattr(history_module, "MIGRATIONS", history_module.MIGRATIONS[:2])
    monkeypatch.setattr(history_module, "SCHEMA_VERSION", 2)
    open_history(path).close()
    with sqlite3.connect(path) as conn:  # a quarter saved by a reporter of version 2
        conn.execute("INSERT INTO quarters (quarter, year, number, final, saved_at) "
                     "VALUES ('2009/10-Q3', 2009, 3, 1, '2010-04-20T10:00:00+00:00')")
    conn.close()
    monkeypatch.undo()
    with open_history(path) as history:
        assert history.schema_version == SCHEMA_VERSION
        assert history.is_final(Q3)
        assert history.pack_version(Q3) is None
        history.save_snapshot(snapshot(Q3), force=True, pack_version="20100420-101500-abc123")
        assert history.pack_version(Q3) == "20100420-101500-abc123"


def test_a_version_3_history_keeps_its_quarters_in_the_april_year(tmp_path, monkeypatch):
    path = tmp_path / "history.sqlite"
    monkeypatch.setattr(history_module, "MIGRATIONS", history_module.MIGRATIONS[:3])
    monkeypatch.setattr(history_module, "SCHEMA_VERSION", 3)
    open_history(path).close()
    with sqlite3.connect(path) as conn:  # a quarter saved by a reporter of version 3
        conn.execute("INSERT INTO quarters (quarter, year, number, final, saved_at) "
                     "VALUES ('2009/10-Q3', 2009, 3, 1, '2010-04-20T10:00:00+00:00')")
    conn.close()
    monkeypatch.undo()
    with open_history(path) as history:
        assert history.schema_version == SCHEMA_VERSION
        assert history.quarters() == [Q3]  # of the April year, as every quarter was
        assert history.is_final(Q3) and history.load_snapshot(Q3) is not None


def test_a_july_quarter_comes_back_in_its_own_year(history):
    july_q1 = Quarter(2025, 1, 7)
    history.save_snapshot(snapshot(july_q1))
    (stored,) = history.quarters()
    assert stored == july_q1 and stored.span_label == "July to September 2025"
    assert history.load_snapshot(july_q1) == snapshot(july_q1)
    # the same label of an April year is another quarter: not found, not given instead
    assert history.load_snapshot(Quarter(2025, 1)) is None


def test_a_history_refuses_a_quarter_of_another_calendar(history):
    history.save_snapshot(snapshot(Q3))
    with pytest.raises(HistoryError, match=r"starting in April \(2009/10-Q3\).*starting in "
                                           r"July.*year_starts = \"April\""):
        history.save_snapshot(snapshot(Quarter(2009, 4, 7)))
    assert history.quarters() == [Q3]
