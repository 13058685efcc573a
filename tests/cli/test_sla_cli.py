"""The `calmdesk sla due` contract and the area's other commands, through the real CLI app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from calmdesk.cli.main import app

runner = CliRunner()

PLAYBOOK = """
brand = "nightowl"
[hours]
timezone = "America/New_York"
holidays_country = "US"
[hours.week]
mon = ["08:00-12:00", "13:00-18:00"]
tue = ["08:00-12:00", "13:00-18:00"]
[sla.first_response_minutes]
x = 60
[[channels]]
platform = "x"
handle = "nightowl"
"""


def due(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["sla", "due", *args])
    assert result.exit_code == 0, result.output
    out: dict[str, object] = json.loads(result.stdout)
    return out


def test_due_with_defaults_is_utc_office_hours() -> None:
    # Defaults: Mon-Fri 09:00-17:00 UTC, X target 2 h. Saturday night -> Monday 11:00.
    assert due("--channel", "x", "--at", "2026-03-07T23:30:00Z") == {
        "due_at": "2026-03-09T11:00:00+00:00",
        "business_seconds": 7200,
    }
    assert due("--channel", "email", "--at", "2026-03-09T09:00:00+00:00")["business_seconds"] == 86400


def test_due_with_playbook_file_uses_brand_zone_and_dst(tmp_path: Path) -> None:
    pb = tmp_path / "nightowl.toml"
    pb.write_text(PLAYBOOK, encoding="utf-8")
    # US DST starts 2026-03-08; Monday 11:30 EDT + 60 business minutes over lunch -> 13:30 EDT.
    assert due("--channel", "x", "--at", "2026-03-09T15:30:00Z", "--playbook", str(pb)) == {
        "due_at": "2026-03-09T13:30:00-04:00",
        "business_seconds": 3600,
    }
    # A wall time without offset is read in the brand's zone; Tuesday 18:00 closes -> next Monday 08:00+1h.
    assert due("--channel", "x", "--at", "2026-03-10T17:45:00", "--playbook", str(pb))["due_at"] == (
        "2026-03-16T08:45:00-04:00"
    )


def test_due_with_brand_from_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALMDESK_DATABASE_URL", f"sqlite:///{tmp_path}/cli.sqlite3")
    pb = tmp_path / "nightowl.toml"
    pb.write_text(PLAYBOOK, encoding="utf-8")
    assert runner.invoke(app, ["brands", "add", str(pb)]).exit_code == 0
    assert due("--channel", "x", "--at", "2026-03-09T15:30:00Z", "--brand", "nightowl")["due_at"] == (
        "2026-03-09T13:30:00-04:00"
    )
    bad = runner.invoke(
        app, ["sla", "due", "--channel", "x", "--at", "2026-03-09T15:30:00Z", "--brand", "nope"]
    )
    assert bad.exit_code == 1 and "no brand 'nope'" in bad.output

    customers = tmp_path / "c.csv"
    customers.write_text("customer_ref,email\nC1,a@example.org\nC2,broken\n", encoding="utf-8")
    res = runner.invoke(app, ["customers", "import", str(customers), "--brand", "nightowl"])
    assert res.exit_code == 1 and f"{customers}:3" in res.output and "customers: 1 new" in res.output

    check = runner.invoke(app, ["sla", "check", "--at", "2026-03-09T15:30:00Z"])
    assert check.exit_code == 0 and "checked 0 open case(s)" in check.output


def test_due_rejects_bad_input(tmp_path: Path) -> None:
    r = runner.invoke(app, ["sla", "due", "--channel", "myspace", "--at", "2026-03-09T15:30:00Z"])
    assert r.exit_code == 2 and "unknown platform" in r.output
    r = runner.invoke(app, ["sla", "due", "--channel", "x", "--at", "yesterday"])
    assert r.exit_code == 2 and "ISO-8601" in r.output
    bad = tmp_path / "bad.toml"
    bad.write_text('brand = "b"\n[hours]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    r = runner.invoke(
        app, ["sla", "due", "--channel", "x", "--at", "2026-03-09T15:30:00Z", "--playbook", str(bad)]
    )
    assert r.exit_code == 1 and "hours.timezone" in r.output
