"""What the web report page shows, as plain data that both the page and its CSV are made from.

Why one model for both: "the CSV is what is shown" holds only if nothing is computed twice. The
page renders `ReportView`; `/reports.csv` writes `view_csv(view)` of the very same object, row
for row, including the text a person read ("12 of 18 (66.7 %)").

Why every share carries its base: "thanked 100 %" of one case and of 400 cases are different
news. A `Figure` keeps the count and the base next to the ratio, and says "no case yet" instead
of a percentage of nothing. Pure functions over a `Report`: no database, no clock.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from calmdesk.reports.data import Report
from calmdesk.reports.metrics import GroupMetrics

CSV_HEADER = ("section", "group", "figure", "value", "count", "base", "shown")


@dataclass(frozen=True)
class Figure:
    """One figure as read on the page: its value, and for shares the count and the base.

    `kind` is how the value reads: "count", "share" (0..1, shown with count and base),
    "min" (minutes), "h" (hours), "score" (sentiment, -1..1), "text" (already words).
    """

    name: str
    value: float | int | None
    kind: str
    count: int | None = None
    base: int | None = None
    words: str = ""

    def text(self) -> str:
        """The figure in words, with its base when it is a share."""
        if self.kind == "text":
            return self.words or "-"
        if self.kind == "share":
            if not self.base:
                return "no case yet"
            return f"{self.count} of {self.base} ({self.pct_text()})"
        if self.value is None:
            return "-"
        if self.kind == "count":
            return f"{int(self.value):,}"
        if self.kind == "min":
            return duration_text(float(self.value))
        if self.kind == "h":
            return f"{float(self.value):.1f} h"
        return f"{float(self.value):+.2f}"

    def pct_text(self) -> str:
        """A share's percentage, whole: "67 %"; empty without a base."""
        if self.kind != "share" or not self.base:
            return ""
        return f"{100 * (self.count or 0) / self.base:.0f} %"

    def csv_value(self) -> str:
        """The machine-readable value: a ratio 0..1, minutes, hours or a count; empty when none."""
        if self.kind == "text":
            return self.words
        if self.kind == "share":
            return "" if not self.base else f"{(self.count or 0) / self.base:.4f}"
        if self.value is None:
            return ""
        if isinstance(self.value, int):
            return str(self.value)
        return f"{self.value:.2f}"


def duration_text(minutes: float) -> str:
    """Minutes as a person reads a response time: "42 min", "3 h 05 min", "2 d 4 h"."""
    if minutes < 0:
        minutes = 0.0
    if minutes == 0:
        return "0 min"
    if minutes < 10:
        return f"{minutes:.1f} min"
    if minutes < 60:
        return f"{minutes:.0f} min"
    total = round(minutes)
    hours, mins = divmod(total, 60)
    if hours < 48:
        return f"{hours} h {mins:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def share(name: str, count: int, base: int) -> Figure:
    return Figure(name, None if not base else count / base, "share", count=count, base=base)


def headline(m: GroupMetrics) -> list[Figure]:
    """The figures at the top of the page, each with what it counts."""
    comp = ", ".join(f"{v:,.2f} {c}" for c, v in sorted(m.compensation.items()))
    escalated = (
        f"{m.escalated}: {m.escalated_resolved} resolved, {m.escalated_open} open, "
        f"{m.escalated_dismissed} dismissed"
        if m.escalated
        else "none"
    )
    return [
        Figure("cases opened", m.cases, "count"),
        share("answered", m.responded, m.cases),
        share("first response in time (SLA)", m.sla_met, m.sla_decided),
        Figure("first response, median, wall-clock", m.first_response_p50_min, "min"),
        Figure("first response, median, business hours", m.first_response_business_p50_min, "min"),
        Figure("first response, p90, wall-clock", m.first_response_p90_min, "min"),
        Figure("first response, p90, business hours", m.first_response_business_p90_min, "min"),
        share("resolved", m.resolved, m.cases),
        Figure("time to resolve, median", m.resolution_p50_h, "h"),
        share("went private", m.went_private, m.cases),
        share("back to public after private", m.back_to_public, m.went_private),
        share("thanked us", m.thanked, m.thanks_known),
        Figure("sentiment change", m.sentiment_change, "score"),
        Figure("escalated", m.escalated, "text", words=escalated),
        Figure("compensation granted", None, "text", words=comp or "none"),
    ]


def row_figures(m: GroupMetrics) -> list[Figure]:
    """The columns of the per-brand, per-channel and per-agent tables."""
    return [
        Figure("cases", m.cases, "count"),
        share("answered", m.responded, m.cases),
        Figure("1st response median, wall-clock", m.first_response_p50_min, "min"),
        Figure("1st response median, business hours", m.first_response_business_p50_min, "min"),
        share("SLA met", m.sla_met, m.sla_decided),
        share("resolved", m.resolved, m.cases),
        share("thanked", m.thanked, m.thanks_known),
    ]


@dataclass(frozen=True)
class Day:
    """One day of the trend charts; a day without cases has zeros and no times."""

    day: date
    cases: int
    responded: int
    sla_met: int
    sla_decided: int
    first_response_p50_min: float | None
    first_response_business_p50_min: float | None


@dataclass(frozen=True)
class Table:
    """A dimension's table: one row of `row_figures` per group."""

    dimension: str
    title: str
    rows: list[tuple[str, list[Figure]]]


@dataclass(frozen=True)
class ReportView:
    """Everything the report page shows, in the order it shows it."""

    since: date
    until: date  # inclusive
    brand: str
    channel: str
    headline: list[Figure]
    tables: list[Table]
    days: list[Day]
    topics: list[tuple[str, int]]
    notes: list[str]

    @property
    def empty(self) -> bool:
        return not self.headline or self.headline[0].value == 0


TABLE_TITLES = (("brand", "Per brand"), ("channel", "Per channel"), ("agent", "Per agent"))


def daily(report: Report, since: date, until: date) -> list[Day]:
    """Every day of [since, until], in order; days with no case are there with zeros.

    The report must have been built with `period="day"` so its period groups are days.
    """
    if report.query.period != "day":
        raise ValueError("daily() needs a report built with period='day'")
    by_day = {row.key: row.metrics for row in report.by_dimension("period")}
    out = []
    day = since
    while day <= until:
        m = by_day.get(day.isoformat())
        if m is None:
            out.append(Day(day, 0, 0, 0, 0, None, None))
        else:
            out.append(
                Day(
                    day,
                    m.cases,
                    m.responded,
                    m.sla_met,
                    m.sla_decided,
                    m.first_response_p50_min,
                    m.first_response_business_p50_min,
                )
            )
        day += timedelta(days=1)
    return out


def build_view(report: Report, since: date, until: date, *, brand: str = "", channel: str = "") -> ReportView:
    """The page's model of a report built for [since, until] (until inclusive), period="day"."""
    tables = []
    for dimension, title in TABLE_TITLES:
        groups = report.by_dimension(dimension)
        if groups:
            tables.append(Table(dimension, title, [(g.key, row_figures(g.metrics)) for g in groups]))
    overall = report.overall
    return ReportView(
        since=since,
        until=until,
        brand=brand,
        channel=channel,
        headline=headline(overall),
        tables=tables,
        days=daily(report, since, until),
        topics=list(overall.top_topics),
        notes=list(report.notes),
    )


def view_csv(view: ReportView) -> str:
    """The page as CSV: the filters, the headline, each table, each day, the top topics.

    Columns: section, group, figure, value (ratio 0..1, minutes, hours or count; empty when
    nothing could be measured), count and base (of a share), shown (the text on the page).
    """
    buf = io.StringIO()
    w = _SafeWriter(csv.writer(buf, lineterminator="\n"))
    w.writerow(CSV_HEADER)
    w.writerow(["filter", "", "since", view.since.isoformat(), "", "", view.since.isoformat()])
    w.writerow(["filter", "", "until", view.until.isoformat(), "", "", view.until.isoformat()])
    w.writerow(["filter", "", "brand", view.brand, "", "", view.brand or "all your brands"])
    w.writerow(["filter", "", "channel", view.channel, "", "", view.channel or "all channels"])
    for f in view.headline:
        _figure_row(w, "overall", "all", f)
    for table in view.tables:
        for key, figures in table.rows:
            for f in figures:
                _figure_row(w, table.dimension, key, f)
    for d in view.days:
        for f in day_figures(d):
            _figure_row(w, "day", d.day.isoformat(), f)
    for topic, n in view.topics:
        _figure_row(w, "topic", topic, Figure("cases", n, "count"))
    return buf.getvalue()


def day_figures(d: Day) -> list[Figure]:
    """What the trend charts draw for one day."""
    return [
        Figure("cases opened", d.cases, "count"),
        share("SLA met", d.sla_met, d.sla_decided),
        Figure("1st response median, wall-clock", d.first_response_p50_min, "min"),
        Figure("1st response median, business hours", d.first_response_business_p50_min, "min"),
    ]


#: What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: group keys come from people (user names, playbook topics),
    and a name such as `=HYPERLINK(...)` must not run when a supervisor opens the download."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose every text cell goes through `csv_cell`."""

    def __init__(self, writer: Any) -> None:
        self._w = writer

    def writerow(self, row: Sequence[object]) -> None:
        self._w.writerow([csv_cell(v) for v in row])


def _figure_row(w: Any, section: str, group: str, f: Figure) -> None:
    w.writerow(
        [
            section,
            group,
            f.name,
            f.csv_value(),
            "" if f.count is None else f.count,
            "" if f.base is None else f.base,
            f.text(),
        ]
    )
