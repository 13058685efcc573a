"""Internal notes on a case, and the in-app notification of the people a note `@mentions`.

A note goes into `case_notes` only: not a draft, not the outbox, so no connector ever sees it.
Each note writes one audit record (`case.noted`); each known user it mentions gets one
`note.mentioned` record, which `queries.notifications` shows to that user.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.cases import get_case
from calmdesk.actions.ownership import known_users
from calmdesk.actions.personal_notify import MENTION_VERB, notify_mention
from calmdesk.domain.notes import clean_note, mentioned_users
from calmdesk.domain.search_terms import excerpt
from calmdesk.storage.tables import Action, CaseNote

__all__ = ["MENTION_VERB", "do_add_note", "record_mention_notification"]


def record_mention_notification(
    session: Session, *, case_id: int, brand_id: int, note_id: int, actor: str, username: str, text: str
) -> Action:
    """Tell `username` that `actor` mentioned them in note `note_id` (one audit record).

    Goes through `actions.personal_notify.notify_mention`, which writes the audit record the
    bell reads (`queries.notifications`) and, for a user who configured apprise URLs, sends the
    same news there after commit.
    """
    return notify_mention(
        session, case_id=case_id, brand_id=brand_id, actor=actor, username=username, text=excerpt(text, [], 300),
        note_id=note_id,
    )  # fmt: skip


def do_add_note(session: Session, case_id: int, text: str, *, actor: str) -> CaseNote:
    """Save an internal note; notify the desk users it `@mentions` (not the writer, not strangers).

    Raises `domain.notes.NoteError` for an empty or over-long note, `CaseNotFound` for no case.
    """
    case = get_case(session, case_id)
    body = clean_note(text)
    people = [u for u in mentioned_users(body, known_users(session, case.brand_id)) if u != actor]
    note = CaseNote(case_id=case.id, brand_id=case.brand_id, author=actor, text=body, mentioned=people)
    session.add(note)
    session.flush()
    audit.record(
        session, actor=actor, verb="case.noted", case_id=case.id, brand_id=case.brand_id, note_id=note.id,
        mentioned=people,
    )  # fmt: skip
    for username in people:
        record_mention_notification(
            session, case_id=case.id, brand_id=case.brand_id, note_id=note.id, actor=actor, username=username,
            text=body,
        )  # fmt: skip
    session.flush()
    return note
