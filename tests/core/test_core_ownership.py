"""B-OWNER (issue 13, item 6): only the owner or a supervisor changes an escalated case; a case
goes only to a known user; the CLI records who really acted."""

from __future__ import annotations

import getpass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.cases import do_assign_case, do_move_case
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.users import do_create_user
from calmdesk.cli.main import app
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.ownership import Actor, OwnershipError, assignee_refusal, change_refusal
from calmdesk.domain.playbook import parse_playbook
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Action, Case

PW = "a long enough password"


def test_rule_only_owner_or_supervisor_changes_an_escalated_case() -> None:
    agent, sup = Actor("ann", True, False), Actor("sue", True, True)
    router = Actor("router", False, False)
    assert change_refusal(agent, "escalated", "sue") is not None
    assert "only sue or a supervisor" in (change_refusal(agent, "escalated", "sue") or "")
    assert change_refusal(sup, "escalated", "someone") is None
    assert change_refusal(Actor("sue", True, False), "escalated", "sue") is None  # the owner
    assert change_refusal(agent, "triaged", "sue") is None  # only escalated cases are guarded
    assert change_refusal(agent, "escalated", None) is None
    assert change_refusal(router, "escalated", "sue") is None  # automation


def test_rule_assignee_must_be_known() -> None:
    assert assignee_refusal("ann", ["ann", "sue"]) is None
    assert assignee_refusal(None, []) is None
    assert assignee_refusal("nobody-here", ["sue", "ann"]) == (
        "no user 'nobody-here' works on this brand; known users: ann, sue"
    )


def _seed(factory: sessionmaker[Session]) -> int:
    with factory.begin() as s:
        text = 'brand = "acme"\n[[channels]]\nplatform = "x"\nhandle = "acme_help"\n'
        do_upsert_brand(s, parse_playbook(text), text)
        do_create_user(s, "ann", PW, "agent", ["acme"])
        do_create_user(s, "sue", PW, "supervisor", ["acme"])
        do_create_user(s, "ola", PW, "agent", ["acme"])
        do_ingest_mentions(s, [MentionIn(platform="x", external_id="1", text="@acme_help the heater sparked and smoked",
                                         created_at=datetime.now(UTC), author=AuthorIn(handle="kim"),
                                         brand_handle="acme_help")])  # fmt: skip
        case = s.scalars(select(Case)).one()
        do_assign_case(s, case.id, "sue", actor="sue")
        do_move_case(s, case.id, "escalated", actor="sue", note="safety")
        return case.id


def test_an_agent_cannot_take_or_move_an_escalated_case(factory: sessionmaker[Session]) -> None:
    cid = _seed(factory)
    with factory.begin() as s, pytest.raises(OwnershipError, match="only sue or a supervisor may reassign"):
        do_assign_case(s, cid, "ann", actor="ann")
    with factory.begin() as s, pytest.raises(OwnershipError, match="only sue or a supervisor may move"):
        do_move_case(s, cid, "dismissed", actor="ann", dismiss_reason="other")
    with factory.begin() as s, pytest.raises(OwnershipError, match="known users: ann, ola, sue"):
        do_assign_case(s, cid, "nobody-here", actor="sue")
    with factory.begin() as s:
        do_assign_case(s, cid, "ola", actor="sue", note="ola knows heaters")  # a supervisor may
    with factory.begin() as s:
        do_move_case(s, cid, "acknowledged", actor="ola")  # and now the owner may
    with factory() as s:
        case = s.get_one(Case, cid)
        assert (case.owner, case.state) == ("ola", "acknowledged")


@pytest.fixture
def cli_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> sessionmaker[Session]:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path}/desk.sqlite3"
    monkeypatch.setenv("CALMDESK_DATABASE_URL", url)
    engine = make_engine(url)
    migrate(engine)
    return make_sessionmaker(engine)


def test_cli_refuses_unknown_users_and_records_the_real_actor(cli_store: sessionmaker[Session]) -> None:
    cid = _seed(cli_store)
    runner = CliRunner()
    res = runner.invoke(app, ["cases", "assign", str(cid), "nobody-here", "--as", "sue"])
    assert res.exit_code == 1 and "known users: ann, ola, sue" in res.output
    res = runner.invoke(app, ["cases", "assign", str(cid), "ann", "--as", "ann"])
    assert res.exit_code == 1 and "B-OWNER" in res.output
    res = runner.invoke(app, ["cases", "assign", str(cid), "ann", "--as", "sue"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["cases", "move", str(cid), "acknowledged"])  # no --as: the OS user
    assert res.exit_code == 0, res.output
    with cli_store() as s:
        actors = [(a.actor, a.verb) for a in s.scalars(select(Action).where(Action.case_id == cid).order_by(Action.id))]
    assert ("sue", "case.assigned") in actors
    assert actors[-1] == (getpass.getuser(), "case.moved")
