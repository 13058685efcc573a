"""Encryption keys of the secret store (issue 17 item 12): `CALMDESK_ENCRYPTION_KEY` apart from the
session key, rotation with `calmdesk secrets rotate` (all or nothing, SQLite and PostgreSQL), stores
from before the split still read, and `serve` suggests values that the other commands accept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.actions.secrets import do_rotate_secrets, do_set_secret
from calmdesk.cli.main import app
from calmdesk.secrets import (
    KEY_ENV,
    LEGACY_KEY_ENV,
    OLD_KEYS_ENV,
    SecretError,
    generate_key,
    get_secret,
)
from calmdesk.storage.tables import Secret
from calmdesk.web.settings import load_settings

VALUES = {"x:acme:token": "first-secret-value", "reddit:acme:token": "second-secret-value", "m:acme:t": "third-value-3"}


def _url(factory: sessionmaker[Session]) -> str:
    return str(factory.kw["bind"].url.render_as_string(hide_password=False))


def _ciphertexts(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as s:
        return {row.name: row.ciphertext for row in s.scalars(select(Secret))}


def _read_all(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as s:
        out = {}
        for name in VALUES:
            value = get_secret(s, name)
            assert value is not None
            out[name] = value.reveal()
        return out


@pytest.fixture(autouse=True)
def _clean_keys(monkeypatch: Any) -> None:
    for name in (KEY_ENV, OLD_KEYS_ENV, LEGACY_KEY_ENV):
        monkeypatch.delenv(name, raising=False)


def test_rotate_reencrypts_every_secret_under_the_new_key(factory: sessionmaker[Session], monkeypatch: Any) -> None:
    old, new = generate_key(), generate_key()
    monkeypatch.setenv(KEY_ENV, old)
    with factory.begin() as s:
        for name, value in VALUES.items():
            do_set_secret(s, name, value)
    before = _ciphertexts(factory)
    monkeypatch.setenv(KEY_ENV, new)
    monkeypatch.setenv(OLD_KEYS_ENV, f"{generate_key()}, {old}")
    assert _read_all(factory) == VALUES  # readable through the old key before rotation
    with factory.begin() as s:
        assert do_rotate_secrets(s) == 3
    after = _ciphertexts(factory)
    assert all(after[n] != before[n] for n in VALUES)
    monkeypatch.delenv(OLD_KEYS_ENV)
    assert _read_all(factory) == VALUES  # the new key alone opens everything
    monkeypatch.setenv(KEY_ENV, old)
    with factory() as s, pytest.raises(SecretError, match="wrong key"):
        get_secret(s, "x:acme:token")


def test_rotate_is_all_or_nothing(factory: sessionmaker[Session], monkeypatch: Any) -> None:
    known, lost = generate_key(), generate_key()
    monkeypatch.setenv(KEY_ENV, known)
    with factory.begin() as s:
        do_set_secret(s, "a:acme:token", "value-under-known")
    monkeypatch.setenv(KEY_ENV, lost)
    with factory.begin() as s:
        do_set_secret(s, "b:acme:token", "value-under-lost")
    before = _ciphertexts(factory)
    monkeypatch.setenv(KEY_ENV, generate_key())
    monkeypatch.setenv(OLD_KEYS_ENV, known)
    with pytest.raises(SecretError, match="'b:acme:token'.*nothing was re-encrypted"), factory.begin() as s:
        do_rotate_secrets(s)
    assert _ciphertexts(factory) == before


def test_store_from_before_the_split_reads_and_rotates(factory: sessionmaker[Session], monkeypatch: Any) -> None:
    # The old scheme: $CALMDESK_SECRET_KEY was the Fernet key of the store.
    legacy = generate_key()
    with factory.begin() as s:
        for name, value in VALUES.items():
            s.add(Secret(name=name, ciphertext=Fernet(legacy.encode()).encrypt(value.encode()).decode()))
    monkeypatch.setenv(LEGACY_KEY_ENV, legacy)
    monkeypatch.setenv(KEY_ENV, generate_key())
    assert _read_all(factory) == VALUES
    runner = CliRunner()
    res = runner.invoke(app, ["secrets", "rotate"], env={"CALMDESK_DATABASE_URL": _url(factory)})
    assert res.exit_code == 0, res.output
    assert "re-encrypted 3 stored secret(s)" in res.output
    monkeypatch.setenv(LEGACY_KEY_ENV, "a-new-session-key-that-is-not-fernet-0123456789")
    assert _read_all(factory) == VALUES


def test_cli_rotate_fails_cleanly_and_changes_nothing(factory: sessionmaker[Session], monkeypatch: Any) -> None:
    monkeypatch.setenv(KEY_ENV, generate_key())
    with factory.begin() as s:
        do_set_secret(s, "x:acme:token", "first-secret-value")
    before = _ciphertexts(factory)
    res = CliRunner().invoke(
        app, ["secrets", "rotate"], env={"CALMDESK_DATABASE_URL": _url(factory), KEY_ENV: generate_key()}
    )
    assert res.exit_code == 1 and "'x:acme:token'" in res.output and "Traceback" not in res.output, res.output
    assert _ciphertexts(factory) == before


def test_serve_suggests_values_that_work(tmp_path: Any, monkeypatch: Any) -> None:
    runner = CliRunner()
    store = f"sqlite:///{tmp_path}/keys.sqlite3"
    base = {"CALMDESK_DATABASE_URL": store, "CALMDESK_ENV": "production"}
    res = runner.invoke(app, ["serve"], env={**base, LEGACY_KEY_ENV: ""})
    assert res.exit_code == 2, res.output
    found = re.search(r"CALMDESK_SECRET_KEY=(\S+)", res.output)
    assert found, res.output
    session_key = found.group(1)
    assert load_settings({LEGACY_KEY_ENV: session_key}).secret_key == session_key

    res = runner.invoke(app, ["serve"], env={**base, LEGACY_KEY_ENV: session_key, KEY_ENV: session_key})
    assert res.exit_code == 2 and "not a Fernet key" in res.output, res.output
    found = re.search(r"CALMDESK_ENCRYPTION_KEY=(\S+)", res.output)
    assert found, res.output
    encryption_key = found.group(1)
    # The suggested value is one that `secrets set` takes.
    res = runner.invoke(
        app, ["secrets", "set", "x:acme:token"], input="stored-with-suggestion\n",
        env={**base, LEGACY_KEY_ENV: session_key, KEY_ENV: encryption_key},
    )
    assert res.exit_code == 0, res.output
    # One value for both jobs is refused, with a way out.
    res = runner.invoke(app, ["serve"], env={**base, LEGACY_KEY_ENV: encryption_key, KEY_ENV: encryption_key})
    assert res.exit_code == 2 and "must differ" in res.output, res.output
    monkeypatch.setenv(KEY_ENV, encryption_key)
    from calmdesk.storage.db import make_engine, make_sessionmaker

    engine = make_engine(store)
    with make_sessionmaker(engine)() as s:
        value = get_secret(s, "x:acme:token")
        assert value is not None and value.reveal() == "stored-with-suggestion"
    engine.dispose()
