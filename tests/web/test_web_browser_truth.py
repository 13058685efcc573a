"""Issue 13 in a real browser (Debian's chromium through Playwright): what the desk shows is what
happened. The reply goes through the real outbox sender to a fake platform over HTTP on loopback,
and the test asserts what that platform received."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_web_browser import (  # noqa: F401 - shared fixture
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    browser,
    logged_in_page,
    open_case_from_inbox,
)
from web_helpers import Seed, screenshot_dir, seed_store

from calmdesk.actions.outbox import do_send_outbox
from calmdesk.channels._common.connector import BaseConnector
from calmdesk.channels._common.ratelimit import RetryPolicy
from calmdesk.queries.channels import build_connector
from calmdesk.secrets import env_name
from calmdesk.storage.db import session_scope
from calmdesk.storage.tables import Case, Channel, Draft, Mention, OutboxItem
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "channels"))
from fakeplatform import BRAND_X_ID, TOKEN, FakePlatform, Fault  # noqa: E402

SHOTS = screenshot_dir()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def platform(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakePlatform]:
    monkeypatch.setenv(env_name("x:acme_help:token"), TOKEN)
    with FakePlatform() as fake:
        yield fake


@pytest.fixture
def desk(tmp_path: Path, platform: FakePlatform) -> Iterator[tuple[LiveServer, Seed]]:
    seed = seed_store(f"sqlite:///{tmp_path}/web.sqlite3")
    with session_scope(seed.factory) as s:
        for ch in s.scalars(select(Channel).where(Channel.handle == "acme_help")):
            ch.settings = {**(ch.settings or {}), "base_url": platform.url, "user_id": BRAND_X_ID}
    app = create_app(seed.factory, WebSettings(secret_key="browser-secret-0123456789"))
    with LiveServer(app) as server:
        yield server, seed
    seed.factory.kw["bind"].dispose()


def _connector(session: Any, channel: Channel) -> BaseConnector:
    opts = {"sleep": lambda s: None, "timeout": 2.0, "policy": RetryPolicy(attempts=1, base_delay=0.01)}
    return build_connector(session, channel, http_options=opts)


def test_thread_shows_queued_then_posted_with_link_and_failed_with_retry(
    desk: tuple[LiveServer, Seed], browser: Any, platform: FakePlatform
) -> None:
    server, seed = desk
    page = logged_in_page(browser, server, "alice")
    # The inbox quotes the author's opening post; times carry their zone.
    row = page.locator(f'#case-rows tr[data-id="{seed.acme_quiet_case}"]')
    assert "tracking page" in row.locator("td.snippet").inner_text()
    assert "nothing since" in row.locator("td.latest").inner_text()
    open_case_from_inbox(page, server, seed.acme_quiet_case)
    assert "UTC" in page.locator(".case-head").inner_text()
    page.wait_for_selector('#reply-form[data-checked="1"]', state="attached")
    page.click("#reply-send")
    page.wait_for_load_state()
    outbound = page.locator(".msg.outbound").first
    # Not "sent": nothing has reached the platform yet.
    assert outbound.locator('[data-delivery="queued"]').count() == 1
    assert ">sent<" not in page.content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "case-queued.png"), full_page=False)

    report = do_send_outbox(seed.factory, _connector)
    assert len(report.sent) == 1, report
    posted = platform.ours("x")
    assert len(posted) == 1
    with seed.factory() as s:
        item = s.scalars(select(OutboxItem).where(OutboxItem.case_id == seed.acme_quiet_case)).one()
        assert posted[0].text == (item.payload or {})["text"]
    page.reload()
    outbound = page.locator(".msg.outbound").first
    assert outbound.locator('[data-delivery="posted"]').count() == 1
    link = outbound.locator("a.post-link").get_attribute("href")
    assert link == f"https://x.com/acme_help/status/{posted[0].id}"

    # A second reply that the platform refuses: failed, with the reason and a retry.
    page.fill("#reply-text", "Hi Erin, a quick update: the carrier has your parcel again. - Alice")
    page.select_option("#reply-kind", "reply")
    page.select_option("#reply-visibility", "public")
    page.wait_for_selector('#reply-form[data-checked="1"]', state="attached")
    page.wait_for_function("() => !document.getElementById('reply-send').disabled")
    page.click("#reply-send")
    page.wait_for_load_state()
    platform.faults.append(Fault("/2/tweets", "401"))
    report = do_send_outbox(seed.factory, _connector)
    assert len(report.failed) == 1, report
    page.reload()
    failed = page.locator('.msg.outbound:has([data-delivery="failed"])')
    assert failed.count() == 1
    assert "401" in failed.locator(".fail-reason").inner_text()
    page.screenshot(path=str(SHOTS / "case-delivery.png"), full_page=True)
    failed.locator("button.retry").click()
    page.wait_for_load_state()
    assert "queued again" in page.locator(".flash").first.inner_text()
    assert page.locator('.msg.outbound [data-delivery="failed"]').count() == 0
    assert len(do_send_outbox(seed.factory, _connector).sent) == 1
    assert len(platform.ours("x")) == 2
    page.reload()
    assert page.locator('.msg.outbound [data-delivery="posted"]').count() == 2
    page.context.close()


def test_an_agent_cannot_take_an_escalated_case_from_its_supervisor(
    desk: tuple[LiveServer, Seed], browser: Any
) -> None:
    """Item 6 (B-OWNER) in the browser: the supervisor escalates and owns the case; the agent is refused."""
    server, seed = desk
    sup = logged_in_page(browser, server, "sam")
    sup.goto(f"{server.url}/cases/{seed.acme_code_case}")
    sup.select_option("#assign-owner", "me")
    sup.click("#assign-btn")
    sup.wait_for_load_state()
    sup.select_option("#move-target", "escalated")
    sup.click("#move-btn")
    sup.wait_for_load_state()
    assert sup.locator("#case-state").inner_text() == "escalated"

    agent = logged_in_page(browser, server, "alice")
    agent.goto(f"{server.url}/cases/{seed.acme_code_case}")
    assert "only sam or a supervisor" in agent.locator("#owner-guard").inner_text()
    agent.select_option("#assign-owner", "me")
    agent.click("#assign-btn")
    agent.wait_for_load_state()
    assert "B-OWNER" in agent.locator(".flash.error").inner_text()
    agent.select_option("#move-target", "acknowledged")
    agent.click("#move-btn")
    agent.wait_for_load_state()
    assert "only sam or a supervisor may move" in agent.locator(".flash.error").inner_text()
    assert agent.locator("#case-owner").inner_text() == "sam"
    assert agent.locator("#case-state").inner_text() == "escalated"
    SHOTS.mkdir(parents=True, exist_ok=True)
    agent.screenshot(path=str(SHOTS / "case-owner-guard.png"), full_page=False)
    with seed.factory() as s:
        case = s.get_one(Case, seed.acme_code_case)
        assert (case.owner, case.state) == ("sam", "escalated")
    sup.context.close()
    agent.context.close()


REVIEW_PLAYBOOK = (
    'brand = "acme"\ndisplay_name = "Acme"\n\n[[channels]]\nplatform = "x"\nhandle = "acme_help"\n'
    '\n[reply_rules]\nR-MEDIA-REVIEW = "{level}"\n'
)


def test_a_review_rule_is_satisfied_by_a_supervisors_approval_with_a_note(
    desk: tuple[LiveServer, Seed], browser: Any
) -> None:
    """Item 5: the agent's reply with a link waits for review; the supervisor approves it with a
    note, and it is sent. An admin saving `block` for that rule is warned."""
    server, seed = desk
    admin = logged_in_page(browser, server, "root")
    admin.goto(f"{server.url}/brands/acme")
    admin.fill("textarea[name=playbook_toml]", REVIEW_PLAYBOOK.format(level="block"))
    admin.click("form[action='/brands/acme'] button[type=submit]")
    admin.wait_for_load_state()
    assert "every reply with a link" in admin.locator("#playbook-warnings").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    admin.screenshot(path=str(SHOTS / "brand-playbook-warning.png"), full_page=False)
    admin.fill("textarea[name=playbook_toml]", REVIEW_PLAYBOOK.format(level="review"))
    admin.click("form[action='/brands/acme'] button[type=submit]")
    admin.wait_for_load_state()
    assert admin.locator("#playbook-warnings").count() == 0
    admin.context.close()

    agent = logged_in_page(browser, server, "alice")
    agent.goto(f"{server.url}/cases/{seed.acme_code_case}")
    agent.fill("#reply-text", "Hi Frank, I'm sorry the code failed. A new one is on https://acme.example/codes and I'll check back tomorrow. - Alice")
    agent.select_option("#reply-visibility", "public")
    agent.select_option("#reply-kind", "ack")
    agent.wait_for_selector('#reply-form[data-checked="1"]', state="attached")
    assert "R-MEDIA-REVIEW" in agent.locator("#findings").inner_text()
    assert agent.locator("#reply-marks mark.m-review").count() >= 1
    assert not agent.locator("#reply-send").is_disabled()  # review is not block
    agent.click("#reply-send")
    agent.wait_for_load_state()
    assert "waits for a second person's approval" in agent.locator(".flash").first.inner_text()

    sup = logged_in_page(browser, server, "sam")
    sup.goto(f"{server.url}/approvals")
    card = sup.locator("form[action$='/approve']").first
    assert card.locator("input.approve-note").count() == 1
    card.locator("input.approve-note").fill("the link is our own codes page")
    SHOTS.mkdir(parents=True, exist_ok=True)
    sup.screenshot(path=str(SHOTS / "approval-review-note.png"), full_page=False)
    card.locator("button.approve").click()
    sup.wait_for_load_state()
    assert "approved" in sup.locator(".flash").first.inner_text()
    with seed.factory() as s:
        draft = s.scalars(select(Draft).where(Draft.case_id == seed.acme_code_case)).one()
        assert (draft.status, draft.approved_by) == ("approved", "sam")
    agent.reload()
    agent.on("dialog", lambda d: d.accept())  # the case may be someone else's: confirm (item 3)
    agent.locator(f'li.draft[data-draft-id="{draft.id}"] button.send').click()
    agent.wait_for_load_state()
    assert agent.locator('.msg.outbound [data-delivery="queued"]').count() == 1
    agent.context.close()
    sup.context.close()


def test_live_case_view_presence_and_confirmation_in_two_browsers(
    desk: tuple[LiveServer, Seed], browser: Any
) -> None:
    """Item 3: two people on one case. The agent's typing shows as "is replying" to the supervisor;
    the supervisor dismisses the case and the agent's page says so without a reload; replying
    then asks for a confirmation first."""
    server, seed = desk
    case_url = f"{server.url}/cases/{seed.acme_case}"
    sup = logged_in_page(browser, server, "sam")
    agent = logged_in_page(browser, server, "alice")
    sup.goto(case_url)
    agent.goto(case_url)
    agent.fill("#reply-text", "")
    agent.type("#reply-text", "Hi Carol, I'm sorry")
    sup.wait_for_selector("#presence .who.replying")
    assert "Alice Agent is replying" in sup.locator("#presence").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    sup.screenshot(path=str(SHOTS / "case-presence.png"), full_page=False)

    sup.select_option("#move-target", "dismissed")
    sup.select_option("#move-form select[name=dismiss_reason]", "not_a_complaint")
    sup.click("#move-btn")
    sup.wait_for_load_state()
    assert sup.locator("#case-state").inner_text() == "dismissed"
    # The agent's page learns it over the live channel; no reload.
    agent.wait_for_function("() => document.getElementById('case-state').textContent === 'dismissed'")
    assert "Changed by sam" in agent.locator("#live-banner").inner_text()
    assert "now dismissed" in agent.locator("#live-banner").inner_text()
    agent.screenshot(path=str(SHOTS / "case-live-change.png"), full_page=False)

    # Replying now needs a yes: first the agent says no, and nothing is sent.
    agent.fill("#reply-text", "Hi Carol, I'm sorry your order arrived broken. I'll look into it and reply here today. - Alice")
    agent.wait_for_selector('#reply-form[data-checked="1"]', state="attached")
    messages: list[str] = []
    agent.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    agent.click("#reply-send")
    assert messages and "dismissed" in messages[0]
    with seed.factory() as s:
        assert s.scalars(select(Draft).where(Draft.case_id == seed.acme_case)).first() is None
    agent.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    agent.click("#reply-send")
    agent.wait_for_load_state()
    assert len(messages) == 2
    with seed.factory() as s:
        drafts = list(s.scalars(select(Draft).where(Draft.case_id == seed.acme_case)))
        assert len(drafts) == 1
    sup.context.close()
    agent.context.close()


def test_hiding_a_calm_post_needs_a_supervisor_and_the_outreach_task_shows(
    desk: tuple[LiveServer, Seed], browser: Any
) -> None:
    """Item 4 (B-MODERATE): an agent's "offensive" on a post triage scored calm only asks; the
    supervisor confirms in another browser; the outreach task shows on the case and on /tasks;
    the post can be shown again."""
    server, seed = desk
    with session_scope(seed.factory) as s:
        for m in s.scalars(select(Mention).where(Mention.case_id == seed.acme_quiet_case)):
            m.triage = {"offensive": False, "pii": [], "spam": False, "legitimacy": 0.9}
    case_url = f"{server.url}/cases/{seed.acme_quiet_case}"
    agent = logged_in_page(browser, server, "alice")
    agent.goto(case_url)
    agent.click(".msg.inbound details.hide-post summary")
    agent.select_option(".hide-form select[name=reason]", "offensive")
    agent.fill(".hide-form input[name=note]", "rude")
    agent.click(".hide-form button[type=submit]")
    agent.wait_for_load_state()
    assert "a supervisor must confirm" in agent.locator(".flash").first.inner_text()
    assert agent.locator(".msg.inbound.hidden-post").count() == 0
    assert "waits for a supervisor" in agent.locator(".hide-request").inner_text()

    sup = logged_in_page(browser, server, "sam")
    sup.goto(case_url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    sup.screenshot(path=str(SHOTS / "case-hide-request.png"), full_page=False)
    sup.click("button.confirm-hide")
    sup.wait_for_load_state()
    assert "Post hidden" in sup.locator(".flash").first.inner_text()
    assert sup.locator(".msg.inbound.hidden-post").count() == 1
    assert "private outreach" in sup.locator("#case-tasks").inner_text()
    sup.goto(f"{server.url}/tasks")
    row = sup.locator(f'#task-rows tr:has(a[href="/cases/{seed.acme_quiet_case}"])')
    assert "private outreach" in row.inner_text()
    sup.screenshot(path=str(SHOTS / "tasks.png"), full_page=False)
    sup.goto(case_url)
    sup.click("button.unhide")
    sup.wait_for_load_state()
    assert "shown again" in sup.locator(".flash").first.inner_text()
    assert sup.locator(".msg.inbound.hidden-post").count() == 0
    with seed.factory() as s:
        ops = [i.operation for i in s.scalars(select(OutboxItem).where(OutboxItem.case_id == seed.acme_quiet_case))]
        assert ops.count("hide") == 1 and ops.count("unhide") == 1
    agent.context.close()
    sup.context.close()


def test_the_author_hears_that_their_draft_was_approved(desk: tuple[LiveServer, Seed], browser: Any) -> None:
    """Item 3, notifications: the supervisor approves in one browser; the agent's header counts it
    in the other without a reload, and the notifications page says who did what."""
    from calmdesk.actions.replies import do_create_draft, do_request_approval

    server, seed = desk
    with session_scope(seed.factory) as s:
        draft = do_create_draft(s, seed.acme_quiet_case, "alice", "Hi Erin, I'm sorry about the wait; I'll update you here today. - Alice")
        do_request_approval(s, draft.id, "alice")
        draft_id = draft.id
    agent = logged_in_page(browser, server, "alice")
    assert agent.locator("#notif-count").inner_text() == ""
    sup = logged_in_page(browser, server, "sam")
    sup.goto(f"{server.url}/cases/{seed.acme_quiet_case}")
    sup.locator(f'li.draft[data-draft-id="{draft_id}"] button.approve').click()
    sup.wait_for_load_state()
    agent.wait_for_function("() => document.getElementById('notif-count').dataset.unread !== '0'")
    assert agent.locator("#notif-count").inner_text() == "1"
    agent.click("#notif-link")
    agent.wait_for_load_state()
    item = agent.locator("#notification-list li.unread")
    assert f"sam approved your draft #{draft_id}" in item.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    agent.screenshot(path=str(SHOTS / "notifications.png"), full_page=False)
    agent.reload()
    assert agent.locator("#notification-list li.unread").count() == 0
    agent.context.close()
    sup.context.close()
