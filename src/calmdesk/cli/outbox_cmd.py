"""`calmdesk outbox send | list | retry`: every post to a platform, sent once, and what became of it."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True, soft_wrap=True)


def outbox_send(
    once: Annotated[bool, typer.Option("--once", help="send what is due once and exit")] = False,
    limit: Annotated[int, typer.Option("--limit", help="items per round")] = 50,
    every: Annotated[float, typer.Option("--every", help="seconds between rounds when looping")] = 5.0,
    lease: Annotated[
        float,
        typer.Option("--lease", help="seconds a claimed item stays this sender's (renewed while posting)"),
    ] = 120.0,
) -> None:
    """Send due outbox items; an item left in `sending` by a crash is reconciled before any re-post."""
    from calmdesk.actions.outbox import do_send_outbox
    from calmdesk.bootstrap import open_store

    if lease <= 0:
        raise typer.BadParameter("--lease must be more than 0 seconds")
    factory = open_store()
    while True:
        report = do_send_outbox(factory, limit=limit, lease=timedelta(seconds=lease))
        if report.sent or report.reconciled or report.retried or report.failed:
            typer.echo(
                f"sent {len(report.sent)}, reconciled {len(report.reconciled)}, "
                f"retry later {len(report.retried)}, failed {len(report.failed)}"
            )
        for item_id, message in report.errors.items():
            err.print(f"outbox #{item_id}: {message}", markup=False, highlight=False)
        if once:
            return
        time.sleep(every)


def outbox_list(
    status: Annotated[str | None, typer.Option("--status", help="queued, sending, posted or failed")] = None,
    limit: Annotated[int, typer.Option("--limit", help="how many, newest first")] = 50,
) -> None:
    """Outbox items: posted ones with the platform's id and link, failed ones with its reason."""
    from calmdesk.bootstrap import open_store
    from calmdesk.domain.states import OutboxStatus
    from calmdesk.queries.outbox import list_outbox

    try:
        wanted = OutboxStatus(status) if status else None
    except ValueError:
        raise typer.BadParameter(
            f"--status must be one of {', '.join(s.value for s in OutboxStatus)}, not {status!r}"
        ) from None
    factory = open_store()
    with factory() as session:
        rows = list_outbox(session, wanted, limit)
    table = Table(title="Outbox")
    for col in (
        "#",
        "case",
        "platform",
        "operation",
        "status",
        "tries",
        "posted / next try",
        "id / link / reason",
    ):
        table.add_column(col, overflow="fold")
    for r in rows:
        if r.status == OutboxStatus.POSTED:
            when = r.sent_at.strftime("%Y-%m-%d %H:%M:%S") if r.sent_at else "-"
            what = " ".join(x for x in (r.result_external_id, r.permalink) if x) or "-"
        else:
            when = r.next_attempt_at.strftime("%Y-%m-%d %H:%M:%S") if r.next_attempt_at else "-"
            what = r.last_error or "-"
        table.add_row(
            str(r.id), str(r.case_id or "-"), r.platform, r.operation, r.status, str(r.attempts), when, what
        )
    Console(soft_wrap=True, width=200).print(table)


def outbox_retry(
    item_id: Annotated[
        int, typer.Argument(help="outbox item number (see `calmdesk outbox list --status failed`)")
    ],
) -> None:
    """Put a failed item back in the queue; the next `outbox send` tries it (reconciling first)."""
    from calmdesk.actions.outbox import RetryRefused, do_retry_outbox
    from calmdesk.bootstrap import open_store

    factory = open_store()
    try:
        with factory.begin() as session:
            item = do_retry_outbox(session, item_id, actor="cli")
            typer.echo(f"outbox #{item.id} queued again (after {item.attempts} tries)")
    except RetryRefused as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None


def register(app: typer.Typer) -> None:
    outbox = typer.Typer(help="The outbox: every post to a platform, sent once.", no_args_is_help=True)
    outbox.command("send")(outbox_send)
    outbox.command("list")(outbox_list)
    outbox.command("retry")(outbox_retry)
    app.add_typer(outbox, name="outbox")
