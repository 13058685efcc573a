"""Sending the outbox: every outbound platform call, posted at most once.

The rule that makes "never twice" hold across crashes:
1. claim the item: status `sending`, a lease (`next_attempt_at`), attempts + 1, and COMMIT,
   all before the HTTP call;
2. make the call;
3. record `sent` with the platform's id.
A crash between 2 and 3 leaves the item in `sending`. When its lease runs out, the next sender
does not post again blindly: it first asks the platform whether our reply is already there
(`find_existing_reply` / `find_existing_private`: the thread's replies by our account with the
same text) and records that one. A timeout or 5xx during the call is treated the same way
(the post may have landed); a 429 or a refusal before posting is not.

Hide, unhide and delete are idempotent on every platform, so they are simply done again.
Row claims use `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL so two senders never take the
same item; SQLite has one writer and ignores the clause.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions import audit
from calmdesk.channels._common.connector import OPERATION_CAPABILITY, BaseConnector, TextRejected, Unsupported
from calmdesk.channels._common.ratelimit import ConnectorError, RateLimited, TransientError, utc_now
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import redact
from calmdesk.storage.tables import Case, Channel, OutboxItem

log = logging.getLogger(__name__)

#: How long a claimed item belongs to its sender before another may reconcile it.
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
RECONCILED_OPERATIONS = ("reply", "private_message")

ConnectorFor = Callable[[Session, Channel], BaseConnector]


class OutboxError(RuntimeError):
    pass


@dataclass
class OutboxReport:
    sent: list[int] = field(default_factory=list)
    reconciled: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)


@dataclass
class _Claim:
    id: int
    reconcile: bool
    operation: str
    target: str | None
    text: str
    recipient: str | None
    idempotency_key: str
    channel_id: int | None
    attempts: int


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(
            OutboxItem.status == "pending",
            or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now),
        ),
        # a `sending` item whose lease ran out: its sender died or lost the answer
        and_(
            OutboxItem.status == "sending",
            or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now),
        ),
    )


def _claim_next(factory: sessionmaker[Session], now: datetime, skip: set[int]) -> _Claim | None:
    with factory.begin() as session:
        query = select(OutboxItem).where(_due(now)).order_by(OutboxItem.created_at, OutboxItem.id).limit(1)
        if skip:
            query = query.where(OutboxItem.id.not_in(skip))
        item = session.scalars(query.with_for_update(skip_locked=True)).first()
        if item is None:
            return None
        reconcile = item.status == "sending" and item.operation in RECONCILED_OPERATIONS
        item.status = "sending"
        item.attempts = (item.attempts or 0) + 1
        item.next_attempt_at = now + LEASE
        payload = item.payload or {}
        return _Claim(
            id=item.id,
            reconcile=reconcile,
            operation=item.operation,
            target=item.target_external_id,
            text=str(payload.get("text") or ""),
            recipient=payload.get("recipient"),
            idempotency_key=item.idempotency_key,
            channel_id=item.channel_id,
            attempts=item.attempts,
        )
    # the commit above is the point of no return: from here a crash leaves `sending`


def _perform(connector: BaseConnector, claim: _Claim) -> tuple[str | None, bool]:
    """Do the call; returns (platform id, whether an earlier attempt's result was found)."""
    need = OPERATION_CAPABILITY.get(claim.operation)
    if need is None:
        raise Unsupported(f"unknown outbox operation {claim.operation!r}")
    if need not in connector.capabilities:
        raise Unsupported(f"{connector.platform} cannot {claim.operation.replace('_', ' ')}")
    if claim.operation in ("reply", "private_message") and not claim.text.strip():
        raise TextRejected("the outbox item has no text")
    if claim.operation == "reply":
        if not claim.target:
            raise OutboxError("a reply needs the post it answers (target_external_id)")
        if claim.reconcile:
            found = connector.find_existing_reply(claim.target, claim.text)
            if found:
                return found, True
        return connector.reply(claim.target, claim.text, claim.idempotency_key), False
    if claim.operation == "private_message":
        recipient = claim.recipient or claim.target
        if not recipient:
            raise OutboxError("a private message needs a recipient (payload.recipient)")
        if claim.reconcile:
            found = connector.find_existing_private(recipient, claim.text)
            if found:
                return found, True
        return connector.send_private(recipient, claim.text, claim.idempotency_key) or None, False
    if not claim.target:
        raise OutboxError(f"{claim.operation} needs target_external_id")
    if claim.operation == "delete":
        connector.delete(claim.target)
    else:
        connector.hide(claim.target, hidden=claim.operation == "hide")
    return None, False


def _finish_sent(
    factory: sessionmaker[Session], claim: _Claim, result: str | None, reconciled: bool, now: datetime
) -> None:
    with factory.begin() as session:
        item = session.get(OutboxItem, claim.id)
        assert item is not None
        item.status = "sent"
        item.result_external_id = result
        item.sent_at = now
        item.last_error = None
        item.next_attempt_at = None
        case = session.get(Case, item.case_id) if item.case_id else None
        audit.record(
            session,
            actor="outbox",
            verb="outbox.sent",
            case_id=item.case_id,
            brand_id=case.brand_id if case else None,
            at=now,
            outbox_id=item.id,
            operation=item.operation,
            platform=item.platform,
            result_external_id=result,
            reconciled=reconciled,
            attempts=item.attempts,
        )


def _finish_error(factory: sessionmaker[Session], claim: _Claim, exc: BaseException, now: datetime) -> str:
    """Decide the item's next state from what the error says about the platform's side."""
    message = redact(f"{type(exc).__name__}: {exc}")[:500]
    with factory.begin() as session:
        item = session.get(OutboxItem, claim.id)
        assert item is not None
        item.last_error = message
        if isinstance(exc, RateLimited):
            # refused before anything was posted: back to pending, at the platform's time
            item.status = "pending" if not claim.reconcile else "sending"
            item.next_attempt_at = exc.retry_at
            outcome = "retried"
        elif isinstance(exc, TransientError | OSError) and claim.attempts < MAX_ATTEMPTS:
            # may have landed: stay `sending` so the next try reconciles first
            item.status = "sending"
            item.next_attempt_at = now + min(RETRY_CAP, RETRY_BASE * 2 ** (claim.attempts - 1))
            outcome = "retried"
        else:
            item.status = "failed"
            item.next_attempt_at = None
            outcome = "failed"
            case = session.get(Case, item.case_id) if item.case_id else None
            audit.record(
                session,
                actor="outbox",
                verb="outbox.failed",
                case_id=item.case_id,
                brand_id=case.brand_id if case else None,
                at=now,
                outbox_id=item.id,
                operation=item.operation,
                error=message,
            )
    return outcome


def do_send_outbox(
    factory: sessionmaker[Session],
    connector_for: ConnectorFor = build_connector,
    now: datetime | None = None,
    limit: int = 50,
) -> OutboxReport:
    """Send up to `limit` due items; each in its own transactions, one failure never stops the rest."""
    now = now or utc_now()
    report = OutboxReport()
    connectors: dict[int, BaseConnector] = {}
    skip: set[int] = set()
    try:
        for _ in range(limit):
            claim = _claim_next(factory, now, skip)
            if claim is None:
                break
            skip.add(claim.id)
            try:
                if claim.channel_id is None:
                    raise OutboxError("the outbox item names no channel")
                connector = connectors.get(claim.channel_id)
                if connector is None:
                    with factory() as session:
                        channel = session.get(Channel, claim.channel_id)
                        if channel is None:
                            raise OutboxError(f"channel #{claim.channel_id} is gone")
                        connector = connectors[claim.channel_id] = connector_for(session, channel)
                result, reconciled = _perform(connector, claim)
            except (ConnectorError, OutboxError, OSError) as exc:
                outcome = _finish_error(factory, claim, exc, now)
                report.errors[claim.id] = redact(str(exc))
                (report.retried if outcome == "retried" else report.failed).append(claim.id)
                log.warning("outbox #%s %s: %s", claim.id, outcome, report.errors[claim.id])
                continue
            _finish_sent(factory, claim, result, reconciled, now)
            (report.reconciled if reconciled else report.sent).append(claim.id)
    finally:
        for c in connectors.values():
            c.close()
    return report
