"""Request-scoped dependencies as `Annotated` aliases, so routes read like their signatures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from calmdesk.storage.db import session_scope
from calmdesk.web.settings import WebSettings


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; committed when the route returns normally, rolled back otherwise."""
    with session_scope(request.app.state.sessionmaker) as session:
        yield session


def get_settings(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[WebSettings, Depends(get_settings)]

# Path ids are bounded to the database's integer range, so an absurd id answers 422 instead of
# overflowing in the driver (found by schemathesis: 2**63 became a 500).
DB_ID_MAX = 2**63 - 1
DbId = Annotated[int, Path(ge=1, le=DB_ID_MAX)]
