"""Opening the store the same way everywhere (CLI, web, workers): migrate, then wire the hooks."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from calmdesk.storage.db import make_engine, make_sessionmaker, migrate

_installed = False


def install_hooks() -> None:
    """Run triage on everything ingested, wherever it came from (import, polling, webhooks)."""
    global _installed
    if _installed:
        return
    from calmdesk.actions.cases import reopen_on_customer_message_hook
    from calmdesk.actions.customers import link_customers_hook
    from calmdesk.actions.followup import followup_hook
    from calmdesk.actions.ingest import POST_INGEST_HOOKS
    from calmdesk.actions.routing import route_new_cases_hook
    from calmdesk.actions.sla import restart_clocks_hook
    from calmdesk.actions.triage import triage_after_ingest

    # Order matters: triage sets priority and escalation, which routing reads; the clock
    # restart and follow-up detection look at the customer's new messages last.
    hooks = (
        triage_after_ingest,
        link_customers_hook,
        route_new_cases_hook,
        reopen_on_customer_message_hook,
        restart_clocks_hook,
        followup_hook,
    )
    for hook in hooks:
        if hook not in POST_INGEST_HOOKS:
            POST_INGEST_HOOKS.append(hook)
    _installed = True


def open_store(url: str | None = None, *, run_migrations: bool = True) -> sessionmaker[Session]:
    engine = make_engine(url)
    if run_migrations:
        migrate(engine)
    install_hooks()
    return make_sessionmaker(engine)
