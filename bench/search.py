"""Free-text search at scale: p50/p95 of `queries.search.search` over 1 M mentions, SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                                  # 1,000,000 mentions, both engines
    .venv/bin/python bench/search.py --mentions 100000 --skip-postgres  # a quick run

Builds a store per engine through the real migrations (FTS5 tables and triggers on SQLite, the
generated tsvector column and GIN indexes on PostgreSQL), then bulk-inserts brands, 50,000
authors, a case per four mentions and the mentions with realistic complaint text (the
templates of bench/import_bench.py, plus products, places, and a long tail of rare words such
as reference codes). Inserts go through `executemany` on SQLite (the FTS triggers fire per
row, as in production) and `COPY` on PostgreSQL.

Then ~200 searches of common, middling, rare and absent words, one and two at a time, half as
a global admin (all brands) and half as an agent of two brands, each timed around the whole
query function (three sources, ranking, the page's case rows). Target: p95 < 200 ms at 1 M.

Same-process baseline: the unindexed way, `text LIKE '%word%'` over the same mentions with the
same brand filter and "newest 500" limit, for a sample of the same queries.

A PostgreSQL database named in --pg-url is dropped and created again (it must be a bench database).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from bench_store import PLATFORMS, drop_postgres, fresh_postgres
from calmdesk.queries.search import CANDIDATES, search
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
from import_bench import COMPLAINTS

BRANDS = ["acmecare", "northwind", "pixelforge", "brightbank", "skyrail"]
# The complaint templates of bench/import_bench.py, with more of the same kind.
TEMPLATES = [
    *COMPLAINTS,
    "the {product} I bought in {place} stopped working after {k} days",
    "still waiting for my refund for the {product}, {k} emails and no reply",
    "why does the {product} cost more online than in the {place} store",
    "delivery to {place} was cancelled without telling me",
    "the courier says delivered but nothing at my door in {place}",
    "thanks for sorting out my {product} so quickly",
    "login fails with error {code} since this morning",
    "your website says out of stock but the {place} shop has the {product}",
    "card declined at checkout, reference {code}",
]
PRODUCTS = ["kettle", "headphones", "router", "laptop", "phone case", "charger", "blender", "jacket", "sofa",
            "printer", "vacuum", "monitor", "toaster", "bike", "mattress", "camera", "watch", "tablet"]
PLACES = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Manchester", "Dublin", "Lyon", "Porto", "Ghent", "Utrecht",
          "Aarhus", "Bergen", "Graz", "Brno", "Kraków", "Zürich", "Malmö", "Tampere", "Sevilla", "Bologna"]
EXTRAS = ["really disappointed", "this is the third time", "please help", "absolutely furious", "not good enough",
          "any update?", "can someone DM me", "worst service ever", "kind regards", "sorted now, cheers"]
SYLLABLES = ["ka", "lo", "mi", "ru", "te", "za", "vo", "ne", "pi", "do", "qu", "xe", "bra", "sto", "lin", "mor"]


def rare_words(rnd: random.Random, n: int) -> list[str]:
    """Invented words (`kalomite`) for the long tail: each appears a handful of times."""
    out: set[str] = set()
    while len(out) < n:
        out.add("".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(3, 4))))
    return sorted(out)


def post_text(rnd: random.Random, brand: str, tail: list[str]) -> str:
    t = rnd.choice(TEMPLATES).format(
        n=rnd.randint(10000, 99999), product=rnd.choice(PRODUCTS), place=rnd.choice(PLACES),
        k=rnd.randint(2, 30), code=f"E{rnd.randint(100, 999)}",
    )  # fmt: skip
    words = [f"@{brand}", t]
    if rnd.random() < 0.4:
        words.append(rnd.choice(EXTRAS))
    if rnd.random() < 0.3:
        words.append(rnd.choice(tail))
    return " ".join(words)


def _sqlite_at(value: datetime) -> str:
    return value.isoformat(" ", "microseconds")[:26]


def build(engine: Engine, n_mentions: int, tail: list[str], seed: int) -> None:
    """Brands, channels, authors, cases and mentions, bulk-inserted on the migrated schema."""
    rnd = random.Random(seed)
    pg = engine.dialect.name == "postgresql"
    now = datetime.now(UTC)
    n_authors = 50_000
    n_cases = max(1, n_mentions // 4)
    at: Callable[[datetime], Any] = (lambda v: v) if pg else _sqlite_at
    t0 = time.perf_counter()
    with engine.begin() as conn:
        for i, key in enumerate(BRANDS, start=1):
            conn.execute(text("INSERT INTO brands (id, key, name, created_at) VALUES (:i, :k, :n, :t)"),
                         {"i": i, "k": key, "n": key.title(), "t": at(now)})  # fmt: skip
        authors = [
            (i, PLATFORMS[i % len(PLATFORMS)], f"{rnd.choice(['sam', 'alex', 'jo', 'kim', 'lee', 'max'])}_{i}",
             f"{rnd.choice(['Sam', 'Alex', 'Jo', 'Kim', 'Lee', 'Max'])} {rnd.choice(PLACES)}", False, False)
            for i in range(1, n_authors + 1)
        ]  # fmt: skip
        cases = []
        for i in range(1, n_cases + 1):
            opened = now - timedelta(minutes=rnd.randint(1, 2 * 365 * 24 * 60))
            cases.append((i, 1 + i % len(BRANDS), PLATFORMS[i % len(PLATFORMS)], f"t{i}", rnd.randint(1, n_authors),
                          rnd.choice(["closed", "closed", "new", "triaged", "dismissed"]), rnd.randint(0, 100),
                          at(opened), at(opened)))  # fmt: skip
        mention_rows: Iterator[tuple[Any, ...]] = (
            (i, PLATFORMS[c[0] % len(PLATFORMS)], f"m{i}", f"t{c[0]}", c[1], c[4], c[0], "inbound", "public",
             post_text(rnd, BRANDS[c[1] - 1], tail), at(now - timedelta(seconds=(n_mentions - i) * 30)),
             at(now), False)
            for i in range(1, n_mentions + 1)
            for c in (cases[(i - 1) % n_cases],)
        )  # fmt: skip
        a_cols = "id, platform, handle, display_name, verified, is_brand"
        c_cols = ("id, brand_id, platform, thread_key, author_id, state, priority, opened_at, updated_at, "
                  "went_private, public_closeout_done, priority_factors, escalation, tags")  # fmt: skip
        m_cols = ("id, platform, external_id, thread_key, brand_id, author_id, case_id, direction, visibility, "
                  "text, created_at, received_at, hidden")  # fmt: skip
        if pg:
            raw = conn.connection.driver_connection
            assert raw is not None
            with raw.cursor() as cur:
                with cur.copy(f"COPY authors ({a_cols}) FROM STDIN") as cp:
                    for row in authors:
                        cp.write_row(row)
                with cur.copy(f"COPY cases ({c_cols}) FROM STDIN") as cp:
                    for row in cases:
                        cp.write_row((*row, False, False, "[]", "[]", "[]"))
                print(f"  authors and {n_cases:,} cases: {time.perf_counter() - t0:.1f}s", flush=True)
                with cur.copy(f"COPY mentions ({m_cols}) FROM STDIN") as cp:
                    for row in mention_rows:
                        cp.write_row(row)
                for table in ("brands", "authors", "cases", "mentions"):
                    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        else:
            conn.exec_driver_sql(f"INSERT INTO authors ({a_cols}) VALUES (?, ?, ?, ?, ?, ?)", authors)
            conn.exec_driver_sql(
                f"INSERT INTO cases ({c_cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '[]', '[]', '[]')", cases
            )
            print(f"  authors and {n_cases:,} cases: {time.perf_counter() - t0:.1f}s", flush=True)
            chunk: list[tuple[Any, ...]] = []
            sql = f"INSERT INTO mentions ({m_cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            for row in mention_rows:
                chunk.append(row)
                if len(chunk) == 50_000:
                    conn.exec_driver_sql(sql, chunk)
                    chunk = []
            if chunk:
                conn.exec_driver_sql(sql, chunk)
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    print(f"  {n_mentions:,} mentions with their search index: {time.perf_counter() - t0:.1f}s", flush=True)


def queries(tail: list[str], n: int, seed: int) -> list[tuple[str, list[int] | None]]:
    """Realistic searches: common and rare words, two-word searches, names, misses; half of them
    by an agent of two brands, half by an admin who sees all five."""
    rnd = random.Random(seed + 1)
    common = ["order", "refund", "parcel", "broken", "delivery", "crashing", "waiting", "courier", "checkout",
              "hold", "update", "disappointed", "emails"]
    middling = PRODUCTS + [p.lower() for p in PLACES] + ["E404", "E500", "furious", "declined"]
    names = ["alex", "kim_4711", "jo bergen", "max"]
    misses = ["zeppelin", "quasar", "xylophone"]
    out: list[tuple[str, list[int] | None]] = []
    for i in range(n):
        kind = i % 10
        if kind < 3:
            q = rnd.choice(common)
        elif kind < 5:
            q = rnd.choice(middling)
        elif kind < 7:
            q = rnd.choice(tail)
        elif kind < 8:
            q = f"{rnd.choice(PRODUCTS)} {rnd.choice(PLACES)}"
        elif kind < 9:
            q = rnd.choice(names)
        else:
            q = rnd.choice(misses) if i % 20 == 9 else f"{rnd.choice(common)} {rnd.choice(tail)}"
        out.append((q, None if i % 2 else [1, 2]))
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(engine: Engine, label: str, qs: list[tuple[str, list[int] | None]], baseline_n: int) -> None:
    factory = make_sessionmaker(engine)
    times: list[float] = []
    slowest: list[tuple[float, str, str]] = []
    hits = 0
    with factory() as s:
        search(s, None, "warmup order")
        search(s, None, "order refund")  # and the statistics read for several words (once per 5 min)
        for q, brands in qs:
            t = time.perf_counter()
            page = search(s, brands, q)
            times.append((time.perf_counter() - t) * 1000)
            slowest.append((times[-1], q, "all brands" if brands is None else "2 brands"))
            hits += len(page.hits)
    print(f"{label}: {len(times)} searches, p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms, "
          f"max {max(times):.1f} ms, {hits / len(times):.1f} cases on the first page on average")  # fmt: skip
    print("  slowest: " + "; ".join(f"{q!r} ({who}) {ms:.0f} ms" for ms, q, who in sorted(slowest, reverse=True)[:5]))
    # Baseline: the unindexed way, on the same mentions, for the single-word queries of the sample.
    sample = [(q, b) for q, b in qs if " " not in q][:baseline_n]
    base: list[float] = []
    with engine.connect() as conn:
        for q, brands in sample:
            where = "m.case_id IS NOT NULL AND lower(m.text) LIKE :pat"
            if brands is not None:
                where += " AND m.brand_id IN (" + ", ".join(str(b) for b in brands) + ")"
            t = time.perf_counter()
            conn.execute(text(f"SELECT m.case_id FROM mentions m WHERE {where} ORDER BY m.id DESC LIMIT :cap"),
                         {"pat": f"%{q.lower()}%", "cap": CANDIDATES}).all()  # fmt: skip
            base.append((time.perf_counter() - t) * 1000)
    print(f"{label} baseline (LIKE '%word%' scan of posts only, {len(base)} single-word searches): "
          f"p50 {pct(base, 50):.1f} ms, p95 {pct(base, 95):.1f} ms, max {max(base):.1f} ms")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", type=int, default=1_000_000)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--baseline", type=int, default=30, help="how many searches the LIKE baseline runs")
    ap.add_argument("--skip-postgres", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/calmdesk_search_bench")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (to EXPLAIN queries)")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    tail = rare_words(rnd, 20_000)
    qs = queries(tail, args.searches, args.seed)
    print(f"{args.mentions:,} mentions, {len(qs)} searches (half by an agent of 2 of {len(BRANDS)} brands)")
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as d:
            engine = make_engine(f"sqlite:///{Path(d) / 'search.sqlite3'}")
            migrate(engine)
            print("SQLite (FTS5):")
            build(engine, args.mentions, tail, args.seed)
            run(engine, "SQLite FTS5", qs, args.baseline)
            engine.dispose()
    if not args.skip_postgres:
        fresh_postgres(args.pg_url)
        engine = make_engine(args.pg_url)
        migrate(engine)
        print("PostgreSQL (GIN, tsvector):")
        build(engine, args.mentions, tail, args.seed)
        run(engine, "PostgreSQL GIN", qs, args.baseline)
        engine.dispose()
        if args.keep:
            return
        drop_postgres(args.pg_url)


if __name__ == "__main__":
    main()
