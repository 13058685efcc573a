"""delivery: outbox permalink and dedupe key; queued/posted statuses for outbox items and drafts

Issue 12 item 5 ("delivered means delivered") and issue 17 item 1 ("no reply twice"):
- outbox items move queued -> sending -> posted | failed (were pending/sent), with the
  platform's link next to its id, and a dedupe key checked before any post;
- drafts that were "sent" are `queued` until their outbox item is posted, then `posted`
  (or `failed` with the item).

Revision ID: 0002_delivery
Revises: 0002_auth
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_delivery"
down_revision: str | None = "0002_auth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("permalink", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("dedupe_key", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_dedupe_key"), ["dedupe_key"], unique=False)
    op.execute("UPDATE outbox SET status = 'queued' WHERE status = 'pending'")
    op.execute("UPDATE outbox SET status = 'posted' WHERE status = 'sent'")
    op.execute(
        "UPDATE drafts SET status = 'posted' WHERE status = 'sent' AND id IN "
        "(SELECT draft_id FROM outbox WHERE status = 'posted' AND draft_id IS NOT NULL)"
    )
    op.execute(
        "UPDATE drafts SET status = 'failed' WHERE status = 'sent' AND id IN "
        "(SELECT draft_id FROM outbox WHERE status = 'failed' AND draft_id IS NOT NULL)"
    )
    op.execute("UPDATE drafts SET status = 'queued' WHERE status = 'sent'")


def downgrade() -> None:
    op.execute("UPDATE drafts SET status = 'sent' WHERE status IN ('queued', 'posted', 'failed')")
    op.execute("UPDATE outbox SET status = 'sent' WHERE status = 'posted'")
    op.execute("UPDATE outbox SET status = 'pending' WHERE status = 'queued'")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_dedupe_key"))
        batch_op.drop_column("dedupe_key")
        batch_op.drop_column("permalink")
