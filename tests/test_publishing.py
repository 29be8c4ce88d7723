"""Publishing a pack: a kill at any point leaves the old pack with the old history or the new
pack with the new history, and the next run puts the folder right and cleans up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest

from reporter import publishing
from reporter.history.store import open_history
from reporter.periods import Quarter
from reporter.publishing import prepare, publish, versions_dir
from reporter.snapshot import QuarterSnapshot

REPO = Path(__file__).resolve().parent.parent
Q3 = Quarter(2009, 3)
OLD, NEW = datetime(2010, 1, 20, 9, 0), datetime(2010, 4, 20, 9, 0)
PACK = ("progress_report.docx", "consolidated.xlsx", "charts/BV 66a.png")


def stage(out_dir: Path, word: str) -> tuple[Path, list[Path]]:
    staging = publishing.staging_dir(out_dir)
    written = []
    for name in PACK:
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{word} {name}")
        written.append(path)
    return staging, written


def run_pack(out_dir: Path, history_path: Path, word: str, created: datetime) -> None:
    """What a run does: prepare the folder, stage a pack, publish it with the history."""
    started = time.time()
    with open_history(history_path) as history:
        prepare(out_dir, history.pack_version(Q3), started)
        staging, written = stage(out_dir, word)
        publish(staging, out_dir, written, lambda version: history.save_snapshot(
            QuarterSnapshot(Q3, (), created=created), pack_version=version), started)


def shown(out_dir: Path) -> set[str]:
    """The words the pack's files say ('old', 'new'): one word when the pack is whole."""
    return {(out_dir / name).read_text().split()[0] for name in PACK}


def stored(history_path: Path) -> tuple[datetime | None, str | None]:
    with open_history(history_path) as history:
        kept = history.load_snapshot(Q3)
        return (kept.created if kept else None), history.pack_version(Q3)


@pytest.fixture
def published(tmp_path):
    """The old pack published and recorded; the officer's notes in the folder."""
    out_dir, history_path = tmp_path / "output" / Q3.folder, tmp_path / "history.sqlite"
    run_pack(out_dir, history_path, "old", OLD)
    (out_dir / "notes.txt").write_text("the officer's own file")
    return out_dir, history_path


def killed_run(out_dir: Path, history_path: Path, point: str) -> int:
    """A run of the new pack in another process, killed with SIGKILL at ``point``."""
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path[:0] = [{str(REPO)!r}, {str(Path(__file__).parent)!r}]
        from pathlib import Path
        from reporter import publishing
        from test_publishing import NEW, run_pack
        def kill(name):
            if name == {point!r}:
                os.kill(os.getpid(), signal.SIGKILL)
        publishing.checkpoint = kill
        run_pack(Path({str(out_dir)!r}), Path({str(history_path)!r}), "new", NEW)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    return done.returncode


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
@pytest.mark.parametrize("point", ["staged", "versioned", "saved", "switched"])
def test_a_run_killed_while_publishing_leaves_one_whole_pack_and_its_history(published, point):
    out_dir, history_path = published
    assert killed_run(out_dir, history_path, point) == -signal.SIGKILL
    created, version = stored(history_path)
    if point in ("staged", "versioned"):  # not yet saved: the old pack and the old history
        assert (shown(out_dir), created) == ({"old"}, OLD)
    elif point == "switched":  # all done but the cleaning
        assert (shown(out_dir), created) == ({"new"}, NEW)
    else:  # saved, not switched: the history's version is whole, and the next run shows it
        assert (shown(out_dir), created) == ({"old"}, NEW)
        assert shown(versions_dir(out_dir) / str(version)) == {"new"}
    assert (out_dir / "notes.txt").read_text() == "the officer's own file"

    # The next run puts the folder right before anything else and cleans what was left.
    with open_history(history_path) as history:
        prepare(out_dir, history.pack_version(Q3))
    assert shown(out_dir) == ({"new"} if created == NEW else {"old"})
    assert (out_dir / "notes.txt").read_text() == "the officer's own file"
    assert not list(out_dir.parent.glob(".staging-*"))
    assert not list(out_dir.parent.glob(f".{out_dir.name}.link-*"))
    assert len(list(versions_dir(out_dir).iterdir())) <= 1 + publishing.KEEP_PREVIOUS


def test_reruns_keep_the_current_pack_and_one_before(published):
    out_dir, history_path = published
    for word in ("second", "third", "fourth"):
        run_pack(out_dir, history_path, word, NEW)
        assert shown(out_dir) == {word}
    versions = sorted(p.name for p in versions_dir(out_dir).iterdir())
    assert len(versions) == 2 and publishing.current_version(out_dir) == versions[-1]
    assert stored(history_path)[1] == versions[-1]
    assert (out_dir / "notes.txt").is_file()


def test_a_folder_from_an_earlier_reporter_becomes_a_version_with_nothing_lost(tmp_path):
    out_dir, history_path = tmp_path / "output" / Q3.folder, tmp_path / "history.sqlite"
    (out_dir / "charts").mkdir(parents=True)
    for name in PACK:
        (out_dir / name).write_text(f"old {name}")
    (out_dir / "evidence_sample.xlsx").write_text("sample")
    (out_dir / ".consolidated.xlsx.replaced-1a2b3c4d").write_text("a killed run's leftover")
    (tmp_path / "output" / f".staging-{Q3.folder}-1a2b3c4d").mkdir()
    prepare(out_dir, None)
    assert out_dir.is_symlink() and shown(out_dir) == {"old"}
    assert (out_dir / "evidence_sample.xlsx").read_text() == "sample"
    assert not list(out_dir.glob(".*replaced*"))
    assert not list(out_dir.parent.glob(".staging-*"))

    run_pack(out_dir, history_path, "new", NEW)
    assert shown(out_dir) == {"new"}
    assert (out_dir / "evidence_sample.xlsx").read_text() == "sample"


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_migration_killed_half_way_is_finished_by_the_next_run(tmp_path):
    out_dir = tmp_path / "output" / Q3.folder
    out_dir.mkdir(parents=True)
    (out_dir / "consolidated.xlsx").write_text("old")
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from reporter import publishing
        publishing.checkpoint = lambda name: os.kill(os.getpid(), signal.SIGKILL)
        publishing.prepare(Path({str(out_dir)!r}), None)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL and not out_dir.exists()
    prepare(out_dir, None)
    assert (out_dir / "consolidated.xlsx").read_text() == "old"


class Killed(BaseException):
    """Stands for a kill: no cleaning code runs after it."""


def test_without_links_the_folder_is_swapped_and_a_kill_between_is_repaired(
        published, monkeypatch):
    out_dir, history_path = published

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError("symbolic links are not available")  # as on Windows

    monkeypatch.setattr(os, "symlink", no_links)
    run_pack(out_dir, history_path, "second", NEW)
    assert shown(out_dir) == {"second"} and (out_dir / "notes.txt").is_file()

    def kill_between(name: str) -> None:
        if name == "set aside":
            raise Killed

    monkeypatch.setattr(publishing, "checkpoint", kill_between)
    with pytest.raises(Killed):
        run_pack(out_dir, history_path, "third", NEW)
    assert not out_dir.exists()
    monkeypatch.setattr(publishing, "checkpoint", lambda name: None)
    with open_history(history_path) as history:
        prepare(out_dir, history.pack_version(Q3))
    assert shown(out_dir) == {"third"} and (out_dir / "notes.txt").is_file()


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_run_killed_after_saving_the_history_is_put_right_by_the_next_run(
        tmp_path, sample_plan, sample_settings):
    """The real command, killed between saving the history and switching the folder."""
    from reporter.cli import main
    from reporter.demo import simulate_returns

    returns, out_dir = tmp_path / "returns", tmp_path / "output" / Q3.folder
    simulate_returns(sample_plan, sample_settings, Q3, returns, {}, 7)
    argv = ["run", Q3.code, "--returns", str(returns), "--out", str(out_dir),
            "--history", str(tmp_path / "history.sqlite"), "--quiet"]
    assert main(argv) in (0, 1)
    first = publishing.current_version(out_dir)
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from reporter import cli, publishing
        def kill(name):
            if name == "saved":
                os.kill(os.getpid(), signal.SIGKILL)
        publishing.checkpoint = kill
        cli.main({argv!r})
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr
    recorded = stored(tmp_path / "history.sqlite")[1]
    assert publishing.current_version(out_dir) == first != recorded  # the old pack, whole
    kept = versions_dir(out_dir) / str(recorded)
    listed = (kept / publishing.MANIFEST).read_text(encoding="utf-8").splitlines()
    assert listed and all((kept / name).is_file() for name in listed)  # the new one, whole

    assert main(argv) in (0, 1)  # the next run
    assert publishing.current_version(out_dir) == stored(tmp_path / "history.sqlite")[1]
    assert not list(out_dir.parent.glob(".staging-*"))
    assert len(list(versions_dir(out_dir).iterdir())) <= 1 + publishing.KEEP_PREVIOUS
