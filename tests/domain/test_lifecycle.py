"""The case lifecycle (B-HANDOFF, B-OWNER) as a pure state machine."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calmdesk.domain.lifecycle import (
    TRANSITIONS,
    CaseStatus,
    LifecycleError,
    State,
    allowed_moves,
    move,
)

HAPPY_PATH = [
    State.TRIAGED,
    State.ACKNOWLEDGED,
    State.PRIVATE,
    State.RESOLUTION_PROPOSED,
    State.RESOLVED,
    State.PUBLIC_CLOSEOUT,
    State.FOLLOW_UP,
    State.CLOSED,
]


def test_happy_path_reaches_closed() -> None:
    s = CaseStatus()
    for target in HAPPY_PATH:
        s = move(s, target)
    assert s.state is State.CLOSED
    assert s.went_private and s.public_closeout_done


def test_illegal_move_names_allowed_moves() -> None:
    with pytest.raises(LifecycleError) as exc:
        move(CaseStatus(), State.RESOLVED)
    msg = str(exc.value)
    assert "cannot move a case from new to resolved" in msg
    for allowed in ("triaged", "acknowledged", "escalated", "dismissed"):
        assert allowed in msg


def test_private_case_cannot_close_without_closeout() -> None:
    s = CaseStatus()
    for target in [State.ACKNOWLEDGED, State.PRIVATE, State.RESOLVED]:
        s = move(s, target)
    with pytest.raises(LifecycleError, match="B-HANDOFF"):
        move(s, State.CLOSED)
    with pytest.raises(LifecycleError):
        move(s, State.CLOSED, skip_closeout_reason="   ")
    closed = move(s, State.CLOSED, skip_closeout_reason="customer asked to keep it private")
    assert closed.state is State.CLOSED
    assert closed.closed_without_closeout_reason == "customer asked to keep it private"


def test_public_only_case_may_close_after_resolution() -> None:
    s = CaseStatus()
    for target in [State.ACKNOWLEDGED, State.RESOLVED, State.CLOSED]:
        s = move(s, target)
    assert s.state is State.CLOSED


def test_dismissal_needs_reason_and_is_reversible() -> None:
    with pytest.raises(LifecycleError, match="needs a reason"):
        move(CaseStatus(), State.DISMISSED)
    d = move(CaseStatus(), State.DISMISSED, dismiss_reason="spam")
    assert d.dismiss_reason is not None and d.dismiss_reason.value == "spam"
    back = move(d, State.TRIAGED)
    assert back.state is State.TRIAGED and back.dismiss_reason is None
    with pytest.raises(ValueError):
        move(CaseStatus(), State.DISMISSED, dismiss_reason="because")


def test_going_private_again_after_closeout_requires_a_new_closeout() -> None:
    s = CaseStatus()
    for target in [State.ACKNOWLEDGED, State.PRIVATE, State.RESOLVED, State.PUBLIC_CLOSEOUT, State.PRIVATE,
                   State.RESOLVED]:
        s = move(s, target)
    with pytest.raises(LifecycleError):
        move(s, State.CLOSED)


def test_reopened_case_starts_fresh_cycle() -> None:
    s = CaseStatus()
    for target in [State.ACKNOWLEDGED, State.PRIVATE, State.RESOLVED, State.PUBLIC_CLOSEOUT, State.CLOSED,
                   State.TRIAGED]:
        s = move(s, target)
    assert s.state is State.TRIAGED and not s.went_private and not s.public_closeout_done


actions = st.lists(
    st.tuples(st.sampled_from(list(State)), st.sampled_from([None, "customer asked for privacy"]),
              st.sampled_from([None, "spam", "not_a_complaint"])),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(actions)
def test_no_sequence_closes_a_private_case_without_public_step(seq: list[tuple[State, str | None, str | None]]) -> None:
    """Property: whatever people try, a case that went private closes only after the public
    close-out or with a recorded reason."""
    s = CaseStatus()
    private_since_closeout = False
    for target, skip, reason in seq:
        try:
            new = move(s, target, skip_closeout_reason=skip, dismiss_reason=reason)
        except LifecycleError:
            continue
        if new.state is State.PRIVATE:
            private_since_closeout = True
        if new.state is State.PUBLIC_CLOSEOUT:
            private_since_closeout = False
        if new.state is State.CLOSED and s.state is not State.CLOSED:
            if private_since_closeout:
                assert new.closed_without_closeout_reason, (s, target)
            private_since_closeout = False
        s = new


def test_every_reachable_state_has_a_way_out() -> None:
    seen = {State.NEW}
    frontier = [State.NEW]
    while frontier:
        st_ = frontier.pop()
        for nxt in TRANSITIONS[st_]:
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == set(State)
    for state in seen:
        assert allowed_moves(CaseStatus(state=state)), f"{state} is a dead end"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list(State)), max_size=30))
def test_every_state_reached_by_moves_can_still_move(seq: list[State]) -> None:
    s = CaseStatus()
    for target in seq:
        with contextlib.suppress(LifecycleError):
            s = move(s, target, dismiss_reason="spam", skip_closeout_reason="asked")
        assert allowed_moves(s)
