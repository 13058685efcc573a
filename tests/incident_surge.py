"""The surge data every incident test builds on: a steady brand's ordinary complaints, an outage's
posts, and an outage ingested and opened the way production opens it.

One copy for the detector's pure tests, the store's tests, the status-update connector tests and
the web pages: tests/ is on sys.path because it holds the root conftest.py.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions.incidents import do_check_incidents
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn

#: Complaints of a steady brand, none alike: `{i}` an item, `{d}` a day.
ORDINARY = [
    "my parcel never arrived and tracking has not moved since {d}",
    "you charged me twice for the {i}, please refund the second payment",
    "the {i} broke after two uses, really poor quality",
    "staff at the city store were rude when I returned the {i}",
    "password reset email never comes, locked out since {d}",
    "still no refund for the {i} I sent back {d}",
    "courier left the {i} outside in the rain",
    "wrong size {i} delivered, I ordered a medium",
]
#: One problem in many people's words: what the detector must group.
OUTAGE = [
    "is the app down?? wont load at all",
    "cant log in to the app, website down too",
    "website down again, getting error 503",
    "the app is completely down, nothing loads",
    "app and website both down, cant log in",
    "is there an outage? app wont load",
]


def post_id(platform: str, k: int) -> str:
    """An id the platform's connector can answer (Bluesky wants an at:// URI, Reddit a t1_ name)."""
    return {"bluesky": f"at://did:plc:fan{k}/app.bsky.feed.post/o{k}", "reddit": f"t1_o{k}"}.get(platform, f"o{k}")


def open_outage(
    factory: sessionmaker[Session],
    n: int,
    *,
    handle: str,
    seed: int,
    followers: int,
    platforms: Sequence[str] = ("x",),
    display_name: Callable[[int], str] = lambda k: f"Kim {k}",
    brand_key: str | None = None,
) -> int:
    """Ingest `n` outage posts to `handle` over the last 8 minutes (on `platforms` in turn) and run
    the detector as the scheduler would; returns the one incident it opened."""
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    items = [
        MentionIn(
            platform=platforms[k % len(platforms)],
            external_id=post_id(platforms[k % len(platforms)], k),
            text=f"@{handle} {rnd.choice(OUTAGE)}",
            brand_handle=handle,
            created_at=now - timedelta(minutes=8) + timedelta(seconds=20 * k),
            language="en",
            author=AuthorIn(handle=f"fan{k}", external_id=f"9{k}", followers=followers, display_name=display_name(k)),
        )  # fmt: skip
        for k in range(n)
    ]
    with factory.begin() as s:
        do_ingest_mentions(s, items, brand_key=brand_key)
    with factory.begin() as s:
        report = do_check_incidents(s, now + timedelta(seconds=1))
    assert len(report.opened) == 1, report
    return report.opened[0]
