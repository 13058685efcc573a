"""Production mode: Procrastinate jobs in the desk's own PostgreSQL database.

Why Procrastinate (docs/decisions/0001-job-queue.md): the job row is written in the same
transaction as the data it is about. A webhook's raw body and its job commit together, so
"accepted" (HTTP 202) means durable, with no broker that can lose what the database kept or
keep what the database rolled back.

Roles:
- `calmdesk worker` runs jobs from the queues (any number, on any number of machines);
- `calmdesk scheduler` defers the periodic jobs; running two is safe because PostgreSQL keeps
  one row per (task, tick): each tick runs once across the cluster;
- `calmdesk.rescue_stalled` (periodic) hands jobs of a worker that died (kill -9, lost
  machine) back to the queue once its heartbeat is older than `CALMDESK_STALLED_AFTER_S`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import procrastinate
from procrastinate import JobContext
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.db import behind_pooler
from calmdesk.workers import jobs
from calmdesk.workers.mode import conninfo
from calmdesk.workers.receipt_batch import process_receipt_batch
from calmdesk.workers.schedule import PERIODIC, QUEUE_INGEST, QUEUE_OUTBOX, QUEUE_PERIODIC, procrastinate_cron

log = logging.getLogger("calmdesk.workers")

QUEUES = (QUEUE_INGEST, QUEUE_OUTBOX, QUEUE_PERIODIC)
TASK_RECEIPT = "calmdesk.process_receipt"
TASK_POLL = "calmdesk.poll_channel"

#: Transient failures (a database restart) are retried with a growing pause.
RETRY = procrastinate.RetryStrategy(max_attempts=30, wait=1, linear_wait=2)


def heartbeat_s() -> float:
    return float(os.environ.get("CALMDESK_HEARTBEAT_S", "5"))


def stalled_after_s() -> float:
    """A worker silent this long is dead: its running jobs go back to the queue. Three missed
    heartbeats: long enough not to mistake a busy worker for a dead one, short enough that the
    rescue (every 5 s) hands a killed worker's job back within 30 s."""
    return float(os.environ.get("CALMDESK_STALLED_AFTER_S", "15"))


class _Store:
    """The sessionmaker of this process, opened on first use (after the fork, never before)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._factory: sessionmaker[Session] | None = None

    def get(self) -> sessionmaker[Session]:
        if self._factory is None:
            from calmdesk.bootstrap import open_store

            self._factory = open_store(self.url, run_migrations=False)
        return self._factory


def build_app(engine: Engine, *, periodic: bool = False) -> procrastinate.App:
    """The Procrastinate app for this database. `periodic=True` only in `calmdesk scheduler`."""
    url = engine.url.render_as_string(hide_password=False)
    store = _Store(url)
    # Behind PgBouncer in transaction mode psycopg must not prepare statements (see
    # `storage.db.behind_pooler`); Procrastinate's own pool passes `kwargs` to each connection.
    extra: dict[str, Any] = {"kwargs": {"prepare_threshold": None}} if behind_pooler() else {}
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(engine), **extra),
        periodic_defaults={"max_delay": 600},
    )

    @app.task(name=TASK_RECEIPT, queue=QUEUE_INGEST, retry=RETRY)
    def process_receipt(receipt_id: int) -> dict[str, Any]:
        # The job takes waiting receipts with it (one transaction, one ingest); their own jobs
        # then find them done.
        outs = process_receipt_batch(store.get(), receipt_id)
        out = outs[0]
        if out.status == "taken":
            # Another worker's open batch holds it. Look again shortly: should that worker die
            # before it commits, its lock goes and the receipt would otherwise wait for the
            # orphan sweep; if it committed, the next look finds it done.
            with store.get().begin() as session:
                enqueue_receipts(session, [receipt_id], after_s=TAKEN_RECHECK_S)
        return {
            "status": out.status,
            "created": sum(o.created for o in outs),
            "duplicates": sum(o.duplicates for o in outs),
            "receipts": len(outs),
        }

    @app.task(name="calmdesk.sweep_receipts", queue=QUEUE_INGEST, queueing_lock="sweep_receipts")
    def sweep_receipts(timestamp: int) -> int:
        # Every receipt is enqueued in its own transaction; this only catches receipts whose
        # job was lost some other way (a job deleted by hand, a restore of an older dump).
        return sweep_orphan_receipts(store.get(), older_than_s=300)

    @app.task(name="calmdesk.poll_channels", queue=QUEUE_INGEST, queueing_lock="poll_channels")
    def poll_channels(timestamp: int) -> dict[str, Any]:
        # Only picks the due channels: each is polled by its own job, on any worker.
        return {"deferred": defer_due_polls(store.get())}

    @app.task(name=TASK_POLL, queue=QUEUE_INGEST)
    def poll_channel(channel_id: int) -> dict[str, Any]:
        return jobs.run_poll_channel(store.get(), channel_id)

    @app.task(name="calmdesk.send_outbox", queue=QUEUE_OUTBOX, queueing_lock="send_outbox", retry=RETRY)
    def send_outbox(timestamp: int) -> dict[str, Any]:
        return jobs.run_outbox(store.get())

    @app.task(name="calmdesk.check_sla", queue=QUEUE_PERIODIC, queueing_lock="check_sla")
    def check_sla(timestamp: int) -> dict[str, int]:
        return jobs.run_sla_check(store.get())

    @app.task(name="calmdesk.check_incidents", queue=QUEUE_PERIODIC, queueing_lock="check_incidents")
    def check_incidents(timestamp: int) -> dict[str, int]:
        return jobs.run_incident_check(store.get())

    @app.task(name="calmdesk.maintain_partitions", queue=QUEUE_PERIODIC, queueing_lock="maintain_partitions")
    def maintain_partitions(timestamp: int) -> dict[str, Any]:
        return jobs.run_partition_maintenance(store.get())

    @app.task(name="calmdesk.fold_open_counts", queue=QUEUE_PERIODIC, queueing_lock="fold_open_counts")
    def fold_open_counts(timestamp: int) -> dict[str, int]:
        return jobs.run_fold_open_counts(store.get())

    @app.task(name="calmdesk.rescue_stalled", queue=QUEUE_PERIODIC, pass_context=True)
    async def rescue_stalled(context: JobContext, timestamp: int) -> int:
        return await rescue_stalled_jobs(context.app)

    if periodic:
        for task in (
            sweep_receipts, poll_channels, send_outbox, check_sla, check_incidents, fold_open_counts,
            maintain_partitions, rescue_stalled,
        ):
            app.periodic(cron=procrastinate_cron(PERIODIC[task.name].cron))(task)  # type: ignore[arg-type,misc]
    return app


async def rescue_stalled_jobs(app: procrastinate.App, seconds: float | None = None) -> int:
    """Put the running jobs of dead workers back in the queue (their transactions rolled back)."""
    silent = stalled_after_s() if seconds is None else seconds
    stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=silent))
    for job in stalled:
        log.warning("job %s (%s) was running on a dead worker; retrying it", job.id, job.task_name)
        await app.job_manager.retry_job(job)
    return len(stalled)


def sweep_orphan_receipts(factory: sessionmaker[Session], *, older_than_s: float) -> int:
    """Queue again the receipts that wait with no live job (a job deleted by hand, a restore of
    an older dump, a job that used up its retries). Receipts are normally queued with their insert."""
    cutoff = jobs.now_utc() - timedelta(seconds=older_than_s)
    with factory.begin() as session:
        ids = list(
            session.scalars(
                text(
                    "SELECT r.id FROM webhook_receipts r WHERE r.processed_at IS NULL "
                    "AND r.received_at <= :cutoff AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j "
                    "WHERE j.task_name = :task AND j.status IN ('todo', 'doing') "
                    "AND j.args->>'receipt_id' = r.id::text) ORDER BY r.id LIMIT 5000"
                ),
                {"cutoff": cutoff, "task": TASK_RECEIPT},
            )
        )
        enqueue_receipts(session, ids)
    return len(ids)


# --- schema ------------------------------------------------------------------------------------


def queue_schema_present(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")).scalar_one() is True


def jobs_by_status(engine: Engine) -> list[tuple[str, str, int]]:
    """(queue, status, number of jobs) for `calmdesk receipts status`; empty before the queue schema exists."""
    if not queue_schema_present(engine):
        return []
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT queue_name, status::text, count(*) FROM procrastinate_jobs GROUP BY 1, 2 ORDER BY 1, 2")
        )
        return [(str(q), str(st), int(n)) for q, st, n in rows]


def ensure_queue_schema(engine: Engine) -> bool:
    """Create Procrastinate's tables once (under an advisory lock, so many workers may start at once).

    Returns True when it created them.
    """
    from procrastinate.schema import SchemaManager

    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("SELECT pg_advisory_xact_lock(724201)")
        cur.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
        row = cur.fetchone()
        created = not (row and row[0])
        if created:
            cur.execute(SchemaManager.get_schema())
        raw.commit()
        return created
    finally:
        raw.close()


# --- enqueueing --------------------------------------------------------------------------------

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY("
    " SELECT ROW(:queue, :task, 0, NULL, NULL, CAST(a AS jsonb),"
    " CASE WHEN CAST(:after_s AS float) > 0 THEN now() + make_interval(secs => CAST(:after_s AS float)) END"
    " )::procrastinate_job_to_defer_v1"
    " FROM unnest(CAST(:args AS text[])) AS a))"
)

#: Seconds after which a receipt found in another worker's open batch is looked at again.
TAKEN_RECHECK_S = 5.0


def enqueue_receipts(session: Session, receipt_ids: Sequence[int], *, after_s: float = 0.0) -> None:
    """Queue receipts in the caller's transaction: the job exists exactly when the receipt does
    (`after_s`: the job becomes due that many seconds from now)."""
    if not receipt_ids:
        return
    args = [json.dumps({"receipt_id": rid}) for rid in receipt_ids]
    session.execute(_DEFER, {"queue": QUEUE_INGEST, "task": TASK_RECEIPT, "args": args, "after_s": after_s})


_DEFER_ONE = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :lock, CAST(:args AS jsonb), NULL)"
    "::procrastinate_job_to_defer_v1])"
)


def defer_due_polls(factory: sessionmaker[Session], now: datetime | None = None) -> list[int]:
    """Defer one `calmdesk.poll_channel` job per due channel; returns the channels deferred.

    Why one job per channel: with one job for all channels, channels were polled one after
    another on one worker, and a platform that answered slowly delayed every other channel.
    Each job carries the channel as its lock (two jobs for one channel never run at the same
    time, so its cursor moves in order) and as its queueing lock (a channel already waiting
    in the queue is not queued again: the unique index refuses it, which is skipped here).
    """
    from calmdesk.workers.polling import due_channel_ids

    with factory() as session:
        ids = due_channel_ids(session, now or jobs.now_utc())
    deferred: list[int] = []
    with factory.begin() as session:
        for channel_id in ids:
            lock = f"poll:{channel_id}"
            try:
                with session.begin_nested():
                    session.execute(
                        _DEFER_ONE,
                        {"queue": QUEUE_INGEST, "task": TASK_POLL, "lock": lock,
                         "args": json.dumps({"channel_id": channel_id})},
                    )  # fmt: skip
            except IntegrityError:
                continue  # its job is still waiting in the queue
            deferred.append(channel_id)
    return deferred


# --- running -----------------------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_worker(
    engine: Engine,
    *,
    queues: Sequence[str] | None = None,
    concurrency: int = 1,
    burst: bool = False,
) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM finish the running job first).

    A lost database connection ends Procrastinate's worker loop; this loop starts it again
    with a pause, so workers recover by themselves when PostgreSQL comes back.
    """
    app = build_app(engine)
    pause = 1.0
    while True:
        started = time.monotonic()
        try:
            app.run_worker(
                queues=list(queues) if queues else None,
                concurrency=concurrency,
                name=worker_name(),
                wait=not burst,
                fetch_job_polling_interval=1.0,
                abort_job_polling_interval=5.0,
                update_heartbeat_interval=heartbeat_s(),
                stalled_worker_timeout=stalled_after_s(),
                delete_jobs="successful",
                # LISTEN needs a session of its own, which a transaction-mode pooler does not
                # keep: behind one, workers find new jobs by polling (every second) only.
                listen_notify=not behind_pooler(),
            )
            return
        except KeyboardInterrupt:
            return
        except Exception as exc:
            if time.monotonic() - started > 30:
                pause = 1.0
            log.warning("worker stopped on %s: %s; starting again in %.0fs", type(exc).__name__, exc, pause)
            time.sleep(pause)
            pause = min(pause * 2, 30.0)


def run_scheduler(engine: Engine) -> None:
    """Defer periodic jobs on their ticks until interrupted; reconnect after database outages."""
    from procrastinate.periodic import PeriodicDeferrer

    app = build_app(engine, periodic=True)

    async def main() -> None:
        pause = 1.0
        while True:
            try:
                async with app.open_async():
                    deferrer = PeriodicDeferrer(registry=app.periodic_registry, **app.periodic_defaults)
                    pause = 1.0
                    await deferrer.worker()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("scheduler lost the database (%s); retrying in %.0fs", exc, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        return
