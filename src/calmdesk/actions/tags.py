"""People's tags on cases (`case_tags`), each change in the audit log.

These are the team's own labels ("refund", "press"), apart from the flags triage writes into
`cases.tags` (spam, offensive, hide_requested), which stay the machine's.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.cases import get_case
from calmdesk.domain.tags import MAX_TAGS_PER_CASE, TagError, normalize_tag
from calmdesk.storage.tables import CaseTag


def do_tag_case(session: Session, case_id: int, tags: list[str], *, actor: str) -> list[str]:
    """Add tags (normalised) to a case; returns those that were new. One audit record when any was.

    Raises `TagError` for a bad tag or when the case would carry more than `MAX_TAGS_PER_CASE`.
    """
    case = get_case(session, case_id)
    wanted = list(dict.fromkeys(normalize_tag(t) for t in tags))
    have = set(session.scalars(select(CaseTag.tag).where(CaseTag.case_id == case.id)))
    new = [t for t in wanted if t not in have]
    if len(have) + len(new) > MAX_TAGS_PER_CASE:
        raise TagError(f"case #{case.id} would carry {len(have) + len(new)} tags; at most {MAX_TAGS_PER_CASE}")
    for tag in new:
        session.add(CaseTag(case_id=case.id, brand_id=case.brand_id, tag=tag, added_by=actor))
    if new:
        audit.record(session, actor=actor, verb="case.tagged", case_id=case.id, brand_id=case.brand_id, tags=new)
    session.flush()
    return new


def do_untag_case(session: Session, case_id: int, tag: str, *, actor: str) -> bool:
    """Remove one tag from a case; False when it was not there (nothing is written then)."""
    case = get_case(session, case_id)
    name = normalize_tag(tag)
    row = session.scalar(select(CaseTag).where(CaseTag.case_id == case.id, CaseTag.tag == name))
    if row is None:
        return False
    session.delete(row)
    audit.record(session, actor=actor, verb="case.untagged", case_id=case.id, brand_id=case.brand_id, tags=[name])
    session.flush()
    return True


