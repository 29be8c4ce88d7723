"""Drawing many charts: from the cache where they are unchanged, the rest in a pool of
processes while the caller writes other documents (``start_charts``), or here and now
when there are few (``render_charts``)."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reporter.indicators.charts.cache import ChartCache
from reporter.indicators.charts.jobs import KINDS, ChartJob, check, render_chart
from reporter.indicators.charts.style import use_style_for_this_process
from reporter.processes import available_processors, end_with_parent

PARALLEL_ABOVE = 20  # more jobs than this render in a pool of processes


def _render_in_worker(job: ChartJob, out_dir: str) -> list[str]:
    use_style_for_this_process()  # a worker only draws charts: the style once, not per chart
    return [str(p) for p in render_chart(job, out_dir)]


@dataclass(frozen=True)
class Batch:
    """Jobs to render into a folder, and the cache to copy from and keep them in."""

    jobs: tuple[ChartJob, ...]
    out_dir: Path
    cache: ChartCache | None


class PendingCharts:
    """Charts being drawn in a pool of processes while this process does other work
    (``start_charts``); ``result`` waits for them. Used once."""

    def __init__(self, batch: Batch, done: dict[int, list[Path]],
                 futures: dict[int, Future[list[str]]], pool: ProcessPoolExecutor | None):
        self._batch, self._done, self._futures, self._pool = batch, done, futures, pool
        self._drawn = [i for i in range(len(batch.jobs)) if i not in done or i in futures]

    def cancel(self) -> None:
        """Stop: the jobs not started are dropped; waits for those being drawn."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def result(self) -> list[Path]:
        """The files written, in job order (waits for the pool)."""
        try:
            for i, future in self._futures.items():
                self._done[i] = [Path(name) for name in future.result()]
        finally:
            if self._pool is not None:
                self._pool.shutdown(cancel_futures=True)
        cache = self._batch.cache
        if cache is not None:
            for i in self._drawn:
                cache.store(self._batch.jobs[i], self._done[i])
            cache.prune()
        return [path for i in range(len(self._batch.jobs)) for path in self._done[i]]


def _checked(jobs: Sequence[ChartJob]) -> tuple[ChartJob, ...]:
    """The jobs, refused before anything is drawn if two share a file or a kind is unknown."""
    names = [job.file_name for job in jobs]
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise ValueError(f"two charts would be written to the same file: {', '.join(clashes)}. "
                         f"Give the jobs different file names.")
    for job in jobs:
        check(job)
    return tuple(jobs)


def start_charts(jobs: Sequence[ChartJob], out_dir: Path | str,
                 workers: int | None = None, cache_dir: Path | str | None = None
                 ) -> PendingCharts:
    """``render_charts``, returning as soon as the jobs are handed to the pool, so this
    process can write documents meanwhile; call ``result()`` for the files. Few jobs
    (or ``workers=1``) are drawn here and now."""
    batch = Batch(_checked(jobs), Path(out_dir),
                  ChartCache(Path(cache_dir)) if cache_dir is not None else None)
    batch.out_dir.mkdir(parents=True, exist_ok=True)
    done: dict[int, list[Path]] = {}
    if batch.cache is not None:
        for i, job in enumerate(batch.jobs):
            hit = batch.cache.fetch(job, batch.out_dir)
            if hit is not None:
                done[i] = hit
    todo = [i for i in range(len(batch.jobs)) if i not in done]
    workers = available_processors() if workers is None else max(1, workers)
    if workers == 1 or len(todo) <= PARALLEL_ABOVE:
        pending = PendingCharts(batch, done, {}, None)
        for i in todo:
            done[i] = render_chart(batch.jobs[i], batch.out_dir)
        return pending
    # the longest first, so no worker is left with a sheet of small multiples at the end
    order = sorted(todo, key=lambda i: -KINDS[batch.jobs[i].kind].cost)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=end_with_parent)
    try:
        futures = {i: pool.submit(_render_in_worker, batch.jobs[i], str(batch.out_dir))
                   for i in order}
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return PendingCharts(batch, done, futures, pool)


def render_charts(jobs: Sequence[ChartJob], out_dir: Path | str,
                  workers: int | None = None, cache_dir: Path | str | None = None) -> list[Path]:
    """Render every job into ``out_dir`` (made if missing): the files written, in job
    order. More than ``PARALLEL_ABOVE`` jobs render in a pool of ``workers`` processes
    (default: the processors available); fewer, or ``workers=1``, in this process. Two
    jobs with one file name are refused before anything is drawn.

    With ``cache_dir``, a chart whose inputs are unchanged since an earlier run is
    copied from there instead of drawn again (the same input always gives the same
    image)."""
    return start_charts(jobs, out_dir, workers, cache_dir).result()
