"""Rules for text that comes from the public: what the database can store, how much triage reads.

Why here (issue 17, items 2 and 5): anyone can post a 10 MB "tweet" or a NUL character, and
both used to reach code that could not take them. PostgreSQL refuses NUL in text and JSON
(`calmdesk import` crashed and stored none of the good rows), and triage had quadratic steps
(VADER's negation scan, an e-mail pattern on one long word), so one long post stalled ingest
for minutes. Every parser hands its text through `storable`, and triage reads at most
`TRIAGE_MAX_CHARS` of a post, saying so in its result. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from typing import Any

#: How much of one post triage reads. Far above a tweet (280), an Instagram caption (2,200)
#: or a long Facebook post; a post longer than this is stored whole and triaged on its first
#: `TRIAGE_MAX_CHARS` characters, and its triage result says so (`triaged_chars`).
TRIAGE_MAX_CHARS = 10_000

#: NUL (PostgreSQL text and jsonb refuse it) and lone UTF-16 surrogates (no UTF-8 encoding:
#: JSON's "\ud800" decodes to one, and the database driver cannot send it).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

#: What an unstorable character becomes: U+FFFD, the standard "character that could not be read".
REPLACEMENT = "\ufffd"

_MAX_DEPTH = 100


def storable(text: str) -> str:
    """`text` with every character PostgreSQL cannot store replaced by U+FFFD (same length)."""
    if text.isascii() and "\x00" not in text:
        return text
    return _UNSTORABLE.sub(REPLACEMENT, text)


def storable_or_none(text: Any) -> Any:
    """`storable` for an optional field; anything that is not a string is passed through."""
    return storable(text) if isinstance(text, str) else text


#: Types of a flat record's values that `storable_json` can pass without a walk.
_SCALARS = frozenset((str, int, float, bool, type(None)))


def storable_json(value: Any, _depth: int = 0) -> Any:
    """A JSON value (dict, list, scalars) with every string, keys included, made `storable`.

    Deeper than `_MAX_DEPTH` levels is cut (a raw copy kept for reference, never for reading
    fields), so hostile nesting cannot exhaust the stack. A flat record (an import row, string
    keys, scalar values) with nothing to replace is returned as it is, checked in one pass over
    its joined strings: an import of a million rows used to spend about a tenth of its CPU walking
    every field of rows that were already clean."""
    if (
        _depth == 0
        and type(value) is dict
        and all(type(k) is str for k in value)
        and all(type(v) in _SCALARS for v in value.values())
    ):
        joined = "\x01".join([*value, *(v for v in value.values() if type(v) is str)])
        if (joined.isascii() and "\x00" not in joined) or not _UNSTORABLE.search(joined):
            return value
    if _depth > _MAX_DEPTH:
        return "[nested too deeply]"
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {storable(str(k)): storable_json(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable_json(v, _depth + 1) for v in value]
    return value


def triage_prefix(text: str) -> str:
    """The part of a post triage reads: all of it up to `TRIAGE_MAX_CHARS`, else the start."""
    return text if len(text) <= TRIAGE_MAX_CHARS else text[:TRIAGE_MAX_CHARS]
