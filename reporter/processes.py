"""How many processes a stage may use, and sharing work out among them: the two slow
stages (reading returns, drawing charts) share out their work this way."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

WINDOWS_POOL_LIMIT = 61  # ProcessPoolExecutor refuses more workers on Windows


def available_processors() -> int:
    """The processors this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        count = os.cpu_count() or 1
    return max(1, min(count, WINDOWS_POOL_LIMIT) if sys.platform == "win32" else count)


Item = TypeVar("Item")
Shared = TypeVar("Shared")
Outcome = TypeVar("Outcome")
_work: Callable[[Any, Any], Any] | None = None  # in a worker process: the work, and
_shared: Any = None  # what every item shares (sent once per process, not once per item)


def end_with_parent() -> None:
    """In a worker process (a pool's ``initializer``): end it as soon as the process that
    started it ends, so a killed ``run`` leaves no worker drawing charts for minutes with
    the caller's output still open. Its parent gone, a process is adopted by another: a
    thread notices the change of parent."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _start_worker(work: Callable[[Any, Any], Any], shared: Any) -> None:
    global _work, _shared
    end_with_parent()
    _work, _shared = work, shared


def _do(item: Any) -> Any:
    assert _work is not None
    return _work(_shared, item)


def map_in_processes(work: Callable[[Shared, Item], Outcome], shared: Shared,
                     items: Sequence[Item], workers: int,
                     lost: Callable[[Item], Outcome]) -> list[Outcome]:
    """``work(shared, item)`` for each item, in order, shared out among ``workers``
    processes. ``work`` must be a module-level function. Should a process die (out of
    memory, say), each item is run again in a process of its own, and an item that
    kills that one too gets ``lost(item)``: one bad item never stops the rest."""
    if workers < 2 or len(items) < 2:
        return [work(shared, item) for item in items]
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                 initargs=(work, shared)) as pool:
            return list(pool.map(_do, items, chunksize=max(1, len(items) // (workers * 8))))
    except BrokenProcessPool:
        return [_alone(work, shared, item, lost) for item in items]


def _alone(work: Callable[[Shared, Item], Outcome], shared: Shared, item: Item,
           lost: Callable[[Item], Outcome]) -> Outcome:
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_start_worker,
                                 initargs=(work, shared)) as pool:
            return pool.submit(_do, item).result()
    except BrokenProcessPool:
        return lost(item)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for a stage that builds many long-lived objects.

    Reading and checking a national collection make a million small records (rows, cells,
    findings) and no reference cycles; the collector would walk all of them a dozen
    times as they pile up (measured: about 2.4 s of CPU for 1,000 returns). It is
    switched back on, as it was, when the stage ends, and then collects anything left.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
