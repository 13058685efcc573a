"""Monthly partitions on PostgreSQL (issue 18, item 4): what they cost ingest, and the conversion.

    .venv/bin/python bench/partitions.py                       # 20,000 mentions, 3 rounds
    .venv/bin/python bench/partitions.py --n 100000 --rounds 2 --url postgresql://postgres@127.0.0.1:5432/postgres

In the same process, on two fresh databases of the local PostgreSQL:
- baseline: the schema before partitioning (migration `0007_open_case_counts`: plain tables,
  `mentions` unique on (platform, external id));
- partitioned: the head schema (monthly partitions, keys claimed in `mention_keys` first, the
  claim trigger on `mentions`).
Each round stores the same `--n` posts (spread over 6 months, 1,000 a batch, `run_hooks=False`:
storing only, as `calmdesk import --store-only` does) into both, alternating which goes first,
and prints rows/s (wall) and the client's CPU seconds. The database server's work is in the
wall figure only; the machine is shared, so the load average is printed beside it.
Then the baseline store, filled, is upgraded to head: the conversion's rows/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from bench_store import drop_postgres, fresh_postgres
from calmdesk.actions.brands import do_upsert_brand
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.domain.playbook import parse_playbook
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate

PLAYBOOK = 'brand = "acme"\n[[channels]]\nplatform = "x"\nhandle = "acme"\n[hours]\nalways_open = true\n'
START = datetime(2026, 7, 1, tzinfo=UTC)
BATCH = 1000


def items(n: int, offset: int) -> list[MentionIn]:
    span = 180 * 24 * 3600
    return [
        MentionIn(
            platform="x", external_id=f"p{offset + i}", text=f"@acme parcel {offset + i} never arrived",
            created_at=START + timedelta(seconds=(offset + i) * span // max(n, 1) % span),
            author=AuthorIn(handle=f"u{(offset + i) % 5000}"), brand_handle="acme",
            in_reply_to=f"p{offset + i - 7}" if i % 10 == 9 and offset + i >= 7 else None,
        )
        for i in range(n)
    ]


def fresh_db(admin_url: str) -> str:
    url = admin_url.rsplit("/", 1)[0] + f"/calmdesk_bench_parts_{uuid.uuid4().hex[:8]}"
    fresh_postgres(url)
    return url


def store(url: str, revision: str, posts: list[MentionIn]) -> tuple[float, float, int]:
    """(wall s, client CPU s, stored) for storing `posts` into a fresh store at `revision`."""
    engine = make_engine(url)
    migrate(engine, revision)
    factory = make_sessionmaker(engine)
    with factory.begin() as s:
        do_upsert_brand(s, parse_playbook(PLAYBOOK), PLAYBOOK)
    stored = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(posts), BATCH):
        with factory.begin() as s:
            stored += do_ingest_mentions(s, posts[i : i + BATCH], run_hooks=False).created
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    engine.dispose()
    return wall, cpu, stored


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    admin = args.url.replace("postgresql://", "postgresql+psycopg://", 1)
    posts = items(args.n, 0)
    print(f"{args.n} posts over 6 months, batches of {BATCH}; {os.cpu_count()} CPUs")
    results: dict[str, list[tuple[float, float]]] = {"baseline": [], "partitioned": []}
    for r in range(args.rounds):
        order = [("baseline", "0007_open_case_counts"), ("partitioned", "head")]
        for label, revision in order if r % 2 == 0 else order[::-1]:
            url = fresh_db(admin)
            try:
                wall, cpu, stored = store(url, revision, posts)
            finally:
                drop_postgres(url)
            assert stored == args.n, (label, stored)
            results[label].append((wall, cpu))
            print(f"  round {r + 1} {label:11s}: {args.n / wall:8.0f} rows/s wall, {cpu:6.2f} s client CPU, "
                  f"load average {os.getloadavg()[0]:.1f}")
    base = statistics.median(args.n / w for w, _ in results["baseline"])
    part = statistics.median(args.n / w for w, _ in results["partitioned"])
    print(f"store-only ingest, median: baseline {base:.0f} rows/s, partitioned {part:.0f} rows/s, "
          f"ratio partitioned/baseline {part / base:.2f}")
    url = fresh_db(admin)
    try:
        engine = make_engine(url)
        store(url, "0007_open_case_counts", posts)
        t0 = time.perf_counter()
        migrate(engine, "head")
        wall = time.perf_counter() - t0
        engine.dispose()
        print(f"conversion of {args.n} mentions (0007 -> head): {wall:.2f} s wall, {args.n / wall:.0f} rows/s, "
              f"load average {os.getloadavg()[0]:.1f}")
    finally:
        drop_postgres(url)


if __name__ == "__main__":
    main()
