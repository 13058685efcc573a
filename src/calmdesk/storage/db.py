"""Engine and sessions. `CALMDESK_DATABASE_URL` selects the store; otherwise a SQLite file
in `CALMDESK_DATA_DIR` (default `./calmdesk-data`), so several desks can live side by side."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SAWarning
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def database_url(url: str | None = None) -> str:
    if url:
        return normalize_url(url)
    env = os.environ.get("CALMDESK_DATABASE_URL")
    if env:
        return normalize_url(env)
    data_dir = Path(os.environ.get("CALMDESK_DATA_DIR", "calmdesk-data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / 'calmdesk.sqlite3').resolve()}"


def normalize_url(url: str) -> str:
    """Accept plain `postgresql://` URLs and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


POOLERS = ("pgbouncer",)


def behind_pooler() -> bool:
    """Whether `CALMDESK_DB_POOLER=pgbouncer` says PostgreSQL is reached through a pooler in
    transaction mode (each transaction may run on another server connection).

    What changes then: psycopg prepares no statements (`prepare_threshold=None`: a statement
    prepared on one server connection does not exist on the next), SQLAlchemy keeps no pool of
    its own (`NullPool`: the pooler is the pool, so a hundred workers share its few server
    connections), and workers poll the queue instead of LISTENing (a notification is delivered
    to a session, which transaction mode does not keep). calmdesk holds no other session state:
    settings are `SET LOCAL` and advisory locks are transaction-scoped.
    """
    value = os.environ.get("CALMDESK_DB_POOLER", "").strip().lower()
    if value in ("", "none", "0", "false"):
        return False
    if value not in POOLERS:
        raise ValueError(f"CALMDESK_DB_POOLER={value!r}: use one of {', '.join(POOLERS)} (or leave it unset)")
    return True


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
    elif behind_pooler():
        kwargs.setdefault("poolclass", NullPool)
        engine = create_engine(url, connect_args={"prepare_threshold": None}, **kwargs)
    else:
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic (the only way the schema changes)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn, warnings.catch_warnings():
        # SQLite's batch migrations (copy-and-move of a table) reflect it first; SQLAlchemy cannot
        # reflect the expression indexes of the inbox order and says so on stderr of every CLI
        # command that upgrades the store. The migrations recreate those indexes themselves.
        warnings.filterwarnings(
            "ignore", message="Skipped unsupported reflection of expression-based index", category=SAWarning
        )
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
