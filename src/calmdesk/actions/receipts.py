"""Webhook receipts: the raw bodies the desk accepted, stored once and ingested exactly once.

The web endpoint stores a verified body (`do_store_receipt`) and answers at once; a worker
ingests it (`do_ingest_receipt`) in the transaction that marks it processed, under a row lock,
so a job that runs twice finds it done and a job killed half-way left nothing. A body that
cannot be read is kept with the reason; `do_reopen_receipts` hands it to the worker again
after a parser fix. Nothing accepted is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.tables import WebhookReceipt


@dataclass(frozen=True)
class ReceiptOutcome:
    receipt_id: int
    status: str  # processed | already | missing | rejected
    created: int = 0
    duplicates: int = 0
    error: str | None = None


def do_store_receipt(
    factory: sessionmaker[Session],
    source: str,
    digest: str,
    body: str,
    *,
    then: Callable[[Session, int], None] | None = None,
) -> tuple[int, bool]:
    """Store a body once (unique digest: a replay finds the first). Returns (id, created).

    `then` runs in the same transaction with the new id (production enqueues its job there,
    so a receipt and its job exist together or not at all).
    """
    try:
        with factory.begin() as session:
            receipt = WebhookReceipt(source=source, digest=digest, body=body)
            session.add(receipt)
            session.flush()
            if then is not None:
                then(session, receipt.id)
            return receipt.id, True
    except IntegrityError:
        with factory() as session:
            existing = session.scalar(select(WebhookReceipt.id).where(WebhookReceipt.digest == digest))
        if existing is None:
            raise
        return existing, False


def do_ingest_receipt(session: Session, receipt_id: int) -> ReceiptOutcome:
    """Parse and ingest one stored body and mark it processed, in the caller's transaction."""
    from calmdesk.actions.brands import NotFound
    from calmdesk.actions.ingest import IngestError, do_ingest_mentions
    from calmdesk.channels._common.payload import PayloadError
    from calmdesk.channels.receipts import ReceiptError, parse_receipt

    receipt = session.execute(
        select(WebhookReceipt).where(WebhookReceipt.id == receipt_id).with_for_update()
    ).scalar_one_or_none()
    if receipt is None:
        return ReceiptOutcome(receipt_id, "missing")
    if receipt.processed_at is not None:
        return ReceiptOutcome(receipt_id, "already", error=receipt.error)
    try:
        items, brand_key = parse_receipt(receipt.source, receipt.body)
        report = do_ingest_mentions(session, items, brand_key=brand_key, actor="webhook")
    except (PayloadError, ReceiptError, NotFound, IngestError) as exc:
        # The body stays stored with the reason: fix the parser or the brand, then
        # `calmdesk receipts retry` it. Nothing accepted is lost.
        receipt.error = str(exc)[:2000]
        receipt.processed_at = datetime.now(UTC)
        return ReceiptOutcome(receipt_id, "rejected", error=receipt.error)
    problems = [f"{ext}: {why}" for ext, why in report.rejected]
    receipt.error = "; ".join(problems)[:2000] or None
    receipt.processed_at = datetime.now(UTC)
    return ReceiptOutcome(receipt_id, "processed", report.created, report.duplicates, receipt.error)


def do_reopen_receipts(session: Session, receipt_ids: list[int]) -> int:
    """Mark rejected receipts unprocessed again, after a parser fix, so they are ingested."""
    rows = session.scalars(select(WebhookReceipt).where(WebhookReceipt.id.in_(receipt_ids))).all()
    for r in rows:
        r.processed_at = None
        r.error = None
    return len(rows)


def do_reject_receipt(session: Session, receipt_id: int, reason: str) -> bool:
    """Mark a body processed with the reason it cannot be stored (a value the database refuses).

    Returns False when there is no such receipt.
    """
    receipt = session.get(WebhookReceipt, receipt_id)
    if receipt is None:
        return False
    receipt.error = reason[:2000]
    receipt.processed_at = datetime.now(UTC)
    return True


def do_note_receipt_failure(session: Session, receipt_id: int, reason: str) -> None:
    """Say on a still-waiting receipt why its job failed (the job is retried; it is never silent)."""
    receipt = session.get(WebhookReceipt, receipt_id)
    if receipt is not None and receipt.processed_at is None:
        receipt.error = reason[:2000]
