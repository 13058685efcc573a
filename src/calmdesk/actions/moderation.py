"""B-MODERATE: hide or delete a public post with a reason, and reach out to a real customer privately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.domain.moderation import ModerationError, check_moderation, needs_outreach
from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import Author, Case, Mention, OutboxItem, Task

OUTREACH = "private_outreach"


@dataclass
class ModerationResult:
    outbox: OutboxItem
    outreach: Task | None


def do_moderate_mention(
    session: Session,
    mention_id: int,
    operation: str,
    reason: str | None,
    *,
    actor: str,
    at: datetime,
    note: str | None = None,
) -> ModerationResult:
    """Queue the platform hide/delete call (idempotent per mention and operation) and, for a real
    customer, a private outreach task carrying the reason (B-MODERATE)."""
    op, why = check_moderation(operation, reason)
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise ModerationError(f"no mention #{mention_id}")
    if mention.direction != "inbound":
        raise ModerationError("only posts by others are moderated; edit our own replies instead")
    key = f"moderate:{op.value}:{mention.platform}:{mention.external_id}"
    item = session.scalar(select(OutboxItem).where(OutboxItem.idempotency_key == key))
    if item is None:
        item = OutboxItem(
            idempotency_key=key,
            case_id=mention.case_id,
            channel_id=mention.channel_id,
            platform=mention.platform,
            operation=op.value,
            target_external_id=mention.external_id,
            payload={"reason": why.value},
            status=OutboxStatus.QUEUED,
        )
        session.add(item)
    mention.hidden = True
    mention.hidden_reason = why.value
    author = session.get(Author, mention.author_id) if mention.author_id else None
    linked = bool(author and author.customer_id) or bool(
        mention.case_id and (c := session.get(Case, mention.case_id)) is not None and c.customer_id
    )
    task = None
    if needs_outreach(why, linked):
        task = (
            session.scalar(
                select(Task).where(
                    Task.case_id == mention.case_id, Task.kind == OUTREACH, Task.done_at.is_(None)
                )
            )
            if mention.case_id
            else None
        )
        if task is None:
            case = session.get(Case, mention.case_id) if mention.case_id else None
            task = Task(
                case_id=mention.case_id,
                kind=OUTREACH,
                reason=f"B-MODERATE: post {op.value} ({why.value}); contact the person privately so they are still helped",
                due_at=at,
                assignee=case.owner if case else None,
            )
            session.add(task)
    session.flush()
    audit.record(
        session,
        actor=actor,
        verb=f"mention.{op.value}",
        case_id=mention.case_id,
        brand_id=mention.brand_id,
        note=note,
        at=at,
        mention_id=mention.id,
        reason=why.value,
        outbox_id=item.id,
        outreach_task_id=task.id if task else None,
    )
    return ModerationResult(item, task)
