"""Charts already drawn, kept between runs: the officer re-runs a quarter many times,
and a chart whose inputs are unchanged is copied rather than drawn again.

A chart is filed under a hash of everything that decides its picture: the job (its
kind, file name and data), the versions of matplotlib and Pillow, and the source of
every module of the ``reporter`` package (the drawing path imports the style, the
periods' month names, the SPC rules and their wording; hashing the whole package is
simple and cannot miss one). So a change of code never serves an old picture.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib
import PIL

import reporter
from reporter.files import atomic_path
from reporter.indicators.charts.jobs import ChartJob

KEEP_DAYS = 120  # charts not used for this long are forgotten
PACKAGE = Path(reporter.__file__).resolve().parent


@lru_cache(maxsize=4)
def source_hash(package: Path = PACKAGE) -> str:
    """A hash of every .py file of the ``reporter`` package (or ``package``), read once
    a process."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def chart_key(job: ChartJob) -> str:
    """The cache key of a job's picture(s)."""
    digest = hashlib.sha256(source_hash().encode())
    digest.update(f"matplotlib {matplotlib.__version__} Pillow {PIL.__version__}".encode())
    digest.update(pickle.dumps((job.kind, job.file_name, job.args,
                                sorted(job.kwargs.items())), protocol=4))
    return digest.hexdigest()[:32]


class ChartCache:
    """A folder of drawn charts, an entry a job: its files and a ``files.txt`` naming them."""

    def __init__(self, folder: Path):
        self.folder = folder

    def fetch(self, job: ChartJob, out_dir: Path) -> list[Path] | None:
        """Copy the job's files into ``out_dir`` if held: the files, or None."""
        entry = self.folder / chart_key(job)
        listing = entry / "files.txt"
        if not listing.is_file():
            return None
        names = [n for n in listing.read_text(encoding="utf-8").splitlines() if n]
        if not all((entry / n).is_file() for n in names):
            return None
        copied = []
        for name in names:
            target = out_dir / name
            with atomic_path(target) as temporary:
                shutil.copyfile(entry / name, temporary)
            copied.append(target)
        os.utime(listing)  # recently used: kept by ``prune``
        return copied

    def store(self, job: ChartJob, paths: Sequence[Path]) -> None:
        entry = self.folder / chart_key(job)
        try:
            entry.mkdir(parents=True, exist_ok=True)
            for path in paths:
                shutil.copyfile(path, entry / path.name)
            (entry / "files.txt").write_text("".join(f"{p.name}\n" for p in paths),
                                             encoding="utf-8")
        except OSError:  # a cache that cannot be written only costs time
            pass

    def prune(self, keep_days: int = KEEP_DAYS) -> None:
        """Forget charts not used for ``keep_days`` days."""
        cutoff = time.time() - keep_days * 86400
        for entry in (self.folder.iterdir() if self.folder.is_dir() else ()):
            listing = entry / "files.txt"
            if listing.is_file() and listing.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
