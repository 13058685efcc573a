"""Sending the outbox: every outbound platform call, posted at most once.

The rule that makes "never twice" hold across crashes and between concurrent senders:
1. claim the item: status `sending`, a lease taken from the real clock AT CLAIM TIME
   (`next_attempt_at = now + lease`), attempts + 1, and COMMIT, all before the HTTP call. The
   claim is a conditional update (the row must still be due and have the attempts we read), so
   two senders can never both win it, on PostgreSQL or SQLite;
2. while the call is in flight a heartbeat renews the lease, so a slow platform never lets the
   lease lapse under a sender that is still posting (issue 17: a lease taken once per round
   expired under items claimed late in a long round, and a second sender posted them again);
3. before any post, a per-target check: an item with the same dedupe key (platform, channel,
   operation, target/recipient, normalised text) already posted is recorded as this one's
   result instead of posting again, and one still being sent by another sender is left alone;
4. record `posted` with the platform's id AND link, and the platform-confirmed time, which is
   what first-response time and SLA attainment count from (B-SLA, B-MEASURE).
A crash between 2 and 4 leaves the item in `sending`. When its lease runs out, the next sender
does not post again blindly: it first asks the platform whether our reply is already there
(`find_existing_reply` / `find_existing_private`) and records that one. A timeout or 5xx during
the call is treated the same way (the post may have landed); a 429 or a refusal before posting
is not. A refusal is `failed` with the platform's reason, the retry count and no next try until
someone runs `calmdesk outbox retry ID`.

Hide, unhide and delete are idempotent on every platform, so they are simply done again.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions import audit
from calmdesk.channels._common.connector import (
    OPERATION_CAPABILITY,
    BaseConnector,
    TextRejected,
    Unsupported,
    link_of,
    normalize_text,
)
from calmdesk.channels._common.ratelimit import ConnectorError, RateLimited, TransientError, utc_now
from calmdesk.domain.permalinks import sent_link
from calmdesk.domain.states import (
    DRAFT_TRANSITIONS,
    OUTBOX_TRANSITIONS,
    DraftStatus,
    OutboxStatus,
    advance,
)
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import redact
from calmdesk.storage.tables import Case, Channel, Draft, Message, OutboxItem

log = logging.getLogger(__name__)

#: How long a claimed item belongs to its sender before another may reconcile it. The sender
#: renews it every `LEASE / 3` while its call is in flight.
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
RETRY_BASE = timedelta(seconds=30)
RETRY_CAP = timedelta(hours=1)
#: Posts that must never land twice: before a retry the platform is asked whether it has ours.
RECONCILED_OPERATIONS = ("reply", "private_message", "status_post")
#: Posts that answer a customer (their confirmed time is the case's first response, B-SLA).
ANSWER_OPERATIONS = ("reply", "private_message")

ConnectorFor = Callable[[Session, Channel], BaseConnector]
Clock = Callable[[], datetime]


class OutboxError(RuntimeError):
    pass


@dataclass
class OutboxReport:
    sent: list[int] = field(default_factory=list)
    reconciled: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    #: Items left alone because the same reply to the same target is being sent by another sender.
    deferred: list[int] = field(default_factory=list)
    #: Items whose claim another sender took over before this one posted (nothing was posted).
    lost: list[int] = field(default_factory=list)
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
    dedupe_key: str


def dedupe_key(
    platform: str,
    channel_id: int | None,
    operation: str,
    target: str | None,
    recipient: str | None,
    text: str,
) -> str:
    """One reply per target: the same words to the same post/person on the same channel."""
    raw = "\n".join(
        [platform, str(channel_id or ""), operation, target or "", recipient or "", normalize_text(text)]
    )
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _due(now: datetime) -> ColumnElement[bool]:
    # `queued` when its time comes; `sending` whose lease ran out: its sender died or lost the answer
    return and_(
        OutboxItem.status.in_((OutboxStatus.QUEUED, OutboxStatus.SENDING)),
        or_(OutboxItem.next_attempt_at.is_(None), OutboxItem.next_attempt_at <= now),
    )


def _retrying(fn: Callable[[], _Claim | None | str]) -> _Claim | None | str:
    """SQLite answers "database is locked" when two writers race; the claim is simply tried again."""
    for attempt in range(5):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc).lower() or attempt == 4:
                raise
    return None


def _claim_next(
    factory: sessionmaker[Session], clock: Clock, lease: timedelta, skip: set[int], report: OutboxReport
) -> _Claim | None:
    """Claim the oldest due item, with its lease counted from now (the real clock, at claim time)."""
    while True:
        got = _retrying(lambda: _try_claim(factory, clock, lease, skip, report))
        if got == "again":
            continue
        return got if isinstance(got, _Claim) else None


def _try_claim(
    factory: sessionmaker[Session], clock: Clock, lease: timedelta, skip: set[int], report: OutboxReport
) -> _Claim | None | str:
    with factory.begin() as session:
        now = clock()
        query = select(OutboxItem).where(_due(now)).order_by(OutboxItem.created_at, OutboxItem.id).limit(1)
        if skip:
            query = query.where(OutboxItem.id.not_in(skip))
        item = session.scalars(query.with_for_update(skip_locked=True)).first()
        if item is None:
            return None
        skip.add(item.id)
        payload = item.payload or {}
        text = str(payload.get("text") or "")
        recipient = payload.get("recipient")
        key = item.dedupe_key or dedupe_key(
            item.platform, item.channel_id, item.operation, item.target_external_id, recipient, text
        )
        seen_attempts = item.attempts or 0
        reconcile = item.status == OutboxStatus.SENDING and item.operation in RECONCILED_OPERATIONS
        if item.operation in RECONCILED_OPERATIONS:
            twin = session.scalars(
                select(OutboxItem)
                .where(OutboxItem.dedupe_key == key, OutboxItem.id != item.id)
                .where(OutboxItem.status.in_((OutboxStatus.POSTED, OutboxStatus.SENDING)))
                .order_by(OutboxItem.id)
                .limit(1)
            ).first()
            if twin is not None and twin.status == OutboxStatus.POSTED:
                _record_posted(session, item, twin.result_external_id, twin.permalink, True, now, twin.id)
                report.reconciled.append(item.id)
                return "again"
            if twin is not None and twin.next_attempt_at is not None and twin.next_attempt_at > now:
                # the same reply is in flight elsewhere; look again when that lease ends
                item.next_attempt_at = twin.next_attempt_at
                item.dedupe_key = key
                report.deferred.append(item.id)
                return "again"
        advance(OUTBOX_TRANSITIONS, item.status, OutboxStatus.SENDING, f"outbox item #{item.id}")
        won = _rows(
            session.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item.id, OutboxItem.attempts == seen_attempts, _due(now))
                .values(
                    status=OutboxStatus.SENDING,
                    attempts=seen_attempts + 1,
                    next_attempt_at=now + lease,
                    dedupe_key=key,
                )
                .execution_options(synchronize_session=False)
            )
        )
        if won != 1:
            return "again"  # another sender took it between our read and our write
        return _Claim(
            id=item.id,
            reconcile=reconcile,
            operation=item.operation,
            target=item.target_external_id,
            text=text,
            recipient=recipient,
            idempotency_key=item.idempotency_key,
            channel_id=item.channel_id,
            attempts=seen_attempts + 1,
            dedupe_key=key,
        )
    # the commit above is the point of no return: from here a crash leaves `sending`


def _rows(result: object) -> int:
    """Rows an UPDATE matched: how a conditional claim or renewal learns whether it won."""
    return int(cast(CursorResult[Any], result).rowcount)


class _Heartbeat:
    """Renews the claim's lease while a platform call is in flight; notices a lost claim."""

    def __init__(self, factory: sessionmaker[Session], claim: _Claim, clock: Clock, lease: timedelta) -> None:
        self.factory, self.claim, self.clock, self.lease = factory, claim, clock, lease
        self.stop = threading.Event()
        self.lost = False
        self.thread = threading.Thread(target=self._run, name=f"outbox-lease-{claim.id}", daemon=True)

    def _run(self) -> None:
        interval = max(self.lease.total_seconds() / 3, 0.05)
        while not self.stop.wait(interval):
            try:
                with self.factory.begin() as session:
                    renewed = _rows(
                        session.execute(
                            update(OutboxItem)
                            .where(
                                OutboxItem.id == self.claim.id,
                                OutboxItem.status == OutboxStatus.SENDING,
                                OutboxItem.attempts == self.claim.attempts,
                            )
                            .values(next_attempt_at=self.clock() + self.lease)
                            .execution_options(synchronize_session=False)
                        )
                    )
                if renewed != 1:
                    self.lost = True
                    log.error("outbox #%s: the claim was lost while its call was in flight", self.claim.id)
                    return
            except Exception as exc:  # a missed beat is retried at the next one
                log.warning("outbox #%s: lease not renewed: %s", self.claim.id, exc)


@contextmanager
def _lease_kept(
    factory: sessionmaker[Session], claim: _Claim, clock: Clock, lease: timedelta
) -> Iterator[_Heartbeat]:
    beat = _Heartbeat(factory, claim, clock, lease)
    beat.thread.start()
    try:
        yield beat
    finally:
        beat.stop.set()
        beat.thread.join()


def _still_ours(factory: sessionmaker[Session], claim: _Claim) -> bool:
    """The fence before any post: the item is still `sending` under this claim's attempt."""
    with factory() as session:
        row = session.execute(
            select(OutboxItem.status, OutboxItem.attempts).where(OutboxItem.id == claim.id)
        ).first()
    return row is not None and row[0] == OutboxStatus.SENDING and row[1] == claim.attempts


def _perform(connector: BaseConnector, claim: _Claim) -> tuple[str | None, bool]:
    """Do the call; returns (platform id, whether an earlier attempt's result was found)."""
    need = OPERATION_CAPABILITY.get(claim.operation)
    if need is None:
        raise Unsupported(f"unknown outbox operation {claim.operation!r}")
    if need not in connector.capabilities:
        raise Unsupported(f"{connector.platform} cannot {claim.operation.replace('_', ' ')}")
    if claim.operation in RECONCILED_OPERATIONS and not claim.text.strip():
        raise TextRejected("the outbox item has no text")
    if claim.operation == "status_post":
        # a brand-level post (an incident's status update): no target, no recipient
        if claim.reconcile:
            found = connector.find_existing_status(claim.text)
            if found:
                return found, True
        return connector.post_status(claim.text, claim.idempotency_key), False
    if claim.operation == "reply":
        if not claim.target:
            raise OutboxError("a reply needs the post it answers (target_external_id)")
        if claim.reconcile:
            found = connector.find_existing_reply(claim.target, claim.text)
            if found:
                return found, True
        return connector.reply(claim.target, claim.text, claim.idempotency_key), False
    if claim.operation == "private_message":
        # never the post's id in place of a person: the recipient was worked out when the draft
        # was written (domain/recipients.py) and stored on the item
        if not claim.recipient:
            raise OutboxError("a private message needs a recipient (payload.recipient)")
        if claim.reconcile:
            found = connector.find_existing_private(claim.recipient, claim.text)
            if found:
                return found, True
        sent = connector.send_private(claim.recipient, claim.text, claim.idempotency_key, claim.target)
        return sent or None, False
    if not claim.target:
        raise OutboxError(f"{claim.operation} needs target_external_id")
    if claim.operation == "delete":
        connector.delete(claim.target)
    else:
        connector.hide(claim.target, hidden=claim.operation == "hide")
    return None, False


def _record_posted(
    session: Session,
    item: OutboxItem,
    result: str | None,
    link: str | None,
    reconciled: bool,
    now: datetime,
    duplicate_of: int | None = None,
) -> None:
    """Posted: the platform's id and link, the confirmed time; the draft and case follow."""
    item.status = advance(OUTBOX_TRANSITIONS, item.status, OutboxStatus.POSTED, f"outbox item #{item.id}")
    item.result_external_id = result
    item.permalink = link
    item.sent_at = now
    item.last_error = None
    item.next_attempt_at = None
    case = session.get(Case, item.case_id) if item.case_id else None
    if item.draft_id is not None:
        draft = session.get(Draft, item.draft_id)
        if draft is not None and draft.status != DraftStatus.POSTED:
            draft.status = advance(DRAFT_TRANSITIONS, draft.status, DraftStatus.POSTED, f"draft #{draft.id}")
        # B-SLA / B-MEASURE: the customer was answered when the platform confirmed it
        answered = case is not None and item.operation in ANSWER_OPERATIONS
        if answered and case is not None and (case.first_response_at is None or case.first_response_at > now):
            case.first_response_at = now
        if answered:
            # the thread's entry for this reply (written at Send, same time and words) takes the
            # confirmed time, so the SLA reply clock (actions/sla.py) counts from it too
            session.execute(
                update(Message)
                .where(
                    Message.case_id == item.case_id,
                    Message.direction == "outbound",
                    Message.created_at == item.created_at,
                    Message.text == str((item.payload or {}).get("text") or ""),
                )
                .values(created_at=now)
                .execution_options(synchronize_session=False)
            )
    detail: dict[str, Any] = {}
    if duplicate_of is not None:
        detail["duplicate_of"] = duplicate_of
    if (item.payload or {}).get("incident_id") is not None:
        detail["incident_id"] = item.payload["incident_id"]
    audit.record(
        session,
        actor="outbox",
        verb="outbox.sent",
        case_id=item.case_id,
        brand_id=_brand_of(session, item, case),
        at=now,
        outbox_id=item.id,
        operation=item.operation,
        platform=item.platform,
        result_external_id=result,
        permalink=link,
        reconciled=reconciled,
        attempts=item.attempts,
        **detail,
    )


def _brand_of(session: Session, item: OutboxItem, case: Case | None) -> int | None:
    """The brand an item belongs to: its case's, or (a status post answers no case) its channel's."""
    if case is not None:
        return case.brand_id
    channel = session.get(Channel, item.channel_id) if item.channel_id else None
    return channel.brand_id if channel is not None else None


def _finish_sent(
    factory: sessionmaker[Session], claim: _Claim, result: str | None, reconciled: bool, now: datetime
) -> None:
    with factory.begin() as session:
        item = session.get(OutboxItem, claim.id)
        assert item is not None
        if item.status == OutboxStatus.POSTED:
            log.error("outbox #%s was recorded posted by another sender while this one posted", item.id)
            return
        channel = session.get(Channel, item.channel_id) if item.channel_id else None
        link = sent_link(
            item.platform,
            item.operation,
            result,
            link_of(result),
            handle=channel.handle if channel else None,
            recipient=str((item.payload or {}).get("recipient") or "") or None,
            settings=channel.settings if channel else None,
        )
        _record_posted(session, item, result, link, reconciled, now)


def _finish_error(factory: sessionmaker[Session], claim: _Claim, exc: BaseException, now: datetime) -> str:
    """Decide the item's next state from what the error says about the platform's side."""
    message = redact(f"{type(exc).__name__}: {exc}")[:500]
    with factory.begin() as session:
        item = session.get(OutboxItem, claim.id)
        assert item is not None
        what = f"outbox item #{item.id}"
        item.last_error = message
        if isinstance(exc, RateLimited):
            # refused before anything was posted: back in the queue, at the platform's time
            target = OutboxStatus.QUEUED if not claim.reconcile else OutboxStatus.SENDING
            item.status = advance(OUTBOX_TRANSITIONS, item.status, target, what)
            item.next_attempt_at = exc.retry_at
            outcome = "retried"
        elif isinstance(exc, TransientError | OSError) and claim.attempts < MAX_ATTEMPTS:
            # may have landed: stay `sending` so the next try reconciles first
            item.status = advance(OUTBOX_TRANSITIONS, item.status, OutboxStatus.SENDING, what)
            item.next_attempt_at = now + min(RETRY_CAP, RETRY_BASE * 2 ** (claim.attempts - 1))
            outcome = "retried"
        else:
            item.status = advance(OUTBOX_TRANSITIONS, item.status, OutboxStatus.FAILED, what)
            item.next_attempt_at = None
            outcome = "failed"
            if item.draft_id is not None:
                draft = session.get(Draft, item.draft_id)
                if draft is not None and draft.status == DraftStatus.QUEUED:
                    draft.status = DraftStatus.FAILED
            case = session.get(Case, item.case_id) if item.case_id else None
            audit.record(
                session,
                actor="outbox",
                verb="outbox.failed",
                case_id=item.case_id,
                brand_id=_brand_of(session, item, case),
                at=now,
                outbox_id=item.id,
                operation=item.operation,
                error=message,
                attempts=item.attempts,
            )
    return outcome


def _clock_from(now: datetime | None) -> Clock:
    """The real clock, or one that starts at `now` and runs at real speed (tests move time)."""
    if now is None:
        return utc_now
    offset = now - utc_now()
    return lambda: utc_now() + offset


def do_send_outbox(
    factory: sessionmaker[Session],
    connector_for: ConnectorFor = build_connector,
    now: datetime | None = None,
    limit: int = 50,
    lease: timedelta = LEASE,
) -> OutboxReport:
    """Send up to `limit` due items; each in its own transactions, one failure never stops the rest."""
    clock = _clock_from(now)
    report = OutboxReport()
    connectors: dict[int, BaseConnector] = {}
    skip: set[int] = set()
    try:
        for _ in range(limit):
            claim = _claim_next(factory, clock, lease, skip, report)
            if claim is None:
                break
            try:
                # the lease is kept from the claim on: building a connector can take a while too
                with _lease_kept(factory, claim, clock, lease) as beat:
                    if claim.channel_id is None:
                        raise OutboxError("the outbox item names no channel")
                    connector = connectors.get(claim.channel_id)
                    if connector is None:
                        with factory() as session:
                            channel = session.get(Channel, claim.channel_id)
                            if channel is None:
                                raise OutboxError(f"channel #{claim.channel_id} is gone")
                            connector = connectors[claim.channel_id] = connector_for(session, channel)
                    if beat.lost or not _still_ours(factory, claim):
                        # another sender holds it now: posting here could post it twice
                        report.lost.append(claim.id)
                        log.warning("outbox #%s: claim taken over before posting; left alone", claim.id)
                        continue
                    result, reconciled = _perform(connector, claim)
            except (ConnectorError, OutboxError, OSError) as exc:
                outcome = _finish_error(factory, claim, exc, clock())
                report.errors[claim.id] = redact(str(exc))
                (report.retried if outcome == "retried" else report.failed).append(claim.id)
                log.warning("outbox #%s %s: %s", claim.id, outcome, report.errors[claim.id])
                continue
            _finish_sent(factory, claim, result, reconciled, clock())
            (report.reconciled if reconciled else report.sent).append(claim.id)
    finally:
        for c in connectors.values():
            c.close()
    return report


class RetryRefused(ValueError):
    """`calmdesk outbox retry` on an item that is not failed."""


def do_retry_outbox(session: Session, item_id: int, actor: str, now: datetime | None = None) -> OutboxItem:
    """Put a failed item back in the queue (its draft too): a person decided to try again."""
    item = session.get(OutboxItem, item_id)
    if item is None:
        raise RetryRefused(f"no outbox item #{item_id}")
    if item.status != OutboxStatus.FAILED:
        raise RetryRefused(f"outbox item #{item.id} is {item.status}; only a failed item can be retried")
    item.status = advance(OUTBOX_TRANSITIONS, item.status, OutboxStatus.QUEUED, f"outbox item #{item.id}")
    item.next_attempt_at = now or utc_now()
    if item.draft_id is not None:
        draft = session.get(Draft, item.draft_id)
        if draft is not None and draft.status == DraftStatus.FAILED:
            draft.status = advance(DRAFT_TRANSITIONS, draft.status, DraftStatus.QUEUED, f"draft #{draft.id}")
    case = session.get(Case, item.case_id) if item.case_id else None
    audit.record(
        session,
        actor=actor,
        verb="outbox.retried",
        case_id=item.case_id,
        brand_id=_brand_of(session, item, case),
        outbox_id=item.id,
        previous_error=item.last_error,
        attempts=item.attempts,
    )
    session.flush()
    return item
