"""The web report's figures (reports/view.py): shares with their base, every day present, CSV = page."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from calmdesk.reports.charts import daily_chart
from calmdesk.reports.data import ReportQuery, day_range, report_of_records
from calmdesk.reports.metrics import CaseRecord
from calmdesk.reports.view import CSV_HEADER, Figure, build_view, daily, duration_text, share, view_csv

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)  # a Monday


def rec(case_id: int, opened: datetime, **kw: object) -> CaseRecord:
    base: dict[str, object] = {"brand": "acme", "channel": "x", "owner": "ann", "opened_at": opened}
    base.update(kw)
    return CaseRecord(case_id=case_id, **base)  # type: ignore[arg-type]


def _view(records: list[CaseRecord], since: date = date(2026, 11, 2), until: date = date(2026, 11, 8)):  # type: ignore[no-untyped-def]
    start, end = day_range(since, until)
    report = report_of_records(ReportQuery(start, end, period="day"), records, end, business=True)
    return build_view(report, since, until, brand="acme", channel="")


def test_a_share_says_its_base() -> None:
    assert share("thanked", 12, 18).text() == "12 of 18 (67 %)"
    assert share("thanked", 1, 1).text() == "1 of 1 (100 %)"
    assert share("thanked", 0, 0).text() == "no case yet"
    assert share("thanked", 12, 18).csv_value() == "0.6667"
    assert share("thanked", 0, 0).csv_value() == ""


def test_durations_read_like_a_person_says_them() -> None:
    assert duration_text(0) == "0 min"
    assert duration_text(4.25) == "4.2 min"
    assert duration_text(42) == "42 min"
    assert duration_text(185) == "3 h 05 min"
    assert duration_text(60 * 24 * 2 + 60 * 4) == "2 d 4 h"
    assert Figure("x", None, "min").text() == "-"


def test_headline_counts_by_hand() -> None:
    due = timedelta(hours=1)
    records = [
        # answered in 30 min, in time, thanked
        rec(
            1,
            T0,
            first_response_at=T0 + timedelta(minutes=30),
            first_response_due_at=T0 + due,
            thanked=True,
            first_response_business_s=1800.0,
        ),
        # answered late (90 min), not thanked
        rec(
            2,
            T0 + timedelta(days=2),
            first_response_at=T0 + timedelta(days=2, minutes=90),
            first_response_due_at=T0 + timedelta(days=2) + due,
            thanked=False,
            first_response_business_s=600.0,
        ),
        # never answered, overdue: missed; thanks unknown
        rec(3, T0 + timedelta(days=2), first_response_due_at=T0 + timedelta(days=2) + due, channel="email"),
    ]
    view = _view(records)
    figs = {f.name: f for f in view.headline}
    assert figs["cases opened"].text() == "3"
    assert figs["answered"].text() == "2 of 3 (67 %)"
    assert figs["first response in time (SLA)"].text() == "1 of 3 (33 %)"
    assert figs["thanked us"].text() == "1 of 2 (50 %)"
    assert figs["first response, median, wall-clock"].text() == "1 h 00 min"  # median of 30 and 90
    assert figs["first response, median, business hours"].text() == "20 min"  # median of 30 and 10
    channels = {key: {f.name: f.text() for f in figs} for key, figs in view.tables[1].rows}
    assert view.tables[1].dimension == "channel"
    assert channels["email"]["answered"] == "0 of 1 (0 %)"
    assert channels["email"]["thanked"] == "no case yet"


def test_every_day_of_the_range_is_there() -> None:
    view = _view([rec(1, T0), rec(2, T0 + timedelta(days=3)), rec(3, T0 + timedelta(days=3, hours=5))])
    assert [d.day for d in view.days] == [date(2026, 11, 2) + timedelta(days=i) for i in range(7)]
    assert [d.cases for d in view.days] == [1, 0, 0, 2, 0, 0, 0]
    assert view.days[1].first_response_p50_min is None


def test_daily_needs_a_per_day_report() -> None:
    start, end = day_range(date(2026, 11, 2), date(2026, 11, 8))
    report = report_of_records(ReportQuery(start, end, period="week"), [], end, business=True)
    with pytest.raises(ValueError, match="period='day'"):
        daily(report, date(2026, 11, 2), date(2026, 11, 8))


def test_csv_holds_what_the_page_shows() -> None:
    view = _view([rec(1, T0, first_response_at=T0 + timedelta(minutes=5), thanked=True), rec(2, T0)])
    rows = list(csv.reader(io.StringIO(view_csv(view))))
    assert tuple(rows[0]) == CSV_HEADER
    by = {(r[0], r[1], r[2]): r for r in rows[1:]}
    assert by[("filter", "", "since")][3] == "2026-11-02"
    assert by[("filter", "", "brand")][3] == "acme"
    assert by[("filter", "", "channel")][6] == "all channels"
    answered = by[("overall", "all", "answered")]
    assert answered[3:] == ["0.5000", "1", "2", "1 of 2 (50 %)"]
    # Every headline figure and every table cell of the page is a row, with the page's text.
    for f in view.headline:
        assert by[("overall", "all", f.name)][6] == f.text()
    for table in view.tables:
        for key, figs in table.rows:
            for f in figs:
                assert by[(table.dimension, key, f.name)][6] == f.text()
    assert by[("day", "2026-11-02", "cases opened")][3] == "2"
    assert by[("day", "2026-11-08", "cases opened")][3] == "0"
    assert len([r for r in rows if r[0] == "day"]) == 7 * 4


def test_daily_chart_escapes_and_scales() -> None:
    days = [date(2026, 11, 2) + timedelta(days=i) for i in range(3)]
    svg = daily_chart("<b>cases</b>", days, {"a<b": [1.0, None, 3.0]}, ["<i>one</i>", "two", "three"])
    assert "<b>" not in svg and "&lt;b&gt;cases" in svg and "&lt;i&gt;one" in svg
    assert 'width="' not in svg.split(">", 1)[0]  # scales with its box: a phone gets a narrower chart
    assert svg.count('class="none"') == 1  # the day without a value is marked, not drawn as zero


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    from calmdesk.reports.view import csv_cell

    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("@sum(A1)") == "'@sum(A1)"
    assert csv_cell("-12.5") == "-12.5"
    assert csv_cell("delivery") == "delivery"
    assert csv_cell(3) == 3
