"""PostgreSQL restarted in the middle of ingest: nothing lost, nothing stored twice (issue 17).

This restarts the database server itself, so it runs only where that is safe: CI, which is
alone on its machine, sets CALMDESK_FAULT_TESTS=1 (.ci/run). On a shared development machine
point it at a private cluster instead:

    CALMDESK_FAULT_TESTS=1 CALMDESK_TEST_PG=postgresql://postgres@127.0.0.1:5439/postgres \\
    CALMDESK_FAULT_PG_RESTART="su postgres -c '/usr/lib/postgresql/15/bin/pg_ctl -D DIR -l LOG -m fast -w restart'" \\
    pytest tests/workers/test_workers_pg_restart.py

The outage is kept short (a fast restart), and the server is started again at the end even
when the test fails, because other tests share it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from workers_pg import PG_ADMIN_URL, generic_body, start_worker, temp_database, wait_until

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.storage.tables import Mention, WebhookReceipt
from calmdesk.workers.queue import enqueue_receipts, ensure_queue_schema

pytestmark = [
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        os.environ.get("CALMDESK_FAULT_TESTS") != "1",
        reason="restarts the PostgreSQL server; set CALMDESK_FAULT_TESTS=1 (CI does, in .ci/run)",
    ),
]


def _cluster_command(action: str) -> str:
    override = os.environ.get(f"CALMDESK_FAULT_PG_{action.upper()}")
    if override:
        return override
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        pytest.skip("no pg_ctlcluster cluster under /etc/postgresql to restart")
    return f"pg_ctlcluster --skip-systemctl-redirect {versions[-1]} main {action}"


def _pg_up() -> bool:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=2) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from temp_database()


@pytest.fixture
def server_back_up() -> Iterator[None]:
    """Whatever happens in the test, leave the shared server running."""
    try:
        yield
    finally:
        if not wait_until(_pg_up, 20, step=0.5):
            subprocess.run(
                _cluster_command("start"),
                shell=True,
                check=False,
                timeout=120,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_until(_pg_up, 60, step=0.5)


def test_postgres_restart_mid_ingest_loses_nothing(pg_url: str, tmp_path: Path, server_back_up: None) -> None:
    factory = open_store(pg_url)
    ensure_queue_schema(factory.kw["bind"])
    # One receipt per job (each its own transaction) and enough of them that the restart lands
    # mid-ingest: with the default 50 receipts per job the whole load was one transaction, done
    # before the restart on a quiet machine.
    per, receipts = 50, 120
    with factory.begin() as s:
        ensure_brand(s, "acme")
        rows = [
            WebhookReceipt(source="generic:acme", digest=f"restart-{i}", body=generic_body(i * per, per))
            for i in range(receipts)
        ]
        s.add_all(rows)
        s.flush()
        enqueue_receipts(s, [r.id for r in rows])

    def stored() -> int:
        with factory() as s:
            return int(s.scalar(select(func.count()).select_from(Mention)) or 0)

    worker = start_worker(
        pg_url, "--concurrency", "2", log=tmp_path / "worker.log", env={"CALMDESK_RECEIPT_BATCH": "1"}
    )
    try:
        assert wait_until(lambda: stored() > 0, 120), (tmp_path / "worker.log").read_text()[-3000:]
        before = stored()
        assert before < per * receipts, "ingest finished before the restart; raise the volume"
        factory.kw["bind"].dispose()
        # No pipes: the restarted server inherits them, and reading them would wait for it to exit.
        restart = subprocess.run(
            _cluster_command("restart"), shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )
        assert restart.returncode == 0
        assert wait_until(_pg_up, 60, step=0.5)

        def settled() -> bool:
            try:
                with factory() as s:
                    waiting = s.scalar(
                        select(func.count()).select_from(WebhookReceipt).where(WebhookReceipt.processed_at.is_(None))
                    )
                return waiting == 0
            except Exception:  # the pool may still hand out a connection from before the restart
                factory.kw["bind"].dispose()
                return False

        assert wait_until(settled, 180, step=1.0), (tmp_path / "worker.log").read_text()[-3000:]
        assert worker.poll() is None, "the worker died instead of reconnecting"
    finally:
        worker.terminate()
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
    with factory() as s:
        total = s.scalar(select(func.count()).select_from(Mention))
        distinct = s.scalar(select(func.count(func.distinct(Mention.external_id))))
        errors = [e for e in s.scalars(select(WebhookReceipt.error)) if e]
    factory.kw["bind"].dispose()
    assert errors == []
    assert total == distinct == per * receipts  # 0 lost, 0 stored twice
