"""Webhook receipts: the raw bodies the desk accepted, stored once and ingested exactly once.

The web endpoint stores a verified body (`do_store_receipt`) and answers at once; a worker
ingests it (`do_ingest_receipt`) in the transaction that marks it processed, under a row lock,
so a job that runs twice finds it done and a job killed half-way left nothing. A body that
cannot be read is kept with the reason; `do_reopen_receipts` hands it to the worker again
after a parser fix. Nothing accepted is lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.tables import WebhookReceipt


@dataclass(frozen=True)
class ReceiptOutcome:
    receipt_id: int
    status: str  # processed | already | taken (in another worker's batch) | missing | rejected
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
    return do_ingest_receipt_batch(session, receipt_id, 1)[0]


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


def do_ingest_receipt_batch(session: Session, receipt_id: int, size: int) -> list[ReceiptOutcome]:
    """Ingest `receipt_id` and up to `size - 1` other waiting receipts in the caller's transaction.

    The others are locked with `SKIP LOCKED`, so two workers never take the same one; each
    receipt is marked on its own (processed, or rejected with its reason). Returns one outcome
    per receipt taken, the asked-for one first.
    """
    from calmdesk.channels._common.payload import PayloadError
    from calmdesk.channels.receipts import ReceiptError, parse_receipt

    # SKIP LOCKED here too: a receipt that another worker holds is in that worker's batch, so
    # this job has nothing to do. Waiting for that lock instead (as before) made every worker
    # queue behind the one whose batch held its receipt, so two workers ingested one at a time.
    # Should that batch fail, its fallback ingests only its own receipt; the others wait for the
    # orphan sweep (`workers.queue.sweep_orphan_receipts`), which queues them again.
    first = session.execute(
        select(WebhookReceipt).where(WebhookReceipt.id == receipt_id).with_for_update(skip_locked=True)
    ).scalar_one_or_none()
    if first is None:
        held = session.scalar(select(WebhookReceipt.id).where(WebhookReceipt.id == receipt_id))
        return [ReceiptOutcome(receipt_id, "taken" if held is not None else "missing")]
    if first.processed_at is not None:
        return [ReceiptOutcome(receipt_id, "already", error=first.error)]
    receipts = [first]
    if size > 1:
        receipts += session.scalars(
            select(WebhookReceipt)
            .where(WebhookReceipt.processed_at.is_(None), WebhookReceipt.id != receipt_id)
            .order_by(WebhookReceipt.id)
            .limit(size - 1)
            .with_for_update(skip_locked=True)
        ).all()
    outcomes: dict[int, ReceiptOutcome] = {}
    groups: dict[str | None, list[tuple[WebhookReceipt, list[Any]]]] = defaultdict(list)
    for r in receipts:
        try:
            items, brand_key = parse_receipt(r.source, r.body)
        except (PayloadError, ReceiptError) as exc:
            outcomes[r.id] = _reject(r, str(exc))
            continue
        groups[brand_key].append((r, items))
    for brand_key, members in groups.items():
        _ingest_group(session, brand_key, members, outcomes)
    return [outcomes[r.id] for r in receipts]


def _reject(r: WebhookReceipt, why: str) -> ReceiptOutcome:
    # The body stays stored with the reason: fix the parser or the brand, then
    # `calmdesk receipts retry` it. Nothing accepted is lost.
    r.error = why[:2000]
    r.processed_at = datetime.now(UTC)
    return ReceiptOutcome(r.id, "rejected", error=r.error)


def _ingest_group(
    session: Session,
    brand_key: str | None,
    members: list[tuple[WebhookReceipt, list[Any]]],
    outcomes: dict[int, ReceiptOutcome],
) -> None:
    """Ingest the receipts of one brand key together; alone, one by one, if that is refused."""
    from calmdesk.actions.brands import NotFound
    from calmdesk.actions.ingest import IngestError, do_ingest_mentions

    items = [it for _r, its in members for it in its]
    try:
        with session.begin_nested():
            report = do_ingest_mentions(session, items, brand_key=brand_key, actor="webhook")
    except (NotFound, IngestError) as exc:
        if len(members) == 1:
            outcomes[members[0][0].id] = _reject(members[0][0], str(exc))
            return
        for member in members:
            _ingest_group(session, brand_key, [member], outcomes)
        return
    problems: dict[str, str] = dict(report.rejected)
    share = len(members) == 1
    for r, its in members:
        mine = [f"{it.external_id}: {problems[it.external_id]}" for it in its if it.external_id in problems]
        r.error = "; ".join(mine)[:2000] or None
        r.processed_at = datetime.now(UTC)
        outcomes[r.id] = ReceiptOutcome(
            r.id,
            "processed",
            report.created if share else 0,
            report.duplicates if share else 0,
            r.error,
        )
    if not share:
        # One ingest for all: the counts belong to the batch, reported on its first receipt.
        head = members[0][0].id
        outcomes[head] = ReceiptOutcome(head, "processed", report.created, report.duplicates, outcomes[head].error)
