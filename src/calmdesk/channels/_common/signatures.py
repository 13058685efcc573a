"""Proving a webhook came from the platform: what the platforms' checks share.

Each platform's own check lives in its folder (`channels/x/webhook.py`,
`channels/_meta/webhook.py`, `channels/webhook/signature.py`). Every check works on the raw body bytes exactly as received (re-serialised JSON would not match),
compares in constant time, and raises `SignatureError` with a reason that is safe to log (never
the expected signature). The web endpoint verifies, stores the raw body, and only then parses.

- X (Account Activity / webhooks): CRC challenge answer and `x-twitter-webhooks-signature`.
- Meta (Facebook Pages, Instagram, Messenger): `X-Hub-Signature-256` and the `hub.challenge` handshake.
- calmdesk's generic webhook: `X-Calmdesk-Signature: sha256=<hex>` over `<timestamp>.<body>`, with
  `X-Calmdesk-Timestamp` no older than `max_age` seconds, so a captured request cannot be replayed
  later; within that window a receipt store (one row per signature) refuses the second copy.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_MAX_AGE_S = 300


class SignatureError(ValueError):
    """A webhook whose origin cannot be proven: reject it (HTTP 401/403), keep nothing."""


def secret_key(secret: str | bytes) -> bytes:
    if not secret:
        raise SignatureError("no secret configured for this webhook")
    return secret.encode("utf-8") if isinstance(secret, str) else secret


def raw_body(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def header(headers: Mapping[str, str], name: str) -> str | None:
    """Header lookup that ignores case, as HTTP does."""
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def expect_prefixed(signature: str | None, name: str) -> str:
    if not signature:
        raise SignatureError(f"missing {name} header")
    signature = signature.strip()
    if not signature.startswith("sha256="):
        raise SignatureError(f"{name} must start with 'sha256='")
    return signature[len("sha256=") :]


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
