"""Incidents (B-ESCALATE, B-MONITOR): open them from surges, answer them once, resolve them once.

Why here and not in triage: a surge is a fact about many cases, not about one post, and it is
found by a scheduled job (`workers/jobs.run_incident_check`, every minute) that reads a bounded
window of each brand's recent complaints (`queries/incidents.detector_input`), asks the pure
detector (`domain/incidents.detect`) and stores the verdict here:

- a surge opens one incident (its cases linked, the figures that made it a surge kept, a
  holding statement proposed from `replies/holding.py`) and writes an `alert.incident` audit
  record, which `actions/alerts.do_collect_alerts` turns into notices for the brand's apprise
  URLs and the supervisors on duty, once, after commit;
- later matching cases join the open incident (never a second incident for the same surge);
- a supervisor approves the holding statement once; every case of the incident then gets a
  draft written to its customer (name, language, platform length) that the brand's checker
  reads like any other draft, and that people send through the normal outbox (nothing is
  posted by this module);
- resolving the incident moves each open case to resolved and gives each a close-out draft
  saying the problem is fixed (B-FOLLOWUP), again through the normal flow.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.cases import do_move_case
from calmdesk.actions.ownership import actor_for
from calmdesk.actions.replies import DraftError, do_create_draft
from calmdesk.domain.incidents import DetectorSettings, Surge, detect
from calmdesk.domain.lifecycle import OPEN_STATES, TRANSITIONS, LifecycleError, State
from calmdesk.queries.incidents import detector_input
from calmdesk.replies import holding
from calmdesk.storage.tables import (
    Author,
    Brand,
    Case,
    Customer,
    Draft,
    Incident,
    Mention,
    User,
    utcnow,
)
from calmdesk.triage.topic import TopicClassifier

log = logging.getLogger(__name__)

#: Who may approve a holding statement and resolve an incident (B-ESCALATE: someone with the
#: authority to solve the problem).
#: The actor recorded for what the detector does.
DETECTOR = "incidents"


class IncidentError(ValueError):
    """An incident action that is not allowed; the message says why and what to do."""


@dataclass
class IncidentCheckReport:
    brands: int = 0
    opened: list[int] = field(default_factory=list)
    joined: dict[int, list[int]] = field(default_factory=dict)
    drafted: list[int] = field(default_factory=list)


def _incident(session: Session, incident_id: int) -> Incident:
    inc = session.get(Incident, incident_id)
    if inc is None:
        raise IncidentError(f"no incident #{incident_id}")
    return inc


def is_supervisor(session: Session, username: str, brand_id: int) -> bool:
    """The same test as B-OWNER's: a global admin, or a supervisor/admin of the brand."""
    return actor_for(session, username, brand_id).is_supervisor


def _require_supervisor(session: Session, actor: str, inc: Incident, what: str) -> None:
    if not is_supervisor(session, actor, inc.brand_id):
        raise IncidentError(f"only a supervisor of this brand may {what} (B-ESCALATE); {actor} is not one")


# --- detection -----------------------------------------------------------------------------------


def do_check_incidents(
    session: Session,
    now: datetime,
    settings: DetectorSettings | None = None,
    brand_ids: list[int] | None = None,
) -> IncidentCheckReport:
    """Run the detector for every brand (or the given ones) and store what it found."""
    cfg = settings or DetectorSettings()
    report = IncidentCheckReport()
    ids = brand_ids if brand_ids is not None else list(session.scalars(select(Brand.id).order_by(Brand.id)))
    for brand_id in ids:
        policy = brand_playbook(session.get_one(Brand, brand_id)).incidents
        if not policy.detect:
            continue
        report.brands += 1
        brand_cfg = replace(cfg, min_count=policy.min_count) if policy.min_count is not None else cfg
        data = detector_input(session, brand_id, now, brand_cfg)
        if not data.posts:
            continue
        posts = data.posts
        if any(p.topic is None for p in posts):  # cases stored before triage ran, or without it
            topics = TopicClassifier(brand_playbook(session.get_one(Brand, brand_id)).topics)
            posts = [p if p.topic is not None else replace(p, topic=topics.topic(p.text)) for p in posts]
        verdict = detect(posts, now, data.profile, data.open_incidents, brand_cfg)
        for incident_id, case_ids in verdict.joins.items():
            joined = _link(session, incident_id, list(case_ids), now)
            if joined:
                report.joined[incident_id] = joined
                report.drafted += _draft_holding_for(session, _incident(session, incident_id), joined)
        for surge in verdict.surges:
            report.opened.append(_open(session, brand_id, surge, now).id)
    session.flush()
    return report


def _open(session: Session, brand_id: int, surge: Surge, now: datetime) -> Incident:
    brand = session.get_one(Brand, brand_id)
    pb = brand_playbook(brand)
    inc = Incident(
        brand_id=brand_id,
        state="open",
        title=surge.title[:200],
        topic=surge.topic,
        terms=list(surge.terms),
        started_at=surge.started_at,
        opened_at=now,
        count_at_open=surge.count,
        expected_at_open=surge.expected,
        threshold_at_open=surge.threshold,
        holding=holding.propose(surge.topic, pb.languages or ["en"]),
    )
    session.add(inc)
    session.flush()
    linked = _link(session, inc.id, list(surge.post_ids), now, audit_each=False)
    audit.record(
        session, actor=DETECTOR, verb="incident.opened", brand_id=brand_id, at=now, incident_id=inc.id,
        title=inc.title, cases=len(linked), expected=surge.expected, threshold=surge.threshold,
        terms=list(surge.terms),
    )  # fmt: skip
    # Delivered by actions/alerts (the SLA job, every minute): supervisors on duty and the brand's URLs.
    audit.record(
        session,
        actor=DETECTOR,
        verb="alert.incident",
        brand_id=brand_id,
        at=now,
        note=f"{len(linked)} cases about one problem since {surge.started_at:%H:%M} UTC "
        f"(usually about {surge.expected:g} in half an hour). Open /incidents/{inc.id}",
        notify=list(pb.notify),
        incident_id=inc.id,
        title=inc.title,
        cases=len(linked),
    )
    return inc


def _link(
    session: Session, incident_id: int, case_ids: list[int], now: datetime, audit_each: bool = True
) -> list[int]:
    """Link cases that belong to no incident yet; returns the ids linked."""
    linked: list[int] = []
    for case in session.scalars(select(Case).where(Case.id.in_(case_ids), Case.incident_id.is_(None))):
        case.incident_id = incident_id
        linked.append(case.id)
        audit.record(
            session, actor=DETECTOR, verb="incident.case_linked", case_id=case.id, brand_id=case.brand_id, at=now,
            incident_id=incident_id, joined=audit_each,
        )  # fmt: skip
    return sorted(linked)


# --- the holding statement -----------------------------------------------------------------------


def do_edit_holding_statement(
    session: Session, incident_id: int, actor: str, texts: dict[str, str]
) -> Incident:
    """A supervisor rewords the statement before approving it (one text per language)."""
    inc = _incident(session, incident_id)
    _require_supervisor(session, actor, inc, "word the holding statement")
    if inc.holding_approved_at is not None:
        raise IncidentError(
            f"incident #{inc.id}: the holding statement was approved already; it cannot change now"
        )
    clean = {k.strip(): v.strip() for k, v in texts.items() if k.strip() and v and v.strip()}
    if not clean:
        raise IncidentError("a holding statement needs text in at least one language")
    for lang, text in clean.items():
        if len(lang) > 10 or not lang.isalpha():
            raise IncidentError(f"{lang!r} is not a language code (like 'en' or 'de')")
        if len(text) > 1000:
            raise IncidentError(f"the {lang} statement is {len(text)} characters; keep it under 1,000")
    inc.holding = clean
    audit.record(
        session, actor=actor, verb="incident.holding_edited", brand_id=inc.brand_id, incident_id=inc.id
    )
    session.flush()
    return inc


def do_approve_holding_statement(
    session: Session, incident_id: int, actor: str, at: datetime | None = None
) -> list[int]:
    """A supervisor approves the statement once; every case of the incident gets its personal draft.

    Returns the ids of the drafts made. Later cases that join the incident get theirs when
    they join. Nothing is posted: the drafts go through the checker, B-REVIEW and the outbox
    like any other reply.
    """
    inc = _incident(session, incident_id)
    _require_supervisor(session, actor, inc, "approve the holding statement")
    if inc.state != "open":
        raise IncidentError(
            f"incident #{inc.id} is {inc.state}; only an open incident's statement can be approved"
        )
    if inc.holding_approved_at is not None:
        raise IncidentError(
            f"incident #{inc.id}: the holding statement was approved by {inc.holding_approved_by} already"
        )
    if not inc.holding:
        raise IncidentError(f"incident #{inc.id} has no holding statement to approve; write one first")
    inc.holding_approved_by = actor
    inc.holding_approved_at = at or utcnow()
    audit.record(
        session, actor=actor, verb="incident.holding_approved", brand_id=inc.brand_id, at=inc.holding_approved_at,
        incident_id=inc.id, languages=sorted(inc.holding),
    )  # fmt: skip
    case_ids = list(session.scalars(select(Case.id).where(Case.incident_id == inc.id)))
    return _draft_holding_for(session, inc, case_ids)


def _display_name(session: Session, username: str | None) -> str:
    if not username:
        return ""
    user = session.scalar(select(User).where(User.username == username))
    return (user.display_name if user is not None and user.display_name else None) or username


def _customer_name(session: Session, case: Case) -> str | None:
    if case.customer_id is not None:
        cust = session.get(Customer, case.customer_id)
        if cust is not None and (cust.name or "").strip():
            return cust.name
    author = session.get(Author, case.author_id) if case.author_id else None
    name = (author.display_name or "").strip() if author is not None else ""
    return name if name and len(name) <= 60 else None


def _case_language(session: Session, case: Case) -> str | None:
    return session.scalar(
        select(Mention.language)
        .where(Mention.case_id == case.id, Mention.direction == "inbound")
        .order_by(Mention.created_at, Mention.id)
        .limit(1)
    )


def _draft_holding_for(session: Session, inc: Incident, case_ids: list[int]) -> list[int]:
    """Personal drafts of the approved statement for these cases (those still open, without one)."""
    if inc.holding_approved_at is None or not case_ids:
        return []
    pb = brand_playbook(session.get_one(Brand, inc.brand_id))
    made: list[int] = []
    for case in session.scalars(select(Case).where(Case.id.in_(case_ids)).order_by(Case.id)):
        if case.state not in OPEN_STATES:
            continue
        text = _personal(session, case, inc, holding_text=True, languages=pb.languages or ["en"])
        draft = _make_draft(
            session, case, inc, text, kind="ack" if case.first_response_at is None else "reply"
        )
        if draft is not None:
            made.append(draft.id)
    return made


def _personal(
    session: Session, case: Case, inc: Incident, *, holding_text: bool, languages: list[str]
) -> str | None:
    writer = case.owner or inc.holding_approved_by or inc.resolved_by
    lang = holding.pick_language(inc.holding or {"en": ""}, _case_language(session, case), languages)
    base = (inc.holding or {}).get(lang, "") if holding_text else holding.resolved_message(inc.topic, lang)
    if not base:
        return None
    try:
        return holding.personalise(
            base,
            customer_name=_customer_name(session, case),
            agent_name=_display_name(session, writer),
            platform=case.platform,
            language=lang,
        )
    except ValueError as exc:
        log.info("incident %s: case %s needs a hand-written reply: %s", inc.id, case.id, exc)
        return None


def _make_draft(session: Session, case: Case, inc: Incident, text: str | None, kind: str) -> Draft | None:
    if text is None:
        audit.record(
            session, actor=DETECTOR, verb="incident.draft_skipped", case_id=case.id, brand_id=case.brand_id,
            incident_id=inc.id, note="the statement does not fit this platform; write this reply by hand",
        )  # fmt: skip
        return None
    author = case.owner or inc.holding_approved_by or DETECTOR
    existing = session.scalar(
        select(Draft.id).where(Draft.case_id == case.id, Draft.text == text, Draft.kind == kind).limit(1)
    )
    if existing is not None:
        return None
    try:
        draft = do_create_draft(session, case.id, author, text, visibility="public", kind=kind)
    except DraftError as exc:
        audit.record(
            session, actor=DETECTOR, verb="incident.draft_skipped", case_id=case.id, brand_id=case.brand_id,
            incident_id=inc.id, note=str(exc)[:500],
        )  # fmt: skip
        return None
    audit.record(
        session, actor=DETECTOR, verb="incident.draft_made", case_id=case.id, brand_id=case.brand_id,
        incident_id=inc.id, draft_id=draft.id, kind=kind,
    )  # fmt: skip
    return draft


# --- resolution ----------------------------------------------------------------------------------


@dataclass
class ResolveReport:
    incident_id: int
    resolved_cases: list[int] = field(default_factory=list)
    drafts: list[int] = field(default_factory=list)
    left: dict[int, str] = field(default_factory=dict)  # case id -> why it was not moved


def _path_to_resolved(state: State) -> list[State]:
    """The shortest run of moves from `state` to resolved (new -> acknowledged -> resolved)."""
    frontier: list[list[State]] = [[state]]
    seen = {state}
    while frontier:
        path = frontier.pop(0)
        for nxt in sorted(TRANSITIONS[path[-1]], key=lambda s: s.value):
            if nxt in seen or nxt in (State.DISMISSED, State.CLOSED, State.ESCALATED, State.PRIVATE):
                continue
            if nxt is State.RESOLVED:
                return path[1:] + [nxt]
            seen.add(nxt)
            frontier.append(path + [nxt])
    return []


def do_resolve_incident(
    session: Session, incident_id: int, actor: str, note: str | None = None, at: datetime | None = None
) -> ResolveReport:
    """The problem is fixed: every open case is resolved and gets a close-out draft (B-FOLLOWUP).

    Cases already past resolution keep their state; each still open case moves to resolved
    (through acknowledged when it was new), and its close-out draft tells the customer the
    problem is fixed. Sending those drafts (normal flow) takes each case to its public close-out
    and the follow-up checks the desk already runs.
    """
    inc = _incident(session, incident_id)
    _require_supervisor(session, actor, inc, "resolve an incident")
    if inc.state != "open":
        raise IncidentError(f"incident #{inc.id} was resolved already by {inc.resolved_by}")
    now = at or utcnow()
    inc.state = "resolved"
    inc.resolved_by = actor
    inc.resolved_at = now
    inc.resolution_note = (note or "").strip()[:2000] or None
    pb = brand_playbook(session.get_one(Brand, inc.brand_id))
    report = ResolveReport(inc.id)
    for case in list(session.scalars(select(Case).where(Case.incident_id == inc.id).order_by(Case.id))):
        if case.state not in OPEN_STATES:
            continue
        state = State(case.state)
        if state in (State.RESOLVED, State.PUBLIC_CLOSEOUT, State.FOLLOW_UP):
            path: list[State] = []
        else:
            path = _path_to_resolved(state)
            if not path:
                report.left[case.id] = f"cannot resolve a case that is {case.state}"
                continue
        try:
            for step in path:
                do_move_case(session, case.id, step, actor=actor, note=f"incident #{inc.id} resolved", at=now)
        except (LifecycleError, ValueError) as exc:
            report.left[case.id] = str(exc)
            continue
        if path:
            report.resolved_cases.append(case.id)
        text = _personal(session, case, inc, holding_text=False, languages=pb.languages or ["en"])
        draft = _make_draft(session, case, inc, text, kind="closeout")
        if draft is not None:
            report.drafts.append(draft.id)
    audit.record(
        session, actor=actor, verb="incident.resolved", brand_id=inc.brand_id, at=now, incident_id=inc.id,
        note=inc.resolution_note, cases=len(report.resolved_cases), drafts=len(report.drafts),
        left=sorted(report.left),
    )  # fmt: skip
    session.flush()
    return report
