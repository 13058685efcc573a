"""Storage adapter: tables, engine set-up and Alembic migrations (SQLite by default, PostgreSQL by URL)."""
