"""Helpers for the workers tests: a throwaway PostgreSQL database and real worker processes."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PG_ADMIN_URL = os.environ.get("CALMDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[2]
CALMDESK = [sys.executable, "-m", "calmdesk.cli.main"]


def pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason to skip."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means: no server to test against
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
    return None


def temp_database() -> Iterator[str]:
    """Create a uniquely named database; drop it (after ending its sessions) when done."""
    import psycopg

    reason = pg_available()
    if reason:
        pytest.skip(reason)
    name = f"cd_workers_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def worker_env(url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "CALMDESK_DATABASE_URL": url,
            "CALMDESK_HEARTBEAT_S": "1",
            "CALMDESK_STALLED_AFTER_S": "3",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def start_worker(
    url: str, *args: str, log: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [*CALMDESK, "worker", *args],
        env=worker_env(url, **(env or {})),
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def generic_body(start: int, count: int, *, prefix: str = "m") -> str:
    """A generic-webhook body of `count` distinct complaints (ids prefix+start...)."""
    items: list[dict[str, Any]] = [
        {
            "id": f"{prefix}{i}",
            "text": f"order {i} arrived broken and nobody answers",
            "created_at": "2024-05-01T10:00:00+00:00",
            "author": {"handle": f"cust{i % 997}"},
        }
        for i in range(start, start + count)
    ]
    return json.dumps({"items": items})


def wait_until(predicate: Any, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def load_fakeplatform() -> ModuleType:
    """The connectors area's fake platform server, loaded by file path.

    Imported under its own module name so it never collides with another area's `conftest`
    or with the connectors tests' own `fakeplatform` import.
    """
    name = "calmdesk_tests_fakeplatform"
    if name in sys.modules:
        return sys.modules[name]
    path = ROOT / "tests" / "channels" / "fakeplatform.py"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module
