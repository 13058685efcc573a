"""A person asks for a failed outbox item to be tried again.

The sender gives up after `MAX_ATTEMPTS` or on a refusal it cannot get past alone (a text the
platform rejected, a channel without credentials). Once the cause is fixed, a person puts the
item back in the queue; the idempotency key stays, so a retry never posts twice.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.storage.tables import Case, OutboxItem

RETRYABLE = ("failed",)


class RetryRefused(ValueError):
    """The item is not in a state that a retry can help; the message says which state it is in."""


def do_retry_outbox_item(session: Session, item_id: int, actor: str) -> OutboxItem:
    item = session.get(OutboxItem, item_id)
    if item is None:
        raise RetryRefused(f"no outbox item #{item_id}")
    if item.status not in RETRYABLE:
        raise RetryRefused(f"outbox item #{item.id} is {item.status}; only a failed item is retried")
    previous_error = item.last_error
    item.status = "pending"
    item.next_attempt_at = None
    item.attempts = 0
    case = session.get(Case, item.case_id) if item.case_id else None
    audit.record(
        session, actor=actor, verb="outbox.retried", case_id=item.case_id,
        brand_id=case.brand_id if case else None, item_id=item.id, previous_error=previous_error,
    )  # fmt: skip
    session.flush()
    return item
