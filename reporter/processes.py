"""How many processes a stage may use: the two slow stages (reading returns, drawing
charts) share out their work this way."""

from __future__ import annotations

import os
import sys

WINDOWS_POOL_LIMIT = 61  # ProcessPoolExecutor refuses more workers on Windows


def available_processors() -> int:
    """The processors this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        count = os.cpu_count() or 1
    return max(1, min(count, WINDOWS_POOL_LIMIT) if sys.platform == "win32" else count)
