"""Storing credentials encrypted in the `secrets` table (reading them, and the crypto, is `calmdesk.secrets`)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.secrets import SecretError, encrypt, register
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
