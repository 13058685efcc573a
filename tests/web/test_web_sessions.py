"""Server-side sessions (issue 17 item 8): the cookie is an opaque token, logout / password change /
role change end the session on the server, sessions expire when idle and at an absolute age.
Every test runs on SQLite and PostgreSQL (`store_url`)."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from web_helpers import PASSWORD, Seed, csrf_of, login, seed_store

from calmdesk.actions.brands import get_brand
from calmdesk.actions.users import do_change_password, do_set_membership, get_user
from calmdesk.actions.web_sessions import live_sessions, token_hash
from calmdesk.storage.db import session_scope
from calmdesk.storage.tables import WebSession
from calmdesk.web.app import create_app
from calmdesk.web.sessions import COOKIE
from calmdesk.web.settings import WebSettings

SECRET = "test-secret-0123456789abcdef"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store_seed(store_url: str) -> Iterator[Seed]:
    data = seed_store(store_url)
    yield data
    data.factory.kw["bind"].dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def app(store_seed: Seed, clock: Clock) -> object:
    settings = WebSettings(secret_key=SECRET, session_idle_s=1800, session_max_age_s=8 * 3600)
    return create_app(store_seed.factory, settings, clock=clock)


def _client(app: object, cookie: str | None = None) -> TestClient:
    client = TestClient(app)  # type: ignore[arg-type]
    if cookie is not None:
        client.cookies.set(COOKIE, cookie)
    return client


def _signed_in(client: TestClient) -> bool:
    return client.get("/api/me").status_code == 200


def test_logout_ends_the_session_on_the_server(app: object, store_seed: Seed) -> None:
    with _client(app) as browser:
        csrf = login(browser, "alice")
        stolen = browser.cookies[COOKIE]
        assert _signed_in(browser)
        res = browser.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
        assert res.status_code == 303
    # A copy of the cookie taken before logout opens nothing afterwards.
    with _client(app, stolen) as attacker:
        assert not _signed_in(attacker)
        assert attacker.get("/", follow_redirects=False).headers["location"].startswith("/login")
    with store_seed.factory() as s:
        assert live_sessions(s, get_user(s, "alice").id) == 0


def test_cookie_is_an_opaque_token_and_holds_nothing_secret(app: object, store_seed: Seed) -> None:
    with _client(app) as browser:
        before_login = csrf_of(browser.get("/login").text) and browser.cookies[COOKIE]
        csrf = login(browser, "root")
        page = browser.post("/tokens", data={"name": "crm", "csrf_token": csrf}).text
        found = re.search(r'<code id="new-token">(cdk_[^<]+)</code>', page)
        assert found, page
        api_token = found.group(1)
        cookie = browser.cookies[COOKIE]
        # The new API token is shown once, from the server-side session, and works.
        assert browser.get("/users").text.count(api_token) == 0
        assert _client(app).get("/api/me", headers={"Authorization": f"Bearer {api_token}"}).status_code == 200
    # A fresh token at login (a token planted before login is worth nothing after it).
    assert cookie != before_login
    with store_seed.factory() as s:
        user = get_user(s, "root")
        decoded = base64.urlsafe_b64decode(cookie + "=" * (-len(cookie) % 4))
        for secret in (csrf, api_token, user.password_hash[-16:]):
            assert secret not in cookie
            assert secret.encode() not in decoded
        for key in (b"uid", b"csrf", b"new_token", b"pw"):
            assert key not in decoded
        # Only the token's HMAC is stored; the plain token is nowhere in the table.
        rows = list(s.scalars(select(WebSession)))
        assert [r.token_hash for r in rows if r.user_id == user.id] == [token_hash(SECRET, cookie)]
        assert all(r.token_hash != cookie for r in rows)
        assert all("new_token" not in (r.data or {}) for r in rows)
    assert len(cookie) >= 40 and set(cookie) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_password_change_ends_every_session_of_that_user(app: object, store_seed: Seed) -> None:
    with _client(app) as phone, _client(app) as laptop, _client(app) as other:
        login(phone, "alice")
        login(laptop, "alice")
        login(other, "sam")
        with session_scope(store_seed.factory) as s:
            do_change_password(s, "alice", "a brand new long passphrase", actor="cli")
        assert not _signed_in(phone) and not _signed_in(laptop)
        assert _signed_in(other)
        login(phone, "alice", "a brand new long passphrase")
        assert _signed_in(phone)


def test_role_change_ends_the_session(app: object, store_seed: Seed) -> None:
    with _client(app) as browser:
        login(browser, "alice")
        with session_scope(store_seed.factory) as s:
            do_set_membership(s, get_user(s, "alice"), get_brand(s, "acme"), "supervisor", actor="root")
        assert not _signed_in(browser)
        # Setting the role she already has changes nothing and ends nothing.
        login(browser, "alice")
        with session_scope(store_seed.factory) as s:
            do_set_membership(s, get_user(s, "alice"), get_brand(s, "acme"), "supervisor", actor="root")
        assert _signed_in(browser)


def test_idle_expiry(app: object, clock: Clock) -> None:
    with _client(app) as browser:
        login(browser, "alice")
        for _ in range(4):  # 4 x 25 minutes, each within the 30-minute idle limit
            clock.now += timedelta(minutes=25)
            assert _signed_in(browser)
        clock.now += timedelta(minutes=31)
        assert not _signed_in(browser)


def test_absolute_expiry(app: object, clock: Clock, store_seed: Seed) -> None:
    with _client(app) as browser:
        login(browser, "alice")
        start = clock.now
        for _ in range(23):  # active every 20 minutes up to 7h40
            clock.now += timedelta(minutes=20)
            assert _signed_in(browser), clock.now - start
        clock.now = start + timedelta(hours=8)
        assert not _signed_in(browser)
    with store_seed.factory() as s:
        assert live_sessions(s, get_user(s, "alice").id) == 0


def test_unknown_cookie_is_refused_and_cleared(app: object) -> None:
    with _client(app, "forged-token-" + "x" * 40) as browser:
        res = browser.get("/api/me")
        assert res.status_code == 401
        assert f"{COOKIE}=;" in res.headers.get("set-cookie", "") or COOKIE not in browser.cookies
        login(browser, "alice")
        assert _signed_in(browser)


def test_visitors_who_do_not_log_in_are_forgotten_sooner(app: object, clock: Clock, store_seed: Seed) -> None:
    with _client(app) as visitor:
        token = csrf_of(visitor.get("/login").text)
        with store_seed.factory() as s:
            assert s.scalar(select(func.count()).select_from(WebSession)) == 1
        clock.now += timedelta(minutes=16)  # past the 15-minute limit for visitors
        res = visitor.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
        assert res.status_code == 403  # the form's session is gone: reload and try again
    with _client(app) as other:
        login(other, "sam")  # opening a session sweeps the expired ones
    with store_seed.factory() as s:
        rows = list(s.scalars(select(WebSession)))
        # Left: sam's session and the fresh visitor session of the 403 page; the expired one is gone.
        assert sorted(r.user_id is not None for r in rows) == [False, True]
        assert all(r.expires_at > clock.now for r in rows)
