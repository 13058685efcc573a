"""Delivered means delivered: posted with id and link, failed with the platform's reason and a
retry by hand (`calmdesk outbox list / retry`), and one reply per target even from two drafts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from fakeplatform import TOKEN, FakePlatform, Fault
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.outbox import do_send_outbox
from calmdesk.actions.replies import do_create_draft, do_send_draft
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Action, Case, Channel, Draft, Message, OutboxItem
from conftest import add_channel, http_options

TEXT = "Sorry for the wait, Jane. I am checking your order now. -Sam"


def _connector_for(session: Session, channel: Channel) -> BaseConnector:
    return build_connector(session, channel, http_options=http_options())


def _case(store: sessionmaker[Session], fake: FakePlatform, monkeypatch: Any) -> tuple[int, str]:
    from datetime import UTC, datetime

    monkeypatch.setenv(env_name("x:acme:token"), TOKEN)
    add_channel(store, "x", "acme", base_url=fake.url, user_id="9000")
    target = fake.add("x", "@acme where is my order")
    mention = MentionIn(
        "x",
        target.id,
        target.text,
        datetime.now(UTC),
        AuthorIn("jane", external_id="4242"),
        brand_handle="acme",
    )
    with store.begin() as s:
        do_ingest_mentions(s, [mention], brand_key="acme", run_hooks=False)
        return s.scalars(select(Case)).one().id, target.id


def _draft_sent(store: sessionmaker[Session], case_id: int, text: str = TEXT) -> int:
    with store.begin() as s:
        draft = do_create_draft(s, case_id, "sam", text, "public", "ack")
        do_send_draft(s, draft.id, "sam")
        return draft.id


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CALMDESK_DATABASE_URL": f"sqlite:///{tmp_path}/t.sqlite3"}
    return subprocess.run(
        [sys.executable, "-c", "from calmdesk.cli.main import app; app()", "outbox", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refused_post_fails_with_reason_then_retry_posts_it(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any, tmp_path: Path
) -> None:
    case_id, _ = _case(store, fake, monkeypatch)
    draft_id = _draft_sent(store, case_id)
    fake.faults.append(Fault("/2/tweets", "401"))  # the platform refuses the post
    report = do_send_outbox(store, _connector_for)
    [item_id] = report.failed
    with store() as s:
        item = s.get_one(OutboxItem, item_id)
        assert item.status == "failed" and "401" in (item.last_error or "")
        assert item.attempts == 1 and item.next_attempt_at is None and item.sent_at is None
        assert s.get_one(Draft, draft_id).status == "failed"
        assert s.get_one(Case, case_id).first_response_at is None  # nothing reached the customer

    listed = _cli(tmp_path, "list", "--status", "failed")
    assert listed.returncode == 0, listed.stderr
    assert f"{item_id}" in listed.stdout and "AuthError" in listed.stdout
    assert "failed" in _cli(tmp_path, "list", "--status", "nonsense").stderr.lower()

    retried = _cli(tmp_path, "retry", str(item_id))
    assert retried.returncode == 0 and "queued again" in retried.stdout, retried.stderr
    again = _cli(tmp_path, "retry", str(item_id))
    assert again.returncode == 1 and "only a failed item can be retried" in again.stderr
    with store() as s:
        assert s.get_one(Draft, draft_id).status == "queued"

    assert do_send_outbox(store, _connector_for).sent == [item_id]
    with store() as s:
        item = s.get_one(OutboxItem, item_id)
        assert (
            item.status == "posted"
            and item.permalink == f"https://x.com/acme/status/{item.result_external_id}"
        )
        assert s.get_one(Draft, draft_id).status == "posted"
        assert s.get_one(Case, case_id).first_response_at == item.sent_at
        # the thread entry of the reply moved to the confirmed time (the SLA reply clock reads it)
        [out] = s.scalars(select(Message).where(Message.case_id == case_id, Message.direction == "outbound"))
        assert out.created_at == item.sent_at
        verbs = list(s.scalars(select(Action.verb).where(Action.verb.like("outbox.%"))))
    assert verbs == ["outbox.failed", "outbox.retried", "outbox.sent"]
    posted = _cli(tmp_path, "list", "--status", "posted")
    assert item.result_external_id and item.result_external_id in posted.stdout


def test_two_drafts_with_the_same_words_to_the_same_post_are_posted_once(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    case_id, target = _case(store, fake, monkeypatch)
    first = _draft_sent(store, case_id)
    second = _draft_sent(store, case_id)  # a second agent pressed Send on the same words
    report = do_send_outbox(store, _connector_for)
    assert len(report.sent) == 1 and len(report.reconciled) == 1
    assert len(fake.sent("POST", "/2/tweets")) == 1
    with store() as s:
        items = {i.draft_id: i for i in s.scalars(select(OutboxItem))}
        assert items[first].status == items[second].status == "posted"
        assert items[first].result_external_id == items[second].result_external_id
        sent = s.scalars(select(Action).where(Action.verb == "outbox.sent"))
        assert [a.detail.get("duplicate_of") for a in sent if a.detail["reconciled"]] == [items[first].id]
