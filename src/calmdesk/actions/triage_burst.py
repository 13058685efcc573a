"""The burst window triage starts each batch with, read in time independent of the store's size.

B-LEGIT marks near-identical posts from several authors within an hour as a burst. A batch
only needs the earlier posts that share a burst signature with one of its own posts, so each
triaged mention keeps a short digest of its signature (`mentions.burst_key`, indexed with the
brand and the time). Per key, only the newest `PER_KEY` posts of the last hour are read
(walking the index backwards), so a batch reads at most `PER_KEY` rows per distinct key
however large the store or the burst is.

The bound is a sketch, and the one way it differs from replaying the whole hour: when the
newest `PER_KEY` posts with a key come from fewer than `min_authors` people, older posts
from other people in the same hour are not seen. That takes one person repeating the same
words `PER_KEY` times within the hour, which the spam rules catch on their own.

Mentions triaged before this column existed have no key; a burst that straddles the upgrade
is seen from the first batch after it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Text, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from calmdesk.domain.public_text import storable, triage_prefix
from calmdesk.storage.tables import Author, Mention
from calmdesk.triage.legitimacy import BurstDetector, burst_signature

#: Earlier posts read per burst key (newest first).
PER_KEY = 50


class _Post(Protocol):
    text: str
    created_at: datetime


def burst_text(text_: str) -> str:
    """The text the triage pipeline gives the burst detector: the bounded prefix it reads."""
    return storable(triage_prefix(text_))


def burst_key(text_: str) -> str | None:
    """A 16-character digest of the post's burst signature; None for posts too short to burst."""
    sig = burst_signature(burst_text(text_))
    if sig is None:
        return None
    return hashlib.blake2b(sig.encode("utf-8"), digest_size=8).hexdigest()


_PG_WINDOW = text(
    "SELECT m.text, a.handle, m.created_at FROM unnest(:keys) AS k(key) "
    "CROSS JOIN LATERAL (SELECT id, text, author_id, created_at FROM mentions "
    "  WHERE brand_id = :brand AND burst_key = k.key AND created_at >= :start AND created_at <= :stop "
    "  ORDER BY created_at DESC LIMIT :per_key) AS m "
    "LEFT JOIN authors a ON a.id = m.author_id"
).bindparams(bindparam("keys", type_=ARRAY(Text)))


def seeded_detector(
    session: Session, brand_id: int, posts: Sequence[_Post], keys: Sequence[str | None]
) -> BurstDetector:
    """A detector holding the brand's earlier posts that share a key with this batch.

    Only triaged posts have a key, so the batch's own posts (not triaged yet) are never read
    back here; the pipeline feeds them itself.
    """
    detector = BurstDetector()
    wanted = sorted({k for k in keys if k is not None})
    if not wanted:
        return detector
    start = min(p.created_at for p in posts) - detector.window
    stop = max(p.created_at for p in posts)
    rows: list[Any]
    if session.get_bind().dialect.name == "postgresql":
        rows = list(
            session.execute(
                _PG_WINDOW,
                {"keys": wanted, "brand": brand_id, "start": start, "stop": stop, "per_key": PER_KEY},
            )
        )
    else:
        # SQLite runs in-process: one indexed statement per key costs microseconds, not a round trip.
        stmt = (
            select(Mention.text, Author.handle, Mention.created_at)
            .join(Author, Author.id == Mention.author_id, isouter=True)
            .where(
                Mention.brand_id == brand_id,
                Mention.burst_key == bindparam("key"),
                Mention.created_at >= start,
                Mention.created_at <= stop,
            )
            .order_by(Mention.created_at.desc())
            .limit(PER_KEY)
        )
        rows = [row for key in wanted for row in session.execute(stmt, {"key": key})]
    rows.sort(key=lambda r: r[2])
    for text_, handle, at in rows:
        detector.add(burst_text(text_), handle or "?", at)
    return detector
