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

from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.receipts import ReceiptOutcome, do_ingest_receipt_batch
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
                return do_ingest_receipt_batch(session, receipt_id, size)
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
