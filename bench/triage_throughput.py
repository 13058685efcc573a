"""Throughput of `calmdesk triage` over N mentions, whole process (start-up included).

Run: .venv/bin/python bench/triage_throughput.py [--n 50000] [--corpus templates|tweets]
                                                  [--complaint-model default|embed|both]
Prints a baseline process (parse and write each JSON line) and then `calmdesk triage` with the
default complaint model and, when the [ml] extra is installed, with the embedding model, all on the
same input in the same run. Goals: default >= 6,000 mentions/s, embed >= 1,500 mentions/s.

Corpora: `templates` (ten post templates with random numbers and cities; few distinct texts reach
the encoder, so its cache does most of the work) and `tweets` (the dev set's real tweets, each
mention made distinct by a random reference number, so the cache cannot help: the harder case).
For the embed model the line also says how many distinct texts the encoder saw (`--stats`).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTS = [
    "@acme my parcel still hasn't arrived after {n} days, order {o}",
    "@acme love the new flavour, great job!",
    "@acme your app keeps crashing when I log in, fix it please",
    "@acme charged twice for the same order {o}?? I want a refund",
    "@acme the staff at the {city} store were so rude today",
    "Earn ${n}00 a day from home!!! click here http://spam.example/{o}",
    "@acme my card {card} was charged without my permission",
    "@acme the charger started smoking and burnt my hand",
    "@acme what time does the {city} shop open on sunday?",
    "@acme worst f***ing service ever, 3 hours on hold",
]
CITIES = ["Leeds", "Berlin", "Lyon", "Austin", "Porto"]
#: The floor any triage process pays: start Python, parse each JSON line, write one back.
BASELINE = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        rec = json.loads(line)
        out.write(json.dumps({"id": rec["id"], "is_complaint": False, "pii": [], "factors": []}) + "\\n")
"""


TWEETS = Path("/work/shared/datasets/complaints-dev.csv")


def generate(path: Path, n: int, corpus: str = "templates", seed: int = 1) -> None:
    rnd = random.Random(seed)
    tweets: list[str] = []
    if corpus == "tweets":
        with TWEETS.open(encoding="utf-8", newline="") as fh:
            tweets = [r["text"] for r in csv.DictReader(fh)]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if tweets:
                text = f"{rnd.choice(tweets)} (ref {rnd.randint(100000, 999999)})"
            else:
                text = rnd.choice(PARTS).format(
                    n=rnd.randint(2, 30),
                    o=rnd.randint(100000, 999999),
                    city=rnd.choice(CITIES),
                    card="4111 1111 1111 1111",
                )
            rec = {
                "id": i,
                "text": text,
                "platform": "x",
                "created_at": f"2024-05-01T{(i // 3600) % 24:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z",
                "author": {
                    "handle": f"user{rnd.randint(1, 20000)}",
                    "followers": rnd.randint(0, 100000),
                    "verified": False,
                },
            }
            fh.write(json.dumps(rec) + "\n")


def run_triage(exe: Path, src: Path, out: Path, kind: str) -> tuple[float, int, str]:
    """Seconds, lines written, and the --stats line of one whole `calmdesk triage` process."""
    t0 = time.perf_counter()
    done = subprocess.run(
        [str(exe), "triage", "--input", str(src), "--output", str(out), "--complaint-model", kind, "--stats"],
        check=True,
        stderr=subprocess.PIPE,
        text=True,
    )
    elapsed = time.perf_counter() - t0
    stats = next((ln for ln in done.stderr.splitlines() if ln.startswith('{"stats"')), "")
    return elapsed, sum(1 for _ in out.open(encoding="utf-8")), stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--corpus", default="templates", choices=["templates", "tweets"])
    ap.add_argument("--complaint-model", default="both", choices=["default", "embed", "both"])
    args = ap.parse_args()
    from calmdesk.triage.complaint_embed import extra_installed, missing_modules

    exe = Path(sys.executable).parent / "calmdesk"
    kinds = ["default", "embed"] if args.complaint_model == "both" else [args.complaint_model]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        out = Path(tmp) / "out.jsonl"
        generate(src, args.n, args.corpus)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", BASELINE, str(src), str(out)], check=True)
        floor = time.perf_counter() - t0
        print(f"{args.n} mentions, corpus {args.corpus}")
        print(f"baseline (a Python process that only parses each line and writes a JSON line back): "
              f"{args.n / floor:,.0f} mentions/s")
        for kind in kinds:
            if kind == "embed" and not extra_installed():
                print(f"embed model: skipped ([ml] extra not installed: {', '.join(missing_modules())})")
                continue
            elapsed, lines, stats = run_triage(exe, src, out, kind)
            print(
                f"{kind} complaint model: {lines} mentions in {elapsed:.2f}s (whole process) = "
                f"{lines / elapsed:,.0f} mentions/s, {elapsed / floor:.1f}x the baseline {stats}"
            )


if __name__ == "__main__":
    main()
