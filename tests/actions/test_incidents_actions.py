"""Incidents in the store (issue 16, item 4), on SQLite and PostgreSQL: a surge of one problem
opens exactly one incident, later cases join it, the supervisors on duty are alerted once
through a real apprise receiver, the holding statement is approved once and becomes a checked
draft per case, and resolving moves every case on with a close-out draft."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sla_helpers import make_brand, make_user, receiver
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.incidents import (
    IncidentError,
    do_approve_holding_statement,
    do_check_incidents,
    do_edit_holding_statement,
    do_resolve_incident,
)
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.sla import do_check_sla
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.notify import AppriseNotifier
from calmdesk.queries.incidents import inbox_groups, incident_detail, list_incidents
from calmdesk.storage.tables import Action, Author, Case, Draft, Incident
from incident_surge import ORDINARY, OUTAGE

T0 = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # a Wednesday
PLAYBOOK = """
brand = "brandco"
languages = ["en", "de"]
notify = ["{url}"]
[hours]
always_open = true
[[channels]]
platform = "x"
handle = "brandco"
"""


def _item(n: int, at: datetime, text: str, name: str | None = None, lang: str = "en") -> MentionIn:
    return MentionIn(
        platform="x", external_id=f"m{n}", created_at=at, brand_handle="brandco", language=lang,
        text=f"@brandco {text}", author=AuthorIn(handle=f"user{n}", display_name=name, followers=50),
    )  # fmt: skip


def _seed(session: Session, rnd: random.Random, start: datetime, end: datetime, n0: int, count: int) -> None:
    span = (end - start).total_seconds()
    items = [
        _item(n0 + k, start + timedelta(seconds=rnd.uniform(0, span)),
              rnd.choice(ORDINARY).format(i=rnd.choice(["kettle", "lamp", "rug"]), d=rnd.choice(["monday", "friday"])))
        for k in range(count)
    ]  # fmt: skip
    do_ingest_mentions(session, items, brand_key="brandco")


def _outage(
    session: Session, rnd: random.Random, start: datetime, minutes: float, n0: int, count: int
) -> None:
    items = [
        _item(
            n0 + k,
            start + timedelta(seconds=rnd.uniform(0, minutes * 60)),
            rnd.choice(OUTAGE),
            name="Ana Silva",
        )
        for k in range(count)
    ]
    do_ingest_mentions(session, items, brand_key="brandco")


@pytest.mark.timeout(300)
def test_a_surge_opens_one_incident_alerts_and_is_answered_and_resolved(
    factory: sessionmaker[Session],
) -> None:
    rnd = random.Random(3)
    with receiver() as rx:
        with factory.begin() as s:
            brand = make_brand(s, PLAYBOOK.replace("{url}", rx.url("brand")))
            make_user(s, brand, "sue", "supervisor",
                      shift={"timezone": "UTC", "notify": [rx.url("sue")], "week": {"wed": ["00:00-23:59"]}})  # fmt: skip
            make_user(s, brand, "al", "agent")
            _seed(s, rnd, T0, T0 + timedelta(hours=7), 1, 280)  # a steady morning, 40 an hour
            _outage(s, rnd, T0 + timedelta(hours=6, minutes=45), 12, 5000, 30)
        now = T0 + timedelta(hours=7)
        # an ordinary morning an hour earlier opens nothing
        with factory.begin() as s:
            assert do_check_incidents(s, T0 + timedelta(hours=6)).opened == []
        with factory.begin() as s:
            report = do_check_incidents(s, now)
            assert len(report.opened) == 1
            inc_id = report.opened[0]
        with factory() as s:
            inc = s.get_one(Incident, inc_id)
            members = list(s.scalars(select(Case).where(Case.incident_id == inc_id)))
            assert 27 <= len(members) <= 30
            names = s.scalars(
                select(Author.display_name)
                .join(Case, Case.author_id == Author.id)
                .where(Case.incident_id == inc_id)
            )
            assert set(names) == {"Ana Silva"}  # only the outage's cases
            assert inc.topic == "technical" and "down" in inc.terms
            assert inc.holding and "en" in inc.holding and "de" in inc.holding
        # the same surge a minute later: no second incident, new cases join the open one
        with factory.begin() as s:
            _outage(s, rnd, now + timedelta(seconds=10), 0.5, 6000, 3)
        with factory.begin() as s:
            again = do_check_incidents(s, now + timedelta(minutes=1))
            assert again.opened == []
            assert len(again.joined.get(inc_id, [])) == 3
        with factory() as s:
            assert s.scalar(select(func.count()).select_from(Incident)) == 1

        # the alert leaves once, to the brand's URL and the supervisor on duty
        notifier = AppriseNotifier()
        for minutes in (2, 3):
            with factory.begin() as s:
                do_check_sla(s, now + timedelta(minutes=minutes), notifier)
        alerts = [p for p in rx.posts if p.get("title", "").startswith(f"Incident #{inc_id}")]
        assert sorted(p["path"] for p in alerts) == ["/brand", "/sue"]
        assert "cases" in alerts[0]["title"]

    # only a supervisor words and approves the statement, and only once
    with factory.begin() as s, pytest.raises(IncidentError, match="only a supervisor"):
        do_approve_holding_statement(s, inc_id, "al")
    with factory.begin() as s:
        do_edit_holding_statement(s, inc_id, "sue", {
            "en": "I'm sorry, many of you can't use our app right now. Our engineers are on it, "
                  "and I'll post an update here within the hour.",
            "de": s.get_one(Incident, inc_id).holding["de"],
        })  # fmt: skip
        drafts = do_approve_holding_statement(s, inc_id, "sue")
    with factory.begin() as s, pytest.raises(IncidentError, match="approved by sue already"):
        do_approve_holding_statement(s, inc_id, "sue")
    with factory() as s:
        made = list(s.scalars(select(Draft).where(Draft.id.in_(drafts))))
        member_count = s.scalar(select(func.count()).select_from(Case).where(Case.incident_id == inc_id))
        assert len(made) == member_count
        for d in made:
            assert (
                d.text.startswith("Hi Ana, ") and "our app right now" in d.text and d.text.endswith("- sue")
            )
            assert len(d.text) <= 280
            assert not [f for f in d.findings if f["level"] == "block"], d.findings
            assert d.status == "draft" and d.kind == "ack"
        # nothing was posted by approving
        assert s.scalar(select(func.count()).select_from(Action).where(Action.verb == "draft.sent")) == 0

    # a case that joins after the approval gets its draft when it joins
    with factory.begin() as s:
        _outage(s, rnd, now + timedelta(minutes=2), 0.5, 7000, 1)
    with factory.begin() as s:
        late = do_check_incidents(s, now + timedelta(minutes=3))
        assert len(late.joined[inc_id]) == 1 and len(late.drafted) == 1

    with factory() as s:
        groups = inbox_groups(s, None)
        assert [(g.id, g.open_cases) for g in groups] == [(inc_id, member_count + 1)]
        detail = incident_detail(s, inc_id)
        assert len(detail.cases) == member_count + 1 and sum(n for _, n in detail.volume) == member_count + 1
        assert list_incidents(s, [brand.id + 99]) == []  # another brand's viewer sees nothing

    with factory.begin() as s:
        result = do_resolve_incident(s, inc_id, "sue", note="fixed by a rollback")
    with factory() as s:
        assert not result.left
        cases = list(s.scalars(select(Case).where(Case.incident_id == inc_id)))
        assert {c.state for c in cases} == {"resolved"}
        assert len(result.drafts) == len(cases)
        closeouts = list(s.scalars(select(Draft).where(Draft.kind == "closeout")))
        assert len(closeouts) == len(cases) and all("fixed now" in d.text for d in closeouts)
        assert s.get_one(Incident, inc_id).state == "resolved"
        assert inbox_groups(s, None) == []
    with factory.begin() as s, pytest.raises(IncidentError, match="resolved already"):
        do_resolve_incident(s, inc_id, "sue")


def test_a_brand_may_turn_detection_off_or_set_its_smallest_surge(factory: sessionmaker[Session]) -> None:
    rnd = random.Random(5)
    with factory.begin() as s:
        make_brand(s, PLAYBOOK.replace("{url}", "json://127.0.0.1:9/none") + "[incidents]\ndetect = false\n")
        _seed(s, rnd, T0, T0 + timedelta(hours=7), 1, 280)
        _outage(s, rnd, T0 + timedelta(hours=6, minutes=45), 12, 5000, 30)
    with factory.begin() as s:
        assert do_check_incidents(s, T0 + timedelta(hours=7)).opened == []
    with factory.begin() as s:
        make_brand(s, PLAYBOOK.replace("{url}", "json://127.0.0.1:9/none") + "[incidents]\nmin_count = 200\n")
        assert do_check_incidents(s, T0 + timedelta(hours=7)).opened == []
    with factory.begin() as s:
        make_brand(s, PLAYBOOK.replace("{url}", "json://127.0.0.1:9/none"))
        assert len(do_check_incidents(s, T0 + timedelta(hours=7)).opened) == 1


def test_a_quiet_brand_never_opens_an_incident(factory: sessionmaker[Session]) -> None:
    rnd = random.Random(4)
    with factory.begin() as s:
        make_brand(s, PLAYBOOK.replace("{url}", "json://127.0.0.1:9/none"))
        _seed(s, rnd, T0, T0 + timedelta(hours=6), 1, 15)
        _outage(s, rnd, T0 + timedelta(hours=5, minutes=55), 5, 500, 3)
    with factory.begin() as s:
        assert do_check_incidents(s, T0 + timedelta(hours=6)).opened == []
