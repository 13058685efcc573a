"""Follow-through: thanks detection, follow-up tasks, compensation limits, moderation, customers import."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sla_helpers import make_brand, make_case, make_user
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.compensation import CompensationError, do_decide_compensation, do_grant_compensation
from calmdesk.actions.customers import do_import_customers, do_link_case_customer
from calmdesk.actions.followup import (
    do_close_met_followups,
    do_record_customer_reply,
    do_schedule_followup,
    followup_hook,
)
from calmdesk.actions.moderation import do_moderate_mention
from calmdesk.domain.followup import Outcome, classify_followup
from calmdesk.domain.moderation import ModerationError
from calmdesk.storage.tables import Case, Customer, Mention, Order, OutboxItem, Task

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
PB = """
brand = "brandco"
followup_days = 3
[compensation]
currency = "EUR"
per_tier = { standard = 25.0, gold = 75.0 }
[hours]
timezone = "Europe/Berlin"
[[channels]]
platform = "x"
handle = "brandco"
"""

LABELLED = [
    ("Thanks so much, that sorted it!", Outcome.THANKS),
    ("thank you Mia, parcel arrived this morning", Outcome.THANKS),
    ("Works now, cheers", Outcome.THANKS),
    ("thx!!", Outcome.THANKS),
    ("Much appreciated, great service", Outcome.THANKS),
    ("you guys are the best", Outcome.THANKS),
    ("Vielen Dank, Problem gelöst", Outcome.THANKS),
    ("Danke schön!", Outcome.THANKS),
    ("funktioniert wieder, super Service", Outcome.THANKS),
    ("thanks for nothing", Outcome.DISSATISFIED),
    ("Thanks, but it still doesn't work", Outcome.DISSATISFIED),
    ("still waiting for my refund", Outcome.DISSATISFIED),
    ("This is unacceptable, never ordering again", Outcome.DISSATISFIED),
    ("not happy with this at all", Outcome.DISSATISFIED),
    ("Immer noch nicht angekommen", Outcome.DISSATISFIED),
    ("Danke für nichts. Enttäuscht.", Outcome.DISSATISFIED),
    ("The app doesn't work after the update", Outcome.DISSATISFIED),
    ("ok I will check tomorrow", Outcome.NEUTRAL),
    ("what is the tracking number?", Outcome.NEUTRAL),
    ("Ich melde mich morgen", Outcome.NEUTRAL),
]


@pytest.mark.parametrize(("text", "expected"), LABELLED)
def test_followup_classifier_on_labelled_messages(text: str, expected: Outcome) -> None:
    assert classify_followup(text).outcome is expected


def test_followup_tasks_and_thanks_are_recorded(sqlite_factory: sessionmaker[Session]) -> None:
    with sqlite_factory.begin() as s:
        brand = make_brand(s, PB)
        cid = make_case(s, brand, "m1", T0)
        s.get_one(Case, cid).owner = "amy"
        tasks = do_schedule_followup(s, cid, T0)
        assert [t.kind for t in tasks] == ["public_checkback", "satisfaction_check"]
        assert tasks[1].due_at == T0 + timedelta(days=3)  # Friday 10:00 Berlin is open
        assert do_schedule_followup(s, cid, T0) == []  # idempotent
        # Saturday resolution: the satisfaction check waits for Monday's opening, 09:00 Berlin.
        cid2 = make_case(s, brand, "m9", T0, handle="ben")
        sat = do_schedule_followup(s, cid2, datetime(2026, 3, 4, 9, 0, tzinfo=UTC))[1]
        assert sat.due_at == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)

        make_case(s, brand, "r1", T0 + timedelta(minutes=5), direction="outbound", reply_to="m1")
        from calmdesk.actions.ingest import do_ingest_mentions
        from calmdesk.domain.mentions import AuthorIn, MentionIn

        rep = do_ingest_mentions(
            s,
            [
                MentionIn(
                    platform="x",
                    external_id="m2",
                    text="Thank you, all sorted!",
                    created_at=T0 + timedelta(days=1),
                    author=AuthorIn(handle="anna"),
                    in_reply_to="r1",
                )
            ],
            brand_key="brandco",
        )
        followup_hook(s, rep)
        case = s.get_one(Case, cid)
        assert case.thanked is True and case.satisfaction == "satisfied"
        do_record_customer_reply(s, cid, "it broke again, not happy", T0 + timedelta(days=2))
        assert case.thanked is True and case.satisfaction == "dissatisfied"


def test_followup_tasks_are_done_once_their_reply_went_out(sqlite_factory: sessionmaker[Session]) -> None:
    """B-FOLLOWUP: the periodic check marks a follow-up task done when what it asks for happened."""
    with sqlite_factory.begin() as s:
        brand = make_brand(s, PB)
        cid = make_case(s, brand, "m1", T0)
        checkback, satisfaction = do_schedule_followup(s, cid, T0)
        # Nothing went out yet: both stay open, the satisfaction check is not even due.
        assert do_close_met_followups(s, T0 + timedelta(hours=1)) == []
        make_case(s, brand, "r1", T0 + timedelta(hours=3), direction="outbound", reply_to="m1")
        assert [t.id for t in do_close_met_followups(s, T0 + timedelta(hours=4))] == [checkback.id]
        assert checkback.done_at == T0 + timedelta(hours=4) and satisfaction.done_at is None
        # Due, but nobody asked and the customer said nothing: still open for its assignee.
        assert do_close_met_followups(s, T0 + timedelta(days=4)) == []
        do_record_customer_reply(s, cid, "Thanks, all good now", T0 + timedelta(days=4, hours=1))
        assert [t.id for t in do_close_met_followups(s, T0 + timedelta(days=4, hours=2))] == [satisfaction.id]
        assert s.scalars(select(Task).where(Task.case_id == cid, Task.done_at.is_(None))).all() == []


def test_compensation_limit_counts_the_case_total_and_needs_a_supervisor(
    sqlite_factory: sessionmaker[Session],
) -> None:
    with sqlite_factory.begin() as s:
        brand = make_brand(s, PB)
        make_user(s, brand, "amy")
        make_user(s, brand, "sue", "supervisor")
        cid = make_case(s, brand, "m1", T0)
        first = do_grant_compensation(s, cid, "voucher", 20, actor="amy")
        assert first.status == "granted"
        second = do_grant_compensation(s, cid, "refund", 10, actor="amy")
        assert second.status == "pending_approval"  # 30 EUR on the case is above 25
        other = do_grant_compensation(s, cid, "gift", 5, currency="USD", actor="amy")
        assert other.status == "pending_approval"
        with pytest.raises(CompensationError, match="unknown compensation kind"):
            do_grant_compensation(s, cid, "cash", 5, actor="amy")
        with pytest.raises(CompensationError, match="own"):
            do_decide_compensation(s, second.id, approve=True, actor="amy")
        with pytest.raises(CompensationError, match="not a supervisor"):
            do_decide_compensation(s, other.id, approve=True, actor="nobody")
        assert do_decide_compensation(s, second.id, approve=True, actor="sue").status == "granted"
        # A gold customer may get more before approval.
        gold = Customer(brand_id=brand.id, tier="gold", handles={})
        s.add(gold)
        s.flush()
        cid2 = make_case(s, brand, "m5", T0, handle="goldie")
        s.get_one(Case, cid2).customer_id = gold.id
        assert do_grant_compensation(s, cid2, "refund", 60, actor="amy").status == "granted"


def test_moderation_needs_a_reason_and_opens_outreach_for_real_customers(
    sqlite_factory: sessionmaker[Session],
) -> None:
    with sqlite_factory.begin() as s:
        brand = make_brand(s, PB)
        cid = make_case(s, brand, "m1", T0, text="my card 4111 1111 1111 1111 was charged twice")
        spam = make_case(s, brand, "m2", T0, text="cheap followers here", handle="bot123")
        m1 = s.scalar(select(Mention).where(Mention.external_id == "m1"))
        m2 = s.scalar(select(Mention).where(Mention.external_id == "m2"))
        assert m1 is not None and m2 is not None
        with pytest.raises(ModerationError, match="B-MODERATE"):
            do_moderate_mention(s, m1.id, "hide", "criticism", actor="amy", at=T0)
        with pytest.raises(ModerationError, match="needs a reason"):
            do_moderate_mention(s, m1.id, "hide", None, actor="amy", at=T0)
        res = do_moderate_mention(s, m1.id, "hide", "private_data", actor="amy", at=T0)
        assert res.outbox.operation == "hide" and res.outreach is not None and res.outreach.case_id == cid
        again = do_moderate_mention(s, m1.id, "hide", "private_data", actor="amy", at=T0)
        assert again.outbox.id == res.outbox.id  # one platform call per mention and operation
        assert s.scalar(select(Task).where(Task.kind == "private_outreach", Task.case_id == cid)) is not None
        gone = do_moderate_mention(s, m2.id, "delete", "not_legitimate", actor="amy", at=T0)
        assert gone.outreach is None and gone.outbox.operation == "delete"
        assert len(list(s.scalars(select(OutboxItem)))) == 2
        assert s.get_one(Case, spam).id == spam


def test_customers_import_keeps_good_rows_reports_bad_ones_and_links(
    sqlite_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    csv_file = tmp_path / "customers.csv"
    csv_file.write_text(
        "customer_ref,name,email,tier,handles,order_number,amount,currency,ordered_at\n"
        "C1,Anna,anna@example.org,gold,x:@anna,NW-10001,42.5,EUR,2026-02-01\n"
        "C2,Ben,not-an-email,standard,,,,,\n"
        "C3,Cara,cara@example.org,standard,myspace:cara,,,,\n"
        "C4,Dan,dan@example.org,standard,,NW-20002,abc,EUR,\n"
        "C5,Eve,eve@example.org,standard,,NW-30003,10,EUR,\n",
        encoding="utf-8",
    )
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(
        json.dumps({"customer_ref": "C6", "email": "fin@example.org", "handles": {"instagram": "fin"}}) + "\n"
        "{broken\n",
        encoding="utf-8",
    )
    with sqlite_factory.begin() as s:
        brand = make_brand(s, PB)
        cid_handle = make_case(s, brand, "m1", T0, handle="anna")
        cid_order = make_case(s, brand, "m2", T0, handle="someone", text="order NW-30003 is late")
        result = do_import_customers(s, csv_file, brand_key="brandco")
        assert (result.customers_created, result.orders_created) == (2, 2)
        assert [e.split(":")[1] for e in result.errors] == ["3", "4", "5"]
        assert "field 'email'" in result.errors[0] and "field 'handles'" in result.errors[1]
        assert "field 'amount'" in result.errors[2]
        assert result.authors_linked == 1
        again = do_import_customers(s, csv_file, brand_key="brandco")
        assert again.customers_created == 0 and again.customers_updated == 2
        assert len(list(s.scalars(select(Order)))) == 2
        j = do_import_customers(s, jsonl, brand_key="brandco")
        assert j.customers_created == 1 and j.errors[0].startswith(f"{jsonl}:2: not valid JSON")
        link = do_link_case_customer(s, cid_handle)
        assert link is not None and link.via == "author"
        link2 = do_link_case_customer(s, cid_order)
        assert link2 is not None and link2.via == "order"
        eve = s.scalar(select(Customer).where(Customer.external_ref == "C5"))
        assert eve is not None and s.get_one(Case, cid_order).customer_id == eve.id
