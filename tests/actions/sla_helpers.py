"""Helpers for the sla area's store tests: a brand, people on duty, a case, a local HTTP receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy.orm import Session

from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.storage.tables import Brand, Membership, User


def make_brand(session: Session, toml: str) -> Brand:
    pb = parse_playbook(toml, "test playbook")
    return do_upsert_brand(session, pb, toml, actor="test")


def make_user(
    session: Session,
    brand: Brand,
    name: str,
    role: str = "agent",
    *,
    groups: list[str] | None = None,
    on_duty: bool = True,
    shift: dict[str, Any] | None = None,
) -> User:
    # Created directly (no password hashing) to keep the tests fast; the hash is never checked here.
    user = User(
        username=name,
        display_name=name,
        password_hash="x",
        on_duty=on_duty,
        shift=shift or {},
        groups=groups or [],
    )
    session.add(user)
    session.flush()
    session.add(Membership(user_id=user.id, brand_id=brand.id, role=role))
    session.flush()
    return user


def make_case(
    session: Session,
    brand: Brand,
    ext: str,
    at: datetime,
    *,
    text: str = "my order never arrived",
    followers: int | None = None,
    handle: str = "anna",
    platform: str = "x",
    direction: str = "inbound",
    reply_to: str | None = None,
) -> int:
    item = MentionIn(
        platform=platform,
        external_id=ext,
        text=text,
        created_at=at,
        author=AuthorIn(handle=handle if direction == "inbound" else "brandco", followers=followers),
        in_reply_to=reply_to,
        direction=direction,  # type: ignore[arg-type]
        brand_handle="brandco",
        language="en",
    )
    report = do_ingest_mentions(session, [item], brand_key=brand.key)
    ids = report.case_ids_created or sorted(report.case_ids_touched)
    return ids[0]


class Receiver:
    """A real HTTP server on 127.0.0.1 that records JSON posts (apprise json:// target)."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.posts.append({"path": self.path, **json.loads(body or b"{}")})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"json://127.0.0.1:{self.port}/{path}"


@contextmanager
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    t = threading.Thread(target=r.server.serve_forever, daemon=True)
    t.start()
    try:
        yield r
    finally:
        r.server.shutdown()
        r.server.server_close()
