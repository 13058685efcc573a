"""calmdesk's generic webhook check: `X-Calmdesk-Signature: sha256=<hex>` over `<timestamp>.<body>`.

`X-Calmdesk-Timestamp` may be no older than `max_age` seconds, so a captured request cannot be
replayed later; within that window a receipt store (one row per signature) refuses the second copy.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from calmdesk.channels._common.signatures import (
    DEFAULT_MAX_AGE_S,
    SignatureError,
    expect_prefixed,
    header,
    raw_body,
    secret_key,
)

SIGNATURE_HEADER = "X-Calmdesk-Signature"
TIMESTAMP_HEADER = "X-Calmdesk-Timestamp"


def generic_signature(body: bytes | str, timestamp: str | int, secret: str | bytes) -> str:
    """What a sender puts in `X-Calmdesk-Signature`: HMAC over `<timestamp>.<body>`."""
    message = str(timestamp).encode("ascii") + b"." + raw_body(body)
    return "sha256=" + hmac.new(secret_key(secret), message, hashlib.sha256).hexdigest()


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
    given = expect_prefixed(header(headers, SIGNATURE_HEADER), SIGNATURE_HEADER).lower()
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
