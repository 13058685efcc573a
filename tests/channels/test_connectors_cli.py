"""The connector commands through the real Typer app: secrets set, channels status, outbox send."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from calmdesk.cli.main import app
from calmdesk.secrets import KEY_ENV, generate_key, get_secret
from calmdesk.storage.tables import Channel
from conftest import add_channel


def test_secrets_set_then_status_shows_the_failure(
    store: sessionmaker[Session], tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("CALMDESK_DATABASE_URL", f"sqlite:///{tmp_path}/t.sqlite3")
    monkeypatch.setenv(KEY_ENV, generate_key())
    cid = add_channel(store, "mastodon", "acme", base_url="http://127.0.0.1:9")
    runner = CliRunner()
    result = runner.invoke(app, ["secrets", "set", "mastodon:acme:token"], input="cli-secret-value-77\n")
    assert result.exit_code == 0, result.output
    assert "cli-secret-value-77" not in result.output
    with store() as s:
        value = get_secret(s, "mastodon:acme:token")
        assert value is not None and value.reveal() == "cli-secret-value-77"
    # port 9 refuses connections: the poll fails, the status table says so
    result = runner.invoke(app, ["channels", "poll", "--once"])
    assert result.exit_code == 0 and "connection failed" in result.output
    result = runner.invoke(app, ["channels", "status"])
    assert result.exit_code == 0 and "failing" in result.output and "mastodon" in result.output
    result = runner.invoke(app, ["channels", "configure", str(cid), "poll_interval_s=30"])
    assert result.exit_code == 0
    with store() as s:
        ch = s.get(Channel, cid)
        assert ch is not None and ch.settings["poll_interval_s"] == 30
