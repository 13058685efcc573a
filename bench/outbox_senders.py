"""No reply twice: several `calmdesk outbox send --every 1` processes against a slow platform.

Issue 17 item 1: two senders against a platform taking 3 s per post gave 111 posts for 110
targets, because the lease was counted from the start of a round. This bench runs the full
version: 1,000 replies (`--replies`), posts taking 1-5 s each, with 1 (the baseline), 2 and 3
sender processes on one store, and prints what the platform received: posted, doubled, lost,
and throughput (posts per second) with its ratio to the one-sender baseline.

    .venv/bin/python bench/outbox_senders.py                      # the full run (long: hours)
    .venv/bin/python bench/outbox_senders.py --replies 60 --min-delay 0.2 --max-delay 1
    .venv/bin/python bench/outbox_senders.py --store postgresql://postgres@127.0.0.1:5432/x

The store is a fresh SQLite file unless `--store` names a PostgreSQL database (created and
dropped by the bench). `--lease` is the senders' lease in seconds (default: the product's).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from bench_processes import stop

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "channels"))

from fakeplatform import TOKEN, FakePlatform  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402

from calmdesk.actions.outbox import LEASE  # noqa: E402
from calmdesk.secrets import env_name  # noqa: E402
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate  # noqa: E402
from calmdesk.storage.tables import OutboxItem  # noqa: E402
from outbox_store import queue_x_replies  # noqa: E402


def _store(base: str | None, tmp: str) -> tuple[str, str | None]:
    """A fresh database URL, and the name to drop afterwards (PostgreSQL)."""
    if not base:
        return f"sqlite:///{tmp}/senders-{uuid.uuid4().hex[:8]}.sqlite3", None
    name = f"bench_senders_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name, name


def _drop(base: str, name: str) -> None:
    admin = create_engine(
        base.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def run(
    senders: int, replies: int, delays: tuple[float, float], lease: float, base: str | None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, FakePlatform() as fake:
        url, dropname = _store(base, tmp)
        engine = make_engine(url)
        migrate(engine)
        factory = make_sessionmaker(engine)
        fake.post_delay = delays
        targets = queue_x_replies(factory, fake, replies)
        env = {**os.environ, "CALMDESK_DATABASE_URL": url, env_name("x:acme:token"): TOKEN}
        cmd = [
            sys.executable,
            "-m",
            "calmdesk.cli.main",
            "outbox",
            "send",
            "--every",
            "1",
            "--lease",
            str(lease),
        ]
        start = time.perf_counter()
        procs = [
            subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(senders)
        ]
        try:
            while True:
                time.sleep(0.5)
                with factory() as s:
                    left = s.scalar(
                        select(text("count(*)")).select_from(OutboxItem).where(OutboxItem.status != "posted")
                    )
                if not left:
                    break
        finally:
            elapsed = time.perf_counter() - start
            stop(procs, grace_s=30)
        posts = fake.sent("POST", "/2/tweets")
        answered = Counter(r.body["reply"]["in_reply_to_tweet_id"] for r in posts)
        engine.dispose()
        if base and dropname:
            _drop(base, dropname)
        return {
            "posted": len(posts),
            "doubled": sum(n - 1 for n in answered.values() if n > 1),
            "lost": sum(1 for t in targets if t not in answered),
            "seconds": elapsed,
            "per_s": len(answered) / elapsed,
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replies", type=int, default=1000)
    ap.add_argument("--senders", default="1,2,3", help="comma-separated sender counts; 1 is the baseline")
    ap.add_argument("--min-delay", type=float, default=1.0, help="seconds per post, low end")
    ap.add_argument("--max-delay", type=float, default=5.0, help="seconds per post, high end")
    ap.add_argument("--lease", type=float, default=LEASE.total_seconds())
    ap.add_argument("--store", default=None, help="PostgreSQL admin URL (default: a SQLite file)")
    args = ap.parse_args()
    counts = [int(n) for n in args.senders.split(",")]
    print(
        f"{args.replies} replies, {args.min_delay}-{args.max_delay} s per post, lease {args.lease} s, "
        f"store {'postgresql' if args.store else 'sqlite'}"
    )
    baseline: float | None = None
    for n in counts:
        r = run(n, args.replies, (args.min_delay, args.max_delay), args.lease, args.store)
        if n == 1:
            baseline = r["per_s"]
        ratio = f" ({r['per_s'] / baseline:.2f}x the 1-sender baseline)" if baseline else ""
        print(
            f"{n} sender(s): posted {r['posted']:.0f}, doubled {r['doubled']:.0f}, lost {r['lost']:.0f}, "
            f"{r['seconds']:.1f} s, {r['per_s']:.2f} replies/s{ratio}",
            flush=True,
        )


if __name__ == "__main__":
    main()
