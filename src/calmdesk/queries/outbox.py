"""What the outbox holds: posted items with their link, failed ones with the platform's reason."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import OutboxItem


def deliveries_of(session: Session, draft_ids: Sequence[int]) -> dict[int, OutboxItem]:
    """Each sent draft's outbox item: whether it reached the platform (id, link) or why not."""
    if not draft_ids:
        return {}
    rows = session.scalars(select(OutboxItem).where(OutboxItem.draft_id.in_(list(draft_ids))))
    return {row.draft_id: row for row in rows if row.draft_id is not None}


def list_outbox(
    session: Session, status: OutboxStatus | None = None, limit: int = 50
) -> Sequence[OutboxItem]:
    """Newest first; `status` narrows it (`failed` is what a person has to look at)."""
    query = select(OutboxItem).order_by(OutboxItem.created_at.desc(), OutboxItem.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxItem.status == status)
    return list(session.scalars(query))
