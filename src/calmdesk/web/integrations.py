"""The web desk's calls into the rest of calmdesk: replies, moderation, compensation, follow-up, reports.

The pages and the API both go through these functions, so a browser and an integration get the
same checks. Authorization (who may see a case, who may approve) is decided by the routes before
they call in here; the actions below enforce the playbook (B-REVIEW, B-MODERATE, B-COMPENSATE).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.cases import do_move_case, status_of
from calmdesk.actions.compensation import CompensationError, do_decide_compensation, do_grant_compensation
from calmdesk.actions.followup import do_schedule_followup
from calmdesk.actions.moderation import do_moderate_mention
from calmdesk.actions.replies import (
    DraftError,
    case_context,
    do_approve_draft,
    do_create_draft,
    do_reject_draft,
    do_request_approval,
    do_send_draft,
    do_update_draft,
    draft_preview,
)
from calmdesk.domain.lifecycle import LifecycleError, State, allowed_moves
from calmdesk.domain.moderation import ModerationError, ModerationReason
from calmdesk.domain.states import CompensationStatus, DraftStatus
from calmdesk.replies.checker import check_reply
from calmdesk.replies.composer import ComposeError, compose
from calmdesk.replies.platforms import limits_for
from calmdesk.replies.preview import preview
from calmdesk.replies.templates import TemplateError
from calmdesk.storage.tables import (
    Author,
    Brand,
    Case,
    Compensation,
    Customer,
    Draft,
    Mention,
    Message,
    Order,
    OutboxItem,
    utcnow,
)

#: B-MODERATE: the only reasons a public post may be hidden, with the words the page shows.
MODERATION_REASONS: tuple[tuple[str, str], ...] = (
    (ModerationReason.OFFENSIVE.value, "offensive to other users"),
    (ModerationReason.PRIVATE_DATA.value, "exposes private data (card, password, ID, ...)"),
    (ModerationReason.NOT_LEGITIMATE.value, "not legitimate (spam, fake)"),
)

#: What each kind of reply moves the case to once it is sent, when the lifecycle allows that move
#: (B-ACK: the acknowledgement is the first response; B-HANDOFF: private, then the public close-out).
AFTER_SEND: dict[str, State] = {
    "ack": State.ACKNOWLEDGED,
    "handoff": State.PRIVATE,
    "closeout": State.PUBLIC_CLOSEOUT,
}


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


def _customer_name(session: Session, case: Case) -> str:
    author = session.get(Author, case.author_id) if case.author_id else None
    if author is None:
        return "there"
    name = (author.display_name or "").strip()
    # A first name reads like a person; a handle is the fallback.
    return name.split()[0] if name and len(name) <= 60 else (author.handle or "there")


def _order_number(session: Session, case: Case) -> str | None:
    if case.customer_id is None:
        return None
    customer = session.get(Customer, case.customer_id)
    if customer is None or customer.brand_id != case.brand_id:
        return None
    return session.scalar(
        select(Order.order_number)
        .where(Order.customer_id == customer.id)
        .order_by(Order.ordered_at.desc())
        .limit(1)
    )


def next_reply_kind(session: Session, case: Case) -> str | None:
    """B-HANDOFF order: a public acknowledgement, then the private hand-off, then the public close-out."""
    if case.state in (State.CLOSED.value, State.DISMISSED.value):
        return None
    sent = set(
        session.scalars(
            select(Message.kind).where(Message.case_id == case.id, Message.direction == "outbound")
        )
    )
    if case.first_response_at is None and "ack" not in sent:
        return "ack"
    if not case.went_private and "handoff" not in sent:
        return "handoff"
    if case.went_private and not case.public_closeout_done:
        return "closeout"
    return None


def suggest_reply(session: Session, case: Case, agent_name: str) -> Suggestion | None:
    """The composer's draft for the next step; None when the case needs no reply or no template fits."""
    kind = next_reply_kind(session, case)
    if kind is None:
        return None
    brand = session.get_one(Brand, case.brand_id)
    pb = brand_playbook(brand)
    recent = list(
        session.scalars(
            select(Message.text)
            .join(Case, Case.id == Message.case_id)
            .where(Case.brand_id == case.brand_id, Message.direction == "outbound")
            .order_by(Message.created_at.desc())
            .limit(20)
        )
    )[::-1]
    variables = {
        "customer_name": _customer_name(session, case),
        "agent_name": agent_name,
        "brand_name": brand.name or brand.key,
        "order": _order_number(session, case) or "",
    }
    ctx = case_context(session, case, "public", [])
    try:
        drafted = compose(
            kind,
            variables,
            platform=case.platform,
            brand=brand.key,
            language=(pb.languages or ["en"])[0],
            seed=case.id,
            recent=recent,
            complaint=ctx.complaint,
            severity=ctx.severity,
            levels=pb.reply_rules,
        )
    except (ComposeError, TemplateError) as exc:
        return Suggestion(kind, "private" if kind == "handoff" else "public", "", note=str(exc))
    return Suggestion(drafted.kind, drafted.visibility, drafted.text)


def check_text(session: Session, case: Case, text: str, visibility: str) -> dict[str, Any]:
    """The checker's findings for text being typed, in the case's context, and how it will look."""
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    vis = "private" if visibility == "private" else "public"
    findings = check_reply(text, case_context(session, case, vis, []), pb.reply_rules)
    author = session.get(Author, case.author_id) if case.author_id else None
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
        "counted_as": limits_for(pv.platform).max_chars,
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


def approve_draft(session: Session, draft: Draft, *, actor: str) -> Draft:
    if draft.status != DraftStatus.PENDING:
        raise ActionRefused(f"draft #{draft.id} is {draft.status}, not waiting for approval")
    try:
        return do_approve_draft(session, draft.id, actor)
    except DraftError as exc:
        raise _refused(exc) from exc


def reject_draft(session: Session, draft: Draft, *, actor: str, note: str | None) -> Draft:
    try:
        return do_reject_draft(session, draft.id, actor, note)
    except DraftError as exc:
        raise _refused(exc) from exc


def _advance_after_send(session: Session, case: Case, draft: Draft, actor: str) -> str | None:
    target = AFTER_SEND.get(draft.kind)
    if draft.visibility == "private" and target is None:
        target = State.PRIVATE
    if target is None or case.state == target.value or target not in allowed_moves(status_of(case)):
        return None
    do_move_case(session, case.id, target, actor=actor, note=f"{draft.kind} reply #{draft.id} sent")
    return target.value


def send_draft(session: Session, draft: Draft, *, actor: str) -> tuple[OutboxItem, str | None]:
    """Enqueue the draft on the case's platform, then take the case to the step that reply stands for."""
    try:
        item = do_send_draft(session, draft.id, actor)
    except DraftError as exc:
        raise _refused(exc) from exc
    case = session.get_one(Case, draft.case_id)
    try:
        moved = _advance_after_send(session, case, draft, actor)
    except (LifecycleError, ValueError):
        moved = None
    return item, moved


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
        if any(f.get("level") == "block" for f in draft.findings):
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
    """Move a case; on resolution the follow-up tasks are scheduled (B-FOLLOWUP)."""
    do_move_case(
        session,
        case.id,
        target,
        actor=actor,
        note=note,
        dismiss_reason=dismiss_reason,
        skip_closeout_reason=skip_closeout_reason,
    )
    if case.state == State.RESOLVED.value:
        do_schedule_followup(session, case.id, utcnow(), actor=actor)
    return case


# --- moderation and compensation ----------------------------------------------------------------


def hide_mention(
    session: Session, case: Case, mention_id: int, reason: str, *, actor: str, note: str | None
) -> str:
    """B-MODERATE: hide one inbound public post of this case, for one of the allowed reasons."""
    mention = session.get(Mention, mention_id)
    if mention is None or mention.case_id != case.id:
        raise ActionRefused(f"no post #{mention_id} in case #{case.id}")
    if mention.visibility != "public":
        raise ActionRefused("only public posts are hidden; a private message is seen by nobody else")
    try:
        result = do_moderate_mention(session, mention.id, "hide", reason, actor=actor, at=utcnow(), note=note)
    except ModerationError as exc:
        raise _refused(exc) from exc
    if result.outreach is not None:
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


# --- reports -------------------------------------------------------------------------------------


def report_fragments(session: Session, brands: list[Brand], days: int = 28) -> list[tuple[str, Markup]]:
    """The reports engineer's HTML fragment per brand (their templates escape their data)."""
    from calmdesk.reports import data, render

    until = utcnow()
    out = []
    for brand in brands:
        query = data.ReportQuery(since=until - timedelta(days=days), until=until, brand=brand.key)
        report = data.build_report(session, query)
        out.append((brand.key, Markup(render.render_html(report, fragment=True))))
    return out
