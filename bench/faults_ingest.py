"""Fault bench: ingest N mentions through queue workers while killing one (kill -9) and,
optionally, restarting PostgreSQL; then check every mention is stored exactly once.

    .venv/bin/python bench/faults_ingest.py --mentions 100000 --workers 2 [--pg-restart]

Needs the local PostgreSQL (127.0.0.1:5432, user postgres). Creates and drops its own database.
`--pg-restart` runs `pg_ctlcluster --skip-systemctl-redirect 15 main restart` mid-ingest (it
affects every client of that server) and always leaves the server running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg

from bench_processes import stop

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
CALMDESK = [sys.executable, "-m", "calmdesk.cli.main"]


def body(start: int, count: int) -> str:
    return json.dumps(
        {
            "items": [
                {
                    "id": f"f{i}",
                    "text": f"order {i} arrived broken and nobody answers",
                    "created_at": "2024-05-01T10:00:00+00:00",
                    "author": {"handle": f"cust{i % 4999}"},
                }
                for i in range(start, start + count)
            ]
        }
    )


def count(url: str, sql: str) -> int:
    for _ in range(60):
        try:
            with psycopg.connect(url, connect_timeout=3) as c:
                row = c.execute(sql).fetchone()
                return int(row[0]) if row else 0
        except psycopg.OperationalError:
            time.sleep(0.5)
    raise RuntimeError("database did not come back")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--per-receipt", type=int, default=500)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--pg-restart", action="store_true")
    ap.add_argument("--timeout", type=float, default=1500)
    args = ap.parse_args()

    name = f"cd_faults_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    env = dict(os.environ, CALMDESK_DATABASE_URL=url, CALMDESK_HEARTBEAT_S="2", CALMDESK_STALLED_AFTER_S="10")
    logs = Path(os.environ.get("TMPDIR", "/tmp")) / name
    logs.mkdir()
    procs: list[subprocess.Popen[bytes]] = []
    try:
        from calmdesk.actions.brands import ensure_brand
        from calmdesk.bootstrap import open_store
        from calmdesk.storage.tables import WebhookReceipt
        from calmdesk.workers.queue import (
            build_app,
            enqueue_receipts,
            ensure_queue_schema,
            rescue_stalled_jobs,
        )

        factory = open_store(url)
        engine = factory.kw["bind"]
        ensure_queue_schema(engine)
        with factory.begin() as s:
            ensure_brand(s, "acme")
            n = args.mentions // args.per_receipt
            rows = [
                WebhookReceipt(
                    source="generic:acme",
                    digest=f"bench-{i}",
                    body=body(i * args.per_receipt, args.per_receipt),
                )
                for i in range(n)
            ]
            s.add_all(rows)
            s.flush()
            enqueue_receipts(s, [r.id for r in rows])
        engine.dispose()
        total = n * args.per_receipt

        def start(i: int) -> subprocess.Popen[bytes]:
            out = open(logs / f"worker{i}.log", "ab")  # noqa: SIM115
            return subprocess.Popen(
                [*CALMDESK, "worker"], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
            )

        t0 = time.monotonic()
        procs = [start(i) for i in range(args.workers)]
        mentions = "SELECT count(*) FROM mentions"
        while count(url, mentions) < total * 0.3:
            time.sleep(0.5)
        at_kill = count(url, mentions)
        os.kill(procs[0].pid, signal.SIGKILL)
        procs[0].wait()
        print(f"kill -9 worker 0 at {at_kill} of {total} mentions ({time.monotonic() - t0:.1f}s)")
        if args.pg_restart:
            while count(url, mentions) < total * 0.5:
                time.sleep(0.5)
            at_restart = count(url, mentions)
            r0 = time.monotonic()
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True
            )
            print(f"PostgreSQL restarted at {at_restart} mentions ({time.monotonic() - r0:.1f}s down)")
        procs[0] = start(0)  # the restarted worker

        async def rescue_loop() -> int:
            app = build_app(open_store(url, run_migrations=False).kw["bind"])
            rescued = 0
            async with app.open_async():
                while count(url, "SELECT count(*) FROM webhook_receipts WHERE processed_at IS NULL") > 0:
                    if time.monotonic() - t0 > args.timeout:
                        raise SystemExit("timed out")
                    try:
                        rescued += await rescue_stalled_jobs(app, seconds=10)
                    except Exception as exc:  # the database may be restarting
                        print(f"rescue pass failed: {exc}")
                    await asyncio.sleep(3)
            return rescued

        rescued = asyncio.run(rescue_loop())
        elapsed = time.monotonic() - t0
        got = count(url, mentions)
        distinct = count(url, "SELECT count(DISTINCT (platform, external_id)) FROM mentions")
        msgs = count(url, "SELECT count(*) FROM messages")
        errors = count(url, "SELECT count(*) FROM webhook_receipts WHERE error IS NOT NULL")
        ok = got == total == distinct == msgs and errors == 0
        print(
            f"mentions {got} (distinct {distinct}, messages {msgs}) of {total}; receipts with errors {errors}; "
            f"jobs rescued from the dead worker {rescued}; {elapsed:.1f}s, {got / elapsed:.0f} mentions/s "
            f"with {args.workers} workers -> {'EXACTLY ONCE' if ok else 'MISMATCH'}"
        )
        if not ok:
            sys.exit(1)
    finally:
        stop(procs)
        if args.pg_restart:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start"], capture_output=True
            )
        with psycopg.connect(ADMIN, autocommit=True) as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
