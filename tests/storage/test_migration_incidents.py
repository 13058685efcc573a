"""Migration 0004_incidents goes up and down cleanly on SQLite and PostgreSQL, and leaves one head."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from calmdesk.storage.db import MIGRATIONS_DIR, make_engine, migrate


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(_config()).get_heads()
    assert len(heads) == 1, heads


def test_incidents_migration_up_down_up(store_url: str) -> None:
    from alembic import command

    engine = make_engine(store_url)
    try:
        migrate(engine)
        insp = inspect(engine)
        assert "incidents" in insp.get_table_names()
        assert "incident_id" in {c["name"] for c in insp.get_columns("cases")}
        assert "ix_cases_brand_opened" in {i["name"] for i in insp.get_indexes("cases")}
        cfg = _config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003_team")
        insp = inspect(engine)
        assert "incidents" not in insp.get_table_names()
        assert "incident_id" not in {c["name"] for c in insp.get_columns("cases")}
        migrate(engine)
        assert "incidents" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
