"""The bodies of background jobs, shared by embedded and production mode.

Each takes a sessionmaker and owns its transactions. All are idempotent:
- a receipt is parsed and ingested in the same transaction that marks it processed, under a
  row lock, so a job that runs twice finds it done and a job killed half-way left nothing;
- ingest is keyed by (platform, external id); two workers storing the same item at the same
  moment make one of them hit the unique constraint, and that worker retries its whole batch,
  which then sees the other's rows as duplicates. Nobody stores a duplicate, nobody crashes.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.tables import JobLock, WebhookReceipt

log = logging.getLogger("calmdesk.workers")

#: Attempts at a batch that lost a race on a unique constraint before the job itself fails.
INTEGRITY_ATTEMPTS = 6

GENERIC_PREFIX = "generic:"

#: Outbox batches per job run (each sends up to 50), so a backlog drains without waiting ticks.
OUTBOX_ROUNDS = 40


class ReceiptError(ValueError):
    """A receipt whose body cannot be turned into mentions (kept with the reason, never dropped)."""


@dataclass(frozen=True)
class ReceiptOutcome:
    receipt_id: int
    status: str  # processed | already | missing | rejected
    created: int = 0
    duplicates: int = 0
    error: str | None = None


def now_utc() -> datetime:
    return datetime.now(UTC)


def receipt_source_generic(brand_key: str) -> str:
    return f"{GENERIC_PREFIX}{brand_key}"


def parse_receipt(source: str, body: str) -> tuple[list[Any], str | None]:
    """The mentions in a stored body and the brand they are for (None: decided by the channel)."""
    from calmdesk.channels import parse_payload

    if source.startswith(GENERIC_PREFIX):
        brand_key = source[len(GENERIC_PREFIX) :]
        return parse_payload("webhook", body), brand_key
    if source == "meta":
        try:
            kind = json.loads(body).get("object")
        except (ValueError, AttributeError) as exc:
            raise ReceiptError("meta webhook body is not a JSON object") from exc
        return parse_payload("instagram" if kind == "instagram" else "facebook", body), None
    if source == "x":
        return parse_payload("x", body), None
    raise ReceiptError(f"unknown receipt source {source!r}")


def process_receipt(factory: sessionmaker[Session], receipt_id: int) -> ReceiptOutcome:
    """Parse and ingest one accepted webhook body, exactly once."""
    from calmdesk.actions.brands import NotFound
    from calmdesk.actions.ingest import IngestError, do_ingest_mentions
    from calmdesk.channels.parsers._common import PayloadError

    for attempt in range(1, INTEGRITY_ATTEMPTS + 1):
        try:
            with factory.begin() as session:
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
                    # `calmdesk worker --reprocess` it. Nothing accepted is lost.
                    receipt.error = str(exc)[:2000]
                    receipt.processed_at = now_utc()
                    return ReceiptOutcome(receipt_id, "rejected", error=receipt.error)
                problems = [f"{ext}: {why}" for ext, why in report.rejected]
                receipt.error = "; ".join(problems)[:2000] or None
                receipt.processed_at = now_utc()
                return ReceiptOutcome(
                    receipt_id, "processed", report.created, report.duplicates, receipt.error
                )
        except IntegrityError as exc:
            if attempt == INTEGRITY_ATTEMPTS:
                _note_failure(factory, receipt_id, exc)
                raise
            log.info("receipt %s lost an insert race (attempt %s); retrying the batch", receipt_id, attempt)
            time.sleep(0.05 * attempt)
        except DataError as exc:
            # A value the database refuses will be refused on every retry: keep the body with
            # the reason (`receipts status` shows it, `receipts retry` after a fix).
            return _reject(factory, receipt_id, f"the database refused an item: {_first_line(exc)}")
        except (OperationalError, InterfaceError):
            raise  # the database went away: the queue retries the job, nothing to record
        except Exception as exc:
            # Anything else: the job is retried, and the receipt says why meanwhile, so a job
            # that keeps failing is never silent (issue 17, item 5).
            _note_failure(factory, receipt_id, exc)
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig or exc).splitlines() or [type(exc).__name__])[0][:500]


def _reject(factory: sessionmaker[Session], receipt_id: int, reason: str) -> ReceiptOutcome:
    with factory.begin() as session:
        receipt = session.get(WebhookReceipt, receipt_id)
        if receipt is None:
            return ReceiptOutcome(receipt_id, "missing")
        receipt.error = reason[:2000]
        receipt.processed_at = now_utc()
    log.warning("receipt %s rejected: %s", receipt_id, reason)
    return ReceiptOutcome(receipt_id, "rejected", error=reason)


def _note_failure(factory: sessionmaker[Session], receipt_id: int, exc: BaseException) -> None:
    """Record why the job failed on the still-waiting receipt (best effort: the job is retried anyway)."""
    reason = f"job failed ({type(exc).__name__}: {_first_line(exc)}); it will be retried"
    try:
        with factory.begin() as session:
            receipt = session.get(WebhookReceipt, receipt_id)
            if receipt is not None and receipt.processed_at is None:
                receipt.error = reason[:2000]
    except Exception:  # the database itself may be the problem; the queue keeps the job
        log.exception("could not record the failure of receipt %s", receipt_id)


def ingest_items(
    factory: sessionmaker[Session],
    items: list[Any],
    *,
    brand_key: str | None = None,
    auto_create_brands: bool = False,
) -> Any:
    """`do_ingest_mentions` in its own transaction, retried when a concurrent worker won a race."""
    from calmdesk.actions.ingest import do_ingest_mentions

    for attempt in range(1, INTEGRITY_ATTEMPTS + 1):
        try:
            with factory.begin() as session:
                return do_ingest_mentions(
                    session, items, brand_key=brand_key, auto_create_brands=auto_create_brands
                )
        except IntegrityError:
            if attempt == INTEGRITY_ATTEMPTS:
                raise
            time.sleep(0.05 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def unprocessed_receipts(
    factory: sessionmaker[Session], *, older_than_s: float = 0.0, limit: int = 1000
) -> list[int]:
    """Receipts still waiting; the sweeper hands old ones to the queue again (belt and braces)."""
    cutoff = now_utc() - timedelta(seconds=older_than_s)
    with factory() as session:
        return list(
            session.scalars(
                select(WebhookReceipt.id)
                .where(WebhookReceipt.processed_at.is_(None), WebhookReceipt.received_at <= cutoff)
                .order_by(WebhookReceipt.id)
                .limit(limit)
            )
        )


def reopen_receipts(factory: sessionmaker[Session], receipt_ids: list[int]) -> int:
    """Mark rejected receipts unprocessed again, after a parser fix, so they are ingested."""
    with factory.begin() as session:
        rows = session.scalars(select(WebhookReceipt).where(WebhookReceipt.id.in_(receipt_ids))).all()
        for r in rows:
            r.processed_at = None
            r.error = None
        return len(rows)


# --- periodic jobs -----------------------------------------------------------------------------


def run_sla_check(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, int]:
    """B-SLA warnings and breaches; notifications leave only after the commit."""
    from calmdesk.actions.sla import do_check_sla
    from calmdesk.notify import AppriseNotifier, dispatch_after_commit

    with factory.begin() as session:
        report = do_check_sla(session, now or now_utc())
        dispatch_after_commit(session, AppriseNotifier(), report.notices)
    return {
        "checked": report.checked,
        "warned": len(report.warned),
        "breached": len(report.breached),
        "escalated": len(report.escalated),
    }


def run_polling(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, Any]:
    """Poll the channels whose turn it is (the connectors area owns what a poll does)."""
    from calmdesk.channels.polling import poll_due_channels

    result = poll_due_channels(factory, now=now or now_utc())
    return {"result": repr(result)[:500]}


def run_outbox(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, Any]:
    """Send what is due in the outbox; the outbox reconciles with the platform before a retry."""
    from calmdesk.actions.outbox import do_send_outbox

    totals: dict[str, Any] = {"sent": 0, "reconciled": 0, "retried": 0, "failed": 0}
    for _ in range(OUTBOX_ROUNDS):
        report = do_send_outbox(factory, now=now or now_utc())
        moved = 0
        for key in totals:
            n = len(getattr(report, key, ()) or ())
            totals[key] += n
            moved += n
        if moved == 0:
            break
    return totals


# --- leases ------------------------------------------------------------------------------------


def try_lease(
    factory: sessionmaker[Session], name: str, holder: str, ttl_s: float, now: datetime | None = None
) -> bool:
    """Take or renew the lease `name` for `ttl_s` seconds. True when `holder` has it now.

    Used by embedded mode so two processes on one SQLite file never run a periodic job twice.
    """
    at = now or now_utc()
    try:
        with factory.begin() as session:
            row = session.execute(
                select(JobLock).where(JobLock.name == name).with_for_update()
            ).scalar_one_or_none()
            if row is None:
                session.add(JobLock(name=name, holder=holder, expires_at=at + timedelta(seconds=ttl_s)))
                return True
            if row.holder != holder and row.expires_at > at:
                return False
            row.holder = holder
            row.expires_at = at + timedelta(seconds=ttl_s)
            return True
    except IntegrityError:
        return False


def release_lease(factory: sessionmaker[Session], name: str, holder: str) -> None:
    with factory.begin() as session:
        row = session.get(JobLock, name)
        if row is not None and row.holder == holder:
            session.delete(row)
