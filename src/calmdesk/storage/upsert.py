"""Conflict-free bulk inserts: rows another writer stored first are skipped, not retried.

Why: two workers ingesting webhooks that name the same author (or the same post, or two
replies opening the same thread) both decide the row is new. A plain insert made one of them
fail on the unique constraint and redo its whole batch (hundreds of retries in a load run,
one job used all six attempts). Here the insert says `ON CONFLICT (...) DO NOTHING` and
tells the caller which of its pre-allocated ids went in; the caller reads the winner's row
for the others.

- PostgreSQL: `INSERT ... SELECT FROM unnest(arrays) ON CONFLICT (key) DO NOTHING RETURNING id`,
  one statement per batch with one binary array parameter per column (JSON as text, cast). Rows go in sorted by their
  key, so two writers inserting overlapping keys take the locks in the same order and wait
  for each other instead of deadlocking.
- SQLite: `INSERT ... VALUES (...), (...), ... ON CONFLICT DO NOTHING`, up to `bulk.MULTIROW`
  rows a statement, through the driver's `executemany`; SQLite has one writer at a time, and the
  number of rows the statements inserted (not counting what triggers wrote) tells whether
  anything was skipped, so the ids are only read back when something was. Why many rows a
  statement: each execution of a statement on a table with triggers costs far more than its
  rows (on `mentions`, whose search-index trigger writes an FTS5 table, each execution ended
  with the index's pending terms written out: one tiny segment per row, merged again and
  again). Row by row, mentions and cases cost 5.5 and 5.2 CPU-s per 50,000 rows; 500 rows a
  statement, 1.5 and 1.6, with the same per-row triggers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from sqlalchemy import JSON, Connection, Float, Table
from sqlalchemy.exc import DBAPIError

from calmdesk.storage.bulk import _json_text_column, _sqlite_column, insert_multirow
from calmdesk.storage.tables import UtcDateTime


def insert_new(
    conn: Connection, table: Table, cols: Sequence[str], values: Sequence[Sequence[Any]], key: Sequence[str]
) -> set[int]:
    """Insert rows given column by column (`values[i]` is column `cols[i]`, one of them `id`),
    skipping rows whose `key` columns are already stored. Returns the ids that went in."""
    if not values or not values[0]:
        return set()
    cols = list(cols)
    ids = list(values[cols.index("id")])
    keep = [
        i for i, (c, col) in enumerate(zip(cols, values, strict=True))
        if col.count(None) != len(col) or not table.c[c].nullable
    ]
    cols = [cols[i] for i in keep]
    values = [values[i] for i in keep]
    dbapi = conn.dialect.dbapi
    assert dbapi is not None
    try:
        if conn.dialect.name == "postgresql":
            return _postgres(conn, table, cols, values, key)
        return _sqlite(conn, table, cols, values, ids)
    except dbapi.Error as exc:
        raise DBAPIError.instance(f"conflict-free insert into {table.name}", None, exc, dbapi.Error) from exc


def _postgres(conn: Connection, table: Table, cols: list[str], values: Sequence[Sequence[Any]], key: Sequence[str]) -> set[int]:
    order = sorted(range(len(values[0])), key=lambda i: tuple(str(values[cols.index(k)][i]) for k in key))
    arrays: list[list[Any]] = []
    selects: list[str] = []
    for n, (c, col) in enumerate(zip(cols, values, strict=True)):
        column = table.c[c]
        rows = [col[i] for i in order]
        if isinstance(column.type, JSON):
            arrays.append(_json_text_column(rows))
            selects.append(f"unnest(%b::text[])::json AS c{n}")
            continue
        if isinstance(column.type, UtcDateTime):
            if any(v is not None and v.tzinfo is None for v in rows):
                raise ValueError("naive datetime given to the database; attach a time zone")
            rows = [None if v is None else v.astimezone(UTC) for v in rows]
        elif isinstance(column.type, Float):
            rows = [None if v is None else float(v) for v in rows]
        arrays.append(rows)
        selects.append(f"unnest(%b::{column.type.compile(conn.dialect)}[]) AS c{n}")
    # Binary parameters (%b): in text form psycopg escapes every element of a text array with
    # a regular expression (JSON and post texts are full of quotes), a third of a batch's CPU.
    sql = (
        f"INSERT INTO {table.name} ({', '.join(cols)}) "
        f"SELECT {', '.join(f'v.c{n}' for n in range(len(cols)))} FROM (SELECT {', '.join(selects)}) AS v "
        f"ON CONFLICT ({', '.join(key)}) DO NOTHING RETURNING id"
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur:
        cur.execute(sql, arrays)
        return {int(r[0]) for r in cur.fetchall()}


def _sqlite(conn: Connection, table: Table, cols: list[str], values: Sequence[Sequence[Any]], ids: list[int]) -> set[int]:
    # The statement is written out here: the dialect's compiler would add every column with a
    # Python-side default, and the driver takes the rows exactly as given.
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES {{}} ON CONFLICT DO NOTHING"
    converted = [_sqlite_column(table.c[c].type, col) for c, col in zip(cols, values, strict=True)]
    raw = conn.connection.driver_connection
    assert raw is not None
    # The cursor's row count: only the rows this statement inserted. The connection's
    # `total_changes` also counts the rows triggers write (the search index of mentions and
    # authors, the open-case deltas of cases), so it never matched and the ids were read
    # back after every insert; where triggers wrote exactly the rows that were skipped it
    # would even have matched wrongly.
    cur = raw.cursor()
    try:
        inserted = insert_multirow(cur, sql, len(cols), converted)
    finally:
        cur.close()
    if inserted == len(ids):
        return set(ids)
    lo, hi = min(ids), max(ids)
    present = conn.exec_driver_sql(f"SELECT id FROM {table.name} WHERE id BETWEEN ? AND ?", (lo, hi)).scalars()
    wanted = set(ids)
    return {int(i) for i in present if i in wanted}

