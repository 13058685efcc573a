"""The inbox's first page is read off `ix_cases_open_queue` (migration 0002), in the inbox order."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.queries.cases import InboxFilter, inbox_query, list_cases
from calmdesk.storage.tables import Brand, Case

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_the_index_covers_exactly_the_open_states() -> None:
    migration = importlib.import_module("calmdesk.storage.migrations.versions.0002_volume_burst_and_inbox")
    assert tuple(sorted(migration.OPEN_STATES)) == tuple(sorted(s.value for s in OPEN_STATES))


def _cases(factory: sessionmaker[Session], n: int) -> None:
    with factory.begin() as s:
        bid = s.execute(insert(Brand).values(key="acme", name="Acme").returning(Brand.id)).scalar_one()
        states = ["closed", "dismissed", "new", "triaged", "escalated"]
        s.execute(insert(Case), [
            {"brand_id": bid, "platform": "x", "thread_key": f"t{i}", "state": states[i % len(states)],
             "priority": i % 7, "first_response_due_at": None if i % 11 == 0 else T0 + timedelta(minutes=i % 13),
             "priority_factors": [], "escalation": [], "tags": [], "went_private": False,
             "public_closeout_done": False, "opened_at": T0, "updated_at": T0}
            for i in range(n)
        ])


def test_first_page_order_is_priority_then_due_time_with_empty_ones_last(factory: sessionmaker[Session]) -> None:
    _cases(factory, 300)
    with factory() as s:
        rows = [r[0] for r in list_cases(s, InboxFilter(), limit=300)]
    assert rows and all(c.state in {"new", "triaged", "escalated"} for c in rows)
    keys = [(-c.priority, c.first_response_due_at is None, c.first_response_due_at or T0, c.id) for c in rows]
    assert keys == sorted(keys)
    assert len(rows) == 180


def test_the_first_page_needs_no_sort(factory: sessionmaker[Session]) -> None:
    _cases(factory, 3000)
    q = inbox_query(InboxFilter(brand_ids=[1])).with_only_columns(Case.id).limit(51)
    with factory() as s:
        conn = s.connection()
        sql = str(q.compile(conn, compile_kwargs={"literal_binds": True}))
        if conn.dialect.name == "postgresql":
            # Whether the index is worth it depends on the table's size; that it CAN serve the
            # order without a sort (partial predicate and expressions matching) does not.
            conn.execute(text("SET LOCAL enable_seqscan = off"))
            conn.execute(text("SET LOCAL enable_sort = off"))
            conn.execute(text("SET LOCAL enable_bitmapscan = off"))
            plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql)))
            assert "open_" in plan and "_queue" in plan and "Sort" not in plan, plan
        else:
            conn.execute(text("ANALYZE"))
            plan = "\n".join(str(r[3]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "open_" in plan and "_queue" in plan and "TEMP B-TREE" not in plan, plan
        assert len(list(s.scalars(select(Case.id).where(Case.state == "new")))) == 600
