"""A discrete-event replay of one desk day: how many agents keep the B-SLA promise?

Pure and seeded: the same arrivals, staffing and seed give the same figures. The model:
each case waits in one queue until an agent on shift picks it; the first response is
posted when the agent finishes handling it (a handling time drawn per case, the same
draw for both policies so they are compared on identical work). Agents finish the case
in hand when their shift ends and pick nothing new; shifts repeat on the following days
until every case is answered or `max_days` have passed (what is left then missed).

Targets are the playbook's first-response minutes counted in wall-clock time from the
arrival, not in business hours: a post that arrives at night waits for the morning shift
and counts against the desk, which is what staffing has to answer for.

Policies:
- `priority`: B-ESCALATE first. The band (critical > high > normal > low) decides, then
  the earliest first-response due time, then arrival order.
- `fifo`: first come, first served.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from calmdesk.domain.playbook import SlaTargets

BANDS = ("critical", "high", "normal", "low")
BAND_RANK = {b: i for i, b in enumerate(BANDS)}
Policy = Literal["priority", "fifo"]
POLICIES: tuple[Policy, ...] = ("priority", "fifo")
DAY = 1440.0


def band_of(priority: int, escalated: bool) -> str:
    """The priority band of a case: escalated ones (B-ESCALATE) are always critical."""
    if escalated or priority >= 80:
        return "critical"
    if priority >= 60:
        return "high"
    if priority >= 30:
        return "normal"
    return "low"


@dataclass(frozen=True)
class Arrival:
    """One case arriving, in minutes after midnight of the simulated day."""

    minute: float
    channel: str
    band: str = "normal"


@dataclass(frozen=True)
class Shift:
    """Daily working hours, in minutes after midnight. An end before the start is a night
    shift that runs past midnight (22:00-06:00); 00:00-24:00 is round the clock."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not (0 <= self.start < DAY and 0 < self.end <= DAY and self.start != self.end):
            raise ValueError(
                f"shift must start and end within 00:00-24:00 and not at the same time, got {self}"
            )

    @property
    def overnight(self) -> bool:
        return self.end < self.start

    def covers(self, minute_of_day: float) -> bool:
        if self.overnight:
            return minute_of_day >= self.start or minute_of_day < self.end
        return self.start <= minute_of_day < self.end

    @classmethod
    def parse(cls, text: str) -> Shift:
        """'08:00-18:00' -> Shift. '00:00-24:00' is round the clock, '22:00-06:00' a night shift."""
        try:
            a, b = text.split("-")
            return cls(_minutes(a), _minutes(b))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a shift like '08:00-18:00': {exc}") from None


def _minutes(hhmm: str) -> float:
    h, m = hhmm.strip().split(":")
    hours, minutes = int(h), int(m)
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
        raise ValueError(f"{hhmm.strip()!r} is not a time of day")
    return hours * 60.0 + minutes


@dataclass(frozen=True)
class Handling:
    """Handling-time distribution in minutes: lognormal (mean, sigma of the log) or exponential (mean)."""

    mean: float = 12.0
    kind: Literal["lognormal", "exponential"] = "lognormal"
    sigma: float = 0.6

    def __post_init__(self) -> None:
        if self.mean <= 0:
            raise ValueError(f"handling mean must be positive minutes, got {self.mean}")
        if self.sigma < 0:
            raise ValueError(f"handling sigma must be >= 0, got {self.sigma}")

    def draw(self, rng: random.Random) -> float:
        if self.kind == "exponential":
            return rng.expovariate(1.0 / self.mean)
        if self.sigma == 0:  # a fixed handling time, exactly `mean` (no rounding through exp/log)
            return self.mean
        mu = math.log(self.mean) - self.sigma**2 / 2  # so the distribution's mean is `mean`
        return rng.lognormvariate(mu, self.sigma)


@dataclass
class Tally:
    cases: int = 0
    met: int = 0

    @property
    def attainment(self) -> float | None:
        return self.met / self.cases if self.cases else None


@dataclass
class PolicyResult:
    """Attainment overall, per channel and per band for one policy."""

    policy: str
    agents: int
    overall: Tally = field(default_factory=Tally)
    by_channel: dict[str, Tally] = field(default_factory=dict)
    by_band: dict[str, Tally] = field(default_factory=dict)
    unanswered: int = 0
    waits: list[float] = field(default_factory=list)

    def add(self, arrival: Arrival, met: bool, wait: float | None) -> None:
        for t in (
            self.overall,
            self.by_channel.setdefault(arrival.channel, Tally()),
            self.by_band.setdefault(arrival.band, Tally()),
        ):
            t.cases += 1
            t.met += int(met)
        if wait is None:
            self.unanswered += 1
        else:
            self.waits.append(wait)


def _due(arrival: Arrival, targets: SlaTargets) -> float:
    return arrival.minute + targets.first_response(arrival.channel)


def simulate(
    arrivals: Sequence[Arrival],
    agents: int,
    policy: Policy,
    *,
    shifts: Sequence[Shift] = (Shift(480, 1080),),
    handling: Handling = Handling(),
    targets: SlaTargets | None = None,
    seed: int = 1,
    max_days: int = 7,
) -> PolicyResult:
    """Replay the arrivals with `agents` people spread evenly over `shifts`."""
    if agents < 0:
        raise ValueError("agents must be >= 0")
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}, got {policy!r}")
    if not shifts:
        raise ValueError("at least one shift is needed")
    targets = targets or SlaTargets()
    order = sorted(range(len(arrivals)), key=lambda i: (arrivals[i].minute, i))
    # Common random numbers: case i gets the same handling time under every policy and staffing.
    rng = random.Random(seed)
    work = [0.0] * len(arrivals)
    for i in order:
        work[i] = handling.draw(rng)
    due = [_due(a, targets) for a in arrivals]

    horizon = DAY * max_days
    agent_shift = [shifts[k % len(shifts)] for k in range(agents)]
    # Events: (time, kind, payload). Kinds sort arrivals (0) before agents becoming free (1)
    # and shifts starting (2), so a case arriving at that moment is already in the queue.
    events: list[tuple[float, int, int]] = []
    for i in order:
        heapq.heappush(events, (arrivals[i].minute, 0, i))
    for k, sh in enumerate(agent_shift):
        if sh.overnight:  # the night shift that began the evening before is on at midnight
            heapq.heappush(events, (0.0, 2, k))
        for day in range(max_days):
            heapq.heappush(events, (day * DAY + sh.start, 2, k))

    def on_shift(k: int, t: float) -> bool:
        return agent_shift[k].covers(t - math.floor(t / DAY) * DAY)

    pq: list[tuple[int, float, int]] = []
    fifo: deque[int] = deque()
    idle: set[int] = set()
    busy: set[int] = set()
    answered_at: dict[int, float] = {}

    def take() -> int | None:
        if policy == "priority":
            return heapq.heappop(pq)[2] if pq else None
        return fifo.popleft() if fifo else None

    def start(k: int, t: float) -> None:
        i = take()
        if i is None:
            idle.add(k)
            return
        done = t + work[i]
        answered_at[i] = done
        busy.add(k)
        heapq.heappush(events, (done, 1, k))

    while events:
        t, kind, x = heapq.heappop(events)
        if t > horizon:
            break
        if kind == 0:
            a = arrivals[x]
            if policy == "priority":
                heapq.heappush(pq, (BAND_RANK.get(a.band, len(BANDS)), due[x], x))
            else:
                fifo.append(x)
            for k in sorted(idle):
                if on_shift(k, t):
                    idle.discard(k)
                    start(k, t)
                    break
                idle.discard(k)  # off shift: comes back with its next shift-start event
        elif kind == 1:
            busy.discard(x)
            if on_shift(x, t):
                start(x, t)
        elif x not in busy:  # a shift starts; someone still finishing last night's case picks up when done
            idle.discard(x)
            start(x, t)

    result = PolicyResult(policy=policy, agents=agents)
    for i in order:
        a = arrivals[i]
        done = answered_at.get(i)
        if done is not None and done > horizon:
            done = None
        result.add(a, done is not None and done <= due[i], None if done is None else done - a.minute)
    return result


def compare(
    arrivals: Sequence[Arrival],
    agents: int,
    *,
    shifts: Sequence[Shift] = (Shift(480, 1080),),
    handling: Handling = Handling(),
    targets: SlaTargets | None = None,
    seed: int = 1,
) -> dict[str, PolicyResult]:
    """Both policies on the same day, staffing and handling draws."""
    return {
        p: simulate(arrivals, agents, p, shifts=shifts, handling=handling, targets=targets, seed=seed)
        for p in POLICIES
    }


def find_agents(
    arrivals: Sequence[Arrival],
    policy: Policy,
    target: float,
    *,
    shifts: Sequence[Shift] = (Shift(480, 1080),),
    handling: Handling = Handling(),
    targets: SlaTargets | None = None,
    seed: int = 1,
    max_agents: int = 500,
) -> tuple[int | None, PolicyResult | None]:
    """The smallest number of agents whose overall attainment reaches `target`, or (None, None).

    Linear search upward: a day simulates in milliseconds, and unlike a binary search it
    cannot be fooled by the small non-monotone wiggles that random handling times cause.
    """
    if not 0 < target <= 1:
        raise ValueError(f"target must be a share in (0, 1], got {target}")
    if not arrivals:
        return 0, simulate(arrivals, 0, policy, shifts=shifts, handling=handling, targets=targets, seed=seed)
    for n in range(1, max_agents + 1):
        res = simulate(arrivals, n, policy, shifts=shifts, handling=handling, targets=targets, seed=seed)
        att = res.overall.attainment
        if att is not None and att >= target:
            return n, res
    return None, None
