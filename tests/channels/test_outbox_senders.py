"""No reply twice with several senders against a slow platform (issue 17 item 1).

Two and three `calmdesk outbox send` PROCESSES share one store and one slow fake platform; the
lease is shorter than a single post, so a lease that is not renewed while a call is in flight
(or one counted from the start of a round, the old fault) hands items to a second sender while
the first is still posting. What the platform received is counted: every target answered
exactly once, no item left behind. `bench/outbox_senders.py` runs the full-size version.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
from fakeplatform import TOKEN, FakePlatform
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.secrets import env_name
from calmdesk.storage.tables import OutboxItem
from conftest import add_channel

REPLIES = 10
POST_SECONDS = 2.0
LEASE_SECONDS = 1.5  # shorter than one post: only a renewed lease keeps the item
# (renewed every LEASE/3 = 0.5 s: a loaded machine may stall a renewal for up to 1 s without a double)


def _enqueue(factory: sessionmaker[Session], fake: FakePlatform, channel_id: int) -> list[str]:
    targets = [fake.add("x", f"@acme order {n} is late").id for n in range(REPLIES)]
    with factory.begin() as s:
        for n, target in enumerate(targets):
            s.add(
                OutboxItem(
                    idempotency_key=f"reply-{n}",
                    channel_id=channel_id,
                    platform="x",
                    operation="reply",
                    target_external_id=target,
                    payload={"text": f"Sorry about order {n}, it is on its way. -Sam"},
                )
            )
    return targets


@pytest.mark.parametrize("senders", [2, 3])
def test_concurrent_senders_post_each_reply_once(
    senders: int, store_url: str, factory: sessionmaker[Session], monkeypatch: Any
) -> None:
    with FakePlatform() as fake:
        fake.post_delay = POST_SECONDS
        monkeypatch.setenv(env_name("x:acme:token"), TOKEN)
        channel_id = add_channel(factory, "x", "acme", base_url=fake.url, user_id="9000")
        targets = _enqueue(factory, fake, channel_id)
        env = {**os.environ, "CALMDESK_DATABASE_URL": store_url}
        command = [
            sys.executable,
            "-c",
            "from calmdesk.cli.main import app; app()",
            "outbox",
            "send",
            "--once",
            "--limit",
            str(REPLIES),
            "--lease",
            str(LEASE_SECONDS),
        ]
        procs = [
            subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for _ in range(senders)
        ]
        outputs = [p.communicate(timeout=120)[0].decode() for p in procs]
        assert all(p.returncode == 0 for p in procs), outputs

        posts = fake.sent("POST", "/2/tweets")
        answered = Counter(r.body["reply"]["in_reply_to_tweet_id"] for r in posts)
        doubled = {t: n for t, n in answered.items() if n > 1}
        lost = [t for t in targets if t not in answered]
        assert doubled == {} and lost == [], (doubled, lost, outputs)
        with factory() as s:
            statuses = Counter(s.scalars(select(OutboxItem.status)))
        assert statuses == Counter({"posted": REPLIES}), outputs
