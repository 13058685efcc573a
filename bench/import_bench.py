"""Import benchmark: N rows in the Customer Support on Twitter layout, generated here, imported by
the real `calmdesk import` command (progress bar on) into SQLite and PostgreSQL.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--skip-postgres]

Prints rows/s per store, and the ratio against a baseline run in the same process: a plain
`executemany` of the same rows into one SQLite table (the floor any importer pays).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

BRANDS = ["AcmeCare", "NorthwindHelp", "PixelSupport", "BrightBankHelp", "SkyRailUK"]
COMPLAINTS = [
    "my order {n} still hasn't arrived after two weeks",
    "charged twice for the same thing, order {n}",
    "app keeps crashing since the update",
    "your driver left the parcel in the rain",
    "been on hold for an hour, nobody answers",
    "the replacement is broken too, order {n}",
]
REPLIES = ["Sorry to hear that! Can you DM us so we can look into it? ^AB", "We're on it, DM sent ^CD"]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    t0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
                    "in_response_to_tweet_id"])
        tid = 1_000_000
        written = 0
        while written < rows:
            brand = rnd.choice(BRANDS)
            user = str(rnd.randint(100_000, 999_999))
            at = t0 + timedelta(seconds=written * 3)
            root = tid
            w.writerow([root, user, "True", at.strftime("%a %b %d %H:%M:%S +0000 %Y"),
                        f"@{brand} " + rnd.choice(COMPLAINTS).format(n=rnd.randint(10000, 99999)), root + 1, ""])
            written += 1
            if written < rows and rnd.random() < 0.7:
                w.writerow([root + 1, brand, "False", (at + timedelta(minutes=20)).strftime("%a %b %d %H:%M:%S +0000 %Y"),
                            f"@{user} " + rnd.choice(REPLIES), "", root])
                written += 1
            tid += 2


def baseline(path: Path) -> float:
    """Floor: csv parse + executemany into one SQLite table, no threading, no cases."""
    with tempfile.TemporaryDirectory() as d:
        con = sqlite3.connect(Path(d) / "b.sqlite3")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("create table t (id text primary key, author text, inbound text, at text, body text, parent text)")
        start = time.perf_counter()
        with path.open(newline="", encoding="utf-8") as fh:
            r = csv.reader(fh)
            next(r)
            con.executemany("insert into t values (?,?,?,?,?,?)", ((a, b, c, d_, e, g) for a, b, c, d_, e, _f, g in r))
        con.commit()
        return time.perf_counter() - start


def run_import(path: Path, env: dict[str, str], *extra: str) -> float:
    exe = Path(sys.executable).parent / "calmdesk"
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "import", str(path), "--format", "twcs", *extra], env=env, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"import failed: {proc.stderr[-2000:]}")
    print("   ", proc.stdout.strip().splitlines()[-1])
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--with-triage", action="store_true", help="also time the default import (triage + routing)")
    ap.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "twcs.csv"
        generate(path, args.rows)
        base = baseline(path)
        print(f"rows: {args.rows:,}")
        print(f"baseline (csv + executemany into one table): {args.rows / base:,.0f} rows/s")
        env = {**os.environ, "CALMDESK_DATA_DIR": str(Path(d) / "sqlite"), "COLUMNS": "100"}
        env.pop("CALMDESK_DATABASE_URL", None)
        el = run_import(path, env, "--store-only")
        print(f"calmdesk import --store-only, SQLite:     {args.rows / el:,.0f} rows/s  ({el:.1f} s whole process, "
              f"{base / el:.2f}x of baseline speed)")
        if args.with_triage:
            env["CALMDESK_DATA_DIR"] = str(Path(d) / "sqlite2")
            el = run_import(path, env)
            print(f"calmdesk import with triage, SQLite:      {args.rows / el:,.0f} rows/s  ({el:.1f} s whole process)")
        if not args.skip_postgres:
            import psycopg

            name = f"calmdesk_bench_{uuid.uuid4().hex[:8]}"
            try:
                with psycopg.connect(args.pg_admin, autocommit=True) as c:
                    c.execute(f'create database "{name}"')
            except psycopg.OperationalError as exc:
                print(f"PostgreSQL skipped: {exc}")
                return
            try:
                env["CALMDESK_DATABASE_URL"] = args.pg_admin.rsplit("/", 1)[0] + "/" + name
                el = run_import(path, env, "--store-only")
                print(f"calmdesk import --store-only, PostgreSQL: {args.rows / el:,.0f} rows/s  ({el:.1f} s whole process, "
                      f"{base / el:.2f}x of baseline speed)")
            finally:
                with psycopg.connect(args.pg_admin, autocommit=True) as c:
                    c.execute(f'drop database if exists "{name}" with (force)')


if __name__ == "__main__":
    main()
