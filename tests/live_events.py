"""A test client for the desk's live channel: logs in over real HTTP and collects SSE events.

Shared by the web tests (one server thread) and the workers tests (two server processes).
"""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

PASSWORD = "correct horse battery"  # the one web_helpers.seed_store gives everybody


def http_login(base: str, username: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """An httpx client with a logged-in session cookie, and the session's CSRF token."""
    client = httpx.Client(base_url=base, timeout=10)
    page = client.get("/login").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert token, "login page has no CSRF token"
    res = client.post("/login", data={"username": username, "password": password, "csrf_token": token.group(1),
                                      "next": "/"})  # fmt: skip
    assert res.status_code == 303, res.text
    home = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert home
    return client, home.group(1)


class EventStream:
    """Reads `GET path` as server-sent events in a thread; `wait_for` picks events as they come."""

    def __init__(self, client: httpx.Client, path: str = "/api/events") -> None:
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.client, self.path = client, path
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        name, data = "message", ""
        try:
            with self.client.stream("GET", self.path, timeout=httpx.Timeout(10, read=60)) as res:
                for line in res.iter_lines():
                    if self._stop.is_set():
                        return
                    if line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data += line[5:].strip()
                    elif line == "" and data:
                        self.events.put((name, json.loads(data)))
                        name, data = "message", ""
        except httpx.HTTPError as exc:
            self.events.put(("error", str(exc)))

    def wait_for(self, name: str, match: Callable[[Any], bool], within: float) -> Any | None:
        """The first `name` event whose data matches within `within` seconds, else None."""
        deadline = time.monotonic() + within
        while (left := deadline - time.monotonic()) > 0:
            try:
                got, data = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if got == name and match(data):
                return data
        return None

    def close(self) -> None:
        self._stop.set()
        self.client.close()
