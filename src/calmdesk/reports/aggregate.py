"""The B-MEASURE figures without a Python object per case (issue 18).

Why: loading every case of a quarter as a record (the old `load_records` path) took
24-37 s and 700-880 MB for a store of 1 M mentions. Here:

- **Counts and sums** are added up from the streamed pass below, once per figure and dimension (numpy
  `bincount`), and granted compensation comes from one GROUP BY over its rows. SQLite
  groups by sorting: a GROUP BY over the five keys measured 4-7 us a case, on top of the
  pass the percentiles need anyway (issue 18, docs/reports.md). Counts are additive, and so are the sums behind the
  sentiment means and compensation totals.
- **Percentiles** (first response, resolution, first response in business hours) need
  every value of a group. The cases' three instants are streamed once, in chunks, into
  compact numpy arrays (about 64 bytes a case instead of a record of about a kilobyte),
  and `np.partition` places the two values each linear-interpolation percentile reads
  (`reports.metrics.percentile`). Durations are whole microseconds, divided as
  `timedelta.total_seconds()` divides them, so each figure is the same float.
  Percentiles in SQL (SQLite windows, PostgreSQL `percentile_disc` over GROUPING SETS)
  sort once per dimension and figure: measured 2-9x the whole pass at 1 M cases
  (`bench/report_generate.py --sql-percentiles`).
- **Business time** is `G(b) - G(a)` on the brand's calendar of open intervals, where
  `G(t)` is the open time before `t`: a binary search per instant (`np.searchsorted`).
- **Per-case facts are stored** (migration 0009): the instants as whole microseconds and
  the flags (went private, escalated, thanked, ... including the audit log's moves) are
  written onto the case row by triggers when the case or its audit log is written, so the
  scan reads integers: no text instants, no JSON and no audit-log look-up per case. The
  business-hours first response is not stored: it follows the brand's playbook, which
  changes without any case changing.

Only sums of floats (sentiment, compensation) may differ from the Python path in the last
bits, because they are added in another order.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Float, and_, case, cast, func, or_, select, text
from sqlalchemy.orm import Session

from calmdesk.domain.playbook import BusinessHours
from calmdesk.domain.sla import open_intervals
from calmdesk.domain.states import CompensationStatus
from calmdesk.reports.metrics import GroupMetrics
from calmdesk.storage.tables import Case, Compensation

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
QUANTILES = (50, 90)
DIMENSIONS = ("all", "brand", "channel", "agent", "period")
UNASSIGNED = "(unassigned)"


# --- SQL building blocks -------------------------------------------------------------------------


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


def _flag(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return case((cond, 1), else_=0)


# --- one pass ------------------------------------------------------------------------------------


@dataclass
class Cell:
    """Additive figures of one group."""

    counts: Counter[str] = field(default_factory=Counter)
    sentiment_before: float = 0.0
    sentiment_after: float = 0.0


#: The additive columns the scan sums per group, in order; the last two are float sums.
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
# Bits of `cases.report_flags`, written by the triggers of migration 0009 when the case or its
# audit log is written: the row's own flags, and the two the audit log's moves set.
PRIVATE, CLOSEOUT, THANKS_KNOWN, THANKED, ESCALATED, DISMISSED, MOVED_PRIVATE, MOVED_ESCALATED = (
    1 << i for i in range(8)
)
# Two more bits the scan adds (they depend on the report's "now"): first response due and
# decided, and met.
DECIDED, MET = 1 << 8, 1 << 9
CHUNK = 20_000


class ReportSql:
    """One report's SQL over one session: the case filter and the two queries it runs."""

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
        self.scan_where = list(self.where)
        if self.dialect == "sqlite":
            # SQLite's planner answered a quarter's range with a skip-scan of
            # ix_cases_brand_opened and a row look-up per case: 1.7 s of CPU at 1 M cases where
            # reading the table in order takes 0.2 s. The stored microseconds have no index, so
            # the scan reads the table once; only the cases in range go on to Python.
            self.scan_where[:2] = [Case.report_opened_us >= _us(since), Case.report_opened_us < _us(until)]
        self.agent = func.coalesce(Case.owner, UNASSIGNED)
        if self.dialect == "postgresql":
            # The scan's estimated cost sets off PostgreSQL's JIT, which spent 1.2 s of a 1.9 s
            # query compiling it (100 k cases). For this transaction only (pooler-safe).
            session.execute(text("SET LOCAL jit = off"))

    def scan(self, brand_keys: Mapping[int, str], hours: Mapping[int, BusinessHours] | None) -> Scan:
        """Read the cases in range once, in chunks, into a `Scan`.

        Why one pass and not GROUP BY: SQLite groups by sorting, and sorting a million
        cases by five keys cost more than reading them; numpy adds up a chunk per group
        with `bincount` in milliseconds. The per-case facts are integers stored on the
        row when it is written (migration 0009: microseconds and flag bits), so the scan
        parses no text, no JSON and reads no audit log: on SQLite that was two thirds of
        the report's time at 1 M cases.
        """
        # Channel, agent and topic travel as one string: each value that reaches Python costs
        # about as much as the database's work for it, and a group's three names repeat.
        key = Case.platform + SEP + self.agent + SEP + func.coalesce(Case.topic, "")
        # Whether the first response was due and met is decided here, against the report's
        # "now", into two more bits: one column less to carry per case.
        answered = Case.report_first_response_us.is_not(None)
        due = Case.report_due_us.is_not(None)
        decided = and_(due, or_(answered, Case.report_opened_us + Case.report_due_us < _us(self.as_of)))
        met = and_(due, answered, Case.report_first_response_us <= Case.report_due_us)
        # The numbers come as floats with NULL as `MISSING`, so numpy reads a whole chunk into a
        # record array at once (a third less CPU a row than a column at a time with None in it).
        stmt = select(
            Case.brand_id * 1024 + Case.report_flags + _flag(decided) * DECIDED + _flag(met) * MET,
            key,
            *(
                func.coalesce(cast(col, Float), MISSING)
                for col in (Case.report_opened_us, Case.report_first_response_us, Case.report_resolution_us,
                            Case.sentiment_first, Case.sentiment_last)
            ),  # fmt: skip
        ).where(*self.scan_where)
        out = Scan(self.period, _us(self.as_of), brand_keys, hours)
        if self.dialect != "sqlite":
            # A server-side cursor on the driver's connection: the rows arrive in chunks, and
            # as plain tuples (wrapping a million in Row objects cost as much as reading them),
            # in binary (a quarter less client CPU than parsing the text of each number).
            compiled = stmt.compile(
                dialect=self.session.get_bind().dialect, compile_kwargs={"render_postcompile": True}
            )
            conn = self.session.connection().connection.driver_connection
            assert conn is not None
            with conn.cursor(name=f"calmdesk_report_{id(self)}", binary=True) as cursor:
                cursor.execute(str(compiled), compiled.params)
                while part := cursor.fetchmany(CHUNK):
                    out.add(part)
            return out
        # SQLite streams from its cursor as it is. SQLAlchemy compiles and binds; the rows
        # come straight from the driver's cursor: they need no type processing, and wrapping
        # a million of them in Row objects cost as much as the query.
        raw = self.session.connection().execute(stmt)
        try:
            while part := raw.cursor.fetchmany(CHUNK):
                out.add(part)
        finally:
            raw.close()
        return out

    def compensation(self, brand_keys: Mapping[int, str]) -> dict[tuple[str, str], dict[str, float]]:
        """Granted compensation per group and currency (B-COMPENSATE: pending is not spent).

        A GROUP BY over the compensation rows (few: one case in many has any).
        """
        base = (
            select(
                Case.brand_id.label("brand"),
                Case.platform.label("channel"),
                self.agent.label("agent"),
                period_key(Case.opened_at, self.period, self.dialect).label("period"),
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
            keys = (("all", "all"), ("brand", brand_keys[brand_id]), ("channel", channel), ("agent", agent),
                    ("period", str(period)))  # fmt: skip
            for key in keys:
                out[key][currency] = out[key].get(currency, 0.0) + float(total)
        return out


class Scan:
    """What one pass over the cases leaves: compact columns, then sums and percentiles per group.

    The scan keeps each case as a few numbers (five 32-bit codes and flags, five float64:
    about 64 bytes, instead of a Python record of about a kilobyte) and adds up every
    group at the end, once per dimension over whole arrays: numpy's `bincount` over a
    million codes takes milliseconds, where adding up each 20,000-row chunk per dimension
    cost a sort per chunk and dimension. Percentiles need every value of a group anyway.
    """

    def __init__(
        self,
        period: str,
        as_of_us: int,
        brand_keys: Mapping[int, str],
        hours: Mapping[int, BusinessHours] | None,
    ) -> None:
        self.period = period
        self.as_of_us = as_of_us
        self.brand_keys = brand_keys
        self.hours = hours
        self.calendars: dict[int, Calendar] = {}
        self.codes: dict[str, dict[Any, int]] = {"key": {}, "channel": {}, "agent": {}, "topic": {}}
        self._parts: dict[str, list[np.ndarray]] = {name: [] for name in PART_NAMES}
        self._cols: dict[str, np.ndarray] | None = None
        self._dims: dict[str, tuple[np.ndarray, list[Any]]] = {}

    def _code(self, kind: str, values: Sequence[Any], n: int) -> np.ndarray:
        table = self.codes[kind]
        for v in set(values) - table.keys():  # a few new names per chunk, then plain lookups
            table[v] = len(table)
        return np.fromiter(map(table.__getitem__, values), dtype=np.int32, count=n)

    def add(self, rows: Sequence[Any]) -> None:
        """Add one chunk of rows (brand * 1024 + flags, channel/agent/topic key, opened, 2 durations, 2 sentiments).

        Instants are whole microseconds since 1970 and durations microseconds after the
        opening, NULL where there is none; as float64 (exact below 2**53) NULL becomes NaN.
        """
        if not rows:
            return
        n = len(rows)
        chunk = np.array(rows, dtype=ROW)
        parts = self._parts
        brand_flags = chunk["brand_flags"]
        parts["brand"].append((brand_flags >> 10).astype(np.int32))
        parts["flags"].append((brand_flags & 1023).astype(np.int32))
        parts["key"].append(self._code("key", chunk["key"].tolist(), n))
        for name in ("opened", "frt", "ttr", "s_first", "s_last"):
            col = chunk[name]
            parts[name].append(np.where(col == MISSING, np.nan, col))

    def _columns(self) -> dict[str, np.ndarray]:
        """The chunks joined into one array per column (each column's chunks freed as it is joined)."""
        if self._cols is None:
            cols: dict[str, np.ndarray] = {}
            for name in PART_NAMES:
                parts = self._parts[name]
                empty = np.zeros(0, dtype=np.int32 if name in INT_PARTS else np.float64)
                cols[name] = np.concatenate(parts) if parts else empty
                parts.clear()
            # The key's code gives the channel's, the agent's and the topic's ("" is no topic).
            # Platform and topic are identifiers without the separator; an agent's name may hold it.
            per_key: dict[str, list[int]] = {"channel": [], "agent": [], "topic": []}
            for key in sorted(self.codes["key"], key=self.codes["key"].__getitem__):
                platform, rest = key.split(SEP, 1)
                agent, topic = rest.rsplit(SEP, 1)
                for kind, value in (("channel", platform), ("agent", agent), ("topic", topic or None)):
                    table = self.codes[kind]
                    per_key[kind].append(table.setdefault(value, len(table)))
            for kind, lookup in per_key.items():
                cols[kind] = np.array(lookup, dtype=np.int32)[cols["key"]]
            day = np.floor_divide(cols["opened"], 86_400_000_000).astype(np.int64)
            week = day - (day + 3) % 7  # 1970-01-01 was a Thursday
            cols["week"] = week
            cols["period"] = day if self.period == "day" else week
            self._cols = cols
        return self._cols

    def _dim(self, dimension: str) -> tuple[np.ndarray, list[Any]]:
        """A dimension's dense group index per case (int32) and the code of each group index."""
        if dimension not in self._dims:
            cols = self._columns()
            n = len(cols["brand"])
            index: np.ndarray
            if dimension == "all":
                index, keys = np.zeros(n, dtype=np.int32), [0] if n else []
            else:
                present, inverse = np.unique(cols[dimension], return_inverse=True)
                index, keys = inverse.astype(np.int32), present.tolist()
            self._dims[dimension] = (index, keys)
        return self._dims[dimension]

    def _business(self, brand_id: int, opened: np.ndarray, first: np.ndarray) -> np.ndarray:
        assert self.hours is not None
        hours = self.hours[brand_id]
        if hours.always_open:
            return first - opened
        a, b = opened.astype(np.int64), first.astype(np.int64)
        lo, hi = int(min(a.min(), b.min())), int(max(a.max(), b.max()))
        cal = self.calendars.get(brand_id)
        if cal is None or not cal.covers(lo, hi):
            if cal is not None:
                lo, hi = min(lo, cal.lo), max(hi, cal.hi)
            cal = self.calendars[brand_id] = Calendar(hours, lo, hi)
        return (cal.open_before(b) - cal.open_before(a)).astype(np.float64)

    # -- results --

    def _count_columns(self) -> Iterator[np.ndarray]:
        """The 18 per-case columns the groups add up (`COUNT_NAMES`, then the two sentiment sums),
        one at a time so that only one of them is in memory."""
        c = self._columns()
        flags, frt, ttr = c["flags"], c["frt"], c["ttr"]
        answered = ~np.isnan(frt)
        decided = (flags & DECIDED) > 0
        met = (flags & MET) > 0
        done = ~np.isnan(ttr)
        private = (flags & (PRIVATE | MOVED_PRIVATE)) > 0
        escalated = (flags & (ESCALATED | MOVED_ESCALATED)) > 0
        dismissed = (flags & DISMISSED) > 0
        sentiment = ~np.isnan(c["s_first"]) & ~np.isnan(c["s_last"])
        yield np.ones(len(flags))
        yield answered
        yield decided
        yield met
        yield done
        yield private
        yield private & ((flags & CLOSEOUT) > 0)
        yield (flags & THANKS_KNOWN) > 0
        yield (flags & THANKED) > 0
        yield sentiment
        yield escalated
        yield escalated & dismissed
        yield escalated & ~dismissed & done
        yield escalated & ~dismissed & ~done
        yield escalated & decided
        yield escalated & met
        yield np.where(sentiment, c["s_first"], 0.0)
        yield np.where(sentiment, c["s_last"], 0.0)

    def groups(self) -> dict[tuple[str, str], Cell]:
        dims = {d: self._dim(d) for d in DIMENSIONS}
        sums: dict[str, list[np.ndarray]] = {d: [] for d in DIMENSIONS}
        for column in self._count_columns():
            weights = column.astype(np.float64, copy=False)
            for dimension, (index, keys) in dims.items():
                sums[dimension].append(np.bincount(index, weights=weights, minlength=len(keys)))
        out = {}
        for dimension, (_, keys) in dims.items():
            table = np.stack(sums[dimension], axis=1) if keys else np.zeros((0, 18))
            for code, row in zip(keys, table.tolist(), strict=True):
                counts = Counter(dict(zip(COUNT_NAMES, (int(v) for v in row[:16]), strict=True)))
                out[(dimension, self._name(dimension, code))] = Cell(counts, float(row[16]), float(row[17]))
        return out

    def topics(self) -> dict[tuple[str, str], Counter[str]]:
        names = _decoder(self.codes["topic"])
        topic = self._columns()["topic"]
        n_topics = len(self.codes["topic"])
        with_topic = topic != self.codes["topic"].get(None, -1)
        out: dict[tuple[str, str], Counter[str]] = {}
        for dimension in DIMENSIONS:
            index, keys = self._dim(dimension)
            counts = np.bincount(
                index[with_topic].astype(np.int64) * n_topics + topic[with_topic], minlength=len(keys) * n_topics
            ).reshape(len(keys), n_topics)
            for code, row in zip(keys, counts.tolist(), strict=True):
                out[(dimension, self._name(dimension, code))] = Counter(
                    {names(t): int(c) for t, c in enumerate(row) if c}
                )
        return out

    def weekly_topics(self) -> dict[str, Counter[str]]:
        names = _decoder(self.codes["topic"])
        cols = self._columns()
        topic = cols["topic"]
        n_topics = len(self.codes["topic"])
        with_topic = topic != self.codes["topic"].get(None, -1)
        weeks, inverse = np.unique(cols["week"][with_topic], return_inverse=True)
        per_week = np.bincount(
            inverse * n_topics + topic[with_topic], minlength=len(weeks) * n_topics
        ).reshape(len(weeks), n_topics)
        return {
            _day_name(w): Counter({names(t): int(c) for t, c in enumerate(counts) if c})
            for w, counts in zip(weeks.tolist(), per_week.tolist(), strict=True)
        }

    def _name(self, dimension: str, code: int) -> str:
        if dimension == "all":
            return "all"
        if dimension == "brand":
            return self.brand_keys[code]
        if dimension == "period":
            return _day_name(code)
        return _decoder(self.codes[dimension])(code)

    def percentiles(self) -> dict[tuple[str, str, str], dict[int, float | None]]:
        """p50 and p90 of first response (minutes), resolution (hours) and, with business
        hours, first response in business minutes, per group of every dimension, exactly."""
        out: dict[tuple[str, str, str], dict[int, float | None]] = {}
        cols = self._columns()
        if not len(cols["brand"]):
            return out
        brand, opened, frt = cols["brand"], cols["opened"], cols["frt"]
        metrics = {"frt": (frt, 60), "ttr": (cols["ttr"], 3600)}
        if self.hours is not None:
            answered = ~np.isnan(frt)
            business = np.full(len(brand), np.nan)
            for brand_id in np.unique(brand[answered]).tolist():
                sel = answered & (brand == brand_id)
                business[sel] = self._business(brand_id, opened[sel], opened[sel] + frt[sel])
            metrics["business"] = (business, 60)
        for dimension in DIMENSIONS:
            index, keys = self._dim(dimension)
            if dimension == "all":
                order, starts = None, [0]
            else:
                # Group indexes below 2**15 sort by radix (numpy's stable sort of 16-bit ints).
                small = index.astype(np.int16) if len(keys) < 2**15 else index
                order = np.argsort(small, kind="stable")
                starts = np.searchsorted(index[order], np.arange(len(keys))).tolist()
            ends = [*starts[1:], len(index)]
            for metric, (values, scale) in metrics.items():
                by_group = values if order is None else values[order]
                for code, lo, hi in zip(keys, starts, ends, strict=True):
                    chunk = by_group[lo:hi]
                    chunk = chunk[~np.isnan(chunk)]
                    if len(chunk):
                        out[(metric, dimension, self._name(dimension, code))] = exact_percentiles(
                            chunk, scale
                        )
        return out


#: The per-case columns a `Scan` keeps.
PART_NAMES = ("brand", "key", "flags", "opened", "frt", "ttr", "s_first", "s_last")
INT_PARTS = frozenset(("brand", "key", "flags"))
#: One row of the scan as numpy reads it.
ROW = np.dtype([("brand_flags", np.int64), ("key", object), ("opened", np.float64), ("frt", np.float64),
                ("ttr", np.float64), ("s_first", np.float64), ("s_last", np.float64)])  # fmt: skip
#: NULL in the scan's numbers (no instant, duration or sentiment comes near it).
MISSING = -9e18
#: Between the channel, the agent and the topic in the scan's key (ASCII unit separator).
SEP = "\x1f"


def _day_name(day: int) -> str:
    return (date(1970, 1, 1) + timedelta(days=day)).isoformat()


class Calendar:
    """A brand's open intervals over a span, for `G(t)`: the open time before `t`.

    Open time between two instants is `G(b) - G(a)` (the intervals are the ones
    `domain.sla.business_seconds_between` walks, `domain.sla.open_intervals`): the running
    total of the last interval that began by `t`, plus the part of it before `t`. A
    binary search per instant, in whole microseconds.
    """

    def __init__(self, hours: BusinessHours, lo: int, hi: int) -> None:
        self.lo, self.hi = lo, hi
        rows = calendar_rows(0, hours, EPOCH + timedelta(microseconds=lo), EPOCH + timedelta(microseconds=hi))
        self.starts = np.array([r["s_us"] for r in rows], dtype=np.int64)
        self.lengths = np.array([r["e_us"] - r["s_us"] for r in rows], dtype=np.int64)
        self.before = np.array([r["p_us"] for r in rows], dtype=np.int64)

    def covers(self, lo: int, hi: int) -> bool:
        return self.lo <= lo and hi <= self.hi

    def open_before(self, t: np.ndarray) -> np.ndarray:
        if not len(self.starts):
            return np.zeros(len(t), dtype=np.int64)
        idx = np.searchsorted(self.starts, t, side="right") - 1
        safe = np.maximum(idx, 0)
        inside = self.before[safe] + np.minimum(t - self.starts[safe], self.lengths[safe])
        return np.where(idx >= 0, inside, 0)


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
