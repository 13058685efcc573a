"""What the approver sees (B-REVIEW): the reply exactly as the platform will show it."""

from __future__ import annotations

from dataclasses import dataclass

from calmdesk.replies.platforms import URL_RE, counted_length, limits_for


@dataclass(frozen=True)
class Preview:
    platform: str
    visibility: str
    text: str
    length: int
    max_length: int
    fits: bool
    urls: tuple[str, ...]
    attachments: tuple[str, ...]
    thread_position: str


def _final_url(url: str) -> str:
    return url if url.lower().startswith(("http://", "https://")) else "https://" + url


def preview(
    text: str,
    platform: str,
    *,
    visibility: str = "public",
    attachments: tuple[str, ...] | list[str] = (),
    reply_to_handle: str | None = None,
) -> Preview:
    """Final text (bare `www.` links become the https URL the platform will link), length as the
    platform counts it (links are 23 characters on X), attachments and where it lands in the thread."""
    final = URL_RE.sub(lambda m: _final_url(m.group(0)), text)
    urls = tuple(_final_url(m.group(0)) for m in URL_RE.finditer(text))
    lim = limits_for(platform, visibility)
    length = counted_length(final, platform)
    if visibility == "private":
        position = f"private message to @{reply_to_handle}" if reply_to_handle else "private message"
    else:
        position = f"reply to @{reply_to_handle}" if reply_to_handle else "new post in the thread"
    return Preview(
        platform,
        visibility,
        final,
        length,
        lim.max_chars,
        length <= lim.max_chars,
        urls,
        tuple(attachments),
        position,
    )
