"""End to end in a real browser (Debian's chromium driven by Playwright; never downloaded)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from web_helpers import PASSWORD, Seed, seed_store

from calmdesk.storage.tables import Action, Case, Draft, OutboxItem, Task
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from live_server import LiveServer

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason=f"Debian's chromium is not installed at {CHROMIUM}"
    ),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seed]]:
    path = tmp_path_factory.mktemp("browser") / "web.sqlite3"
    seed = seed_store(f"sqlite:///{path}")
    app = create_app(seed.factory, WebSettings(secret_key="browser-secret-0123456789"))
    with LiveServer(app) as server:
        yield server, seed
    seed.factory.kw["bind"].dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def logged_in_page(browser: Any, server: LiveServer, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page


def move(page: Any, target: str, note: str = "") -> None:
    page.select_option("#move-target", target)
    if note:
        page.fill("#move-form input[name=note]", note)
    page.click("#move-btn")
    page.wait_for_load_state()
    assert page.locator("#case-state").inner_text() == target


def test_agent_takes_a_complaint_from_inbox_to_close(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "alice")
    # The highest-priority row gets the cursor; j/k move it and Enter opens the case.
    rows = page.locator("#case-rows tr[data-id]")
    assert rows.count() == 4
    ids = [rows.nth(i).get_attribute("data-id") for i in range(4)]
    page.keyboard.press("j")
    assert page.locator("#case-rows tr.cursor").get_attribute("data-id") == ids[1]
    page.keyboard.press("k")
    target_index = ids.index(str(seed.acme_case))
    for _ in range(target_index):
        page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{seed.acme_case}")
    assert "arrived broken" in page.locator(".messages").inner_text()
    assert "12,500 followers" in page.locator(".author").inner_text()

    page.select_option("#assign-owner", "me")
    page.click("#assign-btn")
    page.wait_for_load_state()
    assert page.locator("#case-owner").inner_text() == "alice"

    move(page, "acknowledged", "told them I'm on it")
    move(page, "private", "asked for the order number by DM")
    move(page, "resolved")
    # B-HANDOFF: closing now is refused, and the page says which moves are allowed.
    page.select_option("#move-target", "closed")
    page.click("#move-btn")
    page.wait_for_load_state()
    assert "B-HANDOFF" in page.locator(".flash.error").inner_text()
    assert "allowed from resolved" in page.locator(".flash.error").inner_text()
    move(page, "public_closeout", "thanked them publicly")
    move(page, "closed")

    with seed.factory() as s:
        case = s.get(Case, seed.acme_case)
        assert case is not None and case.state == "closed" and case.public_closeout_done
        verbs = [(a.actor, a.verb) for a in s.scalars(select(Action).where(Action.case_id == seed.acme_case))]
        assert ("alice", "case.assigned") in verbs and verbs.count(("alice", "case.moved")) == 5
    page.context.close()


def open_case_from_inbox(page: Any, server: LiveServer, case_id: int) -> None:
    page.goto(server.url + "/")
    page.click(f'#case-rows tr[data-id="{case_id}"] a')
    page.wait_for_url(f"{server.url}/cases/{case_id}")


def wait_checked(page: Any) -> None:
    """The debounced check has answered for the text now in the box."""
    page.wait_for_selector('#reply-form[data-checked="1"]', state="attached")


def send_from_box(page: Any, text: str | None, visibility: str, kind: str) -> str:
    if text is not None:
        page.fill("#reply-text", text)
    page.select_option("#reply-kind", kind)
    page.select_option("#reply-visibility", visibility)
    wait_checked(page)
    page.wait_for_function("() => !document.getElementById('reply-send').disabled")
    page.click("#reply-send")
    page.wait_for_load_state()
    return str(page.locator(".flash").first.inner_text())


def test_agent_acknowledges_hands_off_and_closes_out_through_replies(
    live: tuple[LiveServer, Seed], browser: Any
) -> None:
    server, seed = live
    case_id = seed.acme_quiet_case
    page = logged_in_page(browser, server, "alice")
    open_case_from_inbox(page, server, case_id)
    # The composer's acknowledgement is in the box; the checker runs as the agent types.
    assert page.locator("#reply-kind").input_value() == "ack"
    suggestion = page.locator("#reply-text").input_value()
    assert suggestion.startswith(("Hi Erin", "Hello Erin", "Erin", "Hey Erin"))
    page.fill("#reply-text", "")
    page.type("#reply-text", "You should have read the tracking page")
    wait_checked(page)
    assert "R-BLAME" in page.locator("#findings").inner_text()
    assert page.locator("#reply-marks mark.m-block").count() >= 1
    assert page.locator("#reply-send").is_disabled()
    flash = send_from_box(page, suggestion, "public", "ack")
    assert "case moved to acknowledged" in flash, flash

    # B-HANDOFF: the private message; the composer has preselected it.
    assert page.locator("#reply-kind").input_value() == "handoff"
    assert page.locator("#reply-visibility").input_value() == "private"
    dm = (
        "Hi Erin, I'm sorry again about the trouble. Could you send me your order number here? "
        "I'll come back to you within the hour. - Alice"
    )
    flash = send_from_box(page, dm, "private", "handoff")
    assert "case moved to private" in flash, flash
    move(page, "resolved", "carrier found the parcel")

    # The public close-out goes back to the thread.
    assert page.locator("#reply-kind").input_value() == "closeout"
    flash = send_from_box(page, None, "public", "closeout")
    assert "case moved to public_closeout" in flash, flash
    move(page, "closed")

    with seed.factory() as s:
        case = s.get_one(Case, case_id)
        assert case.state == "closed" and case.public_closeout_done and case.went_private
        items = list(
            s.scalars(select(OutboxItem).where(OutboxItem.case_id == case_id).order_by(OutboxItem.id))
        )
        assert [(i.platform, i.operation, i.payload["kind"]) for i in items] == [
            ("x", "reply", "ack"),
            ("x", "private_message", "handoff"),
            ("x", "reply", "closeout"),
        ]
        assert all(i.target_external_id == "a3" for i in items)
        assert {t.kind for t in s.scalars(select(Task).where(Task.case_id == case_id))} >= {
            "public_checkback",
            "satisfaction_check",
        }
    page.context.close()


LINK_REPLY = (
    "Hi Frank, I'm sorry the code didn't work. A working one is explained at "
    "https://acme.example/help/codes - I'll look back here within the hour in case it still fails. - Alice"
)


def test_supervisor_approves_a_reply_with_a_link(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    case_id = seed.acme_code_case
    agent = logged_in_page(browser, server, "alice")
    open_case_from_inbox(agent, server, case_id)
    agent.select_option("#reply-kind", "reply")
    agent.fill("#reply-text", LINK_REPLY)
    wait_checked(agent)
    assert "links: https://acme.example/help/codes" in agent.locator("#reply-position").inner_text()
    agent.click("#reply-send")
    agent.wait_for_load_state()
    assert "waits for a second person's approval" in agent.locator(".flash").first.inner_text()
    with seed.factory() as s:
        draft = s.scalars(select(Draft).where(Draft.case_id == case_id)).one()
        assert draft.status == "pending" and draft.author == "alice"
        draft_id = draft.id
    row = agent.locator(f'li.draft[data-draft-id="{draft_id}"]')
    assert row.locator("button.approve").count() == 0  # nothing to click for the author...
    # ...and forging the request is refused by the web layer as well.
    status = agent.evaluate(
        """async (id) => (await fetch('/drafts/' + id + '/approve', {method: 'POST',
            headers: {'X-CSRF-Token': document.querySelector('meta[name=csrf-token]').content}})).status""",
        draft_id,
    )
    assert status == 403

    sup = logged_in_page(browser, server, "sam")
    sup.goto(server.url + "/approvals")
    item = sup.locator(f'#reply-approvals li[data-draft-id="{draft_id}"]')
    preview = item.locator(".post-preview").inner_text()
    assert "reply to @frank" in preview and "/ 280 characters as x counts them" in preview
    assert "No attachments" in preview
    link = item.locator('.pv-urls a[href="https://acme.example/help/codes"]')
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    item.locator("button.approve").click()
    sup.wait_for_load_state()
    assert "approved" in sup.locator(".flash").first.inner_text()
    assert sup.locator(f'#reply-approvals li[data-draft-id="{draft_id}"]').count() == 0

    agent.reload()
    agent.locator(f'li.draft[data-draft-id="{draft_id}"] button.send').click()
    agent.wait_for_load_state()
    assert "queued on x (reply)" in agent.locator(".flash").first.inner_text()
    with seed.factory() as s:
        out = s.scalar(select(OutboxItem).where(OutboxItem.draft_id == draft_id))
        assert out is not None and out.platform == "x" and out.operation == "reply"
        assert out.payload["text"] == LINK_REPLY
        assert s.get_one(Draft, draft_id).approved_by == "sam"
    agent.context.close()
    sup.context.close()


def test_inbox_updates_without_reload(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "sam")
    marker = page.evaluate("() => { window.__marker = 1; return window.__marker; }")
    with seed.factory() as s:
        case = s.get(Case, seed.acme_xss_case)
        assert case is not None
        case.owner = "sam"
        s.commit()
    page.keyboard.press("r")  # the same refresh the poller runs every few seconds
    page.wait_for_function(
        "id => [...document.querySelectorAll('#case-rows tr')].some(r => r.dataset.id == id && r.innerText.includes('sam'))",
        arg=str(seed.acme_xss_case),
    )
    assert page.evaluate("() => window.__marker") == marker  # no reload happened
    page.context.close()


def test_public_script_and_img_stay_inert(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "alice")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in (server.url + "/", f"{server.url}/cases/{seed.acme_xss_case}"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.keyboard.press("r")
        page.wait_for_timeout(300)
        assert dialogs == []
        assert page.locator("main script").count() == 0
        assert page.locator("main img").count() == 0
        assert page.locator("main b[onmouseover]").count() == 0
        assert "<script>alert('x1')</script>" in page.locator("main").inner_text()
    assert "<b onmouseover=alert(3)>Evil</b>" in page.locator(".author").inner_text()

    # The reply box, its live marks and the approver's preview keep the same text inert.
    page.goto(f"{server.url}/cases/{seed.acme_xss_case}")
    page.fill("#reply-text", XSS_REPLY)
    wait_checked(page)
    assert "<img src=x onerror=alert('x4')>" in page.locator("#reply-marks").text_content()
    assert page.locator("#reply-editor img, #reply-editor script, #findings img").count() == 0
    page.click("#reply-approval")
    page.wait_for_load_state()
    sup = logged_in_page(browser, server, "sam")
    sup.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for p, url in ((page, f"{server.url}/cases/{seed.acme_xss_case}"), (sup, server.url + "/approvals")):
        p.goto(url)
        p.wait_for_load_state("networkidle")
        p.wait_for_timeout(300)
        assert dialogs == []
        assert p.locator("main script").count() == 0
        assert p.locator("main img").count() == 0
        assert p.locator("main iframe").count() == 0
        assert "<img src=x onerror=alert('x4')>" in p.locator(".post-preview").first.inner_text()
    assert sup.locator('.post-preview a[href^="javascript"]').count() == 0
    sup.context.close()
    page.context.close()


XSS_REPLY = (
    "Hi, I'm sorry. <script>alert('x3')</script> <img src=x onerror=alert('x4')> "
    "<iframe src=javascript:alert(5)></iframe> I'll update you within the hour. - Alice"
)


def save_screenshots(out_dir: Path, server: LiveServer, browser: Any, case_id: int) -> list[Path]:
    """Used by bench/screenshots.py as well: the inbox and the case view."""
    page = logged_in_page(browser, server, "sam")
    page.wait_for_load_state("networkidle")
    out_dir.mkdir(parents=True, exist_ok=True)
    shots = [out_dir / "inbox.png", out_dir / "case.png"]
    page.screenshot(path=str(shots[0]), full_page=False)
    page.goto(f"{server.url}/cases/{case_id}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(shots[1]), full_page=False)
    page.context.close()
    return shots


def test_logout_ends_the_session_for_every_copy_of_the_cookie(
    live: tuple[LiveServer, Seed], browser: Any
) -> None:
    """Issue 17 item 8: a cookie copied before logout opens nothing after it (sessions on the server)."""
    server, _ = live
    page = logged_in_page(browser, server, "sam")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "calmdesk_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    copy = browser.new_context()
    copy.add_cookies([cookie])
    other = copy.new_page()
    other.goto(server.url + "/")
    assert other.url == server.url + "/"  # the copy works while the session lives
    # Leave the desk page first: its live stream would itself send the page to /login once the
    # session ends, racing the goto below.
    other.goto("about:blank")
    page.click("form.logout button")
    page.wait_for_url("**/login**")
    other.goto(server.url + "/")
    assert "/login" in other.url
    copy.close()
    page.context.close()
