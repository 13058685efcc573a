"""The processes the benches start and stop: a free port for a server, waiting until a server
answers `/health`, calmdesk's web app in a process of its own, and stopping the workers and
servers a bench started.

One copy for the load and fault benches (inbox_latency, inbox_load, faults_ingest, outbox_faults,
outbox_senders, webhook_load, worst_day), so that each states only what it measures.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[Any], seconds: float) -> None:
    """Return once `base`/health answers 200; exit the bench if `proc` (the server) dies first or
    `seconds` pass (a loaded shared machine starts a server slowly: give it minutes)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise SystemExit("the server did not start")
        time.sleep(0.2)


def start_web(url: str, *, seconds: float, access_log: bool = True) -> tuple[subprocess.Popen[bytes], str]:
    """calmdesk's web app on the store at `url` in a uvicorn process of its own (so that the
    bench's client does not share its interpreter), once it answers `/health`: the process and
    its base URL. The caller terminates the process."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, url, str(port), "access-log" if access_log else "no-access-log"],
        env=dict(os.environ),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc, seconds)
    except BaseException:
        proc.terminate()
        proc.wait(timeout=20)
        raise
    return proc, base


def _serve(url: str, port: int, access_log: bool) -> None:
    import uvicorn

    from calmdesk.storage.db import make_engine, make_sessionmaker
    from calmdesk.web.app import create_app
    from calmdesk.web.settings import WebSettings

    app = create_app(
        make_sessionmaker(make_engine(url)), WebSettings(secret_key="bench-secret-0123456789abcdef")
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=access_log)


def stop(procs: Sequence[subprocess.Popen[Any]], grace_s: float = 20) -> None:
    """SIGTERM every process still running, then wait for each; one that outlives `grace_s` is killed."""
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(grace_s)
        except subprocess.TimeoutExpired:
            p.kill()


if __name__ == "__main__":  # the process start_web runs: URL PORT access-log|no-access-log
    _serve(sys.argv[1], int(sys.argv[2]), sys.argv[3] == "access-log")
