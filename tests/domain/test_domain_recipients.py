"""Who a reply goes to, per platform (domain/recipients.py): the pure rule, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calmdesk.domain.recipients import Account, Address, Origin, Undeliverable, address_for

ALL = Account(can_reply=True, can_private=True, allows_dms=True)


@pytest.mark.parametrize(
    ("origin", "visibility", "expected"),
    [
        (Origin("x", "1460323737035677698", "public", "jane", "2244994945"), "private",
         Address("private_message", "1460323737035677698", "2244994945")),
        (Origin("x", "1460323737035677698", "public", "jane", "2244994945"), "public",
         Address("reply", "1460323737035677698")),
        (Origin("facebook", "123_456", "public", "Jane", "987"), "private",
         Address("private_message", "123_456", "123_456")),
        (Origin("facebook", "mid.1", "private", "987", "987"), "private",
         Address("private_message", "mid.1", "psid:987")),
        (Origin("instagram", "aWdf", "private", "jane", "5566"), "private",
         Address("private_message", "aWdf", "igsid:5566")),
        (Origin("instagram", "17858893269000001", "public", "jane", "5566"), "private",
         Address("private_message", "17858893269000001", "17858893269000001")),
        (Origin("mastodon", "1101", "public", "jane@mastodon.social", "77"), "private",
         Address("private_message", "1101", "jane@mastodon.social")),
        (Origin("bluesky", "at://did:plc:cust/app.bsky.feed.post/3k", "public", "cust.bsky.social", "did:plc:cust"),
         "private", Address("private_message", "at://did:plc:cust/app.bsky.feed.post/3k", "did:plc:cust")),
        (Origin("reddit", "t1_abc", "public", "jane_r", "t2_x"), "private",
         Address("private_message", "t1_abc", "jane_r")),
        (Origin("email", "m1@example.org", "private", "Jane@Example.org"), "private",
         Address("private_message", "m1@example.org", "jane@example.org")),
        (Origin("email", "m1@example.org", "private", "jane@example.org"), "public",
         Address("reply", "m1@example.org")),
    ],
)  # fmt: skip
def test_address_per_platform(origin: Origin, visibility: str, expected: Address) -> None:
    assert address_for(origin, visibility, ALL) == expected


@pytest.mark.parametrize(
    ("origin", "visibility", "account", "reason"),
    [
        (Origin("x", "1", "public", "jane", None), "private", ALL, "numeric user id"),
        (Origin("x", "1", "public", "jane", "jane"), "private", ALL, "numeric user id"),
        (Origin("bluesky", "at://x", "public", "cust", "did:plc:cust"), "private", Account(), "cannot send direct"),
        (Origin("bluesky", "at://x", "public", "cust", None), "private", ALL, "DID"),
        (Origin("facebook", "mid.1", "private", "987", None), "private", ALL, "page-scoped id"),
        (Origin("reddit", "t1_a", "public", "[deleted]", None), "private", ALL, "deleted"),
        (Origin("mastodon", "1", "public", "", None), "private", ALL, "account"),
        (Origin("email", "m1", "private", "not an address"), "private", ALL, "not an e-mail address"),
        (Origin("x", "dm1", "private", "jane", "22"), "public", ALL, "wrote privately"),
        (Origin("x", None, "public", "jane", "22"), "public", ALL, "no post from the customer"),
        (Origin("reddit", "t1_a", "public", "jane", None), "private", Account(can_private=False), "cannot send private"),
        (Origin("email", "m1", "private", "a@b.c"), "secret", ALL, "visibility"),
    ],
)  # fmt: skip
def test_undeliverable_says_why(origin: Origin, visibility: str, account: Account, reason: str) -> None:
    with pytest.raises(Undeliverable, match=reason):
        address_for(origin, visibility, account)


@given(
    st.sampled_from(["x", "facebook", "instagram", "mastodon", "bluesky", "reddit", "email", "generic"]),
    st.text(max_size=30),
    st.sampled_from(["public", "private"]),
    st.text(max_size=30),
    st.one_of(st.none(), st.text(max_size=30)),
    st.sampled_from(["public", "private"]),
    st.booleans(),
    st.booleans(),
)
def test_private_never_falls_back_to_the_post_id(
    platform: str,
    ext: str,
    origin_visibility: str,
    handle: str,
    author_id: str | None,
    visibility: str,
    can_private: bool,
    allows_dms: bool,
) -> None:
    """Either a clear refusal, or an address whose private recipient is a person (or, on Meta,
    the comment a private reply answers): never a missing one."""
    origin = Origin(platform, ext, origin_visibility, handle, author_id)
    try:
        address = address_for(origin, visibility, Account(True, can_private, allows_dms))
    except Undeliverable as exc:
        assert str(exc)
        return
    if address.operation == "private_message":
        assert address.recipient
        if platform not in ("facebook", "instagram"):
            assert address.recipient != ext or ext in (handle, author_id, handle.lower())
    else:
        assert address.recipient is None and address.target == ext
