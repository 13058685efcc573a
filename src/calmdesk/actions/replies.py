"""Reply actions: create a draft, ask for and give approval, send it (B-REVIEW, B-SAME-PLACE, B-HANDOFF).

The promise of this module is that what gets posted is exactly what was checked and approved:
- every draft is checked with the case's context (platform, public/private, first complaint,
  severity, the customer's personal data) and its findings are stored with it;
- a draft that needs review (Playbook.review) can only be sent after a second person approved
  it, and the sha256 of the approved text is stored, so an edit after approval is refused;
- sending enqueues one outbox item (idempotency key `draft-<id>`) on the platform where the
  complaint was made, replying to the customer's latest post, and records who sent and who
  approved it on the case's thread;
- every draft carries its recipient: the address per platform (`domain/recipients.py`) is worked
  out when the draft is written, so one that cannot reach the customer (no private messages on
  this platform or account, no known recipient) is refused then, not after the platform says no.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.outbox import dedupe_key
from calmdesk.channels import REGISTRY
from calmdesk.domain.playbook import Playbook
from calmdesk.domain.recipients import Account, Address, Origin, Undeliverable, address_for
from calmdesk.domain.review import review_reasons, unmet_review
from calmdesk.domain.states import (
    DRAFT_TRANSITIONS,
    DRAFT_UNSENT,
    DraftStatus,
    OutboxStatus,
    StateError,
    advance,
)
from calmdesk.replies.checker import blocking, check_reply
from calmdesk.replies.model import REPLY_KINDS, Finding, ReplyContext
from calmdesk.replies.personal import find_personal
from calmdesk.replies.platforms import URL_RE
from calmdesk.replies.preview import Preview, preview
from calmdesk.storage.tables import (
    Author,
    Brand,
    Case,
    Channel,
    Compensation,
    Customer,
    Draft,
    Mention,
    Message,
    Order,
    OutboxItem,
    utcnow,
)

KINDS = ("ack", "answer", "handoff", "closeout", "followup", "reply")


class DraftError(ValueError):
    """A draft action that is not allowed; the message says why and what to do."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise DraftError(f"no case #{case_id}")
    return case


def _draft(session: Session, draft_id: int) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise DraftError(f"no draft #{draft_id}")
    return draft


def _move(draft: Draft, target: DraftStatus) -> None:
    """Every draft status change goes through the table in `domain/states.py`."""
    try:
        draft.status = advance(DRAFT_TRANSITIONS, draft.status, target, f"draft #{draft.id}")
    except StateError as exc:
        raise DraftError(str(exc)) from None


def _unsent(draft: Draft) -> None:
    if draft.status not in DRAFT_UNSENT:
        raise DraftError(f"draft #{draft.id} was already sent ({draft.status})")


def _playbook(session: Session, case: Case) -> Playbook:
    brand = session.get(Brand, case.brand_id)
    assert brand is not None
    return brand_playbook(brand)


def _inbound(session: Session, case: Case) -> list[Message]:
    return list(
        session.scalars(
            select(Message)
            .where(Message.case_id == case.id, Message.direction == "inbound")
            .order_by(Message.created_at, Message.id)
        )
    )


def case_context(
    session: Session, case: Case, visibility: str, attachments: list[str], kind: str | None = None
) -> ReplyContext:
    """The checker's context for a case: the first complaint, its severity, the personal data
    seen (inbound texts, the customer's e-mail, phone and order numbers), the names the case
    knows (brand, customer, author) and the kind of reply, when it is one the checker knows."""
    inbound = _inbound(session, case)
    complaint = inbound[0].text if inbound else ""
    severe = bool(case.escalation) or (case.priority or 0) >= 70
    personal: list[str] = []
    names: list[str] = []
    brand = session.get(Brand, case.brand_id)
    if brand is not None:
        names.append(brand.name)
    for m in inbound:
        personal.extend(v.value for v in find_personal(m.text))
    if case.customer_id is not None:
        cust = session.get(Customer, case.customer_id)
        if cust is not None:
            personal.extend(v for v in (cust.email, cust.phone) if v)
            names.extend(n for n in (cust.name, *(str(h) for h in (cust.handles or {}).values())) if n)
            personal.extend(session.scalars(select(Order.order_number).where(Order.customer_id == cust.id)))
    if case.author_id is not None:
        author = session.get(Author, case.author_id)
        if author is not None:
            names.extend(n for n in (author.handle, author.display_name) if n)
    return ReplyContext(
        platform=case.platform,
        visibility="private" if visibility == "private" else "public",
        complaint=complaint,
        severity="high" if severe else "normal",
        attachments=tuple(attachments),
        personal_data=tuple(dict.fromkeys(personal)),
        kind=kind if kind in REPLY_KINDS else None,  # type: ignore[arg-type]
        known_names=tuple(dict.fromkeys(names)),
    )


def approval_reasons(
    session: Session, case: Case, text: str, attachments: list[str], pb: Playbook
) -> list[str]:
    """B-REVIEW: why this reply needs a second person, per the brand's review policy."""
    reasons: list[str] = []
    policy = pb.review
    if policy.links_or_attachments and (attachments or URL_RE.search(text)):
        reasons.append("links_or_attachments")
    if policy.compensation and session.scalar(
        select(Compensation.id).where(Compensation.case_id == case.id).limit(1)
    ):
        reasons.append("compensation")
    if case.author_id is not None:
        author = session.get(Author, case.author_id)
        if author is not None and (author.followers or 0) >= policy.high_reach_followers:
            reasons.append("high_reach_author")
    if policy.escalated_cases and (case.state == "escalated" or bool(case.escalation)):
        reasons.append("escalated_case")
    return reasons


def _check(session: Session, draft: Draft, case: Case, pb: Playbook) -> list[Finding]:
    ctx = case_context(session, case, draft.visibility, list(draft.attachments or []), draft.kind)
    return check_reply(draft.text, ctx, pb.reply_rules)


def do_create_draft(
    session: Session,
    case_id: int,
    author: str,
    text: str,
    visibility: str = "public",
    kind: str = "reply",
    attachments: list[str] | None = None,
) -> Draft:
    """Store a draft with its findings and whether it needs approval (and why)."""
    if visibility not in ("public", "private"):
        raise DraftError(f"visibility must be public or private, not {visibility!r}")
    if kind not in KINDS:
        raise DraftError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not text.strip():
        raise DraftError("a draft needs text")
    case = _case(session, case_id)
    delivery_address(session, case, visibility)  # refused now if it could never reach the customer
    pb = _playbook(session, case)
    atts = list(attachments or [])
    draft = Draft(
        case_id=case.id, author=author, text=text, visibility=visibility, kind=kind, attachments=atts
    )
    findings = check_reply(text, case_context(session, case, visibility, atts), pb.reply_rules)
    draft.findings = [f.as_dict() for f in findings]
    draft.approval_reasons = approval_reasons(session, case, text, atts, pb) + review_reasons(draft.findings)
    draft.needs_approval = bool(draft.approval_reasons)
    draft.status = DraftStatus.DRAFT
    session.add(draft)
    session.flush()
    audit.record(
        session,
        actor=author,
        verb="draft.created",
        case_id=case.id,
        brand_id=case.brand_id,
        draft_id=draft.id,
        rules=sorted({f.rule for f in findings}),
        needs_approval=draft.needs_approval,
        reasons=draft.approval_reasons,
    )
    return draft


def do_update_draft(session: Session, draft_id: int, actor: str, text: str) -> Draft:
    """Editing re-checks the text and drops any earlier approval (it approved other words)."""
    draft = _draft(session, draft_id)
    _unsent(draft)
    case = _case(session, draft.case_id)
    pb = _playbook(session, case)
    draft.text = text
    draft.findings = [f.as_dict() for f in _check(session, draft, case, pb)]
    draft.approval_reasons = approval_reasons(session, case, text, list(draft.attachments or []), pb) + review_reasons(
        draft.findings
    )
    draft.needs_approval = bool(draft.approval_reasons)
    _move(draft, DraftStatus.DRAFT)
    draft.approved_by, draft.approved_at, draft.text_hash = None, None, None
    audit.record(
        session, actor=actor, verb="draft.edited", case_id=case.id, brand_id=case.brand_id, draft_id=draft.id
    )
    session.flush()
    return draft


def do_request_approval(session: Session, draft_id: int, actor: str) -> Draft:
    draft = _draft(session, draft_id)
    if draft.status not in (DraftStatus.DRAFT, DraftStatus.REJECTED):
        raise DraftError(f"draft #{draft.id} is {draft.status}; only a draft can be sent for approval")
    _move(draft, DraftStatus.PENDING)
    case = _case(session, draft.case_id)
    audit.record(
        session,
        actor=actor,
        verb="draft.approval_requested",
        case_id=case.id,
        brand_id=case.brand_id,
        draft_id=draft.id,
    )
    session.flush()
    return draft


def do_approve_draft(
    session: Session, draft_id: int, approver: str, at: datetime | None = None, note: str | None = None
) -> Draft:
    """Four-eyes: the approver must be someone other than the author; the approved words are hashed.

    A finding at level `review` is satisfied by this approval only with a note saying why the
    reply is fine; a `block` finding no one may approve.
    """
    draft = _draft(session, draft_id)
    _unsent(draft)
    if approver == draft.author:
        raise DraftError(
            f"draft #{draft.id}: the author ({approver}) cannot approve their own reply; ask a colleague"
        )
    blocks = [f for f in draft.findings if f.get("level") == "block"]
    if blocks:
        rules = ", ".join(sorted({f["rule"] for f in blocks}))
        raise DraftError(f"draft #{draft.id} has block findings ({rules}); fix the text before approving")
    unmet = unmet_review(draft.findings, note)
    if unmet:
        raise DraftError(
            f"draft #{draft.id}: {', '.join(unmet)} asks for review; approve with a note saying why this reply is fine"
        )
    _move(draft, DraftStatus.APPROVED)
    draft.approved_by = approver
    draft.approved_at = at or utcnow()
    draft.text_hash = text_hash(draft.text)
    case = _case(session, draft.case_id)
    audit.record(
        session, actor=approver, verb="draft.approved", case_id=case.id, brand_id=case.brand_id, draft_id=draft.id,
        text_hash=draft.text_hash, note=note or None, satisfied=sorted({str(f.get("rule")) for f in draft.findings
                                                                      if f.get("level") == "review"}),
    )  # fmt: skip
    session.flush()
    return draft


def do_reject_draft(session: Session, draft_id: int, approver: str, note: str | None = None) -> Draft:
    """B-REVIEW: only a draft waiting for approval can be rejected (not one already on its way)."""
    draft = _draft(session, draft_id)
    if draft.status != DraftStatus.PENDING:
        raise DraftError(f"draft #{draft.id} is {draft.status}, not waiting for approval")
    _move(draft, DraftStatus.REJECTED)
    case = _case(session, draft.case_id)
    audit.record(
        session,
        actor=approver,
        verb="draft.rejected",
        case_id=case.id,
        brand_id=case.brand_id,
        note=note,
        draft_id=draft.id,
    )
    session.flush()
    return draft


def _latest_inbound_mention(session: Session, case: Case, visibility: str) -> Mention | None:
    q = select(Mention).where(Mention.case_id == case.id, Mention.direction == "inbound")
    rows = list(session.scalars(q.order_by(Mention.created_at.desc(), Mention.id.desc())))
    same = [m for m in rows if m.visibility == visibility]
    if same:
        return same[0]
    return rows[0] if rows else None


def delivery_address(session: Session, case: Case, visibility: str) -> Address:
    """Where a reply of `visibility` on this case goes, or `DraftError` saying why it cannot go."""
    mention = _latest_inbound_mention(session, case, visibility)
    author = None
    if mention is not None and mention.author_id is not None:
        author = session.get(Author, mention.author_id)
    if author is None and case.author_id is not None:
        author = session.get(Author, case.author_id)
    channel = session.get(Channel, case.channel_id) if case.channel_id is not None else None
    connector = REGISTRY.get(case.platform)
    capabilities = (
        connector.capabilities if connector is not None else frozenset({"reply", "private_message"})
    )
    settings = dict(channel.settings or {}) if channel is not None else {}
    account = Account(
        can_reply="reply" in capabilities,
        can_private="private_message" in capabilities,
        allows_dms=bool(settings.get("allow_dms")),
    )
    origin = Origin(
        platform=case.platform,
        external_id=mention.external_id if mention else None,
        visibility=mention.visibility if mention else "public",
        author_handle=author.handle if author else None,
        author_external_id=author.external_id if author else None,
    )
    try:
        return address_for(origin, visibility, account)
    except Undeliverable as exc:
        raise DraftError(f"this reply cannot be delivered: {exc}") from None


def do_send_draft(session: Session, draft_id: int, actor: str, at: datetime | None = None) -> OutboxItem:
    """Enqueue the reply on the complaint's own platform (B-SAME-PLACE), exactly as approved."""
    draft = _draft(session, draft_id)
    _unsent(draft)
    if draft.status == DraftStatus.REJECTED:
        raise DraftError(f"draft #{draft.id} was rejected; edit it and ask for approval again")
    case = _case(session, draft.case_id)
    pb = _playbook(session, case)
    findings = _check(session, draft, case, pb)  # re-check: the case may have changed since drafting
    draft.findings = [f.as_dict() for f in findings]
    blocks = blocking(findings)
    if blocks:
        rules = ", ".join(sorted({f.rule for f in blocks}))
        raise DraftError(f"draft #{draft.id} has block findings ({rules}); it cannot be sent")
    if draft.needs_approval:
        if draft.status != DraftStatus.APPROVED or not draft.approved_by:
            reasons = ", ".join(draft.approval_reasons)
            raise DraftError(f"draft #{draft.id} needs a second person's approval first ({reasons})")
        if draft.text_hash != text_hash(draft.text):
            raise DraftError(f"draft #{draft.id} changed after it was approved; it must be approved again")
    address = delivery_address(session, case, draft.visibility)
    now = at or utcnow()
    item = OutboxItem(
        idempotency_key=f"draft-{draft.id}",
        case_id=case.id,
        channel_id=case.channel_id,
        draft_id=draft.id,
        platform=case.platform,
        operation=address.operation,
        target_external_id=address.target,
        payload={
            "text": draft.text,
            "attachments": list(draft.attachments or []),
            "kind": draft.kind,
            "recipient": address.recipient,
        },
        status=OutboxStatus.QUEUED,
        dedupe_key=dedupe_key(
            case.platform, case.channel_id, address.operation, address.target, address.recipient, draft.text
        ),
        created_at=now,
    )
    session.add(item)
    session.add(
        Message(
            case_id=case.id,
            direction="outbound",
            visibility=draft.visibility,
            channel_id=case.channel_id,
            text=draft.text,
            created_at=now,
            sent_by=actor,
            approved_by=draft.approved_by,
            kind=draft.kind,
        )
    )
    _move(draft, DraftStatus.QUEUED)
    if draft.visibility == "private":
        case.went_private = True
    elif draft.kind == "closeout":
        case.public_closeout_done = True
    # first_response_at is set when the platform confirms the post (actions/outbox.py), not here
    audit.record(
        session, actor=actor, verb="draft.sent", case_id=case.id, brand_id=case.brand_id, at=now, draft_id=draft.id,
        platform=case.platform, approved_by=draft.approved_by, idempotency_key=item.idempotency_key,
        operation=address.operation, recipient=address.recipient,
    )  # fmt: skip
    session.flush()
    return item


def draft_preview(session: Session, draft_id: int) -> Preview:
    """The approver's view of a stored draft (B-REVIEW)."""
    draft = _draft(session, draft_id)
    case = _case(session, draft.case_id)
    handle = None
    if case.author_id is not None:
        author = session.get(Author, case.author_id)
        handle = author.handle if author else None
    return preview(
        draft.text,
        case.platform,
        visibility=draft.visibility,
        attachments=list(draft.attachments or []),
        reply_to_handle=handle,
    )


__all__ = [
    "DraftError",
    "approval_reasons",
    "case_context",
    "do_approve_draft",
    "do_create_draft",
    "do_reject_draft",
    "do_request_approval",
    "do_send_draft",
    "do_update_draft",
    "delivery_address",
    "draft_preview",
    "preview",
    "text_hash",
]
