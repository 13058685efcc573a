"""Signature checks with vectors computed by `openssl dgst -sha256 -hmac` (an independent implementation)."""

from __future__ import annotations

import pytest

from calmdesk.channels._common import signatures
from calmdesk.channels._meta import webhook as meta_sig
from calmdesk.channels.webhook import signature as generic_sig
from calmdesk.channels.x import webhook as x_sig

META_BODY = b'{"object":"page","entry":[]}'
META_HEX = "22d3988d1017c437ea81a89d41e2d3266c00a508cffdb23f8ad8746d232d77e9"
GENERIC_BODY = b'{"id":"r1"}'
GENERIC_HEX = "796fbfc9fd8d2c8f8e28bd001bd9678c62b47b4b7946e96e434a88b5bc28e371"
NOW = 1_700_000_100.0


def test_x_crc_response_known_vector() -> None:
    assert x_sig.x_crc_response("challenge_string", "consumer_secret") == {
        "response_token": "sha256=v1WdiCVwy17uGTMWveHGlqQXN/qW1bQraNXXByRO2YA="
    }


def test_x_signature_accepts_and_rejects() -> None:
    good = "sha256=v1WdiCVwy17uGTMWveHGlqQXN/qW1bQraNXXByRO2YA="
    x_sig.verify_x(b"challenge_string", good, "consumer_secret")
    with pytest.raises(signatures.SignatureError, match="does not match"):
        x_sig.verify_x(b"challenge_strinG", good, "consumer_secret")
    with pytest.raises(signatures.SignatureError, match="missing"):
        x_sig.verify_x(b"challenge_string", None, "consumer_secret")


def test_meta_signature_known_vector() -> None:
    meta_sig.verify_meta(META_BODY, f"sha256={META_HEX}", "app_secret")
    meta_sig.verify_meta(META_BODY, f"sha256={META_HEX.upper()}", "app_secret")


@pytest.mark.parametrize(
    ("body", "sig", "secret", "message"),
    [
        (META_BODY + b" ", f"sha256={META_HEX}", "app_secret", "does not match"),
        (META_BODY, f"sha256={META_HEX}", "other_secret", "does not match"),
        (META_BODY, f"sha1={META_HEX}", "app_secret", "must start with 'sha256='"),
        (META_BODY, "", "app_secret", "missing"),
        (META_BODY, f"sha256={META_HEX}", "", "no secret configured"),
    ],
)
def test_meta_bad_signatures_rejected(body: bytes, sig: str, secret: str, message: str) -> None:
    with pytest.raises(signatures.SignatureError, match=message):
        meta_sig.verify_meta(body, sig, secret)


def test_meta_challenge_handshake() -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "tok", "hub.challenge": "1158201444"}
    assert meta_sig.meta_challenge(params, "tok") == "1158201444"
    with pytest.raises(signatures.SignatureError, match="verify_token"):
        meta_sig.meta_challenge({**params, "hub.verify_token": "nope"}, "tok")
    with pytest.raises(signatures.SignatureError, match="hub.mode"):
        meta_sig.meta_challenge({**params, "hub.mode": "unsubscribe"}, "tok")


def _headers(ts: int | str = 1_700_000_000, sig: str = f"sha256={GENERIC_HEX}") -> dict[str, str]:
    return {"x-calmdesk-timestamp": str(ts), "X-CALMDESK-SIGNATURE": sig}


def test_generic_known_vector_and_case_insensitive_headers() -> None:
    assert generic_sig.generic_signature(GENERIC_BODY, 1_700_000_000, "shh") == f"sha256={GENERIC_HEX}"
    assert generic_sig.verify_generic(GENERIC_BODY, _headers(), "shh", now=NOW) == 1_700_000_000


@pytest.mark.parametrize(
    ("body", "headers", "message"),
    [
        (b'{"id":"r2"}', _headers(), "does not match"),
        (GENERIC_BODY, _headers(ts=1_700_000_001), "does not match"),  # timestamp is signed too
        (GENERIC_BODY, {"X-Calmdesk-Signature": f"sha256={GENERIC_HEX}"}, "missing X-Calmdesk-Timestamp"),
        (GENERIC_BODY, _headers(ts="soon"), "not a Unix time"),
        (GENERIC_BODY, _headers(sig="deadbeef"), "must start with 'sha256='"),
    ],
)
def test_generic_bad_signatures_rejected(body: bytes, headers: dict[str, str], message: str) -> None:
    with pytest.raises(signatures.SignatureError, match=message):
        generic_sig.verify_generic(body, headers, "shh", now=NOW)


def test_generic_old_request_is_a_replay() -> None:
    with pytest.raises(signatures.SignatureError, match="replayed or delayed"):
        generic_sig.verify_generic(GENERIC_BODY, _headers(), "shh", now=NOW + 600)
    with pytest.raises(signatures.SignatureError, match="future"):
        generic_sig.verify_generic(GENERIC_BODY, _headers(), "shh", now=NOW - 1000)


def test_replay_guard_accepts_once() -> None:
    guard = signatures.ReplayGuard()
    guard.check(GENERIC_HEX, 1_700_000_000, now=NOW)
    with pytest.raises(signatures.SignatureError, match="already received"):
        guard.check(GENERIC_HEX, 1_700_000_000, now=NOW + 1)
    guard.check("other", 1_700_000_000, now=NOW + 1)
