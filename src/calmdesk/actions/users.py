"""People who use the desk: users, their role per brand, and API tokens for integrations.

Passwords are stored as argon2 hashes only; API tokens are shown once and stored as their
sha256, so a leaked database does not hand out working credentials.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import get_brand
from calmdesk.actions.web_sessions import do_revoke_user_sessions
from calmdesk.data.common_passwords import common_passwords
from calmdesk.domain.passwords import password_problems
from calmdesk.domain.usernames import MAX_USERNAME_LEN, normalize_username
from calmdesk.storage.tables import ApiToken, Brand, Membership, User, utcnow


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


#: Higher roles may do everything lower roles may.
ROLE_RANK: dict[str, int] = {Role.AGENT.value: 1, Role.SUPERVISOR.value: 2, Role.ADMIN.value: 3}

_hasher = PasswordHasher()
#: Verified against when the username is unknown, so a login takes as long either way.
_DUMMY_HASH = _hasher.hash("calmdesk-no-such-user")


class UserError(ValueError):
    """A user command that cannot be carried out; the message says why."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new_password(password: str, username: str) -> None:
    """The password policy (domain/passwords.py) against the shipped common-password list."""
    problems = password_problems(password, username, common_passwords())
    if problems:
        raise UserError("password refused: " + "; ".join(problems))


def find_user(session: Session, username: str) -> User | None:
    """The user this name logs in as, compared in normalised form (domain/usernames.py).

    Users created before names were normalised may be stored as "Alice"; when the exact lookup
    misses, the (small) users table is compared name by name so they still log in.
    """
    key = normalize_username(username)
    if not key:
        return None
    user = session.scalar(select(User).where(User.username == key))
    if user is not None:
        return user
    for candidate in session.scalars(select(User)):
        if normalize_username(candidate.username) == key:
            return candidate
    return None


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError(f"unknown role {role!r} (one of: agent, supervisor, admin)") from None


def do_create_user(
    session: Session,
    username: str,
    password: str,
    role: str,
    brand_keys: list[str],
    display_name: str | None = None,
    is_admin: bool = False,
    *,
    actor: str = "system",
) -> User:
    """Create a user with the same role in each of `brand_keys`.

    An existing username gets the memberships added (or its role updated) and its
    password replaced, so re-running a setup script is harmless.
    """
    username = normalize_username(username)
    if not username:
        raise UserError("username must not be empty")
    if len(username) > MAX_USERNAME_LEN:
        raise UserError(f"username must have at most {MAX_USERNAME_LEN} characters")
    check_new_password(password, username)
    r = _role(role)
    brands = [get_brand(session, key) for key in brand_keys]
    user = find_user(session, username)
    if user is None:
        user = User(
            username=username,
            display_name=display_name or username,
            password_hash=hash_password(password),
            is_admin=is_admin,
        )
        session.add(user)
        session.flush()
        audit.record(session, actor=actor, verb="user.created", username=username, is_admin=is_admin)
    else:
        if not check_password(user.password_hash, password):
            user.password_hash = hash_password(password)
            do_revoke_user_sessions(session, user.id)
        if display_name:
            user.display_name = display_name
        user.is_admin = user.is_admin or is_admin
        audit.record(session, actor=actor, verb="user.updated", username=user.username)
    for brand in brands:
        do_set_membership(session, user, brand, r.value, actor=actor)
    session.flush()
    return user


def do_set_membership(session: Session, user: User, brand: Brand, role: str, *, actor: str) -> Membership:
    r = _role(role)
    m = session.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.brand_id == brand.id)
    )
    if m is None:
        m = Membership(user_id=user.id, brand_id=brand.id, role=r.value)
        session.add(m)
        do_revoke_user_sessions(session, user.id)
    elif m.role != r.value:
        m.role = r.value
        do_revoke_user_sessions(session, user.id)
    audit.record(
        session, actor=actor, verb="user.role_set", brand_id=brand.id, username=user.username, role=r.value
    )
    session.flush()
    return m


def do_change_password(session: Session, username: str, password: str, *, actor: str) -> User:
    """Replace a password (policy checked) and end every session of that user."""
    user = get_user(session, username)
    check_new_password(password, user.username)
    user.password_hash = hash_password(password)
    do_revoke_user_sessions(session, user.id)
    audit.record(session, actor=actor, verb="user.password_changed", username=user.username)
    session.flush()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = find_user(session, username)
    if user is None:
        check_password(_DUMMY_HASH, password)
        return None
    return user if check_password(user.password_hash, password) else None


@dataclass(frozen=True)
class Access:
    """What a user may see and do: role per brand id, or everything for a global admin."""

    user_id: int
    username: str
    display_name: str
    is_admin: bool
    roles: dict[int, str]

    @property
    def brand_ids(self) -> list[int] | None:
        """The brands this person may see; None means all (global admin)."""
        return None if self.is_admin else sorted(self.roles)

    def can_see(self, brand_id: int) -> bool:
        return self.is_admin or brand_id in self.roles

    def has_role(self, brand_id: int, role: str) -> bool:
        if self.is_admin:
            return True
        have = self.roles.get(brand_id)
        return have is not None and ROLE_RANK[have] >= ROLE_RANK[role]

    def role_in(self, brand_id: int) -> str | None:
        return Role.ADMIN.value if self.is_admin else self.roles.get(brand_id)


def access_of(session: Session, user: User) -> Access:
    roles = {
        m.brand_id: m.role for m in session.scalars(select(Membership).where(Membership.user_id == user.id))
    }
    return Access(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        is_admin=user.is_admin,
        roles=roles,
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def do_create_api_token(session: Session, user: User, name: str, *, actor: str) -> str:
    """Return the new token in clear text; only its sha256 is stored."""
    token = "cdk_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name, token_hash=token_digest(token)))
    audit.record(session, actor=actor, verb="api_token.created", username=user.username, name=name)
    session.flush()
    return token


def do_revoke_api_token(session: Session, token_id: int, *, actor: str, owner_id: int | None = None) -> ApiToken:
    """Revoke a token; with `owner_id`, only that user's own token (the desk's token page)."""
    tok = session.get(ApiToken, token_id)
    if tok is None or (owner_id is not None and tok.user_id != owner_id):
        raise UserError(f"no API token #{token_id}")
    tok.revoked_at = utcnow()
    audit.record(session, actor=actor, verb="api_token.revoked", token_id=token_id)
    session.flush()
    return tok


def is_brand_member(session: Session, username: str, brand_id: int) -> bool:
    """Whether this user holds a role on this brand (the one membership check)."""
    found = session.scalar(
        select(User.id)
        .join(Membership, Membership.user_id == User.id)
        .where(User.username == username, Membership.brand_id == brand_id)
    )
    return found is not None


def user_for_token(session: Session, token: str) -> User | None:
    tok = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
    )
    return session.get(User, tok.user_id) if tok is not None else None


def get_user(session: Session, username: str) -> User:
    user = find_user(session, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    return user
