"""Embedded mode on SQLite, production webhooks on PostgreSQL, and periodic ticks run once."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker
from workers_pg import CALMDESK, ROOT, generic_body, start_worker, temp_database, worker_env

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.channels.webhook import signature as generic_sig
from calmdesk.storage.tables import Mention, WebhookReceipt
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from calmdesk.workers import jobs
from calmdesk.workers.embedded import EmbeddedRunner
from calmdesk.workers.queue import build_app, ensure_queue_schema

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    f = open_store(f"sqlite:///{tmp_path}/emb.sqlite3")
    with f.begin() as s:
        ensure_brand(s, "acme")
    yield f
    f.kw["bind"].dispose()


def test_embedded_runner_processes_waiting_receipts_and_leases_ticks(
    sqlite_store: sessionmaker[Session],
) -> None:
    with sqlite_store.begin() as s:
        s.add(WebhookReceipt(source="generic:acme", digest="a", body=generic_body(0, 30)))
    calls: list[str] = []
    periodic = {"probe": (60.0, lambda f, now: calls.append(now.isoformat()))}
    first = EmbeddedRunner(sqlite_store, periodic=periodic, holder="one")
    second = EmbeddedRunner(sqlite_store, periodic=periodic, holder="two")
    now = datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert first.tick(now)["receipts"] == 1
    second.tick(now + timedelta(seconds=5))  # lease still held: the tick is not run twice
    assert len(calls) == 1
    second.tick(now + timedelta(seconds=61))  # lease expired: the other process may run it
    assert len(calls) == 2
    with sqlite_store() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 30


def test_embedded_worker_cli_burst(tmp_path: Path, sqlite_store: sessionmaker[Session]) -> None:
    with sqlite_store.begin() as s:
        s.add(WebhookReceipt(source="generic:acme", digest="b", body=generic_body(0, 5)))
    url = str(sqlite_store.kw["bind"].url)
    out = subprocess.run(
        [*CALMDESK, "worker", "--embedded", "--burst"],
        env=worker_env(url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert jobs.unprocessed_receipts(sqlite_store) == []
    refused = subprocess.run(
        [*CALMDESK, "worker"], env=worker_env(url), cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and "--embedded" in refused.stderr


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_database()


def test_production_webhook_enqueues_with_the_receipt(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALMDESK_WEBHOOK_SECRET", "s3cret-for-tests")
    factory = open_store(pg_url)
    engine = factory.kw["bind"]
    ensure_queue_schema(engine)
    with factory.begin() as s:
        ensure_brand(s, "acme")
    app = create_app(factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    body = generic_body(0, 20)
    ts = int(time.time())
    headers = {
        generic_sig.TIMESTAMP_HEADER: str(ts),
        generic_sig.SIGNATURE_HEADER: generic_sig.generic_signature(body, ts, "s3cret-for-tests"),
    }
    with TestClient(app) as client:
        assert client.post("/webhooks/generic/acme", content=body, headers=headers).status_code == 202
        assert client.post("/webhooks/generic/acme", content=body, headers=headers).status_code == 200
    with engine.connect() as conn:
        queued = conn.execute(text("SELECT task_name, args FROM procrastinate_jobs")).all()
    assert [(t, a) for t, a in queued] == [("calmdesk.process_receipt", {"receipt_id": 1})]
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 0  # not inline in production
    w = start_worker(pg_url, "--burst", log=tmp_path / "w.log")
    assert w.wait(60) == 0, (tmp_path / "w.log").read_text()
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 20
    engine.dispose()


def test_two_schedulers_defer_each_tick_once(pg_url: str) -> None:
    from procrastinate.periodic import PeriodicDeferrer

    factory = open_store(pg_url)
    engine = factory.kw["bind"]
    ensure_queue_schema(engine)

    async def both() -> None:
        apps = [build_app(engine, periodic=True) for _ in range(2)]
        now = time.time()
        for app in apps:
            async with app.open_async():
                deferrer = PeriodicDeferrer(registry=app.periodic_registry, max_delay=600)
                await deferrer.defer_jobs(jobs_to_defer=deferrer.get_previous_tasks(at=now))

    asyncio.run(both())
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT task_name, count(*) FROM procrastinate_jobs GROUP BY 1")).all()
    counts = dict(rows)
    # Both schedulers saw the same ticks; PostgreSQL kept one job per (task, tick).
    # Which periodic tasks had a tick in the window depends on the clock; every-minute ones always do.
    assert "calmdesk.send_outbox" in counts
    assert set(counts.values()) == {1}, json.dumps(counts)
    engine.dispose()
