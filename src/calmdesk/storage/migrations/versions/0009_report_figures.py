"""report figures: each case's B-MEASURE facts stored as integers on its row (issue 18)

Revision ID: 0009_report_figures
Revises: 0008_partitions

`calmdesk report` at 1 M cases spent its time turning every case into report facts on each
run: four instants parsed from text (SQLite) or converted to epochs (PostgreSQL), the
escalation list parsed as JSON, and two look-ups in the audit log per case ("ever moved to
private / escalated"). Those facts change only when the case or its audit log is written, so
they are now stored with the case when that happens:

- `report_opened_us`: `opened_at` in whole microseconds since 1970 (UTC);
- `report_first_response_us`, `report_due_us`, `report_resolution_us`: `first_response_at`,
  `first_response_due_at` and `resolved_at` minus `opened_at`, in whole microseconds (NULL
  when the instant is NULL);
- `report_flags`: the bits the report counts, `FLAG_*` in `calmdesk.reports.aggregate`
  (went private, public close-out done, thanks known, thanked, escalated by its list or its
  state, dismissed), and two bits the audit log sets: moved to private, moved to escalated.

Who writes them: triggers, like the inbox counts of 0007. Every writer of `cases` (the ORM,
the bulk ingest's `update_by_id`, the importers, the demo, a person at the psql prompt) keeps
them right without remembering to; a reply, a reopen, a close or an import is an UPDATE or
INSERT of the columns the triggers watch. On PostgreSQL a BEFORE row trigger sets the
columns of the row being written; SQLite cannot change NEW, so an AFTER trigger updates the
row it just wrote (by rowid). An `actions` row `case.moved` to private or escalated sets its
bit on the case (AFTER INSERT; on PostgreSQL the trigger is on the partitioned table, so on
every partition). The audit log is append-only, so the bits are only ever set.

The business-hours first response is not stored: it depends on the brand's playbook (hours,
time zone, holidays), which changes without any case changing; the report counts it from
the stored instants on the brand's calendar (a binary search per case, `reports.aggregate`).

A later SQLite migration that copies `cases` (alembic batch mode) drops its triggers and must
recreate them (as it must 0007's).

Backfill: existing rows in id ranges of `BATCH`, in the migration's transaction; then the
audit log's moves, one grouped UPDATE.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_report_figures"
down_revision: str | None = "0008_partitions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 50_000
# The bits as this migration writes them (a migration must not follow later code changes;
# `tests/reports/test_report_figures.py` checks they still equal `reports.aggregate`'s).
PRIVATE, CLOSEOUT, THANKS_KNOWN, THANKED, ESCALATED, DISMISSED, MOVED_PRIVATE, MOVED_ESCALATED = (
    1 << i for i in range(8)
)
MOVED = MOVED_PRIVATE | MOVED_ESCALATED
#: The columns whose change changes a figure (the UPDATE triggers watch only these).
WATCHED = (
    "opened_at", "first_response_at", "first_response_due_at", "resolved_at", "went_private", "public_closeout_done",
    "thanked", "escalation", "state",
)  # fmt: skip
PG_TO = "detail ->> 'to'"
COLUMNS = ("report_opened_us", "report_first_response_us", "report_due_us", "report_resolution_us", "report_flags")


def _sqlite_us(col: str) -> str:
    """SQLite's stored `YYYY-MM-DD HH:MM:SS.ffffff` (UTC) as whole microseconds since 1970."""
    return f"(CAST(strftime('%s', {col}) AS INTEGER) * 1000000 + CAST(substr({col}, 21, 6) AS INTEGER))"


def _pg_us(col: str) -> str:
    """PostgreSQL 14+ answers the epoch as an exact numeric: times a million is whole microseconds."""
    return f"CAST(extract(epoch FROM {col}) * 1000000 AS bigint)"


def _bit(cond: str, bit: int) -> str:
    return f"(CASE WHEN {cond} THEN {bit} ELSE 0 END)"


def _flags(row: str, dialect: str) -> str:
    """The bits of one row (`row` is 'NEW.' in a trigger, '' in the backfill); the moved bits are kept."""
    r = row
    if dialect == "sqlite":
        kinds = (
            f"(CASE WHEN {r}escalation IS NULL OR {r}escalation IN ('[]', 'null') OR NOT json_valid({r}escalation) "
            f"THEN 0 ELSE EXISTS (SELECT 1 FROM json_each({r}escalation) AS e WHERE e.type IN ('text', 'object')) END)"
        )
        escalated = f"{kinds} = 1 OR {r}state = 'escalated'"
        true = "= 1"
    else:
        kinds = (
            f"(json_typeof({r}escalation) = 'array' AND json_array_length({r}escalation) > 0 AND EXISTS "
            f"(SELECT 1 FROM json_array_elements({r}escalation) AS e(v) WHERE json_typeof(e.v) IN ('string', 'object')))"
        )
        escalated = f"coalesce({kinds}, false) OR {r}state = 'escalated'"
        true = "IS TRUE"
    own = " + ".join(
        (
            _bit(f"{r}went_private {true}", PRIVATE),
            _bit(f"{r}public_closeout_done {true}", CLOSEOUT),
            _bit(f"{r}thanked IS NOT NULL", THANKS_KNOWN),
            _bit(f"{r}thanked {true}", THANKED),
            _bit(escalated, ESCALATED),
            _bit(f"{r}state = 'dismissed'", DISMISSED),
        )
    )
    return f"((coalesce({r}report_flags, 0) & {MOVED}) | ({own}))"


def _values(row: str, dialect: str) -> list[str]:
    """The five figures of one row, in `COLUMNS` order."""
    us = _sqlite_us if dialect == "sqlite" else _pg_us
    opened = us(f"{row}opened_at")
    return [
        opened,
        f"{us(f'{row}first_response_at')} - {opened}",
        f"{us(f'{row}first_response_due_at')} - {opened}",
        f"{us(f'{row}resolved_at')} - {opened}",
        _flags(row, dialect),
    ]


def _set(row: str, dialect: str) -> str:
    return ", ".join(f"{c} = {v}" for c, v in zip(COLUMNS, _values(row, dialect), strict=True))


def _moved_bits(detail_to: str) -> str:
    return f"(CASE {detail_to} WHEN 'private' THEN {MOVED_PRIVATE} WHEN 'escalated' THEN {MOVED_ESCALATED} ELSE 0 END)"


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect.name
    op.add_column("cases", sa.Column("report_opened_us", sa.BigInteger(), nullable=True))
    op.add_column("cases", sa.Column("report_first_response_us", sa.BigInteger(), nullable=True))
    op.add_column("cases", sa.Column("report_due_us", sa.BigInteger(), nullable=True))
    op.add_column("cases", sa.Column("report_resolution_us", sa.BigInteger(), nullable=True))
    op.add_column("cases", sa.Column("report_flags", sa.Integer(), nullable=False, server_default="0"))
    watched = ", ".join(WATCHED)
    if dialect == "sqlite":
        sqlite_moved = _moved_bits("CASE WHEN json_valid(NEW.detail) THEN json_extract(NEW.detail, '$.to') END")
        op.execute(
            f"CREATE TRIGGER report_figures_ai AFTER INSERT ON cases BEGIN "
            f"UPDATE cases SET {_set('NEW.', dialect)} WHERE id = NEW.id; END"
        )
        op.execute(
            f"CREATE TRIGGER report_figures_au AFTER UPDATE OF {watched} ON cases BEGIN "
            f"UPDATE cases SET {_set('NEW.', dialect)} WHERE id = NEW.id; END"
        )
        op.execute(
            f"CREATE TRIGGER report_figures_moved AFTER INSERT ON actions "
            f"WHEN NEW.verb = 'case.moved' AND NEW.case_id IS NOT NULL BEGIN "
            f"UPDATE cases SET report_flags = report_flags | {sqlite_moved} WHERE id = NEW.case_id; END"
        )
    else:
        assigns = "; ".join(f"NEW.{c} := {v}" for c, v in zip(COLUMNS, _values("NEW.", dialect), strict=True))
        op.execute(
            f"""
            CREATE FUNCTION report_figures_case() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                {assigns};
                RETURN NEW;
            END $$
            """
        )
        op.execute(
            f"CREATE TRIGGER report_figures_biu BEFORE INSERT OR UPDATE OF {watched} ON cases "
            f"FOR EACH ROW EXECUTE FUNCTION report_figures_case()"
        )
        op.execute(
            f"""
            CREATE FUNCTION report_figures_moved() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE bits integer := {_moved_bits("NEW.detail ->> 'to'")};
            BEGIN
                IF bits <> 0 THEN
                    UPDATE cases SET report_flags = report_flags | bits WHERE id = NEW.case_id;
                END IF;
                RETURN NULL;
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER report_figures_moved AFTER INSERT ON actions FOR EACH ROW "
            "WHEN (NEW.verb = 'case.moved' AND NEW.case_id IS NOT NULL) EXECUTE FUNCTION report_figures_moved()"
        )
    top = bind.execute(sa.text("SELECT max(id) FROM cases")).scalar() or 0
    for lo in range(0, top, BATCH):
        op.execute(f"UPDATE cases SET {_set('', dialect)} WHERE id > {lo} AND id <= {lo + BATCH}")
    if dialect == "sqlite":
        to = "CASE WHEN json_valid(detail) THEN json_extract(detail, '$.to') END"
        # SQLite has no bit_or; there are two bits, so two maxima.
        bits = f"max({_moved_bits(to)} & {MOVED_PRIVATE}) | max({_moved_bits(to)} & {MOVED_ESCALATED})"
    else:
        bits = f"bit_or({_moved_bits(PG_TO)})"
    op.execute(
        f"UPDATE cases SET report_flags = report_flags | m.bits FROM (SELECT case_id, {bits} AS bits FROM actions "
        f"WHERE verb = 'case.moved' AND case_id IS NOT NULL GROUP BY case_id) AS m "
        f"WHERE cases.id = m.case_id AND m.bits <> 0"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("ai", "au", "moved"):
            op.execute(f"DROP TRIGGER IF EXISTS report_figures_{name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS report_figures_moved ON actions")
        op.execute("DROP TRIGGER IF EXISTS report_figures_biu ON cases")
        op.execute("DROP FUNCTION IF EXISTS report_figures_moved()")
        op.execute("DROP FUNCTION IF EXISTS report_figures_case()")
    for col in reversed(COLUMNS):
        op.execute(f"ALTER TABLE cases DROP COLUMN {col}")  # SQLite 3.35+ drops a plain column in place
