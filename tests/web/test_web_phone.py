"""The desk on a phone (390 and 360 px wide) and the case view's keyboard, in Debian's chromium.

Why measure the document and not look at a picture: the bug this guards against was a 390 px
inbox that laid itself out 1,110 px wide, which a person only notices by scrolling sideways.
`document.scrollingElement.scrollWidth <= innerWidth` is exactly "nothing to scroll sideways".
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from test_web_browser import CHROMIUM, browser, live  # noqa: F401  (fixtures reused)
from web_helpers import PASSWORD, Seed

from calmdesk.actions.replies import do_create_draft, do_request_approval
from calmdesk.storage.db import session_scope
from live_server import LiveServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Debian's chromium is not installed at {CHROMIUM}"),
]


def phone_page(browser: Any, server: LiveServer, username: str, width: int) -> Any:
    """A logged-in page of a phone-sized, touch-capable viewport."""
    context = browser.new_context(viewport={"width": width, "height": 780}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    return page


def overflow(page: Any) -> tuple[int, int]:
    """(scroll width, viewport width) of the page as it is laid out now."""
    got = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    return int(got[0]), int(got[1])


def _pending_reply(seed: Seed) -> None:
    """A long reply with a link waits for approval, so the approvals page has something to lay out."""
    with session_scope(seed.factory) as s:
        text = (
            "Hi Frank, sorry about the code. A new one is on its way and the steps are at "
            "https://acme.example/help/discount-codes-that-do-not-work-at-checkout-and-what-to-do - Alice"
        )
        draft = do_create_draft(s, seed.acme_code_case, "alice", text, visibility="public", kind="reply")
        do_request_approval(s, draft.id, "alice")


@pytest.mark.parametrize("width", [390, 360])
def test_no_page_scrolls_sideways_on_a_phone(
    live: tuple[LiveServer, Seed],
    browser: Any,
    width: int,
) -> None:
    server, seed = live
    if width == 390:
        _pending_reply(seed)
    page = phone_page(browser, server, "sam", width)
    pages = {
        "inbox": "/",
        "case": f"/cases/{seed.acme_xss_case}",
        "case with long thread text": f"/cases/{seed.acme_case}",
        "approvals": "/approvals",
        "reports": "/reports",
        "channels": "/channels",
        "sla": "/sla",
    }
    for name, path in pages.items():
        page.goto(server.url + path)
        page.wait_for_load_state()
        scroll_w, inner_w = overflow(page)
        assert inner_w == width, (name, inner_w)
        assert scroll_w <= inner_w, f"{name} at {width} px is {scroll_w} px wide"
    page.context.close()
    # The rest of the desk, as a global admin (who sees the admin screens too).
    page = phone_page(browser, server, "root", width)
    for path in (
        "/search?q=parcel",
        "/channels/new?platform=x",
        "/users",
        "/brands",
        "/brands/acme",
        "/tasks",
        "/notifications",
        "/incidents",
        "/reports?brand=acme&channel=x",
    ):
        page.goto(server.url + path)
        page.wait_for_load_state()
        scroll_w, inner_w = overflow(page)
        assert scroll_w <= inner_w == width, f"{path} at {width} px is {scroll_w} px wide"
    # The navigation is readable: every link inside the dark header, none white on the white page.
    page.goto(server.url + "/")
    header = page.locator("header.top").bounding_box()
    for link in page.locator("header.top nav a").all():
        box = link.bounding_box()
        assert box is not None and header is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    # The inbox is one column: the case list starts below the filters, not beside them; the
    # filters are folded away, so the first case is on the first screen.
    filters = page.locator(".filters").bounding_box()
    cases = page.locator("#cases").bounding_box()
    assert filters is not None and cases is not None and cases["y"] >= filters["y"] + filters["height"]
    assert page.locator("#filters-fold").evaluate("d => d.open") is False
    # the live inbox may be swapping its rows in at this moment: wait for the first one
    row = page.locator("#case-rows tr[data-id]").first
    row.wait_for(state="visible")
    first = row.bounding_box()
    assert first is not None and first["y"] + 40 < 780
    page.click("#filters-fold > summary")
    assert page.locator("#filter-form select[name=brand]").is_visible()
    page.goto(server.url + "/?brand=acme")  # a filter on: the filters stay in view
    assert page.locator("#filters-fold").evaluate("d => d.open") is True
    # The case view is one column, and its reply box stays in view while the thread scrolls.
    page.goto(f"{server.url}/cases/{seed.acme_case}")
    thread = page.locator("section.thread").bounding_box()
    side = page.locator("aside.side").bounding_box()
    assert thread is not None and side is not None and side["y"] >= thread["y"]
    assert page.locator("#reply-form").evaluate("f => getComputedStyle(f).position") == "sticky"
    page.evaluate("() => window.scrollTo(0, 0)")
    box = page.locator("#reply-text").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 780, "the reply box is not in reach"
    page.context.close()


def test_wide_screen_keeps_two_columns(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = phone_page(browser, server, "sam", 1300)
    page.goto(f"{server.url}/cases/{seed.acme_case}")
    thread = page.locator("section.thread").bounding_box()
    side = page.locator("aside.side").bounding_box()
    assert thread is not None and side is not None and side["x"] > thread["x"] + thread["width"] - 1
    assert page.locator("#reply-form").evaluate("f => getComputedStyle(f).position") == "static"
    page.goto(server.url + "/")
    assert page.locator("#filters-fold").evaluate("d => d.open") is True
    assert page.locator("#filters-fold > summary").is_hidden()
    page.context.close()


def test_case_view_keyboard(live: tuple[LiveServer, Seed], browser: Any) -> None:
    server, seed = live
    page = phone_page(browser, server, "alice", 1300)
    ids = page.eval_on_selector_all("#case-rows tr[data-id]", "rows => rows.map(r => r.dataset.id)")
    assert len(ids) >= 3
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/cases/{ids[0]}")
    # ? opens the help, Escape closes it.
    assert page.locator("#keyhelp").is_hidden()
    page.keyboard.press("?")
    assert page.locator("#keyhelp").is_visible()
    assert "next case" in page.locator("#keyhelp").inner_text()
    page.keyboard.press("Escape")
    assert page.locator("#keyhelp").is_hidden()
    # n walks the inbox's order, p walks back; the links say where one is.
    page.keyboard.press("n")
    page.wait_for_url(f"{server.url}/cases/{ids[1]}")
    assert f"case 2 of {len(ids)}" in page.locator("#case-nav").inner_text()
    page.keyboard.press("j")
    page.wait_for_url(f"{server.url}/cases/{ids[2]}")
    page.keyboard.press("p")
    page.wait_for_url(f"{server.url}/cases/{ids[1]}")
    # a focuses the assignment, r the reply box; typing there is text, not shortcuts.
    page.keyboard.press("a")
    assert page.evaluate("() => document.activeElement.id") == "assign-owner"
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("r")
    assert page.evaluate("() => document.activeElement.id") == "reply-text"
    page.fill("#reply-text", "")
    page.keyboard.type("pnj?u")
    assert page.locator("#reply-text").input_value() == "pnj?u"
    assert page.url == f"{server.url}/cases/{ids[1]}"
    assert page.locator("#keyhelp").is_hidden()
    # u goes back to the inbox view the list came from.
    page.evaluate("() => document.activeElement.blur()")
    page.keyboard.press("u")
    page.wait_for_url(f"{server.url}/")
    page.context.close()
