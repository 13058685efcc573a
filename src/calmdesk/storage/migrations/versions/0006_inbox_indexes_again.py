"""inbox indexes again: 0004 rebuilt `cases` on SQLite and lost the partial inbox indexes (issue 18)

Revision ID: 0006_inbox_indexes
Revises: 0005_live_presence

`0004_incidents` adds `cases.incident_id` with Alembic's batch mode, which on SQLite copies the
table into a new one and recreates only the indexes it can reflect; the expression-based
partial indexes of `0002_volume` (`ix_cases_open_queue`, `ix_cases_open_brand_queue`) are
skipped, so on SQLite the inbox sorted every open case again and keyset pages read another
index and sorted what they found. This puts them back where they are missing (PostgreSQL
kept them: `IF NOT EXISTS` makes it a no-op there). Same expressions as 0002.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_inbox_indexes"
down_revision: str | None = "0005_live_presence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The open states as 0002 wrote them (a migration must not follow later code changes).
OPEN_STATES = (
    "acknowledged", "escalated", "follow_up", "new", "private", "public_closeout", "resolution_proposed", "resolved",
    "triaged",
)


def upgrade() -> None:
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    order = "priority DESC, (first_response_due_at IS NULL), first_response_due_at, id"
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_cases_open_queue ON cases ({order}) WHERE state IN ({states})")
    op.execute(
        f"CREATE INDEX IF NOT EXISTS ix_cases_open_brand_queue ON cases (brand_id, {order}) WHERE state IN ({states})"
    )


def downgrade() -> None:
    """Nothing to undo: 0002's downgrade drops these indexes."""
