"""Per-batch cost of triage's burst window as the store grows (issue 18).

    .venv/bin/python bench/burst_window.py                          # 10k, 100k, 1M mentions, SQLite
    .venv/bin/python bench/burst_window.py --sizes 10000 100000 --url postgresql://postgres@127.0.0.1:5432/postgres

For each size: a store with that many triaged inbound mentions of one brand, spread over
the last 30 days with a realistic share of repeated wordings, then a batch of 50 new posts.
Prints the time to seed the burst window for the batch, two ways, in the same process:
- before: the previous read (every inbound post of the brand in the hour before the batch,
  no supporting index, up to 5,000 rows, each signature computed again);
- now: `actions.triage_burst.seeded_detector` (posts with the batch's burst keys, newest
  `PER_KEY` per key, read through `ix_mentions_burst`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.orm import Session

from calmdesk.actions.triage_burst import burst_key, seeded_detector
from calmdesk.storage.db import make_engine, migrate
from calmdesk.storage.tables import Author, Brand, Mention
from calmdesk.triage.legitimacy import BurstDetector

WORDINGS = [
    "my parcel {n} never arrived and nobody answers the phone at all",
    "charged twice for order {n}, please refund me the second payment now",
    "the app crashes every time I open my account page since the update",
    "driver left my package {n} in the rain outside the wrong door again",
]


class Post:
    def __init__(self, text_: str, at: datetime) -> None:
        self.text = text_
        self.created_at = at


def build(url: str, size: int, now: datetime, seed: int = 7) -> None:
    rnd = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        bid = conn.execute(insert(Brand).values(key="acme", name="Acme").returning(Brand.id)).scalar_one()
        conn.execute(insert(Author), [{"platform": "x", "handle": f"u{i}", "verified": False, "is_brand": False}
                                      for i in range(5000)])
        first_author = conn.execute(text("select min(id) from authors")).scalar_one()
        for start in range(0, size, 20000):
            rows = []
            for i in range(start, min(size, start + 20000)):
                # Most posts are unique; one in five uses a common wording (with its own number).
                body = (rnd.choice(WORDINGS).format(n=rnd.randint(1000, 99999)) if rnd.random() < 0.2
                        else f"post {i} about something only this person says {rnd.random()} words here")
                at = now - timedelta(seconds=rnd.randint(0, 30 * 24 * 3600))
                rows.append({
                    "platform": "x", "external_id": f"m{i}", "thread_key": f"m{i}", "brand_id": bid,
                    "author_id": first_author + rnd.randrange(5000), "direction": "inbound", "visibility": "public",
                    "text": body, "created_at": at, "received_at": at, "hidden": False, "burst_key": burst_key(body),
                    "triage": {},
                })
            conn.execute(insert(Mention), rows)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()


def old_window(session: Session, brand_id: int, posts: list[Post], first_new: int) -> BurstDetector:
    """The read triage did before issue 18 (kept here as the baseline)."""
    detector = BurstDetector()
    start = min(p.created_at for p in posts) - detector.window
    rows = session.execute(
        select(Mention.id, Mention.text, Author.handle, Mention.created_at)
        .join(Author, Author.id == Mention.author_id, isouter=True)
        .where(Mention.brand_id == brand_id, Mention.direction == "inbound", Mention.created_at >= start,
               Mention.id < first_new)
        .order_by(Mention.created_at)
        .limit(5000)
    )
    for _mid, body, handle, at in rows:
        detector.add(body, handle or "?", at)
    return detector


def timed(fn: Any, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def compare(
    s: Session, bid: int, first_new: int, batch: list[Post], keys: list[str | None], runs: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    before = timed(lambda: old_window(s, bid, batch, first_new), runs)
    after = timed(lambda: seeded_detector(s, bid, batch, keys), runs)
    return before, after


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--url", help="PostgreSQL admin URL (a database per size is created and dropped)")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    now = datetime.now(UTC)
    rnd = random.Random(1)
    batch = [Post(rnd.choice(WORDINGS).format(n=rnd.randint(1000, 99999)) if k % 3 == 0
                  else f"a new post number {k} with its own words {rnd.random()}", now - timedelta(seconds=50 - k))
             for k in range(50)]
    keys = [burst_key(p.text) for p in batch]
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as d:
            if args.url:
                name = f"cd_burst_{uuid.uuid4().hex[:8]}"
                admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.execute(text(f'CREATE DATABASE "{name}"'))
                url = args.url.rsplit("/", 1)[0] + "/" + name
            else:
                url = f"sqlite:///{Path(d) / 'b.sqlite3'}"
            try:
                t0 = time.perf_counter()
                build(url, size, now)
                engine = make_engine(url)
                with Session(engine) as s:
                    bid = s.scalar(select(Brand.id))
                    assert bid is not None
                    first_new = int(s.scalar(select(Mention.id).order_by(Mention.id.desc()).limit(1)) or 0) + 1
                    before, after = compare(s, bid, first_new, batch, keys, args.runs)
                engine.dispose()
                print(f"{engine.dialect.name} {size:>9,} mentions (built in {time.perf_counter() - t0:.0f}s): "
                      f"before p50 {before[0]:7.1f} ms p95 {before[1]:7.1f} ms | "
                      f"now p50 {after[0]:6.1f} ms p95 {after[1]:6.1f} ms | {before[0] / after[0]:.0f}x", flush=True)
            finally:
                if args.url:
                    with admin.connect() as c:
                        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    admin.dispose()


if __name__ == "__main__":
    main()
