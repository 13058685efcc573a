"""Platform limits and how each platform counts a reply's length (R-LENGTH and the preview).

One table, so the checker and the approver's preview can never disagree about what fits.
X shortens every link to a 23-character t.co URL, whatever its real length; the others
count characters as written. A private message has its own limit: an X DM takes 10,000
characters where a post takes 280, so a hand-off that tells a parent what to do about an
allergic reaction need not be squeezed into a tweet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.I)


@dataclass(frozen=True)
class PlatformLimits:
    name: str
    max_chars: int
    #: When set, every URL counts as this many characters (X's t.co wrapping).
    url_length: int | None = None
    supports_threads: bool = True
    #: The limit of a private message on the platform, when it differs from a post's.
    dm_max_chars: int | None = None


PLATFORM_LIMITS: dict[str, PlatformLimits] = {
    "x": PlatformLimits("X", 280, url_length=23, dm_max_chars=10_000),
    "bluesky": PlatformLimits("Bluesky", 300, dm_max_chars=1000),
    "mastodon": PlatformLimits("Mastodon", 500),  # a direct message is a post with direct visibility
    "facebook": PlatformLimits("Facebook", 8000, dm_max_chars=2000),
    "instagram": PlatformLimits("Instagram", 2200, dm_max_chars=1000),
    "reddit": PlatformLimits("Reddit", 10000),
    "review": PlatformLimits("Review reply", 5000, supports_threads=False),
    "email": PlatformLimits("E-mail", 100_000, supports_threads=False),
    "webhook": PlatformLimits("Webhook", 100_000, supports_threads=False),
}

DEFAULT_LIMITS = PlatformLimits("Unknown platform", 5000)


def limits_for(platform: str, visibility: str = "public") -> PlatformLimits:
    """The platform's limits for a public post, or for a private message (`visibility="private"`)."""
    lim = PLATFORM_LIMITS.get(platform.lower(), DEFAULT_LIMITS)
    if visibility == "private" and lim.dm_max_chars is not None:
        return replace(lim, max_chars=lim.dm_max_chars)
    return lim


def counted_length(text: str, platform: str) -> int:
    """The length as the platform counts it (URLs weighed as the platform weighs them)."""
    lim = limits_for(platform)
    if lim.url_length is None:
        return len(text)
    total = len(text)
    for m in URL_RE.finditer(text):
        total += lim.url_length - (m.end() - m.start())
    return total


def overflow_offset(text: str, platform: str, visibility: str = "public") -> int | None:
    """Index of the first character past the platform limit, or None when the text fits."""
    lim = limits_for(platform, visibility)
    if counted_length(text, platform) <= lim.max_chars:
        return None
    # Walk the text with the platform's weights until the budget is spent.
    used = 0
    urls = {m.start(): m.end() for m in URL_RE.finditer(text)} if lim.url_length else {}
    i = 0
    while i < len(text):
        if i in urls and lim.url_length is not None:
            step, width = urls[i] - i, lim.url_length
        else:
            step, width = 1, 1
        if used + width > lim.max_chars:
            return i
        used += width
        i += step
    return len(text)
