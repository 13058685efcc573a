"""The bodies of background jobs, shared by embedded and production mode.

Each takes a sessionmaker and owns its transactions. All are idempotent:
- a receipt is parsed and ingested in the same transaction that marks it processed, under a
  row lock, so a job that runs twice finds it done and a job killed half-way left nothing;
- ingest is keyed by (platform, external id); two workers storing the same item at the same
  moment make one of them hit the unique constraint, and that worker retries its whole batch,
  which then sees the other's rows as duplicates. Nobody stores a duplicate, nobody crashes.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.leases import do_take_lease
from calmdesk.actions.receipts import (
    ReceiptOutcome,
    do_ingest_receipt,
    do_note_receipt_failure,
    do_reject_receipt,
    do_reopen_receipts,
)
from calmdesk.storage.tables import WebhookReceipt

log = logging.getLogger("calmdesk.workers")

#: Attempts at a batch that lost a race on a unique constraint before the job itself fails.
INTEGRITY_ATTEMPTS = 6

#: Outbox batches per job run (each sends up to 50), so a backlog drains without waiting ticks.
OUTBOX_ROUNDS = 40


def now_utc() -> datetime:
    return datetime.now(UTC)


def process_receipt(factory: sessionmaker[Session], receipt_id: int) -> ReceiptOutcome:
    """Parse and ingest one accepted webhook body, exactly once."""
    for attempt in range(1, INTEGRITY_ATTEMPTS + 1):
        try:
            with factory.begin() as session:
                return do_ingest_receipt(session, receipt_id)
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
        if not do_reject_receipt(session, receipt_id, reason):
            return ReceiptOutcome(receipt_id, "missing")
    log.warning("receipt %s rejected: %s", receipt_id, reason)
    return ReceiptOutcome(receipt_id, "rejected", error=reason)


def _note_failure(factory: sessionmaker[Session], receipt_id: int, exc: BaseException) -> None:
    """Record why the job failed on the still-waiting receipt (best effort: the job is retried anyway)."""
    reason = f"job failed ({type(exc).__name__}: {_first_line(exc)}); it will be retried"
    try:
        with factory.begin() as session:
            do_note_receipt_failure(session, receipt_id, reason)
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
        return do_reopen_receipts(session, receipt_ids)


# --- periodic jobs -----------------------------------------------------------------------------


def run_sla_check(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, int]:
    """B-SLA warnings and breaches, and follow-up tasks whose reply went out (B-FOLLOWUP).

    Notifications leave only after the commit.
    """
    from calmdesk.actions.followup import do_close_met_followups
    from calmdesk.actions.sla import do_check_sla
    from calmdesk.notify import AppriseNotifier, dispatch_after_commit

    at = now or now_utc()
    with factory.begin() as session:
        report = do_check_sla(session, at)
        followups_done = do_close_met_followups(session, at)
        dispatch_after_commit(session, AppriseNotifier(), report.notices)
    return {
        "checked": report.checked,
        "warned": len(report.warned),
        "breached": len(report.breached),
        "escalated": len(report.escalated),
        "followups_done": len(followups_done),
    }


def run_fold_open_counts(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, int]:
    """Fold the open-case count deltas into `open_case_counts` (the inbox counts stay exact
    without it; folding keeps them cheap to read)."""
    from calmdesk.actions.open_counts import fold_open_case_deltas, vacuum_open_case_deltas

    with factory.begin() as session:
        folded = fold_open_case_deltas(session)
        engine = session.get_bind()
    vacuum_open_case_deltas(engine, folded)  # type: ignore[arg-type]
    return {"folded": folded}


def run_incident_check(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, int]:
    """Surges of one problem per brand (B-ESCALATE, B-MONITOR): open incidents, join new cases.

    The alert of a new incident is an audit record that the SLA job's alert delivery sends,
    once, to the supervisors on duty (`actions/alerts.py`).
    """
    from calmdesk.actions.incidents import do_check_incidents

    with factory.begin() as session:
        report = do_check_incidents(session, now or now_utc())
    return {
        "brands": report.brands,
        "opened": len(report.opened),
        "joined": sum(len(v) for v in report.joined.values()),
        "drafted": len(report.drafted),
    }


def run_partition_maintenance(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, Any]:
    """Monthly partitions of `mentions` and `actions` created ahead (PostgreSQL; a no-op on
    SQLite). Idempotent: a month that exists is left alone, so any number of runs is safe."""
    from calmdesk.storage.partitions import ensure_partitions

    with factory.begin() as session:
        report = ensure_partitions(session.connection(), now or now_utc())
    return {"created": report.created, "moved_rows": report.moved_rows}


def run_polling(factory: sessionmaker[Session], now: datetime | None = None) -> dict[str, Any]:
    """Poll the channels whose turn it is (the connectors area owns what a poll does)."""
    from calmdesk.workers.polling import poll_due_channels

    result = poll_due_channels(factory, now=now or now_utc())
    return {"result": repr(result)[:500]}


def run_poll_channel(factory: sessionmaker[Session], channel_id: int, now: datetime | None = None) -> dict[str, Any]:
    """Poll one channel if it is still due (production mode: one job per channel)."""
    from calmdesk.workers.polling import poll_if_due

    out = poll_if_due(factory, channel_id, now=now or now_utc())
    if out is None:
        return {"channel_id": channel_id, "polled": False}
    return {"channel_id": channel_id, "polled": True, "created": out.created, "error": out.error}


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
            return do_take_lease(session, name, holder, ttl_s, at)
    except IntegrityError:
        return False
