"""B-ESCALATE: a safety complaint found by triage at ingest alerts the brand and the supervisors
on duty once, through a real local apprise receiver."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sla_helpers import make_brand, make_user, receiver
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.ingest_pipeline import triage, with_ingest_pipeline
from calmdesk.actions.sla import do_check_sla
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.notify import AppriseNotifier
from calmdesk.storage.tables import Action, Case

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def test_escalation_alert_goes_out_once(sqlite_factory: sessionmaker[Session]) -> None:
    with_ingest_pipeline(sqlite_factory, [triage])
    with receiver() as rx:
        toml = f"""
brand = "brandco"
notify = ["{rx.url('brand')}"]
[hours]
always_open = true
[[channels]]
platform = "x"
handle = "brandco"
"""
        with sqlite_factory.begin() as s:
            brand = make_brand(s, toml)
            make_user(s, brand, "sue", "supervisor",
                      shift={"timezone": "UTC", "notify": [rx.url("sue")], "week": {"tue": ["08:00-18:00"]}})
            do_ingest_mentions(s, [MentionIn(
                platform="x", external_id="42", created_at=T0, brand_handle="brandco",
                text="@brandco your charger caught fire last night and burned my desk, my kid was next to it",
                author=AuthorIn(handle="parent", followers=300),
            )])
        with sqlite_factory() as s:
            case = s.scalars(select(Case)).one()
            assert case.state == "escalated" and "safety" in case.escalation
        notifier = AppriseNotifier()
        for minutes in (1, 2):
            with sqlite_factory.begin() as s:
                do_check_sla(s, T0 + timedelta(minutes=minutes), notifier)
        escalations = [p for p in rx.posts if "Escalated complaint" in p.get("title", "")]
        assert sorted(p["path"] for p in escalations) == ["/brand", "/sue"]
        with sqlite_factory() as s:
            assert s.scalars(select(Action).where(Action.verb == "alert.delivered")).all().__len__() == 1
