"""The B-MEASURE figures on hand-built records, checked against numbers worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calmdesk.reports.metrics import (
    CaseRecord,
    compute_metrics,
    group_records,
    percentile,
    period_start,
    sla_outcome,
    topic_trend,
)

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday


def rec(case_id: int, **kw: object) -> CaseRecord:
    base: dict[str, object] = {"brand": "acme", "channel": "x", "owner": None, "opened_at": T0}
    base.update(kw)
    return CaseRecord(case_id=case_id, **base)  # type: ignore[arg-type]


def test_percentile_linear_between_ranks() -> None:
    assert percentile([10, 30, 60, 150], 50) == 45.0
    assert percentile([10, 30, 60, 150], 90) == pytest.approx(123.0)
    assert percentile([7], 90) == 7.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError, match="0..100"):
        percentile([1], 101)


def test_sla_outcome_counts_overdue_waiting_cases_as_missed() -> None:
    due = T0 + timedelta(hours=2)
    assert sla_outcome(rec(1, first_response_due_at=due, first_response_at=due), T0) is True
    assert (
        sla_outcome(rec(1, first_response_due_at=due, first_response_at=due + timedelta(seconds=1)), T0)
        is False
    )
    assert sla_outcome(rec(1, first_response_due_at=due), due + timedelta(minutes=1)) is False
    assert sla_outcome(rec(1, first_response_due_at=due), due - timedelta(minutes=1)) is None
    assert sla_outcome(rec(1), due) is None


def test_compute_metrics_by_hand() -> None:
    due = timedelta(hours=2)
    records = [
        rec(
            1,
            owner="ann",
            first_response_at=T0 + timedelta(minutes=10),
            first_response_due_at=T0 + due,
            resolved_at=T0 + timedelta(hours=5),
            went_private=True,
            public_closeout_done=True,
            thanked=True,
            sentiment_first=-0.6,
            sentiment_last=0.4,
            topic="delivery",
            compensation={"EUR": 10.0},
        ),
        rec(
            2,
            owner="ann",
            first_response_at=T0 + timedelta(minutes=30),
            first_response_due_at=T0 + due,
            resolved_at=T0 + timedelta(hours=2),
            thanked=False,
            sentiment_first=-0.4,
            sentiment_last=0.0,
            topic="delivery",
            compensation={"EUR": 5.5, "USD": 3.0},
        ),
        rec(
            3,
            first_response_at=T0 + timedelta(minutes=150),
            first_response_due_at=T0 + due,
            went_private=True,
            escalations=("safety",),
            topic="billing",
        ),
    ]
    m = compute_metrics(records, as_of=T0 + timedelta(days=1))
    assert m.cases == 3
    assert m.first_response_p50_min == 30.0
    assert m.first_response_p90_min == pytest.approx(126.0)  # 30 + 0.8 * 120
    assert (m.sla_met, m.sla_decided, m.sla_attainment) == (2, 3, pytest.approx(2 / 3))
    assert m.resolution_p50_h == pytest.approx(3.5)
    assert (m.went_private, m.back_to_public, m.back_to_public_share) == (2, 1, 0.5)
    assert m.thanks_rate == 0.5
    assert m.sentiment_before == pytest.approx(-0.5)
    assert m.sentiment_after == pytest.approx(0.2)
    assert m.sentiment_change == pytest.approx(0.7)
    assert m.compensation == {"EUR": 15.5, "USD": 3.0}
    assert (m.escalated, m.escalated_open, m.escalated_sla_met, m.escalated_sla_decided) == (1, 1, 0, 1)
    assert m.top_topics == [("delivery", 2), ("billing", 1)]


def test_empty_group_has_no_figures_rather_than_zeroes() -> None:
    m = compute_metrics([], as_of=T0)
    assert m.cases == 0
    assert m.sla_attainment is None
    assert m.first_response_p50_min is None


def test_grouping_and_weekly_topic_trend() -> None:
    records = [
        rec(1, owner="ann", topic="delivery"),
        rec(2, channel="facebook", topic="billing", opened_at=T0 + timedelta(days=8)),
        rec(3, topic="delivery", opened_at=T0 + timedelta(days=9)),
    ]
    assert list(group_records(records, "channel")) == ["facebook", "x"]
    assert {k: len(v) for k, v in group_records(records, "agent").items()} == {"(unassigned)": 2, "ann": 1}
    assert list(group_records(records, "period", "week")) == ["2024-03-04", "2024-03-11"]
    assert list(group_records(records, "period", "day")) == ["2024-03-04", "2024-03-12", "2024-03-13"]
    weeks, topics, series = topic_trend(records)
    assert weeks == ["2024-03-04", "2024-03-11"]
    assert topics == ["delivery", "billing"]
    assert series == {"delivery": [1, 1], "billing": [0, 1]}
    assert period_start(datetime(2024, 3, 10, 23, 0, tzinfo=UTC), "week").isoformat() == "2024-03-04"
    with pytest.raises(ValueError, match="unknown dimension"):
        group_records(records, "planet")
