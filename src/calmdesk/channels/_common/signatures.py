"""Proving a webhook came from the platform: pure functions over headers, body and secret.

Every check works on the raw body bytes exactly as received (re-serialised JSON would not match),
compares in constant time, and raises `SignatureError` with a reason that is safe to log (never
the expected signature). The web endpoint verifies, stores the raw body, and only then parses.

- X (Account Activity / webhooks): CRC challenge answer and `x-twitter-webhooks-signature`.
- Meta (Facebook Pages, Instagram, Messenger): `X-Hub-Signature-256` and the `hub.challenge` handshake.
- calmdesk's generic webhook: `X-Calmdesk-Signature: sha256=<hex>` over `<timestamp>.<body>`, with
  `X-Calmdesk-Timestamp` no older than `max_age` seconds, so a captured request cannot be replayed
  later; within that window a receipt store (one row per signature) refuses the second copy.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_HEADER = "X-Calmdesk-Signature"
TIMESTAMP_HEADER = "X-Calmdesk-Timestamp"
META_SIGNATURE_HEADER = "X-Hub-Signature-256"
X_SIGNATURE_HEADER = "x-twitter-webhooks-signature"
DEFAULT_MAX_AGE_S = 300


class SignatureError(ValueError):
    """A webhook whose origin cannot be proven: reject it (HTTP 401/403), keep nothing."""


def _key(secret: str | bytes) -> bytes:
    if not secret:
        raise SignatureError("no secret configured for this webhook")
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def _body(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Header lookup that ignores case, as HTTP does."""
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def _expect_prefixed(signature: str | None, name: str) -> str:
    if not signature:
        raise SignatureError(f"missing {name} header")
    signature = signature.strip()
    if not signature.startswith("sha256="):
        raise SignatureError(f"{name} must start with 'sha256='")
    return signature[len("sha256=") :]


# --- X ---------------------------------------------------------------------------------------


def x_signature(body: bytes | str, consumer_secret: str | bytes) -> str:
    """`sha256=` + base64 HMAC-SHA256: X's format for both the CRC answer and request signatures."""
    digest = hmac.new(_key(consumer_secret), _body(body), hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode("ascii")


def x_crc_response(crc_token: str, consumer_secret: str | bytes) -> dict[str, str]:
    """The JSON body answering X's `GET ?crc_token=...` challenge: `{"response_token": "sha256=..."}`."""
    if not crc_token:
        raise SignatureError("missing crc_token")
    return {"response_token": x_signature(crc_token, consumer_secret)}


def verify_x(body: bytes | str, signature: str | None, consumer_secret: str | bytes) -> None:
    """Check `x-twitter-webhooks-signature` against the raw body."""
    _expect_prefixed(signature, X_SIGNATURE_HEADER)
    assert signature is not None
    expected = x_signature(body, consumer_secret)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("utf-8", "replace")):
        raise SignatureError(f"{X_SIGNATURE_HEADER} does not match the body")


# --- Meta ------------------------------------------------------------------------------------


def meta_signature(body: bytes | str, app_secret: str | bytes) -> str:
    return "sha256=" + hmac.new(_key(app_secret), _body(body), hashlib.sha256).hexdigest()


def verify_meta(body: bytes | str, signature: str | None, app_secret: str | bytes) -> None:
    """Check `X-Hub-Signature-256` (`sha256=` + hex HMAC of the raw body with the app secret)."""
    given = _expect_prefixed(signature, META_SIGNATURE_HEADER).lower()
    expected = meta_signature(body, app_secret)[len("sha256=") :]
    if not hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "replace")):
        raise SignatureError(f"{META_SIGNATURE_HEADER} does not match the body")


def meta_challenge(params: Mapping[str, str], verify_token: str) -> str:
    """Answer the subscription handshake: echo `hub.challenge` when mode and token are right."""
    if not verify_token:
        raise SignatureError("no verify token configured for this webhook")
    if params.get("hub.mode") != "subscribe":
        raise SignatureError("hub.mode is not 'subscribe'")
    token = params.get("hub.verify_token") or ""
    if not hmac.compare_digest(token.encode("utf-8"), verify_token.encode("utf-8")):
        raise SignatureError("hub.verify_token does not match")
    challenge = params.get("hub.challenge")
    if not challenge:
        raise SignatureError("missing hub.challenge")
    return challenge


# --- generic ---------------------------------------------------------------------------------


def generic_signature(body: bytes | str, timestamp: str | int, secret: str | bytes) -> str:
    """What a sender puts in `X-Calmdesk-Signature`: HMAC over `<timestamp>.<body>`."""
    message = str(timestamp).encode("ascii") + b"." + _body(body)
    return "sha256=" + hmac.new(_key(secret), message, hashlib.sha256).hexdigest()


def verify_generic(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    now: float,
    max_age: int = DEFAULT_MAX_AGE_S,
) -> int:
    """Check signature and age. Returns the timestamp (for the receipt). `now` is passed in: no clock here."""
    raw_ts = header(headers, TIMESTAMP_HEADER)
    if not raw_ts:
        raise SignatureError(f"missing {TIMESTAMP_HEADER} header")
    try:
        timestamp = int(raw_ts.strip())
    except ValueError as exc:
        raise SignatureError(f"{TIMESTAMP_HEADER} is not a Unix time in seconds") from exc
    given = _expect_prefixed(header(headers, SIGNATURE_HEADER), SIGNATURE_HEADER).lower()
    expected = generic_signature(body, timestamp, secret)[len("sha256=") :]
    if not hmac.compare_digest(expected.encode("ascii"), given.encode("utf-8", "replace")):
        raise SignatureError(f"{SIGNATURE_HEADER} does not match the body and timestamp")
    # Age is checked after the signature, so an attacker learns nothing about our clock.
    if timestamp < now - max_age:
        raise SignatureError(
            f"timestamp is {int(now - timestamp)}s old (limit {max_age}s): replayed or delayed"
        )
    if timestamp > now + max_age:
        raise SignatureError("timestamp is in the future: clocks disagree")
    return timestamp


class ReplayGuard:
    """Remembers signatures seen within the age window, so the same request is accepted once.

    In-memory and pure apart from its own dict; the web endpoint backs it with the
    `WebhookReceipt` table so it survives restarts and is shared between workers.
    """

    def __init__(self, max_age: int = DEFAULT_MAX_AGE_S) -> None:
        self.max_age = max_age
        self._seen: dict[str, int] = {}

    def check(self, signature: str, timestamp: int, *, now: float) -> None:
        for sig, ts in list(self._seen.items()):
            if ts < now - 2 * self.max_age:
                del self._seen[sig]
        if signature in self._seen:
            raise SignatureError("this request was already received (replay)")
        self._seen[signature] = timestamp
