"""incidents: surges of one problem, their cases, holding statement and resolution (issue 16, item 4)

Revision ID: 0004_incidents
Revises: 0003_team
Create Date: 2026-12-07 00:10:00

Why:
- `incidents` holds one row per surge the detector found (`domain/incidents.py`): its title and
  rising words, when it started and opened, the figures that made it a surge (count, expected,
  threshold), the holding statement a supervisor approves once, and who resolved it and when.
- `cases.incident_id` links a case to the incident it belongs to (at most one), so the inbox can
  group an incident's cases and resolving the incident finds every case.
- `ix_cases_brand_opened` serves the detector's reads: a brand's complaints in the last 6.5
  hours, and the same hours of the four weeks before (the hour-of-week baseline), by range.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from calmdesk.storage.tables import UtcDateTime

revision: str = "0004_incidents"
down_revision: str | None = "0003_team"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=50), nullable=True),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("opened_at", UtcDateTime(), nullable=False),
        sa.Column("count_at_open", sa.Integer(), nullable=False),
        sa.Column("expected_at_open", sa.Float(), nullable=False),
        sa.Column("threshold_at_open", sa.Integer(), nullable=False),
        sa.Column("holding", sa.JSON(), nullable=False),
        sa.Column("holding_approved_by", sa.String(length=100), nullable=True),
        sa.Column("holding_approved_at", UtcDateTime(), nullable=True),
        sa.Column("status_update_outbox_id", sa.Integer(), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", UtcDateTime(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incidents_brand_state", "incidents", ["brand_id", "state", "opened_at"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("incident_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_cases_incident", "incidents", ["incident_id"], ["id"])
        batch_op.create_index("ix_cases_incident", ["incident_id"], unique=False)
        batch_op.create_index("ix_cases_brand_opened", ["brand_id", "opened_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_brand_opened")
        batch_op.drop_index("ix_cases_incident")
        batch_op.drop_constraint("fk_cases_incident", type_="foreignkey")
        batch_op.drop_column("incident_id")
    op.drop_index("ix_incidents_brand_state", table_name="incidents")
    op.drop_table("incidents")
