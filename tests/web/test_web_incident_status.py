"""The incident page's public status update (issue 16, item 4): a supervisor checks, approves and posts
it; the outbox delivers it to the brand's X account on the local fake platform; over HTTP and in
Debian's chromium.

The brand's X channel (from the seeded playbook) is pointed at a `FakePlatform`, and the outbox is
run the way the worker runs it (`do_send_outbox`); the assertions are on what the platform got.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import test_web_browser as wb
from fastapi.testclient import TestClient
from incident_desk import client, incident_desk, live_desk  # noqa: F401 - the shared incident desk
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from test_web_browser import browser  # noqa: F401 - the shared chromium fixture
from web_helpers import Seed, login

from calmdesk.actions.outbox import do_send_outbox
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.channels._common.ratelimit import RetryPolicy
from calmdesk.demo.platform_api import BRAND_X_ID, TOKEN, FakePlatform
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Channel, OutboxItem

EVIL = "<script>window.__pwned=1</script>"
TEXT = (
    "I'm sorry, our app is down for many of you right now. We're on it and I'll post here again soon. - Sam"
)


def _connector_for(session: Session, channel: Any) -> BaseConnector:
    opts = {"sleep": lambda s: None, "timeout": 2.0, "policy": RetryPolicy(attempts=2, base_delay=0.01)}
    return build_connector(session, channel, http_options=opts)


@pytest.fixture
def fake() -> Iterator[FakePlatform]:
    with FakePlatform() as server:
        yield server


@pytest.fixture
def desk(tmp_path: Path, fake: FakePlatform, monkeypatch: Any) -> Iterator[tuple[Seed, int]]:
    """The incident desk with the brand's X channel pointed at the fake platform."""
    monkeypatch.setenv(env_name("x:acme_help:token"), TOKEN)

    def point_x_at_fake(data: Seed) -> None:
        with data.factory.begin() as s:
            channel = s.scalars(select(Channel).where(Channel.handle == "acme_help")).one()
            channel.settings = {**(channel.settings or {}), "base_url": fake.url, "user_id": BRAND_X_ID}

    with incident_desk(tmp_path, point_x_at_fake) as data:
        yield data


def _items(factory: sessionmaker[Session]) -> list[OutboxItem]:
    with factory() as s:
        return list(s.scalars(select(OutboxItem).where(OutboxItem.operation == "status_post")))


def test_only_the_brands_supervisor_may_post(
    client: TestClient, desk: tuple[Seed, int], fake: FakePlatform
) -> None:
    seed, inc = desk
    login(client, "bob")  # globex only
    assert client.get(f"/incidents/{inc}").status_code == 404
    client.cookies.clear()
    csrf = login(client, "alice")  # acme agent
    page = client.get(f"/incidents/{inc}").text
    assert 'id="status-form"' not in page and "a supervisor writes and approves it" in page
    res = client.post(
        f"/incidents/{inc}/status",
        data={"csrf_token": csrf, "kind": "update", "text": TEXT, "decision": "post"},
        follow_redirects=False,
    )
    assert res.status_code == 403
    client.cookies.clear()
    login(client, "sam")
    res = client.post(
        f"/incidents/{inc}/status",
        data={"kind": "update", "text": TEXT, "decision": "post"},
        follow_redirects=False,
    )
    assert res.status_code == 403  # no CSRF token
    assert _items(seed.factory) == [] and fake.received == []


def test_check_shows_findings_and_keeps_the_text_as_text(client: TestClient, desk: tuple[Seed, int]) -> None:
    seed, inc = desk
    csrf = login(client, "sam")
    page = client.get(f"/incidents/{inc}").text
    assert 'id="status-form"' in page and "Posts on: x @acme_help" in page
    assert "- Sam Super</textarea>" in page  # the proposed text, signed by the supervisor
    blame = f"You must have installed it wrong {EVIL}"
    res = client.post(
        f"/incidents/{inc}/status",
        data={"csrf_token": csrf, "kind": "update", "text": blame, "decision": "check"},
    )
    assert res.status_code == 200
    assert "x: R-BLAME (block)" in res.text
    assert EVIL not in res.text and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in res.text
    res = client.post(
        f"/incidents/{inc}/status",
        data={"csrf_token": csrf, "kind": "update", "text": blame, "decision": "post"},
    )
    assert "the reply checker refuses this status update" in res.text and EVIL not in res.text
    assert _items(seed.factory) == []


def test_posting_over_http_reaches_the_platform_once(
    client: TestClient, desk: tuple[Seed, int], fake: FakePlatform
) -> None:
    seed, inc = desk
    csrf = login(client, "sam")
    form = {"csrf_token": csrf, "kind": "update", "text": TEXT, "decision": "post"}
    assert client.post(f"/incidents/{inc}/status", data=form, follow_redirects=False).status_code == 303
    again = client.post(f"/incidents/{inc}/status", data=form)  # a double click
    assert "approved by sam already" in again.text
    assert len(_items(seed.factory)) == 1
    report = do_send_outbox(seed.factory, _connector_for)
    assert report.sent and not report.errors, report.errors
    [req] = fake.sent("POST", "/2/tweets")
    assert req.body == {"text": TEXT}
    page = client.get(f"/incidents/{inc}").text
    [item] = _items(seed.factory)
    assert (
        item.status == "posted" and f'href="https://x.com/acme_help/status/{item.result_external_id}"' in page
    )
    assert 'id="status-form"' not in page  # approved once: no second update while open


# --- in the browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_supervisor_posts_a_status_update_and_the_platform_gets_it(
    live_desk: tuple[wb.LiveServer, Seed, int],
    fake: FakePlatform,
    browser: Any,  # noqa: F811
) -> None:
    server, seed, inc = live_desk
    page = wb.logged_in_page(browser, server, "sam")
    page.goto(f"{server.url}/incidents/{inc}")
    box = page.locator("#status-form textarea[name=text]")
    assert box.input_value().endswith("- Sam Super")  # proposed, signed
    assert "Posts on: x @acme_help" in page.locator("#status-targets").inner_text()

    # a text the checker refuses, with markup in it: findings shown, the markup stays text
    box.fill(f"You must have installed it wrong {EVIL}")
    page.click("#status-form button[value=check]")
    page.wait_for_load_state()
    assert "R-BLAME" in page.locator("#status-findings").inner_text()
    assert page.evaluate("window.__pwned") is None

    # the supervisor's own words: approve and post
    page.locator("#status-form textarea[name=text]").fill(TEXT)
    page.click("#post-status")
    page.wait_for_load_state()
    assert "queued on 1 channel" in page.locator(".flash.ok").inner_text()
    assert page.locator("#status-form").count() == 0
    assert page.locator("#status-posts tr[data-status=queued]").count() == 1

    # the worker sends it; the platform got one new tweet (no reply field) with those words
    report = do_send_outbox(seed.factory, _connector_for)
    assert report.sent and not report.errors, report.errors
    [req] = fake.sent("POST", "/2/tweets")
    assert req.body == {"text": TEXT}
    page.reload()
    posted = page.locator("#status-posts tr[data-status=posted] a")
    assert posted.inner_text() == "posted" and posted.get_attribute("href").startswith(
        "https://x.com/acme_help/status/"
    )
    assert page.evaluate("window.__pwned") is None
    page.context.close()
