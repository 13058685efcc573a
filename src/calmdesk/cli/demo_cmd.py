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

if TYPE_CHECKING:
    # The store's modules are imported where they are used, so that `calmdesk triage` (no
    # database) does not load SQLAlchemy at start-up.
    from sqlalchemy.orm import Session, sessionmaker

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
    from calmdesk.queries.cases import InboxFilter, count_cases, first_message_text, list_cases

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


demo_app = typer.Typer(
    help="The demo desk: three brands, a day of mentions, and a sandbox platform it really posts to.",
    invoke_without_command=True,
)

#: Where the demo keeps the key that encrypts its stored credentials (the sandbox token), when
#: $CALMDESK_ENCRYPTION_KEY is not set: in the demo's own data directory, never in the repo.
DEMO_KEY_FILE = "demo-encryption.key"


def _demo_encryption_key() -> None:
    """Make sure stored credentials can be encrypted: the operator's key, else the demo's own."""
    from calmdesk.secrets import KEY_ENV, generate_key

    if os.environ.get(KEY_ENV):
        return
    folder = Path(os.environ.get("CALMDESK_DATA_DIR") or "calmdesk-data")
    path = folder / DEMO_KEY_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_key() + "\n", encoding="utf-8")
        path.chmod(0o600)
    os.environ[KEY_ENV] = path.read_text(encoding="utf-8").strip()


def start_sandbox(factory: sessionmaker[Session], host: str, port: int) -> Any:
    """Start the sandbox platform and connect the demo's channels to it; returns the server.

    The embedded worker (outbox sender, poller, SLA check) runs in the desk's process, so a
    reply sent in the desk is really posted; a customer's answer added in the sandbox is
    fetched at once by polling that one channel.
    """
    import threading

    from calmdesk.actions.demo import SEEDS
    from calmdesk.actions.demo_sandbox import do_connect_sandbox, poll_sandbox_channel
    from calmdesk.demo.sandbox import Sandbox
    from calmdesk.queries.demo_sandbox import email_seed
    from calmdesk.web.render import SANDBOX_URL_ENV

    _demo_encryption_key()

    def fetch_now(platform: str, handle: str) -> None:
        def run() -> None:
            try:
                poll_sandbox_channel(factory, platform, handle)
            except Exception as exc:  # noqa: BLE001 - the worker's next tick tries again
                err.print(Text(f"sandbox: polling {platform} @{handle} failed: {exc}"))

        threading.Thread(target=run, daemon=True).start()

    sandbox = Sandbox(secrets.token_urlsafe(24), host=host, port=port, on_customer_post=fetch_now)
    try:
        sandbox.start()
    except OSError as exc:
        raise _fail(
            f"the sandbox platform cannot listen on {host}:{port}: {exc.strerror}; use --sandbox-port"
        ) from exc
    # e-mail: an IMAP and SMTP server per demo address, its INBOX holding the day's mails
    with factory() as s:
        seeds = email_seed(s, [seed.key for seed in SEEDS])
    ports = {}
    for address, mails in seeds.items():
        box = sandbox.add_mail_account(address, mails)
        ports[address] = (box.imap.port, box.smtp.port)
    with factory.begin() as s:
        connected = do_connect_sandbox(s, sandbox.url, sandbox.token, ports)
    os.environ[SANDBOX_URL_ENV] = sandbox.url
    os.environ.setdefault("CALMDESK_EMBEDDED_WORKER", "1")
    console.print(
        f"sandbox platform on {sandbox.url}/sandbox: {len(connected)} channels post there "
        f"({', '.join(sorted({c.platform for c in connected}))})",
        highlight=False,
    )
    return sandbox


@demo_app.callback()
def demo(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="where the demo store lives (sets CALMDESK_DATA_DIR)")
    ] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="open the desk after loading")] = True,
    host: Annotated[str, typer.Option(help="web desk address")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="web desk port")] = 8000,
    sandbox: Annotated[
        bool,
        typer.Option("--sandbox/--no-sandbox", help="run the sandbox platform the demo's channels post to"),
    ] = True,
    sandbox_port: Annotated[int, typer.Option(help="sandbox platform port (on 127.0.0.1)")] = 8001,
    reset: Annotated[
        bool,
        typer.Option("--reset", help="start the demo day again: empty the demo store and load it ending now"),
    ] = False,
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
    """Load three demo brands with a day of mentions, customers and desk users, then open the desk
    with the sandbox platform it posts to."""
    if ctx.invoked_subcommand is not None:
        return
    from calmdesk.actions.demo import demo_jsonl, load_demo, reset_demo, store_kind

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
    from calmdesk.storage.db import database_url

    where = database_url().split("@")[-1]
    with factory() as s:
        kind = store_kind(s)
    if kind == "other" and not force:
        raise _fail(
            f"{where} already holds a desk that is not the demo; use --data-dir for a fresh store "
            "or --force to add the demo to it"
        )
    if reset:
        if kind == "other":
            raise _fail(f"{where} holds a desk that is not the demo; --reset empties only a demo store")
        removed = reset_demo(factory)
        console.print(
            f"reset: emptied the demo store ({removed} rows); the day starts again now", highlight=False
        )
    summary = load_demo(factory)
    print_summary(summary, where, forced=kind == "other")
    if not serve:
        return
    run = _web_server()
    if run is None:
        print_inbox(factory)
        return
    if sandbox:
        start_sandbox(factory, "127.0.0.1", sandbox_port)
    run(factory, host, port, **_demo_web_settings(run))


@demo_app.command("customer-reply")
def customer_reply(
    case_id: Annotated[int, typer.Argument(help="the case whose customer answers")],
    text: Annotated[str, typer.Argument(help="what the customer writes, e.g. 'thanks, sorted!'")],
) -> None:
    """A demo customer answers on the sandbox platform; the desk fetches it through its poll.

    Needs the running demo (`calmdesk demo`): the answer is published on its sandbox, which
    then has the desk poll that channel, the same ingest path a real customer's reply takes.
    """
    import httpx

    from calmdesk.bootstrap import open_store
    from calmdesk.queries.demo_sandbox import NoSandbox, customer_reply_target

    factory = open_store()
    with factory() as s:
        try:
            target = customer_reply_target(s, case_id)
        except NoSandbox as exc:
            raise _fail(str(exc)) from exc
    form = {
        "platform": target.platform,
        "account": target.account,
        "author": target.author,
        "author_id": target.author_id or "",
        "in_reply_to": target.in_reply_to,
        "root": target.root,
        "followers": "" if target.followers is None else str(target.followers),
        "text": text,
    }
    try:
        response = httpx.post(f"{target.sandbox_url}/sandbox/customer-reply", data=form, timeout=10)
    except httpx.HTTPError as exc:
        raise _fail(
            f"the sandbox at {target.sandbox_url} does not answer ({exc}); is `calmdesk demo` running?"
        ) from exc
    if response.status_code != 303:
        raise _fail(f"the sandbox refused the answer ({response.status_code}): {response.text[:200]}")
    console.print(
        f"@{target.author} answered on {target.platform} (sandbox); the desk fetches it into case #{case_id} now",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.add_typer(demo_app, name="demo")
