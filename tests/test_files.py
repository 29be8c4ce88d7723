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


def test_a_file_name_is_shown_as_text_every_writer_accepts(tmp_path):
    import os

    from reporter.files import display_name

    odd = os.fsdecode(b"Finance \x96 Q4.xlsx")  # a name from a zip made on Windows
    assert display_name(tmp_path / odd) == "Finance \u2013 Q4.xlsx"
    assert display_name(tmp_path / "Ops \x1b[31mred\x1b[0m.xlsx") == "Ops ?[31mred?[0m.xlsx"
    assert display_name(tmp_path / "Opérations Q4.xlsx") == "Opérations Q4.xlsx"
    display_name(tmp_path / odd).encode("utf-8")  # never a surrogate
