"""The SLA checker against a real store and a real local HTTP receiver, with a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sla_helpers import make_brand, make_case, make_user, receiver
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.cases import do_move_case
from calmdesk.actions.sla import do_check_sla, do_restart_clock
from calmdesk.notify import AppriseNotifier
from calmdesk.storage.tables import Action, Case

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # a Tuesday

NIGHT_SHIFT = {"timezone": "UTC", "week": {"mon": ["22:00-00:00"]}, "notify": []}


def playbook(url: str, extra: str = "") -> str:
    return f"""
brand = "brandco"
notify = ["{url}"]
{extra}
[hours]
timezone = "Europe/Berlin"
always_open = true

[[channels]]
platform = "x"
handle = "brandco"
"""


def test_warning_then_breach_escalates_once_and_notifies_on_duty_only(
    sqlite_factory: sessionmaker[Session],
) -> None:
    with receiver() as rx:
        with sqlite_factory.begin() as s:
            brand = make_brand(s, playbook(rx.url("brand")))
            make_user(s, brand, "amy", "agent")
            make_user(
                s,
                brand,
                "sue",
                "supervisor",
                shift={"timezone": "UTC", "notify": [rx.url("sue")], "week": {"tue": ["08:00-18:00"]}},
            )
            make_user(
                s, brand, "otto", "supervisor", shift={**NIGHT_SHIFT, "notify": [rx.url("otto")]}
            )  # off shift on Tuesday morning
            cid = make_case(s, brand, "m1", T0)
            s.get_one(Case, cid).owner = "amy"
        notifier = AppriseNotifier()

        for minutes, expect_warn, expect_breach in [
            (60, 0, 0),
            (90, 1, 0),
            (100, 0, 0),
            (120, 0, 1),
            (200, 0, 0),
        ]:
            with sqlite_factory.begin() as s:
                report = do_check_sla(s, T0 + timedelta(minutes=minutes), notifier)
                assert len(report.warned) == expect_warn, minutes
                assert len(report.breached) == expect_breach, minutes

        paths = [p["path"] for p in rx.posts]
        # The warning went to the brand channel only (amy is on duty but has no personal URL);
        # the breach went to the brand and to sue, who is on shift; never to otto, who is off shift.
        assert paths.count("/brand") == 2
        assert "/sue" in paths and "/otto" not in paths
        breach = [p for p in rx.posts if "breached" in p.get("title", "")][0]
        assert "sue" in breach["message"]

        with sqlite_factory() as s:
            case = s.get_one(Case, cid)
            assert case.state == "escalated"
            assert case.owner == "sue"  # escalated to a supervisor on duty
            assert case.sla_warned_at == T0 + timedelta(minutes=90)
            assert case.sla_breached_at == T0 + timedelta(minutes=120)
            verbs = list(s.scalars(select(Action.verb).where(Action.case_id == cid).order_by(Action.id)))
            assert verbs.count("sla.warning") == 1 and verbs.count("sla.breached") == 1
            assert "case.escalated" in verbs and "case.assigned" in verbs


def test_nothing_is_sent_when_the_transaction_rolls_back(sqlite_factory: sessionmaker[Session]) -> None:
    with receiver() as rx:
        with sqlite_factory.begin() as s:
            brand = make_brand(s, playbook(rx.url("brand")))
            make_case(s, brand, "m1", T0)
        s2 = sqlite_factory()
        report = do_check_sla(s2, T0 + timedelta(hours=3), AppriseNotifier())
        assert report.breached
        s2.rollback()
        s2.close()
        assert rx.posts == []


def test_answered_case_is_quiet_until_the_customer_writes_again(
    sqlite_factory: sessionmaker[Session],
) -> None:
    with receiver() as rx:
        with sqlite_factory.begin() as s:
            brand = make_brand(s, playbook(rx.url("brand")))
            cid = make_case(s, brand, "m1", T0)
            make_case(s, brand, "r1", T0 + timedelta(minutes=30), direction="outbound", reply_to="m1")
        with sqlite_factory.begin() as s:
            assert do_check_sla(s, T0 + timedelta(hours=3)).breached == []
        # The customer answers at +4h: a fresh response clock of 2 h starts then.
        later = T0 + timedelta(hours=4)
        with sqlite_factory.begin() as s:
            make_case(s, brand, "m2", later, reply_to="r1", text="still nothing")
            changed = do_restart_clock(s, cid, later)
            assert datetime.fromisoformat(changed["reply_due_at"]) == later + timedelta(hours=2)
        with sqlite_factory.begin() as s:
            assert do_check_sla(s, later + timedelta(minutes=60)).warned == []
            rep = do_check_sla(s, later + timedelta(minutes=95))
            assert rep.warned == [(cid, "reply")]
            assert do_check_sla(s, later + timedelta(minutes=121)).breached == [(cid, "reply")]


def test_resolution_clock_pauses_while_waiting_for_the_customer(
    sqlite_factory: sessionmaker[Session],
) -> None:
    extra = "[sla]\npause_while_waiting_for_customer = true\ndefault_resolution_minutes = 600\n"
    with receiver() as rx:
        with sqlite_factory.begin() as s:
            brand = make_brand(s, playbook(rx.url("brand")).replace("[hours]", extra + "\n[hours]"))
            cid = make_case(s, brand, "m1", T0)
            make_case(s, brand, "r1", T0 + timedelta(hours=2), direction="outbound", reply_to="m1")
            for st in ("acknowledged", "resolution_proposed"):
                do_move_case(s, cid, st, actor="amy")
            assert s.get_one(Case, cid).resolution_due_at == T0 + timedelta(hours=10)
        with sqlite_factory.begin() as s:
            # Ten hours in, the clock is paused: no breach of the resolution target.
            assert do_check_sla(s, T0 + timedelta(hours=11)).breached == []
        answer = T0 + timedelta(hours=20)
        with sqlite_factory.begin() as s:
            make_case(s, brand, "m2", answer, reply_to="r1", text="no, that does not help")
            changed = do_restart_clock(s, cid, answer)
            # 8 h were left when we went quiet at +2 h; they count again from the answer.
            assert s.get_one(Case, cid).resolution_due_at == answer + timedelta(hours=8)
            assert "resolution_due_at" in changed
            # A second message does not extend the pause again.
            make_case(s, brand, "m3", answer + timedelta(hours=1), reply_to="r1", text="hello?")
            do_restart_clock(s, cid, answer + timedelta(hours=1))
            assert s.get_one(Case, cid).resolution_due_at == answer + timedelta(hours=8)
