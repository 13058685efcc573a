"""Channel health and cursors: the writes the polling scheduler makes, and what `channels status` reads.

Why here: a channel's cursor may only move after the items it covers are committed (so a crash
re-fetches them and the idempotent ingest drops the duplicates); keeping the write in one action
makes that order hard to get wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.secrets import redact
from calmdesk.storage.tables import Brand, Channel

#: Errors are stored short: the operator needs the gist, the logs hold nothing more (tokens!).
MAX_ERROR_LEN = 500


class ChannelNotFound(LookupError):
    pass


def _channel(session: Session, channel_id: int) -> Channel:
    channel = session.get(Channel, channel_id)
    if channel is None:
        raise ChannelNotFound(f"no channel #{channel_id}")
    return channel


def do_record_poll_success(
    session: Session, channel_id: int, *, cursor: str | None, at: datetime, next_poll_at: datetime
) -> Channel:
    """Store the new cursor (call only after the fetched items are committed) and the health."""
    channel = _channel(session, channel_id)
    if cursor is not None:
        channel.cursor = cursor
    channel.last_success_at = at
    channel.next_poll_at = next_poll_at
    return channel


def do_record_poll_failure(
    session: Session, channel_id: int, *, error: str, at: datetime, next_poll_at: datetime
) -> Channel:
    """Keep the cursor where it was; record the (redacted) error and when to try again."""
    channel = _channel(session, channel_id)
    channel.last_error_at = at
    channel.last_error = redact(error)[:MAX_ERROR_LEN]
    channel.next_poll_at = next_poll_at
    return channel


def do_configure_channel(session: Session, channel_id: int, **settings: Any) -> Channel:
    """Merge settings (base_url, user_id, subreddits, poll_interval_s...); None removes a key."""
    channel = _channel(session, channel_id)
    merged = dict(channel.settings or {})
    for key, value in settings.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    channel.settings = merged
    return channel


@dataclass
class ChannelHealth:
    channel_id: int
    brand: str
    platform: str
    handle: str
    enabled: bool
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    next_poll_at: datetime | None
    #: Time since the last successful poll: how far behind the desk may be on this channel.
    lag: timedelta | None

    @property
    def healthy(self) -> bool:
        if self.last_success_at is None:
            return False
        return self.last_error_at is None or self.last_error_at <= self.last_success_at


def channel_health(session: Session, now: datetime) -> list[ChannelHealth]:
    rows = session.execute(
        select(Channel, Brand.key)
        .join(Brand, Brand.id == Channel.brand_id)
        .order_by(Brand.key, Channel.platform, Channel.handle)
    )
    out = []
    for channel, brand_key in rows:
        out.append(
            ChannelHealth(
                channel_id=channel.id,
                brand=brand_key,
                platform=channel.platform,
                handle=channel.handle,
                enabled=channel.enabled,
                last_success_at=channel.last_success_at,
                last_error_at=channel.last_error_at,
                last_error=channel.last_error,
                next_poll_at=channel.next_poll_at,
                lag=(now - channel.last_success_at) if channel.last_success_at else None,
            )
        )
    return out
