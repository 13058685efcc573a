"""Pages other than the inbox and case: brand settings, users, API docs; and the CLI."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner
from web_helpers import Seed, login

from calmdesk.cli.main import app as cli
from calmdesk.storage.tables import Action, Brand, Membership, User


def test_playbook_errors_are_shown_and_nothing_is_saved(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "root")
    bad = 'brand = "acme"\n[sla]\nfirst_response_minutes = { x = -5 }\n'
    res = app_client.post("/brands/acme", data={"playbook_toml": bad, "csrf_token": token})
    assert res.status_code == 422
    assert "key &#39;sla.first_response_minutes&#39;" in res.text and "must be positive" in res.text
    assert "x = -5" in res.text  # the text comes back as typed
    res = app_client.post("/brands/acme", data={"playbook_toml": "brand = [", "csrf_token": token})
    assert res.status_code == 422 and "not valid TOML" in res.text
    with seed.factory() as s:
        assert "-5" not in (s.scalar(select(Brand.playbook_toml).where(Brand.key == "acme")) or "")
    good = 'brand = "acme"\ndisplay_name = "ACME Corp"\nfollowup_days = 5\n'
    res = app_client.post(
        "/brands/acme", data={"playbook_toml": good, "csrf_token": token}, follow_redirects=False
    )
    assert res.status_code == 303
    with seed.factory() as s:
        brand = s.scalar(select(Brand).where(Brand.key == "acme"))
        assert (
            brand is not None
            and brand.name == "ACME Corp"
            and "followup_days = 5" in (brand.playbook_toml or "")
        )


def test_agent_cannot_edit_playbook_or_add_users(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    assert "readonly" in app_client.get("/brands/acme").text
    res = app_client.post("/brands/acme", data={"playbook_toml": 'brand = "acme"\n', "csrf_token": token})
    assert res.status_code == 403
    res = app_client.post(
        "/users",
        data={
            "username": "eve",
            "password": "a quiet harbour at dusk",
            "role": "admin",
            "brand": "acme",
            "csrf_token": token,
        },
    )
    assert res.status_code == 403
    with seed.factory() as s:
        assert s.scalar(select(User).where(User.username == "eve")) is None


def test_admin_adds_a_user_and_creates_a_token(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "root")
    res = app_client.post(
        "/users",
        data={
            "username": "nina",
            "password": "a quiet harbour at dusk",
            "role": "agent",
            "brand": "globex",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert "globex: agent" in app_client.get("/users").text
    page = app_client.post("/tokens", data={"name": "crm", "csrf_token": token}).text  # redirected to /users
    assert "cdk_" in page and "shown once" in page
    assert "cdk_" not in app_client.get("/users").text
    docs = app_client.get("/api/docs").text
    assert "/api/inbox" in docs and "/api/cases/{case_id}/move" in docs
    with seed.factory() as s:
        verbs = set(s.scalars(select(Action.verb).where(Action.actor == "root")))
        assert {"user.login", "user.created", "api_token.created"} <= verbs


def test_cli_users_add(tmp_path: Path, seed: Seed, monkeypatch: object) -> None:
    url = str(seed.factory.kw["bind"].url)
    runner = CliRunner()
    env = {"CALMDESK_DATABASE_URL": url}
    res = runner.invoke(
        cli,
        ["users", "add", "zoe", "--role", "supervisor", "--brand", "acme", "--password-stdin"],
        input="quiet river stone 17\n",
        env=env,
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        cli,
        ["users", "add", "zed", "--role", "boss", "--brand", "acme", "--password-stdin"],
        input="quiet river stone 17\n",
        env=env,
    )
    assert res.exit_code == 2 and "unknown role 'boss'" in res.output
    res = runner.invoke(
        cli,
        ["users", "add", "zed", "--role", "agent", "--brand", "nope", "--password-stdin"],
        input="quiet river stone 17\n",
        env=env,
    )
    assert res.exit_code == 2 and "no brand 'nope'" in res.output
    with seed.factory() as s:
        role = s.scalar(
            select(Membership.role).join(User, User.id == Membership.user_id).where(User.username == "zoe")
        )
        assert role == "supervisor"
        assert s.scalar(select(User).where(User.username == "zed")) is None


def test_a_damaged_inbox_cursor_answers_422_naming_it(app_client: TestClient, seed: Seed) -> None:
    """`?after=` is read strictly: a made-up cursor is the client's error, never a 500."""
    login(app_client, "root")
    for url in ("/api/inbox?after=not-a-cursor", "/?after=W10"):
        r = app_client.get(url)
        assert r.status_code == 422, (url, r.status_code)
        assert "after" in r.text and "cursor" in r.text
    ok = app_client.get("/api/inbox")
    assert ok.status_code == 200 and "next_after" in ok.json()


def test_the_inbox_next_link_is_a_keyset_cursor(app_client: TestClient, seed: Seed) -> None:
    """The page's "Next" link carries `after=`; following it shows the next 50 cases, none twice."""
    import re
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from calmdesk.storage.tables import Case

    t0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with seed.factory.begin() as s:
        brand_id = s.scalar(select(Brand.id).where(Brand.key == "acme"))
        s.execute(insert(Case), [
            {"brand_id": brand_id, "platform": "x", "thread_key": f"bulk{i}", "state": "new", "priority": i % 4,
             "priority_factors": [], "escalation": [], "tags": [], "went_private": False,
             "public_closeout_done": False, "opened_at": t0, "updated_at": t0}
            for i in range(120)
        ])
    login(app_client, "root")
    first = app_client.get("/")
    link = re.search(r'href="/\?after=([A-Za-z0-9_-]+)">Next', first.text)
    assert link, "no keyset Next link on the first page"
    api_first = app_client.get("/api/inbox").json()
    api_second = app_client.get(f"/api/inbox?after={link.group(1)}").json()
    assert api_second["page"] == 2 and len(api_second["items"]) == 50
    assert not {i["id"] for i in api_first["items"]} & {i["id"] for i in api_second["items"]}
    second = app_client.get(f"/?after={link.group(1)}")
    assert second.status_code == 200 and "First page" in second.text
