"""How far a post reaches and who wrote it (B-KNOW): followers, verified, engagement, history."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Influence:
    followers: int
    verified: bool
    engagement: int  # likes + reposts + replies, when the platform gives them
    earlier_cases: int
    reach: float  # 0..1, what the priority score uses


def influence(
    followers: int | None, verified: bool, engagement: int = 0, earlier_cases: int = 0
) -> Influence:
    """Reach on a log scale: 1M followers is 1.0, 1k is 0.5; verified accounts count at least 0.6.

    A log scale because the step from 100 to 10k followers matters as much as 10k to 1M.
    """
    return Influence(
        followers=max(0, followers or 0),
        verified=verified,
        engagement=max(0, engagement),
        earlier_cases=earlier_cases,
        reach=reach_of(followers, verified, engagement),
    )


def reach_of(followers: int | None, verified: bool, engagement: int = 0) -> float:
    """`influence(...).reach` alone: triage reads only the reach, once per post."""
    f = max(0, followers or 0)
    reach = min(1.0, math.log10(1 + f) / 6.0)
    if verified:
        reach = max(reach, 0.6)
    if engagement > 0:
        reach = min(1.0, reach + min(0.2, math.log10(1 + engagement) / 20.0))
    return round(reach, 4)
