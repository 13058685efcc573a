"""Throughput of `calmdesk triage` over N generated mentions, whole process (start-up included).

Run: .venv/bin/python bench/triage_throughput.py [--n 50000] [--complaint-model default|embed|auto]
The goal (5,000 mentions/s) is for the default complaint model, so that is what runs unless
told otherwise; the [ml] extra's embedding model is far slower (try `--complaint-model embed --n 2000`).
"""

from __future__ import annotations

import argparse
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


def generate(path: Path, n: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--complaint-model", default="default", choices=["default", "embed", "auto"])
    args = ap.parse_args()
    exe = Path(sys.executable).parent / "calmdesk"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        out = Path(tmp) / "out.jsonl"
        generate(src, args.n)
        t0 = time.perf_counter()
        subprocess.run(
            [
                str(exe),
                "triage",
                "--input",
                str(src),
                "--output",
                str(out),
                "--complaint-model",
                args.complaint_model,
            ],
            check=True,
        )
        elapsed = time.perf_counter() - t0
        lines = sum(1 for _ in out.open(encoding="utf-8"))
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", BASELINE, str(src), str(out)], check=True)
        floor = time.perf_counter() - t0
    print(
        f"{lines} mentions in {elapsed:.2f}s (whole process, {args.complaint_model} complaint model)"
        f" = {lines / elapsed:,.0f} mentions/s"
    )
    print(
        f"baseline (a Python process that only parses each line and writes a JSON line back): "
        f"{args.n / floor:,.0f} mentions/s; triage costs {elapsed / floor:.1f}x the baseline"
    )


if __name__ == "__main__":
    main()
