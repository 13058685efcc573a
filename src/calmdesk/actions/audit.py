"""The append-only audit log (B-OWNER)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from calmdesk.storage.tables import Action, utcnow


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
    return action
