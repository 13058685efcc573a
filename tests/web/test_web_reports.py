"""The report page: filters, brand isolation, and a CSV that holds what the page shows."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_browser import CHROMIUM, browser, live  # noqa: F401  (fixtures reused)
from web_helpers import PASSWORD, Seed, login

from calmdesk.actions.users import do_create_user
from calmdesk.storage.db import session_scope
from live_server import LiveServer

TODAY = datetime.now(UTC).date()


def _csv(text: str) -> dict[tuple[str, str, str], list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "group", "figure", "value", "count", "base", "shown"]
    return {(r[0], r[1], r[2]): r for r in rows[1:]}


def test_report_needs_login(app_client: TestClient) -> None:
    assert app_client.get("/reports", follow_redirects=False).status_code == 303
    assert app_client.get("/reports.csv", follow_redirects=False).status_code == 303


def test_report_shows_only_the_users_brands(app_client: TestClient) -> None:
    login(app_client, "bob")  # globex only
    page = app_client.get("/reports")
    assert page.status_code == 200
    assert 'value="globex"' in page.text and 'value="acme"' not in page.text
    rows = _csv(app_client.get("/reports.csv").text)
    assert rows[("overall", "all", "cases opened")][3] == "1"
    assert ("brand", "globex", "cases") in rows and not any(k[1] == "acme" for k in rows)
    # Another brand answers like a brand that does not exist.
    assert app_client.get("/reports?brand=acme").status_code == 404
    assert app_client.get("/reports.csv?brand=acme").status_code == 404


def test_a_user_of_no_brand_sees_an_empty_report(app_client: TestClient, seed: Seed) -> None:
    with session_scope(seed.factory) as s:
        do_create_user(s, "nobody", PASSWORD, "agent", [])
    login(app_client, "nobody")
    rows = _csv(app_client.get("/reports.csv").text)
    assert rows[("overall", "all", "cases opened")][3] == "0"
    assert not [k for k in rows if k[0] in ("brand", "channel", "agent")]


def test_filters_narrow_the_report_and_the_csv_follows(app_client: TestClient) -> None:
    login(app_client, "root")  # a global admin sees both brands
    all_rows = _csv(app_client.get("/reports.csv").text)
    assert all_rows[("overall", "all", "cases opened")][3] == "5"
    acme = _csv(app_client.get("/reports.csv?brand=acme&channel=x").text)
    assert acme[("overall", "all", "cases opened")][3] == "4"
    assert acme[("filter", "", "brand")][3] == "acme" and acme[("filter", "", "channel")][3] == "x"
    assert _csv(app_client.get("/reports.csv?channel=email").text)[("overall", "all", "cases opened")][3] == "0"
    # A range before the cases: a report of nothing, said in words.
    old = TODAY - timedelta(days=100)
    page = app_client.get(f"/reports?since={old}&until={old + timedelta(days=6)}")
    assert page.status_code == 200 and "No case was opened in this range" in page.text
    res = app_client.get(f"/reports.csv?since={TODAY}&until={TODAY}")
    assert res.headers["content-type"].startswith("text/csv")
    assert f'filename="calmdesk-report-{TODAY}-{TODAY}.csv"' in res.headers["content-disposition"]
    days = [k for k in _csv(res.text) if k[0] == "day"]
    assert {k[1] for k in days} == {TODAY.isoformat()}


def test_bad_filters_say_which_field(app_client: TestClient) -> None:
    login(app_client, "root")
    res = app_client.get(f"/reports?since={TODAY}&until={TODAY - timedelta(days=3)}")
    assert res.status_code == 422 and "is before since" in res.text
    res = app_client.get("/reports?since=2026-13-01")
    assert res.status_code == 422 and "since" in res.text
    res = app_client.get("/reports?channel=myspace")
    assert res.status_code == 422 and "unknown platform" in res.text
    assert app_client.get("/reports.csv?channel=myspace").status_code == 422
    res = app_client.get(f"/reports?since={TODAY - timedelta(days=800)}&until={TODAY}")
    assert res.status_code == 422 and "at most" in res.text


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Debian's chromium is not installed at {CHROMIUM}")
def test_report_filters_and_csv_download_in_the_browser(
    live: tuple[LiveServer, Seed],
    browser: Any,
    tmp_path: Path,
) -> None:
    server, _ = live
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    page.goto(server.url + "/reports")
    cases = page.locator('[data-figure="cases opened"] .fig-value')
    assert cases.inner_text().strip() == "5"
    # Shares read with their base.
    assert " of 5 " in page.locator('[data-figure="answered"] .fig-value').inner_text()
    assert page.locator("svg.chart.daily").count() == 3
    page.select_option("#report-brand", "acme")
    page.click("#report-filters button[type=submit]")
    page.wait_for_url("**/reports?*brand=acme*")
    assert cases.inner_text().strip() == "4"
    shown = {
        page.locator(".figure").nth(i).get_attribute("data-figure"): page.locator(".figure .fig-value")
        .nth(i)
        .inner_text()
        .strip()
        for i in range(page.locator(".figure").count())
    }
    with page.expect_download() as info:
        page.click("#report-csv")
    path = tmp_path / "report.csv"
    info.value.save_as(path)
    assert info.value.suggested_filename.endswith("-acme.csv")
    rows = _csv(path.read_text())
    assert rows[("filter", "", "brand")][3] == "acme"
    for name, text in shown.items():
        assert rows[("overall", "all", str(name))][6] == text, name
    context.close()
