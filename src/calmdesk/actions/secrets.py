"""Storing credentials encrypted in the `secrets` table (reading them, and the crypto, is `calmdesk.secrets`)."""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.secrets import SecretError, cannot_rotate, encrypt, register, rotator
from calmdesk.storage.tables import Secret, utcnow


def do_set_secret(session: Session, name: str, value: str, *, key: str | None = None) -> Secret:
    """Store (or replace) an encrypted credential."""
    if not name.strip():
        raise SecretError("a secret needs a name")
    if not value:
        raise SecretError(f"secret {name!r}: empty value")
    register(value)
    row = session.scalar(select(Secret).where(Secret.name == name))
    ciphertext = encrypt(value, key)
    if row is None:
        row = Secret(name=name, ciphertext=ciphertext)
        session.add(row)
    else:
        row.ciphertext = ciphertext
        row.updated_at = utcnow()
    session.flush()
    return row


def do_rotate_secrets(session: Session, *, key: str | None = None) -> int:
    """Re-encrypt every stored secret under the first $CALMDESK_ENCRYPTION_KEY; returns how many.

    All or nothing: a secret that no known key opens raises SecretError naming it before anything
    is written, and the caller's transaction is not committed.
    """
    keys = rotator(key)
    rows = list(session.scalars(select(Secret).order_by(Secret.name).with_for_update()))
    fresh: list[tuple[Secret, str]] = []
    for row in rows:
        try:
            fresh.append((row, keys.rotate(row.ciphertext.encode()).decode()))
        except InvalidToken as exc:
            raise cannot_rotate(row.name) from exc
    now = utcnow()
    for row, ciphertext in fresh:
        row.ciphertext = ciphertext
        row.updated_at = now
    session.flush()
    return len(fresh)
