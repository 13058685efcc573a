"""Opening the store the same way everywhere (CLI, web, workers): migrate, then wire the hooks."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.db import make_engine, make_sessionmaker, migrate

if TYPE_CHECKING:
    from calmdesk.actions.ingest import IngestReport

_installed = False


@dataclass(frozen=True)
class LazyHook:
    """An ingest hook named by module and function, imported on its first call.

    Why: the hooks pull in triage (numpy and the trained models), notifications (apprise),
    routing and more, which is about a third of a second of imports. A CLI command that
    never ingests, or `import --store-only`, which stores without running hooks, should not
    pay for that at start-up. Frozen, so two proxies for the same hook compare equal.
    """

    module: str
    name: str

    def __call__(self, session: Session, report: IngestReport) -> None:
        hook = getattr(importlib.import_module(self.module), self.name)
        hook(session, report)


#: Order matters: triage sets priority and escalation, which routing reads; the clock
#: restart and follow-up detection look at the customer's new messages last.
HOOKS = (
    LazyHook("calmdesk.actions.triage", "triage_after_ingest"),
    LazyHook("calmdesk.actions.customers", "link_customers_hook"),
    LazyHook("calmdesk.actions.routing", "route_new_cases_hook"),
    LazyHook("calmdesk.actions.cases", "reopen_on_customer_message_hook"),
    LazyHook("calmdesk.actions.sla", "restart_clocks_hook"),
    LazyHook("calmdesk.actions.followup", "followup_hook"),
)


def install_hooks() -> None:
    """Run triage on everything ingested, wherever it came from (import, polling, webhooks)."""
    global _installed
    if _installed:
        return
    from calmdesk.actions.ingest import POST_INGEST_HOOKS

    for hook in HOOKS:
        if hook not in POST_INGEST_HOOKS:
            POST_INGEST_HOOKS.append(hook)
    _installed = True


def open_store(url: str | None = None, *, run_migrations: bool = True) -> sessionmaker[Session]:
    engine = make_engine(url)
    if run_migrations:
        migrate(engine)
    install_hooks()
    return make_sessionmaker(engine)
