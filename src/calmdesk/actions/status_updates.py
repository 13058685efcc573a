"""An incident's public status update: one brand-level post per channel, approved once, posted once.

Why it exists: during an outage the customers who have not written yet look at the brand's own
feed. Besides the personal replies (`actions/incidents.py`), the brand says once, in public,
that it knows and is on it, and again when it is fixed (B-HANDOFF's "go back to public to say
it was resolved", for everyone at once).

The rules, in order:
- only a supervisor of the incident's brand writes and approves it (B-OWNER's supervisor test,
  `actions/ownership.actor_for`; B-ESCALATE: someone with the authority to say it);
- the text passes the reply checker with the same rules as a public reply, on every platform
  it goes to (`queries/status_updates.check_status_text`); a `block` or `review` finding
  refuses it, and so does a link (B-REVIEW would want a second person for a link, and a
  brand-wide post is approved by one);
- it goes where the brand's playbook allows (`domain/status_updates.plan`): brand-level posts
  only, on the platforms the incident's complaints came from unless the playbook names others;
- approving queues one outbox item per target channel, operation `status_post`, with the
  idempotency key `status-<incident>-<kind>-ch<channel>`. That key is unique in the outbox, so
  a second approval or a double click cannot queue a second post, and the outbox's claim,
  lease and reconciliation (`actions/outbox.py`, `find_existing_status`) make a retried send
  record the post that already landed instead of posting again;
- one `update` while the incident is open, one `resolved` once it is resolved.

Every step is audited: `incident.status_approved` here (who, the text's hash, the findings
that were only warnings, where it goes and where not and why), `outbox.sent` / `outbox.failed`
per channel by the outbox, with the incident's id.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.incidents import IncidentError, is_supervisor
from calmdesk.actions.outbox import dedupe_key
from calmdesk.domain import status_updates as su
from calmdesk.domain.states import OutboxStatus
from calmdesk.queries.status_updates import check_status_text, status_plan, status_posts
from calmdesk.replies.platforms import URL_RE
from calmdesk.storage.tables import Incident, OutboxItem, utcnow

#: The longest status text the desk takes (each platform's own limit is R-LENGTH's business).
MAX_TEXT = 2000


def do_post_status_update(
    session: Session, incident_id: int, actor: str, kind: str, text: str, at: datetime | None = None
) -> list[OutboxItem]:
    """Approve `text` as the incident's `kind` status update and queue it on every allowed channel.

    Returns the outbox items queued (one per channel). Raises IncidentError, naming the reason,
    when the person is not a supervisor of the brand, the update was approved already, the
    incident is in the wrong state, no channel may take it, or the checker refuses the text.
    """
    inc = session.get(Incident, incident_id)
    if inc is None:
        raise IncidentError(f"no incident #{incident_id}")
    if not is_supervisor(session, actor, inc.brand_id):
        raise IncidentError(
            f"only a supervisor of this brand may approve a status update (B-OWNER); {actor} is not one"
        )
    if kind not in su.KINDS:
        raise IncidentError(f"a status update is one of {', '.join(su.KINDS)}, not {kind!r}")
    wanted_state = "open" if kind == "update" else "resolved"
    if inc.state != wanted_state:
        raise IncidentError(
            f"incident #{inc.id} is {inc.state}; the {kind!r} status update is for an {wanted_state} incident"
        )
    earlier = status_posts(session, inc.id, kind)
    if earlier:
        who = (earlier[0].payload or {}).get("approved_by", "someone")
        raise IncidentError(f"incident #{inc.id}: the {kind!r} status update was approved by {who} already")
    clean = text.strip()
    if not clean:
        raise IncidentError("a status update needs text")
    if len(clean) > MAX_TEXT:
        raise IncidentError(f"the status update is {len(clean)} characters; keep it under {MAX_TEXT}")
    if URL_RE.search(clean):
        raise IncidentError(
            "a status update carries no link: B-REVIEW wants a second person for links, "
            "and a brand-wide post is approved by one"
        )
    plan = status_plan(session, inc)
    if not plan.targets:
        reasons = (
            "; ".join(f"{s.platform} @{s.handle}: {s.why}" for s in plan.skipped) or "it has no channels"
        )
        raise IncidentError(f"no channel of this brand may take a status post ({reasons})")
    check = check_status_text(session, inc, kind, clean, plan)
    refused = check.blocking()
    if refused:
        where = "; ".join(f"{p}: {', '.join(rules)}" for p, rules in refused.items())
        raise IncidentError(f"the reply checker refuses this status update ({where}); reword it")
    now = at or utcnow()
    items: list[OutboxItem] = []
    for target in plan.targets:
        item = OutboxItem(
            idempotency_key=su.idempotency_key(inc.id, kind, target.channel_id),
            case_id=None,
            channel_id=target.channel_id,
            draft_id=None,
            platform=target.platform,
            operation="status_post",
            target_external_id=None,
            payload={
                "text": clean,
                "kind": "status",
                "status_kind": kind,
                "incident_id": inc.id,
                "approved_by": actor,
            },
            status=OutboxStatus.QUEUED,
            dedupe_key=dedupe_key(target.platform, target.channel_id, "status_post", None, None, clean),
            created_at=now,
        )
        session.add(item)
        items.append(item)
    session.flush()
    if kind == "update" and inc.status_update_outbox_id is None:
        inc.status_update_outbox_id = items[0].id
    audit.record(
        session, actor=actor, verb="incident.status_approved", brand_id=inc.brand_id, at=now, incident_id=inc.id,
        kind=kind, text_sha256=hashlib.sha256(clean.encode("utf-8")).hexdigest(), warnings=check.warnings(),
        outbox_ids=[i.id for i in items],
        channels=[f"{t.platform}:{t.handle}" for t in plan.targets],
        skipped={f"{s.platform}:{s.handle}": s.why for s in plan.skipped},
    )  # fmt: skip
    session.flush()
    return items
