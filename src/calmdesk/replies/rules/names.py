"""Names the case knows, so word lists do not read them as words.

"Arsenal", "Lazy Lark" and "HALO Fitness" are names: a word list matching inside them
(the Scunthorpe problem) or reading a brand written in capitals as shouting is a false alarm
the agent cannot fix, since the name is spelled that way. The names come from the case
(`ReplyContext.known_names`: brand, customer, handle) and from the @handles in the complaint.
"""

from __future__ import annotations

import re
from functools import lru_cache

from calmdesk.replies.model import ReplyContext

_HANDLE = re.compile(r"[@#]([A-Za-z][\w]{1,30})")
_TOKEN = re.compile(r"[^\W\d_][\w'’&.-]*")


@lru_cache(maxsize=4096)
def _names(known: tuple[str, ...], complaint: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(full names, lower-case name tokens of 2+ letters) for a context."""
    full = [n.strip() for n in known if n and n.strip()]
    handles = [m.group(1) for m in _HANDLE.finditer(complaint)]
    tokens = {t.lower() for n in full for t in _TOKEN.findall(n) if len(t) >= 2}
    tokens.update(h.lower() for h in handles)
    return tuple(full), tuple(sorted(tokens))


def name_tokens(ctx: ReplyContext) -> tuple[str, ...]:
    """Lower-case tokens of the known names and the complaint's @handles."""
    return _names(ctx.known_names, ctx.complaint)[1]


def is_name(word: str, ctx: ReplyContext) -> bool:
    """A word that is one of the case's names, or part of an @handle ("SNAP" in "@SNAPenergy")."""
    w = word.lower().strip("'’")
    if len(w) < 2:
        return False
    return any(w == t or (len(w) >= 3 and t.startswith(w)) for t in name_tokens(ctx))


def name_spans(text: str, ctx: ReplyContext) -> list[tuple[int, int]]:
    """Where the known names occur in `text` (case-insensitive), as character spans."""
    full, _ = _names(ctx.known_names, ctx.complaint)
    spans = []
    low = text.lower()
    for name in full:
        n = name.lower()
        start = low.find(n)
        while start >= 0:
            spans.append((start, start + len(n)))
            start = low.find(n, start + 1)
    return spans


def inside_name(start: int, end: int, text: str, ctx: ReplyContext) -> bool:
    """Is text[start:end] part of a known name (whole name or one of its tokens)?"""
    if any(a <= start and end <= b for a, b in name_spans(text, ctx)):
        return True
    # the word containing the hit ("Arsenal" for a hit on "Arse"), checked against the tokens
    a = start
    while a > 0 and (text[a - 1].isalnum() or text[a - 1] in "'’"):
        a -= 1
    b = end
    while b < len(text) and (text[b].isalnum() or text[b] in "'’"):
        b += 1
    return is_name(text[a:b], ctx)
