"""Imports on SQLite keep the derived data set-based per batch (migration 0010, `storage.derived`):
the search index, the open-case counts and the report figures come out exactly as the per-row
triggers leave them; a failed batch leaves nothing half-derived; a re-import changes no count;
every other writer still keeps the derived data through the triggers."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.actions import ingest as ingest_module
from calmdesk.actions.cases import do_move_case
from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.open_counts import fold_open_case_deltas
from calmdesk.bootstrap import open_store
from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.importers.common import ImportResult, ingest_rows
from calmdesk.importers.twcs import sorted_twcs
from calmdesk.queries.search import search_case_ids
from calmdesk.reports import aggregate
from calmdesk.storage import derived
from calmdesk.storage.db import make_engine

BRANDS = ["AcmeCare", "NorthwindHelp", "PixelSupport"]
TEXTS = [
    "my order {n} still hasn't arrived after two weeks",
    "charged twice for the same thing, order {n}",
    "app keeps crashing since the update",
    "¡el pedido {n} llegó roto! très déçu, Straße gesperrt",
    "been on hold for an hour, nobody answers. Thanks anyway",
    "ok thanks, that fixed it",
]
HEADER = ["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"]
OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
QUERIES = ["order", "crashing", "pedido", "deçu", "hold", "thanks", "DM", "AcmeCare"]


def write_twcs(path: Path, threads: int, seed: int = 5) -> Path:
    """Threads of a customer post, often a brand reply, sometimes the customer again; a few
    replies to posts not in the file."""
    import csv

    rnd = random.Random(seed)
    t0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    fmt = "%a %b %d %H:%M:%S +0000 %Y"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        tid = 1_000
        for i in range(threads):
            brand, user = rnd.choice(BRANDS), str(rnd.randint(100, 400))
            at = t0 + timedelta(minutes=7 * i)
            parent = str(rnd.randint(1, 50)) if rnd.random() < 0.05 else ""
            w.writerow([tid, user, "True", at.strftime(fmt), f"@{brand} " + rnd.choice(TEXTS).format(n=i), "", parent])
            if rnd.random() < 0.7:
                w.writerow([tid + 1, brand, "False", (at + timedelta(minutes=rnd.randint(1, 300))).strftime(fmt),
                            f"@{user} Sorry! Can you DM us? ^AB", "", tid])
                if rnd.random() < 0.3:
                    w.writerow([tid + 2, user, "True", (at + timedelta(minutes=400)).strftime(fmt),
                                f"@{brand} " + rnd.choice(TEXTS).format(n=i), "", tid + 1])
            tid += 3
    return path


def do_import(
    factory: sessionmaker[Session], path: Path, *, bulk: bool, triage: bool, size: int = 150,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    result = ImportResult(path=str(path))
    with sorted_twcs(path, result) as rows:
        ingest_rows(factory, rows.batches(size), result, brand_key=None, auto_create_brands=True,
                    run_hooks=triage, bulk_derived=bulk, progress=progress)
    return result


def db_path(factory: sessionmaker[Session]) -> str:
    engine = factory.kw["bind"]
    return str(engine.url.database)


def vocab(con: sqlite3.Connection, fts: str) -> list[tuple[Any, ...]]:
    con.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{fts}_v USING fts5vocab(main, {fts}, instance)")
    return con.execute(f"SELECT term, doc, col, offset FROM temp.{fts}_v ORDER BY 1, 2, 3, 4").fetchall()


def snapshot(factory: sessionmaker[Session]) -> dict[str, Any]:
    """Every derived table (and the rows they derive from), as plain rows."""
    con = sqlite3.connect(db_path(factory))
    try:
        out: dict[str, Any] = {
            "mentions": con.execute(
                "SELECT id, external_id, case_id, author_id, brand_id, text, triage FROM mentions ORDER BY id"
            ).fetchall(),
            "authors": con.execute("SELECT id, handle, display_name FROM authors ORDER BY id").fetchall(),
            "cases": con.execute(
                "SELECT id, brand_id, state, topic, owner, priority, opened_at, first_response_at, last_inbound_at, "
                "report_opened_us, report_first_response_us, report_due_us, report_resolution_us, report_flags "
                "FROM cases ORDER BY id"
            ).fetchall(),
            "mentions_fts": vocab(con, "mentions_fts"),
            "authors_fts": vocab(con, "authors_fts"),
            "open_deltas": con.execute(
                "SELECT brand_id, state, platform, topic, owner, sum(n) FROM open_case_deltas "
                "GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5"
            ).fetchall(),
            "open_counts": con.execute("SELECT * FROM open_case_counts ORDER BY 1, 2, 3").fetchall(),
            "bulk_writers": con.execute("SELECT count(*) FROM bulk_writers").fetchone()[0],
        }
    finally:
        con.close()
    with factory() as s:
        out["search"] = {q: search_case_ids(s, None, q) for q in QUERIES}
    return out


def assert_consistent(factory: sessionmaker[Session], tmp_path: Path) -> None:
    """The derived data equals what the triggers themselves compute from the stored rows: a copy
    of the store has its search indexes rebuilt and every case's figures recomputed by the
    update trigger of 0009; the open counts (summary plus deltas) equal a GROUP BY over cases."""
    src = sqlite3.connect(db_path(factory))
    copy_path = tmp_path / f"copy-{random.random()}.sqlite3"
    dst = sqlite3.connect(copy_path)
    src.backup(dst)
    try:
        for fts in ("mentions_fts", "authors_fts"):
            dst.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        dst.execute("UPDATE cases SET opened_at = opened_at")
        dst.commit()
        for fts in ("mentions_fts", "authors_fts"):
            assert vocab(src, fts) == vocab(dst, fts), fts
        figures = "SELECT id, report_opened_us, report_first_response_us, report_due_us, report_resolution_us, " \
                  "report_flags FROM cases ORDER BY id"
        assert src.execute(figures).fetchall() == dst.execute(figures).fetchall()
        for dim in ("state", "platform", "topic", "owner"):
            fresh = src.execute(
                f"SELECT brand_id, COALESCE({dim}, ''), count(*) FROM cases WHERE state IN ({OPEN}) "
                f"GROUP BY 1, 2 ORDER BY 1, 2"
            ).fetchall()
            kept = src.execute(
                f"SELECT brand_id, value, sum(n) FROM (SELECT brand_id, value, n FROM open_case_counts WHERE dim = ? "
                f"UNION ALL SELECT brand_id, COALESCE({dim}, ''), n FROM open_case_deltas) "
                f"GROUP BY 1, 2 HAVING sum(n) <> 0 ORDER BY 1, 2",
                (dim,),
            ).fetchall()
            assert kept == fresh, dim
        assert src.execute("SELECT count(*) FROM bulk_writers").fetchone()[0] == 0
    finally:
        src.close()
        dst.close()


@pytest.fixture
def twcs(tmp_path: Path) -> Path:
    return write_twcs(tmp_path / "twcs.csv", 700)


def store(tmp_path: Path, name: str) -> sessionmaker[Session]:
    return open_store(f"sqlite:///{tmp_path}/{name}.sqlite3")


def test_report_bits_are_the_reports(tmp_path: Path) -> None:
    for name in ("PRIVATE", "CLOSEOUT", "THANKS_KNOWN", "THANKED", "ESCALATED", "DISMISSED", "MOVED_PRIVATE",
                 "MOVED_ESCALATED"):
        assert getattr(derived, name) == getattr(aggregate, name), name


def test_the_migration_gates_only_the_insert_triggers_and_goes_down_and_up(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from calmdesk.storage.db import MIGRATIONS_DIR, migrate

    engine = make_engine(f"sqlite:///{tmp_path}/m.sqlite3")
    try:
        migrate(engine)

        def triggers() -> dict[str, str]:
            with engine.connect() as c:
                return dict(c.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all())

        up = triggers()
        gated = {n for n, sql in up.items() if "bulk_writers" in sql}
        assert gated == {"mentions_fts_ai", "authors_fts_ai", "open_case_counts_ai", "report_figures_ai"}
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0009_report_figures")
        down = triggers()
        assert not any("bulk_writers" in sql for sql in down.values())
        assert "bulk_writers" not in inspect(engine).get_table_names()
        assert set(down) == set(up)
        assert down["open_case_counts_ai"].startswith(
            "CREATE TRIGGER open_case_counts_ai AFTER INSERT ON cases WHEN NEW.state IN ("
        )
        migrate(engine)
        assert triggers() == up
    finally:
        engine.dispose()


@pytest.mark.parametrize("triage", [False, True], ids=["store-only", "with-triage"])
def test_bulk_import_derives_exactly_what_the_per_row_triggers_do(twcs: Path, tmp_path: Path, triage: bool) -> None:
    per_row, bulk = store(tmp_path, "per_row"), store(tmp_path, "bulk")
    a = do_import(per_row, twcs, bulk=False, triage=triage)
    b = do_import(bulk, twcs, bulk=True, triage=triage)
    assert (a.imported, a.ingest.cases_created, a.problems) == (b.imported, b.ingest.cases_created, b.problems)
    assert a.imported > 1000
    before, after = snapshot(per_row), snapshot(bulk)
    for key in before:
        assert before[key] == after[key], key
    assert any(before["search"].values()) and before["open_deltas"] and before["mentions_fts"]
    # The fold turns both stores' deltas into the same counts.
    for f in (per_row, bulk):
        with f.begin() as s:
            fold_open_case_deltas(s)
    assert snapshot(per_row)["open_counts"] == snapshot(bulk)["open_counts"] != []
    assert_consistent(bulk, tmp_path)


def test_a_batch_that_fails_midway_leaves_derived_data_consistent(
    twcs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = store(tmp_path, "fails")
    real = ingest_module.insert_mentions
    calls = {"n": 0}

    def insert_then_fail(*args: Any, **kwargs: Any) -> set[int]:
        calls["n"] += 1
        won = real(*args, **kwargs)  # the rows are in, with their triggers paused ...
        if calls["n"] == 3:
            raise RuntimeError("disk on fire")  # ... and the batch dies before its derived data
        return won

    monkeypatch.setattr(ingest_module, "insert_mentions", insert_then_fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        do_import(f, twcs, bulk=True, triage=False)
    got = snapshot(f)
    assert len(got["mentions"]) == 300  # two batches of 150 committed, the third rolled back
    assert len(got["mentions_fts"]) > 0
    assert_consistent(f, tmp_path)
    # The store carries on with its triggers: the same file again finishes the import.
    monkeypatch.setattr(ingest_module, "insert_mentions", real)
    result = do_import(f, twcs, bulk=True, triage=False)
    assert result.duplicates == 300
    assert_consistent(f, tmp_path)


def test_the_pause_undoes_itself_when_the_block_fails(tmp_path: Path) -> None:
    f = store(tmp_path, "undo")
    with f.begin() as s:
        conn = s.connection()
        with pytest.raises(ValueError), derived.bulk_inserts(conn):
            assert derived.bulk_paused(conn)
            raise ValueError("boom")
        assert not derived.bulk_paused(conn)  # a caller that carries on writes with the triggers


def test_a_second_import_of_the_same_file_changes_no_count(twcs: Path, tmp_path: Path) -> None:
    f = store(tmp_path, "twice")
    first = do_import(f, twcs, bulk=True, triage=True)
    before = snapshot(f)
    with sqlite3.connect(db_path(f)) as con:
        deltas = con.execute("SELECT count(*) FROM open_case_deltas").fetchone()[0]
    again = do_import(f, twcs, bulk=True, triage=True)
    assert again.imported == 0 and again.duplicates == first.imported
    assert snapshot(f) == before
    with sqlite3.connect(db_path(f)) as con:
        assert con.execute("SELECT count(*) FROM open_case_deltas").fetchone()[0] == deltas
    assert_consistent(f, tmp_path)


def webhook_items(n: int, tag: str) -> list[MentionIn]:
    t0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    return [
        MentionIn(platform="x", external_id=f"{tag}{i}", text=f"@AcmeCare zebracrossing {tag} number {i}",
                  created_at=t0 + timedelta(minutes=i), author=AuthorIn(handle=f"{tag}user{i}", followers=3),
                  brand_handle="AcmeCare")
        for i in range(n)
    ]


def test_other_writers_during_and_after_an_import_keep_the_derived_data(twcs: Path, tmp_path: Path) -> None:
    f = store(tmp_path, "others")
    # A reader on another connection never sees the pause of the import's transaction.
    seen: list[int] = []
    reader = sqlite3.connect(db_path(f))
    real = derived.fill_derived

    def look_then_fill(conn: Any, batch: derived.BulkInserts) -> None:
        seen.append(reader.execute("SELECT count(*) FROM bulk_writers").fetchone()[0])
        assert derived.bulk_paused(conn)
        real(conn, batch)

    batches = {"n": 0}

    def between_batches(_n: int) -> None:
        # Between the import's batches, a webhook batch and a person closing a case, each in
        # its own transaction on another connection: their rows go through the triggers.
        batches["n"] += 1
        if batches["n"] == 2:
            with f.begin() as s:
                do_ingest_mentions(s, webhook_items(5, "during"), auto_create_brands=True)
            with f.begin() as s:
                cid = s.connection().exec_driver_sql(f"SELECT min(id) FROM cases WHERE state IN ({OPEN})").scalar()
                do_move_case(s, int(cid), "dismissed", actor="admin", dismiss_reason="spam")

    derived_fill = pytest.MonkeyPatch()
    derived_fill.setattr(derived, "fill_derived", look_then_fill)
    try:
        do_import(f, twcs, bulk=True, triage=True, progress=between_batches)
    finally:
        derived_fill.undo()
        reader.close()
    assert seen and set(seen) == {0}
    assert_consistent(f, tmp_path)
    # After the import: a webhook batch and closing cases, with the triggers.
    with f.begin() as s:
        do_ingest_mentions(s, webhook_items(4, "after"), auto_create_brands=True)
    with f.begin() as s:
        for cid in s.connection().exec_driver_sql(f"SELECT id FROM cases WHERE state IN ({OPEN}) LIMIT 3").scalars():
            do_move_case(s, int(cid), "dismissed", actor="admin", dismiss_reason="spam")
    with f() as s:
        assert len(search_case_ids(s, None, "zebracrossing")) == 9
    got = snapshot(f)
    assert got["bulk_writers"] == 0
    assert_consistent(f, tmp_path)
