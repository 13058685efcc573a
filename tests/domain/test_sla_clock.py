"""The SLA clock (B-SLA): properties over random arrivals, and the hard calendar cases by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.domain.playbook import BusinessHours, parse_playbook
from calmdesk.domain.sla import (
    BusinessHoursError,
    SlaLevel,
    add_business_minutes,
    business_seconds_between,
    extend_for_pause,
    is_open,
    next_opening,
    sla_status,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

SPLIT_DAY = BusinessHours.model_validate(
    {
        "timezone": "Europe/Berlin",
        "holidays_country": "DE",
        "holidays_subdivision": "BE",
        "week": {
            "mon": ["08:00-12:00", "13:00-18:00"],
            "tue": ["08:00-12:00", "13:00-18:00"],
            "wed": ["08:00-12:00", "13:00-18:00"],
            "thu": ["08:00-12:00", "13:00-18:00"],
            "fri": ["08:00-12:00", "13:00-18:00"],
            "sat": ["22:00-00:00"],
            "sun": ["00:00-02:30", "02:00-04:00"],
        },
        "exceptions": {"2026-12-24": ["08:00-11:00"], "2026-06-01": []},
    }
)
ALWAYS = BusinessHours(timezone="America/New_York", always_open=True)

instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
minutes = st.integers(min_value=1, max_value=5000)


def in_open_time(hours: BusinessHours, t: datetime) -> bool:
    """Open at t, or t is the closing instant of a period (the last moment of open time)."""
    return is_open(hours, t) or is_open(hours, t - timedelta(microseconds=1))


@settings(max_examples=120, deadline=None)
@given(instants, minutes)
def test_due_time_never_falls_in_closed_hours(start: datetime, mins: int) -> None:
    due = add_business_minutes(SPLIT_DAY, start, mins)
    assert in_open_time(SPLIT_DAY, due)
    assert due > start


@settings(max_examples=120, deadline=None)
@given(instants, st.integers(min_value=0, max_value=60 * 24 * 10), minutes)
def test_due_time_never_decreases_when_arrival_moves_later(start: datetime, later_by: int, mins: int) -> None:
    later = start + timedelta(minutes=later_by)
    assert add_business_minutes(SPLIT_DAY, later, mins) >= add_business_minutes(SPLIT_DAY, start, mins)


@settings(max_examples=120, deadline=None)
@given(instants, minutes)
def test_business_time_to_the_due_time_is_the_target(start: datetime, mins: int) -> None:
    due = add_business_minutes(SPLIT_DAY, start, mins)
    assert business_seconds_between(SPLIT_DAY, start, due) == pytest.approx(mins * 60)


@settings(max_examples=120, deadline=None)
@given(instants, minutes)
def test_always_open_is_plain_elapsed_addition(start: datetime, mins: int) -> None:
    due = add_business_minutes(ALWAYS, start, mins)
    # Compared in UTC: an aware time in a repeated (autumn) hour never equals one of another
    # zone under Python's rules (PEP 495), even when both name the same instant.
    assert due.astimezone(UTC) == start + timedelta(minutes=mins)
    assert due.utcoffset() == due.astimezone(NEW_YORK).utcoffset()


def test_night_arrival_starts_at_opening() -> None:
    # Tuesday 03:00 Berlin: clock starts 08:00, 2 h later is 10:00.
    start = datetime(2026, 3, 3, 3, 0, tzinfo=BERLIN)
    assert add_business_minutes(SPLIT_DAY, start, 120) == datetime(2026, 3, 3, 10, 0, tzinfo=BERLIN)
    assert next_opening(SPLIT_DAY, start) == datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN)


def test_lunch_break_is_skipped() -> None:
    start = datetime(2026, 3, 3, 11, 30, tzinfo=BERLIN)
    assert add_business_minutes(SPLIT_DAY, start, 120) == datetime(2026, 3, 3, 14, 30, tzinfo=BERLIN)


def test_friday_evening_runs_over_the_weekend_to_monday() -> None:
    plain = BusinessHours(timezone="Europe/Berlin")  # Mon-Fri 09-17
    start = datetime(2026, 3, 6, 16, 0, tzinfo=BERLIN)  # Friday
    assert add_business_minutes(plain, start, 120) == datetime(2026, 3, 9, 10, 0, tzinfo=BERLIN)


def test_holidays_and_date_exceptions() -> None:
    # 24 Dec 2026 (Thu) is shortened to 08:00-11:00; 25 and 26 Dec are holidays, 26 is a Saturday
    # whose 22:00 period is closed by the holiday; Sunday's night periods still run.
    start = datetime(2026, 12, 24, 10, 0, tzinfo=BERLIN)
    due = add_business_minutes(SPLIT_DAY, start, 120)
    assert due == datetime(2026, 12, 27, 1, 0, tzinfo=BERLIN)
    # 1 June 2026 is closed by an exception (a Monday): the clock runs on Tuesday.
    assert add_business_minutes(SPLIT_DAY, datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN), 60) == datetime(
        2026, 6, 2, 9, 0, tzinfo=BERLIN
    )
    # Easter Monday 2026 (6 April) is a public holiday in Berlin.
    assert not is_open(SPLIT_DAY, datetime(2026, 4, 6, 9, 0, tzinfo=BERLIN))


def test_period_ending_at_midnight_and_overlapping_periods_merge() -> None:
    # Saturday 22:00-00:00 then Sunday 00:00-02:30 and 02:00-04:00: one run of 6 hours.
    start = datetime(2026, 3, 14, 21, 0, tzinfo=BERLIN)
    assert add_business_minutes(SPLIT_DAY, start, 360) == datetime(2026, 3, 15, 4, 0, tzinfo=BERLIN)
    assert is_open(SPLIT_DAY, datetime(2026, 3, 14, 23, 59, tzinfo=BERLIN))
    # 8 March is International Women's Day, a public holiday in Berlin: that Sunday stays closed.
    assert not is_open(SPLIT_DAY, datetime(2026, 3, 8, 1, 0, tzinfo=BERLIN))


def test_spring_forward_night_is_an_hour_shorter() -> None:
    # 29 March 2026: clocks jump 02:00 -> 03:00 in Berlin. Sunday 00:00-04:00 wall time is 3 real hours.
    start = datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN)
    end = datetime(2026, 3, 29, 4, 0, tzinfo=BERLIN)
    assert business_seconds_between(SPLIT_DAY, start, end) == 3 * 3600
    assert add_business_minutes(SPLIT_DAY, start, 180) == end


def test_autumn_back_night_is_an_hour_longer() -> None:
    # 25 October 2026: 03:00 -> 02:00; Sunday 00:00-04:00 wall time is 5 real hours.
    start = datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN)
    due = add_business_minutes(SPLIT_DAY, start, 300)
    assert due.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 10, 25, 4, 0)
    assert due - start.astimezone(UTC) == timedelta(hours=5)


def test_24_7_across_dst_counts_real_time() -> None:
    start = datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK)  # US spring forward at 02:00
    due = add_business_minutes(ALWAYS, start, 120)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    assert due.replace(tzinfo=None) == datetime(2026, 3, 8, 4, 0)


def test_non_utc_brand_office_hours() -> None:
    ny = BusinessHours(timezone="America/New_York", holidays_country="US")
    # 2026-07-03 is the observed Independence Day (Friday): Thursday 16:00 + 2 h runs to Monday 10:00.
    start = datetime(2026, 7, 2, 16, 0, tzinfo=NEW_YORK)
    due = add_business_minutes(ny, start, 120)
    assert due == datetime(2026, 7, 6, 10, 0, tzinfo=NEW_YORK)
    assert due.utcoffset() == timedelta(hours=-4)


def test_sla_status_warns_at_fraction_and_breaches_at_due() -> None:
    start = datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN)
    due = add_business_minutes(SPLIT_DAY, start, 240)  # 12:00
    assert sla_status(SPLIT_DAY, start, due, start + timedelta(hours=2)).level is SlaLevel.OK
    warn = sla_status(SPLIT_DAY, start, due, datetime(2026, 3, 3, 11, 0, tzinfo=BERLIN))
    assert warn.level is SlaLevel.WARNING and warn.fraction == pytest.approx(0.75)
    assert sla_status(SPLIT_DAY, start, due, due).level is SlaLevel.BREACHED
    assert sla_status(SPLIT_DAY, start, due, start, warn_fraction=0.5).warn_at == datetime(
        2026, 3, 3, 10, 0, tzinfo=BERLIN
    )


def test_pause_moves_the_due_time_by_the_paused_business_time() -> None:
    due = datetime(2026, 3, 3, 17, 0, tzinfo=BERLIN)
    paused = datetime(2026, 3, 3, 15, 0, tzinfo=BERLIN)  # 2 h left
    resumed = datetime(2026, 3, 4, 9, 0, tzinfo=BERLIN)
    assert extend_for_pause(SPLIT_DAY, due, paused, resumed) == datetime(2026, 3, 4, 11, 0, tzinfo=BERLIN)
    # A pause that began after the breach does not un-breach it.
    assert extend_for_pause(SPLIT_DAY, due, due + timedelta(hours=1), resumed) == due


def test_hours_that_never_open_fail_clearly() -> None:
    closed = BusinessHours(timezone="UTC", week={})
    with pytest.raises(BusinessHoursError, match="no opening"):
        add_business_minutes(closed, datetime(2026, 1, 1, tzinfo=UTC), 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_minutes(SPLIT_DAY, datetime(2026, 1, 1), 10)


def test_unknown_holiday_country_is_named() -> None:
    bad = BusinessHours(timezone="UTC", holidays_country="XX")
    with pytest.raises(BusinessHoursError, match="XX"):
        is_open(bad, datetime(2026, 1, 5, 10, tzinfo=UTC))


def test_demo_playbook_hours_parse_and_work() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "src/calmdesk/demo/playbooks/northwind.toml").read_text()
    pb = parse_playbook(text, "northwind.toml")
    assert not is_open(
        pb.hours, datetime.combine(date(2026, 12, 25), datetime.min.time(), BERLIN) + timedelta(hours=10)
    )


NY_SHIFTS = BusinessHours.model_validate(
    {
        "timezone": "America/New_York",
        "week": {"mon": ["07:00-12:00", "12:00-15:30"], "tue": ["23:00-00:00"], "wed": ["00:00-01:00", "09:00-17:00"],
                 "thu": ["09:00-17:00"], "fri": ["09:00-10:00"], "sun": ["01:30-03:30"]},
    }
)


def _walk_only(hours: BusinessHours, start: datetime, mins: int) -> datetime:
    """The due time by a fresh walk over the calendar, with the segment memo emptied."""
    from calmdesk.domain import sla

    sla._SEGMENTS.clear()
    return add_business_minutes(hours, start, mins)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([SPLIT_DAY, NY_SHIFTS, BusinessHours(timezone="UTC")]),
    instants,
    st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=2 * 3600 * 1_000_000),
            st.integers(min_value=0, max_value=3 * 24 * 3600 * 1_000_000),
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([0, 1, 29, 60, 120, 480, 1440, 4000]),
)
def test_memoized_due_times_equal_a_fresh_walk(
    hours: BusinessHours, base: datetime, offsets_us: list[int], mins: int
) -> None:
    """Arrivals close together (in any order) reuse an earlier walk; the answer must be the walk's own."""
    from calmdesk.domain import sla

    sla._SEGMENTS.clear()
    arrivals = [base + timedelta(microseconds=o) for o in offsets_us]
    arrivals += [t + timedelta(minutes=mins) for t in arrivals[:5]]
    # Arrivals on the half hour, where periods open and close and due times land on the edges.
    whole = base.replace(minute=0, second=0, microsecond=0)
    arrivals += [whole + timedelta(minutes=30 * k + d) for k in range(8) for d in (0, 0, mins)]
    memoized = [add_business_minutes(hours, t, mins) for t in arrivals]
    assert memoized == [_walk_only(hours, t, mins) for t in arrivals]
    assert [d.utcoffset() for d in memoized] == [_walk_only(hours, t, mins).utcoffset() for t in arrivals]
