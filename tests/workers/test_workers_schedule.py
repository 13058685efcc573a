"""When periodic jobs fire: Procrastinate's own deferrer driven by a fake clock (issue 17, item 3).

The deferrer's loop is `defer what is due at now; sleep until the next tick`. Here the clock is
a number we advance by exactly what the deferrer asks to sleep, so the test sees every tick of
ten simulated minutes in a few milliseconds, through the same croniter reading production uses.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import pytest
from procrastinate.periodic import MARGIN, PeriodicDeferrer
from sqlalchemy import create_engine

from calmdesk.workers.embedded import PERIODIC as EMBEDDED
from calmdesk.workers.queue import build_app, stalled_after_s
from calmdesk.workers.schedule import PERIODIC, CronError, procrastinate_cron

#: An arbitrary start a few seconds past a minute, so "fires at the top of the minute" is tested.
START = datetime(2024, 5, 1, 10, 0, 7, tzinfo=UTC).timestamp()
SPAN_S = 600


def fire_times(span_s: float = SPAN_S) -> dict[str, list[int]]:
    """Every (task, timestamp) the deferrer defers while a fake clock runs for `span_s`."""
    # No connection is opened: the engine only names the database the app would use.
    app = build_app(create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none"), periodic=True)
    deferrer = PeriodicDeferrer(registry=app.periodic_registry, **app.periodic_defaults)
    fired: dict[str, list[int]] = defaultdict(list)
    now = START
    while now < START + span_s:
        for periodic_task, timestamp in deferrer.get_previous_tasks(at=now):
            fired[periodic_task.task.name].append(timestamp)
        now += deferrer.get_next_tick(at=now) + MARGIN
    return dict(fired)


def gaps(times: list[int]) -> set[int]:
    return {b - a for a, b in zip(times, times[1:], strict=False)}


def test_each_periodic_job_fires_on_its_written_period() -> None:
    fired = fire_times()
    assert set(fired) == set(PERIODIC)
    expected = {
        "calmdesk.send_outbox": 5,
        "calmdesk.rescue_stalled": 5,
        "calmdesk.poll_channels": 30,
        "calmdesk.check_sla": 60,
        "calmdesk.sweep_receipts": 60,
        "calmdesk.check_incidents": 60,
        "calmdesk.fold_open_counts": 60,
    }
    for name, period in expected.items():
        times = fired[name]
        assert gaps(times) == {period}, (name, times[:20])
        # Steady across the whole span: no burst at the top of a minute, no silent minutes.
        assert len(times) in (SPAN_S // period, SPAN_S // period + 1), (name, len(times))
        offset = {"calmdesk.check_incidents": 30, "calmdesk.fold_open_counts": 15}.get(name, 0)
        assert all((t - offset) % period == 0 for t in times), name


def test_partition_maintenance_fires_hourly_at_minute_seven() -> None:
    times = fire_times(3 * 3600)["calmdesk.maintain_partitions"]
    assert gaps(times) == {3600}, times
    assert {(datetime.fromtimestamp(t, UTC).minute, datetime.fromtimestamp(t, UTC).second) for t in times} == {(7, 0)}


def test_sla_check_and_sweep_fire_at_the_top_of_each_minute() -> None:
    fired = fire_times(180)
    for name in ("calmdesk.check_sla", "calmdesk.sweep_receipts"):
        # The minute already begun when the scheduler starts is deferred late, then 3 more.
        assert [datetime.fromtimestamp(t, UTC).second for t in fired[name]] == [0, 0, 0, 0], name


def test_a_dead_workers_job_is_rescued_well_within_30_seconds_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CALMDESK_STALLED_AFTER_S", raising=False)
    rescue_every = max(gaps(fire_times(60)["calmdesk.rescue_stalled"]))
    # Worst case: the heartbeat goes stale just after a rescue ran, then the next rescue runs.
    assert stalled_after_s() + rescue_every < 30


def test_embedded_mode_runs_the_same_periods() -> None:
    assert EMBEDDED["outbox.send"][0] == PERIODIC["calmdesk.send_outbox"].every_s == 5
    assert EMBEDDED["sla.check"][0] == PERIODIC["calmdesk.check_sla"].every_s == 60
    assert EMBEDDED["channels.poll"][0] == PERIODIC["calmdesk.poll_channels"].every_s == 30
    assert EMBEDDED["incidents.check"][0] == PERIODIC["calmdesk.check_incidents"].every_s == 60
    assert EMBEDDED["partitions.maintain"][0] == PERIODIC["calmdesk.maintain_partitions"].every_s == 3600
    assert EMBEDDED["open_counts.fold"][0] == PERIODIC["calmdesk.fold_open_counts"].every_s == 60


@pytest.mark.parametrize(
    ("spec", "croniter_order"),
    [
        ("*/5 * * * * *", "* * * * * */5"),
        ("0 * * * * *", "* * * * * 0"),
        ("15 */2 * * * *", "*/2 * * * * 15"),
        ("*/10 * * * *", "*/10 * * * *"),
    ],
)
def test_crons_are_read_seconds_first_as_written(spec: str, croniter_order: str) -> None:
    assert procrastinate_cron(spec) == croniter_order


@pytest.mark.parametrize("spec", ["* * * *", "0 0 * * * * *", ""])
def test_a_cron_of_the_wrong_length_is_refused(spec: str) -> None:
    with pytest.raises(CronError, match="fields"):
        procrastinate_cron(spec)
