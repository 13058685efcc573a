"""Screenshots of the desk's screens for docs/screenshots/: inbox, case view, approvals, reports,
channels and connecting one, the first-run page, the phone-sized inbox, case, approvals and
reports at 390 and 360 px, and an incident (its page, the list, the inbox's group row).

Loads the demo desk into a temporary SQLite store, serves it on a free local port, and
drives Debian's chromium with Playwright (no browser is downloaded).

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--only incidents]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import sync_playwright
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.demo import DEMO_PASSWORD, load_demo
from calmdesk.actions.replies import do_create_draft, do_request_approval
from calmdesk.bootstrap import open_store
from calmdesk.storage.tables import Author, Brand, Case, Message
from calmdesk.web.app import create_app
from calmdesk.web.settings import WebSettings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def served(factory: sessionmaker[Session]) -> Iterator[str]:
    """The desk on a free loopback port for as long as the block runs; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(factory, WebSettings(secret_key="screenshots-secret-0123456789"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def log_in(page: Any, base: str, user: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    ap.add_argument("--user", default="supervisor")
    ap.add_argument("--only", choices=["all", "incidents"], default="all")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.only == "incidents":
        incident_shots(out, args.user)
        return

    tmp = Path(tempfile.mkdtemp(prefix="calmdesk-shots-"))
    factory = open_store(f"sqlite:///{tmp / 'demo.sqlite3'}")
    load_demo(factory)
    with factory() as s:
        # The highest-priority new complaint still waiting for its first answer: its thread is
        # short, so the reply studio (composer draft and live findings) is in view.
        case_id = s.scalar(
            select(Case.id)
            .join(Message, Message.case_id == Case.id)
            .where(Case.state.in_(["new", "triaged"]), Case.first_response_at.is_(None))
            .group_by(Case.id)
            .having(func.count(Message.id) == 1)
            .order_by(Case.priority.desc(), Case.id)
            .limit(1)
        )
        # A reply with a link waits for the supervisor (B-REVIEW): written by the demo agent on
        # another open case of one of the agent's brands.
        other = s.execute(
            select(Case.id, Author.display_name, Author.handle, Brand.key)
            .join(Brand, Brand.id == Case.brand_id)
            .outerjoin(Author, Author.id == Case.author_id)
            .where(
                Case.state.not_in(["closed", "dismissed"]),
                Case.id != case_id,
                Brand.key.in_(["northwind", "pixelforge"]),
            )
            .order_by(Case.priority.desc(), Case.id)
            .limit(1)
        ).one()
        name = (other.display_name or other.handle or "there").split()[0]
        text = (
            f"Hi {name}, I'm sorry about the trouble. The steps for a replacement are at "
            f"https://{other.key}.example/help/replacement and I'll check back here within the hour. - Sam"
        )
        draft = do_create_draft(s, other.id, "agent", text, visibility="public", kind="reply")
        do_request_approval(s, draft.id, "agent")
        s.commit()
    with served(factory) as base:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            log_in(page, base, args.user)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / "inbox.png"))
            page.goto(f"{base}/cases/{case_id}")
            page.wait_for_load_state("networkidle")
            # Show the checker at work: a defensive sentence typed after the composer's draft.
            page.click("#reply-text")
            page.keyboard.press("End")
            page.keyboard.press("Control+End")
            page.keyboard.type(" As we already explained, this is guaranteed to arrive tomorrow.")
            page.wait_for_selector('#reply-form[data-checked="1"]', state="attached")
            page.evaluate("() => window.scrollTo(0, 0)")
            page.screenshot(path=str(out / "case.png"))
            page.goto(f"{base}/approvals")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / "approval.png"))
            page.goto(f"{base}/reports")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / "reports.png"), full_page=True)
            # The phone-sized desk (docs/web.md, "On a phone"): both widths the tests check.
            for width in (390, 360):
                phone = browser.new_context(
                    viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True
                ).new_page()
                log_in(phone, base, args.user)
                for name, path in (
                    ("inbox", "/"),
                    ("case", f"/cases/{case_id}"),
                    ("approvals", "/approvals"),
                    ("reports", "/reports"),
                ):
                    phone.goto(base + path)
                    phone.wait_for_load_state("networkidle")
                    phone.screenshot(path=str(out / f"phone-{width}-{name}.png"))
                phone.context.close()
            # Admin in the browser: the channel list with its health, and the connect form.
            admin = browser.new_page(viewport={"width": 1440, "height": 900})
            log_in(admin, base, "admin")
            admin.goto(base + "/channels")
            admin.wait_for_load_state("networkidle")
            admin.screenshot(path=str(out / "channels.png"), full_page=True)
            admin.goto(base + "/channels/new?platform=mastodon")
            admin.fill("input[name=handle]", "northwind@mastodon.social")
            admin.fill("input[name=base_url]", "https://mastodon.social")
            admin.screenshot(path=str(out / "channel-connect.png"), full_page=True)
            admin.close()
            first_run(browser, tmp, out)
            browser.close()
        incident_shots(out, args.user)
    print(f"wrote the screenshots (case #{case_id}, draft #{draft.id}) to {out}")


def first_run(browser: Any, tmp: Path, out: Path) -> None:
    """The first-run page of a desk with nobody in it yet (served from a second, empty store)."""
    factory = open_store(f"sqlite:///{tmp / 'empty.sqlite3'}")
    with served(factory) as base:
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        page.goto(base + "/setup")
        page.fill("input[name=username]", "ada")
        page.fill("input[name=display_name]", "Ada Admin")
        page.screenshot(path=str(out / "first-run.png"))
        page.close()


def incident_shots(out: Path, user: str) -> None:
    """An outage on the demo desk, found by the detector the way the job finds it; then the
    incident page, the incident list and the inbox's group row."""
    import random
    import sys
    from datetime import UTC, datetime, timedelta

    from calmdesk.actions.incidents import do_check_incidents
    from calmdesk.actions.ingest import do_ingest_mentions
    from calmdesk.domain.mentions import AuthorIn, MentionIn

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    # varied wording (typos, languages): exact copies would be read as a coordinated burst (B-LEGIT)
    from incident_day import OUTAGE, OUTAGE_FOREIGN, _fill

    tmp = Path(tempfile.mkdtemp(prefix="calmdesk-incident-shots-"))
    factory = open_store(f"sqlite:///{tmp / 'demo.sqlite3'}")
    load_demo(factory)
    rnd = random.Random(16)
    now = datetime.now(UTC)
    names = [
        "Ana Silva",
        "Tom Berg",
        "Lea Wolf",
        "Sam Reid",
        "Mia Costa",
        "Jon Park",
        "Eva Lind",
        "Raj Patel",
    ]
    items = [
        MentionIn(
            platform="x",
            external_id=f"outage-{k}",
            brand_handle="NorthwindFresh",
            language="en",
            created_at=now - timedelta(minutes=25) + timedelta(seconds=70 * k + rnd.uniform(0, 40)),
            text=f"@NorthwindFresh {_fill(rnd.choice(OUTAGE_FOREIGN if k % 9 == 4 else OUTAGE), rnd, 'Northwind')}",
            author=AuthorIn(
                handle=f"customer{k}", display_name=rnd.choice(names), followers=rnd.randint(20, 900)
            ),
        )  # fmt: skip
        for k in range(22)
    ]
    with factory.begin() as s:
        do_ingest_mentions(s, items)
    with factory.begin() as s:
        report = do_check_incidents(s, now)
    if not report.opened:
        raise SystemExit("the outage opened no incident; the screenshots need one")
    incident_id = report.opened[0]
    with served(factory) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        log_in(page, base, user)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "inbox-incident.png"))
        page.goto(f"{base}/incidents/{incident_id}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "incident.png"))
        page.goto(f"{base}/incidents")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / "incidents.png"))
        browser.close()
    print(f"wrote the incident screenshots (incident #{incident_id}) to {out}")


if __name__ == "__main__":
    main()
