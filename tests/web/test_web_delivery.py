"""The case page says what became of a sent reply: posted (id and link) or why it was not."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import Seed, login

from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import OutboxItem


def _send(app_client: TestClient, seed: Seed, token: str) -> int:
    text = "Hi Erin, I'm sorry the parcel is late. I'm checking with the carrier now. - Alice"
    res = app_client.post(
        f"/cases/{seed.acme_quiet_case}/drafts",
        data={"text": text, "visibility": "public", "kind": "ack", "intent": "send", "csrf_token": token},
    )
    assert res.status_code == 200
    with seed.factory() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.case_id == seed.acme_quiet_case)).one()
        return item.id


def test_case_page_shows_queued_then_posted_with_link(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    item_id = _send(app_client, seed, token)
    page = app_client.get(f"/cases/{seed.acme_quiet_case}").text
    assert 'class="sub delivery queued"' in page
    with seed.factory.begin() as s:  # what the outbox records when X confirms the post
        item = s.get_one(OutboxItem, item_id)
        item.status = OutboxStatus.POSTED
        item.result_external_id = "1799"
        item.permalink = "https://x.com/acme_help/status/1799"
        item.sent_at = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)
    page = app_client.get(f"/cases/{seed.acme_quiet_case}").text
    assert "Posted 2026-12-06 21:00 UTC" in page and 'href="https://x.com/acme_help/status/1799"' in page


def test_case_page_shows_why_a_reply_failed(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    item_id = _send(app_client, seed, token)
    with seed.factory.begin() as s:
        item = s.get_one(OutboxItem, item_id)
        item.status, item.attempts = OutboxStatus.FAILED, 3
        item.last_error = "AuthError: POST /2/tweets: 403 <b>forbidden</b>"
    page = app_client.get(f"/cases/{seed.acme_quiet_case}").text
    assert "Not delivered after 3 tries" in page and f"calmdesk outbox retry {item_id}" in page
    assert "&lt;b&gt;forbidden&lt;/b&gt;" in page  # the platform's words are text, not markup
