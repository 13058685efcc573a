"""`calmdesk demo`: load the demo desk into a fresh store and open it."""

from __future__ import annotations

import inspect
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.queries.cases import InboxFilter, count_cases, first_message_text, list_cases
from calmdesk.storage.db import database_url

if TYPE_CHECKING:
    # The demo data (three brands' worth of mentions) is imported where it is used, so other
    # CLI commands do not load it at start-up.
    from calmdesk.actions.demo import DemoSummary

console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(Text("error: ", style="bold red") + Text(message))
    return typer.Exit(code)


def _web_server() -> Callable[..., Any] | None:
    """The web desk's `serve(factory, host, port)`, when this build has one."""
    try:
        from calmdesk.web import server
    except ImportError:
        return None
    serve = getattr(server, "serve", None)
    return serve if callable(serve) else None


def _demo_web_settings(run: Callable[..., Any]) -> dict[str, Any]:
    """Development settings for the demo desk, with a fresh random session secret per run.

    The demo's logins are public, so it is a local trial by nature; a random secret still
    keeps the well-known development secret out of any cookie it hands out.
    """
    if "settings" not in inspect.signature(run).parameters:
        return {}
    try:
        from calmdesk.web.settings import WebSettings
    except ImportError:
        return {}
    secret = os.environ.get("CALMDESK_SECRET_KEY") or secrets.token_urlsafe(32)
    return {"settings": WebSettings(secret_key=secret, environment="development").check()}


def print_summary(summary: DemoSummary, where: str, *, forced: bool = False) -> None:
    from calmdesk.actions.demo import DEMO_PASSWORD, DEMO_USERS

    console.print(Text(f"demo desk loaded into {where}", style="bold"))
    if summary.added_anything:
        console.print(
            f"added {summary.mentions_created} mentions, {summary.cases_created} cases, "
            f"{summary.customers_created} customers, {summary.orders_created} orders, "
            f"{summary.moves} lifecycle moves",
            highlight=False,
        )
    else:
        console.print("the demo was already loaded here; nothing added", highlight=False)
    t = Table(
        "brand",
        "cases",
        title=f"{summary.mentions_total} mentions, day ending {summary.day_ends_at:%H:%M} UTC",
    )
    for key, n in summary.cases_per_brand.items():
        t.add_row(key, str(n))
    console.print(t)
    console.print(
        "cases by state: " + ", ".join(f"{s} {n}" for s, n in summary.states.items()), highlight=False
    )
    for ext, reason in summary.rejected:
        err.print(Text(f"not loaded: {ext}: {reason}"))
    if summary.users_note:
        console.print(Text(summary.users_note, style="yellow"))
    else:
        logins = Table("user", "password", "role", "brands", title="demo logins")
        for u in DEMO_USERS:
            logins.add_row(u.username, DEMO_PASSWORD, u.role, "all" if u.is_admin else ", ".join(u.brands))
        console.print(logins)
        if forced and summary.users_kept:
            console.print(
                Text(
                    f"these users already existed and keep their own passwords: {', '.join(summary.users_kept)}",
                    style="yellow",
                )
            )


def _due_label(minutes: int) -> str:
    span = f"{minutes // 60}h{minutes % 60:02d}" if abs(minutes) >= 60 else f"{minutes}m"
    return f"in {span}" if minutes >= 0 else f"{span.lstrip('-')} late"


def print_inbox(factory: sessionmaker[Session], limit: int = 25) -> None:
    """The priority inbox in the terminal, for builds without the web desk."""
    f = InboxFilter()
    with factory() as s:
        rows = list_cases(s, f, limit=limit)
        total = count_cases(s, f)
        t = Table(title=f"priority inbox: {len(rows)} of {total} open cases", box=box.SIMPLE_HEAD)
        t.add_column("id", no_wrap=True, justify="right", min_width=3)
        t.add_column("brand/channel", no_wrap=True, min_width=len("brightbank/mastodon"))
        # States are never cut: "escalated" and "resolution_proposed" must read in full.
        t.add_column("state", no_wrap=True, min_width=len("resolution_proposed"))
        t.add_column("prio", no_wrap=True, justify="right", min_width=4)
        t.add_column("due", no_wrap=True, min_width=len("10h30 late"))
        # Rich squeezes other no-wrap columns to nothing when one is too wide, so this one is capped.
        t.add_column("who and what", no_wrap=True, overflow="ellipsis", max_width=max(12, console.width - 72))
        now = datetime.now(UTC)
        for case, bkey, handle, _followers in rows:
            first = first_message_text(s, case.id)
            due = case.first_response_due_at
            due_s = (
                "-"
                if due is None or case.first_response_at is not None
                else _due_label(int((due - now).total_seconds() // 60))
            )
            excerpt = " ".join((first or "").split())
            who = f"@{handle}: " if handle else ""
            t.add_row(
                str(case.id),
                f"{bkey}/{case.platform}",
                case.state,
                str(case.priority),
                due_s,
                Text(who + excerpt),
            )
    console.print(t)
    console.print("see a case with: calmdesk cases show ID", highlight=False)


def demo(
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="where the demo store lives (sets CALMDESK_DATA_DIR)")
    ] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="open the desk after loading")] = True,
    host: Annotated[str, typer.Option(help="web desk address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="web desk port")] = 8000,
    force: Annotated[
        bool, typer.Option("--force", help="load even into a store that already holds a real desk")
    ] = False,
    export_jsonl: Annotated[
        Path | None,
        typer.Option(
            "--export-jsonl", help="write the demo mentions in the JSON Lines import format and stop"
        ),
    ] = None,
) -> None:
    """Load three demo brands with a day of mentions, customers and desk users, then open the desk."""
    from calmdesk.actions.demo import demo_jsonl, load_demo, store_kind

    if export_jsonl is not None:
        try:
            export_jsonl.write_text(demo_jsonl(), encoding="utf-8")
        except OSError as exc:
            raise _fail(f"{export_jsonl}: cannot write: {exc.strerror}") from exc
        console.print(
            f"wrote {export_jsonl} (import it with: calmdesk import {export_jsonl})", highlight=False
        )
        return
    if data_dir is not None:
        os.environ["CALMDESK_DATA_DIR"] = str(data_dir)
    from calmdesk.bootstrap import open_store

    factory = open_store()
    where = database_url().split("@")[-1]
    with factory() as s:
        kind = store_kind(s)
    if kind == "other" and not force:
        raise _fail(
            f"{where} already holds a desk that is not the demo; use --data-dir for a fresh store "
            "or --force to add the demo to it"
        )
    summary = load_demo(factory)
    print_summary(summary, where, forced=kind == "other")
    if not serve:
        return
    run = _web_server()
    if run is None:
        print_inbox(factory)
        return
    run(factory, host, port, **_demo_web_settings(run))


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("demo")(demo)
