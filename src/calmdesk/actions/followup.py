"""B-FOLLOWUP / B-HANDOFF: what happens after a case is resolved.

On resolution the owner gets two tasks: a public check-back on the original thread
(B-HANDOFF: the public thread hears how it ended) and, `followup_days` later, a
satisfaction check. Later customer messages are read for thanks or dissatisfaction and
the outcome is stored on the case (`thanked`, `satisfaction`), which B-MEASURE reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.cases import do_move_case, get_case
from calmdesk.domain.followup import FollowupReading, Outcome, classify_followup
from calmdesk.domain.lifecycle import State
from calmdesk.domain.sla import next_opening
from calmdesk.domain.states import TASK_TRANSITIONS, TaskStatus, advance, task_status
from calmdesk.storage.tables import Brand, Case, Message, Task, utcnow

CHECKBACK = "public_checkback"
SATISFACTION = "satisfaction_check"


def _open_task(session: Session, case_id: int, kind: str) -> Task | None:
    return session.scalar(
        select(Task).where(Task.case_id == case_id, Task.kind == kind, Task.done_at.is_(None))
    )


def do_schedule_followup(
    session: Session, case_id: int, now: datetime, *, actor: str = "followup"
) -> list[Task]:
    """Create the check-back and satisfaction tasks of a resolved case (once; re-running is harmless)."""
    case = get_case(session, case_id)
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    created: list[Task] = []
    if _open_task(session, case.id, CHECKBACK) is None:
        t = Task(
            case_id=case.id,
            kind=CHECKBACK,
            reason="B-HANDOFF: go back to the public thread and say it was resolved, or ask whether it was",
            due_at=now,
            assignee=case.owner,
        )
        session.add(t)
        created.append(t)
    if _open_task(session, case.id, SATISFACTION) is None:
        # The check lands in business hours so it is not sent at night on the brand's behalf.
        due = next_opening(pb.hours, now + timedelta(days=pb.followup_days))
        t = Task(
            case_id=case.id,
            kind=SATISFACTION,
            reason=f"B-FOLLOWUP: ask whether the customer is satisfied ({pb.followup_days} days after resolution)",
            due_at=due,
            assignee=case.owner,
        )
        session.add(t)
        created.append(t)
    if created:
        session.flush()
        audit.record(
            session,
            actor=actor,
            verb="followup.scheduled",
            case_id=case.id,
            brand_id=case.brand_id,
            at=now,
            tasks=[{"kind": t.kind, "due_at": t.due_at.isoformat() if t.due_at else None} for t in created],
        )
    return created


def do_move_case_with_followup(
    session: Session,
    case_id: int,
    target: State | str,
    *,
    actor: str,
    note: str | None = None,
    dismiss_reason: str | None = None,
    skip_closeout_reason: str | None = None,
    now: datetime | None = None,
) -> Case:
    """Move a case as a person does it; resolving it schedules its follow-up tasks (B-FOLLOWUP)."""
    case = do_move_case(
        session,
        case_id,
        target,
        actor=actor,
        note=note,
        dismiss_reason=dismiss_reason,
        skip_closeout_reason=skip_closeout_reason,
    )
    if case.state == State.RESOLVED.value:
        do_schedule_followup(session, case.id, now or utcnow(), actor=actor)
    return case


def do_complete_task(
    session: Session, task_id: int, *, actor: str, at: datetime, note: str | None = None
) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise LookupError(f"no task #{task_id}")
    if task_status(task.done_at is not None) is TaskStatus.OPEN:  # done twice is a no-op
        advance(TASK_TRANSITIONS, TaskStatus.OPEN, TaskStatus.DONE, f"task #{task.id}")
        task.done_at = at
        audit.record(
            session, actor=actor, verb="task.done", case_id=task.case_id, at=at, note=note, kind=task.kind
        )
    return task


def due_tasks(
    session: Session, now: datetime, kinds: Sequence[str] = (CHECKBACK, SATISFACTION)
) -> list[Task]:
    return list(
        session.scalars(
            select(Task)
            .where(Task.kind.in_(list(kinds)), Task.done_at.is_(None), Task.due_at <= now)
            .order_by(Task.due_at, Task.id)
        )
    )


def do_close_met_followups(session: Session, now: datetime, *, actor: str = "followup") -> list[Task]:
    """Mark due follow-up tasks done once what they ask for has happened (B-HANDOFF, B-FOLLOWUP).

    The check-back is done when a public message went out on the case after it fell due
    (it falls due at resolution: the public thread heard how it ended); the satisfaction
    check is done when a message went out after it fell due, or the customer told us (the
    case has a satisfaction reading). Run by the periodic SLA job, so a reply sent from the desk, the API or the CLI
    counts alike; a task whose work is still open stays open for its assignee.
    """
    done: list[Task] = []
    for task in due_tasks(session, now):
        if task.case_id is None:
            continue
        since = task.due_at or task.created_at
        q = select(Message.id).where(
            Message.case_id == task.case_id, Message.direction == "outbound", Message.created_at >= since
        )
        if task.kind == CHECKBACK:
            q = q.where(Message.visibility == "public")
        answered = session.scalar(q.limit(1)) is not None
        if task.kind == SATISFACTION and not answered:
            case = session.get(Case, task.case_id)
            answered = case is not None and case.satisfaction is not None
        if answered:
            done.append(do_complete_task(session, task.id, actor=actor, at=now, note="done: the reply went out"))
    session.flush()
    return done


def do_record_customer_reply(
    session: Session, case_id: int, text: str, at: datetime, *, actor: str = "followup"
) -> FollowupReading:
    """Read a later customer message; store a thank-you or dissatisfaction on the case (B-FOLLOWUP).

    Thanks sets `thanked`; the latest clear outcome sets `satisfaction`, so a customer who
    first thanks and then reports the problem is back is recorded as dissatisfied.
    """
    case = get_case(session, case_id)
    reading = classify_followup(text)
    if reading.outcome is Outcome.NEUTRAL:
        return reading
    before: dict[str, Any] = {"thanked": case.thanked, "satisfaction": case.satisfaction}
    if reading.outcome is Outcome.THANKS:
        case.thanked = True
        case.satisfaction = "satisfied"
    else:
        case.satisfaction = "dissatisfied"
    audit.record(
        session,
        actor=actor,
        verb=f"followup.{reading.outcome.value}",
        case_id=case.id,
        brand_id=case.brand_id,
        at=at,
        evidence=reading.evidence,
        before=before,
    )
    return reading


def followup_hook(session: Session, report: Any) -> None:
    """Ingest step (`actions.ingest_pipeline`): read new inbound messages on cases we already answered."""
    mention_ids = list(getattr(report, "mention_ids", []))
    if not mention_ids:
        return
    rows = session.execute(
        select(Message.case_id, Message.text, Message.created_at)
        .join(Case, Case.id == Message.case_id)
        .where(
            Message.mention_id.in_(mention_ids),
            Message.direction == "inbound",
            Case.first_response_at.is_not(None),
            Message.created_at > Case.first_response_at,
        )
        .order_by(Message.created_at)
    ).all()
    for case_id, text, created_at in rows:
        do_record_customer_reply(session, case_id, text, created_at)
