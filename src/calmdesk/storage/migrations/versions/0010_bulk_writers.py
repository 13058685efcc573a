"""bulk writers: an import pauses the per-row insert triggers of its own rows on SQLite (issue 18)

Revision ID: 0010_bulk_writers
Revises: 0009_report_figures

On SQLite each imported row fired four AFTER INSERT triggers (the search index of mentions and
of authors, 0003; the open-case deltas, 0007; the report figures, 0009), and they were most of
an import's insert time. An import now writes a batch with those triggers paused and keeps the
same derived data set-based, once per batch, in the same transaction
(`calmdesk.storage.derived`).

How a writer pauses them: the table `bulk_writers` (one row while paused, none otherwise) and a
`WHEN NOT EXISTS (SELECT 1 FROM bulk_writers)` on each of the four triggers. The writer inserts
its row, writes the batch, fills the derived data and deletes its row, all in one transaction.
SQLite has one writer at a time, and other connections read only committed data, so no other
connection ever sees the row: every other writer (the ORM, webhook ingest, the web desk, a
person with the sqlite3 shell, later migrations) keeps firing the triggers as before, and a
crash or rollback leaves no row behind. Why a table and not a function registered on the
connection: a trigger that calls an application function fails on every connection that has
not registered it (the sqlite3 shell, Alembic's connection); why not a temp table: triggers of
the main schema cannot read the temp schema.

The update and delete triggers are unchanged (an import updates few rows of earlier batches;
triage after it runs with every trigger in place). PostgreSQL is unchanged: its search index is
a generated column and its figures a BEFORE trigger, and it has no `bulk_writers`.

The triggers are rewritten from their stored SQL (the WHEN clause added or extended), so their
bodies stay exactly what 0003, 0007 and 0009 wrote; the downgrade takes the clause out again.
"""

from collections.abc import Callable, Sequence

from alembic import op

revision: str = "0010_bulk_writers"
down_revision: str | None = "0009_report_figures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The AFTER INSERT triggers an import's rows fire.
GATED = ("mentions_fts_ai", "authors_fts_ai", "open_case_counts_ai", "report_figures_ai")
GATE = "NOT EXISTS (SELECT 1 FROM bulk_writers)"


def _stored_sql(name: str) -> str:
    sql = op.get_bind().exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
    found = sql.scalar()
    if found is None:
        raise RuntimeError(f"trigger {name} is missing; the store's triggers must be restored first")
    return str(found)


def _gated(sql: str) -> str:
    head, sep, body = sql.partition(" BEGIN ")
    assert sep, sql
    if " WHEN " in head:
        on, _w, cond = head.partition(" WHEN ")
        return f"{on} WHEN {GATE} AND ({cond}) BEGIN {body}"
    return f"{head} WHEN {GATE} BEGIN {body}"


def _ungated(sql: str) -> str:
    head, sep, body = sql.partition(" BEGIN ")
    assert sep, sql
    on, _w, cond = head.partition(" WHEN ")
    if cond == GATE:
        return f"{on} BEGIN {body}"
    assert cond.startswith(f"{GATE} AND (") and cond.endswith(")"), sql
    return f"{on} WHEN {cond[len(GATE) + 6:-1]} BEGIN {body}"


def _rewrite(change: Callable[[str], str]) -> None:
    # Through the driver: the stored text goes back as it is (no bind-parameter parsing).
    bind = op.get_bind()
    for name in GATED:
        sql = _stored_sql(name)
        bind.exec_driver_sql(f"DROP TRIGGER {name}")
        bind.exec_driver_sql(change(sql))


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE bulk_writers (id INTEGER NOT NULL PRIMARY KEY)")
    _rewrite(_gated)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _rewrite(_ungated)
    op.execute("DROP TABLE bulk_writers")
