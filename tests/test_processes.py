"""Worker processes: they end with the process that started them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

# A parent that starts a pool of two workers on long tasks, prints their pids, then waits.
PARENT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from reporter.processes import end_with_parent

def pid_then_sleep(_):
    time.sleep(0.2)
    return os.getpid()

def long_task(_):
    time.sleep(600)

if __name__ == "__main__":
    pool = ProcessPoolExecutor(max_workers=2, initializer=end_with_parent)
    pids = set(pool.map(pid_then_sleep, range(4)))
    for n in range(2):
        pool.submit(long_task, n)
    print(" ".join(map(str, sorted(pids))), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its new parent to reap it counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return "\nState:\tZ" not in state


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the workers")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              env=env)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert pids and all(_alive(p) for p in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(p) for p in pids), "a worker outlived its killed parent"
    finally:
        parent.kill()
