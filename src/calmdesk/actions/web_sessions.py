"""Web desk sessions held in the database: open, load, save, end, and revoke all of a user's.

Why on the server: a signed cookie cannot be taken back. With the session in a table, logout,
a password change or a role change deletes the rows and every copy of the cookie stops working
at once; the cookie carries only a random token (its HMAC under `CALMDESK_SECRET_KEY` is the
row's key), and the CSRF token, flash messages and a new API token shown once stay here.
A session ends when idle for `idle_s` or `max_age_s` after it began, whichever comes first.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import WebSession


@dataclass(frozen=True)
class SessionPolicy:
    """How long sessions last, and the key their tokens are hashed under."""

    secret_key: str
    idle_s: int = 3600
    max_age_s: int = 12 * 3600
    #: A visitor who is not logged in (a login form's CSRF token) is kept this long at most, so
    #: fetching /login again and again leaves few rows behind; expired rows are swept at each open.
    anonymous_idle_s: int = 900


@dataclass(frozen=True)
class LoadedSession:
    id: int
    user_id: int | None
    data: dict[str, Any]
    last_seen_at: datetime


def token_hash(secret_key: str, token: str) -> str:
    """The stored form of a cookie token: HMAC-SHA256 under the session secret."""
    return hmac.new(secret_key.encode("utf-8"), token.encode("utf-8"), hashlib.sha256).hexdigest()


def _expiry(policy: SessionPolicy, created_at: datetime, now: datetime, user_id: int | None) -> datetime:
    idle = policy.idle_s if user_id is not None else min(policy.idle_s, policy.anonymous_idle_s)
    return min(now + timedelta(seconds=idle), created_at + timedelta(seconds=policy.max_age_s))


def _user_of(data: dict[str, Any]) -> int | None:
    uid = data.get("uid")
    return int(uid) if uid is not None else None


def load_session(session: Session, policy: SessionPolicy, token: str, now: datetime) -> LoadedSession | None:
    """The live session behind a cookie token; an expired one is deleted and None returned."""
    row = session.scalar(select(WebSession).where(WebSession.token_hash == token_hash(policy.secret_key, token)))
    if row is None:
        return None
    if now >= row.expires_at:
        session.delete(row)
        session.flush()
        return None
    return LoadedSession(row.id, row.user_id, dict(row.data or {}), row.last_seen_at)


def do_open_session(session: Session, policy: SessionPolicy, data: dict[str, Any], now: datetime) -> str:
    """Start a session holding `data`; returns the token for the cookie (never stored itself).

    Expired rows are swept here, so visitors who fetched a login form and left do not pile up.
    """
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=token_hash(policy.secret_key, token),
            user_id=_user_of(data),
            data=data,
            created_at=now,
            last_seen_at=now,
            expires_at=_expiry(policy, now, now, _user_of(data)),
        )
    )
    session.flush()
    return token


def do_save_session(
    session: Session, policy: SessionPolicy, session_id: int, data: dict[str, Any], now: datetime
) -> bool:
    """Store new data and push the idle expiry on; False when the session was revoked meanwhile."""
    row = session.get(WebSession, session_id)
    if row is None:
        return False
    row.data = data
    row.last_seen_at = now
    row.expires_at = _expiry(policy, row.created_at, now, row.user_id)
    session.flush()
    return True


def do_end_session(session: Session, session_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.id == session_id))


def do_revoke_user_sessions(session: Session, user_id: int) -> int:
    """End every session of a user; returns how many there were. The caller writes the audit record
    of what made it necessary (logout, password change, role change)."""
    result = session.execute(delete(WebSession).where(WebSession.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def live_sessions(session: Session, user_id: int) -> int:
    """How many sessions a user has open (for `users list` and tests)."""
    return len(session.scalars(select(WebSession.id).where(WebSession.user_id == user_id)).all())
