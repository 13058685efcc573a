"""Shared fixtures for the connector tests: a fake platform server and a fresh SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeplatform import BSKY_PASSWORD, TOKEN, FakePlatform
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.channels import REGISTRY
from calmdesk.channels._common.connector import BaseConnector, ChannelConfig
from calmdesk.channels._common.ratelimit import RetryPolicy
from calmdesk.secrets import SecretValue
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Brand, Channel


@pytest.fixture
def fake() -> Iterator[FakePlatform]:
    with FakePlatform() as server:
        yield server


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


def http_options(sleeps: Sleeps | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "sleep": sleeps if sleeps is not None else (lambda s: None),
        "timeout": 1.0,
        "policy": RetryPolicy(attempts=3, base_delay=0.01),
        **extra,
    }


def connector(
    platform: str,
    fake: FakePlatform,
    *,
    handle: str = "acme",
    sleeps: Sleeps | None = None,
    token: str = TOKEN,
    **settings: Any,
) -> BaseConnector:
    cls = REGISTRY[platform]
    creds = {
        name: SecretValue(BSKY_PASSWORD if name == "app_password" else token) for name in cls.credential_names
    }
    config = ChannelConfig(
        platform=platform,
        handle=handle,
        settings=settings,
        keywords=settings.pop("keywords", []),
        keyword_exclusions=settings.pop("exclusions", []),
    )
    return cls(config, creds, base_url=fake.url, http_options=http_options(sleeps))


@pytest.fixture
def store(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path}/t.sqlite3")
    migrate(engine)
    return make_sessionmaker(engine)


def add_channel(
    factory: sessionmaker[Session], platform: str, handle: str, brand: str = "acme", **settings: Any
) -> int:
    with factory.begin() as s:
        b = s.query(Brand).filter_by(key=brand).one_or_none()
        if b is None:
            b = Brand(key=brand, name=brand.title())
            s.add(b)
            s.flush()
        ch = Channel(brand_id=b.id, platform=platform, handle=handle, settings=settings)
        s.add(ch)
        s.flush()
        return ch.id
