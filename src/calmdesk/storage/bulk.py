"""Fast bulk inserts for ingest: ids allocated up front, rows written by the driver's fastest path.

Why: ingest writes four rows per platform item (mention, message, often a case and its audit
record). Going through SQLAlchemy's per-parameter processing costs more than the database
work itself, so imports crawled. Here ids come from the sequence (PostgreSQL) or from the
table's maximum while this transaction holds SQLite's single write lock, and the rows go in
with `COPY` (PostgreSQL) or `executemany` (SQLite). Values are converted exactly as the
SQLAlchemy column types would store them, so the ORM reads them back unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Table, text
from sqlalchemy.exc import DBAPIError

from calmdesk.storage.tables import Base, UtcDateTime


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, typed as one."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _sqlite_datetime(value: datetime | None) -> str | None:
    if value is None:
        return None
    v = value if value.tzinfo is UTC else value.astimezone(UTC)
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d} {v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"


def _sqlite_json(value: Any) -> str | None:
    if value is None:
        return None
    if value == [] or value == {}:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


def _sqlite_bool(value: Any) -> int | None:
    return None if value is None else (1 if value else 0)


def _sqlite_converter(col_type: Any) -> Any:
    """The conversion SQLAlchemy's SQLite dialect would apply, or None for plain values."""
    if isinstance(col_type, UtcDateTime):
        return _sqlite_datetime
    if isinstance(col_type, JSON):
        return _sqlite_json
    if isinstance(col_type, Boolean):
        return _sqlite_bool
    return None


def allocate_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """Reserve `n` primary keys for `table` inside the current transaction."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        rows = conn.execute(
            text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)"),
            {"n": n},
        ).scalars().all()
        return [int(r) for r in rows]
    # SQLite: take the write lock first (a no-op write), so no other writer can interleave.
    conn.exec_driver_sql(f"UPDATE {table.name} SET id = id WHERE 0")
    start = int(conn.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table.name}").scalar() or 0)
    return list(range(start + 1, start + 1 + n))


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows (each a dict with every column to set, ids included).

    Driver errors are raised as SQLAlchemy's exceptions (e.g. `IntegrityError` when another
    writer stored the same item first), exactly as a normal SQLAlchemy insert would, so
    callers that retry a lost race keep working.
    """
    if not rows:
        return
    dbapi = conn.dialect.dbapi
    assert dbapi is not None
    try:
        _insert_rows(conn, table, rows)
    except dbapi.Error as exc:
        raise DBAPIError.instance(f"bulk insert into {table.name}", None, exc, dbapi.Error) from exc


def _insert_rows(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    cols = list(rows[0].keys())
    columns = [table.c[c] for c in cols]
    if conn.dialect.name == "postgresql":
        from psycopg.types.json import Json

        json_cols = {i for i, c in enumerate(columns) if isinstance(c.type, JSON)}
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row([
                    (Json(r[c]) if (i in json_cols and r[c] is not None) else r[c]) for i, c in enumerate(cols)
                ])
        return
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    convert = [(c, _sqlite_converter(col.type)) for c, col in zip(cols, columns, strict=True)]
    data = [[r[c] for c in cols] for r in rows]
    for i, (_c, fn) in enumerate(convert):
        if fn is not None:
            for row in data:
                row[i] = fn(row[i])
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.executemany(sql, data)


def now_utc() -> datetime:
    return datetime.now(UTC)
