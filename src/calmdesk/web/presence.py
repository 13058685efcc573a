"""Who has a case open and who is typing a reply on it ("Dana is replying").

Kept in the web process's memory with a short expiry: presence is a hint for people working
side by side, not a record, so nothing is written to the store. With several web processes,
each knows the people connected to it (documented in docs/web.md).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

#: How long a "replying" or "viewing" signal lasts without being repeated.
TTL_S = 8.0
ACTIVITIES = ("viewing", "replying")


@dataclass(frozen=True)
class Seen:
    username: str
    display_name: str
    activity: str
    until: float


class Presence:
    def __init__(self, ttl_s: float = TTL_S) -> None:
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._by_case: dict[int, dict[str, Seen]] = {}

    def mark(self, case_id: int, username: str, display_name: str, activity: str) -> None:
        if activity not in ACTIVITIES:
            raise ValueError(f"activity must be one of {', '.join(ACTIVITIES)}, not {activity!r}")
        with self._lock:
            self._by_case.setdefault(case_id, {})[username] = Seen(
                username, display_name, activity, time.monotonic() + self.ttl_s
            )

    def leave(self, case_id: int, username: str) -> None:
        with self._lock:
            self._by_case.get(case_id, {}).pop(username, None)

    def others(self, case_id: int, me: str) -> list[Seen]:
        now = time.monotonic()
        with self._lock:
            people = self._by_case.get(case_id, {})
            for name in [n for n, s in people.items() if s.until < now]:
                del people[name]
            return sorted((s for n, s in people.items() if n != me), key=lambda s: s.username)
