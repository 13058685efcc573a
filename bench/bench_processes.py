"""The processes the benches start and stop: a free port for a server, waiting until a server
answers `/health`, and stopping the workers and servers a bench started.

One copy for the load and fault benches (inbox_latency, inbox_load, faults_ingest, outbox_faults,
outbox_senders, webhook_load, worst_day), so that each states only what it measures.
"""

from __future__ import annotations

import signal
import socket
import subprocess
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
