"""Conflict-free inserts: a batch that lost a race to another writer joins the winner's rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.storage.bulk import allocate_ids, table_of, update_by_id
from calmdesk.storage.tables import Action, Author, Case, Mention, Message
from calmdesk.storage.upsert import insert_new

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def m(ext: str, who: str, reply_to: str | None = None, minutes: int = 0) -> MentionIn:
    return MentionIn(
        platform="x", external_id=ext, text=f"@acme post {ext}", created_at=T0 + timedelta(minutes=minutes),
        author=AuthorIn(handle=who, followers=5), in_reply_to=reply_to,
    )


def count(s: Session, table: Any) -> int:
    return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_insert_new_skips_stored_keys_and_says_which_went_in(factory: sessionmaker[Session]) -> None:
    cols = ("id", "platform", "handle", "followers", "verified", "is_brand")
    with factory.begin() as s:
        conn = s.connection()
        first = allocate_ids(conn, table_of(Author), 2)
        assert insert_new(conn, table_of(Author), cols, (first, ["x", "x"], ["ann", "bob"], [1, 2],
                                                         [False, True], [False, False]), ("platform", "handle"))
    with factory.begin() as s:
        conn = s.connection()
        ids = allocate_ids(conn, table_of(Author), 2)
        won = insert_new(conn, table_of(Author), cols, (ids, ["x", "x"], ["bob", "cy"], [9, 3], [False, False],
                                                        [False, False]), ("platform", "handle"))
        assert won == {ids[1]}
    with factory() as s:
        rows = {h: (f, v) for h, f, v in s.execute(select(Author.handle, Author.followers, Author.verified))}
    assert rows == {"ann": (1, False), "bob": (2, True), "cy": (3, False)}  # bob kept as first stored


def test_batch_that_lost_the_race_joins_the_winners_case_and_stores_nothing_twice(
    factory: sessionmaker[Session],
) -> None:
    """Another writer commits the same thread between this batch's lookups and its inserts."""
    engine = factory.kw["bind"]
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer at a time: the other writer waits for this whole transaction")
    with factory.begin() as s:
        ensure_brand(s, "acme")
    winner = [m("1", "ann"), m("2", "ann", reply_to="1", minutes=1)]
    batch = [*winner, m("3", "zed", minutes=2), m("4", "bob", reply_to="1", minutes=3)]
    fired: list[bool] = []

    def race(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # The batch's first write: it has decided what is new and written nothing yet.
        if "nextval" in statement and not fired:
            fired.append(True)
            with factory.begin() as other:
                do_ingest_mentions(other, winner, brand_key="acme")

    event.listen(engine, "before_cursor_execute", race)
    try:
        with factory.begin() as s:
            report = do_ingest_mentions(s, batch, brand_key="acme")
    finally:
        event.remove(engine, "before_cursor_execute", race)
    assert fired
    assert report.created == 2 and report.duplicates == 2 and report.cases_created == 1
    with factory() as s:
        assert count(s, Mention) == 4 and count(s, Message) == 4 and count(s, Author) == 3
        cases = {c.thread_key: c for c in s.scalars(select(Case))}
        assert sorted(cases) == ["1", "3"]
        # The reply from bob joined the winner's case, and moved its latest customer message.
        assert s.scalar(select(Mention.case_id).where(Mention.external_id == "4")) == cases["1"].id
        assert cases["1"].last_inbound_at == T0 + timedelta(minutes=3)
        opened = s.scalars(select(Action.case_id).where(Action.verb == "case.opened")).all()
        assert sorted(opened) == sorted(c.id for c in cases.values())


def test_set_based_writes_keep_json_quotes_floats_and_nulls(factory: sessionmaker[Session]) -> None:
    """The binary array path (PostgreSQL) and executemany (SQLite) store what the ORM would read back."""
    with factory.begin() as s:
        ensure_brand(s, "acme")
        do_ingest_mentions(s, [m("1", "ann"), m("2", "bob", minutes=1)], brand_key="acme", run_hooks=False)
    tricky = {"why": 'a "quoted" \\ back\nslash', "n": [1, 2.5, None], "ü": "é"}
    with factory.begin() as s:
        ids = sorted(s.scalars(select(Mention.id)))
        cases = sorted(s.scalars(select(Case.id)))
        conn = s.connection()
        update_by_id(conn, table_of(Mention), ("language", "triage"), [[ids[0], "en", tricky], [ids[1], None, {}]])
        update_by_id(
            conn, table_of(Case), ("sentiment_first", "tags", "updated_at"),
            [[cases[0], 1, ["a\"b", "c"], T0], [cases[1], None, [], T0 + timedelta(hours=1)]],
        )
    with factory() as s:
        got = {ext: (lang, tri) for ext, lang, tri in s.execute(select(Mention.external_id, Mention.language,
                                                                        Mention.triage))}
        case_rows = {c.id: (c.sentiment_first, c.tags, c.updated_at) for c in s.scalars(select(Case))}
    assert got == {"1": ("en", tricky), "2": (None, {})}
    assert case_rows[cases[0]] == (1.0, ['a"b', "c"], T0)
    assert case_rows[cases[1]] == (None, [], T0 + timedelta(hours=1))
    with factory.begin() as s, pytest.raises(ValueError, match="naive"):
        update_by_id(s.connection(), table_of(Case), ("updated_at",), [[cases[0], datetime(2026, 1, 1)]])


def test_sqlite_tells_skipped_rows_apart_from_rows_triggers_wrote(sqlite_factory: sessionmaker[Session]) -> None:
    """Cases have a trigger (open-case deltas): one new case and one skipped must say exactly which went in."""
    cols = ("id", "brand_id", "platform", "thread_key", "state", "opened_at", "priority_factors", "escalation",
            "tags", "went_private", "public_closeout_done", "priority", "updated_at")

    def cases(ids: list[int], brand_id: int, threads: list[str]) -> list[list[Any]]:
        n = len(ids)
        return [ids, [brand_id] * n, ["x"] * n, threads, ["new"] * n, [T0] * n, [[]] * n, [[]] * n, [[]] * n,
                [False] * n, [False] * n, [0] * n, [T0] * n]

    with sqlite_factory.begin() as s:
        brand_id = ensure_brand(s, "acme").id
        conn = s.connection()
        first = allocate_ids(conn, table_of(Case), 1)
        assert insert_new(conn, table_of(Case), cols, cases(first, brand_id, ["t1"]),
                          ("brand_id", "platform", "thread_key")) == set(first)
    with sqlite_factory.begin() as s:
        conn = s.connection()
        ids = allocate_ids(conn, table_of(Case), 2)
        # One row skipped (t1 is stored), one inserted, and its trigger wrote one more row:
        # as many changes on the connection as rows offered.
        won = insert_new(conn, table_of(Case), cols, cases(ids, brand_id, ["t1", "t2"]),
                         ("brand_id", "platform", "thread_key"))
        assert won == {ids[1]}
    with sqlite_factory() as s:
        assert sorted(s.scalars(select(Case.thread_key))) == ["t1", "t2"]


@pytest.mark.parametrize("n", [1, 7, 8, 9, 25])
def test_multirow_inserts_keep_order_and_count_only_new_rows(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    """SQLite writes many rows a statement (`bulk.MULTIROW`): full statements, a remainder,
    rows skipped on conflict in any of them; ids, values and the inserted set as row by row."""
    from calmdesk.storage import bulk

    if factory.kw["bind"].dialect.name != "sqlite":
        pytest.skip("the multi-row statement is SQLite's path")
    monkeypatch.setattr(bulk, "MULTIROW", 4)
    cols = ("id", "platform", "handle", "followers", "verified", "is_brand")
    with factory.begin() as s:
        conn = s.connection()
        taken = allocate_ids(conn, table_of(Author), 2)
        insert_new(conn, table_of(Author), cols, (taken, ["x", "x"], ["h1", "h5"], [0, 0], [False] * 2, [False] * 2),
                   ("platform", "handle"))
    with factory.begin() as s:
        conn = s.connection()
        ids = allocate_ids(conn, table_of(Author), n)
        handles = [f"h{i}" for i in range(n)]
        won = insert_new(conn, table_of(Author), cols, (ids, ["x"] * n, handles, list(range(n)), [True] * n,
                                                        [False] * n), ("platform", "handle"))
    assert won == {i for i, h in zip(ids, handles, strict=True) if h not in ("h1", "h5")}
    with factory() as s:
        rows = dict(s.execute(select(Author.id, Author.followers).where(Author.id.in_(ids))).tuples().all())
    assert rows == {i: f for i, f, h in zip(ids, range(n), handles, strict=True) if h not in ("h1", "h5")}


@pytest.mark.parametrize("dupes", [False, True], ids=["many-a-statement", "repeated-id"])
def test_update_by_id_many_rows_a_statement(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch, dupes: bool
) -> None:
    """SQLite updates up to `bulk.MULTIROW` rows a statement (UPDATE ... FROM VALUES); a list that
    names an id twice goes row by row, so the last value wins as it always did."""
    from calmdesk.storage import bulk

    if factory.kw["bind"].dialect.name != "sqlite":
        pytest.skip("the multi-row statement is SQLite's path")
    monkeypatch.setattr(bulk, "MULTIROW", 3)
    cols = ("id", "platform", "handle", "followers", "verified", "is_brand")
    with factory.begin() as s:
        conn = s.connection()
        ids = allocate_ids(conn, table_of(Author), 8)
        insert_new(conn, table_of(Author), cols, (ids, ["x"] * 8, [f"u{i}" for i in range(8)], [0] * 8, [False] * 8,
                                                  [False] * 8), ("platform", "handle"))
    rows = [[i, 10 + n, n % 2 == 0] for n, i in enumerate(ids[:7])]
    if dupes:
        rows.append([ids[0], 99, True])
    with factory.begin() as s:
        update_by_id(s.connection(), table_of(Author), ("followers", "verified"), rows)
    with factory() as s:
        got = dict((i, (f, v)) for i, f, v in s.execute(select(Author.id, Author.followers, Author.verified)))
    want = {i: (10 + n, n % 2 == 0) for n, i in enumerate(ids[:7])} | {ids[7]: (0, False)}
    if dupes:
        want[ids[0]] = (99, True)
    assert got == want
