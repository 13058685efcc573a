"""In-process bench: a worker's path from stored webhook receipts to triaged cases, on PostgreSQL.

    .venv/bin/python bench/receipt_worker.py --mentions 4000 --per-receipt 10 --batch 1 50 200

For each `--batch` size (receipts per job, as `CALMDESK_RECEIPT_BATCH`): a fresh database, the
receipts stored as the signed-webhook endpoint stores them, then `process_receipt_batch` called
once per receipt in this process, as the queue calls it once per job (a job whose receipt an
earlier batch took finds it done). Prints mentions per wall-second and per CPU-second of this
process (the database's own CPU is not in it) and each size's ratio to the first, which is the
same-process baseline (`--batch 1`: one receipt per transaction). `--profile` writes a cProfile
of the last size to `--profile-out`. On a shared machine read the CPU figures; the load average
is printed beside them.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import time
import uuid

import psycopg

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def receipt_body(r: int, per: int) -> str:
    """Posts as the webhook load bench sends them: a third of them a distinct complaint."""
    return json.dumps(
        {
            "items": [
                {
                    "id": f"P{r}-{k}",
                    "text": "my delivery is a week late" if k % 3 else f"order {r} arrived broken, nobody answers",
                    "created_at": "2024-05-01T10:00:00Z",
                    "author": {"handle": f"u{(r * per + k) % 500}"},
                }
                for k in range(per)
            ]
        }
    )


def run(size: int, args: argparse.Namespace, profile: bool) -> tuple[float, float, int]:
    from sqlalchemy import text

    from calmdesk.actions.brands import ensure_brand
    from calmdesk.actions.receipts import do_store_receipt
    from calmdesk.bootstrap import open_store
    from calmdesk.workers.receipt_batch import process_receipt_batch

    name = f"cd_rworker_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    url = args.admin.rsplit("/", 1)[0] + f"/{name}"
    factory = open_store(url)
    try:
        with factory.begin() as s:
            ensure_brand(s, "acme")
        ids = []
        for r in range(args.mentions // args.per_receipt):
            body = receipt_body(r, args.per_receipt)
            rid, _ = do_store_receipt(factory, "generic:acme", hashlib.sha256(body.encode()).hexdigest(), body)
            ids.append(rid)
        process_receipt_batch(factory, ids[0], size=1)  # warm-up: imports, models, connections
        prof = cProfile.Profile() if profile else None
        t0, c0 = time.perf_counter(), time.process_time()
        if prof:
            prof.enable()
        for rid in ids[1:]:
            process_receipt_batch(factory, rid, size=size)
        if prof:
            prof.disable()
            prof.dump_stats(args.profile_out)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        with factory() as s:
            n = int(s.execute(text("SELECT count(*) FROM mentions")).scalar_one()) - args.per_receipt
            distinct = int(s.execute(text("SELECT count(DISTINCT external_id) FROM mentions")).scalar_one())
            triaged = int(s.execute(text("SELECT count(*) FROM mentions WHERE triage IS NOT NULL")).scalar_one())
            waiting = int(
                s.execute(text("SELECT count(*) FROM webhook_receipts WHERE processed_at IS NULL")).scalar_one()
            )
        expected = len(ids) * args.per_receipt
        assert distinct == n + args.per_receipt == expected == triaged and waiting == 0, (distinct, n, triaged)
        return wall, cpu, n
    finally:
        factory.kw["bind"].dispose()
        with psycopg.connect(args.admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=4000)
    ap.add_argument("--per-receipt", type=int, default=10)
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 50])
    ap.add_argument("--admin", default=ADMIN, help="a PostgreSQL database to create the bench's own from")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--profile-out", default="receipt_worker.prof")
    args = ap.parse_args()
    first: tuple[float, float] | None = None
    for i, size in enumerate(args.batch):
        wall, cpu, n = run(size, args, args.profile and i == len(args.batch) - 1)
        rate_wall, rate_cpu = n / wall, n / cpu
        first = first or (rate_wall, rate_cpu)
        print(
            f"batch {size:>4} receipts/job: {n} mentions in {wall:.2f} s wall, {cpu:.2f} s CPU -> "
            f"{rate_wall:.0f} mentions/s wall, {rate_cpu:.0f} mentions/CPU-s "
            f"(x{rate_wall / first[0]:.2f} wall, x{rate_cpu / first[1]:.2f} CPU against batch {args.batch[0]}); "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
