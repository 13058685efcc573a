"""The burst window triage reads per batch: earlier posts with the same burst key, last hour only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.brands import ensure_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.ingest_pipeline import triage, with_ingest_pipeline
from calmdesk.actions.triage_burst import burst_key
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.storage.tables import Mention

T0 = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
TEXT = "@acme your cereal {} gave my whole family terrible stomach pains, never buying again"


@pytest.fixture
def desk(factory: sessionmaker[Session]) -> Iterator[sessionmaker[Session]]:
    with_ingest_pipeline(factory, [triage])
    with factory.begin() as s:
        ensure_brand(s, "acme")
    yield factory


def post(ext: str, who: str, minutes: int) -> MentionIn:
    return MentionIn(
        platform="x", external_id=ext, text=TEXT.format(ext), created_at=T0 + timedelta(minutes=minutes),
        author=AuthorIn(handle=who),
    )


def reasons(factory: sessionmaker[Session], ext: str) -> list[str]:
    with factory() as s:
        triage = s.scalar(select(Mention.triage).where(Mention.external_id == ext))
    assert triage is not None
    return list(triage["legitimacy_reasons"])


def test_burst_seen_across_batches_within_the_hour_and_forgotten_after(desk: sessionmaker[Session]) -> None:
    for ext, who, minutes in (("b0", "u0", 0), ("b1", "u1", 2), ("b2", "u2", 4)):
        with desk.begin() as s:
            do_ingest_mentions(s, [post(ext, who, minutes)], brand_key="acme")
    assert "coordinated_burst" in reasons(desk, "b2")
    assert "coordinated_burst" not in reasons(desk, "b0")
    # Two hours later two more people say the same: the earlier three are out of the window.
    for ext, who, minutes in (("c0", "u3", 124), ("c1", "u4", 126)):
        with desk.begin() as s:
            do_ingest_mentions(s, [post(ext, who, minutes)], brand_key="acme")
    assert "coordinated_burst" not in reasons(desk, "c1")


def test_triage_stores_the_burst_key_and_short_posts_have_none(desk: sessionmaker[Session]) -> None:
    short = MentionIn(platform="x", external_id="s", text="@acme hi", created_at=T0, author=AuthorIn(handle="v"))
    with desk.begin() as s:
        do_ingest_mentions(s, [post("k", "u", 0), short], brand_key="acme")
    with desk() as s:
        keys = dict(s.execute(select(Mention.external_id, Mention.burst_key)).all())
    assert keys == {"k": burst_key(TEXT.format("k")), "s": None}
    assert burst_key(TEXT.format("12")) == burst_key(TEXT.format("#4711"))  # numbers, tags: same key
