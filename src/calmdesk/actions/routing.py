"""Assigning cases (B-OWNER, B-ESCALATE): gather the facts, let `domain.routing` decide, audit it.

B-OWNER: a case keeps its owner. Automatic routing only fills an empty owner; moving a
case to someone else is `do_reassign_case`, an explicit action with a recorded reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.cases import do_assign_case, get_case
from calmdesk.domain.lifecycle import OPEN_STATES, TRANSITIONS, State
from calmdesk.domain.playbook import Playbook
from calmdesk.domain.routing import (
    Candidate,
    CaseFacts,
    DutyShift,
    RouteDecision,
    RoutingRules,
    on_duty,
    parse_shift,
    route,
)
from calmdesk.storage.tables import Author, Brand, Case, Membership, Mention, User

ROUTER = "router"


class RoutingError(ValueError):
    pass


def routing_rules(pb: Playbook) -> RoutingRules:
    """The brand's rules; defaults until the playbook carries a `routing` section."""
    rules = getattr(pb, "routing", None)
    return rules if isinstance(rules, RoutingRules) else RoutingRules()


def _shift(user: User) -> DutyShift | None:
    try:
        return parse_shift(user.shift)
    except ValueError:
        # A broken shift must not hide a person from routing; treat it as "no shift set".
        return None


def people_of_brand(session: Session, brand_id: int, now: datetime) -> list[tuple[User, str, bool]]:
    """(user, role, on duty now) for everyone with a role in the brand."""
    rows = session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.brand_id == brand_id)
    ).all()
    return [(u, role, on_duty(u.on_duty, _shift(u), now)) for u, role in rows]


def open_case_counts(session: Session, usernames: list[str]) -> dict[str, int]:
    if not usernames:
        return {}
    rows = session.execute(
        select(Case.owner, func.count(Case.id))
        .where(Case.owner.in_(usernames), Case.state.in_([s.value for s in OPEN_STATES]))
        .group_by(Case.owner)
    ).all()
    counts: dict[str, int] = {u: 0 for u in usernames}
    for owner, n in rows:
        if owner is not None:
            counts[owner] = int(n)
    return counts


def candidates_for(session: Session, brand_id: int, now: datetime) -> list[Candidate]:
    people = people_of_brand(session, brand_id, now)
    counts = open_case_counts(session, [u.username for u, _r, _d in people])
    return [
        Candidate(
            username=u.username,
            role=role,
            groups=tuple(str(g) for g in (u.groups or [])),
            on_duty=duty,
            open_cases=counts.get(u.username, 0),
        )
        for u, role, duty in people
    ]


def facts_of(session: Session, case: Case) -> CaseFacts:
    followers = None
    if case.author_id is not None:
        author = session.get(Author, case.author_id)
        followers = author.followers if author else None
    language = session.scalar(
        select(Mention.language)
        .where(Mention.case_id == case.id, Mention.direction == "inbound")
        .order_by(Mention.created_at)
        .limit(1)
    )
    return CaseFacts(
        platform=case.platform,
        language=language,
        topic=case.topic,
        priority=case.priority or 0,
        followers=followers,
        escalated=bool(case.escalation) or case.state == State.ESCALATED.value,
    )


def do_route_case(
    session: Session, case_id: int, now: datetime, *, actor: str = ROUTER
) -> RouteDecision | None:
    """Give an unowned case an owner among people on duty; an owned case keeps its owner (B-OWNER).

    Returns the decision, or None when the case already had an owner.
    """
    case = get_case(session, case_id)
    if case.owner:
        return None
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    rules = routing_rules(pb)
    decision = route(rules, facts_of(session, case), candidates_for(session, case.brand_id, now))
    if decision.owner is not None and rules.auto_assign:
        do_assign_case(session, case.id, decision.owner, actor=actor, note=decision.reason)
    else:
        audit.record(
            session,
            actor=actor,
            verb="case.unrouted",
            case_id=case.id,
            brand_id=case.brand_id,
            note=decision.reason,
            at=now,
        )
    return decision


def do_reassign_case(session: Session, case_id: int, owner: str, *, actor: str, reason: str) -> Case:
    """B-OWNER: handing a case to someone else is deliberate, so it needs a reason on the record."""
    if not reason.strip():
        raise RoutingError("reassigning a case needs a reason (B-OWNER: one consistent voice per case)")
    case = get_case(session, case_id)
    if case.owner == owner:
        return case
    return do_assign_case(session, case_id, owner, actor=actor, note=reason)


def do_escalate_case(
    session: Session, case_id: int, now: datetime, *, reason: str, actor: str = ROUTER
) -> tuple[Case, str | None]:
    """B-ESCALATE: hand the case to a senior responder on duty and mark it escalated.

    Returns the case and the new owner (None when no senior is on duty; the case is still
    marked so it shows as escalated and the notification names nobody).
    """
    case = get_case(session, case_id)
    entry: dict[str, Any] = {"reason": reason, "at": now.isoformat(), "by": actor}
    case.escalation = [*(case.escalation or []), entry]
    state = State(case.state)
    if state is not State.ESCALATED and State.ESCALATED in TRANSITIONS[state]:
        from calmdesk.actions.cases import do_move_case

        do_move_case(session, case.id, State.ESCALATED, actor=actor, note=reason, at=now)
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    rules = routing_rules(pb)
    facts = facts_of(session, case)
    decision = route(
        rules, CaseFacts(**{**facts.__dict__, "escalated": True}), candidates_for(session, case.brand_id, now)
    )
    owner_before = case.owner
    current_is_senior = owner_before is not None and any(
        c.username == owner_before
        and c.on_duty
        and (rules.senior_group in c.groups or c.role in ("supervisor", "admin"))
        for c in candidates_for(session, case.brand_id, now)
    )
    new_owner = owner_before if current_is_senior else decision.owner
    if new_owner is not None and new_owner != owner_before:
        do_assign_case(session, case.id, new_owner, actor=actor, note=f"escalated: {reason}")
    audit.record(
        session,
        actor=actor,
        verb="case.escalated",
        case_id=case.id,
        brand_id=case.brand_id,
        note=reason,
        at=now,
        owner=new_owner,
    )
    session.flush()
    return case, new_owner


def on_duty_recipients(session: Session, brand_id: int, now: datetime, usernames: list[str]) -> list[str]:
    """Personal apprise URLs of the named people who are on duty now (never someone off shift)."""
    urls: list[str] = []
    for u, _role, duty in people_of_brand(session, brand_id, now):
        if duty and u.username in usernames:
            shift = _shift(u)
            if shift is not None:
                urls.extend(shift.notify)
    return urls


def supervisors_on_duty(session: Session, brand_id: int, now: datetime) -> list[str]:
    return sorted(
        u.username
        for u, role, duty in people_of_brand(session, brand_id, now)
        if duty and role in ("supervisor", "admin")
    )


def route_new_cases_hook(session: Session, report: Any) -> None:
    """Ingest step (`actions.ingest_pipeline`): route the cases a batch opened (run it after triage)."""
    from calmdesk.storage.tables import utcnow

    now = utcnow()
    case_ids = list(getattr(report, "case_ids_created", []))
    if not case_ids:
        return
    # A brand with nobody on its team has no one to route to (typical for a bulk history import).
    staffed = set(session.scalars(select(Membership.brand_id).distinct()))
    if not staffed:
        return
    for cid in case_ids:
        do_route_case(session, cid, now)
