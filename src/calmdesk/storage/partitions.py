"""Monthly partitions of `mentions` and `actions` on PostgreSQL (issue 18, item 4).

Why: the two tables that grow with every post and every move of a case are the ones that reach
tens of millions of rows. Partitioned by month (`PARTITION BY RANGE` on `mentions.created_at`
and `actions.at`, migration 0008), each month is a table of its own: its indexes stay the size
of a month, VACUUM and ANALYZE work a month at a time, and an old month can be detached and
archived without deleting rows one by one. SQLite keeps plain tables (one file, one writer).

What keeps working as before:

- **Exactly once per (platform, external id).** PostgreSQL only allows a unique constraint on a
  partitioned table if it includes the partition key, and the same post may arrive again with
  another `created_at` (an edit, a platform that re-dates). The unique pair therefore lives in
  `mention_keys (id, platform, external_id)`, one small unpartitioned table: ingest claims the
  keys there first (`INSERT ... ON CONFLICT DO NOTHING`, rows sorted by key so two writers lock
  in the same order) and writes only the mentions whose keys it won (`insert_mentions`). Any
  other insert into `mentions` (the ORM, a script) is checked by a trigger that claims the key
  for it and fails with a unique violation, as the old constraint did, if another mention has it.
- **References to a mention.** A foreign key to a partitioned table must name the partition key
  too; `messages.mention_id` instead refers to `mention_keys.id`, which is the mention's id
  (every mention has its key row: the trigger writes it), so integrity stays in the database.
- **Ids.** `mentions.id` and `actions.id` still come from their sequences; the primary keys
  are `(id, created_at)` / `(id, at)`, which also serve reads by id and the live feed's
  `id > last` scan (one index range per partition, merged in id order). `mention_keys.id`
  is the global uniqueness of mention ids.
- **No insert can fail for want of a partition.** Each table has a DEFAULT partition for rows
  outside every month. The scheduler's `calmdesk.maintain_partitions` job (hourly) creates the
  current month and the next `MONTHS_AHEAD`; if rows of such a month already sit in the
  default partition (the scheduler was down for months, or a post dated far ahead), they are
  moved into the new month's table before it is attached, because PostgreSQL refuses a new
  partition whose rows the default partition already holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, text

from calmdesk.storage.bulk import insert_columns
from calmdesk.storage.upsert import insert_new

#: Partitioned tables and their partition key (a timestamptz column).
PARTITIONED: dict[str, str] = {"mentions": "created_at", "actions": "at"}

#: Months created ahead of the current one by the maintenance job (and the migration).
MONTHS_AHEAD = 3

#: Serialises partition maintenance across processes (transaction-scoped advisory lock).
_LOCK_KEY = 0x63616C6D_70617274 & 0x7FFFFFFFFFFFFFFF

#: The registry of stored mentions' unique keys on PostgreSQL (migration 0008); not in SQLite.
MENTION_KEYS = Table(
    "mention_keys",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("platform", String(20), nullable=False),
    Column("external_id", String(200), nullable=False),
)


def month_start(at: datetime) -> datetime:
    """The first instant of `at`'s month in UTC."""
    at = at.astimezone(UTC)
    return datetime(at.year, at.month, 1, tzinfo=UTC)


def add_months(month: datetime, n: int) -> datetime:
    index = month.year * 12 + (month.month - 1) + n
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def partition_name(table: str, month: datetime) -> str:
    return f"{table}_y{month.year:04d}m{month.month:02d}"


def default_partition(table: str) -> str:
    return f"{table}_default"


def is_partitioned(conn: Connection, table: str) -> bool:
    """Whether `table` is a partitioned table here (PostgreSQL after migration 0008)."""
    if conn.dialect.name != "postgresql":
        return False
    return bool(
        conn.execute(
            text("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(:t))"),
            {"t": table},
        ).scalar()
    )


def _bound(month: datetime) -> str:
    return month.strftime("%Y-%m-%d 00:00:00+00")


@dataclass
class PartitionReport:
    created: list[str]
    moved_rows: int = 0


def ensure_month(conn: Connection, table: str, month: datetime) -> tuple[bool, int]:
    """Create `table`'s partition for `month` if it is missing; returns (created, rows moved
    out of the default partition). Idempotent; the caller holds the maintenance lock."""
    key = PARTITIONED[table]
    name = partition_name(table, month)
    if conn.execute(text("SELECT to_regclass(:n)"), {"n": name}).scalar() is not None:
        return False, 0
    lo, hi = _bound(month), _bound(add_months(month, 1))
    default = default_partition(table)
    in_range = f"{key} >= '{lo}' AND {key} < '{hi}'"
    waiting = conn.execute(text(f"SELECT EXISTS (SELECT 1 FROM {default} WHERE {in_range})")).scalar()
    if not waiting:
        conn.execute(
            text(f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {table} FOR VALUES FROM ('{lo}') TO ('{hi}')")
        )
        return True, 0
    # Rows of this month wait in the default partition: PostgreSQL would refuse the new
    # partition, so they move into a plain table that is then attached as the month. The
    # move bypasses the parent's triggers (the rows keep their mention keys as they are).
    conn.execute(text(f"CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING GENERATED)"))
    cols = [
        r[0]
        for r in conn.execute(
            text(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(:t) AND attnum > 0 "
                "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
            ),
            {"t": table},
        )
    ]
    names = ", ".join(cols)
    moved = conn.execute(
        text(
            f"WITH gone AS (DELETE FROM {default} WHERE {in_range} RETURNING {names}) "
            f"INSERT INTO {name} ({names}) SELECT {names} FROM gone"
        )
    ).rowcount
    conn.execute(text(f"ALTER TABLE {name} ADD CHECK ({in_range})"))  # lets ATTACH skip its scan
    conn.execute(text(f"ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ('{lo}') TO ('{hi}')"))
    return True, int(moved or 0)


def ensure_partitions(
    conn: Connection, now: datetime, *, months_ahead: int = MONTHS_AHEAD, tables: Sequence[str] | None = None
) -> PartitionReport:
    """Create the current month's partition and the next `months_ahead` of each partitioned
    table that lacks them. A no-op on SQLite and on a PostgreSQL store not yet partitioned."""
    report = PartitionReport(created=[])
    if conn.dialect.name != "postgresql":
        return report
    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    first = month_start(now)
    for table in tables or PARTITIONED:
        if not is_partitioned(conn, table):
            continue
        for n in range(months_ahead + 1):
            month = add_months(first, n)
            created, moved = ensure_month(conn, table, month)
            if created:
                report.created.append(partition_name(table, month))
                report.moved_rows += moved
    return report


def partitions_of(conn: Connection, table: str) -> list[str]:
    """The partitions of `table` by name (empty when it is not partitioned)."""
    if conn.dialect.name != "postgresql":
        return []
    return sorted(
        r[0]
        for r in conn.execute(
            text("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(:t)"),
            {"t": table},
        )
    )


def insert_mentions(
    conn: Connection, table: Table, cols: Sequence[str], values: Sequence[Sequence[Any]]
) -> set[int]:
    """Insert mentions given column by column (`id`, `platform` and `external_id` among them),
    skipping those whose (platform, external id) is already stored. Returns the ids that went in.

    On a partitioned PostgreSQL store the keys are claimed in `mention_keys` first and only the
    winners' rows are written; elsewhere `mentions` itself is unique on the pair.
    """
    if not values or not values[0]:
        return set()
    if not is_partitioned(conn, table.name):
        return insert_new(conn, table, cols, values, ("platform", "external_id"))
    cols = list(cols)
    key_cols = ("id", "platform", "external_id")
    won = insert_new(conn, MENTION_KEYS, key_cols, [values[cols.index(c)] for c in key_cols], ("platform", "external_id"))
    ids = values[cols.index("id")]
    if len(won) < len(ids):
        keep = [i for i, mid in enumerate(ids) if mid in won]
        values = [[col[i] for i in keep] for col in values]
    if won:
        insert_columns(conn, table, cols, values)
    return won
