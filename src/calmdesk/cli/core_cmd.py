"""Core desk commands: init, brands, import, cases."""

from __future__ import annotations

import getpass
import json
import os
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from calmdesk.cli.config_files import read_playbook
from calmdesk.cli.output import console, err, fail

# The store's modules (SQLAlchemy, the actions, the importers) are imported by the commands
# that use them: every `calmdesk` process builds this module's commands, and `calmdesk triage`
# (a stream filter that needs no database) should not pay ~0.3 s of start-up for them.

cases_app = typer.Typer(help="List, show, move and assign cases.", no_args_is_help=True)
brands_app = typer.Typer(help="Brands and their playbooks.", no_args_is_help=True)


def init() -> None:
    """Create or upgrade the store (SQLite in CALMDESK_DATA_DIR, or CALMDESK_DATABASE_URL)."""
    from calmdesk.bootstrap import open_store
    from calmdesk.queries.people import has_any_user
    from calmdesk.storage.db import database_url

    factory = open_store()
    console.print(f"store ready: {database_url().split('@')[-1]}")
    with factory() as s:
        anyone = has_any_user(s)
    if not anyone:
        # A new desk has nobody who can log in: say exactly how to make the first one.
        console.print(
            "no user yet; create the first administrator:\n"
            "  calmdesk users add --admin NAME\n"
            "or open http://127.0.0.1:8000/setup on this machine once `calmdesk serve` runs",
            highlight=False,
            markup=False,
        )


def brands_add(playbook: Annotated[Path, typer.Argument(help="the brand's playbook TOML file")]) -> None:
    """Add or update a brand from its playbook file (validated first)."""
    from calmdesk.actions.brands import do_upsert_brand
    from calmdesk.bootstrap import open_store

    text, pb = read_playbook(playbook)
    factory = open_store()
    with factory.begin() as s:
        brand = do_upsert_brand(s, pb, text, actor="cli")
        console.print(f"brand {brand.key} saved ({len(pb.channels)} channel account(s))")


def brands_list() -> None:
    """List brands."""
    from calmdesk.bootstrap import open_store
    from calmdesk.queries.people import all_brands

    factory = open_store()
    with factory() as s:
        t = Table("key", "name")
        for b in all_brands(s):
            t.add_row(b.key, b.name)
    console.print(t)


def import_file(
    file: Annotated[Path, typer.Argument(help="file to import")],
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or twcs (guessed from the extension)")] = "",
    brand: Annotated[str | None, typer.Option(help="put every item under this brand")] = None,
    triage: Annotated[
        bool, typer.Option("--triage/--store-only", help="run triage and routing on new items (default), or only store them")
    ] = True,
) -> None:
    """Import mentions from JSON Lines (our format) or the Customer Support on Twitter CSV layout."""
    from calmdesk.actions.brands import NotFound
    from calmdesk.bootstrap import open_store
    from calmdesk.importers.common import ImportFileError, ImportResult, gc_paused, ingest_rows
    from calmdesk.importers.jsonl import sorted_jsonl
    from calmdesk.importers.twcs import sorted_twcs
    from calmdesk.storage.maintenance import analyze_after_bulk

    fmt = format or ("twcs" if file.suffix.lower() == ".csv" else "jsonl")
    if fmt not in ("jsonl", "twcs"):
        raise fail(f"unknown format {fmt!r} (jsonl or twcs)")
    result = ImportResult(path=str(file))
    started = time.perf_counter()
    # The file is read in chunks; a large one is staged on disk and read back in time order
    # (`importers.staging`), so memory stays bounded whatever its size.
    with gc_paused():
        try:
            with (sorted_twcs if fmt == "twcs" else sorted_jsonl)(file, result) as rows:
                factory = open_store()
                with Progress(
                    TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                    transient=True,
                ) as progress:
                    task = progress.add_task("import", total=rows.total)
                    ingest_rows(
                        factory, rows.batches(), result, brand_key=brand,
                        auto_create_brands=fmt == "twcs" and brand is None,
                        progress=lambda n: progress.advance(task, n), run_hooks=triage,
                    )
            if result.imported:
                analyze_after_bulk(factory)
        except ImportFileError as exc:
            raise fail(str(exc)) from exc
        except NotFound as exc:
            raise fail(str(exc)) from exc
    elapsed = time.perf_counter() - started
    for problem in sorted(result.problems, key=lambda p: p.line)[:50]:
        err.print(f"{file}: {problem}", highlight=False, markup=False)
    if len(result.problems) > 50:
        err.print(f"... and {len(result.problems) - 50} more problems", highlight=False)
    if result.warnings_total:
        err.print(f"{result.warnings_total} replies to items not in the store (each opened its own thread)",
                  highlight=False)
    console.print(
        f"{result.rows} rows read, {result.imported} imported, {result.duplicates} already stored, "
        f"{result.ingest.cases_created} cases opened, {len(result.problems)} problems "
        f"({result.rows / elapsed if elapsed else 0:,.0f} rows/s)",
        soft_wrap=True,
    )
    if result.problems:
        # Exit codes say whether anything failed: 0 every row stored (or already there),
        # 1 some rows were refused (listed above; the good ones are stored), 2 a usage error.
        raise typer.Exit(1)


def _fmt_dt(dt: object) -> str:
    return dt.strftime("%Y-%m-%d %H:%M") if hasattr(dt, "strftime") else "-"


def cases_list(
    brand: Annotated[str | None, typer.Option(help="brand key")] = None,
    state: Annotated[str | None, typer.Option(help="lifecycle state")] = None,
    channel: Annotated[str | None, typer.Option(help="platform, e.g. x")] = None,
    owner: Annotated[str | None, typer.Option(help="owner username")] = None,
    all_states: Annotated[bool, typer.Option("--all", help="include closed and dismissed cases")] = False,
    limit: Annotated[int, typer.Option(help="how many rows")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table")] = False,
) -> None:
    """The priority inbox: highest priority first, then the earliest due time."""
    from calmdesk.bootstrap import open_store
    from calmdesk.domain.lifecycle import State
    from calmdesk.queries.cases import InboxFilter, count_cases, list_cases

    if state and state not in {s.value for s in State}:
        raise fail(f"unknown state {state!r} (one of {', '.join(s.value for s in State)})")
    f = InboxFilter(brand=brand, state=state, platform=channel, owner=owner, include_closed=all_states)
    factory = open_store()
    with factory() as s:
        rows = list_cases(s, f, limit=limit)
        total = count_cases(s, f)
    if as_json:
        for case, bkey, handle, _followers in rows:
            print(json.dumps({"id": case.id, "brand": bkey, "platform": case.platform, "state": case.state,
                              "priority": case.priority, "owner": case.owner, "author": handle,
                              "due": case.first_response_due_at.isoformat() if case.first_response_due_at else None}))
        return
    t = Table(title=f"{len(rows)} of {total} cases")
    for col in ("id", "brand", "channel", "state", "prio", "due", "owner", "author", "topic"):
        t.add_column(col)
    for case, bkey, handle, _followers in rows:
        t.add_row(str(case.id), bkey, case.platform, case.state, str(case.priority),
                  _fmt_dt(case.first_response_due_at), case.owner or "-", f"@{handle}" if handle else "-",
                  case.topic or "-")
    console.print(t)


def cases_show(case_id: Annotated[int, typer.Argument(help="case id")]) -> None:
    """A case's thread and its audit history."""
    from calmdesk.actions.cases import CaseNotFound, get_case
    from calmdesk.bootstrap import open_store
    from calmdesk.queries.cases import history, thread

    factory = open_store()
    with factory() as s:
        try:
            case = get_case(s, case_id)
        except CaseNotFound as exc:
            raise fail(str(exc)) from exc
        console.print(f"[bold]case #{case.id}[/] {case.platform} state={case.state} priority={case.priority} "
                      f"owner={case.owner or '-'} due={_fmt_dt(case.first_response_due_at)}", highlight=False)
        if case.priority_factors:
            console.print("priority factors: " + ", ".join(
                f"{f.get('name')}={f.get('value')}x{f.get('weight')}" for f in case.priority_factors), markup=False)
        t = Table("when", "dir", "vis", "who", "text", title="thread")
        for m, handle in thread(s, case.id):
            t.add_row(_fmt_dt(m.created_at), m.direction, m.visibility, f"@{handle}" if handle else (m.sent_by or "-"),
                      m.text)
        console.print(t)
        h = Table("when", "who", "what", "detail", "note", title="history")
        for a in history(s, case.id):
            h.add_row(_fmt_dt(a.at), a.actor, a.verb, json.dumps(a.detail) if a.detail else "", a.note or "")
        console.print(h)


def cli_actor(given: str | None) -> str:
    """The audit log names who really acted: `--as USER`, else the operating-system user."""
    if given and given.strip():
        return given.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return f"uid:{os.getuid()}"


def cases_move(
    case_id: Annotated[int, typer.Argument(help="case id")],
    state: Annotated[str, typer.Argument(help="target state")],
    note: Annotated[str | None, typer.Option(help="why (kept in the audit log)")] = None,
    reason: Annotated[str | None, typer.Option(help="dismissal reason: spam, not_a_complaint, duplicate, offensive, other")] = None,
    skip_closeout: Annotated[str | None, typer.Option(help="B-HANDOFF: why the public close-out is skipped")] = None,
    by: Annotated[str | None, typer.Option("--as", "--by", help="who is acting (default: the OS user)")] = None,
) -> None:
    """Move a case through the lifecycle (illegal moves are refused with the allowed ones)."""
    from calmdesk.actions.cases import CaseNotFound, do_move_case
    from calmdesk.bootstrap import open_store
    from calmdesk.domain.lifecycle import LifecycleError

    factory = open_store()
    try:
        with factory.begin() as s:
            case = do_move_case(s, case_id, state, actor=cli_actor(by), note=note, dismiss_reason=reason,
                                skip_closeout_reason=skip_closeout)
            console.print(f"case #{case.id} is now {case.state}", soft_wrap=True)
    except (LifecycleError, CaseNotFound, ValueError) as exc:
        raise fail(str(exc)) from exc


def cases_assign(
    case_id: Annotated[int, typer.Argument(help="case id")],
    user: Annotated[str, typer.Argument(help="new owner")],
    by: Annotated[str | None, typer.Option("--as", "--by", help="who is acting (default: the OS user)")] = None,
    note: Annotated[str | None, typer.Option(help="why")] = None,
) -> None:
    """Give a case its one owner (B-OWNER): a user of the case's brand."""
    from calmdesk.actions.cases import CaseNotFound, do_assign_case
    from calmdesk.bootstrap import open_store
    from calmdesk.domain.ownership import OwnershipError

    factory = open_store()
    try:
        with factory.begin() as s:
            case = do_assign_case(s, case_id, user, actor=cli_actor(by), note=note)
            console.print(f"case #{case.id} is owned by {case.owner}")
    except (CaseNotFound, OwnershipError) as exc:
        raise fail(str(exc)) from exc


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("import")(import_file)
    brands_app.command("add")(brands_add)
    brands_app.command("list")(brands_list)
    cases_app.command("list")(cases_list)
    cases_app.command("show")(cases_show)
    cases_app.command("move")(cases_move)
    cases_app.command("assign")(cases_assign)
    app.add_typer(brands_app, name="brands")
    app.add_typer(cases_app, name="cases")
