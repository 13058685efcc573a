"""The status tables for drafts, outbox items, compensations and tasks (domain/states.py).

Property-based like the case lifecycle: random walks through each table never reach a status
outside it, refused moves say what is allowed, and the promises the desk relies on hold
(posted is final, nothing reaches the platform without passing QUEUED then SENDING, a decided
compensation stays decided).
"""

from __future__ import annotations

from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calmdesk.domain.states import (
    COMPENSATION_TRANSITIONS,
    DRAFT_TRANSITIONS,
    DRAFT_UNSENT,
    OUTBOX_TRANSITIONS,
    TASK_TRANSITIONS,
    CompensationStatus,
    DraftStatus,
    OutboxStatus,
    StateError,
    TaskStatus,
    advance,
    task_status,
)

TABLES: list[tuple[dict[StrEnum, frozenset[StrEnum]], type[StrEnum]]] = [
    (DRAFT_TRANSITIONS, DraftStatus),  # type: ignore[list-item]
    (OUTBOX_TRANSITIONS, OutboxStatus),  # type: ignore[list-item]
    (COMPENSATION_TRANSITIONS, CompensationStatus),  # type: ignore[list-item]
    (TASK_TRANSITIONS, TaskStatus),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("table", "kind"), TABLES)
def test_every_status_has_a_row_and_moves_stay_inside(
    table: dict[StrEnum, frozenset[StrEnum]], kind: type[StrEnum]
) -> None:
    assert set(table) == set(kind)
    for targets in table.values():
        assert targets <= set(kind)


def _walk(table: dict[StrEnum, frozenset[StrEnum]], start: StrEnum, picks: list[int]) -> list[StrEnum]:
    """Follow the table, choosing a move by index; stop at a final status."""
    path = [start]
    for pick in picks:
        allowed = sorted(table[path[-1]])
        if not allowed:
            break
        path.append(advance(table, path[-1], allowed[pick % len(allowed)]))
    return path


@given(st.sampled_from(list(DraftStatus)), st.sampled_from(list(DraftStatus)))
def test_draft_moves_are_exactly_the_table(current: DraftStatus, target: DraftStatus) -> None:
    if target in DRAFT_TRANSITIONS[current]:
        assert advance(DRAFT_TRANSITIONS, current.value, target.value) is target
    else:
        with pytest.raises(StateError, match=f"is {current.value}; it cannot become {target.value}"):
            advance(DRAFT_TRANSITIONS, current, target, "draft")


@given(st.lists(st.integers(min_value=0, max_value=10), max_size=40))
def test_a_draft_reaches_the_platform_only_through_the_queue(picks: list[int]) -> None:
    path = _walk(DRAFT_TRANSITIONS, DraftStatus.DRAFT, picks)  # type: ignore[arg-type]
    for before, after in zip(path, path[1:], strict=False):
        if after is DraftStatus.POSTED:
            assert before is DraftStatus.QUEUED
        if before not in DRAFT_UNSENT:
            assert after not in DRAFT_UNSENT  # once queued, it is never edited or approved again
    if DraftStatus.POSTED in path:
        assert path[-1] is DraftStatus.POSTED  # posted is final


@given(st.lists(st.integers(min_value=0, max_value=10), max_size=40))
def test_an_outbox_item_is_posted_at_most_once(picks: list[int]) -> None:
    path = _walk(OUTBOX_TRANSITIONS, OutboxStatus.QUEUED, picks)  # type: ignore[arg-type]
    assert path.count(OutboxStatus.POSTED) <= 1
    if OutboxStatus.POSTED in path:
        assert path[-1] is OutboxStatus.POSTED


@given(st.sampled_from(list(OutboxStatus)))
def test_posted_is_final_and_failed_only_goes_back_to_the_queue(current: OutboxStatus) -> None:
    assert OUTBOX_TRANSITIONS[OutboxStatus.POSTED] == frozenset()
    assert OUTBOX_TRANSITIONS[OutboxStatus.FAILED] == {OutboxStatus.QUEUED}
    with pytest.raises(StateError, match="nothing \\(final\\)"):
        advance(OUTBOX_TRANSITIONS, OutboxStatus.POSTED, current)


@given(st.sampled_from(list(CompensationStatus)), st.booleans())
def test_a_decided_compensation_stays_decided(start: CompensationStatus, approve: bool) -> None:
    target = CompensationStatus.GRANTED if approve else CompensationStatus.REJECTED
    if start is CompensationStatus.PENDING_APPROVAL:
        assert advance(COMPENSATION_TRANSITIONS, start, target) is target
    else:
        with pytest.raises(StateError):
            advance(COMPENSATION_TRANSITIONS, start, target)


@given(st.booleans())
def test_tasks_open_then_done(done: bool) -> None:
    status = task_status(done)
    assert status is (TaskStatus.DONE if done else TaskStatus.OPEN)
    if status is TaskStatus.OPEN:
        assert advance(TASK_TRANSITIONS, status, TaskStatus.DONE) is TaskStatus.DONE
    else:
        with pytest.raises(StateError):
            advance(TASK_TRANSITIONS, status, TaskStatus.OPEN)


def test_an_unknown_stored_status_fails_loudly() -> None:
    with pytest.raises(ValueError, match="'sent' is not a valid DraftStatus"):
        advance(DRAFT_TRANSITIONS, "sent", DraftStatus.POSTED)
