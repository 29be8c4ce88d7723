"""Publishing a quarter's pack as one step a kill cannot split.

Each run writes its pack into a staging folder; when complete, the folder is renamed into
``.<name>-versions/<version>/`` beside the quarter's folder (a rename: the version exists
whole or not at all). The history then records the version, and ``<name>`` is switched to
it: ``<name>`` is a symbolic link to the version, replaced by renaming a new link over it,
so a reader sees the old pack or the new one, never a mix. Where links cannot be made
(Windows without developer mode), ``<name>`` is a real folder and the switch is two renames
(the old pack aside, the new one in); a kill between them leaves no folder, which the next
run puts back from the version the history records.

A kill at any point leaves the old pack with the old history, the new pack with the new
history, or the new history with the old link: ``prepare``, called at the start of every
run, points the link at the version the history records, moves a folder left by earlier
versions of the reporter into a version (nothing is lost) and removes what killed runs left.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from reporter.errors import ReporterError

MANIFEST = ".pack-files"  # the files the run wrote; everything else in the folder is the user's
VERSION_FILE = ".pack-version"  # the version a folder is, when it is not reached by a link
KEEP_PREVIOUS = 1  # earlier versions kept besides the current one and the one recorded


def checkpoint(name: str) -> None:
    """A named point of publishing; it does nothing. Tests replace it to kill a run there."""


def versions_dir(out_dir: Path) -> Path:
    """Where the quarter's pack versions are kept: ``.<name>-versions`` beside it."""
    return out_dir.parent / f".{out_dir.name}-versions"


def staging_dir(out_dir: Path) -> Path:
    """A new, empty folder to write a pack into before it is published."""
    staging = out_dir.parent / f".staging-{out_dir.name}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    return staging


def current_version(out_dir: Path) -> str | None:
    """The version the quarter's folder shows, or None when it shows none."""
    marker = out_dir / VERSION_FILE
    if marker.is_file():
        return marker.read_text(encoding="utf-8").strip() or None
    if out_dir.is_symlink():
        return Path(os.readlink(out_dir)).name
    return None


def prepare(out_dir: Path, recorded: str | None, started: float | None = None) -> None:
    """Make ``out_dir`` show the pack the history records, migrating a real folder made by an
    earlier version of the reporter, and remove what killed runs left (older than
    ``started``, a ``time.time()``, so a run going on beside this one keeps its folders)."""
    started = time.time() if started is None else started
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    versions = versions_dir(out_dir)
    links = _links_work(out_dir.parent)
    if links and out_dir.is_dir() and not out_dir.is_symlink():
        _migrate(out_dir, versions)
    wanted = recorded if recorded and (versions / recorded).is_dir() else None
    shown = current_version(out_dir) if out_dir.exists() else None
    if wanted is None and shown is None:
        # Nothing recorded and no pack shown (a first run, or the link lost): the newest
        # version, else an empty one, so the folder exists for the run's log.
        existing = _version_names(versions)
        wanted = existing[-1] if existing else _new_version(versions).name
    if wanted is not None and wanted != shown:
        _switch(out_dir, versions / wanted, links)
    clean(out_dir, recorded, started)


def publish(staging: Path, out_dir: Path, written: list[Path],
            save_history: Callable[[str], None], started: float) -> list[Path]:
    """Publish the pack in ``staging`` as ``out_dir``; ``save_history(version)`` records it.
    Then what earlier runs left (older than ``started``) is cleaned, as in ``prepare``.

    Files in the folder that the earlier run did not write (the run's log, an evidence
    sample, the officer's own notes) are carried into the new version. Returns the paths of
    the written files as seen through ``out_dir``.
    """
    relative = [path.relative_to(staging) for path in written]
    _carry_forward(out_dir, staging, relative)
    versions = versions_dir(out_dir)
    version = _version_name()
    (staging / MANIFEST).write_text("".join(f"{r.as_posix()}\n" for r in relative),
                                    encoding="utf-8")
    # Without links the folder is renamed in and out: the marker keeps its name.
    (staging / VERSION_FILE).write_text(version, encoding="utf-8")
    links = _links_work(out_dir.parent)
    versions.mkdir(exist_ok=True)
    checkpoint("staged")
    staging.rename(versions / version)  # whole or not at all
    checkpoint("versioned")
    try:
        save_history(version)
    except BaseException:
        shutil.rmtree(versions / version, ignore_errors=True)
        raise
    checkpoint("saved")
    _switch(out_dir, versions / version, links)
    checkpoint("switched")
    clean(out_dir, version, started)
    return [out_dir / r for r in relative]


def clean(out_dir: Path, recorded: str | None, started: float) -> None:
    """Remove what killed runs left beside ``out_dir`` before ``started``: staging folders,
    half-made links, files set aside by earlier versions of the reporter, and versions
    neither shown nor recorded, apart from the newest ``KEEP_PREVIOUS``."""
    parent = out_dir.parent
    for staging in parent.glob(f".staging-{out_dir.name}-*"):
        if _older(staging, started):
            shutil.rmtree(staging, ignore_errors=True)
    for link in parent.glob(f".{out_dir.name}.link-*"):
        if _older(link, started):
            link.unlink(missing_ok=True)
    if out_dir.is_dir():
        for aside in out_dir.rglob(".*.replaced-*"):
            aside.unlink(missing_ok=True)
    versions = versions_dir(out_dir)
    keep = {recorded, current_version(out_dir) if out_dir.exists() else None}
    others = [name for name in _version_names(versions) if name not in keep]
    for name in others[:max(0, len(others) - KEEP_PREVIOUS)]:
        if _older(versions / name, started):
            shutil.rmtree(versions / name, ignore_errors=True)


def _carry_forward(out_dir: Path, staging: Path, written: list[Path]) -> None:
    """Copy into ``staging`` the files of ``out_dir`` the earlier run did not write."""
    if not out_dir.is_dir():
        return
    for path in written:  # a folder where a file should go: say so before anything changes
        if (out_dir / path).is_dir():
            raise ReporterError(f"cannot write {out_dir / path}: a folder of that name is in "
                                "the way. Move it, or choose another --out.")
    manifest = out_dir / MANIFEST
    ours = set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()
    for path in sorted(out_dir.rglob("*")):
        name = path.relative_to(out_dir)
        if (not path.is_file() or name.as_posix() in ours or name.name in (MANIFEST, VERSION_FILE)
                or ".replaced-" in name.name or (staging / name).exists()):
            continue
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, staging / name)


def _migrate(out_dir: Path, versions: Path) -> None:
    """A real folder (made by an earlier version of the reporter) becomes a version, whole."""
    versions.mkdir(parents=True, exist_ok=True)
    target = versions / _version_name()
    out_dir.rename(target)
    checkpoint("migrated")
    _switch(out_dir, target, links=True)


def _switch(out_dir: Path, version: Path, links: bool) -> None:
    """Make ``out_dir`` show ``version`` in one rename (two without links)."""
    if links:
        link = out_dir.parent / f".{out_dir.name}.link-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(version, out_dir.parent), link, target_is_directory=True)
        os.replace(link, out_dir)
        return
    if out_dir.is_symlink():
        out_dir.unlink()
    elif out_dir.exists():
        shown = current_version(out_dir) or _version_name()
        out_dir.rename(version.parent / shown)
        checkpoint("set aside")
    version.rename(out_dir)


def _links_work(folder: Path) -> bool:
    """Whether symbolic links can be made here (not on Windows without developer mode)."""
    probe = folder / f".link-probe-{uuid.uuid4().hex[:8]}"
    try:
        os.symlink(".", probe, target_is_directory=True)
    except (OSError, NotImplementedError):
        return False
    probe.unlink()
    return True


def _version_name() -> str:
    # Time first, so versions sort oldest first by name.
    return f"{datetime.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:4]}"


def _new_version(versions: Path) -> Path:
    path = versions / _version_name()
    path.mkdir(parents=True)
    (path / VERSION_FILE).write_text(path.name, encoding="utf-8")
    return path


def _version_names(versions: Path) -> list[str]:
    if not versions.is_dir():
        return []
    return sorted(p.name for p in versions.iterdir() if p.is_dir() and not p.is_symlink())


def _older(path: Path, started: float) -> bool:
    try:
        return path.lstat().st_mtime < started
    except FileNotFoundError:
        return False
