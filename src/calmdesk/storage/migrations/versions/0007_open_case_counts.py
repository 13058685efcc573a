"""open case counts: the inbox's filter counts from a summary table kept by triggers (issue 18)

Revision ID: 0007_open_case_counts
Revises: 0006_inbox_indexes

The inbox's filter counts grouped every open case on each request (4.2 s on SQLite, 396 ms on
PostgreSQL at 1 M open cases). Now:

- `open_case_counts (brand_id, dim, value, n)` holds the open cases of each brand per value
  of each dimension the counts show (`dim` is state, platform, topic or owner; '' is "no
  topic" / "nobody"). One row per value, not per combination of values: the inbox shows only
  the margins, and a brand's rows stay a few dozen (states + platforms + topics + people)
  where combinations would multiply them (thousands, tens of thousands with many people).
- Row triggers on `cases` (insert, delete, and updates of brand, state, platform, topic or
  owner) append a `+1` or `-1` row to `open_case_deltas`, one per case and change with all
  five columns (the fold spreads it over the four dimensions). Every writer (the ORM, the bulk importer, a person at the
  psql prompt) keeps the counts right without remembering to, and two ingest workers never
  update the same row: each appends its own, so the triggers take no lock another writer waits on.
- The counts read the table plus the deltas in one statement; the scheduler folds the deltas
  into the table every minute (`actions/open_counts.fold_open_case_deltas`).
- `ix_cases_open_unanswered_due` serves the "due soon" count, which depends on the clock and
  so stays a (capped) query: open cases without a first response, by brand and due time.

The fill below reads `cases` after the triggers exist, in the migration's transaction: on
PostgreSQL `CREATE TRIGGER` locks `cases` against writes until commit, so no case is counted
twice or missed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_open_case_counts"
down_revision: str | None = "0006_inbox_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The open states as this migration counts them (a migration must not follow later code
# changes; `tests/queries/test_open_counts.py` checks they still equal the domain's).
OPEN_STATES = (
    "acknowledged", "escalated", "follow_up", "new", "private", "public_closeout", "resolution_proposed", "resolved",
    "triaged",
)
DIMS = ("brand_id", "state", "platform", "topic", "owner")


def _values(row: str, n: int) -> str:
    """The delta row of `row` (NEW or OLD) as a VALUES list."""
    return f"({row}.brand_id, {row}.state, {row}.platform, COALESCE({row}.topic, ''), COALESCE({row}.owner, ''), {n})"


def _changed() -> str:
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in DIMS)


def upgrade() -> None:
    op.create_table(
        "open_case_counts",
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brands.id"), nullable=False),
        sa.Column("dim", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("brand_id", "dim", "value", name="pk_open_case_counts"),
    )
    op.create_table(
        "open_case_deltas",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=50), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_open_case_deltas"),
    )
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    cols = "brand_id, state, platform, topic, owner, n"
    dims = ", ".join(DIMS)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE TRIGGER open_case_counts_ai AFTER INSERT ON cases WHEN NEW.state IN ({states}) BEGIN "
            f"INSERT INTO open_case_deltas ({cols}) VALUES {_values('NEW', 1)}; END"
        )
        op.execute(
            f"CREATE TRIGGER open_case_counts_ad AFTER DELETE ON cases WHEN OLD.state IN ({states}) BEGIN "
            f"INSERT INTO open_case_deltas ({cols}) VALUES {_values('OLD', -1)}; END"
        )
        changed = _changed().replace("IS DISTINCT FROM", "IS NOT")
        op.execute(
            f"CREATE TRIGGER open_case_counts_au_old AFTER UPDATE OF {dims} ON cases "
            f"WHEN OLD.state IN ({states}) AND ({changed}) BEGIN "
            f"INSERT INTO open_case_deltas ({cols}) VALUES {_values('OLD', -1)}; END"
        )
        op.execute(
            f"CREATE TRIGGER open_case_counts_au_new AFTER UPDATE OF {dims} ON cases "
            f"WHEN NEW.state IN ({states}) AND ({changed}) BEGIN "
            f"INSERT INTO open_case_deltas ({cols}) VALUES {_values('NEW', 1)}; END"
        )
    else:
        op.execute(
            f"""
            CREATE FUNCTION open_case_counts_delta() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' AND OLD.state IN ({states}) THEN
                    INSERT INTO open_case_deltas ({cols}) VALUES {_values('OLD', -1)};
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.state IN ({states}) THEN
                    INSERT INTO open_case_deltas ({cols}) VALUES {_values('NEW', 1)};
                END IF;
                RETURN NULL;
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER open_case_counts_aid AFTER INSERT OR DELETE ON cases "
            "FOR EACH ROW EXECUTE FUNCTION open_case_counts_delta()"
        )
        op.execute(
            f"CREATE TRIGGER open_case_counts_au AFTER UPDATE OF {dims} ON cases "
            f"FOR EACH ROW WHEN ({_changed()}) EXECUTE FUNCTION open_case_counts_delta()"
        )
    for dim in ("state", "platform", "topic", "owner"):
        op.execute(
            f"INSERT INTO open_case_counts (brand_id, dim, value, n) "
            f"SELECT brand_id, '{dim}', COALESCE({dim}, ''), count(*) FROM cases "
            f"WHERE state IN ({states}) GROUP BY brand_id, COALESCE({dim}, '')"
        )
    op.execute(
        f"CREATE INDEX ix_cases_open_unanswered_due ON cases (brand_id, first_response_due_at) "
        f"WHERE first_response_at IS NULL AND state IN ({states})"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_cases_open_unanswered_due")
    if op.get_bind().dialect.name == "sqlite":
        for name in ("ai", "ad", "au_old", "au_new"):
            op.execute(f"DROP TRIGGER IF EXISTS open_case_counts_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS open_case_counts_aid ON cases")
        op.execute("DROP TRIGGER IF EXISTS open_case_counts_au ON cases")
        op.execute("DROP FUNCTION IF EXISTS open_case_counts_delta()")
    op.drop_table("open_case_deltas")
    op.drop_table("open_case_counts")
