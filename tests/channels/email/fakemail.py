"""The e-mail tests' fake mail servers and the fixtures both e-mail test files use.

The servers live in `calmdesk.demo.mail_api` since the demo's sandbox (`calmdesk.demo.sandbox`)
runs them for the demo's e-mail channels. The fixtures are here rather than in a conftest.py
because `tests/channels/conftest.py` is imported by name (`from conftest import ...`) and a
second conftest module would shadow it; a test file takes them with
`from fakemail import imap, smtp, store`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.demo.mail_api import FakeImap, FakeSmtp, Folder, Received, StoredMessage
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate

BRAND = "support@acme.example"
PASSWORD = "imap-pass-7f3a9c"  # noqa: S105 - the fake servers' password

__all__ = [
    "BRAND",
    "PASSWORD",
    "FakeImap",
    "FakeSmtp",
    "Folder",
    "Received",
    "StoredMessage",
    "imap",
    "server_settings",
    "smtp",
    "store",
]


def server_settings(imap: FakeImap, smtp: FakeSmtp, **extra: Any) -> dict[str, Any]:
    """An e-mail channel's settings pointed at the fake servers (plain IMAP and SMTP on 127.0.0.1)."""
    return {
        "imap_host": "127.0.0.1",
        "imap_port": imap.port,
        "imap_security": "none",
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "smtp_security": "none",
        "timeout_s": 5,
        **extra,
    }


@pytest.fixture
def imap() -> Iterator[FakeImap]:
    with FakeImap(BRAND, PASSWORD) as server:
        yield server


@pytest.fixture
def smtp() -> Iterator[FakeSmtp]:
    with FakeSmtp(BRAND, PASSWORD) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path}/t.sqlite3")
    migrate(engine)
    return make_sessionmaker(engine)
