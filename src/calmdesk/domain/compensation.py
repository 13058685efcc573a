"""B-COMPENSATE: what an agent may grant alone, and when a supervisor must approve.

The firm line is explicit: the limit per customer tier counts everything already granted
on the case, so splitting a large refund into small vouchers does not get past it.
Amounts in another currency than the brand's cannot be compared, so they need approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from calmdesk.domain.amounts import check_amount
from calmdesk.domain.playbook import CompensationLimits


class Kind(StrEnum):
    REFUND = "refund"
    VOUCHER = "voucher"
    GIFT = "gift"
    REPLACEMENT = "replacement"


@dataclass(frozen=True)
class Decision:
    needs_approval: bool
    limit: float
    already_granted: float
    reason: str


def tier_limit(limits: CompensationLimits, tier: str | None) -> float:
    """The tier's limit; an unknown tier gets the lowest limit (never more than standard)."""
    if tier and tier in limits.per_tier:
        return limits.per_tier[tier]
    if "standard" in limits.per_tier:
        return limits.per_tier["standard"]
    return min(limits.per_tier.values(), default=0.0)


def decide(
    limits: CompensationLimits, tier: str | None, value: float, currency: str, already_granted: float
) -> Decision:
    value = check_amount(value, field="compensation value")
    limit = tier_limit(limits, tier)
    if currency.upper() != limits.currency.upper():
        return Decision(
            True, limit, already_granted, f"{currency} differs from the brand currency {limits.currency}"
        )
    total = already_granted + value
    if total > limit:
        return Decision(
            True,
            limit,
            already_granted,
            f"{total:.2f} {limits.currency} on this case is above the {tier or 'standard'} limit of {limit:.2f}",
        )
    return Decision(False, limit, already_granted, "within the limit")
