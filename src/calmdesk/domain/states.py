"""Status enums and transition tables for drafts, outbox items, compensations and tasks.

Why tables: a status compared as a bare string in thirty places drifts (one handler forgets a
guard, a template spells a status differently). Here each thing's statuses and the moves between
them are data, like the case lifecycle (`domain/lifecycle.py`); actions ask `advance` for the next
status and get a `StateError` naming what is allowed instead of silently writing a wrong one.

The values are the strings stored in the database, so a row read back compares equal to its enum.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar


class DraftStatus(StrEnum):
    """A reply from first words to the platform's confirmation (B-REVIEW, issue 12 item 5)."""

    DRAFT = "draft"
    PENDING = "pending"  # waiting for a second person's approval
    APPROVED = "approved"
    REJECTED = "rejected"
    QUEUED = "queued"  # handed to the outbox; not yet on the platform
    POSTED = "posted"  # the platform confirmed it (id and link stored on the outbox item)
    FAILED = "failed"  # the platform refused it; the outbox item says why


class OutboxStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # claimed by one sender under a lease
    POSTED = "posted"
    FAILED = "failed"


class CompensationStatus(StrEnum):
    PENDING_APPROVAL = "pending_approval"
    GRANTED = "granted"
    REJECTED = "rejected"


class TaskStatus(StrEnum):
    """Tasks store `done_at`; the status is read from it (`task_status`)."""

    OPEN = "open"
    DONE = "done"


DRAFT_TRANSITIONS: dict[DraftStatus, frozenset[DraftStatus]] = {
    # an edit returns any unsent draft to DRAFT (it approved other words)
    DraftStatus.DRAFT: frozenset(
        {DraftStatus.DRAFT, DraftStatus.PENDING, DraftStatus.APPROVED, DraftStatus.QUEUED}
    ),
    DraftStatus.PENDING: frozenset(
        {DraftStatus.DRAFT, DraftStatus.APPROVED, DraftStatus.REJECTED, DraftStatus.QUEUED}
    ),
    DraftStatus.APPROVED: frozenset({DraftStatus.DRAFT, DraftStatus.QUEUED}),
    DraftStatus.REJECTED: frozenset({DraftStatus.DRAFT, DraftStatus.PENDING}),
    DraftStatus.QUEUED: frozenset({DraftStatus.POSTED, DraftStatus.FAILED}),
    # a failed draft goes back on the queue when its outbox item is retried
    DraftStatus.FAILED: frozenset({DraftStatus.QUEUED}),
    DraftStatus.POSTED: frozenset(),
}

OUTBOX_TRANSITIONS: dict[OutboxStatus, frozenset[OutboxStatus]] = {
    # QUEUED -> POSTED: the same reply to the same target was already posted (recorded, not re-sent)
    OutboxStatus.QUEUED: frozenset({OutboxStatus.SENDING, OutboxStatus.POSTED}),
    # SENDING -> SENDING: a lease renewed, a retry that must reconcile first, or a takeover
    OutboxStatus.SENDING: frozenset(
        {OutboxStatus.SENDING, OutboxStatus.QUEUED, OutboxStatus.POSTED, OutboxStatus.FAILED}
    ),
    OutboxStatus.FAILED: frozenset({OutboxStatus.QUEUED}),  # `calmdesk outbox retry ID`
    OutboxStatus.POSTED: frozenset(),  # posted is for ever: nothing may post it again
}

COMPENSATION_TRANSITIONS: dict[CompensationStatus, frozenset[CompensationStatus]] = {
    CompensationStatus.PENDING_APPROVAL: frozenset({CompensationStatus.GRANTED, CompensationStatus.REJECTED}),
    CompensationStatus.GRANTED: frozenset(),
    CompensationStatus.REJECTED: frozenset(),
}

TASK_TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.OPEN: frozenset({TaskStatus.DONE}),
    TaskStatus.DONE: frozenset(),
}

#: Drafts that can still be changed, approved or sent: nothing of them has reached the outbox.
DRAFT_UNSENT = frozenset({DraftStatus.DRAFT, DraftStatus.PENDING, DraftStatus.APPROVED, DraftStatus.REJECTED})
#: Outbox items a sender may pick up (when their `next_attempt_at` is due).
OUTBOX_CLAIMABLE = frozenset({OutboxStatus.QUEUED, OutboxStatus.SENDING})
#: Compensations that count against the brand's limits (B-COMPENSATE).
COMPENSATION_COUNTED = frozenset({CompensationStatus.GRANTED, CompensationStatus.PENDING_APPROVAL})

S = TypeVar("S", bound=StrEnum)


class StateError(ValueError):
    """An illegal move; the message names the thing, the move and what is allowed from here."""

    def __init__(self, what: str, current: StrEnum, target: StrEnum, allowed: frozenset[S]) -> None:
        names = ", ".join(sorted(s.value for s in allowed)) or "nothing (final)"
        super().__init__(f"{what} is {current.value}; it cannot become {target.value} (allowed: {names})")
        self.current = current
        self.target = target


def advance(table: Mapping[S, frozenset[S]], current: S | str, target: S | str, what: str = "it") -> S:
    """The status after moving `current` to `target`, or `StateError`.

    Strings are read as the table's enum (the database holds the values), so an unknown status
    fails loudly here rather than comparing unequal somewhere else.
    """
    kind = type(next(iter(table)))
    cur, tgt = kind(current), kind(target)
    if tgt not in table[cur]:
        raise StateError(what, cur, tgt, table[cur])
    return tgt


def task_status(done: bool) -> TaskStatus:
    return TaskStatus.DONE if done else TaskStatus.OPEN


__all__ = [
    "COMPENSATION_COUNTED",
    "COMPENSATION_TRANSITIONS",
    "DRAFT_TRANSITIONS",
    "DRAFT_UNSENT",
    "OUTBOX_CLAIMABLE",
    "OUTBOX_TRANSITIONS",
    "TASK_TRANSITIONS",
    "CompensationStatus",
    "DraftStatus",
    "OutboxStatus",
    "StateError",
    "TaskStatus",
    "advance",
    "task_status",
]
