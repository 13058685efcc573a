"""What really happened to each reply we sent: queued, posted (with its link) or failed.

The thread shows this instead of "sent": a reply is only posted once the platform gave it an
id. A sent message and its outbox item are written together by `do_send_draft`, in the same
case at the same instant with the same text, which is how they are paired here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.domain.permalinks import message_url, post_url
from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import Channel, Message, OutboxItem

#: Outbox statuses -> what a person is told: a claimed (`sending`) item is not posted yet.
SHOWN_AS: dict[str, str] = {
    OutboxStatus.QUEUED: "queued",
    OutboxStatus.SENDING: "queued",
    OutboxStatus.POSTED: "posted",
    OutboxStatus.FAILED: "failed",
}

MESSAGE_OPERATIONS = ("reply", "private_message")


@dataclass(frozen=True)
class Delivery:
    """One outbound message's delivery as the thread shows it."""

    item_id: int
    state: str  # queued | posted | failed
    link: str | None
    reason: str | None
    attempts: int
    posted_at: datetime | None
    next_attempt_at: datetime | None

    @property
    def can_retry(self) -> bool:
        return self.state == "failed"


def delivery_of(item: OutboxItem, channel: Channel | None) -> Delivery:
    state = SHOWN_AS.get(item.status, "queued")
    link = None
    if state == "posted":
        link = post_url(
            item.platform,
            item.result_external_id,
            handle=channel.handle if channel else None,
            settings=channel.settings if channel else None,
            public=item.operation == "reply",
        )
        if link is None and item.operation == "private_message":
            # a channel that shows its private messages (the demo's sandbox inbox page)
            link = message_url(
                str((item.payload or {}).get("recipient") or "") or None, channel.settings if channel else None
            )
    return Delivery(
        item_id=item.id,
        state=state,
        link=link,
        # a queued item may carry the error of a try that will be repeated; a posted one none
        reason=item.last_error if state != "posted" else None,
        attempts=item.attempts or 0,
        posted_at=item.sent_at if state == "posted" else None,
        next_attempt_at=item.next_attempt_at if state == "queued" else None,
    )


def deliveries_for_case(session: Session, case_id: int) -> dict[int, Delivery]:
    """Outbound message id -> its delivery, for every message of the case that went to the outbox."""
    items = list(
        session.scalars(
            select(OutboxItem)
            .where(OutboxItem.case_id == case_id, OutboxItem.operation.in_(MESSAGE_OPERATIONS))
            .order_by(OutboxItem.id)
        )
    )
    if not items:
        return {}
    channels = {
        ch.id: ch
        for ch in session.scalars(select(Channel).where(Channel.id.in_({i.channel_id for i in items if i.channel_id})))
    }
    by_moment: dict[tuple[datetime, str], list[OutboxItem]] = {}
    for item in items:
        vis = "public" if item.operation == "reply" else "private"
        by_moment.setdefault((item.created_at, vis), []).append(item)
    out: dict[int, Delivery] = {}
    messages = session.scalars(
        select(Message)
        .where(Message.case_id == case_id, Message.direction == "outbound", Message.mention_id.is_(None))
        .order_by(Message.id)
    )
    used: set[int] = set()
    for msg in messages:
        candidates = by_moment.get((msg.created_at, msg.visibility), [])
        match = next((i for i in candidates if (i.payload or {}).get("text") == msg.text and i.id not in used), None)
        if match is None:
            # the message's time may be the platform's once posted: pair by text, oldest first
            vis_op = "reply" if msg.visibility == "public" else "private_message"
            match = next(
                (i for i in items if i.id not in used and i.operation == vis_op and (i.payload or {}).get("text") == msg.text),
                None,
            )
        if match is None:
            continue
        used.add(match.id)
        out[msg.id] = delivery_of(match, channels.get(match.channel_id) if match.channel_id else None)
    return out


def deliveries_for_drafts(session: Session, draft_ids: list[int]) -> dict[int, Delivery]:
    """Draft id -> the delivery of the outbox item it became (a sent draft is queued until posted)."""
    if not draft_ids:
        return {}
    items = list(session.scalars(select(OutboxItem).where(OutboxItem.draft_id.in_(draft_ids))))
    channel_ids = {i.channel_id for i in items if i.channel_id}
    channels = {ch.id: ch for ch in session.scalars(select(Channel).where(Channel.id.in_(channel_ids)))}
    return {
        i.draft_id: delivery_of(i, channels.get(i.channel_id) if i.channel_id else None)
        for i in items
        if i.draft_id is not None
    }
