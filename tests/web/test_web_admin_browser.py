"""Admin in Debian's chromium: connect a channel and test it against the local fake platform
(asserting what the platform RECEIVED), and a new desk's first-run page."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_web_browser import CHROMIUM, browser, live, logged_in_page  # noqa: F401  (fixtures reused)
from web_helpers import PASSWORD, Seed

from calmdesk.secrets import KEY_ENV, generate_key
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Secret, User
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from live_server import LiveServer

sys.path.insert(0, str(Path(__file__).parents[1] / "channels"))
from fakeplatform import TOKEN, FakePlatform  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePlatform]:
    monkeypatch.setenv(KEY_ENV, generate_key())
    with FakePlatform() as platform:
        yield platform


def test_admin_connects_a_channel_and_tests_it(
    live: tuple[LiveServer, Seed],
    browser: Any,
    fake: FakePlatform,
) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "root")
    page.goto(server.url + "/channels")
    page.click("#connect-channel")
    page.click('#platform-picker a[data-platform="x"]')
    page.wait_for_url("**/channels/new?platform=x*")
    page.select_option("#connect-form select[name=brand]", "acme")
    page.fill("#connect-form input[name=handle]", "acme_deals")
    page.fill("#connect-form input[name=credential_token]", TOKEN)
    page.fill("#connect-form input[name=base_url]", fake.url)
    page.click("#connect-btn")
    page.wait_for_url("**/channels*")
    assert "acme_deals connected to acme" in page.locator(".flash.ok").inner_text()
    row = page.locator("#channel-table tr", has_text="@acme_deals")
    assert "never polled" in row.inner_text()
    assert TOKEN not in page.content()
    before = len(fake.received)
    row.locator("button.test-connection").click()
    page.wait_for_load_state()
    assert "Connection works" in page.locator(".flash.ok").inner_text()
    got = fake.received[before:]
    assert [(r.method, r.path) for r in got] == [("GET", "/2/users/by/username/acme_deals")]
    assert got[0].headers["authorization"] == f"Bearer {TOKEN}"
    with seed.factory() as s:
        stored = s.scalars(select(Secret).where(Secret.name == "x:acme_deals:token")).one()
        assert TOKEN not in stored.ciphertext
    # The health the polls keep is untouched by a test: still "never polled".
    assert "never polled" in page.locator("#channel-table tr", has_text="@acme_deals").inner_text()
    page.context.close()


def test_first_run_creates_the_first_admin_once(tmp_path: Path, browser: Any) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/new.sqlite3")
    migrate(engine)
    factory = make_sessionmaker(engine)
    app = create_app(factory, WebSettings(secret_key="browser-secret-0123456789"))
    with LiveServer(app) as server:
        # Through a proxy on this machine the address is loopback too: refused all the same.
        req = urllib.request.Request(server.url + "/setup", headers={"X-Forwarded-For": "203.0.113.9"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, timeout=10)
        assert refused.value.code == 403
        context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
        page = context.new_page()
        page.goto(server.url + "/")
        assert "/login" in page.url
        assert "calmdesk users add --admin NAME" in page.locator("#first-run").inner_text()
        page.click("#first-run a")
        page.wait_for_url(server.url + "/setup")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=display_name]", "Ada Admin")
        page.fill("input[name=password]", PASSWORD)
        page.fill("input[name=password_again]", PASSWORD + "x")
        page.click("#setup-form button[type=submit]")
        assert "the two passwords differ" in page.locator(".flash.error").inner_text()
        assert page.locator("input[name=username]").input_value() == "ada"
        page.fill("input[name=password]", PASSWORD)
        page.fill("input[name=password_again]", PASSWORD)
        page.click("#setup-form button[type=submit]")
        page.wait_for_url(server.url + "/channels")
        assert "Welcome, Ada Admin" in page.locator(".flash.ok").inner_text()
        assert page.locator("header .me").inner_text() == "Ada Admin"
        # Closed for good now, for everyone.
        assert page.goto(server.url + "/setup").status == 404
        context.close()
    with factory() as s:
        users = list(s.scalars(select(User)))
        assert [(u.username, u.is_admin) for u in users] == [("ada", True)]
    engine.dispose()
