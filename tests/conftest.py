"""Shared fixtures: a migrated store on SQLite, and the same on the local PostgreSQL when it is there."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.db import make_engine, make_sessionmaker, migrate

#: The suite scores with the default complaint model whether or not the [ml] extra is installed
#: here (CI installs only .[dev]); the embedding model's tests choose it explicitly.
os.environ.setdefault("CALMDESK_COMPLAINT_KIND", "default")

#: Property tests check what the code does, not how fast: on a busy machine hypothesis's own
#: timing checks (a 200 ms deadline per example, "data generation too slow") fail tests that are
#: right. Tests that set their own `@settings` keep them; timing is measured in bench/.
settings.register_profile("calmdesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("calmdesk")

PG_ADMIN_URL = os.environ.get("CALMDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_available() -> str | None:
    try:
        eng = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available", with the reason shown
        return f"PostgreSQL not reachable at {PG_ADMIN_URL.split('@')[-1]}: {type(exc).__name__}: {str(exc)[:120]}"


_PG_REASON = _pg_available()
REQUIRE_PG = os.environ.get("CALMDESK_REQUIRE_PG") == "1"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if _PG_REASON:
        if REQUIRE_PG:
            pytest.fail(_PG_REASON)
        pytest.skip(_PG_REASON)
    name = f"calmdesk_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run the test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/calmdesk.sqlite3"
    return request.getfixturevalue("pg_url")


def migrated_engine(url: str) -> Iterator[Engine]:
    """A store migrated to head at `url`, disposed after the test: the body of every store fixture."""
    eng = make_engine(url)
    migrate(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def engine(store_url: str) -> Iterator[Engine]:
    yield from migrated_engine(store_url)


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[Engine]:
    """A migrated store on PostgreSQL alone, for what SQLite has not (partitions, planner statistics)."""
    yield from migrated_engine(pg_url)


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def sqlite_factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    for eng in migrated_engine(f"sqlite:///{tmp_path}/calmdesk.sqlite3"):
        yield make_sessionmaker(eng)


