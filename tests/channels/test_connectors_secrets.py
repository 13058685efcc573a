"""Credentials: encrypted at rest, environment first, never shown in reprs or errors."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.secrets import do_set_secret
from calmdesk.secrets import (
    KEY_ENV,
    SecretError,
    SecretValue,
    env_name,
    generate_key,
    get_secret,
    redact,
    require_secret,
)
from calmdesk.storage.tables import Secret


def test_stored_encrypted_and_env_wins(store: sessionmaker[Session], monkeypatch: Any) -> None:
    monkeypatch.setenv(KEY_ENV, generate_key())
    with store.begin() as s:
        do_set_secret(s, "x:acme:token", "super-secret-value-1")
    with store() as s:
        row = s.scalar(select(Secret))
        assert row is not None and "super-secret-value-1" not in row.ciphertext
        value = get_secret(s, "x:acme:token")
        assert value is not None and value.reveal() == "super-secret-value-1"
        monkeypatch.setenv(env_name("x:acme:token"), "from-the-environment")
        assert require_secret(s, "x:acme:token").reveal() == "from-the-environment"


def test_wrong_key_and_missing_secret_errors_name_the_secret(
    store: sessionmaker[Session], monkeypatch: Any
) -> None:
    monkeypatch.setenv(KEY_ENV, generate_key())
    with store.begin() as s:
        do_set_secret(s, "reddit:acme:token", "another-secret-22")
    monkeypatch.setenv(KEY_ENV, generate_key())
    with store() as s:
        with pytest.raises(SecretError, match="reddit:acme:token.*wrong key"):
            get_secret(s, "reddit:acme:token")
        with pytest.raises(SecretError, match="CALMDESK_SECRET_NOPE_TOKEN"):
            require_secret(s, "nope:token")
    monkeypatch.delenv(KEY_ENV)
    with store.begin() as s, pytest.raises(SecretError, match=KEY_ENV):
        do_set_secret(s, "a", "b-value-xyz")


def test_redaction() -> None:
    v = SecretValue("tok-REDACTME-123")
    assert "REDACTME" not in repr(v) and "REDACTME" not in f"{v}"
    assert redact("failed with tok-REDACTME-123 inside") == "failed with *** inside"
    assert redact("Authorization: Bearer abc.def.ghi") == "Authorization: Bearer ***"
    assert redact("GET /x?access_token=abcdef&y=1") == "GET /x?access_token=***&y=1"
