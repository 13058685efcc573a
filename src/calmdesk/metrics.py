"""Prometheus metrics, read from the database at scrape time.

Why from the database and not from in-process counters: calmdesk runs as many processes on
many machines (web, workers, scheduler). Every fact worth alerting on (mentions stored,
cases waiting, replies stuck in the outbox, accepted webhooks not yet processed, SLA
breaches) is already a row, so one scrape of any web process gives the same, whole-desk
answer, survives restarts and needs no multiprocess registry.

Exposition uses `prometheus_client` (text format 0.0.4). Each scrape builds a fresh registry
with one collector, so nothing is shared between requests or threads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from calmdesk.domain.lifecycle import OPEN_STATES
from calmdesk.domain.states import OutboxStatus
from calmdesk.storage.tables import Action, Brand, Case, Mention, OutboxItem, WebhookReceipt

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
OUTBOX_STATUSES = tuple(s.value for s in OutboxStatus)


@dataclass
class Snapshot:
    """What one scrape read; separate from the exposition so tests can check the numbers."""

    mentions: dict[tuple[str, str], int] = field(default_factory=dict)  # (brand, platform)
    cases_open: dict[tuple[str, str], int] = field(default_factory=dict)  # (brand, state)
    outbox: dict[str, int] = field(default_factory=dict)  # status
    receipts_waiting: int = 0
    oldest_waiting_age_s: float = 0.0
    receipts_with_errors: int = 0
    sla_breaches: dict[str, int] = field(default_factory=dict)  # brand
    queue_jobs: dict[tuple[str, str], int] = field(default_factory=dict)  # (queue, status)


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; the desk stores UTC everywhere
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def read_snapshot(session: Session, now: datetime | None = None) -> Snapshot:
    """A handful of grouped counts; each uses an indexed or small table, so a scrape stays cheap."""
    now = now or datetime.now(UTC)
    snap = Snapshot()
    brands = {bid: key for bid, key in session.execute(select(Brand.id, Brand.key))}

    for bid, platform, n in session.execute(
        select(Mention.brand_id, Mention.platform, func.count()).group_by(Mention.brand_id, Mention.platform)
    ):
        key = (brands.get(bid, "none") if bid is not None else "none", platform)
        snap.mentions[key] = snap.mentions.get(key, 0) + int(n)

    for bid, state, n in session.execute(
        select(Case.brand_id, Case.state, func.count())
        .where(Case.state.in_([str(s) for s in OPEN_STATES]))
        .group_by(Case.brand_id, Case.state)
    ):
        snap.cases_open[(brands.get(bid, "none"), state)] = int(n)

    snap.outbox = dict.fromkeys(OUTBOX_STATUSES, 0)
    for status, n in session.execute(select(OutboxItem.status, func.count()).group_by(OutboxItem.status)):
        snap.outbox[status] = int(n)

    waiting, oldest = session.execute(
        select(func.count(), func.min(WebhookReceipt.received_at)).where(
            WebhookReceipt.processed_at.is_(None)
        )
    ).one()
    snap.receipts_waiting = int(waiting or 0)
    snap.oldest_waiting_age_s = max(0.0, (now - _aware(oldest)).total_seconds()) if oldest else 0.0
    snap.receipts_with_errors = int(
        session.scalar(select(func.count()).where(WebhookReceipt.error.is_not(None))) or 0
    )

    for bid, n in session.execute(
        select(Action.brand_id, func.count()).where(Action.verb == "sla.breached").group_by(Action.brand_id)
    ):
        snap.sla_breaches[brands.get(bid, "none") if bid is not None else "none"] = int(n)

    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and session.scalar(
        text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL")
    ):
        for queue, status, n in session.execute(
            text("SELECT queue_name, status::text, count(*) FROM procrastinate_jobs GROUP BY 1, 2")
        ):
            snap.queue_jobs[(str(queue), str(status))] = int(n)
    return snap


class DeskCollector(Collector):
    """Turns one `Snapshot` into metric families."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap

    def collect(self) -> Iterator[Metric]:
        s = self.snap
        mentions = CounterMetricFamily(
            "calmdesk_mentions_ingested", "Mentions stored by ingest.", labels=["brand", "platform"]
        )
        for (brand, platform), n in sorted(s.mentions.items()):
            mentions.add_metric([brand, platform], n)
        yield mentions

        cases = GaugeMetricFamily(
            "calmdesk_cases_open", "Cases not closed or dismissed, by state.", labels=["brand", "state"]
        )
        for (brand, state), n in sorted(s.cases_open.items()):
            cases.add_metric([brand, state], n)
        yield cases

        outbox = GaugeMetricFamily(
            "calmdesk_outbox_items", "Outbound platform calls by status.", labels=["status"]
        )
        for status, n in sorted(s.outbox.items()):
            outbox.add_metric([status], n)
        yield outbox

        yield GaugeMetricFamily(
            "calmdesk_webhook_receipts_waiting",
            "Accepted webhook bodies not processed yet.",
            value=s.receipts_waiting,
        )
        yield GaugeMetricFamily(
            "calmdesk_webhook_receipt_oldest_waiting_seconds",
            "Age of the oldest accepted webhook body still waiting (0 when none waits).",
            value=s.oldest_waiting_age_s,
        )
        yield GaugeMetricFamily(
            "calmdesk_webhook_receipts_with_errors",
            "Webhook bodies kept with a reason they could not be read (see `calmdesk receipts status`).",
            value=s.receipts_with_errors,
        )

        breaches = CounterMetricFamily(
            "calmdesk_sla_breaches", "SLA clocks that ran out (B-SLA).", labels=["brand"]
        )
        for brand, n in sorted(s.sla_breaches.items()):
            breaches.add_metric([brand], n)
        yield breaches

        if s.queue_jobs:
            jobs = GaugeMetricFamily(
                "calmdesk_queue_jobs", "Procrastinate jobs by queue and status.", labels=["queue", "status"]
            )
            for (queue, status), n in sorted(s.queue_jobs.items()):
                jobs.add_metric([queue, status], n)
            yield jobs


def exposition(snap: Snapshot) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DeskCollector(snap))
    return generate_latest(registry)


def render_metrics(factory: sessionmaker[Session], now: datetime | None = None) -> bytes:
    """The text exposition of the whole desk, read in one short read-only transaction."""
    with factory() as session:
        snap = read_snapshot(session, now)
    return exposition(snap)
