"""The case lifecycle as a pure state machine (B-OWNER, B-HANDOFF).

The desk's promise is that a complaint that went private comes back to the public
thread before it is closed (B-HANDOFF). That promise is enforced here, in one place,
instead of being scattered across handlers: every state change goes through `move`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class State(StrEnum):
    NEW = "new"
    TRIAGED = "triaged"
    ACKNOWLEDGED = "acknowledged"
    PRIVATE = "private"
    RESOLUTION_PROPOSED = "resolution_proposed"
    RESOLVED = "resolved"
    PUBLIC_CLOSEOUT = "public_closeout"
    FOLLOW_UP = "follow_up"
    CLOSED = "closed"
    ESCALATED = "escalated"
    DISMISSED = "dismissed"


class DismissReason(StrEnum):
    SPAM = "spam"
    NOT_A_COMPLAINT = "not_a_complaint"
    DUPLICATE = "duplicate"
    OFFENSIVE = "offensive"
    OTHER = "other"


#: The moves a person (or the automation acting for one) may make from each state.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.NEW: frozenset({State.TRIAGED, State.ACKNOWLEDGED, State.ESCALATED, State.DISMISSED}),
    State.TRIAGED: frozenset({State.ACKNOWLEDGED, State.ESCALATED, State.DISMISSED}),
    State.ACKNOWLEDGED: frozenset(
        {State.PRIVATE, State.RESOLUTION_PROPOSED, State.RESOLVED, State.ESCALATED, State.DISMISSED}
    ),
    State.PRIVATE: frozenset({State.RESOLUTION_PROPOSED, State.RESOLVED, State.ESCALATED}),
    State.RESOLUTION_PROPOSED: frozenset({State.RESOLVED, State.PRIVATE, State.ESCALATED}),
    State.RESOLVED: frozenset({State.PUBLIC_CLOSEOUT, State.FOLLOW_UP, State.CLOSED, State.PRIVATE}),
    State.PUBLIC_CLOSEOUT: frozenset({State.FOLLOW_UP, State.CLOSED, State.PRIVATE}),
    State.FOLLOW_UP: frozenset({State.CLOSED, State.PRIVATE, State.ESCALATED}),
    State.CLOSED: frozenset({State.TRIAGED}),
    State.ESCALATED: frozenset(
        {State.ACKNOWLEDGED, State.PRIVATE, State.RESOLUTION_PROPOSED, State.RESOLVED, State.TRIAGED}
    ),
    State.DISMISSED: frozenset({State.TRIAGED}),
}

#: States in which the case still needs someone's attention (it shows in the inbox).
OPEN_STATES = frozenset(set(State) - {State.CLOSED, State.DISMISSED})


class LifecycleError(ValueError):
    """An illegal move. The message lists the moves that are allowed from here."""

    def __init__(self, current: State, target: State, detail: str = "") -> None:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "none"
        msg = f"cannot move a case from {current.value} to {target.value}"
        if detail:
            msg += f": {detail}"
        msg += f" (allowed from {current.value}: {allowed})"
        super().__init__(msg)
        self.current = current
        self.target = target
        self.allowed = TRANSITIONS[current]


@dataclass(frozen=True)
class CaseStatus:
    """What the state machine needs to know about a case; the storage row carries the same fields."""

    state: State = State.NEW
    went_private: bool = False
    public_closeout_done: bool = False
    closed_without_closeout_reason: str | None = None
    dismiss_reason: DismissReason | None = None


def allowed_moves(status: CaseStatus) -> frozenset[State]:
    return TRANSITIONS[status.state]


def needs_public_closeout(status: CaseStatus) -> bool:
    """B-HANDOFF: a case that went private owes the public thread a last word before it closes."""
    return status.went_private and not status.public_closeout_done


def move(
    status: CaseStatus,
    target: State | str,
    *,
    dismiss_reason: DismissReason | str | None = None,
    skip_closeout_reason: str | None = None,
) -> CaseStatus:
    """Return the status after moving to `target`, or raise `LifecycleError`.

    `skip_closeout_reason` is the person's recorded reason for closing a case that went
    private without going back to the public thread (for example, the customer asked
    for privacy). Without it such a close is refused.
    """
    target = State(target)
    if target not in TRANSITIONS[status.state]:
        raise LifecycleError(status.state, target)

    if target is State.DISMISSED:
        if dismiss_reason is None:
            raise LifecycleError(
                status.state, target, "a dismissal needs a reason (" + ", ".join(r.value for r in DismissReason) + ")"
            )
        return replace(status, state=target, dismiss_reason=DismissReason(dismiss_reason))

    if target is State.CLOSED and needs_public_closeout(status):
        reason = (skip_closeout_reason or "").strip()
        if not reason:
            raise LifecycleError(
                status.state,
                target,
                "B-HANDOFF: this case went private; post the public close-out first "
                "or record why it is skipped",
            )
        return replace(status, state=target, closed_without_closeout_reason=reason)

    new = replace(status, state=target)
    if status.state is State.DISMISSED:
        new = replace(new, dismiss_reason=None)
    if status.state is State.CLOSED:
        # A reopened case starts a fresh hand-off cycle.
        new = replace(new, went_private=False, public_closeout_done=False, closed_without_closeout_reason=None)
    if target is State.PRIVATE:
        new = replace(new, went_private=True, public_closeout_done=False)
    if target is State.PUBLIC_CLOSEOUT:
        new = replace(new, public_closeout_done=True)
    return new
