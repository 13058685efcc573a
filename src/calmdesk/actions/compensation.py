"""B-COMPENSATE ledger: grant, hold for approval above the limit, approve or reject."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.cases import get_case
from calmdesk.actions.ownership import actor_for
from calmdesk.domain.amounts import AmountError, check_amount
from calmdesk.domain.compensation import Kind, decide
from calmdesk.domain.states import (
    COMPENSATION_COUNTED,
    COMPENSATION_TRANSITIONS,
    CompensationStatus,
    StateError,
    advance,
)
from calmdesk.storage.tables import Brand, Compensation, Customer


class CompensationError(ValueError):
    pass


def granted_total(session: Session, case_id: int, currency: str) -> float:
    total = session.scalar(
        select(func.coalesce(func.sum(Compensation.value), 0.0)).where(
            Compensation.case_id == case_id,
            Compensation.currency == currency,
            Compensation.status.in_(COMPENSATION_COUNTED),
        )
    )
    return float(total or 0.0)


def do_grant_compensation(
    session: Session,
    case_id: int,
    kind: str,
    value: float,
    *,
    actor: str,
    currency: str | None = None,
    note: str | None = None,
) -> Compensation:
    """Record compensation; within the tier limit it is granted, above it waits for a supervisor."""
    try:
        k = Kind(kind)
    except ValueError:
        raise CompensationError(
            f"unknown compensation kind {kind!r} (one of {', '.join(x.value for x in Kind)})"
        ) from None
    try:
        value = check_amount(value, field="compensation value")
    except AmountError as exc:
        raise CompensationError(str(exc)) from exc
    case = get_case(session, case_id)
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    cur = (currency or pb.compensation.currency).upper()
    if len(cur) != 3:
        raise CompensationError(f"currency must be a 3-letter ISO code, got {cur!r}")
    tier = None
    if case.customer_id is not None:
        customer = session.get(Customer, case.customer_id)
        tier = customer.tier if customer else None
    try:
        decision = decide(pb.compensation, tier, value, cur, granted_total(session, case.id, cur))
    except ValueError as exc:
        raise CompensationError(str(exc)) from exc
    row = Compensation(
        case_id=case.id,
        kind=k.value,
        value=value,
        currency=cur,
        status=CompensationStatus.PENDING_APPROVAL if decision.needs_approval else CompensationStatus.GRANTED,
        granted_by=actor,
        note=note,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        verb="compensation.requested" if decision.needs_approval else "compensation.granted",
        case_id=case.id,
        brand_id=case.brand_id,
        note=note,
        compensation_id=row.id,
        kind=k.value,
        value=value,
        currency=cur,
        tier=tier or "standard",
        limit=decision.limit,
        reason=decision.reason,
    )
    return row


def do_decide_compensation(
    session: Session, compensation_id: int, *, approve: bool, actor: str, note: str | None = None
) -> Compensation:
    """A supervisor approves or rejects compensation above the limit; never the person who asked."""
    row = session.get(Compensation, compensation_id)
    if row is None:
        raise CompensationError(f"no compensation #{compensation_id}")
    if row.status != CompensationStatus.PENDING_APPROVAL:
        raise CompensationError(f"compensation #{row.id} is {row.status}, not waiting for approval")
    case = get_case(session, row.case_id)
    if actor == row.granted_by:
        raise CompensationError("B-COMPENSATE: the person who asked cannot approve their own compensation")
    if not actor_for(session, actor, case.brand_id).is_supervisor:
        raise CompensationError(f"B-COMPENSATE: {actor} is not a supervisor of this brand")
    target = CompensationStatus.GRANTED if approve else CompensationStatus.REJECTED
    try:
        row.status = advance(COMPENSATION_TRANSITIONS, row.status, target, f"compensation #{row.id}")
    except StateError as exc:
        raise CompensationError(str(exc)) from None
    row.approved_by = actor
    audit.record(
        session,
        actor=actor,
        verb="compensation.approved" if approve else "compensation.rejected",
        case_id=case.id,
        brand_id=case.brand_id,
        note=note,
        compensation_id=row.id,
    )
    session.flush()
    return row
