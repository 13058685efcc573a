"""The inbox's filter counts from the trigger-kept summary (issue 18, migration 0007): after every
kind of change, before and after the fold, they equal a fresh GROUP BY over `cases`, on SQLite
and on the local PostgreSQL; concurrent writers on PostgreSQL neither deadlock nor lose a count."""

from __future__ import annotations

import importlib
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions import users
from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.bulk import do_bulk
from calmdesk.actions.cases import do_assign_case, do_move_case
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.open_counts import fold_open_case_deltas
from calmdesk.actions.users import Access, do_create_user
from calmdesk.domain.bulk import BulkAction
from calmdesk.domain.lifecycle import OPEN_STATES, State
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.queries.desk import inbox_counts
from calmdesk.queries.open_counts import DUE_SOON_CAP, due_soon_count
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Brand, Case, OpenCaseDelta
from calmdesk.workers import jobs

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
ADMIN = Access(user_id=0, username="admin", display_name="Admin", is_admin=True, roles={})


def playbook(key: str) -> str:
    return f"""
brand = "{key}"
[[channels]]
platform = "x"
handle = "{key}"
[[channels]]
platform = "mastodon"
handle = "{key}"
[hours]
always_open = true
"""


def mention(ext: str, brand: str, *, platform: str = "x", who: str = "jo", minutes: int = 0,
            reply_to: str | None = None) -> MentionIn:
    return MentionIn(
        platform=platform, external_id=ext, text=f"@{brand} my order {ext} never arrived, where is it?",
        created_at=T0 + timedelta(minutes=minutes), author=AuthorIn(handle=who, followers=10),
        in_reply_to=reply_to, brand_handle=brand,
    )


def fresh_group_by(s: Session, access: Access, now: datetime, minutes: int = 60) -> dict[str, Any]:
    """The counts as a plain GROUP BY over every open case computes them (the query before 0007)."""
    open_states = sorted(st.value for st in OPEN_STATES)
    stmt = (
        select(Brand.key, Case.state, Case.platform, Case.topic, Case.owner, func.count())
        .join(Brand, Brand.id == Case.brand_id)
        .where(Case.state.in_(open_states))
        .group_by(Brand.key, Case.state, Case.platform, Case.topic, Case.owner)
    )
    if access.brand_ids is not None:
        stmt = stmt.where(Case.brand_id.in_(access.brand_ids))
    out: dict[str, Any] = {"open": 0, "state": {}, "platform": {}, "topic": {}, "brand": {},
                           "mine": 0, "unassigned": 0}
    for key, state, platform, topic, owner, n in s.execute(stmt):
        out["open"] += n
        for dim, value in (("state", state), ("platform", platform), ("topic", topic), ("brand", key)):
            if value is not None:
                out[dim][value] = out[dim].get(value, 0) + n
        out["mine"] += n if owner == access.username else 0
        out["unassigned"] += n if owner is None else 0
    out["escalated"] = out["state"].get("escalated", 0)
    soon = select(func.count()).where(
        Case.state.in_(open_states), Case.first_response_at.is_(None),
        Case.first_response_due_at <= now + timedelta(minutes=minutes),
    )
    if access.brand_ids is not None:
        soon = soon.where(Case.brand_id.in_(access.brand_ids))
    exact = int(s.scalar(soon) or 0)
    out["due_soon"], out["due_soon_capped"] = min(exact, DUE_SOON_CAP), exact > DUE_SOON_CAP
    return out


def deltas(s: Session) -> int:
    return int(s.scalar(select(func.count()).select_from(OpenCaseDelta)) or 0)


def check(factory: sessionmaker[Session], *accesses: Access, now: datetime = T0) -> None:
    """Counts equal the GROUP BY with the deltas unfolded, then again after a fold."""
    for access in accesses or (ADMIN,):
        with factory() as s:
            assert inbox_counts(s, access, now=now) == fresh_group_by(s, access, now)
    with factory.begin() as s:
        fold_open_case_deltas(s)
    with factory() as s:
        assert deltas(s) == 0
        for access in accesses or (ADMIN,):
            assert inbox_counts(s, access, now=now) == fresh_group_by(s, access, now)


@pytest.fixture
def desk(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with factory.begin() as s:
        for key in ("acme", "globex"):
            do_upsert_brand(s, parse_playbook(playbook(key)), playbook(key))
        do_create_user(s, "ana", "a-long-password-1234", "agent", ["acme"])
        do_create_user(s, "ben", "a-long-password-1234", "supervisor", ["acme", "globex"])
    return factory


def access_of(s: Session, username: str) -> Access:
    return users.access_of(s, users.get_user(s, username))


def case_ids(s: Session, brand: str) -> list[int]:
    return list(s.scalars(select(Case.id).join(Brand).where(Brand.key == brand).order_by(Case.id)))


def test_counts_equal_a_fresh_group_by_after_each_kind_of_change(desk: sessionmaker[Session]) -> None:
    with desk() as s:
        assert deltas(s) == 0
        ana, ben = access_of(s, "ana"), access_of(s, "ben")
    people = (ADMIN, ana, ben)
    check(desk, *people)

    # Ingest: new cases on two brands and two platforms, and a reply that joins a case.
    with desk.begin() as s:
        items = [mention(f"a{i}", "acme", platform=("x", "mastodon")[i % 2], who=f"u{i}", minutes=i) for i in range(8)]
        items += [mention(f"g{i}", "globex", who=f"v{i}", minutes=i) for i in range(5)]
        do_ingest_mentions(s, items)
    with desk() as s:
        assert deltas(s) > 0  # the triggers recorded the new cases
    check(desk, *people)
    with desk.begin() as s:
        do_ingest_mentions(s, [mention("a0-2", "acme", who="u0", minutes=20, reply_to="a0")])
    check(desk, *people)

    with desk() as s:
        acme, globex = case_ids(s, "acme"), case_ids(s, "globex")
    # Assign, then reassign, then unassign (owner dimension: mine / unassigned).
    with desk.begin() as s:
        do_assign_case(s, acme[0], "ana", actor="ben")
        do_assign_case(s, acme[1], "ana", actor="ben")
        do_assign_case(s, globex[0], "ben", actor="ben")
    check(desk, *people)
    with desk.begin() as s:
        do_assign_case(s, acme[1], "ben", actor="ben")
        do_assign_case(s, acme[0], None, actor="ben")
    check(desk, *people)

    # State changes one by one: triage, acknowledge, escalate, a topic set by hand, dismiss.
    with desk.begin() as s:
        do_move_case(s, acme[2], State.TRIAGED, actor="ana")
        do_move_case(s, acme[3], State.ACKNOWLEDGED, actor="ana")
        do_move_case(s, acme[4], State.ESCALATED, actor="ana")
        s.execute(update(Case).where(Case.id.in_([acme[2], acme[3]])).values(topic="delivery"))
    check(desk, *people)
    with desk.begin() as s:
        do_move_case(s, acme[5], State.DISMISSED, actor="ana", dismiss_reason="spam")
    check(desk, *people)

    # A reply's first response and a priority change touch no counted column: no delta.
    with desk() as s:
        before = deltas(s)
    with desk.begin() as s:
        s.execute(update(Case).where(Case.id == acme[3]).values(first_response_at=T0, priority=99))
    with desk() as s:
        assert deltas(s) == before
    check(desk, *people)

    # Bulk: move, assign and mark as spam many at once.
    with desk.begin() as s:
        do_bulk(s, ben, globex[:3], BulkAction.MOVE, target="acknowledged")
        do_bulk(s, ben, globex[1:4], BulkAction.ASSIGN, owner="ben")
        do_bulk(s, ben, [globex[4]], BulkAction.SPAM)
    check(desk, *people)

    # Close (acknowledged -> resolved -> closed), then the customer writes again: reopened.
    with desk.begin() as s:
        do_move_case(s, acme[3], State.RESOLVED, actor="ana")
        do_move_case(s, acme[3], State.CLOSED, actor="ana")
    check(desk, *people)
    with desk.begin() as s:
        do_move_case(s, acme[3], State.TRIAGED, actor="ana")
    check(desk, *people)

    # A case moved to another brand, and cases deleted (by hand: the desk has no delete action).
    with desk.begin() as s:
        gid = s.scalar(select(Brand.id).where(Brand.key == "globex"))
        s.execute(update(Case).where(Case.id == acme[6]).values(brand_id=gid))
    check(desk, *people)
    with desk.begin() as s:
        aid = s.scalar(select(Brand.id).where(Brand.key == "acme"))
        bare = s.scalars(insert(Case).returning(Case.id), [
            {"brand_id": aid, "platform": "x", "thread_key": f"bare{i}", "state": "new", "owner": "ana",
             "priority": 0, "priority_factors": [], "escalation": [], "tags": [], "went_private": False,
             "public_closeout_done": False, "opened_at": T0, "updated_at": T0}
            for i in range(3)
        ]).all()
    check(desk, *people)
    with desk.begin() as s:
        s.execute(text("DELETE FROM cases WHERE id IN (:a, :b)"), {"a": bare[0], "b": bare[1]})
    check(desk, *people)

    with desk() as s:
        counts = inbox_counts(s, ana, now=T0)
        assert counts["brand"] == {"acme": counts["open"]}  # ana sees acme only
        assert set(inbox_counts(s, ben, now=T0)["brand"]) == {"acme", "globex"}
        assert counts["open"] > 0 and counts["mine"] == 1  # the bare case left is hers


def test_the_fold_job_and_an_unfolded_rollback(desk: sessionmaker[Session]) -> None:
    """A rolled-back change leaves no delta; the scheduler's job folds what committed."""
    with desk.begin() as s:
        do_ingest_mentions(s, [mention(f"a{i}", "acme", who=f"u{i}") for i in range(4)])
    with desk() as s:
        do_ingest_mentions(s, [mention("lost", "acme", who="z")])
        s.rollback()
    with desk() as s:
        assert deltas(s) == 4
    assert jobs.run_fold_open_counts(desk) == {"folded": 4}
    assert jobs.run_fold_open_counts(desk) == {"folded": 0}
    check(desk)


def test_due_soon_is_capped_and_exact_below_the_cap(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        bid = s.scalar(select(Brand.id).where(Brand.key == "acme"))
        s.execute(insert(Case), [
            {"brand_id": bid, "platform": "x", "thread_key": f"t{i}", "state": "new", "priority": 0,
             "first_response_due_at": T0 + timedelta(minutes=i % 120), "priority_factors": [], "escalation": [],
             "tags": [], "went_private": False, "public_closeout_done": False, "opened_at": T0, "updated_at": T0}
            for i in range(DUE_SOON_CAP + 30)
        ])
    check(desk)
    with desk() as s:
        assert inbox_counts(s, ADMIN, now=T0)["due_soon"] == 61 * 9  # minutes 0..60, 9 times each
        counts = inbox_counts(s, ADMIN, now=T0 + timedelta(hours=1))  # all 1,030 are due within the hour
        assert counts["open"] == DUE_SOON_CAP + 30
        assert counts["due_soon"] == DUE_SOON_CAP and counts["due_soon_capped"]
        # due T0 + (i % 120) min for i < 1,030: minutes 0..10 come 9 times each (1,030 = 8 x 120 + 70).
        assert due_soon_count(s, [bid], T0 + timedelta(minutes=10)) == 9 * 11
        assert not inbox_counts(s, ADMIN, now=T0 - timedelta(hours=2))["due_soon_capped"]


def test_the_migration_counts_the_cases_already_there(store_url: str) -> None:
    engine = make_engine(store_url)
    try:
        migrate(engine, "0006_inbox_indexes")
        factory = make_sessionmaker(engine)
        with factory.begin() as s:
            bid = s.execute(insert(Brand).values(key="acme", name="Acme").returning(Brand.id)).scalar_one()
            s.execute(insert(Case), [
                {"brand_id": bid, "platform": ("x", "email")[i % 2], "thread_key": f"t{i}",
                 "state": ("new", "closed", "escalated", "dismissed", "private")[i % 5],
                 "topic": (None, "billing", "delivery")[i % 3], "owner": (None, "ana")[i % 2], "priority": 0,
                 "priority_factors": [], "escalation": [], "tags": [], "went_private": False,
                 "public_closeout_done": False, "opened_at": T0, "updated_at": T0}
                for i in range(200)
            ])
        migrate(engine)
        with factory() as s:
            assert deltas(s) == 0
            ana = Access(user_id=1, username="ana", display_name="Ana", is_admin=False, roles={bid: "agent"})
            assert inbox_counts(s, ana, now=T0) == fresh_group_by(s, ana, T0)
            assert inbox_counts(s, ana, now=T0)["open"] == 120
    finally:
        engine.dispose()


def test_the_migration_counts_the_open_states_of_the_domain() -> None:
    """The triggers carry the open states as 0007 wrote them; a change of the domain's open
    states needs a migration that rewrites the triggers and refills the table."""
    migration = importlib.import_module("calmdesk.storage.migrations.versions.0007_open_case_counts")
    assert set(migration.OPEN_STATES) == {s.value for s in OPEN_STATES}


def test_concurrent_writers_and_folds_on_postgres_neither_deadlock_nor_lose_counts(pg_url: str) -> None:
    engine = make_engine(pg_url, pool_size=8)
    try:
        migrate(engine)
        factory = make_sessionmaker(engine)
        with factory.begin() as s:
            bid = s.execute(insert(Brand).values(key="acme", name="Acme").returning(Brand.id)).scalar_one()
        errors: list[BaseException] = []
        stop = threading.Event()

        def writer(w: int) -> None:
            try:
                for batch in range(15):
                    with factory.begin() as s:
                        ids = s.scalars(insert(Case).returning(Case.id), [
                            # Every writer hits the same hot combination (acme, new, x) and a few others.
                            {"brand_id": bid, "platform": ("x", "x", "email")[i % 3], "thread_key": f"w{w}b{batch}i{i}",
                             "state": "new", "topic": (None, "billing")[i % 2], "priority": 0,
                             "priority_factors": [], "escalation": [], "tags": [], "went_private": False,
                             "public_closeout_done": False, "opened_at": T0, "updated_at": T0}
                            for i in range(20)
                        ]).all()
                        s.execute(update(Case).where(Case.id.in_(ids[:8])).values(state="triaged", owner=f"p{w}"))
                        s.execute(update(Case).where(Case.id.in_(ids[8:12])).values(state="closed"))
            except BaseException as exc:  # noqa: BLE001 - reported by the main thread
                errors.append(exc)

        def folder() -> None:
            try:
                while not stop.is_set():
                    with factory.begin() as s:
                        fold_open_case_deltas(s)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
        folders = [threading.Thread(target=folder) for _ in range(2)]
        for t in threads + folders:
            t.start()
        for t in threads:
            t.join(120)
        stop.set()
        for t in folders:
            t.join(60)
        assert not errors, errors
        assert not any(t.is_alive() for t in threads + folders)
        with factory() as s:
            assert inbox_counts(s, ADMIN, now=T0)["open"] == 6 * 15 * 16
        check(factory)
    finally:
        engine.dispose()
