"""Import benchmark: N rows in the Customer Support on Twitter layout, generated here (streamed to
disk), imported by the real `calmdesk import` command (progress bar on) into SQLite and PostgreSQL.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--skip-postgres] [--old-path auto|yes|no]

For SQLite it prints, per run, rows/s (wall), CPU-seconds and rows per CPU-second (the
machine is shared: wall figures move with the others' load, CPU figures much less) and the
whole-process peak RSS (VmHWM of the child process, read as it exits), beside two floors run
in this same process on the same file:

- `floor, one table`: csv parse + `executemany` of the rows into one SQLite table;
- `floor, calmdesk schema`: csv parse + `executemany` of the same rows into the same schema
  (authors, cases, mentions, messages, case.opened actions, with their indexes, foreign keys
  and calmdesk's connection settings), 5,000 rows a transaction, as the import commits: a
  bare insert, without threading, time ordering, duplicate checks or due-time arithmetic.
  `--store-only` is measured against this one (issue 18: within 1.3x).
- `floor, calmdesk schema, 500 rows a statement`: the same bare insert with multi-row
  `INSERT ... VALUES (...), (...)` statements of up to 500 rows, as the import writes since
  the search-index trigger turned out to cost per statement executed more than per row
  (`storage.upsert`); the per-row triggers all fire. A second line, not a new definition: the
  import is also shown against it.

The import runs streaming (a file over 50,000 rows is staged on disk, `importers.staging`)
and, where `--old-path` allows (auto: up to 2 M rows; the old path needs about 1.6 GB per
million rows), again with the whole file in memory (`CALMDESK_IMPORT_CHUNK` above the row
count), the path before issue 18, as the same-run baseline for memory.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
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


def baseline(path: Path) -> tuple[float, float]:
    """Floor: csv parse + executemany into one SQLite table, no threading, no cases.
    Returns (wall seconds, CPU seconds)."""
    with tempfile.TemporaryDirectory(dir=path.parent) as d:
        con = sqlite3.connect(Path(d) / "b.sqlite3")
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("create table t (id text primary key, author text, inbound text, at text, body text, parent text)")
        start, cpu = time.perf_counter(), time.process_time()
        with path.open(newline="", encoding="utf-8") as fh:
            r = csv.reader(fh)
            next(r)
            con.executemany("insert into t values (?,?,?,?,?,?)", ((a, b, c, d_, e, g) for a, b, c, d_, e, _f, g in r))
        con.commit()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        con.close()
        return wall, cpu


_MONTH = {m: f"{i:02d}" for i, m in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


def _stored_time(value: str) -> str:
    """'Wed Oct 11 06:55:44 +0000 2017' as SQLAlchemy stores a UTC datetime in SQLite."""
    _wd, mon, day, hms, _tz, year = value.split(" ")
    return f"{year}-{_MONTH[mon]}-{day} {hms}.000000"


def _due(stored: str, hours: int) -> str:
    return (datetime.fromisoformat(stored) + timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S.%f")


_AUTHOR_COLS = ("id", "platform", "handle", "display_name", "followers", "verified", "account_created_at",
                "external_id", "is_brand", "customer_id")
_CASE_COLS = ("id", "brand_id", "channel_id", "platform", "thread_key", "author_id", "state", "opened_at",
              "last_inbound_at", "first_response_at", "first_response_due_at", "resolution_due_at",
              "priority_factors", "escalation", "tags", "went_private", "public_closeout_done", "priority", "updated_at")
_MENTION_COLS = ("id", "platform", "external_id", "reply_to_external_id", "thread_key", "brand_id", "channel_id",
                 "author_id", "case_id", "direction", "visibility", "text", "redacted_text", "language", "created_at",
                 "received_at", "raw", "triage", "hidden", "hidden_reason")
_MESSAGE_COLS = ("case_id", "mention_id", "direction", "visibility", "author_id", "channel_id", "text", "created_at")
_ACTION_COLS = ("case_id", "brand_id", "actor", "verb", "detail", "at")


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


def floor_schema(path: Path, d: Path, multirow: int = 1) -> tuple[float, float]:
    """Floor: the same rows, bare, into the same schema (a store made by calmdesk's migrations,
    opened with the settings calmdesk's connections use), `multirow` rows an INSERT statement.
    Returns (wall seconds, CPU seconds)."""
    import json

    from calmdesk.actions.brands import ensure_brand
    from calmdesk.bootstrap import open_store
    from calmdesk.storage.tables import Channel

    db = d / f"floor-{multirow}.sqlite3"
    factory = open_store(f"sqlite:///{db}")
    channel_of: dict[str, tuple[int, int]] = {}
    with factory.begin() as s:
        for b in BRANDS:
            brand = ensure_brand(s, b)
            ch = Channel(brand_id=brand.id, platform="x", handle=b)
            s.add(ch)
            s.flush()
            channel_of[b.lower()] = (brand.id, ch.id)
    factory.kw["bind"].dispose()
    con = sqlite3.connect(db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "cache_size=-65536"):
        con.execute(f"PRAGMA {pragma}")
    sql = {t: _insert_sql(t, c) for t, c in (("authors", _AUTHOR_COLS), ("cases", _CASE_COLS),
                                              ("mentions", _MENTION_COLS), ("messages", _MESSAGE_COLS),
                                              ("actions", _ACTION_COLS))}
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    start, cpu = time.perf_counter(), time.process_time()
    author_ids: dict[str, int] = {}
    batch: dict[str, list[tuple[object, ...]]] = {t: [] for t in sql}
    pending = 0
    last_root, last_case = "", 0
    next_case, next_mention = 1, 1

    def flush() -> None:
        con.execute("BEGIN")
        for table in ("authors", "cases", "actions", "mentions", "messages"):
            rows = batch[table]
            if not rows:
                continue
            if multirow == 1:
                con.executemany(sql[table], rows)
            else:
                width = len(rows[0])
                one = f"({', '.join('?' * width)})"
                head = sql[table].split(" VALUES ")[0]
                for i in range(0, len(rows), multirow):
                    part = rows[i:i + multirow]
                    con.execute(f"{head} VALUES {', '.join([one] * len(part))}",
                                [v for r in part for v in r])
            rows.clear()
        con.execute("COMMIT")

    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        for row in reader:
            tid, author, inbound, created, text, _resp, parent = row
            at = _stored_time(created)
            aid = author_ids.get(author)
            outbound = inbound == "False"
            if aid is None:
                aid = author_ids[author] = len(author_ids) + 1
                batch["authors"].append((aid, "x", author, None, None, 0, None, None, outbound, None))
            mid = next_mention
            next_mention += 1
            if outbound:
                brand_id, ch_id = channel_of[author.lower()]
                case_id: int | None = last_case if parent == last_root else None
                thread = parent or tid
            else:
                brand_id, ch_id = channel_of[text.split(" ", 1)[0][1:].lower()]
                case_id, last_case, last_root, thread = next_case, next_case, tid, tid
                next_case += 1
                batch["cases"].append((case_id, brand_id, ch_id, "x", tid, aid, "new", at, at, None, _due(at, 1),
                                       _due(at, 24), "[]", "[]", "[]", 0, 0, 0, now))
                batch["actions"].append((case_id, brand_id, "import", "case.opened", "{}", now))
            batch["mentions"].append((mid, "x", tid, parent or None, thread, brand_id, ch_id, aid, case_id,
                                      "outbound" if outbound else "inbound", "public", text, None, None, at, now,
                                      json.dumps(dict(zip(header, row, strict=True))), None, 0, None))
            if case_id is not None:
                batch["messages"].append((case_id, mid, "outbound" if outbound else "inbound", "public", aid, ch_id,
                                          text, at))
            pending += 1
            if pending == 5000:
                flush()
                pending = 0
    flush()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    con.close()
    return wall, cpu


def _child(stat_file: str, args: list[str]) -> None:
    """Run `calmdesk ARGS` in this (fresh) process; on exit, write its peak RSS (VmHWM) to
    `stat_file`. Not `ru_maxrss` from wait4: Linux carries it over exec from the parent."""
    import atexit

    def report() -> None:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                Path(stat_file).write_text(line.split()[1])

    atexit.register(report)
    from calmdesk.cli.main import app

    app(args=args, prog_name="calmdesk")


def run_import(path: Path, env: dict[str, str], *extra: str) -> dict[str, float | str]:
    """The real `calmdesk import` in a child process: wall and CPU seconds, peak RSS, summary line."""
    with tempfile.TemporaryDirectory(dir=path.parent) as d:
        stat, out = Path(d) / "hwm", Path(d) / "out"
        start = time.perf_counter()
        with out.open("w") as fh:
            proc = subprocess.Popen(
                [sys.executable, __file__, "--child", str(stat), "import", str(path), "--format", "twcs", *extra],
                env=env, stdout=fh, stderr=subprocess.STDOUT,
            )
            stop = threading.Event()
            if TRACE_RSS:
                threading.Thread(target=_trace, args=(proc.pid, stop), daemon=True).start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            stop.set()
        elapsed = time.perf_counter() - start
        text = out.read_text(errors="replace")
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"import failed: {text[-2000:]}")
        summary = text.strip().splitlines()[-1]
        return {"wall": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": int(stat.read_text()) / 1024,
                "summary": summary}


TRACE_RSS = False


def _trace(pid: int, stop: threading.Event) -> None:
    """Every 30 s: the child's resident set now and at its peak (a long run shows it stays flat)."""
    start = time.perf_counter()
    while not stop.wait(30):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        fields = dict(line.split(":", 1) for line in status.splitlines() if line.startswith(("VmRSS", "VmHWM")))
        print(f"    [{time.perf_counter() - start:6.0f} s] VmRSS {fields.get('VmRSS', '?').strip()}, "
              f"VmHWM {fields.get('VmHWM', '?').strip()}, load {_load()}", flush=True)


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _line(label: str, rows: int, wall: float, cpu: float, extra: str = "") -> None:
    print(f"{label:<44} {rows / wall:>9,.0f} rows/s wall ({wall:7.1f} s), {cpu:7.1f} CPU-s, "
          f"{rows / cpu:>9,.0f} rows/CPU-s{extra}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3:])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--with-triage", action="store_true", help="also time the default import (triage + routing)")
    ap.add_argument("--old-path", choices=("auto", "yes", "no"), default="auto",
                    help="also run the whole-file-in-memory path (auto: up to 2 M rows)")
    ap.add_argument("--no-floors", action="store_true", help="skip the two floors (long runs of the import alone)")
    ap.add_argument("--trace-rss", action="store_true", help="print the import's RSS every 30 s")
    ap.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="calmdesk-import-bench-") as tmp:
        d = Path(tmp)
        path = d / "twcs.csv"
        generate(path, args.rows)
        print(f"rows: {args.rows:,} ({path.stat().st_size / 1e6:,.0f} MB of CSV); load average {_load()} "
              f"(1/5/15 min, {os.cpu_count()} CPUs)")
        global TRACE_RSS
        TRACE_RSS = args.trace_rss
        floor_wall = floor_cpu = multi_wall = multi_cpu = float("nan")
        if not args.no_floors:
            wall, cpu = baseline(path)
            _line("floor, one table (same process)", args.rows, wall, cpu)
            floor_wall, floor_cpu = floor_schema(path, d)
            _line("floor, calmdesk schema (same process)", args.rows, floor_wall, floor_cpu)
            multi_wall, multi_cpu = floor_schema(path, d, multirow=500)
            _line("floor, schema, 500 rows a statement", args.rows, multi_wall, multi_cpu)
        env = {**os.environ, "CALMDESK_DATA_DIR": str(d / "sqlite"), "COLUMNS": "100"}
        env.pop("CALMDESK_DATABASE_URL", None)
        env.pop("CALMDESK_IMPORT_CHUNK", None)
        runs = [("import --store-only, streaming", env)]
        if args.old_path == "yes" or args.old_path == "auto" and args.rows <= 2_000_000:
            runs.append(("import --store-only, whole file in memory", {
                **env, "CALMDESK_DATA_DIR": str(d / "sqlite-old"), "CALMDESK_IMPORT_CHUNK": str(args.rows + 1)}))
        summaries = []
        for label, run_env in runs:
            r = run_import(path, run_env, "--store-only")
            wall, cpu = float(r["wall"]), float(r["cpu"])
            ratio = "" if args.no_floors else (
                f"; {wall / floor_wall:.2f}x the schema floor's wall time, {cpu / floor_cpu:.2f}x its CPU time; "
                f"{wall / multi_wall:.2f}x / {cpu / multi_cpu:.2f}x the 500-rows-a-statement floor's")
            _line(label, args.rows, wall, cpu, f", peak RSS {float(r['rss_mb']):,.0f} MiB{ratio}")
            print("    ", r["summary"])
            summaries.append(str(r["summary"]).rsplit(" (", 1)[0])
            shutil.rmtree(run_env["CALMDESK_DATA_DIR"], ignore_errors=True)
        if len(summaries) == 2:
            print("same result both ways:", summaries[0] == summaries[1])
        print(f"load average after: {_load()}")
        if args.with_triage:
            env["CALMDESK_DATA_DIR"] = str(d / "sqlite2")
            r = run_import(path, env)
            _line("import with triage, SQLite", args.rows, float(r["wall"]), float(r["cpu"]),
                  f", peak RSS {float(r['rss_mb']):,.0f} MiB")
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
                r = run_import(path, env, "--store-only")
                _line("import --store-only, PostgreSQL", args.rows, float(r["wall"]), float(r["cpu"]),
                      f", peak RSS {float(r['rss_mb']):,.0f} MiB (client process)")
            finally:
                with psycopg.connect(args.pg_admin, autocommit=True) as c:
                    c.execute(f'drop database if exists "{name}" with (force)')


if __name__ == "__main__":
    main()
