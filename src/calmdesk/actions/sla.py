"""The SLA checker (B-SLA, B-ESCALATE): warn before a breach, escalate at the breach, restart clocks.

Three clocks per case, all in the brand's business hours:
- `first_response`: from the first customer message to our first reply (Case.first_response_due_at).
- `reply`: after we answered, a new customer message starts a fresh response clock with the
  same target (the customer is waiting again); it stops at our next outbound message.
- `resolution`: from opening to resolution (Case.resolution_due_at); optionally paused while
  we wait for the customer's answer (SlaTargets.pause_while_waiting_for_customer).

Each crossing is recorded once as an audit action (`sla.warning`, `sla.breached`) keyed by
clock and start, so the checker can run every minute, or twice at once, and never alert
twice. `Case.sla_warned_at` / `sla_breached_at` keep the first crossing for reports.
Notices are returned; the caller sends them after commit (`notify.dispatch_after_commit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from calmdesk.actions import audit
from calmdesk.actions.brands import brand_playbook
from calmdesk.actions.cases import get_case
from calmdesk.actions.routing import do_escalate_case, on_duty_recipients, supervisors_on_duty
from calmdesk.domain.lifecycle import OPEN_STATES, State
from calmdesk.domain.playbook import Playbook
from calmdesk.domain.sla import SlaLevel, add_business_minutes, extend_for_pause, sla_status
from calmdesk.notify import Notice, Notifier, dispatch_after_commit
from calmdesk.storage.tables import Action, Brand, Case, Message

CHECKER = "sla-checker"
#: States in which the next move is the customer's: the resolution clock may pause here.
WAITING_FOR_CUSTOMER = frozenset({State.RESOLUTION_PROPOSED.value})


@dataclass
class SlaCheckReport:
    checked: int = 0
    warned: list[tuple[int, str]] = field(default_factory=list)  # (case id, clock)
    breached: list[tuple[int, str]] = field(default_factory=list)
    escalated: list[tuple[int, str | None]] = field(default_factory=list)  # (case id, new owner)
    notices: list[Notice] = field(default_factory=list)


@dataclass(frozen=True)
class Clock:
    name: str  # first_response | reply | resolution
    started_at: datetime
    due_at: datetime


def _chunks(seq: Sequence[int], n: int = 500) -> Iterable[Sequence[int]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def last_outbound_at(session: Session, case_ids: Sequence[int]) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    for chunk in _chunks(list(case_ids)):
        for cid, at in session.execute(
            select(Message.case_id, func.max(Message.created_at))
            .where(Message.case_id.in_(chunk), Message.direction == "outbound")
            .group_by(Message.case_id)
        ):
            if at is not None:
                out[cid] = at
    return out


def active_clocks(case: Case, pb: Playbook, last_out: datetime | None) -> list[Clock]:
    """The clocks that are running for `case` (pure apart from reading the row)."""
    clocks: list[Clock] = []
    if case.first_response_at is None:
        if case.first_response_due_at is not None:
            clocks.append(Clock("first_response", case.opened_at, case.first_response_due_at))
    else:
        answered = last_out or case.first_response_at
        if case.last_inbound_at is not None and case.last_inbound_at > answered:
            due = add_business_minutes(pb.hours, case.last_inbound_at, pb.sla.first_response(case.platform))
            clocks.append(Clock("reply", case.last_inbound_at, due))
    paused = pb.sla.pause_while_waiting_for_customer and case.state in WAITING_FOR_CUSTOMER
    if case.resolved_at is None and case.resolution_due_at is not None and not paused:
        clocks.append(Clock("resolution", case.opened_at, case.resolution_due_at))
    return clocks


def _marks(session: Session, case_ids: Sequence[int]) -> set[tuple[int, str, str, str]]:
    """(case id, verb, clock, start) of crossings already recorded."""
    seen: set[tuple[int, str, str, str]] = set()
    for chunk in _chunks(list(case_ids)):
        for cid, verb, detail in session.execute(
            select(Action.case_id, Action.verb, Action.detail).where(
                Action.case_id.in_(chunk), Action.verb.in_(("sla.warning", "sla.breached"))
            )
        ):
            d = detail or {}
            seen.add((cid, verb, str(d.get("clock")), str(d.get("started_at"))))
    return seen


def _describe(case: Case, clock: Clock, pb: Playbook) -> str:
    return (
        f"Case #{case.id} ({case.platform}, brand {pb.display_name or pb.brand}): "
        f"{clock.name.replace('_', ' ')} due {clock.due_at.isoformat()}; owner {case.owner or 'nobody'}"
    )


def _mark_once(
    session: Session,
    seen: set[tuple[int, str, str, str]],
    case: Case,
    clock: Clock,
    verb: str,
    now: datetime,
    **detail: Any,
) -> bool:
    """Record `verb` for this run of `clock` unless an earlier check already did.

    The audit record is the mark: a clock that restarts (a new `started_at`) warns and breaches
    again, the same run never twice, whichever process ran the check before.
    """
    key = (case.id, verb, clock.name, clock.started_at.isoformat())
    if key in seen:
        return False
    seen.add(key)
    audit.record(
        session,
        actor=CHECKER,
        verb=verb,
        case_id=case.id,
        brand_id=case.brand_id,
        at=now,
        clock=clock.name,
        started_at=key[3],
        due_at=clock.due_at.isoformat(),
        **detail,
    )
    return True


def do_check_sla(session: Session, now: datetime, notifier: Notifier | None = None) -> SlaCheckReport:
    """Find open cases whose clocks crossed the warning point or the due time since the last run.

    B-SLA: the warning comes at `sla.warn_at` of the target (75 % by default) and goes to the
    owner if on duty, else to the supervisors on duty; at the breach the case escalates to a
    senior responder on duty (B-ESCALATE). With `notifier`, notices go out after commit.
    """
    report = SlaCheckReport()
    cases = list(
        session.scalars(select(Case).where(Case.state.in_([s.value for s in OPEN_STATES])).order_by(Case.id))
    )
    report.checked = len(cases)
    ids = [c.id for c in cases]
    last_out = last_outbound_at(session, ids)
    seen = _marks(session, ids)
    playbooks: dict[int, Playbook] = {}
    brand_urls: dict[int, list[str]] = {}
    for case in cases:
        if case.brand_id not in playbooks:
            playbooks[case.brand_id] = brand_playbook(session.get_one(Brand, case.brand_id))
            brand_urls[case.brand_id] = list(playbooks[case.brand_id].notify)
        pb = playbooks[case.brand_id]
        for clock in active_clocks(case, pb, last_out.get(case.id)):
            st = sla_status(pb.hours, clock.started_at, clock.due_at, now, pb.sla.warn_at)
            if st.level is SlaLevel.OK:
                continue
            if st.level is SlaLevel.BREACHED:
                if not _mark_once(session, seen, case, clock, "sla.breached", now):
                    continue
                if case.sla_breached_at is None:
                    case.sla_breached_at = now
                report.breached.append((case.id, clock.name))
                _, owner = do_escalate_case(
                    session,
                    case.id,
                    now,
                    reason=f"SLA breached: {clock.name.replace('_', ' ')}",
                    actor=CHECKER,
                )
                report.escalated.append((case.id, owner))
                people = sorted(
                    {*(supervisors_on_duty(session, case.brand_id, now)), *([owner] if owner else [])}
                )
                report.notices.append(
                    Notice(
                        kind="sla.breached",
                        title=f"SLA breached and escalated: case #{case.id}",
                        body=_describe(case, clock, pb) + f". Escalated to {owner or 'nobody on duty'}.",
                        urls=tuple(
                            brand_urls[case.brand_id]
                            + on_duty_recipients(session, case.brand_id, now, people)
                        ),
                        case_id=case.id,
                        recipients=tuple(people),
                    )
                )
            else:
                if not _mark_once(session, seen, case, clock, "sla.warning", now, fraction=round(st.fraction, 3)):
                    continue
                if case.sla_warned_at is None:
                    case.sla_warned_at = now
                report.warned.append((case.id, clock.name))
                owner_urls = (
                    on_duty_recipients(session, case.brand_id, now, [case.owner]) if case.owner else []
                )
                if case.owner and _owner_on_duty(session, case, now):
                    people = [case.owner]
                else:
                    people = supervisors_on_duty(session, case.brand_id, now)
                    owner_urls = []
                report.notices.append(
                    Notice(
                        kind="sla.warning",
                        title=f"SLA warning: case #{case.id} at {round(st.fraction * 100)} % of its target",
                        body=_describe(case, clock, pb) + ".",
                        urls=tuple(
                            brand_urls[case.brand_id]
                            + (owner_urls or on_duty_recipients(session, case.brand_id, now, people))
                        ),
                        case_id=case.id,
                        recipients=tuple(people),
                    )
                )
    session.flush()
    # Escalations raised by triage at ingest go out with the same run (B-ESCALATE).
    from calmdesk.actions.alerts import do_collect_alerts

    report.notices.extend(do_collect_alerts(session, now))
    if notifier is not None:
        dispatch_after_commit(session, notifier, report.notices)
    return report


def _owner_on_duty(session: Session, case: Case, now: datetime) -> bool:
    from calmdesk.actions.routing import people_of_brand

    return any(
        u.username == case.owner and duty for u, _r, duty in people_of_brand(session, case.brand_id, now)
    )


def do_restart_clock(session: Session, case_id: int, at: datetime, *, actor: str = CHECKER) -> dict[str, Any]:
    """A new customer message at `at`: restart the right clock.

    - Still waiting for our first response: nothing restarts (the first message's clock runs on).
    - We had answered: a fresh response clock starts at `at` (the checker derives it from
      `last_inbound_at`, which this sets when the message is newer).
    - The resolution clock was paused while we waited for the customer: it resumes, and the
      due time moves by the business time the pause lasted.
    Returns what changed, for the caller's log.
    """
    case = get_case(session, case_id)
    pb = brand_playbook(session.get_one(Brand, case.brand_id))
    changed: dict[str, Any] = {}
    if case.last_inbound_at is None or at > case.last_inbound_at:
        case.last_inbound_at = at
    last_out = last_outbound_at(session, [case.id]).get(case.id)
    if case.first_response_at is not None and (last_out is None or at > last_out):
        due = add_business_minutes(pb.hours, at, pb.sla.first_response(case.platform))
        changed["reply_due_at"] = due.isoformat()
    if (
        pb.sla.pause_while_waiting_for_customer
        and case.state in WAITING_FOR_CUSTOMER
        and case.resolution_due_at is not None
        and last_out is not None
        and at > last_out
        and not _answered_between(session, case.id, last_out, at)
    ):
        new_due = extend_for_pause(pb.hours, case.resolution_due_at, last_out, at)
        if new_due != case.resolution_due_at:
            changed["resolution_due_at"] = {
                "from": case.resolution_due_at.isoformat(),
                "to": new_due.isoformat(),
            }
            case.resolution_due_at = new_due
    if changed:
        audit.record(
            session,
            actor=actor,
            verb="sla.clock_restarted",
            case_id=case.id,
            brand_id=case.brand_id,
            at=at,
            **changed,
        )
    session.flush()
    return changed


def _answered_between(session: Session, case_id: int, after: datetime, before: datetime) -> bool:
    """Whether the customer already wrote between our last message and `before` (the pause ended then)."""
    n = session.scalar(
        select(func.count(Message.id)).where(
            Message.case_id == case_id,
            Message.direction == "inbound",
            Message.created_at > after,
            Message.created_at < before,
        )
    )
    return bool(n)


def restart_clocks_hook(session: Session, report: Any) -> None:
    """Ingest step (`actions.ingest_pipeline`): restart clocks of existing cases that got a new customer message."""
    created = set(getattr(report, "case_ids_created", []))
    for cid in sorted(set(getattr(report, "case_ids_touched", set())) - created):
        case = session.get(Case, cid)
        if case is not None and case.last_inbound_at is not None:
            do_restart_clock(session, cid, case.last_inbound_at)
