"""What an inbox row quotes: the case's opening post by its author, and apart, their latest words.

A thread collects other people's replies too (bystanders, spam under the post); the row must
never pair one of those with the case's author. Both quotes are the author's own inbound
posts; a post with personal data is quoted from its redacted copy (B-MODERATE b).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions.brands import brand_playbook
from calmdesk.storage.tables import Brand, Case, Mention, Message


@dataclass(frozen=True)
class Quote:
    text: str
    at: datetime


@dataclass(frozen=True)
class CaseQuotes:
    opening: Quote | None
    latest: Quote | None  # None when the author has said nothing since the opening post


def case_quotes(session: Session, case_ids: list[int]) -> dict[int, CaseQuotes]:
    if not case_ids:
        return {}
    rows = session.execute(
        select(Message.case_id, Message.author_id, Message.text, Mention.redacted_text, Message.created_at)
        .join(Case, Case.id == Message.case_id)
        .outerjoin(Mention, Mention.id == Message.mention_id)
        .where(
            Message.case_id.in_(case_ids),
            Message.direction == "inbound",
            Message.author_id == Case.author_id,
        )
        .order_by(Message.case_id, Message.created_at, Message.id)
    )
    firsts: dict[int, Quote] = {}
    lasts: dict[int, Quote] = {}
    counts: dict[int, int] = {}
    for case_id, _author, text, redacted, at in rows:
        quote = Quote(redacted or text, at)
        firsts.setdefault(case_id, quote)
        lasts[case_id] = quote
        counts[case_id] = counts.get(case_id, 0) + 1
    return {
        cid: CaseQuotes(firsts.get(cid), lasts[cid] if counts.get(cid, 0) > 1 else None)
        for cid in case_ids
    }


def brand_zones(session: Session, brand_ids: set[int]) -> dict[int, str]:
    """Each brand's time zone (its business hours'), so times are shown where the desk works."""
    if not brand_ids:
        return {}
    return {b.id: brand_playbook(b).hours.timezone for b in session.scalars(select(Brand).where(Brand.id.in_(brand_ids)))}
