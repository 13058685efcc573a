"""What a person should hear about, read from the audit log: no second record to keep in step.

- their draft was approved or rejected,
- a case was assigned to them by someone else,
- an SLA warning on a case they own,
- someone wrote `@their-name` in an internal note (`note.mentioned`, written by
  `actions.notes.record_mention_notification`) or in the note of another action.

Only the most recent part of the log is read (`WINDOW` actions, by primary key), so this
stays cheap however long the log grows: notifications are about what just happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import Action, Case, Draft

WINDOW = 5000
VERBS = ("draft.approved", "draft.rejected", "case.assigned", "sla.warning")


@dataclass(frozen=True)
class Notification:
    action_id: int
    at: datetime
    kind: str  # approved | rejected | assigned | sla_warning | mention
    case_id: int | None
    actor: str
    text: str


def _mentions(note: str | None, username: str) -> bool:
    return bool(note) and re.search(rf"(?<![\w@])@{re.escape(username)}(?![\w-])", note or "", re.IGNORECASE) is not None


def notifications_for(
    session: Session, username: str, brand_ids: list[int] | None, *, limit: int = 50
) -> list[Notification]:
    top = session.scalar(select(func.max(Action.id))) or 0
    stmt = select(Action).where(Action.id > top - WINDOW, Action.actor != username).order_by(Action.id.desc())
    if brand_ids is not None:
        stmt = stmt.where(Action.brand_id.in_(brand_ids))
    actions = list(session.scalars(stmt))
    draft_ids = {a.detail.get("draft_id") for a in actions if a.verb in ("draft.approved", "draft.rejected")}
    mine = set(
        session.scalars(select(Draft.id).where(Draft.id.in_([d for d in draft_ids if d]), Draft.author == username))
    ) if draft_ids else set()  # fmt: skip
    sla_cases = {a.case_id for a in actions if a.verb == "sla.warning" and a.case_id}
    owned = set(
        session.scalars(select(Case.id).where(Case.id.in_(sla_cases), Case.owner == username))
    ) if sla_cases else set()  # fmt: skip
    out: list[Notification] = []
    for a in actions:
        case = f"case #{a.case_id}" if a.case_id else "a case"
        if a.verb in ("draft.approved", "draft.rejected") and a.detail.get("draft_id") in mine:
            word = "approved" if a.verb == "draft.approved" else "rejected"
            why = f": {a.note}" if a.note else ""
            out.append(Notification(a.id, a.at, word, a.case_id, a.actor, f"{a.actor} {word} your draft #{a.detail['draft_id']} on {case}{why}"))
        elif a.verb == "case.assigned" and a.detail.get("to") == username:
            out.append(Notification(a.id, a.at, "assigned", a.case_id, a.actor, f"{a.actor} assigned {case} to you"))
        elif a.verb == "sla.warning" and a.case_id in owned:
            out.append(Notification(a.id, a.at, "sla_warning", a.case_id, a.actor, f"SLA warning on your {case}: {a.note or 'the first response is due soon'}"))
        elif a.verb == "note.mentioned":
            # An internal note: `actions.notes` wrote one record per known user it mentions.
            if a.detail.get("to") == username:
                out.append(Notification(a.id, a.at, "mention", a.case_id, a.actor, f"{a.actor} mentioned you in a note on {case}: {a.note}"))
        elif _mentions(a.note, username):
            out.append(Notification(a.id, a.at, "mention", a.case_id, a.actor, f"{a.actor} mentioned you on {case}: {a.note}"))
        if len(out) >= limit:
            break
    return out
