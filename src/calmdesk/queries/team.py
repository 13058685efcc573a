"""Reads for the team tools: a case's notes and tags, tags of inbox rows, a user's saved views."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import CaseNote, CaseTag, SavedView


def notes_of_case(session: Session, case_id: int) -> list[CaseNote]:
    return list(session.scalars(select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)))


def tags_of_case(session: Session, case_id: int) -> list[str]:
    return list(session.scalars(select(CaseTag.tag).where(CaseTag.case_id == case_id).order_by(CaseTag.tag)))


def tags_of_cases(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    """Tags per case for one page of the inbox (one query)."""
    out: dict[int, list[str]] = defaultdict(list)
    if case_ids:
        rows = session.execute(
            select(CaseTag.case_id, CaseTag.tag).where(CaseTag.case_id.in_(case_ids)).order_by(CaseTag.tag)
        )
        for case_id, tag in rows:
            out[case_id].append(tag)
    return dict(out)


def tags_in_use(session: Session, brand_ids: list[int] | None, limit: int = 200) -> list[tuple[str, int]]:
    """The tags of the brands one may see, most used first (the inbox's tag list)."""
    stmt = select(CaseTag.tag, func.count()).group_by(CaseTag.tag).order_by(func.count().desc(), CaseTag.tag)
    if brand_ids is not None:
        stmt = stmt.where(CaseTag.brand_id.in_(brand_ids))
    return [(t, int(n)) for t, n in session.execute(stmt.limit(limit))]


def views_of_user(session: Session, user_id: int) -> list[SavedView]:
    return list(session.scalars(select(SavedView).where(SavedView.user_id == user_id).order_by(SavedView.name)))
