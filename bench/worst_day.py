"""A brand's worst day, replayed through signed webhooks into serve + workers + scheduler on PostgreSQL.

    .venv/bin/python bench/worst_day.py                       # 60 s steady, 60 s burst, 60 s steady
    .venv/bin/python bench/worst_day.py --steady 20 --burst-seconds 20 --burst-rate 1000 --workers 2

A day is compressed into minutes: a steady `--steady-rate` mentions/s (default 50) for
`--steady` seconds, a burst of `--burst-rate` mentions/s (default 2,000) for `--burst-seconds`
(default 60), then steady again. 2 % of the posts are sent a second time in a later request
(the platform retrying), 10 % are replies to earlier posts. Prints what was accepted, stored,
lost (must be 0), doubled (must be 0: a post stored twice, or a thread message twice), the
webhook-to-inbox latency (sending the request to the mention being visible in the inbox:
triaged and committed, seen by `inbox_watch.InboxWatcher` polling from its own connection)
during and after the burst, and the time to drain. Texts are the dev set's real tweets, each
made distinct (`--texts synthetic`: the word-salad sentences of before 2026-12-07).

Same-process baseline: the sender's own accepted rate (what one loopback client can post) is
printed next to the stored rate, so a slow machine shows as a slow sender too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
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
CALMDESK = [sys.executable, "-m", "calmdesk.cli.main"]
SECRET = "bench-webhook-secret"
WORDS = ["delivery", "refund", "app", "courier", "invoice", "login", "parcel", "support", "order", "charge"]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def plan(args: argparse.Namespace, rnd: random.Random) -> list[tuple[float, dict[str, object], str]]:
    """(second to send at, item, phase) for every post, in sending order."""
    out: list[tuple[float, dict[str, object], str]] = []
    earlier: list[str] = []
    phases = [("before", args.steady_rate, args.steady), ("burst", args.burst_rate, args.burst_seconds),
              ("after", args.steady_rate, args.steady)]
    t = 0.0
    n = 0
    total = sum(int(rate * seconds) for _, rate, seconds in phases)
    texts = real_texts(total, seed=18) if args.texts == "tweets" else []
    for phase, rate, seconds in phases:
        count = int(rate * seconds)
        for k in range(count):
            at = t + k / rate
            ext = f"wd{n}"
            n += 1
            item: dict[str, object] = {
                "id": ext,
                "text": texts[n - 1] if texts else f"@acme my {rnd.choice(WORDS)} {rnd.randint(100, 99999)} is a "
                        f"mess, {rnd.choice(WORDS)} {rnd.choice(WORDS)} since {rnd.randint(1, 28)} days",
                "author": {"handle": f"c{rnd.randint(0, 20000)}", "followers": rnd.randint(0, 5000)},
            }
            if earlier and rnd.random() < args.replies:
                item["in_reply_to"] = rnd.choice(earlier[-5000:])
            earlier.append(ext)
            out.append((at, item, phase))
            if rnd.random() < args.duplicates:
                out.append((at + rnd.uniform(0.5, 5.0), item, phase))  # the platform retries it later
        t += seconds
    out.sort(key=lambda x: x[0])
    return out


def send(base: str, schedule: list[tuple[float, dict[str, object], str]], per_request: int,
         sent_at: dict[str, tuple[float, str]], statuses: dict[int, int], t0: float) -> None:
    from calmdesk.channels.webhook.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, generic_signature

    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(0, len(schedule), per_request):
            chunk = schedule[i : i + per_request]
            due = t0 + chunk[0][0]
            if due > time.time():
                time.sleep(due - time.time())
            # Posted now, as a live stream's are; a retried post keeps its first time (the platform's).
            stamp = datetime.now(UTC).isoformat()
            for _, item, _ in chunk:
                item.setdefault("created_at", stamp)
            body = json.dumps({"items": [item for _, item, _ in chunk]})
            ts = int(time.time())
            now = time.time()
            try:
                r = client.post("/webhooks/generic/acme", content=body, headers={
                    TIMESTAMP_HEADER: str(ts), SIGNATURE_HEADER: generic_signature(body, ts, SECRET)})
                code = r.status_code
            except httpx.HTTPError:
                code = -1
            statuses[code] = statuses.get(code, 0) + 1
            if code in (200, 202):
                for _, item, phase in chunk:
                    sent_at.setdefault(str(item["id"]), (now, phase))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steady-rate", type=float, default=50)
    ap.add_argument("--steady", type=float, default=60, help="seconds of steady traffic before and after")
    ap.add_argument("--burst-rate", type=float, default=2000)
    ap.add_argument("--burst-seconds", type=float, default=60)
    ap.add_argument("--duplicates", type=float, default=0.02)
    ap.add_argument("--replies", type=float, default=0.10)
    ap.add_argument("--per-request", type=int, default=20, help="posts per webhook request")
    ap.add_argument("--senders", type=int, default=2, help="parallel webhook senders")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--serve-workers", type=int, default=1, help="uvicorn processes for `calmdesk serve`")
    ap.add_argument("--drain", type=float, default=900, help="longest wait for the queue to empty")
    ap.add_argument("--texts", choices=["tweets", "synthetic"], default="tweets")
    ap.add_argument("--admin", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()

    rnd = random.Random(18)
    schedule = plan(args, rnd)
    unique = {str(item["id"]) for _, item, _ in schedule}
    print(f"plan: {len(schedule):,} posts sent ({len(unique):,} distinct), "
          f"{args.steady_rate:g}/s for {args.steady:g}s, {args.burst_rate:g}/s for {args.burst_seconds:g}s, "
          f"{args.steady_rate:g}/s for {args.steady:g}s; {args.workers} workers", flush=True)

    name = f"cd_worst_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = args.admin.rsplit("/", 1)[0] + "/" + name
    env = dict(os.environ, CALMDESK_DATABASE_URL=url, CALMDESK_WEBHOOK_SECRET=SECRET, CALMDESK_ENV="development")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        subprocess.run([*CALMDESK, "worker", "--migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
        from calmdesk.actions.brands import ensure_brand
        from calmdesk.bootstrap import open_store

        f = open_store(url)
        with f.begin() as s:
            ensure_brand(s, "acme")
        f.kw["bind"].dispose()
        port = free_port()
        serve = [*CALMDESK, "serve", "--port", str(port)]
        if args.serve_workers > 1:
            serve += ["--workers", str(args.serve_workers)]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        procs.append(subprocess.Popen(serve, env=env, cwd=ROOT, **quiet))  # type: ignore[call-overload]
        procs.append(subprocess.Popen([*CALMDESK, "scheduler"], env=env, cwd=ROOT, **quiet))  # type: ignore[call-overload]
        procs += [subprocess.Popen([*CALMDESK, "worker"], env=env, cwd=ROOT, **quiet)  # type: ignore[call-overload]
                  for _ in range(args.workers)]
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # up to 2 minutes: `serve` starts slowly on a loaded machine
            try:
                if httpx.get(base + "/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        sent_at: dict[str, tuple[float, str]] = {}
        statuses: dict[int, int] = {}
        watcher = InboxWatcher(url)
        watcher.start()
        t0 = time.time() + 0.5
        lanes = [schedule[k :: args.senders] for k in range(args.senders)]
        threads = [threading.Thread(target=send, args=(base, lane, args.per_request, sent_at, statuses, t0))
                   for lane in lanes]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        send_s = time.time() - t0
        accepted = len(sent_at)
        deadline = time.time() + args.drain
        with psycopg.connect(url) as c:
            while time.time() < deadline:
                (n,) = c.execute("SELECT count(*) FROM mentions WHERE triage IS NOT NULL").fetchone() or (0,)
                (waiting,) = c.execute("SELECT count(*) FROM webhook_receipts WHERE processed_at IS NULL").fetchone() or (0,)
                if n >= accepted and waiting == 0:
                    break
                time.sleep(0.5)
            drained = time.time() - t0 - send_s
            rows = c.execute("SELECT external_id, received_at FROM mentions").fetchall()
            seen = watcher.finish()
            (doubled_m,) = c.execute(
                "SELECT count(*) - count(DISTINCT (platform, external_id)) FROM mentions").fetchone() or (0,)
            (doubled_msg,) = c.execute(
                "SELECT count(*) - count(DISTINCT mention_id) FROM messages WHERE mention_id IS NOT NULL").fetchone() or (0,)
            (untriaged,) = c.execute("SELECT count(*) FROM mentions WHERE triage IS NULL").fetchone() or (0,)
            (errors,) = c.execute("SELECT count(*) FROM webhook_receipts WHERE error IS NOT NULL").fetchone() or (0,)
        stored = {ext for ext, _ in rows}
        lost = len(set(sent_at) - stored)
        lat: dict[str, list[float]] = {"before": [], "burst": [], "after": []}
        for ext, at in seen.items():
            if ext in sent_at:
                sent, phase = sent_at[ext]
                lat[phase].append((at - sent) * 1000)
        print(f"sent for {send_s:.1f}s, statuses {statuses}; accepted {accepted:,} distinct posts "
              f"({accepted / send_s:,.0f}/s offered by the senders)")
        print(f"stored {len(stored):,}; lost {lost}; doubled {doubled_m + doubled_msg} "
              f"(mentions {doubled_m}, thread messages {doubled_msg}); untriaged {untriaged}; receipt errors {errors}")
        for phase in ("before", "burst", "after"):
            v = lat[phase]
            print(f"webhook -> inbox, {phase:6s} the burst: p50 {pct(v, 50) / 1000:7.2f} s  p99 {pct(v, 99) / 1000:7.2f} s"
                  f"  ({len(v):,} posts)")
        print(f"time to drain after the last request: {drained:.1f} s (inbox polled every {watcher.interval:g} s, "
              f"{watcher.late} posts seen only at the end; texts {args.texts}; load average {os.getloadavg()[0]:.1f})")
    finally:
        stop(procs)
        with psycopg.connect(args.admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
