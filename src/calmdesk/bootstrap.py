"""Opening the store the same way everywhere (CLI, web, workers): migrate, then run the ingest pipeline."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.ingest_pipeline import with_ingest_pipeline
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate


def store_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions on `engine` that run the ingest pipeline after every stored batch."""
    return with_ingest_pipeline(make_sessionmaker(engine))


def open_store(url: str | None = None, *, run_migrations: bool = True) -> sessionmaker[Session]:
    engine = make_engine(url)
    if run_migrations:
        migrate(engine)
    return store_sessionmaker(engine)
