"""How fast is the SLA clock? Prints due-time computations per second for office hours with holidays,
and for 24/7, over random arrivals across 2026. Run: .venv/bin/python bench/sla_clock.py"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from calmdesk.domain.playbook import BusinessHours
from calmdesk.domain.sla import add_business_minutes, business_seconds_between

OFFICE = BusinessHours.model_validate(
    {
        "timezone": "Europe/Berlin",
        "holidays_country": "DE",
        "holidays_subdivision": "BE",
        "week": {d: ["08:00-12:00", "13:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
    }
)
ALWAYS = BusinessHours(timezone="Europe/Berlin", always_open=True)


def main(n: int = 20_000) -> None:
    rng = random.Random(7)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    arrivals = [base + timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(n)]
    for name, hours, minutes in [
        ("office, X 2 h", OFFICE, 120),
        ("office, e-mail 24 h", OFFICE, 1440),
        ("24/7, X 2 h", ALWAYS, 120),
    ]:
        t = time.perf_counter()
        dues = [add_business_minutes(hours, a, minutes) for a in arrivals]
        dt = time.perf_counter() - t
        print(f"add_business_minutes [{name}]: {n / dt:,.0f}/s ({dt * 1e6 / n:.1f} µs each)")
        t = time.perf_counter()
        for a, d in zip(arrivals[:5000], dues[:5000], strict=True):
            business_seconds_between(hours, a, d)
        dt = time.perf_counter() - t
        print(f"business_seconds_between [{name}]: {5000 / dt:,.0f}/s")


if __name__ == "__main__":
    main()
