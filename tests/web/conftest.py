"""Web desk fixtures: a migrated SQLite store with two brands, their people, and complaints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import Seed, seed_store

from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings


@pytest.fixture
def seed(tmp_path: Path) -> Iterator[Seed]:
    data = seed_store(f"sqlite:///{tmp_path}/web.sqlite3")
    yield data
    data.factory.kw["bind"].dispose()


@pytest.fixture
def app_client(seed: Seed) -> Iterator[TestClient]:
    app = create_app(seed.factory, WebSettings(secret_key="test-secret-0123456789abcdef"))
    with TestClient(app) as client:
        yield client
