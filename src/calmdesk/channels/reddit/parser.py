"""Reddit: Listings of comments (`t1`), messages (`t4`) and posts (`t3`), and submission comment trees.

External ids are fullnames (`t1_abc`, `t3_xyz`, `t4_123`): they say what kind of thing they name
and are what `parent_id` and `link_id` point at. The thread of a comment is its submission
(`link_id`, or the id in `context` for inbox items); a private message's thread is its first message.
"""

from __future__ import annotations

import re
from typing import Any

from calmdesk.channels._common.payload import (
    UNKNOWN_HANDLE,
    Node,
    Payload,
    PayloadError,
    dedupe,
    documents,
    guarded,
    make_mention,
    nodes_of,
    parse_epoch,
    unescape,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "reddit"
#: Things that are not words: "load more comments" stubs, accounts, subreddits, awards.
DROPPED_KINDS = frozenset({"more", "t2", "t5", "t6"})
_CONTEXT_LINK = re.compile(r"/comments/([a-z0-9]+)/")


def _created(d: Node) -> Any:
    key = "created_utc" if d.get("created_utc") is not None else "created"
    if d.get(key) is None:
        raise d.error("created_utc", "missing")
    return parse_epoch(d.get(key), d, key)


def _author(d: Node) -> AuthorIn:
    return AuthorIn(handle=d.opt_str("author") or UNKNOWN_HANDLE, external_id=d.opt_str("author_fullname"))


def _fullname(d: Node, prefix: str) -> str:
    name = d.opt_str("name")
    if name:
        return name
    return f"{prefix}_{d.req_str('id')}"


def _comment(d: Node, brand_handle: str | None) -> list[MentionIn]:
    link = d.opt_str("link_id")
    if link is None:
        m = _CONTEXT_LINK.search(d.opt_text("context"))
        link = f"t3_{m.group(1)}" if m else None
    out = [
        make_mention(
            platform=PLATFORM,
            where=d,
            external_id=_fullname(d, "t1"),
            text=unescape(d.opt_text("body")),
            created_at=_created(d),
            author=_author(d),
            brand_handle=brand_handle or (d.opt_str("dest") if d.get("was_comment") else None),
            in_reply_to=d.opt_str("parent_id"),
            thread_id=link,
        )
    ]
    replies = d.get("replies")
    if isinstance(replies, dict):  # "" when there are none
        out += _listing(Node(replies, d.at("replies"), PLATFORM), brand_handle)
    return out


def _message(d: Node, brand_handle: str | None) -> list[MentionIn]:
    ext = _fullname(d, "t4")
    first = d.opt_str("first_message_name")
    out = [
        make_mention(
            platform=PLATFORM,
            where=d,
            external_id=ext,
            text=unescape(d.opt_text("body")),
            created_at=_created(d),
            author=_author(d),
            brand_handle=brand_handle or d.opt_str("dest"),
            in_reply_to=d.opt_str("parent_id") or first,
            thread_id=first or ext,
            visibility="private",
        )
    ]
    replies = d.get("replies")
    if isinstance(replies, dict):
        out += _listing(Node(replies, d.at("replies"), PLATFORM), brand_handle)
    return out


def _submission(d: Node, brand_handle: str | None) -> list[MentionIn]:
    ext = _fullname(d, "t3")
    title = unescape(d.opt_text("title"))
    body = unescape(d.opt_text("selftext"))
    return [
        make_mention(
            platform=PLATFORM,
            where=d,
            external_id=ext,
            text=f"{title}\n\n{body}".strip() if body else title,
            created_at=_created(d),
            author=_author(d),
            brand_handle=brand_handle,
            thread_id=ext,
        )
    ]


THING_HANDLERS = {"t1": _comment, "t4": _message, "t3": _submission}


def _thing(t: Node, brand_handle: str | None) -> list[MentionIn]:
    kind = t.req_str("kind")
    if kind in DROPPED_KINDS:
        return []
    if kind == "Listing":
        return _listing(t, brand_handle)
    handler = THING_HANDLERS.get(kind)
    if handler is None:
        raise t.error("kind", f"unknown thing kind {kind!r}")
    return handler(t.node("data"), brand_handle)


def _listing(listing: Node, brand_handle: str | None) -> list[MentionIn]:
    kind = listing.opt_str("kind")
    if kind != "Listing":
        raise listing.error("kind", f"expected a Listing, got {kind!r}")
    out: list[MentionIn] = []
    for child in listing.node("data").nodes("children", required=True):
        out += _thing(child, brand_handle)
    return out


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    out: list[MentionIn] = []
    for doc, path in documents(payload, PLATFORM):
        if isinstance(doc, list):  # /comments/{id}: [submission listing, comment listing]
            for node in nodes_of(doc, path, PLATFORM):
                out += _thing(node, brand_handle)
        elif isinstance(doc, dict) and "error" in doc and "kind" not in doc:
            raise PayloadError(
                PLATFORM, path, f"the API returned an error: {str(doc.get('message') or doc['error'])[:200]}"
            )
        else:
            out += _thing(Node(doc, path, PLATFORM), brand_handle)
    return dedupe(out)
