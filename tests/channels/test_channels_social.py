"""Mastodon, Bluesky and Reddit parsers against recorded payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calmdesk.channels import PayloadError
from calmdesk.channels.bluesky import parser as bluesky
from calmdesk.channels.mastodon import parser as mastodon
from calmdesk.channels.reddit import parser as reddit

HERE = Path(__file__).parent


def load(platform: str, name: str) -> bytes:
    return (HERE / platform / "fixtures" / name).read_bytes()


# --- Mastodon ---


def test_mastodon_notification_single_and_list_agree() -> None:
    [one] = mastodon.parse(load("mastodon", "mastodonpy_notification_mention.json"))
    [listed] = mastodon.parse(load("mastodon", "mastodonpy_notifications_list_type_mention.json"))
    assert one.external_id == listed.external_id == "117020577157693549"
    assert one.text == "@mastodonpy_test hello!"  # HTML stripped
    assert (one.author.handle, one.author.followers, one.visibility) == ("admin", 1, "public")


def test_mastodon_status_html_paragraphs_and_entities() -> None:
    [item] = mastodon.parse(load("mastodon", "mastodon_docs_entity_status_example.json"))
    assert item.author.handle == "Gargron"
    assert "<" not in item.text and "&quot;" not in item.text
    assert "\n\n" in item.text  # paragraphs kept apart


def test_mastodon_reply_and_direct_conversations() -> None:
    [reply] = mastodon.parse(load("mastodon", "mastodonpy_status_reply_create_response.json"))
    assert reply.in_reply_to == "117020583245459824"
    convs = mastodon.parse(load("mastodon", "mastodonpy_conversations_list.json"))
    assert len(convs) == 2 and {m.visibility for m in convs} == {"private"}


def test_mastodon_streaming_sse_keeps_notifications_only() -> None:
    items = mastodon.parse(load("mastodon", "mastodonpy_streaming_user_sse.txt"))
    assert [m.external_id for m in items] == ["117024236408130890", "117024236635443611"]
    assert items[1].visibility == "private"


def test_mastodon_elided_docs_example_is_rejected() -> None:
    with pytest.raises(PayloadError, match="mastodon payload: not valid JSON"):
        mastodon.parse(load("mastodon", "mastodon_docs_get_notifications_200_elided.jsonc"))


def test_mastodon_dropped_and_unknown_notification_types() -> None:
    note = json.loads(load("mastodon", "mastodonpy_notification_mention.json"))
    note["type"] = "favourite"
    assert mastodon.parse(note) == []
    note["type"] = "telepathy"
    with pytest.raises(PayloadError, match=r"\$\.type: unknown notification type 'telepathy'"):
        mastodon.parse(note)


# --- Bluesky ---

# listNotifications has no public recorded response; this one follows the lexicon
# (app.bsky.notification.listNotifications#notification) field for field.
BSKY_NOTIFICATIONS = {
    "cursor": "2024",
    "notifications": [
        {
            "uri": "at://did:plc:cust/app.bsky.feed.post/3kreply",
            "cid": "bafyreply",
            "author": {"did": "did:plc:cust", "handle": "cust.bsky.social", "displayName": "Cust"},
            "reason": "reply",
            "reasonSubject": "at://did:plc:brand/app.bsky.feed.post/3kroot",
            "record": json.loads((HERE / "bluesky" / "fixtures" / "bskydocs_post_record_reply.json").read_text()),
            "isRead": False,
            "indexedAt": "2023-08-07T05:49:41.000Z",
        },
        {
            "uri": "at://did:plc:fan/app.bsky.feed.like/3klike",
            "cid": "bafylike",
            "author": {"did": "did:plc:fan", "handle": "fan.bsky.social"},
            "reason": "like",
            "record": {"$type": "app.bsky.feed.like"},
            "isRead": True,
            "indexedAt": "2023-08-07T05:50:00.000Z",
        },
    ],
}


def test_bluesky_list_notifications() -> None:
    [item] = bluesky.parse(json.dumps(BSKY_NOTIFICATIONS).encode())
    assert item.external_id == "at://did:plc:cust/app.bsky.feed.post/3kreply"
    assert item.author.handle == "cust.bsky.social"
    assert item.in_reply_to == "at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k43tv4rft22g"
    assert item.thread_id == item.in_reply_to
    assert item.created_at.isoformat() == "2023-08-07T05:49:40.501974+00:00"


def test_bluesky_thread_and_record() -> None:
    [post] = bluesky.parse(load("bluesky", "marshalx_getPostThread_with_embed_media.json"))
    assert post.author.handle == "test.marshal.dev" and post.text == ""
    [rec] = bluesky.parse(load("bluesky", "marshalx_getRecord_post.json"))
    assert rec.author.handle == "did:plc:kvwvcn5iqfooopmyzvb4qzba"
    assert rec.text == "new text114"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bskydocs_post_record_minimal.json", "bare post record has no at:// URI"),
        ("bskydocs_createRecord_response.json", "holds no post text"),
    ],
)
def test_bluesky_unidentifiable_bodies_are_refused(name: str, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        bluesky.parse(load("bluesky", name))


# --- Reddit ---


def test_reddit_inbox_mentions() -> None:
    items = reddit.parse(load("reddit", "praw_inbox_mentions_listing.json"))
    assert len(items) == 16
    first = items[0]
    assert (first.external_id, first.author.handle, first.in_reply_to, first.thread_id) == (
        "t1_ekftbox",
        "2Botter2Loop",
        "t3_bb24k7",
        "t3_bb24k7",
    )
    assert first.created_at.isoformat() == "2019-04-09T01:45:08+00:00"


def test_reddit_comment_replies_thread_from_context() -> None:
    items = reddit.parse(load("reddit", "praw_inbox_comment_replies_listing.json"))
    assert len(items) == 64
    assert items[0].thread_id == "t3_1j7g9uj" and items[0].in_reply_to == "t1_myngt77"


def test_reddit_subreddit_comments_and_submission_tree() -> None:
    assert len(reddit.parse(load("reddit", "praw_subreddit_comments_listing_t1.json"))) == 100
    tree = reddit.parse(load("reddit", "praw_submission_comment_tree.json"))
    assert tree[0].external_id == "t3_2gmzqe"
    assert all(m.thread_id == "t3_2gmzqe" for m in tree)


def test_reddit_private_message_and_unknown_kind() -> None:
    body = {
        "kind": "Listing",
        "data": {
            "children": [
                {
                    "kind": "t4",
                    "data": {
                        "name": "t4_9",
                        "author": "cust",
                        "body": "a &amp; b",
                        "created_utc": 1700000000.0,
                        "dest": "shop",
                        "first_message_name": None,
                        "parent_id": None,
                    },
                },
                {"kind": "more", "data": {"count": 3}},
            ]
        },
    }
    [msg] = reddit.parse(body)
    assert (msg.visibility, msg.text, msg.thread_id, msg.brand_handle) == ("private", "a & b", "t4_9", "shop")
    body["data"]["children"][1]["kind"] = "t9"
    with pytest.raises(PayloadError, match=r"\$\.data\.children\[1\]\.kind: unknown thing kind 't9'"):
        reddit.parse(body)


def test_mastodon_grouped_notifications_v2() -> None:
    body = {
        "notification_groups": [
            {"group_key": "g1", "type": "mention", "status_id": "5", "notifications_count": 1},
            {"group_key": "g2", "type": "favourite", "status_id": "5", "notifications_count": 3},
        ],
        "statuses": [
            {
                "id": "5",
                "created_at": "2024-01-01T00:00:00Z",
                "content": "<p>a<br>b</p><p>c &amp; d</p>",
                "visibility": "direct",
                "account": {"acct": "z@host", "followers_count": 2},
            }
        ],
        "accounts": [],
    }
    [item] = mastodon.parse(body)
    assert (item.text, item.visibility, item.author.handle) == ("a\nb\n\nc & d", "private", "z@host")


def test_bluesky_thread_with_parent_marks_brand_outbound() -> None:
    root = "at://did:plc:b/app.bsky.feed.post/1"
    body = {
        "thread": {
            "post": {
                "uri": "at://did:plc:a/app.bsky.feed.post/2",
                "author": {"handle": "cust.example", "did": "did:plc:a", "followersCount": 4},
                "record": {
                    "text": "child",
                    "createdAt": "2024-01-01T00:01:00Z",
                    "reply": {"root": {"uri": root}, "parent": {"uri": root}},
                },
            },
            "parent": {
                "post": {
                    "uri": root,
                    "author": {"handle": "brand.example"},
                    "record": {"text": "root", "createdAt": "2024-01-01T00:00:00Z"},
                }
            },
            "replies": [{"$type": "app.bsky.feed.defs#notFoundPost", "uri": "at://gone", "notFound": True}],
        }
    }
    parent, child = bluesky.parse(body, brand_handle="brand.example")
    assert (parent.external_id, parent.direction) == (root, "outbound")
    assert (child.in_reply_to, child.thread_id, child.direction, child.author.followers) == (
        root,
        root,
        "inbound",
        4,
    )
