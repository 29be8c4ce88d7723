"""Benchmark: the two long Word documents alone, for N directorate returns.

    python benchmarks/bench_documents.py                 # the aims: see below
    python benchmarks/bench_documents.py 10 100          # N returns, both reports
    python benchmarks/bench_documents.py 34 --only progress
    python benchmarks/bench_documents.py 10 --profile /tmp/perf.prof --only performance

Each return has 60 actions and 20 indicators. With no N it measures what the team aims
at: the progress report of about 1,000 and 2,000 actions (N = 17 and 33: 1,020 and 1,980,
within ``settings.action_limit``), and the performance report of 200 indicators (N = 10).

For each N the returns cached by ``bench_pipeline.py`` (in /tmp/reporter-bench/N/returns,
made there when missing) are read, validated and analysed once, as the pipeline does
(``read_returns`` -> ``validate_quarter`` -> ``pipeline.analyse`` with an empty history ->
``build_pack_context``); that part is not timed. Then it times, each on its own:

- ``write_progress_report`` (the appendix);
- ``write_performance_report`` (the summary table, plus placing the trend charts). The
  charts are NOT drawn per indicator: one real indicator chart (and one SPC chart when
  any indicator has enough months) is drawn once up front with
  ``reporter.indicators.charts``, and each picture the report places is a copy of it
  made distinct by a text chunk (python-docx stores identical pictures once), so the
  time is the report's own work (table, pictures, saving the package) at the real
  pictures' size. ``--small-picture`` places tiny PNGs instead, to separate the cost
  of storing picture bytes.

Prints seconds, ms per row (action rows; indicator rows) and the file's size.
"""

from __future__ import annotations

import argparse
import cProfile
import struct
import sys
import tempfile
import time
import zlib
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import QUARTER, prepare, synthetic_plan  # noqa: E402

from reporter.config.settings import load_settings  # noqa: E402
from reporter.history.store import open_history  # noqa: E402
from reporter.indicators import charts  # noqa: E402
from reporter.pack import QuarterPerformance, build_pack_context  # noqa: E402
from reporter.pack.performance_charts import (  # noqa: E402
    ChartOptions,
    PerformanceCharts,
    collect_charts,
    plan_report_charts,
)
from reporter.pack.performance_report import write_performance_report  # noqa: E402
from reporter.pack.progress_report import write_progress_report  # noqa: E402
from reporter.pipeline import analyse  # noqa: E402
from reporter.returns.ingest import read_returns  # noqa: E402
from reporter.returns.validate import validate_quarter  # noqa: E402

AIMS = ((17, "progress"), (33, "progress"), (10, "performance"))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def tiny_png(path: Path) -> Path:
    """A 4 x 3 white PNG (written by hand: no drawing library)."""
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * 4 for _ in range(3))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2,
                                                                          0, 0, 0))
                     + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b""))
    return path


def distinct_copy(png: Path, path: Path, label: str) -> Path:
    """``png`` with a text chunk naming ``label`` before its end: the same picture, but
    not the same bytes, as each real chart is."""
    data = png.read_bytes()
    end = data.rindex(b"IEND") - 4
    path.write_bytes(data[:end] + _chunk(b"tEXt", b"Comment\x00" + label.encode())
                     + data[end:])
    return path


def fake_charts(analysis, plan, share_points, folder: Path, small: bool) -> PerformanceCharts:
    """The charts the pipeline would place (each group's sheets at a glance included),
    every one a distinct copy of one PNG drawn once per kind."""
    planned = plan_report_charts(analysis.results, analysis.series,
                                 ChartOptions(share_points, plan=plan))
    folder.mkdir(parents=True, exist_ok=True)
    originals: dict[str, Path] = {}
    for item in planned:
        if item.kind in originals:
            continue
        if small:
            originals[item.kind] = tiny_png(folder / f"tiny_{item.kind}.png")
        else:
            charts.render_charts([item.job], folder, workers=1)
            originals[item.kind] = charts.job_paths(item.job, folder)[0]
    return collect_charts(planned, [
        distinct_copy(originals[item.kind], folder / f"copy_{n:05d}.png", str(n))
        for n, item in enumerate(planned)])


def timed(label: str, rows: int, unit: str, function, profile: str | None):  # type: ignore[no-untyped-def]
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    path = function()
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    size = path.stat().st_size / 1e6
    print(f"  {label:<20} {seconds:7.2f} s wall ({cpu:6.2f} s CPU)  {1000 * seconds / rows:6.3f} "
          f"ms per {unit} ({rows} {unit}s)  {size:7.1f} MB", flush=True)
    return seconds


def run(n: int, only: str, small: bool, profile: str | None, keep: Path | None) -> None:
    settings = load_settings()
    plan = synthetic_plan(n)
    folder = prepare(n)
    started = time.perf_counter()
    read = read_returns(folder, plan, settings, QUARTER)
    snapshot = validate_quarter(plan, settings, QUARTER, read)
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as temp:
        out = keep or Path(temp)
        out.mkdir(parents=True, exist_ok=True)
        history_path = out / "history.sqlite"
        history_path.unlink(missing_ok=True)
        with open_history(history_path) as history:
            analysis = analyse(plan, settings, history, snapshot)
        context = replace(build_pack_context(plan, settings, snapshot, analysis.previous,
                                             analysis.history_counts, analysis.share),
                          performance_report=True)
        actions = sum(len(t.rows) for t in context.exceptions) + sum(
            len(t.rows) for t in (*context.achievements, *context.looking_forward))
        share_points = [(QUARTER.label, analysis.share.share)]
        drawn = (fake_charts(analysis, plan, share_points, out / "charts", small)
                 if only in ("both", "performance") else PerformanceCharts())
        print(f"N = {n} returns ({len(plan.actions)} actions, {len(analysis.results)} "
              f"indicators; {actions} action rows in the appendix's tables"
              f"{'' if context.lists_every_action else ' before the action limit'}, "
              f"{len(drawn.paths)} pictures, {'tiny PNGs' if small else 'real chart PNGs'}); "
              f"prepared in {time.perf_counter() - started:.1f} s (not timed)", flush=True)
        if only in ("both", "progress"):
            timed("progress report", len(plan.actions), "action", lambda: write_progress_report(
                context, out / "progress_report.docx", settings.reference_docx),
                profile and f"{profile}.progress.{n}")
        if only in ("both", "performance"):
            performance = QuarterPerformance(
                plan, settings, QUARTER, analysis.results, analysis.share, analysis.clinics,
                analysis.series, share_points, created=snapshot.created)
            timed("performance report", len(analysis.results), "indicator",
                  lambda: write_performance_report(
                      performance, out / "performance_report.docx", drawn),
                  profile and f"{profile}.performance.{n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="*",
                        help="N returns (default: the aims, 17 and 33 for the progress "
                        "report, 10 for the performance report)")
    parser.add_argument("--only", choices=("both", "progress", "performance"), default="both")
    parser.add_argument("--small-picture", action="store_true",
                        help="place a tiny PNG instead of a real chart's")
    parser.add_argument("--profile", metavar="PREFIX",
                        help="write cProfile stats to PREFIX.progress.N / PREFIX.performance.N")
    parser.add_argument("--keep", type=Path, help="write into this folder and keep the files")
    args = parser.parse_args()
    plan = [(n, args.only) for n in args.n] or [
        (n, only) for n, only in AIMS if args.only in ("both", only)]
    for n, only in plan:
        run(n, only, args.small_picture, args.profile, args.keep)


if __name__ == "__main__":
    main()
