"""Delivering escalation alerts (B-ESCALATE, B-MONITOR).

Triage runs inside the ingest transaction and must not talk to the network there, so it only
writes an `alert.escalation` audit record. This action turns the undelivered ones into
notices for the brand's apprise URLs and the supervisors on duty, and records an
`alert.delivered` entry for each, so every alert goes out once even when the periodic job
runs on several machines (the caller holds the job lease) or is retried.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.routing import on_duty_recipients, supervisors_on_duty
from calmdesk.notify import Notice
from calmdesk.storage.tables import Action

#: `alert.incident` is written when a surge opens an incident (`actions/incidents.py`).
ALERT_VERBS = ("alert.escalation", "alert.incident")
DELIVERED = "alert.delivered"
WINDOW = 2000


def pending_alerts(session: Session) -> list[Action]:
    """The most recent alerts that have no delivery record yet (oldest first)."""
    alerts = list(
        session.scalars(select(Action).where(Action.verb.in_(ALERT_VERBS)).order_by(Action.id.desc()).limit(WINDOW))
    )
    if not alerts:
        return []
    floor = min(a.id for a in alerts)
    delivered = {
        int(n)
        for n in session.scalars(select(Action.note).where(Action.verb == DELIVERED, Action.id > floor))
        if n and n.isdigit()
    }
    return sorted((a for a in alerts if a.id not in delivered), key=lambda a: a.id)


def do_collect_alerts(session: Session, now: datetime) -> list[Notice]:
    """Notices for every undelivered alert; each is marked delivered in this transaction.

    Send the notices after commit (`calmdesk.notify.dispatch_after_commit`), so a rolled-back
    run neither alerts nor marks anything.
    """
    notices: list[Notice] = []
    for alert in pending_alerts(session):
        detail = alert.detail or {}
        brand_urls = [str(u) for u in detail.get("notify", [])]
        people: list[str] = []
        urls = list(brand_urls)
        if alert.brand_id is not None:
            people = supervisors_on_duty(session, alert.brand_id, now)
            urls += on_duty_recipients(session, alert.brand_id, now, people)
        reasons = ", ".join(str(r) for r in detail.get("reasons", [])) or "escalation"
        if alert.verb == "alert.incident":
            title = f"Incident #{detail.get('incident_id')}: {detail.get('title')} ({detail.get('cases')} cases)"
        else:
            title = f"Escalated complaint: case #{alert.case_id} ({reasons})"
        notices.append(
            Notice(
                kind="incident.opened" if alert.verb == "alert.incident" else "case.escalated",
                title=title,
                body=(alert.note or "B-ESCALATE") + (f". On duty: {', '.join(people)}." if people else "."),
                urls=tuple(dict.fromkeys(urls)),
                case_id=alert.case_id,
                recipients=tuple(people),
            )
        )
        audit.record(
            session,
            actor="alerts",
            verb=DELIVERED,
            case_id=alert.case_id,
            brand_id=alert.brand_id,
            note=str(alert.id),
            at=now,
            kind=alert.verb,
        )
    session.flush()
    return notices
