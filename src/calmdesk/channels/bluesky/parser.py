"""Bluesky (AT Protocol): listNotifications, getPostThread, getPosts/feeds/search, getRecord, post views.

External ids are `at://` URIs of posts. Handles are the author's handle (`name.bsky.social`), or
the DID when only a record with its URI is known. `record.reply.parent.uri` is what a post replies
to and `record.reply.root.uri` the thread. A bare record without its URI cannot be identified and
is refused.
"""

from __future__ import annotations

from collections.abc import Callable
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
    parse_date,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "bluesky"
POST_TYPE = "app.bsky.feed.post"

#: Notification reasons that carry someone's words to us.
MENTION_REASONS = frozenset({"mention", "reply", "quote"})
#: Reasons dropped on purpose: reactions, follows, verification and starter-pack noise.
DROPPED_REASONS = frozenset(
    {
        "like",
        "repost",
        "follow",
        "starterpack-joined",
        "verified",
        "unverified",
        "like-via-repost",
        "repost-via-repost",
        "subscribed-post",
        "contact-match",
    }
)
#: Thread view entries that hold no post.
SKIPPED_THREAD_TYPES = frozenset({"app.bsky.feed.defs#notFoundPost", "app.bsky.feed.defs#blockedPost"})


def _did_of(uri: str) -> str | None:
    if uri.startswith("at://"):
        return uri[5:].split("/", 1)[0] or None
    return None


def _author(profile: Node | None, uri: str) -> AuthorIn:
    if profile is None:
        did = _did_of(uri)
        return AuthorIn(handle=did or UNKNOWN_HANDLE, external_id=did)
    return AuthorIn(
        handle=profile.opt_str("handle") or profile.opt_str("did") or UNKNOWN_HANDLE,
        display_name=profile.opt_str("displayName") or None,
        followers=profile.opt_int("followersCount"),
        external_id=profile.opt_str("did"),
    )


def _post(uri: str, record: Node, author: Node | None, where: Node, brand_handle: str | None) -> MentionIn:
    rtype = record.opt_str("$type")
    if rtype not in (None, POST_TYPE):
        raise record.error("$type", f"expected {POST_TYPE}, got {rtype!r}")
    if not uri.startswith("at://"):
        raise where.error("uri", f"not an at:// URI: {uri[:60]!r}")
    reply = record.opt_node("reply")
    parent = reply.opt_node("parent") if reply else None
    root = reply.opt_node("root") if reply else None
    langs = [v for v in record.opt_list("langs") if isinstance(v, str)]
    return make_mention(
        platform=PLATFORM,
        where=where,
        external_id=uri,
        text=record.opt_text("text"),
        created_at=parse_date(record, "createdAt"),
        author=_author(author, uri),
        brand_handle=brand_handle,
        in_reply_to=parent.req_str("uri") if parent else None,
        thread_id=(root.req_str("uri") if root else None) or uri,
        language=langs[0] if langs else None,
    )


def _post_view(p: Node, brand_handle: str | None) -> MentionIn:
    """`app.bsky.feed.defs#postView`: uri, author profile, record."""
    return _post(p.req_str("uri"), p.node("record"), p.opt_node("author"), p, brand_handle)


def _notification(n: Node, brand_handle: str | None) -> list[MentionIn]:
    reason = n.req_str("reason")
    if reason in DROPPED_REASONS:
        return []
    if reason not in MENTION_REASONS:
        raise n.error("reason", f"unknown notification reason {reason!r}")
    return [_post_view(n, brand_handle)]


def _thread(t: Node, brand_handle: str | None) -> list[MentionIn]:
    """`threadViewPost`: the post, its parents upwards and its replies downwards."""
    if t.opt_str("$type") in SKIPPED_THREAD_TYPES or "notFound" in t or "blocked" in t:
        return []
    out = [_post_view(t.node("post"), brand_handle)]
    parent = t.opt_node("parent")
    if parent is not None:
        out = _thread(parent, brand_handle) + out
    for reply in t.nodes("replies"):
        out += _thread(reply, brand_handle)
    return out


def _kind_of(doc: Any) -> str:
    if not isinstance(doc, dict):
        raise PayloadError(PLATFORM, "$", "expected a JSON object")
    if "notifications" in doc:
        return "notifications"
    if "thread" in doc:
        return "thread"
    if "posts" in doc:
        return "posts"
    if "feed" in doc:
        return "feed"
    if "uri" in doc and "value" in doc:
        return "record"
    if "uri" in doc and "record" in doc:
        return "post_view"
    if "error" in doc and "message" in doc:
        return "error"
    if doc.get("$type") == POST_TYPE or "createdAt" in doc and "text" in doc:
        raise PayloadError(
            PLATFORM, "$", "a bare post record has no at:// URI; send the getRecord response instead"
        )
    if "uri" in doc and "cid" in doc:
        raise PayloadError(PLATFORM, "$", "a createRecord/strongRef response holds no post text")
    raise PayloadError(PLATFORM, "$", f"unrecognised body (keys: {', '.join(sorted(doc)[:8]) or 'none'})")


def _error(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    raise doc.error("error", f"the server returned {doc.opt_str('error')}: {str(doc.get('message'))[:200]}")


HANDLERS: dict[str, Callable[[Node, str | None], list[MentionIn]]] = {
    "notifications": lambda d, bh: [
        m for n in d.nodes("notifications", required=True) for m in _notification(n, bh)
    ],
    "thread": lambda d, bh: _thread(d.node("thread"), bh),
    "posts": lambda d, bh: [_post_view(p, bh) for p in d.nodes("posts", required=True)],
    "feed": lambda d, bh: [_post_view(f.node("post"), bh) for f in d.nodes("feed", required=True)],
    "record": lambda d, bh: [_post(d.req_str("uri"), d.node("value"), None, d, bh)],
    "post_view": lambda d, bh: [_post_view(d, bh)],
    "error": _error,
}


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    out: list[MentionIn] = []
    for doc, path in documents(payload, PLATFORM):
        if isinstance(doc, list):  # a list of post views, as some clients save them
            out += [_post_view(p, brand_handle) for p in nodes_of(doc, path, PLATFORM)]
            continue
        out += HANDLERS[_kind_of(doc)](Node(doc, path, PLATFORM), brand_handle)
    return dedupe(out)
