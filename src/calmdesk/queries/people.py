"""Reads about brands and the people on them, shared by the CLI and the web desk."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import Brand, Membership, User


def all_brands(session: Session) -> list[Brand]:
    """Every brand, by key."""
    return list(session.scalars(select(Brand).order_by(Brand.key)))


def users_with_roles(session: Session) -> list[tuple[User, list[tuple[str, str]]]]:
    """Every user, by name, with their (brand key, role) pairs."""
    out: list[tuple[User, list[tuple[str, str]]]] = []
    for user in session.scalars(select(User).order_by(User.username)):
        roles = session.execute(
            select(Brand.key, Membership.role)
            .join(Membership, Membership.brand_id == Brand.id)
            .where(Membership.user_id == user.id)
            .order_by(Brand.key)
        ).all()
        out.append((user, [(k, r) for k, r in roles]))
    return out


def has_any_user(session: Session) -> bool:
    """Whether anyone can log in yet: the first-run page and `calmdesk init` ask this."""
    return session.scalar(select(User.id).limit(1)) is not None
