"""Issue 13, item 3 in Debian's chromium: the inbox is on the live channel.

Two browser contexts (three, with another brand's agent): supervisor Sam opens a case and
assigns it to agent Alice; Alice's open inbox shows Sam on the case, the new owner and her
notification count without a reload, within 2 s. Bob (another brand) hears nothing of it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_browser import CHROMIUM, CHROMIUM_ARGS, LiveServer, browser, logged_in_page  # noqa: F401 - shared fixture
from web_helpers import Seed, screenshot_dir, seed_store

from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings

SHOTS = screenshot_dir()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(180),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Debian's chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[LiveServer, Seed]]:
    seed = seed_store(f"sqlite:///{tmp_path}/web.sqlite3")
    # the fallback poll is far away, so whatever shows within 2 s came over the live channel
    app = create_app(seed.factory, WebSettings(secret_key="browser-secret-0123456789", poll_interval_s=120))
    with LiveServer(app) as server:
        yield server, seed
    seed.factory.kw["bind"].dispose()


def _inbox_reads(page: Any) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if "/api/inbox?" in r.url else None)
    return seen


def test_an_agents_inbox_shows_a_supervisors_change_and_presence_without_reload(
    desk: tuple[LiveServer, Seed], browser: Any
) -> None:
    server, seed = desk
    alice = logged_in_page(browser, server, "alice")  # acme agent, on her inbox
    bob = logged_in_page(browser, server, "bob")  # globex agent, on his inbox
    sam = logged_in_page(browser, server, "sam")  # acme supervisor
    row = f'#case-rows tr[data-id="{seed.acme_case}"]'
    assert alice.locator(f"{row} td:nth-child(8)").inner_text() == "—"  # nobody owns it yet
    assert alice.locator("#notif-count").inner_text() == ""
    alice_reads, bob_reads = _inbox_reads(alice), _inbox_reads(bob)
    for page in (alice, bob):  # both channels are open before anything happens
        page.wait_for_selector('body[data-live="1"]', state="attached")
    alice.evaluate("() => { window.__reloaded = false; window.addEventListener('beforeunload', () => { window.__reloaded = true; }); }")

    sam.goto(f"{server.url}/cases/{seed.acme_case}")
    alice.wait_for_selector(f"{row} .row-presence.viewing", timeout=2000)
    assert "Sam Super is viewing" in alice.locator(row).inner_text()

    sam.select_option("#assign-owner", "alice")
    sam.click("#assign-btn")
    sam.wait_for_load_state()
    started = time.monotonic()
    alice.wait_for_function(
        f"() => document.querySelector('{row} td:nth-child(8)').textContent === 'alice'", timeout=2000
    )
    alice.wait_for_function("() => document.getElementById('notif-count').textContent === '1'", timeout=2000)
    print(f"alice's inbox showed sam's assignment {time.monotonic() - started:.2f} s after his page came back")
    assert alice.evaluate("() => window.__reloaded") is False  # the same page, no reload
    assert alice_reads, "alice's inbox re-read its rows"
    alice.wait_for_selector(f"{row} .row-presence")  # sam's case page came back after the assignment
    alice.screenshot(path=str(SHOTS / "inbox-live.png"), full_page=False)

    time.sleep(1.5)  # longer than a read of the channel: bob's would have come by now
    assert bob_reads == [], f"bob (globex) was told of an acme change: {bob_reads}"
    assert bob.locator(".row-presence").count() == 0
    for page in (alice, bob, sam):
        page.context.close()
