"""Folding the triggers' +1/-1 rows into the open-case counts (issue 18, migration 0007).

Why a fold at all: the triggers on `cases` append one delta row per change instead of updating
the shared count row, so two ingest workers never wait on each other's counts. The inbox
sums the counts and the deltas in one statement, so it is exact whether or not a fold has
run; folding every minute (the scheduler's `calmdesk.fold_open_counts`) keeps the deltas few
and that sum cheap.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_DIMS = ("state", "platform", "topic", "owner")


def _spread(source: str) -> str:
    """Each delta row of `source` once per dimension: (brand_id, dim, value, n)."""
    return " UNION ALL ".join(f"SELECT brand_id, '{d}' AS dim, {d} AS value, n FROM {source}" for d in _DIMS)


_UPSERT = "ON CONFLICT (brand_id, dim, value) DO UPDATE SET n = open_case_counts.n + excluded.n"

#: PostgreSQL: one statement takes exactly the delta rows it deletes and adds them up, so a
#: delta committed by a writer meanwhile is neither lost nor counted twice (it waits for the
#: next fold); two folds at once each take only the rows they deleted.
_FOLD_PG = f"""
WITH taken AS (DELETE FROM open_case_deltas RETURNING brand_id, {", ".join(_DIMS)}, n),
summed AS (SELECT brand_id, dim, value, sum(n) AS n FROM ({_spread("taken")}) AS spread GROUP BY brand_id, dim, value),
added AS (
    INSERT INTO open_case_counts (brand_id, dim, value, n)
    SELECT brand_id, dim, value, n FROM summed WHERE n <> 0
    {_UPSERT}
)
SELECT count(*) FROM taken
"""

#: SQLite: one writer at a time, and the first statement is a write, so the transaction holds
#: the write lock from its start: no delta can arrive between the sum and the delete.
_FOLD_SQLITE = (
    f"INSERT INTO open_case_counts (brand_id, dim, value, n) "
    f"SELECT brand_id, dim, value, sum(n) FROM ({_spread('open_case_deltas')}) WHERE true "
    f"GROUP BY brand_id, dim, value HAVING sum(n) <> 0 {_UPSERT}",
    "DELETE FROM open_case_deltas",
)


def fold_open_case_deltas(session: Session) -> int:
    """Move every visible delta into `open_case_counts`; returns how many delta rows it took.

    Runs in the caller's transaction (commit to make it count). Rows whose count reaches 0
    are removed, so the table stays as small as the combinations that have open cases.
    """
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        taken = conn.execute(text(_FOLD_PG)).scalar_one()
    else:
        conn.execute(text(_FOLD_SQLITE[0]))
        taken = conn.execute(text(_FOLD_SQLITE[1])).rowcount
    conn.execute(text("DELETE FROM open_case_counts WHERE n = 0"))
    return int(taken or 0)
