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
    return priority_of(
        signals.complaint_score,
        signals.sentiment,
        signals.escalation,
        signals.reach,
        signals.customer_value,
        signals.waiting,
        signals.spam,
        weights,
    )


def _unit_fast(x: float) -> float:
    """`_unit(x)`: inside (0, 1) the clamp returns `x` itself, so only the rounding is left."""
    return round(x, 4) if 0.0 < x < 1.0 else round(max(0.0, min(1.0, x)), 4)


_new_factor = tuple.__new__


def priority_of(
    complaint_score: float,
    sentiment: float,
    escalation: bool,
    reach: float,
    customer_value: float,
    waiting: float,
    spam: bool,
    weights: PriorityWeights,
) -> Priority:
    """`score_priority` of the signals given one by one: the same factors and score.

    Why: triage scores every post, and building `PrioritySignals`, seven `Factor`s through
    their Python `__new__` and a generator sum cost about as much as a small signal. The
    factors are built as plain tuples of the class, the clamp is skipped where it returns its
    argument, and the sum adds the same products in the same order (`sum` of a tuple)."""
    complaint = _unit_fast(complaint_score)
    negative = _unit_fast(-sentiment)
    escalated = 1.0 if escalation else 0.0
    reached = _unit_fast(reach)
    value = _unit_fast(customer_value)
    waited = _unit_fast(waiting)
    spammed = 1.0 if spam else 0.0
    w_complaint = weights.complaint
    w_negative = weights.negative_sentiment
    w_escalation = weights.escalation
    w_reach = weights.reach
    w_value = weights.customer_value
    w_waiting = weights.waiting
    w_spam = -abs(weights.spam_penalty)
    new = _new_factor
    factors = (
        new(Factor, ("complaint", complaint, w_complaint)),
        new(Factor, ("negative_sentiment", negative, w_negative)),
        new(Factor, ("escalation", escalated, w_escalation)),
        new(Factor, ("reach", reached, w_reach)),
        new(Factor, ("customer_value", value, w_value)),
        new(Factor, ("waiting", waited, w_waiting)),
        new(Factor, ("spam_penalty", spammed, w_spam)),
    )
    total = sum(
        (
            complaint * w_complaint,
            negative * w_negative,
            escalated * w_escalation,
            reached * w_reach,
            value * w_value,
            waited * w_waiting,
            spammed * w_spam,
        )
    )
    return Priority(score=int(round(max(0.0, min(100.0, total)))), factors=factors)
