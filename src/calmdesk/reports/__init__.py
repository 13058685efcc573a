"""B-MEASURE reports: does the desk keep its promises, and what does it cost.

For the web dashboard: `build_report(session, ReportQuery(...))` returns the data
(`Report.as_dict()` for JSON) and `render_html(report, fragment=True)` the HTML to mount.
"""

from __future__ import annotations

from calmdesk.reports.data import Report, ReportError, ReportQuery, build_report, day_range
from calmdesk.reports.render import render_csv, render_html, render_table

__all__ = [
    "Report",
    "ReportError",
    "ReportQuery",
    "build_report",
    "day_range",
    "render_csv",
    "render_html",
    "render_table",
]
