"""B-MODERATE: a public post may be hidden or deleted only for one of three reasons.

Valid criticism is never removed. A real customer whose post is removed (offensive
wording, or private data they exposed themselves) is still helped: the action layer opens
a private outreach task with the reason.
"""

from __future__ import annotations

from enum import StrEnum


class ModerationReason(StrEnum):
    OFFENSIVE = "offensive"  # (a) offensive to other users
    PRIVATE_DATA = "private_data"  # (b) exposes card numbers, passwords, national IDs, ...
    NOT_LEGITIMATE = "not_legitimate"  # (c) spam or fake


class ModerationOp(StrEnum):
    HIDE = "hide"
    DELETE = "delete"


class ModerationError(ValueError):
    pass


def check_moderation(operation: str, reason: str | None) -> tuple[ModerationOp, ModerationReason]:
    """Validate a request; the error says which reasons B-MODERATE allows."""
    try:
        op = ModerationOp(operation)
    except ValueError:
        raise ModerationError(f"unknown moderation operation {operation!r} (hide or delete)") from None
    allowed = ", ".join(r.value for r in ModerationReason)
    if not reason:
        raise ModerationError(f"B-MODERATE: removing a post needs a reason ({allowed}); criticism is not one")
    try:
        return op, ModerationReason(reason)
    except ValueError:
        raise ModerationError(
            f"B-MODERATE: {reason!r} is not a reason to remove a post (allowed: {allowed}); "
            "valid criticism stays visible"
        ) from None


def needs_outreach(reason: ModerationReason, linked_customer: bool) -> bool:
    """A real customer is still helped in private; a spam or fake account is not a customer,
    unless it is linked to one (then the desk reaches out anyway)."""
    return reason is not ModerationReason.NOT_LEGITIMATE or linked_customer
