"""An incident's public status update (issue 16, item 4): approved once by a supervisor, checked like
a public reply, posted once per allowed channel as a brand-level post, and what the platform got.

The incident is opened the way production opens it (outage posts ingested on several platforms,
the detector's action run). Delivery runs the real outbox against the local fake platform; the
assertions are on `FakePlatform.received` and the posts it stored, not on our own rows alone.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fakeplatform import BRAND_DID, BRAND_X_ID, BSKY_PASSWORD, PAGE_ID, TOKEN, FakePlatform, Fault
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand, get_brand
from calmdesk.actions.incidents import IncidentError, do_resolve_incident
from calmdesk.actions.outbox import LEASE, do_send_outbox
from calmdesk.actions.status_updates import do_post_status_update
from calmdesk.actions.users import do_create_user
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.domain.playbook import parse_playbook
from calmdesk.queries.channels import build_connector
from calmdesk.queries.status_updates import status_panel, status_posts
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Action as AuditRow
from calmdesk.storage.tables import Channel, Incident, OutboxItem
from conftest import http_options
from incident_surge import open_outage
from live_server import kill_sender_mid_send

PASSWORD = "correct horse battery"
PLATFORMS = ("x", "facebook", "mastodon", "bluesky", "reddit")
UPDATE = (
    "I'm sorry, many of you can't use our app right now. Our engineers are on it "
    "and I'll post here again as soon as we know more. - Sam"
)
FIXED = (
    "The app works again. I'm sorry for the trouble it caused you; if anything still fails, reply here. - Sam"
)


def _connector_for(session: Session, channel: Any) -> BaseConnector:
    return build_connector(session, channel, http_options=http_options())


def _playbook(key: str, extra: str = "") -> str:
    return f'brand = "{key}"\ndisplay_name = "{key.title()}"\n{extra}'


def _brand(store: sessionmaker[Session], key: str, extra: str = "") -> None:
    with store.begin() as s:
        text = _playbook(key, extra)
        do_upsert_brand(s, parse_playbook(text), text)


def _channel(store: sessionmaker[Session], brand: str, platform: str, handle: str, **settings: Any) -> int:
    with store.begin() as s:
        ch = Channel(brand_id=get_brand(s, brand).id, platform=platform, handle=handle, settings=settings)
        s.add(ch)
        s.flush()
        return ch.id


@pytest.fixture
def desk(fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any) -> Iterator[dict[str, Any]]:
    """Brand acme on five platforms of the fake (plus Instagram and e-mail), brand globex on X of
    another fake, a supervisor and an agent of acme, a supervisor of globex, and an open incident."""
    _brand(store, "acme")
    _brand(store, "globex")
    for platform in ("x", "facebook", "mastodon", "reddit", "instagram"):
        monkeypatch.setenv(env_name(f"{platform}:acme:token"), TOKEN)
    monkeypatch.setenv(env_name("bluesky:acme:app_password"), BSKY_PASSWORD)
    ids = {
        "x": _channel(store, "acme", "x", "acme", base_url=fake.url, user_id=BRAND_X_ID),
        "facebook": _channel(store, "acme", "facebook", "acme", base_url=fake.url, account_id=PAGE_ID),
        "mastodon": _channel(store, "acme", "mastodon", "acme", base_url=fake.url),
        "bluesky": _channel(store, "acme", "bluesky", "acme", base_url=fake.url),
        "reddit": _channel(store, "acme", "reddit", "acme", base_url=fake.url, brand_subreddit="r/acme"),
        "instagram": _channel(store, "acme", "instagram", "acme", base_url=fake.url),
        "email": _channel(store, "acme", "email", "care@acme.example"),
    }
    other = FakePlatform()
    other.start()
    monkeypatch.setenv(env_name("x:globex:token"), TOKEN)
    globex_x = _channel(store, "globex", "x", "globex", base_url=other.url, user_id="9001")
    with store.begin() as s:
        do_create_user(s, "sam", PASSWORD, "supervisor", ["acme"], display_name="Sam Super")
        do_create_user(s, "alice", PASSWORD, "agent", ["acme"], display_name="Alice Agent")
        do_create_user(s, "gus", PASSWORD, "supervisor", ["globex"], display_name="Gus Globex")
    inc = open_outage(store, 20, handle="acme", seed=4, followers=30, platforms=PLATFORMS, brand_key="acme")
    yield {"channels": ids, "globex_x": globex_x, "other": other, "incident": inc}
    other.stop()


def _approve(
    store: sessionmaker[Session], inc: int, actor: str, kind: str = "update", text: str = UPDATE
) -> list[int]:
    with store.begin() as s:
        return [i.id for i in do_post_status_update(s, inc, actor, kind, text)]


def _items(store: sessionmaker[Session], inc: int) -> list[OutboxItem]:
    with store() as s:
        return status_posts(s, inc)


def _brand_posts(fake: FakePlatform) -> dict[str, list[Any]]:
    """What the platform stored as the brand's own posts that answer nobody."""
    with fake.lock:
        return {
            p: [i for i in fake.items if i.platform == p and i.ours and i.in_reply_to is None]
            for p in PLATFORMS
        }


def test_a_supervisors_update_reaches_each_allowed_platform_as_a_brand_post(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any]
) -> None:
    inc = desk["incident"]
    queued = _approve(store, inc, "sam")
    assert len(queued) == 5  # x, facebook, mastodon, bluesky, reddit; not instagram, not e-mail
    report = do_send_outbox(store, _connector_for)
    assert sorted(report.sent) == sorted(queued) and not report.errors, report.errors

    tweet = fake.sent("POST", "/2/tweets")
    assert len(tweet) == 1 and tweet[0].body == {"text": UPDATE}  # a new tweet: no reply field
    page = fake.sent("POST", f"/{PAGE_ID}/feed")
    assert len(page) == 1 and page[0].body["message"] == UPDATE
    toot = fake.sent("POST", "/api/v1/statuses")
    assert len(toot) == 1 and toot[0].body == {"status": UPDATE, "visibility": "public"}
    assert toot[0].headers["idempotency-key"] == f"status-{inc}-update-ch{desk['channels']['mastodon']}"
    record = fake.sent("POST", "com.atproto.repo.createRecord")
    assert len(record) == 1 and record[0].body["repo"] == BRAND_DID
    assert record[0].body["record"]["text"] == UPDATE and "reply" not in record[0].body["record"]
    submit = fake.sent("POST", "/api/submit")
    assert len(submit) == 1
    assert (
        submit[0].body["sr"] == "acme"
        and submit[0].body["kind"] == "self"
        and submit[0].body["text"] == UPDATE
    )
    assert submit[0].body["title"] == "I'm sorry, many of you can't use our app right now."
    assert fake.sent("POST", "/comments") == [] and fake.sent("POST", "/api/comment") == []
    assert fake.sent("POST", f"/{desk['channels']['instagram']}") == []  # nothing on Instagram
    posts = _brand_posts(fake)
    assert {p: len(v) for p, v in posts.items()} == dict.fromkeys(PLATFORMS, 1)
    assert all(v[0].text == UPDATE for v in posts.values())

    items = _items(store, inc)
    assert {i.status for i in items} == {"posted"} and all(i.result_external_id for i in items)
    x_item = next(i for i in items if i.platform == "x")
    assert x_item.permalink == f"https://x.com/acme/status/{posts['x'][0].id}"
    with store() as s:
        verbs = [
            (a.verb, a.actor)
            for a in s.scalars(select(AuditRow).where(AuditRow.brand_id.is_not(None)).order_by(AuditRow.id))
            if a.verb.startswith(("incident.status", "outbox."))
        ]
        assert verbs.count(("incident.status_approved", "sam")) == 1
        assert verbs.count(("outbox.sent", "outbox")) == 5
        approved = s.scalars(select(AuditRow).where(AuditRow.verb == "incident.status_approved")).one()
        assert (
            "instagram:acme" in approved.detail["skipped"]
            and "email:care@acme.example" in approved.detail["skipped"]
        )
        assert s.get_one(Incident, inc).status_update_outbox_id == queued[0]


def test_a_retried_send_after_a_lost_answer_posts_once(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any]
) -> None:
    """Each platform stores the post but the answer is cut short: the desk cannot know it landed.
    The next round asks the platform first and records the post it finds, on every platform."""
    inc = desk["incident"]
    queued = _approve(store, inc, "sam")
    for path in ("/2/tweets", f"/{PAGE_ID}/feed", "/api/v1/statuses", "createRecord", "/api/submit"):
        fake.faults.append(Fault(path, "truncated"))
    first = do_send_outbox(store, _connector_for)
    assert sorted(first.retried) == sorted(queued) and not first.sent
    assert {p: len(v) for p, v in _brand_posts(fake).items()} == dict.fromkeys(PLATFORMS, 1)
    assert {i.status for i in _items(store, inc)} == {"sending"}

    later = datetime.now(UTC) + LEASE + timedelta(minutes=1)
    second = do_send_outbox(store, _connector_for, later)
    assert sorted(second.reconciled) == sorted(queued) and not second.sent, second.errors
    posts = _brand_posts(fake)
    assert {p: len(v) for p, v in posts.items()} == dict.fromkeys(PLATFORMS, 1)  # still one each
    assert len(fake.sent("POST", "/2/tweets")) == 1 and len(fake.sent("POST", "/api/submit")) == 1
    items = {i.platform: i for i in _items(store, inc)}
    assert all(
        items[p].status == "posted" and items[p].result_external_id == posts[p][0].id for p in PLATFORMS
    )
    # a third round finds nothing to do
    third = do_send_outbox(store, _connector_for, later + timedelta(hours=1))
    assert not third.sent and not third.reconciled and not third.retried


def test_a_sender_killed_between_post_and_record_posts_once(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any], tmp_path: Path
) -> None:
    """The real sender process (`calmdesk outbox send --once`) is killed while the platform holds
    its answer to the first status post: the post exists, the desk has not recorded it. The next
    round, after the lease, finds it on the platform and posts every other channel once."""
    inc = desk["incident"]
    queued = _approve(store, inc, "sam")
    fake.hold_posts = True
    code = kill_sender_mid_send(f"sqlite:///{tmp_path}/t.sqlite3", fake.post_stored, fake.release.set, timeout=90)
    fake.hold_posts = False
    assert code == -signal.SIGKILL
    landed = [p for p, v in _brand_posts(fake).items() if v]
    assert len(landed) == 1
    stuck = [i for i in _items(store, inc) if i.status == "sending"]
    assert [i.platform for i in stuck] == landed and stuck[0].result_external_id is None

    report = do_send_outbox(store, _connector_for, datetime.now(UTC) + LEASE + timedelta(seconds=1))
    assert report.reconciled == [stuck[0].id], report
    assert sorted(report.sent + report.reconciled) == sorted(queued)
    posts = _brand_posts(fake)
    assert {p: len(v) for p, v in posts.items()} == dict.fromkeys(PLATFORMS, 1)
    assert {i.platform: i.result_external_id for i in _items(store, inc)} == {
        p: v[0].id for p, v in posts.items()
    }


def test_approved_once_and_a_second_post_on_resolution(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any]
) -> None:
    inc = desk["incident"]
    _approve(store, inc, "sam")
    with pytest.raises(IncidentError, match="approved by sam already"):
        _approve(store, inc, "sam", text=UPDATE + " Thanks for your patience.")
    with pytest.raises(IncidentError, match="for an resolved incident"):
        _approve(store, inc, "sam", kind="resolved", text=FIXED)
    do_send_outbox(store, _connector_for)
    with store.begin() as s:
        do_resolve_incident(s, inc, "sam", note="rolled back")
    with store() as s:
        panel = status_panel(s, inc, "sam")
        assert (
            panel.kind == "resolved"
            and "fixed now" in panel.proposed
            and panel.proposed.endswith("- Sam Super")
        )
    fixed = _approve(store, inc, "sam", kind="resolved", text=FIXED)
    assert len(fixed) == 5
    report = do_send_outbox(store, _connector_for)
    assert sorted(report.sent) == sorted(fixed)
    posts = _brand_posts(fake)
    assert all([i.text for i in v] == [UPDATE, FIXED] for v in posts.values()), posts
    with store() as s:
        assert status_panel(s, inc, "sam").kind is None  # both posted; nothing more to approve


def test_refused_when_the_checker_blocks_or_the_approver_is_not_a_supervisor(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any]
) -> None:
    inc = desk["incident"]
    with pytest.raises(IncidentError, match="only a supervisor"):
        _approve(store, inc, "alice")  # an agent of the brand
    with pytest.raises(IncidentError, match="only a supervisor"):
        _approve(store, inc, "gus")  # a supervisor of another brand
    with pytest.raises(IncidentError, match="R-BLAME"):
        _approve(store, inc, "sam", text="You must have installed the app wrong, it works fine for us. - Sam")
    with pytest.raises(IncidentError, match="x: .*R-LENGTH"):
        _approve(
            store, inc, "sam", text="I'm sorry the app is down; we're fixing it. - Sam " + "Really. " * 40
        )
    with pytest.raises(IncidentError, match="no link"):
        _approve(
            store, inc, "sam", text="I'm sorry, the app is down. Updates: https://status.acme.example - Sam"
        )
    assert _items(store, inc) == []
    assert do_send_outbox(store, _connector_for).sent == []
    assert _brand_posts(fake) == {p: [] for p in PLATFORMS} and fake.received == []


def test_another_brands_channels_never_post(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any]
) -> None:
    inc = desk["incident"]
    _approve(store, inc, "sam")
    do_send_outbox(store, _connector_for)
    assert {i.channel_id for i in _items(store, inc)} == {desk["channels"][p] for p in PLATFORMS}
    assert desk["other"].received == []  # globex's platform got nothing
    with store() as s:
        panel = status_panel(s, inc, "sam")
        assert desk["globex_x"] not in {t.channel_id for t in panel.plan.targets}
        assert desk["globex_x"] not in {k.channel_id for k in panel.plan.skipped}


def test_the_playbook_decides_where(
    fake: FakePlatform, store: sessionmaker[Session], desk: dict[str, Any]
) -> None:
    inc = desk["incident"]
    with store.begin() as s:
        text = _playbook("acme", '\n[incidents]\nstatus_platforms = ["mastodon"]\n')
        do_upsert_brand(s, parse_playbook(text), text)
    assert len(_approve(store, inc, "sam")) == 1
    do_send_outbox(store, _connector_for)
    assert [p for p, v in _brand_posts(fake).items() if v] == ["mastodon"]
    with store.begin() as s:
        text = _playbook("acme", "\n[incidents]\nstatus_updates = false\n")
        do_upsert_brand(s, parse_playbook(text), text)
        do_resolve_incident(s, inc, "sam")
    with pytest.raises(IncidentError, match="status_updates = false"):
        _approve(store, inc, "sam", kind="resolved", text=FIXED)
