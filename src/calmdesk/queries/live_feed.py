"""Reads of the desk's live channel: the change feed and who is on which case.

The change feed is not a second record: it is the audit log (`actions`) and the thread
(`messages`) read by increasing primary key. Each web process reads from where its reader
was, through the primary key index, at most `LIMIT` rows per read, filtered by the reader's
brands in SQL; so it works the same on SQLite (one process) and PostgreSQL (several).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.domain.live import Change, Present
from calmdesk.storage.tables import Action, Case, Message, PresenceRow, utcnow

LIMIT = 200


def feed_heads(session: Session) -> tuple[int, int]:
    """The newest action id and message id: a new reader starts here (it wants what comes next)."""
    return (
        session.scalar(select(func.max(Action.id))) or 0,
        session.scalar(select(func.max(Message.id))) or 0,
    )


def actions_after(
    session: Session, after: int, brand_ids: Sequence[int] | None, limit: int = LIMIT
) -> list[Change]:
    """Audit actions with an id above `after` on the reader's brands (the case's brand when the
    action has none of its own)."""
    brand = func.coalesce(Action.brand_id, Case.brand_id)
    stmt = (
        select(Action.id, Action.case_id, brand, Action.actor, Action.verb, Action.note)
        .outerjoin(Case, Case.id == Action.case_id)
        .where(Action.id > after)
        .order_by(Action.id)
        .limit(limit)
    )
    if brand_ids is not None:
        stmt = stmt.where(brand.in_(list(brand_ids)))
    return [Change("action", i, c, b, a, v, n) for i, c, b, a, v, n in session.execute(stmt)]


def messages_after(
    session: Session, after: int, brand_ids: Sequence[int] | None, limit: int = LIMIT
) -> list[Change]:
    """New thread messages (a customer wrote, a reply went out) with an id above `after`."""
    stmt = (
        select(Message.id, Message.case_id, Case.brand_id, Message.sent_by, Message.direction)
        .join(Case, Case.id == Message.case_id)
        .where(Message.id > after)
        .order_by(Message.id)
        .limit(limit)
    )
    if brand_ids is not None:
        stmt = stmt.where(Case.brand_id.in_(list(brand_ids)))
    return [Change("message", i, c, b, s, f"message.{d}") for i, c, b, s, d in session.execute(stmt)]


def live_presence(
    session: Session, brand_ids: Sequence[int] | None, *, case_id: int | None = None,
    now: datetime | None = None, limit: int = 500,
) -> list[Present]:  # fmt: skip
    """Who is on a case right now (rows not yet expired), on the reader's brands."""
    stmt = select(
        PresenceRow.case_id, PresenceRow.username, PresenceRow.display_name, PresenceRow.activity
    ).where(PresenceRow.until > (now or utcnow()))
    if brand_ids is not None:
        stmt = stmt.where(PresenceRow.brand_id.in_(list(brand_ids)))
    if case_id is not None:
        stmt = stmt.where(PresenceRow.case_id == case_id)
    stmt = stmt.order_by(PresenceRow.case_id, PresenceRow.username).limit(limit)
    return [Present(c, u, n, a) for c, u, n, a in session.execute(stmt)]
