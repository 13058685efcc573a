"""Incident pages (issue 16, item 4): list, detail, approval of the holding statement, resolution,
and the inbox's group row, over HTTP and in Debian's chromium.

The incident is opened the way production opens it: outage posts are ingested into the seeded
desk and the detector's action runs (`do_check_incidents`), nothing is inserted by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
import test_web_browser as wb
from fastapi.testclient import TestClient
from incident_desk import EVIL, client, desk, live_desk  # noqa: F401 - the shared incident desk
from sqlalchemy import func, select
from test_web_browser import browser  # noqa: F401 - the shared chromium fixture
from web_helpers import Seed, csrf_of, login

from calmdesk.storage.tables import Case, Draft, Incident


def test_pages_need_a_login(client: TestClient, desk: tuple[Seed, int]) -> None:
    for path in ("/incidents", f"/incidents/{desk[1]}"):
        res = client.get(path, follow_redirects=False)
        assert res.status_code in (303, 401) and "/login" in res.headers.get("location", "/login")


def test_another_brands_user_sees_nothing_and_an_agent_cannot_decide(
    client: TestClient, desk: tuple[Seed, int]
) -> None:
    seed, inc = desk
    login(client, "bob")  # globex only
    assert "No incidents." in client.get("/incidents").text
    assert client.get(f"/incidents/{inc}").status_code == 404
    client.cookies.clear()
    csrf = login(client, "alice")  # acme agent
    page = client.get(f"/incidents/{inc}")
    assert (
        page.status_code == 200 and "approve-holding" not in page.text and "resolve-incident" not in page.text
    )
    for path in (f"/incidents/{inc}/holding", f"/incidents/{inc}/resolve"):
        res = client.post(path, data={"csrf_token": csrf, "decision": "approve"}, follow_redirects=False)
        assert res.status_code == 403, path
    with seed.factory() as s:
        row = s.get_one(Incident, inc)
        assert row.holding_approved_at is None and row.state == "open"


def test_user_text_is_escaped_on_the_incident_page(client: TestClient, desk: tuple[Seed, int]) -> None:
    login(client, "sam")
    html = client.get(f"/incidents/{desk[1]}").text
    assert "&lt;img src=x" in html  # the name is shown, as text
    assert EVIL not in html


def test_a_forged_approval_without_csrf_is_refused(client: TestClient, desk: tuple[Seed, int]) -> None:
    login(client, "sam")
    res = client.post(f"/incidents/{desk[1]}/holding", data={"decision": "approve"}, follow_redirects=False)
    assert res.status_code == 403
    with desk[0].factory() as s:
        assert s.get_one(Incident, desk[1]).holding_approved_at is None
    assert csrf_of(client.get("/").text)


# --- in the browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_supervisor_finds_approves_and_resolves_an_incident(
    live_desk: tuple[wb.LiveServer, Seed, int],
    browser: Any,  # noqa: F811
) -> None:
    server, seed, inc = live_desk
    page = wb.logged_in_page(browser, server, "sam")
    # the inbox groups the incident's cases in one row that links to it
    group = page.locator(f"#incident-groups [data-incident-id='{inc}']")
    group.wait_for()
    with seed.factory() as s:
        members = s.scalar(select(func.count()).select_from(Case).where(Case.incident_id == inc))
    assert f"{members} cases" in group.inner_text() and "Incident:" in group.inner_text()
    group.locator("a").click()
    page.wait_for_url(f"{server.url}/incidents/{inc}")
    assert page.locator("#incident-cases tbody tr").count() == members
    assert page.locator("#volume svg rect").count() >= 1
    assert page.evaluate("window.__pwned") is None  # the author's name stayed text

    # the list shows it waiting for a supervisor
    page.goto(server.url + "/incidents")
    row = page.locator(f"#incident-rows [data-incident-id='{inc}']")
    assert "waiting for a supervisor" in row.inner_text()
    row.locator("a").click()

    # approve once, with the supervisor's own words: one checked draft per case, nothing posted
    page.fill("textarea[name=text_en]", "I'm sorry, many of you can't use our app right now. "
                                        "Our engineers are on it and I'll update you here within the hour.")  # fmt: skip
    page.click("#approve-holding")
    page.wait_for_load_state()
    assert "personal drafts are ready" in page.locator(".flash.ok").inner_text()
    assert "Approved by sam" in page.locator("#holding-approved").inner_text()
    assert page.locator("#approve-holding").count() == 0
    with seed.factory() as s:
        drafts = list(
            s.scalars(select(Draft).join(Case, Case.id == Draft.case_id).where(Case.incident_id == inc))
        )
        assert len(drafts) == members
        assert all("our app right now" in d.text and d.text.endswith("- Sam Super") for d in drafts)
        assert any(d.text.startswith("Hi Kim, ") for d in drafts)
        assert all(not [f for f in d.findings if f["level"] == "block"] for d in drafts)

    # resolve: every case resolved, each with a close-out draft
    page.fill("#resolve-form input[name=note]", "rolled back the release")
    page.click("#resolve-incident")
    page.wait_for_load_state()
    assert page.locator("#incident-state").inner_text() == "resolved"
    assert "rolled back the release" in page.locator("#resolution").inner_text()
    with seed.factory() as s:
        states = set(s.scalars(select(Case.state).where(Case.incident_id == inc)))
        closeouts = s.scalar(
            select(func.count()).select_from(Draft).join(Case, Case.id == Draft.case_id)
            .where(Case.incident_id == inc, Draft.kind == "closeout")
        )  # fmt: skip
    assert states == {"resolved"} and closeouts == members
    page.goto(server.url + "/")
    assert page.locator("#incident-groups").count() == 0
    page.context.close()


@pytest.mark.browser
def test_agent_sees_the_incident_but_cannot_approve(
    live_desk: tuple[wb.LiveServer, Seed, int],
    browser: Any,  # noqa: F811
) -> None:
    server, _seed, inc = live_desk
    page = wb.logged_in_page(browser, server, "alice")
    page.goto(f"{server.url}/incidents/{inc}")
    assert "Waiting for a supervisor" in page.locator("#holding-waiting").inner_text()
    assert page.locator("#approve-holding").count() == 0 and page.locator("#resolve-incident").count() == 0
    page.context.close()
