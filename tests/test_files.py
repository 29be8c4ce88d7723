import os
import stat

import pytest

from reporter.files import FileLockedError, atomic_path


def test_a_file_is_written_whole_with_ordinary_permissions(tmp_path):
    target = tmp_path / "out" / "report.xlsx"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # colleagues can open it
    assert [p.name for p in target.parent.iterdir()] == ["report.xlsx"]


def test_a_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_bytes(b"half")
            raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_a_file_open_in_another_program_is_named_and_left_alone(tmp_path, monkeypatch):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")

    def locked(source, destination):
        raise PermissionError(13, "Permission denied", str(destination))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(FileLockedError, match="it is open in another program"):
        with atomic_path(target) as temporary:
            temporary.write_bytes(b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
