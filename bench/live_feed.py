"""Cost of one read of the live channel (`/api/events`) as the audit log grows (issue 13, item 3).

    .venv/bin/python bench/live_feed.py                      # 200,000 audit actions, SQLite
    .venv/bin/python bench/live_feed.py --actions 1000000 --url postgresql://postgres@127.0.0.1:5432/postgres

A store with two brands: a busy one that wrote nearly every action and a quiet one. Each open
page reads the feed every 0.7 s; this times that read for a reader of the quiet brand, in the
same process, two ways:
- stale cursor (the baseline, what a reader whose cursor stayed where it connected would do):
  `actions_after` from the start of the busy brand's actions, scanning all of them to find none;
- now: the cursor moved to the head (`FeedCursor.reached`), so the read looks at the last 50 ids;
plus one whole read of a page (heads, actions, messages, presence) as `web/live.py` does it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, text

from calmdesk.domain.live import FeedCursor
from calmdesk.queries.live_feed import actions_after, feed_heads, live_presence, messages_after
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Action, Brand


def build(url: str, n: int) -> tuple[int, int]:
    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        busy = conn.execute(insert(Brand).values(key="busy", name="Busy").returning(Brand.id)).scalar_one()
        quiet = conn.execute(insert(Brand).values(key="quiet", name="Quiet").returning(Brand.id)).scalar_one()
        for start in range(0, n, 20000):
            conn.execute(insert(Action), [
                {"brand_id": quiet if i % 10000 == 0 else busy, "actor": "sam", "verb": "case.moved", "detail": {},
                 "at": now} for i in range(start, min(n, start + 20000))
            ])  # fmt: skip
    engine.dispose()
    return busy, quiet


def timed(fn: Callable[[], object], reps: int) -> tuple[float, float]:
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    out.sort()
    return statistics.median(out), out[int(len(out) * 0.95) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--actions", type=int, default=200_000)
    ap.add_argument("--url", default="")
    ap.add_argument("--reps", type=int, default=50)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'live.sqlite3'}"
        if args.url:
            engine = make_engine(url)
            with engine.begin() as conn:
                conn.execute(text("drop schema public cascade; create schema public"))
            engine.dispose()
        t = time.perf_counter()
        _busy, quiet = build(url, args.actions)
        print(f"store: {args.actions:,} actions ({url.split(':')[0]}), built in {time.perf_counter() - t:.1f} s")
        factory = make_sessionmaker(make_engine(url))
        with factory() as s:
            head, _ = feed_heads(s)
            cur = FeedCursor(0)
            cur.reached(head)
            stale = timed(lambda: actions_after(s, 0, [quiet]), max(5, args.reps // 5))
            now = timed(lambda: actions_after(s, cur.after(), [quiet]), args.reps)

            def whole() -> None:
                feed_heads(s)
                actions_after(s, cur.after(), [quiet])
                messages_after(s, 0, [quiet])
                live_presence(s, [quiet])

            page = timed(whole, args.reps)
        print(f"quiet brand's read, stale cursor (baseline): p50 {stale[0]:.2f} ms  p95 {stale[1]:.2f} ms")
        print(f"quiet brand's read, cursor at the head:      p50 {now[0]:.3f} ms  p95 {now[1]:.3f} ms")
        print(f"one page's whole read (heads, actions, messages, presence): p50 {page[0]:.3f} ms  p95 {page[1]:.3f} ms")
        print(f"at one read per 0.7 s, 50 open pages cost about {50 / 0.7 * page[0] / 1000 * 100:.1f} % of one core")


if __name__ == "__main__":
    main()
