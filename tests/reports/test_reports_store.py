"""Reports generated from a real SQLite store filled with known cases."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.reports import ReportError, ReportQuery, build_report, day_range, render_csv, render_html
from calmdesk.reports.charts import line_chart
from calmdesk.storage.tables import Action, Brand, Case, Compensation

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday
AS_OF = datetime(2024, 3, 12, 14, 0, tzinfo=UTC)
EVIL = "<script>alert(1)</script>"


def _case(brand: Brand, n: int, platform: str, opened: datetime, **kw: object) -> Case:
    return Case(brand_id=brand.id, platform=platform, thread_key=f"t{n}", opened_at=opened, **kw)


def fill(session: Session) -> None:
    acme = Brand(key="acme", name="Acme")
    evil = Brand(key=EVIL, name="Evil")
    session.add_all([acme, evil])
    session.flush()
    m = timedelta(minutes=1)
    h = timedelta(hours=1)
    c1 = _case(
        acme, 1, "x", T0, owner="ann", first_response_at=T0 + 10 * m, first_response_due_at=T0 + 2 * h,
        resolved_at=T0 + 5 * h, went_private=True, public_closeout_done=True, thanked=True,
        sentiment_first=-0.6, sentiment_last=0.4, topic="delivery", state="closed",
    )  # fmt: skip
    t2 = T0 + h
    c2 = _case(
        acme, 2, "x", t2, owner="ann", first_response_at=t2 + 30 * m, first_response_due_at=t2 + 2 * h,
        resolved_at=t2 + 2 * h, thanked=False, sentiment_first=-0.4, sentiment_last=0.0, topic="delivery",
    )  # fmt: skip
    t3 = T0 + 2 * h
    c3 = _case(
        acme, 3, "x", t3, owner="bob", first_response_at=t3 + 150 * m, first_response_due_at=t3 + 2 * h,
        resolved_at=t3 + 10 * h, went_private=True, topic="billing", escalation=["safety"],
    )  # fmt: skip
    t4 = T0 + 3 * h
    c4 = _case(
        acme, 4, "facebook", t4, owner="<img src=x>", first_response_at=t4 + 60 * m,
        first_response_due_at=t4 + 4 * h, topic="billing",
    )  # fmt: skip
    t5 = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)
    c5 = _case(acme, 5, "facebook", t5, first_response_due_at=t5 + 4 * h, topic="delivery")
    t6 = datetime(2024, 3, 12, 13, 0, tzinfo=UTC)
    c6 = _case(evil, 6, "x", t6, first_response_due_at=t6 + 2 * h)
    outside = _case(acme, 7, "x", datetime(2024, 3, 20, tzinfo=UTC), first_response_due_at=t6)
    session.add_all([c1, c2, c3, c4, c5, c6, outside])
    session.flush()
    session.add_all(
        [
            Compensation(case_id=c1.id, kind="voucher", value=10.0, currency="EUR", granted_by="ann"),
            Compensation(
                case_id=c1.id, kind="refund", value=99.0, currency="EUR", granted_by="ann", status="pending_approval"
            ),
            Compensation(case_id=c4.id, kind="refund", value=20.0, currency="EUR", granted_by="bob"),
            # The audit log says case 4 went private even though its flag was not kept (B-HANDOFF).
            Action(case_id=c4.id, brand_id=acme.id, actor="bob", verb="case.moved", detail={"from": "acknowledged", "to": "private"}),
        ]
    )  # fmt: skip


@pytest.fixture
def report_factory(sqlite_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with sqlite_factory.begin() as s:
        fill(s)
    return sqlite_factory


def _report(factory: sessionmaker[Session], brand: str | None = None):  # type: ignore[no-untyped-def]
    since, until = day_range(T0.date(), datetime(2024, 3, 12).date())
    with factory() as s:
        return build_report(s, ReportQuery(since=since, until=until, brand=brand), as_of=AS_OF)


def test_overall_figures_match_hand_computation(report_factory: sessionmaker[Session]) -> None:
    rep = _report(report_factory)
    m = rep.overall
    assert m.cases == 6  # case 7 opened after --until
    # first responses 10, 30, 150, 60 min -> sorted 10, 30, 60, 150
    assert m.first_response_p50_min == pytest.approx(45.0)
    assert m.first_response_p90_min == pytest.approx(123.0)  # 60 + 0.7 * 90
    # met: 1, 2, 4; missed: 3 (late), 5 (still waiting past due); 6 not yet due
    assert (m.sla_met, m.sla_decided) == (3, 5)
    assert m.sla_attainment == pytest.approx(0.6)
    assert m.resolution_p50_h == pytest.approx(5.0)  # 2, 5, 10 h
    assert m.resolution_p90_h == pytest.approx(9.0)
    assert (m.went_private, m.back_to_public) == (3, 1)  # 1, 3 by flag, 4 by the audit log
    assert m.thanks_rate == pytest.approx(0.5)
    assert m.sentiment_before == pytest.approx(-0.5)
    assert m.sentiment_after == pytest.approx(0.2)
    assert m.compensation == {"EUR": pytest.approx(30.0)}  # the pending 99 EUR is not spent
    assert (m.escalated, m.escalated_resolved, m.escalated_sla_met, m.escalated_sla_decided) == (1, 1, 0, 1)
    assert m.top_topics == [("delivery", 3), ("billing", 2)]
    assert rep.trend_weeks == ["2024-03-04", "2024-03-11"]
    assert rep.trend_series == {"delivery": [2, 1], "billing": [2, 0]}


def test_groups_per_channel_agent_brand_and_period(report_factory: sessionmaker[Session]) -> None:
    rep = _report(report_factory)
    channel = {g.key: g.metrics for g in rep.by_dimension("channel")}
    assert channel["x"].first_response_p50_min == pytest.approx(30.0)
    assert channel["x"].sla_attainment == pytest.approx(2 / 3)
    assert channel["facebook"].sla_attainment == pytest.approx(0.5)
    agent = {g.key: g.metrics.sla_attainment for g in rep.by_dimension("agent")}
    assert agent == {"(unassigned)": 0.0, "<img src=x>": 1.0, "ann": 1.0, "bob": 0.0}
    assert {g.key: g.metrics.cases for g in rep.by_dimension("brand")} == {EVIL: 1, "acme": 5}
    assert {g.key: g.metrics.cases for g in rep.by_dimension("period")} == {"2024-03-04": 4, "2024-03-11": 2}


def test_brand_filter_and_unknown_brand(report_factory: sessionmaker[Session]) -> None:
    rep = _report(report_factory, brand="acme")
    assert rep.overall.cases == 5
    assert [g.key for g in rep.by_dimension("brand")] == ["acme"]
    with pytest.raises(ReportError, match="unknown brand 'nope'"):
        _report(report_factory, brand="nope")


def test_csv_parses_with_documented_columns(report_factory: sessionmaker[Session]) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(_report(report_factory)))))
    assert set(rows[0]) == {"dimension", "group", "metric", "value"}
    lookup = {(r["dimension"], r["group"], r["metric"]): r["value"] for r in rows}
    assert float(lookup[("all", "all", "sla_attainment")]) == pytest.approx(0.6)
    assert float(lookup[("channel", "x", "first_response_p50_min")]) == pytest.approx(30.0)
    assert float(lookup[("all", "all", "compensation_EUR")]) == 30.0
    assert lookup[("topic_trend", "2024-03-11", "topic:delivery")] == "1"
    assert lookup[("brand", EVIL, "first_response_p50_min")] == ""  # nothing to measure yet


def test_html_is_one_offline_file_with_charts_and_escaped_names(
    report_factory: sessionmaker[Session],
) -> None:
    page = render_html(_report(report_factory))
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert page.count("<svg") == 3  # first response, SLA attainment, topic trend
    assert "<polyline" in page and "<rect" in page
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert "http" not in page.lower()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    fragment = render_html(_report(report_factory), fragment=True)
    assert "<html" not in fragment and "<svg" in fragment and 'class="calmdesk-report"' in fragment


def test_chart_labels_are_escaped() -> None:
    svg = line_chart("topics <b>", ["w1", "w2"], {"<x>&": [1.0, 2.0]})
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "&lt;x&gt;&amp;" in svg


def test_report_query_rejects_reversed_range() -> None:
    with pytest.raises(ReportError, match="must be after"):
        ReportQuery(since=T0, until=T0 - timedelta(days=1))


def test_report_writes_file_from_cli(report_factory: sessionmaker[Session], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from calmdesk.cli.main import app

    url = str(report_factory.kw["bind"].url)
    out = tmp_path / "r.html"
    env = {"CALMDESK_DATABASE_URL": url}
    result = CliRunner().invoke(
        app,
        ["report", "--since", "2024-03-04", "--until", "2024-03-12", "--format", "html", "-o", str(out)],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in out.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app, ["report", "--since", "2024-03-04", "--until", "2024-03-12", "-f", "csv"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "all,all,cases,6\n" in result.output  # case 7 (2024-03-20) is after --until
    # The CLI judges the range as of its end (2024-03-13 00:00): case 6 is now past due too.
    assert "all,all,sla_attainment,0.5\n" in result.output


def test_report_table_from_cli(report_factory: sessionmaker[Session]) -> None:
    from typer.testing import CliRunner

    from calmdesk.cli.main import app

    env = {"CALMDESK_DATABASE_URL": str(report_factory.kw["bind"].url), "COLUMNS": "120"}
    result = CliRunner().invoke(
        app, ["report", "--since", "2024-03-04", "--until", "2024-03-12", "--brand", "acme"], env=env
    )
    assert result.exit_code == 0, result.output
    assert "Per channel: service" in result.output and "Per agent: outcomes" in result.output
    assert "30.00 EUR" in result.output
    bad = CliRunner().invoke(
        app, ["report", "--since", "2024-03-04", "--until", "2024-03-12", "--brand", "zz"], env=env
    )
    assert bad.exit_code == 2 and "unknown brand 'zz'" in bad.output
