"""Keyset pages of the inbox (`?after=`): the exact inbox order, stable while cases change,
read off the inbox index, and a damaged cursor is a clear error (both engines)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, text, update
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.users import Access
from calmdesk.domain.inbox_cursor import InboxCursor, InboxCursorError, decode_cursor
from calmdesk.queries.cases import InboxFilter, inbox_query
from calmdesk.queries.desk import PAGE_SIZE, InboxQuery, _after_ranges, _ids_only, inbox_rows
from calmdesk.storage.tables import Brand, Case

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ADMIN = Access(user_id=1, username="admin", display_name="Admin", is_admin=True, roles={})


def _cases(factory: sessionmaker[Session], n: int) -> None:
    """Many ties: 3 priorities, 5 due times (some empty), so every range of the cursor is used."""
    with factory.begin() as s:
        bid = s.execute(insert(Brand).values(key="acme", name="Acme").returning(Brand.id)).scalar_one()
        states = ["closed", "new", "triaged", "escalated"]
        s.execute(insert(Case), [
            {"brand_id": bid, "platform": "x", "thread_key": f"t{i}", "state": states[i % len(states)],
             "priority": i % 3, "first_response_due_at": None if i % 5 == 0 else T0 + timedelta(minutes=i % 4),
             "priority_factors": [], "escalation": [], "tags": [], "went_private": False,
             "public_closeout_done": False, "opened_at": T0, "updated_at": T0}
            for i in range(n)
        ])


def _walk(s: Session, q: InboxQuery | None = None) -> list[list[int]]:
    pages, q = [], q or InboxQuery()
    while True:
        data = inbox_rows(s, ADMIN, q, now=T0)
        pages.append([item["id"] for item in data["items"]])
        if not data["next_after"]:
            assert not data["has_more"]
            return pages
        q = InboxQuery(after=decode_cursor(data["next_after"]))
        assert q.after is not None and q.after.page == len(pages) + 1


def test_keyset_pages_are_the_inbox_order_without_gaps(factory: sessionmaker[Session]) -> None:
    _cases(factory, 700)
    with factory() as s:
        expected = list(s.scalars(_ids_only(inbox_query(InboxFilter()))))
        pages = _walk(s)
        offset_pages = [
            [i["id"] for i in inbox_rows(s, ADMIN, InboxQuery(page=n), now=T0)["items"]]
            for n in range(1, len(pages) + 1)
        ]
    assert len(expected) == 525 and len(pages) == 11
    assert [cid for page in pages for cid in page] == expected
    assert all(len(p) == PAGE_SIZE for p in pages[:-1])
    assert offset_pages == pages  # the old links still read the same pages while nothing moves


def test_keyset_pages_stay_stable_while_cases_change(factory: sessionmaker[Session]) -> None:
    """Cases ahead of the cursor close and a new urgent one arrives between two pages: the
    next page neither repeats nor skips an unchanged case (an OFFSET page would skip 10)."""
    _cases(factory, 700)
    with factory() as s:
        before = list(s.scalars(_ids_only(inbox_query(InboxFilter()))))
        first = inbox_rows(s, ADMIN, InboxQuery(), now=T0)
    shown = [i["id"] for i in first["items"]]
    with factory.begin() as s:
        s.execute(update(Case).where(Case.id.in_(shown[:10])).values(state="closed"))
        s.execute(insert(Case).values(brand_id=1, platform="x", thread_key="urgent", state="new", priority=9,
                                      priority_factors=[], escalation=[], tags=[], went_private=False,
                                      public_closeout_done=False, opened_at=T0, updated_at=T0))
    with factory() as s:
        after = inbox_rows(s, ADMIN, InboxQuery(after=decode_cursor(first["next_after"])), now=T0)
        offset = inbox_rows(s, ADMIN, InboxQuery(page=2), now=T0)
    assert [i["id"] for i in after["items"]] == before[PAGE_SIZE:2 * PAGE_SIZE]
    assert [i["id"] for i in offset["items"]] != before[PAGE_SIZE:2 * PAGE_SIZE]


def test_each_range_after_the_cursor_is_an_index_seek_not_a_scan(factory: sessionmaker[Session]) -> None:
    _cases(factory, 3000)
    cur = InboxCursor(page=2, priority=1, due_at=T0 + timedelta(minutes=2), case_id=10)
    with factory() as s:
        conn = s.connection()
        for part in _after_ranges(_ids_only(inbox_query(InboxFilter())), cur):
            sql = str(part.limit(51).compile(conn, compile_kwargs={"literal_binds": True}))
            if conn.dialect.name == "postgresql":
                for knob in ("enable_seqscan", "enable_sort", "enable_bitmapscan"):
                    conn.execute(text(f"SET LOCAL {knob} = off"))
                plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + sql)))
                assert "Index" in plan and "Seq Scan on cases" not in plan, plan
            else:
                conn.execute(text("ANALYZE"))
                plan = "\n".join(str(r[3]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
                # A seek (SEARCH) into one of the inbox indexes, never a scan of the open cases.
                assert "SEARCH cases USING" in plan and "SCAN cases" not in plan, plan


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "empty"),
        ("not base64 !!", "bad encoding"),
        ("W10", "wrong shape"),  # []
        (InboxCursor(2, 1, None, 5).encode()[:-3], "not one this inbox wrote"),
        ("WzEsMSxudWxsLDVd", "page"),  # [1,1,null,5]: page 1 has no cursor
        ("WzIsMSwieCIsNV0", "due time"),  # [2,1,"x",5]
        ("WzIsMSxudWxsLDBd", "case id"),  # [2,1,null,0]
        ("WzIsdHJ1ZSxudWxsLDVd", "priority"),  # [2,true,null,5]
        ("WzIsMSwiMjAyNi0wMS0wMVQwMDowMDowMCIsNV0", "time zone"),  # naive due time
    ],
)
def test_a_bad_cursor_says_what_is_wrong(raw: str, says: str) -> None:
    with pytest.raises(InboxCursorError, match=says):
        decode_cursor(raw)


def test_a_cursor_reads_back_as_written() -> None:
    cur = InboxCursor(page=3, priority=-4, due_at=T0 + timedelta(microseconds=7), case_id=123)
    assert decode_cursor(cur.encode()) == cur
    assert decode_cursor(InboxCursor(2, 0, None, 1).encode()).due_at is None
