"""Helpers of the web tests: a seeded store with two brands, their people, and complaints."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.users import do_create_user
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate, session_scope
from calmdesk.storage.tables import Case, Mention

PASSWORD = "correct horse battery"


def screenshot_dir() -> Path:
    """Where browser tests save their screenshots.

    The shots in docs/screenshots/ are refreshed on purpose (`CALMDESK_SCREENSHOTS=1 pytest ...`), not by
    every test run: a run would otherwise leave the checkout dirty. Without the variable the test still
    takes the shot (the page must render), into a temporary folder.
    """
    if os.environ.get("CALMDESK_SCREENSHOTS") == "1":
        return Path(__file__).parents[2] / "docs" / "screenshots"
    return Path(tempfile.mkdtemp(prefix="calmdesk-shots-"))

XSS_TEXT = "@acme_help <script>alert('x1')</script> and <img src=x onerror=\"alert('x2')\"> my parcel is late"
XSS_NAME = "<b onmouseover=alert(3)>Evil</b>"


@dataclass
class Seed:
    factory: sessionmaker[Session]
    acme_case: int
    acme_xss_case: int
    globex_case: int
    acme_mention: int
    #: A low-reach complaint: its replies need no approval unless they carry a link (B-REVIEW).
    acme_quiet_case: int
    #: Another low-reach complaint, for the approval flow.
    acme_code_case: int


def _playbook(key: str, handle: str) -> str:
    return f'brand = "{key}"\ndisplay_name = "{key.title()}"\n\n[[channels]]\nplatform = "x"\nhandle = "{handle}"\n'


def seed_store(url: str) -> Seed:
    engine = make_engine(url)
    migrate(engine)
    factory = make_sessionmaker(engine)
    now = datetime.now(UTC)
    with session_scope(factory) as s:
        for key, handle in (("acme", "acme_help"), ("globex", "globex_care")):
            text = _playbook(key, handle)
            do_upsert_brand(s, parse_playbook(text), text)
        do_create_user(s, "alice", PASSWORD, "agent", ["acme"], display_name="Alice Agent")
        do_create_user(s, "sam", PASSWORD, "supervisor", ["acme"], display_name="Sam Super")
        do_create_user(s, "bob", PASSWORD, "agent", ["globex"], display_name="Bob Globex")
        do_create_user(s, "root", PASSWORD, "admin", ["acme"], is_admin=True)
        items = [
            MentionIn(
                platform="x",
                external_id="a1",
                text="@acme_help my order arrived broken and nobody answers. Really disappointed.",
                created_at=now - timedelta(minutes=30),
                author=AuthorIn(handle="carol", external_id="1101", display_name="Carol", followers=12_500),
                brand_handle="acme_help",
            ),
            MentionIn(
                platform="x",
                external_id="a2",
                text=XSS_TEXT,
                created_at=now - timedelta(minutes=20),
                author=AuthorIn(handle="mallory", external_id="1102", display_name=XSS_NAME, followers=10),
                brand_handle="acme_help",
            ),
            MentionIn(
                platform="x",
                external_id="a3",
                text="@acme_help my parcel is a week late and the tracking page hasn't changed since Monday",
                created_at=now - timedelta(minutes=15),
                author=AuthorIn(handle="erin", external_id="1103", display_name="Erin Example", followers=80),
                brand_handle="acme_help",
            ),
            MentionIn(
                platform="x",
                external_id="a4",
                text="@acme_help the discount code from your newsletter does not work at checkout",
                created_at=now - timedelta(minutes=12),
                author=AuthorIn(handle="frank", external_id="1104", display_name="Frank", followers=300),
                brand_handle="acme_help",
            ),
            MentionIn(
                platform="x",
                external_id="g1",
                text="@globex_care secret globex complaint about billing",
                created_at=now - timedelta(minutes=10),
                author=AuthorIn(handle="dave", external_id="1105", followers=50),
                brand_handle="globex_care",
            ),
        ]
        do_ingest_mentions(s, items)
    with factory() as s:
        ids = {m.external_id: (m.case_id, m.id) for m in s.scalars(select(Mention))}
        assert all(case_id for case_id, _ in ids.values()), ids
        s.execute(select(Case)).all()
    return Seed(factory, ids["a1"][0], ids["a2"][0], ids["g1"][0], ids["a1"][1], ids["a3"][0], ids["a4"][0])


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert m, "page has no CSRF token"
    return m.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form and return the CSRF token of the new session."""
    page = client.get("/login")
    res = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    return csrf_of(client.get("/").text)
