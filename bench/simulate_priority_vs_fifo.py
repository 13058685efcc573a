"""Priority routing vs first-come-first-served across staffing levels (B-ESCALATE, B-SLA).

Replays the example volume profile for several seeded days at each staffing level and
prints the share answered within target for critical (safety/escalated) cases, high-band
cases and overall, for both policies. Run:

    .venv/bin/python bench/simulate_priority_vs_fifo.py [--profile FILE] [--days 10] [--max-agents 14]

Output is a Markdown table (pasted into docs/reports.md).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from calmdesk.simulate import compare, find_agents, parse_profile
from calmdesk.simulate.engine import PolicyResult, Tally

ROOT = Path(__file__).resolve().parents[1]


def pooled(results: list[PolicyResult], band: str | None) -> Tally:
    t = Tally()
    for r in results:
        src = r.overall if band is None else r.by_band.get(band, Tally())
        t.cases += src.cases
        t.met += src.met
    return t


def pct(t: Tally) -> str:
    return "-" if t.attainment is None else f"{t.attainment * 100:.1f} %"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profile", type=Path, default=ROOT / "examples" / "volume-profile.toml")
    ap.add_argument("--days", type=int, default=10, help="seeded days per staffing level")
    ap.add_argument("--min-agents", type=int, default=3)
    ap.add_argument("--max-agents", type=int, default=14)
    args = ap.parse_args()
    prof = parse_profile(args.profile.read_text(encoding="utf-8"), str(args.profile))
    shifts = prof.shift_list()
    handling = prof.handling.to_handling()
    days = [prof.arrivals(seed) for seed in range(1, args.days + 1)]
    total = sum(len(d) for d in days)
    print(
        f"profile {args.profile.name}: {args.days} days, {total} cases "
        f"({total / args.days:.0f}/day), shifts {', '.join(prof.shifts)}, "
        f"handling {handling.kind} mean {handling.mean:g} min sigma {handling.sigma:g}\n"
    )
    print(
        "| agents | critical: priority | critical: fifo | high: priority | high: fifo | overall: priority | overall: fifo |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    started = time.perf_counter()
    runs = 0
    for n in range(args.min_agents, args.max_agents + 1):
        per_policy: dict[str, list[PolicyResult]] = {"priority": [], "fifo": []}
        for seed, arrivals in enumerate(days, start=1):
            for policy, res in compare(arrivals, n, shifts=shifts, handling=handling, seed=seed).items():
                per_policy[policy].append(res)
            runs += 2
        p, f = per_policy["priority"], per_policy["fifo"]
        print(
            f"| {n} | {pct(pooled(p, 'critical'))} | {pct(pooled(f, 'critical'))} | {pct(pooled(p, 'high'))} "
            f"| {pct(pooled(f, 'high'))} | {pct(pooled(p, None))} | {pct(pooled(f, None))} |"
        )
    elapsed = time.perf_counter() - started
    print(f"\n{runs} simulated days in {elapsed:.2f} s ({elapsed / runs * 1000:.1f} ms per day)")
    print("\nsmallest staffing for 95 % overall within target, per seeded day:")
    for policy in ("priority", "fifo"):
        found = [
            find_agents(arrivals, policy, 0.95, shifts=shifts, handling=handling, seed=seed)[0]
            for seed, arrivals in enumerate(days, start=1)
        ]
        print(f"  {policy}: {found}")


if __name__ == "__main__":
    main()
