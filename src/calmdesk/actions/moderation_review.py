"""Safe moderation (B-MODERATE): hides that triage does not back wait for a supervisor; unhide.

A hide request that needs confirming is an audit record (`mention.hide_requested`) until a
supervisor confirms (`mention.hide_confirmed`, which hides it through `do_moderate_mention`)
or declines it (`mention.hide_declined`); nothing is hidden meanwhile. The audit log is the
record of the request, so no new table is needed and the history shows every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.moderation import OUTREACH, do_moderate_mention
from calmdesk.actions.ownership import actor_for
from calmdesk.domain.moderation import ModerationError, ModerationReason, check_moderation
from calmdesk.domain.moderation_support import triage_supports, why_unsupported
from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import Action, Case, Mention, OutboxItem, Task

REQUESTED = "mention.hide_requested"
DECIDED = ("mention.hide_confirmed", "mention.hide_declined")


@dataclass(frozen=True)
class HideOutcome:
    hidden: bool
    request_id: int | None = None  # the pending request when a supervisor must confirm
    outreach_task_id: int | None = None
    message: str = ""


def _mention(session: Session, mention_id: int) -> Mention:
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise ModerationError(f"no post #{mention_id}")
    return mention


def do_request_hide(
    session: Session, mention_id: int, reason: str | None, *, actor: str, at: datetime, note: str | None = None
) -> HideOutcome:
    """Hide now when triage backs the reason or a supervisor asks; otherwise ask a supervisor."""
    _op, why = check_moderation("hide", reason)
    mention = _mention(session, mention_id)
    brand_id = mention.brand_id or 0
    who = actor_for(session, actor, brand_id)
    if triage_supports(why, mention.triage) or who.is_supervisor:
        result = do_moderate_mention(session, mention.id, "hide", why.value, actor=actor, at=at, note=note)
        return HideOutcome(True, outreach_task_id=result.outreach.id if result.outreach else None)
    if pending_request(session, mention.id) is not None:
        return HideOutcome(False, message="a request to hide this post already waits for a supervisor")
    action = audit.record(
        session, actor=actor, verb=REQUESTED, case_id=mention.case_id, brand_id=mention.brand_id, note=note,
        at=at, mention_id=mention.id, reason=why.value,
    )  # fmt: skip
    session.flush()
    return HideOutcome(False, request_id=action.id, message=why_unsupported(why))


def pending_request(session: Session, mention_id: int) -> Action | None:
    requests = list(
        session.scalars(select(Action).where(Action.verb == REQUESTED).order_by(Action.id.desc()).limit(200))
    )
    for req in requests:
        if req.detail.get("mention_id") == mention_id and not _decided(session, req):
            return req
    return None


def _decided(session: Session, req: Action) -> bool:
    decisions = session.scalars(
        select(Action).where(Action.case_id == req.case_id, Action.verb.in_(DECIDED))
    )
    return any(d.detail.get("request_id") == req.id for d in decisions)


def pending_requests(session: Session, case_id: int) -> list[Action]:
    rows = session.scalars(
        select(Action).where(Action.case_id == case_id, Action.verb == REQUESTED).order_by(Action.id)
    )
    return [r for r in rows if not _decided(session, r)]


def do_decide_hide(
    session: Session, request_id: int, *, confirm: bool, actor: str, at: datetime, note: str | None = None
) -> HideOutcome:
    """A supervisor (not the one who asked) confirms or declines a pending hide request."""
    req = session.get(Action, request_id)
    if req is None or req.verb != REQUESTED or _decided(session, req):
        raise ModerationError(f"no pending hide request #{request_id}")
    mention = _mention(session, int(req.detail["mention_id"]))
    who = actor_for(session, actor, mention.brand_id or 0)
    if not who.is_supervisor:
        raise ModerationError("only a supervisor confirms hiding a post that triage does not flag (B-MODERATE)")
    if actor == req.actor:
        raise ModerationError("the person who asked cannot confirm their own request; ask another supervisor")
    audit.record(
        session, actor=actor, verb=DECIDED[0] if confirm else DECIDED[1], case_id=req.case_id,
        brand_id=req.brand_id, note=note, at=at, request_id=req.id, mention_id=mention.id,
    )  # fmt: skip
    if not confirm:
        session.flush()
        return HideOutcome(False, message="request declined; the post stays visible")
    result = do_moderate_mention(
        session, mention.id, "hide", str(req.detail["reason"]), actor=actor, at=at,
        note=note or f"confirmed the request of {req.actor}",
    )  # fmt: skip
    return HideOutcome(True, outreach_task_id=result.outreach.id if result.outreach else None)


def do_unhide_mention(
    session: Session, mention_id: int, *, actor: str, at: datetime, note: str | None = None
) -> OutboxItem:
    """Show a hidden post again (a mistake, or the reason no longer holds); queued like the hide."""
    mention = _mention(session, mention_id)
    if not mention.hidden:
        raise ModerationError(f"post #{mention.id} is not hidden")
    key = f"moderate:unhide:{mention.platform}:{mention.external_id}:{at.isoformat()}"
    item = OutboxItem(
        idempotency_key=key[:100], case_id=mention.case_id, channel_id=mention.channel_id, platform=mention.platform,
        operation="unhide", target_external_id=mention.external_id, payload={"reason": mention.hidden_reason},
        status=OutboxStatus.QUEUED,
    )  # fmt: skip
    session.add(item)
    before = mention.hidden_reason
    mention.hidden = False
    mention.hidden_reason = None
    session.flush()
    audit.record(
        session, actor=actor, verb="mention.unhide", case_id=mention.case_id, brand_id=mention.brand_id, note=note,
        at=at, mention_id=mention.id, was=before, outbox_id=item.id,
    )  # fmt: skip
    return item


def open_tasks(session: Session, brand_ids: list[int] | None, case_id: int | None = None) -> list[dict[str, Any]]:
    """Open tasks (private outreach after a hide, follow-ups) for the task list and the case view."""
    stmt = (
        select(Task, Case)
        .join(Case, Case.id == Task.case_id)
        .where(Task.done_at.is_(None))
        .order_by(Task.due_at, Task.id)
        .limit(500)
    )
    if brand_ids is not None:
        stmt = stmt.where(Case.brand_id.in_(brand_ids))
    if case_id is not None:
        stmt = stmt.where(Task.case_id == case_id)
    return [
        {"task": t, "case": c, "outreach": t.kind == OUTREACH, "kind": t.kind.replace("_", " ")}
        for t, c in session.execute(stmt)
    ]


def do_finish_task(session: Session, task_id: int, *, actor: str, at: datetime, note: str | None = None) -> Task:
    task = session.get(Task, task_id)
    if task is None or task.done_at is not None:
        raise ModerationError(f"no open task #{task_id}")
    task.done_at = at
    case = session.get(Case, task.case_id) if task.case_id else None
    audit.record(
        session, actor=actor, verb="task.done", case_id=task.case_id, brand_id=case.brand_id if case else None,
        note=note, at=at, task_id=task.id, kind=task.kind,
    )  # fmt: skip
    session.flush()
    return task


__all__ = [
    "ModerationReason",
    "HideOutcome",
    "do_request_hide",
    "do_decide_hide",
    "do_unhide_mention",
    "open_tasks",
    "do_finish_task",
    "pending_requests",
]
