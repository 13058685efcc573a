"""CLI commands for the SLA clock, customers and compensation (B-SLA, B-LEGIT, B-COMPENSATE)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from calmdesk.cli.config_files import read_playbook
from calmdesk.cli.output import console, err, fail
from calmdesk.domain.playbook import PLATFORMS, Playbook, PlaybookError, default_playbook
from calmdesk.domain.sla import BusinessHoursError, add_business_minutes

sla_app = typer.Typer(help="The SLA clock (B-SLA): due times and the breach checker.", no_args_is_help=True)
customers_app = typer.Typer(help="Customers and orders (B-LEGIT).", no_args_is_help=True)


def _load_playbook(brand: str | None, playbook: Path | None) -> Playbook:
    if brand and playbook:
        raise fail("give --brand or --playbook, not both", 2)
    if playbook is not None:
        return read_playbook(playbook)[1]
    if brand:
        from calmdesk.actions.brands import NotFound, brand_playbook, get_brand
        from calmdesk.bootstrap import open_store

        factory = open_store()
        with factory() as s:
            try:
                return brand_playbook(get_brand(s, brand))
            except (NotFound, PlaybookError) as exc:
                raise fail(str(exc)) from exc
    return default_playbook("default")


def _parse_at(value: str, tz: str) -> datetime:
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise fail(f"--at: {value!r} is not an ISO-8601 instant like 2026-03-02T09:15:00+01:00", 2) from exc
    # A wall time without an offset is read in the brand's own time zone.
    return at if at.tzinfo is not None else at.replace(tzinfo=ZoneInfo(tz))


def sla_due(
    channel: Annotated[str, typer.Option(help="platform: " + ", ".join(PLATFORMS))],
    at: Annotated[str, typer.Option(help="arrival instant, ISO-8601 (no offset: the brand's time zone)")],
    brand: Annotated[str | None, typer.Option(help="read this brand's playbook from the store")] = None,
    playbook: Annotated[Path | None, typer.Option(help="read the playbook from this TOML file")] = None,
) -> None:
    """Print when the first response is due for a mention arriving at --at, as one JSON object."""
    if channel not in PLATFORMS:
        raise fail(f"--channel: unknown platform {channel!r} (one of {', '.join(PLATFORMS)})", 2)
    pb = _load_playbook(brand, playbook)
    arrival = _parse_at(at, pb.hours.timezone)
    minutes = pb.sla.first_response(channel)
    try:
        due = add_business_minutes(pb.hours, arrival, minutes)
    except BusinessHoursError as exc:
        raise fail(str(exc)) from exc
    typer.echo(json.dumps({"due_at": due.isoformat(), "business_seconds": minutes * 60}))


def sla_check(
    at: Annotated[str | None, typer.Option(help="pretend it is this instant (ISO-8601); default now")] = None,
) -> None:
    """Run the SLA checker once: warnings at warn_at, escalation at breach, notifications after commit."""
    from calmdesk.actions.sla import do_check_sla
    from calmdesk.bootstrap import open_store
    from calmdesk.notify import AppriseNotifier, dispatch_after_commit

    now = _parse_at(at, "UTC") if at else datetime.now(UTC)
    factory = open_store()
    notifier = AppriseNotifier()
    with factory.begin() as s:
        report = do_check_sla(s, now)
        dispatch_after_commit(s, notifier, report.notices)
    console.print(
        f"checked {report.checked} open case(s): {len(report.warned)} warned, "
        f"{len(report.breached)} breached, {len(report.escalated)} escalated"
    )


def customers_import(
    file: Annotated[Path, typer.Argument(help="CSV or JSON Lines file of customers and their orders")],
    brand: Annotated[
        str | None, typer.Option(help="brand the customers belong to (else the 'brand' column)")
    ] = None,
) -> None:
    """Import customers and orders; bad rows are reported with their line number, good rows are kept."""
    from calmdesk.actions.customers import CustomerImportError, do_import_customers
    from calmdesk.bootstrap import open_store

    factory = open_store()
    try:
        with factory.begin() as s:
            result = do_import_customers(s, file, brand_key=brand, actor="cli")
    except CustomerImportError as exc:
        raise fail(str(exc)) from exc
    for problem in result.errors:
        err.print(f"[yellow]skipped:[/] {problem}", markup=True, highlight=False)
    console.print(
        f"customers: {result.customers_created} new, {result.customers_updated} updated; "
        f"orders: {result.orders_created} new, {result.orders_updated} updated; "
        f"authors linked: {result.authors_linked}; rows skipped: {len(result.errors)}"
    )
    if result.errors:
        raise typer.Exit(1)


def compensate(
    case_id: Annotated[int, typer.Argument(help="case id")],
    kind: Annotated[str, typer.Argument(help="refund, voucher, gift or replacement")],
    value: Annotated[float, typer.Argument(help="value in the currency")],
    by: Annotated[str, typer.Option(help="who grants it")],
    currency: Annotated[str | None, typer.Option(help="ISO currency (default: the brand's)")] = None,
    note: Annotated[str | None, typer.Option(help="why")] = None,
) -> None:
    """Record compensation on a case (B-COMPENSATE); above the tier limit it waits for a supervisor."""
    from calmdesk.actions.cases import CaseNotFound
    from calmdesk.actions.compensation import CompensationError, do_grant_compensation
    from calmdesk.bootstrap import open_store

    factory = open_store()
    try:
        with factory.begin() as s:
            row = do_grant_compensation(s, case_id, kind, value, currency=currency, actor=by, note=note)
            t = Table("id", "case", "kind", "value", "status", "by")
            t.add_row(
                str(row.id), str(row.case_id), row.kind, f"{row.value:.2f} {row.currency}", row.status, by
            )
    except (CaseNotFound, CompensationError) as exc:
        raise fail(str(exc)) from exc
    console.print(t)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    sla_app.command("due")(sla_due)
    sla_app.command("check")(sla_check)
    customers_app.command("import")(customers_import)
    app.add_typer(sla_app, name="sla")
    app.add_typer(customers_app, name="customers")
    app.command("compensate")(compensate)
