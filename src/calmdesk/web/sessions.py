"""Server-side sessions for the web desk: an ASGI middleware in place of Starlette's signed cookie.

`request.session` stays a plain dict for the routes. Before the route runs, the cookie's random
token is looked up (by its HMAC) in `web_sessions`; when the response starts, what the route
left in the dict is written back. The cookie holds nothing but the token. Rules applied here:
- an empty dict ends the session (logout clears it): the row is deleted, the cookie expired;
- a different `uid` than the one loaded (a login) gets a new token, so a token planted before
  login (session fixation) is worth nothing after it;
- a row that disappeared during the request (password or role changed) is not brought back;
- an unchanged session is touched at most once a minute, to push the idle expiry on without a
  write per request.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio.to_thread
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from calmdesk.actions.web_sessions import (
    LoadedSession,
    SessionPolicy,
    do_end_session,
    do_open_session,
    do_save_session,
    load_session,
)

COOKIE = "calmdesk_session"
SESSIONLESS_PREFIXES = ("/static/",)
#: An unchanged session's idle clock is pushed on at most this often.
TOUCH_EVERY = timedelta(seconds=60)


class ServerSessionMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        factory: sessionmaker[Session],
        policy: SessionPolicy,
        https_only: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.app = app
        self.factory = factory
        self.policy = policy
        self.clock = clock or (lambda: datetime.now(UTC))
        self._attrs = f"Path=/; HttpOnly; SameSite=lax{'; Secure' if https_only else ''}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if str(scope.get("path", "")).startswith(SESSIONLESS_PREFIXES):
            scope["session"] = {}  # stylesheets and scripts: no database round trip per file
            await self.app(scope, receive, send)
            return
        token = HTTPConnection(scope).cookies.get(COOKIE) or None
        loaded = await anyio.to_thread.run_sync(self._load, token) if token else None
        initial: dict[str, Any] = copy.deepcopy(loaded.data) if loaded else {}
        scope["session"] = copy.deepcopy(initial)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = await anyio.to_thread.run_sync(
                    self._commit, token, loaded, initial, dict(scope["session"])
                )
                if cookie is not None:
                    MutableHeaders(scope=message).append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, token: str) -> LoadedSession | None:
        with self.factory.begin() as s:
            return load_session(s, self.policy, token, self.clock())

    def _set(self, token: str) -> str:
        return f"{COOKIE}={token}; Max-Age={self.policy.max_age_s}; {self._attrs}"

    def _clear(self) -> str:
        return f"{COOKIE}=; Max-Age=0; {self._attrs}"

    def _commit(
        self, token: str | None, loaded: LoadedSession | None, initial: dict[str, Any], data: dict[str, Any]
    ) -> str | None:
        """Write the session back; returns the Set-Cookie value, or None to leave the cookie as is."""
        now = self.clock()
        with self.factory.begin() as s:
            if loaded is None:
                if not data:
                    return self._clear() if token else None
                return self._set(do_open_session(s, self.policy, data, now))
            if not data:
                do_end_session(s, loaded.id)
                return self._clear()
            if data.get("uid") != initial.get("uid"):
                do_end_session(s, loaded.id)
                return self._set(do_open_session(s, self.policy, data, now))
            changed = data != initial or now - loaded.last_seen_at >= TOUCH_EVERY
            if changed and not do_save_session(s, self.policy, loaded.id, data, now):
                return self._clear()
        return None
