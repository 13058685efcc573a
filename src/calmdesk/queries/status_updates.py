"""Reads for an incident's public status updates: where they may go, what is proposed, what was posted.

Why apart from `queries/incidents.py`: the status update reads the brand's channels, its
playbook and the outbox, none of which the detector or the incident list needs. The decision
itself is pure (`domain/status_updates.py`); the checker is pure (`replies/checker.py`); this
module only gathers their inputs, so the page and the action see the same plan and findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.domain import status_updates as su
from calmdesk.domain.playbook import Playbook
from calmdesk.replies import holding
from calmdesk.replies.checker import check_reply
from calmdesk.replies.model import Finding, ReplyContext
from calmdesk.replies.platforms import limits_for
from calmdesk.storage.tables import Brand, Case, Channel, Incident, Message, OutboxItem, User


def brand_playbook_of(session: Session, brand_id: int) -> Playbook:
    return brand_playbook(session.get_one(Brand, brand_id))


def status_plan(session: Session, inc: Incident) -> su.Plan:
    """Where this incident's status update goes, and every other channel of the brand with why not."""
    policy = brand_playbook_of(session, inc.brand_id).incidents
    channels = [
        su.ChannelView(c.id, c.platform, c.handle, bool(c.enabled), dict(c.settings or {}))
        for c in session.scalars(select(Channel).where(Channel.brand_id == inc.brand_id))
    ]
    platforms = set(session.scalars(select(Case.platform).where(Case.incident_id == inc.id).distinct()))
    return su.plan(
        channels,
        platforms,
        enabled=policy.status_updates,
        platforms=list(policy.status_platforms) if policy.status_platforms is not None else None,
    )


def status_posts(session: Session, incident_id: int, kind: str | None = None) -> list[OutboxItem]:
    """The outbox items of this incident's status posts (one per kind and channel), oldest first."""
    prefix = su.key_prefix(incident_id, kind)
    return list(
        session.scalars(
            select(OutboxItem)
            .where(OutboxItem.operation == "status_post")
            .where(OutboxItem.idempotency_key.startswith(prefix, autoescape=True))
            .order_by(OutboxItem.id)
        )
    )


def _display_name(session: Session, username: str) -> str:
    user = session.scalar(select(User).where(User.username == username))
    return (user.display_name if user is not None and user.display_name else None) or username


def _strictest(plan: su.Plan) -> str:
    platforms = [t.platform for t in plan.targets] or ["x"]
    return min(platforms, key=lambda p: limits_for(p).max_chars)


def proposed_text(session: Session, inc: Incident, kind: str, writer: str) -> str:
    """What the page offers before the supervisor rewords it, signed by them and fitted to the
    strictest target platform: while open, the approved holding statement (else the built-in
    status wording); once resolved, the "it is fixed" message."""
    pb = brand_playbook_of(session, inc.brand_id)
    languages = pb.languages or ["en"]
    if kind == "resolved":
        base = holding.resolved_message(inc.topic, languages[0])
    elif inc.holding_approved_at is not None and inc.holding:
        base = str(inc.holding[holding.pick_language(inc.holding, None, languages)])
    else:
        base = holding.status_update(inc.topic, languages[0])
    try:
        return holding.personalise(
            base,
            customer_name=None,
            agent_name=_display_name(session, writer),
            platform=_strictest(status_plan(session, inc)),
            language=languages[0],
        )
    except ValueError:
        return base


def _complaint(session: Session, inc: Incident) -> str:
    """The incident's first complaint: the checker's context, as for a reply to one of its cases."""
    text = session.scalar(
        select(Message.text)
        .join(Case, Case.id == Message.case_id)
        .where(Case.incident_id == inc.id, Message.direction == "inbound")
        .order_by(Message.created_at, Message.id)
        .limit(1)
    )
    return text or inc.title


@dataclass
class StatusCheck:
    """The checker's findings per target platform (R-LENGTH differs between them)."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)

    def blocking(self) -> dict[str, list[str]]:
        """Platform -> rules that stop the post (`block`, and `review`: a brand post has no second reader)."""
        out: dict[str, list[str]] = {}
        for platform, found in self.findings.items():
            rules = sorted({f.rule for f in found if f.level in ("block", "review")})
            if rules:
                out[platform] = rules
        return out

    def warnings(self) -> list[str]:
        return sorted({f.rule for found in self.findings.values() for f in found if f.level == "warn"})


def check_status_text(session: Session, inc: Incident, kind: str, text: str, plan: su.Plan) -> StatusCheck:
    """The same checker a public reply passes, once per platform the post goes to."""
    pb = brand_playbook_of(session, inc.brand_id)
    brand = session.get_one(Brand, inc.brand_id)
    complaint = _complaint(session, inc)
    result = StatusCheck()
    for platform in dict.fromkeys(t.platform for t in plan.targets) or ["x"]:
        ctx = ReplyContext(
            platform=platform,
            visibility="public",
            complaint=complaint,
            kind="closeout" if kind == "resolved" else None,
            known_names=(brand.name, brand.key),
        )
        result.findings[platform] = check_reply(text, ctx, pb.reply_rules)
    return result


@dataclass
class StatusPanel:
    """The incident page's status-update panel."""

    #: The kind a supervisor may post now ("update" while open, "resolved" once resolved), or None.
    kind: str | None
    proposed: str
    plan: su.Plan
    posts: list[OutboxItem]


def status_panel(session: Session, incident_id: int, viewer: str) -> StatusPanel:
    inc = session.get_one(Incident, incident_id)
    posts = status_posts(session, incident_id)
    done = {(p.payload or {}).get("status_kind") for p in posts}
    kind = "update" if inc.state == "open" else "resolved"
    if kind in done:
        kind_now: str | None = None
    else:
        kind_now = kind
    plan = status_plan(session, inc)
    proposed = proposed_text(session, inc, kind_now, viewer) if kind_now else ""
    return StatusPanel(kind_now, proposed, plan, posts)


def check_status_preview(session: Session, incident_id: int, kind: str, text: str) -> StatusCheck:
    """The findings the page shows for a text before anyone approves it (nothing is stored)."""
    inc = session.get_one(Incident, incident_id)
    return check_status_text(session, inc, kind, text.strip(), status_plan(session, inc))
