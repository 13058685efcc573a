"""Admin in the browser: connecting a channel (credentials into the encrypted store only), testing
it against the local fake platform (asserting what the platform RECEIVED), and the first-run page."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import PASSWORD, Seed, csrf_of, login

from calmdesk.secrets import KEY_ENV, generate_key
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Action, Channel, Secret, User
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "channels"))
from fakeplatform import TOKEN, FakePlatform  # noqa: E402

BAD_TOKEN = "wrong-token-zyxwvu987654"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePlatform]:
    monkeypatch.setenv(KEY_ENV, generate_key())
    with FakePlatform() as platform:
        yield platform


def _connect(client: TestClient, fake: FakePlatform, token: str = TOKEN, **over: str) -> object:
    csrf = csrf_of(client.get("/channels/new?platform=x").text)
    data = {
        "csrf_token": csrf,
        "platform": "x",
        "brand": "acme",
        "handle": "acme_news",
        "credential_token": token,
        "base_url": fake.url,
        "settings": "poll_interval_s=120",
    }
    data.update(over)
    return client.post("/channels/new", data=data, follow_redirects=False)


def _test(client: TestClient, channel_id: int) -> str:
    csrf = csrf_of(client.get("/channels").text)
    res = client.post(f"/channels/{channel_id}/test", data={"csrf_token": csrf}, follow_redirects=True)
    assert res.status_code == 200
    return res.text


def test_an_admin_connects_x_and_the_token_lands_only_in_the_encrypted_store(
    app_client: TestClient, seed: Seed, fake: FakePlatform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    login(app_client, "root")
    form = app_client.get("/channels/new?platform=x&brand=acme")
    assert 'name="credential_token"' in form.text and 'type="password"' in form.text
    res = _connect(app_client, fake)
    assert res.status_code == 303, res.text  # type: ignore[attr-defined]
    page = app_client.get("/channels").text
    assert "acme_news" in page and "connected to acme" in page and TOKEN not in page
    with seed.factory() as s:
        channel = s.scalars(select(Channel).where(Channel.handle == "acme_news")).one()
        assert channel.platform == "x" and channel.settings == {"base_url": fake.url, "poll_interval_s": 120}
        secret = s.scalars(select(Secret).where(Secret.name == "x:acme_news:token")).one()
        assert TOKEN not in secret.ciphertext
        for action in s.scalars(select(Action)):
            assert TOKEN not in repr(action.detail) and TOKEN not in (action.note or "")
        connected = s.scalars(select(Action).where(Action.verb == "channel.connected")).one()
        assert connected.actor == "root" and connected.detail["credentials"] == ["token"]
        channel_id = channel.id
    # Test connection: the platform is asked for our account, with the stored token.
    before = len(fake.received)
    text = _test(app_client, channel_id)
    assert "Connection works" in text and "@acme_news" in text, text
    asked = fake.received[before:]
    assert [(r.method, r.path) for r in asked] == [("GET", "/2/users/by/username/acme_news")]
    assert asked[0].headers["authorization"] == f"Bearer {TOKEN}"
    # A wrong token: connecting again replaces it; the test says the platform refused, redacted.
    assert _connect(app_client, fake, token=BAD_TOKEN).status_code == 303  # type: ignore[attr-defined]
    text = _test(app_client, channel_id)
    assert "Connection test failed" in text and "401" in text and BAD_TOKEN not in text
    assert fake.received[-1].headers["authorization"] == f"Bearer {BAD_TOKEN}"
    # A platform that does not answer at all: said plainly, after two quick tries.
    assert _connect(app_client, fake, base_url="http://127.0.0.1:9").status_code == 303  # type: ignore[attr-defined]
    text = _test(app_client, channel_id)
    assert "Connection test failed" in text and "connection failed" in text, text
    with seed.factory() as s:
        checks = [a.detail["ok"] for a in s.scalars(select(Action).where(Action.verb == "channel.checked"))]
        assert checks == [True, False, False]
    assert TOKEN not in caplog.text and BAD_TOKEN not in caplog.text


def test_connect_refusals_name_the_field_and_never_echo_the_credential(
    app_client: TestClient, fake: FakePlatform
) -> None:
    login(app_client, "root")
    res = _connect(app_client, fake, token="")
    assert res.status_code == 422 and "credentials: token needed" in res.text  # type: ignore[attr-defined]
    res = _connect(app_client, fake, handle="not a handle!")
    assert res.status_code == 422 and "handle:" in res.text and TOKEN not in res.text  # type: ignore[attr-defined]
    res = _connect(app_client, fake, base_url="file:///etc/passwd")
    assert res.status_code == 422 and "base_url: must be an http(s) URL" in res.text  # type: ignore[attr-defined]
    res = _connect(app_client, fake, settings="poll_interval_s=60\nnonsense")
    assert res.status_code == 422 and "settings, line 2" in res.text  # type: ignore[attr-defined]
    # acme's own account belongs to acme; globex cannot take it.
    res = _connect(app_client, fake, brand="globex", handle="acme_help")
    assert res.status_code == 422 and "belongs to another brand" in res.text  # type: ignore[attr-defined]
    assert 'value="acme_help"' in res.text and TOKEN not in res.text  # type: ignore[attr-defined]


def test_only_an_admin_of_the_brand_connects_or_tests(app_client: TestClient, seed: Seed, fake: FakePlatform) -> None:
    login(app_client, "sam")  # supervisor of acme, not admin
    assert app_client.get("/channels/new").status_code == 403
    page = app_client.get("/channels").text
    assert "test-connection" not in page and 'id="connect-channel"' not in page
    csrf = csrf_of(page)
    res = app_client.post(
        "/channels/new",
        data={"csrf_token": csrf, "platform": "x", "brand": "acme", "handle": "n", "credential_token": TOKEN},
    )
    assert res.status_code == 403
    with seed.factory() as s:
        acme_channel = s.scalars(select(Channel).where(Channel.handle == "acme_help")).one().id
        globex_channel = s.scalars(select(Channel).where(Channel.handle == "globex_care")).one().id
    assert app_client.post(f"/channels/{acme_channel}/test", data={"csrf_token": csrf}).status_code == 403
    # Another brand's channel is not there at all.
    assert app_client.post(f"/channels/{globex_channel}/test", data={"csrf_token": csrf}).status_code == 404
    assert app_client.post(
        "/channels/new",
        data={"csrf_token": csrf, "platform": "x", "brand": "globex", "handle": "n", "credential_token": TOKEN},
    ).status_code == 404


def test_first_run_page_is_closed_once_someone_exists(app_client: TestClient) -> None:
    assert app_client.get("/setup").status_code == 404
    assert "first-run" not in app_client.get("/login").text


def test_first_run_page_only_from_this_machine(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/empty.sqlite3")
    migrate(engine)
    app = create_app(make_sessionmaker(engine), WebSettings(secret_key="test-secret-0123456789abcdef"))
    with TestClient(app) as client:  # its requests come from "testclient", not a loopback address
        login_page = client.get("/login").text
        assert 'id="first-run"' in login_page and "calmdesk users add --admin NAME" in login_page
        res = client.get("/setup")
        assert res.status_code == 403 and "from this machine only" in res.text
        res = client.post(
            "/setup",
            data={"csrf_token": csrf_of(login_page), "username": "eve", "password": PASSWORD,
                  "password_again": PASSWORD},
        )
        assert res.status_code == 403
    with make_sessionmaker(engine)() as s:
        assert s.scalars(select(User)).first() is None
    engine.dispose()
