"""The quarter history: one SQLite file holding the merged snapshot of every quarter run.

``open_history(path)`` creates the file (and its folder) when it is new and migrates an
older file forward. ``History.save_snapshot`` replaces a quarter's snapshot in one
transaction, so a run that fails part way leaves the previous snapshot as it was; a
quarter stored as final is replaced only when ``force`` is given.

Schema (``PRAGMA user_version`` holds the version, ``MIGRATIONS`` the scripts):

- ``quarters``: one row per stored quarter: code (``2009/10-Q3``), year, number,
  when the run made it (``created``), whether it is final, when it was saved, and the
  directorates whose return was missing.
- ``actions``, ``indicators``, ``recommendations``, ``findings``, ``returns``: the
  snapshot's records, one row each, keyed by quarter and position (``seq``).
- ``indicator_months``: each indicator's monthly values, keyed by quarter, the
  indicator's position and the month's position.

Version 2 adds indicator history imported from other tables and stored benchmarks:

- ``imported_indicator_values``: one value per indicator and month (a quarterly value
  against the quarter's last month, an annual one against its year's last month; see
  ``reporter.indicators.importing``), with the period as written, its source and when it was
  imported. A newer import of the same month replaces it; ``save_imported_values``
  returns what changed, so a restatement is reported, not silently overwritten.
- ``benchmarks``: our rank and quartile among peers per quarter, indicator and
  comparison ("All England comparison", "All ALMO comparison"), with the peers' median and
  quartile values and where they came from.

Version 3 adds ``quarters.pack_version``: the folder name of the pack version the quarter
was published as (None for a quarter imported, or saved before version 3).

Version 4 adds ``first_month`` to ``quarters`` and ``benchmarks``: the first month of the
financial year the quarter belongs to (``[organisation] year_starts``; 4, April, for what
was stored before). A quarter is found only in its own calendar.

Statuses and severities are stored as their value strings ("Red", "warning"): a status
as its category's label, read back through the settings' status scheme (a label the
scheme no longer has is read through its words, so a renamed category still loads).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reporter.cells import MONTH_NAMES
from reporter.errors import ReporterError
from reporter.findings import Finding, Severity
from reporter.indicators.benchmarking import Benchmark, IndicatorBenchmark
from reporter.indicators.importing import ImportedValue, Restatement, with_earlier_judgement
from reporter.periods import Quarter
from reporter.snapshot import (
    ActionPosition,
    IndicatorMonth,
    IndicatorPosition,
    QuarterSnapshot,
    RecommendationPosition,
    ReturnFile,
)
from reporter.status import DEFAULT_SCHEME, Status, StatusScheme

# Each script moves the schema up one version; never edit a script once released,
# append a new one. Version n is reached by running scripts 1..n in order.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE quarters (
        quarter TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        number INTEGER NOT NULL,
        created TEXT,
        final INTEGER NOT NULL DEFAULT 0,
        saved_at TEXT NOT NULL,
        missing_directorates TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE actions (
        quarter TEXT NOT NULL REFERENCES quarters(quarter) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ref TEXT NOT NULL,
        directorate TEXT NOT NULL,
        status TEXT,
        returned_status TEXT,
        returned_status_text TEXT NOT NULL,
        commentary TEXT NOT NULL,
        remedial_action TEXT NOT NULL,
        revised_date TEXT NOT NULL,
        evidence TEXT NOT NULL,
        notable INTEGER NOT NULL,
        carried_forward INTEGER NOT NULL,
        source_file TEXT NOT NULL,
        PRIMARY KEY (quarter, seq)
    );
    CREATE TABLE indicators (
        quarter TEXT NOT NULL REFERENCES quarters(quarter) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ref TEXT NOT NULL,
        directorate TEXT NOT NULL,
        comment TEXT NOT NULL,
        stated_status TEXT NOT NULL,
        carried_forward INTEGER NOT NULL,
        source_file TEXT NOT NULL,
        PRIMARY KEY (quarter, seq)
    );
    CREATE TABLE indicator_months (
        quarter TEXT NOT NULL REFERENCES quarters(quarter) ON DELETE CASCADE,
        indicator_seq INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        ref TEXT NOT NULL,
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        value REAL,
        PRIMARY KEY (quarter, indicator_seq, seq)
    );
    CREATE INDEX indicator_months_by_ref ON indicator_months (ref, year, month);
    CREATE TABLE recommendations (
        quarter TEXT NOT NULL REFERENCES quarters(quarter) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        ref TEXT NOT NULL,
        directorate TEXT NOT NULL,
        complete INTEGER NOT NULL,
        commentary TEXT NOT NULL,
        new_target_date TEXT NOT NULL,
        carried_forward INTEGER NOT NULL,
        PRIMARY KEY (quarter, seq)
    );
    CREATE TABLE findings (
        quarter TEXT NOT NULL REFERENCES quarters(quarter) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        severity TEXT NOT NULL,
        rule TEXT NOT NULL,
        message TEXT NOT NULL,
        fix TEXT NOT NULL,
        directorate TEXT NOT NULL,
        file TEXT NOT NULL,
        sheet TEXT NOT NULL,
        cell TEXT NOT NULL,
        PRIMARY KEY (quarter, seq)
    );
    CREATE TABLE returns (
        quarter TEXT NOT NULL REFERENCES quarters(quarter) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        file TEXT NOT NULL,
        directorate TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        used INTEGER NOT NULL,
        PRIMARY KEY (quarter, seq)
    );
    """,
    # 2: indicator values imported from other tables, and benchmarks against peers.
    # Neither belongs to a stored quarter's snapshot: replacing a quarter keeps them.
    """
    CREATE TABLE imported_indicator_values (
        ref TEXT NOT NULL,
        year INTEGER NOT NULL,
        month INTEGER NOT NULL,
        value REAL NOT NULL,
        period TEXT NOT NULL,
        granularity TEXT NOT NULL,
        source TEXT NOT NULL,
        source_row INTEGER NOT NULL,
        target REAL,
        status TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (ref, year, month)
    );
    CREATE TABLE benchmarks (
        quarter TEXT NOT NULL,
        ref TEXT NOT NULL,
        comparison TEXT NOT NULL,
        quartile TEXT NOT NULL,
        rank INTEGER NOT NULL,
        n INTEGER NOT NULL,
        our_value REAL NOT NULL,
        median REAL NOT NULL,
        upper_quartile REAL NOT NULL,
        lower_quartile REAL NOT NULL,
        polarity TEXT NOT NULL,
        excluded INTEGER NOT NULL,
        code TEXT NOT NULL,
        period TEXT NOT NULL,
        source TEXT NOT NULL,
        polarity_source TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (quarter, ref, comparison)
    );
    """,
    # 3: the version of the pack the quarter was published as (reporter.publishing), so a
    # run killed between saving the history and switching the folder is put right.
    """
    ALTER TABLE quarters ADD COLUMN pack_version TEXT;
    """,
    # 4: the financial year's first month of each quarter and benchmark (April before it),
    # so Q1 of a July year is never read back as Q1 of an April one.
    """
    ALTER TABLE quarters ADD COLUMN first_month INTEGER NOT NULL DEFAULT 4;
    ALTER TABLE benchmarks ADD COLUMN first_month INTEGER NOT NULL DEFAULT 4;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

Row = tuple[Any, ...]

# Child tables first: the order rows are deleted in when a quarter is replaced.
_QUARTER_TABLES = (
    "indicator_months", "indicators", "actions", "recommendations", "findings", "returns",
    "quarters",
)


def _write_problem(path: Path, exc: sqlite3.Error) -> str:
    """Why the history could not be written, in words, with what to do."""
    text = str(exc)
    if "full" in text:
        fix = "The disk is full: free some space and run the command again."
    elif "readonly" in text or "read-only" in text or "unable to open" in text:
        fix = ("The file or its folder cannot be written: check its permissions, or pass "
               "--history with a path you can write.")
    elif "locked" in text or "busy" in text:
        fix = "Another run is using the history: wait for it to end, then run again."
    else:
        fix = "Check the disk and the file, then run the command again."
    return (f"cannot save to the history file {path} ({text}); the history is as it was. "
            f"{fix}")


class HistoryError(ReporterError):
    """The history file cannot be used as it is."""


class FinalQuarterError(HistoryError):
    """The quarter is stored as final and replacing it was not forced."""


@dataclass(frozen=True)
class StoredQuarter:
    """A quarter held in the history: whether it is final and when it was saved."""

    quarter: Quarter
    final: bool
    saved_at: datetime
    created: datetime | None


def open_history(path: Path | str, scheme: StatusScheme = DEFAULT_SCHEME) -> History:
    """Open (creating and migrating as needed) the history file at ``path``; statuses
    are read as categories of ``scheme`` (the settings' ``status_scheme``)."""
    return History(path, scheme)


class History:
    """The quarter history in one SQLite file. Use as a context manager, or call ``close``."""

    def __init__(self, path: Path | str, scheme: StatusScheme = DEFAULT_SCHEME):
        self.path = Path(path)
        self.scheme = scheme
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we open and close every transaction ourselves.
            self._conn = sqlite3.connect(self.path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise HistoryError(
                f"cannot open the history file {self.path}: {exc}. Check the folder exists "
                "and can be written, or pass --history with another path."
            ) from None
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            _migrate(self._conn, self.path)
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise HistoryError(
                f"the history file {self.path} cannot be read: {exc}. It is not a history "
                "made by this program; pass --history with another path, or move the file."
            ) from None
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        """Close the file; the history cannot be used after."""
        self._conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises.
        A write the disk or the file refuses is a HistoryError naming the cause and the fix;
        the history is left as it was."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            yield self._conn
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._roll_back()
            raise HistoryError(_write_problem(self.path, exc)) from None
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        # SQLite may have rolled back already (a full disk ends the transaction itself):
        # rolling back again would hide the cause behind "no transaction is active".
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")

    def save_snapshot(self, snapshot: QuarterSnapshot, final: bool = False,
                      force: bool = False, pack_version: str | None = None) -> None:
        """Store a quarter's snapshot, replacing the stored one, in one transaction.

        The quarter is stored as final when ``final`` is given or the snapshot says so;
        ``pack_version`` is the pack version it was published as.
        Raises FinalQuarterError when the stored quarter is final and ``force`` is False.
        """
        code = snapshot.quarter.code
        with self._transaction() as conn:
            _check_calendar(conn, snapshot.quarter, self.path)
            row = conn.execute("SELECT final FROM quarters WHERE quarter = ?", (code,)).fetchone()
            if row is not None and row[0] and not force:
                raise FinalQuarterError(
                    f"{snapshot.quarter.label} is stored in the history as final, so this run "
                    f"would replace the final figures. Pass --force to replace it, or check "
                    f"the quarter ({snapshot.quarter.code}) is the one you meant."
                )
            for table in _QUARTER_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE quarter = ?", (code,))
            _write_quarter(conn, snapshot, final or snapshot.final, pack_version)
            _write_actions(conn, code, snapshot.actions)
            _write_indicators(conn, code, snapshot.indicators)
            _write_recommendations(conn, code, snapshot.recommendations)
            _write_findings(conn, code, snapshot.findings)
            _write_returns(conn, code, snapshot.returns)

    def load_snapshot(self, quarter: Quarter) -> QuarterSnapshot | None:
        """The stored snapshot of a quarter, or None when it is not stored."""
        code = quarter.code
        conn = self._conn
        head = conn.execute(
            "SELECT created, final, missing_directorates FROM quarters "
            "WHERE quarter = ? AND first_month = ?", (code, quarter.first_month),
        ).fetchone()
        if head is None:
            return None
        created, final, missing = head
        return QuarterSnapshot(
            quarter=quarter,
            actions=tuple(_action(r, self.scheme, self.path)
                          for r in _rows(conn, "actions", code)),
            indicators=_read_indicators(conn, code),
            recommendations=tuple(
                _recommendation(r) for r in _rows(conn, "recommendations", code)
            ),
            findings=tuple(_finding(r) for r in _rows(conn, "findings", code)),
            returns=tuple(_return(r) for r in _rows(conn, "returns", code)),
            created=None if created is None else datetime.fromisoformat(created),
            final=bool(final),
            missing_directorates=tuple(json.loads(missing)),
        )

    def stored_quarters(self) -> list[StoredQuarter]:
        """Every stored quarter with its final flag and save time, oldest first."""
        rows = self._conn.execute(
            "SELECT year, number, first_month, final, saved_at, created FROM quarters "
            "ORDER BY year, number"
        ).fetchall()
        return [
            StoredQuarter(Quarter(year, number, first_month), bool(final),
                          datetime.fromisoformat(saved),
                          None if created is None else datetime.fromisoformat(created))
            for year, number, first_month, final, saved, created in rows
        ]

    def quarters(self) -> list[Quarter]:
        """The stored quarters, oldest first."""
        return [stored.quarter for stored in self.stored_quarters()]

    def is_final(self, quarter: Quarter) -> bool:
        """True when the quarter is stored and marked final."""
        row = self._conn.execute(
            "SELECT final FROM quarters WHERE quarter = ?", (quarter.code,)
        ).fetchone()
        return bool(row and row[0])

    def pack_version(self, quarter: Quarter) -> str | None:
        """The pack version the quarter was published as (None when not recorded)."""
        row = self._conn.execute(
            "SELECT pack_version FROM quarters WHERE quarter = ?", (quarter.code,)
        ).fetchone()
        return None if row is None else row[0]

    def previous_snapshot(self, quarter: Quarter) -> QuarterSnapshot | None:
        """The stored snapshot of the quarter before ``quarter`` (None when not stored).

        Only the immediately previous quarter counts: brackets labelled "the previous
        quarter" must never silently show an older one.
        """
        return self.load_snapshot(quarter.previous())

    def indicator_series(self, ref: str | None = None) -> list[IndicatorMonth]:
        """Monthly values across all stored quarters, by ref then month (one per month).

        ``ref`` limits it to one indicator. When several quarters hold the same month,
        the latest quarter that gives a value wins (a later return may correct a month).
        """
        sql = ("SELECT m.ref, m.year, m.month, m.value FROM indicator_months m "
               "JOIN quarters q ON q.quarter = m.quarter")
        params: tuple[str, ...] = ()
        if ref is not None:
            sql += " WHERE m.ref = ?"
            params = (ref,)
        sql += " ORDER BY q.year, q.number, m.indicator_seq, m.seq"
        latest: dict[tuple[str, int, int], float | None] = {}
        for row_ref, year, month, value in self._conn.execute(sql, params):
            key = (row_ref, year, month)
            if value is not None or key not in latest:
                latest[key] = value
        # Imported history fills the months no stored quarter gives a value for.
        for imported in self.imported_values(ref):
            key = (imported.ref, imported.year, imported.month)
            if latest.get(key) is None:
                latest[key] = imported.value
        return [IndicatorMonth(r, y, m, latest[(r, y, m)]) for r, y, m in sorted(latest)]

    def save_imported_values(self, values: Sequence[ImportedValue],
                             source: str = "") -> tuple[Restatement, ...]:
        """Store imported indicator values in one transaction, one per indicator and month;
        a value already stored for the month is replaced (the newer figure wins).

        Returns the restatements: stored months whose figure changed. ``source`` names
        where values without their own ``source`` came from.
        """
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        restated = []
        with self._transaction() as conn:
            for v in values:
                old = conn.execute(
                    "SELECT value, source, target, status FROM imported_indicator_values "
                    "WHERE ref = ? AND year = ? AND month = ?", (v.ref, v.year, v.month),
                ).fetchone()
                where = v.source or source
                target, status = v.target, v.status
                if old is not None:
                    if old[0] != v.value:
                        restated.append(Restatement(v.ref, v.period_label, old[0], v.value,
                                                    old[1], where))
                    # A later file restating the figure alone (a "last quarter" column)
                    # keeps the target and status the quarter's own file gave.
                    target, status = with_earlier_judgement(v, old[2], old[3])
                conn.execute(
                    "INSERT OR REPLACE INTO imported_indicator_values (ref, year, month, value, "
                    "period, granularity, source, source_row, target, status, imported_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (v.ref, v.year, v.month, v.value, v.period_label, v.granularity, where,
                     v.source_row, target, status, stamp),
                )
        return tuple(restated)

    def imported_values(self, ref: str | None = None) -> tuple[ImportedValue, ...]:
        """The stored imported values, by ref then month (``ref`` limits to one)."""
        sql = ("SELECT ref, year, month, period, value, source_row, source, granularity, "
               "target, status FROM imported_indicator_values")
        params: tuple[str, ...] = ()
        if ref is not None:
            sql += " WHERE ref = ?"
            params = (ref,)
        rows = self._conn.execute(sql + " ORDER BY ref, year, month", params).fetchall()
        return tuple(ImportedValue(*row) for row in rows)

    def save_benchmarks(self, quarter: Quarter, benchmarks: Sequence[IndicatorBenchmark]) -> None:
        """Store benchmarks for a quarter in one transaction, replacing the quarter's stored
        benchmark of the same indicator and comparison (others are kept)."""
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO benchmarks (quarter, ref, comparison, quartile, rank, n, "
                "our_value, median, upper_quartile, lower_quartile, polarity, excluded, code, "
                "period, source, polarity_source, saved_at, first_month) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(quarter.code, i.ref, i.comparison, b.quartile, b.rank, b.n, b.our_value,
                  b.median, b.upper_quartile, b.lower_quartile, b.polarity, b.excluded, i.code,
                  i.period, i.source, i.polarity_source, stamp, quarter.first_month)
                 for i in benchmarks for b in (i.benchmark,)],
            )

    def benchmarks(self, quarter: Quarter) -> dict[str, dict[str, IndicatorBenchmark]]:
        """The quarter's stored benchmarks: ref -> comparison -> benchmark."""
        found: dict[str, dict[str, IndicatorBenchmark]] = {}
        for stored in self._benchmark_rows("WHERE quarter = ? AND first_month = ?",
                                           (quarter.code, quarter.first_month)):
            found.setdefault(stored[1].ref, {})[stored[1].comparison] = stored[1]
        return found

    def benchmark_quartiles(self, comparison: str) -> dict[str, dict[str, str]]:
        """ref -> financial year label ("2009/10") -> stored quartile for one comparison:
        what the register's ``Quartile 2009/10`` columns hold when typed by hand. The year
        is the peers' (a 2008/09 peer table stored at a 2009/10 quarter gives 2008/09's
        quartile), the latest stored quarter winning for a year."""
        found: dict[str, dict[str, str]] = {}
        for quarter, stored in self._benchmark_rows("WHERE comparison = ?", (comparison,)):
            found.setdefault(stored.ref, {})[stored.year_label(quarter)] = \
                stored.benchmark.quartile
        return found

    def benchmark_comparisons(self) -> dict[str, int]:
        """Each comparison stored, with how many benchmarks it holds."""
        rows = self._conn.execute(
            "SELECT comparison, COUNT(*) FROM benchmarks GROUP BY comparison ORDER BY comparison")
        return {comparison: int(n) for comparison, n in rows.fetchall()}

    def _benchmark_rows(self, where: str, params: tuple[str | int, ...]
                        ) -> list[tuple[Quarter, IndicatorBenchmark]]:
        rows = self._conn.execute(
            "SELECT quarter, ref, comparison, quartile, rank, n, median, upper_quartile, "
            "lower_quartile, our_value, polarity, excluded, code, period, source, "
            f"polarity_source, first_month FROM benchmarks {where}", params,
        ).fetchall()
        result = []
        for (code, ref, comparison, quartile, rank, n, median, upper, lower, value, polarity,
             excluded, their_code, period, source, polarity_source, first_month) in rows:
            result.append((Quarter.parse(code, first_month), IndicatorBenchmark(
                ref, comparison,
                Benchmark(quartile, rank, n, median, upper, lower, value, polarity, excluded),
                their_code, period, source, polarity_source)))
        return sorted(result, key=lambda pair: (pair[0], pair[1].ref, pair[1].comparison))


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Run the migrations the file has not had yet, each in its own transaction."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"the history file {path} has schema version {version}, newer than this program "
            f"knows ({SCHEMA_VERSION}). Update the reporter, or pass --history with another path."
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        try:
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\n"
                "COMMIT;"
            )
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _flag(value: bool) -> int:
    return 1 if value else 0


def _status(value: Status | None) -> str | None:
    return None if value is None else value.value


def _write_quarter(conn: sqlite3.Connection, snapshot: QuarterSnapshot, final: bool,
                   pack_version: str | None) -> None:
    quarter = snapshot.quarter
    conn.execute(
        "INSERT INTO quarters (quarter, year, number, created, final, saved_at, "
        "missing_directorates, pack_version, first_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (quarter.code, quarter.year, quarter.number,
         None if snapshot.created is None else snapshot.created.isoformat(),
         _flag(final), datetime.now(UTC).isoformat(timespec="seconds"),
         json.dumps(list(snapshot.missing_directorates)), pack_version, quarter.first_month),
    )


def _check_calendar(conn: sqlite3.Connection, quarter: Quarter, path: Path) -> None:
    """Refuse a quarter of another calendar than the stored ones: one history, one year."""
    row = conn.execute("SELECT quarter, first_month FROM quarters WHERE first_month != ? "
                       "LIMIT 1", (quarter.first_month,)).fetchone()
    if row is not None:
        raise HistoryError(
            f"the history file {path} holds quarters of a financial year starting in "
            f"{MONTH_NAMES[row[1] - 1]} ({row[0]}), but {quarter.label} is of a year starting "
            f"in {MONTH_NAMES[quarter.first_month - 1]}. Set [organisation] year_starts = "
            f"\"{MONTH_NAMES[row[1] - 1]}\" in the settings, or pass --history with a new file "
            "for the new calendar.")


# The stored columns of each record table after (quarter, seq), in record field order.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "actions": ("ref", "directorate", "status", "returned_status", "returned_status_text",
                "commentary", "remedial_action", "revised_date", "evidence", "notable",
                "carried_forward", "source_file"),
    "indicators": ("ref", "directorate", "comment", "stated_status", "carried_forward",
                   "source_file"),
    "recommendations": ("ref", "directorate", "complete", "commentary", "new_target_date",
                        "carried_forward"),
    "findings": ("severity", "rule", "message", "fix", "directorate", "file", "sheet", "cell"),
    "returns": ("file", "directorate", "sha256", "used"),
}


def _insert(conn: sqlite3.Connection, table: str, code: str, rows: list[Row]) -> None:
    """Insert a quarter's records into a table, numbering them in order."""
    columns = _COLUMNS[table]
    marks = ", ".join("?" * (len(columns) + 2))
    conn.executemany(
        f"INSERT INTO {table} (quarter, seq, {', '.join(columns)}) VALUES ({marks})",
        [(code, seq, *row) for seq, row in enumerate(rows)],
    )


def _rows(conn: sqlite3.Connection, table: str, code: str) -> list[Row]:
    """A table's records for a quarter (the columns of ``_COLUMNS``), in stored order."""
    columns = ", ".join(_COLUMNS[table])
    return conn.execute(
        f"SELECT {columns} FROM {table} WHERE quarter = ? ORDER BY seq", (code,)
    ).fetchall()


def _write_actions(conn: sqlite3.Connection, code: str,
                   actions: Sequence[ActionPosition]) -> None:
    _insert(conn, "actions", code, [
        (a.ref, a.directorate, _status(a.status), _status(a.returned_status),
         a.returned_status_text, a.commentary, a.remedial_action, a.revised_date, a.evidence,
         _flag(a.notable), _flag(a.carried_forward), a.source_file)
        for a in actions
    ])


def _write_indicators(conn: sqlite3.Connection, code: str,
                      indicators: Sequence[IndicatorPosition]) -> None:
    _insert(conn, "indicators", code, [
        (i.ref, i.directorate, i.comment, i.stated_status, _flag(i.carried_forward),
         i.source_file)
        for i in indicators
    ])
    conn.executemany(
        "INSERT INTO indicator_months (quarter, indicator_seq, seq, ref, year, month, value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(code, seq, n, m.ref, m.year, m.month, m.value)
         for seq, i in enumerate(indicators) for n, m in enumerate(i.months)],
    )


def _write_recommendations(conn: sqlite3.Connection, code: str,
                           recommendations: Sequence[RecommendationPosition]) -> None:
    _insert(conn, "recommendations", code, [
        (r.ref, r.directorate, _flag(r.complete), r.commentary, r.new_target_date,
         _flag(r.carried_forward))
        for r in recommendations
    ])


def _write_findings(conn: sqlite3.Connection, code: str, findings: Sequence[Finding]) -> None:
    _insert(conn, "findings", code, [
        (f.severity.value, f.rule, f.message, f.fix, f.directorate, f.file, f.sheet, f.cell)
        for f in findings
    ])


def _write_returns(conn: sqlite3.Connection, code: str, returns: Sequence[ReturnFile]) -> None:
    _insert(conn, "returns", code, [
        (r.file, r.directorate, r.sha256, _flag(r.used)) for r in returns
    ])


def _read_status(value: str | None, scheme: StatusScheme, path: Path) -> Status | None:
    if value is None:
        return None
    status = scheme.read(value)
    if status is None:
        raise HistoryError(
            f"the history file {path} holds the status {value!r}, which the settings' status "
            f"scheme ({scheme.labels()}) does not have. Add {value!r} to the words of the "
            "category it now belongs to (status.categories, words = [...]), or keep a "
            "separate history for the new scheme.")
    return status


def _action(row: Row, scheme: StatusScheme, path: Path) -> ActionPosition:
    (ref, directorate, status, returned, returned_text, commentary, remedial, revised,
     evidence, notable, carried, source) = row
    return ActionPosition(ref, directorate, _read_status(status, scheme, path),
                          _read_status(returned, scheme, path),
                          returned_text, commentary, remedial, revised, evidence, bool(notable),
                          bool(carried), source)


def _read_indicators(conn: sqlite3.Connection, code: str) -> tuple[IndicatorPosition, ...]:
    months: dict[int, list[IndicatorMonth]] = {}
    for seq, ref, year, month, value in conn.execute(
        "SELECT indicator_seq, ref, year, month, value FROM indicator_months "
        "WHERE quarter = ? ORDER BY indicator_seq, seq", (code,)
    ):
        months.setdefault(seq, []).append(IndicatorMonth(ref, year, month, value))
    result = []
    for seq, row in enumerate(_rows(conn, "indicators", code)):
        ref, directorate, comment, stated, carried, source = row
        result.append(IndicatorPosition(ref, directorate, tuple(months.get(seq, ())), comment,
                                        stated, bool(carried), source))
    return tuple(result)


def _recommendation(row: Row) -> RecommendationPosition:
    ref, directorate, complete, commentary, new_date, carried = row
    return RecommendationPosition(ref, directorate, bool(complete), commentary, new_date,
                                  bool(carried))


def _finding(row: Row) -> Finding:
    severity, rule, message, fix, directorate, file, sheet, cell = row
    return Finding(Severity(severity), rule, message, fix, directorate, file, sheet, cell)


def _return(row: Row) -> ReturnFile:
    file, directorate, sha256, used = row
    return ReturnFile(file, directorate, sha256, bool(used))
