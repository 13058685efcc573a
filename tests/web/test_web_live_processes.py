"""Issue 13, item 3: presence and changes cross web processes (two `calmdesk serve` on one PostgreSQL).

Alice's browser talks to process A, Sam's to process B. What Sam does through B (say he is
replying, assign a case) must reach Alice's stream on A within 2 s: nothing may hang on one
process's memory. Bob (another brand) on A must hear none of it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from web_helpers import Seed, seed_store

from live_events import EventStream, http_login
from live_server import free_port

pytestmark = [pytest.mark.timeout(240), pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, CALMDESK_DATABASE_URL=url, CALMDESK_ENV="development", PYTHONUNBUFFERED="1",
               PYTHONPATH=str(ROOT / "src"))  # fmt: skip
    return subprocess.Popen([sys.executable, "-m", "calmdesk.cli.main", "serve", "--port", str(port), "--no-worker"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip


def _up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"calmdesk serve on port {port} did not come up")


@pytest.fixture
def two_processes(pg_url: str) -> Iterator[tuple[str, str, Seed]]:
    seed = seed_store(pg_url)
    ports = [free_port(), free_port()]
    procs = [_serve(pg_url, p) for p in ports]
    try:
        deadline = time.monotonic() + 150  # two processes import the app on a loaded machine
        for p in ports:
            _up(p, deadline)
        yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}", seed
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(30)
        seed.factory.kw["bind"].dispose()


def test_presence_and_changes_made_through_one_process_reach_a_reader_of_the_other(
    two_processes: tuple[str, str, Seed],
) -> None:
    a, b, seed = two_processes
    alice = EventStream(http_login(a, "alice")[0])
    bob = EventStream(http_login(a, "bob")[0])
    sam, csrf = http_login(b, "sam")
    try:
        assert alice.wait_for("presence", lambda d: d == [], 10) is not None
        assert bob.wait_for("presence", lambda d: d == [], 10) is not None
        res = sam.post(f"/api/cases/{seed.acme_case}/presence", json={"activity": "replying"},
                       headers={"X-CSRF-Token": csrf})  # fmt: skip
        assert res.status_code == 200, res.text
        people = alice.wait_for("presence", lambda d: bool(d), 2)
        assert people == [{"case_id": seed.acme_case, "username": "sam", "name": "Sam Super", "activity": "replying"}]
        res = sam.post(f"/api/cases/{seed.acme_case}/assign", json={"owner": "alice"}, headers={"X-CSRF-Token": csrf})
        assert res.status_code == 200, res.text
        got = alice.wait_for("changes", lambda d: any(c["case_id"] == seed.acme_case for c in d), 2)
        assert got and got[0]["actor"] == "sam"
        assert bob.wait_for("changes", lambda d: True, 1) is None
        assert bob.wait_for("presence", lambda d: bool(d), 0.2) is None
    finally:
        alice.close(), bob.close(), sam.close()
