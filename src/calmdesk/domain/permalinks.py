"""Where a post we published can be seen: the link shown beside a posted reply.

Pure: the link is built from the platform, our account's handle and the id the platform gave
the post. A channel may carry its own `post_url_template` (a self-hosted instance, the demo's
sandbox platform), with `{id}` and `{handle}` in it; otherwise each platform's public URL shape
is used. A private message has no public link, and a platform whose ids do not make a URL
(reddit's fullnames, an e-mail) gives none rather than a wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

PUBLIC_URLS: dict[str, str] = {
    "x": "https://x.com/{handle}/status/{id}",
    "facebook": "https://www.facebook.com/{id}",
}


def _bluesky(external_id: str) -> str | None:
    """at://did:plc:abc/app.bsky.feed.post/rkey -> https://bsky.app/profile/did:plc:abc/post/rkey"""
    if not external_id.startswith("at://"):
        return None
    parts = external_id[len("at://") :].split("/")
    if len(parts) != 3 or parts[1] != "app.bsky.feed.post":
        return None
    return f"https://bsky.app/profile/{quote(parts[0], safe=':')}/post/{quote(parts[2], safe='')}"


def post_url(
    platform: str,
    external_id: str | None,
    *,
    handle: str | None = None,
    settings: Mapping[str, Any] | None = None,
    public: bool = True,
) -> str | None:
    """The https link of one of our posts, or None when there is no honest one to give."""
    if not external_id or not public:
        return None
    settings = settings or {}
    handle_part = quote((handle or "").lstrip("@"), safe="")
    id_part = quote(external_id, safe="")
    template = settings.get("post_url_template")
    if isinstance(template, str) and template:
        return template.format(id=id_part, handle=handle_part)
    if platform == "bluesky":
        return _bluesky(external_id)
    if platform == "mastodon":
        base = str(settings.get("base_url") or "").rstrip("/")
        return f"{base}/@{handle_part}/{id_part}" if base.startswith("https://") and handle_part else None
    shape = PUBLIC_URLS.get(platform)
    if shape is None or ("{handle}" in shape and not handle_part):
        return None
    return shape.format(id=id_part, handle=handle_part)


def message_url(recipient: str | None, settings: Mapping[str, Any] | None = None) -> str | None:
    """Where a private message we sent can be seen, when the channel says so (`message_url_template`
    with `{recipient}`, e.g. the demo sandbox's inbox page); None otherwise: a platform's own
    inbox is not a page we can link to honestly."""
    template = (settings or {}).get("message_url_template")
    if not recipient or not isinstance(template, str) or not template:
        return None
    return template.format(recipient=quote(recipient, safe=""))


def sent_link(
    platform: str,
    operation: str,
    result: str | None,
    connector_link: str | None,
    *,
    handle: str | None,
    recipient: str | None,
    settings: Mapping[str, Any] | None,
) -> str | None:
    """The link stored with a posted outbox item: the channel's own templates win over the
    connector's guess (a self-hosted or sandbox platform is not x.com)."""
    settings = settings or {}
    if operation in ("reply", "status_post") and settings.get("post_url_template"):
        return post_url(platform, result, handle=handle, settings=settings)
    if operation == "private_message" and settings.get("message_url_template"):
        return message_url(recipient, settings)
    return connector_link

