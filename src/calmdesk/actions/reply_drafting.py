"""Drafts for a case, grounded in what the case knows: the template composer, and optionally an
OpenAI-compatible model (issue 15).

Why here: the desk page, the API and `calmdesk draft` all need the same facts about a case
(the complaint, the customer, the escalation, the order, business hours) turned into a draft
that passes the brand's checker. Nothing here sends anything: a draft is a proposal a person
edits, saves and sends through `actions.replies` (B-REVIEW applies unchanged).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.replies import case_context
from calmdesk.replies import grounding
from calmdesk.replies.checker import blocking
from calmdesk.replies.composer import ComposeError, compose
from calmdesk.replies.llm import LlmConfig, LlmError, draft_with_llm
from calmdesk.replies.model import Finding
from calmdesk.replies.personal import find_personal
from calmdesk.replies.templates import TemplateError, load_templates
from calmdesk.storage.tables import Author, Brand, Case, Customer, Message, Order, User
from calmdesk.triage.escalation import escalation
from calmdesk.triage.topic import TopicClassifier

log = logging.getLogger(__name__)
_BUILTIN_TOPICS = TopicClassifier(None)

KINDS = ("ack", "handoff", "followup", "closeout", "answer")
_SECRET_POSTED = re.compile(r"\b(?:password|passwort|pin|passcode)\s*(?:is|was|=|:)\s*\S+", re.I)


class DraftingError(ValueError):
    """No draft could be made; the message is for the agent, not a stack trace."""


@dataclass(frozen=True)
class Proposal:
    kind: str
    visibility: str
    text: str
    findings: tuple[Finding, ...] = ()
    source: str = "template"  # template | llm
    #: The model's first answer had findings and was revised once with them.
    revised: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def _first_name(session: Session, case: Case) -> str | None:
    if case.customer_id is not None:
        cust = session.get(Customer, case.customer_id)
        if cust is not None and (cust.name or "").strip():
            return cust.name.split()[0]  # type: ignore[union-attr]
    author = session.get(Author, case.author_id) if case.author_id else None
    if author is None:
        return None
    name = (author.display_name or "").strip()
    return name.split()[0] if name and len(name) <= 60 else None


def case_facts(session: Session, case: Case, now: datetime | None = None) -> grounding.CaseFacts:
    """Everything the composer and the model prompt use, read from the case."""
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    inbound = list(
        session.scalars(
            select(Message)
            .where(Message.case_id == case.id, Message.direction == "inbound")
            .order_by(Message.created_at, Message.id)
        )
    )
    complaint = inbound[0].text if inbound else ""
    pii_public = any(
        m.visibility == "public"
        and (any(v.kind == "card" for v in find_personal(m.text)) or _SECRET_POSTED.search(m.text))
        for m in inbound
    )
    order = product = status = None
    if case.customer_id is not None:
        row = session.execute(
            select(Order.order_number, Order.items, Order.status)
            .where(Order.customer_id == case.customer_id, Order.brand_id == case.brand_id)
            .order_by(Order.ordered_at.desc())
            .limit(1)
        ).first()
        if row is not None:
            order, status = row[0], row[2]
            items = row[1] or []
            first = items[0] if items else None
            name = first.get("name") if isinstance(first, dict) else first
            product = str(name).strip() or None if name else None
    owner = None
    if case.owner:
        user = session.scalar(select(User).where(User.username == case.owner))
        owner = (user.display_name if user is not None else None) or case.owner
    return grounding.CaseFacts(
        complaint=complaint,
        customer_name=_first_name(session, case),
        # the case's topic when the templates know it, else the built-in topics' reading of the
        # complaint: a brand's own topic ("fees", "freshness") or "other" has no wording of its own
        topic=case.topic if case.topic in grounding.TOPICS else (_BUILTIN_TOPICS.topic(complaint) if complaint else None),
        # the case's escalation, or triage's reading of the complaint when triage has not run
        escalation=tuple(str(e) for e in (case.escalation or [])) or escalation(complaint).reasons,
        pii_public=pii_public,
        order=order,
        order_status=status,
        product=product,
        languages=tuple(pb.languages or ["en"]),
        now=now or datetime.now(UTC),
        hours=pb.hours,
        senior_owner=owner,
        holding_line=None,
    )


def reply_visibility(case: Case, kind: str) -> str:
    """Where a reply of `kind` goes: the hand-off in private; a check-back where the conversation
    is (in private while the case is there, in public once it has come back); the rest in public."""
    if kind == "handoff":
        return "private"
    if kind == "followup":
        return "private" if case.went_private and not case.public_closeout_done else "public"
    return "public"


def compose_for_case(
    session: Session, case: Case, agent_name: str, kind: str, now: datetime | None = None, seed: int | None = None
) -> Proposal:
    """The template composer's draft of `kind` for this case, grounded in its facts.

    Raises `DraftingError` with a message for the agent (never a template path or traceback)."""
    if kind not in KINDS:
        raise DraftingError(f"no templates for a {kind!r} reply (the composer writes {', '.join(KINDS)})")
    brand = session.get_one(Brand, case.brand_id)
    pb = brand_playbook(brand)
    facts = case_facts(session, case, now)
    lang = grounding.language(facts)
    recent = list(
        session.scalars(
            select(Message.text)
            .join(Case, Case.id == Message.case_id)
            .where(Case.brand_id == case.brand_id, Message.direction == "outbound")
            .order_by(Message.created_at.desc())
            .limit(20)
        )
    )[::-1]
    variables = grounding.variables(facts, lang)
    variables.update({"agent_name": agent_name, "brand_name": brand.name or brand.key})
    if facts.customer_name:
        variables["customer_name"] = facts.customer_name
    visibility = reply_visibility(case, kind)
    ctx = case_context(session, case, visibility, [], kind)
    # The category and topic pick the variant for every kind: a hand-off on a safety case asks
    # them to stop using it and keep the batch, a billing one asks for the payment reference.
    category = grounding.category(facts)
    topic = grounding.topic(facts)
    flags = grounding.flags(facts)
    try:
        try:
            templates = load_templates(brand.key, lang)
        except TemplateError:
            templates = load_templates(brand.key, (pb.languages or ["en"])[0])
        drafted = compose(
            kind,
            variables,
            platform=case.platform,
            brand=brand.key,
            language=templates.language,
            seed=case.id if seed is None else seed,
            recent=recent,
            complaint=ctx.complaint,
            severity=ctx.severity,
            levels=pb.reply_rules,
            templates=templates,
            category=category,
            known_names=ctx.known_names,
            topic=topic,
            flags=flags,
            visibility=visibility,
        )
    except (ComposeError, TemplateError) as exc:
        log.warning("composer: case %s kind %s: %s", case.id, kind, exc)
        raise DraftingError(
            f"No suggested {kind} for this case: the templates don't fit it. Write this one yourself."
        ) from exc
    return Proposal(drafted.kind.split(".")[0], drafted.visibility, drafted.text, drafted.findings)


def draft_for_case(
    session: Session,
    case: Case,
    agent_name: str,
    kind: str,
    cfg: LlmConfig | None,
    *,
    client: httpx.Client | None = None,
    now: datetime | None = None,
) -> Proposal:
    """A draft from the configured model, checked and revised once with its findings; without a
    model (`cfg` None), or when the model fails or its revision still has block findings, the
    template composer's draft, with a note saying why. Never sends anything."""
    if cfg is None:
        return compose_for_case(session, case, agent_name, kind, now)
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    visibility = reply_visibility(case, kind)
    ctx = case_context(session, case, visibility, [], kind)
    facts = case_facts(session, case, now)
    try:
        first = draft_with_llm(cfg, ctx, agent_name=agent_name, kind=kind, levels=pb.reply_rules,
                               client=client, facts=facts)  # fmt: skip
        if not first.findings:
            return Proposal(kind, visibility, first.text, (), "llm")
        second = draft_with_llm(cfg, ctx, agent_name=agent_name, kind=kind, levels=pb.reply_rules,
                                client=client, facts=facts, previous=first)  # fmt: skip
    except LlmError as exc:
        log.warning("llm drafting: case %s: %s", case.id, exc)
        fallback = compose_for_case(session, case, agent_name, kind, now)
        return Proposal(fallback.kind, fallback.visibility, fallback.text, fallback.findings, "template",
                        notes=(f"The model could not draft this ({exc}); this is the template draft.",))  # fmt: skip
    if blocking(list(second.findings)):
        fallback = compose_for_case(session, case, agent_name, kind, now)
        rules = ", ".join(sorted({f.rule for f in blocking(list(second.findings))}))
        return Proposal(fallback.kind, fallback.visibility, fallback.text, fallback.findings, "template",
                        notes=(f"The model's revised draft still broke {rules}; this is the template draft.",))  # fmt: skip
    return Proposal(kind, visibility, second.text, second.findings, "llm", revised=True)
