"""Fault bench: send N replies through a queue worker, kill -9 it mid-run, restart, and count
what the platform got: every reply once, none twice, every outbox item `sent`.

    .venv/bin/python bench/outbox_faults.py --replies 1000 [--kill-at 0.3] [--hold] [--real-lease]

Real parts: the local PostgreSQL (127.0.0.1:5432, user postgres; the bench creates and drops its
own database), `calmdesk worker` subprocesses and the connectors area's fake X API
(`calmdesk.demo.platform_api`, which tests/channels/fakeplatform.py re-exports) serving HTTP on
127.0.0.1 in this process; the queue is `outbox_store.queue_x_replies`, as in the other outbox benches.

- default: kill -9 as soon as the platform holds `--kill-at` of the replies, wherever the
  worker happens to be (claiming, posting or recording);
- `--hold`: the fake holds its answer to that post, so the worker dies after the platform
  stored the reply and before the desk recorded it (the window reconciliation exists for).

An item caught in `sending` waits for its lease (`calmdesk.actions.outbox.LEASE`, 2 minutes)
before anyone reconciles it. By default the bench moves that lease into the past instead of
waiting; `--real-lease` waits for it and counts the wait in the time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench_processes import stop
from calmdesk.demo.platform_api import TOKEN, FakePlatform
from outbox_store import queue_x_replies

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
CALMDESK = [sys.executable, "-m", "calmdesk.cli.main"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replies", type=int, default=1000)
    ap.add_argument("--kill-at", type=float, default=0.3, help="fraction of replies posted at the kill")
    ap.add_argument("--hold", action="store_true", help="kill between 'posted' and 'recorded'")
    ap.add_argument("--real-lease", action="store_true", help="wait for the 2-minute lease")
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()

    kill_at = max(1, int(args.replies * args.kill_at))

    class Platform(FakePlatform):
        def _store_post(self, item: Any) -> None:
            with self.lock:
                self.items.append(item)
                posted = sum(1 for i in self.items if i.ours)
            if posted >= kill_at:
                self.post_stored.set()
                if args.hold and posted == kill_at and not self.release.is_set():
                    self.release.wait(timeout=120)

    from calmdesk.actions.outbox import LEASE
    from calmdesk.bootstrap import open_store
    from calmdesk.secrets import env_name
    from calmdesk.workers.queue import build_app, ensure_queue_schema, rescue_stalled_jobs

    name = f"cd_outbox_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    fake = Platform(page_size=20)
    fake.start()
    # a killed worker's open connection is reset under the server: expected here, not news
    fake._server.handle_error = lambda request, address: None
    env = dict(
        os.environ,
        CALMDESK_DATABASE_URL=url,
        CALMDESK_HEARTBEAT_S="2",
        CALMDESK_STALLED_AFTER_S="6",
        **{env_name("x:acme:token"): TOKEN},
    )
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / name
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []

    def start(tag: str, *extra: str) -> subprocess.Popen[bytes]:
        out = open(logs / f"{tag}.log", "ab")  # noqa: SIM115 - closed with the process
        p = subprocess.Popen(
            [*CALMDESK, "worker", "--queue", "outbox", *extra],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        procs.append(p)
        return p

    try:
        factory = open_store(url)
        engine = factory.kw["bind"]
        ensure_queue_schema(engine)
        queue_x_replies(factory, fake, args.replies)
        app = build_app(engine)

        async def defer() -> None:
            async with app.open_async():
                await app.tasks["calmdesk.send_outbox"].defer_async(timestamp=int(time.time()))

        def statuses() -> Counter[str]:
            with psycopg.connect(url) as c:
                return Counter(
                    {st: n for st, n in c.execute("SELECT status, count(*) FROM outbox GROUP BY 1")}
                )

        t0 = time.monotonic()
        asyncio.run(defer())
        victim = start("victim")
        if not fake.post_stored.wait(timeout=args.timeout):
            raise SystemExit(f"the worker never posted; see {logs}/victim.log")
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        fake.release.set()
        at_kill = statuses()
        posted_at_kill = len(fake.ours("x"))
        print(
            f"kill -9 at {posted_at_kill} of {args.replies} replies posted "
            f"({time.monotonic() - t0:.1f}s); outbox {dict(sorted(at_kill.items()))}"
        )

        async def rescue() -> int:
            async with app.open_async():
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    n = await rescue_stalled_jobs(app, seconds=6)
                    if n:
                        return n
                    await asyncio.sleep(1)
            return 0

        rescued = asyncio.run(rescue())
        r = start("restart", "--burst")
        r.wait(args.timeout)
        caught = statuses().get("sending", 0)
        lease_note = "no item caught mid-call"
        if caught:
            if args.real_lease:
                wait = LEASE.total_seconds() + 1
                lease_note = f"waited {wait:.0f}s for the lease of {caught} item(s) caught mid-call"
                time.sleep(wait)
            else:
                with psycopg.connect(url) as c:
                    c.execute(
                        "UPDATE outbox SET next_attempt_at = %s WHERE status = 'sending'",
                        (datetime.now(UTC) - timedelta(seconds=1),),
                    )
                lease_note = f"lease of {caught} item(s) caught mid-call moved into the past (not waited)"
            asyncio.run(defer())
            start("reconcile", "--burst").wait(args.timeout)
        elapsed = time.monotonic() - t0

        per_target = Counter(i.in_reply_to for i in fake.ours("x"))
        final = statuses()
        with psycopg.connect(url) as c:
            row = c.execute(
                "SELECT count(*) FILTER (WHERE (detail->>'reconciled')::boolean) FROM actions "
                "WHERE verb = 'outbox.sent'"
            ).fetchone()
            reconciled = int(row[0]) if row else 0
        posted = len(per_target)
        duplicates = sum(n - 1 for n in per_target.values())
        ok = posted == args.replies and duplicates == 0 and final == Counter({"posted": args.replies})
        print(
            f"replies posted {posted} of {args.replies}, duplicates {duplicates}, outbox {dict(final)}, "
            f"reconciled instead of reposted {reconciled}, jobs rescued {rescued}; {lease_note}; "
            f"{elapsed:.1f}s, {args.replies / elapsed:.0f} replies/s -> "
            f"{'EXACTLY ONCE' if ok else 'MISMATCH'}"
        )
        if not ok:
            sys.exit(1)
    finally:
        stop(procs)
        fake.stop()
        with psycopg.connect(ADMIN, autocommit=True) as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
