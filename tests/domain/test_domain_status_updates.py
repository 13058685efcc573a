"""Where an incident's status update may go (domain/status_updates.py): pure, one line per rule."""

from __future__ import annotations

import pytest

from calmdesk.domain.status_updates import ChannelView, brand_subreddit, idempotency_key, plan


def _ch(cid: int, platform: str, enabled: bool = True, **settings: object) -> ChannelView:
    return ChannelView(cid, platform, f"acme-{platform}", enabled, settings)


ALL = [
    _ch(1, "x"),
    _ch(2, "facebook"),
    _ch(3, "instagram"),
    _ch(4, "mastodon"),
    _ch(5, "bluesky"),
    _ch(6, "reddit", brand_subreddit="r/acme"),
    _ch(7, "email"),
    _ch(8, "webhook"),
    _ch(9, "reddit"),
    _ch(10, "x", enabled=False),
]


def _why(result: object, cid: int) -> str:
    return next(s.why for s in result.skipped if s.channel_id == cid)  # type: ignore[attr-defined]


def test_brand_posts_go_where_the_complaints_came_from() -> None:
    result = plan(ALL, {"x", "reddit", "instagram", "email"})
    assert [t.channel_id for t in result.targets] == [1, 6]
    assert "B-SAME-PLACE" in _why(result, 2) and "B-SAME-PLACE" in _why(result, 4)
    assert "images and videos" in _why(result, 3)
    assert "no public side" in _why(result, 7)
    assert "answer" in _why(result, 8)
    assert "no subreddit of its own" in _why(result, 9)
    assert "switched off" in _why(result, 10)
    assert len(result.targets) + len(result.skipped) == len(ALL)


def test_the_brands_playbook_names_platforms_or_switches_it_off() -> None:
    named = plan(ALL, {"x"}, platforms=["mastodon", "bluesky", "instagram"])
    assert [t.channel_id for t in named.targets] == [4, 5]
    assert "status_platforms" in _why(named, 1)
    off = plan(ALL, {"x"}, enabled=False)
    assert off.targets == () and all("status_updates = false" in s.why for s in off.skipped)


def test_keys_and_subreddits() -> None:
    assert idempotency_key(12, "update", 3) == "status-12-update-ch3"
    assert idempotency_key(12, "resolved", 3) != idempotency_key(12, "update", 3)
    with pytest.raises(ValueError):
        idempotency_key(12, "again", 3)
    assert brand_subreddit({"brand_subreddit": "/r/acme/"}) == "acme"
    assert brand_subreddit({"subreddits": ["acme"]}) is None
