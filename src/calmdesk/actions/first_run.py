"""The first administrator of a new desk, created from the web desk's first-run page.

Why a separate action: this is the one write that needs no login, so it must refuse as soon
as any user exists (checked in the same transaction that writes, and audited), and it never
updates an existing user the way `do_create_user` does for setup scripts.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from calmdesk.actions.users import UserError, do_create_user
from calmdesk.queries.people import all_brands, has_any_user
from calmdesk.storage.tables import User


class AlreadySetUp(UserError):
    """Someone exists already: the first-run page is closed for good."""


def do_create_first_admin(session: Session, username: str, password: str, display_name: str = "") -> User:
    """A global admin (every brand, present and future), only while the desk has no user at all."""
    if has_any_user(session):
        raise AlreadySetUp("this desk has users already; an administrator adds people under Users")
    return do_create_user(
        session,
        username,
        password,
        "admin",
        [b.key for b in all_brands(session)],
        display_name=display_name or None,
        is_admin=True,
        actor="first-run",
    )
