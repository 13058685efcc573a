"""Named leases: which process runs a periodic job now (embedded mode, several processes on one SQLite file)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import JobLock


def do_take_lease(session: Session, name: str, holder: str, ttl_s: float, at: datetime) -> bool:
    """Take or renew the lease `name` for `ttl_s` seconds. True when `holder` has it now.

    Two processes inserting the same new lease at once make one of them hit the primary key;
    the caller treats that `IntegrityError` as "someone else has it".
    """
    row = session.execute(select(JobLock).where(JobLock.name == name).with_for_update()).scalar_one_or_none()
    if row is None:
        session.add(JobLock(name=name, holder=holder, expires_at=at + timedelta(seconds=ttl_s)))
        return True
    if row.holder != holder and row.expires_at > at:
        return False
    row.holder = holder
    row.expires_at = at + timedelta(seconds=ttl_s)
    return True
