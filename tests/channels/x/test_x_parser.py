"""X parser against recorded/official payloads: one test per shape."""

from __future__ import annotations

from pathlib import Path

import pytest

from calmdesk.channels import PayloadError, parse_payload
from calmdesk.channels.x import parser as x

FIX = Path(__file__).parent / "fixtures"


def parse(name: str, **kw: str) -> list:
    return x.parse((FIX / name).read_bytes(), **kw)


def test_v2_mentions_without_expansions_dates_from_snowflake_ids() -> None:
    items = parse("tweepy_v2_users_mentions_783214.json")
    assert len(items) == 10
    first = items[0]
    assert first.external_id == "1578516295611748353"
    assert first.text.startswith("@Twitter @TwitterSupport this is my ENTIRE feed")
    # recorded 2022-10-07: the id's timestamp bits say when it was posted
    assert first.created_at.isoformat() == "2022-10-07T22:43:06.945000+00:00"
    assert first.author.handle == "unknown" and first.author.followers is None


def test_v2_reply_with_includes_users() -> None:
    [item] = parse("xdocs_v2_example_payload_tweet_reply.json")
    assert item.external_id == "1296887316556980230"
    assert item.author.handle == "TwitterDev"
    assert item.author.followers == 513962
    assert item.in_reply_to == "1296887091901718529"
    assert item.thread_id == "1296887091901718529"
    assert item.created_at.isoformat() == "2020-08-21T19:10:05+00:00"


def test_v2_conversation_search_keeps_reply_chain() -> None:
    items = parse("xdocs_v2_conversation_thread_search.json")
    assert [(m.external_id, m.in_reply_to) for m in items] == [
        ("1234567893", "1234567892"),
        ("1234567892", "1234567890"),
        ("1234567891", "1234567890"),
    ]
    assert {m.thread_id for m in items} == {"1234567890"}
    assert items[0].author.handle == "3333333333"  # no includes: the author id stands in


def test_filtered_stream_single_object_data() -> None:
    [item] = parse("xdocs_v2_filtered_stream_event.json")
    assert (item.external_id, item.author.handle) == ("1234567890", "catperson")
    assert item.text == "Look at this cute cat! \U0001f431"


def test_filtered_stream_as_json_lines() -> None:
    one = (FIX / "xdocs_v2_filtered_stream_event.json").read_text().replace("\n", " ").strip()
    two = (FIX / "xdocs_v2_filtered_stream_matching_rules.json").read_text().replace("\n", " ").strip()
    items = x.parse(f"{one}\r\n\r\n{two}\r\n".encode())
    assert [m.external_id for m in items] == ["1234567890", "1784600000000000001"]


def test_v1_tweet_object() -> None:
    [item] = parse("xdocs_v1_native_tweet_reply_object.json")
    assert item.external_id == "1296887316556980230"  # id_str, not the rounded number
    assert item.author.handle == "XDevelopers" and item.author.followers == 512292
    assert item.in_reply_to == "1296887091901718529"
    assert item.created_at.isoformat() == "2020-08-21T19:10:05+00:00"


def test_v1_outbound_when_brand_is_author() -> None:
    [item] = parse("xdocs_v1_native_tweet_reply_object.json", brand_handle="@xdevelopers")
    assert item.direction == "outbound"


def test_account_activity_dm_is_private_with_users_map() -> None:
    [item] = parse("xdocs_aaa_direct_message_events.json")
    assert item.visibility == "private"
    assert item.author.handle == "furiouscamper" and item.author.followers == 22
    assert item.brand_handle == "Harris_0ff"  # for_user_id looked up in the users map
    assert item.text == "Hello World!"
    assert item.created_at.isoformat() == "2018-01-19T23:12:40.557000+00:00"
    assert item.direction == "inbound"


def test_account_activity_deletes_are_dropped() -> None:
    assert parse("xdocs_aaa_tweet_delete_events.json") == []


def test_account_activity_tweet_create_long_text_and_brand() -> None:
    body = {
        "for_user_id": "1661523610111193088",
        "tweet_create_events": [
            {
                "created_at": "Mon May 19 14:01:46 +0000 2025",
                "id_str": "1924465506158878979",
                "text": "short &amp; cut\u2026",
                "truncated": True,
                "user": {"id_str": "42", "screen_name": "someone", "followers_count": 5},
                "extended_tweet": {
                    "full_text": "long text &amp; more @xai",
                    "entities": {"user_mentions": [{"screen_name": "xai", "id_str": "1661523610111193088"}]},
                },
            }
        ],
    }
    [item] = x.parse(body)
    assert item.text == "long text & more @xai"
    assert item.brand_handle == "xai"
    assert item.created_at.isoformat() == "2025-05-19T14:01:46+00:00"


def test_xaa_mention_names_brand_from_filter() -> None:
    [item] = parse("xdocs_xaa_post_mention_create.json")
    assert item.author.handle == "OtherUser" and item.author.followers == 97
    assert item.brand_handle == "ExampleUser"


def test_xaa_reply() -> None:
    [item] = parse("xdocs_xaa_post_reply_create.json")
    assert item.in_reply_to == "2080761390344937796"
    assert item.brand_handle == "ExampleUser"  # from entities.mentions, includes is empty


def test_xaa_dm_received() -> None:
    [item] = parse("xdocs_xaa_dm_received.json")
    assert (item.visibility, item.author.handle, item.author.followers) == ("private", "OtherUser", 97)
    assert item.thread_id == "dm:1111111111111111111-2222222222222222222"


def test_xaa_dropped_and_unknown_events() -> None:
    env = {"data": {"event_type": "follow.follow", "payload": {}, "filter": {"user_id": "1"}}}
    assert x.parse(env) == []
    env["data"]["event_type"] = "post.teleport"
    with pytest.raises(PayloadError, match=r"\$\.data\.event_type: unknown X Activity event 'post.teleport'"):
        x.parse(env)


def test_note_tweet_and_entities_unescaped() -> None:
    body = {
        "data": {
            "id": "1600000000000000000",
            "text": "cut &lt;",
            "created_at": "2023-01-01T00:00:00.000Z",
            "note_tweet": {"text": "the whole &lt;long&gt; story"},
        }
    }
    [item] = x.parse(body)
    assert item.text == "the whole <long> story"


def test_api_error_body_is_named() -> None:
    body = b'{"errors":[{"title":"Unauthorized","detail":"Unauthorized","type":"about:blank","status":401}]}'
    with pytest.raises(PayloadError, match="x payload at \\$.errors: the API returned an error"):
        x.parse(body)


def test_empty_page() -> None:
    assert x.parse(b'{"meta":{"result_count":0}}') == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "body is empty"),
        (b'{"data": [{"id": "1", "text": "hi"', "looks truncated"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"data": [{"text": "no id"}]}', r"\$\.data\[0\]\.id: missing"),
        (b'{"data": [{"id": "12", "text": "x"}]}', r"\$\.data\[0\]\.created_at: missing"),
        (
            b'{"data": {"id": "1600000000000000000", "text": "x", "created_at": "yesterday"}}',
            "not an ISO-8601 date",
        ),
        (b'{"hello": 1}', "unrecognised body"),
    ],
)
def test_faults_name_what_is_wrong(body: bytes, message: str) -> None:
    with pytest.raises(PayloadError, match=message):
        x.parse(body)


def test_published_snippet_with_elisions_is_rejected() -> None:
    with pytest.raises(PayloadError, match="line 11 column 17"):
        parse_payload("twitter", (FIX / "xdocs_aaa_tweet_create_events_longform.snippet.txt").read_bytes())


def test_v2_dm_events_join_the_v1_conversation_key() -> None:
    body = {
        "data": [
            {
                "id": "1582838650092576768",
                "event_type": "MessageCreate",
                "text": "hi",
                "sender_id": "9",
                "dm_conversation_id": "9-10",
                "created_at": "2022-10-19T20:58:00.000Z",
            },
            {"id": "1582838650092576769", "event_type": "ParticipantsJoin", "dm_conversation_id": "9-10"},
        ],
        "includes": {"users": [{"id": "9", "username": "cust", "public_metrics": {"followers_count": 3}}]},
    }
    [dm] = x.parse(body)
    assert (dm.visibility, dm.thread_id, dm.author.handle, dm.author.followers) == (
        "private",
        "dm:9-10",
        "cust",
        3,
    )
