"""X connector against the fake platform: pagination, keyword search, faults, posting."""

from __future__ import annotations

import pytest
from fakeplatform import TOKEN, FakePlatform, Fault

from calmdesk.channels._common.connector import TextRejected
from calmdesk.channels._common.ratelimit import AuthError, RateLimited, TransientError
from conftest import Sleeps, connector


def test_mentions_paginate_and_cursor_resumes(fake: FakePlatform) -> None:
    for n in range(5):
        fake.add("x", f"@acme my parcel {n} is late")
    fake.add("x", "unrelated chatter")
    c = connector("x", fake)
    first = c.fetch_since(None)
    assert sorted(m.text for m in first.items) == sorted(f"@acme my parcel {n} is late" for n in range(5))
    assert first.pages == 3  # page size 2
    assert all(m.author.followers == 42 for m in first.items)
    again = c.fetch_since(first.next_cursor)
    assert again.items == []
    fake.add("x", "@acme still waiting")
    latest = c.fetch_since(first.next_cursor)
    assert [m.text for m in latest.items] == ["@acme still waiting"]


def test_keyword_search_keeps_names_without_at_and_drops_exclusions(fake: FakePlatform) -> None:
    fake.add("x", "Acme Phone broke after a day")
    fake.add("x", "the acme of perfection, this sunset")
    c = connector("x", fake, keywords=["acme phone", "acme"], exclusions=["acme of perfection"])
    texts = [m.text for m in c.fetch_since(None).items]
    assert texts == ["Acme Phone broke after a day"]


def test_wrong_token_is_an_auth_error_without_the_token(fake: FakePlatform) -> None:
    c = connector("x", fake, token="wrong-token-zzzzzz", user_id="9000")
    with pytest.raises(AuthError) as err:
        c.fetch_since(None)
    assert "wrong-token-zzzzzz" not in str(err.value) and "401" in str(err.value)
    assert TOKEN not in repr(c.credentials)


def test_429_raises_rate_limited_with_reset_time(fake: FakePlatform) -> None:
    fake.faults.append(Fault("/mentions", "429", reset_in=120))
    c = connector("x", fake, user_id="9000")
    with pytest.raises(RateLimited) as err:
        c.fetch_since(None)
    assert (
        100
        <= (
            err.value.retry_at - __import__("datetime").datetime.now(err.value.retry_at.tzinfo)
        ).total_seconds()
        <= 125
    )


@pytest.mark.parametrize("kind", ["500", "truncated", "malformed", "slow"])
def test_transient_faults_are_retried_with_backoff(fake: FakePlatform, sleeps: Sleeps, kind: str) -> None:
    fake.slow_seconds = 1.5  # beyond the client's 1 s timeout
    fake.add("x", "@acme hello")
    fake.faults.append(Fault("/mentions", kind))
    c = connector("x", fake, sleeps=sleeps, user_id="9000")
    assert [m.text for m in c.fetch_since(None).items] == ["@acme hello"]
    assert len(sleeps) == 1 and sleeps[0] > 0


def test_persistent_fault_gives_up_with_a_clear_error(fake: FakePlatform, sleeps: Sleeps) -> None:
    fake.faults.append(Fault("/mentions", "truncated", times=10))
    c = connector("x", fake, sleeps=sleeps, user_id="9000")
    with pytest.raises(TransientError, match="not valid JSON"):
        c.fetch_since(None)
    assert len(sleeps) == 2  # three attempts


def test_reply_dm_hide_and_reconcile(fake: FakePlatform) -> None:
    target = fake.add("x", "@acme broken again")
    c = connector("x", fake, user_id="9000")
    assert c.find_existing_reply(target.id, "Sorry Jane, on it. -Sam") is None
    reply_id = c.reply(target.id, "Sorry Jane, on it. -Sam", "k1")
    assert [i.in_reply_to for i in fake.ours("x")] == [target.id]
    assert c.find_existing_reply(target.id, "sorry jane,  on it. -Sam") == reply_id
    dm = c.send_private("7001", "Could you send the order number here?", "k2")
    assert c.find_existing_private("7001", "Could you send the order number here?") == dm
    c.hide(target.id)
    assert fake.hidden[target.id] is True


def test_too_long_reply_is_refused_before_posting(fake: FakePlatform) -> None:
    c = connector("x", fake, user_id="9000")
    with pytest.raises(TextRejected, match="R-LENGTH"):
        c.reply("1", "x" * 281, "k")
    assert ("POST", "/2/tweets") not in fake.requests
