"""Case actions: move through the lifecycle, assign an owner. Each writes its audit record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.domain.lifecycle import CaseStatus, DismissReason, State, move
from calmdesk.storage.tables import Case, utcnow


class CaseNotFound(LookupError):
    pass


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise CaseNotFound(f"no case #{case_id}")
    return case


def status_of(case: Case) -> CaseStatus:
    return CaseStatus(
        state=State(case.state),
        went_private=case.went_private,
        public_closeout_done=case.public_closeout_done,
        closed_without_closeout_reason=case.closed_without_closeout_reason,
        dismiss_reason=DismissReason(case.dismiss_reason) if case.dismiss_reason else None,
    )


def apply_status(case: Case, status: CaseStatus) -> None:
    case.state = status.state.value
    case.went_private = status.went_private
    case.public_closeout_done = status.public_closeout_done
    case.closed_without_closeout_reason = status.closed_without_closeout_reason
    case.dismiss_reason = status.dismiss_reason.value if status.dismiss_reason else None


def do_move_case(
    session: Session,
    case_id: int,
    target: State | str,
    *,
    actor: str,
    note: str | None = None,
    dismiss_reason: str | None = None,
    skip_closeout_reason: str | None = None,
    at: datetime | None = None,
) -> Case:
    """Move a case (raises `LifecycleError` naming the allowed moves)."""
    case = get_case(session, case_id)
    before = case.state
    new = move(
        status_of(case),
        target,
        dismiss_reason=dismiss_reason,
        skip_closeout_reason=skip_closeout_reason,
    )
    apply_status(case, new)
    now = at or utcnow()
    if new.state is State.RESOLVED and case.resolved_at is None:
        case.resolved_at = now
    if new.state is State.CLOSED:
        case.closed_at = now
    if State(before) is State.CLOSED:
        case.closed_at = None
        case.resolved_at = None
    audit.record(
        session,
        actor=actor,
        verb="case.moved",
        case_id=case.id,
        brand_id=case.brand_id,
        note=note or skip_closeout_reason or dismiss_reason,
        at=now,
        **{"from": before, "to": new.state.value},
    )
    session.flush()
    return case


def do_assign_case(
    session: Session, case_id: int, owner: str | None, *, actor: str, note: str | None = None
) -> Case:
    """B-OWNER: one owner per case; reassigning is explicit and audited."""
    case = get_case(session, case_id)
    before = case.owner
    case.owner = owner
    change: dict[str, Any] = {"from": before, "to": owner}
    audit.record(
        session,
        actor=actor,
        verb="case.assigned",
        case_id=case.id,
        brand_id=case.brand_id,
        note=note,
        **change,
    )
    session.flush()
    return case


class NotAMember(ValueError):
    """The case cannot be handed to this person: they hold no role on the case's brand."""


def do_hand_over_case(
    session: Session, case_id: int, owner: str | None, *, actor: str, note: str | None = None
) -> Case:
    """B-OWNER, as a person assigns: handing a case to someone else needs a member of its brand."""
    from calmdesk.actions.users import is_brand_member

    case = get_case(session, case_id)
    if owner and owner != actor and not is_brand_member(session, owner, case.brand_id):
        raise NotAMember(f"{owner} is not a member of this brand")
    return do_assign_case(session, case.id, owner, actor=actor, note=note)


def reopen_on_customer_message_hook(session: Session, report: Any) -> None:
    """Ingest step (`actions.ingest_pipeline`): a customer who writes again after the case was closed is heard.

    A thank-you after closing is the outcome we hoped for (B-FOLLOWUP) and keeps the case
    closed; anything else reopens it to `triaged` so it returns to the priority inbox.
    """
    from sqlalchemy import select

    from calmdesk.domain.followup import Outcome, classify_followup
    from calmdesk.storage.tables import Message

    created = set(getattr(report, "case_ids_created", []))
    touched = sorted(set(getattr(report, "case_ids_touched", set())) - created)
    if not touched:
        return
    closed = list(session.scalars(select(Case).where(Case.id.in_(touched), Case.state == State.CLOSED.value)))
    for case in closed:
        newer = session.scalars(
            select(Message.text)
            .where(
                Message.case_id == case.id,
                Message.direction == "inbound",
                Message.mention_id.in_(list(getattr(report, "mention_ids", []))),
                Message.created_at > (case.closed_at or case.opened_at),
            )
            .order_by(Message.created_at)
        ).all()
        if not newer:
            continue
        readings = [classify_followup(t).outcome for t in newer]
        if all(r is Outcome.THANKS for r in readings):
            continue
        do_move_case(session, case.id, State.TRIAGED, actor="ingest", note="the customer wrote again after closing")
