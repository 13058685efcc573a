"""Migration 0003_team goes down and up again on both engines, and leaves the search index in step."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from calmdesk.storage.db import MIGRATIONS_DIR, migrate


def _config(engine: Engine, conn: object) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    cfg.attributes["connection"] = conn
    return cfg


def test_one_head_and_down_and_up_again(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1
    with engine.begin() as conn:
        command.downgrade(_config(engine, conn), "0002_volume")
    assert "case_notes" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO mentions (platform, external_id, thread_key, direction, visibility, text, created_at, "
                 "received_at, hidden) VALUES ('x', 'e1', 't1', 'inbound', 'public', 'a platypus was here', "
                 "'2026-01-01 00:00:00', '2026-01-01 00:00:00', false)")
        )  # fmt: skip
    migrate(engine)
    # Rows written before the migration are found: the index is built from what is there.
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = conn.execute(text("SELECT rowid FROM mentions_fts WHERE mentions_fts MATCH 'platypus'")).all()
        else:
            found = conn.execute(
                text("SELECT id FROM mentions WHERE search_tsv @@ plainto_tsquery('simple', 'platypus')")
            ).all()
    assert len(found) == 1
