"""X's webhook checks: the CRC challenge answer and `x-twitter-webhooks-signature` (Account Activity)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from calmdesk.channels._common.signatures import SignatureError, expect_prefixed, raw_body, secret_key

X_SIGNATURE_HEADER = "x-twitter-webhooks-signature"


def x_signature(body: bytes | str, consumer_secret: str | bytes) -> str:
    """`sha256=` + base64 HMAC-SHA256: X's format for both the CRC answer and request signatures."""
    digest = hmac.new(secret_key(consumer_secret), raw_body(body), hashlib.sha256).digest()
    return "sha256=" + base64.b64encode(digest).decode("ascii")


def x_crc_response(crc_token: str, consumer_secret: str | bytes) -> dict[str, str]:
    """The JSON body answering X's `GET ?crc_token=...` challenge: `{"response_token": "sha256=..."}`."""
    if not crc_token:
        raise SignatureError("missing crc_token")
    return {"response_token": x_signature(crc_token, consumer_secret)}


def verify_x(body: bytes | str, signature: str | None, consumer_secret: str | bytes) -> None:
    """Check `x-twitter-webhooks-signature` against the raw body."""
    expect_prefixed(signature, X_SIGNATURE_HEADER)
    assert signature is not None
    expected = x_signature(body, consumer_secret)
    if not hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("utf-8", "replace")):
        raise SignatureError(f"{X_SIGNATURE_HEADER} does not match the body")
