"""Saved views: a name and the inbox filters it stands for. Pure.

Only the inbox's own filter keys are kept, each a short string: a view is replayed as the
inbox's query string, so anything else would be noise in a URL (or a way to smuggle one).
"""

from __future__ import annotations

#: The inbox filters a view may hold (`queries.desk.InboxQuery.as_params`).
VIEW_KEYS = ("brand", "platform", "state", "owner", "topic", "tag", "q", "escalated", "due_soon")
MAX_VIEW_NAME = 60
MAX_VALUE_LEN = 200


class ViewError(ValueError):
    """The view cannot be saved as given; the message names the field."""


def clean_view(name: str, params: dict[str, str]) -> tuple[str, dict[str, str]]:
    """The view as stored: a trimmed name (1..60 characters) and the known, non-empty filters."""
    label = " ".join(name.split())
    if not label:
        raise ViewError("name: empty; give the view a name")
    if len(label) > MAX_VIEW_NAME:
        raise ViewError(f"name: {len(label)} characters; at most {MAX_VIEW_NAME}")
    kept: dict[str, str] = {}
    for key in VIEW_KEYS:
        value = (params.get(key) or "").strip()
        if not value:
            continue
        if len(value) > MAX_VALUE_LEN:
            raise ViewError(f"{key}: {len(value)} characters; at most {MAX_VALUE_LEN}")
        kept[key] = value
    if not kept:
        raise ViewError("filters: none set; choose some filters in the inbox first, then save them")
    return label, kept
