"""B-MODERATE, second look: does triage back the reason someone gives for hiding a post?

Hiding is for offensive posts, exposed private data and spam or fakes only; a calm, detailed
bug report must not disappear because one click called it "offensive". When triage's own
signals do not support the reason given, the hide waits for a supervisor to confirm it.
Pure: it reads the triage record stored on the mention.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calmdesk.domain.moderation import ModerationReason

#: Below this legitimacy score a post counts as not legitimate even when it is not plain spam.
LOW_LEGITIMACY = 0.4


def triage_supports(reason: ModerationReason, triage: Mapping[str, Any] | None) -> bool:
    """Whether the stored triage signals agree with the reason (no triage record: they cannot)."""
    if not triage:
        return False
    if reason is ModerationReason.OFFENSIVE:
        return bool(triage.get("offensive"))
    if reason is ModerationReason.PRIVATE_DATA:
        return bool(triage.get("pii"))
    legitimacy = triage.get("legitimacy")
    return bool(triage.get("spam")) or (isinstance(legitimacy, int | float) and legitimacy < LOW_LEGITIMACY)


def why_unsupported(reason: ModerationReason) -> str:
    what = {
        ModerationReason.OFFENSIVE: "triage did not score this post offensive",
        ModerationReason.PRIVATE_DATA: "triage found no private data in this post",
        ModerationReason.NOT_LEGITIMATE: "triage did not find this post to be spam or fake",
    }[reason]
    return f"{what}; a supervisor must confirm hiding it (B-MODERATE)"
