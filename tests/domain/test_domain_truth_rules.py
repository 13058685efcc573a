"""The pure rules behind "the desk tells the truth": links, promises, reply language, local times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from calmdesk.domain.localtime import local_time
from calmdesk.domain.permalinks import post_url
from calmdesk.domain.playbook import BusinessHours
from calmdesk.domain.promises import promise_phrase
from calmdesk.domain.reply_language import reply_language

BERLIN = BusinessHours(timezone="Europe/Berlin")  # Mon-Fri 09:00-17:00


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


def test_within_the_hour_only_while_the_whole_hour_is_staffed() -> None:
    # Wednesday 2026-12-02 10:00 Berlin (09:00 UTC): open until 17:00.
    assert promise_phrase(BERLIN, datetime(2026, 12, 2, 9, 0, tzinfo=UTC)) == "within the hour"
    assert promise_phrase(BERLIN, datetime(2026, 12, 2, 9, 0, tzinfo=UTC), "de") == "innerhalb einer Stunde"
    # 16:30 Berlin: only half an hour left today, so the promise is tomorrow morning.
    assert promise_phrase(BERLIN, datetime(2026, 12, 2, 15, 30, tzinfo=UTC)) == "tomorrow by 09:30 (CET)"
    # Friday 20:00 Berlin: closed until Monday.
    assert promise_phrase(BERLIN, datetime(2026, 12, 4, 19, 0, tzinfo=UTC)) == "on Monday by 10:00 (CET)"
    assert promise_phrase(BERLIN, datetime(2026, 12, 4, 19, 0, tzinfo=UTC), "de") == "am Montag bis 10:00 Uhr (CET)"
    # Before opening on a weekday: today.
    assert promise_phrase(BERLIN, datetime(2026, 12, 2, 6, 0, tzinfo=UTC)) == "today by 10:00 (CET)"
    assert promise_phrase(BusinessHours(always_open=True), datetime(2026, 12, 5, 3, 0, tzinfo=UTC)) == (
        "within the hour"
    )


@pytest.mark.parametrize(
    ("found", "brand", "expected"),
    [
        ("en", ["de", "en"], "en"),  # Northwind's English-speaking customers get English
        ("de", ["de", "en"], "de"),
        (None, ["de", "en"], "de"),  # unknown: the brand's default
        ("fr", ["de", "en"], "de"),  # no French templates: the brand's default
        ("en-GB", ["de"], "en"),
        ("de", ["en"], "de"),
    ],
)
def test_reply_language_follows_triage(found: str | None, brand: list[str], expected: str) -> None:
    assert reply_language(found, brand, ["de", "en"]) == expected


def test_times_are_shown_in_the_brands_zone_with_the_zone_named() -> None:
    t = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert local_time(t, "Europe/Berlin") == "2026-07-01 14:00 CEST"
    assert local_time(t, "America/New_York") == "2026-07-01 08:00 EDT"
    assert local_time(t, None) == "2026-07-01 12:00 UTC"
    assert local_time(None, "Europe/Berlin") == "-"
