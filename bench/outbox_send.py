"""Outbox throughput: N replies sent through the real sender to the local fake platform (X API).

Prints items per second for a first send (claim, commit, POST, record) and for the reconcile
path (items found in `sending` after a crash: search, then record). Run:
    .venv/bin/python bench/outbox_send.py [N]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "channels"))

from fakeplatform import TOKEN, FakePlatform  # noqa: E402

from calmdesk.actions.outbox import LEASE, do_send_outbox  # noqa: E402
from calmdesk.secrets import env_name  # noqa: E402
from calmdesk.storage.db import make_engine, make_sessionmaker, migrate  # noqa: E402
from calmdesk.storage.tables import OutboxItem  # noqa: E402
from outbox_store import queue_x_replies  # noqa: E402


def main(n: int) -> None:
    os.environ[env_name("x:acme:token")] = TOKEN
    with tempfile.TemporaryDirectory() as tmp, FakePlatform() as fake:
        engine = make_engine(f"sqlite:///{tmp}/b.sqlite3")
        migrate(engine)
        factory = make_sessionmaker(engine)
        queue_x_replies(factory, fake, n)
        start = time.perf_counter()
        report = do_send_outbox(factory, limit=n)
        first = time.perf_counter() - start
        assert len(report.sent) == n, report.errors
        with factory.begin() as s:  # as if every sender died after posting
            for item in s.query(OutboxItem):
                item.status, item.result_external_id, item.next_attempt_at = "sending", None, None
        start = time.perf_counter()
        report = do_send_outbox(factory, now=datetime.now(UTC) + LEASE + timedelta(seconds=1), limit=n)
        second = time.perf_counter() - start
        assert len(report.reconciled) == n and len(fake.ours("x")) == n
        print(f"outbox send:      {n} items in {first:.2f}s = {n / first:.0f} items/s (SQLite, local fake X)")
        print(
            f"outbox reconcile: {n} items in {second:.2f}s = {n / second:.0f} items/s (no re-post: {len(fake.ours('x'))} replies)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
