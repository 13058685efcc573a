"""The ingest pipeline: what runs, and in which order, after a batch of platform items is stored.

Every path that stores platform items (import, polling, webhooks, the demo) goes through
`actions.ingest.do_ingest_mentions`, which runs these steps inside the same transaction.
The order is the one place where it is decided:

1. link new cases to known customers (B-LEGIT), because triage scores legitimacy from the link;
2. triage: scores, priority, the playbook's automatic moves (B-MODERATE, B-ESCALATE);
3. routing of new cases (B-OWNER), which reads triage's priority and escalation;
4. reopening closed cases the customer wrote to again;
5. restarting SLA clocks of existing cases with a new customer message (B-SLA);
6. reading follow-up replies on cases we already answered (B-FOLLOWUP).

Which stores run the pipeline is decided when the store is opened (`with_ingest_pipeline`,
used by `calmdesk.bootstrap.open_store`), not by a process-wide list: a bare session
factory (tests, `import --store-only`) stores items and runs nothing after.

Each step imports its module when it first runs: the steps pull in triage (numpy and the
trained models), notifications and routing, about a third of a second of imports that a
CLI command which never ingests should not pay at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from calmdesk.actions.ingest import IngestReport

IngestStep = Callable[[Session, "IngestReport"], None]

#: The key in `Session.info` that holds the steps a store runs after each batch.
_STEPS_KEY = "calmdesk.ingest_steps"


def link_customers(session: Session, report: IngestReport) -> None:
    from calmdesk.actions.customers import link_customers_hook

    link_customers_hook(session, report)


def triage(session: Session, report: IngestReport) -> None:
    from calmdesk.actions.triage import triage_after_ingest

    triage_after_ingest(session, report)


def route_new_cases(session: Session, report: IngestReport) -> None:
    from calmdesk.actions.routing import route_new_cases_hook

    route_new_cases_hook(session, report)


def reopen_closed_cases(session: Session, report: IngestReport) -> None:
    from calmdesk.actions.cases import reopen_on_customer_message_hook

    reopen_on_customer_message_hook(session, report)


def restart_clocks(session: Session, report: IngestReport) -> None:
    from calmdesk.actions.sla import restart_clocks_hook

    restart_clocks_hook(session, report)


def read_followups(session: Session, report: IngestReport) -> None:
    from calmdesk.actions.followup import followup_hook

    followup_hook(session, report)


#: The steps, in the order they run (see the module docstring for why this order).
INGEST_PIPELINE: tuple[IngestStep, ...] = (
    link_customers,
    triage,
    route_new_cases,
    reopen_closed_cases,
    restart_clocks,
    read_followups,
)


def with_ingest_pipeline(
    factory: sessionmaker[Session], steps: Sequence[IngestStep] = INGEST_PIPELINE
) -> sessionmaker[Session]:
    """Make every session of this factory run `steps` after each stored batch."""
    factory.configure(info={_STEPS_KEY: tuple(steps)})
    return factory


def steps_of(session: Session) -> tuple[IngestStep, ...]:
    """The steps this session's store runs after a batch (none for a bare session factory)."""
    steps: tuple[IngestStep, ...] = session.info.get(_STEPS_KEY, ())
    return steps
