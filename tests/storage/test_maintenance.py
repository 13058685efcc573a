"""After a bulk import PostgreSQL's planner has statistics for the tables the import filled."""

from __future__ import annotations

from sqlalchemy import Engine, text

from calmdesk.storage.db import make_sessionmaker
from calmdesk.storage.maintenance import BULK_TABLES, analyze_after_bulk


def test_analyze_after_bulk_leaves_statistics(pg_engine: Engine) -> None:
    factory = make_sessionmaker(pg_engine)
    with factory() as s:
        before = set(s.scalars(text("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")))
    assert not set(BULK_TABLES) & before
    analyze_after_bulk(factory)
    with factory() as s:
        s.execute(text("SELECT pg_stat_force_next_flush()"))
        after = set(s.scalars(text("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")))
    assert set(BULK_TABLES) <= after
