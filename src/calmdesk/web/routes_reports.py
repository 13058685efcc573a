"""The report page and its CSV: one date range, brand and channel, for the brands a user may see.

Both routes build the same `reports.view.ReportView` from the same filters, so the CSV holds
exactly the figures the page shows. Brand isolation: the report is always limited to the
user's brands (`ReportQuery.brands`); asking for another brand answers 404 like a brand that
does not exist.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from calmdesk.domain.playbook import PLATFORMS
from calmdesk.queries.desk import visible_brands
from calmdesk.reports.charts import daily_chart
from calmdesk.reports.data import ReportError, ReportQuery, build_report, day_range
from calmdesk.reports.view import ReportView, build_view, day_figures, duration_text, view_csv
from calmdesk.web.auth import CurrentUser, csrf_protect
from calmdesk.web.deps import SessionDep
from calmdesk.web.render import render

router = APIRouter(dependencies=[Depends(csrf_protect)], include_in_schema=False)

#: The longest range one page answers (a year and a day): more is a job for `calmdesk report`.
MAX_DAYS = 367
DEFAULT_DAYS = 28


class Filters:
    """The page's query string, checked: dates in order, a known channel, a brand of the user."""

    def __init__(
        self,
        since: Annotated[date | None, Query(description="first day (UTC), e.g. 2026-11-01")] = None,
        until: Annotated[date | None, Query(description="last day (UTC), inclusive")] = None,
        brand: Annotated[str, Query(max_length=100)] = "",
        channel: Annotated[str, Query(max_length=40)] = "",
    ) -> None:
        today = datetime.now(UTC).date()
        self.until = until or (today if since is None else min(today, since + timedelta(days=DEFAULT_DAYS - 1)))
        self.since = since or self.until - timedelta(days=DEFAULT_DAYS - 1)
        self.brand = brand.strip()
        self.channel = channel.strip()
        self.error = ""
        if self.until < self.since:
            self.error = f"until ({self.until}) is before since ({self.since})"
        elif (self.until - self.since).days + 1 > MAX_DAYS:
            self.error = f"at most {MAX_DAYS} days at once; use `calmdesk report` for longer ranges"
        elif self.channel and self.channel not in PLATFORMS:
            self.error = f"channel: unknown platform {self.channel!r} (one of {', '.join(PLATFORMS)})"

    def params(self) -> str:
        return urlencode(
            {"since": self.since.isoformat(), "until": self.until.isoformat(), "brand": self.brand,
             "channel": self.channel}
        )


FiltersDep = Annotated[Filters, Depends()]


def _view(session: SessionDep, access: CurrentUser, f: Filters) -> tuple[ReportView | None, list[str]]:
    """The report of the filters, or None when they are wrong (f.error says why); and the user's brands."""
    keys = [b.key for b in visible_brands(session, access)]
    if f.brand and f.brand not in keys:
        raise HTTPException(status_code=404, detail=f"no brand {f.brand!r}")
    if f.error:
        return None, keys
    since, until = day_range(f.since, f.until)
    try:
        query = ReportQuery(
            since=since,
            until=until,
            brands=(f.brand,) if f.brand else tuple(keys),
            channel=f.channel or None,
            period="day",
        )
        report = build_report(session, query)
    except ReportError as exc:
        f.error = str(exc)
        return None, keys
    return build_view(report, f.since, f.until, brand=f.brand, channel=f.channel), keys


def _charts(view: ReportView) -> list[tuple[str, str, Markup]]:
    """(title, one-line summary, SVG) of each per-day trend chart."""
    days = [d.day for d in view.days]
    cases = [d.cases for d in view.days]
    busiest = max(view.days, key=lambda d: d.cases) if view.days else None
    met = sum(d.sla_met for d in view.days)
    decided = sum(d.sla_decided for d in view.days)
    tips = [f"{d.day:%a %d %b}: " + "; ".join(f"{f.name} {f.text()}" for f in day_figures(d)) for d in view.days]
    out = [
        (
            "Cases opened per day",
            f"{sum(cases):,} in {len(days)} days"
            + (f"; busiest {busiest.day:%a %d %b} with {busiest.cases}" if busiest and busiest.cases else ""),
            Markup(daily_chart("Cases opened per day", days, {"cases": [float(c) for c in cases]}, tips)),
        ),
        (
            "First response in time (SLA) per day",
            f"{met} of {decided} in time" if decided else "no first response due yet",
            Markup(
                daily_chart(
                    "First response in time per day (%)",
                    days,
                    {"in time": [100 * d.sla_met / d.sla_decided if d.sla_decided else None for d in view.days]},
                    tips,
                    tick=lambda v: f"{v:.0f} %",
                    max_value=100.0,
                )
            ),
        ),
        (
            "First response median per day: wall-clock and business hours",
            "grey marks: no first response that day",
            Markup(
                daily_chart(
                    "First response median per day",
                    days,
                    {
                        "wall-clock": [d.first_response_p50_min for d in view.days],
                        "business hours": [d.first_response_business_p50_min for d in view.days],
                    },
                    tips,
                    tick=duration_text,
                )
            ),
        ),
    ]
    return out


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, session: SessionDep, access: CurrentUser, f: FiltersDep) -> Response:
    view, keys = _view(session, access, f)
    return render(
        request,
        "reports.html",
        access,
        status_code=422 if f.error else 200,
        f=f,
        view=view,
        brands=keys,
        platforms=PLATFORMS,
        charts=_charts(view) if view else [],
        csv_href="/reports.csv?" + f.params(),
    )


@router.get("/reports.csv")
def reports_csv(session: SessionDep, access: CurrentUser, f: FiltersDep) -> Response:
    view, _ = _view(session, access, f)
    if view is None:
        raise HTTPException(status_code=422, detail=f.error)
    name = f"calmdesk-report-{f.since}-{f.until}{'-' + f.brand if f.brand else ''}{'-' + f.channel if f.channel else ''}"
    # The name is built from checked values only (a brand key of the user, a known platform).
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "-_.")
    return Response(
        view_csv(view),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )
