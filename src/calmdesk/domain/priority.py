"""The explainable priority score, 0-100 (B-KNOW, B-ESCALATE, B-LEGIT).

Each factor is scaled to 0..1 and multiplied by its weight from the brand playbook
(`Playbook.priority`); the score is the clamped sum. The factors, their values and weights
are kept with the case so a person can see why one case sits above another. Spam carries
a negative weight: B-LEGIT lowers such posts but leaves them visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from calmdesk.domain.playbook import PriorityWeights


@dataclass(frozen=True)
class PrioritySignals:
    complaint_score: float  # 0..1
    sentiment: float  # -1..1
    escalation: bool
    reach: float  # 0..1
    customer_value: float = 0.0  # 0..1
    waiting: float = 0.0  # 0..1, share of the response target already used
    spam: bool = False


class Factor(NamedTuple):
    """One term of the score; a named tuple because every post gets seven of them."""

    name: str
    value: float
    weight: float

    def as_dict(self) -> dict[str, float | str]:
        return {"name": self.name, "value": self.value, "weight": self.weight}


@dataclass(frozen=True)
class Priority:
    score: int
    factors: tuple[Factor, ...]


def _unit(x: float) -> float:
    return round(max(0.0, min(1.0, x)), 4)


def score_priority(signals: PrioritySignals, weights: PriorityWeights) -> Priority:
    factors = (
        Factor("complaint", _unit(signals.complaint_score), weights.complaint),
        Factor("negative_sentiment", _unit(-signals.sentiment), weights.negative_sentiment),
        Factor("escalation", 1.0 if signals.escalation else 0.0, weights.escalation),
        Factor("reach", _unit(signals.reach), weights.reach),
        Factor("customer_value", _unit(signals.customer_value), weights.customer_value),
        Factor("waiting", _unit(signals.waiting), weights.waiting),
        Factor("spam_penalty", 1.0 if signals.spam else 0.0, -abs(weights.spam_penalty)),
    )
    total = sum(f.value * f.weight for f in factors)
    return Priority(score=int(round(max(0.0, min(100.0, total)))), factors=factors)
