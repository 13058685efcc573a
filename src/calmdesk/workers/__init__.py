"""Background work: webhook receipts, polling, the outbox and periodic checks.

Two modes share the same job bodies (`calmdesk.workers.jobs`):

- embedded (SQLite, one process): `calmdesk.workers.embedded` runs them in a thread;
- production (PostgreSQL): Procrastinate jobs in the same database, run by any number of
  `calmdesk worker` processes; `calmdesk scheduler` defers the periodic ones once per tick
  across the cluster (see docs/decisions/0001-job-queue.md).

Every job body is idempotent, so a job that runs twice (a worker killed after its commit and
before the queue heard of it) changes nothing the second time.
"""

from __future__ import annotations

from calmdesk.workers.mode import is_production

__all__ = ["is_production"]
