"""Usernames and passwords (issue 17 items 4 and 10): one normalisation of usernames shared by login,
the rate limiter and user creation; a password policy applied by every door that sets a password."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner
from web_helpers import PASSWORD, Seed, csrf_of, login

from calmdesk.actions.users import UserError, authenticate, do_create_user
from calmdesk.cli.main import app as cli
from calmdesk.data.common_passwords import common_passwords
from calmdesk.domain.passwords import MIN_PASSWORD_LEN, password_problems
from calmdesk.domain.usernames import normalize_username
from calmdesk.storage.db import session_scope
from calmdesk.storage.tables import User

SPELLINGS = ["alice ", " alice", "alice\t", "ALICE", "Alice\n", "\uff41\uff4c\uff49\uff43\uff45", "alice\u3000"]


def test_one_normal_form_for_usernames() -> None:
    for spelling in SPELLINGS:
        assert normalize_username(spelling) == "alice", repr(spelling)
    assert normalize_username("Stra\u00dfe") == normalize_username("STRASSE") == "strasse"
    assert normalize_username("   ") == ""


def test_whitespace_and_case_spellings_share_the_login_limit(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    for _ in range(5):
        res = app_client.post("/login", data={"username": "alice", "password": "bad-guess", "csrf_token": token})
        assert res.status_code == 401
    # Every spelling that would log in as alice is locked with her, even with the right password.
    for spelling in SPELLINGS:
        res = app_client.post(
            "/login",
            data={"username": spelling, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert res.status_code == 429, repr(spelling)


def test_failures_under_other_spellings_count_against_the_same_limit(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    for spelling in SPELLINGS[:5]:
        res = app_client.post("/login", data={"username": spelling, "password": "bad-guess", "csrf_token": token})
        assert res.status_code == 401, repr(spelling)
    res = app_client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token})
    assert res.status_code == 429


def test_other_spellings_log_in_as_the_same_user(app_client: TestClient, seed: Seed) -> None:
    login(app_client, " ALICE\t")
    assert app_client.get("/api/me").json()["username"] == "alice"


def test_user_creation_stores_the_normal_form_and_finds_existing_users(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        user = do_create_user(s, "  Nina\u3000", "a quiet harbour at dusk", "agent", ["acme"])
        assert user.username == "nina"
        again = do_create_user(s, "NINA", "a quiet harbour at dusk", "supervisor", ["globex"])
        assert again.id == user.id
        assert s.scalar(select(func.count()).select_from(User).where(User.username.like("%nina%"))) == 1
        with pytest.raises(UserError, match="username must not be empty"):
            do_create_user(s, " \t ", "a quiet harbour at dusk", "agent", ["acme"])


def test_users_stored_before_normalisation_still_log_in(seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        s.get_one(User, s.scalar(select(User.id).where(User.username == "sam"))).username = "Sam"
    with session_scope(seed.factory) as s:
        user = authenticate(s, "sam ", PASSWORD)
        assert user is not None and user.username == "Sam"


# --- password policy -------------------------------------------------------------------------

WEAK = {
    "aaaaaaaa": "at least 12 characters",
    "12345678": "at least 12 characters",
    " " * 8: "at least 12 characters",
    "a" * 14: "at least 5 different characters",
    " " * 14: "at least 5 different characters",
    "qwertyqwerty": "common or breached",
    "1q2w3e4r5t6y": "common or breached",
    "Q1W2E3R4T5Y6": "common or breached",
}


@pytest.mark.parametrize(("password", "problem"), sorted(WEAK.items()))
def test_policy_refuses_short_repetitive_and_common_passwords(password: str, problem: str) -> None:
    problems = password_problems(password, "nina", common_passwords())
    assert any(problem in p for p in problems), problems


def test_policy_refuses_the_username_inside_the_password() -> None:
    common = common_passwords()
    assert password_problems("alicealicealice", "alice", common) == ["it must not contain the username"]
    assert password_problems("Alice-my-secret-1", " ALICE ", common) == ["it must not contain the username"]
    assert password_problems("veronica-long", "veronica-long", common) == ["it must not be the username"]
    assert password_problems("correct horse battery", "alice", common) == []
    assert password_problems("calmdesk-demo", "supervisor", common) == []  # the demo password


def test_shipped_list_is_loaded_from_the_package() -> None:
    common = common_passwords()
    assert len(common) > 19_000
    assert {"password", "123456", "qwertyuiop"} <= common
    assert sum(1 for p in common if len(p) >= MIN_PASSWORD_LEN) > 150


def test_user_creation_refuses_weak_passwords(seed: Seed) -> None:
    for password, problem in WEAK.items():
        with session_scope(seed.factory) as s, pytest.raises(UserError, match=f"password refused: .*{problem}"):
            do_create_user(s, "nina", password, "agent", ["acme"])
    with seed.factory() as s:
        assert s.scalar(select(User).where(User.username == "nina")) is None


def test_cli_add_and_password_change_apply_the_policy(seed: Seed) -> None:
    env = {"CALMDESK_DATABASE_URL": str(seed.factory.kw["bind"].url)}
    runner = CliRunner()
    res = runner.invoke(
        cli, ["users", "add", "zoe", "--role", "agent", "--brand", "acme", "--password-stdin"], input="12345678\n", env=env
    )
    assert res.exit_code == 2 and "at least 12 characters (it has 8)" in res.output, res.output
    res = runner.invoke(cli, ["users", "password", "alice", "--password-stdin"], input="aaaaaaaa\n", env=env)
    assert res.exit_code == 2 and "password refused" in res.output, res.output
    res = runner.invoke(cli, ["users", "password", "alice", "--password-stdin"], input="alice-is-back-again\n", env=env)
    assert res.exit_code == 2 and "must not contain the username" in res.output, res.output
    res = runner.invoke(cli, ["users", "password", "Alice ", "--password-stdin"], input="winter light on the bay\n", env=env)
    assert res.exit_code == 0, res.output
    with seed.factory() as s:
        assert authenticate(s, "alice", "winter light on the bay") is not None
        assert authenticate(s, "alice", PASSWORD) is None


def test_web_add_user_refuses_weak_password(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "root")
    res = app_client.post(
        "/users",
        data={"username": "nina", "password": "aaaaaaaa", "role": "agent", "brand": "acme", "csrf_token": token},
    )
    assert "password refused: it must have at least 12 characters" in res.text
    with seed.factory() as s:
        assert s.scalar(select(User).where(User.username == "nina")) is None


def test_brand_admin_cannot_reset_an_existing_user_by_respelling_the_name(
    app_client: TestClient, seed: Seed
) -> None:
    token = login(app_client, "root")
    res = app_client.post(
        "/users",
        data={
            "username": " ALICE ",
            "password": "a quiet harbour at dusk",
            "role": "admin",
            "brand": "acme",
            "csrf_token": token,
        },
    )
    assert "already exists" in res.text
    with seed.factory() as s:
        assert authenticate(s, "alice", PASSWORD) is not None
        assert authenticate(s, "alice", "a quiet harbour at dusk") is None
