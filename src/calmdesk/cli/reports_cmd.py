"""CLI commands for the reports area: `calmdesk report` (B-MEASURE) and `calmdesk simulate`."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from calmdesk.cli.config_files import read_config_text

console = Console()
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _parse_day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option}: {value!r} is not a date like 2024-03-31") from None


def report(
    since: Annotated[str, typer.Option(help="first day, YYYY-MM-DD (UTC)")],
    until: Annotated[str, typer.Option(help="last day, inclusive, YYYY-MM-DD (UTC)")],
    brand: Annotated[str | None, typer.Option(help="only this brand (its key)")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or html")] = "table",
    period: Annotated[str, typer.Option(help="group periods by day or week")] = "week",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to this file instead of stdout")
    ] = None,
) -> None:
    """B-MEASURE: first response, SLA attainment, resolution, handoffs, thanks, sentiment, compensation, topics."""
    from calmdesk.bootstrap import open_store
    from calmdesk.reports import ReportError, ReportQuery, build_report, day_range, render_csv, render_html
    from calmdesk.reports.render import render_table

    if format not in ("table", "csv", "html"):
        raise _fail(f"--format must be table, csv or html, got {format!r}")
    start, end = day_range(_parse_day(since, "--since"), _parse_day(until, "--until"))
    try:
        query = ReportQuery(since=start, until=end, brand=brand, period=period)
    except ReportError as exc:
        raise _fail(str(exc)) from exc
    factory = open_store()
    with factory() as session:
        try:
            rep = build_report(session, query)
        except ReportError as exc:
            raise _fail(str(exc)) from exc
    if format == "table":
        if output is not None:
            with output.open("w", encoding="utf-8") as fh:
                render_table(rep, Console(file=fh, width=200))
        else:
            render_table(rep, console)
        return
    text = render_csv(rep) if format == "csv" else render_html(rep)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        err.print(f"report written to {output}", highlight=False)
    else:
        typer.echo(text, nl=False)


def simulate(
    profile: Annotated[
        Path | None, typer.Option(help="volume profile TOML (see examples/volume-profile.toml)")
    ] = None,
    from_store: Annotated[
        bool, typer.Option("--from-store", help="replay a real day from the store")
    ] = False,
    day: Annotated[
        str | None, typer.Option(help="the day to replay with --from-store, YYYY-MM-DD (UTC)")
    ] = None,
    brand: Annotated[str | None, typer.Option(help="with --from-store: only this brand")] = None,
    agents: Annotated[int, typer.Option(help="number of agents", min=0)] = 5,
    shift: Annotated[
        str | None, typer.Option(help="one shift for every agent, e.g. 08:00-18:00 (default: the profile's)")
    ] = None,
    handle_minutes: Annotated[
        float | None, typer.Option(help="mean handling time per case in minutes (default: profile's or 12)")
    ] = None,
    distribution: Annotated[str | None, typer.Option(help="lognormal or exponential")] = None,
    sigma: Annotated[float | None, typer.Option(help="lognormal sigma of the log (spread)")] = None,
    seed: Annotated[int, typer.Option(help="random seed: same seed, same day, same figures")] = 1,
    find_agents_: Annotated[
        bool, typer.Option("--find-agents", help="search the smallest number of agents reaching --target")
    ] = False,
    target: Annotated[float, typer.Option(help="share answered within target for --find-agents")] = 0.95,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Replay a day with N agents: SLA attainment per channel and band, priority routing vs first-come-first-served."""
    from calmdesk.simulate import Handling, Shift, arrivals_from_store, compare, find_agents, parse_profile
    from calmdesk.simulate.engine import POLICIES
    from calmdesk.simulate.profile import ProfileError, VolumeProfile

    if format not in ("table", "json"):
        raise _fail(f"--format must be table or json, got {format!r}")
    if (profile is None) == (not from_store):
        raise _fail("give either --profile FILE or --from-store --day DATE")
    prof: VolumeProfile | None = None
    if profile is not None:
        try:
            prof = parse_profile(read_config_text(profile, ProfileError), str(profile))
        except OSError as exc:
            raise _fail(f"{profile}: cannot read: {exc.strerror}") from exc
        except ProfileError as exc:
            raise _fail(str(exc)) from exc
        arrivals = prof.arrivals(seed)
        source = f"profile {profile} ({prof.name})"
    else:
        if day is None:
            raise _fail("--from-store needs --day YYYY-MM-DD")
        the_day = _parse_day(day, "--day")
        from calmdesk.bootstrap import open_store

        factory = open_store()
        with factory() as session:
            try:
                arrivals = arrivals_from_store(session, the_day, brand)
            except ProfileError as exc:
                raise _fail(str(exc)) from exc
        source = f"store, {the_day}" + (f", brand {brand}" if brand else "")
    try:
        shifts = (
            [Shift.parse(shift)] if shift else (prof.shift_list() if prof else [Shift.parse("08:00-18:00")])
        )
        base = prof.handling.to_handling() if prof else Handling()
        kind = distribution or base.kind
        if kind not in ("lognormal", "exponential"):
            raise ValueError(f"--distribution must be lognormal or exponential, got {kind!r}")
        handling = Handling(
            mean=handle_minutes if handle_minutes is not None else base.mean,
            kind="exponential" if kind == "exponential" else "lognormal",
            sigma=sigma if sigma is not None else base.sigma,
        )
    except ValueError as exc:
        raise _fail(str(exc)) from exc

    found: dict[str, int | None] = {}
    n = agents
    if find_agents_:
        if not 0 < target <= 1:
            raise _fail(f"--target must be a share in (0, 1], e.g. 0.95; got {target}")
        for policy in POLICIES:
            found[policy] = find_agents(
                arrivals, policy, target, shifts=shifts, handling=handling, seed=seed
            )[0]
        if found["priority"] is not None:
            n = found["priority"]
    results = compare(arrivals, n, shifts=shifts, handling=handling, seed=seed)

    if format == "json":
        payload: dict[str, Any] = {
            "source": source,
            "arrivals": len(arrivals),
            "agents": n,
            "shifts": [f"{_hhmm(s.start)}-{_hhmm(s.end)}" for s in shifts],
            "handling": asdict(handling),
            "seed": seed,
            "results": {p: _result_dict(r) for p, r in results.items()},
        }
        if find_agents_:
            payload["find_agents"] = {"target": target, **found}
        typer.echo(json.dumps(payload, indent=2))
        return
    _print_results(source, len(arrivals), n, shifts, handling, results)
    if find_agents_:
        for name, value in found.items():
            answer = f"{value} agents" if value is not None else "not reachable with up to 500 agents"
            console.print(
                f"{name}: smallest staffing with {target:.0%} answered in time: {answer}", highlight=False
            )


def _hhmm(minutes: float) -> str:
    return f"{int(minutes // 60):02d}:{int(minutes % 60):02d}"


def _result_dict(r: Any) -> dict[str, Any]:
    def tally(t: Any) -> dict[str, Any]:
        return {"cases": t.cases, "met": t.met, "attainment": t.attainment}

    return {
        "overall": tally(r.overall),
        "by_channel": {k: tally(v) for k, v in sorted(r.by_channel.items())},
        "by_band": {k: tally(v) for k, v in r.by_band.items()},
        "unanswered": r.unanswered,
    }


def _pct(t: Any) -> str:
    return "-" if t is None or t.attainment is None else f"{t.attainment * 100:.1f} % ({t.met}/{t.cases})"


def _print_results(
    source: str, count: int, n: int, shifts: list[Any], handling: Any, results: dict[str, Any]
) -> None:
    from calmdesk.simulate import BANDS

    console.print(
        f"[bold]Simulated day[/]: {source}; {count} arrivals; {n} agents on "
        f"{', '.join(f'{_hhmm(s.start)}-{_hhmm(s.end)}' for s in shifts)}; handling {handling.kind} "
        f"mean {handling.mean:g} min. Targets: playbook defaults, wall-clock minutes from arrival.",
        highlight=False,
    )
    table = Table("answered within target", *results.keys())
    table.add_row("[bold]overall[/]", *(_pct(r.overall) for r in results.values()))
    for band in BANDS:
        table.add_row(f"band {band}", *(_pct(r.by_band.get(band)) for r in results.values()))
    channels = sorted({c for r in results.values() for c in r.by_channel})
    for ch in channels:
        table.add_row(f"channel {ch}", *(_pct(r.by_channel.get(ch)) for r in results.values()))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("report")(report)
    app.command("simulate")(simulate)
