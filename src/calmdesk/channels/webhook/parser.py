"""calmdesk's own webhook format, for anything without a connector: review sites, web forms, shops.

One JSON object, a list of them, or `{"items": [...]}`::

    {"id": "rev-123", "text": "...", "created_at": "2024-05-01T10:00:00+02:00",
     "author": {"handle": "jane", "name": "Jane D.", "followers": 12},
     "in_reply_to": null, "thread_id": null, "visibility": "public", "source": "trustpilot",
     "brand": "acme"}

`source` names the platform (default `webhook`) so ids from two sites never collide. The body
is signed with `X-Calmdesk-Signature` (see `calmdesk.channels.webhook.signature.verify_generic`).
"""

from __future__ import annotations

import re

from calmdesk.channels._common.payload import (
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

PLATFORM = "webhook"
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,39}$")
FIELDS = frozenset(
    {
        "id",
        "text",
        "created_at",
        "author",
        "in_reply_to",
        "thread_id",
        "visibility",
        "source",
        "brand",
        "language",
        "url",
    }
)


def _item(d: Node, brand_handle: str | None) -> MentionIn:
    unknown = sorted(set(d.data) - FIELDS)
    if unknown:
        raise d.error(unknown[0], f"unknown field (allowed: {', '.join(sorted(FIELDS))})")
    source = d.opt_str("source") or PLATFORM
    if not _SOURCE.match(source):
        raise d.error("source", "must be lower-case letters, digits, '.', '_' or '-' (at most 40)")
    visibility = d.opt_str("visibility") or "public"
    if visibility not in ("public", "private"):
        raise d.error("visibility", f"must be public or private, got {visibility!r}")
    text = d.get("text")
    if not isinstance(text, str) or not text.strip():
        raise d.error("text", "missing or empty")
    author_value = d.get("author")
    if isinstance(author_value, str):
        author = AuthorIn(handle=author_value)
    else:
        a = d.node("author")
        author = AuthorIn(
            handle=a.req_str("handle"),
            display_name=a.opt_str("name"),
            followers=a.opt_int("followers"),
            external_id=a.opt_str("id"),
        )
    return make_mention(
        platform=source,
        where=d,
        external_id=d.req_str("id"),
        text=text,
        created_at=parse_date(d, "created_at"),
        author=author,
        brand_handle=d.opt_str("brand") or brand_handle,
        in_reply_to=d.opt_str("in_reply_to"),
        thread_id=d.opt_str("thread_id"),
        visibility="private" if visibility == "private" else "public",
        language=d.opt_str("language"),
    )


@guarded(PLATFORM)
def parse(payload: Payload, *, brand_handle: str | None = None) -> list[MentionIn]:
    out: list[MentionIn] = []
    for doc, path in documents(payload, PLATFORM):
        if isinstance(doc, list):
            out += [_item(n, brand_handle) for n in nodes_of(doc, path, PLATFORM)]
        elif isinstance(doc, dict) and "items" in doc:
            out += [_item(n, brand_handle) for n in Node(doc, path, PLATFORM).nodes("items", required=True)]
        elif isinstance(doc, dict):
            out.append(_item(Node(doc, path, PLATFORM), brand_handle))
        else:
            raise PayloadError(PLATFORM, path, 'expected an object, an array or {"items": [...]}')
    return dedupe(out)
