"""team tools: internal notes, tags, saved views, and full-text search on both engines (issue 14)

Revision ID: 0003_team
Revises: 0002_volume
Create Date: 2026-12-07 00:00:00

Why these shapes:
- `case_notes` are internal notes: their own table, never the outbox, so nothing in them can
  be posted to a platform by mistake.
- `case_tags` is one row per (case, tag) with an index on (tag, case_id): the inbox filters by
  tag with the same SQL on SQLite and PostgreSQL.
- `saved_views` keeps a user's named inbox filters.
- Search. SQLite: FTS5 tables with external content (`mentions_fts`, `authors_fts`,
  `case_notes_fts`) that hold only the index, kept in step by triggers on insert, update and
  delete of the source rows, so every writer (the ORM, the bulk importer's executemany, a
  person with the sqlite3 shell) keeps the index right. PostgreSQL: a stored generated
  `tsvector` column on `mentions` with a GIN index (a generated column, not an expression
  index, so ranking and the "newest matches first" plan read the vector instead of parsing
  each text again), and GIN expression indexes on authors and notes (small tables).
  Both use the plain, language-neutral tokenizer: complaints come in many languages.

Caution for later migrations on SQLite: `batch_alter_table` on mentions, authors or
case_notes recreates the table, and SQLite drops a table's triggers with it; such a
migration must create the `*_fts_*` triggers again (see `_sqlite_triggers`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import calmdesk.storage.tables

revision: str = "0003_team"
down_revision: str | None = "0002_volume"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (fts table, source table, indexed columns) on SQLite.
FTS_SOURCES = (
    ("mentions_fts", "mentions", ("text",)),
    ("authors_fts", "authors", ("handle", "display_name")),
    ("case_notes_fts", "case_notes", ("text",)),
)


def _sqlite_triggers(fts: str, source: str, cols: Sequence[str]) -> list[str]:
    names = ", ".join(cols)
    new = ", ".join(f"new.{c}" for c in cols)
    old = ", ".join(f"old.{c}" for c in cols)
    return [
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {source} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {source} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
    ]


def upgrade() -> None:
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("mentioned", sa.JSON(), nullable=False),
        sa.Column("created_at", calmdesk.storage.tables.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_index("ix_case_notes_brand_id", "case_notes", ["brand_id"])
    op.create_table(
        "case_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("added_at", calmdesk.storage.tables.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"]),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "tag", name="uq_case_tag"),
    )
    op.create_index("ix_case_tags_tag", "case_tags", ["tag", "case_id"])
    op.create_index("ix_case_tags_brand_id", "case_tags", ["brand_id"])
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", calmdesk.storage.tables.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "name", name="uq_saved_view_name"),
    )
    op.create_index("ix_saved_views_user_id", "saved_views", ["user_id"])

    if op.get_bind().dialect.name == "sqlite":
        for fts, source, cols in FTS_SOURCES:
            op.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(cols)}, content='{source}', "
                f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
            )
            for stmt in _sqlite_triggers(fts, source, cols):
                op.execute(stmt)
            op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    else:
        op.execute(
            "ALTER TABLE mentions ADD COLUMN search_tsv tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED"
        )
        op.execute("CREATE INDEX ix_mentions_search ON mentions USING gin (search_tsv)")
        op.execute(
            "CREATE INDEX ix_authors_search ON authors USING gin "
            "(to_tsvector('simple', coalesce(handle, '') || ' ' || coalesce(display_name, '')))"
        )
        op.execute("CREATE INDEX ix_case_notes_search ON case_notes USING gin (to_tsvector('simple', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fts, _source, _cols in FTS_SOURCES:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_authors_search")
        op.execute("DROP INDEX IF EXISTS ix_mentions_search")
        op.execute("ALTER TABLE mentions DROP COLUMN IF EXISTS search_tsv")
    op.drop_index("ix_saved_views_user_id", table_name="saved_views")
    op.drop_table("saved_views")
    op.drop_index("ix_case_tags_brand_id", table_name="case_tags")
    op.drop_index("ix_case_tags_tag", table_name="case_tags")
    op.drop_table("case_tags")
    op.drop_index("ix_case_notes_brand_id", table_name="case_notes")
    op.drop_index("ix_case_notes_case_id", table_name="case_notes")
    op.drop_table("case_notes")
