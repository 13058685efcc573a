"""The polling scheduler: cursors after commit, health recorded, one failing channel never stops others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fakeplatform import TOKEN, FakePlatform, Fault
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.channels._common.connector import BaseConnector
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Channel, Mention
from calmdesk.workers.polling import poll_due_channels
from conftest import add_channel, http_options

NOW = datetime(2024, 5, 6, 10, 0, tzinfo=UTC)


def _factory(fake: FakePlatform) -> Any:
    def connector_for(session: Session, channel: Channel) -> BaseConnector:
        return build_connector(session, channel, base_url=fake.url, http_options=http_options())

    return connector_for


def test_poll_ingests_moves_cursor_and_isolates_failures(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    monkeypatch.setenv(env_name("x:acme:token"), TOKEN)
    monkeypatch.setenv(env_name("mastodon:acme:token"), "wrong-token-qqqqqq")
    x_id = add_channel(store, "x", "acme", user_id="9000")
    m_id = add_channel(store, "mastodon", "acme")
    r_id = add_channel(store, "reddit", "acme")  # no credential at all
    fake.add("x", "@acme my order is late")
    fake.add("x", "@acme and the app is down")

    outcomes = {o.channel_id: o for o in poll_due_channels(store, _factory(fake), NOW)}
    assert outcomes[x_id].created == 2 and outcomes[x_id].error is None
    assert "AuthError" in (outcomes[m_id].error or "") and "wrong-token-qqqqqq" not in (
        outcomes[m_id].error or ""
    )
    assert "credential 'reddit:acme:token' is missing" in (outcomes[r_id].error or "")
    with store() as s:
        x, m = s.get(Channel, x_id), s.get(Channel, m_id)
        assert x is not None and m is not None
        assert x.cursor and x.last_success_at == NOW and x.next_poll_at == NOW + timedelta(minutes=2)
        assert m.cursor is None and m.last_error_at == NOW and m.last_success_at is None
        assert s.scalar(select(func.count()).select_from(Mention)) == 2

    # Not due yet: nothing happens. Later: only new items arrive, nothing twice.
    assert poll_due_channels(store, _factory(fake), NOW + timedelta(seconds=30)) == []
    fake.add("x", "@acme hello again")
    later = {o.channel_id: o for o in poll_due_channels(store, _factory(fake), NOW + timedelta(minutes=5))}
    assert later[x_id].created == 1 and later[x_id].duplicates == 0


def test_crash_before_cursor_refetches_without_duplicates(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    monkeypatch.setenv(env_name("x:acme:token"), TOKEN)
    x_id = add_channel(store, "x", "acme", user_id="9000")
    fake.add("x", "@acme first")
    poll_due_channels(store, _factory(fake), NOW)
    with store.begin() as s:  # as if the process died after the ingest commit, before the cursor
        ch = s.get(Channel, x_id)
        assert ch is not None
        ch.cursor = None
    out = poll_due_channels(store, _factory(fake), NOW + timedelta(minutes=3))
    assert out[0].fetched == 1 and out[0].created == 0 and out[0].duplicates == 1


def test_rate_limit_sets_next_poll_from_reset_header(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    monkeypatch.setenv(env_name("x:acme:token"), TOKEN)
    x_id = add_channel(store, "x", "acme", user_id="9000")
    fake.faults.append(Fault("/mentions", "429", reset_in=600))
    [out] = poll_due_channels(store, _factory(fake), NOW)
    assert out.error and "RateLimited" in out.error
    with store() as s:
        ch = s.get(Channel, x_id)
        assert ch is not None and ch.next_poll_at is not None
        assert ch.next_poll_at > datetime.now(UTC) + timedelta(seconds=500)
