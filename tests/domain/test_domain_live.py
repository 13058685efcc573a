"""The live channel's rules (domain/live.py): brand isolation, late ids, who hears what."""

from __future__ import annotations

import pytest

from calmdesk.domain.live import (
    Change,
    FeedCursor,
    Present,
    by_others,
    check_activity,
    may_notify,
    others_present,
    visible,
)


def _c(i: int, brand: int | None, actor: str = "sam", verb: str = "case.assigned", note: str | None = None) -> Change:
    return Change("action", i, 10 + i, brand, actor, verb, note)


def test_a_reader_gets_only_changes_of_their_brands() -> None:
    rows = [_c(1, 1), _c(2, 2), _c(3, None)]
    assert [c.id for c in visible(rows, [1])] == [1]
    assert [c.id for c in visible(rows, [2])] == [2]
    assert visible(rows, []) == []
    assert [c.id for c in visible(rows, None)] == [1, 2, 3]  # a global admin sees all


def test_a_cursor_hands_on_an_id_that_commits_after_a_higher_one_exactly_once() -> None:
    cur = FeedCursor(100, lag=10)
    assert cur.take([102]) == [102]  # 101 is not committed yet
    assert cur.after() == 92
    assert cur.take([101, 102]) == [101]  # 101 arrives late, 102 is not repeated
    assert cur.take([101, 102]) == []
    assert cur.take([103, 104]) == [103, 104] and cur.last == 104


def test_a_cursor_forgets_what_fell_behind_its_window() -> None:
    cur = FeedCursor(0, lag=5)
    cur.take(range(1, 100))
    assert all(i > cur.after() for i in cur._seen) and len(cur._seen) <= 5


def test_a_quiet_readers_cursor_moves_on_to_the_head() -> None:
    cur = FeedCursor(10, lag=5)
    assert cur.take([]) == []
    cur.reached(1000)  # a thousand rows of other brands went by
    assert cur.after() == 995
    assert cur.take([998, 1001]) == [998, 1001]
    cur.reached(900)  # an older head never moves it back
    assert cur.last == 1001


def test_own_changes_are_not_news() -> None:
    assert [c.id for c in by_others([_c(1, 1, "alice"), _c(2, 1, "sam")], "alice")] == [2]


def test_the_notification_count_is_reread_only_when_something_may_concern_me() -> None:
    assert may_notify([_c(1, 1, "sam", "draft.approved")], "alice")
    assert not may_notify([_c(1, 1, "alice", "draft.approved")], "alice")  # my own click
    assert not may_notify([_c(1, 1, "sam", "case.moved")], "alice")
    assert may_notify([_c(1, 1, "sam", "case.moved", "ask @Alice please")], "alice")
    assert not may_notify([_c(1, 1, "sam", "case.moved", "ask @alice-b please")], "alice")
    assert not may_notify([Change("message", 1, 1, 1, None, "message.inbound")], "alice")


def test_presence_leaves_out_the_reader_and_has_a_stable_order() -> None:
    rows = [Present(2, "sam", "Sam", "viewing"), Present(1, "alice", "Alice", "replying"), Present(1, "dana", "Dana", "replying")]
    assert [(p.case_id, p.username) for p in others_present(rows, "alice")] == [(1, "dana"), (2, "sam")]


def test_an_unknown_activity_is_refused_with_the_allowed_ones() -> None:
    assert check_activity("replying") == "replying"
    with pytest.raises(ValueError, match="viewing, replying"):
        check_activity("dancing")
