"""Issue 13, item 3: the desk's live channel (`/api/events`) and presence kept in the store.

Store tests run on SQLite and PostgreSQL; the stream tests go over real HTTP (uvicorn on a
loopback port) with each person's own login, and check brand isolation both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from web_helpers import Seed, seed_store

from calmdesk.actions import audit
from calmdesk.actions.presence import leave_case, mark_presence
from calmdesk.queries.live_feed import actions_after, feed_heads, live_presence, messages_after
from calmdesk.storage.db import session_scope
from calmdesk.storage.tables import Case, PresenceRow
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from live_events import EventStream, http_login
from live_server import LiveServer

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def store(store_url: str) -> Iterator[Seed]:
    data = seed_store(store_url)
    yield data
    data.factory.kw["bind"].dispose()


def _brand(seed: Seed, case_id: int) -> int:
    with seed.factory() as s:
        return s.get_one(Case, case_id).brand_id


def test_presence_is_one_row_per_person_and_case_and_expires(store: Seed) -> None:
    acme, globex = _brand(store, store.acme_case), _brand(store, store.globex_case)
    now = datetime.now(UTC)
    with session_scope(store.factory) as s:
        mark_presence(s, case_id=store.acme_case, username="alice", display_name="Alice", activity="viewing", now=now)
        mark_presence(s, case_id=store.acme_case, username="alice", display_name="Alice", activity="replying", now=now)
        mark_presence(s, case_id=store.globex_case, username="bob", display_name="Bob", activity="viewing", now=now)
    with store.factory() as s:
        assert s.query(PresenceRow).count() == 2
        seen = live_presence(s, [acme], now=now)
        assert [(p.username, p.activity) for p in seen] == [("alice", "replying")]
        assert [p.username for p in live_presence(s, [globex], now=now)] == ["bob"]
        assert len(live_presence(s, None, now=now)) == 2
        assert live_presence(s, [acme], now=now + timedelta(seconds=9)) == []  # expired, not repeated
    with session_scope(store.factory) as s:
        leave_case(s, case_id=store.acme_case, username="alice")
        with pytest.raises(ValueError, match="activity must be one of"):
            mark_presence(s, case_id=store.acme_case, username="alice", display_name="A", activity="lurking")
    with store.factory() as s:
        assert [p.username for p in live_presence(s, None, now=now)] == ["bob"]


def test_the_change_feed_reads_after_a_cursor_by_brand(store: Seed) -> None:
    acme, globex = _brand(store, store.acme_case), _brand(store, store.globex_case)
    with store.factory() as s:
        a0, m0 = feed_heads(s)
        assert messages_after(s, 0, [acme]) and all(c.brand_id == acme for c in messages_after(s, 0, [acme]))
        assert not [c for c in messages_after(s, 0, [globex]) if c.brand_id == acme]
    with session_scope(store.factory) as s:
        audit.record(s, actor="sam", verb="case.moved", case_id=store.acme_case)  # no brand_id of its own
        audit.record(s, actor="bob", verb="case.moved", case_id=store.globex_case, brand_id=globex)
    with store.factory() as s:
        assert [(c.case_id, c.brand_id) for c in actions_after(s, a0, [acme])] == [(store.acme_case, acme)]
        assert [c.actor for c in actions_after(s, a0, [globex])] == ["bob"]
        assert len(actions_after(s, a0, None)) == 2
        assert len(actions_after(s, 0, None, limit=1)) == 1  # bounded per read
        assert feed_heads(s)[0] == a0 + 2 and feed_heads(s)[1] == m0


@pytest.fixture
def server(seed: Seed) -> Iterator[tuple[LiveServer, Seed]]:
    app = create_app(seed.factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    with LiveServer(app) as live:
        yield live, seed


def test_the_channel_brings_changes_and_presence_of_my_brands_only(server: tuple[LiveServer, Seed]) -> None:
    live, seed = server
    alice = EventStream(http_login(live.url, "alice")[0])  # acme agent
    bob = EventStream(http_login(live.url, "bob")[0])  # globex agent
    sam, sam_csrf = http_login(live.url, "sam")  # acme supervisor
    try:
        assert alice.wait_for("presence", lambda d: d == [], 5) is not None  # the stream is up
        assert bob.wait_for("presence", lambda d: d == [], 5) is not None
        res = sam.post(f"/api/cases/{seed.acme_case}/assign", json={"owner": "alice"},
                       headers={"X-CSRF-Token": sam_csrf})  # fmt: skip
        assert res.status_code == 200, res.text
        got = alice.wait_for("changes", lambda d: any(c["case_id"] == seed.acme_case for c in d), 2.5)
        assert got and got[0]["actor"] == "sam" and got[0]["verb"] == "case.assigned"
        assert alice.wait_for("notify", lambda d: True, 2.5) is not None  # assigned to her: count may move
        res = sam.post(f"/api/cases/{seed.acme_case}/presence", json={"activity": "replying"},
                       headers={"X-CSRF-Token": sam_csrf})  # fmt: skip
        assert res.status_code == 200, res.text
        people = alice.wait_for("presence", lambda d: bool(d), 2.5)
        assert people == [{"case_id": seed.acme_case, "username": "sam", "name": "Sam Super", "activity": "replying"}]
        # bob (globex) heard none of it: no acme change, no acme presence ...
        assert bob.wait_for("changes", lambda d: True, 2) is None
        assert bob.wait_for("presence", lambda d: bool(d), 0.5) is None
        # ... yet his stream works: a globex change reaches him
        with session_scope(seed.factory) as s:
            audit.record(s, actor="root", verb="case.moved", case_id=seed.globex_case)
        got = bob.wait_for("changes", lambda d: True, 2.5)
        assert got and [c["case_id"] for c in got] == [seed.globex_case]
        bad = sam.post(f"/api/cases/{seed.acme_case}/presence", json={"activity": "dancing"},
                       headers={"X-CSRF-Token": sam_csrf})  # fmt: skip
        assert bad.status_code == 422 and "viewing, replying" in bad.text
    finally:
        alice.close(), bob.close(), sam.close()


def test_a_case_stream_sends_the_case_and_refuses_another_brands_case(server: tuple[LiveServer, Seed]) -> None:
    live, seed = server
    bob, _ = http_login(live.url, "bob")
    assert bob.get(f"/api/events?case={seed.acme_case}").status_code == 404
    assert bob.get(f"/api/cases/{seed.acme_case}/events").status_code == 404
    assert bob.post(f"/api/cases/{seed.acme_case}/presence", json={"activity": "viewing"}).status_code in (403, 404)
    bob.close()
    alice = EventStream(http_login(live.url, "alice")[0], f"/api/events?case={seed.acme_case}")
    try:
        first = alice.wait_for("case", lambda d: True, 5)
        assert first and first["state"]
        with session_scope(seed.factory) as s:
            audit.record(s, actor="sam", verb="case.moved", case_id=seed.acme_case)
        again = alice.wait_for("case", lambda d: True, 2.5)
        assert again and again["version"] != first["version"] and again["last_actor"] == "sam"
    finally:
        alice.close()
    # no login, no stream
    assert httpx.get(f"{live.url}/api/events", follow_redirects=False, timeout=10).status_code == 401
