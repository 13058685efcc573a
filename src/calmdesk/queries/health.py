"""Is the store there? The health endpoint's one question."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def ping(session: Session) -> None:
    """Raises when the database cannot answer."""
    session.execute(text("select 1"))
