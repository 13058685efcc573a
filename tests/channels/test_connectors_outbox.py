"""The outbox never posts twice: claims commit before the call, `sending` items are reconciled."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fakeplatform import TOKEN, FakePlatform, Fault
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.outbox import LEASE, do_send_outbox
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Action, Channel, OutboxItem
from conftest import add_channel, http_options
from live_server import kill_sender_mid_send

TEXT = "Sorry for the wait, Jane. I am checking your order now. -Sam"


def _connector_for(session: Session, channel: Channel) -> BaseConnector:
    return build_connector(session, channel, http_options=http_options())


def _enqueue(
    store: sessionmaker[Session],
    channel_id: int,
    target: str,
    *,
    platform: str = "x",
    operation: str = "reply",
    text: str = TEXT,
    key: str = "reply-1",
) -> int:
    with store.begin() as s:
        item = OutboxItem(
            idempotency_key=key,
            channel_id=channel_id,
            platform=platform,
            operation=operation,
            target_external_id=target,
            payload={"text": text},
        )
        s.add(item)
        s.flush()
        return item.id


def _item(store: sessionmaker[Session], item_id: int) -> OutboxItem:
    with store() as s:
        item = s.get(OutboxItem, item_id)
        assert item is not None
        return item


def _x_channel(store: sessionmaker[Session], fake: FakePlatform, monkeypatch: Any) -> int:
    monkeypatch.setenv(env_name("x:acme:token"), TOKEN)
    return add_channel(store, "x", "acme", base_url=fake.url, user_id="9000")


def test_sent_once_with_audit(fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any) -> None:
    cid = _x_channel(store, fake, monkeypatch)
    target = fake.add("x", "@acme where is my order")
    item_id = _enqueue(store, cid, target.id)
    report = do_send_outbox(store, _connector_for)
    assert report.sent == [item_id]
    item = _item(store, item_id)
    assert item.status == "posted" and item.result_external_id == fake.ours("x")[0].id and item.attempts == 1
    assert do_send_outbox(store, _connector_for).sent == []
    assert len(fake.ours("x")) == 1
    with store() as s:
        verbs = list(s.scalars(select(Action.verb)))
    assert verbs.count("outbox.sent") == 1


def test_item_in_sending_is_reconciled_not_reposted(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = _x_channel(store, fake, monkeypatch)
    target = fake.add("x", "@acme where is my order")
    item_id = _enqueue(store, cid, target.id)
    now = datetime.now(UTC)
    with store.begin() as s:  # a sender claimed it and posted, then died
        item = s.get(OutboxItem, item_id)
        assert item is not None
        item.status, item.attempts, item.next_attempt_at = "sending", 1, now + LEASE
    posted = fake.add("x", TEXT, author="acme", in_reply_to=target.id)
    posted.ours = True
    assert do_send_outbox(store, _connector_for, now).sent == []  # lease still held
    report = do_send_outbox(store, _connector_for, now + LEASE + timedelta(seconds=1))
    assert report.reconciled == [item_id]
    assert _item(store, item_id).result_external_id == posted.id and len(fake.ours("x")) == 1


def test_server_error_keeps_sending_then_posts_once(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = _x_channel(store, fake, monkeypatch)
    target = fake.add("x", "@acme where is my order")
    item_id = _enqueue(store, cid, target.id)
    fake.faults.append(Fault("/2/tweets", "500"))
    now = datetime.now(UTC)
    assert do_send_outbox(store, _connector_for, now).retried == [item_id]
    item = _item(store, item_id)
    assert (
        item.status == "sending"
        and item.next_attempt_at is not None
        and "server error 500" in (item.last_error or "")
    )
    report = do_send_outbox(store, _connector_for, item.next_attempt_at + timedelta(seconds=1))
    assert report.sent == [item_id] and len(fake.ours("x")) == 1


def test_rate_limit_waits_and_unsupported_fails(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    cid = _x_channel(store, fake, monkeypatch)
    monkeypatch.setenv(env_name("reddit:acme:token"), TOKEN)
    rid = add_channel(store, "reddit", "acme", base_url=fake.url)
    target = fake.add("x", "@acme where is my order")
    first = _enqueue(store, cid, target.id)
    hide = _enqueue(store, rid, "t1_abc", platform="reddit", operation="hide", key="hide-1")
    long = _enqueue(store, cid, target.id, text="x" * 300, key="reply-2")
    fake.faults.append(Fault("/2/tweets", "429", reset_in=300))
    report = do_send_outbox(store, _connector_for)
    assert report.retried == [first] and sorted(report.failed) == sorted([hide, long])
    assert _item(store, first).status == "queued" and fake.ours("x") == []
    assert "reddit cannot hide" in (_item(store, hide).last_error or "")
    assert "R-LENGTH" in (_item(store, long).last_error or "")


def test_sender_killed_between_post_and_record_posts_once(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any, tmp_path: Path
) -> None:
    cid = _x_channel(store, fake, monkeypatch)
    target = fake.add("x", "@acme where is my order")
    item_id = _enqueue(store, cid, target.id)
    fake.hold_posts = True  # the platform has the post; the desk has not recorded it
    code = kill_sender_mid_send(
        f"sqlite:///{tmp_path}/t.sqlite3", fake.post_stored, fake.release.set, env={env_name("x:acme:token"): TOKEN}
    )
    fake.hold_posts = False
    assert code == -signal.SIGKILL
    assert len(fake.ours("x")) == 1
    item = _item(store, item_id)
    assert item.status == "sending" and item.result_external_id is None

    report = do_send_outbox(store, _connector_for, datetime.now(UTC) + LEASE + timedelta(seconds=1))
    assert report.reconciled == [item_id]
    assert len(fake.ours("x")) == 1  # the reply exists once on the platform
    assert _item(store, item_id).result_external_id == fake.ours("x")[0].id
