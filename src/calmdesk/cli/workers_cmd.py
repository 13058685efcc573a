"""CLI commands for the workers area: `calmdesk worker`, `calmdesk scheduler`, `calmdesk receipts ...`."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err = Console(stderr=True)

receipts_app = typer.Typer(help="Accepted webhook bodies and what became of them.", no_args_is_help=True)


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def worker_cmd(
    embedded: Annotated[
        bool, typer.Option("--embedded", help="Run jobs in this process on SQLite (no queue).")
    ] = False,
    concurrency: Annotated[int, typer.Option(help="Jobs run at the same time by this process.")] = 1,
    queue: Annotated[
        list[str] | None, typer.Option(help="Only these queues: ingest, outbox, periodic (repeat).")
    ] = None,
    burst: Annotated[
        bool, typer.Option("--burst", help="Stop when the queue is empty (for scripts and tests).")
    ] = False,
    migrate_only: Annotated[
        bool, typer.Option("--migrate", help="Create or upgrade the desk and queue schema, then exit.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every job.")] = False,
) -> None:
    """Run background jobs: webhook receipts, polling, outbox, SLA checks.

    With a PostgreSQL CALMDESK_DATABASE_URL this is a queue worker: start as many as you like on
    as many machines as you like. On SQLite use --embedded.
    """
    from calmdesk.storage.db import make_engine, migrate
    from calmdesk.workers.mode import is_production

    _logging(verbose)
    engine = make_engine()
    migrate(engine)
    production = is_production(engine)
    if production:
        from calmdesk.workers.queue import QUEUES, ensure_queue_schema

        created = ensure_queue_schema(engine)
        if migrate_only:
            console.print("queue schema created" if created else "queue schema already present")
            return
        unknown = sorted(set(queue or ()) - set(QUEUES))
        if unknown:
            err.print(f"[red]error:[/red] unknown queue {unknown[0]!r} (known: {', '.join(QUEUES)})")
            raise typer.Exit(2)
    elif migrate_only:
        console.print("schema is current (SQLite: no queue schema needed)")
        return
    elif not embedded:
        err.print(
            "[red]error:[/red] the database is SQLite: run `calmdesk worker --embedded`, or set "
            "CALMDESK_DATABASE_URL to PostgreSQL for queue workers"
        )
        raise typer.Exit(2)

    if not burst and (not queue or "ingest" in queue):
        from calmdesk.actions.triage import warm_up_triage

        warm_up_triage()
    if production:
        from calmdesk.workers.queue import run_worker

        err.print(f"calmdesk worker: queues {', '.join(queue or ['all'])}, concurrency {concurrency}")
        run_worker(engine, queues=queue, concurrency=concurrency, burst=burst)
        return
    from calmdesk.bootstrap import store_sessionmaker
    from calmdesk.workers.embedded import EmbeddedRunner

    runner = EmbeddedRunner(store_sessionmaker(engine))
    if burst:
        runner.tick()
        return
    err.print("calmdesk worker (embedded): processing receipts and periodic jobs (Ctrl+C to stop)")
    runner.run_forever()


def scheduler_cmd(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every deferred job.")] = False,
) -> None:
    """Defer periodic jobs (polling, outbox, SLA checks, stalled-job rescue) once per tick across
    the cluster. Two schedulers are safe: PostgreSQL keeps one job per tick."""
    from calmdesk.storage.db import make_engine, migrate
    from calmdesk.workers.mode import is_production

    _logging(verbose)
    engine = make_engine()
    if not is_production(engine):
        err.print(
            "[red]error:[/red] the scheduler needs PostgreSQL; on SQLite `calmdesk worker --embedded` runs periodic jobs"
        )
        raise typer.Exit(2)
    migrate(engine)
    from calmdesk.workers.queue import PERIODIC, ensure_queue_schema, run_scheduler

    ensure_queue_schema(engine)
    err.print("calmdesk scheduler: " + ", ".join(f"{n} ({p.cron})" for n, p in PERIODIC.items()))
    run_scheduler(engine)


@receipts_app.command("status")
def receipts_status(
    errors: Annotated[int, typer.Option(help="Show this many of the latest receipts with a problem.")] = 10,
) -> None:
    """Counts of accepted webhooks: waiting, processed, with a problem; plus queue jobs in production."""
    from calmdesk.queries.receipts import receipt_status
    from calmdesk.storage.db import make_engine, make_sessionmaker, migrate
    from calmdesk.workers.mode import is_production

    engine = make_engine()
    migrate(engine)
    factory = make_sessionmaker(engine)
    with factory() as s:
        status = receipt_status(s, problems=errors)
    jobs_by_status: list[tuple[str, str, int]] = []
    if is_production(engine):
        from calmdesk.workers.queue import jobs_by_status as queue_jobs

        jobs_by_status = queue_jobs(engine)
    bad = status.problems
    console.print(f"receipts: {status.waiting} waiting, {status.processed} processed")
    if jobs_by_status:
        t = Table("queue", "status", "jobs")
        for q, st, n in jobs_by_status:
            t.add_row(q, st, str(n))
        console.print(t)
    if bad:
        t = Table("receipt", "source", "problem")
        for rid, source, problem in bad:
            t.add_row(str(rid), source, problem or "")
        console.print(t)


@receipts_app.command("retry")
def receipts_retry(
    receipt_ids: Annotated[list[int], typer.Argument(help="Receipt ids (see `calmdesk receipts status`).")],
) -> None:
    """Process stored webhook bodies again (after a parser fix or after creating the brand)."""
    from calmdesk.bootstrap import store_sessionmaker
    from calmdesk.storage.db import make_engine, migrate
    from calmdesk.workers import jobs
    from calmdesk.workers.mode import is_production

    engine = make_engine()
    migrate(engine)
    factory = store_sessionmaker(engine)
    n = jobs.reopen_receipts(factory, receipt_ids)
    if is_production(engine):
        from calmdesk.workers.queue import enqueue_receipts

        with factory.begin() as s:
            enqueue_receipts(s, receipt_ids)
        console.print(f"{n} receipt(s) queued again")
        return
    for rid in receipt_ids:
        out = jobs.process_receipt(factory, rid)
        console.print(
            f"receipt {rid}: {out.status} ({out.created} new){' - ' + out.error if out.error else ''}"
        )


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("worker")(worker_cmd)
    app.command("scheduler")(scheduler_cmd)
    app.add_typer(receipts_app, name="receipts")
