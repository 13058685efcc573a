"""`calmdesk serve --workers N`: several web processes on one port (PostgreSQL), refused on SQLite."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from workers_pg import CALMDESK, ROOT, temp_database, worker_env

from live_server import free_port

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_database()


def children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return {int(x) for x in out.stdout.split()}


def test_serve_with_two_processes_answers_from_both(pg_url: str) -> None:
    port = free_port()
    env = worker_env(pg_url, CALMDESK_ENV="development", CALMDESK_WEBHOOK_SECRET="s")
    proc = subprocess.Popen([*CALMDESK, "serve", "--port", str(port), "--workers", "2"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 150  # two processes import the app on a loaded machine
        ok = 0
        while time.monotonic() < deadline and ok < 20:
            try:
                ok += httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
            except httpx.HTTPError:
                time.sleep(0.3)
        assert ok == 20
        # uvicorn's supervisor keeps two serving processes (plus, on some versions, a helper).
        assert len(children(proc.pid)) >= 2
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def test_serve_with_several_processes_is_refused_on_sqlite(tmp_path: Path) -> None:
    env = dict(os.environ, CALMDESK_DATABASE_URL=f"sqlite:///{tmp_path}/d.sqlite3", CALMDESK_ENV="development")
    out = subprocess.run([*CALMDESK, "serve", "--workers", "2"], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 2 and "needs PostgreSQL" in out.stderr
