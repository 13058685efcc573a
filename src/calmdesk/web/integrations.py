"""The web desk's calls into the rest of calmdesk: replies, moderation, compensation, follow-up.

The pages and the API both go through these functions, so a browser and an integration get the
same checks. Authorization (who may see a case, who may approve) is decided by the routes before
they call in here; the actions below enforce the playbook (B-REVIEW, B-MODERATE, B-COMPENSATE).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.compensation import CompensationError, do_decide_compensation, do_grant_compensation
from calmdesk.actions.followup import do_move_case_with_followup
from calmdesk.actions.moderation_review import do_request_hide
from calmdesk.actions.replies import (
    DraftError,
    case_context,
    do_create_draft,
    do_request_approval,
    do_update_draft,
    draft_preview,
)
from calmdesk.actions.reply_drafting import DraftingError, compose_for_case
from calmdesk.actions.reply_flow import do_decide_draft, do_send_draft_and_advance, next_reply_kind
from calmdesk.domain.moderation import ModerationError, ModerationReason
from calmdesk.domain.states import CompensationStatus
from calmdesk.queries.desk import (
    author_of,
    brand_of,
    mention_of_case,
)
from calmdesk.replies.checker import check_reply
from calmdesk.replies.platforms import limits_for
from calmdesk.replies.preview import preview

if TYPE_CHECKING:
    from calmdesk.storage.tables import Case, Compensation, Draft, OutboxItem

log = logging.getLogger(__name__)

#: B-MODERATE: the only reasons a public post may be hidden, with the words the page shows.
MODERATION_REASONS: tuple[tuple[str, str], ...] = (
    (ModerationReason.OFFENSIVE.value, "offensive to other users"),
    (ModerationReason.PRIVATE_DATA.value, "exposes private data (card, password, ID, ...)"),
    (ModerationReason.NOT_LEGITIMATE.value, "not legitimate (spam, fake)"),
)

class ActionRefused(ValueError):
    """The action cannot be done; the message is shown to the person as it is."""


def features() -> dict[str, bool]:
    """Which parts the page shows (all of them ship with every installation)."""
    return {
        "replies": True,
        "checker": True,
        "composer": True,
        "moderation": True,
        "compensation": True,
        "reports": True,
    }


# --- replies ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """The composer's draft for the next step of the case, and the visibility it is meant for."""

    kind: str
    visibility: str
    text: str
    note: str = ""
    language: str = ""


def suggest_reply(session: Session, case: Case, agent_name: str) -> Suggestion | None:
    """The composer's draft for the next step, grounded in the case (`actions.reply_drafting`);
    None when the case needs no reply."""
    kind = next_reply_kind(session, case)
    if kind is None:
        return None
    try:
        drafted = compose_for_case(session, case, agent_name, kind)
    except DraftingError as exc:
        return Suggestion(kind, "private" if kind == "handoff" else "public", "", note=str(exc))
    return Suggestion(drafted.kind, drafted.visibility, drafted.text)


def check_text(
    session: Session, case: Case, text: str, visibility: str, kind: str | None = None
) -> dict[str, Any]:
    """The checker's findings for text being typed, in the case's context (with the kind of
    reply chosen in the form), and how it will look."""
    pb = brand_playbook(brand_of(session, case))
    vis = "private" if visibility == "private" else "public"
    findings = check_reply(text, case_context(session, case, vis, [], kind), pb.reply_rules)
    author = author_of(session, case)
    pv = preview(text, case.platform, visibility=vis, reply_to_handle=author.handle if author else None)
    return {
        "findings": [f.as_dict() for f in findings],
        "length": pv.length,
        "max_length": pv.max_length,
        "fits": pv.fits,
        "platform": case.platform,
        "thread_position": pv.thread_position,
        "urls": list(pv.urls),
    }


def preview_of(session: Session, draft: Draft) -> dict[str, Any]:
    """B-REVIEW: what the approver sees is exactly what will be posted."""
    pv = draft_preview(session, draft.id)
    return {
        "platform": pv.platform,
        "visibility": pv.visibility,
        "text": pv.text,
        "length": pv.length,
        "max_length": pv.max_length,
        "fits": pv.fits,
        "urls": list(pv.urls),
        "attachments": list(pv.attachments),
        "thread_position": pv.thread_position,
        "counted_as": limits_for(pv.platform, pv.visibility).max_chars,
    }


def _refused(exc: Exception) -> ActionRefused:
    return ActionRefused(str(exc) or type(exc).__name__)


def create_draft(session: Session, case: Case, text: str, *, visibility: str, kind: str, actor: str) -> Draft:
    try:
        return do_create_draft(session, case.id, actor, text, visibility=visibility, kind=kind)
    except DraftError as exc:
        raise _refused(exc) from exc


def update_draft(session: Session, draft: Draft, text: str, *, actor: str) -> Draft:
    if not text.strip():
        raise ActionRefused("a draft needs text")
    try:
        return do_update_draft(session, draft.id, actor, text)
    except DraftError as exc:
        raise _refused(exc) from exc


def request_approval(session: Session, draft: Draft, *, actor: str) -> Draft:
    try:
        return do_request_approval(session, draft.id, actor)
    except DraftError as exc:
        raise _refused(exc) from exc


def approve_draft(session: Session, draft: Draft, *, actor: str, note: str | None = None) -> Draft:
    try:
        return do_decide_draft(session, draft.id, approve=True, actor=actor, note=note)
    except DraftError as exc:
        raise _refused(exc) from exc


def reject_draft(session: Session, draft: Draft, *, actor: str, note: str | None) -> Draft:
    try:
        return do_decide_draft(session, draft.id, approve=False, actor=actor, note=note)
    except DraftError as exc:
        raise _refused(exc) from exc


def send_draft(session: Session, draft: Draft, *, actor: str) -> tuple[OutboxItem, str | None]:
    """Enqueue the draft and take the case to the step that reply stands for (`actions.reply_flow`)."""
    try:
        return do_send_draft_and_advance(session, draft.id, actor)
    except DraftError as exc:
        raise _refused(exc) from exc


def compose_and_submit(
    session: Session, case: Case, text: str, *, visibility: str, kind: str, actor: str, intent: str
) -> str:
    """The reply box: save, ask for approval, or send. A reply that needs approval goes to the
    approvals queue instead of being sent (B-REVIEW)."""
    draft = create_draft(session, case, text, visibility=visibility, kind=kind, actor=actor)
    if intent == "save":
        return f"Draft #{draft.id} saved"
    if intent == "send" and not draft.needs_approval:
        item, moved = send_draft(session, draft, actor=actor)
        where = "private message" if draft.visibility == "private" else "public reply"
        msg = f"Draft #{draft.id} queued as a {where} on {item.platform}"
        return msg + (f"; case moved to {moved}" if moved else "")
    if intent in ("send", "approval"):
        if any(f.get("level") == "block" for f in draft.findings):  # review findings go to approval
            return f"Draft #{draft.id} saved; fix its block findings before asking for approval"
        request_approval(session, draft, actor=actor)
        why = ", ".join(draft.approval_reasons) or "asked by the author"
        return f"Draft #{draft.id} waits for a second person's approval (B-REVIEW: {why})"
    raise ActionRefused(f"unknown intent {intent!r} (save, approval or send)")


# --- lifecycle ----------------------------------------------------------------------------------


def move_case(
    session: Session,
    case: Case,
    target: str,
    *,
    actor: str,
    note: str | None = None,
    dismiss_reason: str | None = None,
    skip_closeout_reason: str | None = None,
) -> Case:
    """Move a case; on resolution the follow-up tasks are scheduled (B-FOLLOWUP, in the action)."""
    do_move_case_with_followup(
        session,
        case.id,
        target,
        actor=actor,
        note=note,
        dismiss_reason=dismiss_reason,
        skip_closeout_reason=skip_closeout_reason,
    )
    return case


# --- moderation and compensation ----------------------------------------------------------------


def hide_mention(
    session: Session, case: Case, mention_id: int, reason: str, *, actor: str, note: str | None
) -> str:
    """B-MODERATE: hide one inbound public post of this case, for one of the allowed reasons."""
    mention = mention_of_case(session, case, mention_id)
    if mention is None:
        raise ActionRefused(f"no post #{mention_id} in case #{case.id}")
    if mention.visibility != "public":
        raise ActionRefused("only public posts are hidden; a private message is seen by nobody else")
    try:
        outcome = do_request_hide(session, mention.id, reason, actor=actor, at=datetime.now(UTC), note=note)
    except ModerationError as exc:
        raise _refused(exc) from exc
    if not outcome.hidden:
        return f"Not hidden yet: {outcome.message}"
    if outcome.outreach_task_id is not None:
        return "Post hidden; a private outreach task was created so the person is still helped (B-MODERATE)"
    return "Post hidden (B-MODERATE)"


def compensate(
    session: Session,
    case: Case,
    kind: str,
    value: float,
    *,
    actor: str,
    currency: str | None,
    note: str | None,
) -> str:
    try:
        row = do_grant_compensation(
            session, case.id, kind, value, actor=actor, currency=currency or None, note=note
        )
    except CompensationError as exc:
        raise _refused(exc) from exc
    amount = f"{row.kind} {row.value:.2f} {row.currency}"
    if row.status == CompensationStatus.PENDING_APPROVAL:
        return f"{amount} waits for a supervisor's approval (B-COMPENSATE: above the limit)"
    return f"{amount} granted"


def decide_compensation(
    session: Session, row: Compensation, *, approve: bool, actor: str, note: str | None
) -> str:
    try:
        do_decide_compensation(session, row.id, approve=approve, actor=actor, note=note)
    except CompensationError as exc:
        raise _refused(exc) from exc
    return f"Compensation #{row.id} {'approved' if approve else 'rejected'}"
