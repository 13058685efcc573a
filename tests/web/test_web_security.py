"""Login, sessions, CSRF, brand isolation, API tokens and inert public text."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import PASSWORD, XSS_NAME, Seed, csrf_of, login

from calmdesk.actions.users import do_create_api_token, get_user
from calmdesk.storage.db import session_scope
from calmdesk.storage.tables import Action, Case
from calmdesk.web.settings import DEV_SECRET, SettingsError, WebSettings, load_settings


def test_pages_and_api_need_login_except_health(app_client: TestClient) -> None:
    assert app_client.get("/health").json() == {"status": "ok"}
    res = app_client.get("/", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/login")
    for path in ("/api/inbox", "/api/cases/1", "/api/openapi.json", "/api/docs", "/api/me"):
        assert app_client.get(path).status_code == 401, path


def test_wrong_password_is_refused_and_logged(app_client: TestClient, seed: Seed) -> None:
    page = app_client.get("/login")
    res = app_client.post(
        "/login", data={"username": "alice", "password": "nope-nope", "csrf_token": csrf_of(page.text)}
    )
    assert res.status_code == 401
    assert "Wrong username or password" in res.text
    with seed.factory() as s:
        assert s.scalar(select(Action).where(Action.verb == "user.login_failed", Action.actor == "alice"))


def test_login_is_rate_limited(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    codes = [
        app_client.post(
            "/login", data={"username": "alice", "password": "bad-guess", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    # Even the right password waits until the window has passed.
    res = app_client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert res.status_code == 429


def test_post_without_csrf_token_is_refused(app_client: TestClient, seed: Seed) -> None:
    login(app_client, "alice")
    res = app_client.post(f"/cases/{seed.acme_case}/assign", data={"owner": "me"})
    assert res.status_code == 403
    res = app_client.post(f"/api/cases/{seed.acme_case}/move", json={"target": "acknowledged"})
    assert res.status_code == 403
    res = app_client.post(
        f"/api/cases/{seed.acme_case}/move",
        json={"target": "acknowledged"},
        headers={"X-CSRF-Token": "forged"},
    )
    assert res.status_code == 403
    with seed.factory() as s:
        case = s.get(Case, seed.acme_case)
        assert case is not None and case.owner is None and case.state == "new"


def test_agent_of_brand_a_cannot_reach_brand_b(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    assert app_client.get(f"/cases/{seed.acme_case}").status_code == 200
    # By page, by API, and by guessing ids: another brand's case is indistinguishable from a missing one.
    assert app_client.get(f"/cases/{seed.globex_case}").status_code == 404
    assert app_client.get(f"/api/cases/{seed.globex_case}").status_code == 404
    assert app_client.get("/api/cases/999999").status_code == 404
    h = {"X-CSRF-Token": token}
    assert (
        app_client.post(
            f"/api/cases/{seed.globex_case}/move", json={"target": "acknowledged"}, headers=h
        ).status_code
        == 404
    )
    assert (
        app_client.post(f"/api/cases/{seed.globex_case}/assign", json={"owner": "me"}, headers=h).status_code
        == 404
    )
    res = app_client.post(f"/cases/{seed.globex_case}/assign", data={"owner": "me", "csrf_token": token})
    assert res.status_code == 404
    assert app_client.get("/brands/globex").status_code == 404
    inbox = app_client.get("/api/inbox").json()
    assert {i["brand"] for i in inbox["items"]} == {"acme"}
    assert "secret globex" not in app_client.get("/").text
    assert app_client.get("/api/inbox?brand=globex").json()["items"] == []
    counts = app_client.get("/api/inbox/counts").json()
    assert set(counts["brand"]) == {"acme"} and counts["open"] == 4
    with seed.factory() as s:
        case = s.get(Case, seed.globex_case)
        assert case is not None and case.owner is None and case.state == "new"


def test_global_admin_sees_every_brand(app_client: TestClient, seed: Seed) -> None:
    login(app_client, "root")
    assert {i["brand"] for i in app_client.get("/api/inbox").json()["items"]} == {"acme", "globex"}
    assert app_client.get(f"/api/cases/{seed.globex_case}").status_code == 200


def test_api_token_acts_with_its_users_rights(app_client: TestClient, seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        token = do_create_api_token(s, get_user(s, "alice"), "crm", actor="test")
    h = {"Authorization": f"Bearer {token}"}
    assert app_client.get("/api/me", headers=h).json()["roles"] == {"acme": "agent"}
    # A bearer request carries no cookie, so it needs no CSRF token.
    res = app_client.post(f"/api/cases/{seed.acme_case}/move", json={"target": "nonsense-state"}, headers=h)
    assert res.status_code in (409, 422)
    res = app_client.post(f"/api/cases/{seed.acme_case}/move", json={"target": "closed"}, headers=h)
    assert res.status_code == 409 and "allowed from new" in res.json()["detail"]
    res = app_client.post(f"/api/cases/{seed.acme_case}/move", json={"target": "acknowledged"}, headers=h)
    assert res.status_code == 200 and res.json()["state"] == "acknowledged"
    assert app_client.get(f"/api/cases/{seed.globex_case}", headers=h).status_code == 404
    assert app_client.get("/api/me", headers={"Authorization": "Bearer cdk_wrong"}).status_code == 401
    assert "/api/inbox" in app_client.get("/api/openapi.json", headers=h).json()["paths"]
    with seed.factory() as s:
        moved = s.scalar(select(Action).where(Action.verb == "case.moved", Action.case_id == seed.acme_case))
        assert moved is not None and moved.actor == "alice"


def test_public_text_and_names_are_escaped(app_client: TestClient, seed: Seed) -> None:
    login(app_client, "alice")
    html = app_client.get(f"/cases/{seed.acme_xss_case}").text
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(&#39;x1&#39;)&lt;/script&gt;" in html
    assert "&lt;b onmouseover=alert(3)&gt;Evil&lt;/b&gt;" in html
    inbox = app_client.get("/").text
    assert "<script>alert" not in inbox and "&lt;img src=x onerror=" in inbox
    assert XSS_NAME not in inbox


def test_security_headers(app_client: TestClient) -> None:
    res = app_client.get("/login")
    assert "script-src 'self'" in res.headers["content-security-policy"]
    assert res.headers["x-frame-options"] == "DENY"


def test_settings_refuse_dev_secret_outside_development() -> None:
    import pytest

    with pytest.raises(SettingsError):
        load_settings({"CALMDESK_ENV": "production"})
    with pytest.raises(SettingsError):
        load_settings({"CALMDESK_ENV": "production", "CALMDESK_SECRET_KEY": DEV_SECRET})
    dev = load_settings({"CALMDESK_ENV": "development"})
    assert dev.secret_key == DEV_SECRET and not dev.secure_cookies
    prod = load_settings({"CALMDESK_SECRET_KEY": "x" * 40})
    assert prod.environment == "production" and prod.secure_cookies
    assert WebSettings(secret_key="y" * 20).check()
