"""The B-MEASURE figures without a Python object per case (issue 18).

Why: loading every case of a quarter as a record (the old `load_records` path) took
24-37 s and 700-880 MB for a store of 1 M mentions. Here:

- **Counts and sums** come from one GROUP BY at the finest grain (brand, channel, agent,
  period, topic) and one for granted compensation; Python adds those cells up into the
  five report dimensions. Counts are additive, and so are the sums behind the sentiment
  means and compensation totals.
- **Percentiles** (first response, resolution, first response in business hours) need
  every value of a group. The cases' three instants are streamed once, in chunks, into
  compact numpy arrays (about 40 bytes a case instead of a record of about a kilobyte),
  and `np.partition` places the two values each linear-interpolation percentile reads
  (`reports.metrics.percentile`). Durations are whole microseconds, divided as
  `timedelta.total_seconds()` divides them, so each figure is the same float.
  SQLite's window functions were tried first: about 3 us a row per window, and the report
  needs fifteen of them, so they lost to one streamed pass.
- **Business time** is `G(b) - G(a)` on the brand's calendar of open intervals, where
  `G(t)` is the open time before `t`: a binary search per instant (`np.searchsorted`).

Only sums of floats (sentiment, compensation) may differ from the Python path in the last
bits, because they are added in another order.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from calmdesk.domain.playbook import BusinessHours
from calmdesk.domain.sla import open_intervals
from calmdesk.domain.states import CompensationStatus
from calmdesk.reports.metrics import GroupMetrics, period_start
from calmdesk.storage.tables import Action, Case, Compensation

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
QUANTILES = (50, 90)
DIMENSIONS = ("all", "brand", "channel", "agent", "period")
UNASSIGNED = "(unassigned)"


# --- SQL building blocks -------------------------------------------------------------------------


def micros(col: Any, dialect: str) -> ColumnElement[int]:
    """An instant as whole microseconds since 1970 (UTC), exactly, on both engines.

    SQLite stores `YYYY-MM-DD HH:MM:SS.ffffff` (UTC); `strftime('%s')` gives the whole
    seconds and the six digits after the dot the rest. PostgreSQL: the epoch of the
    instant truncated to the second (an integral double, so exact) plus the microseconds
    field modulo one second.
    """
    if dialect == "sqlite":
        return cast(func.strftime("%s", col), Integer) * 1_000_000 + cast(func.substr(col, 21, 6), Integer)
    whole = cast(func.extract("epoch", func.date_trunc("second", col)), BigInteger)
    return whole * 1_000_000 + cast(func.extract("microseconds", col), BigInteger) % 1_000_000


def period_key(col: Any, period: str, dialect: str) -> ColumnElement[str]:
    """The ISO date of the UTC day or the Monday of the UTC week holding the instant."""
    if dialect == "sqlite":
        if period == "day":
            return func.date(col)
        return func.date(col, "-6 days", "weekday 1")
    utc = func.timezone("UTC", col)
    if period == "day":
        return func.to_char(utc, "YYYY-MM-DD")
    return func.to_char(func.date_trunc("week", utc), "YYYY-MM-DD")


def _has_escalation_kinds(dialect: str) -> ColumnElement[bool]:
    """Whether `cases.escalation` lists at least one kind (a string or an object), like
    `reports.data._escalation_kinds` reads it."""
    if dialect == "sqlite":
        return literal_column(
            "(cases.escalation IS NOT NULL AND cases.escalation NOT IN ('[]', 'null') AND EXISTS "
            "(SELECT 1 FROM json_each(cases.escalation) AS e WHERE e.type IN ('text', 'object')))"
        )
    return literal_column(
        "(json_typeof(cases.escalation) = 'array' AND EXISTS (SELECT 1 FROM "
        "json_array_elements(cases.escalation) AS e(v) WHERE json_typeof(e.v) IN ('string', 'object')))"
    )


def _moved_to(target: str, dialect: str) -> ColumnElement[bool]:
    """Whether the audit log says the case was ever moved to `target` (private, escalated)."""
    act = aliased(Action)
    to = func.json_extract(act.detail, "$.to") if dialect == "sqlite" else act.detail.op("->>")("to")
    return exists().where(act.case_id == Case.id, act.verb == "case.moved", to == target)


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return case((cond, 1), else_=0)


# --- results -------------------------------------------------------------------------------------


@dataclass
class Cell:
    """Additive figures of one (brand, channel, agent, period, topic) cell."""

    counts: Counter[str] = field(default_factory=Counter)
    sentiment_before: float = 0.0
    sentiment_after: float = 0.0


@dataclass
class Aggregates:
    """Everything the report needs, already reduced to groups."""

    #: (dimension, key) -> additive counts and sums
    groups: dict[tuple[str, str], Cell]
    #: (dimension, key) -> currency -> granted total
    compensation: dict[tuple[str, str], dict[str, float]]
    #: (dimension, key) -> topic -> cases
    topics: dict[tuple[str, str], Counter[str]]
    #: week -> topic -> cases (topic trend, always weekly)
    weekly_topics: dict[str, Counter[str]]
    #: (metric, dimension, key) -> percentile -> value
    percentiles: dict[tuple[str, str, str], dict[int, float | None]]


COUNT_NAMES = (
    "cases",
    "responded",
    "sla_decided",
    "sla_met",
    "resolved",
    "went_private",
    "back_to_public",
    "thanks_known",
    "thanked",
    "sentiment_n",
    "escalated",
    "escalated_dismissed",
    "escalated_resolved",
    "escalated_open",
    "escalated_sla_decided",
    "escalated_sla_met",
)


class ReportSql:
    """One report's SQL over one session: the case filter, the dimension keys, the queries."""

    def __init__(
        self,
        session: Session,
        since: datetime,
        until: datetime,
        brand_id: int | None,
        period: str,
        as_of: datetime,
        brand_ids: Sequence[int] | None = None,
        channel: str | None = None,
    ) -> None:
        self.session = session
        self.dialect = session.get_bind().dialect.name
        self.period = period
        self.where: list[ColumnElement[bool]] = [Case.opened_at >= since, Case.opened_at < until]
        if brand_id is not None:
            self.where.append(Case.brand_id == brand_id)
        if brand_ids is not None:
            self.where.append(Case.brand_id.in_(brand_ids))
        if channel is not None:
            self.where.append(Case.platform == channel)
        self.as_of = as_of
        self.keys: dict[str, Any] = {
            "channel": Case.platform,
            "agent": func.coalesce(Case.owner, UNASSIGNED),
            "period": period_key(Case.opened_at, period, self.dialect),
        }

    # -- additive figures --

    def cells(
        self, brand_keys: Mapping[int, str]
    ) -> tuple[dict[tuple[str, str], Cell], dict[tuple[str, str], Counter[str]], dict[str, Counter[str]]]:
        """Counts per group, topics per group and topics per week, from one GROUP BY."""
        d = self.dialect
        fr, due, resolved = Case.first_response_at, Case.first_response_due_at, Case.resolved_at
        as_of = literal(self.as_of, type_=Case.first_response_due_at.type)
        decided = and_(due.is_not(None), or_(fr.is_not(None), due < as_of))
        met = and_(due.is_not(None), fr.is_not(None), fr <= due)
        private = or_(Case.went_private == True, _moved_to("private", d))  # noqa: E712
        escalated = or_(_has_escalation_kinds(d), _moved_to("escalated", d), Case.state == "escalated")
        sentiment = and_(Case.sentiment_first.is_not(None), Case.sentiment_last.is_not(None))
        base = (
            select(
                (Case.brand_id + 0).label("brand"),  # +0: SQLite must not walk ix_cases_inbox to group
                self.keys["channel"].label("channel"),
                self.keys["agent"].label("agent"),
                self.keys["period"].label("period"),
                case((Case.topic != "", Case.topic), else_=None).label("topic"),
                _flag(fr.is_not(None)).label("responded"),
                _flag(decided).label("decided"),
                _flag(met).label("met"),
                _flag(resolved.is_not(None)).label("resolved"),
                _flag(private).label("private"),
                _flag(Case.public_closeout_done == True).label("closeout"),  # noqa: E712
                _flag(Case.thanked.is_not(None)).label("thanks_known"),
                _flag(Case.thanked == True).label("thanked"),  # noqa: E712
                _flag(sentiment).label("sentiment_n"),
                case((sentiment, Case.sentiment_first), else_=None).label("before"),
                case((sentiment, Case.sentiment_last), else_=None).label("after"),
                _flag(escalated).label("escalated"),
                _flag(Case.state == "dismissed").label("dismissed"),
            )
            .where(*self.where)
            .subquery()
        )
        b = base.c
        esc = b.escalated == 1
        stmt = select(
            b.brand,
            b.channel,
            b.agent,
            b.period,
            b.topic,
            func.count().label("cases"),
            func.sum(b.responded),
            func.sum(b.decided),
            func.sum(b.met),
            func.sum(b.resolved),
            func.sum(b.private),
            func.sum(b.private * b.closeout),
            func.sum(b.thanks_known),
            func.sum(b.thanked),
            func.sum(b.sentiment_n),
            func.sum(b.escalated),
            func.sum(_flag(and_(esc, b.dismissed == 1))),
            func.sum(_flag(and_(esc, b.dismissed == 0, b.resolved == 1))),
            func.sum(_flag(and_(esc, b.dismissed == 0, b.resolved == 0))),
            func.sum(b.escalated * b.decided),
            func.sum(b.escalated * b.met),
            func.sum(b.before),
            func.sum(b.after),
        ).group_by(b.brand, b.channel, b.agent, b.period, b.topic)
        rows = self.session.execute(stmt).all()
        groups: dict[tuple[str, str], Cell] = {}
        topics: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        weekly: dict[str, Counter[str]] = defaultdict(Counter)
        if not rows:
            return groups, topics, weekly
        # One row per cell: add the cells up per dimension with numpy (a cell feeds five groups).
        values = np.array([[v or 0 for v in row[5:23]] for row in rows], dtype=np.float64)
        cell_keys = [self._cell_keys(brand_keys[r[0]], r[1], r[2], str(r[3])) for r in rows]
        for position in range(len(DIMENSIONS)):
            index: dict[tuple[str, str], int] = {}
            codes = np.fromiter(
                (index.setdefault(k[position], len(index)) for k in cell_keys), np.int64, len(rows)
            )
            sums = np.zeros((len(index), values.shape[1]))
            np.add.at(sums, codes, values)
            for key, i in index.items():
                counts = Counter(dict(zip(COUNT_NAMES, (int(v) for v in sums[i, :16]), strict=True)))
                groups[key] = Cell(counts, float(sums[i, 16]), float(sums[i, 17]))
        for row, keys in zip(rows, cell_keys, strict=True):
            topic, n = row[4], int(row[5])
            if topic:
                for key in keys:
                    topics[key][topic] += n
                weekly[str(row[3]) if self.period == "week" else _week_of(str(row[3]))][topic] += n
        return groups, topics, weekly

    @staticmethod
    def _cell_keys(brand: str, channel: str, agent: str, period: str) -> tuple[tuple[str, str], ...]:
        return (("all", "all"), ("brand", brand), ("channel", channel), ("agent", agent), ("period", period))

    def compensation(self, brand_keys: Mapping[int, str]) -> dict[tuple[str, str], dict[str, float]]:
        """Granted compensation per group and currency (B-COMPENSATE: pending is not spent)."""
        base = (
            select(
                (Case.brand_id + 0).label("brand"),  # +0: SQLite must not walk ix_cases_inbox to group
                self.keys["channel"].label("channel"),
                self.keys["agent"].label("agent"),
                self.keys["period"].label("period"),
                Compensation.currency.label("currency"),
                Compensation.value.label("value"),
            )
            .join(Case, Case.id == Compensation.case_id)
            .where(*self.where, Compensation.status == CompensationStatus.GRANTED)
            .subquery()
        )
        b = base.c
        stmt = select(b.brand, b.channel, b.agent, b.period, b.currency, func.sum(b.value)).group_by(
            b.brand, b.channel, b.agent, b.period, b.currency
        )
        out: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        for brand_id, channel, agent, period, currency, total in self.session.execute(stmt):
            for key in self._cell_keys(brand_keys[brand_id], channel, agent, str(period)):
                out[key][currency] = out[key].get(currency, 0.0) + float(total)
        return out

    # -- percentiles --

    def durations(self) -> Durations:
        """Stream the cases' instants once, in chunks, into compact arrays (about 40 bytes a case).

        SQLite hands over its stored text (numpy parses it to microseconds, much faster than
        SQL's date functions); PostgreSQL computes whole microseconds itself.
        """
        d = self.dialect
        cols = (Case.opened_at, Case.first_response_at, Case.resolved_at)
        instants = [type_coerce(c, String) for c in cols] if d == "sqlite" else [micros(c, d) for c in cols]
        stmt = select(Case.brand_id, Case.platform, self.keys["agent"], *instants).where(*self.where)
        out = Durations(self.period)
        if d != "sqlite":
            # A server-side cursor: the rows arrive in chunks instead of all at once.
            result = self.session.execute(stmt.execution_options(yield_per=CHUNK))
            for part in result.partitions():
                out.add(part, parse_text=False)
            return out
        # SQLite streams from its cursor as it is. SQLAlchemy compiles and binds; the rows
        # come straight from the driver's cursor: they need no type processing, and wrapping
        # a million of them in Row objects cost as much as the query.
        result = self.session.connection().execute(stmt)
        cursor = result.cursor
        try:
            while part := cursor.fetchmany(CHUNK):
                out.add(part, parse_text=True)
        finally:
            result.close()
        return out


CHUNK = 50_000


class Durations:
    """Per case: its group codes and its durations in microseconds (NaN when not there yet).

    Percentiles need every value of a group, so this is the one place the report holds
    something per case: four 32-bit codes and three floats (microseconds below 2**53 are
    exact in a float64), instead of a Python record of about a kilobyte.
    """

    def __init__(self, period: str) -> None:
        self.period = period
        self.codes: dict[str, dict[Any, int]] = {"channel": {}, "agent": {}}
        self._parts: list[tuple[np.ndarray, ...]] = []

    def add(self, rows: Sequence[Any], *, parse_text: bool) -> None:
        if not rows:
            return
        n = len(rows)
        brand, channel, agent, opened, first, resolved = zip(*rows, strict=True)
        chan, agents = self.codes["channel"], self.codes["agent"]
        instants = []
        for col in (opened, first, resolved):
            if parse_text:
                us = np.array(col, dtype="datetime64[us]")
                arr = us.astype(np.int64).astype(np.float64)
                arr[np.isnat(us)] = np.nan
            else:
                arr = np.array(col, dtype=np.float64)
            instants.append(arr)
        self._parts.append(
            (
                np.fromiter(brand, dtype=np.int64, count=n),
                np.fromiter((chan.setdefault(c, len(chan)) for c in channel), dtype=np.int32, count=n),
                np.fromiter((agents.setdefault(a, len(agents)) for a in agent), dtype=np.int32, count=n),
                *instants,
            )
        )

    def columns(self) -> tuple[np.ndarray, ...]:
        if not self._parts:
            empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
            return empty_i, empty_i, empty_i, empty_f, empty_f, empty_f
        cols = tuple(np.concatenate(c) for c in zip(*self._parts, strict=True))
        self._parts = [cols]
        return cols

    def percentiles(
        self, brand_keys: Mapping[int, str], hours: Mapping[int, BusinessHours] | None
    ) -> dict[tuple[str, str, str], dict[int, float | None]]:
        """p50 and p90 of first response (minutes), resolution (hours) and, with `hours`,
        first response in business minutes, per group of every dimension, exactly."""
        brand, channel, agent, opened, first, resolved = self.columns()
        day = np.floor_divide(opened, 86_400_000_000).astype(np.int64)
        period = day if self.period == "day" else day - (day + 3) % 7  # 1970-01-01 was a Thursday
        keys: dict[str, tuple[np.ndarray, Callable[[int], str]]] = {
            "all": (np.zeros(len(brand), dtype=np.int64), lambda _c: "all"),
            "brand": (brand, lambda c: brand_keys[c]),
            "channel": (channel, _decoder(self.codes["channel"])),
            "agent": (agent, _decoder(self.codes["agent"])),
            "period": (period, lambda c: (date(1970, 1, 1) + timedelta(days=c)).isoformat()),
        }
        metrics: dict[str, tuple[np.ndarray, int]] = {
            "frt": (first - opened, 60),
            "ttr": (resolved - opened, 3600),
        }
        if hours is not None:
            metrics["business"] = (business_micros(brand, opened, first, brand_keys, hours), 60)
        out: dict[tuple[str, str, str], dict[int, float | None]] = {}
        if not len(brand):
            return out
        for dimension, (codes, name_of) in keys.items():
            order = np.argsort(codes, kind="stable")
            ordered = codes[order]
            groups, starts = np.unique(ordered, return_index=True)
            ends = [*starts[1:], len(ordered)]
            for metric, (values, scale) in metrics.items():
                by_group = values[order]
                for code, lo, hi in zip(groups, starts, ends, strict=True):
                    chunk = by_group[lo:hi]
                    chunk = chunk[~np.isnan(chunk)]
                    if len(chunk):
                        out[(metric, dimension, name_of(int(code)))] = exact_percentiles(chunk, scale)
        return out


def _decoder(codes: Mapping[Any, int]) -> Callable[[int], str]:
    names = {v: str(k) for k, v in codes.items()}
    return names.__getitem__


def exact_percentiles(values: np.ndarray, scale: int) -> dict[int, float | None]:
    """`reports.metrics.percentile` at 50 and 90 of `values / 1e6 / scale`, bit for bit.

    `np.partition` puts the values at the ranks the interpolation reads in place without
    sorting the rest; each is then divided as Python divides whole microseconds.
    """
    n = len(values)
    ranks = sorted(
        {r for q in QUANTILES for r in (math.floor((n - 1) * q / 100), math.ceil((n - 1) * q / 100))}
    )
    placed = np.partition(values, ranks)
    at = {r: float(placed[r]) / 1_000_000 / scale for r in ranks}
    return {q: ranked_percentile(n, q, at) for q in QUANTILES}


def business_micros(
    brand: np.ndarray,
    opened: np.ndarray,
    first: np.ndarray,
    brand_keys: Mapping[int, str],
    hours: Mapping[int, BusinessHours],
) -> np.ndarray:
    """First-response time in business microseconds per case (NaN when unanswered).

    Open time between two instants is `G(b) - G(a)`, where `G(t)` is the open time before
    `t` on the brand's calendar of open intervals (`domain.sla.open_intervals`, the same
    intervals `business_seconds_between` walks): the running total of the last interval
    that began by `t`, plus the part of it before `t`. Integer microseconds throughout.
    """
    out = np.full(len(brand), np.nan)
    answered = ~np.isnan(first)
    for brand_id in np.unique(brand[answered]):
        sel = answered & (brand == brand_id)
        a = opened[sel].astype(np.int64)
        b = first[sel].astype(np.int64)
        h = hours[int(brand_id)]
        if h.always_open:
            out[sel] = (b - a).astype(np.float64)
            continue
        lo, hi = int(min(a.min(), b.min())), int(max(a.max(), b.max()))
        rows = calendar_rows(
            int(brand_id), h, EPOCH + timedelta(microseconds=lo), EPOCH + timedelta(microseconds=hi)
        )
        starts = np.array([r["s_us"] for r in rows], dtype=np.int64)
        lengths = np.array([r["e_us"] - r["s_us"] for r in rows], dtype=np.int64)
        before = np.array([r["p_us"] for r in rows], dtype=np.int64)

        def g(t: np.ndarray, starts: np.ndarray = starts, lengths: np.ndarray = lengths,
              before: np.ndarray = before) -> np.ndarray:  # fmt: skip
            idx = np.searchsorted(starts, t, side="right") - 1
            safe = np.maximum(idx, 0)
            inside = before[safe] + np.minimum(t - starts[safe], lengths[safe])
            return np.where(idx >= 0, inside, 0)

        out[sel] = (g(b) - g(a)).astype(np.float64)
    return out


def calendar_rows(brand_id: int, hours: BusinessHours, lo: datetime, hi: datetime) -> list[dict[str, int]]:
    """Open intervals of the local days around [lo, hi] with the open time before each."""
    tz_lo = lo.astimezone(_zone(hours)).date() - timedelta(days=1)
    tz_hi = hi.astimezone(_zone(hours)).date() + timedelta(days=1)
    rows: list[dict[str, int]] = []
    before = 0
    day = tz_lo
    while day <= tz_hi:
        for s, e in open_intervals(hours, day):
            s_us, e_us = _us(s), _us(e)
            rows.append({"brand_id": brand_id, "s_us": s_us, "e_us": e_us, "p_us": before})
            before += e_us - s_us
        day += timedelta(days=1)
    return rows


def _zone(hours: BusinessHours) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(hours.timezone)


def _us(t: datetime) -> int:
    return (t - EPOCH) // timedelta(microseconds=1)


def _week_of(day: str) -> str:
    return period_start(datetime.combine(date.fromisoformat(day), datetime.min.time()), "week").isoformat()


def ranked_percentile(n: int, q: int, at: Mapping[int, float]) -> float | None:
    """`reports.metrics.percentile` from the values at the two ranks it reads (0-based)."""
    if n == 0:
        return None
    pos = (n - 1) * q / 100
    lo = math.floor(pos)
    hi = math.ceil(pos)
    if lo == hi:
        return float(at[lo])
    return float(at[lo] + (at[hi] - at[lo]) * (pos - lo))


def group_metrics(
    cell: Cell | None,
    compensation: Mapping[str, float],
    topics: Counter[str],
    percentiles: Mapping[str, Mapping[int, float | None]],
    top_n: int,
) -> GroupMetrics:
    """One group's `GroupMetrics` from its sums, as `reports.metrics.compute_metrics` derives them."""
    c = cell.counts if cell else Counter()
    m = GroupMetrics(cases=c["cases"])
    for name in COUNT_NAMES:
        if hasattr(m, name):
            setattr(m, name, c[name])
    m.went_private, m.back_to_public = c["went_private"], c["back_to_public"]
    none: Mapping[int, float | None] = {}
    m.first_response_p50_min = percentiles.get("frt", none).get(50)
    m.first_response_p90_min = percentiles.get("frt", none).get(90)
    m.first_response_business_p50_min = percentiles.get("business", none).get(50)
    m.first_response_business_p90_min = percentiles.get("business", none).get(90)
    m.resolution_p50_h = percentiles.get("ttr", none).get(50)
    m.resolution_p90_h = percentiles.get("ttr", none).get(90)
    m.sla_attainment = _ratio(m.sla_met, m.sla_decided)
    m.private_share = _ratio(m.went_private, m.cases)
    m.back_to_public_share = _ratio(m.back_to_public, m.went_private)
    m.thanks_rate = _ratio(m.thanked, m.thanks_known)
    n = c["sentiment_n"]
    if cell is not None and n:
        m.sentiment_before = cell.sentiment_before / n
        m.sentiment_after = cell.sentiment_after / n
        m.sentiment_change = m.sentiment_after - m.sentiment_before
    m.compensation = dict(compensation)
    m.top_topics = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
    return m


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def trend(
    weekly: Mapping[str, Counter[str]], top_n: int
) -> tuple[list[str], list[str], dict[str, list[int]]]:
    """`reports.metrics.topic_trend` from weekly topic counts."""
    totals: Counter[str] = Counter()
    for counts in weekly.values():
        totals.update(counts)
    topics = [t for t, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]]
    weeks = sorted(w for w, counts in weekly.items() if sum(counts.values()))
    series = {t: [weekly[w].get(t, 0) for w in weeks] for t in topics}
    return weeks, topics, series


def group_keys(aggregates: Iterable[tuple[str, str]], dimension: str) -> list[str]:
    """The sorted keys of one dimension ("all" always has its one group)."""
    keys = sorted({k for dim, k in aggregates if dim == dimension})
    if dimension == "all" and not keys:
        return ["all"]
    return keys
