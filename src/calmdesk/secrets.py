"""Credentials: from the environment, or stored encrypted in the `secrets` table (Fernet).

Why both: an operator running one desk in a container sets environment variables; a team
that adds channels from the CLI stores them encrypted with a key that never enters the
database (`CALMDESK_ENCRYPTION_KEY`). Either way every value read here is registered with the
redactor, so an exception message or log line that happens to carry a token shows `***`.

Keys: `CALMDESK_ENCRYPTION_KEY` is its own Fernet key, apart from `CALMDESK_SECRET_KEY` (which
keys web sessions), so each can be rotated without the other. It may be a comma list: the first
key encrypts, every key decrypts (MultiFernet). Retired keys go in `CALMDESK_ENCRYPTION_KEY_OLD`
(comma list, decrypt only) until `calmdesk secrets rotate` has re-encrypted every stored secret
under the first key. Stores written before the keys were split were encrypted with
`CALMDESK_SECRET_KEY` used directly as the Fernet key; while it is set and a valid Fernet key it
is tried last, so such a store still reads, and `secrets rotate` moves it to the new key.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Mapping

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session

from calmdesk.storage.tables import Secret

KEY_ENV = "CALMDESK_ENCRYPTION_KEY"
OLD_KEYS_ENV = "CALMDESK_ENCRYPTION_KEY_OLD"
#: Before the keys were split, the session key was also the Fernet key of the store.
LEGACY_KEY_ENV = "CALMDESK_SECRET_KEY"
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


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def _fernet_of(raw: str, source: str) -> Fernet:
    try:
        return Fernet(raw.encode())
    except ValueError as exc:
        raise SecretError(
            f"${source} is not a valid Fernet key (32 url-safe base64 bytes); "
            f"for example {source}={generate_key()}"
        ) from exc


def _legacy_fernet() -> Fernet | None:
    """The pre-split scheme: $CALMDESK_SECRET_KEY used as the Fernet key, when it is one."""
    raw = os.environ.get(LEGACY_KEY_ENV, "").strip()
    try:
        return Fernet(raw.encode()) if raw else None
    except ValueError:
        return None


def _encrypter(key: str | None = None) -> Fernet:
    """The key new ciphertexts are made with: the first of $CALMDESK_ENCRYPTION_KEY."""
    keys = _split(key if key is not None else os.environ.get(KEY_ENV, ""))
    if not keys:
        raise SecretError(f"${KEY_ENV} is not set; generate one with `calmdesk secrets keygen`")
    return _fernet_of(keys[0], KEY_ENV)


def _decrypt_keys(key: str | None = None) -> list[Fernet]:
    """Every key that may have made a stored ciphertext: the current list, the old ones, and the
    legacy session key, in that order."""
    fernets = [_fernet_of(k, KEY_ENV) for k in _split(key if key is not None else os.environ.get(KEY_ENV, ""))]
    fernets += [_fernet_of(k, OLD_KEYS_ENV) for k in _split(os.environ.get(OLD_KEYS_ENV, ""))]
    legacy = _legacy_fernet()
    if legacy is not None:
        fernets.append(legacy)
    if not fernets:
        raise SecretError(f"${KEY_ENV} is not set; generate one with `calmdesk secrets keygen`")
    return fernets


def generate_key() -> str:
    """A new key for $CALMDESK_ENCRYPTION_KEY."""
    return Fernet.generate_key().decode()


def encryption_key_problem(env: Mapping[str, str] | None = None) -> str | None:
    """What is wrong with the encryption keys in `env` (for `serve` to refuse at start), with a
    value that would work; None when they are usable or simply unset (no stored secrets needed)."""
    e = os.environ if env is None else env
    for name in (KEY_ENV, OLD_KEYS_ENV):
        for raw in _split(e.get(name, "")):
            try:
                Fernet(raw.encode())
            except ValueError:
                return (
                    f"{name} holds a value that is not a Fernet key (32 url-safe base64 bytes); "
                    f"for example {KEY_ENV}={generate_key()} (or run `calmdesk secrets keygen`)"
                )
    session_key = e.get(LEGACY_KEY_ENV, "").strip()
    if session_key and session_key in _split(e.get(KEY_ENV, "")):
        return (
            f"{KEY_ENV} must differ from {LEGACY_KEY_ENV} (one keys web sessions, the other encrypts "
            f"stored credentials); for example {KEY_ENV}={generate_key()}, then run `calmdesk secrets rotate` "
            f"with the old value in {OLD_KEYS_ENV}"
        )
    return None


def encrypt(value: str, key: str | None = None) -> str:
    return _encrypter(key).encrypt(value.encode()).decode()


def decrypt(ciphertext: str, name: str, key: str | None = None) -> str:
    try:
        return MultiFernet(_decrypt_keys(key)).decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise SecretError(
            f"secret {name!r} cannot be decrypted with ${KEY_ENV} or ${OLD_KEYS_ENV} (wrong key?)"
        ) from exc


def rotator(key: str | None = None) -> MultiFernet:
    """Re-encrypts under the first $CALMDESK_ENCRYPTION_KEY whatever any known key opens."""
    return MultiFernet([_encrypter(key), *_decrypt_keys(key)])


def cannot_rotate(name: str) -> SecretError:
    return SecretError(
        f"secret {name!r} cannot be decrypted with ${KEY_ENV}, ${OLD_KEYS_ENV} or the legacy "
        f"${LEGACY_KEY_ENV}; nothing was re-encrypted"
    )


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
