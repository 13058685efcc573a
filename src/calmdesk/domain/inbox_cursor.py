"""The inbox's keyset cursor: where the next page starts in the inbox order.

A page beyond the first is "the rows after this one in the inbox order" rather than "skip
N x 50 rows", so it is read off the inbox index from the cursor's place (no cost that grows
with the page number) and stays stable when cases ahead of it move between two pages (an
OFFSET page shows a case twice or skips one then).

The cursor is the sort key of the last row shown, `(priority, first_response_due_at, id)`,
plus the page number for display, as URL-safe base64 of a small JSON list. It is not signed:
it only chooses a place in the order, and the viewer's brands and filters still apply to what
is read from there, so a hand-made cursor shows nothing the viewer may not see. It is strictly
validated instead, so that a damaged one answers a clear error rather than a server error.
Pure: no I/O.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

#: The highest page number a cursor may carry (the OFFSET pages stop at the same number).
MAX_PAGE = 10_000


class InboxCursorError(ValueError):
    """A cursor that is not one this desk wrote (damaged, truncated or made up)."""


@dataclass(frozen=True)
class InboxCursor:
    """The last row shown: its priority, first-response due time (None sorts last) and id."""

    page: int  # the page this cursor opens (2 for the cursor under the first page)
    priority: int
    due_at: datetime | None
    case_id: int

    def encode(self) -> str:
        due = self.due_at.isoformat() if self.due_at is not None else None
        raw = json.dumps([self.page, self.priority, due, self.case_id], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _int(value: object, what: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        limit = f"{low}..{high}" if high is not None else f">= {low}"
        raise InboxCursorError(f"the cursor's {what} must be a whole number {limit}")
    return value


def decode_cursor(text: str) -> InboxCursor:
    """The cursor `InboxCursor.encode` wrote; InboxCursorError naming what is wrong otherwise."""
    if not text or len(text) > 200:
        raise InboxCursorError("the cursor is empty or too long; follow the inbox's own next-page link")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode())
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InboxCursorError("the cursor is not one this inbox wrote (bad encoding)") from exc
    if not isinstance(data, list) or len(data) != 4:
        raise InboxCursorError("the cursor is not one this inbox wrote (wrong shape)")
    page = _int(data[0], "page", 2, MAX_PAGE)
    priority = _int(data[1], "priority", -(2**31), 2**31 - 1)
    case_id = _int(data[3], "case id", 1)
    due_raw = data[2]
    due_at: datetime | None = None
    if due_raw is not None:
        if not isinstance(due_raw, str):
            raise InboxCursorError("the cursor's due time must be a date-time or null")
        try:
            due_at = datetime.fromisoformat(due_raw)
        except ValueError as exc:
            raise InboxCursorError("the cursor's due time is not a date-time") from exc
        if due_at.tzinfo is None:
            raise InboxCursorError("the cursor's due time has no time zone")
    return InboxCursor(page=page, priority=priority, due_at=due_at, case_id=case_id)
