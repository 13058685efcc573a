"""Polling as one job per channel (issue 18): a slow platform holds up only its own channel.

Real parts only: PostgreSQL with Procrastinate's schema, a `calmdesk worker` subprocess, and
two fake platforms serving real HTTP on 127.0.0.1, one of which takes seconds to answer.
Before issue 18 one job polled every due channel one after another, so the fast channel's
mention waited behind the slow platform; the first assertion below fails that way.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker
from workers_pg import load_fakeplatform, start_worker, temp_database, wait_until

from calmdesk.bootstrap import open_store
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Brand, Channel, Mention
from calmdesk.workers.queue import TASK_POLL, defer_due_polls, ensure_queue_schema

pytestmark = pytest.mark.timeout(240)

fp = load_fakeplatform()
SLOW_S = 8.0


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_database()


@pytest.fixture
def platforms() -> Iterator[tuple[Any, Any]]:
    slow, fast = fp.FakePlatform(), fp.FakePlatform()
    slow._ids = itertools.count(500_000)  # both number posts from 100,000: x ids must differ
    slow.slow_seconds = SLOW_S
    slow.faults.append(fp.Fault("/mentions", "slow"))
    slow.start()
    fast.start()
    yield slow, fast
    slow.stop()
    fast.stop()


def _channels(factory: sessionmaker[Session], slow: Any, fast: Any) -> tuple[int, int, int]:
    with factory.begin() as s:
        brand = Brand(key="acme", name="Acme")
        s.add(brand)
        s.flush()
        later = datetime.now(UTC) + timedelta(hours=1)
        chans = [
            # The slow one first: polled in order, it would come before the fast one.
            Channel(brand_id=brand.id, platform="x", handle="slowco", settings={"user_id": "9000", "base_url": slow.url}),
            Channel(brand_id=brand.id, platform="x", handle="fastco", settings={"user_id": "9000", "base_url": fast.url}),
            Channel(brand_id=brand.id, platform="x", handle="laterco", next_poll_at=later,
                    settings={"user_id": "9000", "base_url": fast.url}),
        ]  # fmt: skip
        s.add_all(chans)
        s.flush()
        return chans[0].id, chans[1].id, chans[2].id


def _jobs(factory: sessionmaker[Session]) -> list[tuple[str, str, str, int]]:
    with factory() as s:
        rows = s.execute(
            text(
                "SELECT status::text, lock, queueing_lock, (args->>'channel_id')::int FROM procrastinate_jobs "
                "WHERE task_name = :task ORDER BY id"
            ),
            {"task": TASK_POLL},
        )
        return [(str(a), str(b), str(c), int(d)) for a, b, c, d in rows]


def _texts(factory: sessionmaker[Session]) -> set[str]:
    with factory() as s:
        return set(s.scalars(select(Mention.text)))


def test_one_job_per_due_channel_and_a_slow_platform_delays_only_itself(
    pg_url: str, platforms: tuple[Any, Any], tmp_path: Path
) -> None:
    slow, fast = platforms
    factory = open_store(pg_url)
    ensure_queue_schema(factory.kw["bind"])
    slow_id, fast_id, later_id = _channels(factory, slow, fast)
    slow.add("x", "@acme my parcel is lost")
    fast.add("x", "@acme my order is late")

    # The periodic job only picks the due channels and queues one job for each, locked per channel.
    assert defer_due_polls(factory) == [slow_id, fast_id]
    assert _jobs(factory) == [
        ("todo", f"poll:{slow_id}", f"poll:{slow_id}", slow_id),
        ("todo", f"poll:{fast_id}", f"poll:{fast_id}", fast_id),
    ]
    # The next tick while they still wait queues nothing twice; the channel not due gets none.
    assert defer_due_polls(factory) == []
    assert len(_jobs(factory)) == 2

    env = {env_name("x:slowco:token"): fp.TOKEN, env_name("x:fastco:token"): fp.TOKEN}
    log = tmp_path / "worker.log"
    worker = start_worker(pg_url, "--queue", "ingest", "--concurrency", "2", "--burst", log=log, env=env)
    try:
        assert wait_until(lambda: "@acme my order is late" in _texts(factory), 120), log.read_text()
        fast_done = time.monotonic()
        # The fast channel is in while the slow platform is still sitting on its answer.
        assert "@acme my parcel is lost" not in _texts(factory)
        assert worker.wait(180) == 0, log.read_text()
        slow_done = time.monotonic()
    finally:
        if worker.poll() is None:
            worker.kill()
    with factory() as s:
        polled = {c.id: c.last_success_at for c in s.scalars(select(Channel))}
        errors = {c.handle: c.last_error for c in s.scalars(select(Channel))}
    assert slow_done - fast_done > 1.0
    assert _texts(factory) == {"@acme my parcel is lost", "@acme my order is late"}, (errors, log.read_text())
    assert polled[slow_id] is not None and polled[fast_id] is not None and polled[later_id] is None
    # Each platform was asked once for mentions: one poll per channel.
    assert sum(1 for _m, path in slow.requests if "/mentions" in path) == 1
    assert sum(1 for _m, path in fast.requests if "/mentions" in path) == 1
