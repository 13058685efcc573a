"""B-HANDOFF in order: which reply a case needs next, who decides a draft, and where sending takes the case.

The playbook's public-then-private-then-public order is a rule, not a page's choice, so it
lives here and the web desk, the API and the CLI all follow the same one:
1. a public acknowledgement (B-ACK: the first response),
2. the private hand-off (B-HANDOFF), moving the case to `private`,
3. the public close-out, moving it to `public_closeout`.
A plain question gets an answer instead of an acknowledgement (no apology is owed), and once a
fix is proposed or the case is resolved, a check-back asks whether it worked (B-FOLLOWUP).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions.cases import do_move_case, status_of
from calmdesk.actions.replies import DraftError, do_approve_draft, do_reject_draft, do_send_draft
from calmdesk.domain.lifecycle import LifecycleError, State, allowed_moves
from calmdesk.domain.states import DraftStatus
from calmdesk.replies.rules.substance import is_question
from calmdesk.storage.tables import Case, Draft, Message, OutboxItem
from calmdesk.triage.escalation import escalation

#: What each kind of reply moves the case to once it is sent, when the lifecycle allows that move
#: (B-ACK: the acknowledgement is the first response; B-HANDOFF: private, then the public close-out).
AFTER_SEND: dict[str, State] = {
    "ack": State.ACKNOWLEDGED,
    "answer": State.ACKNOWLEDGED,
    "followup": State.FOLLOW_UP,
    "handoff": State.PRIVATE,
    "closeout": State.PUBLIC_CLOSEOUT,
}


#: The case is fixed: after the public close-out (when it went private), a check-back (B-FOLLOWUP).
_AFTER_FIX = (State.RESOLVED.value, State.PUBLIC_CLOSEOUT.value, State.FOLLOW_UP.value)


def next_reply_kind(session: Session, case: Case) -> str | None:
    """B-HANDOFF order: a public acknowledgement (an answer, for a plain question), then the
    private hand-off, then the public close-out. B-FOLLOWUP: while a fix is proposed, a
    check-back asks whether it worked; once the case is resolved (and, if it went private, after
    the close-out), a check-back if none was sent yet."""
    if case.state in (State.CLOSED.value, State.DISMISSED.value):
        return None
    sent = set(
        session.scalars(
            select(Message.kind).where(Message.case_id == case.id, Message.direction == "outbound")
        )
    )
    if case.first_response_at is None and not sent & {"ack", "answer"}:
        return "answer" if _is_question(session, case) else "ack"
    if case.state == State.RESOLUTION_PROPOSED.value and "followup" not in sent:
        return "followup"
    if case.went_private and not case.public_closeout_done:
        return "closeout"
    if case.state in _AFTER_FIX and "followup" not in sent:
        return "followup"
    if not case.went_private and not sent & {"handoff", "answer"}:
        return "handoff"
    return None


def _is_question(session: Session, case: Case) -> bool:
    """The case opened with a plain question, not a complaint nor praise ("do you deliver to
    Potsdam?"): it is owed an answer, not an apology. A question on an escalated case (a
    reporter asking for the press office, a legal threat) is not plain: it gets the category's
    acknowledgement with its holding line."""
    if case.escalation:
        return False
    first = session.scalar(
        select(Message.text)
        .where(Message.case_id == case.id, Message.direction == "inbound")
        .order_by(Message.created_at, Message.id)
        .limit(1)
    )
    return first is not None and is_question(first) and not escalation(first).reasons


def do_decide_draft(session: Session, draft_id: int, *, approve: bool, actor: str, note: str | None = None) -> Draft:
    """B-REVIEW: a second person approves or rejects a draft that waits for approval, and only such a draft."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise DraftError(f"no draft #{draft_id}")
    if draft.status != DraftStatus.PENDING:
        raise DraftError(f"draft #{draft.id} is {draft.status}, not waiting for approval")
    if approve:
        return do_approve_draft(session, draft.id, actor, note=note)
    return do_reject_draft(session, draft.id, actor, note)


def _advance_after_send(session: Session, case: Case, draft: Draft, actor: str) -> str | None:
    target = AFTER_SEND.get(draft.kind)
    if draft.visibility == "private" and target is None:
        target = State.PRIVATE
    if target is None or case.state == target.value or target not in allowed_moves(status_of(case)):
        return None
    do_move_case(session, case.id, target, actor=actor, note=f"{draft.kind} reply #{draft.id} sent")
    return target.value


def do_send_draft_and_advance(session: Session, draft_id: int, actor: str) -> tuple[OutboxItem, str | None]:
    """Enqueue the draft on the case's platform, then take the case to the step that reply stands for.

    Returns the outbox item and the state the case moved to (None when it stayed: the
    lifecycle did not allow the move, or the case is already there).
    """
    item = do_send_draft(session, draft_id, actor)
    draft = session.get_one(Draft, draft_id)
    case = session.get_one(Case, draft.case_id)
    try:
        moved = _advance_after_send(session, case, draft, actor)
    except (LifecycleError, ValueError):
        moved = None
    return item, moved
