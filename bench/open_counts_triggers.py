"""What the open-case count triggers (migration 0007) cost a writer: inserts and state moves of
cases in ingest-sized transactions, with the triggers and, on the same store in the same
process, with them dropped (the baseline), alternating rounds.

    .venv/bin/python bench/open_counts_triggers.py                     # SQLite in a temp dir
    .venv/bin/python bench/open_counts_triggers.py --url postgresql://postgres@127.0.0.1:5432/calmdesk_trig

A PostgreSQL database named in --url is dropped and created again (it must be a bench database).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text, update

from bench_store import fresh_postgres
from calmdesk.storage.db import make_engine, migrate, normalize_url
from calmdesk.storage.tables import Brand, Case

T0 = datetime(2026, 12, 7, tzinfo=UTC)


def drop_triggers(conn: Any) -> None:
    if conn.dialect.name == "sqlite":
        for name in ("ai", "ad", "au_old", "au_new"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS open_case_counts_{name}"))
    else:
        conn.execute(text("DROP TRIGGER IF EXISTS open_case_counts_aid ON cases"))
        conn.execute(text("DROP TRIGGER IF EXISTS open_case_counts_au ON cases"))


def add_triggers(conn: Any) -> None:
    """The triggers as migration 0007 creates them (its own statements, run again)."""
    import importlib

    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    drop_triggers(conn)
    mig = importlib.import_module("calmdesk.storage.migrations.versions.0007_open_case_counts")
    states = ", ".join(f"'{s}'" for s in mig.OPEN_STATES)
    cols = "brand_id, state, platform, topic, owner, n"
    dims = ", ".join(mig.DIMS)
    op = Operations(MigrationContext.configure(conn))
    if conn.dialect.name == "sqlite":
        changed = mig._changed().replace("IS DISTINCT FROM", "IS NOT")
        for name, event, row, n, extra in (
            ("ai", "INSERT", "NEW", 1, ""), ("ad", "DELETE", "OLD", -1, ""),
            ("au_old", f"UPDATE OF {dims}", "OLD", -1, f" AND ({changed})"),
            ("au_new", f"UPDATE OF {dims}", "NEW", 1, f" AND ({changed})"),
        ):
            op.execute(
                f"CREATE TRIGGER open_case_counts_{name} AFTER {event} ON cases WHEN {row}.state IN ({states}){extra} "
                f"BEGIN INSERT INTO open_case_deltas ({cols}) VALUES {mig._values(row, n)}; END"
            )
    else:
        op.execute("CREATE TRIGGER open_case_counts_aid AFTER INSERT OR DELETE ON cases "
                   "FOR EACH ROW EXECUTE FUNCTION open_case_counts_delta()")
        op.execute(f"CREATE TRIGGER open_case_counts_au AFTER UPDATE OF {dims} ON cases "
                   f"FOR EACH ROW WHEN ({mig._changed()}) EXECUTE FUNCTION open_case_counts_delta()")


def one_round(engine: Any, bid: int, tag: str, batches: int, per: int) -> tuple[float, float, int]:
    """`batches` transactions, each inserting `per` cases and moving half of them on: (wall s, CPU s, rows)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for b in range(batches):
        with engine.begin() as conn:
            ids = conn.execute(insert(Case).returning(Case.id), [
                {"brand_id": bid, "platform": ("x", "email", "reddit")[i % 3], "thread_key": f"{tag}-{b}-{i}",
                 "state": "new", "topic": ("billing", None)[i % 2], "priority": i % 100, "priority_factors": [],
                 "escalation": [], "tags": [], "went_private": False, "public_closeout_done": False,
                 "opened_at": T0, "updated_at": T0}
                for i in range(per)
            ]).scalars().all()
            conn.execute(update(Case).where(Case.id.in_(ids[: per // 2])).values(state="triaged", owner="ana"))
            conn.execute(update(Case).where(Case.id.in_(ids[per // 2:])).values(priority=50))  # no counted column
    return time.perf_counter() - t0, time.process_time() - c0, batches * per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batches", type=int, default=40)
    ap.add_argument("--per", type=int, default=50, help="cases per transaction (an ingest batch)")
    args = ap.parse_args()
    url = normalize_url(args.url) if args.url else f"sqlite:///{Path(tempfile.mkdtemp()) / 'trig.sqlite3'}"
    if url.startswith("postgresql"):
        fresh_postgres(url)
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:
        bid = conn.execute(insert(Brand).values(key="acme", name="Acme").returning(Brand.id)).scalar_one()
    print(f"store: {url.split('@')[-1]}; {args.batches} transactions of {args.per} inserts + {args.per} updates "
          f"per round; load {os.getloadavg()[0]:.1f}", flush=True)
    totals: dict[str, list[float]] = {"with triggers": [0, 0, 0], "without (baseline)": [0, 0, 0]}
    for r in range(args.rounds):
        for label in ("with triggers", "without (baseline)") if r % 2 == 0 else ("without (baseline)", "with triggers"):
            with engine.begin() as conn:
                (add_triggers if label == "with triggers" else drop_triggers)(conn)
            wall, cpu, rows = one_round(engine, bid, f"{r}{label[:5]}", args.batches, args.per)
            for i, v in enumerate((wall, cpu, rows)):
                totals[label][i] += v
            print(f"  round {r} {label:20s} {rows / wall:8.0f} cases/s wall   {rows / cpu:8.0f} per client CPU-s",
                  flush=True)
    w, b = totals["with triggers"], totals["without (baseline)"]
    print(f"  total: with triggers {w[2] / w[0]:.0f} cases/s wall, {w[2] / w[1]:.0f} per client CPU-s; "
          f"without {b[2] / b[0]:.0f} / {b[2] / b[1]:.0f}; wall ratio {w[0] / b[0]:.2f}x; load {os.getloadavg()[0]:.1f}")
    with engine.connect() as conn:
        print(f"  delta rows written: {conn.execute(text('SELECT count(*) FROM open_case_deltas')).scalar_one():,}")
    engine.dispose()


if __name__ == "__main__":
    main()
