"""The staffing simulator: replay a day with N agents under priority routing and FIFO.

`engine` is pure (seeded, no I/O); `profile` reads arrivals from a volume profile file or
from a day in the store.
"""

from __future__ import annotations

from calmdesk.simulate.engine import (
    BANDS,
    Arrival,
    Handling,
    PolicyResult,
    Shift,
    band_of,
    compare,
    find_agents,
    simulate,
)
from calmdesk.simulate.profile import ProfileError, VolumeProfile, arrivals_from_store, parse_profile

__all__ = [
    "BANDS",
    "Arrival",
    "Handling",
    "PolicyResult",
    "ProfileError",
    "Shift",
    "VolumeProfile",
    "arrivals_from_store",
    "band_of",
    "compare",
    "find_agents",
    "parse_profile",
    "simulate",
]
