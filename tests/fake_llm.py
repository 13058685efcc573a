"""A local OpenAI-compatible chat server with recorded answers, for the drafting tests (issue 15).

A real HTTP server on 127.0.0.1 (never a mock of our own code): the tests assert what it
RECEIVED (path, key, prompt) as well as what the desk did with its answers. Shared by the
drafting tests in tests/replies and the browser tests in tests/web.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GOOD = "Sorry Sam, a parcel that never turns up is maddening. I'm chasing the courier now and will DM you by 5pm. ^AB"
BAD = "You should have checked the tracking. It will definitely arrive tomorrow. ^AB"


class Recorded(BaseHTTPRequestHandler):
    """Answers from a script: each item is a reply text, "GARBAGE" (not JSON) or "SLOW"."""

    script: list[str] = []
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Recorded.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        answer = Recorded.script.pop(0) if Recorded.script else GOOD
        if answer == "SLOW":
            time.sleep(3)
            answer = GOOD
        data = (
            b"<html>502 upstream</html>"
            if answer == "GARBAGE"
            else json.dumps({"choices": [{"message": {"role": "assistant", "content": answer}}]}).encode()
        )
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def fake_llm_server() -> Iterator[str]:
    """Serve `Recorded` on a free port; yields the base URL (".../v1")."""
    Recorded.seen.clear()
    Recorded.script = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
