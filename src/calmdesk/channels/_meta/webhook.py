"""Meta's webhook checks (Facebook Pages, Instagram, Messenger): `X-Hub-Signature-256` and the `hub.challenge` handshake."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from calmdesk.channels._common.signatures import SignatureError, expect_prefixed, raw_body, secret_key

META_SIGNATURE_HEADER = "X-Hub-Signature-256"


def meta_signature(body: bytes | str, app_secret: str | bytes) -> str:
    return "sha256=" + hmac.new(secret_key(app_secret), raw_body(body), hashlib.sha256).hexdigest()


def verify_meta(body: bytes | str, signature: str | None, app_secret: str | bytes) -> None:
    """Check `X-Hub-Signature-256` (`sha256=` + hex HMAC of the raw body with the app secret)."""
    given = expect_prefixed(signature, META_SIGNATURE_HEADER).lower()
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
