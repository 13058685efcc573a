"""How long a B-MEASURE report takes, and how much memory, on a store of N cases (issue 18).

    .venv/bin/python bench/report_generate.py [--cases 100000,1000000] [--url postgresql+psycopg://...]
                                              [--keep DIR] [--keep-pg] [--no-baseline-above N]
                                              [--sql-percentiles]

Fills a store (SQLite in a temp dir unless `--url` names an empty PostgreSQL database)
with N cases over 13 weeks and three brands (weekday hours, Berlin hours with a DST
change, 24/7), then, for each size, runs in a fresh process each:

- `idle`: import calmdesk, open the store, count the cases: the floor of a process;
- `sql`: `build_report` (aggregation in SQL, `reports.aggregate`) plus the table render;
- `python`: the row-by-row path of before issue 18 (`load_records` + `compute_metrics`),
  the same-run baseline;
- `sqlpct` (with `--sql-percentiles`): a probe of the all-SQL alternative for one figure
  only, first response p50/p90 per group of the five dimensions at exact ranks (PostgreSQL
  `percentile_disc ... WITHIN GROUP` over `GROUPING SETS`; SQLite `row_number()` and
  `count(*)` windows, one per dimension). The report needs three such figures, so this is a
  lower bound of what percentiles in SQL would cost.

Each prints its wall time, its CPU seconds (this process; on PostgreSQL also the server
backend's, read from /proc, since the machine is shared and wall time follows the load),
its whole-process peak RSS (VmHWM), and the load average, and the parent adds the whole
process's wall and CPU time (interpreter start, imports, report, exit: issue 18's "< 5 s" is
for that); the parent prints the ratios and checks both paths agree on the headline figures.

The store is filled at the current schema, so the triggers of migration 0009 write the
per-case report figures as the cases are inserted; a store kept from before 0009 gets them
from the migration's backfill when `calmdesk` (or `migrate`) upgrades it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 91
PLATFORMS = ("x", "facebook", "instagram", "email", "review")
TOPICS = ("delivery", "billing", "quality", "app", "staff", "refund")
TARGET_MIN = {"x": 120, "facebook": 240, "instagram": 240, "email": 1440, "review": 180}
PLAYBOOKS = (
    None,  # the default hours: Monday to Friday, 09:00-17:00 UTC
    'brand = "b1"\n[hours]\ntimezone = "Europe/Berlin"\n[hours.week]\n'
    'mon = ["08:00-18:00"]\ntue = ["08:00-18:00"]\nwed = ["08:00-18:00"]\nthu = ["08:00-18:00"]\n'
    'fri = ["08:00-16:00"]\nsat = ["10:00-14:00"]\n',
    'brand = "b2"\n[hours]\nalways_open = true\n',
)


def fill(url: str, n: int) -> None:
    """N cases, every 20th with granted compensation, every 50th moved in the audit log."""
    from calmdesk.storage.db import make_engine, migrate
    from calmdesk.storage.tables import Action, Brand, Case, Compensation

    engine = make_engine(url)
    migrate(engine)
    rng = random.Random(1)
    with engine.begin() as conn:
        conn.execute(
            Brand.__table__.insert(),
            [
                {"id": i + 1, "key": f"brand{i}", "name": f"Brand {i}", "playbook_toml": PLAYBOOKS[i]}
                for i in range(3)
            ],
        )
    chunk = 20_000
    for lo in range(0, n, chunk):
        cases, comps, acts = [], [], []
        for i in range(lo, min(n, lo + chunk)):
            platform = rng.choice(PLATFORMS)
            opened = START + timedelta(microseconds=rng.randrange(DAYS * 86_400_000_000))
            answered = rng.random() < 0.9
            resolved = answered and rng.random() < 0.8
            cases.append(
                {
                    "id": i + 1,
                    "brand_id": i % 3 + 1,
                    "platform": platform,
                    "thread_key": f"t{i}",
                    "owner": f"agent{rng.randrange(12)}" if rng.random() < 0.95 else None,
                    "state": "closed" if resolved else "acknowledged",
                    "opened_at": opened,
                    "first_response_due_at": opened + timedelta(minutes=TARGET_MIN[platform]),
                    "first_response_at": opened + timedelta(minutes=rng.lognormvariate(4, 1))
                    if answered
                    else None,
                    "resolved_at": opened + timedelta(hours=rng.lognormvariate(2, 1)) if resolved else None,
                    "went_private": rng.random() < 0.4,
                    "public_closeout_done": rng.random() < 0.6,
                    "thanked": (rng.random() < 0.3) if resolved else None,
                    "sentiment_first": rng.uniform(-1, 0),
                    "sentiment_last": rng.uniform(-0.5, 1) if resolved else None,
                    "topic": rng.choice(TOPICS),
                    "escalation": ["safety"] if rng.random() < 0.03 else [],
                    "priority_factors": [],
                    "tags": [],
                    "updated_at": opened,
                }
            )
            if i % 20 == 0:
                comps.append({"case_id": i + 1, "kind": "voucher", "value": 10.0, "currency": "EUR",
                              "granted_by": "a", "status": "granted"})  # fmt: skip
            if i % 50 == 0:
                acts.append({"case_id": i + 1, "brand_id": i % 3 + 1, "actor": "a", "verb": "case.moved",
                             "detail": {"to": "private"}, "at": opened})  # fmt: skip
        with engine.begin() as conn:
            conn.execute(Case.__table__.insert(), cases)
            conn.execute(Compensation.__table__.insert(), comps)
            conn.execute(Action.__table__.insert(), acts)
    from calmdesk.storage.db import make_sessionmaker
    from calmdesk.storage.maintenance import analyze_after_bulk

    analyze_after_bulk(make_sessionmaker(engine))
    engine.dispose()


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not `ru_maxrss`: Linux carries that over
    `exec` from the parent, which would report the filler's peak for every child."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def backend_cpu_s(session: Any) -> float:
    """CPU seconds the PostgreSQL backend serving `session` has used (user + system).

    The server runs on this machine (the bench's database is local), so /proc shows it.
    0 on SQLite, which runs inside this process and is counted in its CPU time.
    """
    from sqlalchemy import text

    if session.get_bind().dialect.name != "postgresql":
        return 0.0
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


SQL_PERCENTILES_PG = """
SELECT GROUPING(brand_id, platform, agent, period) AS g, brand_id, platform, agent, period,
       percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY frt) AS p
FROM (SELECT brand_id, platform, coalesce(owner, '(unassigned)') AS agent,
             date_trunc('week', timezone('UTC', opened_at)) AS period,
             first_response_at - opened_at AS frt
      FROM cases WHERE opened_at >= :since AND opened_at < :until AND first_response_at IS NOT NULL) AS c
GROUP BY GROUPING SETS ((), (brand_id), (platform), (agent), (period))
"""
SQL_PERCENTILES_SQLITE = """
SELECT g, v FROM (
  SELECT {key} AS g, frt AS v, row_number() OVER w AS rn, count(*) OVER (PARTITION BY {key}) AS n
  FROM (SELECT brand_id, platform, coalesce(owner, '(unassigned)') AS agent,
               date(opened_at, '-6 days', 'weekday 1') AS period,
               (strftime('%s', first_response_at) - strftime('%s', opened_at)) * 1000000
               + substr(first_response_at, 21, 6) - substr(opened_at, 21, 6) AS frt
        FROM cases WHERE opened_at >= :since AND opened_at < :until AND first_response_at IS NOT NULL)
  WINDOW w AS (PARTITION BY {key} ORDER BY frt))
WHERE rn - 1 IN ((n - 1) * 50 / 100, ((n - 1) * 50 + 99) / 100, (n - 1) * 90 / 100, ((n - 1) * 90 + 99) / 100)
"""


def sql_percentiles(session: Any, since: datetime, until: datetime) -> int:
    """The `sqlpct` probe: first response p50/p90 per group of five dimensions, in SQL."""
    from sqlalchemy import text

    # SQLite stores instants as naive UTC text; compare with the same form.
    params: dict[str, Any] = {"since": since, "until": until}
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '256MB'"))
        return len(session.execute(text(SQL_PERCENTILES_PG), params).all())
    params = {k: v.replace(tzinfo=None).isoformat(" ") for k, v in params.items()}
    rows = 0
    for key in ("1", "brand_id", "platform", "agent", "period"):
        rows += len(session.execute(text(SQL_PERCENTILES_SQLITE.format(key=key)), params).all())
    return rows


def measure(url: str, path: str) -> dict[str, Any]:
    """One path in this (fresh) process: seconds, CPU seconds and whole-process peak RSS."""
    from rich.console import Console

    from calmdesk.reports import ReportQuery, build_report, render_table
    from calmdesk.reports.data import load_records, report_of_records
    from calmdesk.storage.db import make_engine, make_sessionmaker

    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    query = ReportQuery(since=START, until=START + timedelta(days=DAYS))
    as_of = START + timedelta(days=DAYS)
    out: dict[str, Any] = {"path": path}
    with factory() as s:
        server0 = backend_cpu_s(s)
        t, cpu = time.perf_counter(), time.process_time()
        if path == "idle":
            from sqlalchemy import func, select

            from calmdesk.storage.tables import Case

            out["cases"] = s.scalar(select(func.count()).select_from(Case))
        elif path == "sql":
            rep = build_report(s, query, as_of=as_of)
        elif path == "sqlpct":
            out["groups"] = sql_percentiles(s, query.since, query.until)
        else:
            records, business = load_records(s, query)
            rep = report_of_records(query, records, as_of, business)
        if path not in ("idle", "sqlpct"):
            render_table(rep, Console(file=io.StringIO(), width=200))
            m = rep.overall
            out["figures"] = [m.cases, m.sla_met, m.first_response_p50_min, m.first_response_p90_min,
                              m.first_response_business_p90_min, m.resolution_p90_h, len(rep.groups)]  # fmt: skip
        out["seconds"] = time.perf_counter() - t
        out["cpu_s"] = time.process_time() - cpu
        out["server_cpu_s"] = backend_cpu_s(s) - server0
    out["peak_rss_mb"] = peak_rss_mb()
    out["load"] = os.getloadavg()[0]
    engine.dispose()
    return out


def _cpu(r: dict[str, Any]) -> float:
    return float(r["cpu_s"]) + float(r["server_cpu_s"])


def _row(n: int, r: dict[str, Any]) -> str:
    cpu = f"{_cpu(r):.2f} ({r['cpu_s']:.2f}+{r['server_cpu_s']:.2f})"
    whole = f"{r['process_wall_s']:.2f} s, {r['process_cpu_s'] + r['server_cpu_s']:.2f} s CPU"
    return (
        f"{n:<10} {r['path']:<8} {r['seconds']:>7.2f}  {cpu:>21}  {r['peak_rss_mb']:>11.0f}  {r['load']:>4.1f}  {whole}"
    )


def _pg_cases(engine: Any) -> int | None:
    from sqlalchemy import text

    with engine.connect() as conn:
        try:
            return int(conn.execute(text("SELECT count(*) FROM cases")).scalar_one())
        except Exception:
            return None


def child(url: str, path: str) -> dict[str, Any]:
    """One path in a fresh process; also the whole process's wall and CPU time (start, imports,
    the report, exit), which is what a person running `calmdesk report` waits for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--measure", path, "--url", url],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = dict(json.loads(done.stdout.strip().splitlines()[-1]))
    out["process_wall_s"] = wall
    out["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default="100000,1000000", help="comma-separated store sizes")
    ap.add_argument("--url", help="an empty PostgreSQL database (default: SQLite in a temp dir)")
    ap.add_argument("--keep", help="directory for the SQLite stores (kept, reused when present)")
    ap.add_argument("--no-baseline-above", type=int, default=10**9, help="skip the Python path above N cases")
    ap.add_argument("--sql-percentiles", action="store_true", help="also time the all-SQL percentile probe")
    ap.add_argument("--keep-pg", action="store_true", help="reuse the PostgreSQL store when it holds N cases")
    ap.add_argument("--measure", choices=("idle", "sql", "python", "sqlpct"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.url, args.measure)))
        return
    tmp = tempfile.TemporaryDirectory()
    base = Path(args.keep or tmp.name)
    print(
        "cases      path     seconds  CPU s (client+server)  peak RSS MB  load  whole process: wall, CPU (+server) "
        "(each path in its own process; overall figures must agree)"
    )
    for n in (int(x) for x in args.cases.split(",")):
        if args.url:
            url = args.url
            from sqlalchemy import text

            from calmdesk.storage.db import make_engine

            eng = make_engine(url)
            fresh = not (args.keep_pg and _pg_cases(eng) == n)
            if fresh:
                with eng.begin() as conn:
                    conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            eng.dispose()
        else:
            db = base / f"report_{n}.sqlite3"
            url = f"sqlite:///{db}"
            fresh = not db.exists()
        if fresh:
            t = time.perf_counter()
            fill(url, n)
            print(f"{n:<10} (filled in {time.perf_counter() - t:.0f} s)")
        rows = [child(url, "idle"), child(url, "sql")]
        if n <= args.no_baseline_above:
            rows.append(child(url, "python"))
        for r in rows:
            print(_row(n, r))
        if args.sql_percentiles:
            probe = child(url, "sqlpct")
            print(_row(n, probe) + f"  ({probe['groups']} rows; one figure of three)")
            sql = rows[1]
            print(
                f"{n:<10} sqlpct/sql CPU {_cpu(probe) / _cpu(sql):.2f}x: first-response percentiles alone in SQL "
                f"against the whole streamed report"
            )
        if len(rows) == 3:
            idle, sql, py = rows
            print(
                f"{n:<10} python/sql time {py['seconds'] / sql['seconds']:.1f}x, CPU {_cpu(py) / _cpu(sql):.1f}x; "
                "RSS above idle: "
                f"sql {sql['peak_rss_mb'] - idle['peak_rss_mb']:.0f} MB, python {py['peak_rss_mb'] - idle['peak_rss_mb']:.0f} MB"
            )
            same = sql["figures"] == py["figures"]
            print(f"{n:<10} same overall figures: {same} {sql['figures'] if not same else ''}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
