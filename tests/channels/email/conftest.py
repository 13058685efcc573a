"""Fixtures of the e-mail connector tests: the fake IMAP and SMTP servers, and a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakemail import BRAND, PASSWORD, FakeImap, FakeSmtp
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.db import make_engine, make_sessionmaker, migrate


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
