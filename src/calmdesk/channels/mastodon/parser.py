"""Mastodon: notifications (v1 list or single, v2 grouped), statuses, conversations, streaming SSE.

External ids are status ids (of the instance the desk's account lives on). Handles are `acct`
(`user` for local accounts, `user@host` for remote ones). HTML `content` becomes plain text with
paragraph breaks kept. `direct` visibility is private; every other visibility is public.
"""

from __future__ import annotations

import re
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
    html_to_text,
    load_documents,
    make_mention,
    nodes_of,
    parse_date,
    parse_iso,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "mastodon"

#: Notification types that carry words addressed to us.
MENTION_TYPES = frozenset({"mention", "quote"})
#: Notification types dropped on purpose: reactions, follows, moderation, polls.
DROPPED_TYPES = frozenset(
    {
        "favourite",
        "reblog",
        "follow",
        "follow_request",
        "poll",
        "status",
        "update",
        "admin.sign_up",
        "admin.report",
        "severed_relationships",
        "moderation_warning",
        "annual_report",
        "quoted_update",
    }
)
#: Streaming events that are not mentions: home timeline updates, edits, deletes, housekeeping.
DROPPED_STREAM_EVENTS = frozenset(
    {
        "update",
        "status.update",
        "delete",
        "filters_changed",
        "announcement",
        "announcement.reaction",
        "announcement.delete",
        "notifications_merged",
        "encrypted_message",
    }
)


def _author(account: Node | None) -> AuthorIn:
    if account is None:
        return AuthorIn(handle=UNKNOWN_HANDLE)
    followers = account.opt_int("followers_count")
    created = None
    if isinstance(account.get("created_at"), str):
        try:
            created = parse_iso(account.req_str("created_at"), account, "created_at")
        except PayloadError:
            created = None
    return AuthorIn(
        handle=account.opt_str("acct") or account.opt_str("username") or UNKNOWN_HANDLE,
        display_name=account.opt_str("display_name") or None,
        followers=followers,
        verified=False,
        created_at=created,
        external_id=account.opt_str("id"),
    )


def _status(s: Node, brand_handle: str | None) -> MentionIn | None:
    if s.get("reblog") is not None:
        return None  # a boost repeats someone else's words; the original is what matters
    text = html_to_text(s.opt_text("content"))
    if not text and s.get("text"):
        text = s.opt_text("text")  # statuses fetched with ?source or deleted-and-redrafted
    spoiler = s.opt_text("spoiler_text").strip()
    if spoiler:
        text = f"[CW: {spoiler}]\n\n{text}"
    visibility = s.opt_str("visibility") or "public"
    return make_mention(
        platform=PLATFORM,
        where=s,
        external_id=s.req_str("id"),
        text=text,
        created_at=parse_date(s, "created_at"),
        author=_author(s.opt_node("account")),
        brand_handle=brand_handle,
        in_reply_to=s.opt_str("in_reply_to_id"),
        visibility="private" if visibility == "direct" else "public",
        language=s.opt_str("language"),
    )


def _notification(n: Node, brand_handle: str | None) -> list[MentionIn]:
    kind = n.req_str("type")
    if kind in DROPPED_TYPES:
        return []
    if kind not in MENTION_TYPES:
        raise n.error("type", f"unknown notification type {kind!r}")
    item = _status(n.node("status"), brand_handle)
    return [item] if item else []


def _conversation(c: Node, brand_handle: str | None) -> list[MentionIn]:
    last = c.opt_node("last_status")
    if last is None:
        return []
    c.req_str("id")
    # No thread id: DMs thread through in_reply_to like public replies, whichever way they arrive.
    item = _status(last, brand_handle)
    if item is None:
        return []
    item.visibility = "private"  # conversations are direct messages whatever the status says
    return [item]


def _grouped(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    """`GET /api/v2/notifications`: groups refer to statuses listed once beside them."""
    statuses = {s.req_str("id"): s for s in doc.nodes("statuses")}
    out: list[MentionIn] = []
    for g in doc.nodes("notification_groups", required=True):
        kind = g.req_str("type")
        if kind in DROPPED_TYPES:
            continue
        if kind not in MENTION_TYPES:
            raise g.error("type", f"unknown notification type {kind!r}")
        sid = g.req_str("status_id")
        if sid not in statuses:
            raise g.error("status_id", f"status {sid} is not in $.statuses")
        item = _status(statuses[sid], brand_handle)
        if item:
            out.append(item)
    return out


def _item_kind(obj: Any) -> str:
    if not isinstance(obj, dict):
        return "other"
    if "type" in obj and "account" in obj:
        return "notification"
    if "last_status" in obj or "accounts" in obj and "unread" in obj:
        return "conversation"
    if "content" in obj and "id" in obj:
        return "status"
    if "ancestors" in obj or "descendants" in obj:
        return "context"
    if "notification_groups" in obj:
        return "grouped"
    if "statuses" in obj:
        return "search"
    if "error" in obj:
        return "error"
    return "other"


def _one(obj: Node, brand_handle: str | None) -> list[MentionIn]:
    kind = _item_kind(obj.data)
    if kind == "notification":
        return _notification(obj, brand_handle)
    if kind == "conversation":
        return _conversation(obj, brand_handle)
    if kind == "status":
        item = _status(obj, brand_handle)
        return [item] if item else []
    if kind == "context":
        return [
            m
            for key in ("ancestors", "descendants")
            for s in obj.nodes(key)
            if (m := _status(s, brand_handle))
        ]
    if kind == "grouped":
        return _grouped(obj, brand_handle)
    if kind == "search":
        return [m for s in obj.nodes("statuses") if (m := _status(s, brand_handle))]
    if kind == "error":
        raise obj.error("error", f"the server returned an error: {str(obj.get('error'))[:200]}")
    keys = ", ".join(sorted(obj.data)[:8]) or "none"
    raise obj.error("", f"not a notification, status or conversation (keys: {keys})")


_SSE_FIELD = re.compile(r"^(event|data|id|retry):\s?(.*)$")


def _is_sse(payload: Payload) -> bool:
    if isinstance(payload, bytes):
        head = payload[:4096].decode("utf-8", "replace")
    elif isinstance(payload, str):
        head = payload[:4096]
    else:
        return False
    return bool(re.search(r"^event:", head, re.MULTILINE)) and not head.lstrip().startswith(("{", "["))


def _sse(payload: bytes | str, brand_handle: str | None) -> list[MentionIn]:
    """`/api/v1/streaming`: `event:` + `data:` blocks; a `:` line is a heartbeat."""
    text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload
    out: list[MentionIn] = []
    event: str | None = None
    data: list[str] = []
    start = 0

    def flush(lineno: int) -> None:
        nonlocal event, data
        if event is not None and data:
            where = f"event {event!r} (line {lineno})"
            if event in DROPPED_STREAM_EVENTS:
                pass
            elif event in ("notification", "conversation"):
                docs = load_documents("\n".join(data), PLATFORM)
                node = Node(docs[0], where, PLATFORM)
                out.extend(
                    _notification(node, brand_handle)
                    if event == "notification"
                    else _conversation(node, brand_handle)
                )
            else:
                raise PayloadError(PLATFORM, where, "unknown streaming event")
        event, data = None, []

    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            flush(start)
            continue
        if line.startswith(":"):
            continue
        m = _SSE_FIELD.match(line)
        if m is None:
            raise PayloadError(PLATFORM, f"line {lineno}", "not a server-sent event line")
        if m.group(1) == "event":
            flush(start)
            event, start = m.group(2).strip(), lineno
        elif m.group(1) == "data":
            data.append(m.group(2))
    flush(start)
    return out


HANDLERS: dict[str, Callable[[Node, str | None], list[MentionIn]]] = {"one": _one}


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    if _is_sse(payload):
        assert isinstance(payload, bytes | str)
        return dedupe(_sse(payload, brand_handle))
    out: list[MentionIn] = []
    for doc, path in documents(payload, PLATFORM):
        if isinstance(doc, list):
            for node in nodes_of(doc, path, PLATFORM):
                out += _one(node, brand_handle)
        else:
            out += _one(Node(doc, path, PLATFORM), brand_handle)
    return dedupe(out)
