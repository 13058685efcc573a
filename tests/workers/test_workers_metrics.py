"""`GET /metrics`: token rules and the numbers it reports, on a router-only app over SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions import audit
from calmdesk.actions.brands import ensure_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Case, OutboxItem, WebhookReceipt
from calmdesk.web.routes_metrics import TOKEN_ENV, router

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path}/m.sqlite3")
    migrate(engine)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def client(factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = FastAPI()
    app.state.sessionmaker = factory
    app.include_router(router)
    with TestClient(app) as c:
        yield c


def _seed(factory: sessionmaker[Session]) -> None:
    now = datetime.now(UTC)
    with factory.begin() as s:
        for key in ("acme", "globex"):
            ensure_brand(s, key)
        items = [
            MentionIn(
                platform="x" if i < 3 else "reddit",
                external_id=f"m{i}",
                text=f"order {i} arrived broken and nobody answers",
                created_at=now - timedelta(minutes=30),
                author=AuthorIn(handle=f"cust{i}"),
            )
            for i in range(5)
        ]
        do_ingest_mentions(s, items, brand_key="acme")
        do_ingest_mentions(
            s,
            [
                MentionIn(
                    platform="x",
                    external_id="g1",
                    text="billing charged me twice",
                    created_at=now,
                    author=AuthorIn(handle="dave"),
                )
            ],
            brand_key="globex",
        )
        s.flush()
        acme_cases = [c for c in s.query(Case).all() if c.brand_id == ensure_brand(s, "acme").id]
        acme_cases[0].state = "closed"
        for i, status in enumerate(["queued", "queued", "sending", "posted", "failed"]):
            s.add(
                OutboxItem(
                    idempotency_key=f"k{i}", platform="x", operation="reply", payload={}, status=status
                )
            )
        s.add(WebhookReceipt(source="x", digest="d1", body="{}", received_at=now - timedelta(seconds=90)))
        s.add(WebhookReceipt(source="x", digest="d2", body="{}", received_at=now - timedelta(seconds=10)))
        s.add(
            WebhookReceipt(
                source="x",
                digest="d3",
                body="{}",
                received_at=now - timedelta(hours=5),
                processed_at=now,
                error="bad body",
            )
        )
        for case in acme_cases[1:3]:
            audit.record(
                s,
                actor="sla",
                verb="sla.breached",
                case_id=case.id,
                brand_id=case.brand_id,
                clock="first_response",
            )


def _samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def test_no_token_configured_means_no_endpoint(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", f"Basic {TOKEN}", "Bearer "])
def test_wrong_or_missing_token_is_refused(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, header: str | None
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    r = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert "calmdesk_" not in r.text


def test_metrics_report_the_desk(
    client: TestClient, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    _seed(factory)
    r = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    got = _samples(r.text)

    assert got[("calmdesk_mentions_ingested_total", (("brand", "acme"), ("platform", "x")))] == 3
    assert got[("calmdesk_mentions_ingested_total", (("brand", "acme"), ("platform", "reddit")))] == 2
    assert got[("calmdesk_mentions_ingested_total", (("brand", "globex"), ("platform", "x")))] == 1

    open_cases = {labels: v for (name, labels), v in got.items() if name == "calmdesk_cases_open"}
    acme_open = sum(v for labels, v in open_cases.items() if ("brand", "acme") in labels)
    assert acme_open == 4  # five complaints, one closed
    assert all(("state", "closed") not in labels for labels in open_cases)
    assert sum(v for labels, v in open_cases.items() if ("brand", "globex") in labels) == 1

    for status, n in {"queued": 2, "sending": 1, "posted": 1, "failed": 1}.items():
        assert got[("calmdesk_outbox_items", (("status", status),))] == n
    assert got[("calmdesk_webhook_receipts_waiting", ())] == 2
    assert 90 <= got[("calmdesk_webhook_receipt_oldest_waiting_seconds", ())] < 5 * 3600
    assert got[("calmdesk_webhook_receipts_with_errors", ())] == 1
    assert got[("calmdesk_sla_breaches_total", (("brand", "acme"),))] == 2
    assert ("calmdesk_sla_breaches_total", (("brand", "globex"),)) not in got


def test_empty_desk_scrapes_cleanly(
    client: TestClient, factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    got = _samples(client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text)
    assert got[("calmdesk_webhook_receipts_waiting", ())] == 0
    assert got[("calmdesk_webhook_receipt_oldest_waiting_seconds", ())] == 0
    assert got[("calmdesk_outbox_items", (("status", "queued"),))] == 0
