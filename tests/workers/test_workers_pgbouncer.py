"""calmdesk behind PgBouncer in transaction mode (issue 18): ingest, the inbox and a worker job.

Real parts only: Debian's `pgbouncer` started here on a free port in transaction mode in
front of the local PostgreSQL, with a small server pool (2 connections) so transactions
really move between server connections; calmdesk with `CALMDESK_DB_POOLER=pgbouncer`; and a
`calmdesk worker` subprocess running receipt jobs through the pooler.

The control: the same repeated query with psycopg's prepared statements left on fails
behind this pooler (psycopg prepares a statement after its fifth run, on whichever server
connection that transaction had), so the setting is what makes the rest pass.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from workers_pg import generic_body, start_worker, temp_database, wait_until

from calmdesk.actions.ingest import do_ingest_mentions
from calmdesk.actions.receipts import do_store_receipt
from calmdesk.actions.users import Access
from calmdesk.bootstrap import open_store
from calmdesk.domain.mentions import AuthorIn, MentionIn
from calmdesk.queries.desk import InboxQuery, inbox_counts, inbox_rows
from calmdesk.storage.db import make_engine, make_sessionmaker
from calmdesk.storage.tables import Brand, Case, Mention, WebhookReceipt
from calmdesk.workers.queue import enqueue_receipts, ensure_queue_schema

PGBOUNCER = "/usr/sbin/pgbouncer"
pytestmark = [
    pytest.mark.timeout(240),
    pytest.mark.skipif(not os.path.exists(PGBOUNCER), reason=f"{PGBOUNCER} is absent (apt install pgbouncer)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def direct_url() -> Iterator[str]:
    yield from temp_database()


@pytest.fixture
def bouncer_url(direct_url: str) -> Iterator[str]:
    """PgBouncer in transaction mode in front of the test database; its URL."""
    url = make_url(direct_url)
    port = _free_port()
    # Its own directory straight under /tmp: run as root, pgbouncer switches to the postgres
    # user, who cannot enter pytest's private tmp_path.
    holder = tempfile.TemporaryDirectory(prefix="calmdesk-pgbouncer-")
    work = Path(holder.name)
    (work / "users.txt").write_text(f'"{url.username}" ""\n')
    (work / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"{url.database} = host={url.host} port={url.port or 5432} dbname={url.database}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {work / 'users.txt'}\n"
        "pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 200\n"
        "server_reset_query =\nignore_startup_parameters = extra_float_digits,options\n"
        f"logfile = {work / 'pgbouncer.log'}\npidfile = {work / 'pgbouncer.pid'}\n"
        + ("user = postgres\n" if os.geteuid() == 0 else "")  # it refuses to run as root
    )
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        for f in work.iterdir():
            shutil.chown(f, "postgres")
    proc = subprocess.Popen([PGBOUNCER, str(work / "pgbouncer.ini")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        def accepting() -> bool:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return True
            except OSError:
                return False

        if not wait_until(accepting, 20):
            log = (work / "pgbouncer.log").read_text() if (work / "pgbouncer.log").exists() else ""
            pytest.fail(f"pgbouncer did not start: {log}")
        yield url.set(port=port).render_as_string(hide_password=False)
    finally:
        proc.terminate()
        proc.wait(10)
        holder.cleanup()


def _mentions(n: int, start: int) -> list[MentionIn]:
    at = datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    return [
        MentionIn(platform="x", external_id=f"pb{i}", text=f"@acme order {i} arrived broken",
                  created_at=at + timedelta(seconds=i), author=AuthorIn(handle=f"cust{i % 7}"), brand_handle="acme")
        for i in range(start, start + n)
    ]  # fmt: skip


def _hammer(url: str, *, threads: int = 6, rounds: int = 25) -> list[str]:
    """The same small query many times from several threads through one engine; the errors.

    Each transaction also sleeps 2 ms on the server, so the threads' transactions overlap and
    PgBouncer hands them its two server connections in changing order.
    """
    engine = make_engine(url)
    errors: list[str] = []

    def run() -> None:
        for _ in range(rounds):
            try:
                with engine.begin() as conn:
                    conn.execute(text("SELECT pg_sleep(0.002)"))
                    conn.execute(select(func.count()).select_from(Case).where(Case.priority >= 0)).scalar()
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(f"{type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    engine.dispose()
    return errors


def test_ingest_inbox_and_a_worker_job_through_pgbouncer_transaction_mode(
    direct_url: str, bouncer_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    # Schema and queue tables over the direct connection (an operator's one-off step).
    direct = open_store(direct_url)
    ensure_queue_schema(direct.kw["bind"])
    with direct.begin() as s:
        s.add(Brand(key="acme", name="Acme"))

    # Control: prepared statements left on break behind this pooler.
    monkeypatch.delenv("CALMDESK_DB_POOLER", raising=False)
    control = _hammer(bouncer_url)
    assert any("prepared statement" in e for e in control), control[:3]

    monkeypatch.setenv("CALMDESK_DB_POOLER", "pgbouncer")
    assert _hammer(bouncer_url) == []
    factory = open_store(bouncer_url, run_migrations=False)

    # Ingest in several transactions (each may land on another server connection).
    for start in range(0, 60, 10):
        with factory.begin() as s:
            report = do_ingest_mentions(s, _mentions(10, start), brand_key="acme", actor="test")
            assert report.created == 10
    # The same items again: all duplicates, nothing twice.
    with factory.begin() as s:
        assert do_ingest_mentions(s, _mentions(60, 0), brand_key="acme", actor="test").duplicates == 60

    # The inbox and its counts, repeatedly.
    admin = Access(user_id=1, username="admin", display_name="Admin", is_admin=True, roles={})
    for _ in range(8):
        with factory() as s:
            page = inbox_rows(s, admin, InboxQuery())
            counts = inbox_counts(s, admin)
    assert len(page["items"]) > 0 and counts

    # A worker job through the pooler: receipts queued with their rows, a burst worker runs them.
    receipt_ids = []
    for i in range(3):
        rid, created = do_store_receipt(
            factory, "generic:acme", f"digest-{i}", generic_body(1000 + 10 * i, 10, prefix="pbw"),
            then=lambda session, rid: enqueue_receipts(session, [rid]),
        )  # fmt: skip
        assert created
        receipt_ids.append(rid)
    log = tmp_path / "worker.log"
    worker = start_worker(bouncer_url, "--burst", "--queue", "ingest", log=log, env={"CALMDESK_DB_POOLER": "pgbouncer"})
    try:
        assert worker.wait(180) == 0, log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
    with make_sessionmaker(make_engine(direct_url))() as s:
        done = s.scalar(
            select(func.count()).select_from(WebhookReceipt).where(WebhookReceipt.processed_at.is_not(None))
        )
        stored = s.scalar(select(func.count()).select_from(Mention).where(Mention.external_id.like("pbw%")))
        jobs_left = s.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")).scalar()
    assert (done, stored, jobs_left) == (3, 30, 0), log.read_text()
    assert "prepared statement" not in log.read_text()
