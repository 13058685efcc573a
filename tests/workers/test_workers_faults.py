"""Faults against the real PostgreSQL and real worker processes: kill -9 mid-ingest, racing workers.

Small volumes keep this within a minute on two cores; `bench/faults_ingest.py` runs 100,000.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from workers_pg import generic_body, start_worker, temp_database, wait_until

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.storage.tables import Mention, Message, WebhookReceipt
from calmdesk.workers import jobs
from calmdesk.workers.queue import build_app, enqueue_receipts, ensure_queue_schema, rescue_stalled_jobs

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_database()


@pytest.fixture
def store(pg_url: str) -> sessionmaker[Session]:
    factory = open_store(pg_url)
    ensure_queue_schema(factory.kw["bind"])
    with factory.begin() as s:
        ensure_brand(s, "acme")
    return factory


def _add_receipts(factory: sessionmaker[Session], bodies: list[str], *, enqueue: bool = True) -> list[int]:
    with factory.begin() as s:
        rows = [
            WebhookReceipt(source="generic:acme", digest=f"test-{i}-{len(b)}", body=b)
            for i, b in enumerate(bodies)
        ]
        s.add_all(rows)
        s.flush()
        ids = [r.id for r in rows]
        if enqueue:
            enqueue_receipts(s, ids)
    return ids


def _count(factory: sessionmaker[Session], what: object) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(what)) or 0)  # type: ignore[arg-type]


def _waiting(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).where(WebhookReceipt.processed_at.is_(None))) or 0)


def test_kill_9_mid_ingest_stores_every_mention_once(
    store: sessionmaker[Session], pg_url: str, tmp_path: Path
) -> None:
    per, receipts = 100, 20
    total = per * receipts
    _add_receipts(store, [generic_body(i * per, per) for i in range(receipts)])

    # One receipt per job, so the kill lands between or inside small transactions.
    victim = start_worker(pg_url, log=tmp_path / "victim.log", env={"CALMDESK_RECEIPT_BATCH": "1"})
    try:
        # Kill it while it is in the middle: some mentions stored, not all.
        assert wait_until(lambda: _count(store, Mention) > 0, 60), (tmp_path / "victim.log").read_text()
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
    finally:
        if victim.poll() is None:
            victim.kill()
    stored_at_kill = _count(store, Mention)
    assert 0 < stored_at_kill < total, "the worker was not killed mid-run; raise the volume"

    # The dead worker's running job (if it was inside one when killed) goes back to the queue
    # once its heartbeat is stale; a kill between two jobs leaves nothing to rescue.
    async def rescue() -> int:
        app = build_app(store.kw["bind"])
        async with app.open_async():
            await asyncio.sleep(4)  # CALMDESK_STALLED_AFTER_S=3 in the workers' environment
            return await rescue_stalled_jobs(app, seconds=3)

    assert asyncio.run(rescue()) in (0, 1)

    survivor = start_worker(pg_url, "--burst", log=tmp_path / "survivor.log")
    assert survivor.wait(120) == 0, (tmp_path / "survivor.log").read_text()

    assert _waiting(store) == 0
    assert _count(store, Mention) == total
    assert _count(store, Message) == total
    with store() as s:
        distinct = s.scalar(select(func.count(func.distinct(Mention.external_id))))
    assert distinct == total


def test_two_workers_racing_on_the_same_items_store_each_once(
    store: sessionmaker[Session], pg_url: str, tmp_path: Path
) -> None:
    # Every item arrives in three different receipts; two workers race to store them.
    per = 60
    bodies = [generic_body(i * per // 2, per) for i in range(8)] * 3
    ids = _add_receipts(store, bodies)
    expected_ids = {f"m{n}" for i in range(8) for n in range(i * per // 2, i * per // 2 + per)}

    workers = [
        start_worker(pg_url, "--burst", "--concurrency", "2", log=tmp_path / f"w{k}.log") for k in range(2)
    ]
    for k, w in enumerate(workers):
        assert w.wait(120) == 0, (tmp_path / f"w{k}.log").read_text()

    assert _waiting(store) == 0
    with store() as s:
        got = list(s.scalars(select(Mention.external_id)))
        errors = [e for e in s.scalars(select(WebhookReceipt.error).where(WebhookReceipt.id.in_(ids))) if e]
    assert sorted(got) == sorted(expected_ids)
    assert errors == []


def test_concurrent_batches_in_threads_retry_instead_of_failing(store: sessionmaker[Session]) -> None:
    """The IntegrityError path itself: threads insert the same batch at once; none raises."""
    from concurrent.futures import ThreadPoolExecutor

    from calmdesk.channels import parse_payload

    items = parse_payload("webhook", generic_body(0, 200, prefix="race"))
    with ThreadPoolExecutor(4) as pool:
        reports = list(pool.map(lambda _: jobs.ingest_items(store, items, brand_key="acme"), range(4)))
    assert sum(r.created for r in reports) == 200
    assert _count(store, Mention) == 200


def test_orphan_receipts_are_queued_again(store: sessionmaker[Session], pg_url: str, tmp_path: Path) -> None:
    from calmdesk.workers.queue import sweep_orphan_receipts

    _add_receipts(store, [generic_body(0, 10, prefix="orphan")], enqueue=False)
    assert sweep_orphan_receipts(store, older_than_s=0) == 1
    assert sweep_orphan_receipts(store, older_than_s=0) == 0  # its job is waiting: not twice
    w = start_worker(pg_url, "--burst", log=tmp_path / "w.log")
    assert w.wait(60) == 0, (tmp_path / "w.log").read_text()
    assert _count(store, Mention) == 10
