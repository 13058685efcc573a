"""Tags on cases: one spelling per tag, so "Refund", "#refund" and " refund " are one filter.

Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata

#: case_tags.tag is String(40).
MAX_TAG_LEN = 40
#: A case carries a handful of tags; more stop meaning anything.
MAX_TAGS_PER_CASE = 20

_SEPARATORS = re.compile(r"[\s_/]+")
_ALLOWED = re.compile(r"^[\w-]+$", re.UNICODE)


class TagError(ValueError):
    """The tag cannot be used as typed; the message says why."""


def normalize_tag(raw: str) -> str:
    """`raw` as stored: NFKC, lower case, no leading '#', spaces/underscores/slashes as one '-'.

    Raises `TagError` for an empty tag, one longer than `MAX_TAG_LEN`, or one with other
    punctuation (tags go into URLs and filters; "refund!" is a typo, not a new tag).
    """
    text = unicodedata.normalize("NFKC", raw).casefold().strip().lstrip("#").strip()
    text = _SEPARATORS.sub("-", text).strip("-")
    if not text:
        raise TagError(f"tag {raw!r}: empty after normalising; use letters, digits or '-'")
    if len(text) > MAX_TAG_LEN:
        raise TagError(f"tag {raw!r}: {len(text)} characters; at most {MAX_TAG_LEN}")
    if not _ALLOWED.match(text):
        raise TagError(f"tag {raw!r}: only letters, digits and '-' (got {text!r})")
    return text


def parse_tags(raw: str) -> list[str]:
    """Tags typed as one line, separated by commas: each normalised, without repeats."""
    out: list[str] = []
    for part in raw.split(","):
        if part.strip():
            tag = normalize_tag(part)
            if tag not in out:
                out.append(tag)
    return out
