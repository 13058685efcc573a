"""When the periodic jobs run: the one table both modes read, with crons written seconds first.

Why this module exists (issue 17, item 3): calmdesk wrote its 6-field crons seconds first
(Quartz order, `*/10 * * * * *` = every 10 s) while Procrastinate hands them to croniter, which
reads an optional sixth column as *seconds last* (docs/howto/cron.md: "The cron syntax is on 5
columns (minute, hour, day, month, day of week). Here, an optional 6th column is supported for
seconds"). `*/10 * * * * *` then meant "every second of minutes 0, 10, 20...": the outbox ran 60
times in a row and then not for nine minutes. Specs here stay in the order people read them
(seconds first); `procrastinate_cron` moves the column to where croniter expects it, and
`tests/workers/test_workers_schedule.py` runs Procrastinate's own deferrer on a fake clock to
prove when each job fires.
"""

from __future__ import annotations

from dataclasses import dataclass

QUEUE_INGEST = "ingest"
QUEUE_OUTBOX = "outbox"
QUEUE_PERIODIC = "periodic"


@dataclass(frozen=True)
class Periodic:
    """One periodic job: its cron (6 fields, seconds first), its queue, and its period in seconds
    for embedded mode, which runs on a plain interval (kept beside the cron so they cannot drift)."""

    cron: str
    queue: str
    every_s: float


#: Periodic jobs of production mode (`calmdesk scheduler`). Stalled-job rescue every 5 s with
#: the default heartbeat (5 s) and stall threshold (15 s) hands a dead worker's job back within
#: about 20 s of the kill, inside the 30 s the operations guide promises.
PERIODIC: dict[str, Periodic] = {
    "calmdesk.sweep_receipts": Periodic("0 * * * * *", QUEUE_INGEST, 60.0),
    "calmdesk.poll_channels": Periodic("*/30 * * * * *", QUEUE_INGEST, 30.0),
    "calmdesk.send_outbox": Periodic("*/5 * * * * *", QUEUE_OUTBOX, 5.0),
    "calmdesk.check_sla": Periodic("0 * * * * *", QUEUE_PERIODIC, 60.0),
    # Surges of one problem (issue 16, item 4): every minute, half a minute after the SLA check,
    # so the alert of an incident opened now leaves with the next SLA check's alert delivery.
    "calmdesk.check_incidents": Periodic("30 * * * * *", QUEUE_PERIODIC, 60.0),
    "calmdesk.rescue_stalled": Periodic("*/5 * * * * *", QUEUE_PERIODIC, 5.0),
    # Monthly partitions of mentions and actions, created months ahead (issue 18, item 4):
    # hourly, so a scheduler that was down finds the missing months within the hour.
    "calmdesk.maintain_partitions": Periodic("0 7 * * * *", QUEUE_PERIODIC, 3600.0),
    # The inbox's filter counts (issue 18): fold the triggers' +1/-1 rows into the summary
    # table every minute, so the counts sum a minute of changes at most.
    "calmdesk.fold_open_counts": Periodic("15 * * * * *", QUEUE_PERIODIC, 60.0),
}


class CronError(ValueError):
    """A cron spec that is not 5 fields (minute first) or 6 fields (seconds first)."""


def procrastinate_cron(spec: str) -> str:
    """The same schedule in croniter's order: 5 fields unchanged, 6 fields with seconds moved last."""
    fields = spec.split()
    if len(fields) == 5:
        return " ".join(fields)
    if len(fields) == 6:
        seconds, rest = fields[0], fields[1:]
        return " ".join([*rest, seconds])
    raise CronError(f"cron {spec!r} has {len(fields)} fields; write 5 (minute first) or 6 (seconds first)")
