"""Reading the store into report data (B-MEASURE).

`build_report` is the one entry point for the CLI and the web dashboard: it returns a
`Report` (plain data, also as a JSON-ready dict via `Report.as_dict`) that every renderer
reads. The figures are computed by the database and `reports.aggregate` (GROUP BY for counts and sums, one
streamed pass into compact arrays for exact percentiles), so a report over a million cases
never builds a million Python records. `load_records` keeps the row-by-row path as the reference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.domain import sla as sla_clock
from calmdesk.domain.playbook import BusinessHours, PlaybookError, parse_playbook
from calmdesk.domain.states import CompensationStatus
from calmdesk.reports.aggregate import DIMENSIONS, ReportSql, group_keys, group_metrics, trend
from calmdesk.reports.metrics import CaseRecord, GroupMetrics, compute_metrics, group_records, topic_trend
from calmdesk.storage.tables import Action, Brand, Case, Compensation


class ReportError(ValueError):
    """A report request that cannot be answered (unknown brand, empty range, ...)."""


@dataclass(frozen=True)
class ReportQuery:
    """What to report on: cases opened in [since, until), optionally one brand."""

    since: datetime
    until: datetime
    brand: str | None = None
    period: str = "week"
    top_topics: int = 5
    #: When not None, only these brands (the web desk passes the brands its user may see).
    brands: tuple[str, ...] | None = None
    #: When set, only this channel (platform), e.g. "x".
    channel: str | None = None

    def __post_init__(self) -> None:
        if self.since.tzinfo is None or self.until.tzinfo is None:
            raise ReportError("since and until must be timezone-aware")
        if self.until <= self.since:
            raise ReportError(f"until ({self.until.date()}) must be after since ({self.since.date()})")
        if self.period not in ("day", "week"):
            raise ReportError(f"period must be 'day' or 'week', got {self.period!r}")


def day_range(since: date, until: date) -> tuple[datetime, datetime]:
    """UTC instants for whole days: `until` is inclusive, as a person reads "--until 2024-03-31"."""
    start = datetime.combine(since, time(0), tzinfo=UTC)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=UTC)
    return start, end


@dataclass
class GroupRow:
    dimension: str
    key: str
    metrics: GroupMetrics


@dataclass
class Report:
    """Everything a renderer needs; no database objects inside."""

    query: ReportQuery
    as_of: datetime
    groups: list[GroupRow]
    trend_weeks: list[str]
    trend_topics: list[str]
    trend_series: dict[str, list[int]]
    #: Whether first-response times in business hours were available (see `business_seconds_between`).
    business_time: bool = False
    notes: list[str] = field(default_factory=list)

    def by_dimension(self, dimension: str) -> list[GroupRow]:
        return [g for g in self.groups if g.dimension == dimension]

    @property
    def overall(self) -> GroupMetrics:
        return self.by_dimension("all")[0].metrics

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready data for the web dashboard or an API."""
        return {
            "since": self.query.since.isoformat(),
            "until": self.query.until.isoformat(),
            "brand": self.query.brand,
            "brands": None if self.query.brands is None else list(self.query.brands),
            "channel": self.query.channel,
            "period": self.query.period,
            "as_of": self.as_of.isoformat(),
            "business_time": self.business_time,
            "notes": list(self.notes),
            "groups": [
                {"dimension": g.dimension, "key": g.key, "metrics": asdict(g.metrics)} for g in self.groups
            ],
            "topic_trend": {"weeks": self.trend_weeks, "series": self.trend_series},
        }


BusinessSeconds = Callable[[BusinessHours, datetime, datetime], object]


def _business_fn() -> BusinessSeconds | None:
    """The SLA clock's business-time counter, when the installed SLA module has one."""
    fn = getattr(sla_clock, "business_seconds_between", None)
    return fn if callable(fn) else None


def _hours_of(brand: Brand) -> BusinessHours:
    if not brand.playbook_toml:
        return BusinessHours()
    try:
        return parse_playbook(brand.playbook_toml, f"brand {brand.key}").hours
    except PlaybookError:
        return BusinessHours()


def _as_seconds(value: object) -> float | None:
    """The SLA clock may answer in seconds or as a timedelta; anything else is not used."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, int | float):
        return float(value)
    return None


def _escalation_kinds(value: Any) -> tuple[str, ...]:
    """Escalation entries may be plain kinds or dicts with a kind; both are read."""
    out: list[str] = []
    for item in value or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            kind = item.get("kind") or item.get("type") or item.get("reason") or "escalated"
            out.append(str(kind))
    return tuple(out)


def _brand_id(session: Session, query: ReportQuery) -> int | None:
    """The id of the brand the query names (None: every brand); an unknown key is an error."""
    if query.brand is None:
        return None
    brand_id = session.scalar(select(Brand.id).where(Brand.key == query.brand))
    if brand_id is None:
        known = ", ".join(session.scalars(select(Brand.key).order_by(Brand.key))) or "none"
        raise ReportError(f"unknown brand {query.brand!r} (known: {known})")
    return brand_id


def load_records(session: Session, query: ReportQuery) -> tuple[list[CaseRecord], bool]:
    """The cases opened in the range as records, and whether business time was counted.

    The row-by-row path: `build_report` no longer uses it (it aggregates in SQL, see
    `reports.aggregate`), but it stays as the reference the SQL figures are tested
    against and for small exports that want one record per case.
    """
    # Plain columns, not ORM objects: a quarter's worth of cases loads several times faster.
    stmt = (
        select(
            Case.id,
            Case.brand_id,
            Brand.key.label("brand_key"),
            Case.platform,
            Case.owner,
            Case.opened_at,
            Case.first_response_at,
            Case.first_response_due_at,
            Case.resolved_at,
            Case.state,
            Case.went_private,
            Case.public_closeout_done,
            Case.thanked,
            Case.sentiment_first,
            Case.sentiment_last,
            Case.topic,
            Case.escalation,
            Case.priority,
        )
        .join(Brand, Brand.id == Case.brand_id)
        .where(Case.opened_at >= query.since, Case.opened_at < query.until)
    )
    brand_id = _brand_id(session, query)
    if brand_id is not None:
        stmt = stmt.where(Case.brand_id == brand_id)
    if query.brands is not None:
        stmt = stmt.where(Brand.key.in_(query.brands))
    if query.channel is not None:
        stmt = stmt.where(Case.platform == query.channel)
    rows = session.execute(stmt.order_by(Case.opened_at, Case.id)).all()
    ids = [row.id for row in rows]

    comp: dict[int, dict[str, float]] = {}
    moved_private: set[int] = set()
    moved_escalated: set[int] = set()
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for case_id, currency, total in session.execute(
            select(Compensation.case_id, Compensation.currency, func.sum(Compensation.value))
            .where(Compensation.case_id.in_(chunk), Compensation.status == CompensationStatus.GRANTED)
            .group_by(Compensation.case_id, Compensation.currency)
        ):
            comp.setdefault(case_id, {})[currency] = float(total)
        for case_id, detail in session.execute(
            select(Action.case_id, Action.detail).where(
                Action.case_id.in_(chunk), Action.verb == "case.moved"
            )
        ):
            target = (detail or {}).get("to")
            if target == "private":
                moved_private.add(case_id)
            elif target == "escalated":
                moved_escalated.add(case_id)

    business = _business_fn()
    hours: dict[int, BusinessHours] = {}
    records: list[CaseRecord] = []
    for case in rows:
        business_s: float | None = None
        if business is not None and case.first_response_at is not None:
            if case.brand_id not in hours:
                hours[case.brand_id] = _hours_of(session.get_one(Brand, case.brand_id))
            business_s = _as_seconds(business(hours[case.brand_id], case.opened_at, case.first_response_at))
        kinds = _escalation_kinds(case.escalation)
        if not kinds and case.id in moved_escalated:
            kinds = ("escalated",)
        records.append(
            CaseRecord(
                case_id=case.id,
                brand=case.brand_key,
                channel=case.platform,
                owner=case.owner,
                opened_at=case.opened_at,
                first_response_at=case.first_response_at,
                first_response_due_at=case.first_response_due_at,
                resolved_at=case.resolved_at,
                state=case.state,
                went_private=case.went_private or case.id in moved_private,
                public_closeout_done=case.public_closeout_done,
                thanked=case.thanked,
                sentiment_first=case.sentiment_first,
                sentiment_last=case.sentiment_last,
                topic=case.topic,
                escalations=kinds,
                priority=case.priority,
                compensation=comp.get(case.id, {}),
                first_response_business_s=business_s,
            )
        )
    return records, business is not None


def build_report(session: Session, query: ReportQuery, as_of: datetime | None = None) -> Report:
    """B-MEASURE report for the range: overall, per brand, channel, agent and period, plus topic trend.

    `as_of` (default: now, but never later than `until`) decides which still-waiting cases
    already missed their first-response target. The database does the counting and the
    ordering (`reports.aggregate`): memory follows the number of groups, not of cases.
    """
    now = as_of or datetime.now(UTC)
    cutoff = min(now, query.until)
    brand_id = _brand_id(session, query)
    brand_rows = list(session.scalars(select(Brand)))
    keys = {b.id: b.key for b in brand_rows}
    allowed = None if query.brands is None else [i for i, k in keys.items() if k in query.brands]
    sql = ReportSql(session, query.since, query.until, brand_id, query.period, cutoff, allowed, query.channel)
    business = _business_fn() is not None
    hours = {b.id: _hours_of(b) for b in brand_rows} if business else None
    scan = sql.scan(keys, hours)
    cells, topics, weekly = scan.groups(), scan.topics(), scan.weekly_topics()
    percentiles = scan.percentiles()
    compensation = sql.compensation(keys)
    groups: list[GroupRow] = []
    for dimension in DIMENSIONS:
        for key in group_keys(cells, dimension):
            per_metric = {
                metric: percentiles.get((metric, dimension, key), {}) for metric in ("frt", "ttr", "business")
            }
            metrics = group_metrics(
                cells.get((dimension, key)),
                compensation.get((dimension, key), {}),
                topics.get((dimension, key), Counter()),
                per_metric,
                query.top_topics,
            )
            groups.append(GroupRow(dimension, key, metrics))
    weeks, trend_topics, series = trend(weekly, query.top_topics)
    return Report(query, cutoff, groups, weeks, trend_topics, series, business, _notes(business))


def report_of_records(query: ReportQuery, records: list[CaseRecord], now: datetime, business: bool) -> Report:
    """The report of records already loaded: no database, so a test can feed it records by hand.

    This is the row-by-row computation `build_report` used before issue 18; the SQL path
    is tested to give the same figures.
    """
    cutoff = min(now, query.until)
    groups: list[GroupRow] = []
    for dimension in DIMENSIONS:
        for key, recs in group_records(records, dimension, query.period).items():
            groups.append(GroupRow(dimension, key, compute_metrics(recs, cutoff, query.top_topics)))
    weeks, topics, series = topic_trend(records, query.top_topics)
    return Report(query, cutoff, groups, weeks, topics, series, business, _notes(business))


def _notes(business: bool) -> list[str]:
    if not business:
        return [
            "First-response times are wall-clock: this installation's SLA clock cannot count business time."
        ]
    return ["First-response times are shown wall-clock and, separately, in the brand's business hours."]
