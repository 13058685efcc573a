"""How long a B-MEASURE report takes on a store of N cases (SQLite in a temp dir).

    .venv/bin/python bench/report_generate.py [--cases 20000]

Prints the time to load and compute the report and to render table, CSV and HTML.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console

from calmdesk.reports import ReportQuery, build_report, render_csv, render_html, render_table
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from calmdesk.storage.tables import Brand, Case, Compensation

PLATFORMS = ("x", "facebook", "instagram", "email", "review")
TOPICS = ("delivery", "billing", "quality", "app", "staff", "refund")
TARGET_MIN = {"x": 120, "facebook": 240, "instagram": 240, "email": 1440, "review": 180}


def fill(factory, n: int, start: datetime) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1)
    with factory.begin() as s:
        brands = [Brand(key=f"brand{i}", name=f"Brand {i}") for i in range(3)]
        s.add_all(brands)
        s.flush()
        rows = []
        for i in range(n):
            platform = rng.choice(PLATFORMS)
            opened = start + timedelta(minutes=rng.uniform(0, 60 * 24 * 90))
            answered = rng.random() < 0.9
            resolved = answered and rng.random() < 0.8
            rows.append(
                Case(
                    brand_id=brands[i % 3].id,
                    platform=platform,
                    thread_key=f"t{i}",
                    owner=f"agent{rng.randrange(12)}",
                    opened_at=opened,
                    first_response_due_at=opened + timedelta(minutes=TARGET_MIN[platform]),
                    first_response_at=opened + timedelta(minutes=rng.lognormvariate(4, 1))
                    if answered
                    else None,
                    resolved_at=opened + timedelta(hours=rng.lognormvariate(2, 1)) if resolved else None,
                    went_private=rng.random() < 0.4,
                    public_closeout_done=rng.random() < 0.6,
                    thanked=(rng.random() < 0.3) if resolved else None,
                    sentiment_first=rng.uniform(-1, 0),
                    sentiment_last=rng.uniform(-0.5, 1) if resolved else None,
                    topic=rng.choice(TOPICS),
                    escalation=["safety"] if rng.random() < 0.03 else [],
                )
            )
        s.add_all(rows)
        s.flush()
        s.add_all(
            Compensation(case_id=c.id, kind="voucher", value=10.0, currency="EUR", granted_by="a")
            for c in rows[::20]
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20000)
    args = ap.parse_args()
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        migrate(engine)
        factory = make_sessionmaker(engine)
        t = time.perf_counter()
        fill(factory, args.cases, start)
        print(f"filled {args.cases} cases in {time.perf_counter() - t:.1f} s")
        query = ReportQuery(since=start, until=start + timedelta(days=91))
        t = time.perf_counter()
        with factory() as s:
            rep = build_report(s, query, as_of=start + timedelta(days=91))
        print(f"build_report (load + metrics, {len(rep.groups)} groups): {time.perf_counter() - t:.2f} s")
        for name, fn in (
            ("table", lambda: render_table(rep, Console(file=io.StringIO(), width=200))),
            ("csv", lambda: render_csv(rep)),
            ("html", lambda: render_html(rep)),
        ):
            t = time.perf_counter()
            out = fn()
            size = f", {len(out) / 1024:.0f} KiB" if isinstance(out, str) else ""
            print(f"render {name}: {(time.perf_counter() - t) * 1000:.0f} ms{size}")
        engine.dispose()


if __name__ == "__main__":
    main()
