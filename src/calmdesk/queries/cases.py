"""Reading cases: the priority inbox and a case's thread with its audit history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.storage.tables import Action, Author, Brand, Case, Message


@dataclass
class InboxFilter:
    brand: str | None = None
    brand_ids: list[int] | None = None  # the brands the viewer may see; None = all
    state: str | None = None
    platform: str | None = None
    owner: str | None = None
    topic: str | None = None
    escalated_only: bool = False
    include_closed: bool = False


def inbox_query(f: InboxFilter) -> Select[Case, str, str, int | None]:
    """Cases sorted by priority (highest first), then the earliest first-response due time."""
    q = select(Case, Brand.key, Author.handle, Author.followers).join(Brand, Brand.id == Case.brand_id).outerjoin(
        Author, Author.id == Case.author_id
    )
    if f.brand:
        q = q.where(Brand.key == f.brand)
    if f.brand_ids is not None:
        q = q.where(Case.brand_id.in_(f.brand_ids))
    if f.state:
        q = q.where(Case.state == f.state)
    elif not f.include_closed:
        q = q.where(Case.state.in_(sorted(s.value for s in OPEN_STATES)))
    if f.platform:
        q = q.where(Case.platform == f.platform)
    if f.owner:
        q = q.where(Case.owner == f.owner)
    if f.topic:
        q = q.where(Case.topic == f.topic)
    if f.escalated_only:
        q = q.where(Case.state == "escalated")
    return q.order_by(Case.priority.desc(), Case.first_response_due_at.asc().nulls_last(), Case.id.asc())


def list_cases(session: Session, f: InboxFilter, limit: int = 50, offset: int = 0) -> list[Any]:
    return list(session.execute(inbox_query(f).limit(limit).offset(offset)).all())


def count_cases(session: Session, f: InboxFilter) -> int:
    sub = inbox_query(f).order_by(None).with_only_columns(Case.id).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def thread(session: Session, case_id: int) -> list[tuple[Message, str | None]]:
    rows = session.execute(
        select(Message, Author.handle)
        .outerjoin(Author, Author.id == Message.author_id)
        .where(Message.case_id == case_id)
        .order_by(Message.created_at, Message.id)
    ).all()
    return [(m, h) for m, h in rows]


def history(session: Session, case_id: int) -> list[Action]:
    return list(session.scalars(select(Action).where(Action.case_id == case_id).order_by(Action.at, Action.id)))


def first_message_text(session: Session, case_id: int) -> str | None:
    """The text that opened a case (the inbox's excerpt)."""
    return session.scalar(
        select(Message.text).where(Message.case_id == case_id).order_by(Message.created_at, Message.id)
    )
