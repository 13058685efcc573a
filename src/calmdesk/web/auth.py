"""Who is asking: session cookie or API token, CSRF for browser writes, login rate limiting.

Browser requests carry the session cookie (a random token for a session held on the server,
see web/sessions.py) and must prove with a CSRF token that
the page they came from was ours. Integrations send `Authorization: Bearer <token>`;
such a request carries no cookie, so a forged cross-site request cannot use it and no
CSRF token is needed.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from calmdesk.actions.users import Access, access_of, user_for_token
from calmdesk.domain.usernames import normalize_username
from calmdesk.queries.desk import case_by_id, user_by_id
from calmdesk.web.deps import SessionDep

if TYPE_CHECKING:
    from calmdesk.storage.tables import Case

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class LoginRequired(Exception):
    """Raised by dependencies; pages answer with a redirect to /login, the API with 401."""


class LoginRateLimiter:
    """A sliding window of failed attempts per (client address, username).

    The username is keyed in the same normalised form that login looks users up by
    (domain/usernames.py), so "admin ", "ADMIN" and "admin\t" share one window.
    """

    def __init__(self, attempts: int, window_s: int) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window_s:
            q.popleft()
        return q

    def retry_after(self, client: str, username: str) -> int:
        """Seconds until another attempt is allowed; 0 when allowed now."""
        now = time.monotonic()
        with self._lock:
            q = self._recent((client, normalize_username(username)), now)
            if len(q) < self.attempts:
                return 0
            return max(1, int(self.window_s - (now - q[0])) + 1)

    def failed(self, client: str, username: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent((client, normalize_username(username)), now).append(now)

    def succeeded(self, client: str, username: str) -> None:
        with self._lock:
            self._failures.pop((client, normalize_username(username)), None)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


async def csrf_protect(request: Request) -> None:
    """Every state-changing browser request must echo the session's CSRF token
    (form field `csrf_token` or header `X-CSRF-Token`)."""
    if request.method not in UNSAFE_METHODS or _bearer(request) is not None:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise HTTPException(
            status_code=403, detail="CSRF token missing or wrong; reload the page and try again"
        )


def _load_access(request: Request, session: Session) -> Access:
    token = _bearer(request)
    if token is not None:
        user = user_for_token(session, token)
        if user is None:
            raise HTTPException(status_code=401, detail="invalid or revoked API token")
        return access_of(session, user)
    uid = request.session.get("uid")
    if uid is None:
        raise LoginRequired()
    user = user_by_id(session, int(uid))
    if user is None:
        request.session.clear()
        raise LoginRequired()
    return access_of(session, user)


def current_access(request: Request, session: SessionDep) -> Access:
    access = _load_access(request, session)
    request.state.access = access
    return access


CurrentUser = Annotated[Access, Depends(current_access)]


def case_for(session: Session, access: Access, case_id: int) -> Case:
    """A case the user may see. Another brand's case answers 404 exactly like a missing one,
    so guessing ids reveals nothing."""
    case = case_by_id(session, case_id)
    if case is None or not access.can_see(case.brand_id):
        raise HTTPException(status_code=404, detail=f"no case #{case_id}")
    return case


def require_role(access: Access, brand_id: int, role: str) -> None:
    if not access.has_role(brand_id, role):
        raise HTTPException(status_code=403, detail=f"this needs the {role} role for this brand")


def require_approver(access: Access, brand_id: int, requested_by: str) -> None:
    """B-REVIEW / B-COMPENSATE four-eyes: a supervisor (or admin) of the brand, never the person who
    wrote the reply or asked for the compensation. Checked here as well as in the actions, so the
    web answers 403 before anything is touched."""
    require_role(access, brand_id, "supervisor")
    if access.username == requested_by:
        raise HTTPException(
            status_code=403, detail="a second person must approve this; you cannot approve your own request"
        )
