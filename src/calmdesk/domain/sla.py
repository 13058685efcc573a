"""The SLA clock (B-SLA): when is a response due, counting only business hours.

Pure functions over the playbook's `BusinessHours`; no I/O beyond the `holidays` tables,
which are computed once per country, region and year and cached.

Why the walk works the way it does: a business day is described in *local* wall-clock
time ("08:00-12:00 in Berlin"), but the clock must count *elapsed* seconds. Each local
period is therefore turned into a pair of UTC instants before any arithmetic, so a
day with a daylight-saving change is 23 or 25 hours long exactly as the wall clock says,
and adding minutes never lands in a gap or counts an hour twice. A period ending at
00:00 ends at midnight, the end of that day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from calmdesk.domain.playbook import WEEKDAYS, BusinessHours, Period

#: A brand whose hours never open would make the walk endless; give up after this many closed days.
MAX_CLOSED_DAYS = 400

Interval = tuple[datetime, datetime]


class BusinessHoursError(ValueError):
    """Hours that cannot be used for the clock (never open, unknown holiday country)."""


def _aware(t: datetime, name: str = "start") -> datetime:
    if t.tzinfo is UTC:
        return t
    if t.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware")
    return t.astimezone(UTC)


@lru_cache(maxsize=512)
def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """Public holidays of one year; cached because the `holidays` package computes them on demand.

    The package is imported here, on first use: it is slow to import, and a desk without a
    holiday calendar (or a CLI command that never asks) should not pay for it at start-up.
    """
    import holidays as holidays_lib

    try:
        table = holidays_lib.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:
        raise BusinessHoursError(f"hours.holidays_country: unknown country {country!r}") from exc
    except ValueError as exc:  # unknown subdivision
        raise BusinessHoursError(f"hours.holidays_subdivision: {exc}") from exc
    return frozenset(table.keys())


def is_holiday(hours: BusinessHours, day: date) -> bool:
    if not hours.holidays_country:
        return False
    return day in holiday_dates(hours.holidays_country, hours.holidays_subdivision, day.year)


def periods_on(hours: BusinessHours, day: date) -> list[Period]:
    """The local opening periods of one date: an exception replaces the week, a holiday closes it."""
    if day in hours.exceptions:
        return list(hours.exceptions[day])
    if is_holiday(hours, day):
        return []
    return list(hours.week.get(WEEKDAYS[day.weekday()], []))


def _local_instant(day: date, t: time, tz: ZoneInfo) -> datetime:
    # fold=0: an ambiguous wall time (autumn) means its first occurrence; a wall time in the
    # spring gap is read with the offset before the change, i.e. it maps to the gap's end.
    return datetime.combine(day, t, tzinfo=tz).astimezone(UTC)


_DAY_CACHE: dict[tuple[int, date], tuple[BusinessHours, list[Interval]]] = {}
_DAY_CACHE_MAX = 20_000


def open_intervals(hours: BusinessHours, day: date) -> list[Interval]:
    """The open intervals of one local date as sorted, merged UTC instants [start, end).

    Memoized per hours object and date: ingesting a batch asks for the same few days
    thousands of times. The cache entry keeps the hours object so an id is never reused
    for a different one while cached. Callers must not mutate the returned list.
    """
    key = (id(hours), day)
    hit = _DAY_CACHE.get(key)
    if hit is not None and hit[0] is hours:
        return hit[1]
    result = _compute_open_intervals(hours, day)
    if len(_DAY_CACHE) >= _DAY_CACHE_MAX:
        _DAY_CACHE.clear()
    _DAY_CACHE[key] = (hours, result)
    return result


def _compute_open_intervals(hours: BusinessHours, day: date) -> list[Interval]:
    tz = ZoneInfo(hours.timezone)
    raw: list[Interval] = []
    for p in periods_on(hours, day):
        start = _local_instant(day, p.start, tz)
        end = (
            _local_instant(day + timedelta(days=1), time(0, 0), tz)
            if p.end == time(0, 0)
            else _local_instant(day, p.end, tz)
        )
        if end > start:
            raw.append((start, end))
    raw.sort()
    merged: list[Interval] = []
    for s, e in raw:
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _intervals_from(hours: BusinessHours, t: datetime) -> Iterator[Interval]:
    """Open intervals that end after `t`, in time order; raises when the hours never open."""
    tz = ZoneInfo(hours.timezone)
    # Start one day early: a period of the previous local date may still be running at `t`.
    day = t.astimezone(tz).date() - timedelta(days=1)
    closed_run = 0
    while True:
        found = False
        for s, e in open_intervals(hours, day):
            found = True
            if e > t:
                yield s, e
        closed_run = 0 if found else closed_run + 1
        if closed_run > MAX_CLOSED_DAYS:
            raise BusinessHoursError(
                f"business hours ({hours.timezone}) have no opening in {MAX_CLOSED_DAYS} days after {t.isoformat()}"
            )
        day += timedelta(days=1)


def _intervals_between(hours: BusinessHours, a: datetime, b: datetime) -> Iterator[Interval]:
    tz = ZoneInfo(hours.timezone)
    day = a.astimezone(tz).date() - timedelta(days=1)
    last = b.astimezone(tz).date()
    while day <= last:
        for s, e in open_intervals(hours, day):
            if e > a and s < b:
                yield s, e
        day += timedelta(days=1)


def _local(hours: BusinessHours, t: datetime) -> datetime:
    return t.astimezone(ZoneInfo(hours.timezone))


class _Segment(NamedTuple):
    """A stretch of arrival instants whose due time follows from one walk (see `add_business_seconds`).

    For arrivals `t` with `lo <= t < hi` and `t <= limit`, the due time is `fixed` when set
    (arrivals in the same closed stretch all start their clock at the same opening), else
    `t + shift` (arrivals inside the same open interval whose due time lands in the same
    open interval move with the arrival, microsecond for microsecond).
    """

    hours: BusinessHours
    tz: ZoneInfo
    lo: datetime
    hi: datetime
    limit: datetime
    fixed: datetime | None
    shift: timedelta


_SEGMENTS: dict[tuple[int, timedelta], _Segment] = {}
_SEGMENTS_MAX = 1_000


def add_business_seconds(hours: BusinessHours, start: datetime, seconds: float) -> datetime:
    """The instant `seconds` of open time after `start`, in the brand's time zone.

    A mention that arrives while the desk is closed starts its clock at the next opening
    (B-SLA); with `always_open` (24/7) this is plain elapsed-time addition.

    Why the segment memo: ingest computes two due times for every new case, in arrival
    order, and tens of thousands of arrivals fall in the same few open or closed stretches.
    Each walk remembers the stretch of arrivals it also answers (exactly: the arithmetic is
    in whole microseconds), so the next arrival in it costs a comparison and an addition
    instead of a walk over the calendar. Keyed by hours object and duration, holding the
    object so an id is never reused for a different one while cached.
    """
    t = _aware(start)
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    if hours.always_open:
        return _local(hours, t + timedelta(seconds=seconds))
    remaining = timedelta(seconds=seconds)
    key = (id(hours), remaining)
    seg = _SEGMENTS.get(key)
    if seg is not None and seg.hours is hours and seg.lo <= t < seg.hi and t <= seg.limit:
        return (seg.fixed if seg.fixed is not None else t + seg.shift).astimezone(seg.tz)
    due, seg = _walk(hours, t, remaining)
    if len(_SEGMENTS) >= _SEGMENTS_MAX:
        _SEGMENTS.clear()
    _SEGMENTS[key] = seg
    return due.astimezone(seg.tz)


def _walk(hours: BusinessHours, t: datetime, remaining: timedelta) -> tuple[datetime, _Segment]:
    """Walk the open intervals from `t` until `remaining` open time is used; also return the
    stretch of arrivals after `t` whose answer follows from this one."""
    tz = ZoneInfo(hours.timezone)
    first: Interval | None = None
    for s, e in _intervals_from(hours, t):
        if first is None:
            first = (s, e)
        begin = max(s, t)
        available = e - begin
        if remaining <= available:
            due = begin + remaining
            s0, e0 = first
            if t < s0:
                # Closed at `t`: every arrival before the opening waits for the same opening.
                return due, _Segment(hours, tz, t, s0, s0, due, timedelta(0))
            # Open at `t`: a later arrival in this interval moves the due time with it while
            # the due time stays inside the interval it landed in.
            return due, _Segment(hours, tz, t, e0, t + (e - due), None, due - t)
        remaining -= available
    raise AssertionError("unreachable: the interval walk is endless or raises")  # pragma: no cover


def add_business_minutes(hours: BusinessHours, start: datetime, minutes: int) -> datetime:
    """The instant `minutes` of open time after `start` (B-SLA due time)."""
    return add_business_seconds(hours, start, minutes * 60)


def business_seconds_between(hours: BusinessHours, a: datetime, b: datetime) -> float:
    """Open seconds from `a` to `b` (negative when `b` is earlier): how much of a target is used."""
    a, b = _aware(a, "a"), _aware(b, "b")
    if b < a:
        return -business_seconds_between(hours, b, a)
    if hours.always_open:
        return (b - a).total_seconds()
    total = timedelta(0)
    for s, e in _intervals_between(hours, a, b):
        total += min(e, b) - max(s, a)
    return total.total_seconds()


def is_open(hours: BusinessHours, t: datetime) -> bool:
    """Whether the desk is staffed at instant `t` (periods are [start, end))."""
    t = _aware(t, "t")
    if hours.always_open:
        return True
    day = t.astimezone(ZoneInfo(hours.timezone)).date()
    for d in (day - timedelta(days=1), day):
        for s, e in open_intervals(hours, d):
            if s <= t < e:
                return True
    return False


def next_opening(hours: BusinessHours, t: datetime) -> datetime:
    """`t` itself when open, else the start of the next open period (where a night mention's clock starts)."""
    u = _aware(t, "t")
    if hours.always_open:
        return _local(hours, u)
    for s, _e in _intervals_from(hours, u):
        return _local(hours, max(s, u))
    raise AssertionError("unreachable")  # pragma: no cover


class SlaLevel(StrEnum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"


@dataclass(frozen=True)
class SlaStatus:
    """Where one clock stands: `fraction` of the target used, in business time."""

    level: SlaLevel
    fraction: float
    business_seconds_used: float
    business_seconds_left: float
    warn_at: datetime
    due_at: datetime


def warn_instant(
    hours: BusinessHours, started_at: datetime, due_at: datetime, warn_fraction: float
) -> datetime:
    """When `warn_fraction` of the target between `started_at` and `due_at` is used up."""
    total = business_seconds_between(hours, started_at, due_at)
    return add_business_seconds(hours, started_at, max(total, 0.0) * warn_fraction)


def sla_status(
    hours: BusinessHours, started_at: datetime, due_at: datetime, now: datetime, warn_fraction: float = 0.75
) -> SlaStatus:
    """ok / warning / breached for a clock that started at `started_at` and is due at `due_at`.

    The warning comes at `warn_fraction` of the target (B-SLA: breaches escalate before
    they happen, 75 % by default); the breach is at the due time itself.
    """
    total = business_seconds_between(hours, started_at, due_at)
    used = max(0.0, business_seconds_between(hours, started_at, now))
    fraction = used / total if total > 0 else (1.0 if _aware(now) >= _aware(due_at) else 0.0)
    warn_at = warn_instant(hours, started_at, due_at, warn_fraction)
    if _aware(now, "now") >= _aware(due_at, "due_at"):
        level = SlaLevel.BREACHED
    elif _aware(now) >= _aware(warn_at):
        level = SlaLevel.WARNING
    else:
        level = SlaLevel.OK
    return SlaStatus(
        level=level,
        fraction=fraction,
        business_seconds_used=used,
        business_seconds_left=max(0.0, total - used),
        warn_at=warn_at,
        due_at=due_at,
    )


def extend_for_pause(
    hours: BusinessHours, due_at: datetime, paused_at: datetime, resumed_at: datetime
) -> datetime:
    """The due time after a pause (waiting for the customer's answer): the business time that was
    left when the pause began is counted again from the moment the customer answered."""
    if _aware(paused_at, "paused_at") >= _aware(due_at, "due_at"):
        return due_at
    left = business_seconds_between(hours, paused_at, due_at)
    return add_business_seconds(hours, max(_aware(resumed_at), _aware(paused_at)), left)
