"""CLI commands for the web area: `calmdesk serve` and `calmdesk users ...`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err = Console(stderr=True)

users_app = typer.Typer(help="People who use the desk and their role per brand.", no_args_is_help=True)


def serve_cmd(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help="On SQLite, run the background jobs (webhooks, polling, outbox, SLA checks) in this "
            "process. On PostgreSQL, run `calmdesk worker` and `calmdesk scheduler` instead.",
        ),
    ] = True,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Web processes sharing the port (PostgreSQL only; jobs run in `calmdesk worker`).",
        ),
    ] = 1,
) -> None:
    """Serve the web desk and its JSON API (needs CALMDESK_SECRET_KEY outside development)."""
    import os

    from calmdesk.bootstrap import open_store
    from calmdesk.secrets import encryption_key_problem
    from calmdesk.web.server import serve
    from calmdesk.web.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    problem = encryption_key_problem()
    if problem:
        err.print(f"[red]error:[/red] {problem}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if workers > 1:
        from calmdesk.storage.db import make_engine
        from calmdesk.web.server import serve_processes

        engine = make_engine()
        dialect = engine.dialect.name
        engine.dispose()
        if dialect != "postgresql":
            err.print("[red]error:[/red] --workers above 1 needs PostgreSQL (CALMDESK_DATABASE_URL): on SQLite "
                      "one process serves and runs the background jobs")
            raise typer.Exit(2)
        open_store().kw["bind"].dispose()  # migrate once, before the processes start
        serve_processes(host, port, workers)
        return
    if worker:
        os.environ.setdefault("CALMDESK_EMBEDDED_WORKER", "1")
    serve(open_store(), host=host, port=port, settings=settings)


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str | None, typer.Option(help="agent, supervisor or admin (admin with --admin).")] = None,
    brand: Annotated[
        list[str] | None, typer.Option(help="Brand key (repeat for several brands; every brand with --admin).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    display_name: Annotated[str | None, typer.Option(help="Name shown to colleagues.")] = None,
    global_admin: Annotated[
        bool,
        typer.Option(
            "--admin",
            "--global-admin",
            help="A global administrator: may see and manage every brand, present and future "
            "(the first user of a new desk).",
        ),
    ] = False,
) -> None:
    """Create a user (or add roles to an existing one). Passwords need 12+ characters, not a common one."""
    from calmdesk.actions.brands import NotFound
    from calmdesk.actions.users import UserError, do_create_user
    from calmdesk.bootstrap import open_store
    from calmdesk.queries.people import all_brands
    from calmdesk.storage.db import session_scope

    if role is None:
        if not global_admin:
            err.print("[red]error:[/red] --role is needed (agent, supervisor or admin), or --admin")
            raise typer.Exit(2)
        role = "admin"
    if not brand and not global_admin:
        err.print("[red]error:[/red] --brand is needed (a brand key; `calmdesk brands list`), or --admin")
        raise typer.Exit(2)

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope(open_store()) as session:
            brands = list(brand or [b.key for b in all_brands(session)])
            do_create_user(
                session,
                username,
                password,
                role,
                brands,
                display_name=display_name,
                is_admin=global_admin,
                actor="cli",
            )
    except (UserError, NotFound) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if global_admin:
        console.print(f"user [bold]{username}[/bold] is a global administrator (every brand)")
    else:
        console.print(f"user [bold]{username}[/bold] is {role} of {', '.join(brands)}")


@users_app.command("password")
def users_password(
    username: Annotated[str, typer.Argument(help="Whose password to change.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the new password from stdin.")
    ] = False,
) -> None:
    """Change a password (at least 12 characters, not a common one) and end that user's sessions."""
    from calmdesk.actions.users import UserError, do_change_password
    from calmdesk.bootstrap import open_store
    from calmdesk.storage.db import session_scope

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        with session_scope(open_store()) as session:
            user = do_change_password(session, username, password, actor="cli")
            name = user.username
    except UserError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    console.print(f"password of [bold]{name}[/bold] changed; their sessions have ended")


@users_app.command("list")
def users_list() -> None:
    """List users and their roles."""
    from calmdesk.bootstrap import open_store
    from calmdesk.queries.people import users_with_roles
    from calmdesk.storage.db import session_scope

    table = Table("user", "name", "roles", "global admin")
    with session_scope(open_store()) as session:
        for user, roles in users_with_roles(session):
            table.add_row(
                user.username,
                user.display_name or "",
                ", ".join(f"{k}: {r}" for k, r in roles),
                "yes" if user.is_admin else "",
            )
    console.print(table)


@users_app.command("notify")
def users_notify(
    username: Annotated[str, typer.Argument(help="Whose notifications to route.")],
    apprise_url: Annotated[
        list[str] | None,
        typer.Option("--apprise", help="An apprise URL (json://, mailto://, slack://, ...); repeat for several."),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove this user's apprise URLs.")] = False,
) -> None:
    """Send a user's notifications (draft approved/rejected, case assigned, SLA warning, @mention)
    to apprise URLs as well as the desk's bell; the URLs are stored encrypted."""
    from calmdesk.actions.personal_notify import NotifySettingsError, do_set_notify_urls
    from calmdesk.bootstrap import open_store
    from calmdesk.secrets import SecretError
    from calmdesk.storage.db import session_scope

    urls = [] if clear else list(apprise_url or [])
    if not urls and not clear:
        err.print("[red]error:[/red] give --apprise URL (one or more), or --clear")
        raise typer.Exit(2)
    try:
        with session_scope(open_store()) as session:
            stored = do_set_notify_urls(session, username, urls)
    except (NotifySettingsError, SecretError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if stored:
        console.print(f"[bold]{username}[/bold] is notified through {len(stored)} apprise URL(s) too")
    else:
        console.print(f"[bold]{username}[/bold] is notified in the desk only")


@users_app.command("token")
def users_token(
    username: Annotated[str, typer.Argument(help="Whose permissions the token carries.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "integration",
) -> None:
    """Create an API token (printed once; only its sha256 is stored)."""
    from calmdesk.actions.users import UserError, do_create_api_token, get_user
    from calmdesk.bootstrap import open_store
    from calmdesk.storage.db import session_scope

    try:
        with session_scope(open_store()) as session:
            token = do_create_api_token(session, get_user(session, username), name, actor="cli")
    except UserError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    print(token)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("serve")(serve_cmd)
    app.add_typer(users_app, name="users")
