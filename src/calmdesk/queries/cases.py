"""Reading cases: the priority inbox and a case's thread with its audit history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, select
from sqlalchemy.orm import Session

from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.storage.tables import Action, Author, Brand, Case, CaseTag, Message


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
    tag: str | None = None  # a people's tag (`case_tags`), normalised
    case_ids: list[int] | None = None  # only these cases (the inbox's search words matched them)


#: The inbox order: priority (highest first), then the earliest first-response due time with
#: cases that have none last, then id. Written with `IS NULL` rather than `NULLS LAST` so that
#: it is the expression list of `ix_cases_open_queue` (migration 0002) on both engines, and the
#: first page reads its rows off that index instead of sorting every open case.
INBOX_ORDER = (
    Case.priority.desc(),
    Case.first_response_due_at.is_(None),
    Case.first_response_due_at.asc(),
    Case.id.asc(),
)


def open_cases() -> ColumnElement[bool]:
    """`state IN (open states)` with the states written into the SQL, as in the partial index's
    predicate: a bound list would hide from the planner (a prepared plan on PostgreSQL, any plan
    on SQLite) that the query only wants what the index holds."""
    states = sorted(s.value for s in OPEN_STATES)
    return Case.state.in_(bindparam("open_states", states, expanding=True, literal_execute=True))


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
        q = q.where(open_cases())
    if f.platform:
        q = q.where(Case.platform == f.platform)
    if f.owner:
        q = q.where(Case.owner == f.owner)
    if f.topic:
        q = q.where(Case.topic == f.topic)
    if f.escalated_only:
        q = q.where(Case.state == "escalated")
    if f.tag:
        q = q.where(Case.id.in_(select(CaseTag.case_id).where(CaseTag.tag == f.tag)))
    if f.case_ids is not None:
        q = q.where(Case.id.in_(f.case_ids or [-1]))
    return q.order_by(*INBOX_ORDER)


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
