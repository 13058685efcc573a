"""A new desk's first administrator: `calmdesk init` says how, `calmdesk users add --admin` does it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.storage.db import make_engine, make_sessionmaker
from calmdesk.storage.tables import Membership, User

runner = CliRunner()
PASSWORD = "correct horse battery"
PLAYBOOK = Path(__file__).parents[2] / "examples" / "playbook.example.toml"


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CALMDESK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("CALMDESK_DATABASE_URL", raising=False)
    return tmp_path


def test_init_prints_the_first_admin_command_until_someone_exists(data_dir: Path) -> None:
    first = runner.invoke(app, ["init"])
    assert first.exit_code == 0, first.output
    assert "calmdesk users add --admin NAME" in first.output
    assert runner.invoke(app, ["brands", "add", str(PLAYBOOK)]).exit_code == 0
    added = runner.invoke(app, ["users", "add", "--admin", "ada", "--password-stdin"], input=PASSWORD + "\n")
    assert added.exit_code == 0, added.output
    assert "global administrator" in added.output
    again = runner.invoke(app, ["init"])
    assert again.exit_code == 0 and "users add --admin" not in again.output
    engine = make_engine(f"sqlite:///{data_dir}/calmdesk.sqlite3")
    with make_sessionmaker(engine)() as s:
        ada = s.scalars(select(User).where(User.username == "ada")).one()
        assert ada.is_admin
        roles = [m.role for m in s.scalars(select(Membership).where(Membership.user_id == ada.id))]
        assert roles == ["admin"]  # admin of the one brand there is
    engine.dispose()


def test_users_add_without_role_or_brand_says_what_is_missing() -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    res = runner.invoke(app, ["users", "add", "dana", "--password-stdin"], input=PASSWORD + "\n")
    assert res.exit_code == 2 and "--role is needed" in res.output
    res = runner.invoke(app, ["users", "add", "dana", "--role", "agent", "--password-stdin"], input=PASSWORD + "\n")
    assert res.exit_code == 2 and "--brand is needed" in res.output
