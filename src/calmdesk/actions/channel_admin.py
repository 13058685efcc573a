"""Connecting a channel and testing its connection: what an admin does from the web desk.

Why an action of its own: a credential typed into a browser must go straight into the
encrypted store (`do_set_secret`, Fernet under `CALMDESK_ENCRYPTION_KEY`) and nowhere else:
not into the channel's settings, not into the audit log (which records the credential *names*
only), and not into an error message (every value is registered with the redactor first, so
a platform's error that echoes it shows `***`). The connection test calls the platform for
real through the connector (`BaseConnector.check`), so "connected" means the platform said yes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.secrets import do_set_secret
from calmdesk.channels import REGISTRY
from calmdesk.channels._common.ratelimit import ConnectorError, RetryPolicy
from calmdesk.queries.channels import build_connector, secret_name
from calmdesk.secrets import SecretError, redact, register
from calmdesk.storage.tables import Brand, Channel, utcnow

#: Handles are what the platforms allow: letters, digits, and . _ - @ : + (e-mail, Mastodon, Bluesky).
HANDLE = re.compile(r"^[A-Za-z0-9._@:+-]{1,200}$")


#: A person waits for the answer: two tries at most and a short timeout, not the poller's patience.
CHECK_HTTP: dict[str, Any] = {"policy": RetryPolicy(attempts=2, base_delay=0.5, max_delay=1.0), "timeout": 8.0}


class ChannelAdminError(ValueError):
    """A connection that cannot be made as asked; the message names the field."""


@dataclass(frozen=True)
class CheckOutcome:
    ok: bool
    message: str


def parse_settings(text: str) -> dict[str, Any]:
    """`key=value` lines (JSON values allowed, as `calmdesk channels configure`); errors name the line."""
    out: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, raw = line.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ChannelAdminError(f"settings, line {number}: expected key=value, got {line[:60]!r}")
        raw = raw.strip()
        try:
            out[key] = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            out[key] = raw
    return out


def _check_base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ChannelAdminError(f"base_url: must be an http(s) URL, got {value[:80]!r}")
    return value.rstrip("/")


def do_connect_channel(
    session: Session,
    brand: Brand,
    platform: str,
    handle: str,
    credentials: Mapping[str, str],
    *,
    actor: str,
    base_url: str = "",
    settings_text: str = "",
) -> Channel:
    """Add (or re-key) a brand's account on a platform; credentials into the encrypted store only.

    A channel that exists already for this brand gets the new credentials and settings (that is
    how a token is replaced); one that belongs to another brand is refused.
    """
    cls = REGISTRY.get(platform)
    if cls is None:
        raise ChannelAdminError(
            f"platform: no connector for {platform!r} (one of {', '.join(sorted(REGISTRY))})"
        )
    for value in credentials.values():
        register(value)  # from now on any error text that carries it shows ***
    handle = handle.strip().lstrip("@")
    if not HANDLE.match(handle):
        raise ChannelAdminError(f"handle: {handle[:60]!r} is not an account name (letters, digits, . _ - @ : +)")
    missing = [n for n in cls.credential_names if not credentials.get(n)]
    if missing:
        raise ChannelAdminError(f"credentials: {', '.join(missing)} needed for {platform}")
    unknown = sorted(set(credentials) - set(cls.credential_names))
    if unknown:
        raise ChannelAdminError(f"credentials: {', '.join(unknown)} not used by {platform}")
    settings = parse_settings(settings_text)
    if base_url.strip():
        settings["base_url"] = _check_base_url(base_url.strip())
    channel = session.scalar(select(Channel).where(Channel.platform == platform, Channel.handle == handle))
    if channel is not None and channel.brand_id != brand.id:
        raise ChannelAdminError(f"handle: {platform} account @{handle} already belongs to another brand")
    created = channel is None
    if channel is None:
        channel = Channel(brand_id=brand.id, platform=platform, handle=handle, name=handle, settings={})
        session.add(channel)
    merged = dict(channel.settings or {})
    merged.update({k: v for k, v in settings.items() if v is not None})
    for k in [k for k, v in settings.items() if v is None]:
        merged.pop(k, None)
    channel.settings = merged
    channel.enabled = True
    try:
        for name in cls.credential_names:
            do_set_secret(session, secret_name(platform, handle, name), credentials[name])
    except SecretError as exc:
        raise ChannelAdminError(f"credentials: {redact(str(exc))}") from exc
    session.flush()
    audit.record(
        session,
        actor=actor,
        verb="channel.connected" if created else "channel.credentials_replaced",
        brand_id=brand.id,
        channel_id=channel.id,
        platform=platform,
        handle=handle,
        credentials=sorted(credentials),  # names only, never values
        settings=sorted(merged),
    )
    return channel


def do_check_channel(session: Session, channel: Channel, *, actor: str) -> CheckOutcome:
    """Ask the platform, with the stored credentials, whether this account answers.

    The outcome is audited (redacted) but does not touch the channel's poll health: a test is
    not a poll, and a failed test must not delay the next real one.
    """
    try:
        connector = build_connector(session, channel, http_options=CHECK_HTTP)
    except (ConnectorError, SecretError) as exc:
        outcome = CheckOutcome(False, redact(str(exc)))
    else:
        try:
            outcome = CheckOutcome(True, connector.check())
        except ConnectorError as exc:
            outcome = CheckOutcome(False, redact(str(exc)))
        finally:
            connector.close()
    audit.record(
        session,
        actor=actor,
        verb="channel.checked",
        brand_id=channel.brand_id,
        channel_id=channel.id,
        ok=outcome.ok,
        result=outcome.message[:500],
        at=utcnow(),
    )
    return outcome
