"""What the load benches share: realistic post texts, and the moment a post shows in the inbox.

`mentions.received_at` is written when the row is inserted, before triage and before the
worker's transaction commits, so a latency read from it leaves out the part of the batch's
work that comes after the insert and the commit itself. `InboxWatcher` instead asks the
database every `interval` seconds which mentions it can see, from another connection: a
mention is visible only once its transaction committed, and ingest, triage and routing commit
together, so the first time a post is seen is the first time an agent's inbox could show it.
The figure is late by at most `interval` (the poll's resolution).

Texts: a bench fed one fixed sentence measures the triage cache, not triage (every post after
the first is a dictionary look-up). `real_texts` returns the dev set's real tweets, each made
distinct by a reference number, as `bench/triage_throughput.py --corpus tweets` does.
"""

from __future__ import annotations

import csv
import random
import threading
import time
from pathlib import Path

import psycopg

TWEETS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "complaints-dev.csv"


def real_texts(n: int, seed: int = 1) -> list[str]:
    """`n` distinct post texts from the dev set's real tweets (a random reference number each)."""
    with TWEETS.open(encoding="utf-8", newline="") as fh:
        tweets = [r["text"] for r in csv.DictReader(fh)]
    rnd = random.Random(seed)
    return [f"{rnd.choice(tweets)} (ref {rnd.randint(100000, 999999)}-{i})" for i in range(n)]


class InboxWatcher(threading.Thread):
    """Records, per external id, the wall-clock time its mention first became visible (committed).

    Polls `mentions` by id above a watermark; ids are taken before commit, so a transaction can
    commit after one with larger ids: the watermark trails the largest id seen by `margin` ids
    (two workers' batches in flight: 50 receipts of 50 posts each), and a row still missed is timed at the end
    by `finish` and counted in `late`.
    """

    def __init__(self, url: str, interval: float = 0.2, margin: int = 12_000) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.interval = interval
        self.margin = margin
        self.seen: dict[str, float] = {}
        self.late = 0
        self._stop_flag = threading.Event()

    def run(self) -> None:
        top = 0
        with psycopg.connect(self.url, autocommit=True) as c:
            while not self._stop_flag.is_set():
                rows = c.execute(
                    "SELECT id, external_id FROM mentions WHERE id > %s AND triage IS NOT NULL",
                    (max(0, top - self.margin),),
                ).fetchall()
                now = time.time()
                for mid, ext in rows:
                    self.seen.setdefault(ext, now)
                    top = max(top, mid)
                self._stop_flag.wait(self.interval)

    def finish(self) -> dict[str, float]:
        """Stop polling; rows the poll never saw (should be none) get the time of this call."""
        self._stop_flag.set()
        self.join()
        now = time.time()
        with psycopg.connect(self.url) as c:
            for (ext,) in c.execute("SELECT external_id FROM mentions WHERE triage IS NOT NULL"):
                if ext not in self.seen:
                    self.seen[ext] = now
                    self.late += 1
        return self.seen
