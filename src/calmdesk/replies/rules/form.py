"""The reply's form on its platform: R-LENGTH and R-MEDIA-REVIEW."""

from __future__ import annotations

from calmdesk.replies.model import Hit, ReplyContext
from calmdesk.replies.platforms import URL_RE, counted_length, limits_for, overflow_offset


def r_length(text: str, ctx: ReplyContext) -> list[Hit]:
    cut = overflow_offset(text, ctx.platform, ctx.visibility)
    if cut is None:
        return []
    lim = limits_for(ctx.platform, ctx.visibility)
    return [Hit(cut, len(text), f"{counted_length(text, ctx.platform)}/{lim.max_chars}")]


def r_media_review(text: str, ctx: ReplyContext) -> list[Hit]:
    hits = [Hit(m.start(), m.end(), "link") for m in URL_RE.finditer(text)]
    if ctx.attachments:
        hits.append(Hit(0, len(text), "attachments: " + ", ".join(ctx.attachments)))
    return hits
