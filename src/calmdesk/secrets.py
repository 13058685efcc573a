"""Credentials: from the environment, or stored encrypted in the `secrets` table (Fernet).

Why both: an operator running one desk in a container sets environment variables; a team
that adds channels from the CLI stores them encrypted with a key that never enters the
database (`CALMDESK_SECRET_KEY`). Either way every value read here is registered with the
redactor, so an exception message or log line that happens to carry a token shows `***`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import Secret

KEY_ENV = "CALMDESK_SECRET_KEY"
ENV_PREFIX = "CALMDESK_SECRET_"
MASK = "***"
#: Values shorter than this are not redacted by value (they would blank out ordinary words).
MIN_REDACT_LEN = 6


class SecretError(RuntimeError):
    """A credential that cannot be read; the message names it, never its value."""


class SecretValue:
    """A credential that does not show itself in reprs, f-strings or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        register(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"SecretValue('{MASK}')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SecretValue) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


_known: set[str] = set()
_lock = threading.Lock()
# Tokens that look like credentials even when we never saw them: bearer headers, query params.
_PATTERNS = (
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"),
    re.compile(
        r"(?i)((?:access_token|refresh_token|client_secret|password|api_key|token)[\"']?\s*[=:]\s*[\"']?)[^\s&\"',}]+"
    ),
)


def register(value: str) -> None:
    """Remember a credential so `redact` can remove it from any text."""
    if value and len(value) >= MIN_REDACT_LEN:
        with _lock:
            _known.add(value)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """Remove every known credential and anything shaped like one from `text`."""
    with _lock:
        values = sorted(_known | {v for v in extra if v and len(v) >= MIN_REDACT_LEN}, key=len, reverse=True)
    for value in values:
        text = text.replace(value, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


def env_name(name: str) -> str:
    """`x:acme:bearer_token` -> `CALMDESK_SECRET_X_ACME_BEARER_TOKEN`."""
    return ENV_PREFIX + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()


def _fernet(key: str | None = None) -> object:
    from cryptography.fernet import Fernet

    raw = key if key is not None else os.environ.get(KEY_ENV, "")
    if not raw:
        raise SecretError(f"${KEY_ENV} is not set; generate one with `calmdesk secrets keygen`")
    try:
        return Fernet(raw.encode())
    except ValueError as exc:
        raise SecretError(f"${KEY_ENV} is not a valid Fernet key (32 url-safe base64 bytes)") from exc


def generate_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def encrypt(value: str, key: str | None = None) -> str:
    from cryptography.fernet import Fernet

    f = _fernet(key)
    assert isinstance(f, Fernet)
    return f.encrypt(value.encode()).decode()


def decrypt(ciphertext: str, name: str, key: str | None = None) -> str:
    from cryptography.fernet import Fernet, InvalidToken

    f = _fernet(key)
    assert isinstance(f, Fernet)
    try:
        return f.decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise SecretError(f"secret {name!r} cannot be decrypted with ${KEY_ENV} (wrong key?)") from exc


def get_secret(session: Session | None, name: str, *, key: str | None = None) -> SecretValue | None:
    """The environment first (it wins, so an operator can override a stored value), then the table."""
    env = os.environ.get(env_name(name))
    if env:
        return SecretValue(env)
    if session is None:
        return None
    row = session.scalar(select(Secret).where(Secret.name == name))
    if row is None:
        return None
    return SecretValue(decrypt(row.ciphertext, name, key))


def require_secret(session: Session | None, name: str) -> SecretValue:
    value = get_secret(session, name)
    if value is None:
        raise SecretError(
            f"credential {name!r} is missing: set ${env_name(name)} or run `calmdesk secrets set {name}`"
        )
    return value
