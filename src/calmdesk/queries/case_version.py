"""A small fingerprint of everything on a case page, so a live view knows when to tell the reader.

Cheap on purpose (a handful of indexed counts and maxima): the live channel asks for it every
half second per open case view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import Action, Case, Draft, Message, OutboxItem


def case_snapshot(session: Session, case_id: int) -> dict[str, Any] | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    last_action = session.execute(
        select(Action.id, Action.actor, Action.verb).where(Action.case_id == case_id).order_by(Action.id.desc()).limit(1)
    ).first()
    messages = session.scalar(select(func.count()).select_from(Message).where(Message.case_id == case_id)) or 0
    drafts = session.execute(
        select(Draft.status, func.count()).where(Draft.case_id == case_id).group_by(Draft.status)
    ).all()
    outbox = session.execute(
        select(OutboxItem.status, func.count()).where(OutboxItem.case_id == case_id).group_by(OutboxItem.status)
    ).all()
    version = "|".join(
        [
            case.state,
            case.owner or "",
            str(last_action[0] if last_action else 0),
            str(messages),
            ",".join(f"{s}:{n}" for s, n in sorted(drafts)),
            ",".join(f"{s}:{n}" for s, n in sorted(outbox)),
        ]
    )
    return {
        "version": version,
        "state": case.state,
        "owner": case.owner,
        "last_actor": last_action[1] if last_action else None,
        "last_verb": last_action[2] if last_action else None,
    }
