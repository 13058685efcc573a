"""Compensation amounts (issue 17 item 9): NaN, infinity, negative, absurd and over-precise amounts are
refused with a clear 4xx or error at every door (web form, JSON API, CLI, the domain limit check),
and nothing is stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner
from web_helpers import Seed, login

from calmdesk.cli.main import app as cli
from calmdesk.domain.amounts import AmountError, check_amount
from calmdesk.domain.compensation import decide
from calmdesk.domain.playbook import CompensationLimits
from calmdesk.storage.tables import Compensation

BAD = ["nan", "NaN", "inf", "-inf", "Infinity", "-5", "0", "1e400", "2000000", "10.123", "0.000000001", "abc"]


def _count(seed: Seed) -> int:
    with seed.factory() as s:
        return int(s.scalar(select(func.count()).select_from(Compensation)) or 0)


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "-5", "0", "1e400", "2000000", "10.123"])
def test_domain_limit_check_refuses_non_finite_and_absurd_amounts(raw: str) -> None:
    limits = CompensationLimits()
    with pytest.raises(AmountError, match="compensation value"):
        decide(limits, "standard", float(raw), limits.currency, 0.0)


def test_check_amount_accepts_ordinary_values() -> None:
    assert check_amount("19.99") == 19.99
    assert check_amount(25) == 25.0
    assert check_amount("0", allow_zero=True) == 0.0
    with pytest.raises(AmountError, match="decimal places"):
        check_amount(0.1 + 0.2)  # 0.30000000000000004: a float artefact, not a price


def test_web_form_refuses_bad_amounts_with_422(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    for raw in BAD:
        res = app_client.post(
            f"/cases/{seed.acme_case}/compensate",
            data={"kind": "voucher", "value": raw, "currency": "EUR", "csrf_token": token},
        )
        assert res.status_code == 422, (raw, res.status_code)
        assert "value" in res.text
    assert _count(seed) == 0
    res = app_client.post(
        f"/cases/{seed.acme_case}/compensate",
        data={"kind": "voucher", "value": "10.50", "currency": "EUR", "csrf_token": token},
    )
    assert "voucher 10.50 EUR granted" in res.text and _count(seed) == 1


def test_api_refuses_bad_amounts_with_422(app_client: TestClient, seed: Seed) -> None:
    token = login(app_client, "alice")
    url = f"/api/cases/{seed.acme_case}/compensations"
    headers = {"X-CSRF-Token": token}
    for raw in BAD:
        res = app_client.post(url, content=f'{{"kind": "voucher", "value": {raw!s}}}', headers={**headers, "content-type": "application/json"})
        assert res.status_code == 422, (raw, res.status_code, res.text)
        res = app_client.post(url, json={"kind": "voucher", "value": raw}, headers=headers)
        assert res.status_code == 422, (raw, res.status_code, res.text)
        assert any(p["field"].endswith("value") for p in res.json()["detail"]), res.json()
    assert _count(seed) == 0
    res = app_client.post(url, json={"kind": "voucher", "value": 12.5, "currency": "EUR"}, headers=headers)
    assert res.status_code == 200, res.text
    assert res.json()["status"] == "granted" and res.json()["value"] == 12.5
    # Bob of another brand gets 404 for the same case.
    other = TestClient(app_client.app)
    bob = login(other, "bob")
    assert other.post(url, json={"kind": "voucher", "value": 1}, headers={"X-CSRF-Token": bob}).status_code == 404
    assert _count(seed) == 1


def test_cli_refuses_bad_amounts(seed: Seed) -> None:
    env = {"CALMDESK_DATABASE_URL": str(seed.factory.kw["bind"].url)}
    runner = CliRunner()
    for raw in ["nan", "inf", "-5", "1e400", "10.123"]:
        res = runner.invoke(cli, ["compensate", str(seed.acme_case), "voucher", "--by", "alice", "--", raw], env=env)
        assert res.exit_code != 0, (raw, res.output)
        assert "compensation value" in res.output and "Traceback" not in res.output, (raw, res.output)
    assert _count(seed) == 0
    res = runner.invoke(cli, ["compensate", str(seed.acme_case), "voucher", "7.25", "--by", "alice"], env=env)
    assert res.exit_code == 0, res.output
    assert _count(seed) == 1
