"""The append-only audit log (B-OWNER). Records that concern one person also notify them through
apprise where they configured it (`actions.personal_notify`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from calmdesk.storage.tables import Action, utcnow

#: Verbs that concern one person (kept here so every other record costs one set lookup).
PERSONAL_VERBS = frozenset({"draft.approved", "draft.rejected", "case.assigned", "sla.warning", "note.mentioned"})


def record(
    session: Session,
    *,
    actor: str,
    verb: str,
    case_id: int | None = None,
    brand_id: int | None = None,
    note: str | None = None,
    at: datetime | None = None,
    **detail: Any,
) -> Action:
    action = Action(
        case_id=case_id, brand_id=brand_id, actor=actor, verb=verb, note=note, detail=detail, at=at or utcnow()
    )
    session.add(action)
    if verb in PERSONAL_VERBS:
        # the person this record concerns may have asked to hear it through apprise
        from calmdesk.actions.personal_notify import on_audit

        on_audit(session, action)
    return action
