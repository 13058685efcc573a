"""Mastodon, Bluesky, Reddit, Facebook and Instagram connectors against the fake platform."""

from __future__ import annotations

import pytest
from fakeplatform import FakePlatform

from calmdesk.channels import REGISTRY
from calmdesk.channels._common.connector import Unsupported
from calmdesk.channels._common.ratelimit import AuthError
from conftest import connector


def test_capabilities_follow_the_platforms() -> None:
    assert "hide" not in REGISTRY["reddit"].capabilities
    assert "hide" in REGISTRY["facebook"].capabilities and "hide" in REGISTRY["instagram"].capabilities
    assert "webhook" not in REGISTRY  # inbound only: the signed webhook has no API to call


def test_mastodon_link_pagination_and_idempotency_key(fake: FakePlatform) -> None:
    target = fake.add("mastodon", "@acme the app crashes")
    for n in range(4):
        fake.add("mastodon", f"@acme problem {n}")
    c = connector("mastodon", fake)
    first = c.fetch_since(None)
    assert len(first.items) == 5 and first.pages == 3
    fake.add("mastodon", "@acme one more")
    assert [m.text for m in c.fetch_since(first.next_cursor).items] == ["@acme one more"]
    a = c.reply(target.id, "Sorry about that, we are on it. -Sam", "key-1")
    b = c.reply(target.id, "Sorry about that, we are on it. -Sam", "key-1")
    assert a == b and len(fake.ours("mastodon")) == 1
    assert c.find_existing_reply(target.id, "Sorry about that, we are on it. -Sam") == a
    c.send_private("jane", "Could you DM us the order number?", "key-2")
    assert (
        fake.ours("mastodon")[-1].text.startswith("@jane ")
        and fake.ours("mastodon")[-1].visibility == "direct"
    )
    with pytest.raises(Unsupported):
        c.hide(target.id)


def test_bluesky_session_notifications_and_threaded_reply(fake: FakePlatform) -> None:
    root = fake.add("bluesky", "@acme.bsky.social my order vanished", minutes_ago=30)
    fake.add("bluesky", "liked", reason="like", minutes_ago=20)
    fake.add("bluesky", "@acme.bsky.social hello?", in_reply_to=root.id, minutes_ago=5, reason="reply")
    c = connector("bluesky", fake, handle="acme.bsky.social")
    first = c.fetch_since(None)
    assert sorted(m.text for m in first.items) == [
        "@acme.bsky.social hello?",
        "@acme.bsky.social my order vanished",
    ]
    assert c.fetch_since(first.next_cursor).items == []
    child = [i for i in fake.items if i.in_reply_to == root.id][0]
    uri = c.reply(child.id, "So sorry, we are looking now. -Sam", "k")
    posted = fake.ours("bluesky")[0]
    assert posted.id == uri and posted.in_reply_to == child.id and posted.root == root.id
    assert c.find_existing_reply(child.id, "So sorry, we are looking now. -Sam") == uri


def test_bluesky_wrong_password_is_an_auth_error(fake: FakePlatform) -> None:
    c = connector("bluesky", fake, handle="acme.bsky.social")
    c.credentials["app_password"] = type(c.credentials["app_password"])("not-the-password")
    with pytest.raises(AuthError) as err:
        c.fetch_since(None)
    assert "not-the-password" not in str(err.value)


def test_reddit_mentions_subreddit_keywords_and_reply(fake: FakePlatform) -> None:
    for n in range(3):
        fake.add("reddit", f"u/acme help {n}", minutes_ago=10 - n)
    fake.add("reddit", "Is the Acme Phone worth it? mine broke", item_id="t3_aa1", sub="phones")
    fake.add("reddit", "acme of perfection", item_id="t3_aa2", sub="phones")
    c = connector(
        "reddit",
        fake,
        subreddits=["phones"],
        keywords=["acme phone", "acme"],
        exclusions=["acme of perfection"],
    )
    first = c.fetch_since(None)
    texts = sorted(m.text for m in first.items)
    assert "u/acme help 2" in texts and not any("perfection" in t for t in texts)
    assert any("Acme Phone" in t for t in texts)
    fake.add("reddit", "u/acme new one", minutes_ago=1)
    assert [m.text for m in c.fetch_since(first.next_cursor).items] == ["u/acme new one"]
    target = first.items[0].external_id
    name = c.reply(target, "Sorry! Looking into it. -Sam", "k")
    assert c.find_existing_reply(target, "Sorry! Looking into it. -Sam") == name


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
def test_graph_comments_hide_reply_private(fake: FakePlatform, platform: str) -> None:
    account = "1500" if platform == "facebook" else "1700"
    for n in range(3):
        fake.add(
            platform,
            f"comment {n}: where is my refund",
            item_id=f"{account}9_{n + 1}",
            post=f"{account}9",
            minutes_ago=30 - n,
        )
    c = connector(platform, fake, account_id=account)
    first = c.fetch_since(None)
    assert sorted(m.text for m in first.items) == [f"comment {n}: where is my refund" for n in range(3)]
    assert c.fetch_since(first.next_cursor).items == []
    target = first.items[0].external_id
    c.hide(target)
    assert fake.hidden[target] is True
    c.hide(target, hidden=False)
    assert fake.hidden[target] is False
    rid = c.reply(target, "Sorry, checking now. -Sam", "k")
    assert c.find_existing_reply(target, "Sorry, checking now. -Sam") == rid
    c.send_private(target, "Please send us your order number here.", "k2")
    assert fake.messages[-1]["recipient"] == {"comment_id": target}
