"""Rendering a `Report` as a terminal table, CSV, or one self-contained HTML page.

The HTML has inline CSS and inline SVG only (no scripts, no external URLs), so it opens
offline; Jinja2 autoescaping covers every name that came from users. The web desk mounts
`render_html(report, fragment=True)` inside its own page.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from rich.console import Console
from rich.table import Table

from calmdesk.reports.charts import bar_chart, line_chart
from calmdesk.reports.data import Report
from calmdesk.reports.metrics import GroupMetrics

CSV_COLUMNS = ("dimension", "group", "metric", "value")

#: (attribute, heading, kind) of the figures shown in tables, in reading order.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("cases", "cases", "int"),
    ("first_response_p50_min", "1st resp p50", "min"),
    ("first_response_p90_min", "1st resp p90", "min"),
    ("sla_attainment", "SLA met", "pct"),
    ("resolution_p50_h", "resolve p50", "h"),
    ("private_share", "went private", "pct"),
    ("back_to_public_share", "back to public", "pct"),
    ("thanks_rate", "thanked", "pct"),
    ("sentiment_before", "sent. before", "num"),
    ("sentiment_after", "sent. after", "num"),
    ("escalated", "escalated", "int"),
)

SERVICE_COLUMNS = frozenset(
    {
        "cases",
        "first_response_p50_min",
        "first_response_p90_min",
        "sla_attainment",
        "resolution_p50_h",
        "escalated",
    }
)
OUTCOME_COLUMNS = frozenset(
    {"private_share", "back_to_public_share", "thanks_rate", "sentiment_before", "sentiment_after"}
)

DIMENSION_TITLES = {
    "all": "Overall",
    "brand": "Per brand",
    "channel": "Per channel",
    "agent": "Per agent",
    "period": "Per period",
}


def fmt(value: float | int | None, kind: str) -> str:
    """A figure as a person reads it; '-' when there is nothing to measure yet."""
    if value is None:
        return "-"
    if kind == "int":
        return str(int(value))
    if kind == "pct":
        return f"{value * 100:.1f} %"
    if kind == "min":
        return f"{value:.0f} min" if value >= 10 else f"{value:.1f} min"
    if kind == "h":
        return f"{value:.1f} h"
    return f"{value:+.2f}"


def compensation_text(m: GroupMetrics) -> str:
    return ", ".join(f"{v:.2f} {c}" for c, v in sorted(m.compensation.items())) or "-"


def escalation_text(m: GroupMetrics) -> str:
    if not m.escalated:
        return "-"
    text = f"{m.escalated_resolved} resolved, {m.escalated_open} open, {m.escalated_dismissed} dismissed"
    if m.escalated_sla_decided:
        text += f"; {m.escalated_sla_met}/{m.escalated_sla_decided} answered in time"
    return text


# ---------------------------------------------------------------- table


def render_table(report: Report, console: Console) -> None:
    """Rich tables, one per dimension, plus topics and escalations."""
    q = report.query
    scope = f"brand {q.brand}" if q.brand else "all brands"
    console.print(
        f"[bold]Desk report[/] cases opened {q.since.date()} .. {(q.until - timedelta(seconds=1)).date()}, {scope}",
        highlight=False,
    )
    for note in report.notes:
        console.print(f"[dim]{note}[/]", highlight=False)
    for dimension, title in DIMENSION_TITLES.items():
        rows = report.by_dimension(dimension)
        if not rows:
            continue
        # Two narrower tables per dimension so they fit an 80-column terminal.
        for part, attrs in (("service", SERVICE_COLUMNS), ("outcomes", OUTCOME_COLUMNS)):
            cols = [c for c in COLUMNS if c[0] in attrs]
            table = Table(title=f"{title}: {part}", title_justify="left")
            table.add_column(dimension if dimension != "all" else "")
            for _, heading, _ in cols:
                table.add_column(heading, justify="right")
            if part == "outcomes":
                table.add_column("compensation", justify="right")
            for row in rows:
                m = row.metrics
                cells = [fmt(getattr(m, attr), kind) for attr, _, kind in cols]
                if part == "outcomes":
                    cells.append(compensation_text(m))
                table.add_row(row.key, *cells)
            console.print(table)
    overall = report.overall
    topics = Table(title="Top topics", title_justify="left")
    topics.add_column("topic")
    topics.add_column("cases", justify="right")
    for week in report.trend_weeks:
        topics.add_column(week, justify="right")
    for topic, n in overall.top_topics:
        topics.add_row(topic, str(n), *(str(v) for v in report.trend_series.get(topic, [])))
    console.print(topics)
    console.print(f"Escalations: {overall.escalated} ({escalation_text(overall)})", highlight=False)


# ---------------------------------------------------------------- csv


def render_csv(report: Report) -> str:
    """One row per (dimension, group, metric): easy to pivot in a spreadsheet.

    Columns: dimension (all|brand|channel|agent|period|topic_trend), group (its key, or the
    ISO week start for topic_trend), metric (a `GroupMetrics` field, `compensation_<CUR>`,
    `topic:<name>`), value (empty when nothing could be measured).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.groups:
        for name, value in row.metrics.scalar_items():
            writer.writerow([row.dimension, row.key, name, "" if value is None else _csv_value(value)])
    for topic, counts in report.trend_series.items():
        for week, n in zip(report.trend_weeks, counts, strict=True):
            writer.writerow(["topic_trend", week, f"topic:{topic}", n])
    return buf.getvalue()


def _csv_value(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


# ---------------------------------------------------------------- html

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def charts(report: Report) -> dict[str, Markup]:
    """The report's SVG charts, already escaped inside (safe to place as-is)."""
    channels = report.by_dimension("channel")
    names = [r.key for r in channels]
    out = {
        "first_response": Markup(
            bar_chart(
                "First response per channel (minutes)",
                names,
                {
                    "median": [r.metrics.first_response_p50_min for r in channels],
                    "p90": [r.metrics.first_response_p90_min for r in channels],
                },
                unit="",
            )
        ),
        "sla": Markup(
            bar_chart(
                "SLA attainment per channel (%)",
                names,
                {
                    "met": [
                        None if r.metrics.sla_attainment is None else r.metrics.sla_attainment * 100
                        for r in channels
                    ]
                },
                max_value=100.0,
            )
        ),
    }
    if report.trend_weeks:
        out["topics"] = Markup(
            line_chart(
                "Top topics per week (cases)",
                report.trend_weeks,
                {t: [float(v) for v in vs] for t, vs in report.trend_series.items()},
            )
        )
    return out


def render_html(report: Report, *, fragment: bool = False) -> str:
    """The whole offline page, or (fragment=True) just the report body for the web dashboard."""
    template = _env.get_template("report.html")
    return template.render(
        report=report,
        overall=report.overall,
        charts=charts(report),
        dimensions=[
            (d, t, report.by_dimension(d)) for d, t in DIMENSION_TITLES.items() if report.by_dimension(d)
        ],
        columns=COLUMNS,
        fmt=fmt,
        compensation_text=compensation_text,
        escalation_text=escalation_text,
        fragment=fragment,
    )
