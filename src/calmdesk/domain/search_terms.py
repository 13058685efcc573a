"""What a person typed into the search box, as plain words; and where those words are in a text.

Why: FTS5 and PostgreSQL each have a query language (quotes, `AND`/`OR`/`NOT`, `*`, `:`, `^`,
column filters, parentheses). Passing what people type straight through turns an unbalanced
quote into an error page and lets one word change the meaning of the next. So the query is cut
into words here (letters, digits, `_`; everything else separates), and the stores search for
all of them; the engines' syntax never reaches the user. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: At most this many words from one query (a pasted paragraph is not a search).
MAX_TERMS = 8
#: A word longer than this is cut (no real word is; a long one only slows the engines).
MAX_TERM_LEN = 40
#: Shorter words are dropped unless they are the only thing typed ("a", "I").
MIN_TERM_LEN = 2

_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str | None) -> list[str]:
    """The distinct words of `query`, lower-cased, in the order typed; [] when nothing is left."""
    if not query:
        return []
    text = unicodedata.normalize("NFKC", query).casefold()
    words = [w.strip("_")[:MAX_TERM_LEN] for w in _WORD.findall(text)]
    words = [w for w in words if w]
    kept = [w for w in words if len(w) >= MIN_TERM_LEN] or words[:1]
    out: list[str] = []
    for w in kept:
        if w not in out:
            out.append(w)
    return out[:MAX_TERMS]


@dataclass(frozen=True)
class Segment:
    """A piece of text, and whether it is one of the searched words (shown highlighted)."""

    text: str
    hit: bool


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    """Words of the text that start with a term (the engines match whole tokens split on the
    same characters, so `order` finds "order" and "Order's" but also shows the "order" in "orders"
    only where the engine found it as a word)."""
    if not terms:
        return None
    alts = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> list[Segment]:
    """`text` cut into segments with the searched words marked; the template escapes each one."""
    pattern = _pattern(terms)
    if pattern is None or not text:
        return [Segment(text, False)] if text else []
    out: list[Segment] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.start() > pos:
            out.append(Segment(text[pos : m.start()], False))
        out.append(Segment(m.group(0), True))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(text[pos:], False))
    return out


def excerpt(text: str, terms: list[str], width: int = 200) -> str:
    """About `width` characters of `text` around its first searched word, with "…" where cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    pattern = _pattern(terms)
    m = pattern.search(text) if pattern else None
    start = 0 if m is None else max(0, m.start() - width // 3)
    end = min(len(text), start + width)
    start = max(0, end - width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
