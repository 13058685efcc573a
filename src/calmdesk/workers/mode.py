"""Which mode a desk runs in: the database decides, so there is one setting to get right."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


def is_production(target: Engine | sessionmaker[Session] | str) -> bool:
    """PostgreSQL means production mode (shared queue, many workers); SQLite means embedded."""
    if isinstance(target, str):
        return target.startswith(("postgresql", "postgres:"))
    engine = target if isinstance(target, Engine) else target.kw["bind"]
    return bool(engine.dialect.name == "postgresql")


def conninfo(engine: Engine) -> str:
    """A libpq URL for the same database (Procrastinate talks to psycopg directly)."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)
