"""The per-case report figures of migration 0009 stay what the row-by-row path computes.

The triggers write `cases.report_*` whenever a case or its audit log is written. After each
kind of change the desk makes (new cases and replies through the bulk ingest that the
importers use too, moves to private, resolved, closed and a reopen, an escalation, a dismissal,
a customer's thanks, an ORM edit and a raw SQL UPDATE), every case's stored figures must equal
what `reports.data.load_records` (the reference, reading the instants, the escalation list and
the audit log) gives for it, and `build_report` must give the reference report. On SQLite and
PostgreSQL.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.cases import do_move_case
from calmdesk.actions.followup import do_record_customer_reply
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.routing import do_escalate_case
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.reports import ReportQuery, build_report
from calmdesk.reports import aggregate as ag
from calmdesk.reports.data import load_records, report_of_records
from calmdesk.reports.metrics import CaseRecord
from calmdesk.storage.tables import Action, Case

T0 = datetime(2026, 11, 24, 9, 0, 0, 123456, tzinfo=UTC)
PLAYBOOK = """
brand = "acme"
[[channels]]
platform = "x"
handle = "acme"
"""
QUERY = ReportQuery(since=T0 - timedelta(days=3), until=T0 + timedelta(days=3))
AS_OF = T0 + timedelta(days=1)
US = timedelta(microseconds=1)


def _m(ext: str, text_: str, minutes: float, who: str, reply_to: str | None = None, out: bool = False) -> MentionIn:
    return MentionIn(
        platform="x", external_id=ext, text=text_, created_at=T0 + timedelta(minutes=minutes),
        author=AuthorIn(handle="acme" if out else who), in_reply_to=reply_to,
        direction="outbound" if out else "inbound", brand_handle="acme",
    )  # fmt: skip


def _expected(rec: CaseRecord) -> tuple[int | None, ...]:
    """A record's figures as the stored columns hold them (moved bits folded into their flag)."""

    def after(t: datetime | None) -> int | None:
        return None if t is None else (t - rec.opened_at) // US

    flags = (
        (ag.PRIVATE if rec.went_private else 0)
        | (ag.CLOSEOUT if rec.public_closeout_done else 0)
        | (ag.THANKS_KNOWN if rec.thanked is not None else 0)
        | (ag.THANKED if rec.thanked else 0)
        | (ag.ESCALATED if rec.escalated else 0)
        | (ag.DISMISSED if rec.state == "dismissed" else 0)
    )
    return (
        (rec.opened_at - ag.EPOCH) // US,
        after(rec.first_response_at),
        after(rec.first_response_due_at),
        after(rec.resolved_at),
        flags,
    )


def _stored(row: Any) -> tuple[int | None, ...]:
    flags = row.report_flags
    folded = (flags & ~(ag.MOVED_PRIVATE | ag.MOVED_ESCALATED) & ~(ag.PRIVATE | ag.ESCALATED)) | (
        (ag.PRIVATE if flags & (ag.PRIVATE | ag.MOVED_PRIVATE) else 0)
        | (ag.ESCALATED if flags & (ag.ESCALATED | ag.MOVED_ESCALATED) else 0)
    )
    return (row.report_opened_us, row.report_first_response_us, row.report_due_us, row.report_resolution_us, folded)


def _check(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        records, business = load_records(s, QUERY)
        assert records
        stored = {
            r.id: _stored(r)
            for r in s.execute(
                select(Case.id, Case.report_opened_us, Case.report_first_response_us, Case.report_due_us,
                       Case.report_resolution_us, Case.report_flags)
            )
        }  # fmt: skip
        for rec in records:
            assert stored[rec.case_id] == _expected(rec), rec
        want = report_of_records(QUERY, records, AS_OF, business)
        got = build_report(s, QUERY, as_of=AS_OF)
    assert [(g.dimension, g.key) for g in got.groups] == [(g.dimension, g.key) for g in want.groups]
    for a, b in zip(got.groups, want.groups, strict=True):
        for name, value in vars(b.metrics).items():
            if name.startswith("sentiment") and value is not None:
                assert getattr(a.metrics, name) == pytest.approx(value), name
            else:
                assert getattr(a.metrics, name) == value, (a.dimension, a.key, name)


@pytest.fixture
def desk(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with factory.begin() as s:
        do_upsert_brand(s, parse_playbook(PLAYBOOK), PLAYBOOK)
    return factory


def _case_of(s: Session, thread_key: str) -> int:
    case_id = s.scalar(select(Case.id).where(Case.thread_key == thread_key))
    assert case_id is not None
    return case_id


def test_stored_figures_follow_every_kind_of_change(desk: sessionmaker[Session]) -> None:
    # New cases through the bulk ingest (the importers' path too).
    with desk.begin() as s:
        do_ingest_mentions(s, [_m(str(i), f"@acme complaint {i}", i * 7.5, f"u{i}") for i in range(5)])
    _check(desk)
    # Replies: an outbound answer sets the first response of a stored case (bulk UPDATE).
    with desk.begin() as s:
        do_ingest_mentions(
            s,
            [
                _m("r0", "@u0 sorry, looking", 41.25, "acme", reply_to="0", out=True),
                _m("r1", "@u1 on it", 300, "acme", reply_to="1", out=True),
                _m("c0", "@acme still waiting", 50, "u0", reply_to="r0"),
            ],
        )
    _check(desk)
    with desk.begin() as s:
        a, b, c = _case_of(s, "0"), _case_of(s, "1"), _case_of(s, "2")
        # Private, resolved, public close-out, closed.
        for target in ("triaged", "acknowledged", "private", "resolved", "public_closeout", "closed"):
            do_move_case(s, a, target, actor="alice", at=T0 + timedelta(hours=3))
    _check(desk)
    with desk.begin() as s:
        do_move_case(s, a, "triaged", actor="alice", at=T0 + timedelta(hours=5))  # a reopen
        do_escalate_case(s, b, T0 + timedelta(hours=1), reason="safety")
        do_move_case(s, c, "dismissed", actor="alice", dismiss_reason="spam")
    _check(desk)
    with desk.begin() as s:
        do_record_customer_reply(s, a, "thank you so much, all sorted!", T0 + timedelta(hours=6))
        case = s.get_one(Case, _case_of(s, "3"))
        case.opened_at = case.opened_at - timedelta(minutes=3)  # an ORM edit of the instants
        case.first_response_due_at = case.opened_at + timedelta(seconds=1, microseconds=7)
    _check(desk)
    with desk.begin() as s:
        # A person at the database prompt: no application code involved.
        s.execute(
            update(Case)
            .where(Case.thread_key == "4")
            .values(first_response_at=T0 + timedelta(hours=9, microseconds=3), resolved_at=T0 + timedelta(days=1))
        )
        s.execute(text("UPDATE cases SET thanked = false, went_private = true WHERE thread_key = '2'"))
    _check(desk)


def test_audit_log_moves_set_their_bits(desk: sessionmaker[Session]) -> None:
    """A `case.moved` record to private or escalated counts even when the case's own flag says no."""
    with desk.begin() as s:
        do_ingest_mentions(s, [_m("1", "@acme broken", 0, "jo"), _m("2", "@acme late", 1, "kim")])
        one, two = _case_of(s, "1"), _case_of(s, "2")
        s.add_all(
            [
                Action(case_id=one, actor="bob", verb="case.moved", detail={"to": "private"}),
                Action(case_id=two, actor="bob", verb="case.moved", detail={"to": "escalated"}),
                Action(case_id=two, actor="bob", verb="case.moved", detail={"to": "acknowledged"}),
                Action(case_id=two, actor="bob", verb="case.noted", detail={"to": "private"}),
            ]
        )
    _check(desk)
    with desk() as s:
        flags = {key: bits for key, bits in s.execute(select(Case.thread_key, Case.report_flags))}
    assert flags["1"] & ag.MOVED_PRIVATE and not flags["1"] & ag.MOVED_ESCALATED
    assert flags["2"] & ag.MOVED_ESCALATED and not flags["2"] & ag.MOVED_PRIVATE


def test_migration_backfills_existing_cases(engine: Engine, desk: sessionmaker[Session]) -> None:
    """Down to 0008 and up again: the backfill writes what the triggers would have."""
    from alembic import command
    from alembic.config import Config

    from calmdesk.storage.db import MIGRATIONS_DIR, migrate

    with desk.begin() as s:
        do_ingest_mentions(s, [_m(str(i), f"@acme issue {i}", i, f"u{i}") for i in range(4)])
        do_ingest_mentions(s, [_m("r", "@u1 sorry", 9.5, "acme", reply_to="1", out=True)])
        s.add(Action(case_id=_case_of(s, "2"), actor="bob", verb="case.moved", detail={"to": "private"}))
        do_escalate_case(s, _case_of(s, "3"), T0, reason="legal")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_partitions")
    migrate(engine)
    _check(desk)


def test_the_migration_writes_the_bits_the_report_reads() -> None:
    mig = importlib.import_module("calmdesk.storage.migrations.versions.0009_report_figures")
    names = ("PRIVATE", "CLOSEOUT", "THANKS_KNOWN", "THANKED", "ESCALATED", "DISMISSED", "MOVED_PRIVATE",
             "MOVED_ESCALATED")  # fmt: skip
    assert [getattr(mig, n) for n in names] == [getattr(ag, n) for n in names]
    assert max(getattr(ag, n) for n in names) < ag.DECIDED
