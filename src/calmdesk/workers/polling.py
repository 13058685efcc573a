"""The polling scheduler (B-MONITOR): every due channel is fetched, ingested, and its cursor moved.

Order of writes, and why: items are ingested and committed first, the cursor second. A crash
in between fetches the same items again, and the idempotent ingest (platform + external id
once) drops them. The reverse order would lose items for good.

One failing channel never stops the others: each channel runs in its own transactions and
its exception is recorded on the channel row (redacted), then the loop goes on. A 429 stores
the platform's reset time as `next_poll_at`; other errors back off from the channel's interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.channels import do_record_poll_failure, do_record_poll_success
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.channels import REGISTRY
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.channels._common.ratelimit import RateLimited, utc_now
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import redact
from calmdesk.storage.tables import Brand, Channel

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = timedelta(minutes=2)
MAX_BACKOFF = timedelta(hours=1)

ConnectorFor = Callable[[Session, Channel], BaseConnector]


@dataclass
class PollOutcome:
    channel_id: int
    platform: str
    handle: str
    fetched: int = 0
    created: int = 0
    duplicates: int = 0
    error: str | None = None
    next_poll_at: datetime | None = None


def _interval(channel: Channel) -> timedelta:
    seconds = (channel.settings or {}).get("poll_interval_s")
    return timedelta(seconds=float(seconds)) if seconds else DEFAULT_INTERVAL


def _backoff(channel: Channel, now: datetime) -> timedelta:
    """After an error, double the previous wait (up to an hour) while the errors continue."""
    base = _interval(channel)
    failing = channel.last_error_at is not None and (
        channel.last_success_at is None or channel.last_error_at > channel.last_success_at
    )
    if failing and channel.last_error_at and channel.next_poll_at:
        previous = channel.next_poll_at - channel.last_error_at
        return min(MAX_BACKOFF, max(base, previous * 2))
    return base


def due_channel_ids(session: Session, now: datetime, *, only: int | None = None) -> list[int]:
    """Enabled pollable channels whose turn it is, longest waiting first (`only`: just that one)."""
    pollable = [p for p, cls in REGISTRY.items() if "poll" in cls.capabilities]
    stmt = select(Channel.id).where(
        Channel.enabled.is_(True),
        Channel.platform.in_(pollable),
        or_(Channel.next_poll_at.is_(None), Channel.next_poll_at <= now),
    )
    if only is not None:
        stmt = stmt.where(Channel.id == only)
    return list(
        session.scalars(stmt.order_by(Channel.next_poll_at.is_not(None), Channel.next_poll_at, Channel.id))
    )


def poll_channel(
    factory: sessionmaker[Session], channel_id: int, connector_for: ConnectorFor, now: datetime
) -> PollOutcome:
    with factory() as session:
        channel = session.get(Channel, channel_id)
        assert channel is not None
        outcome = PollOutcome(channel_id, channel.platform, channel.handle)
        brand = session.get(Brand, channel.brand_id)
        brand_key = brand.key if brand else None
        interval = _interval(channel)
        backoff = _backoff(channel, now)
        cursor = channel.cursor
        connector: BaseConnector | None = None
        try:
            connector = connector_for(session, channel)
        except Exception as exc:  # noqa: BLE001 - a bad credential is this channel's problem only
            return _failed(factory, outcome, exc, now, now + backoff)
    try:
        result = connector.fetch_since(cursor)
        outcome.fetched = len(result.items)
        with factory.begin() as session:
            report = do_ingest_mentions(session, result.items, brand_key=brand_key, actor="poller")
        outcome.created, outcome.duplicates = report.created, report.duplicates
        next_at = now + interval
        if connector.http.limited_until and connector.http.limited_until > next_at:
            next_at = (
                connector.http.limited_until
            )  # budget spent: wait for the reset (B-MONITOR keeps going after)
        with factory.begin() as session:
            do_record_poll_success(
                session, channel_id, cursor=result.next_cursor, at=now, next_poll_at=next_at
            )
        outcome.next_poll_at = next_at
        return outcome
    except RateLimited as exc:
        return _failed(factory, outcome, exc, now, max(exc.retry_at, now + timedelta(seconds=1)))
    except Exception as exc:  # noqa: BLE001 - recorded on the channel; the loop goes on
        return _failed(factory, outcome, exc, now, now + backoff)
    finally:
        connector.close()


def _failed(
    factory: sessionmaker[Session], outcome: PollOutcome, exc: BaseException, now: datetime, next_at: datetime
) -> PollOutcome:
    message = redact(f"{type(exc).__name__}: {exc}")
    log.warning("poll %s %s failed: %s", outcome.platform, outcome.handle, message)
    with factory.begin() as session:
        do_record_poll_failure(session, outcome.channel_id, error=message, at=now, next_poll_at=next_at)
    outcome.error = message
    outcome.next_poll_at = next_at
    return outcome


def poll_if_due(
    factory: sessionmaker[Session],
    channel_id: int,
    connector_for: ConnectorFor = build_connector,
    now: datetime | None = None,
) -> PollOutcome | None:
    """Poll one channel when it is still due (the job of `calmdesk.poll_channel`).

    Why the check again: the scheduler defers a channel's job when it is due, but another
    job for it may have run in between (a job waiting behind the channel's lock); polling
    only when still due keeps one poll per interval.
    """
    now = now or utc_now()
    with factory() as session:
        if channel_id not in due_channel_ids(session, now, only=channel_id):
            return None
    return poll_channel(factory, channel_id, connector_for, now)


def poll_due_channels(
    factory: sessionmaker[Session],
    connector_for: ConnectorFor = build_connector,
    now: datetime | None = None,
    *,
    channel_ids: Sequence[int] | None = None,
) -> list[PollOutcome]:
    """Poll every due channel once, one after another; returns one outcome per channel, errors included.

    Embedded mode (one process) polls this way. Production mode defers one
    `calmdesk.poll_channel` job per due channel instead (`workers.queue.defer_due_polls`),
    so workers poll channels in parallel and a slow platform holds up only its own.
    """
    now = now or utc_now()
    with factory() as session:
        ids = due_channel_ids(session, now)
    if channel_ids is not None:
        ids = [i for i in ids if i in set(channel_ids)]
    return [poll_channel(factory, cid, connector_for, now) for cid in ids]
