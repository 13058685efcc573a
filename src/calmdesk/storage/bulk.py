"""Fast bulk inserts for ingest: ids allocated up front, rows written by the driver's fastest path.

Why: ingest writes several rows per platform item (a mention, often an author and a case with
its audit record). Going through SQLAlchemy's per-parameter processing costs more than the
database work itself, so imports crawled. Here ids come from the sequence (PostgreSQL) or from
the table's maximum while this transaction holds SQLite's single write lock, and the rows go
in with `COPY` (PostgreSQL) or multi-row INSERTs (SQLite, `insert_multirow`). Values are
converted exactly as the SQLAlchemy column types would store them, so the ORM reads them back
unchanged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Float, Table, text
from sqlalchemy.exc import DBAPIError

from calmdesk.storage.tables import Base, UtcDateTime


def table_of(model: type[Base]) -> Table:
    """The Core table of a mapped class, typed as one."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _sqlite_datetime(value: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite `DateTime` stores ('2026-01-05 08:00:00.000000', UTC, naive).

    `isoformat` does the formatting in C (an f-string of seven fields was a tenth of a large
    import); the first 26 characters are the date and time without the '+00:00' offset.
    """
    if value is None:
        return None
    if value.tzinfo is not UTC:
        if value.tzinfo is None:  # as `UtcDateTime` refuses it
            raise ValueError("naive datetime given to the database; attach a time zone")
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def _json_text(value: Any) -> str | None:
    """A JSON value as the text SQLAlchemy's `JSON` type writes (`json.dumps`); None stays NULL."""
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
        return _json_text
    if isinstance(col_type, Boolean):
        return _sqlite_bool
    return None


def _sqlite_column(col_type: Any, values: Sequence[Any]) -> Sequence[Any]:
    """One column's values converted as SQLAlchemy's SQLite types would bind them.

    Why per column: a large import converts about a million values, and a function call per
    value was a fifth of its time. A column holding one value throughout (the batch's time
    stamp, all False, all empty lists) is converted once; datetimes are formatted inline.
    """
    fn = _sqlite_converter(col_type)
    if fn is None or not values:
        return values
    if fn is _json_text:
        return _json_text_column(values)
    first = values[0]
    if values[-1] == first and values.count(first) == len(values):  # the first test is the cheap one
        return [fn(first)] * len(values)
    if fn is _sqlite_datetime:
        if any(v is not None and v.tzinfo is None for v in values):
            raise ValueError("naive datetime given to the database; attach a time zone")
        return [
            None if v is None else (v if v.tzinfo is UTC else v.astimezone(UTC)).isoformat(" ", "microseconds")[:26]
            for v in values
        ]
    return [None if v is None else (1 if v else 0) for v in values]


def _json_text_column(values: Sequence[Any]) -> list[str | None]:
    """A JSON column's values as `_json_text` writes them.

    Equal values are not enough for a shortcut (equal dicts with their keys in another order
    dump differently); one object throughout, or empty containers of one type, are dumped once.
    """
    first = values[0]
    same = values[-1] is first and all(v is first for v in values) or (
        type(first) in (list, dict) and not first and values.count(first) == len(values)
        and all(type(v) is type(first) for v in values)
    )
    return [_json_text(first)] * len(values) if same else [_json_text(v) for v in values]


def allocate_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """Reserve `n` primary keys for `table` inside the current transaction."""
    if n == 0:
        return []
    if conn.dialect.name == "postgresql":
        # The sequence is looked up first and then passed in as a value: written inside the
        # nextval() call, the lookup ran once per id (12 ms instead of 2 ms for 5,000 ids).
        seq = conn.execute(text(f"SELECT pg_get_serial_sequence('{table.name}', 'id')")).scalar_one()
        rows = conn.execute(
            text("SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n)"), {"seq": seq, "n": n}
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
    cols = list(rows[0].keys())
    insert_columns(conn, table, cols, [[r[c] for r in rows] for c in cols])


def insert_columns(conn: Connection, table: Table, cols: Sequence[str], values: Sequence[Sequence[Any]]) -> None:
    """Insert rows given column by column: `values[i]` holds column `cols[i]` of every row.

    Why columns: ingest builds each column with one comprehension, the conversions for
    SQLite run once per column rather than once per cell, and `zip` turns the columns into
    the driver's rows in C. Errors are raised as in `insert_rows`.
    """
    if not values or not values[0]:
        return
    # A column that is NULL in every row is left out of the statement: with no server-side
    # default (the schema has none) it is stored as NULL all the same, and each bound value
    # costs the driver time (a third of a new case's insert: most of its columns start empty).
    keep = [
        i for i, (c, col) in enumerate(zip(cols, values, strict=True))
        if col.count(None) != len(col) or table.c[c].server_default is not None or not table.c[c].nullable
    ]
    dbapi = conn.dialect.dbapi
    assert dbapi is not None
    try:
        _insert_columns(conn, table, [cols[i] for i in keep], [values[i] for i in keep])
    except dbapi.Error as exc:
        raise DBAPIError.instance(f"bulk insert into {table.name}", None, exc, dbapi.Error) from exc


def _insert_columns(conn: Connection, table: Table, cols: list[str], values: Sequence[Sequence[Any]]) -> None:
    columns = [table.c[c] for c in cols]
    raw = conn.connection.driver_connection
    assert raw is not None
    if conn.dialect.name == "postgresql":
        # COPY is PostgreSQL's fastest way in. JSON goes as its text, which a json column
        # keeps as given: the same text SQLAlchemy would send, dumped once per repeated value.
        prepared = [
            _json_text_column(col) if isinstance(c.type, JSON) else col for c, col in zip(columns, values, strict=True)
        ]
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in zip(*prepared, strict=True):
                copy.write_row(row)
        return
    converted = [_sqlite_column(c.type, col) for c, col in zip(columns, values, strict=True)]
    cur = raw.cursor()
    try:
        insert_multirow(cur, f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES {{}}", len(cols), converted)
    finally:
        cur.close()


#: Most rows in one multi-row INSERT (SQLite allows 32,766 bound values a statement).
MULTIROW = 500


def insert_multirow(cur: Any, sql: str, ncols: int, columns: Sequence[Sequence[Any]]) -> int:
    """`sql` (with `{}` for the VALUES rows) for every row of `columns`, up to `MULTIROW` rows a
    statement; returns how many rows the statements changed (triggers' rows not counted)."""
    n = len(columns[0])
    per = max(1, min(MULTIROW, 32_766 // max(1, ncols)))
    one = "(" + ", ".join("?" for _ in range(ncols)) + ")"
    full = sql.format(", ".join([one] * per))
    inserted = 0
    flat = list(chain.from_iterable(zip(*columns, strict=True)))
    step = per * ncols
    whole = (n // per) * step
    if whole:
        # One prepared statement for every full chunk (executemany prepares it once).
        cur.executemany(full, (flat[i:i + step] for i in range(0, whole, step)))
        inserted += cur.rowcount
    if whole < len(flat):
        cur.execute(sql.format(", ".join([one] * ((len(flat) - whole) // ncols))), flat[whole:])
        inserted += cur.rowcount
    return inserted


def update_by_id(conn: Connection, table: Table, cols: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """`UPDATE table SET cols... WHERE id = ?` for each row (`rows[i]` is the id, then the values).

    Why not the ORM's bulk update: for thousands of cases a batch it compiled and processed
    every parameter set in Python (half a second per 50,000 rows), and on PostgreSQL sent one
    statement per row (triage's writes were a third of a webhook worker's time). Values are
    converted as in `insert_columns` (JSON as the text `json.dumps` writes; None is SQL NULL);
    no ORM objects are refreshed, as with the ORM's bulk update.
    """
    if not rows:
        return
    columns = [table.c[c] for c in cols]
    raw = conn.connection.driver_connection
    assert raw is not None
    dbapi = conn.dialect.dbapi
    assert dbapi is not None
    try:
        if conn.dialect.name == "postgresql":
            # One statement over arrays instead of one round trip per row. JSON travels as text
            # and is cast back on the way in (an array of json is not a type psycopg dumps).
            sets = ", ".join(
                f"{c} = v.{c}::json" if isinstance(col.type, JSON) else f"{c} = v.{c}"
                for c, col in zip(cols, columns, strict=True)
            )
            casts = ", ".join(
                f"unnest(%b::{'text' if isinstance(col.type, JSON) else col.type.compile(conn.dialect)}[]) AS {c}"
                for c, col in zip(cols, columns, strict=True)
            )
            arrays = [list(x) for x in zip(*rows, strict=True)]
            for n, col in enumerate(columns, start=1):
                if isinstance(col.type, JSON):
                    arrays[n] = _json_text_column(arrays[n])
                elif isinstance(col.type, Float):
                    arrays[n] = [None if v is None else float(v) for v in arrays[n]]
                elif isinstance(col.type, UtcDateTime) and any(v is not None and v.tzinfo is None for v in arrays[n]):
                    raise ValueError("naive datetime given to the database; attach a time zone")
            with raw.cursor() as cur:
                # Binary parameters (%b): in text form psycopg escapes every element of a text array with a
                # regular expression, which for JSON texts cost more than the update itself.
                cur.execute(
                    f"UPDATE {table.name} SET {sets} FROM (SELECT unnest(%b::integer[]) AS id, {casts}) AS v "
                    f"WHERE {table.name}.id = v.id",
                    arrays,
                )
            return
        # Column by column, as `insert_columns` does (a column of one value, e.g. the batch's
        # time stamp, is converted once): a call per value was most of the Python time here.
        by_column = list(zip(*rows, strict=True))
        converted = [_sqlite_column(col.type, list(vals)) for col, vals in zip(columns, by_column[1:], strict=True)]
        ids = by_column[0]
        if len(set(ids)) == len(ids) and sqlite3.sqlite_version_info >= (3, 33):
            # Many rows a statement, as `insert_multirow` inserts (UPDATE ... FROM a VALUES list,
            # looked up by id): one execution per row cost more than the row where the table
            # has triggers (triage's updates of cases fire the open-count and figure triggers).
            sets = ", ".join(f"{c} = v.column{i}" for i, c in enumerate(cols, start=2))
            cur = raw.cursor()
            try:
                insert_multirow(
                    cur, f"UPDATE {table.name} SET {sets} FROM (VALUES {{}}) AS v WHERE {table.name}.id = v.column1",
                    len(cols) + 1, [list(ids), *converted],
                )
            finally:
                cur.close()
            return
        sets = ", ".join(f"{c} = ?" for c in cols)
        raw.executemany(f"UPDATE {table.name} SET {sets} WHERE id = ?", zip(*converted, ids, strict=True))
    except dbapi.Error as exc:
        raise DBAPIError.instance(f"bulk update of {table.name}", None, exc, dbapi.Error) from exc


def now_utc() -> datetime:
    return datetime.now(UTC)
