"""Facebook Pages and Instagram parsers: Graph listings and webhooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calmdesk.channels import PayloadError
from calmdesk.channels.facebook import parser as facebook
from calmdesk.channels.instagram import parser as instagram

FIX = Path(__file__).parent / "facebook" / "fixtures"


def fb(name: str) -> list:
    return facebook.parse((FIX / name).read_bytes())


def test_graph_listing_without_ids_reads_them_from_permalinks() -> None:
    items = fb("pyfacebook_graph_post_comments_page1.json")
    assert len(items) == 10
    top = items[0]
    assert top.external_id == "10158407654328553_10158407835073553"
    assert top.in_reply_to == "19292868552_10158407654328553"  # the post
    assert top.created_at.isoformat() == "2021-08-10T18:45:03+00:00"
    reply = next(m for m in items if m.external_id == "10158407654328553_10158409984103553")
    assert reply.in_reply_to == top.external_id
    assert reply.thread_id == top.external_id


def test_graph_comments_by_ids() -> None:
    items = fb("pyfacebook_graph_comments_by_ids.json")
    assert [m.external_id for m in items] == [
        "10158371815748553_10158371930463553",
        "10158371815748553_10158372268858553",
    ]


def test_graph_listing_with_from_and_nested_comments() -> None:
    body = {
        "data": [
            {
                "id": "1_2",
                "message": "my order never came",
                "created_time": "2019-06-05T07:16:35+0000",
                "from": {"id": "99", "name": "Ann"},
                "comments": {
                    "data": [
                        {
                            "id": "1_3",
                            "message": "DM us",
                            "created_time": "2019-06-05T08:00:00+0000",
                            "from": {"id": "7", "name": "Shop"},
                        }
                    ]
                },
            }
        ],
        "paging": {"cursors": {"before": "a", "after": "b"}},
    }
    items = facebook.parse(body, brand_handle="7")
    assert [(m.external_id, m.author.handle, m.author.display_name, m.direction) for m in items] == [
        ("1_2", "99", "Ann", "inbound"),
        ("1_3", "7", "Shop", "outbound"),
    ]
    assert items[1].in_reply_to == "1_2" and items[1].thread_id == "1_2"


@pytest.mark.parametrize(
    "name", ["restfb_webhook_feed_comment_add_v2.11.json", "restfb_webhook_feed_comment_add_v2.5.json"]
)
def test_webhook_comment_add_both_versions(name: str) -> None:
    [item] = fb(name)
    assert item.external_id == "901097836652708_903438993085259"
    assert item.author.handle == "1234567890321" and item.author.display_name == "Tester"
    assert item.in_reply_to == "1234567890321_901097836652708"
    assert item.brand_handle == "1234567890321"
    assert item.direction == "outbound"  # the Page commenting on its own post
    assert item.created_at.isoformat() == "2015-12-03T09:30:03+00:00"


def test_webhook_post_add_uses_entry_time() -> None:
    [item] = fb("restfb_webhook_feed_post_add.json")
    assert (item.external_id, item.author.handle, item.direction) == (
        "1234567890321_7293787835232",
        "8423678347823",
        "inbound",
    )
    assert item.created_at.isoformat() == "2016-02-05T21:17:00+00:00"


def test_webhook_mentions_and_edits() -> None:
    assert fb("restfb_webhook_mention_comment_add.json")[0].text == "Just a test message"
    assert fb("restfb_webhook_mention_post_add.json")[0].author.handle == "unknown"
    assert fb("restfb_webhook_feed_comment_edited.json")[0].text == "Let's see the Webhooks in action :D"
    assert fb("restfb_webhook_feed_status_add.json")[0].thread_id == "1234567890321_930145403745849"


def test_messenger_private_and_reply_and_echo_dropped() -> None:
    [msg] = fb("restfb_webhook_messenger_message_basic.json")
    assert (msg.visibility, msg.external_id, msg.author.handle) == (
        "private",
        "mid.1457764197618:41d102a3e1ae206a38",
        "987654321432",
    )
    assert msg.created_at.isoformat() == "2016-03-12T06:29:57.627000+00:00"
    assert (
        fb("restfb_webhook_messenger_message_reply.json")[0].in_reply_to
        == "very_long_id_representing_the_original_message"
    )
    assert fb("restfb_webhook_messenger_message_echo.json") == []


def test_webhook_dropped_and_unknown() -> None:
    body = json.loads((FIX / "restfb_webhook_feed_comment_add_v2.5.json").read_text())
    body["entry"][0]["changes"][0]["value"]["verb"] = "remove"
    assert facebook.parse(body) == []
    body["entry"][0]["changes"][0]["field"] = "teleports"
    with pytest.raises(
        PayloadError, match=r"\$\.entry\[0\]\.changes\[0\]\.field: unknown webhook field 'teleports'"
    ):
        facebook.parse(body)


def test_graph_error_and_wrong_object() -> None:
    with pytest.raises(PayloadError, match="Invalid OAuth access token"):
        facebook.parse(b'{"error": {"message": "Invalid OAuth access token.", "code": 190}}')
    with pytest.raises(PayloadError, match="not a Page"):
        facebook.parse({"object": "instagram", "entry": []})


# Instagram: no recorded public payloads exist; these follow Meta's webhook reference shapes.
IG_COMMENT_WEBHOOK = {
    "object": "instagram",
    "entry": [
        {
            "id": "17841400000000000",
            "time": 1700000000,
            "changes": [
                {
                    "field": "comments",
                    "value": {
                        "from": {"id": "2345", "username": "jane_doe"},
                        "media": {"id": "17900000000000001", "media_product_type": "FEED"},
                        "id": "17865799348089039",
                        "text": "Where is my refund?",
                    },
                },
                {
                    "field": "mentions",
                    "value": {"media_id": "17900000000000002", "comment_id": "17900000000000003"},
                },
                {"field": "story_insights", "value": {"media_id": "1", "impressions": 4}},
            ],
        }
    ],
}


def test_instagram_comment_and_mention_webhook() -> None:
    items = instagram.parse(json.dumps(IG_COMMENT_WEBHOOK))
    assert [(m.external_id, m.author.handle, m.in_reply_to) for m in items] == [
        ("17865799348089039", "jane_doe", "17900000000000001"),
        ("17900000000000003", "unknown", "17900000000000002"),
    ]
    assert items[0].created_at.isoformat() == "2023-11-14T22:13:20+00:00"
    assert items[0].brand_handle == "17841400000000000"


def test_instagram_graph_comments_listing_with_replies() -> None:
    body = {
        "data": [
            {
                "id": "1",
                "text": "broken on arrival",
                "username": "sam",
                "timestamp": "2024-03-01T10:00:00+0000",
                "replies": {
                    "data": [
                        {
                            "id": "2",
                            "text": "so sorry",
                            "username": "shop",
                            "timestamp": "2024-03-01T11:00:00+0000",
                        }
                    ]
                },
            }
        ]
    }
    items = instagram.parse(body, brand_handle="shop")
    assert [(m.external_id, m.in_reply_to, m.direction) for m in items] == [
        ("1", None, "inbound"),
        ("2", "1", "outbound"),
    ]


def test_instagram_messaging_is_private() -> None:
    body = {
        "object": "instagram",
        "entry": [
            {
                "id": "178",
                "time": 1700000000,
                "messaging": [
                    {
                        "sender": {"id": "555"},
                        "recipient": {"id": "178"},
                        "timestamp": 1700000000123,
                        "message": {"mid": "aWdf", "text": "hello"},
                    },
                    {
                        "sender": {"id": "555"},
                        "recipient": {"id": "178"},
                        "timestamp": 1700000000124,
                        "read": {"mid": "aWdf"},
                    },
                ],
            }
        ],
    }
    [item] = instagram.parse(body)
    assert (item.visibility, item.external_id, item.text) == ("private", "aWdf", "hello")
