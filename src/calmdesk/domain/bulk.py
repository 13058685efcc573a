"""Bulk work on many cases: what may be asked, and the per-case outcome.

Why a result per case: twenty cases selected at once include some the person may not change
(an escalated case someone else owns, B-OWNER; a move the lifecycle forbids). Those are
refused one by one, with the reason, and the rest are done: one refusal must not undo
nineteen good changes, and a silent skip would look like success. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: At most this many cases in one request (a page of the inbox is 50).
MAX_BULK_CASES = 200


class BulkAction(StrEnum):
    ASSIGN = "assign"
    MOVE = "move"
    TAG = "tag"
    SPAM = "spam"


class BulkError(ValueError):
    """The request as a whole is wrong (no case, unknown action, too many cases)."""


@dataclass
class BulkResult:
    action: str
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the page: how many were done, how many refused."""
        head = f"{self.action}: {len(self.done)} case{'s' if len(self.done) != 1 else ''} done"
        if not self.refused:
            return head
        return f"{head}, {len(self.refused)} refused"


def parse_case_ids(raw: list[str]) -> list[int]:
    """The selected case ids as typed by a form: positive integers, in order, without repeats."""
    out: list[int] = []
    for value in raw:
        value = value.strip()
        if not value.isdigit() or int(value) < 1 or int(value) > 2**63 - 1:
            raise BulkError(f"case id {value!r}: not a case number")
        if int(value) not in out:
            out.append(int(value))
    if not out:
        raise BulkError("no case selected; tick the cases to change first")
    if len(out) > MAX_BULK_CASES:
        raise BulkError(f"{len(out)} cases selected; at most {MAX_BULK_CASES} at once")
    return out


def parse_action(raw: str) -> BulkAction:
    try:
        return BulkAction(raw)
    except ValueError:
        allowed = ", ".join(a.value for a in BulkAction)
        raise BulkError(f"action {raw!r}: unknown; one of {allowed}") from None
