"""kill -9 a queue worker in the middle of sending replies: after a restart every reply is on the
platform exactly once and every outbox item is `sent`.

Real parts only: PostgreSQL, `calmdesk worker` subprocesses running the `calmdesk.send_outbox`
job, and the connectors area's fake platform serving real HTTP on 127.0.0.1 (the worker
subprocess reaches it over loopback). `bench/outbox_faults.py` runs the same drill at 1,000.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker
from workers_pg import load_fakeplatform, start_worker, temp_database

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Action, Channel, OutboxItem
from calmdesk.workers.queue import build_app, ensure_queue_schema, rescue_stalled_jobs

pytestmark = pytest.mark.timeout(240)

fp = load_fakeplatform()
REPLIES = 100
#: The fake holds its answer to this post (stored on the platform, not yet recorded by the
#: desk), and the worker is killed right there: the hardest point of the outbox rule.
KILL_AT_POST = 40


class HoldingPlatform(fp.FakePlatform):  # type: ignore[misc,name-defined]
    """Answers posts normally until the `hold_at`-th one, then holds that answer until released."""

    def __init__(self, hold_at: int) -> None:
        super().__init__(page_size=20)
        self.hold_at = hold_at

    def _store_post(self, item: Any) -> None:
        with self.lock:
            self.items.append(item)
            posted = sum(1 for i in self.items if i.ours)
        if posted == self.hold_at and not self.release.is_set():
            self.post_stored.set()
            self.release.wait(timeout=120)


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_database()


@pytest.fixture
def fake() -> Iterator[Any]:
    server = HoldingPlatform(KILL_AT_POST)
    server.start()
    yield server
    server.stop()


def _seed(factory: sessionmaker[Session], fake: Any, n: int) -> dict[str, str]:
    """An X channel pointed at the fake, `n` customer posts there and one reply to each queued.

    Returns target post id -> reply text.
    """
    expected: dict[str, str] = {}
    with factory.begin() as s:
        brand = ensure_brand(s, "acme")
        channel = Channel(
            brand_id=brand.id, platform="x", handle="acme", settings={"base_url": fake.url, "user_id": "9000"}
        )
        s.add(channel)
        s.flush()
        for i in range(n):
            target = fake.add("x", f"@acme order {i} never arrived", author=f"cust{i}")
            text = f"Sorry about order {i}, we are sending a replacement today. -Sam"
            expected[target.id] = text
            s.add(
                OutboxItem(
                    idempotency_key=f"reply-{i}",
                    channel_id=channel.id,
                    platform="x",
                    operation="reply",
                    target_external_id=target.id,
                    payload={"text": text},
                )
            )
    return expected


def _defer_send(factory: sessionmaker[Session]) -> None:
    """What `calmdesk scheduler` does every 10 s: queue one `calmdesk.send_outbox` job."""

    async def go() -> None:
        app = build_app(factory.kw["bind"])
        async with app.open_async():
            await app.tasks["calmdesk.send_outbox"].defer_async(timestamp=int(time.time()))

    asyncio.run(go())


def _rescue(factory: sessionmaker[Session]) -> int:
    """Hand the dead worker's running job back to the queue once its heartbeat is stale."""

    async def go() -> int:
        app = build_app(factory.kw["bind"])
        async with app.open_async():
            for _ in range(120):  # CALMDESK_STALLED_AFTER_S=3 for the test workers
                rescued = await rescue_stalled_jobs(app, seconds=3)
                if rescued:
                    return rescued
                await asyncio.sleep(0.5)
        return 0

    return asyncio.run(go())


def _statuses(factory: sessionmaker[Session]) -> Counter[str]:
    with factory() as s:
        return Counter(
            {
                st: n
                for st, n in s.execute(select(OutboxItem.status, func.count()).group_by(OutboxItem.status))
            }
        )


def _posted(fake: Any) -> Counter[str]:
    """How many of our replies the platform holds per target post."""
    return Counter(i.in_reply_to for i in fake.ours("x"))


def test_kill_9_mid_outbox_posts_every_reply_exactly_once(pg_url: str, fake: Any, tmp_path: Path) -> None:
    factory = open_store(pg_url)
    ensure_queue_schema(factory.kw["bind"])
    expected = _seed(factory, fake, REPLIES)
    env = {env_name("x:acme:token"): fp.TOKEN}
    _defer_send(factory)

    victim = start_worker(pg_url, "--queue", "outbox", log=tmp_path / "victim.log", env=env)
    try:
        assert fake.post_stored.wait(timeout=120), (tmp_path / "victim.log").read_text()
        os.kill(victim.pid, signal.SIGKILL)  # the platform has post #40; the desk never heard
        victim.wait(30)
    finally:
        if victim.poll() is None:
            victim.kill()
        fake.release.set()
    assert victim.returncode == -signal.SIGKILL
    assert len(fake.ours("x")) == KILL_AT_POST
    assert _statuses(factory) == Counter(
        {"posted": KILL_AT_POST - 1, "sending": 1, "queued": REPLIES - KILL_AT_POST}
    )

    # The killed job goes back to the queue; a restarted worker runs it to the end. The item
    # caught mid-call is still under its lease, so nobody touches it yet (and nothing is
    # posted twice meanwhile).
    assert _rescue(factory) == 1
    survivor = start_worker(pg_url, "--burst", log=tmp_path / "survivor.log", env=env)
    assert survivor.wait(180) == 0, (tmp_path / "survivor.log").read_text()
    assert _statuses(factory) == Counter({"posted": REPLIES - 1, "sending": 1})
    assert len(fake.ours("x")) == REPLIES and max(_posted(fake).values()) == 1

    # Its lease runs out (LEASE, 2 minutes: moved into the past rather than waited for); the
    # next send asks the platform first, finds the reply and records it instead of posting.
    with factory.begin() as s:
        s.execute(
            update(OutboxItem)
            .where(OutboxItem.status == "sending")
            .values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    _defer_send(factory)
    again = start_worker(pg_url, "--burst", log=tmp_path / "again.log", env=env)
    assert again.wait(180) == 0, (tmp_path / "again.log").read_text()

    assert _statuses(factory) == Counter({"posted": REPLIES})
    posted = _posted(fake)
    assert posted == Counter(dict.fromkeys(expected, 1)), "a reply is missing or posted twice"
    assert {i.in_reply_to: i.text for i in fake.ours("x")} == expected
    with factory() as s:
        recorded = {
            t: r for t, r in s.execute(select(OutboxItem.target_external_id, OutboxItem.result_external_id))
        }
        sent_audits = list(s.scalars(select(Action).where(Action.verb == "outbox.sent")))
    assert recorded == {i.in_reply_to: i.id for i in fake.ours("x")}
    assert len(sent_audits) == REPLIES
    assert sum(1 for a in sent_audits if (a.detail or {}).get("reconciled")) == 1
