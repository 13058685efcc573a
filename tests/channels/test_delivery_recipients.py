"""Replies reach the right person: a case opened from a recorded payload, a draft written and sent
through the real draft -> outbox -> connector path, and the exact request the platform received.

For each platform that takes private messages there is one private hand-off (B-HANDOFF) and one
public reply; the assertions are on `FakePlatform.received` (what the server got), never on our
own rows alone. The idempotency key is asserted where the platform takes one (Mastodon's
`Idempotency-Key` header); elsewhere "once" rests on reconciliation, asserted by the count of
posts the platform got.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakeplatform import BRAND_DID, BSKY_PASSWORD, PAGE_ID, TOKEN, FakePlatform, Received
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.outbox import do_send_outbox
from calmdesk.actions.replies import DraftError, do_approve_draft, do_create_draft, do_send_draft
from calmdesk.channels import parse_payload
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.domain.mentions import MentionIn
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import env_name
from calmdesk.storage.tables import Case, Draft, OutboxItem
from conftest import add_channel, http_options

HERE = Path(__file__).parent
TEXT = "Sorry about this, we are on it. I have sent you a message to sort out the details. -Sam"
DM = "Hi, Sam from Acme here. Could you send me your order number so I can check it? -Sam"


def _connector_for(session: Session, channel: Any) -> BaseConnector:
    return build_connector(session, channel, http_options=http_options())


def _recorded(fixture: str) -> bytes:
    """A recorded payload under tests/channels/<platform>/fixtures/."""
    return (HERE / fixture).read_bytes()


X_REPLY = "x/fixtures/xdocs_v2_example_payload_tweet_reply.json"
X_DM = "x/fixtures/xdocs_aaa_direct_message_events.json"
FB_COMMENT = "facebook/fixtures/restfb_webhook_feed_comment_add_v2.11.json"
FB_MESSENGER = "facebook/fixtures/restfb_webhook_messenger_message_basic.json"
MASTODON_MENTION = "mastodon/fixtures/mastodonpy_notification_mention.json"
REDDIT_MENTIONS = "reddit/fixtures/praw_inbox_mentions_listing.json"


def _open_case(
    store: sessionmaker[Session],
    fake: FakePlatform,
    monkeypatch: Any,
    platform: str,
    payload: bytes,
    secret: str = "token",
    value: str = TOKEN,
    **settings: Any,
) -> tuple[MentionIn, int]:
    """A channel on the fake platform, and the case the recorded payload's first item opens on it
    (a listing's other items would open cases of their own)."""
    monkeypatch.setenv(env_name(f"{platform}:acme:{secret}"), value)
    channel_id = add_channel(store, platform, "acme", base_url=fake.url, **settings)
    items = parse_payload(platform, payload, brand_handle="acme")
    assert items, "the recorded payload holds no item"
    with store.begin() as s:
        do_ingest_mentions(s, items[:1], brand_key="acme", run_hooks=False)
        case = s.scalars(select(Case)).one()
        assert case.channel_id == channel_id
        return items[0], case.id


def _send(store: sessionmaker[Session], case_id: int, text: str, visibility: str) -> OutboxItem:
    kind = "handoff" if visibility == "private" else "ack"
    with store.begin() as s:
        draft = do_create_draft(s, case_id, "sam", text, visibility, kind)
        if draft.needs_approval:  # B-REVIEW (a high-reach author in some recorded payloads)
            do_approve_draft(s, draft.id, "ann")
        do_send_draft(s, draft.id, "sam")
        draft_id = draft.id
    report = do_send_outbox(store, _connector_for)
    assert report.sent and not report.errors, report.errors
    with store() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.draft_id == draft_id)).one()
        assert item.status == "posted" and item.result_external_id and item.sent_at is not None
        draft_row = s.get(Draft, draft_id)
        assert draft_row is not None and draft_row.status == "posted"
        case = s.get(Case, case_id)
        assert case is not None and case.first_response_at == item.sent_at  # the platform's time
        return item


def _one(fake: FakePlatform, method: str, path: str) -> Received:
    got = fake.sent(method, path)
    assert len(got) == 1, [(r.method, r.path) for r in fake.received]
    return got[0]


# --- public replies: one request to the post's own thread -----------------------------------------

#: Platforms whose API takes our idempotency key (Mastodon's `Idempotency-Key` header).
TAKES_A_KEY = {"mastodon"}


@pytest.mark.parametrize(
    ("platform", "fixture", "settings", "path", "body", "permalink"),
    [
        pytest.param(
            "x", X_REPLY, {"user_id": "9000"}, "/2/tweets",
            lambda m: {"text": TEXT, "reply": {"in_reply_to_tweet_id": m.external_id}},
            "https://x.com/acme/status/{id}", id="x",
        ),
        pytest.param(
            "facebook", FB_COMMENT, {"account_id": PAGE_ID}, "/{ext}/comments",
            lambda m: {"message": TEXT}, "https://www.facebook.com/{id}", id="facebook-comment",
        ),
        pytest.param(
            "mastodon", MASTODON_MENTION, {}, "/api/v1/statuses",
            lambda m: {"status": TEXT, "in_reply_to_id": m.external_id, "visibility": "public"}, None, id="mastodon",
        ),
        pytest.param(
            "reddit", REDDIT_MENTIONS, {}, "/api/comment",
            lambda m: {"thing_id": m.external_id, "text": TEXT, "api_type": "json"}, None, id="reddit-comment",
        ),
    ],
)  # fmt: skip
def test_public_reply_answers_the_post(
    fake: FakePlatform,
    store: sessionmaker[Session],
    monkeypatch: Any,
    platform: str,
    fixture: str,
    settings: dict[str, str],
    path: str,
    body: Callable[[MentionIn], dict[str, Any]],
    permalink: str | None,
) -> None:
    mention, case_id = _open_case(store, fake, monkeypatch, platform, _recorded(fixture), **settings)
    item = _send(store, case_id, TEXT, "public")
    req = _one(fake, "POST", path.format(ext=mention.external_id))
    assert req.path == path.format(ext=mention.external_id) and req.body == body(mention)
    if platform in TAKES_A_KEY:
        assert req.headers["idempotency-key"] == item.idempotency_key
    if permalink:
        assert item.permalink == permalink.format(id=item.result_external_id)


def test_bluesky_public_reply(fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any) -> None:
    _, case_id = _open_case(store, fake, monkeypatch, "bluesky", _bsky_payload(), "app_password", BSKY_PASSWORD)
    uri = "at://did:plc:cust/app.bsky.feed.post/3kreply"
    fake.add("bluesky", "the recorded reply", author="cust", item_id=uri)  # the parent the reply names
    _send(store, case_id, TEXT, "public")
    req = _one(fake, "POST", "com.atproto.repo.createRecord")
    assert req.body["repo"] == BRAND_DID and req.body["record"]["text"] == TEXT
    assert req.body["record"]["reply"]["parent"]["uri"] == uri


# --- private messages: to the person, never to the post -------------------------------------------

# No recorded Instagram payload is stored; this one follows the Graph docs.
IG_DM = {
    "object": "instagram",
    "entry": [
        {
            "id": "1700",
            "time": 1714989600,
            "messaging": [
                {
                    "sender": {"id": "5566778899"},
                    "recipient": {"id": "1700"},
                    "timestamp": 1714989600000,
                    "message": {"mid": "aWdfZAG1faXRlbTo", "text": "my order never came"},
                }
            ],
        }
    ],
}


@pytest.mark.parametrize(
    ("platform", "payload", "account", "recipient", "stored_recipient"),
    [
        pytest.param(
            "facebook", _recorded(FB_COMMENT), PAGE_ID, lambda m: {"comment_id": m.external_id}, None,
            id="facebook-private-reply-to-the-comment",
        ),
        pytest.param(
            "facebook", _recorded(FB_MESSENGER), PAGE_ID, lambda m: {"id": m.author.external_id},
            lambda m: f"psid:{m.author.external_id}", id="facebook-messenger-to-the-psid",
        ),
        pytest.param(
            "instagram", json.dumps(IG_DM).encode(), "1700", lambda m: {"id": "5566778899"}, None,
            id="instagram-dm-to-the-igsid",
        ),
    ],
)  # fmt: skip
def test_meta_message_goes_to_the_person(
    fake: FakePlatform,
    store: sessionmaker[Session],
    monkeypatch: Any,
    platform: str,
    payload: bytes,
    account: str,
    recipient: Callable[[MentionIn], dict[str, str]],
    stored_recipient: Callable[[MentionIn], str] | None,
) -> None:
    mention, case_id = _open_case(store, fake, monkeypatch, platform, payload, account_id=account)
    item = _send(store, case_id, DM, "private")
    req = _one(fake, "POST", "/messages")
    assert req.path == f"/{account}/messages"
    assert req.body == {"recipient": recipient(mention), "message": {"text": DM}}
    if stored_recipient:
        assert item.payload["recipient"] == stored_recipient(mention)


def test_x_dm_goes_to_the_authors_user_id(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    tweet, case_id = _open_case(store, fake, monkeypatch, "x", _recorded(X_REPLY), user_id="9000")
    author_id = tweet.author.external_id
    assert author_id and author_id.isdigit()
    item = _send(store, case_id, DM, "private")
    req = _one(fake, "POST", "/2/dm_conversations/with/")
    assert req.path == f"/2/dm_conversations/with/{author_id}/messages"  # a person, not the tweet
    assert req.body == {"text": DM} and req.headers["authorization"] == f"Bearer {TOKEN}"
    assert (
        item.payload["recipient"] == author_id
        and item.permalink == f"https://x.com/messages/9000-{author_id}"
    )
    assert fake.sent("POST", "/2/tweets") == []


def test_x_dm_from_a_direct_message_payload(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    message, case_id = _open_case(store, fake, monkeypatch, "x", _recorded(X_DM), user_id="9000")
    with store.begin() as s, pytest.raises(DraftError, match="wrote privately"):
        do_create_draft(s, case_id, "sam", TEXT, "public", "ack")  # no public post to answer
    _send(store, case_id, DM, "private")
    assert (
        _one(fake, "POST", "/2/dm_conversations/with/").path
        == f"/2/dm_conversations/with/{message.author.external_id}/messages"
    )


def test_mastodon_direct_status_mentions_the_account(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    mention, case_id = _open_case(store, fake, monkeypatch, "mastodon", _recorded(MASTODON_MENTION))
    with store() as s:
        draft_count = len(list(s.scalars(select(Draft))))
    item = _send(store, case_id, DM, "private")
    req = _one(fake, "POST", "/api/v1/statuses")
    assert req.body == {"status": f"@{mention.author.handle} {DM}", "visibility": "direct"}
    assert req.headers["idempotency-key"] == f"draft-{draft_count + 1}" == item.idempotency_key
    assert item.permalink and item.permalink.endswith(f"/{item.result_external_id}")


def test_reddit_private_message_to_the_username(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    mention, case_id = _open_case(store, fake, monkeypatch, "reddit", _recorded(REDDIT_MENTIONS))
    item = _send(store, case_id, DM, "private")
    req = _one(fake, "POST", "/api/compose")
    assert req.body == {"to": mention.author.handle, "subject": "About your post", "text": DM, "api_type": "json"}
    assert item.result_external_id and item.result_external_id.startswith("t4_")
    assert item.permalink == f"https://www.reddit.com/message/messages/{item.result_external_id[3:]}"


# --- Bluesky chat ----------------------------------------------------------------------------------


def _bsky_payload() -> bytes:
    """listNotifications has no public recorded response: the recorded reply record, wrapped in
    the lexicon's notification fields (as in tests/channels)."""
    record = json.loads((HERE / "bluesky" / "fixtures" / "bskydocs_post_record_reply.json").read_text())
    note = {
        "uri": "at://did:plc:cust/app.bsky.feed.post/3kreply",
        "cid": "bafyreply",
        "author": {"did": "did:plc:cust", "handle": "cust.bsky.social"},
        "reason": "reply",
        "record": record,
        "isRead": False,
        "indexedAt": "2023-08-07T05:49:41.000Z",
    }
    return json.dumps({"notifications": [note]}).encode()


def test_bluesky_chat_to_the_authors_did(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    _, case_id = _open_case(
        store, fake, monkeypatch, "bluesky", _bsky_payload(), "app_password", BSKY_PASSWORD, allow_dms=True
    )
    _send(store, case_id, DM, "private")
    convo = _one(fake, "GET", "chat.bsky.convo.getConvoForMembers")
    assert convo.query == {"members": "did:plc:cust"}
    req = _one(fake, "POST", "chat.bsky.convo.sendMessage")
    assert req.body == {"convoId": "convo-did:plc:cust", "message": {"text": DM}}
    assert req.headers["atproto-proxy"] == "did:web:api.bsky.chat#bsky_chat"
    assert fake.messages[-1]["sender"] == {"did": BRAND_DID}


def test_bluesky_without_chat_is_refused_when_written(
    fake: FakePlatform, store: sessionmaker[Session], monkeypatch: Any
) -> None:
    _, case_id = _open_case(store, fake, monkeypatch, "bluesky", _bsky_payload(), "app_password", BSKY_PASSWORD)
    with (
        store.begin() as s,
        pytest.raises(DraftError, match="bluesky: this account cannot send direct messages"),
    ):
        do_create_draft(s, case_id, "sam", DM, "private", "handoff")
    assert fake.received == []  # refused before anything went out
