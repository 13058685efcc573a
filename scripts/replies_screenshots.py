"""Screenshots of the composer's suggested first reply for five demo cases (docs/replies.md).

Run against a running demo desk: `calmdesk demo --data-dir /tmp/d --port 8765` in one shell,
then `python scripts/replies_screenshots.py http://127.0.0.1:8765 33 37 39 22 13`.
Uses Debian's chromium through Playwright (never downloads a browser).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

SHOTS = Path(__file__).parents[1] / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main(base: str, case_ids: list[str]) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.goto(base + "/login")
        page.fill("input[name=username]", "agent")
        page.fill("input[name=password]", "calmdesk-demo")
        page.click("button[type=submit]")
        page.wait_for_url(base + "/")
        for case_id in case_ids:
            page.goto(f"{base}/cases/{case_id}")
            page.wait_for_selector("#reply-text")
            page.screenshot(path=str(SHOTS / f"reply-suggested-{case_id}.png"), full_page=True)
            print(case_id, page.locator("#reply-text").input_value().replace("\n", " ")[:300])
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
