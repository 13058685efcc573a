"""Instagram (Graph API for professional accounts): comment listings, webhooks, Direct messages.

External ids are Graph ids (comment id, message `mid`). Handles are Instagram usernames when the
payload has them, else the Instagram-scoped user id. A `mentions` webhook carries only ids (the
words must be fetched), so it yields a mention with empty text that the connector fills later.
"""

from __future__ import annotations

from typing import Any

from calmdesk.channels._common.payload import (
    UNKNOWN_HANDLE,
    Node,
    Payload,
    dispatch,
    guarded,
    make_mention,
    parse_date,
)
from calmdesk.channels._meta.parser import (
    ChangeHandler,
    Handler,
    entry_time,
    graph_handlers,
    graph_kind,
    messaging_event,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "instagram"

#: Webhook fields with no customer words in them.
DROPPED_FIELDS = frozenset(
    {
        "story_insights",
        "messaging_seen",
        "message_reactions",
        "messaging_postbacks",
        "messaging_referral",
        "messaging_optins",
        "messaging_handover",
        "standby",
        "message_edit",
    }
)


def _author(value: Node) -> AuthorIn:
    sender = value.opt_node("from")
    username = (sender.opt_str("username") if sender else None) or value.opt_str("username")
    uid = sender.opt_str("id") if sender else None
    return AuthorIn(handle=username or uid or UNKNOWN_HANDLE, external_id=uid)


def _comment_change(value: Node, entry: Node, brand_handle: str | None) -> list[MentionIn]:
    """`comments` / `live_comments`: someone commented on the account's media."""
    comment_id = value.req_str("id")
    media = value.opt_node("media")
    media_id = media.opt_str("id") if media else value.opt_str("media_id")
    parent = value.opt_str("parent_id")
    created = parse_date(value, "timestamp") if value.get("timestamp") else entry_time(entry)
    if created is None:
        raise entry.error("time", "missing")
    return [
        make_mention(
            platform=PLATFORM,
            where=value,
            external_id=comment_id,
            text=value.opt_text("text"),
            created_at=created,
            author=_author(value),
            brand_handle=brand_handle or entry.opt_str("id"),
            in_reply_to=parent or media_id,
            thread_id=parent or comment_id,
        )
    ]


def _mention_change(value: Node, entry: Node, brand_handle: str | None) -> list[MentionIn]:
    """`mentions`: the account was @-mentioned in a caption or comment; only ids are sent."""
    created = entry_time(entry)
    if created is None:
        raise entry.error("time", "missing")
    ext = value.opt_str("comment_id") or value.req_str("media_id")
    return [
        make_mention(
            platform=PLATFORM,
            where=value,
            external_id=ext,
            text=value.opt_text("text"),
            created_at=created,
            author=_author(value),
            brand_handle=brand_handle or entry.opt_str("id"),
            in_reply_to=value.opt_str("media_id") if value.get("comment_id") else None,
            thread_id=ext,
        )
    ]


def _messages_change(value: Node, entry: Node, brand_handle: str | None) -> list[MentionIn]:
    """`messages` delivered as a change (the Graph API test tool sends this shape)."""
    dropped: list[str] = []
    item = messaging_event(value, entry, brand_handle, PLATFORM, dropped)
    return [item] if item is not None else []


CHANGE_HANDLERS: dict[str, ChangeHandler] = {
    "comments": _comment_change,
    "live_comments": _comment_change,
    "mentions": _mention_change,
    "messages": _messages_change,
}


def _graph_item(obj: Node, brand_handle: str | None, parent_hint: str | None = None) -> list[MentionIn]:
    """A comment (`text`, `timestamp`) or a Direct message (`message`, `created_time`), with replies."""
    ext = obj.req_str("id")
    if "message" in obj and "text" not in obj:
        author = _author(obj)
        return [
            make_mention(
                platform=PLATFORM,
                where=obj,
                external_id=ext,
                text=obj.opt_text("message"),
                created_at=parse_date(obj, "created_time"),
                author=author,
                brand_handle=brand_handle,
                thread_id=f"dm:{author.external_id or author.handle}",
                visibility="private",
            )
        ]
    parent_node = obj.opt_node("parent")
    parent = obj.opt_str("parent_id") or (parent_node.opt_str("id") if parent_node else None) or parent_hint
    media = obj.opt_node("media")
    out = [
        make_mention(
            platform=PLATFORM,
            where=obj,
            external_id=ext,
            text=obj.opt_text("text"),
            created_at=parse_date(obj, "timestamp" if "timestamp" in obj else "created_time"),
            author=_author(obj),
            brand_handle=brand_handle,
            in_reply_to=parent or (media.opt_str("id") if media else None),
            thread_id=parent or ext,
        )
    ]
    replies = obj.opt_node("replies")
    if replies is not None:
        for child in replies.nodes("data"):
            out += _graph_item(child, brand_handle, parent_hint=ext)
    return out


def _own_kind(doc: dict[str, Any]) -> str | None:
    """Instagram's own bodies: a Direct conversation with its messages, or one comment or message."""
    if "messages" in doc and isinstance(doc.get("messages"), dict):
        return "conversation"
    if "id" in doc:
        return "object"
    return None


def _kind_of(doc: Any) -> str:
    return graph_kind(doc, PLATFORM, (None, "instagram"), "Instagram", _own_kind)


def _listing(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    out: list[MentionIn] = []
    for item in doc.nodes("data", required=True):
        if "messages" in item and isinstance(item.get("messages"), dict):  # conversations?fields=messages
            out += _listing(item.node("messages"), brand_handle)
        else:
            out += _graph_item(item, brand_handle)
    return out


HANDLERS: dict[str, Handler] = {
    **graph_handlers(PLATFORM, CHANGE_HANDLERS, DROPPED_FIELDS),
    "listing": _listing,
    "conversation": lambda doc, bh: _listing(doc.node("messages"), bh),
    "object": lambda doc, bh: _graph_item(doc, bh),
}


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    return dispatch(payload, PLATFORM, _kind_of, HANDLERS, brand_handle)
