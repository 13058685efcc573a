"""X (Twitter): API v2 responses, filtered stream lines, v1.1 tweets, Account Activity and XAA webhooks.

External ids are tweet ids (DM event ids for DMs). A body is first named (which of the shapes X
sends it is), then handed to the small function for that shape. Shapes and events we drop on
purpose are listed in `DROPPED_AAA_KEYS` and `DROPPED_XAA_EVENTS`; anything else unknown is a
`PayloadError`, so a new X format shows up as a clear error, never as silently lost mentions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
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
    parse_iso,
    same_handle,
    unescape,
)
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "x"
V1_DATE_FORMAT = "%a %b %d %H:%M:%S %z %Y"
SNOWFLAKE_EPOCH_MS = 1288834974657

#: Account Activity keys that carry no customer words (deletes, likes, follows, typing...).
DROPPED_AAA_KEYS = frozenset(
    {
        "tweet_delete_events",
        "favorite_events",
        "follow_events",
        "unfollow_events",
        "block_events",
        "unblock_events",
        "mute_events",
        "unmute_events",
        "user_event",
        "direct_message_indicate_typing_events",
        "direct_message_mark_read_events",
        "tweet_engagement_events",
    }
)
AAA_MENTION_KEYS = ("tweet_create_events", "direct_message_events")

#: X Activity API events that are not messages, by prefix.
DROPPED_XAA_EVENTS = (
    "post.delete",
    "follow.",
    "profile.",
    "like.",
    "spaces.",
    "news.",
    "chat.",
    "mute.",
    "block.",
    "oauth.",
    "dm.indicate_typing",
    "dm.read",
)


# --- users ---------------------------------------------------------------------------------


def _v2_author(user: dict[str, Any] | None, author_id: str | None) -> AuthorIn:
    """A v2 user object (username, public_metrics.followers_count) or just an id."""
    if not isinstance(user, dict):
        return AuthorIn(handle=author_id or UNKNOWN_HANDLE, external_id=author_id)
    metrics = user.get("public_metrics")
    followers = metrics.get("followers_count") if isinstance(metrics, dict) else None
    if followers is None:
        followers = user.get("followers_count")
    created = user.get("created_at")
    created_at: datetime | None = None
    if isinstance(created, str):
        try:
            created_at = _any_date(created)
        except ValueError:
            created_at = None
    handle = user.get("username") or user.get("screen_name") or author_id or UNKNOWN_HANDLE
    return AuthorIn(
        handle=str(handle),
        display_name=user.get("name") if isinstance(user.get("name"), str) else None,
        followers=followers if isinstance(followers, int) and not isinstance(followers, bool) else None,
        verified=bool(user.get("verified")),
        created_at=created_at,
        external_id=str(user.get("id") or user.get("id_str") or author_id or "") or None,
    )


def _any_date(value: str) -> datetime:
    try:
        return datetime.strptime(value, V1_DATE_FORMAT)
    except ValueError:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _users_by_id(users: list[Any] | dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """`includes.users` (a list) or the AAA/XAA `users` map (id -> user or id -> {data: user})."""
    out: dict[str, dict[str, Any]] = {}
    if isinstance(users, list):
        for u in users:
            if isinstance(u, dict) and u.get("id") is not None:
                out[str(u["id"])] = u
    elif isinstance(users, dict):
        for uid, u in users.items():
            if isinstance(u, dict):
                inner = u.get("data")
                out[str(uid)] = inner if isinstance(inner, dict) else u
    return out


def _handle_of(users: dict[str, dict[str, Any]], user_id: str | None) -> str | None:
    user = users.get(user_id or "")
    if user is None:
        return None
    handle = user.get("username") or user.get("screen_name")
    return str(handle) if handle else None


def _snowflake_time(tweet_id: str, where: Node, key: str) -> datetime:
    """X ids carry their creation time; used when a response was fetched without `created_at`."""
    if not tweet_id.isdigit() or int(tweet_id) < 2**22:
        raise where.error(key, "missing (and the id carries no timestamp)")
    return datetime.fromtimestamp(((int(tweet_id) >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, tz=UTC)


# --- tweets --------------------------------------------------------------------------------


def _v2_tweet(t: Node, users: dict[str, dict[str, Any]], brand_handle: str | None) -> MentionIn:
    tweet_id = t.req_str("id")
    note = t.opt_node("note_tweet")
    text = (note.opt_str("text") if note else None) or t.opt_str("text")
    if text is None:
        raise t.error("text", "missing")
    created_at = parse_iso(t.req_str("created_at"), t, "created_at") if t.get("created_at") else None
    if created_at is None:
        created_at = _snowflake_time(tweet_id, t, "created_at")
    in_reply_to = t.opt_str("in_reply_to_tweet_id")
    for ref in t.nodes("referenced_tweets"):
        if ref.opt_str("type") == "replied_to":
            in_reply_to = ref.req_str("id")
    author_id = t.opt_str("author_id")
    return make_mention(
        platform=PLATFORM,
        where=t,
        external_id=tweet_id,
        text=unescape(text),
        created_at=created_at,
        author=_v2_author(users.get(author_id or ""), author_id),
        brand_handle=brand_handle,
        in_reply_to=in_reply_to,
        thread_id=t.opt_str("conversation_id"),
        language=t.opt_str("lang"),
    )


def _v1_tweet(t: Node, brand_handle: str | None, brand_id: str | None = None) -> MentionIn:
    tweet_id = t.opt_str("id_str") or t.req_str("id")
    extended = t.opt_node("extended_tweet")
    text = (
        (extended.opt_str("full_text") if extended else None) or t.opt_str("full_text") or t.opt_str("text")
    )
    if text is None:
        raise t.error("text", "missing")
    raw_date = t.req_str("created_at")
    try:
        created_at = datetime.strptime(raw_date, V1_DATE_FORMAT)
    except ValueError:
        created_at = parse_iso(raw_date, t, "created_at")
    user = t.node("user")
    author = _v2_author(user.data, user.opt_str("id_str") or user.opt_str("id"))
    if brand_handle is None and brand_id:
        brand_handle = _v1_brand_handle(t, brand_id)
    return make_mention(
        platform=PLATFORM,
        where=t,
        external_id=tweet_id,
        text=unescape(text),
        created_at=created_at,
        author=author,
        brand_handle=brand_handle,
        in_reply_to=t.opt_str("in_reply_to_status_id_str") or t.opt_str("in_reply_to_status_id"),
        language=t.opt_str("lang"),
    )


def _v1_brand_handle(t: Node, brand_id: str) -> str | None:
    """AAA names the subscribed account by id only; find its handle inside the tweet."""
    user = t.get("user")
    if isinstance(user, dict) and str(user.get("id_str") or user.get("id")) == brand_id:
        return str(user.get("screen_name") or "") or None
    if t.opt_str("in_reply_to_user_id_str") == brand_id:
        return t.opt_str("in_reply_to_screen_name")
    for container in (t.get("extended_tweet"), t.data):
        entities = container.get("entities") if isinstance(container, dict) else None
        mentions = entities.get("user_mentions") if isinstance(entities, dict) else None
        for m in mentions if isinstance(mentions, list) else []:
            if isinstance(m, dict) and str(m.get("id_str") or m.get("id")) == brand_id:
                return str(m.get("screen_name") or "") or None
    return None


# --- direct messages -----------------------------------------------------------------------


def _dm_event(
    e: Node, users: dict[str, dict[str, Any]], brand_handle: str | None, brand_id: str | None
) -> MentionIn | None:
    kind = e.opt_str("type") or e.opt_str("event_type")
    if kind in ("message_create", "MessageCreate"):
        pass
    elif kind in ("ParticipantsJoin", "ParticipantsLeave"):
        return None  # group membership changes carry no words
    else:
        raise e.error("type", f"unknown direct message event type {kind!r}")
    event_id = e.req_str("id")
    if "message_create" in e:  # v1.1 / AAA / XAA shape
        mc = e.node("message_create")
        sender = mc.req_str("sender_id")
        target = mc.opt_node("target")
        recipient = target.opt_str("recipient_id") if target else None
        text = mc.node("message_data").opt_text("text")
        created_at = parse_epoch(e.req_str("created_timestamp"), e, "created_timestamp")
        conversation = None
    else:  # v2 /dm_events shape
        sender = e.req_str("sender_id")
        recipient = None
        text = e.opt_text("text")
        created_at = (
            parse_iso(e.req_str("created_at"), e, "created_at")
            if e.get("created_at")
            else (_snowflake_time(event_id, e, "created_at"))
        )
        # X names 1:1 conversations "<low id>-<high id>", the same key the v1.1 branch builds below.
        conversation = f"dm:{e.opt_str('dm_conversation_id')}" if e.get("dm_conversation_id") else None
    if brand_handle is None and brand_id:
        brand_handle = _handle_of(users, brand_id)
    if conversation is None and recipient:
        low, high = sorted((sender, recipient), key=lambda s: (len(s), s))
        conversation = f"dm:{low}-{high}"
    outbound = (brand_id is not None and sender == brand_id) or same_handle(
        _handle_of(users, sender), brand_handle
    )
    return make_mention(
        platform=PLATFORM,
        where=e,
        external_id=event_id,
        text=unescape(text),
        created_at=created_at,
        author=_v2_author(users.get(sender), sender),
        brand_handle=brand_handle,
        thread_id=conversation,
        visibility="private",
        outbound=outbound,
    )


# --- body kinds ----------------------------------------------------------------------------


def _kind_of(doc: Any) -> str:
    """Name the shape before reading it."""
    if isinstance(doc, list):
        return "v1_tweet_list"
    if not isinstance(doc, dict):
        raise PayloadError(PLATFORM, "$", f"expected an object or array, got {type(doc).__name__}")
    if "crc_token" in doc:
        return "crc"
    if any(k in doc for k in AAA_MENTION_KEYS) or any(k in doc for k in DROPPED_AAA_KEYS):
        return "account_activity"
    data = doc.get("data")
    if isinstance(data, dict) and "event_type" in data and "payload" in data:
        return "xaa_event"
    if "data" in doc or "meta" in doc or "errors" in doc:
        return "v2_response"
    if "statuses" in doc:
        return "v1_search"
    if "events" in doc:
        return "v1_dm_list"
    if "id_str" in doc and "user" in doc:
        return "v1_tweet"
    raise PayloadError(PLATFORM, "$", f"unrecognised body (keys: {', '.join(sorted(doc)[:8]) or 'none'})")


def _v2_response(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    data = doc.get("data")
    if data is None:
        errors = doc.opt_list("errors")
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            detail = first.get("detail") or first.get("title") or first.get("message") or "error"
            raise doc.error("errors", f"the API returned an error instead of data: {str(detail)[:200]}")
        return []  # an empty page: meta.result_count == 0
    includes = doc.opt_node("includes")
    users = _users_by_id(includes.get("users") if includes else None)
    items = list(nodes_of(data, doc.at("data"), PLATFORM)) if isinstance(data, list) else [doc.node("data")]
    out: list[MentionIn] = []
    for item in items:
        if "event_type" in item:  # v2 /dm_events items; tweets have no event_type
            dm = _dm_event(item, users, brand_handle, None)
            if dm is not None:
                out.append(dm)
        else:
            out.append(_v2_tweet(item, users, brand_handle))
    return out


def _account_activity(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    brand_id = doc.opt_str("for_user_id")
    unknown = [k for k in doc.data if k not in DROPPED_AAA_KEYS and k not in AAA_MENTION_KEYS]
    unknown = [k for k in unknown if k not in ("for_user_id", "users", "apps", "user_has_blocked", "source")]
    if unknown:
        raise doc.error(unknown[0], "unknown Account Activity event")
    out = [_v1_tweet(t, brand_handle, brand_id) for t in doc.nodes("tweet_create_events")]
    users = _users_by_id(doc.get("users"))
    for e in doc.nodes("direct_message_events"):
        dm = _dm_event(e, users, brand_handle, brand_id)
        if dm is not None:
            out.append(dm)
    return out


def _mentioned_handle(tweet: Node, user_id: str) -> str | None:
    entities = tweet.get("entities")
    mentions = entities.get("mentions") if isinstance(entities, dict) else None
    for m in mentions if isinstance(mentions, list) else []:
        if isinstance(m, dict) and str(m.get("id")) == user_id and m.get("username"):
            return str(m["username"])
    return None


def _xaa_post(payload: Node, users: dict[str, dict[str, Any]], brand_handle: str | None) -> list[MentionIn]:
    return [_v2_tweet(payload, users, brand_handle)]


def _xaa_dm(
    payload: Node, users: dict[str, dict[str, Any]], brand_handle: str | None, brand_id: str | None
) -> list[MentionIn]:
    users = {**users, **_users_by_id(payload.get("users"))}
    out = []
    for e in payload.nodes("direct_message_events", required=True):
        dm = _dm_event(e, users, brand_handle, brand_id)
        if dm is not None:
            out.append(dm)
    return out


XAA_POST_EVENTS = ("post.mention.create", "post.reply.create", "post.quote.create", "post.create")
XAA_DM_EVENTS = ("dm.received", "dm.sent", "dm.create")


def _xaa_event(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    event = doc.node("data")
    event_type = event.req_str("event_type")
    if event_type.startswith(DROPPED_XAA_EVENTS):
        return []
    flt = event.opt_node("filter")
    brand_id = flt.opt_str("user_id") if flt else None
    includes = event.opt_node("includes")
    users = _users_by_id(includes.get("users") if includes else None)
    if brand_handle is None and brand_id:
        brand_handle = _handle_of(users, brand_id)
    payload = event.node("payload")
    if brand_handle is None and brand_id:
        brand_handle = _mentioned_handle(payload, brand_id)
    if event_type in XAA_POST_EVENTS:
        return _xaa_post(payload, users, brand_handle)
    if event_type in XAA_DM_EVENTS:
        return _xaa_dm(payload, users, brand_handle, brand_id)
    raise event.error("event_type", f"unknown X Activity event {event_type!r}")


def _v1_list(items: list[Any], path: str, brand_handle: str | None) -> list[MentionIn]:
    return [_v1_tweet(t, brand_handle) for t in nodes_of(items, path, PLATFORM)]


def _v1_dm_list(doc: Node, brand_handle: str | None) -> list[MentionIn]:
    out = []
    for e in doc.nodes("events", required=True):
        dm = _dm_event(e, {}, brand_handle, None)
        if dm is not None:
            out.append(dm)
    return out


HANDLERS: dict[str, Callable[[Node, str | None], list[MentionIn]]] = {
    "v2_response": _v2_response,
    "account_activity": _account_activity,
    "xaa_event": _xaa_event,
    "v1_search": lambda doc, bh: _v1_list(doc.req_list("statuses"), doc.at("statuses"), bh),
    "v1_dm_list": _v1_dm_list,
    "v1_tweet": lambda doc, bh: [_v1_tweet(doc, bh)],
    "crc": lambda doc, bh: [],  # a CRC challenge: answered by webhooks.x_crc_response, holds no mentions
}


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    out: list[MentionIn] = []
    for doc, path in documents(payload, PLATFORM):
        kind = _kind_of(doc)
        if kind == "v1_tweet_list":
            out += _v1_list(doc, path, brand_handle)
        else:
            out += HANDLERS[kind](Node(doc, path, PLATFORM), brand_handle)
    return dedupe(out)
