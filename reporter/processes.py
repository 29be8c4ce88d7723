"""How many processes a stage may use: the two slow stages (reading returns, drawing
charts) share out their work this way."""

from __future__ import annotations

import os


def available_processors() -> int:
    """The processors this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
