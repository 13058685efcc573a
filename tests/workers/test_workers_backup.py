"""The restore drill of docs/operations.md, run for real: pg_dump, pg_restore, workers carry on."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from workers_pg import generic_body, start_worker, temp_database

from calmdesk.actions.brands import ensure_brand
from calmdesk.bootstrap import open_store
from calmdesk.storage.tables import Mention, WebhookReceipt
from calmdesk.workers.queue import enqueue_receipts, ensure_queue_schema

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(
        not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="pg_dump not installed"
    ),
]


@pytest.fixture
def two_databases() -> Iterator[tuple[str, str]]:
    source = temp_database()
    target = temp_database()
    src = next(source)
    dst = next(target)
    try:
        yield src, dst
    finally:
        for gen in (source, target):
            with pytest.raises(StopIteration):
                next(gen)


def test_dump_and_restore_keeps_data_and_queued_work(two_databases: tuple[str, str], tmp_path: Path) -> None:
    src, dst = two_databases
    factory = open_store(src)
    ensure_queue_schema(factory.kw["bind"])
    with factory.begin() as s:
        ensure_brand(s, "acme")
        done = WebhookReceipt(source="generic:acme", digest="done", body=generic_body(0, 10))
        s.add(done)
        s.flush()
        enqueue_receipts(s, [done.id])
    w = start_worker(src, "--burst", log=tmp_path / "w1.log")
    assert w.wait(60) == 0
    with factory.begin() as s:  # accepted but not yet processed when the backup is taken
        waiting = WebhookReceipt(source="generic:acme", digest="waiting", body=generic_body(10, 10))
        s.add(waiting)
        s.flush()
        enqueue_receipts(s, [waiting.id])
    factory.kw["bind"].dispose()

    dump = tmp_path / "calmdesk.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", src], check=True)
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={dst}", str(dump)], check=True)

    w = start_worker(dst, "--burst", log=tmp_path / "w2.log")
    assert w.wait(60) == 0, (tmp_path / "w2.log").read_text()
    restored = open_store(dst)
    with restored() as s:
        assert s.scalar(select(func.count()).select_from(Mention)) == 20
        assert s.scalar(select(func.count()).where(WebhookReceipt.processed_at.is_(None))) == 0
    restored.kw["bind"].dispose()
