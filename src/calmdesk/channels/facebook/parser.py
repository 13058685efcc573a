"""Facebook Pages: Graph comment/post listings, comments by ids, Page webhooks (feed, mention, Messenger).

External ids are Graph ids (`{post}_{comment}` for comments, `{page}_{post}` for posts, `mid` for
Messenger). Facebook users have no handle, so the author handle is the user's id (app- or
page-scoped) and the name is the display name; the brand handle is the Page id.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from calmdesk.channels._common.payload import (
    UNKNOWN_HANDLE,
    Node,
    Payload,
    dispatch,
    guarded,
    make_mention,
    parse_date,
)
from calmdesk.channels._meta.parser import ChangeHandler, Handler, change_time, graph_handlers, graph_kind
from calmdesk.domain.mentions import AuthorIn, MentionIn

PLATFORM = "facebook"

#: Page webhook fields that never carry a customer's words.
DROPPED_FIELDS = frozenset(
    {
        "conversations",
        "leadgen",
        "live_videos",
        "videos",
        "name",
        "picture",
        "category",
        "description",
        "website",
        "email",
        "phone",
        "location",
        "hours",
        "feature_access_list",
        "page_upcoming_change",
        "page_change_proposal",
        "messaging_handovers",
        "message_deliveries",
        "message_reads",
        "message_reactions",
        "messaging_optins",
        "messaging_postbacks",
        "messaging_referrals",
        "inbox_labels",
    }
)
#: feed items that are reactions or page furniture, not words.
DROPPED_FEED_ITEMS = frozenset(
    {"reaction", "like", "event", "share_link", "album", "cover_photo", "profile_photo"}
)
#: feed verbs that remove or hide; the desk keeps what it saw.
DROPPED_FEED_VERBS = frozenset({"remove", "hide", "unhide", "block", "unblock", "delete"})
POST_ITEMS = frozenset({"post", "status", "photo", "video", "share", "note", "story"})


def _author(value: Node) -> AuthorIn:
    sender = value.opt_node("from")
    if sender is not None:
        uid = sender.opt_str("id")
        return AuthorIn(
            handle=uid or sender.opt_str("name") or UNKNOWN_HANDLE,
            display_name=sender.opt_str("name"),
            external_id=uid,
        )
    uid = value.opt_str("sender_id")
    if uid:
        return AuthorIn(handle=uid, display_name=value.opt_str("sender_name"), external_id=uid)
    return AuthorIn(handle=UNKNOWN_HANDLE)


def _feed_item(value: Node, entry: Node, brand_handle: str | None, item: str) -> list[MentionIn]:
    verb = value.opt_str("verb") or "add"
    if verb in DROPPED_FEED_VERBS or item in DROPPED_FEED_ITEMS:
        return []
    if verb not in ("add", "edited", "edit"):
        raise value.error("verb", f"unknown feed verb {verb!r}")
    created = change_time(value, entry, "created_time")
    page = brand_handle or entry.opt_str("id")
    if item == "comment" or item == "reply":
        comment_id = value.req_str("comment_id")
        post_id = value.opt_str("post_id")
        parent = value.opt_str("parent_id")
        thread = parent if parent and parent != post_id else comment_id
        return [
            make_mention(
                platform=PLATFORM,
                where=value,
                external_id=comment_id,
                text=value.opt_text("message"),
                created_at=created,
                author=_author(value),
                brand_handle=page,
                in_reply_to=parent or post_id,
                thread_id=thread,
            )
        ]
    if item in POST_ITEMS:
        post_id = value.req_str("post_id")
        return [
            make_mention(
                platform=PLATFORM,
                where=value,
                external_id=post_id,
                text=value.opt_text("message"),
                created_at=created,
                author=_author(value),
                brand_handle=page,
                thread_id=post_id,
            )
        ]
    raise value.error("item", f"unknown feed item {item!r}")


def _feed(value: Node, entry: Node, brand_handle: str | None) -> list[MentionIn]:
    return _feed_item(value, entry, brand_handle, value.req_str("item"))


def _mention(value: Node, entry: Node, brand_handle: str | None) -> list[MentionIn]:
    """The Page was @-mentioned in a post or comment; Meta sends no author here."""
    return _feed_item(value, entry, brand_handle, value.opt_str("item") or "post")


def _rating(value: Node, entry: Node, brand_handle: str | None) -> list[MentionIn]:
    """A Page review (recommendation): a public complaint as much as any comment."""
    if (value.opt_str("verb") or "add") in DROPPED_FEED_VERBS or not value.get("review_text"):
        return []
    reviewer = value.opt_str("reviewer_id")
    created = change_time(value, entry, "created_time")
    ext = value.opt_str("open_graph_story_id") or f"rating:{reviewer}:{int(created.timestamp())}"
    return [
        make_mention(
            platform=PLATFORM,
            where=value,
            external_id=ext,
            text=value.opt_text("review_text"),
            created_at=created,
            author=AuthorIn(
                handle=reviewer or UNKNOWN_HANDLE,
                display_name=value.opt_str("reviewer_name"),
                external_id=reviewer,
            ),
            brand_handle=brand_handle or entry.opt_str("id"),
            thread_id=ext,
        )
    ]


CHANGE_HANDLERS: dict[str, ChangeHandler] = {"feed": _feed, "mention": _mention, "ratings": _rating}

_PERMALINK_POST = re.compile(r"/(\d+)/posts/(\d+)")


def _ids_from_permalink(url: str | None) -> tuple[str | None, str | None, str | None]:
    """(own id, parent id, post id) from a comment permalink, for listings fetched without `id`."""
    if not url:
        return None, None, None
    parsed = urlparse(url)
    m = _PERMALINK_POST.search(parsed.path)
    if not m:
        return None, None, None
    page, post = m.groups()
    q = parse_qs(parsed.query)
    comment = next(iter(q.get("comment_id", [])), None)
    reply = next(iter(q.get("reply_comment_id", [])), None)
    post_id = f"{page}_{post}"
    if reply and comment:
        return f"{post}_{reply}", f"{post}_{comment}", post_id
    if comment:
        return f"{post}_{comment}", post_id, post_id
    return post_id, None, post_id


def _graph_object(obj: Node, brand_handle: str | None, parent_hint: str | None = None) -> list[MentionIn]:
    """A Graph comment or post, plus its nested `comments` edge when it was expanded."""
    own, parent_from_link, post_id = _ids_from_permalink(obj.opt_str("permalink_url"))
    ext = obj.opt_str("id") or own
    if not ext:
        raise obj.error("id", "missing (and no permalink_url to read it from)")
    parent_node = obj.opt_node("parent")
    parent = (parent_node.opt_str("id") if parent_node else None) or parent_hint or parent_from_link
    text = obj.opt_str("message")
    if text is None:
        text = obj.opt_str("story") or ""
    thread = ext if parent is None or parent == post_id else parent
    out = [
        make_mention(
            platform=PLATFORM,
            where=obj,
            external_id=ext,
            text=text,
            created_at=parse_date(obj, "created_time"),
            author=_author(obj),
            brand_handle=brand_handle,
            in_reply_to=parent,
            thread_id=thread,
        )
    ]
    comments = obj.opt_node("comments")
    if comments is not None:
        for child in comments.nodes("data"):
            out += _graph_object(child, brand_handle, parent_hint=ext)
    return out


def _own_kind(doc: dict[str, Any]) -> str | None:
    """Facebook's own bodies: one Graph object, or several fetched at once with `?ids=`."""
    if "id" in doc and ("created_time" in doc or "message" in doc):
        return "object"
    if doc and all(isinstance(v, dict) and str(v.get("id")) == k for k, v in doc.items()):
        return "by_ids"
    return None


def _kind_of(doc: Any) -> str:
    return graph_kind(doc, PLATFORM, (None, "page", "user"), "a Page", _own_kind)


HANDLERS: dict[str, Handler] = {
    **graph_handlers(PLATFORM, CHANGE_HANDLERS, DROPPED_FIELDS),
    "listing": lambda doc, bh: [m for o in doc.nodes("data", required=True) for m in _graph_object(o, bh)],
    "object": lambda doc, bh: _graph_object(doc, bh),
    "by_ids": lambda doc, bh: [m for key in doc.data for m in _graph_object(doc.node(key), bh)],
}


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    return dispatch(payload, PLATFORM, _kind_of, HANDLERS, brand_handle)
