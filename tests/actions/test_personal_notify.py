"""Personal notifications through apprise (issue 13, item 3): a real apprise `json://` URL that
reaches a local HTTP server, and assertions on what that server received: the right person,
the right words, nothing for one's own doing, nothing after a rollback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sla_helpers import Receiver, make_brand, make_case, make_user, receiver
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.actions.cases import do_assign_case
from calmdesk.actions.personal_notify import (
    NotifySettingsError,
    do_set_notify_urls,
    notify_mention,
    personal_urls,
)
from calmdesk.actions.replies import do_approve_draft, do_create_draft, do_reject_draft, do_request_approval
from calmdesk.actions.sla import do_check_sla
from calmdesk.cli.main import app
from calmdesk.secrets import env_name, generate_key
from calmdesk.storage.tables import Secret

PASSWORD = "a-long-test-password-42"
T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # a Tuesday
PLAYBOOK = """
brand = "brandco"

[hours]
timezone = "Europe/Berlin"
always_open = true

[[channels]]
platform = "x"
handle = "brandco"
"""


def wait_for(rx: Receiver, n: int, timeout: float = 10.0) -> list[dict[str, Any]]:
    """The posts the receiver got, once there are `n` (apprise sends from a background thread)."""
    deadline = time.monotonic() + timeout
    while len(rx.posts) < n and time.monotonic() < deadline:
        time.sleep(0.05)
    return list(rx.posts)


@pytest.fixture
def inbox() -> Iterator[Receiver]:
    with receiver() as rx:
        yield rx


@pytest.fixture
def store(
    sqlite_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> tuple[sessionmaker[Session], int, int]:
    monkeypatch.setenv("CALMDESK_ENCRYPTION_KEY", generate_key())
    with sqlite_factory.begin() as s:
        brand = make_brand(s, PLAYBOOK)
        make_user(s, brand, "dana", "agent")
        make_user(s, brand, "sam", "supervisor")
        case_id = make_case(s, brand, "n1", T0)
        brand_id = brand.id
    return sqlite_factory, case_id, brand_id


def test_assignment_approval_rejection_and_mention_reach_the_right_person(
    store: tuple[sessionmaker[Session], int, int], inbox: Receiver
) -> None:
    factory, case_id, brand_id = store
    with factory.begin() as s:
        do_set_notify_urls(s, "dana", [inbox.url("dana")])
        do_set_notify_urls(s, "sam", [inbox.url("sam")])
        stored = s.scalars(select(Secret).where(Secret.name == "user:dana:apprise")).one()
        assert "127.0.0.1" not in stored.ciphertext  # encrypted: such URLs carry tokens
        assert personal_urls(s, "dana") == [inbox.url("dana")]

    with factory.begin() as s:
        do_assign_case(s, case_id, "dana", actor="sam")
    got = wait_for(inbox, 1)
    assert [p["path"] for p in inbox.posts] == ["/dana"]
    assert got[0]["title"] == "calmdesk: Case assigned to you"
    assert got[0]["message"] == f"sam assigned case #{case_id} to you"

    with factory.begin() as s:
        d1 = do_create_draft(s, case_id, "dana", "Hi Carol, sorry about the broken order; I'm on it. - Dana")
        do_request_approval(s, d1.id, "dana")
        do_approve_draft(s, d1.id, "sam", note="good tone")
    got = wait_for(inbox, 2)
    assert got[1]["path"] == "/dana"
    assert got[1]["message"] == f"sam approved your draft #{d1.id} on case #{case_id}: good tone"

    with factory.begin() as s:
        d2 = do_create_draft(s, case_id, "dana", "Hi Carol, we will refund you twice. - Dana")
        do_request_approval(s, d2.id, "dana")
        do_reject_draft(s, d2.id, "sam", note="no double refunds")
    got = wait_for(inbox, 3)
    assert got[2]["title"] == "calmdesk: Draft rejected"
    assert "no double refunds" in got[2]["message"]

    with factory.begin() as s:
        notify_mention(s, case_id=case_id, brand_id=brand_id, actor="dana", username="sam", text="@sam can you look?")
    got = wait_for(inbox, 4)
    assert got[3]["path"] == "/sam"
    assert got[3]["message"] == f"dana mentioned you in a note on case #{case_id}: @sam can you look?"


def test_no_notice_for_ones_own_doing_nor_after_a_rollback(
    store: tuple[sessionmaker[Session], int, int], inbox: Receiver
) -> None:
    factory, case_id, brand_id = store
    with factory.begin() as s:
        do_set_notify_urls(s, "dana", [inbox.url("dana")])
    with factory.begin() as s:
        do_assign_case(s, case_id, "dana", actor="dana")  # took it herself
    with pytest.raises(RuntimeError), factory.begin() as s:
        do_assign_case(s, case_id, None, actor="sam")
        do_assign_case(s, case_id, "dana", actor="sam")
        raise RuntimeError("rolled back")
    with factory.begin() as s:
        do_assign_case(s, case_id, "sam", actor="dana")
    # the one notice that counts: sam has no URL; dana's own moves and the rollback sent nothing
    time.sleep(1.0)
    assert inbox.posts == []


def test_sla_warning_goes_to_the_cases_owner(store: tuple[sessionmaker[Session], int, int], inbox: Receiver) -> None:
    factory, case_id, brand_id = store
    with factory.begin() as s:
        do_set_notify_urls(s, "dana", [inbox.url("dana")])
        do_assign_case(s, case_id, "dana", actor="sam")
    wait_for(inbox, 1)
    # X's first response is due in 2 hours, always open: 90 minutes in is a warning, not a breach
    with factory.begin() as s:
        report = do_check_sla(s, T0 + timedelta(minutes=90))
    assert report.warned, report
    got = wait_for(inbox, 2)
    assert got[1]["path"] == "/dana"
    assert got[1]["title"] == "calmdesk: SLA warning"
    assert f"case #{case_id}" in got[1]["message"]


def test_urls_come_from_the_environment_too(
    store: tuple[sessionmaker[Session], int, int], inbox: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory, case_id, brand_id = store
    monkeypatch.setenv(env_name("user:dana:apprise"), inbox.url("from-env"))
    with factory.begin() as s:
        do_assign_case(s, case_id, "dana", actor="sam")
    wait_for(inbox, 1)
    assert [p["path"] for p in inbox.posts] == ["/from-env"]


def test_bad_settings_are_refused_with_the_reason(store: tuple[sessionmaker[Session], int, int]) -> None:
    factory, _, _ = store
    with factory.begin() as s:
        with pytest.raises(NotifySettingsError, match=r"no user 'nobody' \(known: dana, sam\)"):
            do_set_notify_urls(s, "nobody", ["json://127.0.0.1/x"])
        with pytest.raises(NotifySettingsError, match="not an apprise URL"):
            do_set_notify_urls(s, "dana", ["nonsense://whatever"])


def test_cli_sets_and_clears(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inbox: Receiver) -> None:
    monkeypatch.delenv("CALMDESK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CALMDESK_DATA_DIR", str(tmp_path / "desk"))
    monkeypatch.setenv("CALMDESK_ENCRYPTION_KEY", generate_key())
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    (tmp_path / "brand.toml").write_text(PLAYBOOK, encoding="utf-8")
    assert runner.invoke(app, ["brands", "add", str(tmp_path / "brand.toml")]).exit_code == 0
    added = runner.invoke(
        app, ["users", "add", "dana", "--role", "agent", "--brand", "brandco", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    ok = runner.invoke(app, ["users", "notify", "dana", "--apprise", inbox.url("dana")])
    assert ok.exit_code == 0, ok.output
    assert "1 apprise URL" in ok.output
    bad = runner.invoke(app, ["users", "notify", "dana", "--apprise", "nonsense://x"])
    assert bad.exit_code == 2 and "not an apprise URL" in bad.output
    cleared = runner.invoke(app, ["users", "notify", "dana", "--clear"])
    assert cleared.exit_code == 0 and "in the desk only" in cleared.output
