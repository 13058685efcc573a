"""Embedded mode: the background jobs in a thread of the one calmdesk process, on SQLite.

No queue to run: the `webhook_receipts` table is the queue (unprocessed rows are the work),
and periodic jobs take a lease in `job_locks` first, so a second process on the same file
(`calmdesk worker --embedded` beside `calmdesk serve`) never runs a tick twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from calmdesk.workers import jobs
from calmdesk.workers.receipt_batch import process_receipt_batch
from calmdesk.workers.schedule import PERIODIC as SCHEDULE

log = logging.getLogger("calmdesk.workers")

PeriodicJob = Callable[[sessionmaker[Session], datetime], Any]

#: name -> (every seconds, job). The same jobs and periods as production's `schedule.PERIODIC`.
PERIODIC: dict[str, tuple[float, PeriodicJob]] = {
    "channels.poll": (SCHEDULE["calmdesk.poll_channels"].every_s, lambda f, now: jobs.run_polling(f, now)),
    "outbox.send": (SCHEDULE["calmdesk.send_outbox"].every_s, lambda f, now: jobs.run_outbox(f, now)),
    "sla.check": (SCHEDULE["calmdesk.check_sla"].every_s, lambda f, now: jobs.run_sla_check(f, now)),
    "incidents.check": (
        SCHEDULE["calmdesk.check_incidents"].every_s,
        lambda f, now: jobs.run_incident_check(f, now),
    ),
    "partitions.maintain": (
        SCHEDULE["calmdesk.maintain_partitions"].every_s,
        lambda f, now: jobs.run_partition_maintenance(f, now),
    ),
    "open_counts.fold": (
        SCHEDULE["calmdesk.fold_open_counts"].every_s,
        lambda f, now: jobs.run_fold_open_counts(f, now),
    ),
}


class EmbeddedRunner:
    """Processes receipts and periodic jobs until stopped. `tick()` is one pass (tests call it)."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        *,
        interval_s: float = 1.0,
        periodic: dict[str, tuple[float, PeriodicJob]] | None = None,
        holder: str | None = None,
    ) -> None:
        self.factory = factory
        self.interval_s = interval_s
        self.periodic = PERIODIC if periodic is None else periodic
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{id(self)}"
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.errors: list[str] = []

    def wake(self) -> None:
        """A receipt arrived: process it now rather than at the next interval."""
        self._wake.set()

    def tick(self, now: datetime | None = None) -> dict[str, Any]:
        done: dict[str, Any] = {"receipts": 0}
        for rid in jobs.unprocessed_receipts(self.factory, limit=200):
            # A batch takes waiting receipts with it; the ids it took come back "already".
            outs = process_receipt_batch(self.factory, rid)
            done["receipts"] += sum(o.status not in ("already", "taken") for o in outs)
        at = now or jobs.now_utc()
        for name, (every, job) in self.periodic.items():
            # The lease lasts one period: whoever takes it runs the tick; nobody else can until
            # it expires, so the job runs about once per period across processes.
            if jobs.try_lease(self.factory, f"embedded:{name}", f"{self.holder}:{at.timestamp()}", every, at):
                try:
                    done[name] = job(self.factory, at)
                except Exception as exc:  # one failing job must not stop the others
                    log.exception("periodic job %s failed", name)
                    self.errors.append(f"{name}: {exc}")
                    done[name] = {"error": str(exc)}
        return done

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception as exc:
                log.exception("embedded worker pass failed")
                self.errors.append(str(exc))
            self._wake.wait(self.interval_s)
            self._wake.clear()

    def start(self) -> EmbeddedRunner:
        self._thread = threading.Thread(target=self._run, name="calmdesk-embedded-worker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_forever(self) -> None:
        try:
            self._run()
        except KeyboardInterrupt:
            return
