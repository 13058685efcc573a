"""Cursors of connectors that follow several streams (mentions plus keyword searches) at once.

Stored in `Channel.cursor` as a small JSON object so one column holds them all; a plain string
from an older version is read as the mentions cursor.
"""

from __future__ import annotations

import json


def load_cursor(cursor: str | None) -> dict[str, str]:
    if not cursor:
        return {}
    try:
        value = json.loads(cursor)
    except json.JSONDecodeError:
        return {"mentions": cursor}
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    return {"mentions": str(value)}


def dump_cursor(state: dict[str, str]) -> str | None:
    return json.dumps(state, sort_keys=True, separators=(",", ":")) if state else None


def newer_id(a: str | None, b: str | None) -> str | None:
    """The later of two platform ids that grow with time (tweet ids, Mastodon status ids): as numbers."""
    if not a:
        return b
    if not b:
        return a
    return a if (len(a), a) >= (len(b), b) else b
