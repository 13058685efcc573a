"""What Facebook Pages and Instagram share: the webhook envelope, Messenger-style messaging, Graph errors.

Both platforms send `{"object": ..., "entry": [{"id", "time", "changes" | "messaging"}]}`. The
envelope is walked here; each platform passes its table of `changes[].field` handlers. The bodies
both get from the Graph API (an error, a webhook, a listing under `data`) are named here too
(`graph_kind`, `graph_handlers`); each platform's parser adds its own kinds and reads its own items.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from calmdesk.channels._common.payload import Node, PayloadError, make_mention, parse_date, parse_epoch
from calmdesk.domain.mentions import AuthorIn, MentionIn

#: (change value, entry, brand handle) -> mentions
ChangeHandler = Callable[[Node, Node, str | None], list[MentionIn]]
#: (document, brand handle) -> mentions: the handler of one kind of body.
Handler = Callable[[Node, str | None], list[MentionIn]]

#: Messaging events that carry no customer words.
DROPPED_MESSAGING = (
    "delivery",
    "read",
    "reaction",
    "postback",
    "optin",
    "referral",
    "account_linking",
    "policy-enforcement",
    "policy_enforcement",
    "message_edit",
    "pass_thread_control",
    "take_thread_control",
    "request_thread_control",
    "app_roles",
    "game_play",
    "checkout_update",
    "payment",
)


def graph_error(doc: Node) -> Exception | None:
    err = doc.opt_node("error")
    if err is None:
        return None
    return doc.error(
        "error", f"the Graph API returned an error: {err.opt_str('message') or 'no message'}"[:300]
    )


def raise_graph_error(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    """The handler for a Graph API error body: it always raises, naming the API's message."""
    err = graph_error(doc)
    raise err if err else doc.error("error", "error")


def webhook_object(doc: dict[str, Any], platform: str, objects: tuple[str | None, ...], label: str) -> str:
    """A Meta webhook envelope's kind, refusing one sent for another Meta product."""
    if doc.get("object") not in objects:
        raise PayloadError(
            platform, "$.object", f"webhook for {doc.get('object')!r}, not {label} (use that platform's parser)"
        )
    return "webhook"


def entry_time(entry: Node) -> datetime | None:
    return parse_epoch(entry.get("time"), entry, "time") if entry.get("time") is not None else None


def change_time(value: Node, entry: Node, key: str) -> datetime:
    """When a change happened: its own `key` date when it has one, else its entry's `time`."""
    created = parse_date(value, key) if value.get(key) is not None else entry_time(entry)
    if created is None:
        raise value.error(key, "missing")
    return created


def graph_kind(
    doc: Any,
    platform: str,
    objects: tuple[str | None, ...],
    label: str,
    own_kind: Callable[[dict[str, Any]], str | None],
) -> str:
    """A Graph API body's kind: first those both platforms get (an error, a webhook for one of
    `objects`, a listing under `data`), then the platform's own (`own_kind`, None when it is not
    one); anything else fails loudly, naming its keys."""
    if not isinstance(doc, dict):
        raise PayloadError(platform, "$", "expected a JSON object")
    if "error" in doc:
        return "error"
    if "entry" in doc:
        return webhook_object(doc, platform, objects, label)
    if "data" in doc:
        return "listing"
    kind = own_kind(doc)
    if kind is None:
        raise PayloadError(platform, "$", f"unrecognised body (keys: {', '.join(sorted(doc)[:8]) or 'none'})")
    return kind


def graph_handlers(
    platform: str, change_handlers: dict[str, ChangeHandler], dropped_fields: frozenset[str]
) -> dict[str, Handler]:
    """The handlers of the kinds whose reading both platforms share: an error, a webhook (with the
    platform's table of change handlers and the fields it drops). A `listing` is the platform's own."""
    return {
        "error": raise_graph_error,
        "webhook": lambda doc, bh: webhook(doc, bh, platform, change_handlers, dropped_fields),
    }


def messaging_event(
    m: Node, entry: Node, brand_handle: str | None, platform: str, dropped: list[str]
) -> MentionIn | None:
    """One Messenger / Instagram Direct event. Echoes of our own sends are dropped (already stored)."""
    message = m.opt_node("message")
    if message is None:
        kind = next((k for k in DROPPED_MESSAGING if k in m), None)
        if kind is None:
            keys = ", ".join(k for k in sorted(m.data) if k not in ("sender", "recipient", "timestamp"))
            raise m.error("", f"unknown messaging event (keys: {keys or 'none'})")
        dropped.append(kind)
        return None
    if message.flag("is_echo") or message.flag("is_deleted") or message.flag("is_unsupported"):
        dropped.append("echo" if message.flag("is_echo") else "deleted")
        return None
    sender = m.node("sender").req_str("id")
    recipient = m.opt_node("recipient")
    page = (recipient.opt_str("id") if recipient else None) or entry.opt_str("id")
    text = message.opt_text("text")
    if not text:
        kinds = [a.get("type", "file") for a in message.opt_list("attachments") if isinstance(a, dict)]
        text = " ".join(f"[{k}]" for k in kinds)
    reply_to = message.opt_node("reply_to")
    created = (
        parse_epoch(m.get("timestamp"), m, "timestamp")
        if m.get("timestamp") is not None
        else entry_time(entry)
    )
    if created is None:
        raise m.error("timestamp", "missing")
    return make_mention(
        platform=platform,
        where=m,
        external_id=message.req_str("mid"),
        text=text,
        created_at=created,
        author=AuthorIn(handle=sender, external_id=sender),
        brand_handle=brand_handle or page,
        in_reply_to=reply_to.opt_str("mid") if reply_to else None,
        thread_id=f"dm:{sender}",
        visibility="private",
    )


def webhook(
    doc: Node,
    brand_handle: str | None,
    platform: str,
    change_handlers: dict[str, ChangeHandler],
    dropped_fields: frozenset[str],
) -> list[MentionIn]:
    out: list[MentionIn] = []
    dropped: list[str] = []
    for entry in doc.nodes("entry", required=True):
        for change in entry.nodes("changes"):
            field = change.req_str("field")
            if field in dropped_fields:
                continue
            handler = change_handlers.get(field)
            if handler is None:
                raise change.error("field", f"unknown webhook field {field!r}")
            out += handler(change.node("value"), entry, brand_handle)
        for key in ("messaging", "standby"):
            for m in entry.nodes(key):
                item = messaging_event(m, entry, brand_handle, platform, dropped)
                if item is not None:
                    out.append(item)
    return out
