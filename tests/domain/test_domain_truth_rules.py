"""The pure rules behind "the desk tells the truth": links and local times.

Promises and the reply language are the composer's (replies/grounding.py), tested in tests/replies.
"""

from __future__ import annotations

from datetime import UTC, datetime

from calmdesk.domain.localtime import local_time
from calmdesk.domain.permalinks import post_url


def test_post_links_per_platform_and_none_where_no_honest_link_exists() -> None:
    assert post_url("x", "123", handle="@acme_help") == "https://x.com/acme_help/status/123"
    assert post_url("facebook", "1_2") == "https://www.facebook.com/1_2"
    assert post_url("x", "123", handle="acme", public=False) is None  # a private message
    assert post_url("x", None, handle="acme") is None
    assert post_url("reddit", "t1_abc") is None
    assert post_url("mastodon", "99", handle="desk", settings={"base_url": "https://social.example"}) == (
        "https://social.example/@desk/99"
    )
    sandbox = {"post_url_template": "http://127.0.0.1:8765/posts/{id}"}
    assert post_url("x", "a/b", handle="acme", settings=sandbox) == "http://127.0.0.1:8765/posts/a%2Fb"
    assert post_url("bluesky", "at://did:plc:xyz/app.bsky.feed.post/3k") == (
        "https://bsky.app/profile/did:plc:xyz/post/3k"
    )


def test_times_are_shown_in_the_brands_zone_with_the_zone_named() -> None:
    t = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert local_time(t, "Europe/Berlin") == "2026-07-01 14:00 CEST"
    assert local_time(t, "America/New_York") == "2026-07-01 08:00 EDT"
    assert local_time(t, None) == "2026-07-01 12:00 UTC"
    assert local_time(None, "Europe/Berlin") == "-"
