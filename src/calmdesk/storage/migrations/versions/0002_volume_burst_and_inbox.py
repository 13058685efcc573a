"""volume: burst keys on mentions, an index for the inbox's priority order

Revision ID: 0002_volume
Revises: 0002_delivery
Create Date: 2026-12-06 20:50:00

Why:
- `mentions.burst_key` holds a short digest of a post's burst signature (its text with
  handles, numbers and links removed), with an index on (brand, key, time). Triage looks up
  only the earlier posts of the brand that share a key with the batch, in the last hour, so
  the cost of a batch no longer grows with the store (it scanned up to 5,000 earlier posts
  of the brand per batch, 393 ms at 1 M mentions on SQLite).
- `ix_cases_open_queue` serves the inbox's order (priority, then the first-response due
  time with empty ones last, then id) for open cases directly, so the first page reads 51
  index entries instead of sorting every open case; `ix_cases_open_brand_queue` does the
  same for one brand (the brand filter, or a desk with one brand). Same expressions on both
  engines; the query writes the open states as literals so that both planners see that it
  only wants what the partial indexes hold.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_volume"
down_revision: str | None = "0002_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: `domain.lifecycle.OPEN_STATES` when this was written (a test keeps the two the same).
OPEN_STATES = (
    "acknowledged", "escalated", "follow_up", "new", "private", "public_closeout", "resolution_proposed", "resolved",
    "triaged",
)


def upgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("burst_key", sa.String(length=16), nullable=True))
        batch_op.create_index("ix_mentions_burst", ["brand_id", "burst_key", "created_at"], unique=False)
    states = ", ".join(f"'{s}'" for s in OPEN_STATES)
    order = "priority DESC, (first_response_due_at IS NULL), first_response_due_at, id"
    op.execute(f"CREATE INDEX ix_cases_open_queue ON cases ({order}) WHERE state IN ({states})")
    op.execute(f"CREATE INDEX ix_cases_open_brand_queue ON cases (brand_id, {order}) WHERE state IN ({states})")


def downgrade() -> None:
    op.execute("DROP INDEX ix_cases_open_brand_queue")
    op.execute("DROP INDEX ix_cases_open_queue")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_mentions_burst")
        batch_op.drop_column("burst_key")
