"""The rules of the desk's live channel, kept apart from the stream so they are tested directly.

The channel (`web/live.py`) reads two things from the store: new rows of the change feed
(audit actions and messages, by increasing id) and the live presence rows. What to tell a
reader follows from those rows and who the reader is; that decision is here, with no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: What a person can be doing on a case, as others see it.
ACTIVITIES = ("viewing", "replying")
#: How long a presence signal lasts without being repeated (the page repeats it every 3 s).
PRESENCE_TTL_S = 8.0
#: Audit verbs that notify one person (see `queries.notifications`).
NOTIFYING_VERBS = frozenset(
    {"draft.approved", "draft.rejected", "case.assigned", "sla.warning", "note.mentioned"}
)


@dataclass(frozen=True)
class Change:
    """One row of the change feed: an audit action or a new message on a case."""

    kind: str  # action | message
    id: int
    case_id: int | None
    brand_id: int | None
    actor: str | None
    verb: str
    note: str | None = None


@dataclass(frozen=True)
class Present:
    """Someone on a case right now."""

    case_id: int
    username: str
    display_name: str
    activity: str


def check_activity(activity: str) -> str:
    """The activity, or ValueError naming the allowed ones (shown to the API caller as a 422)."""
    if activity not in ACTIVITIES:
        raise ValueError(f"activity must be one of {', '.join(ACTIVITIES)}, not {activity!r}")
    return activity


def visible(changes: Iterable[Change], brand_ids: Sequence[int] | None) -> list[Change]:
    """Changes of the brands this reader may see (None: every brand). A change with no brand
    (a user was created, say) only reaches readers who see every brand."""
    if brand_ids is None:
        return list(changes)
    allowed = set(brand_ids)
    return [c for c in changes if c.brand_id is not None and c.brand_id in allowed]


def by_others(changes: Iterable[Change], me: str) -> list[Change]:
    """What someone else did: a person's own clicks need no "changed by" banner."""
    return [c for c in changes if c.actor != me]


def may_notify(changes: Iterable[Change], me: str) -> bool:
    """Whether the notification count may have moved for `me`: a notifying verb by someone
    else, or a note that names `@me`. The exact count comes from `queries.notifications`."""
    mention = re.compile(rf"(?<![\w@])@{re.escape(me)}(?![\w-])", re.IGNORECASE)
    for c in changes:
        if c.kind != "action" or c.actor == me:
            continue
        if c.verb in NOTIFYING_VERBS or (c.note and mention.search(c.note)):
            return True
    return False


def others_present(rows: Iterable[Present], me: str) -> list[Present]:
    """Everyone present except the reader, in a stable order so unchanged presence is not resent."""
    return sorted((p for p in rows if p.username != me), key=lambda p: (p.case_id, p.username, p.activity))


def presence_payload(rows: Sequence[Present]) -> list[dict[str, object]]:
    return [
        {"case_id": p.case_id, "username": p.username, "name": p.display_name, "activity": p.activity}
        for p in rows
    ]


def change_payload(changes: Sequence[Change]) -> list[dict[str, object]]:
    """What the browser gets per change: enough to know which row or case to refresh (no texts)."""
    return [
        {
            "kind": c.kind,
            "id": c.id,
            "case_id": c.case_id,
            "brand_id": c.brand_id,
            "actor": c.actor,
            "verb": c.verb,
        }
        for c in changes
    ]


class FeedCursor:
    """Where one reader is in one id-ordered feed, safe against ids that commit out of order.

    PostgreSQL hands out ids before commit, so id 101 can become visible after 102. Reading
    `id > last` would then skip 101 forever. The cursor reads a little behind (`lag` ids) and
    remembers the ids it already passed on, so late rows still arrive exactly once.
    """

    def __init__(self, start: int, lag: int = 50) -> None:
        self.last = start
        self.lag = lag
        self._seen: set[int] = set()

    def after(self) -> int:
        """Read rows with an id above this."""
        return max(0, self.last - self.lag)

    def take(self, ids: Iterable[int]) -> list[int]:
        """The ids (of a read) not handed on before; moves the cursor and forgets what fell behind."""
        new = sorted(i for i in set(ids) if i not in self._seen and i > self.after())
        self._seen.update(new)
        if new:
            self.last = max(self.last, new[-1])
        floor = self.after()
        self._seen = {i for i in self._seen if i > floor}
        return new

    def reached(self, head: int) -> None:
        """Nothing more for this reader up to `head` (the feed's newest id when the read found
        fewer rows than its limit): move on, so a quiet brand's reader does not scan the busy
        brands' rows again on every read."""
        self.last = max(self.last, head)
        floor = self.after()
        self._seen = {i for i in self._seen if i > floor}
