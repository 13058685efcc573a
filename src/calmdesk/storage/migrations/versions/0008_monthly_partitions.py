"""monthly partitions: `mentions` and `actions` partitioned by month on PostgreSQL (issue 18, item 4)

Revision ID: 0008_partitions
Revises: 0007_open_case_counts

Why and how (see `calmdesk.storage.partitions` for what the application relies on):
- `mentions` becomes `PARTITION BY RANGE (created_at)` and `actions` `PARTITION BY RANGE (at)`,
  one partition per month that holds rows, the current month and three ahead, and a DEFAULT
  partition each, so no insert can fail; the scheduler creates later months.
- PostgreSQL only accepts unique constraints that include the partition key, so the
  exactly-once pair `(platform, external_id)` moves to `mention_keys (id, platform,
  external_id)`, filled here from the stored mentions. A trigger on `mentions` claims the key
  of any row inserted without one and raises a unique violation for a second row of a pair.
- `messages.mention_id` refers to `mention_keys.id` (a foreign key to a partitioned table must
  include the partition key); the mention's id is its key's id.
- Primary keys become `(id, created_at)` and `(id, at)`; the sequences stay and are owned by
  the new tables. Indexes and the full-text column (0003's generated `search_tsv` and its GIN
  index) are recreated on the partitioned tables; these tables had no triggers before.
- Conversion: new partitioned table, rows copied in id ranges of `BATCH`, old table dropped and
  the new one renamed, all in the migration's one transaction (writers wait on the lock: stop
  workers and `serve` for the upgrade; docs/scaling.md has the time it takes).
SQLite: nothing changes.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

from alembic import op
from sqlalchemy import text

revision: str = "0008_partitions"
down_revision: str | None = "0007_open_case_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 50_000
MONTHS_AHEAD = 3

MENTION_COLUMNS = """
    id integer NOT NULL DEFAULT nextval('mentions_id_seq'::regclass),
    platform varchar(20) NOT NULL,
    external_id varchar(200) NOT NULL,
    reply_to_external_id varchar(200),
    thread_key varchar(200) NOT NULL,
    brand_id integer CONSTRAINT mentions_brand_id_fkey REFERENCES brands(id),
    channel_id integer CONSTRAINT mentions_channel_id_fkey REFERENCES channels(id),
    author_id integer CONSTRAINT mentions_author_id_fkey REFERENCES authors(id),
    case_id integer CONSTRAINT mentions_case_id_fkey REFERENCES cases(id),
    direction varchar(10) NOT NULL,
    visibility varchar(10) NOT NULL,
    text text NOT NULL,
    redacted_text text,
    language varchar(10),
    created_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    raw json,
    triage json,
    hidden boolean NOT NULL,
    hidden_reason varchar(50),
    burst_key varchar(16),
    search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED
"""
MENTION_COPY = (
    "id, platform, external_id, reply_to_external_id, thread_key, brand_id, channel_id, author_id, case_id, "
    "direction, visibility, text, redacted_text, language, created_at, received_at, raw, triage, hidden, "
    "hidden_reason, burst_key"
)
MENTION_INDEXES = (
    "CREATE INDEX ix_mentions_platform_external ON mentions (platform, external_id)",
    "CREATE INDEX ix_mentions_thread ON mentions (platform, thread_key)",
    "CREATE INDEX ix_mentions_burst ON mentions (brand_id, burst_key, created_at)",
    "CREATE INDEX ix_mentions_case_id ON mentions (case_id)",
    "CREATE INDEX ix_mentions_search ON mentions USING gin (search_tsv)",
)
ACTION_COLUMNS = """
    id integer NOT NULL DEFAULT nextval('actions_id_seq'::regclass),
    case_id integer CONSTRAINT actions_case_id_fkey REFERENCES cases(id),
    brand_id integer CONSTRAINT actions_brand_id_fkey REFERENCES brands(id),
    actor varchar(100) NOT NULL,
    verb varchar(50) NOT NULL,
    detail json NOT NULL,
    note text,
    at timestamptz NOT NULL
"""
ACTION_COPY = "id, case_id, brand_id, actor, verb, detail, note, at"
ACTION_INDEXES = (
    "CREATE INDEX ix_actions_brand_id ON actions (brand_id)",
    "CREATE INDEX ix_actions_case_id ON actions (case_id)",
)

#: Claims the key of a mention inserted without one; refuses a second mention of a pair.
CLAIM_FUNCTION = """
CREATE FUNCTION mention_keys_claim() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    k record;
BEGIN
    SELECT platform, external_id INTO k FROM mention_keys WHERE id = NEW.id;
    IF NOT FOUND THEN
        -- A pair another mention holds fails here on uq_mention_platform_external.
        INSERT INTO mention_keys (id, platform, external_id) VALUES (NEW.id, NEW.platform, NEW.external_id);
    ELSIF k.platform <> NEW.platform OR k.external_id <> NEW.external_id THEN
        RAISE EXCEPTION 'mention % is registered as (%, %)', NEW.id, k.platform, k.external_id
            USING ERRCODE = 'unique_violation';
    END IF;
    RETURN NEW;
END
$$
"""
#: Keeps the key in step when a mention's pair changes (nothing in calmdesk does; a script might).
RENAME_FUNCTION = """
CREATE FUNCTION mention_keys_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE mention_keys SET platform = NEW.platform, external_id = NEW.external_id WHERE id = OLD.id;
    RETURN NEW;
END
$$
"""


def _month(at: datetime) -> datetime:
    return datetime(at.year, at.month, 1, tzinfo=UTC)


def _next(month: datetime) -> datetime:
    return datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=UTC)


def _bound(month: datetime) -> str:
    return month.strftime("%Y-%m-%d 00:00:00+00")


def _partition(table: str, key: str, columns: str, copy: str, pk: str) -> None:
    """Turn `table` into a table partitioned by month on `key`, rows copied, sequence kept."""
    conn = op.get_bind()
    new = f"{table}_partitioned"
    op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {table}_pkey TO {table}_unpartitioned_pkey")
    op.execute(
        f"CREATE TABLE {new} ({columns}, CONSTRAINT {table}_pkey PRIMARY KEY ({pk})) PARTITION BY RANGE ({key})"
    )
    months = {
        row[0].astimezone(UTC)
        for row in conn.execute(text(f"SELECT DISTINCT date_trunc('month', {key}, 'UTC') FROM {table}"))
    }
    month = _month(datetime.now(UTC))
    for _ in range(MONTHS_AHEAD + 1):
        months.add(month)
        month = _next(month)
    for m in sorted(months):
        op.execute(
            f"CREATE TABLE {table}_y{m.year:04d}m{m.month:02d} PARTITION OF {new} "
            f"FOR VALUES FROM ('{_bound(m)}') TO ('{_bound(_next(m))}')"
        )
    op.execute(f"CREATE TABLE {table}_default PARTITION OF {new} DEFAULT")
    lo, hi = conn.execute(text(f"SELECT min(id), max(id) FROM {table}")).one()
    if lo is not None:
        for start in range(int(lo), int(hi) + 1, BATCH):
            conn.execute(
                text(f"INSERT INTO {new} ({copy}) SELECT {copy} FROM {table} WHERE id >= :a AND id < :b"),
                {"a": start, "b": start + BATCH},
            )
    op.execute(f"ALTER SEQUENCE {table}_id_seq OWNED BY {new}.id")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {new} RENAME TO {table}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("LOCK TABLE mentions, actions, messages IN ACCESS EXCLUSIVE MODE")
    # The registry of unique pairs, filled from the stored mentions before they move.
    op.execute(
        "CREATE TABLE mention_keys (id integer PRIMARY KEY, platform varchar(20) NOT NULL, "
        "external_id varchar(200) NOT NULL)"
    )
    op.execute("INSERT INTO mention_keys (id, platform, external_id) SELECT id, platform, external_id FROM mentions")
    op.execute("ALTER TABLE mentions DROP CONSTRAINT uq_mention_platform_external")
    op.execute(
        "ALTER TABLE mention_keys ADD CONSTRAINT uq_mention_platform_external UNIQUE (platform, external_id)"
    )
    op.execute("ALTER TABLE messages DROP CONSTRAINT messages_mention_id_fkey")
    op.execute(
        "ALTER TABLE messages ADD CONSTRAINT messages_mention_id_fkey "
        "FOREIGN KEY (mention_id) REFERENCES mention_keys(id)"
    )
    _partition("mentions", "created_at", MENTION_COLUMNS, MENTION_COPY, "id, created_at")
    for stmt in MENTION_INDEXES:
        op.execute(stmt)
    op.execute(CLAIM_FUNCTION)
    op.execute(RENAME_FUNCTION)
    op.execute(
        "CREATE TRIGGER mentions_claim_key BEFORE INSERT ON mentions FOR EACH ROW EXECUTE FUNCTION mention_keys_claim()"
    )
    op.execute(
        "CREATE TRIGGER mentions_follow_key AFTER UPDATE OF platform, external_id ON mentions "
        "FOR EACH ROW WHEN (OLD.platform IS DISTINCT FROM NEW.platform OR OLD.external_id IS DISTINCT FROM "
        "NEW.external_id) EXECUTE FUNCTION mention_keys_follow()"
    )
    _partition("actions", "at", ACTION_COLUMNS, ACTION_COPY, "id, at")
    for stmt in ACTION_INDEXES:
        op.execute(stmt)
    # Autovacuum never analyzes a partitioned table itself (only its partitions): a store that
    # had rows gets the parents' statistics now. An empty one is left as a fresh store is.
    if op.get_bind().execute(text("SELECT EXISTS (SELECT 1 FROM mention_keys)")).scalar():
        op.execute("ANALYZE mention_keys, mentions, actions")


def _unpartition(table: str, columns: str, copy: str, indexes: Sequence[str]) -> None:
    conn = op.get_bind()
    old = f"{table}_unpartitioned"
    op.execute(f"ALTER TABLE {table} RENAME CONSTRAINT {table}_pkey TO {table}_partitioned_pkey")
    op.execute(f"CREATE TABLE {old} ({columns}, CONSTRAINT {table}_pkey PRIMARY KEY (id))")
    conn.execute(text(f"INSERT INTO {old} ({copy}) SELECT {copy} FROM {table} ORDER BY id"))
    op.execute(f"ALTER SEQUENCE {table}_id_seq OWNED BY {old}.id")
    op.execute(f"DROP TABLE {table}")  # its partitions go with it
    op.execute(f"ALTER TABLE {old} RENAME TO {table}")
    for stmt in indexes:
        op.execute(stmt)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("LOCK TABLE mentions, actions, messages, mention_keys IN ACCESS EXCLUSIVE MODE")
    _unpartition("actions", ACTION_COLUMNS, ACTION_COPY, ACTION_INDEXES)
    op.execute("ALTER TABLE messages DROP CONSTRAINT messages_mention_id_fkey")
    _unpartition(
        "mentions", MENTION_COLUMNS, MENTION_COPY,
        [s for s in MENTION_INDEXES if "ix_mentions_platform_external" not in s],
    )
    op.execute("DROP FUNCTION mention_keys_claim()")
    op.execute("DROP FUNCTION mention_keys_follow()")
    op.execute("DROP TABLE mention_keys")
    op.execute("ALTER TABLE mentions ADD CONSTRAINT uq_mention_platform_external UNIQUE (platform, external_id)")
    op.execute(
        "ALTER TABLE messages ADD CONSTRAINT messages_mention_id_fkey FOREIGN KEY (mention_id) REFERENCES mentions(id)"
    )
