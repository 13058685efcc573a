"""Single rows the desk's delivery and moderation routes look up by id (web/ never reads tables)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from calmdesk.storage.tables import Action, Mention, OutboxItem, Task


def outbox_item_by_id(session: Session, item_id: int) -> OutboxItem | None:
    return session.get(OutboxItem, item_id)


def mention_by_id(session: Session, mention_id: int) -> Mention | None:
    return session.get(Mention, mention_id)


def action_by_id(session: Session, action_id: int) -> Action | None:
    return session.get(Action, action_id)


def task_by_id(session: Session, task_id: int) -> Task | None:
    return session.get(Task, task_id)
