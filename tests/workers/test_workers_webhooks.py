"""Webhook endpoints: verify, store the raw body once, ingest (embedded) or enqueue (production)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.channels.webhook import signature as generic_sig
from calmdesk.channels.x import webhook as x_sig
from calmdesk.storage.tables import Channel, Mention, WebhookReceipt
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings

SECRET = "generic-secret-for-tests"
META_SECRET = "meta-app-secret"
X_SECRET = "x-consumer-secret"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALMDESK_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("CALMDESK_META_APP_SECRET", META_SECRET)
    monkeypatch.setenv("CALMDESK_META_VERIFY_TOKEN", "verify-me")
    monkeypatch.setenv("CALMDESK_X_CONSUMER_SECRET", X_SECRET)
    monkeypatch.delenv("CALMDESK_EMBEDDED_WORKER", raising=False)


@pytest.fixture
def factory(tmp_path: Path, env: None) -> Iterator[sessionmaker[Session]]:
    f = open_store(f"sqlite:///{tmp_path}/wh.sqlite3")
    with f.begin() as s:
        brand = ensure_brand(s, "acme")
        s.add(Channel(brand_id=brand.id, platform="x", handle="acmehelp"))
    yield f
    f.kw["bind"].dispose()


@pytest.fixture
def client(factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = create_app(factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    with TestClient(app) as c:
        yield c


def signed(body: str, ts: int | None = None) -> dict[str, str]:
    ts = int(time.time()) if ts is None else ts
    return {
        generic_sig.TIMESTAMP_HEADER: str(ts),
        generic_sig.SIGNATURE_HEADER: generic_sig.generic_signature(body, ts, SECRET),
        "content-type": "application/json",
    }


BODY = json.dumps(
    {
        "items": [
            {
                "id": "r1",
                "text": "the blender broke after two days",
                "created_at": "2024-05-01T10:00:00Z",
                "author": {"handle": "jane"},
                "source": "trustpilot",
            },
            {
                "id": "r2",
                "text": "still waiting for a refund",
                "created_at": "2024-05-01T11:00:00Z",
                "author": "tom",
                "source": "trustpilot",
            },
        ]
    }
)


def counts(factory: sessionmaker[Session]) -> tuple[int, int]:
    with factory() as s:
        return (
            int(s.scalar(select(func.count()).select_from(WebhookReceipt)) or 0),
            int(s.scalar(select(func.count()).select_from(Mention)) or 0),
        )


def test_signed_generic_webhook_is_stored_and_ingested(
    client: TestClient, factory: sessionmaker[Session]
) -> None:
    r = client.post("/webhooks/generic/acme", content=BODY, headers=signed(BODY))
    assert r.status_code == 202, r.text
    assert counts(factory) == (1, 2)
    with factory() as s:
        receipt = s.scalars(select(WebhookReceipt)).one()
        assert receipt.body == BODY and receipt.processed_at is not None and receipt.error is None
        assert {m.external_id for m in s.scalars(select(Mention))} == {"r1", "r2"}


def test_replayed_request_is_stored_once(client: TestClient, factory: sessionmaker[Session]) -> None:
    headers = signed(BODY)
    assert client.post("/webhooks/generic/acme", content=BODY, headers=headers).status_code == 202
    again = client.post("/webhooks/generic/acme", content=BODY, headers=headers)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert counts(factory) == (1, 2)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {generic_sig.TIMESTAMP_HEADER: "1", generic_sig.SIGNATURE_HEADER: "sha256=00"},
        "tampered",
        "old",
    ],
)
def test_bad_signature_is_refused_and_nothing_stored(
    client: TestClient, factory: sessionmaker[Session], headers: object
) -> None:
    if headers == "tampered":
        h = signed(BODY)
        body = BODY.replace("blender", "toaster")
    elif headers == "old":
        h = signed(BODY, ts=int(time.time()) - 3600)
        body = BODY
    else:
        assert isinstance(headers, dict)
        h, body = headers, BODY
    r = client.post("/webhooks/generic/acme", content=body, headers=h)
    assert r.status_code == 401
    assert counts(factory) == (0, 0)


def test_unknown_brand_and_missing_secret(
    client: TestClient, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert client.post("/webhooks/generic/nope", content=BODY, headers=signed(BODY)).status_code == 404
    monkeypatch.delenv("CALMDESK_WEBHOOK_SECRET")
    assert client.post("/webhooks/generic/acme", content=BODY, headers=signed(BODY)).status_code == 503
    assert counts(factory) == (0, 0)


def test_unreadable_body_is_kept_with_the_reason(client: TestClient, factory: sessionmaker[Session]) -> None:
    body = '{"items": [{"id": "x1", "text": ""}]}'
    r = client.post("/webhooks/generic/acme", content=body, headers=signed(body))
    assert r.status_code == 202
    with factory() as s:
        receipt = s.scalars(select(WebhookReceipt)).one()
    assert receipt.body == body and receipt.processed_at is not None
    assert receipt.error and "text" in receipt.error
    assert counts(factory) == (1, 0)


def test_meta_handshake_and_signature(client: TestClient, factory: sessionmaker[Session]) -> None:
    ok = client.get(
        "/webhooks/meta",
        params={"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"},
    )
    assert ok.status_code == 200 and ok.text == "42"
    bad = client.get(
        "/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "42"}
    )
    assert bad.status_code == 403
    body = json.dumps({"object": "page", "entry": []})
    assert (
        client.post("/webhooks/meta", content=body, headers={"X-Hub-Signature-256": "sha256=bad"}).status_code
        == 401
    )
    assert counts(factory) == (0, 0)
    sig = "sha256=" + hmac.new(META_SECRET.encode(), body.encode(), hashlib.sha256).hexdigest()
    r = client.post("/webhooks/meta", content=body, headers={"X-Hub-Signature-256": sig})
    assert r.status_code == 202
    assert counts(factory)[0] == 1


def test_x_crc_and_signed_event(client: TestClient, factory: sessionmaker[Session]) -> None:
    crc = client.get("/webhooks/x", params={"crc_token": "abc"})
    assert crc.json() == x_sig.x_crc_response("abc", X_SECRET)
    body = json.dumps(
        {
            "for_user_id": "1",
            "tweet_create_events": [
                {
                    "id_str": "1790000000000000001",
                    "text": "@acmehelp my card was charged twice",
                    "created_at": "Wed May 01 10:00:00 +0000 2024",
                    "user": {"id_str": "77", "screen_name": "jane"},
                    "entities": {"user_mentions": [{"screen_name": "acmehelp", "id_str": "1"}]},
                }
            ],
        }
    )
    assert (
        client.post(
            "/webhooks/x", content=body, headers={x_sig.X_SIGNATURE_HEADER: "sha256=AAAA"}
        ).status_code
        == 401
    )
    r = client.post(
        "/webhooks/x",
        content=body,
        headers={x_sig.X_SIGNATURE_HEADER: x_sig.x_signature(body, X_SECRET)},
    )
    assert r.status_code == 202
    with factory() as s:
        receipt = s.scalars(select(WebhookReceipt)).one()
    assert receipt.source == "x" and receipt.processed_at is not None
