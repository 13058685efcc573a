"""The SQL aggregation (issue 18) gives the figures the row-by-row Python path gives.

A generated store with the awkward parts (microsecond times, answers before the opening,
a daylight-saving change inside business hours, holidays-by-exception, brands open 24/7,
unassigned cases, empty topics, escalations as strings, objects and junk, moves in the
audit log, granted and pending compensation in two currencies) is reported both ways on
SQLite and PostgreSQL. Counts and percentiles must be equal to the last bit; only sums of
floats (sentiment means, compensation) may differ by rounding, because SQL adds them in
another order.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.reports import Report, ReportQuery, build_report
from calmdesk.reports.data import load_records, report_of_records
from calmdesk.storage.tables import Action, Brand, Case, Compensation

START = datetime(2024, 3, 18, tzinfo=UTC)  # Berlin switches to summer time on 2024-03-31
DAYS = 28
BERLIN = """brand = "berlin"
[hours]
timezone = "Europe/Berlin"
[hours.week]
mon = ["08:00-12:00", "13:00-18:00"]
tue = ["08:00-18:00"]
wed = ["08:00-18:00"]
thu = ["08:00-18:00"]
fri = ["08:00-16:00"]
sun = ["00:00-04:00"]
[hours.exceptions]
2024-03-27 = []
2024-03-29 = ["10:00-11:00"]
"""
ALWAYS = 'brand = "always"\n[hours]\nalways_open = true\n'
FLOAT_SUMS = {"sentiment_before", "sentiment_after", "sentiment_change", "compensation"}


def _fill(session: Session, n: int = 1500) -> None:
    rng = random.Random(18)
    brands = [
        Brand(key="berlin", name="Berlin", playbook_toml=BERLIN),
        Brand(key="always", name="Always", playbook_toml=ALWAYS),
        Brand(key="plain", name="Plain"),
    ]
    session.add_all(brands)
    session.flush()
    cases: list[Case] = []
    for i in range(n):
        opened = START + timedelta(microseconds=rng.randrange(DAYS * 86_400_000_000))
        answered = rng.random() < 0.85
        first = opened + timedelta(microseconds=int(rng.lognormvariate(21, 1.5))) if answered else None
        if answered and rng.random() < 0.02:
            first = opened - timedelta(minutes=rng.randrange(1, 90))  # clock skew: answered "before"
        resolved = opened + timedelta(hours=rng.lognormvariate(2, 1)) if rng.random() < 0.6 else None
        due = opened + timedelta(minutes=rng.choice((60, 120, 240))) if rng.random() < 0.95 else None
        escalation = rng.choice(([], [], [], [], ["safety"], [{"kind": "legal"}], [1, 2], ["x", {"a": 1}]))
        state = rng.choice(("new", "acknowledged", "escalated", "dismissed", "closed", "private"))
        sentiment_last = rng.uniform(-1, 1) if rng.random() < 0.7 else None
        cases.append(
            Case(
                brand_id=brands[i % 3].id,
                platform=rng.choice(("x", "facebook", "email")),
                thread_key=f"t{i}",
                owner=rng.choice((None, "ann", "bob", "<b>eve</b>", "(unassigned)")),
                opened_at=opened,
                first_response_at=first,
                first_response_due_at=due,
                resolved_at=resolved,
                state=state,
                went_private=rng.random() < 0.3,
                public_closeout_done=rng.random() < 0.5,
                thanked=rng.choice((None, True, False)),
                sentiment_first=rng.uniform(-1, 0) if rng.random() < 0.9 else None,
                sentiment_last=sentiment_last,
                topic=rng.choice(
                    (None, "", "delivery", "billing", "app", "refund", "staff", "quality", "size")
                ),
                escalation=escalation,
            )
        )
    # Ties: several cases answered after exactly the same time.
    for c in cases[:40]:
        if c.first_response_at is not None:
            c.first_response_at = c.opened_at + timedelta(minutes=30)
    session.add_all(cases)
    session.flush()
    for c in cases[::7]:
        session.add(
            Compensation(
                case_id=c.id, kind="voucher", value=round(rng.uniform(1, 50), 2),
                currency=rng.choice(("EUR", "USD")), granted_by="ann",
                status=rng.choice(("granted", "granted", "pending_approval", "rejected")),
            )
        )  # fmt: skip
    for c in cases[::11]:
        to = rng.choice(("private", "escalated", "acknowledged"))
        session.add(
            Action(case_id=c.id, brand_id=c.brand_id, actor="ann", verb="case.moved", detail={"to": to})
        )


@pytest.fixture
def generated(factory: sessionmaker[Session]) -> sessionmaker[Session]:
    with factory.begin() as s:
        _fill(s)
    return factory


def _python_report(session: Session, query: ReportQuery, as_of: datetime) -> Report:
    """The report as computed before issue 18: every case loaded as a record."""
    records, business = load_records(session, query)
    return report_of_records(query, records, as_of, business)


def _assert_same(sql: Report, py: Report) -> None:
    assert [(g.dimension, g.key) for g in sql.groups] == [(g.dimension, g.key) for g in py.groups]
    for a, b in zip(sql.groups, py.groups, strict=True):
        for name, expected in vars(b.metrics).items():
            got = getattr(a.metrics, name)
            where = f"{a.dimension}/{a.key}: {name}"
            if name == "compensation":
                assert got.keys() == expected.keys(), where
                assert got == pytest.approx(expected, rel=1e-12), where
            elif name in FLOAT_SUMS and expected is not None:
                assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), where
            else:
                assert got == expected, where
    assert (sql.trend_weeks, sql.trend_topics, sql.trend_series) == (
        py.trend_weeks,
        py.trend_topics,
        py.trend_series,
    )
    assert sql.business_time == py.business_time


@pytest.mark.parametrize(
    ("period", "brand", "days", "top"),
    [("week", None, DAYS, 5), ("day", None, DAYS, 3), ("week", "berlin", 15, 5), ("day", "always", 9, 8)],
)
def test_sql_figures_equal_the_python_path(
    generated: sessionmaker[Session], period: str, brand: str | None, days: int, top: int
) -> None:
    query = ReportQuery(
        since=START + timedelta(days=2),
        until=START + timedelta(days=days),
        brand=brand,
        period=period,
        top_topics=top,
    )
    _compare(generated, query)


def test_sql_figures_equal_the_python_path_with_brand_set_and_channel(
    generated: sessionmaker[Session],
) -> None:
    """The web page's filters: the brands a user may see, and one channel."""
    query = ReportQuery(
        since=START, until=START + timedelta(days=DAYS), brands=("berlin", "plain"), channel="x"
    )
    _compare(generated, query)


def _compare(generated: sessionmaker[Session], query: ReportQuery) -> None:
    as_of = START + timedelta(days=12, hours=5)
    with generated() as s:
        py = _python_report(s, query, as_of)
        sql = build_report(s, query, as_of=as_of)
    assert py.overall.cases > 100  # the comparison covers real data
    assert py.overall.first_response_business_p90_min is not None
    _assert_same(sql, py)


def test_business_time_differs_from_wall_clock_where_hours_are_closed(
    generated: sessionmaker[Session],
) -> None:
    """The calendar is really used: Berlin's business p50 is not its wall-clock p50, 24/7's is."""
    query = ReportQuery(since=START, until=START + timedelta(days=DAYS))
    with generated() as s:
        rep = build_report(s, query, as_of=START + timedelta(days=DAYS))
    brand = {g.key: g.metrics for g in rep.by_dimension("brand")}
    assert brand["berlin"].first_response_business_p50_min != brand["berlin"].first_response_p50_min
    assert brand["always"].first_response_business_p50_min == brand["always"].first_response_p50_min


def test_empty_range_has_one_empty_overall_group(generated: sessionmaker[Session]) -> None:
    query = ReportQuery(since=START - timedelta(days=30), until=START - timedelta(days=20))
    with generated() as s:
        sql = build_report(s, query, as_of=START)
        py = _python_report(s, query, START)
    assert sql.overall.cases == 0
    _assert_same(sql, py)
