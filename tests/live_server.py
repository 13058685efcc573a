"""Real processes and sockets for tests: uvicorn in a background thread on a free 127.0.0.1 port,
and the real outbox sender killed mid-send.

One copy for every test folder (browser tests, hostile-input tests, connector tests): tests/ is on
sys.path because it holds the root conftest.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn in a background thread on a free 127.0.0.1 port."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def kill_sender_mid_send(
    database_url: str,
    stored: threading.Event,
    release: Callable[[], None],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    what: str = "the sender never posted",
) -> int:
    """Run the real sender process (`calmdesk outbox send --once`) on `database_url` and SIGKILL it
    once the fake server has stored the write (`stored` set) but not yet answered; then `release`
    the server. Returns the process's exit code (-SIGKILL when the kill landed).

    The case every outbox idempotency test needs: the platform has the post, the desk has not
    recorded it. One copy, so each connector test states only its server's hold and release.
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", "from calmdesk.cli.main import app; app(['outbox', 'send', '--once'])"],
        env={**os.environ, "CALMDESK_DATABASE_URL": database_url, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert stored.wait(timeout=timeout), what
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        release()
    return proc.returncode
