"""The incident pages' desk, shared by the incident tests and the status-update tests: the seeded
web store with an outage opened in brand acme, a client on it, and a live server for chromium.

A plain module rather than a conftest.py in tests/web: a test file imports the fixtures it uses
(`from incident_desk import client, desk, live_desk`), or builds its own `desk` on `incident_desk`
when it needs the store prepared first (a channel pointed at a fake platform).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import test_web_browser as wb
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from web_helpers import Seed, seed_store

from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from incident_surge import open_outage

#: The last outage author's display name: markup that must stay text on every page.
EVIL = '<img src=x onerror="window.__pwned=1">'


def open_incident(factory: sessionmaker[Session], n: int = 16) -> int:
    """Ingest an outage into brand acme and run the detector as the scheduler would."""
    return open_outage(
        factory, n, handle="acme_help", seed=9, followers=40, display_name=lambda k: EVIL if k == n - 1 else f"Kim {k}"
    )


@contextmanager
def incident_desk(tmp_path: Path, prepare: Callable[[Seed], None] | None = None) -> Iterator[tuple[Seed, int]]:
    """The seeded store (`prepare`d before the outage arrives) and the incident the outage opened."""
    data = seed_store(f"sqlite:///{tmp_path}/web.sqlite3")
    if prepare:
        prepare(data)
    yield data, open_incident(data.factory)
    data.factory.kw["bind"].dispose()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[Seed, int]]:
    with incident_desk(tmp_path) as data:
        yield data


@pytest.fixture
def client(desk: tuple[Seed, int]) -> Iterator[TestClient]:
    app = create_app(desk[0].factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def live_desk(desk: tuple[Seed, int]) -> Iterator[tuple[wb.LiveServer, Seed, int]]:
    if not os.path.exists(wb.CHROMIUM):
        pytest.skip(f"Debian's chromium is not installed at {wb.CHROMIUM}")
    app = create_app(desk[0].factory, WebSettings(secret_key="browser-secret-0123456789"))
    with wb.LiveServer(app) as server:
        yield server, desk[0], desk[1]
