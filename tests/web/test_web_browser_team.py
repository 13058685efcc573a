"""The team tools end to end in Debian's chromium: search, notes with @mentions, tags, bulk work,
saved views. Each test gets a fresh store and server (they change cases)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from test_web_browser import CHROMIUM, browser, logged_in_page  # noqa: F401 - `browser` is a fixture
from web_helpers import Seed, screenshot_dir, seed_store

from calmdesk.actions.cases import do_assign_case, do_move_case
from calmdesk.storage.db import session_scope
from calmdesk.storage.tables import Action, Case, CaseNote, CaseTag, OutboxItem, SavedView
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings
from live_server import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no chromium at {CHROMIUM}")]


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[LiveServer, Seed]]:
    seed = seed_store(f"sqlite:///{tmp_path / 'web.sqlite3'}")
    app = create_app(seed.factory, WebSettings(secret_key="browser-secret-0123456789"))
    with LiveServer(app) as server:
        yield server, seed
    seed.factory.kw["bind"].dispose()


def _no_dialogs(page: Any) -> list[str]:
    """Any alert() would mean a post's HTML ran: collect them, the test asserts there are none."""
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def test_search_from_the_inbox_header_highlights_words_safely(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "alice")
    dialogs = _no_dialogs(page)
    page.fill("#search-box-q", 'parcel "late')
    page.press("#search-box-q", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("#search-results li.search-hit")
    assert sorted(hits.nth(i).get_attribute("data-case-id") for i in range(hits.count())) == sorted(
        [str(seed.acme_xss_case), str(seed.acme_quiet_case)]
    )
    marks = page.locator("#search-results mark").all_inner_texts()
    assert {m.lower() for m in marks} == {"parcel", "late"}
    # The hostile post is shown as its text; its markup created no element and ran nothing.
    xss = page.locator(f'li.search-hit[data-case-id="{seed.acme_xss_case}"] .hit-text')
    assert "<script>alert('x1')</script>" in xss.inner_text()
    assert xss.locator("script, img").count() == 0 and dialogs == []
    page.screenshot(path=str(screenshot_dir() / "team-search.png"), full_page=True)
    # A word from another brand finds nothing; punctuation alone says so.
    page.goto(server.url + "/search?q=billing")
    assert page.locator("#search-none").count() == 1
    page.goto(server.url + "/search?q=%22%2A%28")
    assert page.locator("#search-empty").count() == 1
    page.goto(server.url + "/search?q=tracking")
    page.click(f'#search-results a[href="/cases/{seed.acme_quiet_case}"]')
    page.wait_for_url(f"**/cases/{seed.acme_quiet_case}")
    # On a phone: the results, the inbox with its search box and bulk bar stay one screen wide.
    page.set_viewport_size({"width": 390, "height": 800})
    for path in ("/search?q=parcel+late", "/"):
        page.goto(server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_a_note_with_an_at_mention_reaches_the_mentioned_colleague(
    live: tuple[LiveServer, Seed], browser: Any
) -> None:
    server, seed = live
    alice = logged_in_page(browser, server, "alice")
    alice.goto(server.url + f"/cases/{seed.acme_case}")
    alice.fill("#note-text", "@sam can you approve a refund? <i>not html</i> (cc @nobody)")
    alice.click("#note-btn")
    alice.wait_for_load_state()
    note = alice.locator("li.msg.note")
    assert note.count() == 1
    assert "internal note" in note.inner_text() and "<i>not html</i>" in note.inner_text()
    assert note.locator(".msg-text b").all_inner_texts() == ["@sam"]  # @nobody is no user: plain text
    assert note.locator("i").count() == 0
    # Distinct from the public posts around it: its own class and background.
    post_bg = alice.locator("li.msg.inbound").first.evaluate("e => getComputedStyle(e).backgroundColor")
    note_bg = note.evaluate("e => getComputedStyle(e).backgroundColor")
    assert note_bg != post_bg
    alice.screenshot(path=str(screenshot_dir() / "team-case-note-tags.png"), full_page=True)
    sam = logged_in_page(browser, server, "sam")
    # The header's unread count comes from its poll (no eval: the page's CSP forbids it).
    sam.locator("#notif-count").filter(has_text=re.compile(r"^\s*[1-9]")).wait_for(timeout=60_000)
    sam.goto(server.url + "/notifications")
    item = sam.locator('#notification-list li[data-kind="mention"]')
    assert item.count() == 1 and "alice mentioned you in a note" in item.inner_text()
    bob = logged_in_page(browser, server, "bob")
    bob.goto(server.url + "/notifications")
    assert bob.locator('#notification-list li[data-kind="mention"]').count() == 0
    with seed.factory() as s:
        assert [n.mentioned for n in s.scalars(select(CaseNote))] == [["sam"]]
        assert s.scalar(select(OutboxItem.id)) is None  # never sent anywhere


def test_tags_are_added_removed_and_filter_the_inbox(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "alice")
    page.goto(server.url + f"/cases/{seed.acme_case}")
    page.fill("#tag-input", "Refund, VIP customer")
    page.click("#tag-btn")
    page.wait_for_load_state()
    assert page.locator("#case-tags li.case-tag a").all_inner_texts() == ["refund", "vip-customer"]
    page.click('#case-tags li[data-tag="vip-customer"] button.tag-remove')
    page.wait_for_load_state()
    assert page.locator("#case-tags li.case-tag a").all_inner_texts() == ["refund"]
    page.goto(server.url + "/")
    page.select_option("#filter-tag", "refund")
    page.wait_for_url("**/?*tag=refund*")
    rows = page.locator("#case-rows tr[data-id]")
    assert [rows.nth(i).get_attribute("data-id") for i in range(rows.count())] == [str(seed.acme_case)]
    assert rows.first.locator("a.case-tag").inner_text() == "refund"


def test_bulk_assign_reports_refusals_and_audits_each_case(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    with session_scope(seed.factory) as s:
        do_move_case(s, seed.acme_case, "escalated", actor="sam")
        do_assign_case(s, seed.acme_case, "sam", actor="sam")
    page = logged_in_page(browser, server, "alice")
    for cid in (seed.acme_case, seed.acme_quiet_case, seed.acme_code_case):
        page.check(f'#case-rows tr[data-id="{cid}"] input[name="case_id"]')
    assert page.locator("#bulk-count").inner_text() == "3"
    page.select_option("#bulk-action", "assign")
    page.select_option("#bulk-owner", "me")
    page.screenshot(path=str(screenshot_dir() / "team-inbox-bulk.png"), full_page=True)
    page.click("#bulk-apply")
    page.wait_for_load_state()
    flashes = page.locator(".flash").all_inner_texts()
    assert any("2 cases done, 1 refused" in f for f in flashes), flashes
    assert any(f.startswith(f"#{seed.acme_case}:") and "B-OWNER" in f for f in flashes), flashes
    with seed.factory() as s:
        owners = {c.id: c.owner for c in s.scalars(select(Case))}
        assert owners[seed.acme_quiet_case] == owners[seed.acme_code_case] == "alice"
        assert owners[seed.acme_case] == "sam"
        audit = [(a.case_id, a.actor) for a in s.scalars(select(Action).where(Action.verb == "case.assigned", Action.actor == "alice"))]
        assert sorted(audit) == sorted([(seed.acme_quiet_case, "alice"), (seed.acme_code_case, "alice")])
    # Tag two cases at once, then dismiss one as spam.
    page.goto(server.url + "/")
    for cid in (seed.acme_quiet_case, seed.acme_code_case):
        page.check(f'#case-rows tr[data-id="{cid}"] input[name="case_id"]')
    page.select_option("#bulk-action", "tag")
    page.fill("#bulk-tags", "courier")
    page.click("#bulk-apply")
    page.wait_for_load_state()
    page.check(f'#case-rows tr[data-id="{seed.acme_code_case}"] input[name="case_id"]')
    page.select_option("#bulk-action", "spam")
    page.click("#bulk-apply")
    page.wait_for_load_state()
    with seed.factory() as s:
        assert sorted(t.case_id for t in s.scalars(select(CaseTag).where(CaseTag.tag == "courier"))) == sorted(
            [seed.acme_quiet_case, seed.acme_code_case]
        )
        spam = s.get(Case, seed.acme_code_case)
        assert spam is not None and (spam.state, spam.dismiss_reason) == ("dismissed", "spam")


def test_saved_views_are_listed_opened_and_deleted(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = logged_in_page(browser, server, "alice")
    page.goto(server.url + "/?owner=me&q=parcel")
    page.fill("#view-name", "My parcels")
    page.click("#save-view-btn")
    page.wait_for_load_state()
    link = page.locator("#saved-views a.view-link")
    assert link.all_inner_texts() == ["My parcels"]
    page.screenshot(path=str(screenshot_dir() / "team-saved-views.png"), full_page=True)
    page.goto(server.url + "/")
    page.click("#saved-views a.view-link")
    page.wait_for_url("**/?*owner=me*")
    assert page.locator("#filter-q").input_value() == "parcel"
    sam = logged_in_page(browser, server, "sam")
    assert sam.locator("#saved-views a.view-link").count() == 0
    page.click("#saved-views button.view-delete")
    page.wait_for_load_state()
    assert page.locator("#saved-views a.view-link").count() == 0
    with seed.factory() as s:
        assert s.scalar(select(SavedView.id)) is None
