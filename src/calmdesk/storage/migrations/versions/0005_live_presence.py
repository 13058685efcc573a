"""live presence: who has a case open or is replying, shared by every web process (issue 13, item 3)

Revision ID: 0005_live_presence
Revises: 0004_incidents
Create Date: 2026-12-07 01:05:00

Why:
- Presence ("Dana is replying") used to live in one web process's memory, so with
  `calmdesk serve --workers N` two people served by different processes never saw each other.
  One row per (case, person) with an expiry (`until`) makes the store the truth: every process
  reads the live rows of the brands its reader may see.
- `brand_id` is copied from the case so the read filters by brand without a join.
- `ix_presence_brand_until` serves that read (live rows of some brands); the unique pair makes
  "mark" an upsert.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from calmdesk.storage.tables import UtcDateTime

revision: str = "0005_live_presence"
down_revision: str | None = "0004_incidents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("activity", sa.String(length=20), nullable=False),
        sa.Column("until", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "username", name="uq_presence_case_user"),
    )
    op.create_index("ix_presence_brand_until", "presence", ["brand_id", "until"], unique=False)
    op.create_index("ix_presence_until", "presence", ["until"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_presence_until", table_name="presence")
    op.drop_index("ix_presence_brand_until", table_name="presence")
    op.drop_table("presence")
