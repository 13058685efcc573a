"""Ingest on a real store, run on SQLite and on the local PostgreSQL: idempotent, threads join cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.cases import do_assign_case, do_move_case
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.lifecycle import LifecycleError
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.queries.cases import InboxFilter, count_cases, history, list_cases, thread
from calmdesk.storage.tables import Action, Author, Case, Mention, Message

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
PLAYBOOK = """
brand = "acme"
[[channels]]
platform = "x"
handle = "acme"
[hours]
always_open = true
"""


def m(ext: str, text: str, *, minutes: int = 0, reply_to: str | None = None, who: str = "jo",
      direction: str = "inbound", visibility: str = "public", followers: int | None = 10) -> MentionIn:
    return MentionIn(
        platform="x", external_id=ext, text=text, created_at=T0 + timedelta(minutes=minutes),
        author=AuthorIn(handle=who, followers=followers), in_reply_to=reply_to,
        direction=direction,  # type: ignore[arg-type]
        visibility=visibility,  # type: ignore[arg-type]
        brand_handle="acme",
    )


@pytest.fixture
def desk(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with factory.begin() as s:
        do_upsert_brand(s, parse_playbook(PLAYBOOK), PLAYBOOK)
    return factory


def count(s: Session, table: type) -> int:
    return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_same_item_is_stored_once(desk: sessionmaker[Session]) -> None:
    item = m("1", "@acme my order never arrived")
    with desk.begin() as s:
        r1 = do_ingest_mentions(s, [item, item])
    with desk.begin() as s:
        r2 = do_ingest_mentions(s, [item])
    assert (r1.created, r1.duplicates, r1.cases_created) == (1, 1, 1)
    assert (r2.created, r2.duplicates, r2.cases_created) == (0, 1, 0)
    with desk() as s:
        assert count(s, Mention) == 1 and count(s, Case) == 1 and count(s, Message) == 1


def test_replies_join_their_threads_case(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        do_ingest_mentions(s, [m("1", "@acme parcel late")])
    with desk.begin() as s:
        do_ingest_mentions(s, [
            m("2", "@jo sorry! checking now ^AB", minutes=30, reply_to="1", who="acme", direction="outbound"),
            m("3", "@acme thanks, still waiting", minutes=45, reply_to="2"),
            m("9", "@acme unrelated new complaint", minutes=50, who="sam"),
        ])
    with desk() as s:
        cases = list(s.scalars(select(Case).order_by(Case.id)))
        assert len(cases) == 2
        first = cases[0]
        assert first.first_response_at == T0 + timedelta(minutes=30)
        assert first.last_inbound_at == T0 + timedelta(minutes=45)
        msgs = thread(s, first.id)
        assert [msg.direction for msg, _ in msgs] == ["inbound", "outbound", "inbound"]
        assert s.scalar(select(Author.is_brand).where(Author.handle == "acme")) is True
        assert first.first_response_due_at == T0 + timedelta(hours=2)  # B-SLA default for X, 24/7 brand


def test_reply_arriving_before_its_parent_in_one_batch(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        r = do_ingest_mentions(s, [m("3", "still broken", minutes=10, reply_to="1"), m("1", "@acme broken")])
    assert r.cases_created == 1 and not r.warnings


def test_unknown_brand_is_rejected_not_lost(desk: sessionmaker[Session]) -> None:
    item = MentionIn(platform="x", external_id="77", text="hello", created_at=T0, author=AuthorIn(handle="x"))
    with desk.begin() as s:
        r = do_ingest_mentions(s, [item, m("78", "@acme ok")])
    assert r.created == 1
    assert r.rejected and "which brand" in r.rejected[0][1]


def test_inbox_order_and_filters(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        do_ingest_mentions(s, [m(str(i), f"@acme complaint {i}", minutes=i, who=f"u{i}") for i in range(5)])
        for c in s.scalars(select(Case)):
            c.priority = int(c.thread_key) * 10 % 30
    with desk() as s:
        rows = list_cases(s, InboxFilter(brand="acme"))
        prios = [(c.priority, c.first_response_due_at) for c, *_ in rows]
        assert prios == sorted(prios, key=lambda p: (-p[0], p[1]))
        assert count_cases(s, InboxFilter(brand="acme")) == 5
        assert count_cases(s, InboxFilter(brand="other")) == 0


def test_move_and_assign_are_audited(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        do_ingest_mentions(s, [m("1", "@acme broken")])
        case_id = s.scalar(select(Case.id))
        assert case_id is not None
        do_assign_case(s, case_id, "alice", actor="lead")
        for target in ("triaged", "acknowledged", "private", "resolved"):
            do_move_case(s, case_id, target, actor="alice")
        with pytest.raises(LifecycleError, match="B-HANDOFF"):
            do_move_case(s, case_id, "closed", actor="alice")
        do_move_case(s, case_id, "public_closeout", actor="alice")
        do_move_case(s, case_id, "closed", actor="alice", note="customer thanked us")
    with desk() as s:
        verbs = [a.verb for a in history(s, case_id)]
        assert verbs[0] == "case.opened" and verbs.count("case.moved") == 6 and "case.assigned" in verbs
        case = s.get_one(Case, case_id)
        assert case.state == "closed" and case.owner == "alice" and case.closed_at is not None
        assert count(s, Action) >= 8


def test_bulk_insert_race_raises_sqlalchemy_integrity_error(desk: sessionmaker[Session]) -> None:
    """Workers retry a batch that lost an insert race; they catch SQLAlchemy's IntegrityError."""
    from sqlalchemy.exc import IntegrityError

    from calmdesk.storage.bulk import insert_rows, table_of

    with desk.begin() as s:
        do_ingest_mentions(s, [m("1", "@acme broken")])
        row = s.execute(select(Mention.__table__)).mappings().one()
    dup = {**row, "id": int(row["id"]) + 1000}
    with desk() as s, pytest.raises(IntegrityError):
        insert_rows(s.connection(), table_of(Mention), [dup])


def test_customer_writing_after_close_reopens_unless_thanking(desk: sessionmaker[Session]) -> None:
    from calmdesk.actions.cases import reopen_on_customer_message_hook

    with desk.begin() as s:
        do_ingest_mentions(s, [m("1", "@acme broken"), m("5", "@acme also broken", who="sam")])
        for cid in s.scalars(select(Case.id)):
            for target in ("acknowledged", "resolved", "closed"):
                do_move_case(s, cid, target, actor="alice", at=T0 + timedelta(minutes=5))
    with desk.begin() as s:
        r = do_ingest_mentions(s, [
            m("2", "@acme thanks so much, all good now!", minutes=60, reply_to="1"),
            m("6", "@acme it broke again", minutes=60, reply_to="5", who="sam"),
        ])
        reopen_on_customer_message_hook(s, r)
    with desk() as s:
        states = {c.thread_key: c.state for c in s.scalars(select(Case))}
    assert states == {"1": "closed", "5": "triaged"}


def test_bulk_written_rows_read_back_through_the_orm_as_given(desk: sessionmaker[Session]) -> None:
    """Ingest writes with the driver's bulk path; the ORM must read the values back unchanged, and on
    SQLite the stored text must be exactly what SQLAlchemy itself would have written."""
    from datetime import timezone

    ist = timezone(timedelta(hours=5, minutes=30))
    opened = datetime(2026, 11, 24, 14, 30, 5, 123456, tzinfo=ist)
    raw = {"tweet_id": "1", "text": "@acme ça ne marche pas 🙁", "nested": {"n": [1, None, True]}}
    first = MentionIn(platform="x", external_id="1", text=raw["text"], created_at=opened,
                      author=AuthorIn(handle="jo", display_name="Jo", verified=True), brand_handle="acme", raw=raw)
    with desk.begin() as s:
        do_ingest_mentions(s, [first])
    # Later batches update the stored case (first response, then a new customer message).
    reply_at, again_at = opened + timedelta(minutes=7), opened + timedelta(hours=1, microseconds=1)
    with desk.begin() as s:
        do_ingest_mentions(s, [m("2", "@jo on it ^AB", minutes=3, reply_to="1", who="acme", direction="outbound")])
    with desk.begin() as s:
        r = do_ingest_mentions(s, [
            MentionIn(platform="x", external_id="2b", text="@jo DM sent", created_at=reply_at, author=AuthorIn(handle="acme"),
                      in_reply_to="1", direction="outbound", brand_handle="acme"),
            MentionIn(platform="x", external_id="3", text="@acme still broken", created_at=again_at,
                      author=AuthorIn(handle="jo"), in_reply_to="1", brand_handle="acme", visibility="private"),
        ])
    assert r.created == 2 and r.cases_created == 0
    with desk() as s:
        case = s.scalars(select(Case)).one()
        assert case.opened_at == opened and case.opened_at.tzinfo is UTC
        assert case.first_response_at == T0 + timedelta(minutes=3)  # the earlier of the two replies
        assert case.last_inbound_at == again_at
        assert (case.priority_factors, case.escalation, case.tags, case.went_private) == ([], [], [], False)
        assert case.first_response_due_at is not None and case.first_response_due_at.tzinfo is UTC
        mention = s.scalars(select(Mention).where(Mention.external_id == "1")).one()
        assert (mention.raw, mention.text, mention.hidden, mention.triage) == (raw, raw["text"], False, None)
        assert mention.created_at == opened and mention.received_at.tzinfo is UTC
        author = s.scalars(select(Author).where(Author.handle == "jo")).one()
        assert (author.display_name, author.verified, author.is_brand) == ("Jo", True, False)
        assert s.scalar(select(Author.is_brand).where(Author.handle == "acme")) is True
        action = s.scalars(select(Action).where(Action.verb == "case.opened")).one()
        assert action.detail == {} and action.case_id == case.id
        assert s.scalar(select(Message.visibility).where(Message.mention_id == s.scalar(
            select(Mention.id).where(Mention.external_id == "3")))) == "private"
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            table = Case.__table__
            stored = conn.exec_driver_sql(
                "SELECT opened_at, first_response_at, last_inbound_at, priority_factors, went_private FROM cases"
            ).one()

            def as_sqlalchemy_writes(column: Any, value: object) -> object:
                return column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)(value)

            expected = [
                as_sqlalchemy_writes(table.c[c], getattr(case, c))
                for c in ("opened_at", "first_response_at", "last_inbound_at", "priority_factors", "went_private")
            ]
            assert list(stored) == expected
            stored_raw = conn.exec_driver_sql("SELECT raw FROM mentions WHERE external_id = '1'").scalar()
            assert stored_raw == as_sqlalchemy_writes(Mention.__table__.c.raw, raw)
            stored_action = conn.exec_driver_sql("SELECT detail, at FROM actions WHERE verb = 'case.opened'").one()
            assert list(stored_action) == [
                as_sqlalchemy_writes(Action.__table__.c.detail, {}), as_sqlalchemy_writes(Action.__table__.c.at, action.at)
            ]
            stored_message = conn.exec_driver_sql(
                "SELECT created_at FROM messages WHERE mention_id = (SELECT id FROM mentions WHERE external_id = '1')"
            ).scalar()
            assert stored_message == as_sqlalchemy_writes(Message.__table__.c.created_at, opened)


def test_reply_chains_in_any_order_share_one_thread_and_cycles_end(desk: sessionmaker[Session]) -> None:
    """Thread keys follow parents through the batch whatever the order; a reply loop cannot hang ingest."""
    chain = [m("10", "@acme it broke")] + [
        m(str(10 + i), f"@acme more {i}", minutes=i, reply_to=str(9 + i)) for i in range(1, 6)
    ]
    loop = [m("50", "@acme a", reply_to="51", who="sam"), m("51", "@acme b", reply_to="50", who="sam")]
    with desk.begin() as s:
        r = do_ingest_mentions(s, list(reversed(chain)) + loop)
    assert r.created == 8 and not r.warnings
    with desk() as s:
        threads = {ext: tk for ext, tk in s.execute(select(Mention.external_id, Mention.thread_key))}
    assert {threads[str(10 + i)] for i in range(6)} == {"10"}
    assert threads["50"] == threads["51"]
    assert r.cases_created == 2


def test_known_authors_profile_is_refreshed(desk: sessionmaker[Session]) -> None:
    with desk.begin() as s:
        do_ingest_mentions(s, [m("1", "@acme broken", followers=10)])
    with desk.begin() as s:
        do_ingest_mentions(s, [m("2", "@acme still broken", minutes=5, reply_to="1", followers=99),
                               m("3", "@acme me too", who="sam", followers=None)])
    with desk() as s:
        assert s.scalar(select(Author.followers).where(Author.handle == "jo")) == 99
        assert s.scalar(select(Author.followers).where(Author.handle == "sam")) is None
