"""Processing webhook receipts in batches: one transaction and one ingest per batch.

Why: a receipt usually holds a handful of posts, and each receipt processed on its own paid
a transaction, the brand and channel lookups, the playbook, and triage's per-batch reads
(profiled: the fixed cost per job was most of a worker's time, 32 mentions/s). A job now
takes its own receipt and up to `batch_size() - 1` more that are waiting, locked with
`FOR UPDATE SKIP LOCKED` so two workers never take the same one, and ingests all their posts
at once. The jobs of the receipts it took find them done and finish at once.

Nothing accepted is lost: a receipt whose body cannot be parsed, or whose brand is unknown,
is marked with the reason on its own (its posts are ingested alone under a savepoint when
the batch's ingest refuses them), exactly as `jobs.process_receipt` does for one receipt.
"""

from __future__ import annotations

import logging
import os
import time
from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.receipts import ReceiptOutcome
from calmdesk.channels.receipts import ReceiptError, parse_receipt
from calmdesk.storage.tables import WebhookReceipt
from calmdesk.workers import jobs

log = logging.getLogger("calmdesk.workers")


def batch_size() -> int:
    """Receipts per job (`CALMDESK_RECEIPT_BATCH`, default 50)."""
    return max(1, int(os.environ.get("CALMDESK_RECEIPT_BATCH", "50")))


def process_receipt_batch(
    factory: sessionmaker[Session], receipt_id: int, *, size: int | None = None
) -> list[ReceiptOutcome]:
    """Process `receipt_id` and up to `size - 1` other waiting receipts in one transaction.

    Returns one outcome per receipt taken, the asked-for one first.
    """
    size = batch_size() if size is None else size
    for attempt in range(1, jobs.INTEGRITY_ATTEMPTS + 1):
        try:
            with factory.begin() as session:
                return _process(session, receipt_id, size)
        except IntegrityError:
            # Inserts skip rows other writers stored (storage.upsert); this is belt and braces.
            if attempt == jobs.INTEGRITY_ATTEMPTS:
                raise
            log.info("receipt batch at %s lost an insert race (attempt %s); retrying", receipt_id, attempt)
            time.sleep(0.05 * attempt)
        except (OperationalError, InterfaceError):
            raise  # the database went away: the queue retries the job, nothing to record
        except Exception:
            # Anything else (a value the database refuses, a bug) may belong to any receipt of
            # the batch, and the batch's transaction is gone. Fall back to this job's own
            # receipt alone, which records the reason on it (rejected, or failed-and-retried)
            # so a failing job is never silent; the other receipts stay waiting for their jobs.
            log.warning("receipt batch at %s failed; processing that receipt alone", receipt_id, exc_info=True)
            return [jobs.process_receipt(factory, receipt_id)]
    raise AssertionError("unreachable")  # pragma: no cover


def _process(session: Session, receipt_id: int, size: int) -> list[ReceiptOutcome]:
    first = session.execute(
        select(WebhookReceipt).where(WebhookReceipt.id == receipt_id).with_for_update()
    ).scalar_one_or_none()
    if first is None:
        return [ReceiptOutcome(receipt_id, "missing")]
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
    from calmdesk.channels._common.payload import PayloadError

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
    # `calmdesk worker --reprocess` it. Nothing accepted is lost.
    r.error = why[:2000]
    r.processed_at = jobs.now_utc()
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
        r.processed_at = jobs.now_utc()
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
