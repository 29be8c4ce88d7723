"""Writing files safely: a failed write never leaves half a file, and a file
held open by another program gets a message that says so."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reporter.errors import ReporterError


class FileLockedError(ReporterError):
    """The output file is open in another program (Excel or Word hold a lock on Windows)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success rename it into place.

    On any failure the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    # mkstemp makes the file readable by its owner only; outputs are shared with
    # colleagues, so give them the permissions a normally created file has.
    os.chmod(temporary, 0o666 & ~_umask())
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except PermissionError:
        Path(temporary).unlink(missing_ok=True)
        raise FileLockedError(
            f"cannot write {path}: it is open in another program. Close it and run the "
            "command again; nothing else was changed."
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def display_name(path: Path) -> str:
    """A file's name as text every writer accepts (the history, a workbook, a terminal).

    A name that is not UTF-8 (``Finance \x96 Q4.xlsx`` from a zip made on Windows) is read
    as Windows-1252, as it was written; control characters (a terminal's escape sequences
    among them) become "?".
    """
    return _as_text(os.fsencode(Path(path).name))


def display_path(path: Path) -> str:
    """A whole path as text every writer accepts, as ``display_name`` makes a name."""
    return _as_text(os.fsencode(str(path)))


def _as_text(raw: bytes) -> str:
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        name = raw.decode("cp1252", errors="replace")
    return "".join("?" if unicodedata.category(ch) == "Cc" else ch for ch in name)
