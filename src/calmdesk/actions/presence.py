"""Presence writes: "Dana is viewing / replying on case 12", with an expiry.

Kept in the store (table `presence`) so every web process sees it; a row lasts
`domain.live.PRESENCE_TTL_S` unless the page repeats it. Expired rows are removed on the way
(bounded, by the `until` index), so the table stays as small as the number of open case views.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from calmdesk.domain.live import PRESENCE_TTL_S, check_activity
from calmdesk.storage.tables import Case, PresenceRow, utcnow


def mark_presence(
    session: Session,
    *,
    case_id: int,
    username: str,
    display_name: str,
    activity: str,
    now: datetime | None = None,
    ttl_s: float = PRESENCE_TTL_S,
) -> None:
    """Upsert this person's presence on the case (ValueError for an unknown activity or case)."""
    check_activity(activity)
    now = now or utcnow()
    brand_id = session.scalar(select(Case.brand_id).where(Case.id == case_id))
    if brand_id is None:
        raise ValueError(f"no case {case_id}")
    until = now + timedelta(seconds=ttl_s)
    values = {"case_id": case_id, "brand_id": brand_id, "username": username,
              "display_name": display_name[:200], "activity": activity, "until": until}  # fmt: skip
    dialect = session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            stmt = pg_insert(PresenceRow).values(**values)
        else:
            from sqlalchemy.dialects.sqlite import insert as lite_insert

            stmt = lite_insert(PresenceRow).values(**values)  # type: ignore[assignment]
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["case_id", "username"],
                set_={"activity": activity, "until": until, "display_name": values["display_name"]},
            )
        )
    else:  # pragma: no cover - the desk runs on SQLite or PostgreSQL
        row = session.scalar(
            select(PresenceRow).where(PresenceRow.case_id == case_id, PresenceRow.username == username)
        )
        if row is None:
            session.add(PresenceRow(**values))
        else:
            row.activity, row.until = activity, until
    expire_presence(session, now)


def leave_case(session: Session, *, case_id: int, username: str) -> None:
    """The page was closed: others stop seeing this person at once rather than after the expiry."""
    session.execute(
        delete(PresenceRow).where(PresenceRow.case_id == case_id, PresenceRow.username == username)
    )


def expire_presence(session: Session, now: datetime | None = None) -> int:
    """Remove rows that ended a minute ago or more (kept a little so a slow reader's diff stays calm)."""
    cutoff = (now or utcnow()) - timedelta(seconds=60)
    result = session.execute(delete(PresenceRow).where(PresenceRow.until < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
