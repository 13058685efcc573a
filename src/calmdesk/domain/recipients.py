"""Who a reply goes to, per platform (B-HANDOFF, B-SAME-PLACE): a pure rule, no I/O.

Why this exists: a private hand-off is the heart of the playbook, and every platform addresses a
private message differently. Falling back to "the id of the post" reaches the customer only on
Meta; X wants the person's user id, Mastodon an account, Reddit a username, e-mail an address.
So the address is worked out here, once, from what was stored about the customer's post, and a
draft that cannot be delivered is refused when it is written (`Undeliverable`), not after the
platform said no.

The rule per platform (docs/channels.md has the table):
- x: public -> reply to the tweet id; private -> DM to the author's numeric user id.
- facebook / instagram: public -> a comment reply; private -> Messenger/IG DM to the PSID/IGSID
  when the customer wrote privately, else a private reply to their comment (the comment id).
- mastodon: public -> reply status; private -> a direct-visibility status mentioning the account.
- bluesky: public -> reply post; private -> a chat message to the author's DID, only where the
  brand account has chat enabled (`settings.allow_dms`); otherwise not supported.
- reddit: public -> comment reply; private -> a private message to the username.
- email: private -> a mail to the sender's address, threaded with In-Reply-To/References on the
  customer's Message-ID; public (e-mail has no public side) -> the same thread's Reply-To/From.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Operation = Literal["reply", "private_message"]

#: Prefixes the Graph connectors read: a person's page-scoped id instead of a comment id.
PSID_PREFIX = "psid:"
IGSID_PREFIX = "igsid:"
_DELETED_USERS = frozenset({"", "[deleted]", "unknown", "[unknown]"})
_EMAIL = re.compile(r"[^@\s<>]{1,64}@[^@\s<>]{1,255}")


class Undeliverable(ValueError):
    """This reply cannot reach the customer on this platform/account; the message says why."""


@dataclass(frozen=True)
class Origin:
    """What the desk stored about the customer's post being answered."""

    platform: str
    #: The customer's post or message (tweet id, comment id, status id, at:// uri, Message-ID).
    external_id: str | None
    #: public, or private when the customer wrote in a DM / Messenger / mail.
    visibility: str = "public"
    author_handle: str | None = None
    #: The platform's id of the author (X user id, PSID/IGSID, DID, Reddit t2_ fullname).
    author_external_id: str | None = None


@dataclass(frozen=True)
class Account:
    """What the brand's channel can do (from the connector's capabilities and channel settings)."""

    can_reply: bool = True
    can_private: bool = True
    #: Bluesky: the account has chat enabled and the scope to use it (settings.allow_dms).
    allows_dms: bool = False


@dataclass(frozen=True)
class Address:
    """Where the outbox sends: the operation, the post it answers, and who receives it."""

    operation: Operation
    #: The post replied to (public) or the thread reference (e-mail In-Reply-To, Meta comment).
    target: str | None
    #: Who receives a private message (None for a public reply).
    recipient: str | None = None


def address_for(origin: Origin, visibility: str, account: Account) -> Address:
    """The address for a reply of `visibility` to `origin`, or `Undeliverable` with the reason."""
    platform = origin.platform
    if visibility not in ("public", "private"):
        raise Undeliverable(f"visibility must be public or private, not {visibility!r}")
    if not origin.external_id:
        raise Undeliverable(f"{platform}: the case has no post from the customer to answer")
    if platform == "email":
        return _email(origin, visibility)
    if visibility == "public":
        if not account.can_reply:
            raise Undeliverable(f"{platform}: this channel cannot post public replies")
        if origin.visibility == "private":
            raise Undeliverable(
                f"{platform}: the customer wrote privately; a public reply would have no post to answer"
            )
        return Address("reply", origin.external_id)
    if not account.can_private:
        raise Undeliverable(f"{platform}: this channel cannot send private messages")
    rule = _PRIVATE.get(platform)
    if rule is None:
        raise Undeliverable(f"{platform}: private messages are not supported")
    return rule(origin, account)


def _x(origin: Origin, account: Account) -> Address:
    uid = (origin.author_external_id or "").strip()
    if not uid.isdigit():
        raise Undeliverable(
            "x: a direct message is addressed to the author's numeric user id, and it is not known "
            f"for @{origin.author_handle or '?'}"
        )
    return Address("private_message", origin.external_id, uid)


Rule = Callable[[Origin, Account], Address]


def _meta(prefix: str) -> Rule:
    def rule(origin: Origin, account: Account) -> Address:
        if origin.visibility == "private":
            sid = (origin.author_external_id or "").strip()
            if not sid:
                raise Undeliverable(
                    f"{origin.platform}: the sender's page-scoped id is not known for this message"
                )
            return Address("private_message", origin.external_id, prefix + sid)
        # A private reply to the public comment: Meta addresses it by the comment id.
        return Address("private_message", origin.external_id, origin.external_id)

    return rule


def _mastodon(origin: Origin, account: Account) -> Address:
    acct = (origin.author_handle or "").strip().lstrip("@")
    if not acct or acct in _DELETED_USERS:
        raise Undeliverable("mastodon: a direct message needs the author's account, and it is not known")
    return Address("private_message", origin.external_id, acct)


def _bluesky(origin: Origin, account: Account) -> Address:
    if not account.allows_dms:
        raise Undeliverable(
            "bluesky: this account cannot send direct messages (chat is not enabled for it: "
            "set allow_dms in the channel settings once the app password has DM access)"
        )
    did = (origin.author_external_id or "").strip()
    if not did.startswith("did:"):
        raise Undeliverable("bluesky: a chat message needs the author's DID, and it is not known")
    return Address("private_message", origin.external_id, did)


def _reddit(origin: Origin, account: Account) -> Address:
    name = (origin.author_handle or "").strip().removeprefix("u/").removeprefix("/u/")
    if name.lower() in _DELETED_USERS:
        raise Undeliverable("reddit: the author's account is deleted or unknown; a message cannot reach it")
    return Address("private_message", origin.external_id, name)


def _email(origin: Origin, visibility: str) -> Address:
    address = (origin.author_handle or "").strip()
    if not _EMAIL.fullmatch(address):
        raise Undeliverable(f"email: the sender's address {address!r} is not an e-mail address")
    if visibility == "public":
        # e-mail has no public side: a "reply" answers the mail's Reply-To/From in its thread
        return Address("reply", origin.external_id)
    return Address("private_message", origin.external_id, address.lower())


_PRIVATE: dict[str, Rule] = {
    "x": _x,
    "facebook": _meta(PSID_PREFIX),
    "instagram": _meta(IGSID_PREFIX),
    "mastodon": _mastodon,
    "bluesky": _bluesky,
    "reddit": _reddit,
}


__all__ = ["IGSID_PREFIX", "PSID_PREFIX", "Account", "Address", "Origin", "Undeliverable", "address_for"]
