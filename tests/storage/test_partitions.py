"""Monthly partitions of `mentions` and `actions` on PostgreSQL (issue 18, item 4), and SQLite
left as it was. Real stores; the conversion test fills a store at 0007 and upgrades it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.config import Config
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.ingest import IngestReport, do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.queries.search import search_case_ids
from calmdesk.storage.bulk import allocate_ids, insert_rows, table_of
from calmdesk.storage.db import MIGRATIONS_DIR, make_engine, make_sessionmaker, migrate
from calmdesk.storage.partitions import (
    MONTHS_AHEAD,
    add_months,
    ensure_partitions,
    insert_mentions,
    is_partitioned,
    month_start,
    partition_name,
    partitions_of,
)
from calmdesk.storage.tables import Action, Case, Mention, Message
from calmdesk.workers import jobs

PLAYBOOK = """
brand = "acme"
[[channels]]
platform = "x"
handle = "acme"
[hours]
always_open = true
"""
JAN = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
FEB = datetime(2027, 2, 10, 9, 0, tzinfo=UTC)


def item(ext: str, at: datetime, text_: str = "@acme my order never arrived") -> MentionIn:
    return MentionIn(
        platform="x", external_id=ext, text=text_, created_at=at, author=AuthorIn(handle="jo"), brand_handle="acme"
    )


@pytest.fixture
def desk(pg_engine: Engine) -> sessionmaker[Session]:
    factory = make_sessionmaker(pg_engine)
    with factory.begin() as s:
        do_upsert_brand(s, parse_playbook(PLAYBOOK), PLAYBOOK)
    return factory


def where(s: Session, table: str, id_: int) -> str:
    """The partition a row is stored in."""
    return str(s.execute(text(f"SELECT tableoid::regclass::text FROM {table} WHERE id = :i"), {"i": id_}).scalar_one())


def test_mentions_and_actions_are_partitioned_by_month_with_a_default(pg_engine: Engine) -> None:
    now = datetime.now(UTC)
    with pg_engine.connect() as conn:
        for table, key in (("mentions", "created_at"), ("actions", "at")):
            assert is_partitioned(conn, table)
            strategy, column = conn.execute(
                text(
                    "SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a "
                    "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] WHERE p.partrelid = to_regclass(:t)"
                ),
                {"t": table},
            ).one()
            assert (strategy, column) == ("r", key)
            names = partitions_of(conn, table)
            assert f"{table}_default" in names
            for n in range(MONTHS_AHEAD + 1):
                assert partition_name(table, add_months(month_start(now), n)) in names
        # The exactly-once pair lives in mention_keys; messages refer to it.
        assert conn.execute(text("SELECT to_regclass('mention_keys')")).scalar() is not None
        target = conn.execute(
            text("SELECT confrelid::regclass::text FROM pg_constraint WHERE conname = 'messages_mention_id_fkey'")
        ).scalar_one()
        assert target == "mention_keys"


def test_sqlite_keeps_plain_tables_and_the_job_does_nothing(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory() as s:
        assert not is_partitioned(s.connection(), "mentions")
        assert ensure_partitions(s.connection(), datetime.now(UTC)).created == []
    assert jobs.run_partition_maintenance(sqlite_factory) == {"created": [], "moved_rows": 0}


def test_the_scheduler_job_creates_next_months_idempotently(desk: sessionmaker[Session]) -> None:
    later = datetime(2031, 11, 20, 12, 0, tzinfo=UTC)  # past every month the migration made
    first = jobs.run_partition_maintenance(desk, later)
    expected = [
        partition_name(t, add_months(datetime(2031, 11, 1, tzinfo=UTC), n))
        for t in ("mentions", "actions")
        for n in range(MONTHS_AHEAD + 1)
    ]
    assert first == {"created": expected, "moved_rows": 0}
    assert partition_name("mentions", datetime(2032, 2, 1, tzinfo=UTC)) in expected  # crosses the year
    assert jobs.run_partition_maintenance(desk, later) == {"created": [], "moved_rows": 0}
    assert jobs.run_partition_maintenance(desk, later + timedelta(days=15))["created"] == [
        "mentions_y2032m03", "actions_y2032m03"
    ]
    with desk() as s:
        names = partitions_of(s.connection(), "mentions")
        assert {"mentions_y2031m11", "mentions_y2032m02", "mentions_y2032m03"} <= set(names)
        # A post of such a month goes to its month's table.
        do_ingest_mentions(s, [item("late", datetime(2032, 1, 3, tzinfo=UTC))])
        mid = s.scalar(select(Mention.id).where(Mention.external_id == "late"))
        assert mid is not None and where(s, "mentions", mid) == "mentions_y2032m01"


def test_an_insert_outside_every_month_lands_in_default_and_moves_when_its_month_is_made(
    desk: sessionmaker[Session],
) -> None:
    old = datetime(1999, 3, 4, 5, 6, tzinfo=UTC)
    with desk.begin() as s:
        report = do_ingest_mentions(s, [item("ancient", old, "@acme refund please")])
        mid = report.mention_ids[0]
        case_id = report.case_ids_created[0]
        s.add(Action(case_id=case_id, actor="alice", verb="case.note", detail={}, at=old))
        s.flush()
        aid = s.scalar(select(func.max(Action.id)).where(Action.at == old))
        assert aid is not None
        assert where(s, "mentions", mid) == "mentions_default"
        assert where(s, "actions", aid) == "actions_default"
    with desk.begin() as s:
        made = ensure_partitions(s.connection(), old, months_ahead=0)
        assert made.created == ["mentions_y1999m03", "actions_y1999m03"] and made.moved_rows == 2
    with desk() as s:
        assert where(s, "mentions", mid) == "mentions_y1999m03"
        assert where(s, "actions", aid) == "actions_y1999m03"
        # Still the same mention everywhere: its message, its key, the ORM, search.
        assert s.scalar(select(Message.mention_id).where(Message.case_id == case_id)) == mid
        assert s.get_one(Mention, mid).created_at == old
        assert case_id in search_case_ids(s, None, "refund")
        assert s.scalar(text("SELECT count(*) FROM mention_keys WHERE id = :i"), {"i": mid}) == 1


def test_the_same_post_twice_across_two_months_is_stored_once(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        first = do_ingest_mentions(s, [item("42", JAN)])
    with desk.begin() as s:
        again = do_ingest_mentions(s, [item("42", FEB)])  # re-dated by the platform
    assert (first.created, again.created, again.duplicates) == (1, 0, 1)
    # The race: a writer that did not see the stored row (its lookup ran before the commit)
    # still stores nothing, although its row would go to another month's partition.
    with desk.begin() as s:
        conn = s.connection()
        mentions = table_of(Mention)
        row = dict(s.execute(select(mentions).where(mentions.c.external_id == "42")).mappings().one())
        new_id = allocate_ids(conn, mentions, 1)[0]
        cols = list(row)
        values = [[{**row, "id": new_id, "created_at": FEB}[c]] for c in cols]
        assert insert_mentions(conn, mentions, cols, values) == set()
    with desk() as s:
        assert s.scalar(select(func.count()).select_from(Mention).where(Mention.external_id == "42")) == 1
        assert s.scalar(text("SELECT count(*) FROM mention_keys WHERE external_id = '42'")) == 1
    # Any other insert of the pair fails as the unique constraint did.
    with desk() as s, pytest.raises(IntegrityError):
        insert_rows(s.connection(), mentions, [{**row, "id": new_id + 1, "created_at": FEB}])


def test_two_writers_ingesting_the_same_post_in_two_months_store_it_once(desk: sessionmaker[Session]) -> None:
    """The second writer's lookup cannot see the first's uncommitted row; the key makes it wait
    and then count the post as a duplicate."""
    import threading

    s1 = desk()
    r1 = do_ingest_mentions(s1, [item("77", JAN)])
    out: dict[str, IngestReport] = {}

    def second() -> None:
        with desk.begin() as s2:
            out["report"] = do_ingest_mentions(s2, [item("77", FEB)])

    t = threading.Thread(target=second)
    t.start()
    with desk() as watch:  # until the second writer waits on the first one's rows
        for _ in range(600):
            waiting = watch.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ))
            watch.rollback()
            if waiting or not t.is_alive():
                break
            threading.Event().wait(0.05)
    assert t.is_alive()
    s1.commit()
    s1.close()
    t.join(30)
    r2 = out["report"]
    assert (r1.created, r2.created, r2.duplicates) == (1, 0, 1)
    with desk() as s:
        assert s.scalar(select(func.count()).select_from(Mention).where(Mention.external_id == "77")) == 1
        assert s.scalar(select(func.count()).select_from(Case)) == 1


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def test_the_migration_converts_a_filled_store_and_goes_back(pg_url: str) -> None:
    from alembic import command

    engine = make_engine(pg_url)
    try:
        migrate(engine, "0007_open_case_counts")
        factory = make_sessionmaker(engine)
        with factory.begin() as s:
            do_upsert_brand(s, parse_playbook(PLAYBOOK), PLAYBOOK)
            do_ingest_mentions(s, [item(str(i), datetime(2025, 1 + i % 12, 3, tzinfo=UTC), f"@acme parcel {i}")
                                   for i in range(30)])
        with engine.connect() as c:
            before = {t: c.execute(text(f"SELECT count(*), max(id) FROM {t}")).one() for t in ("mentions", "actions", "messages")}
        migrate(engine)
        with factory() as s:
            conn = s.connection()
            after = {t: s.execute(text(f"SELECT count(*), max(id) FROM {t}")).one() for t in ("mentions", "actions", "messages")}
            assert after == before
            assert {f"mentions_y2025m{m:02d}" for m in range(1, 13)} <= set(partitions_of(conn, "mentions"))
            assert s.scalar(text("SELECT count(*) FROM mentions_default")) == 0
            assert s.scalar(text("SELECT count(*) FROM mention_keys")) == before["mentions"][0]
            assert search_case_ids(s, None, "parcel")
        with factory.begin() as s:
            again = do_ingest_mentions(s, [item("3", JAN), item("new", JAN)])
        assert (again.created, again.duplicates) == (1, 1)
        assert again.mention_ids[0] > before["mentions"][1]  # the sequence went on
        cfg = _config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007_open_case_counts")
        with engine.connect() as c:
            assert not is_partitioned(c, "mentions") and not is_partitioned(c, "actions")
            assert c.execute(text("SELECT count(*) FROM mentions")).scalar() == before["mentions"][0] + 1
        migrate(engine)
        with engine.connect() as c:
            assert is_partitioned(c, "mentions")
    finally:
        engine.dispose()
