"""Replay a day of complaints through the incident detector, as the scheduler runs it (issue 16, item 4).

    .venv/bin/python bench/incidents.py                 # tuning day (seed 11) and blind day (seed 2027)
    .venv/bin/python bench/incidents.py --seeds 5 6     # other days

Each day: 5,000 ordinary complaints (`bench/incident_day.py`: every topic, many phrasings, typos,
five languages, a daily curve) and a burst of 200 posts about one outage starting at 13:07.
The detector (`calmdesk.domain.incidents.detect`) runs every simulated minute over the
brand's last 30 min + 6 h, with an hour-of-week profile built from four earlier days of the
same curve (what the job reads from the store), exactly as `actions.incidents` calls it: an
incident opens on a surge, later matching posts join it. Printed per day:

- detection delay from the burst's first post to the incident opening (target <= 10 min);
- the number of incidents opened on the burst day (target exactly 1);
- precision and recall of that incident's case list against the burst's posts (target >= 0.9);
- the number of incidents on the same day without the burst (target 0).

Same-process baseline: a volume-only detector (the window's complaints of one topic against
that topic's hour-of-week baseline, Poisson 1e-4, case list = the topic's window posts), which
is what "compare volume with the baseline" gives without text similarity.

The seed 11 day is the one the settings were tuned on; seed 2027 is the blind day, generated
only after the settings were fixed. Both are printed; report the blind one.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calmdesk.domain.incidents import (  # noqa: E402
    DetectorSettings,
    HourOfWeekProfile,
    OpenIncident,
    Post,
    detect,
    poisson_threshold,
    vectorize,
)
from calmdesk.triage.topic import TopicClassifier  # noqa: E402
from incident_day import GenPost, generate_day, ordinary_times  # noqa: E402

DAY = datetime(2026, 11, 18, tzinfo=UTC)  # a Wednesday
BURST_AT = DAY + timedelta(hours=13, minutes=7)
TOPICS = TopicClassifier()


@dataclass
class Incident:
    id: int
    opened_at: datetime
    members: list[int] = field(default_factory=list)
    terms: tuple[str, ...] = ()
    founders: int = 0
    started_at: datetime | None = None


@dataclass
class Replay:
    incidents: list[Incident]
    checks: int
    seconds: float


def profile_for(seed: int) -> HourOfWeekProfile:
    """Four earlier Wednesdays of the same curve: the baseline the job would read from the store."""
    import random

    times: list[datetime] = []
    for k in range(1, 5):
        times += ordinary_times(random.Random(seed * 100 + k), DAY - timedelta(days=7 * k), 5000)
    return HourOfWeekProfile.from_times(times, weeks=4)


def replay(posts: list[GenPost], profile: HourOfWeekProfile, cfg: DetectorSettings) -> Replay:
    """Run the detector every simulated minute of DAY, as the scheduler would."""
    items = [Post(p.id, p.at, p.text, TOPICS.topic(p.text)) for p in posts]
    vectors = vectorize([p.text for p in items])
    texts = {p.id: p.text for p in items}
    row = {p.id: n for n, p in enumerate(items)}
    times = [p.at for p in items]
    incidents: list[Incident] = []
    start = time.perf_counter()
    checks = 0
    lo = 0
    hi = 0
    span = cfg.window + cfg.reference
    for minute in range(1, 24 * 60 + 1):
        now = DAY + timedelta(minutes=minute)
        while lo < len(times) and times[lo] <= now - span:
            lo += 1
        while hi < len(times) and times[hi] <= now:
            hi += 1
        open_ = [
            OpenIncident(
                i.id,
                tuple(texts[m] for m in i.members[:50] + i.members[50:][-150:]),
                i.terms,
                frozenset(i.members),
                i.started_at,
                vectors[[row[m] for m in i.members[:50] + i.members[50:][-150:]]],
            )
            for i in incidents
        ]
        verdict = detect(items[lo:hi], now, profile, open_, cfg, vectors=vectors[lo:hi])
        checks += 1
        for inc in incidents:
            inc.members += list(verdict.joins.get(inc.id, ()))
        for s in verdict.surges:
            incidents.append(
                Incident(len(incidents) + 1, now, list(s.post_ids), s.terms, len(s.post_ids), s.started_at)
            )
    return Replay(incidents, checks, time.perf_counter() - start)


def replay_volume_only(
    posts: list[GenPost], profile_by_topic: dict[str, HourOfWeekProfile], cfg: DetectorSettings
) -> list[Incident]:
    """The baseline: per-topic window volume against its hour-of-week profile, no text similarity."""
    items = [(p.id, p.at, TOPICS.topic(p.text)) for p in posts]
    incidents: dict[str, Incident] = {}
    opened: list[Incident] = []
    for minute in range(1, 24 * 60 + 1):
        now = DAY + timedelta(minutes=minute)
        window = [(i, t) for i, at, t in items if now - cfg.window < at <= now]
        counts = Counter(t for _, t in window)
        for topic, n in counts.items():
            expected = profile_by_topic[topic].volume(now - cfg.window, now) or cfg.min_expected
            if topic in incidents:
                inc = incidents[topic]
                inc.members += [i for i, t in window if t == topic and i not in set(inc.members)]
            elif n >= max(cfg.min_count, poisson_threshold(max(expected, cfg.min_expected), cfg.alpha)):
                inc = Incident(len(opened) + 1, now, [i for i, t in window if t == topic])
                incidents[topic] = inc
                opened.append(inc)
    return opened


def topic_profiles(seed: int) -> dict[str, HourOfWeekProfile]:
    import random

    by_topic: dict[str, list[datetime]] = {}
    for k in range(1, 5):
        for p in generate_day(seed * 100 + k, DAY - timedelta(days=7 * k), burst=0):
            by_topic.setdefault(TOPICS.topic(p.text), []).append(p.at)
    _ = random
    return {t: HourOfWeekProfile.from_times(v, weeks=4) for t, v in by_topic.items()} | {
        t: HourOfWeekProfile({})
        for t in (
            "technical",
            "delivery",
            "billing",
            "product_quality",
            "staff_service",
            "account_access",
            "other",
        )
        if t not in by_topic
    }


def score(incidents: list[Incident], truth: set[int]) -> tuple[str, str, str]:
    """Delay, precision and recall of the incident that holds most burst posts."""
    if not incidents:
        return "not detected", "-", "-"
    best = max(incidents, key=lambda i: len(truth & set(i.members)))
    hits = len(truth & set(best.members))
    if hits == 0:
        return "not detected", "-", "-"
    delay = (best.opened_at - BURST_AT).total_seconds() / 60
    precision = hits / len(set(best.members))
    recall = hits / len(truth)
    return f"{delay:.0f} min", f"{precision:.3f}", f"{recall:.3f}"


def day_posts(seed: int, burst: int) -> list[GenPost]:
    """The day before (for the reference period at midnight) and the day itself."""
    before = generate_day(seed + 50_000, DAY - timedelta(days=1), burst=0, first_id=1)
    today = generate_day(seed, DAY, burst=burst, burst_start=BURST_AT, first_id=len(before) + 1)
    return before + today


def run_day(seed: int, label: str, cfg: DetectorSettings) -> None:
    profile = profile_for(seed)
    with_burst = day_posts(seed, 200)
    truth = {p.id for p in with_burst if p.outage}
    quiet = day_posts(seed, 0)
    r = replay(with_burst, profile, cfg)
    q = replay(quiet, profile, cfg)
    on_day = [i for i in r.incidents if i.opened_at >= DAY]
    delay, precision, recall = score(on_day, truth)
    print(
        f"\n{label} day (seed {seed}): {sum(1 for p in with_burst if p.at >= DAY)} posts incl. 200 outage posts "
        f"from {BURST_AT:%H:%M}"
    )
    print(
        f"  similarity+baseline: delay {delay}, incidents {len(on_day)}, precision {precision}, recall {recall}; "
        f"without the burst: {len(q.incidents)} incidents  [{r.checks} checks, "
        f"{1000 * r.seconds / r.checks:.1f} ms/check]"
    )
    base = replay_volume_only(with_burst, topic_profiles(seed), cfg)
    base_quiet = replay_volume_only(quiet, topic_profiles(seed), cfg)
    bd, bp, brc = score([i for i in base if i.opened_at >= DAY], truth)
    print(
        f"  baseline (volume per topic only): delay {bd}, incidents {len(base)}, precision {bp}, recall {brc}; "
        f"without the burst: {len(base_quiet)} incidents"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, nargs=2, default=(11, 2027), metavar=("TUNE", "BLIND"))
    args = ap.parse_args()
    cfg = DetectorSettings()
    print(
        f"settings: window {cfg.window}, reference {cfg.reference}, member score {cfg.member_score}, "
        f"twin cosine {cfg.twin_similarity}, word lift {cfg.word_lift}, min count {cfg.min_count}, "
        f"alpha {cfg.alpha}"
    )
    run_day(args.seeds[0], "tuning", cfg)
    run_day(args.seeds[1], "BLIND", cfg)


if __name__ == "__main__":
    main()
