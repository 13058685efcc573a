"""CLI commands for the channels area.

Two owners share this module: payload parsing (`ingest-payload`, `webhook-sign`, below) and the
connectors (HTTP clients, polling, outbox), whose commands go in `register_connectors`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from calmdesk.cli import outbox_cmd
from calmdesk.cli.output import err, fail
from calmdesk.domain.mentions import MentionIn

#: The platforms `ingest-payload` reads, for its help text. Spelled out rather than taken from
#: `calmdesk.channels.PLATFORMS` because importing that package loads every parser (and the
#: email package), which every CLI command would then pay for at start-up; a test keeps the
#: two the same.
PLATFORM_NAMES = ("x", "facebook", "instagram", "mastodon", "bluesky", "reddit", "email", "webhook")


# ============================================================================================
# Payload parsing (owner: channels parsers)
# ============================================================================================


def dry_run_record(item: MentionIn) -> dict[str, Any]:
    """The `--dry-run` line: the contract's keys, in the contract's order."""
    return {
        "platform": item.platform,
        "external_id": item.external_id,
        "author_handle": item.author.handle,
        "author_followers": item.author.followers,
        "text": item.text,
        "created_at": item.created_at.isoformat(),
        "in_reply_to": item.in_reply_to,
        "visibility": item.visibility,
    }


def _read(file: str) -> bytes:
    if file == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(file).read_bytes()
    except OSError as exc:
        raise fail(f"{file}: cannot read: {exc.strerror or exc}") from exc


def ingest_payload(
    file: Annotated[str, typer.Argument(help="the raw body or API response ('-' for stdin)")],
    platform: Annotated[
        str, typer.Option("--platform", "-p", help=f"one of: {', '.join(PLATFORM_NAMES)}", show_default=False)
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="store nothing; print one JSON line per mention")
    ] = False,
    brand: Annotated[str | None, typer.Option("--brand", help="brand key the mentions belong to")] = None,
    account: Annotated[
        str | None,
        typer.Option("--account", help="our account handle on that platform (marks our own posts outbound)"),
    ] = None,
) -> None:
    """Read a platform's raw API response or webhook body and ingest the mentions inside."""
    from calmdesk.channels import ALIASES, PLATFORMS, PayloadError, parse_payload

    name = ALIASES.get(platform, platform)
    if name not in PLATFORMS:
        raise fail(f"unknown platform {platform!r} (known: {', '.join(PLATFORMS)})")
    body = _read(file)
    try:
        items = parse_payload(name, body, brand_handle=account)
    except PayloadError as exc:
        raise fail(f"{file}: {exc}") from exc
    if dry_run:
        out = sys.stdout
        for item in items:
            out.write(json.dumps(dry_run_record(item), ensure_ascii=False) + "\n")
        out.flush()
        return

    from calmdesk.actions.brands import NotFound, ensure_brand
    from calmdesk.actions.ingest import IngestError, do_ingest_mentions
    from calmdesk.bootstrap import open_store

    factory = open_store()
    try:
        with factory.begin() as session:
            if brand:
                ensure_brand(session, brand)  # auto-create, like the accounts of outbound items
            report = do_ingest_mentions(session, items, brand_key=brand, auto_create_brands=True, actor="cli")
    except (NotFound, IngestError) as exc:
        raise fail(str(exc).strip("'\"")) from exc
    typer.echo(
        f"{name}: {len(items)} mention(s) read; created {report.created}, "
        f"duplicates {report.duplicates}, cases opened {report.cases_created}, rejected {len(report.rejected)}"
    )
    for ext, reason in report.rejected[:10]:
        err.print(f"rejected {ext}: {reason}", markup=False, highlight=False)
    if len(report.rejected) > 10:
        err.print(f"... and {len(report.rejected) - 10} more rejected", markup=False, highlight=False)
    if items and len(report.rejected) == len(items):
        raise fail(
            "nothing was stored: name the brand with --brand (or register the account in its playbook)"
        )


def webhook_sign(
    file: Annotated[str, typer.Argument(help="the JSON body to send ('-' for stdin)")],
    secret_env: Annotated[
        str, typer.Option("--secret-env", help="environment variable holding the shared secret")
    ] = "CALMDESK_WEBHOOK_SECRET",
) -> None:
    """Print the headers a sender must add to POST this body to calmdesk's generic webhook."""
    from calmdesk.channels import PayloadError, parse_payload
    from calmdesk.channels.webhook.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, generic_signature

    secret = os.environ.get(secret_env, "")
    if not secret:
        raise fail(f"${secret_env} is not set")
    body = _read(file)
    try:
        parse_payload("webhook", body)
    except PayloadError as exc:
        raise fail(f"{file}: {exc}") from exc
    ts = int(time.time())
    typer.echo(f"{TIMESTAMP_HEADER}: {ts}")
    typer.echo(f"{SIGNATURE_HEADER}: {generic_signature(body, ts, secret)}")


def register_parsers(app: typer.Typer) -> None:
    app.command("ingest-payload")(ingest_payload)
    app.command("webhook-sign")(webhook_sign)


# ============================================================================================
# Connectors (owner: channels connectors): HTTP clients, polling, outbox commands go here.
# ============================================================================================


def _age(delta: Any) -> str:
    if delta is None:
        return "-"
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"


def channels_status() -> None:
    """Each channel's health: last success, last error, lag and next poll (B-MONITOR)."""
    from rich.table import Table

    from calmdesk.actions.channels import channel_health
    from calmdesk.bootstrap import open_store
    from calmdesk.channels._common.ratelimit import utc_now

    factory = open_store()
    now = utc_now()
    with factory() as session:
        rows = channel_health(session, now)
    table = Table(title="Channels")
    for col in (
        "#",
        "brand",
        "platform",
        "handle",
        "state",
        "last success",
        "lag",
        "next poll",
        "last error",
    ):
        table.add_column(col)
    for h in rows:
        state = (
            "off"
            if not h.enabled
            else ("ok" if h.healthy else ("never polled" if not h.last_error else "failing"))
        )
        style = {"ok": "green", "failing": "red", "off": "dim"}.get(state, "yellow")
        table.add_row(
            str(h.channel_id),
            h.brand,
            h.platform,
            h.handle,
            f"[{style}]{state}[/]",
            h.last_success_at.strftime("%Y-%m-%d %H:%M:%S") if h.last_success_at else "-",
            _age(h.lag),
            _age(h.next_poll_at - now) if h.next_poll_at and h.next_poll_at > now else "due",
            (h.last_error or "")[:80],
        )
    Console(soft_wrap=True).print(table)


def channels_poll(
    once: Annotated[bool, typer.Option("--once", help="poll the due channels once and exit")] = False,
    every: Annotated[float, typer.Option("--every", help="seconds between rounds when looping")] = 15.0,
) -> None:
    """Poll every due channel, store new mentions, move cursors; errors stay on their channel."""
    from calmdesk.bootstrap import open_store
    from calmdesk.workers.polling import poll_due_channels

    factory = open_store()
    while True:
        for o in poll_due_channels(factory):
            where = f"{o.platform} {o.handle}"
            if o.error:
                err.print(f"{where}: [red]{o.error}[/]", highlight=False)
            else:
                typer.echo(f"{where}: fetched {o.fetched}, new {o.created}, duplicates {o.duplicates}")
        if once:
            return
        time.sleep(every)


def secrets_set(
    name: Annotated[
        str, typer.Argument(help="e.g. x:acme:token (env override: CALMDESK_SECRET_X_ACME_TOKEN)")
    ],
) -> None:
    """Store a credential encrypted (key: $CALMDESK_ENCRYPTION_KEY). The value is read from stdin or a hidden prompt."""
    from calmdesk.actions.secrets import do_set_secret
    from calmdesk.bootstrap import open_store
    from calmdesk.secrets import SecretError

    value = (
        sys.stdin.readline().rstrip("\r\n")
        if not sys.stdin.isatty()
        else typer.prompt("value", hide_input=True)
    )
    factory = open_store()
    try:
        with factory.begin() as session:
            do_set_secret(session, name, value)
    except SecretError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"stored secret {name}")


def secrets_keygen() -> None:
    """Print a new key for $CALMDESK_ENCRYPTION_KEY."""
    from calmdesk.secrets import generate_key

    typer.echo(generate_key())


def secrets_rotate() -> None:
    """Re-encrypt every stored credential under the first $CALMDESK_ENCRYPTION_KEY (old keys: $CALMDESK_ENCRYPTION_KEY_OLD), all or nothing."""
    from calmdesk.actions.secrets import do_rotate_secrets
    from calmdesk.bootstrap import open_store
    from calmdesk.secrets import SecretError

    factory = open_store()
    try:
        with factory.begin() as session:
            count = do_rotate_secrets(session)
    except SecretError as exc:
        raise fail(str(exc)) from exc
    typer.echo(f"re-encrypted {count} stored secret(s) under the first key of $CALMDESK_ENCRYPTION_KEY")


def channels_configure(
    channel_id: Annotated[int, typer.Argument(help="channel number (see `calmdesk channels status`)")],
    setting: Annotated[list[str], typer.Argument(help="key=value (JSON values allowed); key= removes")],
) -> None:
    """Set connector settings on a channel: base_url, user_id, account_id, subreddits, poll_interval_s..."""
    from calmdesk.actions.channels import ChannelNotFound, do_configure_channel
    from calmdesk.bootstrap import open_store

    values: dict[str, Any] = {}
    for pair in setting:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise fail(f"{pair!r}: expected key=value")
        try:
            values[key] = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            values[key] = raw
    factory = open_store()
    try:
        with factory.begin() as session:
            channel = do_configure_channel(session, channel_id, **values)
            typer.echo(json.dumps(channel.settings, sort_keys=True))
    except ChannelNotFound as exc:
        raise fail(str(exc)) from exc


def register_connectors(app: typer.Typer) -> None:
    """Add the connector commands (poll, status, outbox send, secrets) to the app."""
    channels = typer.Typer(help="Channel connectors: polling and health.", no_args_is_help=True)
    channels.command("status")(channels_status)
    channels.command("poll")(channels_poll)
    channels.command("configure")(channels_configure)
    app.add_typer(channels, name="channels")
    outbox_cmd.register(app)
    secrets = typer.Typer(help="Encrypted credentials.", no_args_is_help=True)
    secrets.command("set")(secrets_set)
    secrets.command("keygen")(secrets_keygen)
    secrets.command("rotate")(secrets_rotate)
    app.add_typer(secrets, name="secrets")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    register_parsers(app)
    register_connectors(app)
