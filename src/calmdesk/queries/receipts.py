"""How the accepted webhook bodies stand: waiting, processed, and the latest with a problem."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import WebhookReceipt


@dataclass(frozen=True)
class ReceiptStatus:
    waiting: int
    processed: int
    #: (receipt id, source, problem), newest first.
    problems: list[tuple[int, str, str | None]]


def receipt_status(session: Session, *, problems: int = 10) -> ReceiptStatus:
    waiting = session.scalar(select(func.count()).where(WebhookReceipt.processed_at.is_(None))) or 0
    done = session.scalar(select(func.count()).where(WebhookReceipt.processed_at.is_not(None))) or 0
    bad = session.execute(
        select(WebhookReceipt.id, WebhookReceipt.source, WebhookReceipt.error)
        .where(WebhookReceipt.error.is_not(None))
        .order_by(WebhookReceipt.id.desc())
        .limit(problems)
    ).all()
    return ReceiptStatus(int(waiting), int(done), [(int(i), str(s), e) for i, s, e in bad])
