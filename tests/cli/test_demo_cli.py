"""`calmdesk demo`: loads into a fresh store, prints the logins, refuses someone's real desk."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from calmdesk.actions.demo import load_demo
from calmdesk.cli import demo_cmd
from calmdesk.cli.main import app
from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Brand, Case

runner = CliRunner()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The command sets CALMDESK_DATA_DIR; setting it here first makes monkeypatch restore it afterwards.
    monkeypatch.setenv("CALMDESK_DATA_DIR", str(tmp_path / "unused"))
    monkeypatch.delenv("CALMDESK_DATABASE_URL", raising=False)


def test_demo_loads_prints_logins_and_reloads_quietly(tmp_path: Path) -> None:
    data = tmp_path / "demo-desk"
    result = runner.invoke(app, ["demo", "--data-dir", str(data), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "calmdesk-demo" in result.output and "supervisor" in result.output
    assert "northwind" in result.output and "pixelforge" in result.output
    assert (data / "calmdesk.sqlite3").exists()
    again = runner.invoke(app, ["demo", "--data-dir", str(data), "--no-serve"])
    assert again.exit_code == 0, again.output
    assert "nothing added" in again.output


def test_demo_refuses_a_store_holding_a_real_desk(tmp_path: Path) -> None:
    data = tmp_path / "real-desk"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data}/calmdesk.sqlite3")
    migrate(engine)
    with make_sessionmaker(engine).begin() as s:
        s.add(Brand(key="acme", name="Acme"))
    engine.dispose()
    refused = runner.invoke(app, ["demo", "--data-dir", str(data), "--no-serve"])
    assert refused.exit_code == 1
    assert "not the demo" in refused.output
    forced = runner.invoke(app, ["demo", "--data-dir", str(data), "--no-serve", "--force"])
    assert forced.exit_code == 0, forced.output


def test_export_writes_the_import_format(tmp_path: Path) -> None:
    out = tmp_path / "demo.jsonl"
    result = runner.invoke(app, ["demo", "--export-jsonl", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") >= 150


def test_terminal_inbox_lists_open_cases_by_priority(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/inbox.sqlite3")
    migrate(engine)
    factory = make_sessionmaker(engine)
    load_demo(factory, run_hooks=False)
    demo_cmd.print_inbox(factory, limit=200)
    out = capsys.readouterr().out
    assert "priority inbox" in out
    assert "escalated" in out and "acknowledged" in out
    with factory() as s:
        open_cases = s.scalar(
            select(func.count(Case.id)).where(Case.state.in_([st.value for st in OPEN_STATES]))
        )
    assert f"of {open_cases} open cases" in out, "closed and dismissed cases stay out of the inbox"
    engine.dispose()
