"""What the benches that build a big store of their own share: the platforms they spread it over,
a PostgreSQL bench database dropped and created again, and dropped at the end.

Used by `search.py`, `inbox_latency.py` and `open_counts_triggers.py`; each keeps its own
generator, since each fills the store for what it measures (search text, case states, deltas).
"""

from __future__ import annotations

from sqlalchemy import create_engine, text

#: Every platform a generated store spreads its authors, cases and mentions over.
PLATFORMS = ["x", "facebook", "instagram", "reddit", "mastodon", "bluesky", "review", "email"]


def _admin(url: str, *statements: str) -> None:
    """Run `statements` on the server's `postgres` database, outside a transaction (CREATE/DROP DATABASE)."""
    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        for statement in statements:
            c.execute(text(statement))
    admin.dispose()


def fresh_postgres(url: str) -> None:
    """Drop the database named in `url` (it must be a bench database) and create it empty."""
    name = url.rsplit("/", 1)[1]
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    """Drop the database named in `url`, closing the sessions still open on it."""
    _admin(url, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
