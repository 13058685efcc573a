"""Review rules that can be satisfied (B-REVIEW with the R-rules' `review` level).

A rule at level `review` does not forbid a reply: it sends it to a second person, and a
supervisor's approval with a note (why this one is fine) lets it through. `block` stays for
what no one may post. A playbook that puts `block` on a rule that fires on a whole class of
ordinary replies (every reply with a link, every thank-you without an apology) makes those
replies impossible to post for anyone; the admin is warned when saving it. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

REVIEW_PREFIX = "review:"

#: Rules that fire on a whole class of legitimate replies, and that class in words.
CLASS_RULES: dict[str, str] = {
    "R-MEDIA-REVIEW": "every reply with a link or an attachment",
    "R-NO-APOLOGY": "every reply without an apology (a thank-you, a close-out, a follow-up)",
    "R-NO-NEXT-STEP": "every reply without a next step (a thank-you, a final close-out)",
    "R-CANNED": "every reply that reuses a stock phrase",
    "R-IMPERSONAL": "every reply that does not name the customer",
}


def review_reasons(findings: Iterable[Mapping[str, Any]]) -> list[str]:
    """The approval reasons a draft's `review` findings add, one per rule: `review:R-MEDIA-REVIEW`."""
    rules = sorted({str(f.get("rule")) for f in findings if f.get("level") == "review"})
    return [REVIEW_PREFIX + r for r in rules]


def unmet_review(findings: Iterable[Mapping[str, Any]], note: str | None) -> list[str]:
    """The review rules an approval does not yet satisfy: all of them when the approver gave no note."""
    if note and note.strip():
        return []
    return sorted({str(f.get("rule")) for f in findings if f.get("level") == "review"})


def impossible_classes(levels: Mapping[str, str]) -> list[str]:
    """Warnings for an admin: rules set to `block` that make a whole class of replies unpostable."""
    return [
        f"{rule} = \"block\" makes {what} impossible to post, even with a supervisor's approval; "
        f"use \"review\" to have such replies approved instead"
        for rule, what in CLASS_RULES.items()
        if levels.get(rule) == "block"
    ]
