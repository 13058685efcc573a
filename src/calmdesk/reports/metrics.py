"""The B-MEASURE figures, computed from plain records with no database.

Why pure functions over a small record type: percentiles and the "is this SLA decided
yet" rule are easy to get subtly wrong, so they live where a test can feed them cases
by hand and check every number without a store. `reports.data` turns rows into
`CaseRecord`s; everything here only reads them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

#: Escalation kinds that make a case "critical" for B-ESCALATE (safety, health, legal, breach).
CRITICAL_ESCALATIONS = frozenset({"safety", "health", "legal", "legal_threat", "data_breach", "breach"})


@dataclass(frozen=True)
class CaseRecord:
    """What a report needs to know about one case."""

    case_id: int
    brand: str
    channel: str
    owner: str | None
    opened_at: datetime
    first_response_at: datetime | None = None
    first_response_due_at: datetime | None = None
    resolved_at: datetime | None = None
    state: str = "new"
    went_private: bool = False
    public_closeout_done: bool = False
    thanked: bool | None = None
    sentiment_first: float | None = None
    sentiment_last: float | None = None
    topic: str | None = None
    escalations: tuple[str, ...] = ()
    priority: int = 0
    #: currency -> value of granted compensation (B-COMPENSATE); pending or rejected ones are not spent.
    compensation: dict[str, float] = field(default_factory=dict)
    #: First response in business seconds, when the SLA clock can count business time.
    first_response_business_s: float | None = None

    @property
    def escalated(self) -> bool:
        return bool(self.escalations) or self.state == "escalated"


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between closest ranks.

    This is the "linear" method of NumPy and of most spreadsheets, so managers can check
    a figure by hand: the median of 4 values is the mean of the two middle ones.
    """
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, got {q}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = math.floor(pos)
    hi = math.ceil(pos)
    if lo == hi:
        return float(ordered[lo])
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def sla_outcome(rec: CaseRecord, as_of: datetime) -> bool | None:
    """True when the first response met its due time, False when it missed, None while undecided.

    A case still waiting past its due time already missed (B-SLA); one still waiting before
    its due time, or with no due time, is not counted either way.
    """
    due = rec.first_response_due_at
    if due is None:
        return None
    if rec.first_response_at is not None:
        return rec.first_response_at <= due
    if as_of > due:
        return False
    return None


@dataclass
class GroupMetrics:
    """The B-MEASURE figures of one group of cases (a brand, a channel, an agent, a period)."""

    cases: int = 0
    responded: int = 0
    first_response_p50_min: float | None = None
    first_response_p90_min: float | None = None
    first_response_business_p50_min: float | None = None
    first_response_business_p90_min: float | None = None
    sla_decided: int = 0
    sla_met: int = 0
    sla_attainment: float | None = None
    resolved: int = 0
    resolution_p50_h: float | None = None
    resolution_p90_h: float | None = None
    went_private: int = 0
    private_share: float | None = None
    back_to_public: int = 0
    back_to_public_share: float | None = None
    thanks_known: int = 0
    thanked: int = 0
    thanks_rate: float | None = None
    sentiment_before: float | None = None
    sentiment_after: float | None = None
    sentiment_change: float | None = None
    compensation: dict[str, float] = field(default_factory=dict)
    escalated: int = 0
    escalated_resolved: int = 0
    escalated_open: int = 0
    escalated_dismissed: int = 0
    escalated_sla_met: int = 0
    escalated_sla_decided: int = 0
    top_topics: list[tuple[str, int]] = field(default_factory=list)

    def scalar_items(self) -> list[tuple[str, float | int | None]]:
        """The figures as (name, value) pairs, compensation flattened per currency (CSV rows)."""
        out: list[tuple[str, float | int | None]] = []
        for name, value in vars(self).items():
            if name in ("compensation", "top_topics"):
                continue
            out.append((name, value))
        for currency, amount in sorted(self.compensation.items()):
            out.append((f"compensation_{currency}", round(amount, 2)))
        for topic, n in self.top_topics:
            out.append((f"topic:{topic}", n))
        return out


OPEN_END_STATES = frozenset({"closed", "dismissed"})


def compute_metrics(records: Iterable[CaseRecord], as_of: datetime, top_n: int = 5) -> GroupMetrics:
    """All figures for one group; `as_of` decides which waiting cases already missed their SLA."""
    recs = list(records)
    m = GroupMetrics(cases=len(recs))
    frt: list[float] = []
    frt_business: list[float] = []
    ttr: list[float] = []
    before: list[float] = []
    after: list[float] = []
    topics: Counter[str] = Counter()
    for r in recs:
        if r.first_response_at is not None:
            m.responded += 1
            frt.append((r.first_response_at - r.opened_at).total_seconds() / 60)
            if r.first_response_business_s is not None:
                frt_business.append(r.first_response_business_s / 60)
        outcome = sla_outcome(r, as_of)
        if outcome is not None:
            m.sla_decided += 1
            m.sla_met += int(outcome)
        if r.resolved_at is not None:
            m.resolved += 1
            ttr.append((r.resolved_at - r.opened_at).total_seconds() / 3600)
        if r.went_private:
            m.went_private += 1
            # B-HANDOFF: a case that went private should come back to the public thread.
            if r.public_closeout_done:
                m.back_to_public += 1
        if r.thanked is not None:
            m.thanks_known += 1
            m.thanked += int(r.thanked)
        if r.sentiment_first is not None and r.sentiment_last is not None:
            before.append(r.sentiment_first)
            after.append(r.sentiment_last)
        for currency, value in r.compensation.items():
            m.compensation[currency] = m.compensation.get(currency, 0.0) + value
        if r.topic:
            topics[r.topic] += 1
        if r.escalated:
            m.escalated += 1
            if r.state == "dismissed":
                m.escalated_dismissed += 1
            elif r.resolved_at is not None:
                m.escalated_resolved += 1
            else:
                m.escalated_open += 1
            if outcome is not None:
                m.escalated_sla_decided += 1
                m.escalated_sla_met += int(outcome)
    m.first_response_p50_min = percentile(frt, 50)
    m.first_response_p90_min = percentile(frt, 90)
    m.first_response_business_p50_min = percentile(frt_business, 50)
    m.first_response_business_p90_min = percentile(frt_business, 90)
    m.sla_attainment = _ratio(m.sla_met, m.sla_decided)
    m.resolution_p50_h = percentile(ttr, 50)
    m.resolution_p90_h = percentile(ttr, 90)
    m.private_share = _ratio(m.went_private, m.cases)
    m.back_to_public_share = _ratio(m.back_to_public, m.went_private)
    m.thanks_rate = _ratio(m.thanked, m.thanks_known)
    m.sentiment_before = _mean(before)
    m.sentiment_after = _mean(after)
    if m.sentiment_before is not None and m.sentiment_after is not None:
        m.sentiment_change = m.sentiment_after - m.sentiment_before
    m.top_topics = sorted(topics.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
    return m


def period_start(moment: datetime, period: str) -> date:
    """The first day of the day or ISO week (Monday) that holds `moment`, in UTC."""
    day = moment.date()
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    raise ValueError(f"period must be 'day' or 'week', got {period!r}")


DIMENSIONS: dict[str, Callable[[CaseRecord], str]] = {
    "brand": lambda r: r.brand,
    "channel": lambda r: r.channel,
    "agent": lambda r: r.owner or "(unassigned)",
}


def group_records(
    records: Iterable[CaseRecord], dimension: str, period: str = "week"
) -> dict[str, list[CaseRecord]]:
    """Records grouped by brand, channel, agent or period, keys sorted."""
    groups: dict[str, list[CaseRecord]] = defaultdict(list)
    if dimension == "period":
        for r in records:
            groups[period_start(r.opened_at, period).isoformat()].append(r)
    elif dimension == "all":
        groups["all"] = list(records)
    else:
        try:
            key = DIMENSIONS[dimension]
        except KeyError:
            raise ValueError(
                f"unknown dimension {dimension!r} (brand, channel, agent, period, all)"
            ) from None
        for r in records:
            groups[key(r)].append(r)
    return dict(sorted(groups.items()))


def topic_trend(
    records: Iterable[CaseRecord], top_n: int = 5
) -> tuple[list[str], list[str], dict[str, list[int]]]:
    """Weekly counts of the overall top topics: (weeks, topics, topic -> count per week).

    Weeks with no case of a topic count as 0, so the line chart shows gaps as drops.
    """
    recs = [r for r in records if r.topic]
    totals = Counter(r.topic for r in recs if r.topic)
    topics = [t for t, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]]
    weeks = sorted({period_start(r.opened_at, "week").isoformat() for r in recs})
    index = {w: i for i, w in enumerate(weeks)}
    series = {t: [0] * len(weeks) for t in topics}
    for r in recs:
        if r.topic in series:
            series[r.topic][index[period_start(r.opened_at, "week").isoformat()]] += 1
    return weeks, topics, series
