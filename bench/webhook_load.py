"""Load bench: signed generic webhooks at a sustained rate on loopback, with 1 and 2 workers.

    .venv/bin/python bench/webhook_load.py --rate 20 --per-request 10 --seconds 20 --workers 1 2

For each worker count: a fresh PostgreSQL database, `calmdesk serve` (uvicorn) and N
`calmdesk worker` processes; a sender posts signed bodies at `--rate` requests/s for
`--seconds`, then waits (bounded) for the inbox to hold them. Prints accepted mentions/s and
the p50/p99 latency from sending the webhook to its mention being visible in the inbox, i.e.
triaged and committed (`inbox_watch.InboxWatcher` polls from its own connection; the older
figure from `mentions.received_at`, written at insert before triage and commit, is printed
beside it).

Texts (`--texts`): `tweets` (default) sends the dev set's real tweets, each made distinct, so
triage really runs on every post; `fixed` sends one sentence for every post, as this bench did
before 2026-12-07 (after the first post, triage is a cache look-up).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

from bench_processes import free_port, stop

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inbox_watch import InboxWatcher, real_texts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
CALMDESK = [sys.executable, "-m", "calmdesk.cli.main"]
SECRET = "bench-webhook-secret"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(workers: int, args: argparse.Namespace) -> None:
    from calmdesk.channels.webhook.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, generic_signature

    name = f"cd_load_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(ADMIN, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    port = free_port()
    env = dict(
        os.environ,
        CALMDESK_DATABASE_URL=url,
        CALMDESK_WEBHOOK_SECRET=SECRET,
        CALMDESK_ENV="development",
    )
    procs: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run([*CALMDESK, "worker", "--migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
        subprocess.run([*CALMDESK, "brands", "add", "acme"], env=env, cwd=ROOT, capture_output=True)
        with psycopg.connect(url) as c:  # make sure the brand exists whatever the brands CLI looks like
            if not c.execute("SELECT 1 FROM brands WHERE key = 'acme'").fetchone():
                from calmdesk.actions.brands import ensure_brand
                from calmdesk.bootstrap import open_store

                f = open_store(url)
                with f.begin() as s:
                    ensure_brand(s, "acme")
                f.kw["bind"].dispose()
        procs.append(
            subprocess.Popen(
                [*CALMDESK, "serve", "--port", str(port)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        procs += [
            subprocess.Popen(
                [*CALMDESK, "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(workers)
        ]
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(600):  # up to 2 minutes: `serve` starts slowly on a loaded machine
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            sent_at: dict[str, float] = {}
            statuses: dict[int, int] = {}
            total = int(args.rate * args.seconds + 1) * args.per_request
            texts = real_texts(total) if args.texts == "tweets" else ["my delivery is a week late"] * total
            watcher = InboxWatcher(url)
            watcher.start()
            t0 = time.time()
            i = 0
            while time.time() - t0 < args.seconds:
                due = t0 + i / args.rate
                if due > time.time():
                    time.sleep(due - time.time())
                ids = [f"L{i}-{k}" for k in range(args.per_request)]
                stamp = datetime.now(UTC).isoformat()  # posted now, as a live stream's posts are
                body = json.dumps(
                    {
                        "items": [
                            {
                                "id": x,
                                "text": texts[(i * args.per_request + k) % total],
                                "created_at": stamp,
                                "author": {"handle": f"u{hash(x) % 500}"},
                            }
                            for k, x in enumerate(ids)
                        ]
                    }
                )
                ts = int(time.time())
                now = time.time()
                r = client.post(
                    "/webhooks/generic/acme",
                    content=body,
                    headers={
                        TIMESTAMP_HEADER: str(ts),
                        SIGNATURE_HEADER: generic_signature(body, ts, SECRET),
                    },
                )
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                if r.status_code == 202:
                    for x in ids:
                        sent_at[x] = now
                i += 1
            send_s = time.time() - t0
        deadline = time.time() + args.drain
        with psycopg.connect(url) as c:
            while time.time() < deadline:
                (n,) = c.execute("SELECT count(*) FROM mentions").fetchone() or (0,)
                if n >= len(sent_at):
                    break
                time.sleep(0.5)
            rows = c.execute("SELECT external_id, received_at FROM mentions").fetchall()
        seen = watcher.finish()
        lat = [(seen[ext] - sent_at[ext]) * 1000 for ext in seen if ext in sent_at]
        at_insert = [(at.timestamp() - sent_at[ext]) * 1000 for ext, at in rows if ext in sent_at]
        last = max(seen.values(), default=time.time())
        print(
            f"workers={workers}: sent {i} requests ({len(sent_at)} mentions) in {send_s:.1f}s, statuses {statuses}; "
            f"stored {len(rows)}; accepted {len(sent_at) / send_s:.0f} mentions/s; "
            f"stored {len(rows) / max(last - t0, 1e-9):.0f} mentions/s; "
            f"webhook->inbox (triaged, committed, seen by a poll every {watcher.interval:g} s) "
            f"p50 {pct(lat, 50):.0f} ms, p99 {pct(lat, 99):.0f} ms [{watcher.late} seen only at the end]; "
            f"webhook->insert (received_at) p50 {pct(at_insert, 50):.0f} ms, p99 {pct(at_insert, 99):.0f} ms; "
            f"texts {args.texts}; load average {os.getloadavg()[0]:.1f}"
        )
    finally:
        stop(procs)
        with psycopg.connect(ADMIN, autocommit=True) as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=float, default=20, help="requests per second")
    ap.add_argument("--per-request", type=int, default=10, help="mentions per request")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--drain", type=float, default=120, help="longest wait for the queue to empty")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--texts", choices=["tweets", "fixed"], default="tweets",
                    help="distinct real tweets, or one fixed sentence (the triage cache's best case)")
    args = ap.parse_args()
    for w in args.workers:
        run(w, args)


if __name__ == "__main__":
    main()
