"""Derived data written set-based for a batch of inserts: the search index, the open-case deltas and
the report figures, on SQLite (issue 18).

Why: on SQLite every inserted row fired AFTER INSERT triggers that keep these (migrations 0003,
0007, 0009), one statement per row and trigger, and they were most of an import's insert cost.
`bulk_inserts` pauses those four triggers for the writer's own transaction (the `bulk_writers`
row of migration 0010, which no other connection can see) and, once the batch is written,
fills in the same data with one statement per table over the id ranges the batch inserted, in
the same transaction: a crash or a rollback loses both the rows and their derived data, and a
commit stores both. Every other writer keeps the triggers.

The statements here compute what the triggers compute (the expressions of 0007 and 0009, for
SQLite); `tests/importers/test_bulk_derived.py` checks that an import through them leaves every
derived table exactly as the per-row triggers do.

What the caller promises: inside `bulk_inserts` it inserts rows only through the ids it reports
(`inserted(table, ids)`: ids it allocated while holding the write lock, so every row of the
table in that range is its own), and no row it inserted is updated or deleted before the block
ends (the update and delete triggers are not paused and would act on derived data not yet
written). PostgreSQL: nothing is paused and nothing is filled (its search index is a generated
column, its figures a BEFORE trigger).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Connection

from calmdesk.domain.lifecycle import OPEN_STATES

#: The bits of `cases.report_flags` (`reports.aggregate`'s; not imported from there, which pulls
#: in numpy: `tests/importers/test_bulk_derived.py` checks they are the same).
PRIVATE, CLOSEOUT, THANKS_KNOWN, THANKED, ESCALATED, DISMISSED, MOVED_PRIVATE, MOVED_ESCALATED = (
    1 << i for i in range(8)
)

#: The one id a writer's row in `bulk_writers` has (SQLite has one writer at a time).
_WRITER = 1
_FTS = {"mentions": ("mentions_fts", ("text",)), "authors": ("authors_fts", ("handle", "display_name"))}


def _us(col: str) -> str:
    """A stored `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) as whole microseconds since 1970 (as 0009)."""
    return f"(CAST(strftime('%s', {col}) AS INTEGER) * 1000000 + CAST(substr({col}, 21, 6) AS INTEGER))"


def _bit(cond: str, bit: int) -> str:
    return f"(CASE WHEN {cond} THEN {bit} ELSE 0 END)"


_KINDS = (
    "(CASE WHEN escalation IS NULL OR escalation IN ('[]', 'null') OR NOT json_valid(escalation) "
    "THEN 0 ELSE EXISTS (SELECT 1 FROM json_each(escalation) AS e WHERE e.type IN ('text', 'object')) END)"
)
_OWN_FLAGS = " + ".join((
    _bit("went_private = 1", PRIVATE),
    _bit("public_closeout_done = 1", CLOSEOUT),
    _bit("thanked IS NOT NULL", THANKS_KNOWN),
    _bit("thanked = 1", THANKED),
    _bit(f"{_KINDS} = 1 OR state = 'escalated'", ESCALATED),
    _bit("state = 'dismissed'", DISMISSED),
))
_OPENED = _us("opened_at")
REPORT_FIGURES_SQL = (
    f"UPDATE cases SET report_opened_us = {_OPENED}, "
    f"report_first_response_us = {_us('first_response_at')} - {_OPENED}, "
    f"report_due_us = {_us('first_response_due_at')} - {_OPENED}, "
    f"report_resolution_us = {_us('resolved_at')} - {_OPENED}, "
    f"report_flags = ((coalesce(report_flags, 0) & {MOVED_PRIVATE | MOVED_ESCALATED}) | ({_OWN_FLAGS})) "
    "WHERE id BETWEEN ? AND ?"
)
_OPEN = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATES, key=lambda s: s.value))
OPEN_DELTAS_SQL = (
    "INSERT INTO open_case_deltas (brand_id, state, platform, topic, owner, n) "
    "SELECT brand_id, state, platform, COALESCE(topic, ''), COALESCE(owner, ''), count(*) FROM cases "
    f"WHERE id BETWEEN ? AND ? AND state IN ({_OPEN}) "
    "GROUP BY brand_id, state, platform, COALESCE(topic, ''), COALESCE(owner, '') ORDER BY 1, 2, 3, 4, 5"
)


class BulkInserts:
    """The id ranges a batch inserted, per table (`inserted`), filled in when the block ends."""

    def __init__(self) -> None:
        self.ranges: dict[str, list[tuple[int, int]]] = {}

    def inserted(self, table: str, ids: list[int] | range) -> None:
        if len(ids):
            self.ranges.setdefault(table, []).append((min(ids), max(ids)))


def bulk_paused(conn: Connection) -> bool:
    """Whether this connection's transaction has the insert triggers paused."""
    if conn.dialect.name != "sqlite":
        return False
    return conn.exec_driver_sql("SELECT count(*) FROM bulk_writers").scalar() != 0


@contextmanager
def bulk_inserts(conn: Connection, enabled: bool = True) -> Iterator[BulkInserts]:
    """Pause the insert triggers for this transaction's own rows, then write their derived data.

    Must run inside a transaction the caller commits or rolls back as a whole. On an error the
    row that paused the triggers is taken out again (best effort; a rollback removes it anyway),
    so a caller that carries on in the same transaction writes with the triggers in place.
    """
    batch = BulkInserts()
    if not enabled or conn.dialect.name != "sqlite":
        yield batch
        return
    conn.exec_driver_sql("INSERT INTO bulk_writers (id) VALUES (?)", (_WRITER,))
    try:
        yield batch
    except BaseException:
        with suppress(Exception):  # the first error is the one to report
            conn.exec_driver_sql("DELETE FROM bulk_writers WHERE id = ?", (_WRITER,))
        raise
    fill_derived(conn, batch)
    conn.exec_driver_sql("DELETE FROM bulk_writers WHERE id = ?", (_WRITER,))


def fill_derived(conn: Connection, batch: BulkInserts) -> None:
    """What the paused insert triggers would have written for the rows of `batch`'s ranges."""
    for table, (fts, cols) in _FTS.items():
        names = ", ".join(cols)
        for lo, hi in batch.ranges.get(table, ()):
            conn.exec_driver_sql(
                f"INSERT INTO {fts} (rowid, {names}) SELECT id, {names} FROM {table} WHERE id BETWEEN ? AND ? ORDER BY id",
                (lo, hi),
            )
    for lo, hi in batch.ranges.get("cases", ()):
        conn.exec_driver_sql(OPEN_DELTAS_SQL, (lo, hi))
        conn.exec_driver_sql(REPORT_FIGURES_SQL, (lo, hi))
